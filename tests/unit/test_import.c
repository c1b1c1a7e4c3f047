/*
 * Unit tests for src/store/import.c and src/store/demo.c, on a real SQLite
 * store in a fresh temporary directory per test.
 *
 * Every rejected document is checked twice: the exact problem text (path +
 * reason) must be among the problems, and the store must be unchanged. The
 * bad documents all carry a PROBE client and identity, so "unchanged" is
 * proven by the probe being absent afterwards (plus the identity and
 * certification counts seen through the writer / list interfaces).
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

#include "auth/auth.h"
#include "common/buf.h"
#include "org/demo.h"
#include "org/import.h"
#include "store/store.h"

/* Reads in a read transaction of their own (the store's data functions
 * take a store_tx). */
static store_rc client_get(store_t *s, const char *id, store_client *out)
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_READ, &tx);
    if (rc == STORE_OK) {
        rc = store_client_get(tx, id, out);
        store_rollback(tx);
    }
    return rc;
}

static store_rc cert_list(store_t *s, const store_cert_query *q, store_cert_cb cb, void *payload,
                          int64_t *total)
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_READ, &tx);
    if (rc == STORE_OK) {
        rc = store_cert_list(tx, q, cb, payload, total);
        store_rollback(tx);
    }
    return rc;
}

static store_rc reviewer_list(store_t *s, const char *cert_id, const store_page *page,
                              store_identity_cb cb, void *payload, int64_t *total)
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_READ, &tx);
    if (rc == STORE_OK) {
        rc = store_reviewer_list(tx, cert_id, page, cb, payload, total);
        store_rollback(tx);
    }
    return rc;
}

static store_rc item_permissions(store_t *s, const char *cert_id, const char *item_id,
                                 const store_page *page, store_permission_cb cb, void *payload,
                                 int64_t *total)
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_READ, &tx);
    if (rc == STORE_OK) {
        rc = store_item_permissions(tx, cert_id, item_id, page, cb, payload, total);
        store_rollback(tx);
    }
    return rc;
}

typedef struct fixture {
    char dir[64];
    char path[96];
    store_t *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/recert-import-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/store.db", f->dir);
    char err[256];
    assert_int_equal(store_open(&f->s, f->path, 2, err, sizeof err), STORE_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* ------------------------------------------------------------------ */
/* helpers                                                             */

/* The example of org-document.md, completed with the identities it refers
 * to (id-m1, id-m2, id-s1), which the spec's example leaves out. */
static const char EXAMPLE[] =
    "{\n"
    "  \"identities\": [\n"
    "    { \"id\": \"id-admin\", \"name\": \"Ada Admin\", \"email\": \"ada@example.com\",\n"
    "      \"managerId\": null, \"authorities\": [\"ORG_ADMIN\"] },\n"
    "    { \"id\": \"id-m1\", \"name\": \"Mia Manager\", \"email\": \"mia@example.com\",\n"
    "      \"managerId\": \"id-admin\", \"authorities\": [] },\n"
    "    { \"id\": \"id-m2\", \"name\": \"Max Manager\", \"managerId\": \"id-admin\" },\n"
    "    { \"id\": \"id-s1\", \"name\": \"Sam Staff\", \"managerId\": \"id-m1\" }\n"
    "  ],\n"
    "  \"governanceGroups\": [\n"
    "    { \"id\": \"gg-db\", \"name\": \"DB Owners\", \"memberIds\": [\"id-m1\", \"id-m2\"] }\n"
    "  ],\n"
    "  \"clients\": [\n"
    "    { \"clientId\": \"ada-pat\", \"clientSecret\": \"s3cret\", \"identityId\": \"id-admin\",\n"
    "      \"name\": \"Ada's token\" }\n"
    "  ],\n"
    "  \"entitlements\": [\n"
    "    { \"id\": \"ent-dba\", \"name\": \"DBA\", \"source\": \"Oracle HR\", \"attribute\": \"role\",\n"
    "      \"value\": \"DBA\",\n"
    "      \"permissions\": [ { \"target\": \"SYS.OBJAUTH2\", \"rights\": [\"CREATE\", \"SELECT\"] } ] }\n"
    "  ],\n"
    "  \"accessProfiles\": [\n"
    "    { \"id\": \"ap-hr\", \"name\": \"HR Analyst\", \"source\": \"Oracle HR\",\n"
    "      \"entitlementIds\": [\"ent-dba\"] }\n"
    "  ],\n"
    "  \"roles\": [\n"
    "    { \"id\": \"role-fin\", \"name\": \"Finance\", \"accessProfileIds\": [\"ap-hr\"],\n"
    "      \"entitlementIds\": [] }\n"
    "  ],\n"
    "  \"assignments\": [\n"
    "    { \"identityId\": \"id-s1\", \"accessType\": \"ENTITLEMENT\", \"accessId\": \"ent-dba\" }\n"
    "  ],\n"
    "  \"campaigns\": [\n"
    "    { \"id\": \"camp-q4\", \"name\": \"Q4 Manager Review\", \"description\": \"Quarterly\",\n"
    "      \"type\": \"MANAGER\", \"status\": \"ACTIVE\", \"correlatedStatus\": \"CORRELATED\",\n"
    "      \"mandatoryCommentRequirement\": \"NO_DECISIONS\",\n"
    "      \"deadline\": \"2026-12-31T23:59:59.000Z\" }\n"
    "  ],\n"
    "  \"certifications\": [\n"
    "    { \"id\": \"cert-1\", \"name\": \"Q4 Manager Review for Mia Manager\",\n"
    "      \"campaignId\": \"camp-q4\",\n"
    "      \"reviewer\": { \"type\": \"IDENTITY\", \"id\": \"id-m1\" },\n"
    "      \"phase\": \"ACTIVE\", \"due\": \"2026-12-31T23:59:59.000Z\",\n"
    "      \"signed\": null, \"created\": \"2026-11-01T09:00:00.000Z\",\n"
    "      \"identitySummaries\": [ { \"id\": \"is-1\", \"identityId\": \"id-s1\" } ],\n"
    "      \"reviewItems\": [\n"
    "        { \"id\": \"item-1\", \"identityId\": \"id-s1\", \"accessType\": \"ENTITLEMENT\",\n"
    "          \"accessId\": \"ent-dba\", \"decision\": null, \"comments\": null }\n"
    "      ] }\n"
    "  ]\n"
    "}\n";

/* The spec's example exactly as printed: it names identities it does not
 * define, so it must be rejected with every dangling path. */
static const char SPEC_EXAMPLE_VERBATIM[] =
    "{\"identities\":[{\"id\":\"id-admin\",\"name\":\"Ada Admin\",\"email\":\"ada@example.com\","
    "\"managerId\":null,\"authorities\":[\"ORG_ADMIN\"]}],"
    "\"governanceGroups\":[{\"id\":\"gg-db\",\"name\":\"DB Owners\",\"memberIds\":[\"id-m1\",\"id-m2\"]}],"
    "\"clients\":[{\"clientId\":\"ada-pat\",\"clientSecret\":\"s3cret\",\"identityId\":\"id-admin\","
    "\"name\":\"Ada's token\"}],"
    "\"entitlements\":[{\"id\":\"ent-dba\",\"name\":\"DBA\",\"source\":\"Oracle HR\",\"attribute\":\"role\","
    "\"value\":\"DBA\",\"permissions\":[{\"target\":\"SYS.OBJAUTH2\",\"rights\":[\"CREATE\",\"SELECT\"]}]}],"
    "\"accessProfiles\":[{\"id\":\"ap-hr\",\"name\":\"HR Analyst\",\"source\":\"Oracle HR\","
    "\"entitlementIds\":[\"ent-dba\"]}],"
    "\"roles\":[{\"id\":\"role-fin\",\"name\":\"Finance\",\"accessProfileIds\":[\"ap-hr\"],\"entitlementIds\":[]}],"
    "\"assignments\":[{\"identityId\":\"id-s1\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-dba\"}],"
    "\"campaigns\":[{\"id\":\"camp-q4\",\"name\":\"Q4 Manager Review\",\"description\":\"Quarterly\","
    "\"type\":\"MANAGER\",\"status\":\"ACTIVE\",\"correlatedStatus\":\"CORRELATED\","
    "\"mandatoryCommentRequirement\":\"NO_DECISIONS\",\"deadline\":\"2026-12-31T23:59:59.000Z\"}],"
    "\"certifications\":[{\"id\":\"cert-1\",\"name\":\"Q4 Manager Review for Mia Manager\","
    "\"campaignId\":\"camp-q4\",\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"id-m1\"},"
    "\"phase\":\"ACTIVE\",\"due\":\"2026-12-31T23:59:59.000Z\",\"signed\":null,"
    "\"created\":\"2026-11-01T09:00:00.000Z\","
    "\"identitySummaries\":[{\"id\":\"is-1\",\"identityId\":\"id-s1\"}],"
    "\"reviewItems\":[{\"id\":\"item-1\",\"identityId\":\"id-s1\",\"accessType\":\"ENTITLEMENT\","
    "\"accessId\":\"ent-dba\",\"decision\":null,\"comments\":null}]}]}";

/* Prefix of every bad document: a probe that would be written if the
 * document were (wrongly) accepted. */
#define PROBE                                                                               \
    "\"identities\":[{\"id\":\"probe\",\"name\":\"Probe\"}"
#define PROBE_CLIENT                                                                        \
    "\"clients\":[{\"clientId\":\"probe-client\",\"clientSecret\":\"x\",\"identityId\":\"probe\"}]"

static store_rc import_str(fixture *f, const char *doc, bool replace, problems_t *p,
                           import_stats *st)
{
    return import_document(f->s, doc, strlen(doc), replace, p, st);
}

static bool has_problem(const problems_t *p, const char *text)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->items[i], text) == 0)
            return true;
    return false;
}

static bool has_problem_prefix(const problems_t *p, const char *prefix)
{
    for (size_t i = 0; i < p->count; i++)
        if (strncmp(p->items[i], prefix, strlen(prefix)) == 0)
            return true;
    return false;
}

static void dump(const problems_t *p)
{
    for (size_t i = 0; i < p->count; i++)
        fprintf(stderr, "  problem: %s\n", p->items[i]);
}

static bool exists(fixture *f, store_kind kind, const char *id)
{
    store_writer *w;
    bool e = false;
    assert_int_equal(store_writer_begin(f->s, &w), STORE_OK);
    assert_int_equal(store_w_exists(w, kind, id, &e), STORE_OK);
    store_writer_rollback(w);
    return e;
}

static int64_t cert_count(fixture *f)
{
    store_cert_query q = { .page = { .limit = 0, .count = true } };
    int64_t total = -1;
    assert_int_equal(cert_list(f->s, &q, NULL, NULL, &total), STORE_OK);
    return total;
}

static bool store_is_empty(fixture *f)
{
    store_writer *w;
    bool empty = false;
    assert_int_equal(store_writer_begin(f->s, &w), STORE_OK);
    assert_int_equal(store_w_is_empty(w, &empty), STORE_OK);
    store_writer_rollback(w);
    return empty;
}

/* doc must be rejected with problem `want` among the problems, and write
 * nothing: the probe identity and client stay absent, counts unchanged. */
static void expect_rejected_ex(fixture *f, const char *doc, bool replace, const char *want,
                               bool prefix)
{
    problems_t p = { 0 };
    import_stats st;
    int64_t certs_before = cert_count(f);
    store_rc rc = import_str(f, doc, replace, &p, &st);
    bool found = prefix ? has_problem_prefix(&p, want) : has_problem(&p, want);
    if (rc != STORE_INVALID || !found) {
        fprintf(stderr, "expected problem: %s\n", want);
        dump(&p);
    }
    assert_int_equal(rc, STORE_INVALID);
    assert_true(found);
    assert_int_equal(st.identities + st.clients + st.certifications + st.items, 0);
    problems_free(&p);
    store_client cl;
    assert_int_equal(client_get(f->s, "probe-client", &cl), STORE_NOTFOUND);
    assert_false(exists(f, STORE_KIND_IDENTITY, "probe"));
    assert_int_equal(cert_count(f), certs_before);
}

static void expect_rejected(fixture *f, const char *doc, const char *want)
{
    expect_rejected_ex(f, doc, false, want, false);
}

static void import_ok(fixture *f, const char *doc, bool replace, import_stats *st)
{
    problems_t p = { 0 };
    import_stats scratch;
    store_rc rc = import_str(f, doc, replace, &p, st ? st : &scratch);
    if (rc != STORE_OK)
        dump(&p);
    assert_int_equal(rc, STORE_OK);
    assert_int_equal(p.count, 0);
    problems_free(&p);
}

/* Collects certifications seen through store_cert_list. */
typedef struct cert_row {
    char id[65], name[256], phase[16], due[32], signed_at[32], created[32];
    char campaign_id[65], campaign_name[256], campaign_type[32];
    char reviewer_type[32], reviewer_id[65], reviewer_name[256];
    int64_t made, total, ent_done, ent_total;
    bool completed;
} cert_row;

typedef struct cert_rows {
    cert_row rows[256];
    size_t n;
} cert_rows;

static void cp(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int collect_cert(const store_cert *c, void *payload)
{
    cert_rows *r = payload;
    if (r->n == sizeof r->rows / sizeof r->rows[0])
        return 1;
    cert_row *o = &r->rows[r->n++];
    cp(o->id, sizeof o->id, c->id);
    cp(o->name, sizeof o->name, c->name);
    cp(o->phase, sizeof o->phase, c->phase);
    cp(o->due, sizeof o->due, c->due);
    cp(o->signed_at, sizeof o->signed_at, c->signed_at);
    cp(o->created, sizeof o->created, c->created);
    cp(o->campaign_id, sizeof o->campaign_id, c->campaign_id);
    cp(o->campaign_name, sizeof o->campaign_name, c->campaign_name);
    cp(o->campaign_type, sizeof o->campaign_type, c->campaign_type);
    cp(o->reviewer_type, sizeof o->reviewer_type, c->reviewer.type);
    cp(o->reviewer_id, sizeof o->reviewer_id, c->reviewer.id);
    cp(o->reviewer_name, sizeof o->reviewer_name, c->reviewer.name);
    o->made = c->decisions_made;
    o->total = c->decisions_total;
    o->ent_done = c->entities_completed;
    o->ent_total = c->entities_total;
    o->completed = c->completed;
    return 0;
}

static cert_rows *list_certs(fixture *f, const char *reviewer_id)
{
    cert_rows *r = calloc(1, sizeof *r);
    assert_non_null(r);
    store_cert_query q = { .page = { .limit = 250 }, .reviewer_id = reviewer_id };
    assert_int_equal(cert_list(f->s, &q, collect_cert, r, NULL), STORE_OK);
    return r;
}

static const cert_row *find_cert(const cert_rows *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].id, id) == 0)
            return &r->rows[i];
    return NULL;
}

typedef struct id_list {
    char ids[16][65];
    size_t n;
} id_list;

static int collect_identity(const store_identity_ref *ref, void *payload)
{
    id_list *l = payload;
    if (l->n < 16)
        cp(l->ids[l->n++], 65, ref->id);
    return 0;
}

static id_list reviewers_of(fixture *f, const char *cert_id)
{
    id_list l = { 0 };
    store_page page = { .limit = 250 };
    assert_int_equal(reviewer_list(f->s, cert_id, &page, collect_identity, &l, NULL),
                     STORE_OK);
    return l;
}

static int collect_perm(const store_permission *p, void *payload)
{
    buf_t *b = payload;
    buf_printf(b, "%s:", p->target);
    for (size_t i = 0; i < p->right_count; i++)
        buf_printf(b, "%s%s", i ? "," : "", p->rights[i]);
    buf_putc(b, ';');
    return 0;
}

/* ------------------------------------------------------------------ */
/* valid documents                                                     */

static void test_import__example_imports(void **state)
{
    fixture *f = *state;
    import_stats st;
    import_ok(f, EXAMPLE, false, &st);
    assert_int_equal(st.identities, 4);
    assert_int_equal(st.groups, 1);
    assert_int_equal(st.clients, 1);
    assert_int_equal(st.entitlements, 1);
    assert_int_equal(st.access_profiles, 1);
    assert_int_equal(st.roles, 1);
    assert_int_equal(st.assignments, 1);
    assert_int_equal(st.campaigns, 1);
    assert_int_equal(st.certifications, 1);
    assert_int_equal(st.summaries, 1);
    assert_int_equal(st.items, 1);

    cert_rows *r = list_certs(f, NULL);
    assert_int_equal(r->n, 1);
    const cert_row *c = &r->rows[0];
    assert_string_equal(c->id, "cert-1");
    assert_string_equal(c->name, "Q4 Manager Review for Mia Manager");
    assert_string_equal(c->phase, "ACTIVE");
    assert_string_equal(c->due, "2026-12-31T23:59:59.000Z");
    assert_string_equal(c->created, "2026-11-01T09:00:00.000Z");
    assert_string_equal(c->signed_at, "");
    assert_string_equal(c->campaign_id, "camp-q4");
    assert_string_equal(c->campaign_name, "Q4 Manager Review");
    assert_string_equal(c->campaign_type, "MANAGER");
    assert_string_equal(c->reviewer_type, "IDENTITY");
    assert_string_equal(c->reviewer_id, "id-m1");
    assert_string_equal(c->reviewer_name, "Mia Manager");
    assert_int_equal(c->made, 0);
    assert_int_equal(c->total, 1);
    assert_int_equal(c->ent_done, 0);
    assert_int_equal(c->ent_total, 1);
    assert_false(c->completed);
    free(r);

    store_client cl;
    assert_int_equal(client_get(f->s, "ada-pat", &cl), STORE_OK);
    assert_string_equal(cl.identity_id, "id-admin");
    assert_string_equal(cl.identity_name, "Ada Admin");
    assert_string_equal(cl.authorities, "[\"ORG_ADMIN\"]");
    assert_null(strstr(cl.secret_hash, "s3cret"));
    assert_int_equal(secret_verify("s3cret", cl.secret_hash), 1);
    assert_int_equal(secret_verify("s3cret2", cl.secret_hash), 0);

    id_list rv = reviewers_of(f, "cert-1");
    assert_int_equal(rv.n, 1);
    assert_string_equal(rv.ids[0], "id-m1");

    buf_t perms = BUF_INIT;
    store_page page = { .limit = 250, .count = true };
    int64_t total = 0;
    assert_int_equal(item_permissions(f->s, "cert-1", "item-1", &page, collect_perm, &perms,
                                            &total),
                     STORE_OK);
    assert_int_equal(total, 1);
    assert_string_equal(buf_cstr(&perms), "SYS.OBJAUTH2:CREATE,SELECT;");
    buf_free(&perms);

    assert_true(exists(f, STORE_KIND_SUMMARY, "is-1"));
    assert_true(exists(f, STORE_KIND_ROLE, "role-fin"));
    assert_true(exists(f, STORE_KIND_ACCESS_PROFILE, "AP-HR")); /* ids ignore case */
}

static void test_import__spec_example_verbatim_names_dangling_refs(void **state)
{
    fixture *f = *state;
    problems_t p = { 0 };
    assert_int_equal(import_str(f, SPEC_EXAMPLE_VERBATIM, false, &p, NULL), STORE_INVALID);
    assert_true(has_problem(&p, "governanceGroups[0].memberIds[0]: no identity \"id-m1\""));
    assert_true(has_problem(&p, "governanceGroups[0].memberIds[1]: no identity \"id-m2\""));
    assert_true(has_problem(&p, "assignments[0].identityId: no identity \"id-s1\""));
    assert_true(has_problem(&p, "certifications[0].reviewer.id: no identity \"id-m1\""));
    assert_true(has_problem(
        &p, "certifications[0].identitySummaries[0].identityId: no identity \"id-s1\""));
    assert_true(
        has_problem(&p, "certifications[0].reviewItems[0].identityId: no identity \"id-s1\""));
    assert_int_equal(p.count, 6);
    problems_free(&p);
    assert_true(store_is_empty(f));
    store_client cl;
    assert_int_equal(client_get(f->s, "ada-pat", &cl), STORE_NOTFOUND);
}

static void test_import__empty_document(void **state)
{
    fixture *f = *state;
    import_stats st;
    import_ok(f, "{}", false, &st);
    import_ok(f, "{\"identities\": [], \"certifications\": null}", false, &st);
    assert_int_equal(st.identities, 0);
    assert_true(store_is_empty(f));
}

static void test_import__counters_derived(void **state)
{
    fixture *f = *state;
    import_ok(f, EXAMPLE, false, NULL);
    const char *doc =
        "{\"identities\":[{\"id\":\"id-s2\",\"name\":\"Sue Staff\",\"managerId\":\"id-m1\"}],"
        "\"certifications\":[{\"id\":\"cert-2\",\"name\":\"Two\",\"campaignId\":\"camp-q4\","
        "\"reviewer\":{\"type\":\"GOVERNANCE_GROUP\",\"id\":\"gg-db\"},\"phase\":\"ACTIVE\","
        "\"reviewItems\":["
        "{\"identityId\":\"id-s1\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-dba\","
        "\"decision\":\"APPROVE\"},"
        "{\"identityId\":\"id-s1\",\"accessType\":\"ROLE\",\"accessId\":\"role-fin\","
        "\"decision\":\"REVOKE\",\"comments\":\"not needed\"},"
        "{\"identityId\":\"id-s2\",\"accessType\":\"ACCESS_PROFILE\",\"accessId\":\"ap-hr\"},"
        "{\"identityId\":\"ID-S2\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ENT-DBA\","
        "\"decision\":\"APPROVE\"}]}]}";
    import_stats st;
    import_ok(f, doc, false, &st);
    assert_int_equal(st.items, 4);
    assert_int_equal(st.summaries, 2);   /* made by the store, one per subject */
    cert_rows *r = list_certs(f, NULL);
    const cert_row *c = find_cert(r, "cert-2");
    assert_non_null(c);
    assert_int_equal(c->total, 4);
    assert_int_equal(c->made, 3);
    assert_int_equal(c->ent_total, 2);
    assert_int_equal(c->ent_done, 1);    /* id-s1 is done, id-s2 is not */
    assert_false(c->completed);
    assert_string_equal(c->reviewer_type, "GOVERNANCE_GROUP");
    free(r);
    id_list rv = reviewers_of(f, "cert-2");
    assert_int_equal(rv.n, 2);

    /* A certification whose every item is decided is completed. */
    const char *done =
        "{\"certifications\":[{\"id\":\"cert-3\",\"name\":\"Three\",\"campaignId\":\"camp-q4\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"id-m2\"},\"phase\":\"SIGNED\","
        "\"signed\":\"2026-12-01T10:00:00+01:00\","
        "\"reviewItems\":[{\"identityId\":\"id-s1\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"ent-dba\",\"decision\":\"APPROVE\"}]}]}";
    import_ok(f, done, false, NULL);
    r = list_certs(f, "id-m2"); /* directly, and through gg-db */
    assert_int_equal(r->n, 2);
    c = find_cert(r, "cert-3");
    assert_non_null(c);
    assert_true(c->completed);
    assert_int_equal(c->made, 1);
    assert_string_equal(c->phase, "SIGNED");
    assert_string_equal(c->signed_at, "2026-12-01T09:00:00.000Z"); /* normalized */
    free(r);
}

static void test_import__generated_ids(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{\"identities\":[{\"id\":\"boss\",\"name\":\"Boss\"},{\"name\":\"Anonymous\"}],"
        "\"entitlements\":[{\"id\":\"e1\",\"name\":\"E1\"}],"
        "\"campaigns\":[{\"id\":\"c\",\"name\":\"C\",\"type\":\"SEARCH\",\"status\":\"STAGED\"}],"
        "\"certifications\":[{\"name\":\"Generated\",\"campaignId\":\"c\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"boss\"},\"phase\":\"STAGED\","
        "\"due\":\"2027-01-15T12:00:00Z\","
        "\"reviewItems\":[{\"identityId\":\"boss\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"e1\"}]}]}";
    import_stats st;
    import_ok(f, doc, false, &st);
    assert_int_equal(st.identities, 2);
    cert_rows *r = list_certs(f, NULL);
    assert_int_equal(r->n, 1);
    assert_int_equal(strlen(r->rows[0].id), 32);
    assert_int_equal(strspn(r->rows[0].id, "0123456789abcdef"), 32);
    assert_string_equal(r->rows[0].due, "2027-01-15T12:00:00.000Z");
    assert_int_equal(r->rows[0].total, 1);
    free(r);
}

static void test_import__forward_manager_reference(void **state)
{
    fixture *f = *state;
    /* a's manager is defined after it; the reference resolves in the document */
    import_ok(f,
              "{\"identities\":[{\"id\":\"a\",\"name\":\"A\",\"managerId\":\"b\"},"
              "{\"id\":\"b\",\"name\":\"B\",\"managerId\":null}]}",
              false, NULL);
    /* and later documents may refer to what is already in the store */
    import_ok(f, "{\"identities\":[{\"id\":\"c\",\"name\":\"C\",\"managerId\":\"A\"}]}", false,
              NULL);
    assert_true(exists(f, STORE_KIND_IDENTITY, "c"));
}

static void test_import__replace(void **state)
{
    fixture *f = *state;
    import_ok(f, EXAMPLE, false, NULL);
    const char *again =
        "{\"identities\":[{\"id\":\"id-m1\",\"name\":\"Mia Renamed\"}],"
        "\"clients\":[{\"clientId\":\"ada-pat\",\"clientSecret\":\"new-secret\","
        "\"identityId\":\"id-admin\"}],"
        "\"certifications\":[{\"id\":\"cert-1\",\"name\":\"Renamed cert\","
        "\"campaignId\":\"camp-q4\",\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"id-m1\"},"
        "\"phase\":\"ACTIVE\",\"identitySummaries\":[{\"id\":\"is-1\",\"identityId\":\"id-s1\"}],"
        "\"reviewItems\":[{\"id\":\"item-1\",\"identityId\":\"id-s1\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"ent-dba\",\"decision\":\"APPROVE\"},"
        "{\"id\":\"item-2\",\"identityId\":\"id-s1\",\"accessType\":\"ROLE\","
        "\"accessId\":\"role-fin\"}]}]}";
    /* Without --replace every taken id is named. */
    problems_t p = { 0 };
    assert_int_equal(import_str(f, again, false, &p, NULL), STORE_INVALID);
    assert_true(has_problem(&p, "identities[0].id: id \"id-m1\" already exists; use --replace"));
    assert_true(has_problem(&p, "clients[0].clientId: id \"ada-pat\" already exists; use --replace"));
    assert_true(has_problem(&p, "certifications[0].id: id \"cert-1\" already exists; use --replace"));
    assert_true(has_problem(
        &p, "certifications[0].identitySummaries[0].id: id \"is-1\" already exists; use --replace"));
    assert_true(has_problem(
        &p, "certifications[0].reviewItems[0].id: id \"item-1\" already exists; use --replace"));
    assert_int_equal(p.count, 5);
    problems_free(&p);
    store_client cl;
    assert_int_equal(client_get(f->s, "ada-pat", &cl), STORE_OK);
    assert_int_equal(secret_verify("s3cret", cl.secret_hash), 1);

    import_stats st;
    import_ok(f, again, true, &st);
    assert_int_equal(st.items, 2);
    cert_rows *r = list_certs(f, NULL);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->rows[0].name, "Renamed cert");
    assert_string_equal(r->rows[0].reviewer_name, "Mia Renamed");
    assert_int_equal(r->rows[0].total, 2);
    assert_int_equal(r->rows[0].made, 1);
    assert_int_equal(r->rows[0].ent_total, 1);
    free(r);
    assert_int_equal(client_get(f->s, "ada-pat", &cl), STORE_OK);
    assert_int_equal(secret_verify("new-secret", cl.secret_hash), 1);
    assert_int_equal(secret_verify("s3cret", cl.secret_hash), 0);
}

static void test_import__replace_item_id_of_other_cert(void **state)
{
    fixture *f = *state;
    import_ok(f, EXAMPLE, false, NULL);
    /* item-1 belongs to cert-1, which this document does not replace. */
    const char *doc =
        "{" PROBE "]," PROBE_CLIENT ","
        "\"certifications\":[{\"id\":\"cert-9\",\"name\":\"Nine\",\"campaignId\":\"camp-q4\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"id-m1\"},\"phase\":\"ACTIVE\","
        "\"reviewItems\":[{\"id\":\"item-1\",\"identityId\":\"id-s1\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"ent-dba\"}]}]}";
    expect_rejected_ex(f, doc, true,
                       "certifications[0].reviewItems[0].id: id is already used by a review item "
                       "of certification \"cert-1\"",
                       false);
    assert_false(exists(f, STORE_KIND_CERTIFICATION, "cert-9"));
    assert_true(exists(f, STORE_KIND_ITEM, "item-1"));
}

/* ------------------------------------------------------------------ */
/* rejected documents                                                  */

static void test_import__malformed_json(void **state)
{
    fixture *f = *state;
    problems_t p = { 0 };
    const char *doc = "{\n  \"identities\": [\n    { \"id\": \"a\", }\n  ]\n}";
    assert_int_equal(import_str(f, doc, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_true(has_problem_prefix(&p, "invalid JSON at line 3, column"));
    problems_free(&p);

    expect_rejected_ex(f, "{\"identities\": [], \"identities\": []}", false,
                       "invalid JSON at line 1, column", true);
    problems_t q = { 0 };
    assert_int_equal(import_str(f, "{\"a\": 1, \"a\": 2}", false, &q, NULL), STORE_INVALID);
    assert_non_null(strstr(q.items[0], "duplicate object key"));
    problems_free(&q);
    expect_rejected_ex(f, "", false, "invalid JSON at line", true);
    expect_rejected_ex(f, "{\"x\": \"\\u0000\"}", false, "invalid JSON", true);
    expect_rejected_ex(f, "{\"identities\": [{\"id\":\"a\", \"name\":\"\xff\"}]}", false,
                       "invalid JSON", true);
}

static void test_import__wrong_shapes(void **state)
{
    fixture *f = *state;
    expect_rejected(f, "[]", "document: must be a JSON object, not an array");
    expect_rejected(f, "{" PROBE "], \"people\": []}",
                    "people: unknown section (expected identities, governanceGroups, clients, "
                    "entitlements, accessProfiles, roles, assignments, campaigns or certifications)");
    expect_rejected(f, "{" PROBE "], \"roles\": {}}",
                    "roles: must be an array of objects, not an object");
    expect_rejected(f, "{" PROBE ", 7]}", "identities[1]: must be an object, not a number");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":5}]}",
                    "identities[1].name: must be a string, not a number");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":\"X\",\"authorities\":\"ORG_ADMIN\"}]}",
                    "identities[1].authorities: must be an array, not a string");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":\"X\",\"authorities\":[\"A\", 1]}]}",
                    "identities[1].authorities[1]: must be a string, not a number");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":\"X\",\"managerID\":\"probe\"}]}",
                    "identities[1].managerID: unknown field (did you mean \"managerId\"?)");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":\"X\",\"shoeSize\":44}]}",
                    "identities[1].shoeSize: unknown field");
    /* names from the document are quoted when they are not plain */
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":\"X\",\"a\\\"b.c\\n\":1}]}",
                    "identities[1][\"a\\\"b.c\\n\"]: unknown field");
    expect_rejected_ex(f, "{" PROBE "], \"my section\": []}", false,
                       "[\"my section\"]: unknown section", true);
    expect_rejected(f, "{" PROBE "], \"entitlements\":[{\"id\":\"e\",\"name\":\"E\","
                    "\"permissions\":[{\"target\":\"T\",\"rights\":[\"SELECT\"],\"x\":1}, 3]}]}",
                    "entitlements[0].permissions[0].x: unknown field");
    expect_rejected(f, "{" PROBE "], \"entitlements\":[{\"id\":\"e\",\"name\":\"E\","
                    "\"permissions\":[3]}]}",
                    "entitlements[0].permissions[0]: must be an object, not a number");
    expect_rejected(f, "{" PROBE "], \"entitlements\":[{\"id\":\"e\",\"name\":\"E\","
                    "\"permissions\":[{\"rights\":[]}]}]}",
                    "entitlements[0].permissions[0].target: required");
}

static void test_import__missing_required(void **state)
{
    fixture *f = *state;
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\"}]}", "identities[1].name: required");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":\"\"}]}",
                    "identities[1].name: must not be empty");
    expect_rejected(f, "{" PROBE ", {\"id\":\"x\",\"name\":null}]}", "identities[1].name: required");
    expect_rejected(f, "{" PROBE "]," PROBE_CLIENT ",\"governanceGroups\":[{\"id\":\"g\"}]}",
                    "governanceGroups[0].name: required");
    const char *clients =
        "{" PROBE "],\"clients\":[{\"clientId\":\"probe-client\",\"clientSecret\":\"x\","
        "\"identityId\":\"probe\"},{\"clientId\":\"c2\",\"identityId\":\"probe\"},"
        "{\"clientSecret\":\"y\",\"identityId\":\"probe\"},{\"clientId\":\"c4\",\"clientSecret\":\"y\"}]}";
    expect_rejected(f, clients, "clients[1].clientSecret: required");
    expect_rejected(f, clients, "clients[2].clientId: required");
    expect_rejected(f, clients, "clients[3].identityId: required");
    const char *cert =
        "{" PROBE "]," PROBE_CLIENT ",\"certifications\":[{\"id\":\"c1\",\"name\":\"N\"}]}";
    expect_rejected(f, cert, "certifications[0].campaignId: required");
    expect_rejected(f, cert, "certifications[0].reviewer: required");
    expect_rejected(f, cert, "certifications[0].phase: required");
    const char *camp =
        "{" PROBE "]," PROBE_CLIENT ",\"campaigns\":[{\"id\":\"c1\",\"name\":\"N\"}]}";
    expect_rejected(f, camp, "campaigns[0].type: required");
    expect_rejected(f, camp, "campaigns[0].status: required");
    const char *item =
        "{" PROBE "]," PROBE_CLIENT ",\"certifications\":[{\"id\":\"c1\",\"name\":\"N\","
        "\"reviewer\":{\"type\":\"IDENTITY\"},\"reviewItems\":[{\"id\":\"i\"}],"
        "\"identitySummaries\":[{}]}]}";
    expect_rejected(f, item, "certifications[0].reviewer.id: required");
    expect_rejected(f, item, "certifications[0].reviewItems[0].identityId: required");
    expect_rejected(f, item, "certifications[0].reviewItems[0].accessType: required");
    expect_rejected(f, item, "certifications[0].reviewItems[0].accessId: required");
    expect_rejected(f, item, "certifications[0].identitySummaries[0].identityId: required");
    expect_rejected(f, "{" PROBE "],\"assignments\":[{}]}", "assignments[0].identityId: required");
}

static void test_import__bad_enums(void **state)
{
    fixture *f = *state;
    const char *camp =
        "{" PROBE "]," PROBE_CLIENT ",\"campaigns\":[{\"id\":\"c1\",\"name\":\"N\","
        "\"type\":\"WEEKLY\",\"status\":\"RUNNING\",\"correlatedStatus\":\"MAYBE\","
        "\"mandatoryCommentRequirement\":\"SOME\"}]}";
    expect_rejected(f, camp,
                    "campaigns[0].type: \"WEEKLY\" is not one of MANAGER, SOURCE_OWNER, SEARCH, "
                    "ROLE_COMPOSITION, MACHINE_ACCOUNT");
    expect_rejected(f, camp,
                    "campaigns[0].status: \"RUNNING\" is not one of PENDING, STAGED, CANCELING, "
                    "ACTIVATING, ACTIVE, COMPLETING, COMPLETED, ERROR, ARCHIVED");
    expect_rejected(f, camp,
                    "campaigns[0].correlatedStatus: \"MAYBE\" is not one of CORRELATED, "
                    "UNCORRELATED");
    expect_rejected(f, camp,
                    "campaigns[0].mandatoryCommentRequirement: \"SOME\" is not one of "
                    "ALL_DECISIONS, REVOKE_ONLY_DECISIONS, NO_DECISIONS");
    const char *cert =
        "{" PROBE "]," PROBE_CLIENT ",\"entitlements\":[{\"id\":\"e\",\"name\":\"E\"}],"
        "\"campaigns\":[{\"id\":\"c1\",\"name\":\"N\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}],"
        "\"certifications\":[{\"id\":\"x\",\"name\":\"N\",\"campaignId\":\"c1\","
        "\"reviewer\":{\"type\":\"PERSON\",\"id\":\"probe\"},\"phase\":\"active\","
        "\"reviewItems\":[{\"identityId\":\"probe\",\"accessType\":\"GROUP\",\"accessId\":\"e\","
        "\"decision\":\"MAYBE\"},{\"identityId\":\"probe\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"e\",\"decision\":true}]}]}";
    expect_rejected(f, cert,
                    "certifications[0].reviewer.type: \"PERSON\" is not one of IDENTITY, "
                    "GOVERNANCE_GROUP");
    expect_rejected(f, cert,
                    "certifications[0].phase: \"active\" is not one of STAGED, ACTIVE, SIGNED");
    expect_rejected(f, cert,
                    "certifications[0].reviewItems[0].accessType: \"GROUP\" is not one of "
                    "ENTITLEMENT, ACCESS_PROFILE, ROLE");
    expect_rejected(f, cert,
                    "certifications[0].reviewItems[0].decision: \"MAYBE\" is not one of "
                    "APPROVE, REVOKE");
    expect_rejected(f, cert,
                    "certifications[0].reviewItems[1].decision: must be a string, not a boolean");
    expect_rejected(f, "{" PROBE "],\"assignments\":[{\"identityId\":\"probe\","
                    "\"accessType\":\"entitlement\",\"accessId\":\"e\"}]}",
                    "assignments[0].accessType: \"entitlement\" is not one of ENTITLEMENT, "
                    "ACCESS_PROFILE, ROLE");
}

static void test_import__dangling_references(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{" PROBE ", {\"id\":\"x\",\"name\":\"X\",\"managerId\":\"nobody\"},"
        "{\"id\":\"y\",\"name\":\"Y\",\"managerId\":\"y\"}]," PROBE_CLIENT ","
        "\"governanceGroups\":[{\"id\":\"g\",\"name\":\"G\",\"memberIds\":[\"probe\",\"ghost\"]}],"
        "\"entitlements\":[{\"id\":\"ent-a\",\"name\":\"A\"}],"
        "\"accessProfiles\":[{\"id\":\"ap\",\"name\":\"AP\",\"entitlementIds\":[\"ent-a\",\"ent-z\"]}],"
        "\"roles\":[{\"id\":\"r\",\"name\":\"R\",\"accessProfileIds\":[\"ent-a\"],"
        "\"entitlementIds\":[\"ap\"]}],"
        "\"assignments\":[{\"identityId\":\"probe\",\"accessType\":\"ROLE\",\"accessId\":\"ap\"}],"
        "\"campaigns\":[{\"id\":\"camp\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}],"
        "\"certifications\":[{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp-x\","
        "\"reviewer\":{\"type\":\"GOVERNANCE_GROUP\",\"id\":\"probe\"},\"phase\":\"ACTIVE\","
        "\"identitySummaries\":[{\"identityId\":\"who\"}],"
        "\"reviewItems\":[{\"identityId\":\"probe\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"ent-a\"},{\"identityId\":\"probe\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"ent-a\"},{\"identityId\":\"probe\",\"accessType\":\"ACCESS_PROFILE\","
        "\"accessId\":\"ent-a\"},{\"identityId\":\"probe\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"ent-x\"},{\"identityId\":\"nobody\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"bad id\"}]},"
        "{\"id\":\"c2\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"g\"},\"phase\":\"ACTIVE\"}]}";
    expect_rejected(f, doc, "identities[1].managerId: no identity \"nobody\"");
    expect_rejected(f, doc, "identities[2].managerId: an identity cannot be its own manager");
    expect_rejected(f, doc, "governanceGroups[0].memberIds[1]: no identity \"ghost\"");
    expect_rejected(f, doc, "accessProfiles[0].entitlementIds[1]: no entitlement \"ent-z\"");
    expect_rejected(f, doc, "roles[0].accessProfileIds[0]: no access profile \"ent-a\"");
    expect_rejected(f, doc, "roles[0].entitlementIds[0]: no entitlement \"ap\"");
    expect_rejected(f, doc, "assignments[0].accessId: no role \"ap\"");
    expect_rejected(f, doc, "certifications[0].campaignId: no campaign \"camp-x\"");
    expect_rejected(f, doc, "certifications[0].reviewer.id: no governance group \"probe\"");
    expect_rejected(f, doc,
                    "certifications[0].identitySummaries[0].identityId: no identity \"who\"");
    expect_rejected(f, doc,
                    "certifications[0].reviewItems[2].accessId: no access profile \"ent-a\"");
    expect_rejected(f, doc, "certifications[0].reviewItems[3].accessId: no entitlement \"ent-x\"");
    expect_rejected(f, doc, "certifications[0].reviewItems[4].identityId: no identity \"nobody\"");
    expect_rejected(f, doc,
                    "certifications[0].reviewItems[4].accessId: no entitlement \"bad id\" "
                    "(not a valid id)");
    expect_rejected(f, doc, "certifications[1].reviewer.id: no identity \"g\"");

    /* Exactly those: nothing else is blamed. */
    problems_t p = { 0 };
    assert_int_equal(import_str(f, doc, false, &p, NULL), STORE_INVALID);
    if (p.count != 15)
        dump(&p);
    assert_int_equal(p.count, 15);
    problems_free(&p);
}

static void test_import__duplicate_ids(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{" PROBE ", {\"id\":\"Dup\",\"name\":\"A\"},{\"id\":\"dUP\",\"name\":\"B\"}],"
        "\"clients\":[{\"clientId\":\"probe-client\",\"clientSecret\":\"x\",\"identityId\":\"probe\"},"
        "{\"clientId\":\"cl\",\"clientSecret\":\"x\",\"identityId\":\"probe\"},"
        "{\"clientId\":\"cl\",\"clientSecret\":\"x\",\"identityId\":\"probe\"},"
        "{\"clientId\":\"CL\",\"clientSecret\":\"x\",\"identityId\":\"probe\"}],"
        "\"entitlements\":[{\"id\":\"e\",\"name\":\"E\"},{\"id\":\"e\",\"name\":\"E2\"}],"
        "\"campaigns\":[{\"id\":\"camp\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}],"
        "\"certifications\":[{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"ACTIVE\","
        "\"identitySummaries\":[{\"id\":\"s1\",\"identityId\":\"probe\"},"
        "{\"id\":\"s2\",\"identityId\":\"PROBE\"}],"
        "\"reviewItems\":[{\"id\":\"i1\",\"identityId\":\"probe\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"e\"}]},"
        "{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"ACTIVE\","
        "\"identitySummaries\":[{\"id\":\"s1\",\"identityId\":\"probe\"}],"
        "\"reviewItems\":[{\"id\":\"I1\",\"identityId\":\"probe\",\"accessType\":\"ENTITLEMENT\","
        "\"accessId\":\"e\"}]}]}";
    expect_rejected(f, doc, "identities[2].id: duplicate id \"dUP\" (also identities[1].id)");
    expect_rejected(f, doc, "clients[2].clientId: duplicate id \"cl\" (also clients[1].clientId)");
    expect_rejected(f, doc, "entitlements[1].id: duplicate id \"e\" (also entitlements[0].id)");
    expect_rejected(f, doc, "certifications[1].id: duplicate id \"c1\" (also certifications[0].id)");
    expect_rejected(f, doc,
                    "certifications[1].identitySummaries[0].id: duplicate id \"s1\" (also "
                    "certifications[0].identitySummaries[0].id)");
    expect_rejected(f, doc,
                    "certifications[1].reviewItems[0].id: duplicate id \"I1\" (also "
                    "certifications[0].reviewItems[0].id)");
    expect_rejected(f, doc,
                    "certifications[0].identitySummaries[1].identityId: identity \"PROBE\" "
                    "already has a summary in this certification "
                    "(certifications[0].identitySummaries[0])");
    problems_t p = { 0 };
    assert_int_equal(import_str(f, doc, false, &p, NULL), STORE_INVALID);
    /* client ids are exact: "CL" is a different client */
    assert_false(has_problem_prefix(&p, "clients[3]"));
    assert_int_equal(p.count, 7);
    problems_free(&p);
}

static void test_import__already_in_store(void **state)
{
    fixture *f = *state;
    import_ok(f, EXAMPLE, false, NULL);
    const char *doc =
        "{" PROBE ", {\"id\":\"ID-ADMIN\",\"name\":\"Again\"}]," PROBE_CLIENT ","
        "\"governanceGroups\":[{\"id\":\"gg-db\",\"name\":\"G\"}],"
        "\"entitlements\":[{\"id\":\"ent-dba\",\"name\":\"E\"}],"
        "\"accessProfiles\":[{\"id\":\"ap-hr\",\"name\":\"A\"}],"
        "\"roles\":[{\"id\":\"role-fin\",\"name\":\"R\"}],"
        "\"campaigns\":[{\"id\":\"camp-q4\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}]}";
    expect_rejected(f, doc, "identities[1].id: id \"ID-ADMIN\" already exists; use --replace");
    expect_rejected(f, doc, "governanceGroups[0].id: id \"gg-db\" already exists; use --replace");
    expect_rejected(f, doc, "entitlements[0].id: id \"ent-dba\" already exists; use --replace");
    expect_rejected(f, doc, "accessProfiles[0].id: id \"ap-hr\" already exists; use --replace");
    expect_rejected(f, doc, "roles[0].id: id \"role-fin\" already exists; use --replace");
    expect_rejected(f, doc, "campaigns[0].id: id \"camp-q4\" already exists; use --replace");
    /* The whole example again: rejected, and the store still has one cert. */
    problems_t p = { 0 };
    assert_int_equal(import_str(f, EXAMPLE, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 13);
    problems_free(&p);
    assert_int_equal(cert_count(f), 1);
}

static void test_import__signed_phase_mismatch(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{" PROBE "]," PROBE_CLIENT ","
        "\"campaigns\":[{\"id\":\"camp\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}],"
        "\"certifications\":["
        "{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"SIGNED\"},"
        "{\"id\":\"c2\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"SIGNED\",\"signed\":null},"
        "{\"id\":\"c3\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"ACTIVE\","
        "\"signed\":\"2026-12-01T00:00:00Z\"},"
        "{\"id\":\"c4\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"SIGNED\","
        "\"signed\":\"2026-12-01T00:00:00Z\"},"
        /* signed with an item undecided: sign-off could not have happened */
        "{\"id\":\"c5\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"SIGNED\","
        "\"signed\":\"2026-12-01T00:00:00Z\",\"reviewItems\":["
        "{\"identityId\":\"probe\",\"accessType\":\"ROLE\",\"accessId\":\"r\","
        "\"decision\":\"APPROVE\"},"
        "{\"identityId\":\"probe\",\"accessType\":\"ROLE\",\"accessId\":\"r2\"}]}],"
        "\"roles\":[{\"id\":\"r\",\"name\":\"R\"},{\"id\":\"r2\",\"name\":\"R2\"}]}";
    expect_rejected(f, doc, "certifications[0].signed: required when phase is SIGNED");
    expect_rejected(f, doc, "certifications[1].signed: required when phase is SIGNED");
    expect_rejected(f, doc,
                    "certifications[2].signed: must be null unless phase is SIGNED (phase is "
                    "ACTIVE)");
    expect_rejected(f, doc,
                    "certifications[4].reviewItems[1].decision: required: the certification is "
                    "SIGNED, and sign-off needs every item decided");
    problems_t p = { 0 };
    assert_int_equal(import_str(f, doc, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 4); /* c4 is fine */
    problems_free(&p);
}

/* The whole list of problems, in order, for a document that breaks fields
 * of nested objects: pass A (field names, ids) before pass B (values), each
 * in document order, fields in the order of their table, and an invalid
 * decision ends an item's checks (its comments are not looked at). */
static void test_import__problem_order(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{" PROBE "],"
        "\"campaigns\":[{\"id\":\"camp\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}],"
        "\"certifications\":[{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"GOVERNANCE_GROUP\",\"id\":\"probe\",\"Type\":1},"
        "\"phase\":\"ACTIVE\",\"completed\":true,"
        "\"reviewItems\":[{\"identityId\":\"probe\",\"accessType\":\"ROLE\",\"accessId\":\"r\","
        "\"decision\":\"MAYBE\",\"comments\":7},"
        "{\"identityId\":\"probe\",\"accessType\":\"ROLE\",\"accessId\":\"r\","
        "\"decision\":\"REVOKE\",\"comments\":7,\"Decision\":1}]}],"
        "\"entitlements\":[{\"id\":\"e\",\"name\":\"E\",\"permissions\":[{\"target\":\"\","
        "\"rights\":[\"\"]}]}]}";
    problems_t p = { 0 };
    assert_int_equal(import_str(f, doc, false, &p, NULL), STORE_INVALID);
    /* In document order: by the place each problem names, whichever pass
     * found it (a field name's problem and a value's alike). */
    const char *expected[] = {
        "certifications[0].reviewer.id: no governance group \"probe\"",
        "certifications[0].reviewer.Type: unknown field (did you mean \"type\"?)",
        "certifications[0].completed: counters are derived from review items and cannot be "
        "imported",
        "certifications[0].reviewItems[0].accessId: no role \"r\"",
        "certifications[0].reviewItems[0].decision: \"MAYBE\" is not one of APPROVE, REVOKE",
        "certifications[0].reviewItems[1].accessId: no role \"r\"",
        "certifications[0].reviewItems[1].comments: must be a string, not a number",
        "certifications[0].reviewItems[1].Decision: unknown field (did you mean \"decision\"?)",
        "entitlements[0].permissions[0].target: must not be empty",
        "entitlements[0].permissions[0].rights[0]: must not be empty",
    };
    if (p.count != sizeof expected / sizeof expected[0])
        dump(&p);
    assert_int_equal(p.count, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < p.count; i++)
        assert_string_equal(p.items[i], expected[i]);
    problems_free(&p);
}

static void test_import__bad_dates(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{" PROBE "]," PROBE_CLIENT ","
        "\"campaigns\":[{\"id\":\"camp\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\","
        "\"deadline\":\"2026-12-31\",\"created\":12}],"
        "\"certifications\":[{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"SIGNED\","
        "\"due\":\"2026-13-01T00:00:00Z\",\"signed\":\"2026-02-29T10:00:00Z\","
        "\"created\":\"2026-11-01T09:00:00.000\"}]}";
    expect_rejected(f, doc,
                    "campaigns[0].deadline: \"2026-12-31\" is not an RFC 3339 date-time (e.g. "
                    "\"2026-12-31T23:59:59.000Z\")");
    expect_rejected(f, doc, "campaigns[0].created: must be a string, not a number");
    expect_rejected(f, doc,
                    "certifications[0].due: \"2026-13-01T00:00:00Z\" is not an RFC 3339 "
                    "date-time (e.g. \"2026-12-31T23:59:59.000Z\")");
    expect_rejected(f, doc,
                    "certifications[0].signed: \"2026-02-29T10:00:00Z\" is not an RFC 3339 "
                    "date-time (e.g. \"2026-12-31T23:59:59.000Z\")");
    expect_rejected(f, doc,
                    "certifications[0].created: \"2026-11-01T09:00:00.000\" is not an RFC 3339 "
                    "date-time (e.g. \"2026-12-31T23:59:59.000Z\")");
    problems_t p = { 0 };
    assert_int_equal(import_str(f, doc, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 5); /* an unparsable signed is not also "required" */
    problems_free(&p);
}

static void test_import__bad_id_characters(void **state)
{
    fixture *f = *state;
    char long_id[66];
    memset(long_id, 'a', 65);
    long_id[65] = '\0';
    char doc[1024];
    snprintf(doc, sizeof doc,
             "{" PROBE ", {\"id\":\"bad id!\",\"name\":\"A\"},{\"id\":\"%s\",\"name\":\"B\"},"
             "{\"id\":\"\",\"name\":\"C\"},{\"id\":7,\"name\":\"D\"},"
             "{\"id\":\"caf\xc3\xa9\",\"name\":\"E\"},{\"id\":\"tab\\there\",\"name\":\"F\"}],"
             PROBE_CLIENT "}",
             long_id);
    expect_rejected(f, doc,
                    "identities[1].id: \"bad id!\" is not a valid id (1 to 64 characters of "
                    "A-Z a-z 0-9 . _ -)");
    char want[256];
    snprintf(want, sizeof want,
             "identities[2].id: \"%.60s\"... is not a valid id (1 to 64 characters of A-Z a-z "
             "0-9 . _ -)",
             long_id);
    expect_rejected(f, doc, want);
    expect_rejected(f, doc,
                    "identities[3].id: \"\" is not a valid id (1 to 64 characters of A-Z a-z 0-9 "
                    ". _ -)");
    expect_rejected(f, doc, "identities[4].id: must be a string, not a number");
    expect_rejected(f, doc,
                    "identities[5].id: \"caf\xc3\xa9\" is not a valid id (1 to 64 characters of "
                    "A-Z a-z 0-9 . _ -)");
    expect_rejected(f, doc,
                    "identities[6].id: \"tab\\there\" is not a valid id (1 to 64 characters of "
                    "A-Z a-z 0-9 . _ -)");
    /* 64 characters is fine */
    long_id[64] = '\0';
    snprintf(doc, sizeof doc, "{\"identities\":[{\"id\":\"%s\",\"name\":\"Long\"}]}", long_id);
    import_ok(f, doc, false, NULL);
    assert_true(exists(f, STORE_KIND_IDENTITY, long_id));
}

static void test_import__counters_rejected(void **state)
{
    fixture *f = *state;
    const char *doc =
        "{" PROBE "]," PROBE_CLIENT ","
        "\"campaigns\":[{\"id\":\"camp\",\"name\":\"C\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}],"
        "\"certifications\":[{\"id\":\"c1\",\"name\":\"N\",\"campaignId\":\"camp\","
        "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"probe\"},\"phase\":\"ACTIVE\","
        "\"decisionsMade\":3,\"completed\":false}]}";
    expect_rejected(f, doc,
                    "certifications[0].decisionsMade: counters are derived from review items and "
                    "cannot be imported");
    expect_rejected(f, doc,
                    "certifications[0].completed: counters are derived from review items and "
                    "cannot be imported");
}

static void test_import__problem_cap(void **state)
{
    fixture *f = *state;
    buf_t doc = BUF_INIT;
    buf_puts(&doc, "{" PROBE);
    for (int i = 0; i < 1500; i++)
        buf_printf(&doc, ",{\"id\":\"x%d\",\"name\":%d}", i, i);
    buf_puts(&doc, "]}");
    assert_false(buf_failed(&doc));
    problems_t p = { 0 };
    assert_int_equal(import_document(f->s, doc.data, doc.len, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 1001);
    assert_string_equal(p.items[0], "identities[1].name: must be a string, not a number");
    assert_string_equal(p.items[1000], "... and 500 more problems");
    problems_free(&p);
    buf_free(&doc);
    assert_true(store_is_empty(f));
}

static void test_import__file(void **state)
{
    fixture *f = *state;
    problems_t p = { 0 };
    char path[128];
    snprintf(path, sizeof path, "%s/missing.json", f->dir);
    assert_int_equal(import_file(f->s, path, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_non_null(strstr(p.items[0], "missing.json: no such file"));
    problems_free(&p);

    /* An empty file (or only white space) says so, not what the JSON parser
     * makes of nothing. */
    snprintf(path, sizeof path, "%s/empty.json", f->dir);
    FILE *ep = fopen(path, "w");
    assert_non_null(ep);
    fputs(" \n\t\n", ep);
    fclose(ep);
    assert_int_equal(import_file(f->s, path, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_non_null(strstr(p.items[0], "empty.json: the file is empty"));
    problems_free(&p);
    unlink(path);

    snprintf(path, sizeof path, "%s/org.json", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(EXAMPLE, fp);
    fclose(fp);
    import_stats st;
    assert_int_equal(import_file(f->s, path, false, &p, &st), STORE_OK);
    assert_int_equal(p.count, 0);
    assert_int_equal(st.certifications, 1);
    unlink(path);
}

/* Thousands of ids: the index grows many times and probes past other ids;
 * lookups and duplicates still ignore case (client ids excepted, see
 * test_import__duplicate_ids). */
static void test_import__many_ids(void **state)
{
    fixture *f = *state;
    enum { N = 3000 };
    buf_t doc = BUF_INIT;
    buf_puts(&doc, "{\"identities\":[");
    for (int i = 0; i < N; i++) {
        /* each manager is named in the other case than it is defined */
        buf_printf(&doc, "%s{\"id\":\"%s-%d\",\"name\":\"N\",\"managerId\":", i ? "," : "",
                   i % 2 ? "ID" : "id", i);
        if (i)
            buf_printf(&doc, "\"%s-%d\"}", i % 2 ? "id" : "ID", i - 1);
        else
            buf_puts(&doc, "null}");
    }
    size_t identities_end = doc.len;
    buf_puts(&doc, ",{\"id\":\"Id-1234\",\"name\":\"Dup\"}");
    size_t dup_end = doc.len;
    buf_puts(&doc, "],\"governanceGroups\":[{\"id\":\"g\",\"name\":\"G\",\"memberIds\":[");
    for (int i = 0; i < N; i += 7)
        buf_printf(&doc, "%s\"iD-%d\"", i ? "," : "", i);
    buf_puts(&doc, "]}]}");
    assert_false(buf_failed(&doc));

    problems_t p = { 0 };
    assert_int_equal(import_document(f->s, doc.data, doc.len, false, &p, NULL), STORE_INVALID);
    if (p.count != 1)
        dump(&p);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0],
                        "identities[3000].id: duplicate id \"Id-1234\" (also identities[1234].id)");
    problems_free(&p);
    assert_true(store_is_empty(f));

    /* without the duplicate, every reference resolves within the document */
    memmove(doc.data + identities_end, doc.data + dup_end, doc.len - dup_end);
    doc.len -= dup_end - identities_end;
    import_stats st;
    assert_int_equal(import_document(f->s, doc.data, doc.len, false, &p, &st), STORE_OK);
    assert_int_equal(p.count, 0);
    assert_int_equal(st.identities, N);
    assert_true(exists(f, STORE_KIND_IDENTITY, "ID-2999"));
    buf_free(&doc);
}

/* Ids of different kinds never collide, even when the text is the same. */
static void test_import__same_id_in_every_kind(void **state)
{
    fixture *f = *state;
    import_stats st;
    import_ok(f,
              "{\"identities\":[{\"id\":\"x\",\"name\":\"X\"}],"
              "\"governanceGroups\":[{\"id\":\"x\",\"name\":\"X\",\"memberIds\":[\"x\"]}],"
              "\"clients\":[{\"clientId\":\"x\",\"clientSecret\":\"s\",\"identityId\":\"x\"}],"
              "\"entitlements\":[{\"id\":\"x\",\"name\":\"X\"}],"
              "\"accessProfiles\":[{\"id\":\"x\",\"name\":\"X\",\"entitlementIds\":[\"x\"]}],"
              "\"roles\":[{\"id\":\"x\",\"name\":\"X\",\"accessProfileIds\":[\"x\"]}],"
              "\"campaigns\":[{\"id\":\"x\",\"name\":\"X\",\"type\":\"MANAGER\","
              "\"status\":\"ACTIVE\"}],"
              "\"certifications\":[{\"id\":\"x\",\"name\":\"X\",\"campaignId\":\"x\","
              "\"reviewer\":{\"type\":\"GOVERNANCE_GROUP\",\"id\":\"x\"},\"phase\":\"ACTIVE\","
              "\"identitySummaries\":[{\"id\":\"x\",\"identityId\":\"x\"}],"
              "\"reviewItems\":[{\"id\":\"x\",\"identityId\":\"x\",\"accessType\":\"ROLE\","
              "\"accessId\":\"x\"}]}]}",
              false, &st);
    assert_int_equal(st.identities + st.groups + st.clients + st.entitlements +
                         st.access_profiles + st.roles + st.campaigns + st.certifications +
                         st.summaries + st.items,
                     10);
    assert_true(exists(f, STORE_KIND_SUMMARY, "x"));
    assert_true(exists(f, STORE_KIND_ITEM, "X"));
}

/* A document with clients is validated twice (before and after hashing
 * the secrets); ids generated for a missing or null id survive both. */
static void test_import__generated_ids_with_clients(void **state)
{
    fixture *f = *state;
    import_stats st;
    import_ok(f,
              "{\"identities\":[{\"id\":\"boss\",\"name\":\"Boss\"},{\"id\":null,\"name\":\"N\"}],"
              "\"clients\":[{\"clientId\":\"pat\",\"clientSecret\":\"s\",\"identityId\":\"boss\"}],"
              "\"entitlements\":[{\"id\":\"e1\",\"name\":\"E1\"}],"
              "\"campaigns\":[{\"id\":\"c\",\"name\":\"C\",\"type\":\"SEARCH\","
              "\"status\":\"STAGED\"}],"
              "\"certifications\":[{\"id\":null,\"name\":\"G\",\"campaignId\":\"c\","
              "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"boss\"},\"phase\":\"STAGED\","
              "\"identitySummaries\":[{\"identityId\":\"boss\"}],"
              "\"reviewItems\":[{\"identityId\":\"boss\",\"accessType\":\"ENTITLEMENT\","
              "\"accessId\":\"e1\"},{\"id\":null,\"identityId\":\"boss\","
              "\"accessType\":\"ENTITLEMENT\",\"accessId\":\"e1\"}]}]}",
              false, &st);
    assert_int_equal(st.identities, 2);
    assert_int_equal(st.clients, 1);
    assert_int_equal(st.items, 2);
    cert_rows *r = list_certs(f, NULL);
    assert_int_equal(r->n, 1);
    assert_int_equal(strspn(r->rows[0].id, "0123456789abcdef"), 32);
    assert_int_equal(r->rows[0].total, 2);
    free(r);
}

/* The document is parsed an element at a time when its outline is the
 * usual one, else as a whole (load_pieces in import.c): either way the
 * outcome is jansson's, with line and column counted in the whole
 * document. */
static void test_import__outline(void **state)
{
    fixture *f = *state;
    import_ok(f,
              "\r\n\t{ \"identities\" :\r\n[ { \"id\" : \"a\" , \"name\" : \"A\" } ,\t"
              "{\"id\":\"b\",\"name\":\"B\",\"managerId\":\"a\"}\n] , \"roles\" : [ ] ,"
              "\"campaigns\":null}\n\n",
              false, NULL);
    assert_true(exists(f, STORE_KIND_IDENTITY, "b"));

    problems_t p = { 0 };
    assert_int_equal(import_str(f, "{\n  \"identities\": [\n    { \"id\": \"a\", }\n  ]\n}",
                                false, &p, NULL),
                     STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0],
                        "invalid JSON at line 3, column 18: string or '}' expected near '}'");
    problems_free(&p);
    expect_rejected(f, "{" PROBE "], \"\\u0069dentities\": []}",
                    "invalid JSON at line 1, column 64: duplicate object key near "
                    "'\"\\u0069dentities\"'");
    expect_rejected(f, "{" PROBE "]} x",
                    "invalid JSON at line 1, column 48: end of file expected near 'x'");
    expect_rejected(f, "{" PROBE ",]}",
                    "invalid JSON at line 1, column 46: unexpected token near ']'");

    /* More sections than the piecewise parser takes: all parsed at once. */
    buf_t doc = BUF_INIT;
    buf_puts(&doc, "{" PROBE "]");
    for (int i = 0; i < 20; i++)
        buf_printf(&doc, ",\"s%d\":[]", i);
    buf_puts(&doc, "}");
    assert_false(buf_failed(&doc));
    assert_int_equal(import_document(f->s, doc.data, doc.len, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 20);
    assert_true(has_problem_prefix(&p, "s19: unknown section (expected identities, "));
    problems_free(&p);

    /* Deeper than the piecewise parser takes, within jansson's limit. */
    buf_reset(&doc);
    buf_puts(&doc, "{\"identities\":[{\"id\":\"probe\",\"name\":\"Probe\",\"deep\":");
    for (int i = 0; i < 2045; i++)
        buf_putc(&doc, '[');
    for (int i = 0; i < 2045; i++)
        buf_putc(&doc, ']');
    buf_puts(&doc, "}]}");
    assert_false(buf_failed(&doc));
    assert_int_equal(import_document(f->s, doc.data, doc.len, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0], "identities[0].deep: unknown field");
    problems_free(&p);

    /* One level deeper is past jansson's limit for the whole document,
     * though not for the element on its own. */
    buf_reset(&doc);
    buf_puts(&doc, "{\"identities\":[{\"id\":\"probe\",\"name\":\"Probe\",\"deep\":");
    for (int i = 0; i < 2046; i++)
        buf_putc(&doc, '[');
    for (int i = 0; i < 2046; i++)
        buf_putc(&doc, ']');
    buf_puts(&doc, "}]}");
    assert_false(buf_failed(&doc));
    assert_int_equal(import_document(f->s, doc.data, doc.len, false, &p, NULL), STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0],
                        "invalid JSON at line 1, column 2097: maximum parsing depth reached "
                        "near '['");
    problems_free(&p);
    buf_free(&doc);
    assert_false(exists(f, STORE_KIND_IDENTITY, "probe"));
}

/* ------------------------------------------------------------------ */
/* demo                                                                */

static void test_import__demo_creates_and_rotates(void **state)
{
    fixture *f = *state;
    demo_options opt = { .identities = 50, .seed = 7 };
    demo_credentials cred;
    char err[256];
    assert_int_equal(demo_generate(f->s, &opt, &cred, err, sizeof err), STORE_OK);
    assert_true(cred.created);
    assert_string_equal(cred.admin_client_id, DEMO_ADMIN_CLIENT);
    assert_string_equal(cred.reviewer_client_id, DEMO_REVIEWER_CLIENT);
    assert_string_equal(cred.admin_name, "Ada Admin");
    assert_int_equal(strlen(cred.admin_secret), 32);
    assert_int_equal(strlen(cred.reviewer_secret), 32);
    assert_true(cred.certifications >= 3);
    assert_true(cred.items >= 3 * 49);
    assert_int_equal(cert_count(f), cred.certifications);

    store_client admin, reviewer;
    assert_int_equal(client_get(f->s, DEMO_ADMIN_CLIENT, &admin), STORE_OK);
    assert_int_equal(secret_verify(cred.admin_secret, admin.secret_hash), 1);
    assert_string_equal(admin.identity_id, cred.admin_identity_id);
    assert_string_equal(admin.authorities, "[\"ORG_ADMIN\"]");
    assert_int_equal(client_get(f->s, DEMO_REVIEWER_CLIENT, &reviewer), STORE_OK);
    assert_int_equal(secret_verify(cred.reviewer_secret, reviewer.secret_hash), 1);
    assert_int_equal(secret_verify(cred.admin_secret, reviewer.secret_hash), 0);
    assert_string_equal(reviewer.identity_id, cred.reviewer_identity_id);
    assert_string_equal(reviewer.identity_name, cred.reviewer_name);
    assert_string_equal(reviewer.authorities, "[]");

    /* The reviewer reviews a manager certification of the Q4 campaign, under
     * way, and the STAGED one of next quarter's campaign over the same
     * reports. */
    cert_rows *mine = list_certs(f, cred.reviewer_identity_id);
    assert_int_equal(mine->n, 2);
    char want[300];
    snprintf(want, sizeof want, "Q4 Manager Access Review for %s", cred.reviewer_name);
    int q4 = strcmp(mine->rows[0].name, want) == 0 ? 0 : 1;
    assert_string_equal(mine->rows[q4].campaign_name, "Q4 Manager Access Review");
    assert_string_equal(mine->rows[q4].name, want);
    assert_string_equal(mine->rows[q4].phase, "ACTIVE");
    assert_true(strncmp(mine->rows[q4].due, "2026-12-", 8) == 0);
    assert_true(mine->rows[q4].total >= 3);
    assert_string_equal(mine->rows[1 - q4].campaign_name, "Q1 2027 Manager Access Review");
    assert_string_equal(mine->rows[1 - q4].phase, "STAGED");
    assert_true(mine->rows[1 - q4].total > mine->rows[q4].total); /* one report was reassigned */
    free(mine);

    /* Every certification has items; the counts add up; one is the board's. */
    cert_rows *all = list_certs(f, NULL);
    assert_int_equal((long)all->n, cred.certifications);
    long items = 0, decided = 0, groups = 0;
    const char *board = NULL;
    for (size_t i = 0; i < all->n; i++) {
        assert_int_equal(strlen(all->rows[i].id), 32);
        assert_true(all->rows[i].total > 0);
        assert_int_equal(all->rows[i].ent_total > 0, 1);
        items += (long)all->rows[i].total;
        decided += (long)all->rows[i].made;
        if (strcmp(all->rows[i].reviewer_type, "GOVERNANCE_GROUP") == 0) {
            groups++;
            board = all->rows[i].id;
            assert_string_equal(all->rows[i].reviewer_name, "Access Review Board");
            assert_string_equal(all->rows[i].campaign_type, "SEARCH");
        }
    }
    assert_int_equal(items, cred.items);
    assert_true(decided > 0 && decided < items / 3);
    assert_int_equal(groups, 1);
    id_list rv = reviewers_of(f, board);
    assert_int_equal(rv.n, 3);
    free(all);

    /* Second run: same org, fresh secrets, old ones dead. */
    demo_credentials again;
    assert_int_equal(demo_generate(f->s, &opt, &again, err, sizeof err), STORE_OK);
    assert_false(again.created);
    assert_string_equal(again.admin_identity_id, cred.admin_identity_id);
    assert_string_equal(again.reviewer_identity_id, cred.reviewer_identity_id);
    assert_string_equal(again.admin_name, "Ada Admin");
    assert_int_equal(again.certifications, cred.certifications);
    assert_string_not_equal(again.admin_secret, cred.admin_secret);
    assert_int_equal(client_get(f->s, DEMO_ADMIN_CLIENT, &admin), STORE_OK);
    assert_int_equal(secret_verify(again.admin_secret, admin.secret_hash), 1);
    assert_int_equal(secret_verify(cred.admin_secret, admin.secret_hash), 0);
    assert_int_equal(client_get(f->s, DEMO_REVIEWER_CLIENT, &reviewer), STORE_OK);
    assert_int_equal(secret_verify(again.reviewer_secret, reviewer.secret_hash), 1);
    assert_int_equal(secret_verify(cred.reviewer_secret, reviewer.secret_hash), 0);
    assert_int_equal(cert_count(f), cred.certifications);
}

/* Same seed, same org (ids, names, counts), in two stores. */
static void test_import__demo_deterministic(void **state)
{
    fixture *f = *state;
    demo_options opt = { .identities = 30, .seed = 42 };
    demo_credentials a, b;
    char err[256];
    assert_int_equal(demo_generate(f->s, &opt, &a, err, sizeof err), STORE_OK);
    cert_rows *ra = list_certs(f, NULL);

    fixture *g = NULL;
    void *gs = NULL;
    setup(&gs);
    g = gs;
    assert_int_equal(demo_generate(g->s, &opt, &b, err, sizeof err), STORE_OK);
    cert_rows *rb = list_certs(g, NULL);
    assert_int_equal(a.items, b.items);
    assert_string_equal(a.reviewer_identity_id, b.reviewer_identity_id);
    assert_int_equal(ra->n, rb->n);
    for (size_t i = 0; i < ra->n; i++) {
        assert_string_equal(ra->rows[i].id, rb->rows[i].id);
        assert_string_equal(ra->rows[i].name, rb->rows[i].name);
        assert_int_equal(ra->rows[i].total, rb->rows[i].total);
        assert_int_equal(ra->rows[i].made, rb->rows[i].made);
    }
    free(ra);
    free(rb);
    teardown(&gs);
}

static void test_import__demo_refuses_foreign_data(void **state)
{
    fixture *f = *state;
    import_ok(f, EXAMPLE, false, NULL);
    demo_credentials cred;
    char err[256];
    assert_int_equal(demo_generate(f->s, NULL, &cred, err, sizeof err), STORE_CONFLICT);
    assert_string_equal(err, "the store already holds data that is not the demo org");
    store_client cl;
    assert_int_equal(client_get(f->s, DEMO_ADMIN_CLIENT, &cl), STORE_NOTFOUND);
    assert_int_equal(cert_count(f), 1);

    demo_options tiny = { .identities = 5, .seed = 1 };
    assert_int_equal(demo_generate(f->s, &tiny, &cred, err, sizeof err), STORE_INVALID);
    assert_non_null(strstr(err, "at least 10"));
}

static void test_import__demo_minimum_size(void **state)
{
    fixture *f = *state;
    /* The smallest org still gives the reviewer a certification. */
    for (unsigned seed = 1; seed <= 3; seed++) {
        demo_options opt = { .identities = 10, .seed = seed };
        demo_credentials cred;
        char err[256];
        if (seed > 1) {
            teardown(state);
            setup(state);
            f = *state;
        }
        assert_int_equal(demo_generate(f->s, &opt, &cred, err, sizeof err), STORE_OK);
        cert_rows *mine = list_certs(f, cred.reviewer_identity_id);
        assert_int_equal(mine->n, 2); /* its own and the staged one */
        free(mine);
    }
}

/* A chain of managers that comes back to where it started is reported once,
 * at its first identity in the document; chains that end are fine. */
static void test_import__manager_cycle(void **state)
{
    fixture *f = *state;
    expect_rejected(f,
                    "{" PROBE ",{\"id\":\"a\",\"name\":\"A\",\"managerId\":\"b\"},"
                    "{\"id\":\"b\",\"name\":\"B\",\"managerId\":\"c\"},"
                    "{\"id\":\"c\",\"name\":\"C\",\"managerId\":\"A\"},"
                    "{\"id\":\"d\",\"name\":\"D\",\"managerId\":\"a\"}]}",
                    "identities[1].managerId: a manager cycle: a -> b -> c -> a");
    problems_t p = { 0 };
    assert_int_equal(import_str(f,
                                "{\"identities\":[{\"id\":\"x\",\"name\":\"X\",\"managerId\":\"y\"},"
                                "{\"id\":\"y\",\"name\":\"Y\",\"managerId\":\"x\"},"
                                "{\"id\":\"z\",\"name\":\"Z\",\"managerId\":\"y\"}]}",
                                false, &p, NULL),
                     STORE_INVALID);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0], "identities[0].managerId: a manager cycle: x -> y -> x");
    problems_free(&p);
    import_stats st;
    assert_int_equal(import_str(f,
                                "{\"identities\":[{\"id\":\"m\",\"name\":\"M\"},"
                                "{\"id\":\"n\",\"name\":\"N\",\"managerId\":\"m\"},"
                                "{\"id\":\"o\",\"name\":\"O\",\"managerId\":\"n\"}]}",
                                false, &p, &st),
                     STORE_OK);
    assert_int_equal(p.count, 0);
    assert_int_equal(st.identities, 3);
}

/* A group names each member once; the second mention is the problem. */
static void test_import__duplicate_member(void **state)
{
    fixture *f = *state;
    expect_rejected(f,
                    "{" PROBE ",{\"id\":\"g1\",\"name\":\"G\"}],\"governanceGroups\":[{\"id\":\"gg\","
                    "\"name\":\"Group\",\"memberIds\":[\"g1\",\"probe\",\"G1\"]}]}",
                    "governanceGroups[0].memberIds[2]: \"G1\" is listed twice (also memberIds[0])");
}

typedef struct seen_ids {
    char path[64], id[65];
    int calls;
} seen_ids;

static void on_generated(void *ctx, const char *path, const char *id)
{
    seen_ids *s = ctx;
    s->calls++;
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->id, sizeof s->id, "%s", id);
}

/* The caller learns every id the import made up, with its path. */
static void test_import__generated_ids_told(void **state)
{
    fixture *f = *state;
    seen_ids seen = { .calls = 0 };
    import_options opt = { .generated = on_generated, .generated_ctx = &seen };
    import_stats st;
    problems_t p = { 0 };
    static const char doc[] =
        "{\"campaigns\":[{\"id\":\"given\",\"name\":\"G\",\"type\":\"MANAGER\","
        "\"status\":\"ACTIVE\"},{\"name\":\"Made\",\"type\":\"MANAGER\",\"status\":\"ACTIVE\"}]}";
    assert_int_equal(import_document_opt(f->s, doc, strlen(doc), &opt, &p, &st), STORE_OK);
    assert_int_equal(seen.calls, 1);
    assert_string_equal(seen.path, "campaigns[1]");
    assert_int_equal(strlen(seen.id), 32);
    assert_true(exists(f, STORE_KIND_CAMPAIGN, seen.id));
    assert_int_equal(st.campaigns, 2);
    problems_free(&p);
}

/* An assignment the store already has (or the document repeats) is not
 * counted as imported; it is counted as already held. */
static void test_import__held_assignments(void **state)
{
    fixture *f = *state;
    static const char doc[] =
        "{\"identities\":[{\"id\":\"h1\",\"name\":\"H\"}],"
        "\"entitlements\":[{\"id\":\"e1\",\"name\":\"E\"}],"
        "\"assignments\":[{\"identityId\":\"h1\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"e1\"},"
        "{\"identityId\":\"h1\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"e1\"}]}";
    problems_t p = { 0 };
    import_stats st;
    assert_int_equal(import_str(f, doc, false, &p, &st), STORE_OK);
    assert_int_equal(st.assignments, 1);
    assert_int_equal(st.assignments_held, 1);
    assert_int_equal(import_str(f, doc, true, &p, &st), STORE_OK);
    assert_int_equal(st.assignments, 0);
    assert_int_equal(st.assignments_held, 2);
    problems_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import__example_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__spec_example_verbatim_names_dangling_refs,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__empty_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__counters_derived, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__generated_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__forward_manager_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__replace_item_id_of_other_cert, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import__malformed_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__wrong_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__missing_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__bad_enums, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__dangling_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__duplicate_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__already_in_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__signed_phase_mismatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__problem_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__bad_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__bad_id_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__counters_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__problem_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__many_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__same_id_in_every_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__generated_ids_with_clients, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import__outline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__demo_creates_and_rotates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__demo_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__demo_refuses_foreign_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__demo_minimum_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__manager_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__duplicate_member, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__held_assignments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__generated_ids_told, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
