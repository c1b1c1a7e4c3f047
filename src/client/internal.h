/*
 * internal.h: what the files of librecert share and nothing else includes.
 *
 * Names: cross-file internals are recert__<area>_<verb> (double underscore:
 * not API; the shared library exports only recert_* symbols marked
 * RECERT_EXTERN, but the static library cannot hide these). Types are
 * typedef'd snake_case with _t.
 */
#ifndef RECERT_CLIENT_INTERNAL_H
#define RECERT_CLIENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>
#include <jansson.h>

#include "recert/recert.h"

/* ---- buffers (util.c) ------------------------------------------------ */

/* Growable byte buffer with a hard cap and a sticky failure flag: append
 * freely, check failed once (an allocation failure or the cap). */
typedef struct rbuf {
    char *data;   /* NUL-terminated while len > 0; owned */
    size_t len;
    size_t cap;
    size_t max;   /* hard limit on len; 0 = none */
    bool failed;
    bool overflow; /* failed because of max, not memory */
} rbuf_t;

#define RBUF_INIT { NULL, 0, 0, 0, false, false }

void recert__buf_append(rbuf_t *b, const void *p, size_t len);
void recert__buf_puts(rbuf_t *b, const char *s);
void recert__buf_putc(rbuf_t *b, char c);
void recert__buf_printf(rbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *recert__buf_cstr(const rbuf_t *b); /* "" when empty; borrowed */
void recert__buf_wipe(rbuf_t *b);              /* zero the bytes, then free */
void recert__buf_free(rbuf_t *b);

/* ---- small helpers (util.c) ------------------------------------------ */

char *recert__strdup(const char *s);             /* NULL in, NULL out */
char *recert__strndup(const char *s, size_t len);
void recert__wipe(void *p, size_t len);          /* memset the compiler keeps */
void recert__free_secret(char *s);               /* wipe a string, then free */
int64_t recert__mono_ms(void);
void recert__sleep_ms(long ms);
/* Strict unsigned decimal of at most 18 digits; -1 on anything else. */
int64_t recert__parse_uint(const char *s, size_t len);

/* ---- URLs and queries (url.c) ---------------------------------------- */

/* Appends s percent-encoded: every byte but RFC 3986 unreserved
 * (A-Z a-z 0-9 - . _ ~) becomes %XX, so the result is safe in a path
 * segment and in a query value. */
void recert__url_encode(rbuf_t *b, const char *s);

/* Appends "?key=value" when b holds no '?' yet (the path's own are encoded),
 * "&key=value" after that; key and value are encoded. NULL value: no-op. */
void recert__query_add(rbuf_t *b, const char *key, const char *value);
void recert__query_add_int(rbuf_t *b, const char *key, long value); /* negative: no-op */

/* Normalizes a base URL: http:// or https:// (case-insensitive scheme),
 * no query or fragment, trailing "/", "/beta" and "/v3" removed. *out is malloc'd.
 * Returns RECERT_OK, RECERT_EINVALID (with a reason in why) or RECERT_ENOMEM. */
recert_code recert__base_url_normalize(char **out, const char *in, const char **why);

/* ---- configuration (config.c) ---------------------------------------- */

typedef struct config {
    char *base_url;       /* normalized */
    char *client_id;
    char *client_secret;
    char *access_token;
} config_t;

/* Resolves explicit values, then the environment or the config file (see
 * recert/client.h). On failure writes a one-line reason to errbuf. */
recert_code recert__config_resolve(config_t *out, const recert_client_options *o, char *errbuf,
                                   size_t errbuf_size);
void recert__config_clear(config_t *c); /* wipes secrets */

/* ---- the client (client.c, http.c) ----------------------------------- */

typedef struct http_response {
    long status;            /* 0: no response */
    rbuf_t body;
    int retry_after;        /* seconds, -1 if absent */
    int64_t total_count;    /* X-Total-Count, -1 if absent */
    char tracking_id[65];   /* SLPT-Request-ID header, "" if absent */
} http_response_t;

struct recert_client {
    CURL *curl;
    config_t cfg;
    char *token;            /* current bearer token, or NULL */
    bool token_renewable;   /* client credentials are known */
    int64_t token_renew_at; /* monotonic ms at which to renew; 0: only after a 401 */
    long timeout_ms;
    long connect_timeout_ms;
    int max_retries;
    int max_retry_after;
    long retry_base_ms;
    char *ca_file;
    recert_trace_cb trace;
    void *trace_payload;
    uint64_t rng;           /* jitter state (xorshift64) */
    char curl_err[CURL_ERROR_SIZE];
    /* last error: err points into the fields below */
    recert_error err;
    char *err_message;
    char *err_detail;
    char *err_tracking;
    recert_error_response *err_response;
};

void recert__error_reset(recert_client *c);
/* Records a failure with a formatted message; returns code. */
recert_code recert__error_set(recert_client *c, recert_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a failure from an HTTP error response (status, body, headers). */
recert_code recert__error_from_response(recert_client *c, recert_code code,
                                        const http_response_t *r);

/* Performs one API call: {base}{path_query}. A GET when post is false
 * (body ignored); else a POST, with a JSON body, or none (Content-Length 0)
 * when body is NULL. Handles the token, retries (a POST only after 429 and
 * a 401) and the mapping of statuses to codes; on RECERT_OK resp holds a
 * 2xx response. resp must be released with recert__response_free. */
recert_code recert__http_call(recert_client *c, bool post, const char *path_query,
                              const char *body, http_response_t *resp);
void recert__response_free(http_response_t *r);

/* ---- schemas and decoding (decode.c) --------------------------------- */

/* How one member of a C struct is read from its JSON object. Every field
 * is optional and nullable: absent or null leaves the member zeroed
 * (NULL, false, 0); a value of another type is an error naming its path. */
typedef enum field_kind {
    F_STRING,  /* char *: a string */
    F_BOOL,    /* bool */
    F_INT32,   /* int32_t: an integer within int32_t */
    F_OBJECT,  /* T * (calloc'd): an object of field.dto */
    F_STRINGS, /* char ** + size_t count: an array of strings; null elements skipped */
    F_TEXTS,   /* as F_STRINGS, and an object element gives its "text" (v3 task errors) */
    F_OBJECTS, /* T * + size_t count: an array of field.dto objects; a null element
                  stays a zeroed T */
    F_SELF     /* char *: the whole object as received (compact JSON); no key */
} field_kind;

typedef struct dto dto_t;

typedef struct field {
    const char *key;      /* JSON name; NULL for F_SELF */
    field_kind kind;
    size_t offset;        /* of the member */
    size_t count_offset;  /* F_STRINGS, F_TEXTS, F_OBJECTS: of the size_t element count */
    const dto_t *dto;     /* F_OBJECT, F_OBJECTS: the element's schema */
} field_t;

/* A schema: its C struct and the fields, decoded in table order (the first
 * failure stops; keys not in the table are ignored). */
struct dto {
    const char *name;     /* the API's schema name, e.g. "CertificationDto" */
    size_t size;          /* sizeof the struct */
    const field_t *fields;
    size_t field_count;
};

extern const dto_t recert__dto_certification;       /* recert_certification */
extern const dto_t recert__dto_identity_reference;  /* recert_identity_reference */
extern const dto_t recert__dto_permission;          /* recert_permission */
extern const dto_t recert__dto_task;                /* recert_task */
extern const dto_t recert__dto_error_response;      /* recert_error_response */
extern const dto_t recert__dto_error_message;       /* recert_error_message */
/* v3 */
extern const dto_t recert__dto_identity_certification; /* recert_identity_certification */
extern const dto_t recert__dto_access_review_item;     /* recert_access_review_item */
extern const dto_t recert__dto_access_summary;         /* recert_access_summary */
extern const dto_t recert__dto_identity_summary;       /* recert_identity_summary */
extern const dto_t recert__dto_decision_summary;       /* recert_decision_summary */
extern const dto_t recert__dto_certification_task;     /* recert_certification_task */

/* Every recert_*_list is { T *items; size_t count; int64_t total; }
 * (decode.c asserts it); generic code holds one as an rlist_t. The
 * functions below taking void *list accept either. */
typedef struct rlist {
    void *items;
    size_t count;
    int64_t total;
} rlist_t;

#define RLIST_INIT { NULL, 0, -1 }

/* Parse JSON text: a list from an array of dto objects (total -1), or one
 * dto object into obj (zeroed, caller-allocated). On failure the
 * destination is cleared and a message naming the JSON path
 * ("[2].campaignRef.name: expected a string, got a number") is written to
 * err. Return RECERT_OK, RECERT_EPROTOCOL or RECERT_ENOMEM. */
recert_code recert__list_decode(void *list, const dto_t *dto, const char *json, size_t len,
                                char *err, size_t err_size);
recert_code recert__object_decode(void *obj, const dto_t *dto, const char *json, size_t len,
                                  char *err, size_t err_size);
/* Free everything reachable from a list / an object (not the object
 * itself) and reset it: a list to { NULL, 0, -1 }, an object to zeroes. */
void recert__list_clear(void *list, const dto_t *dto);
void recert__object_clear(void *obj, const dto_t *dto);

/* The typed forms of the above, one per result type. */
recert_code recert__decode_certifications(recert_certification_list *out, const char *json,
                                          size_t len, char *err, size_t err_size);
recert_code recert__decode_identity_references(recert_identity_reference_list *out,
                                               const char *json, size_t len, char *err,
                                               size_t err_size);
recert_code recert__decode_permissions(recert_permission_list *out, const char *json, size_t len,
                                       char *err, size_t err_size);
recert_code recert__decode_tasks(recert_task_list *out, const char *json, size_t len, char *err,
                                 size_t err_size);
recert_code recert__decode_task(recert_task *out, const char *json, size_t len, char *err,
                                size_t err_size);
/* ErrorResponseDto; EPROTOCOL when the text is not a JSON object. */
recert_code recert__decode_error_response(recert_error_response *out, const char *json,
                                          size_t len, char *err, size_t err_size);

void recert__certification_list_clear(recert_certification_list *l);
void recert__identity_reference_list_clear(recert_identity_reference_list *l);
void recert__permission_list_clear(recert_permission_list *l);
void recert__task_list_clear(recert_task_list *l);
void recert__task_clear(recert_task *t);
void recert__error_response_free(recert_error_response *e);

/* Encodes a ReviewReassign as compact JSON; *out is malloc'd. Returns
 * RECERT_OK, RECERT_EINVALID (a string is not UTF-8) or RECERT_ENOMEM. */
recert_code recert__encode_review_reassign(char **out, const recert_review_reassign *r);
/* Encodes decisions[0..n) as the JSON array of ReviewDecision that decide takes
 * (comments and proposedEndDate only when set); codes as above. */
recert_code recert__encode_review_decisions(char **out, const recert_review_decision *decisions,
                                            size_t n);

/* ---- operations (ops.c): one row per API operation -------------------- */

#define RECERT_PAGE_DEFAULT 250
#define RECERT_MAX_IDS 2 /* the most {...} ids in any op path; raise it for a longer one */

/* A query parameter: a member of the operation's params struct. */
typedef enum query_kind {
    Q_STRING, /* const char *: not sent when NULL */
    Q_LIMIT,  /* int: not sent when negative; the pager sets it per page */
    Q_OFFSET, /* int: likewise */
    Q_COUNT   /* bool: "count=true" when set */
} query_kind;

typedef struct query_param {
    const char *name;
    query_kind kind;
    size_t offset;
} query_param_t;

typedef struct op {
    /* Each {...} is an id argument, in order, sent percent-encoded; its
     * words name it in "empty ... id". */
    const char *path;
    const query_param_t *query;   /* in the order they are sent */
    size_t query_count;
    const void *defaults;         /* the params' _INIT (params NULL); NULL: no params.
                                     A params struct starts with unsigned int version. */
    size_t params_size;
    const dto_t *dto;             /* the result: one object, or a list of them */
    bool list;
    bool post;                    /* POST (with a body when encode_body is set), else GET */
    /* POST with a body: what the body argument is called, why it is
     * unusable (NULL when it is fine) and its JSON encoding
     * (RECERT_EINVALID: a string that is not UTF-8). */
    const char *body_name;
    const char *(*check_body)(const void *body);
    recert_code (*encode_body)(char **out, const void *body);
    /* Why the (version-checked) params are unusable, or NULL; NULL: no check. */
    const char *(*check_params)(const void *params);
} op_t;

#define QUERY(q) (q), sizeof(q) / sizeof((q)[0])

/* The whole operation: checks the arguments (out, the ids, the params
 * version and check_params, the body), encodes the body, makes the call
 * and decodes the result into a new caller-owned object or list stored in
 * out (the caller's T **, as void *; set only on success). ids has
 * RECERT_MAX_IDS entries, one per {...} of the path first; params NULL:
 * op->defaults. */
recert_code recert__op_call(recert_client *c, const op_t *op, void *out,
                            const char *const ids[RECERT_MAX_IDS], const void *params,
                            const void *body);

/* The ReviewReassign body checks of reassign-async (the server caps it) and
 * sync reassign (<= 50), and its encoding, for op rows (certifications.c). */
const char *recert__check_reassign_async(const void *body);
const char *recert__check_reassign_sync(const void *body);
recert_code recert__encode_reassign(char **out, const void *body);

/* A new iterator (struct recert_iter, the one pager) over list operation op,
 * checked as recert__op_call checks; stored in out (a recert_iter **, or a
 * typed alias of it, as void *). No request is made yet. */
recert_code recert__iter_new(void *out, recert_client *c, const op_t *op,
                             const char *const ids[RECERT_MAX_IDS], const void *params);

#endif
