/*
 * request: the one context that travels through a request's stages.
 *
 *   http glue  ─▶ route ─▶ authenticate ─▶ rate limit ─▶ authorize
 *             ─▶ validate ─▶ query (store) ─▶ render ─▶ reply
 *
 * Each stage fills in its own part of req_t and reads only what earlier
 * stages wrote. A stage that fails records an rc_t and a message with
 * req_fail() and returns; the driver then goes straight to the reply.
 * Handlers never choose HTTP statuses or write error JSON: reply.c maps
 * rc_t to both, in one place.
 */
#ifndef RECERT_SERVER_REQUEST_H
#define RECERT_SERVER_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/form.h"
#include "../store/store.h"

typedef enum rc {
    RC_OK = 0,
    RC_EINVALID = -1,       /* 400 ErrorResponseDto */
    RC_EUNAUTH = -2,        /* 401 {"error": ...} */
    RC_EFORBIDDEN = -3,     /* 403 */
    RC_ENOTFOUND = -4,      /* 404 */
    RC_EMETHOD = -5,        /* 405 */
    RC_ETOOLARGE = -6,      /* 413 */
    RC_ERATE = -7,          /* 429 {"message": " Rate Limit Exceeded "} */
    RC_EBUSY = -8,          /* 503: store locked too long */
    RC_ERROR = -9,          /* 500 */
} rc_t;

typedef struct server server_t;

/* The caller, as its bearer token says. */
typedef struct principal {
    char identity_id[65];
    char client_id[129];
    bool admin;             /* ORG_ADMIN or CERT_ADMIN */
} principal_t;

#define REQ_MAX_MESSAGES 1024    /* a 500-entry reassignment can have 500+ problems */

typedef struct req {
    server_t *server;           /* borrowed */
    struct MHD_Connection *conn;
    /* parse */
    const char *method;         /* borrowed from libmicrohttpd */
    const char *path;           /* borrowed from libmicrohttpd, without query */
    char *raw_uri;              /* owned; as received */
    form_t query;               /* decoded query string */
    bool query_bad;             /* the query string was malformed */
    buf_t body;                 /* capped at the server's body limit */
    bool body_too_large;
    char tracking_id[33];
    int64_t start_us;
    /* authenticate */
    principal_t who;
    /* outcome */
    rc_t rc;
    char **messages;            /* owned; client-facing sentences */
    int message_count, message_cap;
    char oauth_error[40];       /* /oauth/token errors: RFC 6749 code */
    bool basic_auth;            /* the client authenticated with HTTP Basic */
    /* reply */
    int status;
    buf_t out;                  /* response body */
    int64_t total_count;        /* X-Total-Count, or -1 */
    int retry_after;            /* Retry-After seconds, or -1 */
    const char *allow;          /* Allow header for 405, or NULL */
    const struct pagecache_body *cached;   /* a remembered answer to send, or NULL */
    char *cache_key;            /* owned: remember a 200 answer under this key */
    size_t cache_key_len;
    uint64_t cache_generation;
    bool responded;
    bool close_connection;      /* answer with Connection: close */
} req_t;

/* Records a failure; the first call's message leads. Returns rc. */
rc_t req_fail(req_t *req, rc_t rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Forgets the failure recorded so far (to decide another one first). */
void req_reset_failure(req_t *req);
/* Adds one more message to the current failure. */
void req_add_message(req_t *req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The first value of query parameter name, or NULL; *dup is set when the
 * parameter is given more than once. */
const char *req_query(const req_t *req, const char *name, bool *dup);
/* A request header (case-insensitive), or NULL. */
const char *req_header(const req_t *req, const char *name);

/* For a read whose answer depends only on the data, the caller's
 * visibility (admin, or who the caller is) and the request URI: returns
 * true when a remembered answer is current (the handler is done); otherwise
 * arranges for the answer the handler renders to be remembered. scope
 * names anything else the answer depends on (e.g. a resolved "me"). */
bool req_reuse_page(req_t *req, const char *scope);

#endif
