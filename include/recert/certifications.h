/*
 * recert/certifications.h: the six operations of SailPoint's
 * CertificationsApi (beta), with the SDK's names and parameters, and
 * iterators that walk a collection page by page.
 *
 * Common to every operation:
 *  - client is used by one thread at a time;
 *  - ids are sent percent-encoded, so any string is safe;
 *  - on failure *out is left untouched and recert_client_last_error()
 *    holds the detail;
 *  - possible codes: RECERT_OK, RECERT_EINVALID (NULL or empty argument,
 *    wrong params version), RECERT_ENOMEM, RECERT_ENETWORK, RECERT_EAUTH,
 *    RECERT_EFORBIDDEN, RECERT_ENOTFOUND, RECERT_EBADREQUEST,
 *    RECERT_ERATELIMIT, RECERT_ESERVER, RECERT_EHTTP, RECERT_EPROTOCOL.
 *
 * GETs are retried after connection failures and 5xx (exponential
 * backoff) and after 429 (Retry-After). The reassignment POST is retried
 * only when the server provably did not process it: after 429, and once
 * after a 401 with a renewed token.
 */
#ifndef RECERT_CERTIFICATIONS_H
#define RECERT_CERTIFICATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "common.h"
#include "error.h"
#include "iter.h"
#include "types.h"

RECERT_BEGIN_DECLS

#define RECERT_PARAMS_VERSION 1

/*
 * Collection parameters. limit: 0..250, a negative value is not sent
 * (server default 250); offset: a negative value is not sent (0); count:
 * ask for X-Total-Count (list->total); filters and sorters: SailPoint's
 * syntax, NULL for none.
 */

/** Parameters of recert_list_certifications. */
typedef struct recert_list_certifications_params {
    unsigned int version;          /**< RECERT_PARAMS_VERSION */
    const char *reviewer_identity; /**< an identity id, or "me"; sent as the beta API's
                                        "reviewer-identitiy" (sic) */
    int limit;
    int offset;
    bool count;
    const char *filters;           /**< id eq,in; phase eq; completed eq,ne;
                                        campaignRef.campaignType eq,in; campaignRef.id eq,in */
    const char *sorters;           /**< name, due, signed */
} recert_list_certifications_params;
#define RECERT_LIST_CERTIFICATIONS_PARAMS_INIT \
    { RECERT_PARAMS_VERSION, NULL, -1, -1, false, NULL, NULL }

/** Parameters of recert_list_certification_reviewers. */
typedef struct recert_list_certification_reviewers_params {
    unsigned int version;
    int limit;
    int offset;
    bool count;
    const char *filters;  /**< id eq,in; name eq,sw; email eq,sw */
    const char *sorters;  /**< name, email */
} recert_list_certification_reviewers_params;
#define RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT \
    { RECERT_PARAMS_VERSION, -1, -1, false, NULL, NULL }

/** Parameters of recert_get_identity_certification_item_permissions. */
typedef struct recert_get_identity_certification_item_permissions_params {
    unsigned int version;
    const char *filters;  /**< target eq,sw; rights ca */
    int limit;
    int offset;
    bool count;
} recert_get_identity_certification_item_permissions_params;
#define RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT \
    { RECERT_PARAMS_VERSION, NULL, -1, -1, false }

/**
 * GET /beta/certifications/{certificationId}/access-review-items/{itemId}/permissions
 * @param[out] out caller-owned; free with recert_permission_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_get_identity_certification_item_permissions(
    recert_permission_list **out, recert_client *client, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params);

/**
 * GET /beta/certifications/{id}/tasks-pending: the QUEUED and IN_PROGRESS tasks.
 * @param[out] out caller-owned; free with recert_task_list_free.
 */
RECERT_EXTERN recert_code recert_get_identity_certification_pending_tasks(
    recert_task_list **out, recert_client *client, const char *id);

/**
 * GET /beta/certifications/{id}/tasks/{taskId}
 * @param[out] out caller-owned; free with recert_task_free.
 */
RECERT_EXTERN recert_code recert_get_identity_certification_task_status(
    recert_task **out, recert_client *client, const char *id, const char *task_id);

/**
 * GET /beta/certifications/{id}/reviewers
 * @param[out] out caller-owned; free with recert_identity_reference_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_list_certification_reviewers(
    recert_identity_reference_list **out, recert_client *client, const char *id,
    const recert_list_certification_reviewers_params *params);

/**
 * GET /beta/certifications: the certifications the caller may review
 * (all of them for ORG_ADMIN and CERT_ADMIN).
 * @param[out] out caller-owned; free with recert_certification_list_free.
 * @param params NULL for defaults.
 */
RECERT_EXTERN recert_code recert_list_certifications(
    recert_certification_list **out, recert_client *client,
    const recert_list_certifications_params *params);

/**
 * POST /beta/certifications/{id}/reassign-async: queues a task that moves
 * the referenced items or identities to another reviewer. Poll it with
 * recert_get_identity_certification_task_status().
 * @param[out] out the queued task, caller-owned; free with recert_task_free.
 * @return as above; RECERT_EINVALID also when review_reassign has no
 *         references, or a NULL id, type, reassign_to or reason.
 */
RECERT_EXTERN recert_code recert_submit_reassign_certs_async(
    recert_task **out, recert_client *client, const char *id,
    const recert_review_reassign *review_reassign);

/*
 * The beta iterators: recert_iter (recert/iter.h) under typed names, so
 * recert_iter_next/_item/_total/_free work on them too. _next sets *out to
 * the next item (borrowed, valid until the next call of _next or _free)
 * and returns RECERT_OK; at the end it returns RECERT_ITEROVER. After a
 * failure (any other code, detail in recert_client_last_error) calling
 * _next again retries the same page. _total is X-Total-Count once known,
 * else -1. Walk and end rules: recert/iter.h.
 */
typedef struct recert_iter recert_certification_iter;
typedef struct recert_iter recert_reviewer_iter;
typedef struct recert_iter recert_permission_iter;

/** @param[out] out caller-owned; free with recert_certification_iter_free. No request is made yet. */
RECERT_EXTERN recert_code recert_certification_iter_new(
    recert_certification_iter **out, recert_client *client,
    const recert_list_certifications_params *params);
RECERT_EXTERN recert_code recert_certification_iter_next(const recert_certification **out,
                                                         recert_certification_iter *iter);
RECERT_EXTERN int64_t recert_certification_iter_total(const recert_certification_iter *iter);
RECERT_EXTERN void recert_certification_iter_free(recert_certification_iter *iter);

/** Iterates recert_list_certification_reviewers. */
RECERT_EXTERN recert_code recert_reviewer_iter_new(
    recert_reviewer_iter **out, recert_client *client, const char *id,
    const recert_list_certification_reviewers_params *params);
RECERT_EXTERN recert_code recert_reviewer_iter_next(const recert_identity_reference **out,
                                                    recert_reviewer_iter *iter);
RECERT_EXTERN int64_t recert_reviewer_iter_total(const recert_reviewer_iter *iter);
RECERT_EXTERN void recert_reviewer_iter_free(recert_reviewer_iter *iter);

/** Iterates recert_get_identity_certification_item_permissions. */
RECERT_EXTERN recert_code recert_permission_iter_new(
    recert_permission_iter **out, recert_client *client, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params);
RECERT_EXTERN recert_code recert_permission_iter_next(const recert_permission **out,
                                                      recert_permission_iter *iter);
RECERT_EXTERN int64_t recert_permission_iter_total(const recert_permission_iter *iter);
RECERT_EXTERN void recert_permission_iter_free(recert_permission_iter *iter);

RECERT_END_DECLS

#endif
