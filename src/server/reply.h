/*
 * reply: the only place where outcomes become HTTP statuses and error bodies.
 */
#ifndef RECERT_SERVER_REPLY_H
#define RECERT_SERVER_REPLY_H

#include "request.h"

/* For a failed request (req->rc != RC_OK): sets req->status and writes the
 * body SailPoint sends for that status: ErrorResponseDto for 400, 403, 404,
 * 405, 413, 500 and 503; {"error": ...} for 401; {"message": ...} for 429;
 * RFC 6749 {"error", "error_description"} for /oauth/token failures. */
void reply_error(req_t *req);

int reply_status(rc_t rc);

/* Calls fn for every response header the answer to req carries (besides
 * what the HTTP layer adds itself: Date, Content-Length, ...). */
typedef void (*reply_header_fn)(void *ctx, const char *name, const char *value);
void reply_headers(const req_t *req, reply_header_fn fn, void *ctx);

#endif
