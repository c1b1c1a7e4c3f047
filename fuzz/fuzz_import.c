/*
 * fuzz_import: org documents (import_document), the input of
 * `recertd import`.
 *
 * Three modes, chosen by the input's length modulo 3 so that a finding
 * reproduces from the input alone:
 *   0  import into an empty store;
 *   1  import into a store that holds the API tests' fixture org (without
 *      its clients), so references resolve against the store and taken ids
 *      conflict;
 *   2  the same with --replace.
 * Each store is a SQLite file in a private temporary directory, created on
 * first use and reused, so an input costs one parse, one validation and
 * one rolled-back transaction. An input that imports successfully has
 * changed its store; that store is then thrown away and recreated before
 * the next input. A client secret costs a PBKDF2 hash (100,000 rounds) by
 * design, so documents with more than MAX_CLIENTS clients are skipped: a
 * valid one would take seconds and read as a hang.
 *
 * Oracles: STORE_OK or STORE_INVALID only (the store is healthy, so any
 * other code is a bug); STORE_INVALID always comes with at least one
 * problem, each a non-empty sentence, at most 1000 plus the "... and N
 * more" line, and zero counts; STORE_OK comes with no problem. A document
 * that imported is imported again with --replace and must succeed again
 * (skipped when it has clients, to stay fast, and when a certification's id
 * is generated: the second import makes it a new certification, and any
 * item or summary with an id of its own then rightly conflicts with the
 * one the first import attached to the first certification).
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"
#include "org/import.h"

#define MAX_CLIENTS 8

/* tests/api/fixture.mjs's doc without clients, as compact JSON. */
static const char baseline[] =
    "{\"identities\":[{\"id\":\"id-admin\",\"name\":\"Ada Admin\",\"email\":\"id-admin@exam"
    "ple.com\",\"managerId\":null,\"authorities\":[\"ORG_ADMIN\"]},{\"id\":\"id-certadmin\""
    ",\"name\":\"Cora Certadmin\",\"email\":\"id-certadmin@example.com\",\"managerId\":null"
    ",\"authorities\":[\"CERT_ADMIN\"]},{\"id\":\"id-helpdesk\",\"name\":\"Hal Helpdesk\",\""
    "email\":\"id-helpdesk@example.com\",\"managerId\":null,\"authorities\":[\"HELPDESK\"]}"
    ",{\"id\":\"id-m1\",\"name\":\"Mia Manager\",\"email\":\"id-m1@example.com\",\"managerI"
    "d\":\"id-admin\",\"authorities\":[]},{\"id\":\"id-m2\",\"name\":\"Max Manager\",\"emai"
    "l\":\"id-m2@example.com\",\"managerId\":\"id-admin\",\"authorities\":[]},{\"id\":\"id-"
    "g1\",\"name\":\"Gus Groupmember\",\"email\":\"id-g1@example.com\",\"managerId\":\"id-a"
    "dmin\",\"authorities\":[]},{\"id\":\"id-s1\",\"name\":\"Sam Subject\",\"email\":\"id-s"
    "1@example.com\",\"managerId\":\"id-m1\",\"authorities\":[]},{\"id\":\"id-s2\",\"name\""
    ":\"Sue Subject\",\"email\":\"id-s2@example.com\",\"managerId\":\"id-m1\",\"authorities"
    "\":[]},{\"id\":\"id-s3\",\"name\":\"Sid Subject\",\"email\":\"id-s3@example.com\",\"ma"
    "nagerId\":\"id-m2\",\"authorities\":[]},{\"id\":\"id-s4\",\"name\":\"Sal Subject\",\"e"
    "mail\":\"id-s4@example.com\",\"managerId\":\"id-m2\",\"authorities\":[]}],\"governance"
    "Groups\":[{\"id\":\"gg-db\",\"name\":\"DB Owners\",\"memberIds\":[\"id-g1\",\"id-m2\"]"
    "}],\"entitlements\":[{\"id\":\"ent-dba\",\"name\":\"DBA\",\"source\":\"Oracle HR\",\"a"
    "ttribute\":\"role\",\"value\":\"DBA\",\"permissions\":[{\"target\":\"SYS.OBJAUTH2\",\""
    "rights\":[\"CREATE\",\"SELECT\"]},{\"target\":\"SYS.GV_$TRANSACTION\",\"rights\":[\"SE"
    "LECT\"]},{\"target\":\"HR.EMPLOYEES\",\"rights\":[\"SELECT\",\"UPDATE\",\"DELETE\"]}]}"
    ",{\"id\":\"ent-read\",\"name\":\"Reader\",\"source\":\"Oracle HR\",\"attribute\":\"rol"
    "e\",\"value\":\"READ\",\"permissions\":[{\"target\":\"HR.EMPLOYEES\",\"rights\":[\"SEL"
    "ECT\"]}]},{\"id\":\"ent-git\",\"name\":\"GitHub Admin\",\"source\":\"GitHub\",\"attrib"
    "ute\":\"team\",\"value\":\"admins\",\"permissions\":[]}],\"accessProfiles\":[{\"id\":\""
    "ap-hr\",\"name\":\"HR Analyst\",\"source\":\"Oracle HR\",\"entitlementIds\":[\"ent-rea"
    "d\"]}],\"roles\":[{\"id\":\"role-fin\",\"name\":\"Finance\",\"accessProfileIds\":[\"ap"
    "-hr\"],\"entitlementIds\":[]}],\"assignments\":[{\"identityId\":\"id-s1\",\"accessType"
    "\":\"ENTITLEMENT\",\"accessId\":\"ent-dba\"},{\"identityId\":\"id-s1\",\"accessType\":"
    "\"ROLE\",\"accessId\":\"role-fin\"}],\"campaigns\":[{\"id\":\"camp-q4\",\"name\":\"Q4 "
    "Manager Review\",\"description\":\"Quarterly\",\"type\":\"MANAGER\",\"status\":\"ACTIV"
    "E\",\"correlatedStatus\":\"CORRELATED\",\"mandatoryCommentRequirement\":\"NO_DECISIONS"
    "\",\"deadline\":\"2026-12-31T23:59:59.000Z\"},{\"id\":\"camp-src\",\"name\":\"Source O"
    "wner Review\",\"description\":null,\"type\":\"SOURCE_OWNER\",\"status\":\"ACTIVE\",\"c"
    "orrelatedStatus\":\"UNCORRELATED\",\"mandatoryCommentRequirement\":\"REVOKE_ONLY_DECIS"
    "IONS\",\"deadline\":\"2027-01-15T12:00:00.000Z\"}],\"certifications\":[{\"id\":\"cert-"
    "1\",\"name\":\"Q4 Manager Review for Mia Manager\",\"campaignId\":\"camp-q4\",\"review"
    "er\":{\"type\":\"IDENTITY\",\"id\":\"id-m1\"},\"phase\":\"ACTIVE\",\"due\":\"2026-12-3"
    "1T23:59:59.000Z\",\"signed\":null,\"created\":\"2026-11-01T09:00:00.000Z\",\"identityS"
    "ummaries\":[{\"id\":\"is-1\",\"identityId\":\"id-s1\"},{\"id\":\"is-2\",\"identityId\""
    ":\"id-s2\"}],\"reviewItems\":[{\"id\":\"item-1\",\"identityId\":\"id-s1\",\"accessType"
    "\":\"ENTITLEMENT\",\"accessId\":\"ent-dba\",\"decision\":null,\"comments\":null},{\"id"
    "\":\"item-2\",\"identityId\":\"id-s1\",\"accessType\":\"ROLE\",\"accessId\":\"role-fin"
    "\",\"decision\":\"APPROVE\",\"comments\":null},{\"id\":\"item-3\",\"identityId\":\"id-"
    "s2\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-read\",\"decision\":null,\"comm"
    "ents\":null},{\"id\":\"item-4\",\"identityId\":\"id-s2\",\"accessType\":\"ACCESS_PROFI"
    "LE\",\"accessId\":\"ap-hr\",\"decision\":\"REVOKE\",\"comments\":\"not needed\"},{\"id"
    "\":\"item-5\",\"identityId\":\"id-s2\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"e"
    "nt-dba\",\"decision\":null,\"comments\":null}]},{\"id\":\"cert-2\",\"name\":\"Q4 Manag"
    "er Review for Max Manager\",\"campaignId\":\"camp-q4\",\"reviewer\":{\"type\":\"IDENTI"
    "TY\",\"id\":\"id-m2\"},\"phase\":\"ACTIVE\",\"due\":\"2026-12-15T00:00:00.000Z\",\"sig"
    "ned\":null,\"created\":\"2026-11-01T09:00:00.000Z\",\"reviewItems\":[{\"id\":\"item-21"
    "\",\"identityId\":\"id-s3\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-read\",\""
    "decision\":\"APPROVE\",\"comments\":null},{\"id\":\"item-22\",\"identityId\":\"id-s4\""
    ",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-git\",\"decision\":\"APPROVE\",\"co"
    "mments\":null}]},{\"id\":\"cert-3\",\"name\":\"Source Owner Review for DB Owners\",\"c"
    "ampaignId\":\"camp-src\",\"reviewer\":{\"type\":\"GOVERNANCE_GROUP\",\"id\":\"gg-db\"}"
    ",\"phase\":\"ACTIVE\",\"due\":\"2027-01-15T12:00:00.000Z\",\"signed\":null,\"created\""
    ":\"2026-11-02T09:00:00.000Z\",\"reviewItems\":[{\"id\":\"item-31\",\"identityId\":\"id"
    "-s1\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-dba\",\"decision\":null,\"comm"
    "ents\":null}]},{\"id\":\"cert-4\",\"name\":\"Source Owner Review for Mia Manager\",\"c"
    "ampaignId\":\"camp-src\",\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"id-m1\"},\"phase"
    "\":\"SIGNED\",\"due\":\"2026-11-20T00:00:00.000Z\",\"signed\":\"2026-11-19T10:00:00.00"
    "0Z\",\"created\":\"2026-11-02T09:00:00.000Z\",\"reviewItems\":[{\"id\":\"item-41\",\"i"
    "dentityId\":\"id-s3\",\"accessType\":\"ENTITLEMENT\",\"accessId\":\"ent-git\",\"decisi"
    "on\":\"REVOKE\",\"comments\":\"left the team\"}]},{\"id\":\"cert-5\",\"name\":\"Anothe"
    "r Review for Max Manager\",\"campaignId\":\"camp-q4\",\"reviewer\":{\"type\":\"IDENTIT"
    "Y\",\"id\":\"id-m2\"},\"phase\":\"STAGED\",\"due\":null,\"signed\":null,\"created\":\""
    "2026-11-03T09:00:00.000Z\",\"reviewItems\":[]}]}";

static char dir[PATH_MAX];
static store_t *stores[2]; /* [0] empty, [1] baseline */

static void db_path(char *out, size_t len, int which, const char *suffix)
{
    snprintf(out, len, "%s/org%d.db%s", dir, which, suffix);
}

static void drop(int which)
{
    static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
    char p[PATH_MAX + 32];
    store_close(stores[which]);
    stores[which] = NULL;
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        db_path(p, sizeof p, which, suffix[i]);
        unlink(p);
    }
}

static void cleanup(void)
{
    drop(0);
    drop(1);
    if (dir[0])
        rmdir(dir);
}

static store_t *get_store(int which)
{
    if (stores[which])
        return stores[which];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/recert-fuzz-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("fuzz_import: mkdtemp");
            abort();
        }
        atexit(cleanup);
    }
    char url[PATH_MAX + 48], err[256];
    db_path(url, sizeof url, which, "");
    memmove(url + 7, url, strlen(url) + 1);
    memcpy(url, "sqlite:", 7);
    if (store_open(&stores[which], url, 1, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "fuzz_import: store_open: %s\n", err);
        abort();
    }
    if (which == 1) {
        problems_t problems = PROBLEMS_INIT;
        store_rc rc = import_document(stores[1], baseline, sizeof baseline - 1, false, &problems,
                                      NULL);
        for (size_t i = 0; i < problems.count; i++)
            fprintf(stderr, "fuzz_import: baseline: %s\n", problems.items[i]);
        FUZZ_CHECK(rc == STORE_OK);
        problems_free(&problems);
    }
    return stores[which];
}

/* Imports and checks the outcome's invariants; returns the store_rc. With
 * must_pass, a rejection is a finding: the problems are printed, then abort. */
static store_rc import(store_t *s, const char *text, size_t len, bool replace,
                       import_stats *stats, bool must_pass)
{
    problems_t problems = PROBLEMS_INIT;
    store_rc rc = import_document(s, text, len, replace, &problems, stats);
    FUZZ_CHECK(rc == STORE_OK || rc == STORE_INVALID);
    if (rc == STORE_INVALID) {
        FUZZ_CHECK(problems.count >= 1 && problems.count <= 1001);
        for (size_t i = 0; i < problems.count; i++)
            FUZZ_CHECK(problems.items[i] && problems.items[i][0]);
        FUZZ_CHECK(stats->identities == 0 && stats->certifications == 0 && stats->items == 0);
    } else {
        FUZZ_CHECK(problems.count == 0);
    }
    for (size_t i = 0; must_pass && i < problems.count; i++)
        fprintf(stderr, "fuzz_import: %s\n", problems.items[i]);
    FUZZ_CHECK(!must_pass || rc == STORE_OK);
    problems_free(&problems);
    return rc;
}

typedef struct doc_facts {
    bool many_clients;          /* more than we are willing to hash */
    bool generated_cert_id;     /* a certification without an id of its own */
} doc_facts;

static doc_facts facts_of(const char *text, size_t len)
{
    json_t *doc = json_loadb(text, len, 0, NULL);
    doc_facts f = { json_array_size(json_object_get(doc, "clients")) > MAX_CLIENTS, false };
    size_t i;
    json_t *cert;
    json_array_foreach(json_object_get(doc, "certifications"), i, cert)
        if (!json_is_string(json_object_get(cert, "id")))
            f.generated_cert_id = true;
    json_decref(doc);
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    doc_facts facts = facts_of((const char *)data, size);
    if (facts.many_clients)
        return 0;
    int mode = (int)(size % 3), which = mode > 0;
    store_t *s = get_store(which);
    const char *text = (const char *)data;
    import_stats stats;
    if (import(s, text, size, mode == 2, &stats, false) != STORE_OK)
        return 0;
    if (stats.clients == 0 && !facts.generated_cert_id) {
        /* Imported once: the same text again, with --replace, must import too. */
        import_stats again;
        import(s, text, size, true, &again, true);
    }
    drop(which); /* the store now holds the document: start the next input afresh */
    return 0;
}
