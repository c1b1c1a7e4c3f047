/*
 * import: loads an org document (the contract: shared/spec/org-document.md)
 * into the store in one store_writer transaction.
 *
 * Design choices worth knowing:
 *   - The document is held in a compact tree of its own (struct jn, below),
 *     not in jansson's: jansson's objects cost about six times the text
 *     (a hash table per object, an allocation per value), which made a
 *     137 MB document peak at 1.4 GB. jansson still does all the parsing,
 *     one element of a top-level array at a time, so what is accepted and
 *     every syntax error are jansson's; see load_pieces. import_file drops
 *     the text as soon as the tree is built.
 *   - Two validation passes over the parsed document, both inside the
 *     writer transaction (so store_w_exists sees a stable store): pass A
 *     checks object shapes and field names and indexes every id the
 *     document defines (generating missing ones); pass B checks values and
 *     resolves references against that index, then the store. Only a clean
 *     document reaches the write pass; any problem or write failure rolls
 *     the whole transaction back.
 *   - The tree is the working copy: generated ids and normalized dates are
 *     written back into it, so the write pass reads one place.
 *   - The index is one flat hash table of (kind, id) -> where the id is
 *     defined, with the ids borrowed from the tree. Ids compare ASCII-
 *     case-insensitively (as in the store), except client ids, which are
 *     credentials and compare exactly. It keeps where an id is defined as
 *     array positions, whose path is only formatted when a duplicate is
 *     reported.
 *   - Unknown fields are problems everywhere, not only at the top level: a
 *     misspelt "managerID" would otherwise silently drop the hierarchy.
 *     Counters get their own message, since the spec says they are derived.
 *   - Client secrets are hashed (PBKDF2, slow) between a first validation
 *     and a second validate-and-write round, outside the write lock; see
 *     import_loaded.
 *   - With --replace, a review item or identity summary id may already be
 *     used by a certification the document does not replace; that only
 *     shows at write time (the store reports a conflict), and is turned
 *     into a problem with the item's path.
 */
#include "import.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
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

/* ------------------------------------------------------------------ */
/* a flat hash table                                                   */

/* Keys are ids of a store_kind, or field names (KIND_NAME). */
#define KIND_NAME STORE_KIND_COUNT

typedef struct slot {
    const char *key;    /* NULL: free */
    uint32_t hash;
    uint32_t i, j;      /* ids: where defined (array index, index in a nested array) */
    uint8_t kind;
} slot;

/* Open addressing with linear probing, at most half full. */
typedef struct table {
    slot *slots;
    size_t cap, count; /* cap: 0 or a power of two */
} table;

static bool exact_kind(unsigned kind)
{
    return kind == STORE_KIND_CLIENT || kind == KIND_NAME;
}

/* FNV-1a over the ASCII-folded key, then a full avalanche (murmur3's
 * finalizer), since the low bits pick the slot. */
static uint32_t key_hash(unsigned kind, const char *key)
{
    bool fold = !exact_kind(kind);
    uint32_t h = 2166136261u ^ kind;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        unsigned ch = *p;
        if (fold && ch >= 'A' && ch <= 'Z')
            ch += 'a' - 'A';
        h = (h ^ ch) * 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* The slot holding (kind, key), or the free slot where it belongs. */
static slot *table_find(const table *t, unsigned kind, const char *key, uint32_t h)
{
    size_t mask = t->cap - 1;
    for (size_t k = h & mask;; k = (k + 1) & mask) {
        slot *sl = &t->slots[k];
        if (!sl->key)
            return sl;
        if (sl->hash == h && sl->kind == kind &&
            (exact_kind(kind) ? strcmp(sl->key, key) : str_casecmp_ascii(sl->key, key)) == 0)
            return sl;
    }
}

static int table_grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 16;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    table bigger = { slots, cap, t->count };
    for (size_t k = 0; k < t->cap; k++)
        if (t->slots[k].key)
            *table_find(&bigger, t->slots[k].kind, t->slots[k].key, t->slots[k].hash) =
                t->slots[k];
    free(t->slots);
    *t = bigger;
    return 0;
}

/* The slot of (kind, key), claimed for key (borrowed) if it was free; *fresh
 * tells which. NULL when out of memory. */
static slot *table_put(table *t, unsigned kind, const char *key, bool *fresh)
{
    if ((t->count + 1) * 2 > t->cap && table_grow(t) != 0)
        return NULL;
    uint32_t h = key_hash(kind, key);
    slot *sl = table_find(t, kind, key, h);
    *fresh = !sl->key;
    if (*fresh) {
        *sl = (slot){ .key = key, .hash = h, .kind = (uint8_t)kind };
        t->count++;
    }
    return sl;
}

static const slot *table_get(const table *t, unsigned kind, const char *key)
{
    if (t->count == 0)
        return NULL;
    const slot *sl = table_find(t, kind, key, key_hash(kind, key));
    return sl->key ? sl : NULL;
}

static void table_free(table *t)
{
    free(t->slots);
    *t = (table){ 0 };
}

/* ------------------------------------------------------------------ */
/* the document                                                        */

enum { JN_NULL, JN_FALSE, JN_TRUE, JN_NUMBER, JN_STRING, JN_ARRAY, JN_OBJECT };

/* One JSON value. A document is one array of them in document order, each
 * container followed by its members, so walking a container is pointer
 * arithmetic, and a value costs one node plus its string. Only what import
 * reads is kept: numbers are never read, so they have no value. */
typedef struct jn {
    const char *key;        /* the member's name (interned) in an object, else NULL */
    union {
        const char *s;      /* JN_STRING: never contains NUL (jansson rejects \u0000) */
        struct jn *added;   /* JN_OBJECT: its generated "id" member, or NULL */
    };
    uint32_t skip;          /* nodes in this value, itself and its members included */
    uint8_t type;
} jn;

/* Strings and added members live in blocks that never move. */
typedef struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(max_align_t) char data[];
} block;

#define BLOCK_SIZE (1u << 20)

typedef struct doc {
    jn *nodes;              /* nodes[0] is the document */
    size_t count, cap;
    block *blocks;
    table names;            /* field names, each stored once */
} doc;

static void *doc_alloc(doc *d, size_t n, size_t align)
{
    block *b = d->blocks;
    size_t start = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || start + n > b->cap) {
        /* A large string gets a block of its own, after the current one,
         * so that the rest of the current block is still used. */
        size_t cap = n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE;
        block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = n;
        nb->cap = cap;
        if (b && cap != BLOCK_SIZE) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            d->blocks = nb;
        }
        return nb->data;
    }
    b->used = start + n;
    return b->data + start;
}

static const char *doc_strdup(doc *d, const char *s, size_t len)
{
    char *p = doc_alloc(d, len + 1, 1);
    if (p)
        memcpy(p, s, len + 1);
    return p;
}

/* The document's copy of a field name, one per distinct name: most names
 * repeat in every element. */
static const char *intern(doc *d, const char *name)
{
    bool fresh;
    slot *sl = table_put(&d->names, KIND_NAME, name, &fresh);
    if (!sl)
        return NULL;
    if (fresh && !(sl->key = doc_strdup(d, name, strlen(name))))
        d->names.count--; /* the slot is free again */
    return sl->key;
}

static void doc_free(doc *d)
{
    free(d->nodes);
    for (block *b = d->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    table_free(&d->names);
    *d = (doc){ 0 };
}

/* Appends a node for a value whose members (if any) are added next. The
 * index, or SIZE_MAX when out of memory. */
static size_t push(doc *d, const char *key, uint8_t type)
{
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        jn *nodes = cap <= UINT32_MAX ? realloc(d->nodes, cap * sizeof *nodes) : NULL;
        if (!nodes)
            return SIZE_MAX;
        d->nodes = nodes;
        d->cap = cap;
    }
    d->nodes[d->count] = (jn){ .key = key, .type = type };
    return d->count++;
}

/* Ends the container at nodes[k]: its members are all added. */
static void close_node(doc *d, size_t k)
{
    d->nodes[k].skip = (uint32_t)(d->count - k);
}

/* Appends v as the member key (NULL in an array) of the value being built.
 * Returns v's depth (1 for a scalar), or 0 when out of memory. */
static unsigned add_value(doc *d, const char *key, json_t *v)
{
    static const uint8_t types[] = {
        [JSON_OBJECT] = JN_OBJECT, [JSON_ARRAY] = JN_ARRAY, [JSON_STRING] = JN_STRING,
        [JSON_INTEGER] = JN_NUMBER, [JSON_REAL] = JN_NUMBER, [JSON_TRUE] = JN_TRUE,
        [JSON_FALSE] = JN_FALSE,   [JSON_NULL] = JN_NULL,
    };
    size_t k = push(d, key, types[json_typeof(v)]);
    if (k == SIZE_MAX)
        return 0;
    unsigned depth = 0, sub;
    size_t i;
    const char *name;
    json_t *m;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_object_foreach(v, name, m) {
            const char *interned = intern(d, name);
            if (!interned || !(sub = add_value(d, interned, m)))
                return 0;
            depth = sub > depth ? sub : depth;
        }
        break;
    case JSON_ARRAY:
        json_array_foreach(v, i, m) {
            if (!(sub = add_value(d, NULL, m)))
                return 0;
            depth = sub > depth ? sub : depth;
        }
        break;
    case JSON_STRING:
        if (!(d->nodes[k].s = doc_strdup(d, json_string_value(v), json_string_length(v))))
            return 0;
        break;
    default: break;
    }
    close_node(d, k);
    return depth + 1;
}

/* The fast path keeps to documents whose elements nest at most this deep,
 * far below jansson's JSON_PARSER_MAX_DEPTH, so that parsing an element on
 * its own can never accept what the whole document's depth would refuse. */
#define PIECE_MAX_DEPTH 64
#define PIECE_MAX_SECTIONS 16

enum { LOADED = 0, NOT_PLAIN = 1, NO_MEMORY = -1 };

static size_t skip_ws(const char *t, size_t n, size_t i)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

/* Adds the JSON value at t[*pos], parsed by jansson on its own, and moves
 * *pos past it. */
static int add_piece(doc *d, const char *key, const char *t, size_t n, size_t *pos)
{
    json_error_t err;
    /* jansson reports the length parsed as an int: longer pieces fail. */
    size_t len = n - *pos < INT_MAX ? n - *pos : INT_MAX;
    json_t *v = json_loadb(t + *pos, len,
                           JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES,
                           &err);
    if (!v)
        return NOT_PLAIN;
    unsigned depth = add_value(d, key, v);
    json_decref(v);
    if (depth == 0)
        return NO_MEMORY;
    if (depth > PIECE_MAX_DEPTH)
        return NOT_PLAIN;
    *pos += (size_t)err.position;
    return LOADED;
}

/*
 * Loads a document of the expected outline, an object of arrays, an element
 * at a time, so that only one element is ever in jansson's form. The
 * outline itself (braces, brackets, commas, colons, blanks) is read here;
 * everything else, the section names included, is parsed by jansson.
 * Anything unexpected gives NOT_PLAIN, and the caller then parses the whole
 * text with jansson, which reports the syntax error (or, for an odd but
 * valid document, loads it at jansson's cost).
 */
static int load_pieces(doc *d, const char *t, size_t n)
{
    size_t i = skip_ws(t, n, 0);
    if (i == n || t[i] != '{')
        return NOT_PLAIN;
    size_t root = push(d, NULL, JN_OBJECT);
    if (root == SIZE_MAX)
        return NO_MEMORY;
    const char *names[PIECE_MAX_SECTIONS];
    size_t nsections = 0;
    int rc;
    i = skip_ws(t, n, i + 1);
    if (i < n && t[i] == '}')
        i++;
    else
        for (;;) {
            if (i == n || t[i] != '"' || nsections == PIECE_MAX_SECTIONS)
                return NOT_PLAIN;
            json_error_t err;
            json_t *k = json_loadb(t + i, n - i < INT_MAX ? n - i : INT_MAX,
                                   JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
            if (!k)
                return NOT_PLAIN;
            const char *name = intern(d, json_string_value(k));
            json_decref(k);
            if (!name)
                return NO_MEMORY;
            for (size_t s = 0; s < nsections; s++)
                if (names[s] == name) /* interned: a duplicate is the same pointer */
                    return NOT_PLAIN;
            names[nsections++] = name;
            i = skip_ws(t, n, i + (size_t)err.position);
            if (i == n || t[i] != ':')
                return NOT_PLAIN;
            i = skip_ws(t, n, i + 1);
            if (i < n && t[i] == '[') {
                size_t arr = push(d, name, JN_ARRAY);
                if (arr == SIZE_MAX)
                    return NO_MEMORY;
                i = skip_ws(t, n, i + 1);
                if (i < n && t[i] == ']')
                    i++;
                else
                    for (;;) {
                        if ((rc = add_piece(d, NULL, t, n, &i)) != LOADED)
                            return rc;
                        i = skip_ws(t, n, i);
                        if (i < n && t[i] == ',') {
                            i = skip_ws(t, n, i + 1);
                            continue;
                        }
                        if (i < n && t[i] == ']') {
                            i++;
                            break;
                        }
                        return NOT_PLAIN;
                    }
                close_node(d, arr);
            } else if ((rc = add_piece(d, name, t, n, &i)) != LOADED) {
                return rc;
            }
            i = skip_ws(t, n, i);
            if (i < n && t[i] == ',') {
                i = skip_ws(t, n, i + 1);
                continue;
            }
            if (i < n && t[i] == '}') {
                i++;
                break;
            }
            return NOT_PLAIN;
        }
    close_node(d, root);
    return skip_ws(t, n, i) == n ? LOADED : NOT_PLAIN;
}

/* Members of an object or elements of an array, in document order. */
#define EACH(arr, i, v) \
    for ((i) = 0, (v) = (arr) + 1; (v) < (arr) + (arr)->skip; (i)++, (v) += (v)->skip)

static jn *get(jn *o, const char *key)
{
    if (!o || o->type != JN_OBJECT)
        return NULL;
    for (jn *v = o + 1; v < o + o->skip; v += v->skip)
        if (strcmp(v->key, key) == 0)
            return v;
    return o->added && strcmp(o->added->key, key) == 0 ? o->added : NULL;
}

static const char *str(const jn *v)
{
    return v && v->type == JN_STRING ? v->s : NULL;
}

static bool is_null(const jn *v)
{
    return v && v->type == JN_NULL;
}

static bool is_array(const jn *v)
{
    return v && v->type == JN_ARRAY;
}

static size_t size(const jn *a)
{
    size_t n = 0;
    if (is_array(a))
        for (const jn *v = a + 1; v < a + a->skip; v += v->skip)
            n++;
    return n;
}

/* ------------------------------------------------------------------ */
/* the import                                                          */

typedef struct ictx {
    store_writer *w;
    bool replace;
    problems_t *problems;
    size_t reported, dropped;
    store_rc fatal;                     /* first store error while validating */
    doc d;
    table ids;                          /* every id the document defines */
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
        problems_add(c->problems, "%s: %s", path, buf_cstr(&b));
    else
        problems_add(c->problems, "%s", buf_cstr(&b));
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

static const char *type_name(const jn *v)
{
    if (!v)
        return "missing";
    switch (v->type) {
    case JN_OBJECT: return "an object";
    case JN_ARRAY: return "an array";
    case JN_STRING: return "a string";
    case JN_NUMBER: return "a number";
    case JN_TRUE:
    case JN_FALSE: return "a boolean";
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

static void store_failed(ictx *c, store_rc rc)
{
    if (c->fatal == STORE_OK)
        c->fatal = rc;
}

/* The section that defines ids of each kind (except summaries and items). */
static const char *const kind_sections[STORE_KIND_COUNT] = {
    [STORE_KIND_IDENTITY] = "identities",
    [STORE_KIND_GROUP] = "governanceGroups",
    [STORE_KIND_CLIENT] = "clients",
    [STORE_KIND_ENTITLEMENT] = "entitlements",
    [STORE_KIND_ACCESS_PROFILE] = "accessProfiles",
    [STORE_KIND_ROLE] = "roles",
    [STORE_KIND_CAMPAIGN] = "campaigns",
    [STORE_KIND_CERTIFICATION] = "certifications",
};

/* The path of the id defined at (i, j), as define_id was given it. */
static const char *defined_at(char out[PATH_MAX_LEN], store_kind kind, size_t i, size_t j)
{
    char base[PATH_MAX_LEN], sub[PATH_MAX_LEN];
    if (kind == STORE_KIND_SUMMARY || kind == STORE_KIND_ITEM) {
        at(base, "certifications", i);
        join(sub, base, kind == STORE_KIND_SUMMARY ? "identitySummaries" : "reviewItems");
        return join(out, at(base, sub, j), "id");
    }
    return join(out, at(base, kind_sections[kind], i),
                kind == STORE_KIND_CLIENT ? "clientId" : "id");
}

/* Sets obj's id member (NULL when absent, else its null value) to id. */
static jn *set_id(ictx *c, jn *obj, jn *v, const char *key, const char *id)
{
    const char *s = doc_strdup(&c->d, id, strlen(id));
    if (!s)
        return NULL;
    if (!v) {
        if (!(v = doc_alloc(&c->d, sizeof *v, _Alignof(jn))))
            return NULL;
        *v = (jn){ .key = key, .skip = 1 };
        obj->added = v;
    }
    v->type = JN_STRING;
    v->s = s;
    return v;
}

/* Checks and indexes the id at obj[key], which the document defines at
 * base, that is at (i, j) for defined_at. A missing (or null) id is
 * generated when optional, written back into obj. */
static void define_id(ictx *c, store_kind kind, jn *obj, const char *key, const char *base,
                      bool optional, size_t i, size_t j)
{
    char path[PATH_MAX_LEN];
    jn *v = get(obj, key);
    if (!v || is_null(v)) {
        if (!optional) {
            problem(c, join(path, base, key), "required");
            return;
        }
        char gen[33];
        if (random_hex_id(gen) != 0 || !(v = set_id(c, obj, v, key, gen))) {
            store_failed(c, STORE_ERROR);
            return;
        }
        /* 128 random bits: not checked against the store or the document. */
    } else if (v->type != JN_STRING) {
        problem(c, join(path, base, key), "must be a string, not %s", type_name(v));
        return;
    } else if (!id_valid(v->s)) {
        problem(c, join(path, base, key),
                "%s is not a valid id (1 to 64 characters of A-Z a-z 0-9 . _ -)", q(v->s).text);
        return;
    } else if (!c->replace && c->fatal == STORE_OK) {
        bool exists = false;
        store_rc rc = store_w_exists(c->w, kind, v->s, &exists);
        if (rc != STORE_OK)
            store_failed(c, rc);
        else if (exists)
            problem(c, join(path, base, key), "id \"%s\" already exists; use --replace", v->s);
    }
    bool fresh;
    slot *sl = table_put(&c->ids, kind, v->s, &fresh);
    if (!sl) {
        store_failed(c, STORE_ERROR);
    } else if (!fresh) {
        char prev[PATH_MAX_LEN];
        problem(c, join(path, base, key), "duplicate id \"%s\" (also %s)", v->s,
                defined_at(prev, kind, sl->i, sl->j));
    } else {
        sl->i = (uint32_t)i;
        sl->j = (uint32_t)j;
    }
}

/* Checks that id names an object of that kind in the document or the
 * store. The field is base.key, or base itself when key is NULL. */
static void check_ref(ictx *c, store_kind kind, const char *id, const char *base,
                      const char *key)
{
    char path[PATH_MAX_LEN];
    if (!id_valid(id)) {
        problem(c, key ? join(path, base, key) : base, "no %s %s (not a valid id)",
                kind_names[kind], q(id).text);
        return;
    }
    if (table_get(&c->ids, kind, id))
        return;
    if (c->fatal != STORE_OK)
        return;
    bool exists = false;
    store_rc rc = store_w_exists(c->w, kind, id, &exists);
    if (rc != STORE_OK)
        store_failed(c, rc);
    else if (!exists)
        problem(c, key ? join(path, base, key) : base, "no %s \"%s\"", kind_names[kind], id);
}

/* ------------------------------------------------------------------ */
/* field checks                                                        */

enum { OPTIONAL = 0, REQUIRED = 1 };

/* The string at obj[key], or NULL when absent, null, or wrong (reported).
 * A required field must be present, non-null and non-empty. */
static const char *want_str(ictx *c, jn *obj, const char *base, const char *key, int required,
                            size_t max)
{
    char path[PATH_MAX_LEN];
    jn *v = get(obj, key);
    if (!v || is_null(v)) {
        if (required)
            problem(c, join(path, base, key), "required");
        return NULL;
    }
    if (v->type != JN_STRING) {
        problem(c, join(path, base, key), "must be a string, not %s", type_name(v));
        return NULL;
    }
    size_t len = strlen(v->s);
    if (required && len == 0) {
        problem(c, join(path, base, key), "must not be empty");
        return NULL;
    }
    if (len > max) {
        problem(c, join(path, base, key), "too long (%zu bytes; at most %zu)", len, max);
        return NULL;
    }
    return v->s;
}

/* Like want_str, and the value must be one of the NULL-terminated set. */
static const char *want_enum(ictx *c, jn *obj, const char *base, const char *key, int required,
                             const char *const *set)
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
static bool want_time(ictx *c, jn *obj, const char *base, const char *key, int required)
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
    /* Round 2 sees the normalized text: no new copy for it. */
    if (strcmp(norm, s) != 0 && !(get(obj, key)->s = doc_strdup(&c->d, norm, strlen(norm))))
        store_failed(c, STORE_ERROR);
    return true;
}

/* An optional array of strings at obj[key]; each checked by each_cb (may be
 * NULL). Returns the array or NULL. */
typedef void (*elem_cb)(ictx *c, const char *s, const char *path, void *arg);

static jn *want_str_array(ictx *c, jn *obj, const char *base, const char *key, elem_cb each,
                          void *arg)
{
    char path[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    jn *a = get(obj, key);
    if (!a || is_null(a))
        return NULL;
    join(path, base, key);
    if (a->type != JN_ARRAY) {
        problem(c, path, "must be an array, not %s", type_name(a));
        return NULL;
    }
    bool ok = true;
    size_t i;
    jn *v;
    EACH(a, i, v) {
        at(ep, path, i);
        if (v->type != JN_STRING) {
            problem(c, ep, "must be a string, not %s", type_name(v));
            ok = false;
        } else if (strlen(v->s) > MAX_TEXT) {
            problem(c, ep, "too long (%zu bytes; at most %d)", strlen(v->s), MAX_TEXT);
            ok = false;
        } else if (each) {
            each(c, v->s, ep, arg);
        }
    }
    return ok ? a : NULL;
}

static void ref_cb(ictx *c, const char *s, const char *path, void *arg)
{
    check_ref(c, *(const store_kind *)arg, s, path, NULL);
}

static jn *want_ref_array(ictx *c, jn *obj, const char *base, const char *key, store_kind kind)
{
    return want_str_array(c, obj, base, key, ref_cb, &kind);
}

static const char *const COUNTERS[] = { "decisionsMade", "decisionsTotal", "entitiesCompleted",
                                        "entitiesTotal", "completed", NULL };

/* Reports every key of obj that is not in fields. */
static void check_fields(ictx *c, jn *obj, const char *base, const char *const *fields,
                         bool counters_possible)
{
    char path[PATH_MAX_LEN];
    size_t n;
    jn *v;
    EACH(obj, n, v) {
        const char *key = v->key;
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

/* The array of objects at parent[key], or NULL (absent, or reported). Non-
 * object elements are reported here and skipped by every later pass. */
static jn *section(ictx *c, jn *parent, const char *base, const char *key)
{
    char path[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    jn *a = get(parent, key);
    if (!a || is_null(a))
        return NULL;
    if (base)
        join(path, base, key);
    else
        snprintf(path, sizeof path, "%s", key);
    if (a->type != JN_ARRAY) {
        problem(c, path, "must be an array of objects, not %s", type_name(a));
        return NULL;
    }
    size_t i;
    jn *v;
    EACH(a, i, v)
        if (v->type != JN_OBJECT)
            problem(c, at(ep, path, i), "must be an object, not %s", type_name(v));
    return a;
}

#define EACH_OBJECT(arr, i, v) \
    EACH((arr), (i), (v)) if ((v)->type == JN_OBJECT)

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
    jn *identities, *groups, *clients, *entitlements, *profiles, *roles, *assignments,
        *campaigns, *certs;
} sections;

/* ------------------------------------------------------------------ */
/* pass A: shapes, field names, ids                                    */

static void pass_ids(ictx *c, jn *root, sections *s)
{
    char base[PATH_MAX_LEN], sub[PATH_MAX_LEN], ep[PATH_MAX_LEN], path[PATH_MAX_LEN];
    size_t i, j;
    jn *o, *e;

    EACH(root, i, o) {
        bool known = false;
        for (size_t k = 0; SECTIONS[k] && !known; k++)
            known = strcmp(o->key, SECTIONS[k]) == 0;
        if (!known)
            problem(c, key_path(path, NULL, o->key), "unknown section (expected identities, governanceGroups, clients, "
                            "entitlements, accessProfiles, roles, assignments, campaigns or "
                            "certifications)");
    }

    struct {
        jn **slot;
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
        *plain[k].slot = section(c, root, NULL, plain[k].name);
        if (!*plain[k].slot)
            continue;
        EACH_OBJECT(*plain[k].slot, i, o) {
            at(base, plain[k].name, i);
            check_fields(c, o, base, plain[k].fields, plain[k].kind == STORE_KIND_CERTIFICATION);
            if (plain[k].id_key)
                define_id(c, plain[k].kind, o, plain[k].id_key, base,
                          plain[k].kind != STORE_KIND_CLIENT, i, 0);
        }
    }

    if (s->entitlements) {
        EACH_OBJECT(s->entitlements, i, o) {
            at(base, "entitlements", i);
            jn *perms = section(c, o, base, "permissions");
            if (!perms)
                continue;
            EACH_OBJECT(perms, j, e)
                check_fields(c, e, at(ep, join(sub, base, "permissions"), j), F_PERMISSION, false);
        }
    }
    if (s->certs) {
        EACH_OBJECT(s->certs, i, o) {
            at(base, "certifications", i);
            jn *r = get(o, "reviewer");
            if (r && r->type == JN_OBJECT)
                check_fields(c, r, join(sub, base, "reviewer"), F_REVIEWER, false);
            jn *sums = section(c, o, base, "identitySummaries");
            if (sums) {
                EACH_OBJECT(sums, j, e) {
                    at(ep, join(sub, base, "identitySummaries"), j);
                    check_fields(c, e, ep, F_SUMMARY, false);
                    define_id(c, STORE_KIND_SUMMARY, e, "id", ep, true, i, j);
                }
            }
            jn *items = section(c, o, base, "reviewItems");
            if (items) {
                EACH_OBJECT(items, j, e) {
                    at(ep, join(sub, base, "reviewItems"), j);
                    check_fields(c, e, ep, F_ITEM, false);
                    define_id(c, STORE_KIND_ITEM, e, "id", ep, true, i, j);
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

/* An array of strings as compact JSON, exactly as jansson writes it (the
 * store keeps authorities in that form). NULL when out of memory. */
static char *dump_strings(const jn *a)
{
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (const jn *v = a + 1; v < a + a->skip; v += v->skip)
        if (json_array_append_new(arr, json_string_nocheck(v->s)) != 0) {
            json_decref(arr);
            return NULL;
        }
    char *text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return text;
}

static void check_identities(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN], path[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "identities", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "email", OPTIONAL, MAX_TEXT);
        const char *mgr = want_str(c, o, base, "managerId", OPTIONAL, MAX_TEXT);
        const char *id = str(get(o, "id"));
        if (mgr) {
            if (id && str_casecmp_ascii(mgr, id) == 0)
                problem(c, join(path, base, "managerId"), "an identity cannot be its own manager");
            else
                check_ref(c, STORE_KIND_IDENTITY, mgr, base, "managerId");
        }
        jn *auth = want_str_array(c, o, base, "authorities", authority_cb, NULL);
        if (auth) {
            char *text = dump_strings(auth);
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

static void check_groups(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "governanceGroups", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_ref_array(c, o, base, "memberIds", STORE_KIND_IDENTITY);
    }
}

static void check_clients(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "clients", i);
        want_str(c, o, base, "clientSecret", REQUIRED, MAX_TEXT);
        const char *who = want_str(c, o, base, "identityId", REQUIRED, MAX_TEXT);
        if (who)
            check_ref(c, STORE_KIND_IDENTITY, who, base, "identityId");
        want_str(c, o, base, "name", OPTIONAL, MAX_NAME);
    }
}

static void check_entitlements(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN], pbase[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    size_t i, j;
    jn *o, *p;
    EACH_OBJECT(arr, i, o) {
        at(base, "entitlements", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "source", OPTIONAL, MAX_TEXT);
        want_str(c, o, base, "attribute", OPTIONAL, MAX_TEXT);
        want_str(c, o, base, "value", OPTIONAL, MAX_TEXT);
        jn *perms = get(o, "permissions");
        if (!is_array(perms))
            continue; /* absent, or reported in pass A */
        join(pbase, base, "permissions");
        EACH_OBJECT(perms, j, p) {
            at(ep, pbase, j);
            want_str(c, p, ep, "target", REQUIRED, MAX_TEXT);
            jn *rights = want_str_array(c, p, ep, "rights", authority_cb, NULL);
            if (size(rights) > MAX_RIGHTS) {
                char path[PATH_MAX_LEN];
                problem(c, join(path, ep, "rights"), "too many rights (%zu; at most %d)",
                        size(rights), MAX_RIGHTS);
            }
        }
    }
}

static void check_profiles(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "accessProfiles", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_str(c, o, base, "source", OPTIONAL, MAX_TEXT);
        want_ref_array(c, o, base, "entitlementIds", STORE_KIND_ENTITLEMENT);
    }
}

static void check_roles(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o) {
        at(base, "roles", i);
        want_str(c, o, base, "name", REQUIRED, MAX_NAME);
        want_ref_array(c, o, base, "accessProfileIds", STORE_KIND_ACCESS_PROFILE);
        want_ref_array(c, o, base, "entitlementIds", STORE_KIND_ENTITLEMENT);
    }
}

/* identityId + accessType + accessId, shared by assignments and items. */
static void check_access(ictx *c, jn *o, const char *base)
{
    const char *who = want_str(c, o, base, "identityId", REQUIRED, MAX_TEXT);
    if (who)
        check_ref(c, STORE_KIND_IDENTITY, who, base, "identityId");
    const char *type = want_enum(c, o, base, "accessType", REQUIRED, E_ACCESS);
    const char *what = want_str(c, o, base, "accessId", REQUIRED, MAX_TEXT);
    if (type && what)
        check_ref(c, access_kind(type), what, base, "accessId");
}

static void check_assignments(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o)
        check_access(c, o, at(base, "assignments", i));
}

static void check_campaigns(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
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

static void check_cert(ictx *c, jn *o, const char *base)
{
    char path[PATH_MAX_LEN], sub[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    want_str(c, o, base, "name", REQUIRED, MAX_NAME);
    const char *camp = want_str(c, o, base, "campaignId", REQUIRED, MAX_TEXT);
    if (camp)
        check_ref(c, STORE_KIND_CAMPAIGN, camp, base, "campaignId");

    jn *r = get(o, "reviewer");
    join(sub, base, "reviewer");
    if (!r || is_null(r)) {
        problem(c, sub, "required");
    } else if (r->type != JN_OBJECT) {
        problem(c, sub, "must be an object, not %s", type_name(r));
    } else {
        const char *type = want_enum(c, r, sub, "type", REQUIRED, E_REVIEWER);
        const char *id = want_str(c, r, sub, "id", REQUIRED, MAX_TEXT);
        if (type && id)
            check_ref(c, strcmp(type, "GOVERNANCE_GROUP") == 0 ? STORE_KIND_GROUP
                                                                : STORE_KIND_IDENTITY,
                      id, sub, "id");
    }

    const char *phase = want_enum(c, o, base, "phase", REQUIRED, E_PHASE);
    want_time(c, o, base, "due", OPTIONAL);
    want_time(c, o, base, "signed", OPTIONAL);
    jn *sv = get(o, "signed");
    bool signed_given = sv && !is_null(sv);
    if (phase && strcmp(phase, "SIGNED") == 0 && !signed_given)
        problem(c, join(path, base, "signed"), "required when phase is SIGNED");
    else if (phase && strcmp(phase, "SIGNED") != 0 && signed_given)
        problem(c, join(path, base, "signed"), "must be null unless phase is SIGNED (phase is %s)",
                phase);
    want_time(c, o, base, "created", OPTIONAL);

    /* One summary per subject identity in a certification (the store's
     * UNIQUE(certification_id, identity_id)); seen maps each subject to
     * the index of its first summary. */
    table seen = { 0 };
    size_t j;
    jn *e;
    jn *sums = get(o, "identitySummaries");
    if (is_array(sums)) {
        join(sub, base, "identitySummaries");
        EACH_OBJECT(sums, j, e) {
            at(ep, sub, j);
            const char *who = want_str(c, e, ep, "identityId", REQUIRED, MAX_TEXT);
            if (!who)
                continue;
            check_ref(c, STORE_KIND_IDENTITY, who, ep, "identityId");
            if (!id_valid(who))
                continue;
            bool fresh;
            slot *sl = table_put(&seen, STORE_KIND_IDENTITY, who, &fresh);
            if (!sl) {
                store_failed(c, STORE_ERROR);
            } else if (!fresh) {
                char prev[PATH_MAX_LEN];
                problem(c, join(path, ep, "identityId"),
                        "identity \"%s\" already has a summary in this certification (%s)", who,
                        at(prev, sub, sl->i));
            } else {
                sl->i = (uint32_t)j;
            }
        }
    }
    table_free(&seen);

    jn *items = get(o, "reviewItems");
    if (is_array(items)) {
        join(sub, base, "reviewItems");
        EACH_OBJECT(items, j, e) {
            at(ep, sub, j);
            check_access(c, e, ep);
            jn *d = get(e, "decision");
            if (d && !is_null(d) && !want_enum(c, e, ep, "decision", OPTIONAL, E_DECISION))
                continue;
            want_str(c, e, ep, "comments", OPTIONAL, MAX_TEXT);
        }
    }
}

static void check_certs(ictx *c, jn *arr)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    EACH_OBJECT(arr, i, o)
        check_cert(c, o, at(base, "certifications", i));
}

/* ------------------------------------------------------------------ */
/* write pass                                                          */

static const char *sv(jn *o, const char *key)
{
    return str(get(o, key));
}

/* The strings of an optional array (already validated) as a C array. */
typedef struct strv {
    const char **v;
    size_t n;
} strv;

static int strv_of(jn *o, const char *key, strv *out)
{
    jn *a = get(o, key);
    out->v = NULL;
    out->n = size(a);
    if (out->n == 0)
        return 0;
    out->v = malloc(out->n * sizeof *out->v);
    if (!out->v)
        return -1;
    size_t i;
    jn *v;
    EACH(a, i, v)
        out->v[i] = v->s;
    return 0;
}

/* Turns a write conflict into a problem at the id of section[i] (of
 * certifications[i].nested[j] when nested is given); other errors pass
 * through. */
static store_rc wrote(ictx *c, store_rc rc, const char *section_name, size_t i,
                      const char *nested, size_t j, const char *id_key, const char *what)
{
    if (rc == STORE_CONFLICT) {
        char base[PATH_MAX_LEN], sub[PATH_MAX_LEN], path[PATH_MAX_LEN];
        at(base, section_name, i);
        if (nested)
            at(base, join(sub, base, nested), j);
        problem(c, join(path, base, id_key), "id is already used by %s", what);
        return STORE_INVALID;
    }
    return rc;
}

static store_rc write_all(ictx *c, const sections *s, char (*hashes)[SECRET_HASH_MAX],
                          import_stats *st)
{
    store_writer *w = c->w;
    size_t i, j;
    jn *o, *e;
    store_rc rc = STORE_OK;

    /* Identities first, all of them: the others refer to them, and a
     * managerId may name an identity defined later in the document. */
    if (s->identities) {
        EACH_OBJECT(s->identities, i, o) {
            char *auth = NULL;
            jn *a = get(o, "authorities");
            if (is_array(a) && !(auth = dump_strings(a)))
                return STORE_ERROR;
            rc = store_w_identity(w, c->replace, sv(o, "id"), sv(o, "name"), sv(o, "email"),
                                  sv(o, "managerId"), auth ? auth : "[]");
            free(auth);
            if ((rc = wrote(c, rc, "identities", i, NULL, 0, "id", "another identity")))
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
            if ((rc = wrote(c, rc, "governanceGroups", i, NULL, 0, "id", "another group")))
                return rc;
            st->groups++;
        }
    }
    if (s->clients) {
        EACH_OBJECT(s->clients, i, o) {
            rc = store_w_client(w, c->replace, sv(o, "clientId"), hashes[i], sv(o, "identityId"),
                                sv(o, "name"));
            if ((rc = wrote(c, rc, "clients", i, NULL, 0, "clientId", "another client")))
                return rc;
            st->clients++;
        }
    }
    if (s->entitlements) {
        EACH_OBJECT(s->entitlements, i, o) {
            const char *id = sv(o, "id");
            rc = store_w_entitlement(w, c->replace, id, sv(o, "name"), sv(o, "source"),
                                     sv(o, "attribute"), sv(o, "value"));
            if ((rc = wrote(c, rc, "entitlements", i, NULL, 0, "id", "another entitlement")))
                return rc;
            jn *perms = get(o, "permissions");
            if (is_array(perms)) {
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
            if ((rc = wrote(c, rc, "accessProfiles", i, NULL, 0, "id",
                            "another access profile")))
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
            if ((rc = wrote(c, rc, "roles", i, NULL, 0, "id", "another role")))
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
            if ((rc = wrote(c, rc, "campaigns", i, NULL, 0, "id", "another campaign")))
                return rc;
            st->campaigns++;
        }
    }
    if (!s->certs)
        return STORE_OK;
    /* Every certification before any item: replacing one deletes its old
     * items and summaries, whose ids the document may reuse elsewhere. */
    EACH_OBJECT(s->certs, i, o) {
        jn *r = get(o, "reviewer");
        store_cert_in in = {
            .id = sv(o, "id"), .name = sv(o, "name"), .campaign_id = sv(o, "campaignId"),
            .reviewer_type = sv(r, "type"), .reviewer_id = sv(r, "id"), .phase = sv(o, "phase"),
            .due = sv(o, "due"), .signed_at = sv(o, "signed"), .created = sv(o, "created"),
        };
        rc = store_w_cert(w, c->replace, &in);
        if ((rc = wrote(c, rc, "certifications", i, NULL, 0, "id", "another certification")))
            return rc;
        st->certifications++;
    }
    EACH_OBJECT(s->certs, i, o) {
        const char *cert_id = sv(o, "id");
        /* Subject identities, to count the summaries the store makes. */
        table subjects = { 0 };
        bool fresh;
        jn *sums = get(o, "identitySummaries");
        if (is_array(sums)) {
            EACH_OBJECT(sums, j, e) {
                rc = store_w_summary(w, sv(e, "id"), cert_id, sv(e, "identityId"));
                rc = wrote(c, rc, "certifications", i, "identitySummaries", j, "id",
                           "an identity summary of another certification");
                if (rc == STORE_OK &&
                    !table_put(&subjects, STORE_KIND_IDENTITY, sv(e, "identityId"), &fresh))
                    rc = STORE_ERROR;
                if (rc != STORE_OK)
                    break;
            }
        }
        jn *items = get(o, "reviewItems");
        if (rc == STORE_OK && is_array(items)) {
            EACH_OBJECT(items, j, e) {
                rc = store_w_item(w, sv(e, "id"), cert_id, sv(e, "identityId"),
                                  sv(e, "accessType"), sv(e, "accessId"), sv(e, "decision"),
                                  sv(e, "comments"));
                rc = wrote(c, rc, "certifications", i, "reviewItems", j, "id",
                           "a review item of another certification");
                if (rc == STORE_OK &&
                    !table_put(&subjects, STORE_KIND_IDENTITY, sv(e, "identityId"), &fresh))
                    rc = STORE_ERROR;
                if (rc != STORE_OK)
                    break;
                st->items++;
            }
        }
        st->summaries += subjects.count;
        table_free(&subjects);
        if (rc != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */

/* Runs both validation passes inside c->w, from a fresh index. */
static void validate(ictx *c, sections *sec)
{
    table_free(&c->ids);
    memset(sec, 0, sizeof *sec);
    pass_ids(c, c->d.nodes, sec);
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
static store_rc hash_secrets(jn *clients, char (**out)[SECRET_HASH_MAX])
{
    size_t n = size(clients);
    char (*h)[SECRET_HASH_MAX] = calloc(n, sizeof *h);
    if (!h)
        return STORE_ERROR;
    size_t i;
    jn *v;
    EACH(clients, i, v) {
        const char *secret = sv(v, "clientSecret");
        if (secret && secret_hash(secret, 0, h[i]) != 0) {
            free(h);
            return STORE_ERROR;
        }
    }
    *out = h;
    return STORE_OK;
}

/* Parses len bytes of JSON text into c->d. Invalid JSON, or JSON that is
 * not an object, is a problem (STORE_INVALID). */
static store_rc load(ictx *c, const char *json, size_t len)
{
    int rc = load_pieces(&c->d, json, len);
    if (rc == NOT_PLAIN) {
        doc_free(&c->d);
        json_error_t jerr;
        json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!root) {
            problem(c, NULL, "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column,
                    jerr.text);
            return STORE_INVALID;
        }
        rc = add_value(&c->d, NULL, root) ? LOADED : NO_MEMORY;
        json_decref(root);
    }
    if (rc != LOADED)
        return STORE_ERROR;
    if (c->d.nodes[0].type != JN_OBJECT) {
        problem(c, "document", "must be a JSON object, not %s", type_name(&c->d.nodes[0]));
        return STORE_INVALID;
    }
    return STORE_OK;
}

/* Validates and writes the document load gave (rc), then releases c. */
static store_rc import_loaded(store_t *s, ictx *c, store_rc rc, import_stats *stats)
{
    import_stats scratch;
    if (!stats)
        stats = &scratch;
    memset(stats, 0, sizeof *stats);

    /* Client secrets cost a slow hash each, which must not run while the
     * write lock is held (it would stall the server's writes) nor before
     * the document is known to be valid (a typo would be reported only
     * after minutes of hashing). So a clean document with clients is
     * validated, released, hashed, then validated again and written:
     * validation is cheap next to PBKDF2, and the store may have changed
     * in between. Ids generated by the first round are kept in the tree. */
    char (*hashes)[SECRET_HASH_MAX] = NULL;
    for (int round = 0; rc == STORE_OK && round < 2; round++) {
        if ((rc = store_writer_begin(s, &c->w)) != STORE_OK)
            break;
        sections sec;
        validate(c, &sec);
        if (c->fatal != STORE_OK)
            rc = c->fatal;
        else if (c->reported > 0)
            rc = STORE_INVALID;
        if (rc == STORE_OK && size(sec.clients) > 0 && !hashes) {
            store_writer_rollback(c->w);
            c->w = NULL;
            if ((rc = hash_secrets(sec.clients, &hashes)) != STORE_OK)
                break;
            continue;
        }
        if (rc == STORE_OK) {
            table_free(&c->ids); /* the write pass does not look ids up: room for SQLite */
            rc = write_all(c, &sec, hashes, stats);
        }
        if (rc == STORE_OK)
            rc = store_writer_commit(c->w); /* rolls back itself on failure */
        else
            store_writer_rollback(c->w);
        c->w = NULL;
        break;
    }
    if (c->dropped > 0)
        problems_add(c->problems, "... and %zu more problems", c->dropped);
    if (rc != STORE_OK)
        memset(stats, 0, sizeof *stats);
    free(hashes);
    table_free(&c->ids);
    doc_free(&c->d);
    return rc;
}

store_rc import_document(store_t *s, const char *json, size_t len, bool replace,
                         problems_t *problems, import_stats *stats)
{
    ictx c = { .replace = replace, .problems = problems };
    store_rc rc = load(&c, json, len);
    return import_loaded(s, &c, rc, stats);
}

store_rc import_file(store_t *s, const char *path, bool replace, problems_t *problems,
                     import_stats *stats)
{
    bool use_stdin = strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        problems_add(problems, "%s: cannot open: %s", path, strerror(errno));
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
    if (read_err) {
        problems_add(problems, "%s: cannot read: %s", path, strerror(read_err));
        buf_free(&text);
        return STORE_INVALID;
    }
    if (buf_failed(&text)) {
        buf_free(&text);
        return STORE_ERROR;
    }
    ictx c = { .replace = replace, .problems = problems };
    store_rc rc = load(&c, text.data ? text.data : "", text.len);
    /* The text is not needed any more, and the tree is smaller than it. */
    buf_free(&text);
    return import_loaded(s, &c, rc, stats);
}
