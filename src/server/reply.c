/*
 * reply: maps rc_t to HTTP statuses and SailPoint's error bodies.
 *
 * SailPoint's ErrorResponseDto carries a generic detailCode and localized
 * messages. Its live 400s are often opaque ("400.1 Bad request content");
 * ours put the precise reason in messages[].text, one message per problem,
 * because the users of a test stand-in need to know what they got wrong.
 */
#include "reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonw.h"

int reply_status(rc_t rc)
{
    switch (rc) {
    case RC_OK: return 200;
    case RC_EINVALID: return 400;
    case RC_EUNAUTH: return 401;
    case RC_EFORBIDDEN: return 403;
    case RC_ENOTFOUND: return 404;
    case RC_EMETHOD: return 405;
    case RC_ETOOLARGE: return 413;
    case RC_ERATE: return 429;
    case RC_EBUSY: return 503;
    case RC_ERROR: break;
    }
    return 500;
}

static const struct {
    int status;
    const char *detail;
    const char *text;   /* used when the failure carries no message */
} dto[] = {
    { 400, "400.1 Bad Request Content",
      "The request was syntactically correct but its content is semantically invalid." },
    { 403, "403 Forbidden", "The server understood the request but refuses to authorize it." },
    { 404, "404 Not found",
      "The server did not find a current representation for the target resource." },
    { 405, "405 Method Not Allowed", "The method is not allowed for the requested resource." },
    { 413, "413 Payload Too Large", "The request body is larger than the server accepts." },
    { 500, "500.0 Internal Fault", "An internal fault occurred." },
    { 503, "503 Service Unavailable", "The service is busy; retry the request." },
};

static void error_message(jsonw_t *w, const char *text)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "locale", "en-US");
    jsonw_kstr(w, "localeOrigin", "DEFAULT");
    jsonw_kstr(w, "text", text);
    jsonw_obj_close(w);
}

void reply_error(req_t *req)
{
    jsonw_t w;
    buf_reset(&req->out);
    jsonw_init(&w, &req->out);
    req->status = reply_status(req->rc);

    if (req->oauth_error[0]) { /* RFC 6749 §5.2 */
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "error", req->oauth_error);
        jsonw_kstr(&w, "error_description", req->problems.count ? req->problems.items[0] : "");
        jsonw_obj_close(&w);
        return;
    }
    if (req->status == 401) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "error", req->problems.count ? req->problems.items[0]
                                                   : "Full authentication is required to access"
                                                     " this resource");
        jsonw_obj_close(&w);
        return;
    }
    if (req->status == 429) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "message", " Rate Limit Exceeded ");
        jsonw_obj_close(&w);
        return;
    }
    size_t i = 0;
    while (i < sizeof dto / sizeof dto[0] - 1 && dto[i].status != req->status)
        i++;
    if (dto[i].status != req->status)
        i = sizeof dto / sizeof dto[0] - 2; /* 500 */
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "detailCode", dto[i].detail);
    jsonw_kstr(&w, "trackingId", req->tracking_id);
    jsonw_key(&w, "messages");
    jsonw_arr_open(&w);
    /* Internal failures never echo internal detail. */
    if (req->problems.count && req->status != 500)
        for (size_t m = 0; m < req->problems.count; m++)
            error_message(&w, req->problems.items[m]);
    else
        error_message(&w, dto[i].text);
    jsonw_arr_close(&w);
    jsonw_key(&w, "causes");
    jsonw_arr_open(&w);
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
}

void reply_headers(const req_t *req, reply_header_fn fn, void *ctx)
{
    fn(ctx, "Content-Type", "application/json;charset=utf-8");
    fn(ctx, "SLPT-Request-ID", req->tracking_id);
    if (req->total_count >= 0) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)req->total_count);
        fn(ctx, "X-Total-Count", n);
    }
    if (req->retry_after > 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", req->retry_after);
        fn(ctx, "Retry-After", n);
    }
    if (req->status == 405 && req->allow[0])
        fn(ctx, "Allow", req->allow);
    if (req->status == 401 && !req->oauth_error[0])
        fn(ctx, "WWW-Authenticate", "Bearer");
    else if (req->status == 401 && req->basic_auth)
        fn(ctx, "WWW-Authenticate", "Basic realm=\"recert\"");
    if (req->close_connection)
        fn(ctx, "Connection", "close");
    if (req->path && strcmp(req->path, "/oauth/token") == 0) {
        fn(ctx, "Cache-Control", "no-store");
        fn(ctx, "Pragma", "no-cache");
    }
}
