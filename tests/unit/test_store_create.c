/*
 * Unit tests for store_create / store_publish (src/store/store_sqlite.c): a
 * store built aside appears at its path only when published, in WAL mode
 * and readable by store_open; an unpublished one leaves nothing behind; an
 * existing path is never replaced. Also store_generation's basic contract.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/demo.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64], path[128], building[160];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/recert-create-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/s.db", f->dir);
    snprintf(f->building, sizeof f->building, "%s.building", f->path);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void test_store_create__published_store_is_complete(void **state)
{
    fixture *f = *state;
    char err[256] = "";
    store_t *s = NULL;
    assert_int_equal(store_create(&s, f->path, err, sizeof err), STORE_OK);
    assert_false(exists(f->path));
    assert_true(exists(f->building));
    demo_options opt = { 30, 1, false };
    demo_credentials cr;
    assert_int_equal(demo_generate(s, &opt, &cr, err, sizeof err), STORE_OK);
    assert_true(cr.created);
    assert_false(exists(f->path)); /* nothing at the path until published */
    assert_int_equal(store_publish(s, err, sizeof err), STORE_OK);
    assert_true(exists(f->path));
    assert_false(exists(f->building));

    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);

    assert_int_equal(store_open(&s, f->path, 2, err, sizeof err), STORE_OK);
    store_client c;
    assert_int_equal(store_client_get(s, DEMO_ADMIN_CLIENT, &c), STORE_OK);
    store_close(s);

    /* An existing store is never replaced. */
    assert_int_equal(store_create(&s, f->path, err, sizeof err), STORE_CONFLICT);
    assert_null(s);
}

static void test_store_create__unpublished_leaves_nothing(void **state)
{
    fixture *f = *state;
    char err[256] = "";
    store_t *s = NULL;
    /* A leftover of an interrupted build is not in the way. */
    FILE *junk = fopen(f->building, "w");
    assert_non_null(junk);
    fputs("not a database", junk);
    fclose(junk);
    assert_int_equal(store_create(&s, f->path, err, sizeof err), STORE_OK);
    demo_options opt = { 30, 1, false };
    demo_credentials cr;
    assert_int_equal(demo_generate(s, &opt, &cr, err, sizeof err), STORE_OK);
    store_close(s);
    assert_false(exists(f->path));
    assert_false(exists(f->building));
}

static void test_store_create__path_taken_while_building(void **state)
{
    fixture *f = *state;
    char err[256] = "";
    store_t *s = NULL;
    assert_int_equal(store_create(&s, f->path, err, sizeof err), STORE_OK);
    FILE *other = fopen(f->path, "w"); /* someone else's file appears */
    assert_non_null(other);
    fputs("theirs", other);
    fclose(other);
    assert_int_equal(store_publish(s, err, sizeof err), STORE_CONFLICT);
    assert_non_null(strstr(err, "File exists"));
    other = fopen(f->path, "r");
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, other));
    fclose(other);
    assert_string_equal(buf, "theirs");
}

static void test_store_create__generation_moves_with_writes(void **state)
{
    fixture *f = *state;
    char err[256] = "";
    store_t *s = NULL, *other = NULL;
    assert_int_equal(store_open(&s, f->path, 4, err, sizeof err), STORE_OK);
    uint64_t g1, g2, g3, g4;
    assert_int_equal(store_generation(s, &g1), STORE_OK);
    assert_int_equal(store_generation(s, &g2), STORE_OK);
    assert_true(g2 == g1); /* nothing written */
    demo_options opt = { 30, 1, false };
    demo_credentials cr;
    assert_int_equal(demo_generate(s, &opt, &cr, err, sizeof err), STORE_OK);
    assert_int_equal(store_generation(s, &g3), STORE_OK);
    assert_true(g3 > g2);
    /* A write through another store (another process, as far as s knows). */
    assert_int_equal(store_open(&other, f->path, 1, err, sizeof err), STORE_OK);
    assert_int_equal(demo_generate(other, &opt, &cr, err, sizeof err), STORE_OK);
    store_close(other);
    assert_int_equal(store_generation(s, &g4), STORE_OK);
    assert_true(g4 > g3);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store_create__published_store_is_complete, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_create__unpublished_leaves_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_create__path_taken_while_building, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_create__generation_moves_with_writes, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
