/*
 * decode: JSON (jansson) to the typed structs of recert/types.h, their
 * free functions, and the one request body (ReviewReassign).
 *
 * Each schema is a table (dto_t) of its fields: JSON key, kind, member
 * offset. One loop decodes any schema and one frees it, so a new DTO is a
 * new table. Tolerant where the API may grow (unknown fields are skipped;
 * absent and null read as NULL/false/0; enum values stay strings) and
 * strict where a value cannot be used (a number where a string belongs is
 * an error naming its JSON path). Task errors are strings in the beta
 * schema but objects with "text" in v3; both are accepted (F_TEXTS).
 * Decoding fills the destination in place and, on failure, clears what it
 * filled.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dctx {
    char *err;
    size_t err_size;
    recert_code rc;    /* first failure */
} dctx_t;

static bool fail(dctx_t *d, const char *path, const char *key, const char *what)
{
    if (d->rc == RECERT_OK) {
        d->rc = RECERT_EPROTOCOL;
        if (d->err_size)
            snprintf(d->err, d->err_size, "%s%s%s%s%s", path, *path && *key ? "." : "", key,
                     *path || *key ? ": " : "", what);
    }
    return false;
}

static bool oom(dctx_t *d)
{
    if (d->rc == RECERT_OK) {
        d->rc = RECERT_ENOMEM;
        if (d->err_size)
            snprintf(d->err, d->err_size, "out of memory");
    }
    return false;
}

static const char *kind(const json_t *v)
{
    if (!v)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: break;
    }
    return "null";
}

static bool type_error(dctx_t *d, const char *path, const char *key, const char *want,
                       const json_t *v)
{
    char what[64];
    snprintf(what, sizeof what, "expected %s, got %s", want, kind(v));
    return fail(d, path, key, what);
}

static bool str_value(dctx_t *d, json_t *v, const char *path, const char *key, char **out)
{
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return type_error(d, path, key, "a string", v);
    *out = recert__strndup(json_string_value(v), json_string_length(v));
    return *out ? true : oom(d);
}

static bool get_str(dctx_t *d, json_t *o, const char *path, const char *key, char **out)
{
    return str_value(d, json_object_get(o, key), path, key, out);
}

static bool get_bool(dctx_t *d, json_t *o, const char *path, const char *key, bool *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_boolean(v))
        return type_error(d, path, key, "a boolean", v);
    *out = json_is_true(v);
    return true;
}

static bool get_int32(dctx_t *d, json_t *o, const char *path, const char *key, int32_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_integer(v))
        return type_error(d, path, key, "an integer", v);
    json_int_t n = json_integer_value(v);
    if (n < INT32_MIN || n > INT32_MAX)
        return fail(d, path, key, "integer out of range");
    *out = (int32_t)n;
    return true;
}

/* The object at key, NULL if absent or null (not an error). */
static json_t *get_obj(dctx_t *d, json_t *o, const char *path, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_object(v)) {
        type_error(d, path, key, "an object", v);
        return NULL;
    }
    return v;
}

/* Array of strings; null elements are skipped; with allow_text, an object
 * element contributes its "text" (ErrorMessageDto). */
static bool get_str_array(dctx_t *d, json_t *o, const char *path, const char *key, bool allow_text,
                          char ***out, size_t *count)
{
    json_t *a = json_object_get(o, key);
    if (!a || json_is_null(a))
        return true;
    if (!json_is_array(a))
        return type_error(d, path, key, "an array", a);
    size_t n = json_array_size(a);
    if (!n)
        return true;
    if (!(*out = calloc(n, sizeof **out)))
        return oom(d);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        char elem[64];
        snprintf(elem, sizeof elem, "%s[%zu]", key, i);
        if (allow_text && json_is_object(v))
            v = json_object_get(v, "text");
        if (!v || json_is_null(v))
            continue;
        if (!str_value(d, v, path, elem, &(*out)[*count]))
            return false;
        (*count)++;
    }
    return true;
}

/* dst = path.key, truncated to n bytes (paths only label error messages). */
static void sub(char *dst, size_t n, const char *path, const char *key)
{
    size_t k = 0;
    for (const char *s = path; *s && k + 1 < n; s++)
        dst[k++] = *s;
    if (*path && k + 1 < n)
        dst[k++] = '.';
    for (const char *s = key; *s && k + 1 < n; s++)
        dst[k++] = *s;
    dst[k] = '\0';
}

/* ---- schemas ---------------------------------------------------------- */

/* Rows: { JSON key, kind, offsetof member, offsetof count, nested schema }. */

static const field_t reviewer_fields[] = {
    { "id", F_STRING, offsetof(recert_reviewer, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_reviewer, name), 0, NULL },
    { "email", F_STRING, offsetof(recert_reviewer, email), 0, NULL },
    { "type", F_STRING, offsetof(recert_reviewer, type), 0, NULL },
    { "created", F_STRING, offsetof(recert_reviewer, created), 0, NULL },
    { "modified", F_STRING, offsetof(recert_reviewer, modified), 0, NULL },
};
static const dto_t dto_reviewer = { "Reviewer", sizeof(recert_reviewer), reviewer_fields,
                                    sizeof reviewer_fields / sizeof reviewer_fields[0] };

static const field_t campaign_reference_fields[] = {
    { "id", F_STRING, offsetof(recert_campaign_reference, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_campaign_reference, name), 0, NULL },
    { "type", F_STRING, offsetof(recert_campaign_reference, type), 0, NULL },
    { "campaignType", F_STRING, offsetof(recert_campaign_reference, campaign_type), 0, NULL },
    { "description", F_STRING, offsetof(recert_campaign_reference, description), 0, NULL },
    { "correlatedStatus", F_STRING, offsetof(recert_campaign_reference, correlated_status), 0,
      NULL },
    { "mandatoryCommentRequirement", F_STRING,
      offsetof(recert_campaign_reference, mandatory_comment_requirement), 0, NULL },
};
static const dto_t dto_campaign_reference = {
    "CampaignReference", sizeof(recert_campaign_reference), campaign_reference_fields,
    sizeof campaign_reference_fields / sizeof campaign_reference_fields[0]
};

static const field_t certification_reference_fields[] = {
    { "id", F_STRING, offsetof(recert_certification_reference, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_certification_reference, name), 0, NULL },
    { "type", F_STRING, offsetof(recert_certification_reference, type), 0, NULL },
    { "reviewer", F_OBJECT, offsetof(recert_certification_reference, reviewer), 0, &dto_reviewer },
};
static const dto_t dto_certification_reference = {
    "CertificationReference", sizeof(recert_certification_reference),
    certification_reference_fields,
    sizeof certification_reference_fields / sizeof certification_reference_fields[0]
};

static const field_t reassignment_fields[] = {
    { "comment", F_STRING, offsetof(recert_reassignment, comment), 0, NULL },
    { "from", F_OBJECT, offsetof(recert_reassignment, from), 0, &dto_certification_reference },
};
static const dto_t dto_reassignment = { "Reassignment", sizeof(recert_reassignment),
                                        reassignment_fields,
                                        sizeof reassignment_fields / sizeof reassignment_fields[0] };

static const field_t certification_fields[] = {
    { "id", F_STRING, offsetof(recert_certification, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_certification, name), 0, NULL },
    { "campaignRef", F_OBJECT, offsetof(recert_certification, campaign_ref), 0,
      &dto_campaign_reference },
    { "phase", F_STRING, offsetof(recert_certification, phase), 0, NULL },
    { "due", F_STRING, offsetof(recert_certification, due), 0, NULL },
    { "signed", F_STRING, offsetof(recert_certification, signed_at), 0, NULL },
    { "reviewer", F_OBJECT, offsetof(recert_certification, reviewer), 0, &dto_reviewer },
    { "reassignment", F_OBJECT, offsetof(recert_certification, reassignment), 0,
      &dto_reassignment },
    { "hasErrors", F_BOOL, offsetof(recert_certification, has_errors), 0, NULL },
    { "errorMessage", F_STRING, offsetof(recert_certification, error_message), 0, NULL },
    { "completed", F_BOOL, offsetof(recert_certification, completed), 0, NULL },
    { "decisionsMade", F_INT32, offsetof(recert_certification, decisions_made), 0, NULL },
    { "decisionsTotal", F_INT32, offsetof(recert_certification, decisions_total), 0, NULL },
    { "entitiesCompleted", F_INT32, offsetof(recert_certification, entities_completed), 0, NULL },
    { "entitiesTotal", F_INT32, offsetof(recert_certification, entities_total), 0, NULL },
    { NULL, F_SELF, offsetof(recert_certification, json), 0, NULL },
};
const dto_t recert__dto_certification = {
    "CertificationDto", sizeof(recert_certification), certification_fields,
    sizeof certification_fields / sizeof certification_fields[0]
};

static const field_t identity_reference_fields[] = {
    { "type", F_STRING, offsetof(recert_identity_reference, type), 0, NULL },
    { "id", F_STRING, offsetof(recert_identity_reference, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_identity_reference, name), 0, NULL },
    { "email", F_STRING, offsetof(recert_identity_reference, email), 0, NULL },
    { NULL, F_SELF, offsetof(recert_identity_reference, json), 0, NULL },
};
const dto_t recert__dto_identity_reference = {
    "IdentityReferenceWithNameAndEmail", sizeof(recert_identity_reference),
    identity_reference_fields, sizeof identity_reference_fields / sizeof identity_reference_fields[0]
};

static const field_t permission_fields[] = {
    { "rights", F_STRINGS, offsetof(recert_permission, rights),
      offsetof(recert_permission, rights_count), NULL },
    { "target", F_STRING, offsetof(recert_permission, target), 0, NULL },
    { NULL, F_SELF, offsetof(recert_permission, json), 0, NULL },
};
const dto_t recert__dto_permission = { "PermissionDto", sizeof(recert_permission),
                                       permission_fields,
                                       sizeof permission_fields / sizeof permission_fields[0] };

static const field_t task_fields[] = {
    { "id", F_STRING, offsetof(recert_task, id), 0, NULL },
    { "certificationId", F_STRING, offsetof(recert_task, certification_id), 0, NULL },
    { "type", F_STRING, offsetof(recert_task, type), 0, NULL },
    { "status", F_STRING, offsetof(recert_task, status), 0, NULL },
    { "errors", F_TEXTS, offsetof(recert_task, errors), offsetof(recert_task, error_count), NULL },
    { NULL, F_SELF, offsetof(recert_task, json), 0, NULL },
};
const dto_t recert__dto_task = { "IdentityCertificationTask", sizeof(recert_task), task_fields,
                                 sizeof task_fields / sizeof task_fields[0] };

static const field_t error_message_fields[] = {
    { "locale", F_STRING, offsetof(recert_error_message, locale), 0, NULL },
    { "localeOrigin", F_STRING, offsetof(recert_error_message, locale_origin), 0, NULL },
    { "text", F_STRING, offsetof(recert_error_message, text), 0, NULL },
};
const dto_t recert__dto_error_message = { "ErrorMessageDto", sizeof(recert_error_message),
                                         error_message_fields,
                                         sizeof error_message_fields / sizeof error_message_fields[0] };

static const field_t error_response_fields[] = {
    { "detailCode", F_STRING, offsetof(recert_error_response, detail_code), 0, NULL },
    { "trackingId", F_STRING, offsetof(recert_error_response, tracking_id), 0, NULL },
    { "messages", F_OBJECTS, offsetof(recert_error_response, messages),
      offsetof(recert_error_response, message_count), &recert__dto_error_message },
    { "causes", F_OBJECTS, offsetof(recert_error_response, causes),
      offsetof(recert_error_response, cause_count), &recert__dto_error_message },
};
const dto_t recert__dto_error_response = {
    "ErrorResponseDto", sizeof(recert_error_response), error_response_fields,
    sizeof error_response_fields / sizeof error_response_fields[0]
};

/* ---- v3 schemas ----------------------------------------------------------- */

#define DTO(var, name, type, fields) \
    const dto_t var = { name, sizeof(type), fields, sizeof(fields) / sizeof((fields)[0]) }
#define STATIC_DTO(var, name, type, fields) \
    static const dto_t var = { name, sizeof(type), fields, sizeof(fields) / sizeof((fields)[0]) }

typedef recert_identity_certification icert_t;
static const field_t identity_certification_fields[] = {
    { "id", F_STRING, offsetof(icert_t, id), 0, NULL },
    { "name", F_STRING, offsetof(icert_t, name), 0, NULL },
    { "campaign", F_OBJECT, offsetof(icert_t, campaign), 0, &dto_campaign_reference },
    { "completed", F_BOOL, offsetof(icert_t, completed), 0, NULL },
    { "identitiesCompleted", F_INT32, offsetof(icert_t, identities_completed), 0, NULL },
    { "identitiesTotal", F_INT32, offsetof(icert_t, identities_total), 0, NULL },
    { "created", F_STRING, offsetof(icert_t, created), 0, NULL },
    { "modified", F_STRING, offsetof(icert_t, modified), 0, NULL },
    { "decisionsMade", F_INT32, offsetof(icert_t, decisions_made), 0, NULL },
    { "decisionsTotal", F_INT32, offsetof(icert_t, decisions_total), 0, NULL },
    { "due", F_STRING, offsetof(icert_t, due), 0, NULL },
    { "signed", F_STRING, offsetof(icert_t, signed_at), 0, NULL },
    { "reviewer", F_OBJECT, offsetof(icert_t, reviewer), 0, &dto_reviewer },
    { "reassignment", F_OBJECT, offsetof(icert_t, reassignment), 0, &dto_reassignment },
    { "hasErrors", F_BOOL, offsetof(icert_t, has_errors), 0, NULL },
    { "errorMessage", F_STRING, offsetof(icert_t, error_message), 0, NULL },
    { "phase", F_STRING, offsetof(icert_t, phase), 0, NULL },
    { NULL, F_SELF, offsetof(icert_t, json), 0, NULL },
};
DTO(recert__dto_identity_certification, "IdentityCertificationDto", icert_t,
    identity_certification_fields);

/* A nested identity reference keeps no json of its own. */
static const field_t owner_fields[] = {
    { "type", F_STRING, offsetof(recert_identity_reference, type), 0, NULL },
    { "id", F_STRING, offsetof(recert_identity_reference, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_identity_reference, name), 0, NULL },
    { "email", F_STRING, offsetof(recert_identity_reference, email), 0, NULL },
};
STATIC_DTO(dto_owner, "IdentityReferenceWithNameAndEmail", recert_identity_reference,
           owner_fields);

static const field_t activity_insights_fields[] = {
    { "accountID", F_STRING, offsetof(recert_activity_insights, account_id), 0, NULL },
    { "usageDays", F_INT32, offsetof(recert_activity_insights, usage_days), 0, NULL },
    { "usageDaysState", F_STRING, offsetof(recert_activity_insights, usage_days_state), 0, NULL },
};
STATIC_DTO(dto_activity_insights, "ActivityInsights", recert_activity_insights,
           activity_insights_fields);

static const field_t account_owner_fields[] = {
    { "id", F_STRING, offsetof(recert_account_owner, id), 0, NULL },
    { "type", F_STRING, offsetof(recert_account_owner, type), 0, NULL },
    { "displayName", F_STRING, offsetof(recert_account_owner, display_name), 0, NULL },
};
STATIC_DTO(dto_account_owner, "ReviewableEntitlement.account.owner", recert_account_owner,
           account_owner_fields);

typedef recert_reviewable_account account_t;
static const field_t account_fields[] = {
    { "nativeIdentity", F_STRING, offsetof(account_t, native_identity), 0, NULL },
    { "disabled", F_BOOL, offsetof(account_t, disabled), 0, NULL },
    { "locked", F_BOOL, offsetof(account_t, locked), 0, NULL },
    { "type", F_STRING, offsetof(account_t, type), 0, NULL },
    { "id", F_STRING, offsetof(account_t, id), 0, NULL },
    { "name", F_STRING, offsetof(account_t, name), 0, NULL },
    { "created", F_STRING, offsetof(account_t, created), 0, NULL },
    { "modified", F_STRING, offsetof(account_t, modified), 0, NULL },
    { "activityInsights", F_OBJECT, offsetof(account_t, activity_insights), 0,
      &dto_activity_insights },
    { "description", F_STRING, offsetof(account_t, description), 0, NULL },
    { "governanceGroupId", F_STRING, offsetof(account_t, governance_group_id), 0, NULL },
    { "owner", F_OBJECT, offsetof(account_t, owner), 0, &dto_account_owner },
};
STATIC_DTO(dto_account, "ReviewableEntitlement.account", account_t, account_fields);

static const field_t data_access_value_fields[] = {
    { "value", F_STRING, offsetof(recert_data_access_value, value), 0, NULL },
    { "matchCount", F_INT32, offsetof(recert_data_access_value, match_count), 0, NULL },
};
STATIC_DTO(dto_data_access_value, "DataAccess value", recert_data_access_value,
           data_access_value_fields);

static const field_t data_access_fields[] = {
    { "policies", F_OBJECTS, offsetof(recert_data_access, policies),
      offsetof(recert_data_access, policy_count), &dto_data_access_value },
    { "categories", F_OBJECTS, offsetof(recert_data_access, categories),
      offsetof(recert_data_access, category_count), &dto_data_access_value },
    { "impactScore", F_OBJECT, offsetof(recert_data_access, impact_score), 0,
      &dto_data_access_value },
};
STATIC_DTO(dto_data_access, "DataAccess", recert_data_access, data_access_fields);

typedef recert_reviewable_entitlement ent_t;
static const field_t entitlement_fields[] = {
    { "id", F_STRING, offsetof(ent_t, id), 0, NULL },
    { "name", F_STRING, offsetof(ent_t, name), 0, NULL },
    { "description", F_STRING, offsetof(ent_t, description), 0, NULL },
    { "privileged", F_BOOL, offsetof(ent_t, privileged), 0, NULL },
    { "owner", F_OBJECT, offsetof(ent_t, owner), 0, &dto_owner },
    { "attributeName", F_STRING, offsetof(ent_t, attribute_name), 0, NULL },
    { "attributeValue", F_STRING, offsetof(ent_t, attribute_value), 0, NULL },
    { "sourceSchemaObjectType", F_STRING, offsetof(ent_t, source_schema_object_type), 0, NULL },
    { "sourceName", F_STRING, offsetof(ent_t, source_name), 0, NULL },
    { "sourceType", F_STRING, offsetof(ent_t, source_type), 0, NULL },
    { "sourceId", F_STRING, offsetof(ent_t, source_id), 0, NULL },
    { "hasPermissions", F_BOOL, offsetof(ent_t, has_permissions), 0, NULL },
    { "isPermission", F_BOOL, offsetof(ent_t, is_permission), 0, NULL },
    { "revocable", F_BOOL, offsetof(ent_t, revocable), 0, NULL },
    { "cloudGoverned", F_BOOL, offsetof(ent_t, cloud_governed), 0, NULL },
    { "containsDataAccess", F_BOOL, offsetof(ent_t, contains_data_access), 0, NULL },
    { "dataAccess", F_OBJECT, offsetof(ent_t, data_access), 0, &dto_data_access },
    { "account", F_OBJECT, offsetof(ent_t, account), 0, &dto_account },
};
STATIC_DTO(dto_entitlement, "ReviewableEntitlement", ent_t, entitlement_fields);

typedef recert_reviewable_access_profile ap_t;
static const field_t access_profile_fields[] = {
    { "id", F_STRING, offsetof(ap_t, id), 0, NULL },
    { "name", F_STRING, offsetof(ap_t, name), 0, NULL },
    { "description", F_STRING, offsetof(ap_t, description), 0, NULL },
    { "privileged", F_BOOL, offsetof(ap_t, privileged), 0, NULL },
    { "cloudGoverned", F_BOOL, offsetof(ap_t, cloud_governed), 0, NULL },
    { "endDate", F_STRING, offsetof(ap_t, end_date), 0, NULL },
    { "owner", F_OBJECT, offsetof(ap_t, owner), 0, &dto_owner },
    { "entitlements", F_OBJECTS, offsetof(ap_t, entitlements), offsetof(ap_t, entitlement_count),
      &dto_entitlement },
    { "created", F_STRING, offsetof(ap_t, created), 0, NULL },
    { "modified", F_STRING, offsetof(ap_t, modified), 0, NULL },
};
STATIC_DTO(dto_access_profile, "ReviewableAccessProfile", ap_t, access_profile_fields);

typedef recert_reviewable_role role_t;
static const field_t role_fields[] = {
    { "id", F_STRING, offsetof(role_t, id), 0, NULL },
    { "name", F_STRING, offsetof(role_t, name), 0, NULL },
    { "description", F_STRING, offsetof(role_t, description), 0, NULL },
    { "privileged", F_BOOL, offsetof(role_t, privileged), 0, NULL },
    { "owner", F_OBJECT, offsetof(role_t, owner), 0, &dto_owner },
    { "revocable", F_BOOL, offsetof(role_t, revocable), 0, NULL },
    { "endDate", F_STRING, offsetof(role_t, end_date), 0, NULL },
    { "accessProfiles", F_OBJECTS, offsetof(role_t, access_profiles),
      offsetof(role_t, access_profile_count), &dto_access_profile },
    { "entitlements", F_OBJECTS, offsetof(role_t, entitlements),
      offsetof(role_t, entitlement_count), &dto_entitlement },
};
STATIC_DTO(dto_role, "ReviewableRole", role_t, role_fields);

static const field_t access_reference_fields[] = {
    { "type", F_STRING, offsetof(recert_access_reference, type), 0, NULL },
    { "id", F_STRING, offsetof(recert_access_reference, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_access_reference, name), 0, NULL },
};
STATIC_DTO(dto_access_reference, "AccessSummary.access", recert_access_reference,
           access_reference_fields);

static const field_t access_summary_fields[] = {
    { "access", F_OBJECT, offsetof(recert_access_summary, access), 0, &dto_access_reference },
    { "entitlement", F_OBJECT, offsetof(recert_access_summary, entitlement), 0, &dto_entitlement },
    { "accessProfile", F_OBJECT, offsetof(recert_access_summary, access_profile), 0,
      &dto_access_profile },
    { "role", F_OBJECT, offsetof(recert_access_summary, role), 0, &dto_role },
    { NULL, F_SELF, offsetof(recert_access_summary, json), 0, NULL },
};
DTO(recert__dto_access_summary, "AccessSummary", recert_access_summary, access_summary_fields);

static const field_t identity_summary_fields[] = {
    { "id", F_STRING, offsetof(recert_identity_summary, id), 0, NULL },
    { "name", F_STRING, offsetof(recert_identity_summary, name), 0, NULL },
    { "identityId", F_STRING, offsetof(recert_identity_summary, identity_id), 0, NULL },
    { "completed", F_BOOL, offsetof(recert_identity_summary, completed), 0, NULL },
    { NULL, F_SELF, offsetof(recert_identity_summary, json), 0, NULL },
};
DTO(recert__dto_identity_summary, "CertificationIdentitySummary", recert_identity_summary,
    identity_summary_fields);

typedef recert_access_review_item item_t;
static const field_t access_review_item_fields[] = {
    { "accessSummary", F_OBJECT, offsetof(item_t, access_summary), 0,
      &recert__dto_access_summary },
    { "identitySummary", F_OBJECT, offsetof(item_t, identity_summary), 0,
      &recert__dto_identity_summary },
    { "id", F_STRING, offsetof(item_t, id), 0, NULL },
    { "completed", F_BOOL, offsetof(item_t, completed), 0, NULL },
    { "newAccess", F_BOOL, offsetof(item_t, new_access), 0, NULL },
    { "decision", F_STRING, offsetof(item_t, decision), 0, NULL },
    { "comments", F_STRING, offsetof(item_t, comments), 0, NULL },
    { NULL, F_SELF, offsetof(item_t, json), 0, NULL },
};
DTO(recert__dto_access_review_item, "AccessReviewItem", item_t, access_review_item_fields);

typedef recert_decision_summary ds_t;
static const field_t decision_summary_fields[] = {
    { "entitlementDecisionsMade", F_INT32, offsetof(ds_t, entitlement_decisions_made), 0, NULL },
    { "accessProfileDecisionsMade", F_INT32, offsetof(ds_t, access_profile_decisions_made), 0,
      NULL },
    { "roleDecisionsMade", F_INT32, offsetof(ds_t, role_decisions_made), 0, NULL },
    { "accountDecisionsMade", F_INT32, offsetof(ds_t, account_decisions_made), 0, NULL },
    { "entitlementDecisionsTotal", F_INT32, offsetof(ds_t, entitlement_decisions_total), 0,
      NULL },
    { "accessProfileDecisionsTotal", F_INT32, offsetof(ds_t, access_profile_decisions_total), 0,
      NULL },
    { "roleDecisionsTotal", F_INT32, offsetof(ds_t, role_decisions_total), 0, NULL },
    { "accountDecisionsTotal", F_INT32, offsetof(ds_t, account_decisions_total), 0, NULL },
    { "entitlementsApproved", F_INT32, offsetof(ds_t, entitlements_approved), 0, NULL },
    { "entitlementsRevoked", F_INT32, offsetof(ds_t, entitlements_revoked), 0, NULL },
    { "accessProfilesApproved", F_INT32, offsetof(ds_t, access_profiles_approved), 0, NULL },
    { "accessProfilesRevoked", F_INT32, offsetof(ds_t, access_profiles_revoked), 0, NULL },
    { "rolesApproved", F_INT32, offsetof(ds_t, roles_approved), 0, NULL },
    { "rolesRevoked", F_INT32, offsetof(ds_t, roles_revoked), 0, NULL },
    { "accountsApproved", F_INT32, offsetof(ds_t, accounts_approved), 0, NULL },
    { "accountsRevoked", F_INT32, offsetof(ds_t, accounts_revoked), 0, NULL },
    { NULL, F_SELF, offsetof(ds_t, json), 0, NULL },
};
DTO(recert__dto_decision_summary, "IdentityCertDecisionSummary", ds_t, decision_summary_fields);

static const field_t reassignment_trail_fields[] = {
    { "previousOwner", F_STRING, offsetof(recert_reassignment_trail, previous_owner), 0, NULL },
    { "newOwner", F_STRING, offsetof(recert_reassignment_trail, new_owner), 0, NULL },
    { "reassignmentType", F_STRING, offsetof(recert_reassignment_trail, reassignment_type), 0,
      NULL },
};
STATIC_DTO(dto_reassignment_trail, "ReassignmentTrailDTO", recert_reassignment_trail,
           reassignment_trail_fields);

typedef recert_certification_task ctask_t;
static const field_t certification_task_fields[] = {
    { "id", F_STRING, offsetof(ctask_t, id), 0, NULL },
    { "type", F_STRING, offsetof(ctask_t, type), 0, NULL },
    { "targetType", F_STRING, offsetof(ctask_t, target_type), 0, NULL },
    { "targetId", F_STRING, offsetof(ctask_t, target_id), 0, NULL },
    { "status", F_STRING, offsetof(ctask_t, status), 0, NULL },
    { "errors", F_OBJECTS, offsetof(ctask_t, errors), offsetof(ctask_t, error_count),
      &recert__dto_error_message },
    { "reassignmentTrailDTOs", F_OBJECTS, offsetof(ctask_t, reassignment_trails),
      offsetof(ctask_t, reassignment_trail_count), &dto_reassignment_trail },
    { "created", F_STRING, offsetof(ctask_t, created), 0, NULL },
    { NULL, F_SELF, offsetof(ctask_t, json), 0, NULL },
};
DTO(recert__dto_certification_task, "CertificationTask", ctask_t, certification_task_fields);

/* The generic list code relies on every list having rlist_t's layout. */
#define LIST_LAYOUT(L)                                                                        \
    _Static_assert(sizeof(L) == sizeof(rlist_t) && offsetof(L, items) == 0 &&                  \
                       offsetof(L, count) == offsetof(rlist_t, count) &&                       \
                       offsetof(L, total) == offsetof(rlist_t, total),                         \
                   #L " is not laid out as rlist_t")
LIST_LAYOUT(recert_certification_list);
LIST_LAYOUT(recert_identity_reference_list);
LIST_LAYOUT(recert_permission_list);
LIST_LAYOUT(recert_task_list);
LIST_LAYOUT(recert_identity_certification_list);
LIST_LAYOUT(recert_access_review_item_list);
LIST_LAYOUT(recert_identity_summary_list);
LIST_LAYOUT(recert_access_summary_list);
LIST_LAYOUT(recert_certification_task_list);

/* ---- members ---------------------------------------------------------- */

/* Object pointers (T *, T **) are read and written as void * with memcpy:
 * the tables do not know T. */
static void *ptr_at(const void *obj, size_t offset)
{
    void *p;
    memcpy(&p, (const char *)obj + offset, sizeof p);
    return p;
}

static void set_ptr(void *obj, size_t offset, void *p)
{
    memcpy((char *)obj + offset, &p, sizeof p);
}

static size_t *count_at(void *obj, const field_t *f)
{
    return (size_t *)((char *)obj + f->count_offset);
}

/* ---- free ------------------------------------------------------------ */

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void objects_free(const dto_t *t, void *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        recert__object_clear((char *)items + i * t->size, t);
    free(items);
}

void recert__object_clear(void *obj, const dto_t *t)
{
    for (size_t i = 0; i < t->field_count; i++) {
        const field_t *f = &t->fields[i];
        void *p = f->kind == F_BOOL || f->kind == F_INT32 ? NULL : ptr_at(obj, f->offset);
        switch (f->kind) {
        case F_STRING: case F_SELF:
            free(p);
            break;
        case F_OBJECT:
            if (p)
                recert__object_clear(p, f->dto);
            free(p);
            break;
        case F_STRINGS: case F_TEXTS:
            free_strv(p, *count_at(obj, f));
            break;
        case F_OBJECTS:
            objects_free(f->dto, p, *count_at(obj, f));
            break;
        case F_BOOL: case F_INT32:
            break;
        }
    }
    memset(obj, 0, t->size);
}

void recert__list_clear(void *list, const dto_t *t)
{
    rlist_t l;
    memcpy(&l, list, sizeof l);
    objects_free(t, l.items, l.count);
    l = (rlist_t)RLIST_INIT;
    memcpy(list, &l, sizeof l);
}

void recert__certification_list_clear(recert_certification_list *l)
{
    recert__list_clear(l, &recert__dto_certification);
}

void recert__identity_reference_list_clear(recert_identity_reference_list *l)
{
    recert__list_clear(l, &recert__dto_identity_reference);
}

void recert__permission_list_clear(recert_permission_list *l)
{
    recert__list_clear(l, &recert__dto_permission);
}

void recert__task_list_clear(recert_task_list *l)
{
    recert__list_clear(l, &recert__dto_task);
}

void recert__task_clear(recert_task *t)
{
    recert__object_clear(t, &recert__dto_task);
}

void recert__error_response_free(recert_error_response *e)
{
    if (!e)
        return;
    recert__object_clear(e, &recert__dto_error_response);
    free(e);
}

/* Public: a list (or task) and everything in it; NULL is a no-op. */
static void list_free(void *list, const dto_t *t)
{
    if (list) {
        recert__list_clear(list, t);
        free(list);
    }
}

/* Public: one object and everything in it; NULL is a no-op. */
static void object_free(void *obj, const dto_t *t)
{
    if (obj) {
        recert__object_clear(obj, t);
        free(obj);
    }
}

void recert_certification_list_free(recert_certification_list *l)
{
    list_free(l, &recert__dto_certification);
}

void recert_identity_reference_list_free(recert_identity_reference_list *l)
{
    list_free(l, &recert__dto_identity_reference);
}

void recert_permission_list_free(recert_permission_list *l)
{
    list_free(l, &recert__dto_permission);
}

void recert_task_list_free(recert_task_list *l)
{
    list_free(l, &recert__dto_task);
}

void recert_task_free(recert_task *t)
{
    object_free(t, &recert__dto_task);
}

void recert_identity_certification_free(recert_identity_certification *c)
{
    object_free(c, &recert__dto_identity_certification);
}

void recert_identity_certification_list_free(recert_identity_certification_list *l)
{
    list_free(l, &recert__dto_identity_certification);
}

void recert_access_review_item_list_free(recert_access_review_item_list *l)
{
    list_free(l, &recert__dto_access_review_item);
}

void recert_identity_summary_free(recert_identity_summary *s)
{
    object_free(s, &recert__dto_identity_summary);
}

void recert_identity_summary_list_free(recert_identity_summary_list *l)
{
    list_free(l, &recert__dto_identity_summary);
}

void recert_access_summary_list_free(recert_access_summary_list *l)
{
    list_free(l, &recert__dto_access_summary);
}

void recert_decision_summary_free(recert_decision_summary *s)
{
    object_free(s, &recert__dto_decision_summary);
}

void recert_certification_task_free(recert_certification_task *t)
{
    object_free(t, &recert__dto_certification_task);
}

void recert_certification_task_list_free(recert_certification_task_list *l)
{
    list_free(l, &recert__dto_certification_task);
}

static bool status_final(const char *status)
{
    return status && (strcmp(status, "SUCCESS") == 0 || strcmp(status, "ERROR") == 0);
}

bool recert_certification_task_is_finished(const recert_certification_task *t)
{
    return t && status_final(t->status);
}

bool recert_task_is_finished(const recert_task *t)
{
    return t && status_final(t->status);
}

/* ---- the decode loop --------------------------------------------------- */

static bool dec_fields(dctx_t *d, json_t *o, const char *path, const dto_t *t, void *obj);

static bool keep_json(dctx_t *d, json_t *o, char **out)
{
    *out = json_dumps(o, JSON_COMPACT);
    return *out ? true : oom(d);
}

/* parent.key as a new object of f->dto, or NULL when absent or null. */
static bool dec_object(dctx_t *d, json_t *parent, const char *path, const field_t *f, void *obj)
{
    json_t *o = get_obj(d, parent, path, f->key);
    if (!o)
        return d->rc == RECERT_OK;
    char p[256];
    sub(p, sizeof p, path, f->key);
    void *child = calloc(1, f->dto->size);
    set_ptr(obj, f->offset, child);
    if (!child)
        return oom(d);
    return dec_fields(d, o, p, f->dto, child);
}

/* The array a (labelled path.key; "" and "" for a whole document) of t
 * objects into *items and *count. Absent or null: nothing. With null_ok a
 * null element stays a zeroed struct, otherwise it is an error. All
 * elements are allocated (zeroed) first, so clearing may walk every one. */
static bool dec_objects(dctx_t *d, json_t *a, const char *path, const char *key, const dto_t *t,
                        bool null_ok, void **items, size_t *count)
{
    if (!a || json_is_null(a))
        return true;
    if (!json_is_array(a))
        return type_error(d, path, key, "an array", a);
    size_t n = json_array_size(a);
    if (!n)
        return true;
    if (!(*items = calloc(n, t->size)))
        return oom(d);
    *count = n;
    char label[256];
    sub(label, sizeof label, path, key);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(a, i);
        char p[sizeof label + 24];
        snprintf(p, sizeof p, "%s[%zu]", label, i);
        if (null_ok && json_is_null(o))
            continue;
        if (!json_is_object(o))
            return type_error(d, p, "", "an object", o);
        if (!dec_fields(d, o, p, t, (char *)*items + i * t->size))
            return false;
    }
    return true;
}

static bool dec_field(dctx_t *d, json_t *o, const char *path, const field_t *f, void *obj)
{
    void *member = (char *)obj + f->offset;
    switch (f->kind) {
    case F_STRING:
        return get_str(d, o, path, f->key, member);
    case F_BOOL:
        return get_bool(d, o, path, f->key, member);
    case F_INT32:
        return get_int32(d, o, path, f->key, member);
    case F_OBJECT:
        return dec_object(d, o, path, f, obj);
    case F_STRINGS: case F_TEXTS:
        return get_str_array(d, o, path, f->key, f->kind == F_TEXTS, member, count_at(obj, f));
    case F_OBJECTS: {
        void *items = NULL;
        bool ok = dec_objects(d, json_object_get(o, f->key), path, f->key, f->dto, true, &items,
                              count_at(obj, f));
        set_ptr(obj, f->offset, items);
        return ok;
    }
    case F_SELF:
        return keep_json(d, o, member);
    }
    return fail(d, path, f->key ? f->key : "", "unknown field kind");
}

static bool dec_fields(dctx_t *d, json_t *o, const char *path, const dto_t *t, void *obj)
{
    for (size_t i = 0; i < t->field_count; i++)
        if (!dec_field(d, o, path, &t->fields[i], obj))
            return false;
    return true;
}

/* ---- documents ------------------------------------------------------- */

static json_t *parse(dctx_t *d, const char *text, size_t len)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root) {
        if (json_error_code(&jerr) == json_error_out_of_memory) {
            oom(d);
        } else {
            char what[200];
            snprintf(what, sizeof what, "invalid JSON at line %d column %d: %s", jerr.line,
                     jerr.column, jerr.text);
            fail(d, "", "", what);
        }
    }
    return root;
}

recert_code recert__list_decode(void *list, const dto_t *t, const char *json, size_t len,
                                char *err, size_t err_size)
{
    dctx_t d = { err, err_size, RECERT_OK };
    rlist_t l = RLIST_INIT;
    json_t *root = parse(&d, json, len);
    if (root) {
        if (!json_is_array(root))
            type_error(&d, "", "", "an array", root);
        else
            dec_objects(&d, root, "", "", t, false, &l.items, &l.count);
        json_decref(root);
    }
    memcpy(list, &l, sizeof l);
    if (d.rc)
        recert__list_clear(list, t);
    return d.rc;
}

recert_code recert__object_decode(void *obj, const dto_t *t, const char *json, size_t len,
                                  char *err, size_t err_size)
{
    dctx_t d = { err, err_size, RECERT_OK };
    json_t *root = parse(&d, json, len);
    if (root) {
        if (!json_is_object(root))
            type_error(&d, "", "", "an object", root);
        else
            dec_fields(&d, root, "", t, obj);
        json_decref(root);
    }
    if (d.rc)
        recert__object_clear(obj, t);
    return d.rc;
}

recert_code recert__decode_certifications(recert_certification_list *out, const char *json,
                                          size_t len, char *err, size_t err_size)
{
    return recert__list_decode(out, &recert__dto_certification, json, len, err, err_size);
}

recert_code recert__decode_identity_references(recert_identity_reference_list *out,
                                               const char *json, size_t len, char *err,
                                               size_t err_size)
{
    return recert__list_decode(out, &recert__dto_identity_reference, json, len, err, err_size);
}

recert_code recert__decode_permissions(recert_permission_list *out, const char *json, size_t len,
                                       char *err, size_t err_size)
{
    return recert__list_decode(out, &recert__dto_permission, json, len, err, err_size);
}

recert_code recert__decode_tasks(recert_task_list *out, const char *json, size_t len, char *err,
                                 size_t err_size)
{
    return recert__list_decode(out, &recert__dto_task, json, len, err, err_size);
}

recert_code recert__decode_task(recert_task *out, const char *json, size_t len, char *err,
                                size_t err_size)
{
    return recert__object_decode(out, &recert__dto_task, json, len, err, err_size);
}

recert_code recert__decode_error_response(recert_error_response *out, const char *json,
                                          size_t len, char *err, size_t err_size)
{
    return recert__object_decode(out, &recert__dto_error_response, json, len, err, err_size);
}

/* A JSON string, or NULL with *rc set: EINVALID for bytes that are not
 * UTF-8 (jansson refuses them), ENOMEM otherwise. */
static json_t *jstr(const char *s, recert_code *rc)
{
    json_t *v = json_string(s);
    if (!v && *rc == RECERT_OK) {
        json_t *raw = json_stringn_nocheck(s, strlen(s));
        *rc = raw ? RECERT_EINVALID : RECERT_ENOMEM;
        json_decref(raw);
    }
    return v;
}

recert_code recert__encode_review_reassign(char **out, const recert_review_reassign *r)
{
    recert_code rc = RECERT_OK;
    *out = NULL;
    json_t *root = json_object(), *list = json_array();
    if (!root || !list) {
        rc = RECERT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < r->reassign_count; i++) {
        json_t *ref = json_object();
        if (!ref || json_array_append_new(list, ref) ||
            json_object_set_new(ref, "id", jstr(r->reassign[i].id, &rc)) ||
            json_object_set_new(ref, "type", jstr(r->reassign[i].type, &rc)))
            goto done;
    }
    if (json_object_set(root, "reassign", list) ||
        json_object_set_new(root, "reassignTo", jstr(r->reassign_to, &rc)) ||
        json_object_set_new(root, "reason", jstr(r->reason, &rc)))
        goto done;
    if (!(*out = json_dumps(root, JSON_COMPACT)))
        rc = RECERT_ENOMEM;
done:
    if (rc == RECERT_OK && !*out)
        rc = RECERT_ENOMEM;
    json_decref(list);
    json_decref(root);
    return rc;
}

recert_code recert__encode_review_decisions(char **out, const recert_review_decision *d, size_t n)
{
    recert_code rc = RECERT_OK;
    *out = NULL;
    json_t *list = json_array();
    if (!list)
        return RECERT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(list, o) ||
            json_object_set_new(o, "id", jstr(d[i].id, &rc)) ||
            json_object_set_new(o, "decision", jstr(d[i].decision, &rc)) ||
            json_object_set_new(o, "bulk", json_boolean(d[i].bulk)) ||
            (d[i].comments && json_object_set_new(o, "comments", jstr(d[i].comments, &rc))) ||
            (d[i].proposed_end_date &&
             json_object_set_new(o, "proposedEndDate", jstr(d[i].proposed_end_date, &rc))))
            goto done;
    }
    if (!(*out = json_dumps(list, JSON_COMPACT)))
        rc = RECERT_ENOMEM;
done:
    if (rc == RECERT_OK && !*out)
        rc = RECERT_ENOMEM;
    json_decref(list);
    return rc;
}
