/*
 * certifications: the six CertificationsApi (beta) operations and the
 * page iterators over the three collections.
 *
 * Each operation is a row (op_t): its path template, its query parameters
 * in the SDK's order, its result schema and, for a POST, its body. One
 * function (op_call) checks the arguments, builds the path and query (ids
 * and values percent-encoded by url.c), makes the call through http.c and
 * decodes the body into a caller-owned result; one pager walks any
 * collection. The public functions are thin typed wrappers over these.
 * The reviewer parameter keeps the beta API's spelling, reviewer-identitiy.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 250
#define MAX_IDS 2 /* the most {...} ids in any op path; raise it for a longer one */

/* ---- the operation table ----------------------------------------------- */

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
    /* POST only: what the body argument is called, why it is unusable
     * (NULL when it is fine) and its JSON encoding (RECERT_EINVALID: a
     * string that is not UTF-8). */
    const char *body_name;
    const char *(*check_body)(const void *body);
    recert_code (*encode_body)(char **out, const void *body);
} op_t;

#define QUERY(q) (q), sizeof(q) / sizeof((q)[0])

static const recert_list_certifications_params certifications_defaults =
    RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
static const query_param_t certifications_query[] = {
    { "reviewer-identitiy", Q_STRING,
      offsetof(recert_list_certifications_params, reviewer_identity) },
    { "limit", Q_LIMIT, offsetof(recert_list_certifications_params, limit) },
    { "offset", Q_OFFSET, offsetof(recert_list_certifications_params, offset) },
    { "count", Q_COUNT, offsetof(recert_list_certifications_params, count) },
    { "filters", Q_STRING, offsetof(recert_list_certifications_params, filters) },
    { "sorters", Q_STRING, offsetof(recert_list_certifications_params, sorters) },
};

static const recert_list_certification_reviewers_params reviewers_defaults =
    RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
static const query_param_t reviewers_query[] = {
    { "limit", Q_LIMIT, offsetof(recert_list_certification_reviewers_params, limit) },
    { "offset", Q_OFFSET, offsetof(recert_list_certification_reviewers_params, offset) },
    { "count", Q_COUNT, offsetof(recert_list_certification_reviewers_params, count) },
    { "filters", Q_STRING, offsetof(recert_list_certification_reviewers_params, filters) },
    { "sorters", Q_STRING, offsetof(recert_list_certification_reviewers_params, sorters) },
};

typedef recert_get_identity_certification_item_permissions_params permissions_params;
static const permissions_params permissions_defaults =
    RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
static const query_param_t permissions_query[] = {
    { "filters", Q_STRING, offsetof(permissions_params, filters) },
    { "limit", Q_LIMIT, offsetof(permissions_params, limit) },
    { "offset", Q_OFFSET, offsetof(permissions_params, offset) },
    { "count", Q_COUNT, offsetof(permissions_params, count) },
};

static const char *check_reassign(const void *body);
static recert_code encode_reassign(char **out, const void *body);

static const op_t op_list_certifications = {
    "/beta/certifications", QUERY(certifications_query), &certifications_defaults,
    sizeof certifications_defaults, &recert__dto_certification, true, NULL, NULL, NULL
};
static const op_t op_list_reviewers = {
    "/beta/certifications/{certification id}/reviewers", QUERY(reviewers_query),
    &reviewers_defaults, sizeof reviewers_defaults, &recert__dto_identity_reference, true,
    NULL, NULL, NULL
};
static const op_t op_item_permissions = {
    "/beta/certifications/{certification id}/access-review-items/{item id}/permissions",
    QUERY(permissions_query), &permissions_defaults, sizeof permissions_defaults,
    &recert__dto_permission, true, NULL, NULL, NULL
};
static const op_t op_pending_tasks = {
    "/beta/certifications/{certification id}/tasks-pending", NULL, 0, NULL, 0,
    &recert__dto_task, true, NULL, NULL, NULL
};
static const op_t op_task_status = {
    "/beta/certifications/{certification id}/tasks/{task id}", NULL, 0, NULL, 0,
    &recert__dto_task, false, NULL, NULL, NULL
};
static const op_t op_reassign = {
    "/beta/certifications/{certification id}/reassign-async", NULL, 0, NULL, 0,
    &recert__dto_task, false, "review_reassign", check_reassign, encode_reassign
};

/* ---- one call ----------------------------------------------------------- */

static const void *member(const void *params, size_t offset)
{
    return (const char *)params + offset;
}

static const query_param_t *query_find(const op_t *op, query_kind kind)
{
    for (size_t i = 0; i < op->query_count; i++)
        if (op->query[i].kind == kind)
            return &op->query[i];
    return NULL;
}

static bool params_count(const op_t *op, const void *params)
{
    const query_param_t *q = query_find(op, Q_COUNT);
    bool count = false;
    if (q)
        memcpy(&count, member(params, q->offset), sizeof count);
    return count;
}

/* Appends the path with its ids filled in, then the query. */
static void build_path(rbuf_t *b, const op_t *op, const char *const *ids, const void *params)
{
    size_t n = 0;
    for (const char *s = op->path; *s; s++) {
        if (*s != '{') {
            recert__buf_putc(b, *s);
            continue;
        }
        if (n < MAX_IDS)
            recert__url_encode(b, ids[n]);
        n++;
        s = strchr(s, '}');
    }
    for (size_t i = 0; i < op->query_count; i++) {
        const query_param_t *q = &op->query[i];
        const char *s;
        int v;
        switch (q->kind) {
        case Q_STRING:
            memcpy(&s, member(params, q->offset), sizeof s);
            recert__query_add(b, q->name, s);
            break;
        case Q_LIMIT: case Q_OFFSET:
            memcpy(&v, member(params, q->offset), sizeof v);
            recert__query_add_int(b, q->name, v);
            break;
        case Q_COUNT:
            if (params_count(op, params))
                recert__query_add(b, q->name, "true");
            break;
        }
    }
}

/* How many ids the path takes. */
static size_t path_ids(const op_t *op)
{
    size_t n = 0;
    for (const char *s = op->path; *s; s++)
        n += *s == '{';
    return n;
}

static recert_code invalid(recert_client *c, const char *what)
{
    return recert__error_set(c, RECERT_EINVALID, "%s", what);
}

/* Checks the arguments of a call, in the order they come: out, the ids,
 * the params version, the body. Records and returns the failure. */
static recert_code check_args(recert_client *c, const op_t *op, bool have_out,
                              const char *const *ids, const void *params, const void *body)
{
    if (!have_out)
        return invalid(c, "out is NULL");
    size_t n = 0;
    for (const char *s = strchr(op->path, '{'); s && n < MAX_IDS; s = strchr(s + 1, '{'), n++) {
        if (!ids[n] || !*ids[n]) {
            const char *end = strchr(s, '}');
            return recert__error_set(c, RECERT_EINVALID, "empty %.*s", (int)(end - s - 1), s + 1);
        }
    }
    unsigned int version = RECERT_PARAMS_VERSION;
    if (params)
        memcpy(&version, params, sizeof version);
    if (version != RECERT_PARAMS_VERSION)
        return invalid(c, "unsupported params version");
    const char *why = op->check_body ? op->check_body(body) : NULL;
    return why ? invalid(c, why) : RECERT_OK;
}

/* Makes the request of op with checked arguments and decodes the 2xx body
 * into result (zeroed: a list or one object). */
static recert_code op_fetch(recert_client *c, const op_t *op, const char *const *ids,
                            const void *params, const char *body, void *result)
{
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    char err[256];
    build_path(&path, op, ids, params);
    recert_code rc = path.failed ? recert__error_set(c, RECERT_ENOMEM, "out of memory")
                                 : recert__http_call(c, path.data, body, &resp);
    recert__buf_free(&path);
    if (!rc) {
        const char *text = recert__buf_cstr(&resp.body);
        rc = op->list ? recert__list_decode(result, op->dto, text, resp.body.len, err, sizeof err)
                      : recert__object_decode(result, op->dto, text, resp.body.len, err,
                                              sizeof err);
        if (rc)
            recert__error_set(c, rc, "invalid response: %s", err);
    }
    if (!rc && op->list) {
        rlist_t l;
        memcpy(&l, result, sizeof l);
        l.total = params && params_count(op, params) ? resp.total_count : -1;
        memcpy(result, &l, sizeof l);
    }
    recert__response_free(&resp);
    return rc;
}

/* Stores p in the caller's typed pointer (a T **, as void *). */
static void store_out(void *out, void *p)
{
    if (out)
        memcpy(out, &p, sizeof p);
}

/* The whole operation: checks, encodes the body, allocates the result and
 * fetches it. out is the caller's T ** (set only on success); ids has
 * MAX_IDS entries, one per {...} of the path first; params NULL:
 * op->defaults. */
static recert_code op_call(recert_client *c, const op_t *op, void *out,
                           const char *const ids[MAX_IDS], const void *params, const void *body)
{
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    if (!params)
        params = op->defaults;
    recert_code rc = check_args(c, op, out != NULL, ids, params, body);
    if (rc)
        return rc;
    char *text = NULL;
    if (op->encode_body && (rc = op->encode_body(&text, body))) {
        if (rc == RECERT_EINVALID)
            return recert__error_set(c, rc, "%s holds a string that is not UTF-8", op->body_name);
        return recert__error_set(c, rc, "out of memory");
    }
    void *result = calloc(1, op->list ? sizeof(rlist_t) : op->dto->size);
    rc = result ? op_fetch(c, op, ids, params, text, result)
                : recert__error_set(c, RECERT_ENOMEM, "out of memory");
    free(text);
    if (rc)
        free(result);
    else
        store_out(out, result);
    return rc;
}

/* ---- the six operations ---------------------------------------------- */

recert_code recert_list_certifications(recert_certification_list **out, recert_client *c,
                                       const recert_list_certifications_params *params)
{
    const char *ids[MAX_IDS] = { NULL };
    return op_call(c, &op_list_certifications, out, ids, params, NULL);
}

recert_code recert_list_certification_reviewers(
    recert_identity_reference_list **out, recert_client *c, const char *id,
    const recert_list_certification_reviewers_params *params)
{
    const char *ids[MAX_IDS] = { id };
    return op_call(c, &op_list_reviewers, out, ids, params, NULL);
}

recert_code recert_get_identity_certification_item_permissions(
    recert_permission_list **out, recert_client *c, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params)
{
    const char *ids[MAX_IDS] = { certification_id, item_id };
    return op_call(c, &op_item_permissions, out, ids, params, NULL);
}

recert_code recert_get_identity_certification_pending_tasks(recert_task_list **out,
                                                            recert_client *c, const char *id)
{
    const char *ids[MAX_IDS] = { id };
    return op_call(c, &op_pending_tasks, out, ids, NULL, NULL);
}

recert_code recert_get_identity_certification_task_status(recert_task **out, recert_client *c,
                                                          const char *id, const char *task_id)
{
    const char *ids[MAX_IDS] = { id, task_id };
    return op_call(c, &op_task_status, out, ids, NULL, NULL);
}

recert_code recert_submit_reassign_certs_async(recert_task **out, recert_client *c, const char *id,
                                               const recert_review_reassign *review_reassign)
{
    const char *ids[MAX_IDS] = { id };
    return op_call(c, &op_reassign, out, ids, NULL, review_reassign);
}

static const char *check_reassign(const void *body)
{
    const recert_review_reassign *r = body;
    if (!r)
        return "review_reassign is NULL";
    if (!r->reassign || !r->reassign_count)
        return "nothing to reassign";
    for (size_t i = 0; i < r->reassign_count; i++)
        if (!r->reassign[i].id || !r->reassign[i].type)
            return "a reassign reference without id or type";
    if (!r->reassign_to || !r->reason)
        return r->reassign_to ? "no reason" : "no reassign_to";
    return NULL;
}

static recert_code encode_reassign(char **out, const void *body)
{
    return recert__encode_review_reassign(out, body);
}

/* ---- the pager --------------------------------------------------------- */

/* Walks a list operation page by page (see the header for when it ends).
 * It owns copies of the ids and of the params, strings included, and one
 * page at a time. */
typedef struct pager {
    recert_client *client;
    const op_t *op;
    char *ids[MAX_IDS];
    void *params;     /* op->params_size bytes; its Q_STRING members point to copies */
    int limit;        /* page size */
    long offset;      /* of the next page */
    bool want_count;
    int64_t total;    /* X-Total-Count, -1 until known */
    bool done;        /* no page after the current one */
    size_t index;     /* next item of the current page */
    rlist_t page;
} pager_t;

/* Copies src (NULL stays NULL); false when out of memory. */
static bool dup_ok(char **dst, const char *src)
{
    *dst = recert__strdup(src);
    return !src || *dst;
}

static void pager_free(pager_t *pg)
{
    if (!pg)
        return;
    recert__list_clear(&pg->page, pg->op->dto);
    for (size_t i = 0; i < MAX_IDS; i++)
        free(pg->ids[i]);
    for (size_t i = 0; pg->params && i < pg->op->query_count; i++) {
        char *s;
        if (pg->op->query[i].kind == Q_STRING) {
            memcpy(&s, member(pg->params, pg->op->query[i].offset), sizeof s);
            free(s);
        }
    }
    free(pg->params);
    free(pg);
}

/* Copies params (checked) and their strings into pg. */
static bool pager_copy_params(pager_t *pg, const void *params)
{
    if (!(pg->params = malloc(pg->op->params_size)))
        return false;
    memcpy(pg->params, params, pg->op->params_size);
    bool ok = true;
    for (size_t i = 0; i < pg->op->query_count; i++) {
        const query_param_t *q = &pg->op->query[i];
        const char *s;
        char *copy;
        if (q->kind != Q_STRING)
            continue;
        memcpy(&s, member(params, q->offset), sizeof s);
        ok = dup_ok(&copy, s) && ok;
        memcpy((char *)pg->params + q->offset, &copy, sizeof copy);
    }
    return ok;
}

static int params_int(const void *params, const query_param_t *q)
{
    int v = -1;
    if (q)
        memcpy(&v, member(params, q->offset), sizeof v);
    return v;
}

/* Sets *out (the caller's iterator pointer, as void *) to a new pager over
 * op, checked as the operation itself checks
 * its arguments. No request is made yet. */
static recert_code pager_new(void *out, recert_client *c, const op_t *op,
                             const char *const ids[MAX_IDS], const void *params)
{
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    if (!params)
        params = op->defaults;
    recert_code rc = check_args(c, op, out != NULL, ids, params, NULL);
    if (rc)
        return rc;
    pager_t *pg = calloc(1, sizeof *pg);
    bool ok = pg != NULL;
    if (ok) {
        pg->op = op;
        pg->page = (rlist_t)RLIST_INIT;
        for (size_t i = 0; ok && i < path_ids(op) && i < MAX_IDS; i++)
            ok = dup_ok(&pg->ids[i], ids[i]);
        ok = ok && pager_copy_params(pg, params);
    }
    if (!ok) {
        pager_free(pg);
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    }
    int limit = params_int(params, query_find(op, Q_LIMIT));
    int offset = params_int(params, query_find(op, Q_OFFSET));
    pg->client = c;
    pg->limit = limit > 0 ? limit : PAGE_DEFAULT;
    pg->offset = offset > 0 ? offset : 0;
    pg->want_count = params_count(op, params);
    pg->total = -1;
    store_out(out, pg);
    return RECERT_OK;
}

/* Fetches the page at pg->offset into pg->page. */
static recert_code pager_fetch(pager_t *pg, bool count)
{
    int limit = pg->limit, offset = (int)pg->offset;
    memcpy((char *)pg->params + query_find(pg->op, Q_LIMIT)->offset, &limit, sizeof limit);
    memcpy((char *)pg->params + query_find(pg->op, Q_OFFSET)->offset, &offset, sizeof offset);
    memcpy((char *)pg->params + query_find(pg->op, Q_COUNT)->offset, &count, sizeof count);
    const char *ids[MAX_IDS] = { pg->ids[0], pg->ids[1] };
    return op_fetch(pg->client, pg->op, ids, pg->params, NULL, &pg->page);
}

/* Sets *item to the next item, fetching pages as needed; RECERT_ITEROVER
 * at the end. */
static recert_code pager_next(pager_t *pg, const void **item)
{
    recert__error_reset(pg->client);
    if (pg->index >= pg->page.count) {
        if (pg->done)
            return RECERT_ITEROVER;
        recert__list_clear(&pg->page, pg->op->dto);
        pg->index = 0;
        recert_code rc = pager_fetch(pg, pg->want_count && pg->total < 0);
        if (rc)
            return rc;
        size_t n = pg->page.count;
        if (pg->page.total >= 0)
            pg->total = pg->page.total;
        pg->offset += (long)n;
        if (n == 0)
            pg->done = true;
        else if (pg->total >= 0)
            pg->done = pg->offset >= pg->total; /* a short page is not the end (SailPoint #266) */
        else
            pg->done = n < (size_t)pg->limit;
        if (n == 0)
            return RECERT_ITEROVER;
    }
    *item = (const char *)pg->page.items + pg->index++ * pg->op->dto->size;
    return RECERT_OK;
}

/* ---- the typed iterators ------------------------------------------------ */

struct recert_certification_iter {
    pager_t pg;
};
struct recert_reviewer_iter {
    pager_t pg;
};
struct recert_permission_iter {
    pager_t pg;
};

recert_code recert_certification_iter_new(recert_certification_iter **out, recert_client *c,
                                          const recert_list_certifications_params *params)
{
    const char *ids[MAX_IDS] = { NULL };
    return pager_new(out, c, &op_list_certifications, ids, params);
}

recert_code recert_certification_iter_next(const recert_certification **out,
                                           recert_certification_iter *it)
{
    const void *item = NULL;
    recert_code rc = out && it ? pager_next(&it->pg, &item) : RECERT_EINVALID;
    if (!rc)
        *out = item;
    return rc;
}

int64_t recert_certification_iter_total(const recert_certification_iter *it)
{
    return it ? it->pg.total : -1;
}

void recert_certification_iter_free(recert_certification_iter *it)
{
    pager_free(it ? &it->pg : NULL);
}

recert_code recert_reviewer_iter_new(recert_reviewer_iter **out, recert_client *c, const char *id,
                                     const recert_list_certification_reviewers_params *params)
{
    const char *ids[MAX_IDS] = { id };
    return pager_new(out, c, &op_list_reviewers, ids, params);
}

recert_code recert_reviewer_iter_next(const recert_identity_reference **out,
                                      recert_reviewer_iter *it)
{
    const void *item = NULL;
    recert_code rc = out && it ? pager_next(&it->pg, &item) : RECERT_EINVALID;
    if (!rc)
        *out = item;
    return rc;
}

int64_t recert_reviewer_iter_total(const recert_reviewer_iter *it)
{
    return it ? it->pg.total : -1;
}

void recert_reviewer_iter_free(recert_reviewer_iter *it)
{
    pager_free(it ? &it->pg : NULL);
}

recert_code recert_permission_iter_new(
    recert_permission_iter **out, recert_client *c, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params)
{
    const char *ids[MAX_IDS] = { certification_id, item_id };
    return pager_new(out, c, &op_item_permissions, ids, params);
}

recert_code recert_permission_iter_next(const recert_permission **out, recert_permission_iter *it)
{
    const void *item = NULL;
    recert_code rc = out && it ? pager_next(&it->pg, &item) : RECERT_EINVALID;
    if (!rc)
        *out = item;
    return rc;
}

int64_t recert_permission_iter_total(const recert_permission_iter *it)
{
    return it ? it->pg.total : -1;
}

void recert_permission_iter_free(recert_permission_iter *it)
{
    pager_free(it ? &it->pg : NULL);
}
