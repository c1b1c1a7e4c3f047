/*
 * import: loads an org document (the contract: shared/spec/org-document.md)
 * into the store in one store_writer transaction.
 *
 * Design choices worth knowing:
 *   - Two validation passes over the parsed document, both inside the
 *     writer transaction (so store_w_exists sees a stable store): pass A
 *     checks object shapes and field names and indexes every id the
 *     document defines (generating missing ones); pass B checks values and
 *     resolves references against that index, then the store. Only a clean
 *     document reaches the write pass; any problem or write failure rolls
 *     the whole transaction back.
 *   - The jansson DOM is the working copy: generated ids and normalized
 *     dates are written back into it, so the write pass reads one place.
 *   - Indexes are jansson objects keyed by the ASCII-lowercased id (ids
 *     compare case-insensitively in the store), except client ids, which
 *     are credentials and compare exactly. Each value is the path that
 *     defined the id, so a duplicate can name both places.
 *   - Unknown fields are problems everywhere, not only at the top level: a
 *     misspelt "managerID" would otherwise silently drop the hierarchy.
 *     Counters get their own message, since the spec says they are derived.
 *   - Client secrets are hashed (PBKDF2, slow) between a first validation
 *     and a second validate-and-write round, outside the write lock; see
 *     import_document.
 *   - With --replace, a review item or identity summary id may already be
 *     used by a certification the document does not replace; that only
 *     shows at write time (the store reports a conflict), and is turned
 *     into a problem with the item's path.
 */
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../auth/auth.h"
#include "../common/buf.h"
#include "../common/jsonw.h"
#include "../common/util.h"

#define MAX_PROBLEMS 1000
#define MAX_ID 64
#define MAX_NAME 255        /* store_client carries identity names in 256 bytes */
#define MAX_TEXT 4096
#define MAX_AUTHORITIES_JSON 1023 /* store_client carries them in 1024 bytes */
#define PATH_MAX_LEN 192
#define MAX_RIGHTS 256         /* what store_item_permissions returns per permission */

typedef struct ictx {
    store_writer *w;
    bool replace;
    store_problems *problems;
    size_t reported, dropped;
    store_rc fatal;                     /* first store error while validating */
    json_t *index[STORE_KIND_COUNT];    /* folded id -> json string: defining path */
} ictx;

static const char *const kind_names[STORE_KIND_COUNT] = {
    [STORE_KIND_IDENTITY] = "identity",
    [STORE_KIND_GROUP] = "governance group",
    [STORE_KIND_CLIENT] = "client",
    [STORE_KIND_ENTITLEMENT] = "entitlement",
    [STORE_KIND_ACCESS_PROFILE] = "access profile",
    [STORE_KIND_ROLE] = "role",
    [STORE_KIND_CAMPAIGN] = "campaign",
    [STORE_KIND_CERTIFICATION] = "certification",
    [STORE_KIND_SUMMARY] = "identity summary",
    [STORE_KIND_ITEM] = "review item",
};

/* ------------------------------------------------------------------ */
/* problems and paths                                                  */

static void problem(ictx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(ictx *c, const char *path, const char *fmt, ...)
{
    if (c->reported >= MAX_PROBLEMS) {
        c->dropped++;
        return;
    }
    buf_t b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (path)
        store_problems_add(c->problems, "%s: %s", path, buf_cstr(&b));
    else
        store_problems_add(c->problems, "%s", buf_cstr(&b));
    c->reported++;
    buf_free(&b);
}

/* Paths are cut (and end in "...") rather than overflow; only a hostile
 * document (field names of hundreds of bytes) gets near PATH_MAX_LEN. */
static const char *join(char out[PATH_MAX_LEN], const char *base, const char *field)
{
    if (snprintf(out, PATH_MAX_LEN, "%s.%s", base, field) >= PATH_MAX_LEN)
        memcpy(out + PATH_MAX_LEN - 4, "...", 4);
    return out;
}

static const char *at(char out[PATH_MAX_LEN], const char *base, size_t i)
{
    if (snprintf(out, PATH_MAX_LEN, "%s[%zu]", base, i) >= PATH_MAX_LEN)
        memcpy(out + PATH_MAX_LEN - 4, "...", 4);
    return out;
}

/* A value echoed in a message: JSON-quoted (so control characters cannot
 * garble a terminal) and cut at about 60 bytes on a UTF-8 boundary. */
typedef struct quoted {
    char text[400];         /* 60 bytes, each escaped to at most 6 */
} quoted;

static quoted q(const char *s)
{
    quoted out;
    size_t len = strlen(s);
    bool cut = len > 60;
    if (cut) {
        len = 60;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    buf_t b = BUF_INIT;
    json_escape_to(&b, s, len);
    snprintf(out.text, sizeof out.text, "%s%s", buf_failed(&b) ? "\"?\"" : buf_cstr(&b),
             cut ? "..." : "");
    buf_free(&b);
    return out;
}

/* The path of a field whose name comes from the document: base.key when
 * the name is plain, else base["..."] quoted, so that a hostile name
 * cannot garble the message. base may be NULL (top level). */
static const char *key_path(char out[PATH_MAX_LEN], const char *base, const char *key)
{
    size_t n = 0;
    bool plain = true;
    for (; key[n] && plain; n++)
        plain = (key[n] >= 'A' && key[n] <= 'Z') || (key[n] >= 'a' && key[n] <= 'z') ||
                (key[n] >= '0' && key[n] <= '9') || key[n] == '_' || key[n] == '$';
    plain = plain && n > 0 && n <= MAX_ID;
    if (plain)
        return base ? join(out, base, key) : memcpy(out, key, n + 1);
    if (snprintf(out, PATH_MAX_LEN, "%s[%s]", base ? base : "", q(key).text) >= PATH_MAX_LEN)
        memcpy(out + PATH_MAX_LEN - 4, "...", 4);
    return out;
}

static const char *type_name(const json_t *v)
{
    if (!v)
        return "missing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* ------------------------------------------------------------------ */
/* ids                                                                 */

static bool id_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char ch = s[n];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == '-'))
            return false;
    }
    return n >= 1 && n <= MAX_ID;
}

/* The index key of a valid id. */
static void fold(store_kind kind, const char *id, char out[MAX_ID + 1])
{
    size_t i = 0;
    for (; i < MAX_ID && id[i]; i++) {
        char ch = id[i];
        out[i] = (char)(kind != STORE_KIND_CLIENT && ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    out[i] = '\0';
}

static void store_failed(ictx *c, store_rc rc)
{
    if (c->fatal == STORE_OK)
        c->fatal = rc;
}

/* Checks and indexes the id at obj[key]. A missing (or null) id is
 * generated when optional, written back into obj. */
static void define_id(ictx *c, store_kind kind, json_t *obj, const char *key, const char *base,
                      bool optional)
{
    char path[PATH_MAX_LEN];
    join(path, base, key);
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (!optional) {
            problem(c, path, "required");
            return;
        }
        char gen[33];
        if (random_hex_id(gen) != 0 || json_object_set_new(obj, key, json_string(gen)) != 0) {
            store_failed(c, STORE_ERROR);
            return;
        }
        v = json_object_get(obj, key);
        /* 128 random bits: not checked against the store or the document. */
    } else if (!json_is_string(v)) {
        problem(c, path, "must be a string, not %s", type_name(v));
        return;
    } else if (!id_valid(json_string_value(v))) {
        problem(c, path, "%s is not a valid id (1 to 64 characters of A-Z a-z 0-9 . _ -)",
                q(json_string_value(v)).text);
        return;
    } else if (!c->replace && c->fatal == STORE_OK) {
        bool exists = false;
        store_rc rc = store_w_exists(c->w, kind, json_string_value(v), &exists);
        if (rc != STORE_OK)
            store_failed(c, rc);
        else if (exists)
            problem(c, path, "id \"%s\" already exists; use --replace", json_string_value(v));
    }
    char k[MAX_ID + 1];
    fold(kind, json_string_value(v), k);
    json_t *prev = json_object_get(c->index[kind], k);
    if (prev) {
        problem(c, path, "duplicate id \"%s\" (also %s)", json_string_value(v),
                json_string_value(prev));
        return;
    }
    if (json_object_set_new(c->index[kind], k, json_string(path)) != 0)
        store_failed(c, STORE_ERROR);
}

/* Checks that id names an object of that kind in the document or the store. */
static void check_ref(ictx *c, store_kind kind, const char *id, const char *path)
{
    if (!id_valid(id)) {
        problem(c, path, "no %s %s (not a valid id)", kind_names[kind], q(id).text);
        return;
    }
    char k[MAX_ID + 1];
    fold(kind, id, k);
    if (json_object_get(c->index[kind], k))
        return;
    if (c->fatal != STORE_OK)
        return;
    bool exists = false;
    store_rc rc = store_w_exists(c->w, kind, id, &exists);
    if (rc != STORE_OK)
        store_failed(c, rc);
    else if (!exists)
        problem(c, path, "no %s \"%s\"", kind_names[kind], id);
}

/* ------------------------------------------------------------------ */
/* field checks                                                        */

enum { OPTIONAL = 0, REQUIRED = 1 };

/* The string at obj[key], or NULL when absent, null, or wrong (reported).
 * A required field must be present, non-null and non-empty. */
static const char *want_str(ictx *c, json_t *obj, const char *base, const char *key, int required,
                            size_t max)
{
    char path[PATH_MAX_LEN];
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required)
            problem(c, join(path, base, key), "required");
        return NULL;
    }
    if (!json_is_string(v)) {
        problem(c, join(path, base, key), "must be a string, not %s", type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (required && len == 0) {
        problem(c, join(path, base, key), "must not be empty");
        return NULL;
    }
    if (len > max) {
        problem(c, join(path, base, key), "too long (%zu bytes; at most %zu)", len, max);
        return NULL;
    }
    return s;
}

/* Like want_str, and the value must be one of the NULL-terminated set. */
static const char *want_enum(ictx *c, json_t *obj, const char *base, const char *key,
                             int required, const char *const *set)
{
    const char *s = want_str(c, obj, base, key, required, MAX_TEXT);
    if (!s)
        return NULL;
    for (size_t i = 0; set[i]; i++)
        if (strcmp(s, set[i]) == 0)
            return s;
    buf_t b = BUF_INIT;
    for (size_t i = 0; set[i]; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", set[i]);
    char path[PATH_MAX_LEN];
    problem(c, join(path, base, key), "%s is not one of %s", q(s).text, buf_cstr(&b));
    buf_free(&b);
    return NULL;
}

/* A date-time field: parsed and rewritten in place in the normalized form.
 * Returns whether a (valid) value is present. */
static bool want_time(ictx *c, json_t *obj, const char *base, const char *key, int required)
{
    const char *s = want_str(c, obj, base, key, required, MAX_TEXT);
    if (!s)
        return false;
    int64_t ms;
    char path[PATH_MAX_LEN];
    if (parse_time(s, &ms) != 0) {
        problem(c, join(path, base, key),
                "%s is not an RFC 3339 date-time (e.g. \"2026-12-31T23:59:59.000Z\")", q(s).text);
        return false;
    }
    char norm[32];
    format_time_ms(norm, ms);
    if (json_object_set_new(obj, key, json_string(norm)) != 0)
        store_failed(c, STORE_ERROR);
    return true;
}

/* An optional array of strings at obj[key]; each checked by each_cb (may be
 * NULL). Returns the array or NULL. */
typedef void (*elem_cb)(ictx *c, const char *s, const char *path, void *arg);

static json_t *want_str_array(ictx *c, json_t *obj, const char *base, const char *key,
                              elem_cb each, void *arg)
{
    char path[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    json_t *a = json_object_get(obj, key);
    if (!a || json_is_null(a))
        return NULL;
    join(path, base, key);
    if (!json_is_array(a)) {
        problem(c, path, "must be an array, not %s", type_name(a));
        return NULL;
    }
    bool ok = true;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        at(ep, path, i);
        if (!json_is_string(v)) {
            problem(c, ep, "must be a string, not %s", type_name(v));
            ok = false;
        } else if (json_string_length(v) > MAX_TEXT) {
            problem(c, ep, "too long (%zu bytes; at most %d)", json_string_length(v), MAX_TEXT);
            ok = false;
        } else if (each) {
            each(c, json_string_value(v), ep, arg);
        }
    }
    return ok ? a : NULL;
}

static void ref_cb(ictx *c, const char *s, const char *path, void *arg)
{
    check_ref(c, *(const store_kind *)arg, s, path);
}

static json_t *want_ref_array(ictx *c, json_t *obj, const char *base, const char *key,
                              store_kind kind)
{
    return want_str_array(c, obj, base, key, ref_cb, &kind);
}

static const char *const COUNTERS[] = { "decisionsMade", "decisionsTotal", "entitiesCompleted",
                                        "entitiesTotal", "completed", NULL };

/* Reports every key of obj that is not in fields. */
static void check_fields(ictx *c, json_t *obj, const char *base, const char *const *fields,
                         bool counters_possible)
{
    const char *key;
    json_t *v;
    char path[PATH_MAX_LEN];
    json_object_foreach(obj, key, v) {
        bool known = false;
        const char *near = NULL;
        for (size_t i = 0; fields[i] && !known; i++) {
            known = strcmp(key, fields[i]) == 0;
            if (!known && str_casecmp_ascii(key, fields[i]) == 0)
                near = fields[i];
        }
        if (known)
            continue;
        key_path(path, base, key);
        bool counter = false;
        for (size_t i = 0; counters_possible && COUNTERS[i]; i++)
            counter = counter || strcmp(key, COUNTERS[i]) == 0;
        if (counter)
            problem(c, path, "counters are derived from review items and cannot be imported");
        else if (near)
            problem(c, path, "unknown field (did you mean \"%s\"?)", near);
        else
            problem(c, path, "unknown field");
    }
}

/* The array of objects at doc[key], or NULL (absent, or reported). Non-
 * object elements are reported here and skipped by every later pass. */
static json_t *section(ictx *c, json_t *parent, const char *base, const char *key)
{
    char path[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    json_t *a = json_object_get(parent, key);
    if (!a || json_is_null(a))
        return NULL;
    if (base)
        join(path, base, key);
    else
        snprintf(path, sizeof path, "%s", key);
    if (!json_is_array(a)) {
        problem(c, path, "must be an array of objects, not %s", type_name(a));
        return NULL;
    }
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
        if (!json_is_object(v))
            problem(c, at(ep, path, i), "must be an object, not %s", type_name(v));
    return a;
}

#define EACH_OBJECT(arr, i, v) \
    json_array_foreach((arr), (i), (v)) if (json_is_object(v))

/* ------------------------------------------------------------------ */
/* the schema                                                          */

static const char *const SECTIONS[] = { "identities", "governanceGroups", "clients",
                                        "entitlements", "accessProfiles", "roles", "assignments",
                                        "campaigns", "certifications", NULL };

static const char *const F_IDENTITY[] = { "id", "name", "email", "managerId", "authorities", NULL };
static const char *const F_GROUP[] = { "id", "name", "memberIds", NULL };
static const char *const F_CLIENT[] = { "clientId", "clientSecret", "identityId", "name", NULL };
static const char *const F_ENTITLEMENT[] = { "id", "name", "source", "attribute", "value",
                                             "permissions", NULL };
static const char *const F_PERMISSION[] = { "target", "rights", NULL };
static const char *const F_PROFILE[] = { "id", "name", "source", "entitlementIds", NULL };
static const char *const F_ROLE[] = { "id", "name", "accessProfileIds", "entitlementIds", NULL };
static const char *const F_ASSIGNMENT[] = { "identityId", "accessType", "accessId", NULL };
static const char *const F_CAMPAIGN[] = { "id", "name", "description", "type", "status",
                                          "correlatedStatus", "mandatoryCommentRequirement",
                                          "deadline", "created", NULL };
static const char *const F_CERT[] = { "id", "name", "campaignId", "reviewer", "phase", "due",
                                      "signed", "created", "identitySummaries", "reviewItems",
                                      NULL };
static const char *const F_REVIEWER[] = { "type", "id", NULL };
static const char *const F_SUMMARY[] = { "id", "identityId", NULL };
static const char *const F_ITEM[] = { "id", "identityId", "accessType", "accessId", "decision",
                                      "comments", NULL };

static const char *const E_CAMPAIGN_TYPE[] = { "MANAGER", "SOURCE_OWNER", "SEARCH",
                                               "ROLE_COMPOSITION", "MACHINE_ACCOUNT", NULL };
static const char *const E_CAMPAIGN_STATUS[] = { "PENDING", "STAGED", "CANCELING", "ACTIVATING",
                                                 "ACTIVE", "COMPLETING", "COMPLETED", "ERROR",
                                                 "ARCHIVED", NULL };
static const char *const E_CORRELATED[] = { "CORRELATED", "UNCORRELATED", NULL };
static const char *const E_COMMENT[] = { "ALL_DECISIONS", "REVOKE_ONLY_DECISIONS", "NO_DECISIONS",
                                         NULL };
static const char *const E_PHASE[] = { "STAGED", "ACTIVE", "SIGNED", NULL };
static const char *const E_DECISION[] = { "APPROVE", "REVOKE", NULL };
static const char *const E_ACCESS[] = { "ENTITLEMENT", "ACCESS_PROFILE", "ROLE", NULL };
static const char *const E_REVIEWER[] = { "IDENTITY", "GOVERNANCE_GROUP", NULL };

static store_kind access_kind(const char *type)
{
    if (strcmp(type, "ACCESS_PROFILE") == 0)
        return STORE_KIND_ACCESS_PROFILE;
    if (strcmp(type, "ROLE") == 0)
        return STORE_KIND_ROLE;
    return STORE_KIND_ENTITLEMENT;
}

/* The parsed sections, borrowed from the document; NULL when absent. */
typedef struct sections {
    json_t *identities, *groups, *clients, *entitlements, *profiles, *roles, *assignments,
        *campaigns, *certs;
} sections;

/* ------------------------------------------------------------------ */
/* pass A: shapes, field names, ids                                    */

static void pass_ids(ictx *c, json_t *doc, sections *s)
{
    char base[PATH_MAX_LEN], sub[PATH_MAX_LEN], ep[PATH_MAX_LEN], path[PATH_MAX_LEN];
    size_t i, j;
    json_t *o, *e;

    const char *key;
    json_object_foreach(doc, key, o) {
        bool known = false;
        for (size_t k = 0; SECTIONS[k] && !known; k++)
            known = strcmp(key, SECTIONS[k]) == 0;
        if (!known)
            problem(c, key_path(path, NULL, key), "unknown section (expected identities, governanceGroups, clients, "
                            "entitlements, accessProfiles, roles, assignments, campaigns or "
                            "certifications)");
    }

    struct {
        json_t **slot;
        const char *name;
        const char *const *fields;
        store_kind kind;
        const char *id_key;
    } plain[] = {
        { &s->identities, "identities", F_IDENTITY, STORE_KIND_IDENTITY, "id" },
        { &s->groups, "governanceGroups", F_GROUP, STORE_KIND_GROUP, "id" },
        { &s->clients, "clients", F_CLIENT, STORE_KIND_CLIENT, "clientId" },
        { &s->entitlements, "entitlements", F_ENTITLEMENT, STORE_KIND_ENTITLEMENT, "id" },
        { &s->profiles, "accessProfiles", F_PROFILE, STORE_KIND_ACCESS_PROFILE, "id" },
        { &s->roles, "roles", F_ROLE, STORE_KIND_ROLE, "id" },
        { &s->assignments, "assignments", F_ASSIGNMENT, STORE_KIND_COUNT, NULL },
        { &s->campaigns, "campaigns", F_CAMPAIGN, STORE_KIND_CAMPAIGN, "id" },
        { &s->certs, "certifications", F_CERT, STORE_KIND_CERTIFICATION, "id" },
    };
    for (size_t k = 0; k < sizeof plain / sizeof plain[0]; k++) {
        *plain[k].slot = section(c, doc, NULL, plain[k].name);
        if (!*plain[k].slot)
            continue;
        EACH_OBJECT(*plain[k].slot, i, o) {
            at(base, plain[k].name, i);
            check_fields(c, o, base, plain[k].fields, plain[k].kind == STORE_KIND_CERTIFICATION);
            if (plain[k].id_key)
                define_id(c, plain[k].kind, o, plain[k].id_key, base,
                          plain[k].kind != STORE_KIND_CLIENT);
        }
    }

    if (s->entitlements) {
        EACH_OBJECT(s->entitlements, i, o) {
            at(base, "entitlements", i);
            json_t *perms = section(c, o, base, "permissions");
            if (!perms)
                continue;
            EACH_OBJECT(perms, j, e)
                check_fields(c, e, at(ep, join(sub, base, "permissions"), j), F_PERMISSION, false);
        }
    }
    if (s->certs) {
        EACH_OBJECT(s->certs, i, o) {
            at(base, "certifications", i);
            json_t *r = json_object_get(o, "reviewer");
            if (json_is_object(r))
                check_fields(c, r, join(sub, base, "reviewer"), F_REVIEWER, false);
            json_t *sums = section(c, o, base, "identitySummaries");
            if (sums) {
                EACH_OBJECT(sums, j, e) {
                    at(ep, join(sub, base, "identitySummaries"), j);
                    check_fields(c, e, ep, F_SUMMARY, false);
                    define_id(c, STORE_KIND_SUMMARY, e, "id", ep, true);
                }
            }
            json_t *items = section(c, o, base, "reviewItems");
            if (items) {
                EACH_OBJECT(items, j, e) {
                    at(ep, join(sub, base, "reviewItems"), j);
                    check_fields(c, e, ep, F_ITEM, false);
                    define_id(c, STORE_KIND_ITEM, e, "id", ep, true);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* pass B: values and references                                       */

static void authority_cb(ictx *c, const char *s, const char *path, void *arg)
{
    (void)arg;
    if (!*s)
        problem(c, path, "must not be empty");
}

static void check_identities(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN], path[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "identities", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "email", OPTIONAL, MAX_TEXT);
        const char *mgr = want_str(c, o, base, "managerId", OPTIONAL, MAX_TEXT);
        const char *id = json_string_value(json_object_get(o, "id"));
        if (mgr) {
            join(path, base, "managerId");
            if (id && str_casecmp_ascii(mgr, id) == 0)
                problem(c, path, "an identity cannot be its own manager");
            else
                check_ref(c, STORE_KIND_IDENTITY, mgr, path);
        }
        json_t *auth = want_str_array(c, o, base, "authorities", authority_cb, NULL);
        if (auth) {
            char *text = json_dumps(auth, JSON_COMPACT);
            if (!text)
                store_failed(c, STORE_ERROR);
            else if (strlen(text) > MAX_AUTHORITIES_JSON)
                problem(c, join(path, base, "authorities"),
                        "too long (%zu bytes as JSON; at most %d)", strlen(text),
                        MAX_AUTHORITIES_JSON);
            free(text);
        }
    }
}

static void check_groups(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "governanceGroups", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_ref_array(c, o, base, "memberIds", STORE_KIND_IDENTITY);
    }
}

static void check_clients(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN], path[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "clients", i);
        want_str(c, o, base, "clientSecret", REQUIRED, MAX_TEXT);
        const char *who = want_str(c, o, base, "identityId", REQUIRED, MAX_TEXT);
        if (who)
            check_ref(c, STORE_KIND_IDENTITY, who, join(path, base, "identityId"));
        want_str(c, o, base, "name", OPTIONAL, MAX_NAME);
    }
}

static void check_entitlements(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN], pbase[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    size_t i, j;
    json_t *o, *p;
    EACH_OBJECT(arr, i, o) {
        at(base, "entitlements", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "source", OPTIONAL, MAX_TEXT);
        want_str(c, o, base, "attribute", OPTIONAL, MAX_TEXT);
        want_str(c, o, base, "value", OPTIONAL, MAX_TEXT);
        json_t *perms = json_object_get(o, "permissions");
        if (!json_is_array(perms))
            continue; /* absent, or reported in pass A */
        join(pbase, base, "permissions");
        EACH_OBJECT(perms, j, p) {
            at(ep, pbase, j);
            want_str(c, p, ep, "target", REQUIRED, MAX_TEXT);
            json_t *rights = want_str_array(c, p, ep, "rights", authority_cb, NULL);
            if (json_array_size(rights) > MAX_RIGHTS) {
                char path[PATH_MAX_LEN];
                problem(c, join(path, ep, "rights"), "too many rights (%zu; at most %d)",
                        json_array_size(rights), MAX_RIGHTS);
            }
        }
    }
}

static void check_profiles(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "accessProfiles", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "source", OPTIONAL, MAX_TEXT);
        want_ref_array(c, o, base, "entitlementIds", STORE_KIND_ENTITLEMENT);
    }
}

static void check_roles(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "roles", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_ref_array(c, o, base, "accessProfileIds", STORE_KIND_ACCESS_PROFILE);
        want_ref_array(c, o, base, "entitlementIds", STORE_KIND_ENTITLEMENT);
    }
}

/* identityId + accessType + accessId, shared by assignments and items. */
static void check_access(ictx *c, json_t *o, const char *base)
{
    char path[PATH_MAX_LEN];
    const char *who = want_str(c, o, base, "identityId", REQUIRED, MAX_TEXT);
    if (who)
        check_ref(c, STORE_KIND_IDENTITY, who, join(path, base, "identityId"));
    const char *type = want_enum(c, o, base, "accessType", REQUIRED, E_ACCESS);
    const char *what = want_str(c, o, base, "accessId", REQUIRED, MAX_TEXT);
    if (type && what)
        check_ref(c, access_kind(type), what, join(path, base, "accessId"));
}

static void check_assignments(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o)
        check_access(c, o, at(base, "assignments", i));
}

static void check_campaigns(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "campaigns", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "description", OPTIONAL, MAX_TEXT);
        want_enum(c, o, base, "type", REQUIRED, E_CAMPAIGN_TYPE);
        want_enum(c, o, base, "status", REQUIRED, E_CAMPAIGN_STATUS);
        want_enum(c, o, base, "correlatedStatus", OPTIONAL, E_CORRELATED);
        want_enum(c, o, base, "mandatoryCommentRequirement", OPTIONAL, E_COMMENT);
        want_time(c, o, base, "deadline", OPTIONAL);
        want_time(c, o, base, "created", OPTIONAL);
    }
}

static void check_cert(ictx *c, json_t *o, const char *base)
{
    char path[PATH_MAX_LEN], sub[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    want_str(c, o, base, "name", REQUIRED, MAX_NAME);
    const char *camp = want_str(c, o, base, "campaignId", REQUIRED, MAX_TEXT);
    if (camp)
        check_ref(c, STORE_KIND_CAMPAIGN, camp, join(path, base, "campaignId"));

    json_t *r = json_object_get(o, "reviewer");
    join(sub, base, "reviewer");
    if (!r || json_is_null(r)) {
        problem(c, sub, "required");
    } else if (!json_is_object(r)) {
        problem(c, sub, "must be an object, not %s", type_name(r));
    } else {
        const char *type = want_enum(c, r, sub, "type", REQUIRED, E_REVIEWER);
        const char *id = want_str(c, r, sub, "id", REQUIRED, MAX_TEXT);
        if (type && id)
            check_ref(c, strcmp(type, "GOVERNANCE_GROUP") == 0 ? STORE_KIND_GROUP
                                                                : STORE_KIND_IDENTITY,
                      id, join(path, sub, "id"));
    }

    const char *phase = want_enum(c, o, base, "phase", REQUIRED, E_PHASE);
    want_time(c, o, base, "due", OPTIONAL);
    want_time(c, o, base, "signed", OPTIONAL);
    json_t *sv = json_object_get(o, "signed");
    bool signed_given = sv && !json_is_null(sv);
    if (phase && strcmp(phase, "SIGNED") == 0 && !signed_given)
        problem(c, join(path, base, "signed"), "required when phase is SIGNED");
    else if (phase && strcmp(phase, "SIGNED") != 0 && signed_given)
        problem(c, join(path, base, "signed"), "must be null unless phase is SIGNED (phase is %s)",
                phase);
    want_time(c, o, base, "created", OPTIONAL);

    /* One summary per subject identity in a certification (the store's
     * UNIQUE(certification_id, identity_id)). */
    json_t *seen = json_object();
    if (!seen) {
        store_failed(c, STORE_ERROR);
        return;
    }
    size_t j;
    json_t *e;
    json_t *sums = json_object_get(o, "identitySummaries");
    if (json_is_array(sums)) {
        join(sub, base, "identitySummaries");
        EACH_OBJECT(sums, j, e) {
            at(ep, sub, j);
            const char *who = want_str(c, e, ep, "identityId", REQUIRED, MAX_TEXT);
            if (!who)
                continue;
            join(path, ep, "identityId");
            check_ref(c, STORE_KIND_IDENTITY, who, path);
            if (!id_valid(who))
                continue;
            char k[MAX_ID + 1];
            fold(STORE_KIND_IDENTITY, who, k);
            json_t *prev = json_object_get(seen, k);
            if (prev)
                problem(c, path, "identity \"%s\" already has a summary in this certification (%s)",
                        who, json_string_value(prev));
            else if (json_object_set_new(seen, k, json_string(ep)) != 0)
                store_failed(c, STORE_ERROR);
        }
    }
    json_decref(seen);

    json_t *items = json_object_get(o, "reviewItems");
    if (json_is_array(items)) {
        join(sub, base, "reviewItems");
        EACH_OBJECT(items, j, e) {
            at(ep, sub, j);
            check_access(c, e, ep);
            json_t *d = json_object_get(e, "decision");
            if (d && !json_is_null(d) && !want_enum(c, e, ep, "decision", OPTIONAL, E_DECISION))
                continue;
            want_str(c, e, ep, "comments", OPTIONAL, MAX_TEXT);
        }
    }
}

static void check_certs(ictx *c, json_t *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    json_t *o;
    EACH_OBJECT(arr, i, o)
        check_cert(c, o, at(base, "certifications", i));
}

/* ------------------------------------------------------------------ */
/* write pass                                                          */

static const char *sv(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The strings of an optional array (already validated) as a C array. */
typedef struct strv {
    const char **v;
    size_t n;
} strv;

static int strv_of(json_t *o, const char *key, strv *out)
{
    json_t *a = json_object_get(o, key);
    out->v = NULL;
    out->n = json_is_array(a) ? json_array_size(a) : 0;
    if (out->n == 0)
        return 0;
    out->v = malloc(out->n * sizeof *out->v);
    if (!out->v)
        return -1;
    for (size_t i = 0; i < out->n; i++)
        out->v[i] = json_string_value(json_array_get(a, i));
    return 0;
}

/* Turns a write conflict into a problem at the object's id; other errors
 * pass through. */
static store_rc wrote(ictx *c, store_rc rc, const char *base, const char *id_key,
                      const char *what)
{
    if (rc == STORE_CONFLICT) {
        char path[PATH_MAX_LEN];
        problem(c, join(path, base, id_key), "id is already used by %s", what);
        return STORE_INVALID;
    }
    return rc;
}

static store_rc write_all(ictx *c, const sections *s, char (*hashes)[SECRET_HASH_MAX],
                          import_stats *st)
{
    store_writer *w = c->w;
    char base[PATH_MAX_LEN], sub[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    size_t i, j;
    json_t *o, *e;
    store_rc rc = STORE_OK;

    /* Identities first, all of them: the others refer to them, and a
     * managerId may name an identity defined later in the document. */
    if (s->identities) {
        EACH_OBJECT(s->identities, i, o) {
            char *auth = NULL;
            json_t *a = json_object_get(o, "authorities");
            if (json_is_array(a) && !(auth = json_dumps(a, JSON_COMPACT)))
                return STORE_ERROR;
            rc = store_w_identity(w, c->replace, sv(o, "id"), sv(o, "name"), sv(o, "email"),
                                  sv(o, "managerId"), auth ? auth : "[]");
            free(auth);
            if ((rc = wrote(c, rc, at(base, "identities", i), "id", "another identity")))
                return rc;
            st->identities++;
        }
    }
    if (s->groups) {
        EACH_OBJECT(s->groups, i, o) {
            strv m;
            if (strv_of(o, "memberIds", &m) != 0)
                return STORE_ERROR;
            rc = store_w_group(w, c->replace, sv(o, "id"), sv(o, "name"), m.v, m.n);
            free(m.v);
            if ((rc = wrote(c, rc, at(base, "governanceGroups", i), "id", "another group")))
                return rc;
            st->groups++;
        }
    }
    if (s->clients) {
        EACH_OBJECT(s->clients, i, o) {
            rc = store_w_client(w, c->replace, sv(o, "clientId"), hashes[i], sv(o, "identityId"),
                                sv(o, "name"));
            if ((rc = wrote(c, rc, at(base, "clients", i), "clientId", "another client")))
                return rc;
            st->clients++;
        }
    }
    if (s->entitlements) {
        EACH_OBJECT(s->entitlements, i, o) {
            const char *id = sv(o, "id");
            rc = store_w_entitlement(w, c->replace, id, sv(o, "name"), sv(o, "source"),
                                     sv(o, "attribute"), sv(o, "value"));
            if ((rc = wrote(c, rc, at(base, "entitlements", i), "id", "another entitlement")))
                return rc;
            json_t *perms = json_object_get(o, "permissions");
            if (json_is_array(perms)) {
                EACH_OBJECT(perms, j, e) {
                    strv r;
                    if (strv_of(e, "rights", &r) != 0)
                        return STORE_ERROR;
                    rc = store_w_permission(w, id, sv(e, "target"), r.v, r.n);
                    free(r.v);
                    if (rc != STORE_OK)
                        return rc;
                }
            }
            st->entitlements++;
        }
    }
    if (s->profiles) {
        EACH_OBJECT(s->profiles, i, o) {
            strv ents;
            if (strv_of(o, "entitlementIds", &ents) != 0)
                return STORE_ERROR;
            rc = store_w_access_profile(w, c->replace, sv(o, "id"), sv(o, "name"),
                                        sv(o, "source"), ents.v, ents.n);
            free(ents.v);
            if ((rc = wrote(c, rc, at(base, "accessProfiles", i), "id", "another access profile")))
                return rc;
            st->access_profiles++;
        }
    }
    if (s->roles) {
        EACH_OBJECT(s->roles, i, o) {
            strv aps, ents;
            if (strv_of(o, "accessProfileIds", &aps) != 0)
                return STORE_ERROR;
            if (strv_of(o, "entitlementIds", &ents) != 0) {
                free(aps.v);
                return STORE_ERROR;
            }
            rc = store_w_role(w, c->replace, sv(o, "id"), sv(o, "name"), aps.v, aps.n, ents.v,
                              ents.n);
            free(aps.v);
            free(ents.v);
            if ((rc = wrote(c, rc, at(base, "roles", i), "id", "another role")))
                return rc;
            st->roles++;
        }
    }
    if (s->assignments) {
        EACH_OBJECT(s->assignments, i, o) {
            rc = store_w_assignment(w, sv(o, "identityId"), sv(o, "accessType"),
                                    sv(o, "accessId"));
            if (rc != STORE_OK)
                return rc;
            st->assignments++;
        }
    }
    if (s->campaigns) {
        EACH_OBJECT(s->campaigns, i, o) {
            store_campaign_in in = {
                .id = sv(o, "id"), .name = sv(o, "name"), .description = sv(o, "description"),
                .type = sv(o, "type"), .status = sv(o, "status"),
                .correlated_status = sv(o, "correlatedStatus"),
                .mandatory_comment = sv(o, "mandatoryCommentRequirement"),
                .deadline = sv(o, "deadline"), .created = sv(o, "created"),
            };
            rc = store_w_campaign(w, c->replace, &in);
            if ((rc = wrote(c, rc, at(base, "campaigns", i), "id", "another campaign")))
                return rc;
            st->campaigns++;
        }
    }
    if (!s->certs)
        return STORE_OK;
    /* Every certification before any item: replacing one deletes its old
     * items and summaries, whose ids the document may reuse elsewhere. */
    EACH_OBJECT(s->certs, i, o) {
        json_t *r = json_object_get(o, "reviewer");
        store_cert_in in = {
            .id = sv(o, "id"), .name = sv(o, "name"), .campaign_id = sv(o, "campaignId"),
            .reviewer_type = sv(r, "type"), .reviewer_id = sv(r, "id"), .phase = sv(o, "phase"),
            .due = sv(o, "due"), .signed_at = sv(o, "signed"), .created = sv(o, "created"),
        };
        rc = store_w_cert(w, c->replace, &in);
        if ((rc = wrote(c, rc, at(base, "certifications", i), "id", "another certification")))
            return rc;
        st->certifications++;
    }
    EACH_OBJECT(s->certs, i, o) {
        const char *cert_id = sv(o, "id");
        at(base, "certifications", i);
        /* Subject identities, to count the summaries the store makes. */
        json_t *subjects = json_object();
        if (!subjects)
            return STORE_ERROR;
        char k[MAX_ID + 1];
        json_t *sums = json_object_get(o, "identitySummaries");
        if (json_is_array(sums)) {
            join(sub, base, "identitySummaries");
            EACH_OBJECT(sums, j, e) {
                rc = store_w_summary(w, sv(e, "id"), cert_id, sv(e, "identityId"));
                rc = wrote(c, rc, at(ep, sub, j), "id",
                           "an identity summary of another certification");
                fold(STORE_KIND_IDENTITY, sv(e, "identityId"), k);
                if (rc == STORE_OK && json_object_set_new(subjects, k, json_true()) != 0)
                    rc = STORE_ERROR;
                if (rc != STORE_OK)
                    break;
            }
        }
        json_t *items = json_object_get(o, "reviewItems");
        if (rc == STORE_OK && json_is_array(items)) {
            join(sub, base, "reviewItems");
            EACH_OBJECT(items, j, e) {
                rc = store_w_item(w, sv(e, "id"), cert_id, sv(e, "identityId"),
                                  sv(e, "accessType"), sv(e, "accessId"), sv(e, "decision"),
                                  sv(e, "comments"));
                rc = wrote(c, rc, at(ep, sub, j), "id", "a review item of another certification");
                fold(STORE_KIND_IDENTITY, sv(e, "identityId"), k);
                if (rc == STORE_OK && json_object_set_new(subjects, k, json_true()) != 0)
                    rc = STORE_ERROR;
                if (rc != STORE_OK)
                    break;
                st->items++;
            }
        }
        st->summaries += json_object_size(subjects);
        json_decref(subjects);
        if (rc != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */

/* Runs both validation passes inside c->w, from fresh indexes. */
static void validate(ictx *c, json_t *doc, sections *sec)
{
    for (int k = 0; k < STORE_KIND_COUNT; k++) {
        json_decref(c->index[k]);
        if (!(c->index[k] = json_object()))
            store_failed(c, STORE_ERROR);
    }
    if (c->fatal != STORE_OK)
        return;
    memset(sec, 0, sizeof *sec);
    pass_ids(c, doc, sec);
    if (sec->identities)
        check_identities(c, sec->identities);
    if (sec->groups)
        check_groups(c, sec->groups);
    if (sec->clients)
        check_clients(c, sec->clients);
    if (sec->entitlements)
        check_entitlements(c, sec->entitlements);
    if (sec->profiles)
        check_profiles(c, sec->profiles);
    if (sec->roles)
        check_roles(c, sec->roles);
    if (sec->assignments)
        check_assignments(c, sec->assignments);
    if (sec->campaigns)
        check_campaigns(c, sec->campaigns);
    if (sec->certs)
        check_certs(c, sec->certs);
}

/* PBKDF2 of every client secret (validated), in document order. */
static store_rc hash_secrets(json_t *clients, char (**out)[SECRET_HASH_MAX])
{
    size_t n = json_array_size(clients);
    char (*h)[SECRET_HASH_MAX] = calloc(n, sizeof *h);
    if (!h)
        return STORE_ERROR;
    for (size_t i = 0; i < n; i++) {
        const char *secret = sv(json_array_get(clients, i), "clientSecret");
        if (secret && secret_hash(secret, 0, h[i]) != 0) {
            free(h);
            return STORE_ERROR;
        }
    }
    *out = h;
    return STORE_OK;
}

store_rc import_document(store_t *s, const char *json, size_t len, bool replace,
                         store_problems *problems, import_stats *stats)
{
    import_stats scratch;
    if (!stats)
        stats = &scratch;
    memset(stats, 0, sizeof *stats);
    ictx c = { .replace = replace, .problems = problems };

    json_error_t jerr;
    json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        problem(&c, NULL, "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column,
                jerr.text);
        return STORE_INVALID;
    }
    if (!json_is_object(doc)) {
        problem(&c, "document", "must be a JSON object, not %s", type_name(doc));
        json_decref(doc);
        return STORE_INVALID;
    }

    /* Client secrets cost a slow hash each, which must not run while the
     * write lock is held (it would stall the server's writes) nor before
     * the document is known to be valid (a typo would be reported only
     * after minutes of hashing). So a clean document with clients is
     * validated, released, hashed, then validated again and written:
     * validation is cheap next to PBKDF2, and the store may have changed
     * in between. Ids generated by the first round are kept in the DOM. */
    char (*hashes)[SECRET_HASH_MAX] = NULL;
    store_rc rc = STORE_OK;
    for (int round = 0; round < 2; round++) {
        if ((rc = store_writer_begin(s, &c.w)) != STORE_OK)
            break;
        sections sec;
        validate(&c, doc, &sec);
        if (c.fatal != STORE_OK)
            rc = c.fatal;
        else if (c.reported > 0)
            rc = STORE_INVALID;
        if (rc == STORE_OK && sec.clients && json_array_size(sec.clients) > 0 && !hashes) {
            store_writer_rollback(c.w);
            c.w = NULL;
            if ((rc = hash_secrets(sec.clients, &hashes)) != STORE_OK)
                break;
            continue;
        }
        if (rc == STORE_OK)
            rc = write_all(&c, &sec, hashes, stats);
        if (rc == STORE_OK)
            rc = store_writer_commit(c.w); /* rolls back itself on failure */
        else
            store_writer_rollback(c.w);
        c.w = NULL;
        break;
    }
    if (c.dropped > 0)
        store_problems_add(problems, "... and %zu more problems", c.dropped);
    if (rc != STORE_OK)
        memset(stats, 0, sizeof *stats);
    free(hashes);
    for (int k = 0; k < STORE_KIND_COUNT; k++)
        json_decref(c.index[k]);
    json_decref(doc);
    return rc;
}

store_rc import_file(store_t *s, const char *path, bool replace, store_problems *problems,
                     import_stats *stats)
{
    bool use_stdin = strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        store_problems_add(problems, "%s: cannot open: %s", path, strerror(errno));
        return STORE_INVALID;
    }
    buf_t text = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&text, chunk, n);
    int read_err = ferror(f) ? errno : 0;
    if (!use_stdin)
        fclose(f);
    store_rc rc;
    if (read_err) {
        store_problems_add(problems, "%s: cannot read: %s", path, strerror(read_err));
        rc = STORE_INVALID;
    } else if (buf_failed(&text)) {
        rc = STORE_ERROR;
    } else {
        rc = import_document(s, text.data ? text.data : "", text.len, replace, problems, stats);
    }
    buf_free(&text);
    return rc;
}
