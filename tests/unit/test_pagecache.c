/*
 * Unit tests for src/server/pagecache.c: hits only for the same key and the
 * same generation, a newer generation empties the cache, results rendered
 * from an older one are not kept, the byte budget evicts the least recently
 * used, and a body outlives its eviction while a response still holds it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/pagecache.h"

static char *dup_body(const char *s)
{
    char *p = strdup(s);
    assert_non_null(p);
    return p;
}

/* Puts a copy of body under key and drops the caller's reference. */
static void put(pagecache_t *pc, const char *key, uint64_t gen, const char *body, int64_t total)
{
    const pagecache_body *b =
        pagecache_put(pc, key, strlen(key), gen, dup_body(body), strlen(body), total);
    assert_non_null(b);
    assert_memory_equal(b->data, body, strlen(body));
    pagecache_release(b);
}

/* Whether key is a hit at gen with body; drops the reference. */
static int hit(pagecache_t *pc, const char *key, uint64_t gen, const char *body)
{
    const pagecache_body *b = pagecache_get(pc, key, strlen(key), gen);
    if (!b)
        return 0;
    assert_int_equal(b->len, strlen(body));
    assert_memory_equal(b->data, body, b->len);
    pagecache_release(b);
    return 1;
}

static void test_pagecache__hit_needs_same_key_and_generation(void **state)
{
    (void)state;
    pagecache_t *pc = pagecache_new(1 << 20);
    assert_non_null(pc);
    assert_false(hit(pc, "a", 1, ""));
    put(pc, "a", 1, "[1]", 7);
    assert_true(hit(pc, "a", 1, "[1]"));
    const pagecache_body *b = pagecache_get(pc, "a", 1, 1);
    assert_int_equal(b->total_count, 7);
    pagecache_release(b);
    assert_false(hit(pc, "b", 1, ""));
    assert_false(hit(pc, "ab", 1, ""));     /* no prefix matches */
    assert_false(hit(pc, "a", 2, ""));      /* the data moved on: emptied */
    assert_false(hit(pc, "a", 1, ""));
    pagecache_stats st;
    pagecache_get_stats(pc, &st);
    assert_int_equal(st.entries, 0);
    assert_int_equal(st.flushes, 1);
    pagecache_free(pc);
}

static void test_pagecache__stale_results_are_not_kept(void **state)
{
    (void)state;
    pagecache_t *pc = pagecache_new(1 << 20);
    put(pc, "x", 5, "new", -1);
    /* Rendered from a snapshot taken before generation 5: sent, not kept. */
    put(pc, "y", 4, "old", -1);
    assert_false(hit(pc, "y", 5, "old"));
    assert_true(hit(pc, "x", 5, "new"));
    /* Rendered twice at once: the second replaces the first. */
    put(pc, "x", 5, "newer", -1);
    assert_true(hit(pc, "x", 5, "newer"));
    pagecache_stats st;
    pagecache_get_stats(pc, &st);
    assert_int_equal(st.entries, 1);
    pagecache_free(pc);
}

static void test_pagecache__budget_evicts_least_recently_used(void **state)
{
    (void)state;
    /* Room for about three 3000-byte bodies with their bookkeeping. */
    pagecache_t *pc = pagecache_new(4 * 3000);
    char body[3001];
    memset(body, 'x', 3000);
    body[3000] = '\0';
    put(pc, "1", 1, body, -1);
    put(pc, "2", 1, body, -1);
    put(pc, "3", 1, body, -1);
    assert_true(hit(pc, "1", 1, body)); /* 1 is now the most recent */
    put(pc, "4", 1, body, -1);          /* evicts 2 */
    assert_true(hit(pc, "1", 1, body));
    assert_false(hit(pc, "2", 1, body));
    assert_true(hit(pc, "3", 1, body));
    assert_true(hit(pc, "4", 1, body));
    pagecache_stats st;
    pagecache_get_stats(pc, &st);
    assert_true(st.bytes <= 4 * 3000);
    assert_int_equal(st.evictions, 1);

    /* A body over a quarter of the budget is answered, never kept. */
    char big[3002];
    memset(big, 'y', 3001);
    big[3001] = '\0';
    put(pc, "big", 1, big, -1);
    assert_false(hit(pc, "big", 1, big));
    pagecache_free(pc);
}

static void test_pagecache__body_outlives_eviction(void **state)
{
    (void)state;
    pagecache_t *pc = pagecache_new(1 << 20);
    put(pc, "k", 1, "still on the wire", -1);
    const pagecache_body *held = pagecache_get(pc, "k", 1, 1);
    assert_non_null(held);
    assert_false(hit(pc, "k", 2, ""));  /* flushed while held */
    pagecache_free(pc);                 /* and the cache is gone */
    assert_memory_equal(held->data, "still on the wire", held->len);
    pagecache_release(held);            /* ASan: freed exactly once */
}

static void test_pagecache__off_still_answers(void **state)
{
    (void)state;
    assert_null(pagecache_new(0));
    assert_null(pagecache_get(NULL, "k", 1, 1));
    const pagecache_body *b = pagecache_put(NULL, "k", 1, 1, dup_body("[]"), 2, 3);
    assert_non_null(b);
    assert_int_equal(b->total_count, 3);
    pagecache_release(b);
    pagecache_release(NULL);
    pagecache_free(NULL);
}

static void test_pagecache__many_keys(void **state)
{
    (void)state;
    pagecache_t *pc = pagecache_new(64 << 20);
    char key[32];
    for (int i = 0; i < 10000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        put(pc, key, 1, key, i);
    }
    pagecache_stats st;
    pagecache_get_stats(pc, &st);
    assert_true(st.entries <= 4096);    /* the entry bound */
    assert_true(hit(pc, "key-9999", 1, "key-9999"));
    assert_false(hit(pc, "key-0", 1, "key-0"));
    pagecache_free(pc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pagecache__hit_needs_same_key_and_generation),
        cmocka_unit_test(test_pagecache__stale_results_are_not_kept),
        cmocka_unit_test(test_pagecache__budget_evicts_least_recently_used),
        cmocka_unit_test(test_pagecache__body_outlives_eviction),
        cmocka_unit_test(test_pagecache__off_still_answers),
        cmocka_unit_test(test_pagecache__many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
