/*
 * token: bearer-token authentication for /beta routes.
 */
#ifndef RECERT_SERVER_TOKEN_H
#define RECERT_SERVER_TOKEN_H

#include "request.h"

/* Verifies the Authorization header and fills req->who. RC_EUNAUTH with a
 * message ("JWT validation failed: JWT is expired") otherwise. */
rc_t token_authenticate(req_t *req);

#endif
