/*
 * pagecache: rendered collection pages. See pagecache.h.
 *
 * A chained hash table over an LRU list. Budgets are small (megabytes) and
 * bodies large (a full page is ~200 KB), so the table is fixed-size and the
 * entry count is bounded as well as the bytes.
 */
#include "pagecache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096            /* also the most entries kept */

typedef struct entry {
    pagecache_body body;        /* first: a body pointer is an entry pointer */
    atomic_int refs;
    char *key;
    size_t key_len;
    uint64_t hash;
    struct entry *chain;        /* next in the bucket */
    struct entry *newer, *older;    /* LRU list */
} entry;

struct pagecache {
    pthread_mutex_t mu;
    size_t budget, max_body;
    uint64_t generation;
    entry *buckets[BUCKETS];
    entry *newest, *oldest;
    size_t entries, bytes;
    pagecache_stats stats;
};

static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static size_t cost(const entry *e)
{
    return sizeof *e + e->key_len + e->body.len;
}

pagecache_t *pagecache_new(size_t budget)
{
    if (!budget)
        return NULL;
    pagecache_t *pc = calloc(1, sizeof *pc);
    if (!pc)
        return NULL;
    pthread_mutex_init(&pc->mu, NULL);
    pc->budget = budget;
    /* A body that would take more than a quarter of the budget would evict
     * most of the cache for one answer. */
    pc->max_body = budget / 4;
    return pc;
}

void pagecache_release(const pagecache_body *body)
{
    if (!body)
        return;
    entry *e = (entry *)body;
    if (atomic_fetch_sub(&e->refs, 1) == 1) {
        free((char *)e->body.data);
        free(e->key);
        free(e);
    }
}

static void unchain(pagecache_t *pc, entry *e)
{
    entry **p = &pc->buckets[e->hash % BUCKETS];
    while (*p != e)
        p = &(*p)->chain;
    *p = e->chain;
}

/* Forgets an entry already out of the LRU list, dropping the cache's
 * reference. Called with the mutex held. */
static void discard(pagecache_t *pc, entry *e)
{
    unchain(pc, e);
    pc->entries--;
    pc->bytes -= cost(e);
    pagecache_release(&e->body);
}

/* Unlinks e from the LRU list and forgets it. */
static void drop(pagecache_t *pc, entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        pc->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        pc->oldest = e->newer;
    discard(pc, e);
}

/* Drops the least recently used entry (there is one). Called with the
 * mutex held. */
static void evict_oldest(pagecache_t *pc)
{
    entry *victim = pc->oldest;
    pc->oldest = victim->newer;
    if (pc->oldest)
        pc->oldest->older = NULL;
    else
        pc->newest = NULL;
    discard(pc, victim);
}

/* Empties the cache. Called with the mutex held (or at the end). */
static void drop_all(pagecache_t *pc)
{
    for (entry *e = pc->newest, *older; e; e = older) {
        older = e->older;
        pagecache_release(&e->body);
    }
    memset(pc->buckets, 0, sizeof pc->buckets);
    pc->newest = pc->oldest = NULL;
    pc->entries = 0;
    pc->bytes = 0;
}

/* Moves the cache to generation, emptying it if that is newer. Returns
 * false if generation is older than the cache's (a result rendered from
 * data that has changed since). Called with the mutex held. */
static bool at_generation(pagecache_t *pc, uint64_t generation)
{
    if (generation < pc->generation)
        return false;
    if (generation > pc->generation) {
        if (pc->entries)
            pc->stats.flushes++;
        drop_all(pc);
        pc->generation = generation;
    }
    return true;
}

static entry *find(pagecache_t *pc, const char *key, size_t key_len, uint64_t hash)
{
    for (entry *e = pc->buckets[hash % BUCKETS]; e; e = e->chain)
        if (e->hash == hash && e->key_len == key_len && memcmp(e->key, key, key_len) == 0)
            return e;
    return NULL;
}

static void link_newest(pagecache_t *pc, entry *e)
{
    e->older = pc->newest;
    e->newer = NULL;
    if (pc->newest)
        pc->newest->newer = e;
    else
        pc->oldest = e;
    pc->newest = e;
}

const pagecache_body *pagecache_get(pagecache_t *pc, const char *key, size_t key_len,
                                    uint64_t generation)
{
    if (!pc)
        return NULL;
    uint64_t hash = hash_key(key, key_len);
    pthread_mutex_lock(&pc->mu);
    entry *e = at_generation(pc, generation) ? find(pc, key, key_len, hash) : NULL;
    if (e) {
        if (pc->newest != e) { /* to the front of the LRU list */
            e->newer->older = e->older;
            if (e->older)
                e->older->newer = e->newer;
            else
                pc->oldest = e->newer;
            link_newest(pc, e);
        }
        atomic_fetch_add(&e->refs, 1);
    }
    pthread_mutex_unlock(&pc->mu);
    return e ? &e->body : NULL;
}

const pagecache_body *pagecache_put(pagecache_t *pc, const char *key, size_t key_len,
                                    uint64_t generation, char *data, size_t len,
                                    int64_t total_count)
{
    entry *e = calloc(1, sizeof *e);
    if (!e) {
        free(data);
        return NULL;
    }
    e->body = (pagecache_body){ data, len, total_count };
    atomic_init(&e->refs, 1);
    if (!pc || len > pc->max_body)
        return &e->body;
    e->key = malloc(key_len ? key_len : 1);
    if (!e->key)
        return &e->body;
    memcpy(e->key, key, key_len);
    e->key_len = key_len;
    e->hash = hash_key(key, key_len);

    pthread_mutex_lock(&pc->mu);
    if (at_generation(pc, generation)) {
        entry *old = find(pc, key, key_len, e->hash);
        if (old) /* rendered twice at once: keep the newer */
            drop(pc, old);
        while (pc->oldest && (pc->entries >= BUCKETS || pc->bytes + cost(e) > pc->budget)) {
            evict_oldest(pc);
            pc->stats.evictions++;
        }
        atomic_fetch_add(&e->refs, 1); /* the cache's */
        e->chain = pc->buckets[e->hash % BUCKETS];
        pc->buckets[e->hash % BUCKETS] = e;
        link_newest(pc, e);
        pc->entries++;
        pc->bytes += cost(e);
    }
    pthread_mutex_unlock(&pc->mu);
    return &e->body;
}

void pagecache_get_stats(pagecache_t *pc, pagecache_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!pc)
        return;
    pthread_mutex_lock(&pc->mu);
    *out = pc->stats;
    out->entries = pc->entries;
    out->bytes = pc->bytes;
    pthread_mutex_unlock(&pc->mu);
}

void pagecache_free(pagecache_t *pc)
{
    if (!pc)
        return;
    drop_all(pc);
    pthread_mutex_destroy(&pc->mu);
    free(pc);
}
