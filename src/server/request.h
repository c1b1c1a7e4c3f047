/*
 * request: the one context that travels through a request's stages.
 *
 *   glue (mhd.c) ─▶ route ─▶ authenticate ─▶ rate limit ─▶ authorize
 *               ─▶ decode body ─▶ collection parameters ─▶ handler
 *               ─▶ reply
 *
 * Each stage fills in its own part of req_t and reads only what earlier
 * stages wrote. A stage that fails records an rc_t and a sentence with
 * req_fail() and returns; the pipeline then goes straight to the reply.
 * Handlers never choose HTTP statuses or write error JSON: the operation
 * table gives the success status and reply.c maps rc_t to the rest.
 *
 * A request knows nothing of libmicrohttpd: the glue copies in the method,
 * the URI, the headers (borrowed) and the body, and sends what the pipeline
 * leaves in the reply fields. So the pipeline can run in-process (tests).
 */
#ifndef RECERT_SERVER_REQUEST_H
#define RECERT_SERVER_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/form.h"
#include "../common/problems.h"
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
struct op;

/* The caller, as its bearer token says. */
typedef struct principal {
    char identity_id[65];
    char client_id[129];
    bool admin;             /* ORG_ADMIN or CERT_ADMIN */
} principal_t;

#define REQ_MAX_MESSAGES 1024    /* a 500-entry reassignment can have 500+ problems */
#define REQ_MAX_PARAMS 4         /* path parameters */

/* A request header, borrowed from the glue for the request's lifetime. */
typedef struct req_header {
    const char *name, *value;
    size_t name_len, value_len;
} req_header_t;

/* The standard collection parameters, parsed for the store (collection.h). */
typedef struct req_collection {
    store_page page;
    filter_node *filter;        /* owned */
    sorter_key sort[SORTERS_MAX];
} req_collection;

/* Fields are ordered by size, not by stage (no padding); the comment says
 * which stage fills each: parse (the glue), route, authenticate, decode
 * (transaction, authorization, body and parameters), outcome, reply. */
typedef struct req {
    server_t *server;           /* borrowed */
    const char *method;         /* parse: borrowed */
    const char *path;           /* parse: borrowed, without query */
    char *raw_uri;              /* parse: owned; as received */
    req_header_t *headers;      /* parse: owned array of borrowed strings */
    size_t header_count, header_cap;
    int64_t start_us;           /* parse: monotonic start time */
    const struct op *op;        /* route: the operation */
    store_tx *tx;               /* decode: open from the first req_tx() until the pipeline
                                   ends it */
    struct json_t *json;        /* decode: owned, the body of a BODY_JSON operation */
    int64_t total_count;        /* reply: X-Total-Count, or -1 */
    const struct pagecache_body *cached;   /* reply: a remembered answer to send, or NULL */
    char *cache_key;            /* reply: owned; remember a 200 answer under this key */
    size_t cache_key_len;
    uint64_t cache_generation;
    const char *query_values[3];    /* decode: the row's query parameters (or NULL) */
    form_t query;               /* parse: the decoded query string */
    const char *params[REQ_MAX_PARAMS]; /* route: path parameters, in param_store */
    problems_t problems;        /* outcome: client-facing sentences of the failure */
    buf_t body;                 /* parse: capped at the server's body limit */
    buf_t out;                  /* reply: the response body */
    req_collection col;         /* decode: the row's collection parameters */
    rc_t rc;                    /* outcome */
    int status;                 /* reply */
    int retry_after;            /* reply: Retry-After seconds, or -1 */
    bool query_bad;             /* parse: the query string was malformed */
    bool body_too_large;        /* parse */
    bool wake_workers;          /* decode: a task was queued; wake the workers after commit */
    bool basic_auth;            /* outcome: the client authenticated with HTTP Basic */
    bool responded;             /* reply */
    bool close_connection;      /* reply: answer with Connection: close */
    unsigned char peer[16];     /* parse: the peer's address, binary (peer_family) */
    int peer_family;            /* parse: AF_INET, AF_INET6, or 0 when unknown */
    char tracking_id[33];       /* parse */
    char oauth_error[40];       /* outcome: /oauth/token errors, an RFC 6749 code */
    char client_addr[64];       /* the peer's address as text: see req_client_addr */
    char allow[64];             /* reply: Allow header for 405, or "" */
    principal_t who;            /* authenticate */
    char param_store[1024];     /* route */
} req_t;

/* Prepares req for one request to srv of uri (copied); tracking id and
 * start time are set, the query string is decoded. Returns 0, or -1 when
 * out of memory (req_free is still safe). */
int req_init(req_t *req, server_t *srv, const char *uri);
/* Adds a header (strings borrowed until req_free). Returns 0 or -1. */
int req_add_header(req_t *req, const char *name, size_t name_len, const char *value,
                   size_t value_len);
void req_free(req_t *req);

/* Records a failure; the first call's rc and message lead. Returns rc. */
rc_t req_fail(req_t *req, rc_t rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records every problem in p as one failure with rc (nothing when p is
 * empty). Returns rc, or RC_OK when p is empty. */
rc_t req_fail_problems(req_t *req, rc_t rc, const problems_t *p);

/* The request's transaction: begun on first use in the mode its operation
 * row names, ended by the pipeline (committed when the request succeeded).
 * NULL with the failure recorded when the store cannot begin one. */
store_tx *req_tx(req_t *req);

/* Records a store failure: NOTFOUND 404, BUSY 503, anything else 500.
 * Returns the rc_t (RC_OK for STORE_OK). */
rc_t req_store_failure(req_t *req, store_rc rc);

/* The first value of query parameter name, or NULL; *dup is set when the
 * parameter is given more than once. */
const char *req_query(const req_t *req, const char *name, bool *dup);
/* The peer's address as text ("?" when unknown), formatted on first use:
 * most requests never need it. */
const char *req_client_addr(req_t *req);

/* A request header (case-insensitive), or NULL. */
const char *req_header(const req_t *req, const char *name);

/* For a read whose answer depends only on the data, the caller's
 * visibility (admin, or who the caller is) and the request URI: returns
 * true when a remembered answer is current (the handler is done); otherwise
 * arranges for the answer the handler renders to be remembered. scope
 * names anything else the answer depends on (e.g. a resolved "me"). */
bool req_reuse_page(req_t *req, const char *scope);

/* Runs the whole pipeline on a request the glue has filled in: route,
 * authenticate, ..., handler, and the error body when it failed. Afterwards
 * the reply fields say what to send (reply_headers lists the headers). */
void req_run(req_t *req);

#endif
