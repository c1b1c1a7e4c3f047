/*
 * certifications: the six CertificationsApi (beta) operations and the
 * page iterators over the three collections.
 *
 * Each operation builds its path and query (ids and values percent-encoded
 * by url.c), makes one call through http.c and decodes the body into a
 * caller-owned result. Query parameters go in the SDK's order; the
 * reviewer parameter keeps the beta API's spelling, reviewer-identitiy.
 *
 * An iterator owns copies of its parameters and one page at a time; the
 * generic pager below decides when a walk ends (see the header).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 250

static bool bad_id(const char *id)
{
    return !id || !*id;
}

static recert_code invalid(recert_client *c, const char *what)
{
    return recert__error_set(c, RECERT_EINVALID, "%s", what);
}

/* Starts a path "/beta/certifications[/{id}]". */
static void path_cert(rbuf_t *b, const char *id)
{
    recert__buf_puts(b, "/beta/certifications");
    if (id) {
        recert__buf_putc(b, '/');
        recert__url_encode(b, id);
    }
}

static void query_collection(rbuf_t *b, int limit, int offset, bool count)
{
    recert__query_add_int(b, "limit", limit);
    recert__query_add_int(b, "offset", offset);
    if (count)
        recert__query_add(b, "count", "true");
}

/* GETs path; on success resp holds the 2xx body. Frees path. */
static recert_code get(recert_client *c, rbuf_t *path, http_response_t *resp)
{
    recert_code rc = path->failed ? recert__error_set(c, RECERT_ENOMEM, "out of memory")
                                  : recert__http_call(c, path->data, NULL, resp);
    recert__buf_free(path);
    return rc;
}

static recert_code decoded(recert_client *c, recert_code rc, const char *err)
{
    return rc ? recert__error_set(c, rc, "invalid response: %s", err) : RECERT_OK;
}

/* ---- pages ------------------------------------------------------------ */

static recert_code page_certifications(recert_client *c, const recert_list_certifications_params *p,
                                       recert_certification_list *dst)
{
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    char err[256];
    path_cert(&path, NULL);
    recert__query_add(&path, "reviewer-identitiy", p->reviewer_identity);
    query_collection(&path, p->limit, p->offset, p->count);
    recert__query_add(&path, "filters", p->filters);
    recert__query_add(&path, "sorters", p->sorters);
    recert_code rc = get(c, &path, &resp);
    if (!rc)
        rc = decoded(c, recert__decode_certifications(dst, recert__buf_cstr(&resp.body), resp.body.len, err,
                                                      sizeof err), err);
    if (!rc)
        dst->total = p->count ? resp.total_count : -1;
    recert__response_free(&resp);
    return rc;
}

static recert_code page_reviewers(recert_client *c, const char *id,
                                  const recert_list_certification_reviewers_params *p,
                                  recert_identity_reference_list *dst)
{
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    char err[256];
    path_cert(&path, id);
    recert__buf_puts(&path, "/reviewers");
    query_collection(&path, p->limit, p->offset, p->count);
    recert__query_add(&path, "filters", p->filters);
    recert__query_add(&path, "sorters", p->sorters);
    recert_code rc = get(c, &path, &resp);
    if (!rc)
        rc = decoded(c, recert__decode_identity_references(dst, recert__buf_cstr(&resp.body), resp.body.len,
                                                           err, sizeof err), err);
    if (!rc)
        dst->total = p->count ? resp.total_count : -1;
    recert__response_free(&resp);
    return rc;
}

static recert_code page_permissions(
    recert_client *c, const char *cert_id, const char *item_id,
    const recert_get_identity_certification_item_permissions_params *p,
    recert_permission_list *dst)
{
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    char err[256];
    path_cert(&path, cert_id);
    recert__buf_puts(&path, "/access-review-items/");
    recert__url_encode(&path, item_id);
    recert__buf_puts(&path, "/permissions");
    recert__query_add(&path, "filters", p->filters);
    query_collection(&path, p->limit, p->offset, p->count);
    recert_code rc = get(c, &path, &resp);
    if (!rc)
        rc = decoded(c, recert__decode_permissions(dst, recert__buf_cstr(&resp.body), resp.body.len, err,
                                                   sizeof err), err);
    if (!rc)
        dst->total = p->count ? resp.total_count : -1;
    recert__response_free(&resp);
    return rc;
}

/* ---- the six operations ---------------------------------------------- */

recert_code recert_list_certifications(recert_certification_list **out, recert_client *c,
                                       const recert_list_certifications_params *params)
{
    static const recert_list_certifications_params defaults =
        RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const recert_list_certifications_params *p = params ? params : &defaults;
    if (!out || p->version != RECERT_PARAMS_VERSION)
        return invalid(c, out ? "unsupported params version" : "out is NULL");
    recert_certification_list *l = calloc(1, sizeof *l);
    if (!l)
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    recert_code rc = page_certifications(c, p, l);
    if (rc)
        free(l);
    else
        *out = l;
    return rc;
}

recert_code recert_list_certification_reviewers(
    recert_identity_reference_list **out, recert_client *c, const char *id,
    const recert_list_certification_reviewers_params *params)
{
    static const recert_list_certification_reviewers_params defaults =
        RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const recert_list_certification_reviewers_params *p = params ? params : &defaults;
    if (!out || bad_id(id) || p->version != RECERT_PARAMS_VERSION)
        return invalid(c, !out ? "out is NULL" : bad_id(id) ? "empty certification id"
                                                            : "unsupported params version");
    recert_identity_reference_list *l = calloc(1, sizeof *l);
    if (!l)
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    recert_code rc = page_reviewers(c, id, p, l);
    if (rc)
        free(l);
    else
        *out = l;
    return rc;
}

recert_code recert_get_identity_certification_item_permissions(
    recert_permission_list **out, recert_client *c, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params)
{
    static const recert_get_identity_certification_item_permissions_params defaults =
        RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const recert_get_identity_certification_item_permissions_params *p =
        params ? params : &defaults;
    if (!out || bad_id(certification_id) || bad_id(item_id) ||
        p->version != RECERT_PARAMS_VERSION)
        return invalid(c, !out ? "out is NULL"
                          : bad_id(certification_id) ? "empty certification id"
                          : bad_id(item_id)          ? "empty item id"
                                                     : "unsupported params version");
    recert_permission_list *l = calloc(1, sizeof *l);
    if (!l)
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    recert_code rc = page_permissions(c, certification_id, item_id, p, l);
    if (rc)
        free(l);
    else
        *out = l;
    return rc;
}

recert_code recert_get_identity_certification_pending_tasks(recert_task_list **out,
                                                            recert_client *c, const char *id)
{
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    if (!out || bad_id(id))
        return invalid(c, out ? "empty certification id" : "out is NULL");
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    char err[256];
    path_cert(&path, id);
    recert__buf_puts(&path, "/tasks-pending");
    recert_task_list *l = calloc(1, sizeof *l);
    recert_code rc = l ? get(c, &path, &resp)
                       : (recert__buf_free(&path), recert__error_set(c, RECERT_ENOMEM, "out of memory"));
    if (!rc)
        rc = decoded(c, recert__decode_tasks(l, recert__buf_cstr(&resp.body), resp.body.len, err, sizeof err),
                     err);
    recert__response_free(&resp);
    if (rc)
        free(l);
    else
        *out = l;
    return rc;
}

recert_code recert_get_identity_certification_task_status(recert_task **out, recert_client *c,
                                                          const char *id, const char *task_id)
{
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    if (!out || bad_id(id) || bad_id(task_id))
        return invalid(c, !out ? "out is NULL" : bad_id(id) ? "empty certification id"
                                                            : "empty task id");
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    char err[256];
    path_cert(&path, id);
    recert__buf_puts(&path, "/tasks/");
    recert__url_encode(&path, task_id);
    recert_task *t = calloc(1, sizeof *t);
    recert_code rc = t ? get(c, &path, &resp)
                       : (recert__buf_free(&path), recert__error_set(c, RECERT_ENOMEM, "out of memory"));
    if (!rc)
        rc = decoded(c, recert__decode_task(t, recert__buf_cstr(&resp.body), resp.body.len, err, sizeof err),
                     err);
    recert__response_free(&resp);
    if (rc)
        free(t);
    else
        *out = t;
    return rc;
}

static const char *check_reassign(const recert_review_reassign *r)
{
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

recert_code recert_submit_reassign_certs_async(recert_task **out, recert_client *c, const char *id,
                                               const recert_review_reassign *review_reassign)
{
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const char *why = !out ? "out is NULL" : bad_id(id) ? "empty certification id"
                                                        : check_reassign(review_reassign);
    if (why)
        return invalid(c, why);
    char *body = NULL, err[256];
    recert_code rc = recert__encode_review_reassign(&body, review_reassign);
    if (rc)
        return recert__error_set(c, rc, "%s", rc == RECERT_EINVALID
                                                  ? "review_reassign holds a string that is "
                                                    "not UTF-8"
                                                  : "out of memory");
    rbuf_t path = RBUF_INIT;
    http_response_t resp = { 0 };
    path_cert(&path, id);
    recert__buf_puts(&path, "/reassign-async");
    recert_task *t = calloc(1, sizeof *t);
    if (!t || path.failed)
        rc = recert__error_set(c, RECERT_ENOMEM, "out of memory");
    else
        rc = recert__http_call(c, path.data, body, &resp);
    if (!rc)
        rc = decoded(c, recert__decode_task(t, recert__buf_cstr(&resp.body), resp.body.len, err, sizeof err),
                     err);
    recert__response_free(&resp);
    recert__buf_free(&path);
    free(body);
    if (rc)
        free(t);
    else
        *out = t;
    return rc;
}

/* ---- iterators ------------------------------------------------------- */

typedef struct pager pager_t;
struct pager {
    recert_client *client;
    int limit;        /* page size */
    long offset;      /* of the next page */
    bool want_count;
    int64_t total;    /* X-Total-Count, -1 until known */
    bool done;        /* no page after the current one */
    size_t index;     /* next item of the current page */
    size_t count;     /* items in the current page */
    /* Fetches the page at offset (asking X-Total-Count if count) into the
     * iterator's list; sets *n and *total. */
    recert_code (*fetch)(pager_t *pg, bool count, size_t *n, int64_t *total);
    void (*clear)(pager_t *pg);
};

static void pager_init(pager_t *pg, recert_client *c, int limit, int offset, bool count)
{
    pg->client = c;
    pg->limit = limit > 0 ? limit : PAGE_DEFAULT;
    pg->offset = offset > 0 ? offset : 0;
    pg->want_count = count;
    pg->total = -1;
}

/* Sets *index to the next item of the current page, fetching pages as
 * needed; RECERT_ITEROVER at the end. */
static recert_code pager_next(pager_t *pg, size_t *index)
{
    recert__error_reset(pg->client);
    if (pg->index < pg->count) {
        *index = pg->index++;
        return RECERT_OK;
    }
    if (pg->done)
        return RECERT_ITEROVER;
    pg->clear(pg);
    pg->index = pg->count = 0;
    size_t n = 0;
    int64_t total = -1;
    recert_code rc = pg->fetch(pg, pg->want_count && pg->total < 0, &n, &total);
    if (rc)
        return rc;
    if (total >= 0)
        pg->total = total;
    pg->count = n;
    pg->offset += (long)n;
    if (n == 0)
        pg->done = true;
    else if (pg->total >= 0)
        pg->done = pg->offset >= pg->total; /* a short page is not the end (SailPoint #266) */
    else
        pg->done = n < (size_t)pg->limit;
    if (n == 0)
        return RECERT_ITEROVER;
    *index = pg->index++;
    return RECERT_OK;
}

/* Copies src (NULL stays NULL); false when out of memory. */
static bool dup_ok(char **dst, const char *src)
{
    *dst = recert__strdup(src);
    return !src || *dst;
}

struct recert_certification_iter {
    pager_t pg; /* first */
    char *reviewer, *filters, *sorters;
    recert_certification_list page;
};

static recert_code cert_fetch(pager_t *pg, bool count, size_t *n, int64_t *total)
{
    recert_certification_iter *it = (recert_certification_iter *)pg;
    recert_list_certifications_params p = { RECERT_PARAMS_VERSION, it->reviewer, pg->limit,
                                             (int)pg->offset, count, it->filters, it->sorters };
    recert_code rc = page_certifications(pg->client, &p, &it->page);
    *n = it->page.count;
    *total = it->page.total;
    return rc;
}

static void cert_clear(pager_t *pg)
{
    recert__certification_list_clear(&((recert_certification_iter *)pg)->page);
}

recert_code recert_certification_iter_new(recert_certification_iter **out, recert_client *c,
                                          const recert_list_certifications_params *params)
{
    static const recert_list_certifications_params defaults =
        RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const recert_list_certifications_params *p = params ? params : &defaults;
    if (!out || p->version != RECERT_PARAMS_VERSION)
        return invalid(c, out ? "unsupported params version" : "out is NULL");
    recert_certification_iter *it = calloc(1, sizeof *it);
    if (!it || !dup_ok(&it->reviewer, p->reviewer_identity) ||
        !dup_ok(&it->filters, p->filters) || !dup_ok(&it->sorters, p->sorters)) {
        recert_certification_iter_free(it);
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    }
    pager_init(&it->pg, c, p->limit, p->offset, p->count);
    it->pg.fetch = cert_fetch;
    it->pg.clear = cert_clear;
    it->page.total = -1;
    *out = it;
    return RECERT_OK;
}

recert_code recert_certification_iter_next(const recert_certification **out,
                                           recert_certification_iter *it)
{
    if (!out || !it)
        return RECERT_EINVALID;
    size_t i;
    recert_code rc = pager_next(&it->pg, &i);
    if (!rc)
        *out = &it->page.items[i];
    return rc;
}

int64_t recert_certification_iter_total(const recert_certification_iter *it)
{
    return it ? it->pg.total : -1;
}

void recert_certification_iter_free(recert_certification_iter *it)
{
    if (!it)
        return;
    recert__certification_list_clear(&it->page);
    free(it->reviewer);
    free(it->filters);
    free(it->sorters);
    free(it);
}

struct recert_reviewer_iter {
    pager_t pg;
    char *id, *filters, *sorters;
    recert_identity_reference_list page;
};

static recert_code reviewer_fetch(pager_t *pg, bool count, size_t *n, int64_t *total)
{
    recert_reviewer_iter *it = (recert_reviewer_iter *)pg;
    recert_list_certification_reviewers_params p = { RECERT_PARAMS_VERSION, pg->limit,
                                                     (int)pg->offset, count, it->filters,
                                                     it->sorters };
    recert_code rc = page_reviewers(pg->client, it->id, &p, &it->page);
    *n = it->page.count;
    *total = it->page.total;
    return rc;
}

static void reviewer_clear(pager_t *pg)
{
    recert__identity_reference_list_clear(&((recert_reviewer_iter *)pg)->page);
}

recert_code recert_reviewer_iter_new(recert_reviewer_iter **out, recert_client *c, const char *id,
                                     const recert_list_certification_reviewers_params *params)
{
    static const recert_list_certification_reviewers_params defaults =
        RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const recert_list_certification_reviewers_params *p = params ? params : &defaults;
    if (!out || bad_id(id) || p->version != RECERT_PARAMS_VERSION)
        return invalid(c, !out ? "out is NULL" : bad_id(id) ? "empty certification id"
                                                            : "unsupported params version");
    recert_reviewer_iter *it = calloc(1, sizeof *it);
    if (!it || !dup_ok(&it->id, id) || !dup_ok(&it->filters, p->filters) ||
        !dup_ok(&it->sorters, p->sorters)) {
        recert_reviewer_iter_free(it);
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    }
    pager_init(&it->pg, c, p->limit, p->offset, p->count);
    it->pg.fetch = reviewer_fetch;
    it->pg.clear = reviewer_clear;
    it->page.total = -1;
    *out = it;
    return RECERT_OK;
}

recert_code recert_reviewer_iter_next(const recert_identity_reference **out,
                                      recert_reviewer_iter *it)
{
    if (!out || !it)
        return RECERT_EINVALID;
    size_t i;
    recert_code rc = pager_next(&it->pg, &i);
    if (!rc)
        *out = &it->page.items[i];
    return rc;
}

int64_t recert_reviewer_iter_total(const recert_reviewer_iter *it)
{
    return it ? it->pg.total : -1;
}

void recert_reviewer_iter_free(recert_reviewer_iter *it)
{
    if (!it)
        return;
    recert__identity_reference_list_clear(&it->page);
    free(it->id);
    free(it->filters);
    free(it->sorters);
    free(it);
}

struct recert_permission_iter {
    pager_t pg;
    char *cert_id, *item_id, *filters;
    recert_permission_list page;
};

static recert_code permission_fetch(pager_t *pg, bool count, size_t *n, int64_t *total)
{
    recert_permission_iter *it = (recert_permission_iter *)pg;
    recert_get_identity_certification_item_permissions_params p = {
        RECERT_PARAMS_VERSION, it->filters, pg->limit, (int)pg->offset, count
    };
    recert_code rc = page_permissions(pg->client, it->cert_id, it->item_id, &p, &it->page);
    *n = it->page.count;
    *total = it->page.total;
    return rc;
}

static void permission_clear(pager_t *pg)
{
    recert__permission_list_clear(&((recert_permission_iter *)pg)->page);
}

recert_code recert_permission_iter_new(
    recert_permission_iter **out, recert_client *c, const char *certification_id,
    const char *item_id, const recert_get_identity_certification_item_permissions_params *params)
{
    static const recert_get_identity_certification_item_permissions_params defaults =
        RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
    if (!c)
        return RECERT_EINVALID;
    recert__error_reset(c);
    const recert_get_identity_certification_item_permissions_params *p =
        params ? params : &defaults;
    if (!out || bad_id(certification_id) || bad_id(item_id) ||
        p->version != RECERT_PARAMS_VERSION)
        return invalid(c, !out ? "out is NULL"
                          : bad_id(certification_id) ? "empty certification id"
                          : bad_id(item_id)          ? "empty item id"
                                                     : "unsupported params version");
    recert_permission_iter *it = calloc(1, sizeof *it);
    if (!it || !dup_ok(&it->cert_id, certification_id) || !dup_ok(&it->item_id, item_id) ||
        !dup_ok(&it->filters, p->filters)) {
        recert_permission_iter_free(it);
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    }
    pager_init(&it->pg, c, p->limit, p->offset, p->count);
    it->pg.fetch = permission_fetch;
    it->pg.clear = permission_clear;
    it->page.total = -1;
    *out = it;
    return RECERT_OK;
}

recert_code recert_permission_iter_next(const recert_permission **out, recert_permission_iter *it)
{
    if (!out || !it)
        return RECERT_EINVALID;
    size_t i;
    recert_code rc = pager_next(&it->pg, &i);
    if (!rc)
        *out = &it->page.items[i];
    return rc;
}

int64_t recert_permission_iter_total(const recert_permission_iter *it)
{
    return it ? it->pg.total : -1;
}

void recert_permission_iter_free(recert_permission_iter *it)
{
    if (!it)
        return;
    recert__permission_list_clear(&it->page);
    free(it->cert_id);
    free(it->item_id);
    free(it->filters);
    free(it);
}
