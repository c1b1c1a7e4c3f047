/*
 * demo: generates a plausible org straight into a store_writer transaction.
 *
 * Design choices worth knowing:
 *   - Scale: a million identities must fit in bounded memory, so nothing is
 *     built up front. Every id is a pure function of (seed, kind, index)
 *     (a splitmix64 hash, rendered as 32 hex chars like SailPoint ids), and
 *     every name is a pure function of the identity's index, so a manager's
 *     id and name can be recomputed when needed instead of being kept.
 *   - The hierarchy is laid out breadth-first: identity 0 (Ada Admin, the
 *     ORG_ADMIN at the top) takes the next 6..10 indices as reports, then
 *     identity 1 takes the next 6..10, and so on until the requested count
 *     is reached. A manager's reports are therefore contiguous, and only
 *     one manager's certification is "open" at a time: generating report j
 *     writes j, its assignments, and the review items of its manager's
 *     certification in one go. Depth grows like log8(N).
 *   - Structure (fan-outs, assignments, decisions) comes from one
 *     sequential splitmix64 stream seeded by opt->seed, consumed in a fixed
 *     order, so a seed always yields the same org. Only client secrets use
 *     auth_random: they are credentials. They are hashed before the writer
 *     begins, so the write lock never waits on PBKDF2.
 *   - Identity 1 is the reviewer client's identity; the root's fan-out is
 *     capped so that identity 1 always has reports (and a certification).
 *   - Identities 2..4 form the "Access Review Board" governance group; it
 *     reviews the one certification of a second (SEARCH) campaign, whose
 *     items are the access of identities 5..30, written as they stream by.
 *   - A store holding the demo org is recognized by its admin client; then
 *     only the two clients get fresh secrets (the old ones exist only as
 *     hashes, so they cannot be shown again).
 *   - Every state a review goes through is there, deterministically: each
 *     manager's certification gets a profile from a hash of its index
 *     (cert_profile): about one in ten is signed (every item decided, a
 *     sign-off date), one in ten fully decided but not signed, one in five
 *     half decided, the rest barely started; due dates spread over the last
 *     three weeks of the campaign. The demo reviewer (identity 1) has, besides
 *     its own certification, a STAGED certification of next quarter's
 *     campaign over the same reports, and the work for its last report was
 *     reassigned to identity 2 (a certification with "reassignment" set).
 *   - Names: (first, last) pairs are drawn without repetition from a
 *     permutation of the name tables; when they run out the cycle repeats
 *     and emails get a numeric suffix, so emails are unique without a set.
 */
#include "demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"
#include "../review/decide.h"
#include "../common/util.h"

/* Fixed dates keep the output deterministic. */
#define CAMPAIGN_CREATED "2026-12-01T09:00:00.000Z"
#define CAMPAIGN_DEADLINE "2026-12-31T23:59:59.000Z"
#define NEXT_DEADLINE "2027-03-31T23:59:59.000Z"   /* the staged campaign's */
#define DEFAULT_IDENTITIES 200
#define MIN_IDENTITIES 10
#define BOARD_FIRST 2           /* identities 2..4 form the Access Review Board */
#define BOARD_SIZE 3
#define EXEC_FIRST 5            /* subjects of the board's certification */
#define EXEC_LAST 30

/* ------------------------------------------------------------------ */
/* deterministic randomness and ids                                    */

static uint64_t mix64(uint64_t z)
{
    z += UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

typedef struct rng {
    uint64_t state;
} rng;

static uint64_t rng_next(rng *r)
{
    r->state += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(r->state);
}

/* Uniform in [0, n) (n small; the bias of the multiply-shift is negligible). */
static unsigned below(rng *r, unsigned n)
{
    return (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

enum { K_IDENTITY = 1, K_CERT, K_SUMMARY, K_ITEM, K_ENTITLEMENT, K_PROFILE, K_ROLE, K_CAMPAIGN,
       K_GROUP, K_BOARD_SUMMARY, K_STAGED_SUMMARY, K_PROFILE_HASH };

typedef struct idgen {
    uint64_t kind_key[K_PROFILE_HASH + 1];
} idgen;

static void idgen_init(idgen *g, unsigned seed)
{
    for (unsigned k = 0; k <= K_PROFILE_HASH; k++)
        g->kind_key[k] = mix64(mix64((uint64_t)seed) ^ (UINT64_C(0x5851f42d4c957f2d) * (k + 1)));
}

/* 32 hex chars. mix64 is a bijection, so ids of one kind never collide;
 * across kinds a collision would need a 64-bit coincidence. */
static void make_id(const idgen *g, unsigned kind, uint64_t n, char out[33])
{
    uint64_t a = mix64(g->kind_key[kind] ^ n);
    uint64_t b = mix64(a ^ UINT64_C(0xd1b54a32d192ed03));
    unsigned char bytes[16];
    for (int i = 0; i < 8; i++) {
        bytes[i] = (unsigned char)(a >> (56 - 8 * i));
        bytes[8 + i] = (unsigned char)(b >> (56 - 8 * i));
    }
    hex_encode(out, bytes, sizeof bytes);
}

/* ------------------------------------------------------------------ */
/* names                                                               */

static const char *const FIRST[] = {
    "Aaron", "Abigail", "Adrian", "Aisha", "Alan", "Alice", "Amelia", "Andre", "Angela", "Anna",
    "Arjun", "Ben", "Beatriz", "Carlos", "Caroline", "Chen", "Chloe", "Daniel", "Deepa", "Diego",
    "Elena", "Emma", "Ethan", "Fatima", "Felix", "Grace", "Hannah", "Hiro", "Ibrahim", "Isabel",
    "Jack", "James", "Jasmine", "Javier", "Julia", "Kai", "Karen", "Kenji", "Laura", "Leo",
    "Liam", "Lucia", "Maria", "Mark", "Maya", "Mei", "Mia", "Mohammed", "Nadia", "Noah",
    "Nora", "Olivia", "Omar", "Oscar", "Paul", "Priya", "Rachel", "Rahul", "Rosa", "Ryan",
    "Sam", "Sara", "Sofia", "Sven", "Tariq", "Thomas", "Uma", "Victor", "Wei", "Yara",
};
static const char *const LAST[] = {
    "Adams", "Ahmed", "Alvarez", "Anderson", "Baker", "Bauer", "Brown", "Campbell", "Chen",
    "Clark", "Costa", "Davis", "Dubois", "Evans", "Fischer", "Garcia", "Gonzalez", "Green",
    "Gupta", "Hall", "Hansen", "Hernandez", "Hill", "Ito", "Jackson", "Johnson", "Kim", "King",
    "Kowalski", "Kumar", "Lee", "Lewis", "Lopez", "Martin", "Martinez", "Meyer", "Miller",
    "Moore", "Moreau", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Perez",
    "Petrov", "Reyes", "Roberts", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Smith",
    "Suzuki", "Taylor", "Thompson", "Walker", "Wang", "White", "Williams", "Wilson", "Young",
};
#define N_FIRST (sizeof FIRST / sizeof FIRST[0])
#define N_LAST (sizeof LAST / sizeof LAST[0])
#define N_PAIRS (N_FIRST * N_LAST)
/* Coprime with N_PAIRS (70 * 64 = 4480 = 2^7 * 5 * 7), so k -> k*STEP +
 * OFFSET mod N_PAIRS permutes the pairs; near N_PAIRS / golden ratio, so
 * neighbours get unrelated first and last names. */
#define PAIR_STEP 2769u     /* 3 * 13 * 71 */
#define PAIR_OFFSET 1234u
_Static_assert(N_FIRST == 70 && N_LAST == 64, "PAIR_STEP must stay coprime with N_PAIRS");

typedef struct person {
    char name[64];
    char email[96];
} person;

static void lower_into(char *out, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        out[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
    out[i] = '\0';
}

/* The name and email of identity index i: a pure function of i. */
static void person_of(long i, person *p)
{
    if (i == 0) {
        snprintf(p->name, sizeof p->name, "Ada Admin");
        snprintf(p->email, sizeof p->email, "ada.admin@example.com");
        return;
    }
    uint64_t k = (uint64_t)(i - 1);
    uint64_t cycle = k / N_PAIRS;
    /* A different shift per cycle, so repeated names do not recur in the
     * same order. */
    uint64_t c = ((k % N_PAIRS) * PAIR_STEP + PAIR_OFFSET + cycle * 977) % N_PAIRS;
    size_t f = (size_t)(c / N_LAST), l = (size_t)(c % N_LAST);
    char fl[32], ll[32];
    lower_into(fl, sizeof fl, FIRST[f]);
    lower_into(ll, sizeof ll, LAST[l]);
    snprintf(p->name, sizeof p->name, "%s %s", FIRST[f], LAST[l]);
    if (cycle == 0)
        snprintf(p->email, sizeof p->email, "%s.%s@example.com", fl, ll);
    else
        snprintf(p->email, sizeof p->email, "%s.%s%" PRIu64 "@example.com", fl, ll, cycle + 1);
}

/* ------------------------------------------------------------------ */
/* the access catalog                                                  */

#define ENTS_PER_SOURCE 6
#define PROFILES_PER_SOURCE 3
#define N_SOURCES 5
#define N_ENTS (N_SOURCES * ENTS_PER_SOURCE)
#define N_PROFILES (N_SOURCES * PROFILES_PER_SOURCE)
#define N_ROLES 6

typedef struct source_def {
    const char *name, *attribute;
    bool ad_dn;                             /* value is an LDAP DN */
    const char *ents[ENTS_PER_SOURCE];      /* least to most privileged */
    const char *targets[6];
    const char *rights[6];
} source_def;

static const source_def SOURCES[N_SOURCES] = {
    { "Active Directory", "memberOf", true,
      { "Domain Users", "VPN Users", "Finance Share Readers", "HR Share Editors",
        "Server Operators", "Domain Admins" },
      { "\\\\fs01.corp.example.com\\finance", "\\\\fs01.corp.example.com\\hr",
        "OU=Workstations,DC=corp,DC=example,DC=com", "OU=Servers,DC=corp,DC=example,DC=com",
        "CN=Users,DC=corp,DC=example,DC=com", "vpn.corp.example.com" },
      { "READ", "WRITE", "MODIFY", "FULL_CONTROL", "LOGON", NULL } },
    { "Oracle HR", "role", false,
      { "HR_READ", "BENEFITS_CLERK", "HR_WRITE", "AUDIT_VIEWER", "PAYROLL_ADMIN", "DBA" },
      { "HR.EMPLOYEES", "HR.SALARIES", "HR.DEPARTMENTS", "HR.JOB_HISTORY", "PAYROLL.RUNS",
        "SYS.OBJAUTH2" },
      { "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", NULL } },
    { "Workday", "securityGroup", false,
      { "Employee Self Service", "Manager Self Service", "Recruiter", "Benefits Administrator",
        "Compensation Partner", "HR Partner" },
      { "Worker Data: Personal", "Worker Data: Compensation", "Staffing Actions",
        "Benefit Elections", "Job Requisitions", "Organization Assignments" },
      { "VIEW", "MODIFY", "INITIATE", "APPROVE", NULL, NULL } },
    { "GitHub", "team", false,
      { "engineering", "website-editors", "payments-write", "platform-maintainers",
        "security-auditors", "org-owners" },
      { "acme/payments", "acme/platform", "acme/infrastructure", "acme/website",
        "acme/security-tools", "acme/mobile-app" },
      { "pull", "triage", "push", "maintain", "admin", NULL } },
    { "Salesforce", "profile", false,
      { "Standard User", "Marketing User", "Service Agent", "Report Builder", "Sales Manager",
        "System Administrator" },
      { "Account", "Opportunity", "Case", "Lead", "Contact", "Report" },
      { "READ", "CREATE", "EDIT", "DELETE", "VIEW_ALL", "MODIFY_ALL" } },
};

static const char *const PROFILE_SUFFIX[PROFILES_PER_SOURCE] = { "Basic Access", "Power User",
                                                                 "Administration" };
static const char *const ROLE_NAMES[N_ROLES] = { "Employee", "Engineer", "Finance Analyst",
                                                 "HR Partner", "Sales Representative",
                                                 "IT Administrator" };

static const char *const REVOKE_COMMENTS[] = {
    "No longer needed in current role", "Moved to another team",
    "Access not used in the last 90 days", "Segregation of duties conflict",
};

static size_t count_rights(const source_def *src)
{
    size_t n = 0;
    while (n < 6 && src->rights[n])
        n++;
    return n;
}

/* Writes entitlements (with permissions), access profiles and roles. */
static store_rc write_catalog(store_writer *w, const idgen *g, rng *r)
{
    char id[33], value[160], ap_name[96];
    store_rc rc = STORE_OK;
    for (unsigned s = 0; s < N_SOURCES && rc == STORE_OK; s++) {
        const source_def *src = &SOURCES[s];
        size_t nrights = count_rights(src);
        for (unsigned e = 0; e < ENTS_PER_SOURCE && rc == STORE_OK; e++) {
            make_id(g, K_ENTITLEMENT, s * ENTS_PER_SOURCE + e, id);
            if (src->ad_dn)
                snprintf(value, sizeof value, "CN=%s,OU=Groups,DC=corp,DC=example,DC=com",
                         src->ents[e]);
            else
                snprintf(value, sizeof value, "%s", src->ents[e]);
            rc = store_w_entitlement(w, false, id, src->ents[e], src->name, src->attribute, value);
            /* 1..4 permissions on distinct targets, each with 1..3 rights. */
            unsigned nperm = 1 + below(r, 4), first_target = below(r, 6);
            for (unsigned p = 0; p < nperm && rc == STORE_OK; p++) {
                const char *rights[3];
                unsigned nr = 1 + below(r, 3), start = below(r, (unsigned)nrights);
                if (nr > nrights)
                    nr = (unsigned)nrights;
                for (unsigned k = 0; k < nr; k++)
                    rights[k] = src->rights[(start + k) % nrights];
                rc = store_w_permission(w, id, src->targets[(first_target + p) % 6], rights, nr);
            }
        }
        for (unsigned a = 0; a < PROFILES_PER_SOURCE && rc == STORE_OK; a++) {
            /* Basic bundles the two least privileged entitlements, power
             * users the middle ones, administration the top ones. */
            char ent_ids[3][33];
            const char *ents[3];
            unsigned n = a == 1 ? 3 : 2, base = a == 0 ? 0 : a == 1 ? 2 : 4;
            if (base + n > ENTS_PER_SOURCE)
                n = ENTS_PER_SOURCE - base;
            for (unsigned k = 0; k < n; k++) {
                make_id(g, K_ENTITLEMENT, s * ENTS_PER_SOURCE + base + k, ent_ids[k]);
                ents[k] = ent_ids[k];
            }
            make_id(g, K_PROFILE, s * PROFILES_PER_SOURCE + a, id);
            snprintf(ap_name, sizeof ap_name, "%s %s", src->name, PROFILE_SUFFIX[a]);
            rc = store_w_access_profile(w, false, id, ap_name, src->name, ents, n);
        }
    }
    for (unsigned ro = 0; ro < N_ROLES && rc == STORE_OK; ro++) {
        /* 2..3 access profiles and 0..2 entitlements, drawn without repeats. */
        char ap_ids[3][33], ent_ids[2][33];
        const char *aps[3], *ents[2];
        unsigned nap = 2 + below(r, 2), nent = below(r, 3);
        unsigned ap0 = below(r, N_PROFILES), ent0 = below(r, N_ENTS);
        for (unsigned k = 0; k < nap; k++) {
            make_id(g, K_PROFILE, (ap0 + k * 4) % N_PROFILES, ap_ids[k]);
            aps[k] = ap_ids[k];
        }
        for (unsigned k = 0; k < nent; k++) {
            make_id(g, K_ENTITLEMENT, (ent0 + k * 7) % N_ENTS, ent_ids[k]);
            ents[k] = ent_ids[k];
        }
        make_id(g, K_ROLE, ro, id);
        rc = store_w_role(w, false, id, ROLE_NAMES[ro], aps, nap, ents, nent);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* generation                                                          */

typedef struct gen {
    store_writer *w;
    idgen ids;
    rng r;
    long n;                     /* identities */
    uint64_t next_item;
    long certifications, items;
    char board_cert[33], staged_cert[33];
} gen;

typedef struct access {
    const char *type;
    unsigned kind;              /* K_ENTITLEMENT / K_PROFILE / K_ROLE */
    unsigned index;
} access;

/* 3..6 distinct pieces of access: mostly entitlements, some profiles, a
 * role now and then. */
static unsigned pick_access(rng *r, access out[6])
{
    unsigned n = 3 + below(r, 4), got = 0;
    while (got < n) {
        unsigned roll = below(r, 10);
        access a;
        if (roll < 2)
            a = (access){ "ROLE", K_ROLE, below(r, N_ROLES) };
        else if (roll < 5)
            a = (access){ "ACCESS_PROFILE", K_PROFILE, below(r, N_PROFILES) };
        else
            a = (access){ "ENTITLEMENT", K_ENTITLEMENT, below(r, N_ENTS) };
        bool dup = false;
        for (unsigned k = 0; k < got && !dup; k++)
            // cppcheck-suppress uninitvar ; out[k] for k < got was set by an earlier iteration
            dup = out[k].kind == a.kind && out[k].index == a.index;
        if (!dup)
            out[got++] = a;
    }
    return n;
}

/* How far a certification's review has come. */
typedef enum cert_profile {
    P_STARTED,      /* about one item in ten decided */
    P_HALF,         /* about half decided */
    P_DECIDED,      /* every item decided, not signed off yet */
    P_SIGNED,       /* every item decided and signed off */
    P_UNTOUCHED,    /* nothing decided (a STAGED certification) */
} cert_profile;

/* The profile of manager m's certification: a pure function of the seed
 * and m, so the items (written later, as the reports stream by) agree with
 * the certification's phase. The demo reviewer's own certification is
 * always under way. */
static cert_profile manager_profile(const idgen *g, long m)
{
    if (m == 1)
        return P_STARTED;
    unsigned roll = (unsigned)(mix64(g->kind_key[K_PROFILE_HASH] ^ (uint64_t)m) % 20);
    return roll < 2 ? P_SIGNED : roll < 4 ? P_DECIDED : roll < 8 ? P_HALF : P_STARTED;
}

/* Decisions follow the profile; most are approvals, and every revocation
 * has a comment (the manager campaign requires one). */
static void pick_decision(rng *r, cert_profile profile, const char **decision,
                          const char **comment)
{
    *decision = NULL;
    *comment = NULL;
    unsigned chance = profile == P_UNTOUCHED ? 0 : profile == P_STARTED ? 10
                      : profile == P_HALF ? 50 : 100;
    if (below(r, 100) >= chance)
        return;
    if (below(r, 100) < 85) {
        *decision = "APPROVE";
    } else {
        *decision = "REVOKE";
        *comment = REVOKE_COMMENTS[below(r, sizeof REVOKE_COMMENTS / sizeof REVOKE_COMMENTS[0])];
    }
}

static store_rc write_item(gen *G, const char *cert_id, cert_profile profile,
                           const char *identity_id, const access *a)
{
    char item_id[33], access_id[33];
    const char *decision, *comment;
    make_id(&G->ids, K_ITEM, G->next_item++, item_id);
    make_id(&G->ids, a->kind, a->index, access_id);
    pick_decision(&G->r, profile, &decision, &comment);
    G->items++;
    return store_w_item(G->w, item_id, cert_id, identity_id, a->type, access_id, decision,
                        comment);
}

/* A due date in the last three weeks of the campaign, and for a signed
 * certification its sign-off, both from a hash of key. */
static void cert_dates(const idgen *g, uint64_t key, char due[32], char signed_at[32])
{
    uint64_t h = mix64(g->kind_key[K_PROFILE_HASH] ^ ~key);
    snprintf(due, 32, "2026-12-%02uT17:00:00.000Z", 11 + (unsigned)(h % 21));
    snprintf(signed_at, 32, "2026-12-0%uT%02u:%02u:00.000Z", 2 + (unsigned)((h >> 8) % 2),
             9 + (unsigned)((h >> 16) % 8), (unsigned)((h >> 24) % 60));
}

typedef struct cert_spec {
    const char *id, *name, *campaign_id, *reviewer_type, *reviewer_id;
    cert_profile profile;
    uint64_t date_key;
    const char *reassign_from_id, *reassign_comment;
} cert_spec;

static store_rc write_cert(gen *G, const cert_spec *cs)
{
    char due[32], signed_at[32];
    cert_dates(&G->ids, cs->date_key, due, signed_at);
    store_cert_in c = {
        .id = cs->id, .name = cs->name, .campaign_id = cs->campaign_id,
        .reviewer_type = cs->reviewer_type, .reviewer_id = cs->reviewer_id,
        .phase = cs->profile == P_SIGNED ? "SIGNED" : cs->profile == P_UNTOUCHED ? "STAGED"
                                                                                 : "ACTIVE",
        .due = cs->profile == P_UNTOUCHED ? NEXT_DEADLINE : due,
        .signed_at = cs->profile == P_SIGNED ? signed_at : NULL, .created = CAMPAIGN_CREATED,
        .reassign_from_id = cs->reassign_from_id, .reassign_comment = cs->reassign_comment,
    };
    G->certifications++;
    return store_w_cert(G->w, false, &c);
}

/* A summary of identity id in cert_id and its items there. */
static store_rc write_review(gen *G, const char *cert_id, cert_profile profile, unsigned kind,
                             long j, const char *id, const access *acc, unsigned n)
{
    char summary[33];
    make_id(&G->ids, kind, (uint64_t)j, summary);
    store_rc rc = store_w_summary(G->w, summary, cert_id, id);
    for (unsigned k = 0; k < n && rc == STORE_OK; k++)
        rc = write_item(G, cert_id, profile, id, &acc[k]);
    return rc;
}

/* Writes identity j (reporting to manager, or the root when manager < 0),
 * its assignments, and its review items: in the certification its review
 * lands in (its manager's, or the one it was reassigned to), in the board's
 * for the executive subjects, and in the staged one for the demo
 * reviewer's reports. */
static store_rc write_identity(gen *G, long j, long manager, const char *review_cert,
                               cert_profile profile)
{
    char id[33], mgr_id[33];
    person p;
    person_of(j, &p);
    make_id(&G->ids, K_IDENTITY, (uint64_t)j, id);
    if (manager >= 0)
        make_id(&G->ids, K_IDENTITY, (uint64_t)manager, mgr_id);
    const char *auth = j == 0 ? "[\"ORG_ADMIN\"]" : "[]";
    store_rc rc = store_w_identity(G->w, false, id, p.name, p.email, manager >= 0 ? mgr_id : NULL,
                                   auth);
    access acc[6];
    unsigned n = pick_access(&G->r, acc);
    for (unsigned k = 0; k < n && rc == STORE_OK; k++) {
        char access_id[33];
        make_id(&G->ids, acc[k].kind, acc[k].index, access_id);
        rc = store_w_assignment(G->w, id, acc[k].type, access_id);
    }
    if (rc == STORE_OK && review_cert)
        rc = write_review(G, review_cert, profile, K_SUMMARY, j, id, acc, n);
    if (rc == STORE_OK && j >= EXEC_FIRST && j <= EXEC_LAST)
        rc = write_review(G, G->board_cert, P_STARTED, K_BOARD_SUMMARY, j, id, acc, n);
    if (rc == STORE_OK && manager == 1)
        rc = write_review(G, G->staged_cert, P_UNTOUCHED, K_STAGED_SUMMARY, j, id, acc, n);
    return rc;
}

/* A fresh secret (32 hex chars) and its hash. Done before the writer
 * starts: PBKDF2 is slow, and the write lock should not wait on it. */
typedef struct secret_pair {
    char secret[65];
    char hash[SECRET_HASH_MAX];
} secret_pair;

static store_rc new_secret(secret_pair *p)
{
    unsigned char raw[16];
    if (auth_random(raw, sizeof raw) != 0)
        return STORE_ERROR;
    hex_encode(p->secret, raw, sizeof raw);
    return secret_hash(p->secret, 0, p->hash) == 0 ? STORE_OK : STORE_ERROR;
}

/* A secret handed out before, if it has the shape of ours, and its hash. */
static bool known_secret(secret_pair *p, const char *secret)
{
    if (!secret || strlen(secret) != 32 || strspn(secret, "0123456789abcdef") != 32)
        return false;
    snprintf(p->secret, sizeof p->secret, "%s", secret);
    return secret_hash(p->secret, 0, p->hash) == 0;
}

static void progress(const demo_options *opt, long done, long total, int *last_decile)
{
    if (!opt->progress)
        return;
    int decile = (int)(done * 10 / total);
    if (decile > *last_decile) {
        *last_decile = decile;
        fprintf(stderr, "demo: %d%% (%ld of %ld identities)\n", decile * 10, done, total);
    }
}

static store_rc generate(store_writer *w, const demo_options *opt, long n,
                         const secret_pair *admin, const secret_pair *reviewer,
                         demo_credentials *out)
{
    gen G = { .w = w, .n = n, .r = { mix64((uint64_t)opt->seed ^ UINT64_C(0x243f6a8885a308d3)) } };
    idgen_init(&G.ids, opt->seed);
    char camp_id[33], board_camp_id[33], next_camp_id[33], group_id[33], id[33], cert_id[33];
    char moved_cert[33], name[160];
    cert_profile profile = P_STARTED;
    store_rc rc = write_catalog(w, &G.ids, &G.r);

    make_id(&G.ids, K_CAMPAIGN, 0, camp_id);
    make_id(&G.ids, K_CAMPAIGN, 1, board_camp_id);
    make_id(&G.ids, K_CAMPAIGN, 2, next_camp_id);
    if (rc == STORE_OK) {
        store_campaign_in c = {
            .id = camp_id, .name = "Q4 Manager Access Review",
            .description = "Quarterly review of every employee's access by their manager",
            .type = "MANAGER", .status = "ACTIVE", .correlated_status = "CORRELATED",
            .mandatory_comment = "REVOKE_ONLY_DECISIONS", .deadline = CAMPAIGN_DEADLINE,
            .created = CAMPAIGN_CREATED,
        };
        rc = store_w_campaign(w, false, &c);
    }
    if (rc == STORE_OK) {
        store_campaign_in c = {
            .id = board_camp_id, .name = "Q4 Executive Access Review",
            .description = "Access of senior staff, reviewed by the Access Review Board",
            .type = "SEARCH", .status = "ACTIVE", .correlated_status = "CORRELATED",
            .mandatory_comment = "ALL_DECISIONS", .deadline = CAMPAIGN_DEADLINE,
            .created = CAMPAIGN_CREATED,
        };
        rc = store_w_campaign(w, false, &c);
    }
    if (rc == STORE_OK) {
        store_campaign_in c = {
            .id = next_camp_id, .name = "Q1 2027 Manager Access Review",
            .description = "Next quarter's manager review, generated and not activated yet",
            .type = "MANAGER", .status = "STAGED", .correlated_status = "CORRELATED",
            .mandatory_comment = "REVOKE_ONLY_DECISIONS", .deadline = NEXT_DEADLINE,
            .created = CAMPAIGN_CREATED,
        };
        rc = store_w_campaign(w, false, &c);
    }
    make_id(&G.ids, K_GROUP, 0, group_id);
    if (rc == STORE_OK) {
        char member_ids[BOARD_SIZE][33];
        const char *members[BOARD_SIZE];
        for (int k = 0; k < BOARD_SIZE; k++) {
            make_id(&G.ids, K_IDENTITY, BOARD_FIRST + k, member_ids[k]);
            members[k] = member_ids[k];
        }
        rc = store_w_group(w, false, group_id, "Access Review Board", members, BOARD_SIZE);
    }
    /* Certifications not keyed by a manager take indices past every identity's. */
    make_id(&G.ids, K_CERT, (uint64_t)n, G.board_cert);
    make_id(&G.ids, K_CERT, (uint64_t)n + 1, G.staged_cert);
    make_id(&G.ids, K_CERT, (uint64_t)n + 2, moved_cert);
    if (rc == STORE_OK) {
        cert_spec cs = { G.board_cert, "Q4 Executive Access Review for Access Review Board",
                         board_camp_id, "GOVERNANCE_GROUP", group_id, P_STARTED, (uint64_t)n,
                         NULL, NULL };
        rc = write_cert(&G, &cs);
    }
    if (rc == STORE_OK) {
        person rev;
        person_of(1, &rev);
        make_id(&G.ids, K_IDENTITY, 1, id);
        snprintf(name, sizeof name, "Q1 2027 Manager Access Review for %s", rev.name);
        cert_spec cs = { G.staged_cert, name, next_camp_id, "IDENTITY", id, P_UNTOUCHED,
                         (uint64_t)n + 1, NULL, NULL };
        rc = write_cert(&G, &cs);
    }

    /* Breadth-first: parent takes the next fan-out indices as reports. */
    int decile = 0;
    if (rc == STORE_OK)
        rc = write_identity(&G, 0, -1, NULL, P_STARTED);
    long parent = -1, left = 0, first_report = 0;
    for (long j = 1; j < n && rc == STORE_OK; j++) {
        if (left == 0) {
            parent++;
            first_report = j;
            left = 6 + (long)below(&G.r, 5);
            if (parent == 0 && left > n - 2)
                left = n - 2; /* leave identity 1 at least one report */
            person mgr;
            person_of(parent, &mgr);
            make_id(&G.ids, K_CERT, (uint64_t)parent, cert_id);
            make_id(&G.ids, K_IDENTITY, (uint64_t)parent, id);
            snprintf(name, sizeof name, "Q4 Manager Access Review for %s", mgr.name);
            profile = manager_profile(&G.ids, parent);
            cert_spec cs = { cert_id, name, camp_id, "IDENTITY", id, profile, (uint64_t)parent,
                             NULL, NULL };
            rc = write_cert(&G, &cs);
            if (rc != STORE_OK)
                break;
        }
        const char *review_cert = cert_id;
        if (parent == 1 && (left == 1 || j == n - 1) && j > first_report) {
            /* The demo reviewer's last report (never its only one) went to
             * identity 2, as a reassignment would have made it: a
             * certification of the same campaign named for its new
             * reviewer, pointing back. */
            person to;
            person_of(2, &to);
            make_id(&G.ids, K_IDENTITY, 2, id);
            snprintf(name, sizeof name, "Q4 Manager Access Review for %s", to.name);
            cert_spec cs = { moved_cert, name, camp_id, "IDENTITY", id, P_STARTED,
                             (uint64_t)n + 2, cert_id, "Covering while the reviewer is on leave" };
            rc = write_cert(&G, &cs);
            review_cert = moved_cert;
            if (rc != STORE_OK)
                break;
        }
        rc = write_identity(&G, j, parent, review_cert, profile);
        left--;
        progress(opt, j + 1, n, &decile);
    }

    if (rc == STORE_OK) {
        person p;
        person_of(0, &p);
        make_id(&G.ids, K_IDENTITY, 0, out->admin_identity_id);
        snprintf(out->admin_name, sizeof out->admin_name, "%s", p.name);
        /* replace: a stray client row must not block creating the demo org. */
        rc = store_w_client(w, true, DEMO_ADMIN_CLIENT, admin->hash, out->admin_identity_id,
                            "Demo administrator");
    }
    if (rc == STORE_OK) {
        person p;
        person_of(1, &p);
        make_id(&G.ids, K_IDENTITY, 1, out->reviewer_identity_id);
        snprintf(out->reviewer_name, sizeof out->reviewer_name, "%s", p.name);
        rc = store_w_client(w, true, DEMO_REVIEWER_CLIENT, reviewer->hash,
                            out->reviewer_identity_id, "Demo reviewer");
    }
    out->certifications = G.certifications;
    out->items = G.items;
    return rc;
}

store_rc demo_sign_off(store_t *s, const demo_options *opt, char cert_out[65], int64_t *removals)
{
    idgen ids;
    idgen_init(&ids, opt && opt->seed ? opt->seed : 1);
    long n = opt && opt->identities ? opt->identities : DEFAULT_IDENTITIES;
    *removals = 0;
    for (long m = 2; m < n; m++) {
        if (manager_profile(&ids, m) != P_DECIDED)
            continue;
        char id[33];
        make_id(&ids, K_CERT, (uint64_t)m, id);
        store_tx *tx = NULL;
        problems_t why = PROBLEMS_INIT;
        store_rc rc = store_begin(s, STORE_WRITE, &tx);
        if (rc != STORE_OK)
            return rc;
        rc = review_sign_off(tx, id, &why, removals);
        problems_free(&why);
        if (rc == STORE_OK && *removals > 0) {
            if ((rc = store_commit(tx)) != STORE_OK)
                return rc;
            snprintf(cert_out, 65, "%s", id);
            int64_t done = 0;
            return review_remediate(s, &done);
        }
        store_rollback(tx);
        if (rc == STORE_NOTFOUND) /* past the last manager */
            break;
        if (rc != STORE_OK && rc != STORE_INVALID)
            return rc;
    }
    return STORE_NOTFOUND;
}

/* Copies a name that may not fit, cutting on a UTF-8 character boundary. */
static void copy_name(char *dst, size_t cap, const char *src)
{
    size_t len = strlen(src);
    if (len >= cap) {
        len = cap - 1;
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static int count_cb(const store_cert *cert, void *payload)
{
    (void)cert;
    (void)payload;
    return 0;
}

/* The report's certification count for an existing org (items would need
 * a full scan, so they stay 0). */
static void count_certifications(store_t *s, demo_credentials *out)
{
    int64_t total = 0;
    store_cert_query cq = { .page = { .limit = 0, .count = true } };
    store_tx *tx = NULL;
    if (store_begin(s, STORE_READ, &tx) == STORE_OK) {
        if (store_cert_list(tx, &cq, count_cb, NULL, &total) == STORE_OK)
            out->certifications = (long)total;
        store_rollback(tx);
    }
}

store_rc demo_generate(store_t *s, const demo_options *opt, demo_credentials *out, char *err,
                       size_t err_len)
{
    demo_options defaults = { .identities = DEFAULT_IDENTITIES, .seed = 1 };
    if (!opt)
        opt = &defaults;
    memset(out, 0, sizeof *out);
    if (err_len)
        err[0] = '\0';
    long n = opt->identities ? opt->identities : DEFAULT_IDENTITIES;
    if (n < MIN_IDENTITIES) {
        snprintf(err, err_len, "a demo org needs at least %d identities", MIN_IDENTITIES);
        return STORE_INVALID;
    }
    snprintf(out->admin_client_id, sizeof out->admin_client_id, "%s", DEMO_ADMIN_CLIENT);
    snprintf(out->reviewer_client_id, sizeof out->reviewer_client_id, "%s", DEMO_REVIEWER_CLIENT);

    /* Read the existing clients before the writer takes a pooled connection:
     * the writer interface has no client read. */
    store_client admin, reviewer;
    store_tx *tx = NULL;
    store_rc admin_rc = store_begin(s, STORE_READ, &tx), reviewer_rc = admin_rc;
    if (admin_rc == STORE_OK) {
        admin_rc = store_client_get(tx, DEMO_ADMIN_CLIENT, &admin);
        reviewer_rc = store_client_get(tx, DEMO_REVIEWER_CLIENT, &reviewer);
        store_rollback(tx);
    }
    if ((admin_rc != STORE_OK && admin_rc != STORE_NOTFOUND) ||
        (reviewer_rc != STORE_OK && reviewer_rc != STORE_NOTFOUND)) {
        snprintf(err, err_len, "cannot read the store");
        return admin_rc != STORE_OK && admin_rc != STORE_NOTFOUND ? admin_rc : reviewer_rc;
    }

    /* Secrets handed out before are kept while they verify (PBKDF2: before
     * the write lock is taken). */
    if (admin_rc == STORE_OK && reviewer_rc == STORE_OK && opt->admin_secret &&
        opt->reviewer_secret && secret_verify(opt->admin_secret, admin.secret_hash) &&
        secret_verify(opt->reviewer_secret, reviewer.secret_hash)) {
        out->created = false;
        out->new_secrets = false;
        snprintf(out->admin_identity_id, sizeof out->admin_identity_id, "%s", admin.identity_id);
        copy_name(out->admin_name, sizeof out->admin_name, admin.identity_name);
        snprintf(out->reviewer_identity_id, sizeof out->reviewer_identity_id, "%s",
                 reviewer.identity_id);
        copy_name(out->reviewer_name, sizeof out->reviewer_name, reviewer.identity_name);
        snprintf(out->admin_secret, sizeof out->admin_secret, "%s", opt->admin_secret);
        snprintf(out->reviewer_secret, sizeof out->reviewer_secret, "%s", opt->reviewer_secret);
        count_certifications(s, out);
        return STORE_OK;
    }
    secret_pair admin_secret, reviewer_secret;
    bool reuse = admin_rc == STORE_NOTFOUND && known_secret(&admin_secret, opt->admin_secret) &&
                 known_secret(&reviewer_secret, opt->reviewer_secret);
    if (!reuse &&
        (new_secret(&admin_secret) != STORE_OK || new_secret(&reviewer_secret) != STORE_OK)) {
        snprintf(err, err_len, "cannot make client secrets");
        return STORE_ERROR;
    }
    out->new_secrets = !reuse;

    store_writer *w;
    store_rc rc = store_writer_begin(s, &w);
    if (rc != STORE_OK) {
        snprintf(err, err_len, "cannot begin a write transaction");
        return rc;
    }
    bool empty = false;
    if ((rc = store_w_is_empty(w, &empty)) != STORE_OK) {
        store_writer_rollback(w);
        snprintf(err, err_len, "cannot read the store");
        return rc;
    }
    if (empty) {
        out->created = true;
        rc = generate(w, opt, n, &admin_secret, &reviewer_secret, out);
        if (rc == STORE_OK && opt->progress)
            fprintf(stderr, "demo: committing\n");
    } else if (admin_rc == STORE_OK && reviewer_rc == STORE_OK) {
        /* The demo org is there: only fresh secrets (the old ones exist
         * only as hashes). */
        out->created = false;
        snprintf(out->admin_identity_id, sizeof out->admin_identity_id, "%s", admin.identity_id);
        copy_name(out->admin_name, sizeof out->admin_name, admin.identity_name);
        snprintf(out->reviewer_identity_id, sizeof out->reviewer_identity_id, "%s",
                 reviewer.identity_id);
        copy_name(out->reviewer_name, sizeof out->reviewer_name, reviewer.identity_name);
        rc = store_w_client(w, true, DEMO_ADMIN_CLIENT, admin_secret.hash, admin.identity_id,
                            "Demo administrator");
        if (rc == STORE_OK)
            rc = store_w_client(w, true, DEMO_REVIEWER_CLIENT, reviewer_secret.hash,
                                reviewer.identity_id, "Demo reviewer");
    } else {
        store_writer_rollback(w);
        if (admin_rc == STORE_OK)
            snprintf(err, err_len, "the demo org is incomplete: client %s is missing",
                     DEMO_REVIEWER_CLIENT);
        else
            snprintf(err, err_len, "the store already holds data that is not the demo org");
        return STORE_CONFLICT;
    }
    if (rc == STORE_OK) {
        rc = store_writer_commit(w); /* rolls back itself on failure */
    } else {
        store_writer_rollback(w);
    }
    if (rc != STORE_OK) {
        snprintf(err, err_len, "writing the demo org failed");
        return rc;
    }
    memcpy(out->admin_secret, admin_secret.secret, sizeof out->admin_secret);
    memcpy(out->reviewer_secret, reviewer_secret.secret, sizeof out->reviewer_secret);
    if (!out->created)
        count_certifications(s, out);
    return STORE_OK;
}
