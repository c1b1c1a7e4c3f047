/*
 * v3: the v3 review operations (certifications-campaigns-v3: the
 * CertificationsApi and CertificationSummariesApi calls on
 * /v3/certifications and /v3/certification-tasks) as rows of ops.c's
 * table, their iterators (the one pager), and the decide body. The
 * reviewer parameter is spelled reviewer-identity here, as v3 spells it.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_IDS RECERT_MAX_IDS

/* ---- parameters ------------------------------------------------------------ */

typedef recert_v3_list_certifications_params certs_params;
static const certs_params certs_defaults = RECERT_V3_LIST_CERTIFICATIONS_PARAMS_INIT;
static const query_param_t certs_query[] = {
    { "reviewer-identity", Q_STRING, offsetof(certs_params, reviewer_identity) },
    { "limit", Q_LIMIT, offsetof(certs_params, limit) },
    { "offset", Q_OFFSET, offsetof(certs_params, offset) },
    { "count", Q_COUNT, offsetof(certs_params, count) },
    { "filters", Q_STRING, offsetof(certs_params, filters) },
    { "sorters", Q_STRING, offsetof(certs_params, sorters) },
};

typedef recert_v3_list_access_review_items_params items_params;
static const items_params items_defaults = RECERT_V3_LIST_ACCESS_REVIEW_ITEMS_PARAMS_INIT;
static const query_param_t items_query[] = {
    { "limit", Q_LIMIT, offsetof(items_params, limit) },
    { "offset", Q_OFFSET, offsetof(items_params, offset) },
    { "count", Q_COUNT, offsetof(items_params, count) },
    { "filters", Q_STRING, offsetof(items_params, filters) },
    { "sorters", Q_STRING, offsetof(items_params, sorters) },
    { "entitlements", Q_STRING, offsetof(items_params, entitlements) },
    { "access-profiles", Q_STRING, offsetof(items_params, access_profiles) },
    { "roles", Q_STRING, offsetof(items_params, roles) },
};

/* entitlements, access-profiles and roles: one at most (the spec's rule). */
static const char *check_items_params(const void *params)
{
    const items_params *p = params;
    int set = (p->entitlements != NULL) + (p->access_profiles != NULL) + (p->roles != NULL);
    return set > 1 ? "entitlements, access_profiles and roles are exclusive: set one at most"
                   : NULL;
}

typedef recert_v3_summaries_params summaries_params;
static const summaries_params summaries_defaults = RECERT_V3_SUMMARIES_PARAMS_INIT;
static const query_param_t summaries_query[] = {
    { "limit", Q_LIMIT, offsetof(summaries_params, limit) },
    { "offset", Q_OFFSET, offsetof(summaries_params, offset) },
    { "count", Q_COUNT, offsetof(summaries_params, count) },
    { "filters", Q_STRING, offsetof(summaries_params, filters) },
    { "sorters", Q_STRING, offsetof(summaries_params, sorters) },
};

typedef recert_v3_list_certification_tasks_params tasks_params;
static const tasks_params tasks_defaults = RECERT_V3_LIST_CERTIFICATION_TASKS_PARAMS_INIT;
static const query_param_t tasks_query[] = {
    { "reviewer-identity", Q_STRING, offsetof(tasks_params, reviewer_identity) },
    { "limit", Q_LIMIT, offsetof(tasks_params, limit) },
    { "offset", Q_OFFSET, offsetof(tasks_params, offset) },
    { "count", Q_COUNT, offsetof(tasks_params, count) },
    { "filters", Q_STRING, offsetof(tasks_params, filters) },
};

/* decision-summary takes filters only: its params are internal. */
typedef struct decision_summary_params {
    unsigned int version;
    const char *filters;
} decision_summary_params;
static const decision_summary_params decision_summary_defaults = { RECERT_PARAMS_VERSION, NULL };
static const query_param_t decision_summary_query[] = {
    { "filters", Q_STRING, offsetof(decision_summary_params, filters) },
};

/* ---- the decide body --------------------------------------------------------- */

typedef struct decisions {
    const recert_review_decision *items;
    size_t count;
} decisions_t;

static const char *check_decisions(const void *body)
{
    const decisions_t *d = body;
    if (!d->items || !d->count)
        return "no decisions";
    if (d->count > RECERT_V3_MAX_DECISIONS)
        return "more than 250 decisions in one call";
    for (size_t i = 0; i < d->count; i++)
        if (!d->items[i].id || !*d->items[i].id || !d->items[i].decision ||
            !*d->items[i].decision)
            return "a decision without id or decision";
    return NULL;
}

static recert_code encode_decisions(char **out, const void *body)
{
    const decisions_t *d = body;
    return recert__encode_review_decisions(out, d->items, d->count);
}

/* ---- the operation table ------------------------------------------------------ */

#define CERT "/v3/certifications/{certification id}"

static const op_t op_list_certifications = {
    .path = "/v3/certifications", .query = QUERY(certs_query), .defaults = &certs_defaults,
    .params_size = sizeof certs_defaults, .dto = &recert__dto_identity_certification,
    .list = true,
};
static const op_t op_get_certification = {
    .path = CERT, .dto = &recert__dto_identity_certification,
};
static const op_t op_list_items = {
    .path = CERT "/access-review-items", .query = QUERY(items_query),
    .defaults = &items_defaults, .params_size = sizeof items_defaults,
    .dto = &recert__dto_access_review_item, .list = true, .check_params = check_items_params,
};
static const op_t op_decide = {
    .path = CERT "/decide", .dto = &recert__dto_identity_certification, .post = true,
    .body_name = "decisions", .check_body = check_decisions, .encode_body = encode_decisions,
};
static const op_t op_sign_off = {
    .path = CERT "/sign-off", .dto = &recert__dto_identity_certification, .post = true,
};
static const op_t op_reassign = {
    .path = CERT "/reassign", .dto = &recert__dto_identity_certification, .post = true,
    .body_name = "review_reassign", .check_body = recert__check_reassign_sync,
    .encode_body = recert__encode_reassign,
};
static const op_t op_reassign_async = {
    .path = CERT "/reassign-async", .dto = &recert__dto_certification_task, .post = true,
    .body_name = "review_reassign", .check_body = recert__check_reassign_async,
    .encode_body = recert__encode_reassign,
};
static const op_t op_identity_summaries = {
    .path = CERT "/identity-summaries", .query = QUERY(summaries_query),
    .defaults = &summaries_defaults, .params_size = sizeof summaries_defaults,
    .dto = &recert__dto_identity_summary, .list = true,
};
static const op_t op_identity_summary = {
    .path = CERT "/identity-summaries/{identity summary id}", .dto = &recert__dto_identity_summary,
};
static const op_t op_access_summaries = {
    .path = CERT "/access-summaries/{type}", .query = QUERY(summaries_query),
    .defaults = &summaries_defaults, .params_size = sizeof summaries_defaults,
    .dto = &recert__dto_access_summary, .list = true,
};
static const op_t op_decision_summary = {
    .path = CERT "/decision-summary", .query = QUERY(decision_summary_query),
    .defaults = &decision_summary_defaults, .params_size = sizeof decision_summary_defaults,
    .dto = &recert__dto_decision_summary,
};
static const op_t op_list_tasks = {
    .path = "/v3/certification-tasks", .query = QUERY(tasks_query), .defaults = &tasks_defaults,
    .params_size = sizeof tasks_defaults, .dto = &recert__dto_certification_task, .list = true,
};
static const op_t op_get_task = {
    .path = "/v3/certification-tasks/{task id}", .dto = &recert__dto_certification_task,
};

/* ---- the operations -------------------------------------------------------------- */

recert_code recert_v3_list_identity_certifications(recert_identity_certification_list **out,
                                                   recert_client *c,
                                                   const recert_v3_list_certifications_params *p)
{
    const char *ids[MAX_IDS] = { NULL };
    return recert__op_call(c, &op_list_certifications, out, ids, p, NULL);
}

recert_code recert_v3_get_identity_certification(recert_identity_certification **out,
                                                 recert_client *c, const char *id)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_get_certification, out, ids, NULL, NULL);
}

recert_code recert_v3_list_identity_access_review_items(
    recert_access_review_item_list **out, recert_client *c, const char *id,
    const recert_v3_list_access_review_items_params *p)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_list_items, out, ids, p, NULL);
}

recert_code recert_v3_make_identity_decision(recert_identity_certification **out,
                                             recert_client *c, const char *id,
                                             const recert_review_decision *decisions, size_t count)
{
    const char *ids[MAX_IDS] = { id };
    decisions_t body = { decisions, count };
    return recert__op_call(c, &op_decide, out, ids, NULL, &body);
}

recert_code recert_v3_sign_off_identity_certification(recert_identity_certification **out,
                                                      recert_client *c, const char *id)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_sign_off, out, ids, NULL, NULL);
}

recert_code recert_v3_reassign_identity_certifications(recert_identity_certification **out,
                                                       recert_client *c, const char *id,
                                                       const recert_review_reassign *r)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_reassign, out, ids, NULL, r);
}

recert_code recert_v3_submit_reassign_certs_async(recert_certification_task **out,
                                                  recert_client *c, const char *id,
                                                  const recert_review_reassign *r)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_reassign_async, out, ids, NULL, r);
}

recert_code recert_v3_get_identity_summaries(recert_identity_summary_list **out,
                                             recert_client *c, const char *id,
                                             const recert_v3_summaries_params *p)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_identity_summaries, out, ids, p, NULL);
}

recert_code recert_v3_get_identity_summary(recert_identity_summary **out, recert_client *c,
                                           const char *id, const char *identity_summary_id)
{
    const char *ids[MAX_IDS] = { id, identity_summary_id };
    return recert__op_call(c, &op_identity_summary, out, ids, NULL, NULL);
}

recert_code recert_v3_get_identity_access_summaries(recert_access_summary_list **out,
                                                    recert_client *c, const char *id,
                                                    const char *type,
                                                    const recert_v3_summaries_params *p)
{
    const char *ids[MAX_IDS] = { id, type };
    return recert__op_call(c, &op_access_summaries, out, ids, p, NULL);
}

recert_code recert_v3_get_identity_decision_summary(recert_decision_summary **out,
                                                    recert_client *c, const char *id,
                                                    const char *filters)
{
    const char *ids[MAX_IDS] = { id };
    decision_summary_params p = { RECERT_PARAMS_VERSION, filters };
    return recert__op_call(c, &op_decision_summary, out, ids, &p, NULL);
}

recert_code recert_v3_get_pending_certification_tasks(
    recert_certification_task_list **out, recert_client *c,
    const recert_v3_list_certification_tasks_params *p)
{
    const char *ids[MAX_IDS] = { NULL };
    return recert__op_call(c, &op_list_tasks, out, ids, p, NULL);
}

recert_code recert_v3_get_certification_task(recert_certification_task **out, recert_client *c,
                                             const char *id)
{
    const char *ids[MAX_IDS] = { id };
    return recert__op_call(c, &op_get_task, out, ids, NULL, NULL);
}

/* ---- iterators ------------------------------------------------------------------ */

recert_code recert_v3_identity_certifications_iter_new(recert_iter **out, recert_client *c,
                                                       const recert_v3_list_certifications_params *p)
{
    const char *ids[MAX_IDS] = { NULL };
    return recert__iter_new(out, c, &op_list_certifications, ids, p);
}

recert_code recert_v3_access_review_items_iter_new(recert_iter **out, recert_client *c,
                                                   const char *id,
                                                   const recert_v3_list_access_review_items_params *p)
{
    const char *ids[MAX_IDS] = { id };
    return recert__iter_new(out, c, &op_list_items, ids, p);
}

recert_code recert_v3_identity_summaries_iter_new(recert_iter **out, recert_client *c,
                                                  const char *id,
                                                  const recert_v3_summaries_params *p)
{
    const char *ids[MAX_IDS] = { id };
    return recert__iter_new(out, c, &op_identity_summaries, ids, p);
}

recert_code recert_v3_access_summaries_iter_new(recert_iter **out, recert_client *c,
                                                const char *id, const char *type,
                                                const recert_v3_summaries_params *p)
{
    const char *ids[MAX_IDS] = { id, type };
    return recert__iter_new(out, c, &op_access_summaries, ids, p);
}

recert_code recert_v3_certification_tasks_iter_new(
    recert_iter **out, recert_client *c, const recert_v3_list_certification_tasks_params *p)
{
    const char *ids[MAX_IDS] = { NULL };
    return recert__iter_new(out, c, &op_list_tasks, ids, p);
}
