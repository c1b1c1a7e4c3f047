/*
 * campaigns: the v3 campaign operations: list, get, create, patch,
 * activate, complete, delete.
 *
 * Here are only the requests' shapes (Campaign, CampaignCompleteOptions,
 * ActivateCampaignOptions, CampaignsDeleteRequest; the JSON Patch document
 * is read by the rules, since what it may change depends on the status)
 * and each answer; the rules and their sentences are in
 * src/review/campaign.c. Writes run in the request's WRITE transaction,
 * which the pipeline commits before the answer is sent, then wakes the
 * workers for the task queued.
 *
 * Answers: createCampaign the campaign (Campaign, PENDING); startCampaign
 * and completeCampaign the CertificationTask queued (the spec's 202 body is
 * "an object"); deleteCampaigns an empty object (one task per campaign,
 * readable in GET /v3/certification-tasks while pending, filter targetId).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../common/jsonw.h"
#include "../../common/util.h"
#include "../../review/campaign.h"
#include "../../store/store.h"
#include "../render.h"
#include "../render_campaigns.h"
#include "handlers.h"

static store_campaign_cb renderer(const req_t *req)
{
    const char *detail = req->query_values[0];
    return detail && strcmp(detail, "FULL") == 0 ? render_campaign_full : render_campaign_slim;
}

/* Writes campaign id as the answer. */
static rc_t answer_campaign(req_t *req, const char *id, store_campaign_cb render)
{
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = store_campaign_get(req_tx(req), id, render, &w);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, "no campaign \"%s\"", id);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* A store result of a campaign rule. */
static rc_t rule_failure(req_t *req, store_rc src, const char *id)
{
    if (src == STORE_INVALID)
        return req_fail(req, RC_EINVALID, NULL);
    if (src == STORE_NOTFOUND && id)
        return req_fail(req, RC_ENOTFOUND, "no campaign \"%s\"", id);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, NULL);
    return req_store_failure(req, src);
}

/* GET /v3/campaigns */

static store_rc campaign_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                              int64_t *total)
{
    (void)arg;
    return store_campaign_list(tx, &req->col.page, renderer(req), w, total);
}

rc_t handle_campaign_list(req_t *req, const char *const *params)
{
    (void)params;
    return handler_list(req, campaign_page, NULL);
}

/* GET /v3/campaigns/{id} */
rc_t handle_campaign_get(req_t *req, const char *const *params)
{
    if (!req_tx(req))
        return req->rc;
    return answer_campaign(req, params[0], renderer(req));
}

/* ------------------------------------------------------------------ */
/* POST /v3/campaigns: the Campaign body                               */

static const char *const CAMPAIGN_TYPES[] = { "MANAGER", "SOURCE_OWNER", "SEARCH",
                                              "ROLE_COMPOSITION", "MACHINE_ACCOUNT", NULL };
static const char *const CORRELATED[] = { "CORRELATED", "UNCORRELATED", NULL };
static const char *const COMMENT_RULES[] = { "ALL_DECISIONS", "REVOKE_ONLY_DECISIONS",
                                             "NO_DECISIONS", NULL };
static const char *const SEARCH_TYPES[] = { "IDENTITY", "ACCESS", NULL };
static const char *const REVIEWER_TYPES[] = { "GOVERNANCE_GROUP", "IDENTITY", NULL };
static const char *const ACCESS_TYPES[] = { "ENTITLEMENT", "ACCESS_PROFILE", "ROLE", NULL };
static const char *const OPERATORS[] = { "ALL", "SELECTED", NULL };
static const char *const COMPLETE_ACTIONS[] = { "APPROVE", "REVOKE", NULL };

#define ACCESS_CONSTRAINTS_MAX 1000

/* "A, B or C" */
static void list_values(buf_t *b, const char *const *values)
{
    for (size_t i = 0; values[i]; i++)
        buf_printf(b, "%s%s", i == 0 ? "" : values[i + 1] ? ", " : " or ", values[i]);
}

/* A string member at path: required or optional (null or absent: NULL),
 * non-empty when nonempty, one of values when values. */
static const char *str_at(problems_t *p, json_t *obj, const char *path, const char *name,
                          bool required, bool nonempty, const char *const *values)
{
    json_t *v = json_object_get(obj, name);
    if (!v || json_is_null(v)) {
        if (required)
            problems_add(p, "%s%s: required", path, name);
        return NULL;
    }
    if (!json_is_string(v) || (nonempty && !*json_string_value(v))) {
        problems_add(p, "%s%s: must be a %sstring (got %s)", path, name,
                     nonempty ? "non-empty " : "", json_is_string(v) ? "\"\"" : json_kind(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    for (size_t i = 0; values && values[i]; i++)
        if (strcmp(s, values[i]) == 0)
            return s;
    if (!values)
        return s;
    buf_t allowed = BUF_INIT;
    list_values(&allowed, values);
    problems_add(p, "%s%s: must be %s (got \"%.60s\")", path, name, buf_cstr(&allowed), s);
    buf_free(&allowed);
    return NULL;
}

/* An optional boolean member (null or absent: dflt). */
static bool bool_at(problems_t *p, json_t *obj, const char *name, bool dflt)
{
    json_t *v = json_object_get(obj, name);
    if (!v || json_is_null(v))
        return dflt;
    if (!json_is_boolean(v)) {
        problems_add(p, "%s: must be true or false (got %s)", name, json_kind(v));
        return dflt;
    }
    return json_is_true(v);
}

/* An array of non-empty strings at path; *out (allocated) points into it. */
static void strings_at(problems_t *p, json_t *arr, const char *path, const char ***out,
                       size_t *count, bool *oom)
{
    size_t n = json_array_size(arr);
    *count = 0;
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) {
        *oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        if (!json_is_string(e) || !*json_string_value(e))
            problems_add(p, "%s[%zu]: must be a non-empty string (got %s)", path, i,
                         json_is_string(e) ? "\"\"" : json_kind(e));
        else
            (*out)[(*count)++] = json_string_value(e);
    }
}

/* What the decoded request owns. */
typedef struct spec_mem {
    const char **identity_ids;
    store_access_scope *scopes;
    const char ***scope_ids;
    size_t scope_count;
} spec_mem;

static void spec_mem_free(spec_mem *m)
{
    for (size_t i = 0; m->scope_ids && i < m->scope_count; i++)
        free((void *)m->scope_ids[i]);
    free(m->scope_ids);
    free(m->scopes);
    free(m->identity_ids);
}

static void decode_search(problems_t *p, json_t *info, review_campaign_spec *c, spec_mem *m,
                          bool *oom)
{
    const char *P = "searchCampaignInfo.";
    if (!json_is_object(info)) {
        problems_add(p, "searchCampaignInfo: must be an object (got %s)", json_kind(info));
        return;
    }
    c->has_search = true;
    const char *type = str_at(p, info, P, "type", true, true, SEARCH_TYPES);
    if (type && strcmp(type, "ACCESS") == 0)
        problems_add(p, "searchCampaignInfo.type: ACCESS searches are not supported; use"
                     " IDENTITY with identityIds");
    c->search_description = str_at(p, info, P, "description", false, false, NULL);
    json_t *reviewer = json_object_get(info, "reviewer");
    if (reviewer && !json_is_null(reviewer)) {
        if (!json_is_object(reviewer)) {
            problems_add(p, "searchCampaignInfo.reviewer: must be an object (got %s)",
                         json_kind(reviewer));
        } else {
            c->reviewer_type = str_at(p, reviewer, "searchCampaignInfo.reviewer.", "type", true,
                                      true, REVIEWER_TYPES);
            c->reviewer_id = str_at(p, reviewer, "searchCampaignInfo.reviewer.", "id", true,
                                    true, NULL);
        }
    }
    json_t *query = json_object_get(info, "query"), *ids = json_object_get(info, "identityIds");
    if (query && !json_is_null(query))
        problems_add(p, "searchCampaignInfo.query: search queries are not supported; list the"
                     " identities in searchCampaignInfo.identityIds");
    else if (!ids || json_is_null(ids))
        problems_add(p, "searchCampaignInfo.identityIds: required (the identities to review)");
    else if (!json_is_array(ids) || json_array_size(ids) == 0)
        problems_add(p, "searchCampaignInfo.identityIds: must be an array of 1 or more identity"
                     " ids (got %s)", json_is_array(ids) ? "an empty array" : json_kind(ids));
    else
        strings_at(p, ids, "searchCampaignInfo.identityIds", &m->identity_ids,
                   &c->identity_count, oom);
    c->identity_ids = m->identity_ids;
    json_t *cons = json_object_get(info, "accessConstraints");
    if (!cons || json_is_null(cons))
        return;
    size_t n = json_array_size(cons);
    if (!json_is_array(cons) || n > ACCESS_CONSTRAINTS_MAX) {
        problems_add(p, "searchCampaignInfo.accessConstraints: must be an array of at most %d"
                     " AccessConstraint objects (got %s%zu)", ACCESS_CONSTRAINTS_MAX,
                     json_is_array(cons) ? "" : json_kind(cons), json_is_array(cons) ? n : 0);
        return;
    }
    m->scopes = calloc(n ? n : 1, sizeof *m->scopes);
    m->scope_ids = calloc(n ? n : 1, sizeof *m->scope_ids);
    if (!m->scopes || !m->scope_ids) {
        *oom = true;
        return;
    }
    m->scope_count = n;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(cons, i);
        char path[80];
        snprintf(path, sizeof path, "searchCampaignInfo.accessConstraints[%zu].", i);
        if (!json_is_object(e)) {
            problems_add(p, "searchCampaignInfo.accessConstraints[%zu]: must be an"
                         " AccessConstraint object (got %s)", i, json_kind(e));
            continue;
        }
        store_access_scope *k = &m->scopes[c->scope_count];
        k->access_type = str_at(p, e, path, "type", true, true, ACCESS_TYPES);
        const char *op = str_at(p, e, path, "operator", true, true, OPERATORS);
        json_t *kids = json_object_get(e, "ids");
        bool has_ids = kids && !json_is_null(kids);
        k->all = op && strcmp(op, "ALL") == 0;
        if (op && k->all && has_ids)
            problems_add(p, "%sids: only a SELECTED constraint lists ids (operator is ALL)",
                         path);
        else if (op && !k->all && (!json_is_array(kids) || json_array_size(kids) == 0))
            problems_add(p, "%sids: required with operator SELECTED (an array of 1 or more"
                         " ids)", path);
        else if (op && !k->all) {
            char arr[96];
            snprintf(arr, sizeof arr, "%sids", path);
            strings_at(p, kids, arr, &m->scope_ids[i], &k->id_count, oom);
            k->ids = m->scope_ids[i];
        }
        if (k->access_type && op)
            c->scope_count++;
    }
    c->scopes = m->scopes;
}

/* The Campaign body of createCampaign. Returns the number of problems. */
static size_t decode_campaign(problems_t *p, json_t *doc, review_campaign_spec *c, spec_mem *m,
                              char deadline[32], bool *oom)
{
    size_t before = p->count;
    memset(c, 0, sizeof *c);
    c->name = str_at(p, doc, "", "name", true, true, NULL);
    json_t *d = json_object_get(doc, "description");
    if (!d)
        problems_add(p, "description: required (a string, or null)");
    else if (!json_is_string(d) && !json_is_null(d))
        problems_add(p, "description: must be a string or null (got %s)", json_kind(d));
    c->description = json_string_value(d);
    c->type = str_at(p, doc, "", "type", true, true, CAMPAIGN_TYPES);
    const char *dl = str_at(p, doc, "", "deadline", false, true, NULL);
    int64_t ms;
    if (dl && parse_time(dl, &ms) != 0)
        problems_add(p, "deadline: must be an RFC 3339 date-time, e.g. 2027-01-31T00:00:00.000Z,"
                     " or null (got \"%.40s\")", dl);
    else if (dl) {
        format_time_ms(deadline, ms);
        c->deadline = deadline;
    }
    c->correlated_status = str_at(p, doc, "", "correlatedStatus", false, true, CORRELATED);
    if (!c->correlated_status)
        c->correlated_status = "CORRELATED";
    c->mandatory_comment = str_at(p, doc, "", "mandatoryCommentRequirement", false, true,
                                  COMMENT_RULES);
    if (!c->mandatory_comment)
        c->mandatory_comment = "NO_DECISIONS";
    c->email_notification = bool_at(p, doc, "emailNotificationEnabled", false);
    c->auto_revoke_allowed = bool_at(p, doc, "autoRevokeAllowed", false);
    c->recommendations_enabled = bool_at(p, doc, "recommendationsEnabled", false);
    c->sunset_comments_required = bool_at(p, doc, "sunsetCommentsRequired", true);
    json_t *filter = json_object_get(doc, "filter");
    if (filter && !json_is_null(filter))
        problems_add(p, "filter: campaign filters are not supported; leave filter out");
    json_t *so = json_object_get(doc, "sourceOwnerCampaignInfo");
    c->has_source_owner = so && !json_is_null(so);
    json_t *search = json_object_get(doc, "searchCampaignInfo");
    if (search && !json_is_null(search))
        decode_search(p, search, c, m, oom);
    return p->count - before;
}

rc_t handle_campaign_create(req_t *req, const char *const *params)
{
    (void)params;
    review_campaign_spec c;
    spec_mem m = { 0 };
    char deadline[32], id[65];
    bool oom = false;
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    size_t shape = decode_campaign(&req->problems, req->json, &c, &m, deadline, &oom);
    store_rc src = oom ? STORE_ERROR : shape ? STORE_INVALID
                                             : review_campaign_create(tx, &c, &req->problems, id);
    spec_mem_free(&m);
    if (src != STORE_OK)
        return rule_failure(req, src, NULL);
    req->wake_workers = true;
    return answer_campaign(req, id, render_campaign_full);
}

/* ------------------------------------------------------------------ */
/* PATCH /v3/campaigns/{id} (application/json-patch+json)              */

rc_t handle_campaign_patch(req_t *req, const char *const *params)
{
    store_rc src = review_campaign_patch(req_tx(req), params[0], req->json, &req->problems);
    if (src != STORE_OK)
        return rule_failure(req, src, params[0]);
    return answer_campaign(req, params[0], render_campaign_slim);
}

/* ------------------------------------------------------------------ */
/* POST /v3/campaigns/{id}/activate, .../complete                      */

/* timeZone: "Z" or an offset from UTC, +hh:mm or -hh:mm. */
static bool time_zone_ok(const char *s)
{
    if (strcmp(s, "Z") == 0)
        return true;
    return strlen(s) == 6 && (s[0] == '+' || s[0] == '-') && s[1] >= '0' && s[1] <= '2' &&
           s[2] >= '0' && s[2] <= '9' && s[3] == ':' && s[4] >= '0' && s[4] <= '5' &&
           s[5] >= '0' && s[5] <= '9' && (s[1] - '0') * 10 + (s[2] - '0') <= 18;
}

rc_t handle_campaign_activate(req_t *req, const char *const *params)
{
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    const char *tz = req->json ? str_at(&req->problems, req->json, "", "timeZone", false, true,
                                        NULL)
                               : NULL;
    if (tz && !time_zone_ok(tz))
        problems_add(&req->problems, "timeZone: must be Z or an ISO 8601 offset such as +05:30"
                     " or -08:00 (got \"%.40s\")", tz);
    if (req->problems.count)
        return req_fail(req, RC_EINVALID, NULL);
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = review_campaign_activate(tx, params[0], &req->problems, render_task_v3, &w);
    if (src != STORE_OK)
        return rule_failure(req, src, params[0]);
    req->wake_workers = true;
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

rc_t handle_campaign_complete(req_t *req, const char *const *params)
{
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    const char *action = req->json ? str_at(&req->problems, req->json, "",
                                            "autoCompleteAction", false, true, COMPLETE_ACTIONS)
                                   : NULL;
    if (req->problems.count)
        return req_fail(req, RC_EINVALID, NULL);
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = review_campaign_complete(tx, params[0], action, req->who.identity_id,
                                            &req->problems, render_task_v3, &w);
    if (src != STORE_OK)
        return rule_failure(req, src, params[0]);
    req->wake_workers = true;
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* ------------------------------------------------------------------ */
/* POST /v3/campaigns/delete                                           */

rc_t handle_campaigns_delete(req_t *req, const char *const *params)
{
    (void)params;
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    json_t *ids = json_object_get(req->json, "ids");
    const char **list = NULL;
    size_t count = 0;
    bool oom = false;
    if (!ids || json_is_null(ids))
        problems_add(&req->problems, "ids: required (the ids of the campaigns to delete)");
    else if (!json_is_array(ids) || json_array_size(ids) == 0)
        problems_add(&req->problems, "ids: must be an array of 1 or more campaign ids (got %s)",
                     json_is_array(ids) ? "an empty array" : json_kind(ids));
    else
        strings_at(&req->problems, ids, "ids", &list, &count, &oom);
    store_rc src = oom ? STORE_ERROR : req->problems.count
                                           ? STORE_INVALID
                                           : review_campaign_delete(tx, list, count,
                                                                    &req->problems);
    free(list);
    if (src != STORE_OK)
        return rule_failure(req, src, NULL);
    req->wake_workers = true;
    buf_puts(&req->out, "{}");
    return RC_OK;
}
