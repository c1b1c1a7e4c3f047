/*
 * recert/types.h: the Certifications API (beta) schemas as C structs.
 *
 * Decoding is tolerant: unknown fields are ignored, and an absent or null
 * field reads as NULL (strings, objects), false (booleans) or 0 (numbers).
 * Enumerated values (phase, status, type...) stay strings, so values added
 * by the service later still come through. Every object returned in a
 * list also keeps the JSON it was decoded from (json), unknown fields
 * included.
 *
 * Ownership: lists and tasks returned through an out parameter belong to
 * the caller and are freed with the matching recert_*_free function, which
 * frees everything reachable from them. Nothing inside may be freed alone.
 *
 * The v3 schemas (IdentityCertificationDto, AccessReviewItem, ...) follow
 * the beta ones below, under "v3".
 */
#ifndef RECERT_TYPES_H
#define RECERT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"

RECERT_BEGIN_DECLS

/** CampaignReference. */
typedef struct recert_campaign_reference {
    char *id;
    char *name;
    char *type;                          /**< "CAMPAIGN" */
    char *campaign_type;                 /**< MANAGER, SOURCE_OWNER, SEARCH, ... */
    char *description;
    char *correlated_status;             /**< CORRELATED, UNCORRELATED */
    char *mandatory_comment_requirement; /**< ALL_DECISIONS, REVOKE_ONLY_DECISIONS, NO_DECISIONS */
} recert_campaign_reference;

/** Reviewer (beta and v3). */
typedef struct recert_reviewer {
    char *id;
    char *name;
    char *email;
    char *type;  /**< IDENTITY, GOVERNANCE_GROUP */
    /* Since 0.1.0's v3 operations (appended; v3 Reviewer). */
    char *created;  /**< date-time, or NULL */
    char *modified; /**< date-time, or NULL */
} recert_reviewer;

/** CertificationReference: CertificationReferenceDto plus its reviewer. */
typedef struct recert_certification_reference {
    char *id;
    char *name;
    char *type;                /**< "CERTIFICATION" */
    recert_reviewer *reviewer; /**< NULL if absent */
} recert_certification_reference;

/** Reassignment. */
typedef struct recert_reassignment {
    recert_certification_reference *from; /**< NULL if absent */
    char *comment;
} recert_reassignment;

/**
 * CertificationDto. id and name are not in the beta schema but are served
 * by recertd and by SailPoint's service; NULL when absent.
 */
typedef struct recert_certification {
    char *id;
    char *name;
    recert_campaign_reference *campaign_ref; /**< NULL if absent */
    char *phase;               /**< STAGED, ACTIVE, SIGNED */
    char *due;                 /**< ISO 8601 date-time */
    char *signed_at;           /**< JSON "signed"; NULL until signed */
    recert_reviewer *reviewer; /**< NULL if absent */
    recert_reassignment *reassignment; /**< NULL unless reassigned */
    bool has_errors;
    char *error_message;
    bool completed;
    int32_t decisions_made;
    int32_t decisions_total;
    int32_t entities_completed;
    int32_t entities_total;
    char *json;                /**< this object as received (compact JSON) */
} recert_certification;

/** IdentityReferenceWithNameAndEmail. */
typedef struct recert_identity_reference {
    char *type;  /**< "IDENTITY" */
    char *id;
    char *name;
    char *email;
    char *json;
} recert_identity_reference;

/** PermissionDto. */
typedef struct recert_permission {
    char **rights;       /**< rights_count strings, e.g. "SELECT" */
    size_t rights_count;
    char *target;
    char *json;
} recert_permission;

/** IdentityCertificationTask. */
typedef struct recert_task {
    char *id;
    char *certification_id;
    char *type;     /**< "REASSIGN" */
    char *status;   /**< QUEUED, IN_PROGRESS, SUCCESS, ERROR */
    char **errors;  /**< error_count strings */
    size_t error_count;
    char *json;
} recert_task;

/** Lists. total is X-Total-Count when count was requested, else -1. */
typedef struct recert_certification_list {
    recert_certification *items;
    size_t count;
    int64_t total;
} recert_certification_list;

typedef struct recert_identity_reference_list {
    recert_identity_reference *items;
    size_t count;
    int64_t total;
} recert_identity_reference_list;

typedef struct recert_permission_list {
    recert_permission *items;
    size_t count;
    int64_t total;
} recert_permission_list;

typedef struct recert_task_list {
    recert_task *items;
    size_t count;
    int64_t total;  /**< always -1: the endpoint has no count */
} recert_task_list;

/* Free functions. Each frees the object and everything in it; NULL is a no-op. */
RECERT_EXTERN void recert_certification_list_free(recert_certification_list *list);
RECERT_EXTERN void recert_identity_reference_list_free(recert_identity_reference_list *list);
RECERT_EXTERN void recert_permission_list_free(recert_permission_list *list);
RECERT_EXTERN void recert_task_list_free(recert_task_list *list);
RECERT_EXTERN void recert_task_free(recert_task *task);

/** True when status is SUCCESS or ERROR (the task will not change again). */
RECERT_EXTERN bool recert_task_is_finished(const recert_task *task);

/** ReassignReference (request). type: "ITEM", "IDENTITY_SUMMARY" or "TARGET_SUMMARY". */
typedef struct recert_reassign_reference {
    const char *id;
    const char *type;
} recert_reassign_reference;

/** ReviewReassign (request body). All memory stays the caller's. */
typedef struct recert_review_reassign {
    const recert_reassign_reference *reassign; /**< reassign_count entries (1..500) */
    size_t reassign_count;
    const char *reassign_to;  /**< identity id of the new reviewer */
    const char *reason;
} recert_review_reassign;

/* ---- v3 (certifications-campaigns-v3) ------------------------------------ */

/** IdentityCertificationDto (v3). JSON "campaign" is campaign, "signed" signed_at. */
typedef struct recert_identity_certification {
    char *id;
    char *name;
    recert_campaign_reference *campaign; /**< NULL if absent */
    bool completed;
    int32_t identities_completed;
    int32_t identities_total;
    char *created;             /**< date-time */
    char *modified;
    int32_t decisions_made;
    int32_t decisions_total;
    char *due;                 /**< date-time, or NULL */
    char *signed_at;           /**< JSON "signed"; NULL until signed */
    recert_reviewer *reviewer; /**< NULL if absent */
    recert_reassignment *reassignment; /**< NULL unless reassigned */
    bool has_errors;
    char *error_message;
    char *phase;               /**< STAGED, ACTIVE, SIGNED */
    char *json;                /**< this object as received (compact JSON) */
} recert_identity_certification;

/** AccessSummary.access: what an item reviews. */
typedef struct recert_access_reference {
    char *type;  /**< ENTITLEMENT, ACCESS_PROFILE, ROLE (a DtoType) */
    char *id;
    char *name;
} recert_access_reference;

/** ActivityInsights. */
typedef struct recert_activity_insights {
    char *account_id;        /**< JSON "accountID" */
    int32_t usage_days;      /**< 0..90 */
    char *usage_days_state;  /**< COMPLETE, UNKNOWN */
} recert_activity_insights;

/** The owner of a ReviewableEntitlement's account. */
typedef struct recert_account_owner {
    char *id;
    char *type;          /**< IDENTITY */
    char *display_name;
} recert_account_owner;

/** ReviewableEntitlement.account. */
typedef struct recert_reviewable_account {
    char *native_identity;
    bool disabled;
    bool locked;
    char *type;  /**< a DtoType */
    char *id;
    char *name;
    char *created;
    char *modified;
    recert_activity_insights *activity_insights; /**< NULL if absent */
    char *description;
    char *governance_group_id;
    recert_account_owner *owner;                 /**< NULL if absent */
} recert_reviewable_account;

/** One {"value"} or {"value", "matchCount"} of DataAccess. */
typedef struct recert_data_access_value {
    char *value;
    int32_t match_count; /**< categories only */
} recert_data_access_value;

/** DataAccess. */
typedef struct recert_data_access {
    recert_data_access_value *policies;
    size_t policy_count;
    recert_data_access_value *categories;
    size_t category_count;
    recert_data_access_value *impact_score; /**< its value; NULL if absent */
} recert_data_access;

/** ReviewableEntitlement. */
typedef struct recert_reviewable_entitlement {
    char *id;
    char *name;
    char *description;
    bool privileged;
    recert_identity_reference *owner; /**< NULL if absent */
    char *attribute_name;
    char *attribute_value;
    char *source_schema_object_type;
    char *source_name;
    char *source_type;
    char *source_id;
    bool has_permissions;
    bool is_permission;
    bool revocable;
    bool cloud_governed;
    bool contains_data_access;
    recert_data_access *data_access;     /**< NULL if absent */
    recert_reviewable_account *account;  /**< NULL if absent */
} recert_reviewable_entitlement;

/** ReviewableAccessProfile. */
typedef struct recert_reviewable_access_profile {
    char *id;
    char *name;
    char *description;
    bool privileged;
    bool cloud_governed;
    char *end_date;
    recert_identity_reference *owner;            /**< NULL if absent */
    recert_reviewable_entitlement *entitlements; /**< entitlement_count entries */
    size_t entitlement_count;
    char *created;
    char *modified;
} recert_reviewable_access_profile;

/** ReviewableRole. */
typedef struct recert_reviewable_role {
    char *id;
    char *name;
    char *description;
    bool privileged;
    recert_identity_reference *owner; /**< NULL if absent */
    bool revocable;
    char *end_date;
    recert_reviewable_access_profile *access_profiles; /**< access_profile_count entries */
    size_t access_profile_count;
    recert_reviewable_entitlement *entitlements;       /**< entitlement_count entries */
    size_t entitlement_count;
} recert_reviewable_role;

/** AccessSummary: the access, and the full object of its type (the others NULL). */
typedef struct recert_access_summary {
    recert_access_reference *access;                  /**< NULL if absent */
    recert_reviewable_entitlement *entitlement;       /**< type ENTITLEMENT */
    recert_reviewable_access_profile *access_profile; /**< type ACCESS_PROFILE */
    recert_reviewable_role *role;                     /**< type ROLE */
    char *json;
} recert_access_summary;

/** CertificationIdentitySummary. */
typedef struct recert_identity_summary {
    char *id;
    char *name;
    char *identity_id;
    bool completed;
    char *json;
} recert_identity_summary;

/** AccessReviewItem. */
typedef struct recert_access_review_item {
    recert_access_summary *access_summary;     /**< NULL if absent */
    recert_identity_summary *identity_summary; /**< NULL if absent */
    char *id;
    bool completed;   /**< true once the item has a decision */
    bool new_access;
    char *decision;   /**< APPROVE, REVOKE, or NULL while undecided */
    char *comments;
    char *json;
} recert_access_review_item;

/** IdentityCertDecisionSummary. */
typedef struct recert_decision_summary {
    int32_t entitlement_decisions_made;
    int32_t access_profile_decisions_made;
    int32_t role_decisions_made;
    int32_t account_decisions_made;
    int32_t entitlement_decisions_total;
    int32_t access_profile_decisions_total;
    int32_t role_decisions_total;
    int32_t account_decisions_total;
    int32_t entitlements_approved;
    int32_t entitlements_revoked;
    int32_t access_profiles_approved;
    int32_t access_profiles_revoked;
    int32_t roles_approved;
    int32_t roles_revoked;
    int32_t accounts_approved;
    int32_t accounts_revoked;
    char *json;
} recert_decision_summary;

/** ReassignmentTrailDTO. */
typedef struct recert_reassignment_trail {
    char *previous_owner;
    char *new_owner;
    char *reassignment_type; /**< e.g. AUTOMATIC_REASSIGNMENT */
} recert_reassignment_trail;

/** CertificationTask (v3). errors are ErrorMessageDto (recert/error.h). */
typedef struct recert_certification_task {
    char *id;
    char *type;         /**< REASSIGN, ADMIN_REASSIGN, COMPLETE_CERTIFICATION, ... */
    char *target_type;  /**< CERTIFICATION, CAMPAIGN */
    char *target_id;
    char *status;       /**< QUEUED, IN_PROGRESS, SUCCESS, ERROR */
    recert_error_message *errors; /**< error_count entries */
    size_t error_count;
    recert_reassignment_trail *reassignment_trails; /**< JSON "reassignmentTrailDTOs" */
    size_t reassignment_trail_count;
    char *created;      /**< date-time */
    char *json;
} recert_certification_task;

/* v3 lists; total as above (X-Total-Count when count was requested, else -1). */
typedef struct recert_identity_certification_list {
    recert_identity_certification *items;
    size_t count;
    int64_t total;
} recert_identity_certification_list;

typedef struct recert_access_review_item_list {
    recert_access_review_item *items;
    size_t count;
    int64_t total;
} recert_access_review_item_list;

typedef struct recert_identity_summary_list {
    recert_identity_summary *items;
    size_t count;
    int64_t total;
} recert_identity_summary_list;

typedef struct recert_access_summary_list {
    recert_access_summary *items;
    size_t count;
    int64_t total;
} recert_access_summary_list;

typedef struct recert_certification_task_list {
    recert_certification_task *items;
    size_t count;
    int64_t total;
} recert_certification_task_list;

/* Free functions (each frees everything reachable; NULL is a no-op). */
RECERT_EXTERN void recert_identity_certification_free(recert_identity_certification *cert);
RECERT_EXTERN void recert_identity_certification_list_free(recert_identity_certification_list *l);
RECERT_EXTERN void recert_access_review_item_list_free(recert_access_review_item_list *l);
RECERT_EXTERN void recert_identity_summary_free(recert_identity_summary *summary);
RECERT_EXTERN void recert_identity_summary_list_free(recert_identity_summary_list *l);
RECERT_EXTERN void recert_access_summary_list_free(recert_access_summary_list *l);
RECERT_EXTERN void recert_decision_summary_free(recert_decision_summary *summary);
RECERT_EXTERN void recert_certification_task_free(recert_certification_task *task);
RECERT_EXTERN void recert_certification_task_list_free(recert_certification_task_list *l);

/** True when status is SUCCESS or ERROR. */
RECERT_EXTERN bool recert_certification_task_is_finished(const recert_certification_task *task);

/** ReviewDecision (request): one element of a decide body. All memory stays the caller's. */
typedef struct recert_review_decision {
    const char *id;                /**< an access review item id */
    const char *decision;          /**< "APPROVE" or "REVOKE" */
    bool bulk;                     /**< part of a bulk decision (required by the API) */
    const char *comments;          /**< NULL: not sent */
    const char *proposed_end_date; /**< date-time of the removal (REVOKE only); NULL: not sent */
} recert_review_decision;

RECERT_END_DECLS

#endif
