/*
 * recert/v3.h: the v3 review operations of SailPoint's CertificationsApi
 * and CertificationSummariesApi (certifications-campaigns-v3), served
 * under {base}/v3, with iterators over their collections (recert/iter.h).
 *
 * Names are the v3 SDK's operation names with the prefix recert_v3_. The
 * rules of recert/certifications.h apply: one thread per client at a
 * time; ids are sent percent-encoded; on failure *out is untouched and
 * recert_client_last_error() holds the detail; the same codes.
 *
 * Retries: GETs are retried after connection failures and 5xx (backoff)
 * and 429 (Retry-After). The POSTs (decide, sign-off, reassign,
 * reassign-async) only after 429, and once after a 401 with a renewed
 * token: where the server provably did nothing. After a 5xx or a broken
 * connection such a call fails, and whether it took effect is for the
 * caller to check (e.g. recert_v3_get_identity_certification).
 */
#ifndef RECERT_V3_H
#define RECERT_V3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certifications.h"
#include "client.h"
#include "common.h"
#include "error.h"
#include "iter.h"
#include "types.h"

RECERT_BEGIN_DECLS

/* The most decisions one decide call takes, and references one sync reassign takes. */
#define RECERT_V3_MAX_DECISIONS 250
#define RECERT_V3_MAX_SYNC_REASSIGN 50

/*
 * Parameters (version RECERT_PARAMS_VERSION; start from the _INIT macro).
 * limit 0..250 (negative: not sent, server default 250), offset (negative:
 * not sent), count (ask for X-Total-Count: list->total), filters and
 * sorters in SailPoint's syntax (NULL: none). The comment of each names
 * the fields the spec lets it filter and sort on.
 */

/** recert_v3_list_identity_certifications. */
typedef struct recert_v3_list_certifications_params {
    unsigned int version;
    const char *reviewer_identity; /**< an identity id, or "me"; sent as reviewer-identity */
    int limit;
    int offset;
    bool count;
    const char *filters;  /**< id eq,in; campaign.id eq,in; phase eq; completed eq */
    const char *sorters;  /**< name, due, signed */
} recert_v3_list_certifications_params;
#define RECERT_V3_LIST_CERTIFICATIONS_PARAMS_INIT \
    { RECERT_PARAMS_VERSION, NULL, -1, -1, false, NULL, NULL }

/**
 * recert_v3_list_identity_access_review_items. At most one of
 * entitlements, access_profiles and roles (comma-separated ids) may be
 * set: two or more fail with RECERT_EINVALID before any request.
 */
typedef struct recert_v3_list_access_review_items_params {
    unsigned int version;
    int limit;
    int offset;
    bool count;
    const char *filters;  /**< id eq,in; type eq; access.type eq; completed eq,ne;
                               identitySummary.id eq,in; identitySummary.name eq,sw;
                               access.id eq,in; access.name eq,sw; entitlement.sourceName eq,sw;
                               accessProfile.sourceName eq,sw */
    const char *sorters;  /**< identitySummary.name, access.name, access.type,
                               entitlement.sourceName, accessProfile.sourceName */
    const char *entitlements;    /**< entitlement ids, comma-separated */
    const char *access_profiles; /**< access profile ids; sent as access-profiles */
    const char *roles;           /**< role ids */
} recert_v3_list_access_review_items_params;
#define RECERT_V3_LIST_ACCESS_REVIEW_ITEMS_PARAMS_INIT \
    { RECERT_PARAMS_VERSION, -1, -1, false, NULL, NULL, NULL, NULL, NULL }

/**
 * recert_v3_get_identity_summaries (filters id eq,in; completed eq,ne;
 * name eq,sw; sorters name) and recert_v3_get_identity_access_summaries
 * (filters completed eq,ne; access.id eq,in; access.name eq,sw;
 * entitlement.sourceName eq,sw; accessProfile.sourceName eq,sw; sorters
 * access.name).
 */
typedef struct recert_v3_summaries_params {
    unsigned int version;
    int limit;
    int offset;
    bool count;
    const char *filters;
    const char *sorters;
} recert_v3_summaries_params;
#define RECERT_V3_SUMMARIES_PARAMS_INIT { RECERT_PARAMS_VERSION, -1, -1, false, NULL, NULL }

/** recert_v3_get_pending_certification_tasks. */
typedef struct recert_v3_list_certification_tasks_params {
    unsigned int version;
    const char *reviewer_identity; /**< an identity id, or "me"; sent as reviewer-identity */
    int limit;
    int offset;
    bool count;
    const char *filters;  /**< id eq,in; targetId eq,in; type eq,in */
} recert_v3_list_certification_tasks_params;
#define RECERT_V3_LIST_CERTIFICATION_TASKS_PARAMS_INIT \
    { RECERT_PARAMS_VERSION, NULL, -1, -1, false, NULL }

/* ---- certifications ------------------------------------------------------- */

/**
 * GET /v3/certifications: the certifications the caller may review (every
 * one for ORG_ADMIN and CERT_ADMIN).
 * @param[out] out caller-owned; free with recert_identity_certification_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_v3_list_identity_certifications(
    recert_identity_certification_list **out, recert_client *client,
    const recert_v3_list_certifications_params *params);

/**
 * GET /v3/certifications/{id}
 * @param[out] out caller-owned; free with recert_identity_certification_free.
 */
RECERT_EXTERN recert_code recert_v3_get_identity_certification(
    recert_identity_certification **out, recert_client *client, const char *id);

/**
 * GET /v3/certifications/{id}/access-review-items
 * @param[out] out caller-owned; free with recert_access_review_item_list_free.
 * @param params NULL for defaults.
 * @return also RECERT_EINVALID when more than one of entitlements,
 *         access_profiles and roles is set.
 */
RECERT_EXTERN recert_code recert_v3_list_identity_access_review_items(
    recert_access_review_item_list **out, recert_client *client, const char *id,
    const recert_v3_list_access_review_items_params *params);

/* ---- reviewing -------------------------------------------------------------- */

/**
 * POST /v3/certifications/{id}/decide: decisions[0..count) in one request.
 * The server applies the whole batch or none of it.
 * @param[out] out the certification afterwards (counters updated),
 *             caller-owned; free with recert_identity_certification_free.
 * @return as above; RECERT_EINVALID also for count 0 or above
 *         RECERT_V3_MAX_DECISIONS, or a decision without id or decision.
 */
RECERT_EXTERN recert_code recert_v3_make_identity_decision(
    recert_identity_certification **out, recert_client *client, const char *id,
    const recert_review_decision *decisions, size_t count);

/**
 * POST /v3/certifications/{id}/sign-off (no body): the certification
 * becomes SIGNED once every item is decided.
 * @param[out] out caller-owned; free with recert_identity_certification_free.
 */
RECERT_EXTERN recert_code recert_v3_sign_off_identity_certification(
    recert_identity_certification **out, recert_client *client, const char *id);

/**
 * POST /v3/certifications/{id}/reassign: moves the referenced items or
 * identities at once (at most RECERT_V3_MAX_SYNC_REASSIGN references).
 * @param[out] out the source certification after the move, caller-owned;
 *             free with recert_identity_certification_free.
 * @return as above; RECERT_EINVALID also when review_reassign has no
 *         references or more than 50, or a NULL id, type, reassign_to or reason.
 */
RECERT_EXTERN recert_code recert_v3_reassign_identity_certifications(
    recert_identity_certification **out, recert_client *client, const char *id,
    const recert_review_reassign *review_reassign);

/**
 * POST /v3/certifications/{id}/reassign-async: queues a REASSIGN task (up
 * to 500 references); poll it with recert_v3_get_certification_task().
 * @param[out] out the queued task, caller-owned; free with recert_certification_task_free.
 */
RECERT_EXTERN recert_code recert_v3_submit_reassign_certs_async(
    recert_certification_task **out, recert_client *client, const char *id,
    const recert_review_reassign *review_reassign);

/* ---- summaries ---------------------------------------------------------- */

/**
 * GET /v3/certifications/{id}/identity-summaries
 * @param[out] out caller-owned; free with recert_identity_summary_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_v3_get_identity_summaries(
    recert_identity_summary_list **out, recert_client *client, const char *id,
    const recert_v3_summaries_params *params);

/**
 * GET /v3/certifications/{id}/identity-summaries/{identitySummaryId}
 * @param[out] out caller-owned; free with recert_identity_summary_free.
 */
RECERT_EXTERN recert_code recert_v3_get_identity_summary(
    recert_identity_summary **out, recert_client *client, const char *id,
    const char *identity_summary_id);

/**
 * GET /v3/certifications/{id}/access-summaries/{type}
 * @param type "ROLE", "ACCESS_PROFILE" or "ENTITLEMENT" (sent as given;
 *        the server refuses another with 400).
 * @param[out] out caller-owned; free with recert_access_summary_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_v3_get_identity_access_summaries(
    recert_access_summary_list **out, recert_client *client, const char *id, const char *type,
    const recert_v3_summaries_params *params);

/**
 * GET /v3/certifications/{id}/decision-summary
 * @param filters identitySummary.id eq,in; NULL for none.
 * @param[out] out caller-owned; free with recert_decision_summary_free.
 */
RECERT_EXTERN recert_code recert_v3_get_identity_decision_summary(
    recert_decision_summary **out, recert_client *client, const char *id, const char *filters);

/* ---- tasks ---------------------------------------------------------------- */

/**
 * GET /v3/certification-tasks: the pending tasks of the certifications
 * the caller may review.
 * @param[out] out caller-owned; free with recert_certification_task_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_v3_get_pending_certification_tasks(
    recert_certification_task_list **out, recert_client *client,
    const recert_v3_list_certification_tasks_params *params);

/**
 * GET /v3/certification-tasks/{id}
 * @param[out] out caller-owned; free with recert_certification_task_free.
 */
RECERT_EXTERN recert_code recert_v3_get_certification_task(
    recert_certification_task **out, recert_client *client, const char *id);

/* ---- iterators (recert/iter.h); no request is made until recert_iter_next ---- */

/** Items: const recert_identity_certification *. */
RECERT_EXTERN recert_code recert_v3_identity_certifications_iter_new(
    recert_iter **out, recert_client *client, const recert_v3_list_certifications_params *params);
/** Items: const recert_access_review_item *. */
RECERT_EXTERN recert_code recert_v3_access_review_items_iter_new(
    recert_iter **out, recert_client *client, const char *id,
    const recert_v3_list_access_review_items_params *params);
/** Items: const recert_identity_summary *. */
RECERT_EXTERN recert_code recert_v3_identity_summaries_iter_new(
    recert_iter **out, recert_client *client, const char *id,
    const recert_v3_summaries_params *params);
/** Items: const recert_access_summary *. */
RECERT_EXTERN recert_code recert_v3_access_summaries_iter_new(
    recert_iter **out, recert_client *client, const char *id, const char *type,
    const recert_v3_summaries_params *params);
/** Items: const recert_certification_task *. */
RECERT_EXTERN recert_code recert_v3_certification_tasks_iter_new(
    recert_iter **out, recert_client *client,
    const recert_v3_list_certification_tasks_params *params);

RECERT_END_DECLS

#endif
