/*
 * ops: every operation recertd serves, one row each (src/server/ops.c).
 *
 * A row says everything the pipeline needs to know about an operation:
 * its operationId (as in SailPoint's OpenAPI documents), method and path,
 * which API it belongs to (the rate-limit budget), who may call it, the
 * status it answers with, the query parameters it takes besides the
 * standard collection ones, its collection parameters (filter fields with
 * operators and types, sortable keys), its body, and its handler. Routing,
 * 404/405 answers with Allow, rate limiting, authentication, authorization,
 * body and parameter decoding all come from the row; a handler only does
 * the operation's own work. tests/api/ops.test.mjs checks the table
 * against ../shared/spec/ (`recertd operations` prints it).
 */
#ifndef RECERT_SERVER_OPS_H
#define RECERT_SERVER_OPS_H

#include <stddef.h>

#include "collection.h"
#include "request.h"

typedef enum op_api {
    API_OAUTH,      /* /oauth/token: no bearer token, its own limits */
    API_BETA,       /* /beta: SailPoint beta */
    API_V3,         /* /v3: SailPoint v3 */
    API_RECERT,     /* /recert/v1: recert's own extensions */
    API_COUNT
} op_api;

typedef enum op_auth {
    AUTH_NONE,      /* no bearer token (the token endpoint itself) */
    AUTH_TOKEN,     /* any valid bearer token */
    AUTH_CERT,      /* ORG_ADMIN, CERT_ADMIN, or a reviewer of the
                       certification named by path parameter 0 */
    AUTH_ADMIN,     /* ORG_ADMIN or CERT_ADMIN only */
} op_auth;

typedef enum op_body {
    BODY_NONE,      /* a body is ignored */
    BODY_FORM,      /* form fields; the handler decodes them (RFC 6749) */
    BODY_JSON,      /* required: Content-Type application/json, a JSON
                       object; decoded into req->json before the handler */
    BODY_JSON_ARRAY,    /* the same, a JSON array */
} op_body;

/* A query parameter other than the standard collection ones. */
typedef enum op_param_kind {
    PARAM_IDENTITY_OR_ME,   /* an identity id, or "me" for the caller */
    PARAM_ID_LIST,          /* one or more comma-separated ids (at most OP_MAX_IDS) */
} op_param_kind;

#define OP_MAX_IDS 250

typedef struct op_param {
    const char *name;
    const char *alias;          /* a second spelling accepted, or NULL */
    op_param_kind kind;
} op_param;

#define OP_MAX_QUERY_PARAMS 3  /* = the size of req_t's query_values */

/* A handler: the request (routed, authorized, decoded) and its path
 * parameters. It renders into req->out or fails with req_fail(). */
typedef rc_t (*handler_fn)(req_t *req, const char *const *params);

typedef struct op {
    const char *id;             /* operationId */
    const char *method;
    const char *path;           /* "{name}" matches one non-empty segment */
    op_param query[OP_MAX_QUERY_PARAMS];    /* in order; unused slots zero */
    const collection_spec *collection;      /* NULL: no collection parameters */
    const char *body_schema;    /* the body's schema name, for messages */
    handler_fn handler;
    op_api api;
    op_auth auth;
    store_mode tx;              /* the request's transaction (req_tx), READ by default */
    int status;                 /* on success: 200 or 202 */
    op_body body;
    bool query_exclusive;       /* at most one of the query parameters may be given */
} op_t;

extern const op_t ops[];
extern const size_t op_count;

/* The API's name as in a path and a rate-limit key ("beta", "v3"). */
const char *op_api_name(op_api api);

/* Matches path against op's pattern; path parameters are copied into
 * store (NUL-separated) and pointed to by params. */
bool op_match(const op_t *op, const char *path, char *store, size_t store_len,
              const char **params);

#endif
