/*
 * ops: the one way an operation is called, and the one pager.
 *
 * Each API operation is a row (op_t, internal.h; the rows live in
 * certifications.c for beta and v3.c for v3): its path template, its
 * query parameters in the SDK's order, its result schema and, for a POST,
 * its body. recert__op_call checks the arguments, builds the path and
 * query (ids and values percent-encoded by url.c), makes the call through
 * http.c and decodes the body into a caller-owned result. One pager
 * (struct recert_iter, recert/iter.h) walks any list operation page by
 * page; every public iterator, beta and v3, is this one.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_IDS RECERT_MAX_IDS

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
 * the params (version, then op->check_params), the body. Records and
 * returns the failure. */
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
    const char *why = op->check_params && params ? op->check_params(params) : NULL;
    if (!why && op->check_body)
        why = op->check_body(body);
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
                                 : recert__http_call(c, op->post, path.data, body, &resp);
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

/* The whole operation (internal.h). */
recert_code recert__op_call(recert_client *c, const op_t *op, void *out,
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

/* ---- the pager --------------------------------------------------------- */

/* Walks a list operation page by page (recert/iter.h says when it ends).
 * It owns copies of the ids and of the params, strings included, and one
 * page at a time. */
typedef struct recert_iter {
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
    const void *current; /* the item recert_iter_next moved to, or NULL */
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

/* A new iterator (internal.h). */
recert_code recert__iter_new(void *out, recert_client *c, const op_t *op,
                             const char *const ids[MAX_IDS], const void *params)
{
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    if (!params)
        params = op->defaults;
    recert_code rc = check_args(c, op, out != NULL, ids, params, NULL);
    if (rc || !out) /* !out: check_args said so */
        return rc ? rc : RECERT_EINVALID;
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
    pg->limit = limit > 0 ? limit : RECERT_PAGE_DEFAULT;
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
    const char *ids[MAX_IDS];
    for (size_t i = 0; i < MAX_IDS; i++)
        ids[i] = pg->ids[i];
    return op_fetch(pg->client, pg->op, ids, pg->params, NULL, &pg->page);
}

/* Moves pg->current to the next item, fetching pages as needed;
 * RECERT_ITEROVER at the end. */
static recert_code pager_next(pager_t *pg)
{
    recert__error_reset(pg->client);
    pg->current = NULL;
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
    pg->current = (const char *)pg->page.items + pg->index++ * pg->op->dto->size;
    return RECERT_OK;
}

/* ---- recert/iter.h ------------------------------------------------------ */

recert_code recert_iter_next(recert_iter *it)
{
    return it ? pager_next(it) : RECERT_EINVALID;
}

const void *recert_iter_item(const recert_iter *it)
{
    return it ? it->current : NULL;
}

int64_t recert_iter_total(const recert_iter *it)
{
    return it ? it->total : -1;
}

const char *recert_iter_schema(const recert_iter *it)
{
    return it ? it->op->dto->name : NULL;
}

void recert_iter_free(recert_iter *it)
{
    pager_free(it);
}

