/*
 * items: the v3 reads of one certification's review items and summaries:
 * access-review-items, decision-summary, identity-summaries (the list and
 * one), access-summaries/{type}.
 *
 * Their rows (ops.c) authorize the caller for the certification in path
 * parameter 0 (an admin, or one of its reviewers, directly or through its
 * governance group; 404 before 403) and parse the collection and query
 * parameters; a handler reads through the request's transaction and
 * renders with render_items.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../../common/jsonw.h"
#include "../../store/store.h"
#include "../render_items.h"
#include "handlers.h"

/* GET /v3/certifications/{id}/access-review-items */

/* The entitlements / access-profiles / roles parameter given (the row
 * allows one at most and checked its shape), split into ids. */
typedef struct access_narrowing {
    const char *type;
    char *copy;                     /* owned: the ids, NUL-separated */
    const char *ids[OP_MAX_IDS];
    size_t count;
} access_narrowing;

static int narrowing_parse(req_t *req, access_narrowing *n)
{
    static const char *const types[OP_MAX_QUERY_PARAMS] = { "ENTITLEMENT", "ACCESS_PROFILE",
                                                             "ROLE" };
    memset(n, 0, sizeof *n);
    for (size_t i = 0; i < OP_MAX_QUERY_PARAMS && !n->type; i++)
        if (req->query_values[i]) {
            n->type = types[i];
            n->copy = strdup(req->query_values[i]);
            if (!n->copy)
                return -1;
        }
    for (char *p = n->copy; p && n->count < OP_MAX_IDS;) {
        char *end = p + strcspn(p, ",");
        bool last = *end == '\0';
        *end = '\0';
        while (*p == ' ')
            p++;
        for (char *t = end; t > p && t[-1] == ' ';)
            *--t = '\0';
        n->ids[n->count++] = p;
        p = last ? NULL : end + 1;
    }
    return 0;
}

static store_rc item_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                          int64_t *total)
{
    const access_narrowing *n = arg;
    store_item_query q = { req->params[0], req->col.page, n->type, n->ids, n->count };
    return store_item_list(tx, &q, render_v3_item, w, total);
}

rc_t handle_v3_items(req_t *req, const char *const *params)
{
    (void)params;
    access_narrowing n;
    if (narrowing_parse(req, &n) != 0)
        return req_fail(req, RC_ERROR, NULL);
    rc_t rc = handler_list(req, item_page, &n);
    free(n.copy);
    return rc;
}

/* GET /v3/certifications/{id}/decision-summary */

rc_t handle_v3_decision_summary(req_t *req, const char *const *params)
{
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    store_decision_counts counts;
    store_rc src = store_decision_counts_get(tx, params[0], req->col.page.filter, &counts);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    jsonw_t w;
    jsonw_init(&w, &req->out);
    render_v3_decision_summary(&w, &counts);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* GET /v3/certifications/{id}/identity-summaries */

static store_rc summary_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                             int64_t *total)
{
    (void)arg;
    return store_summary_list(tx, req->params[0], &req->col.page, render_v3_identity_summary,
                              w, total);
}

rc_t handle_v3_identity_summaries(req_t *req, const char *const *params)
{
    (void)params;
    return handler_list(req, summary_page, NULL);
}

/* GET /v3/certifications/{id}/identity-summaries/{identitySummaryId} */

rc_t handle_v3_identity_summary(req_t *req, const char *const *params)
{
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = store_summary_get(tx, params[0], params[1], render_v3_identity_summary, &w);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, "certification \"%s\" has no identity summary \"%s\"",
                        params[0], params[1]);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* GET /v3/certifications/{id}/access-summaries/{type} */

static store_rc access_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                            int64_t *total)
{
    return store_access_summary_list(tx, req->params[0], arg, &req->col.page,
                                     render_v3_access_summary, w, total);
}

rc_t handle_v3_access_summaries(req_t *req, const char *const *params)
{
    static const char *const types[] = { "ROLE", "ACCESS_PROFILE", "ENTITLEMENT" };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(params[1], types[i]) == 0)
            return handler_list(req, access_page, types[i]);
    return req_fail(req, RC_EINVALID,
                    "type: \"%.64s\" is not an access type; use ROLE, ACCESS_PROFILE or "
                    "ENTITLEMENT", params[1]);
}
