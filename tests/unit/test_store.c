/*
 * The store conformance suite, and the SQLite backend's own cases.
 *
 * Conformance (test_conf__*): the same cases run against every backend
 * URL in a list: a fresh temporary "sqlite:" file per case, then each URL
 * in RECERT_TEST_STORE_URLS (space-separated), which must name a scratch
 * store of its own (cases only add data, under ids tagged per case and
 * process, so they do not see one another's; the task cases drain the
 * queue first). They cover open and migrate, the URL schemes, transaction
 * visibility (commit, rollback, snapshots), the reads, the bulk writer,
 * tasks (order, claim, lease expiry, exactly-once claims by two claimers,
 * recovery that resumes a dead owner's task and leaves a live owner's
 * alone), the generation, and the reads of review items and summaries
 * (orders, filters, access objects, counts; names kept right through
 * replacing loads and moves).
 *
 * SQLite only (test_store__*), on a path: store_create / store_publish (a
 * store built aside appears at its path only when published, in WAL mode
 * and readable by store_open; an unpublished one leaves nothing behind; an
 * existing path is never replaced), the migration of a version 1 store
 * with data to the current schema, and migration 5's copied names (filled
 * in, and by its triggers for rows inserted without them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "org/demo.h"
#include "common/clock.h"
#include "model/collections.h"
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
    demo_options opt = { .identities = 30, .seed = 1 };
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
    demo_options opt = { .identities = 30, .seed = 1 };
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
    demo_options opt = { .identities = 30, .seed = 1 };
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


/* Migration 5 copies the names onto the items and summaries a version 4
 * store holds, and a row inserted without them (by SQL that does not know
 * of them) gets them from the triggers. */
static void test_store__version_4_items_get_their_names(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    for (int v = 0; v < 4; v++)
        exec_ok(db, store_migrations[v]);
    exec_ok(db, "PRAGMA user_version=4");
    exec_ok(db,
        "INSERT INTO identity (id, name) VALUES ('id-1', 'Ida One'), ('id-2', 'Otto Two');"
        "INSERT INTO entitlement VALUES ('ent-1', 'Admins', 'AD', 'memberOf', 'CN=Admins');"
        "INSERT INTO access_profile VALUES ('ap-1', 'Helpdesk', 'ServiceNow');"
        "INSERT INTO role VALUES ('role-1', 'Finance');"
        "INSERT INTO identity_summary (id, certification_id, identity_id) VALUES"
        " ('is-1', 'cert-1', 'id-1');"
        "INSERT INTO review_item (id, certification_id, summary_id, identity_id, access_type,"
        " access_id) VALUES ('it-1', 'cert-1', 'is-1', 'id-1', 'ENTITLEMENT', 'ent-1'),"
        " ('it-2', 'cert-1', 'is-1', 'id-1', 'ACCESS_PROFILE', 'ap-1'),"
        " ('it-3', 'cert-1', 'is-1', 'id-1', 'ROLE', 'role-1');");
    sqlite3_close(db);
    char err[256] = "";
    store_t *s = NULL;
    assert_int_equal(store_open(&s, f->path, 1, err, sizeof err), STORE_OK);
    store_close(s);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    const char *names =
        "SELECT group_concat(id || '=' || coalesce(identity_name, '-') || '/' ||"
        " coalesce(access_name, '-') || '/' || coalesce(entitlement_source, '-') || '/' ||"
        " coalesce(access_profile_source, '-'), ' ') FROM (SELECT * FROM review_item ORDER BY id)";
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, names, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "it-1=Ida One/Admins/AD/- it-2=Ida One/Helpdesk/-/ServiceNow"
                        " it-3=Ida One/Finance/-/-");
    sqlite3_finalize(st);
    assert_int_equal(query_int(db, "SELECT count(*) FROM identity_summary"
                                   " WHERE identity_name = 'IDA ONE'"), 1);
    exec_ok(db, "INSERT INTO identity_summary (id, certification_id, identity_id) VALUES"
                " ('is-2', 'cert-1', 'id-2');"
                "INSERT INTO review_item (id, certification_id, summary_id, identity_id,"
                " access_type, access_id) VALUES"
                " ('it-4', 'cert-1', 'is-2', 'id-2', 'ENTITLEMENT', 'ent-1')");
    assert_int_equal(query_int(db, "SELECT count(*) FROM review_item WHERE id = 'it-4' AND"
                                   " identity_name = 'Otto Two' AND access_name = 'Admins' AND"
                                   " entitlement_source = 'AD'"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM identity_summary WHERE id = 'is-2' AND"
                                   " identity_name = 'Otto Two'"), 1);
    sqlite3_close(db);
}

/* ------------------------------------------------------------------ */
/* conformance                                                         */

typedef struct conf {
    char url[512];
    char dir[64];           /* a temporary directory (sqlite), or "" */
    char tag[48];           /* prefix of this case's ids */
    store_t *s;
} conf;

static const char *conf_url;    /* the list entry being run; NULL: temporary sqlite: */
static unsigned conf_serial;

static void open_ok(const char *url, int pool, store_t **out)
{
    char err[256] = "";
    store_rc rc = store_open(out, url, pool, err, sizeof err);
    if (rc != STORE_OK)
        fail_msg("store_open(%s): %d %s", url, rc, err);
}

static int conf_setup(void **state)
{
    conf *c = calloc(1, sizeof *c);
    assert_non_null(c);
    if (conf_url) {
        snprintf(c->url, sizeof c->url, "%s", conf_url);
    } else {
        snprintf(c->dir, sizeof c->dir, "/tmp/recert-conf-XXXXXX");
        assert_non_null(mkdtemp(c->dir));
        snprintf(c->url, sizeof c->url, "sqlite:%s/s.db", c->dir);
    }
    snprintf(c->tag, sizeof c->tag, "t%ld-%u", (long)getpid(), ++conf_serial);
    open_ok(c->url, 8, &c->s);
    *state = c;
    return 0;
}

static int conf_teardown(void **state)
{
    conf *c = *state;
    store_close(c->s);
    if (c->dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", c->dir);
        assert_int_equal(system(cmd), 0);
    }
    free(c);
    return 0;
}

/* An id of this case: "<tag>-<name>". */
static const char *id_of(const conf *c, const char *name)
{
    static char ring[16][128];
    static unsigned next;
    char *out = ring[next++ % 16];
    snprintf(out, 128, "%s-%s", c->tag, name);
    return out;
}

static store_tx *begin_ok(store_t *s, store_mode mode)
{
    store_tx *tx = NULL;
    assert_int_equal(store_begin(s, mode, &tx), STORE_OK);
    assert_non_null(tx);
    return tx;
}

/* A small org: reviewer rev reviews c1 (items i1 of s1, i2 of s2, on
 * entitlement ent); group g (member m1) reviews c2 (item i3 of s1). */
static void load_org(const conf *c)
{
    store_writer *w = NULL;
    assert_int_equal(store_writer_begin(c->s, &w), STORE_OK);
    const char *ids[] = { "rev", "m1", "s1", "s2", "to" };
    for (size_t i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, "Person %s", ids[i]);
        assert_int_equal(store_w_identity(w, false, id_of(c, ids[i]), name, NULL, NULL, "[]"),
                         STORE_OK);
    }
    const char *members[] = { id_of(c, "m1") };
    assert_int_equal(store_w_group(w, false, id_of(c, "g"), "Board", members, 1), STORE_OK);
    assert_int_equal(store_w_client(w, false, id_of(c, "cl"), "hash", id_of(c, "rev"), "Client"),
                     STORE_OK);
    assert_int_equal(store_w_entitlement(w, false, id_of(c, "ent"), "Ent", "src", "attr", "v"),
                     STORE_OK);
    const char *rights[] = { "read", "write" };
    assert_int_equal(store_w_permission(w, id_of(c, "ent"), "tbl", rights, 2), STORE_OK);
    store_campaign_in camp = { .id = id_of(c, "camp"), .name = "Camp", .type = "MANAGER",
                               .status = "ACTIVE" };
    assert_int_equal(store_w_campaign(w, false, &camp), STORE_OK);
    store_cert_in c1 = { .id = id_of(c, "c1"), .name = "Camp for rev",
                         .campaign_id = id_of(c, "camp"), .reviewer_type = "IDENTITY",
                         .reviewer_id = id_of(c, "rev"), .phase = "ACTIVE",
                         .due = "2027-01-01T00:00:00.000Z" };
    assert_int_equal(store_w_cert(w, false, &c1), STORE_OK);
    store_cert_in c2 = { .id = id_of(c, "c2"), .name = "Camp for board",
                         .campaign_id = id_of(c, "camp"), .reviewer_type = "GOVERNANCE_GROUP",
                         .reviewer_id = id_of(c, "g"), .phase = "ACTIVE" };
    assert_int_equal(store_w_cert(w, false, &c2), STORE_OK);
    assert_int_equal(store_w_item(w, id_of(c, "i1"), id_of(c, "c1"), id_of(c, "s1"),
                                  "ENTITLEMENT", id_of(c, "ent"), "APPROVE", NULL), STORE_OK);
    assert_int_equal(store_w_item(w, id_of(c, "i2"), id_of(c, "c1"), id_of(c, "s2"),
                                  "ENTITLEMENT", id_of(c, "ent"), NULL, NULL), STORE_OK);
    assert_int_equal(store_w_item(w, id_of(c, "i3"), id_of(c, "c2"), id_of(c, "s1"),
                                  "ENTITLEMENT", id_of(c, "ent"), NULL, NULL), STORE_OK);
    assert_int_equal(store_writer_commit(w), STORE_OK);
}

static void test_conf__open_migrate_and_schemes(void **state)
{
    conf *c = *state;
    store_t *again = NULL;
    open_ok(c->url, 1, &again); /* already migrated: opens as it is */
    store_close(again);
    char err[256] = "";
    store_t *s = NULL;
    assert_int_equal(store_open(&s, "postgresql://db.example/recert", 2, err, sizeof err),
                     STORE_INVALID);
    assert_null(s);
    assert_non_null(strstr(err, "no PostgreSQL backend in this build yet"));
    assert_int_equal(store_open(&s, "postgres://db.example/recert", 2, err, sizeof err),
                     STORE_INVALID);
    assert_non_null(strstr(err, "no PostgreSQL backend in this build yet"));
    assert_int_equal(store_open(&s, "mysql://db.example/recert", 2, err, sizeof err),
                     STORE_INVALID);
    assert_non_null(strstr(err, "\"mysql\""));
    assert_int_equal(store_open(&s, "sqlite:", 2, err, sizeof err), STORE_INVALID);
}

typedef struct task_seen {
    int count;
    char id[65], status[16], errors[256], cert[65], payload[256];
    char ids[64][65];
} task_seen;

static int see_task(const store_task *t, void *payload)
{
    task_seen *s = payload;
    snprintf(s->id, sizeof s->id, "%s", t->id);
    snprintf(s->status, sizeof s->status, "%s", t->status);
    snprintf(s->errors, sizeof s->errors, "%s", t->errors_json);
    snprintf(s->cert, sizeof s->cert, "%s", t->target_id);
    snprintf(s->payload, sizeof s->payload, "%s", t->payload_json ? t->payload_json : "");
    if (s->count < 64)
        snprintf(s->ids[s->count], 65, "%s", t->id);
    s->count++;
    return 0;
}

static void insert_task(store_t *s, const char *cert_id, const char *payload, char id[65])
{
    store_tx *tx = begin_ok(s, STORE_WRITE);
    assert_int_equal(store_task_insert(tx, "CERTIFICATION", cert_id, "REASSIGN", payload,
                                       "2026-01-01T00:00:00.000Z", id), STORE_OK);
    assert_int_equal(store_commit(tx), STORE_OK);
}

static bool task_visible(store_tx *tx, const char *id)
{
    task_seen ts = { 0 };
    store_rc rc = store_task_get(tx, NULL, id, see_task, &ts);
    assert_true(rc == STORE_OK || rc == STORE_NOTFOUND);
    return rc == STORE_OK;
}

static void test_conf__tx_visibility(void **state)
{
    conf *c = *state;
    load_org(c);
    /* A snapshot taken before a commit does not see it. */
    store_tx *old = begin_ok(c->s, STORE_READ);
    assert_false(task_visible(old, "no-such-task"));
    store_tx *w = begin_ok(c->s, STORE_WRITE);
    char id[65];
    assert_int_equal(store_task_insert(w, "CERTIFICATION", id_of(c, "c1"), "REASSIGN", "{}",
                                       "2026-01-01T00:00:00.000Z", id), STORE_OK);
    assert_true(task_visible(w, id)); /* its own writes */
    store_tx *during = begin_ok(c->s, STORE_READ);
    assert_false(task_visible(during, id)); /* uncommitted */
    store_rollback(during);
    assert_int_equal(store_commit(w), STORE_OK);
    assert_false(task_visible(old, id));
    store_rollback(old);
    store_tx *after = begin_ok(c->s, STORE_READ);
    assert_true(task_visible(after, id));
    assert_int_equal(store_commit(after), STORE_OK);

    /* A rolled back write leaves nothing. */
    w = begin_ok(c->s, STORE_WRITE);
    char gone[65];
    assert_int_equal(store_task_insert(w, "CERTIFICATION", id_of(c, "c1"), "REASSIGN", "{}",
                                       "2026-01-01T00:00:00.000Z", gone), STORE_OK);
    store_rollback(w);
    after = begin_ok(c->s, STORE_READ);
    assert_false(task_visible(after, gone));
    store_rollback(after);
}

typedef struct names_seen {
    int count;
    char names[8][128];
} names_seen;

static int see_cert_name(const store_cert *cert, void *payload)
{
    names_seen *n = payload;
    if (n->count < 8)
        snprintf(n->names[n->count], 128, "%s", cert->name);
    n->count++;
    return 0;
}

static int see_identity(const store_identity_ref *r, void *payload)
{
    names_seen *n = payload;
    if (n->count < 8)
        snprintf(n->names[n->count], 128, "%s", r->id);
    n->count++;
    return 0;
}

static int see_permission(const store_permission *p, void *payload)
{
    names_seen *n = payload;
    if (n->count < 8)
        snprintf(n->names[n->count], 128, "%s:%zu:%s", p->target, p->right_count,
                 p->right_count ? p->rights[p->right_count - 1] : "");
    n->count++;
    return 0;
}

static void test_conf__reads(void **state)
{
    conf *c = *state;
    load_org(c);
    store_tx *tx = begin_ok(c->s, STORE_READ);
    /* A certification list narrowed to what one identity reviews. */
    names_seen n = { 0 };
    int64_t total = -1;
    store_cert_query q = { .page = { .limit = 250, .count = true }, .viewer_id = id_of(c, "m1") };
    assert_int_equal(store_cert_list(tx, &q, see_cert_name, &n, &total), STORE_OK);
    assert_int_equal(total, 1);
    assert_int_equal(n.count, 1);
    assert_string_equal(n.names[0], "Camp for board");
    /* Access, directly and through the reviewer group. */
    bool exists = false, reviewer = false;
    assert_int_equal(store_cert_access(tx, id_of(c, "c1"), id_of(c, "rev"), &exists, &reviewer),
                     STORE_OK);
    assert_true(exists && reviewer);
    assert_int_equal(store_cert_access(tx, id_of(c, "c2"), id_of(c, "m1"), &exists, &reviewer),
                     STORE_OK);
    assert_true(exists && reviewer);
    assert_int_equal(store_cert_access(tx, id_of(c, "c2"), id_of(c, "rev"), &exists, &reviewer),
                     STORE_OK);
    assert_true(exists && !reviewer);
    assert_int_equal(store_cert_access(tx, id_of(c, "nope"), id_of(c, "rev"), &exists, &reviewer),
                     STORE_OK);
    assert_false(exists || reviewer);
    /* Reviewers of a group's certification. */
    memset(&n, 0, sizeof n);
    store_page page = { .limit = 250, .count = true };
    assert_int_equal(store_reviewer_list(tx, id_of(c, "c2"), &page, see_identity, &n, &total),
                     STORE_OK);
    assert_int_equal(total, 1);
    assert_string_equal(n.names[0], id_of(c, "m1"));
    /* Permissions of an item; an item of another certification is not there. */
    memset(&n, 0, sizeof n);
    assert_int_equal(store_item_permissions(tx, id_of(c, "c1"), id_of(c, "i1"), &page,
                                            see_permission, &n, &total), STORE_OK);
    assert_int_equal(total, 1);
    assert_string_equal(n.names[0], "tbl:2:write");
    assert_int_equal(store_item_permissions(tx, id_of(c, "c1"), id_of(c, "i3"), &page,
                                            see_permission, &n, &total), STORE_NOTFOUND);
    /* Principals. */
    store_client cl;
    assert_int_equal(store_client_get(tx, id_of(c, "cl"), &cl), STORE_OK);
    assert_string_equal(cl.identity_id, id_of(c, "rev"));
    assert_string_equal(cl.identity_name, "Person rev");
    assert_int_equal(store_client_get(tx, id_of(c, "nocl"), &cl), STORE_NOTFOUND);
    store_identity who;
    assert_int_equal(store_identity_get(tx, id_of(c, "to"), &who), STORE_OK);
    assert_string_equal(who.name, "Person to");
    assert_int_equal(store_identity_get(tx, id_of(c, "nobody"), &who), STORE_NOTFOUND);
    bool yes = false;
    assert_int_equal(store_identity_exists(tx, id_of(c, "s1"), &yes), STORE_OK);
    assert_true(yes);
    assert_int_equal(store_group_has_member(tx, id_of(c, "g"), id_of(c, "m1"), &yes), STORE_OK);
    assert_true(yes);
    assert_int_equal(store_group_has_member(tx, id_of(c, "g"), id_of(c, "s1"), &yes), STORE_OK);
    assert_false(yes);
    /* What reassignment reads. */
    store_cert_head h;
    assert_int_equal(store_cert_head_get(tx, id_of(c, "c1"), &h), STORE_OK);
    assert_string_equal(h.reviewer_type, "IDENTITY");
    assert_string_equal(h.reviewer_id, id_of(c, "rev"));
    assert_string_equal(h.campaign_name, "Camp");
    assert_string_equal(h.due, "2027-01-01T00:00:00.000Z");
    assert_true(h.has_campaign);
    assert_int_equal(store_ref_exists(tx, STORE_REF_TARGET_SUMMARY, id_of(c, "ent"),
                                      id_of(c, "c1"), &yes), STORE_OK);
    assert_true(yes);
    assert_int_equal(store_ref_exists(tx, STORE_REF_ITEM, id_of(c, "i3"), id_of(c, "c1"), &yes),
                     STORE_OK);
    assert_false(yes);
    assert_int_equal(store_ref_covers(tx, STORE_REF_ITEM, id_of(c, "i1"), id_of(c, "c1"),
                                      id_of(c, "s1"), &yes), STORE_OK);
    assert_true(yes);
    char target[65];
    assert_int_equal(store_reassign_target_find(tx, id_of(c, "c1"), id_of(c, "to"),
                                                id_of(c, "camp"), target), STORE_NOTFOUND);
    store_rollback(tx);
}

static void test_conf__writer_and_moves(void **state)
{
    conf *c = *state;
    /* A rolled back load leaves nothing. */
    store_writer *w = NULL;
    assert_int_equal(store_writer_begin(c->s, &w), STORE_OK);
    assert_int_equal(store_w_identity(w, false, id_of(c, "x"), "X", NULL, NULL, "[]"), STORE_OK);
    bool there = false;
    assert_int_equal(store_w_exists(w, STORE_KIND_IDENTITY, id_of(c, "x"), &there), STORE_OK);
    assert_true(there);
    assert_int_equal(store_w_identity(w, false, id_of(c, "x"), "X", NULL, NULL, "[]"),
                     STORE_CONFLICT);
    store_writer_rollback(w);
    store_tx *tx = begin_ok(c->s, STORE_READ);
    assert_int_equal(store_identity_exists(tx, id_of(c, "x"), &there), STORE_OK);
    assert_false(there);
    store_rollback(tx);

    /* A committed one is visible, with its counters. */
    load_org(c);
    names_seen n = { 0 };
    int64_t total = 0;
    store_cert_query q = { .page = { .limit = 250 }, .reviewer_id = id_of(c, "rev") };
    tx = begin_ok(c->s, STORE_READ);
    assert_int_equal(store_cert_list(tx, &q, see_cert_name, &n, &total), STORE_OK);
    assert_int_equal(n.count, 1);
    store_rollback(tx);

    /* A new certification receives an item; both are recounted. */
    tx = begin_ok(c->s, STORE_WRITE);
    char to[65];
    store_cert_new nc = { "Camp for Person to", id_of(c, "camp"), id_of(c, "to"), "ACTIVE", NULL,
                          id_of(c, "c1"), "why", "2026-02-02T00:00:00.000Z" };
    assert_int_equal(store_cert_insert(tx, &nc, to), STORE_OK);
    store_ref refs[] = { { id_of(c, "i2"), STORE_REF_ITEM } };
    assert_int_equal(store_items_move(tx, refs, 1, id_of(c, "c1"), to), STORE_OK);
    assert_int_equal(store_cert_recount(tx, id_of(c, "c1")), STORE_OK);
    assert_int_equal(store_cert_recount(tx, to), STORE_OK);
    assert_int_equal(store_cert_touch(tx, to, "2026-02-03T00:00:00.000Z"), STORE_OK);
    assert_int_equal(store_commit(tx), STORE_OK);
    tx = begin_ok(c->s, STORE_READ);
    char found[65];
    assert_int_equal(store_reassign_target_find(tx, id_of(c, "c1"), id_of(c, "to"),
                                                id_of(c, "camp"), found), STORE_OK);
    assert_string_equal(found, to);
    bool yes = false;
    assert_int_equal(store_ref_exists(tx, STORE_REF_ITEM, id_of(c, "i2"), to, &yes), STORE_OK);
    assert_true(yes);
    assert_int_equal(store_ref_exists(tx, STORE_REF_ITEM, id_of(c, "i2"), id_of(c, "c1"), &yes),
                     STORE_OK);
    assert_false(yes);
    store_rollback(tx);
}

/* Claims and ends every runnable task: the task cases start from an empty
 * queue (a scratch store shared across cases may hold others' tasks). */
static void drain(store_t *s)
{
    for (int i = 0; i < 10000; i++) {
        store_tx *tx = begin_ok(s, STORE_WRITE);
        char id[65];
        store_rc rc = store_task_claim(tx, 60000, id);
        if (rc == STORE_NOTFOUND) {
            store_rollback(tx);
            return;
        }
        assert_int_equal(rc, STORE_OK);
        assert_int_equal(store_task_finish(tx, id, "ERROR", NULL, "2026-01-01T00:00:00.000Z"),
                         STORE_OK);
        assert_int_equal(store_commit(tx), STORE_OK);
    }
    fail_msg("the task queue does not drain");
}

static store_rc claim(store_t *s, int64_t lease_ms, char id[65])
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_WRITE, &tx);
    if (rc != STORE_OK)
        return rc;
    if ((rc = store_task_claim(tx, lease_ms, id)) != STORE_OK) {
        store_rollback(tx);
        return rc;
    }
    return store_commit(tx);
}

static void task_state(store_t *s, const char *id, task_seen *ts)
{
    memset(ts, 0, sizeof *ts);
    store_tx *tx = begin_ok(s, STORE_READ);
    assert_int_equal(store_task_get(tx, NULL, id, see_task, ts), STORE_OK);
    store_rollback(tx);
}

static void test_conf__tasks(void **state)
{
    conf *c = *state;
    load_org(c);
    drain(c->s);
    char a[65], b[65], got[65];
    insert_task(c->s, id_of(c, "c1"), "{\"n\":1}", a);
    insert_task(c->s, id_of(c, "c1"), "{\"n\":2}", b);
    /* Pending, in submission order; by certification. */
    task_seen ts = { 0 };
    store_tx *tx = begin_ok(c->s, STORE_READ);
    assert_int_equal(store_tasks_pending(tx, id_of(c, "c1"), see_task, &ts), STORE_OK);
    assert_int_equal(ts.count, 2);
    assert_string_equal(ts.ids[0], a);
    assert_string_equal(ts.ids[1], b);
    assert_int_equal(store_task_get(tx, id_of(c, "c2"), a, see_task, &ts), STORE_NOTFOUND);
    bool any = false;
    assert_int_equal(store_task_runnable(tx, &any), STORE_OK);
    assert_true(any);
    store_rollback(tx);
    task_state(c->s, a, &ts);
    assert_string_equal(ts.status, "QUEUED");
    assert_string_equal(ts.payload, "{\"n\":1}");

    /* Claims in order; a claimed task is not claimed again. */
    assert_int_equal(claim(c->s, 60000, got), STORE_OK);
    assert_string_equal(got, a);
    assert_int_equal(claim(c->s, 1, got), STORE_OK);
    assert_string_equal(got, b);
    task_state(c->s, b, &ts);
    assert_string_equal(ts.status, "IN_PROGRESS");
    /* b's lease of 1 ms expires; a's of a minute does not. */
    clock_sleep_ms(20);
    assert_int_equal(claim(c->s, 60000, got), STORE_OK);
    assert_string_equal(got, b);
    assert_int_equal(claim(c->s, 60000, got), STORE_NOTFOUND);
    tx = begin_ok(c->s, STORE_READ);
    assert_int_equal(store_task_runnable(tx, &any), STORE_OK);
    assert_false(any);
    store_rollback(tx);

    /* Ending a task. */
    problems_t p = PROBLEMS_INIT;
    problems_add(&p, "it went \"wrong\"");
    tx = begin_ok(c->s, STORE_WRITE);
    assert_int_equal(store_task_finish(tx, a, "ERROR", &p, "2026-01-02T00:00:00.000Z"),
                     STORE_OK);
    assert_int_equal(store_task_finish(tx, b, "SUCCESS", NULL, "2026-01-02T00:00:00.000Z"),
                     STORE_OK);
    assert_int_equal(store_commit(tx), STORE_OK);
    problems_free(&p);
    task_state(c->s, a, &ts);
    assert_string_equal(ts.status, "ERROR");
    assert_string_equal(ts.errors, "[\"it went \\\"wrong\\\"\"]");
    task_state(c->s, b, &ts);
    assert_string_equal(ts.status, "SUCCESS");
    assert_string_equal(ts.errors, "[]");
}

#define RACE_TASKS 40

typedef struct claimer {
    const char *url;
    int claimed;
    char ids[RACE_TASKS][65];
} claimer;

static void *claim_all(void *arg)
{
    claimer *cl = arg;
    store_t *s = NULL; /* a store of its own: another node, as far as the other knows */
    char err[256];
    if (store_open(&s, cl->url, 2, err, sizeof err) != STORE_OK)
        return NULL;
    for (int idle = 0; idle < 50 && cl->claimed < RACE_TASKS;) {
        char id[65];
        store_rc rc = claim(s, 60000, id);
        if (rc == STORE_OK)
            snprintf(cl->ids[cl->claimed++], 65, "%s", id);
        else if (rc == STORE_NOTFOUND)
            idle++;
        else if (rc != STORE_BUSY)
            break;
    }
    store_close(s);
    return NULL;
}

static void test_conf__two_claimers_claim_each_task_once(void **state)
{
    conf *c = *state;
    load_org(c);
    drain(c->s);
    char ids[RACE_TASKS][65];
    for (int i = 0; i < RACE_TASKS; i++)
        insert_task(c->s, id_of(c, "c1"), "{}", ids[i]);
    claimer one = { c->url, 0, { { 0 } } }, two = { c->url, 0, { { 0 } } };
    pthread_t t1, t2;
    assert_int_equal(pthread_create(&t1, NULL, claim_all, &one), 0);
    assert_int_equal(pthread_create(&t2, NULL, claim_all, &two), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    assert_int_equal(one.claimed + two.claimed, RACE_TASKS);
    for (int i = 0; i < RACE_TASKS; i++) {
        int times = 0;
        for (int k = 0; k < one.claimed; k++)
            times += strcmp(one.ids[k], ids[i]) == 0;
        for (int k = 0; k < two.claimed; k++)
            times += strcmp(two.ids[k], ids[i]) == 0;
        assert_int_equal(times, 1);
    }
}

static void test_conf__recovery_resumes_only_dead_owners(void **state)
{
    conf *c = *state;
    load_org(c);
    drain(c->s);
    char live[65], dead[65], got[65];
    insert_task(c->s, id_of(c, "c1"), "{}", live);
    insert_task(c->s, id_of(c, "c1"), "{}", dead);
    /* This process, alive, holds the first task for a minute. */
    assert_int_equal(claim(c->s, 60000, got), STORE_OK);
    assert_string_equal(got, live);
    /* Another process claims the second for a minute, and dies. */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        store_t *s = NULL;
        char err[256], id[65];
        int ok = store_open(&s, c->url, 1, err, sizeof err) == STORE_OK &&
                 claim(s, 60000, id) == STORE_OK && strcmp(id, dead) == 0;
        _exit(ok ? 0 : 1); /* no close: as a crash leaves it */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    task_seen ts;
    task_state(c->s, dead, &ts);
    assert_string_equal(ts.status, "IN_PROGRESS");

    int recovered = -1;
    store_tx *tx = begin_ok(c->s, STORE_WRITE);
    assert_int_equal(store_task_recover(tx, &recovered), STORE_OK);
    assert_int_equal(store_commit(tx), STORE_OK);
    assert_int_equal(recovered, 1);
    task_state(c->s, dead, &ts);
    assert_string_equal(ts.status, "QUEUED");
    task_state(c->s, live, &ts);
    assert_string_equal(ts.status, "IN_PROGRESS");
    /* The live owner's task stays taken; the recovered one is claimable. */
    assert_int_equal(claim(c->s, 60000, got), STORE_OK);
    assert_string_equal(got, dead);
    assert_int_equal(claim(c->s, 60000, got), STORE_NOTFOUND);
}

static void test_conf__generation(void **state)
{
    conf *c = *state;
    uint64_t g1, g2, g3, g4;
    assert_int_equal(store_generation(c->s, &g1), STORE_OK);
    assert_int_equal(store_generation(c->s, &g2), STORE_OK);
    assert_true(g2 == g1 || conf_url); /* a shared scratch store may change under us */
    load_org(c);
    assert_int_equal(store_generation(c->s, &g3), STORE_OK);
    assert_true(g3 > g2);
    store_t *other = NULL; /* another node's write */
    open_ok(c->url, 1, &other);
    char id[65];
    insert_task(other, id_of(c, "c1"), "{}", id);
    store_close(other);
    assert_int_equal(store_generation(c->s, &g4), STORE_OK);
    assert_true(g4 > g3);
}

/* --- review items and summaries ---------------------------------------- */

/* What a read streamed, as text: "a,b,c" of one field per row (ids with
 * this case's tag taken off). */
typedef struct listed {
    const conf *c;
    char text[1024];
    const store_item_row *last;     /* only valid during the callback */
    char detail[1024];              /* what see_item_detail wrote of one row */
} listed;

static void list_add(listed *l, const char *id)
{
    size_t tag = strlen(l->c->tag);
    if (id && strncmp(id, l->c->tag, tag) == 0 && id[tag] == '-')
        id += tag + 1;
    size_t len = strlen(l->text);
    snprintf(l->text + len, sizeof l->text - len, "%s%s", len ? "," : "", id ? id : "(null)");
}

/* An id without this case's tag (generated ids have none). */
static const char *short_id(const char *id)
{
    const char *dash = strrchr(id, '-');
    return dash ? dash + 1 : id;
}

static int see_item(const store_item_row *it, void *payload)
{
    list_add(payload, it->id);
    return 0;
}

/* "item:decision:summary(name,completed):access(type,name)[entitlements|profiles]" */
static int see_item_detail(const store_item_row *it, void *payload)
{
    listed *l = payload;
    const store_access_view *a = &it->access;
    char *d = l->detail;
    size_t cap = sizeof l->detail, n = strlen(d);
    n += (size_t)snprintf(d + n, cap - n, "%s%s:%s:%s,%d:%s,%s", n ? " " : "",
                          short_id(it->id), it->decision ? it->decision : "-",
                          it->summary.name, it->summary.completed, a->type, a->name);
    if (a->entitlement)
        n += (size_t)snprintf(d + n, cap - n, "[%s/%s/%s=%s/%d]", a->entitlement->name,
                              a->entitlement->source, a->entitlement->attribute,
                              a->entitlement->value, a->entitlement->has_permissions);
    if (a->profile)
        for (size_t i = 0; i < a->profile->entitlement_count; i++)
            n += (size_t)snprintf(d + n, cap - n, "[%s]", a->profile->entitlements[i].name);
    if (a->role) {
        for (size_t i = 0; i < a->role->profile_count; i++) {
            n += (size_t)snprintf(d + n, cap - n, "{%s", a->role->profiles[i].name);
            for (size_t j = 0; j < a->role->profiles[i].entitlement_count; j++)
                n += (size_t)snprintf(d + n, cap - n, "[%s]",
                                      a->role->profiles[i].entitlements[j].name);
            n += (size_t)snprintf(d + n, cap - n, "}");
        }
        for (size_t i = 0; i < a->role->entitlement_count; i++)
            n += (size_t)snprintf(d + n, cap - n, "[%s]", a->role->entitlements[i].name);
    }
    return 0;
}

static int see_summary(const store_summary_row *s, void *payload)
{
    listed *l = payload;
    char one[256];
    snprintf(one, sizeof one, "%s=%s/%d", short_id(s->id), s->name, s->completed);
    list_add(l, one);
    return 0;
}

static int see_access(const store_access_view *a, void *payload)
{
    listed *l = payload;
    char one[256];
    snprintf(one, sizeof one, "%s=%s", short_id(a->id), a->name);
    list_add(l, one);
    return 0;
}

/* A filter validated against one collection's fields (caller frees). */
static filter_node *filter_ok(const collection_spec *spec, const char *text, const conf *c)
{
    char buf[512];
    /* "@x" in text stands for this case's id of x */
    size_t o = 0;
    for (const char *p = text; *p && o < sizeof buf - 1; p++) {
        if (*p == '@') {
            size_t len = strcspn(p + 1, "\" ),");
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)len, p + 1);
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", id_of(c, name));
            p += len;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
    problems_t pr = PROBLEMS_INIT;
    filter_node *f = filter_parse(buf, strlen(buf), &pr);
    assert_non_null(f);
    assert_int_equal(filter_validate(f, spec->fields, spec->field_count, spec->rules, &pr), 0);
    problems_free(&pr);
    return f;
}

/* Certification ci: five items of three identities over an entitlement,
 * an access profile and a role, some decided. */
static void load_items_org(const conf *c)
{
    store_writer *w = NULL;
    assert_int_equal(store_writer_begin(c->s, &w), STORE_OK);
    const char *people[][2] = { { "rv", "Rita Reviewer" }, { "s1", "Bea Zed" },
                                { "s2", "anna Alpha" }, { "s3", "Carl Mid" } };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(store_w_identity(w, false, id_of(c, people[i][0]), people[i][1], NULL,
                                          NULL, "[]"), STORE_OK);
    assert_int_equal(store_w_entitlement(w, false, id_of(c, "ea"), "Alpha", "SrcB", "group",
                                         "A"), STORE_OK);
    assert_int_equal(store_w_entitlement(w, false, id_of(c, "eb"), "beta", "srcA", "group", "B"),
                     STORE_OK);
    const char *rights[] = { "read" };
    assert_int_equal(store_w_permission(w, id_of(c, "eb"), "tbl", rights, 1), STORE_OK);
    const char *both[] = { id_of(c, "eb"), id_of(c, "ea") };
    assert_int_equal(store_w_access_profile(w, false, id_of(c, "ap"), "Profile", "ApSrc", both, 2),
                     STORE_OK);
    const char *aps[] = { id_of(c, "ap") }, *ents[] = { id_of(c, "eb") };
    assert_int_equal(store_w_role(w, false, id_of(c, "ro"), "Role", aps, 1, ents, 1), STORE_OK);
    store_campaign_in camp = { .id = id_of(c, "cp"), .name = "Camp", .type = "MANAGER",
                               .status = "ACTIVE" };
    assert_int_equal(store_w_campaign(w, false, &camp), STORE_OK);
    store_cert_in ci = { .id = id_of(c, "ci"), .name = "Items", .campaign_id = id_of(c, "cp"),
                         .reviewer_type = "IDENTITY", .reviewer_id = id_of(c, "rv"),
                         .phase = "ACTIVE" };
    assert_int_equal(store_w_cert(w, false, &ci), STORE_OK);
    assert_int_equal(store_w_summary(w, id_of(c, "is1"), id_of(c, "ci"), id_of(c, "s1")),
                     STORE_OK);
    struct { const char *id, *who, *type, *access, *decision; } items[] = {
        { "i1", "s1", "ENTITLEMENT", "ea", "APPROVE" }, { "i2", "s1", "ACCESS_PROFILE", "ap", NULL },
        { "i3", "s2", "ENTITLEMENT", "eb", "REVOKE" }, { "i4", "s2", "ROLE", "ro", "APPROVE" },
        { "i5", "s3", "ENTITLEMENT", "ea", NULL },
    };
    for (size_t i = 0; i < 5; i++) {
        char access[128];
        snprintf(access, sizeof access, "%s", id_of(c, items[i].access));
        assert_int_equal(store_w_item(w, id_of(c, items[i].id), id_of(c, "ci"),
                                      id_of(c, items[i].who), items[i].type, access,
                                      items[i].decision, NULL), STORE_OK);
    }
    assert_int_equal(store_writer_commit(w), STORE_OK);
}

/* The item ids of a page of ci. */
static const char *items_of(store_tx *tx, const conf *c, listed *l, const store_item_query *q,
                            int64_t *total)
{
    l->text[0] = '\0';
    l->c = c;
    assert_int_equal(store_item_list(tx, q, see_item, l, total), STORE_OK);
    return l->text;
}

static void test_conf__items(void **state)
{
    conf *c = *state;
    load_items_org(c);
    store_tx *tx = begin_ok(c->s, STORE_READ);
    listed l = { .c = c };
    int64_t total = -1;
    store_item_query q = { .cert_id = id_of(c, "ci"), .page = { .limit = 250, .count = true } };
    /* Default order: the identity's name (case-insensitively), then the id. */
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i3,i4,i1,i2,i5");
    assert_int_equal(total, 5);
    /* Sorters, both ways; the id tie-break runs the last key's way. */
    sorter_key by_access[] = { { ITEM_S_ACCESS_NAME, false } };
    q.page.sort = by_access;
    q.page.sort_count = 1;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i1,i5,i3,i2,i4");
    by_access[0].desc = true;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i4,i2,i3,i5,i1");
    sorter_key by_source[] = { { ITEM_S_ENT_SOURCE, false } };
    q.page.sort = by_source;    /* NULL (not an entitlement) first */
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i2,i4,i3,i1,i5");
    sorter_key by_type[] = { { ITEM_S_ACCESS_TYPE, true }, { ITEM_S_SUMMARY_NAME, true } };
    q.page.sort = by_type;
    q.page.sort_count = 2;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i4,i5,i1,i3,i2");
    /* Paging: a page and the total of the whole. */
    q.page.limit = 2;
    q.page.offset = 1;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i5,i1");
    assert_int_equal(total, 5);
    q.page = (store_page){ .limit = 250, .count = true };
    /* Filters on the copied names, case-insensitively. */
    filter_node *f = filter_ok(&v3_items, "access.name sw \"al\"", c);
    q.page.filter = f;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i1,i5");
    assert_int_equal(total, 2);
    filter_free(f);
    f = filter_ok(&v3_items, "identitySummary.name eq \"ANNA ALPHA\" and completed eq true", c);
    q.page.filter = f;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i3,i4");
    filter_free(f);
    f = filter_ok(&v3_items, "type eq \"entitlement\" and entitlement.sourceName eq \"srcb\"", c);
    q.page.filter = f;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i1,i5");
    filter_free(f);
    f = filter_ok(&v3_items, "accessProfile.sourceName sw \"ap\" or identitySummary.id eq \"@is1\"",
                  c);
    q.page.filter = f;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i1,i2");
    filter_free(f);
    q.page.filter = NULL;
    /* Narrowed to access of one type by ids. */
    const char *ids[] = { id_of(c, "ea"), id_of(c, "ro") };
    q.access_type = "ENTITLEMENT";
    q.access_ids = ids;
    q.access_id_count = 2;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i1,i5");
    q.access_type = "ROLE";
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i4");
    q.access_type = NULL;
    /* What a row carries: the summary, the access and its objects. */
    memset(l.detail, 0, sizeof l.detail);
    assert_int_equal(store_item_list(tx, &q, see_item_detail, &l, &total), STORE_OK);
    assert_string_equal(l.detail,
        "i3:REVOKE:anna Alpha,1:ENTITLEMENT,beta[beta/srcA/group=B/1] "
        "i4:APPROVE:anna Alpha,1:ROLE,Role{Profile[Alpha][beta]}[beta] "
        "i1:APPROVE:Bea Zed,0:ENTITLEMENT,Alpha[Alpha/SrcB/group=A/0] "
        "i2:-:Bea Zed,0:ACCESS_PROFILE,Profile[Alpha][beta] "
        "i5:-:Carl Mid,0:ENTITLEMENT,Alpha[Alpha/SrcB/group=A/0]");
    /* Another certification's items are not there. */
    q.cert_id = id_of(c, "nope");
    assert_string_equal(items_of(tx, c, &l, &q, &total), "");
    assert_int_equal(total, 0);

    /* Identity summaries: by name; completed when every item is decided. */
    store_page page = { .limit = 250, .count = true };
    l.text[0] = '\0';
    assert_int_equal(store_summary_list(tx, id_of(c, "ci"), &page, see_summary, &l, &total),
                     STORE_OK);
    assert_int_equal(total, 3);
    assert_non_null(strstr(l.text, "=anna Alpha/1,is1=Bea Zed/0,"));
    assert_non_null(strstr(l.text, "=Carl Mid/0"));
    f = filter_ok(&v3_identity_summaries, "completed eq false and name sw \"c\"", c);
    page.filter = f;
    l.text[0] = '\0';
    assert_int_equal(store_summary_list(tx, id_of(c, "ci"), &page, see_summary, &l, &total),
                     STORE_OK);
    assert_int_equal(total, 1);
    assert_non_null(strstr(l.text, "=Carl Mid/0"));
    filter_free(f);
    page.filter = NULL;
    l.text[0] = '\0';
    assert_int_equal(store_summary_get(tx, id_of(c, "ci"), id_of(c, "is1"), see_summary, &l),
                     STORE_OK);
    assert_string_equal(l.text, "is1=Bea Zed/0");
    assert_int_equal(store_summary_get(tx, id_of(c, "nope"), id_of(c, "is1"), see_summary, &l),
                     STORE_NOTFOUND);

    /* Access summaries: one per distinct access of the type. */
    l.text[0] = '\0';
    assert_int_equal(store_access_summary_list(tx, id_of(c, "ci"), "ENTITLEMENT", &page,
                                               see_access, &l, &total), STORE_OK);
    assert_string_equal(l.text, "ea=Alpha,eb=beta");
    assert_int_equal(total, 2);
    f = filter_ok(&v3_access_summaries, "completed eq true", c);
    page.filter = f;
    l.text[0] = '\0';
    assert_int_equal(store_access_summary_list(tx, id_of(c, "ci"), "ENTITLEMENT", &page,
                                               see_access, &l, &total), STORE_OK);
    assert_string_equal(l.text, "eb=beta");
    assert_int_equal(total, 1);
    filter_free(f);
    page.filter = NULL;
    l.text[0] = '\0';
    assert_int_equal(store_access_summary_list(tx, id_of(c, "ci"), "ROLE", &page, see_access, &l,
                                               &total), STORE_OK);
    assert_string_equal(l.text, "ro=Role");

    /* Decision counts, of all items and of one identity's. */
    store_decision_counts dc;
    assert_int_equal(store_decision_counts_get(tx, id_of(c, "ci"), NULL, &dc), STORE_OK);
    assert_int_equal(dc.entitlements.total, 3);
    assert_int_equal(dc.entitlements.made, 2);
    assert_int_equal(dc.entitlements.approved, 1);
    assert_int_equal(dc.entitlements.revoked, 1);
    assert_int_equal(dc.access_profiles.total, 1);
    assert_int_equal(dc.access_profiles.made, 0);
    assert_int_equal(dc.roles.approved, 1);
    f = filter_ok(&v3_decision_summary, "identitySummary.id in (\"@is1\")", c);
    assert_int_equal(store_decision_counts_get(tx, id_of(c, "ci"), f, &dc), STORE_OK);
    assert_int_equal(dc.entitlements.total, 1);
    assert_int_equal(dc.entitlements.approved, 1);
    assert_int_equal(dc.access_profiles.total, 1);
    assert_int_equal(dc.roles.total, 0);
    filter_free(f);
    store_rollback(tx);

    /* Renames by a replacing load reach the copies on items and summaries. */
    store_writer *w = NULL;
    assert_int_equal(store_writer_begin(c->s, &w), STORE_OK);
    assert_int_equal(store_w_identity(w, true, id_of(c, "s3"), "Aaron First", NULL, NULL, "[]"),
                     STORE_OK);
    assert_int_equal(store_w_entitlement(w, true, id_of(c, "ea"), "Zulu", "SrcC", "group", "A"),
                     STORE_OK);
    assert_int_equal(store_writer_commit(w), STORE_OK);
    tx = begin_ok(c->s, STORE_READ);
    q = (store_item_query){ .cert_id = id_of(c, "ci"), .page = { .limit = 250 } };
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i5,i3,i4,i1,i2");
    q.page.sort = by_access;    /* access.name, descending */
    q.page.sort_count = 1;
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i5,i1,i4,i2,i3");
    f = filter_ok(&v3_items, "entitlement.sourceName eq \"SrcC\"", c);
    q.page = (store_page){ .limit = 250, .filter = f };
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i5,i1");
    filter_free(f);
    l.text[0] = '\0';
    page = (store_page){ .limit = 1 };
    assert_int_equal(store_summary_list(tx, id_of(c, "ci"), &page, see_summary, &l, &total),
                     STORE_OK);
    assert_non_null(strstr(l.text, "=Aaron First/0"));
    store_rollback(tx);

    /* A moved item keeps its names in its new certification. */
    tx = begin_ok(c->s, STORE_WRITE);
    char to[65];
    store_cert_new nc = { "Moved", id_of(c, "cp"), id_of(c, "rv"), "ACTIVE", NULL,
                          id_of(c, "ci"), "why", "2026-02-02T00:00:00.000Z" };
    assert_int_equal(store_cert_insert(tx, &nc, to), STORE_OK);
    store_ref refs[] = { { id_of(c, "i5"), STORE_REF_ITEM } };
    assert_int_equal(store_items_move(tx, refs, 1, id_of(c, "ci"), to), STORE_OK);
    assert_int_equal(store_commit(tx), STORE_OK);
    tx = begin_ok(c->s, STORE_READ);
    f = filter_ok(&v3_items, "identitySummary.name eq \"aaron first\" and access.name sw \"z\"", c);
    q = (store_item_query){ .cert_id = to, .page = { .limit = 250, .count = true, .filter = f } };
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i5");
    filter_free(f);
    l.text[0] = '\0';
    page = (store_page){ .limit = 250, .count = true };
    assert_int_equal(store_summary_list(tx, to, &page, see_summary, &l, &total), STORE_OK);
    assert_int_equal(total, 1);
    assert_non_null(strstr(l.text, "=Aaron First/0"));
    q = (store_item_query){ .cert_id = id_of(c, "ci"), .page = { .limit = 250 } };
    assert_string_equal(items_of(tx, c, &l, &q, &total), "i3,i4,i1,i2");
    store_rollback(tx);
}

#define CONF_TEST(fn) cmocka_unit_test_setup_teardown(fn, conf_setup, conf_teardown)

static int run_conformance(const char *url)
{
    const struct CMUnitTest tests[] = {
        CONF_TEST(test_conf__open_migrate_and_schemes),
        CONF_TEST(test_conf__tx_visibility),
        CONF_TEST(test_conf__reads),
        CONF_TEST(test_conf__writer_and_moves),
        CONF_TEST(test_conf__tasks),
        CONF_TEST(test_conf__two_claimers_claim_each_task_once),
        CONF_TEST(test_conf__recovery_resumes_only_dead_owners),
        CONF_TEST(test_conf__generation),
        CONF_TEST(test_conf__items),
    };
    conf_url = url;
    char name[600];
    snprintf(name, sizeof name, "conformance %s", url ? url : "sqlite:(temporary file)");
    return _cmocka_run_group_tests(name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
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
        cmocka_unit_test_setup_teardown(test_store__version_4_items_get_their_names, setup,
                                        teardown),
    };
    int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
    failed += run_conformance(NULL);
    const char *env = getenv("RECERT_TEST_STORE_URLS");
    char *urls = env ? strdup(env) : NULL, *save = NULL;
    for (char *u = urls ? strtok_r(urls, " ", &save) : NULL; u; u = strtok_r(NULL, " ", &save))
        failed += run_conformance(u);
    free(urls);
    return failed;
}
