/*
 * collection: limit/offset/count/filters/sorters. See collection.h.
 *
 * SailPoint declares limit 0..250 (default 250) and offset >= 0; anything
 * else is a 400 here, never silently clamped, so a client learns about its
 * bug in tests rather than in production. An offset past the end is not an
 * error: the SDK paginators ask for one more page whenever a page is full.
 */
#include "collection.h"

#include <string.h>

#include "../common/util.h"

static int int_param(req_t *req, const char *name, int64_t def, int64_t lo, int64_t hi,
                     int64_t *out)
{
    bool dup;
    const char *v = req_query(req, name, &dup);
    *out = def;
    if (!v)
        return 0;
    if (dup) {
        req_fail(req, RC_EINVALID, "%s: given more than once", name);
        return -1;
    }
    int64_t n;
    if (parse_int64(v, strlen(v), &n) != 0) {
        size_t digits = strspn(v + (*v == '-'), "0123456789");
        if (digits && !v[(*v == '-') + digits]) /* an integer too large for 64 bits */
            req_fail(req, RC_EINVALID, "%s: \"%.40s\" is out of range (%s %lld)", name, v,
                     *v == '-' ? "at least" : "at most", (long long)(*v == '-' ? lo : hi));
        else
            req_fail(req, RC_EINVALID, "%s: \"%.40s\" is not an integer", name, v);
        return -1;
    }
    if (n < lo || n > hi) {
        if (hi == INT32_MAX && n < lo)
            req_fail(req, RC_EINVALID, "%s: must be %lld or more", name, (long long)lo);
        else if (hi == INT32_MAX)
            req_fail(req, RC_EINVALID, "%s: %lld is out of range (at most %lld)", name,
                     (long long)n, (long long)hi);
        else
            req_fail(req, RC_EINVALID, "%s: must be between %lld and %lld", name, (long long)lo,
                     (long long)hi);
        return -1;
    }
    *out = n;
    return 0;
}

rc_t collection_parse(req_t *req, const collection_spec *spec, collection *out)
{
    memset(out, 0, sizeof *out);
    int bad = 0;
    bad |= int_param(req, "limit", COLLECTION_MAX_LIMIT, 0, COLLECTION_MAX_LIMIT,
                     &out->page.limit);
    bad |= int_param(req, "offset", 0, 0, INT32_MAX, &out->page.offset);

    bool dup;
    const char *count = req_query(req, "count", &dup);
    if (count) {
        if (dup) {
            req_fail(req, RC_EINVALID, "count: given more than once");
            bad = 1;
        } else if (strcmp(count, "true") == 0)
            out->page.count = true;
        else if (strcmp(count, "false") != 0) {
            req_fail(req, RC_EINVALID, "count: must be true or false");
            bad = 1;
        }
    }

    const char *filters = req_query(req, "filters", &dup);
    if (filters && dup) {
        req_fail(req, RC_EINVALID, "filters: given more than once; join filters with \"and\"");
        bad = 1;
    } else if (filters && !spec->fields) {
        req_fail(req, RC_EINVALID, "filters: this operation does not support filters");
        bad = 1;
    } else if (filters) {
        problems_t fp = PROBLEMS_INIT;
        out->filter = filter_parse(filters, strlen(filters), &fp);
        if (!out->filter ||
            filter_validate(out->filter, spec->fields, spec->field_count, spec->rules, &fp) != 0) {
            req_fail_problems(req, RC_EINVALID, &fp);
            bad = 1;
        }
        problems_free(&fp);
    }

    const char *sorters = req_query(req, "sorters", &dup);
    if (sorters && dup) {
        req_fail(req, RC_EINVALID, "sorters: given more than once; list keys comma-separated");
        bad = 1;
    } else if (sorters && !spec->sorts) {
        req_fail(req, RC_EINVALID, "sorters: this operation does not support sorting");
        bad = 1;
    } else if (sorters) {
        problems_t sp = PROBLEMS_INIT;
        size_t n = 0;
        if (sorters_parse(sorters, strlen(sorters), spec->sorts, spec->sort_count, out->sort, &n,
                          &sp) != 0) {
            req_fail_problems(req, RC_EINVALID, &sp);
            bad = 1;
        }
        problems_free(&sp);
        out->page.sort = out->sort;
        out->page.sort_count = n;
    }

    if (bad) {
        collection_free(out);
        return RC_EINVALID;
    }
    out->page.filter = out->filter;
    return RC_OK;
}

void collection_free(collection *c)
{
    filter_free(c->filter);
    c->filter = NULL;
    c->page.filter = NULL;
}
