/*
 * pagecache: rendered collection pages, reused while the data is unchanged.
 *
 * Clients ask for the same pages again and again: dashboards poll, test
 * suites list before and after every step, SDK paginators walk the same
 * collection. Rendering a page of 250 certifications costs about a
 * millisecond; sending a remembered one costs what a small request does.
 *
 * An entry is the exact body and X-Total-Count of a 200 answer, stored
 * under a key that names everything the answer depends on (the handler
 * builds it: operation, caller's visibility, the query as sent) and the
 * store generation read before the query ran (store_generation). The
 * cache holds one generation at a time: the first lookup or insert that
 * brings a newer one empties it, so an entry is served only while the data
 * it was rendered from is current.
 *
 * Bodies are reference-counted, so one can be on the wire to several
 * clients while it is evicted. Thread-safe; one mutex, held only for the
 * hash lookup.
 */
#ifndef RECERT_SERVER_PAGECACHE_H
#define RECERT_SERVER_PAGECACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct pagecache pagecache_t;

/* A remembered answer. Read-only; hold it with a reference. */
typedef struct pagecache_body {
    const char *data;
    size_t len;
    int64_t total_count;        /* X-Total-Count, or -1 */
} pagecache_body;

/* A cache of at most budget bytes of bodies and keys; NULL when budget is
 * 0 (every call below accepts a NULL cache and then does nothing). */
pagecache_t *pagecache_new(size_t budget);
void pagecache_free(pagecache_t *pc);

/* The body stored under key for generation, with a reference the caller
 * must drop with pagecache_release; NULL on a miss. */
const pagecache_body *pagecache_get(pagecache_t *pc, const char *key, size_t key_len,
                                    uint64_t generation);

/* Takes ownership of data (malloc'd, len bytes) and returns it as a body
 * holding one reference for the caller, or NULL when out of memory (data
 * is then freed). The body is also remembered under key unless it is too
 * large or generation is older than what the cache holds. */
const pagecache_body *pagecache_put(pagecache_t *pc, const char *key, size_t key_len,
                                    uint64_t generation, char *data, size_t len,
                                    int64_t total_count);

/* Drops a reference taken by pagecache_get or pagecache_put. */
void pagecache_release(const pagecache_body *body);

/* What the tests check: contents, evictions by the budget, and flushes by
 * a newer generation. */
typedef struct pagecache_stats {
    uint64_t evictions, flushes;
    size_t entries, bytes;
} pagecache_stats;
void pagecache_get_stats(pagecache_t *pc, pagecache_stats *out);

#endif
