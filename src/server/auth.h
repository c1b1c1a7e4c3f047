/*
 * auth: bearer-token authentication of API requests.
 */
#ifndef RECERT_SERVER_AUTH_H
#define RECERT_SERVER_AUTH_H

#include "request.h"

/* Verifies the Authorization header and fills req->who. RC_EUNAUTH with a
 * message ("JWT validation failed: JWT is expired") otherwise. */
rc_t auth_bearer(req_t *req);

#endif
