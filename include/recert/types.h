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
 */
#ifndef RECERT_TYPES_H
#define RECERT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

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

/** Reviewer (beta). */
typedef struct recert_reviewer {
    char *id;
    char *name;
    char *email;
    char *type;  /**< IDENTITY, GOVERNANCE_GROUP */
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

RECERT_END_DECLS

#endif
