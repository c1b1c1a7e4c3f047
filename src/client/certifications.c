/*
 * certifications: the six CertificationsApi (beta) operations as rows of
 * ops.c's table, and the beta iterators (the one pager under typed names).
 * The public functions are thin typed wrappers over recert__op_call and
 * recert__iter_new. The reviewer parameter keeps the beta API's spelling,
 * reviewer-identitiy.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IDS RECERT_MAX_IDS

/* ---- the operation table ------------------------------------------------ */

static const recert_list_certifications_params certifications_defaults =
    RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
static const query_param_t certifications_query[] = {
    { "reviewer-identitiy", Q_STRING,
      offsetof(recert_list_certifications_params, reviewer_identity) },
    { "limit", Q_LIMIT, offsetof(recert_list_certifications_params, limit) },
    { "offset", Q_OFFSET, offsetof(recert_list_certifications_params, offset) },
    { "count", Q_COUNT, offsetof(recert_list_certifications_params, count) },
    { "filters", Q_STRING, offsetof(recert_list_certifications_params, filters) },
    { "sorters", Q_STRING, offsetof(recert_list_certifications_params, sorters) },
};

static const recert_list_certification_reviewers_params reviewers_defaults =
    RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
static const query_param_t reviewers_query[] = {
    { "limit", Q_LIMIT, offsetof(recert_list_certification_reviewers_params, limit) },
    { "offset", Q_OFFSET, offsetof(recert_list_certification_reviewers_params, offset) },
    { "count", Q_COUNT, offsetof(recert_list_certification_reviewers_params, count) },
    { "filters", Q_STRING, offsetof(recert_list_certification_reviewers_params, filters) },
    { "sorters", Q_STRING, offsetof(recert_list_certification_reviewers_params, sorters) },
};

typedef recert_get_identity_certification_item_permissions_params permissions_params;
static const permissions_params permissions_defaults =
    RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
static const query_param_t permissions_query[] = {
    { "filters", Q_STRING, offsetof(permissions_params, filters) },
    { "limit", Q_LIMIT, offsetof(permissions_params, limit) },
    { "offset", Q_OFFSET, offsetof(permissions_params, offset) },
    { "count", Q_COUNT, offsetof(permissions_params, count) },
};

static const op_t op_list_certifications = {
    .path = "/beta/certifications", .query = QUERY(certifications_query),
    .defaults = &certifications_defaults, .params_size = sizeof certifications_defaults,
    .dto = &recert__dto_certification, .list = true,
};
static const op_t op_list_reviewers = {
    .path = "/beta/certifications/{certification id}/reviewers", .query = QUERY(reviewers_query),
    .defaults = &reviewers_defaults, .params_size = sizeof reviewers_defaults,
    .dto = &recert__dto_identity_reference, .list = true,
};
static const op_t op_item_permissions = {
    .path = "/beta/certifications/{certification id}/access-review-items/{item id}/permissions",
    .query = QUERY(permissions_query), .defaults = &permissions_defaults,
    .params_size = sizeof permissions_defaults, .dto = &recert__dto_permission, .list = true,
};
static const op_t op_pending_tasks = {
    .path = "/beta/certifications/{certification id}/tasks-pending", .dto = &recert__dto_task,
    .list = true,
};
static const op_t op_task_status = {
    .path = "/beta/certifications/{certification id}/tasks/{task id}", .dto = &recert__dto_task,
};
static const op_t op_reassign = {
    .path = "/beta/certifications/{certification id}/reassign-async", .dto = &recert__dto_task,
    .post = true, .body_name = "review_reassign", .check_body = recert__check_reassign_async,
    .encode_body = recert__encode_reassign,
};

/* ---- the six operations -------------------------------------------------- */

recert_code recert_list_certifications(recert_certification_list **out, recert_client *c,
                                       const recert_list_certifications_params *params)
{
    const char *ids[MAX_IDS] = { NULL };
    return recert__op_call(c, &op_list_certifications, out, ids, params, NULL);
}

recert_code recert_list_certification_reviewers(
    recert_identity_reference_list **out, recert_client *c, const char *id,
    const recert_list_certification_reviewers_params *params)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_list_reviewers, out, ids, params, NULL);
}

recert_code recert_get_identity_certification_item_permissions(
    recert_permission_list **out, recert_client *c, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params)
{
    const char *ids[MAX_IDS] = { certification_id, item_id };
    return recert__op_call(c, &op_item_permissions, out, ids, params, NULL);
}

recert_code recert_get_identity_certification_pending_tasks(recert_task_list **out,
                                                            recert_client *c, const char *id)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_pending_tasks, out, ids, NULL, NULL);
}

recert_code recert_get_identity_certification_task_status(recert_task **out, recert_client *c,
                                                          const char *id, const char *task_id)
{
    const char *ids[MAX_IDS] = { id, task_id };
    return recert__op_call(c, &op_task_status, out, ids, NULL, NULL);
}

recert_code recert_submit_reassign_certs_async(recert_task **out, recert_client *c, const char *id,
                                               const recert_review_reassign *review_reassign)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_reassign, out, ids, NULL, review_reassign);
}

/* ---- the typed iterators (recert_iter under other names) ---------------- */

/* _next, _total and _free of a typed beta iterator over items of type T
 * (prefix and T are names, which parentheses would break). */
/* NOLINTBEGIN(bugprone-macro-parentheses): prefix and T are type names */
#define TYPED_ITER(prefix, T)                                              \
    recert_code prefix##_next(const T **out, prefix *it)                   \
    {                                                                      \
        recert_code rc = out ? recert_iter_next(it) : RECERT_EINVALID;     \
        if (rc == RECERT_OK)                                               \
            *out = recert_iter_item(it);                                   \
        return rc;                                                         \
    }                                                                      \
    int64_t prefix##_total(const prefix *it)                               \
    {                                                                      \
        return recert_iter_total(it);                                      \
    }                                                                      \
    void prefix##_free(prefix *it)                                         \
    {                                                                      \
        recert_iter_free(it);                                              \
    }

/* NOLINTEND(bugprone-macro-parentheses) */

TYPED_ITER(recert_certification_iter, recert_certification)
TYPED_ITER(recert_reviewer_iter, recert_identity_reference)
TYPED_ITER(recert_permission_iter, recert_permission)

recert_code recert_certification_iter_new(recert_certification_iter **out, recert_client *c,
                                          const recert_list_certifications_params *params)
{
    const char *ids[MAX_IDS] = { NULL };
    return recert__iter_new(out, c, &op_list_certifications, ids, params);
}

recert_code recert_reviewer_iter_new(recert_reviewer_iter **out, recert_client *c, const char *id,
                                     const recert_list_certification_reviewers_params *params)
{
    const char *ids[MAX_IDS] = { id };
    return recert__iter_new(out, c, &op_list_reviewers, ids, params);
}

recert_code recert_permission_iter_new(
    recert_permission_iter **out, recert_client *c, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params)
{
    const char *ids[MAX_IDS] = { certification_id, item_id };
    return recert__iter_new(out, c, &op_item_permissions, ids, params);
}

/* ---- ReviewReassign ------------------------------------------------------- */

/* The reassignment bodies (beta and v3 share ReviewReassign): at least one
 * and at most max references, each with an id and a type, a reassign_to
 * and a reason. */
static const char *check_reassign(const void *body, size_t max, const char *too_many)
{
    const recert_review_reassign *r = body;
    if (!r)
        return "review_reassign is NULL";
    if (!r->reassign || !r->reassign_count)
        return "nothing to reassign";
    if (r->reassign_count > max)
        return too_many;
    for (size_t i = 0; i < r->reassign_count; i++)
        if (!r->reassign[i].id || !r->reassign[i].type)
            return "a reassign reference without id or type";
    if (!r->reassign_to || !r->reason)
        return r->reassign_to ? "no reason" : "no reassign_to";
    return NULL;
}

const char *recert__check_reassign_async(const void *body)
{
    return check_reassign(body, SIZE_MAX, NULL); /* the server says how many it takes */
}

const char *recert__check_reassign_sync(const void *body)
{
    return check_reassign(body, RECERT_V3_MAX_SYNC_REASSIGN,
                          "more than 50 references to reassign at once (reassign-async takes 500)");
}

recert_code recert__encode_reassign(char **out, const void *body)
{
    return recert__encode_review_reassign(out, body);
}
