/*
 * dispatch: the request pipeline, driven by the operation table.
 *
 *   route ─▶ limits ─▶ authenticate ─▶ rate limit ─▶ authorize ─▶ body
 *         ─▶ query and collection parameters ─▶ handler ─▶ commit
 *         ─▶ status from the row, or the error body
 *
 * Authorization comes before any validation, so a refused caller learns
 * nothing from the answer but that the certification exists. It runs in
 * the request's transaction (req_tx), which the handler goes on using, so
 * what was checked is what is read or changed.
 *
 * Nothing here knows an operation by name: every decision comes from the
 * request's row in ops[].
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../common/clock.h"
#include "../review/access.h"
#include "../worker/worker.h"
#include "auth.h"
#include "collection.h"
#include "ops.h"
#include "ratelimit.h"
#include "reply.h"
#include "server.h"

/* Finds the row for the request's method and path. When the path exists
 * with other methods only, req->allow lists them all. */
static const op_t *route(req_t *req)
{
    const op_t *found = NULL;
    size_t allow_len = 0;
    for (size_t i = 0; i < op_count && !found; i++) {
        const char *params[REQ_MAX_PARAMS] = { 0 };
        if (!op_match(&ops[i], req->path, req->param_store, sizeof req->param_store, params))
            continue;
        if (strcmp(ops[i].method, req->method) == 0) {
            found = &ops[i];
            memcpy(req->params, params, sizeof params);
        } else if (!strstr(req->allow, ops[i].method)) {
            int n = snprintf(req->allow + allow_len, sizeof req->allow - allow_len, "%s%s",
                             allow_len ? ", " : "", ops[i].method);
            if (n > 0 && (size_t)n < sizeof req->allow - allow_len)
                allow_len += (size_t)n;
        }
    }
    return found;
}

static rc_t rate_limit(req_t *req, const op_t *op)
{
    ratelimit_t *rl = req->server->api_limit;
    if (op->api == API_OAUTH || !rl)
        return RC_OK;
    char key[200];
    int len = snprintf(key, sizeof key, "%s|%s", op_api_name(op->api), req->who.client_id);
    int wait = ratelimit_take(rl, key, (size_t)len, clock_mono_ms());
    if (!wait)
        return RC_OK;
    req->retry_after = wait;
    return req_fail(req, RC_ERATE, NULL);
}

/* AUTH_ADMIN: ORG_ADMIN or CERT_ADMIN.
 * AUTH_CERT: an admin, or a reviewer of the certification in path
 * parameter 0; an unknown certification is 404 for everyone. */
static rc_t authorize(req_t *req, const op_t *op)
{
    if (op->auth == AUTH_ADMIN && !req->who.admin)
        return req_fail(req, RC_EFORBIDDEN, "%s needs the ORG_ADMIN or CERT_ADMIN authority",
                        op->id);
    if (op->auth != AUTH_CERT)
        return RC_OK;
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    store_rc src;
    switch (review_cert_access(tx, req->who.identity_id, req->who.admin, req->params[0],
                               &req->problems, &src)) {
    case ACCESS_GRANTED: return RC_OK;
    case ACCESS_NO_SUCH_CERT: return req_fail(req, RC_ENOTFOUND, NULL);
    case ACCESS_DENIED: return req_fail(req, RC_EFORBIDDEN, NULL);
    case ACCESS_STORE_FAILED: break;
    }
    return req_store_failure(req, src);
}

/* BODY_JSON(_ARRAY): a JSON object (array), sent as application/json. */
static rc_t decode_body(req_t *req, const op_t *op)
{
    if (op->body != BODY_JSON && op->body != BODY_JSON_ARRAY)
        return RC_OK;
    const char *ct = req_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] && ct[16] != ';' && ct[16] != ' '))
        return req_fail(req, RC_EINVALID, "Content-Type must be application/json");
    if (req->body.len == 0)
        return req_fail(req, RC_EINVALID, "the request body is required (a %s)",
                        op->body_schema);
    json_error_t je;
    req->json = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!req->json)
        return req_fail(req, RC_EINVALID, "body: invalid JSON at line %d, column %d: %s",
                        je.line, je.column, je.text);
    if (op->body == BODY_JSON_ARRAY && !json_is_array(req->json))
        return req_fail(req, RC_EINVALID, "body: must be a JSON array (of %s)", op->body_schema);
    if (op->body == BODY_JSON && !json_is_object(req->json))
        return req_fail(req, RC_EINVALID, "body: must be a JSON object (a %s)", op->body_schema);
    return RC_OK;
}

/* PARAM_ID_LIST: ids separated by commas, none empty (spaces around one
 * are allowed), at most OP_MAX_IDS. */
static rc_t check_id_list(req_t *req, const char *name, const char *v)
{
    size_t n = 0;
    for (const char *p = v;; p++) {
        const char *end = p + strcspn(p, ",");
        const char *q = p;
        while (q < end && *q == ' ')
            q++;
        if (q == end)
            return req_fail(req, RC_EINVALID, "%s: must be one or more comma-separated ids%s",
                            name, *v ? " (one of them is empty)" : "");
        if (++n > OP_MAX_IDS)
            return req_fail(req, RC_EINVALID, "%s: at most %d ids", name, OP_MAX_IDS);
        p = end;
        if (!*p)
            return RC_OK;
    }
}

/* query_exclusive: the parameters given, when more than one is. */
static rc_t check_exclusive(req_t *req, const op_t *op)
{
    char given[128] = "", all[128] = "";
    size_t n = 0, count = 0;
    for (size_t i = 0; i < OP_MAX_QUERY_PARAMS && op->query[i].name; i++)
        count++;
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(all);
        snprintf(all + len, sizeof all - len, "%s%s", i ? ", " : "", op->query[i].name);
        if (!req->query_values[i])
            continue;
        len = strlen(given);
        snprintf(given + len, sizeof given - len, "%s%s", n ? " and " : "", op->query[i].name);
        n++;
    }
    if (n < 2)
        return RC_OK;
    return req_fail(req, RC_EINVALID, "%s cannot be used together: give only one of %s", given,
                    all);
}

/* The row's own query parameters, in order. */
static rc_t decode_query(req_t *req, const op_t *op)
{
    for (size_t i = 0; i < OP_MAX_QUERY_PARAMS && op->query[i].name; i++) {
        const op_param *p = &op->query[i];
        bool dup = false, dup2 = false;
        const char *v = req_query(req, p->name, &dup);
        if (!v && p->alias)
            v = req_query(req, p->alias, &dup2);
        if (dup || dup2)
            return req_fail(req, RC_EINVALID, "%s: given more than once", p->name);
        switch (p->kind) {
        case PARAM_IDENTITY_OR_ME:
            if (v && !*v)
                return req_fail(req, RC_EINVALID, "%s: must be an identity id or \"me\"",
                                p->name);
            if (v && strcasecmp(v, "me") == 0)
                v = req->who.identity_id;
            break;
        case PARAM_ID_LIST:
            if (v && check_id_list(req, p->name, v) != RC_OK)
                return req->rc;
            break;
        }
        req->query_values[i] = v;
    }
    return op->query_exclusive ? check_exclusive(req, op) : RC_OK;
}

/* Ends the request's transaction: committed when the request succeeded
 * (a failed commit fails the request, and what was rendered is dropped). */
static void finish_tx(req_t *req)
{
    if (!req->tx)
        return;
    store_tx *tx = req->tx;
    req->tx = NULL;
    if (req->rc != RC_OK) {
        store_rollback(tx);
        return;
    }
    store_rc rc = store_commit(tx);
    if (rc != STORE_OK) {
        buf_reset(&req->out);
        req->wake_workers = false;
        req_store_failure(req, rc == STORE_NOTFOUND ? STORE_ERROR : rc);
    }
}

static void run_op(req_t *req)
{
    server_t *srv = req->server;
    const op_t *op = route(req);
    if (!op) {
        if (req->allow[0])
            req_fail(req, RC_EMETHOD, "%s is not allowed on %s; use %s", req->method, req->path,
                     req->allow);
        else
            req_fail(req, RC_ENOTFOUND, "no such resource: %s", req->path);
        return;
    }
    req->op = op;
    req->allow[0] = '\0';
    if (req->body_too_large) {
        req_fail(req, RC_ETOOLARGE, "request body is larger than %zu bytes", srv->cfg.max_body);
        return;
    }
    if (req->query_bad) {
        req_fail(req, RC_EINVALID, "the query string is malformed (bad percent-encoding)");
        return;
    }
    if (op->auth != AUTH_NONE && auth_bearer(req) != RC_OK)
        return;
    if (rate_limit(req, op) != RC_OK)
        return;
    if (authorize(req, op) != RC_OK || decode_body(req, op) != RC_OK ||
        decode_query(req, op) != RC_OK ||
        (op->collection && collection_parse(req, op->collection, &req->col) != RC_OK))
        return;
    rc_t rc = op->handler(req, req->params);
    if (rc != RC_OK && req->rc == RC_OK)
        req_fail(req, rc, NULL);
}

void req_run(req_t *req)
{
    run_op(req);
    finish_tx(req);
    if (req->rc != RC_OK) {
        reply_error(req);
        return;
    }
    if (!req->status)
        req->status = req->op->status;
    if (req->wake_workers)
        worker_notify(req->server->workers);
}
