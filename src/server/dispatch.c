/*
 * dispatch: the request pipeline, driven by the operation table.
 *
 *   route ─▶ limits ─▶ authenticate ─▶ rate limit ─▶ authorize ─▶ handler
 *         ─▶ status from the row, or the error body
 *
 * Nothing here knows an operation by name: every decision comes from the
 * request's row in ops[].
 */
#include <stdio.h>
#include <string.h>

#include "../common/clock.h"
#include "auth.h"
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
    rc_t rc = op->handler(req, req->params);
    if (rc != RC_OK && req->rc == RC_OK)
        req_fail(req, rc, NULL);
    if (req->rc == RC_OK && !req->status)
        req->status = op->status;
}

void req_run(req_t *req)
{
    run_op(req);
    if (req->rc != RC_OK)
        reply_error(req);
}
