/*
 * Unit tests for the SQLite store's life cycle (src/store/store_sqlite.c):
 * store_create / store_publish (a store built aside appears at its path
 * only when published, in WAL mode and readable by store_open; an
 * unpublished one leaves nothing behind; an existing path is never
 * replaced), store_generation's contract, and the migration of a version 1
 * store with data to the current schema.
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

#include "org/demo.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64], path[128], building[160];
} fixture;

extern const char *const store_migrations[];
extern const size_t store_migration_count;

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

static void test_store__published_store_is_complete(void **state)
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
    store_tx *tx = NULL;
    assert_int_equal(store_begin(s, STORE_READ, &tx), STORE_OK);
    assert_int_equal(store_client_get(tx, DEMO_ADMIN_CLIENT, &c), STORE_OK);
    store_rollback(tx);
    store_close(s);

    /* An existing store is never replaced. */
    assert_int_equal(store_create(&s, f->path, err, sizeof err), STORE_CONFLICT);
    assert_null(s);
}

static void test_store__unpublished_leaves_nothing(void **state)
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

static void test_store__path_taken_while_building(void **state)
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

static void test_store__generation_moves_with_writes(void **state)
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

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "");
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

typedef struct seen {
    int count;
    char name[128], campaign[128], reviewer[128], from_name[128];
    bool reassigned;
    int64_t decisions_total;
} seen;

static int see_cert(const store_cert *c, void *payload)
{
    seen *s = payload;
    if (strcmp(c->id, "cert-2") == 0) {
        snprintf(s->name, sizeof s->name, "%s", c->name);
        snprintf(s->campaign, sizeof s->campaign, "%s", c->campaign_name);
        snprintf(s->reviewer, sizeof s->reviewer, "%s", c->reviewer.name ? c->reviewer.name : "");
        snprintf(s->from_name, sizeof s->from_name, "%s", c->from_name ? c->from_name : "");
        s->reassigned = c->reassigned;
        s->decisions_total = c->decisions_total;
    }
    s->count++;
    return 0;
}

static void test_store__version_1_store_migrates_with_its_rows(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    exec_ok(db, store_migrations[0]);
    exec_ok(db, "PRAGMA user_version=1");
    exec_ok(db,
        "INSERT INTO identity VALUES ('ID-1', 'Ida Reviewer', 'ida@example.com', NULL, '[]'),"
        " ('id-2', 'Otto Other', NULL, 'id-1', '[\"ORG_ADMIN\"]');"
        "INSERT INTO campaign VALUES ('camp-1', 'Q4 Review', NULL, 'MANAGER', 'ACTIVE',"
        " 'CORRELATED', 'NO_DECISIONS', NULL, '2026-01-01T00:00:00.000Z',"
        " '2026-01-01T00:00:00.000Z');"
        "INSERT INTO certification (id, name, campaign_id, reviewer_type, reviewer_id, phase, due,"
        " created, modified, decisions_total) VALUES"
        " ('cert-1', 'Q4 for Otto', 'camp-1', 'IDENTITY', 'id-2', 'ACTIVE', NULL,"
        " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 0);"
        "INSERT INTO certification (id, name, campaign_id, reviewer_type, reviewer_id, phase, due,"
        " created, modified, reassign_from_id, decisions_total) VALUES"
        " ('cert-2', 'Q4 for Ida', 'camp-1', 'IDENTITY', 'id-1', 'ACTIVE',"
        " '2026-12-31T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z',"
        " 'cert-1', 7);");
    sqlite3_close(db);

    char err[256] = "";
    store_t *s = NULL;
    assert_int_equal(store_open(&s, f->path, 2, err, sizeof err), STORE_OK);
    seen got = { 0 };
    int64_t total = 0;
    store_cert_query q = { .page = { .limit = 250, .count = true } };
    store_tx *tx = NULL;
    assert_int_equal(store_begin(s, STORE_READ, &tx), STORE_OK);
    assert_int_equal(store_cert_list(tx, &q, see_cert, &got, &total), STORE_OK);
    assert_int_equal(total, 2);
    assert_int_equal(got.count, 2);
    assert_string_equal(got.name, "Q4 for Ida");
    assert_string_equal(got.campaign, "Q4 Review");
    assert_string_equal(got.reviewer, "Ida Reviewer"); /* ids still compare without case */
    assert_true(got.reassigned);
    assert_string_equal(got.from_name, "Q4 for Otto");
    assert_int_equal(got.decisions_total, 7);
    bool exists = false, reviewer = false;
    assert_int_equal(store_cert_access(tx, "CERT-2", "ID-1", &exists, &reviewer), STORE_OK);
    assert_true(exists && reviewer);
    store_client c;
    assert_int_equal(store_client_get(tx, "nobody", &c), STORE_NOTFOUND);
    assert_int_equal(store_commit(tx), STORE_OK); /* a read transaction ends either way */
    store_close(s);

    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(query_int(db, "PRAGMA user_version"), (int64_t)store_migration_count);
    assert_int_equal(query_int(db, "SELECT count(*) FROM pragma_table_list WHERE wr = 1 AND name"
                                   " IN ('identity', 'campaign', 'certification')"), 3);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v2'"),
                     0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
                                   " integrity_check <> 'ok'"), 0);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store__published_store_is_complete, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__unpublished_leaves_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__path_taken_while_building, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__generation_moves_with_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__version_1_store_migrates_with_its_rows, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
