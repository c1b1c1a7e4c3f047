/*
 * ratelimit: see ratelimit.h. Slots are guarded by striped mutexes so that
 * threads contend only when their keys share a stripe.
 */
#include "ratelimit.h"

#include <pthread.h>
#include <stdlib.h>

#define PROBES 4
#define STRIPES 64

typedef struct slot {
    uint64_t key;           /* 64-bit hash of the key; 0 = empty */
    int64_t window_start;   /* ms */
    int count;
} slot_t;

struct ratelimit {
    int limit;
    int64_t window_ms;
    size_t mask;
    slot_t *slots;
    pthread_mutex_t stripes[STRIPES];
};

ratelimit_t *ratelimit_new(int limit, int window_s, size_t slots)
{
    ratelimit_t *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    size_t n = 1024;
    while (n < slots)
        n <<= 1;
    rl->slots = calloc(n, sizeof *rl->slots);
    if (!rl->slots) {
        free(rl);
        return NULL;
    }
    rl->limit = limit;
    rl->window_ms = (int64_t)window_s * 1000;
    rl->mask = n - 1;
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&rl->stripes[i], NULL);
    return rl;
}

void ratelimit_free(ratelimit_t *rl)
{
    if (!rl)
        return;
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_destroy(&rl->stripes[i]);
    free(rl->slots);
    free(rl);
}

/* FNV-1a, then a final mix; never 0 (0 marks an empty slot). */
static uint64_t hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

int ratelimit_take(ratelimit_t *rl, const char *key, size_t key_len, int64_t now_ms)
{
    uint64_t h = hash(key, key_len);
    /* All probes of a key stay inside one aligned group of PROBES slots, so
     * one stripe lock covers them. */
    size_t base = (size_t)h & rl->mask & ~(size_t)(PROBES - 1);
    pthread_mutex_t *mu = &rl->stripes[(base / PROBES) % STRIPES];
    pthread_mutex_lock(mu);
    slot_t *hit = NULL, *victim = &rl->slots[base];
    for (size_t i = 0; i < PROBES; i++) {
        slot_t *s = &rl->slots[base + i];
        if (s->key == h) {
            hit = s;
            break;
        }
        if (s->key == 0 || s->window_start < victim->window_start ||
            now_ms - s->window_start >= rl->window_ms)
            victim = s;
    }
    if (!hit) {
        hit = victim;
        hit->key = h;
        hit->window_start = now_ms;
        hit->count = 0;
    } else if (now_ms - hit->window_start >= rl->window_ms) {
        hit->window_start = now_ms;
        hit->count = 0;
    }
    int wait = 0;
    if (hit->count < rl->limit) {
        hit->count++;
    } else {
        int64_t left = hit->window_start + rl->window_ms - now_ms;
        wait = (int)((left + 999) / 1000);
        if (wait < 1)
            wait = 1;
    }
    pthread_mutex_unlock(mu);
    return wait;
}
