/*
 * ratelimit: fixed-window request budgets per key (SailPoint: 100 requests
 * per 10 seconds per client id and API version).
 *
 * O(1) per request and bounded memory whatever the number of distinct keys:
 * keys hash into a fixed table of slots; a key probes a few neighbouring
 * slots and, when all are taken by live windows of other keys, evicts the
 * oldest. Under a flood of distinct keys the limiter can therefore forget a
 * key early (it errs towards letting a request through), but it never grows.
 */
#ifndef RECERT_SERVER_RATELIMIT_H
#define RECERT_SERVER_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

typedef struct ratelimit ratelimit_t;

/* limit requests per window_s seconds; slots is rounded up to a power of 2. */
ratelimit_t *ratelimit_new(int limit, int window_s, size_t slots);
void ratelimit_free(ratelimit_t *rl);

/* Counts one request for key at now_ms. Returns 0 if it is within budget,
 * else the whole seconds (>= 1) until the key's window frees. */
int ratelimit_take(ratelimit_t *rl, const char *key, size_t key_len, int64_t now_ms);

#endif
