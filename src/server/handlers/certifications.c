/*
 * certifications: the reads of SailPoint's Certifications API (beta):
 * list-certifications, a certification's reviewers and a review item's
 * permissions.
 *
 * By the time a handler runs, its row (ops.c) has been applied: the caller
 * is authenticated and, for one certification's data, authorized in the
 * request's transaction (an admin, or one of its reviewers); the query and
 * collection parameters are parsed. list-certifications is open to any
 * token but returns only what the caller may review (everything for
 * ORG_ADMIN and CERT_ADMIN).
 */
#include "../../common/jsonw.h"
#include "../../store/store.h"
#include "../render.h"
#include "handlers.h"

rc_t handler_list(req_t *req, handler_list_fn fn, const void *arg)
{
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    jsonw_t w;
    jsonw_init(&w, &req->out);
    jsonw_arr_open(&w);
    int64_t total = 0;
    store_rc src = fn(tx, req, &w, arg, &total);
    if (src != STORE_OK)
        return req->rc != RC_OK ? req->rc : req_store_failure(req, src);
    jsonw_arr_close(&w);
    if (jsonw_failed(&w))
        return req_fail(req, RC_ERROR, NULL);
    if (req->col.page.count)
        req->total_count = total;
    return RC_OK;
}

/* GET /beta/certifications, GET /v3/certifications */

static store_rc cert_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                         int64_t *total)
{
    (void)arg;
    store_cert_query q = { req->col.page, req->who.admin ? NULL : req->who.identity_id,
                           req->query_values[0] };
    return store_cert_list(tx, &q, req->op->api == API_V3 ? render_cert_v3 : render_cert, w,
                           total);
}

rc_t handle_cert_list(req_t *req, const char *const *params)
{
    (void)params;
    /* The answer depends on the caller's view and on the reviewer asked
     * for ("me" resolved), besides the URI. */
    if (req_reuse_page(req, req->query_values[0]))
        return RC_OK;
    return handler_list(req, cert_page, NULL);
}

/* GET /beta/certifications/{id}/reviewers */

static store_rc reviewer_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                             int64_t *total)
{
    (void)arg;
    return store_reviewer_list(tx, req->params[0], &req->col.page, render_identity, w, total);
}

rc_t handle_cert_reviewers(req_t *req, const char *const *params)
{
    (void)params;
    return handler_list(req, reviewer_page, NULL);
}

/* GET /beta/certifications/{certificationId}/access-review-items/{itemId}/permissions */

static store_rc permission_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                               int64_t *total)
{
    (void)arg;
    store_rc rc = store_item_permissions(tx, req->params[0], req->params[1], &req->col.page,
                                         render_permission, w, total);
    if (rc == STORE_NOTFOUND)
        req_fail(req, RC_ENOTFOUND, "certification \"%s\" has no review item \"%s\"",
                 req->params[0], req->params[1]);
    return rc;
}

rc_t handle_item_permissions(req_t *req, const char *const *params)
{
    (void)params;
    return handler_list(req, permission_page, NULL);
}
