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
 *   - Each object kind is one row of the schema (SECTIONS and the nested
 *     rows before it): its section, its fields with their kinds and limits,
 *     and its writer. Both passes, the field-name check and the write pass
 *     walk the rows; rules about more than one field are named hooks.
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
    char (*hashes)[SECRET_HASH_MAX];    /* per client, in document order, for the write pass */
    bool not_new;                       /* the last write added nothing: do not count it */
    void (*generated)(void *ctx, const char *path, const char *id);
    void *generated_ctx;
} ictx;
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
/* the schema's shape                                                  */

/*
 * Every object kind of the document is one objdef row (the tables are
 * below, under "the schema"): its section, its fields, and what writing it
 * takes. Everything else is derived from the rows: the known field names
 * and the "did you mean" suggestions, the section list, the order of the
 * checks and of the problems, the kind names in messages, the paths of
 * duplicate ids, and the write pass's loop. Rules that are not about one
 * field are small named hooks called from a row.
 */

/* What a field holds. */
enum {
    F_END,      /* (zero) ends a field list */
    F_ID,       /* the object's id: checked and indexed in pass A, generated when optional */
    F_STR,      /* a string of at most .max bytes (MAX_TEXT when 0) */
    F_ENUM,     /* a string, one of .values */
    F_TIME,     /* an RFC 3339 date-time, rewritten in place in the normalized form */
    F_REF,      /* the id of a .ref, in the document or the store */
    F_REF_BY,   /* the id of an object whose kind .kind_of tells from field .by */
    F_STRS,     /* an array of non-empty strings */
    F_REFS,     /* an array of ids of .ref */
    F_OBJECT,   /* an object with the fields of .sub */
    F_OBJECTS,  /* an array of objects with the fields of .sub */
};

enum { OPTIONAL = 0, REQUIRED = 1 };

#define MAX_FIELDS 12

struct objdef;
struct checking;

/* A hook after a field's check (whatever it found); false skips the rest
 * of the object's fields. */
typedef bool (*after_fn)(ictx *c, const struct checking *ck);
/* A hook on a reference's (valid string) value before it is resolved;
 * false: it is not resolved. */
typedef bool (*guard_fn)(ictx *c, const struct checking *ck, const char *id);

/* Where the write pass is: what the object is, the object holding it
 * (NULL at the top level) and its index in its array. */
typedef struct wpos {
    const struct objdef *def;       /* what o is */
    jn *parent;
    size_t i;
} wpos;
typedef store_rc (*write_fn)(ictx *c, jn *o, const wpos *pos);

typedef struct field {
    const char *key;
    uint8_t type;                   /* F_* */
    uint8_t required;               /* REQUIRED: present, non-null (and a string non-empty) */
    size_t max;                     /* F_STR */
    const char *const *values;      /* F_ENUM: NULL-terminated */
    store_kind ref;                 /* F_REF, F_REFS */
    const char *by;                 /* F_REF_BY: the field whose value picks the kind */
    store_kind (*kind_of)(const char *by_value);
    const struct objdef *sub;       /* F_OBJECT, F_OBJECTS */
    guard_fn guard;                 /* F_REF */
    after_fn after;
    size_t to;                      /* 1 + the offset of its string in the kind's
                                       store_*_in, when the write pass fills one */
} field;

typedef struct objdef {
    const char *section;            /* the top-level array it is in, or NULL when nested */
    const char *noun;               /* with an id: in "no identity \"x\"" */
    /* A field name fields does not know: true when this reported it. */
    bool (*unknown)(ictx *c, const char *key, const char *path);
    write_fn write;                 /* NULL: not written on its own */
    const char *conflict;           /* a write conflict on its id: "id is already used by %s" */
    const char *held_by;            /* "a review item": for the same, naming the holder */
    size_t stat;                    /* 1 + the offset of its counter in import_stats, or 0 */
    /* After it and its nested objects are written. */
    store_rc (*written)(ictx *c, jn *o, import_stats *st);
    field fields[MAX_FIELDS];       /* in the order they are checked; ends at F_END */
    store_kind kind;                /* with an id: its kind */
    bool nested_later;              /* its nested objects are written after every object of
                                       its section, not after each */
} objdef;

/* The object pass B is checking, for hooks. */
typedef struct checking {
    const objdef *def;
    jn *obj;
    const char *base;               /* its path */
    const char *array;              /* the path of the array it is in, or NULL */
    table *seen;                    /* one per array of objects, for uniqueness in it */
    size_t index;                   /* its index in that array */
    jn *got[MAX_FIELDS];            /* per field checked so far: its value, NULL when absent
                                       or invalid */
} checking;

/* f names the loop variable: it cannot be parenthesized. */
// NOLINTNEXTLINE(bugprone-macro-parentheses)
#define EACH_FIELD(def, f) for (const field *f = (def)->fields; (f)->type != F_END; (f)++)

static const field *id_field(const objdef *def)
{
    EACH_FIELD(def, f)
        if (f->type == F_ID)
            return f;
    return NULL;
}

/* The checked value of the field key of the object being checked. */
static jn *got(const checking *ck, const char *key)
{
    EACH_FIELD(ck->def, f)
        if (strcmp(f->key, key) == 0)
            return ck->got[f - ck->def->fields];
    return NULL;
}

static const char *noun_of(store_kind kind);
static const char *defined_at(char out[PATH_MAX_LEN], store_kind kind, size_t i, size_t j);

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
                noun_of(kind), q(id).text);
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
        problem(c, key ? join(path, base, key) : base, "no %s \"%s\"", noun_of(kind), id);
}


/* ------------------------------------------------------------------ */
/* field checks                                                        */

/* The string value at obj[key], or NULL when absent, null, or wrong
 * (reported). A required field must be present, non-null and non-empty. */
static jn *want_str(ictx *c, jn *obj, const char *base, const char *key, int required,
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
    return v;
}

/* Like want_str, and the value must be one of the NULL-terminated set. */
static jn *want_enum(ictx *c, jn *obj, const char *base, const char *key, int required,
                     const char *const *set)
{
    jn *v = want_str(c, obj, base, key, required, MAX_TEXT);
    if (!v)
        return NULL;
    for (size_t i = 0; set[i]; i++)
        if (strcmp(v->s, set[i]) == 0)
            return v;
    buf_t b = BUF_INIT;
    for (size_t i = 0; set[i]; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", set[i]);
    char path[PATH_MAX_LEN];
    problem(c, join(path, base, key), "%s is not one of %s", q(v->s).text, buf_cstr(&b));
    buf_free(&b);
    return NULL;
}

/* A date-time field: parsed and rewritten in place in the normalized form.
 * Returns the (valid) value, or NULL. */
static jn *want_time(ictx *c, jn *obj, const char *base, const char *key, int required)
{
    jn *v = want_str(c, obj, base, key, required, MAX_TEXT);
    if (!v)
        return NULL;
    int64_t ms;
    char path[PATH_MAX_LEN];
    if (parse_time(v->s, &ms) != 0) {
        problem(c, join(path, base, key),
                "%s is not an RFC 3339 date-time (e.g. \"2026-12-31T23:59:59.000Z\")",
                q(v->s).text);
        return NULL;
    }
    char norm[32];
    format_time_ms(norm, ms);
    /* Round 2 sees the normalized text: no new copy for it. */
    if (strcmp(norm, v->s) != 0 && !(v->s = doc_strdup(&c->d, norm, strlen(norm))))
        store_failed(c, STORE_ERROR);
    return v;
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

static void nonempty_cb(ictx *c, const char *s, const char *path, void *arg)
{
    (void)arg;
    if (!*s)
        problem(c, path, "must not be empty");
}

static void ref_cb(ictx *c, const char *s, const char *path, void *arg)
{
    check_ref(c, *(const store_kind *)arg, s, path, NULL);
}

/* Reports every key of obj that def does not know. */
static void check_fields(ictx *c, jn *obj, const char *base, const objdef *def)
{
    char path[PATH_MAX_LEN];
    size_t n;
    jn *v;
    EACH(obj, n, v) {
        const char *key = v->key;
        bool known = false;
        const char *near = NULL;
        for (const field *f = def->fields; f->type != F_END && !known; f++) {
            known = strcmp(key, f->key) == 0;
            if (!known && str_casecmp_ascii(key, f->key) == 0)
                near = f->key;
        }
        if (known)
            continue;
        key_path(path, base, key);
        if (def->unknown && def->unknown(c, key, path))
            continue;
        if (near)
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
/* rules that are not about one field (hooks)                          */

static const char *const COUNTERS[] = { "decisionsMade", "decisionsTotal", "entitiesCompleted",
                                        "entitiesTotal", "completed", NULL };

/* A certification's counters get their own message: the spec says they
 * are derived. */
static bool counters_are_derived(ictx *c, const char *key, const char *path)
{
    for (size_t i = 0; COUNTERS[i]; i++)
        if (strcmp(key, COUNTERS[i]) == 0) {
            problem(c, path, "counters are derived from review items and cannot be imported");
            return true;
        }
    return false;
}

static bool not_own_manager(ictx *c, const checking *ck, const char *mgr)
{
    const char *id = str(get(ck->obj, id_field(ck->def)->key));
    if (id && str_casecmp_ascii(mgr, id) == 0) {
        char path[PATH_MAX_LEN];
        problem(c, join(path, ck->base, "managerId"), "an identity cannot be its own manager");
        return false;
    }
    return true;
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

/* The store carries authorities as JSON in a bounded column. */
static bool authorities_fit(ictx *c, const checking *ck)
{
    const jn *auth = got(ck, "authorities");
    if (!auth)
        return true;
    char *text = dump_strings(auth);
    char path[PATH_MAX_LEN];
    if (!text)
        store_failed(c, STORE_ERROR);
    else if (strlen(text) > MAX_AUTHORITIES_JSON)
        problem(c, join(path, ck->base, "authorities"), "too long (%zu bytes as JSON; at most %d)",
                strlen(text), MAX_AUTHORITIES_JSON);
    free(text);
    return true;
}

/* Strings compared as ids are (ASCII case folded), for qsort. */
typedef struct named {
    const char *s;
    size_t index;
} named;

static int named_cmp(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int d = str_casecmp_ascii(x->s, y->s);
    return d ? d : (x->index > y->index) - (x->index < y->index);
}

/* A group lists each member once. */
static bool members_distinct(ictx *c, const checking *ck)
{
    const jn *members = got(ck, "memberIds");
    if (!members)
        return true;
    size_t n = size(members), k = 0, i;
    const jn *v;
    if (n < 2)
        return true;
    named *all = calloc(n, sizeof *all);
    if (!all) {
        store_failed(c, STORE_ERROR);
        return true;
    }
    EACH(members, i, v)
        if (str(v) && k < n)
            all[k++] = (named){ str(v), i };
    if (k > 1)
        qsort(all, k, sizeof *all, named_cmp);
    for (size_t j = 1; j < k; j++)
        if (str_casecmp_ascii(all[j].s, all[j - 1].s) == 0) {
            char path[PATH_MAX_LEN], ep[PATH_MAX_LEN];
            problem(c, at(ep, join(path, ck->base, "memberIds"), all[j].index),
                    "\"%s\" is listed twice (also memberIds[%zu])", all[j].s, all[j - 1].index);
        }
    free(all);
    return true;
}

/* Where identity id is in the document's order (see no_manager_cycles), or
 * SIZE_MAX when the document does not define it. */
static size_t find_id(const named *sorted, size_t k, const char *id)
{
    size_t lo = 0, hi = k;
    while (id && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = str_casecmp_ascii(id, sorted[mid].s);
        if (d == 0)
            return sorted[mid].index;
        if (d < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SIZE_MAX;
}

/* No identity manages itself through others (a -> b -> a): every chain of
 * managerIds among the document's identities ends. Each cycle is reported
 * once, at the first of its identities in the document. (An identity that
 * is its own manager is reported by not_own_manager.) */
static void no_manager_cycles(ictx *c, jn *identities)
{
    size_t n = size(identities), k = 0, i;
    jn *o;
    if (n < 2)
        return;
    named *sorted = calloc(n, sizeof *sorted);
    const char **id = calloc(n, sizeof *id), **mgr = calloc(n, sizeof *mgr);
    size_t *next = calloc(n, sizeof *next), *doc_index = calloc(n, sizeof *doc_index);
    unsigned char *state = calloc(n, 1); /* 0 new, 1 on this walk, 2 done */
    if (!sorted || !id || !mgr || !next || !doc_index || !state) {
        store_failed(c, STORE_ERROR);
        goto done;
    }
    EACH_OBJECT(identities, i, o)
        if (str(get(o, "id")) && k < n) {
            id[k] = str(get(o, "id"));
            mgr[k] = str(get(o, "managerId"));
            sorted[k] = (named){ id[k], k };
            doc_index[k] = i;
            k++;
        }
    if (k > 1)
        qsort(sorted, k, sizeof *sorted, named_cmp);
    for (size_t x = 0; x < k; x++) {
        next[x] = find_id(sorted, k, mgr[x]);
        if (next[x] == x)
            next[x] = SIZE_MAX;
    }
    for (size_t start = 0; start < k; start++) {
        size_t x = start;
        while (x != SIZE_MAX && state[x] == 0) {
            state[x] = 1;
            x = next[x];
        }
        if (x != SIZE_MAX && state[x] == 1) { /* this walk closed a cycle through x */
            size_t first = x;
            for (size_t y = next[x]; y != x; y = next[y])
                if (doc_index[y] < doc_index[first])
                    first = y;
            buf_t text = BUF_INIT;
            size_t y = first;
            do {
                buf_printf(&text, "%s -> ", id[y]);
                y = next[y];
            } while (y != first);
            buf_printf(&text, "%s", id[first]);
            char base[PATH_MAX_LEN], path[PATH_MAX_LEN];
            problem(c, join(path, at(base, "identities", doc_index[first]), "managerId"),
                    "a manager cycle: %s", buf_cstr(&text));
            buf_free(&text);
        }
        for (size_t y = start; y != SIZE_MAX && state[y] == 1; y = next[y])
            state[y] = 2;
    }
done:
    free(sorted);
    free(id);
    free(mgr);
    free(next);
    free(doc_index);
    free(state);
}

static bool rights_fit(ictx *c, const checking *ck)
{
    const jn *rights = got(ck, "rights");
    if (size(rights) > MAX_RIGHTS) {
        char path[PATH_MAX_LEN];
        problem(c, join(path, ck->base, "rights"), "too many rights (%zu; at most %d)",
                size(rights), MAX_RIGHTS);
    }
    return true;
}

/* "signed" is given exactly when the phase is SIGNED, and a SIGNED
 * certification has every item decided: sign-off needs that, so a signed
 * certification without it could never have been. */
static bool signed_matches_phase(ictx *c, const checking *ck)
{
    const char *phase = str(got(ck, "phase"));
    const jn *sv = get(ck->obj, "signed");
    bool signed_given = sv && !is_null(sv);
    char path[PATH_MAX_LEN], list[PATH_MAX_LEN], item[PATH_MAX_LEN];
    if (phase && strcmp(phase, "SIGNED") == 0 && !signed_given)
        problem(c, join(path, ck->base, "signed"), "required when phase is SIGNED");
    else if (phase && strcmp(phase, "SIGNED") != 0 && signed_given)
        problem(c, join(path, ck->base, "signed"),
                "must be null unless phase is SIGNED (phase is %s)", phase);
    jn *items = get(ck->obj, "reviewItems");
    if (!phase || strcmp(phase, "SIGNED") != 0 || !items || items->type != JN_ARRAY)
        return true;
    size_t i;
    jn *it;
    EACH(items, i, it) {
        const jn *d = it->type == JN_OBJECT ? get(it, "decision") : NULL;
        if (it->type == JN_OBJECT && (!d || is_null(d)))
            problem(c, join(path, at(item, join(list, ck->base, "reviewItems"), i), "decision"),
                    "required: the certification is SIGNED, and sign-off needs every item"
                    " decided");
    }
    return true;
}

/* One summary per subject identity in a certification (the store's
 * UNIQUE(certification_id, identity_id)); ck->seen maps each subject to
 * the index of its first summary. */
static bool one_summary_per_identity(ictx *c, const checking *ck)
{
    const char *who = str(got(ck, "identityId"));
    if (!who || !id_valid(who))
        return true;
    bool fresh;
    slot *sl = table_put(ck->seen, STORE_KIND_IDENTITY, who, &fresh);
    if (!sl) {
        store_failed(c, STORE_ERROR);
    } else if (!fresh) {
        char path[PATH_MAX_LEN], prev[PATH_MAX_LEN];
        problem(c, join(path, ck->base, "identityId"),
                "identity \"%s\" already has a summary in this certification (%s)", who,
                at(prev, ck->array, sl->i));
    } else {
        sl->i = (uint32_t)ck->index;
    }
    return true;
}

/* A decision that is given but wrong ends the item's checks (its comments
 * are not looked at). */
static bool decision_valid_or_absent(ictx *c, const checking *ck)
{
    (void)c;
    const jn *d = get(ck->obj, "decision");
    return !d || is_null(d) || got(ck, "decision");
}

static store_kind access_kind(const char *type)
{
    if (strcmp(type, "ACCESS_PROFILE") == 0)
        return STORE_KIND_ACCESS_PROFILE;
    if (strcmp(type, "ROLE") == 0)
        return STORE_KIND_ROLE;
    return STORE_KIND_ENTITLEMENT;
}

static store_kind reviewer_kind(const char *type)
{
    return strcmp(type, "GOVERNANCE_GROUP") == 0 ? STORE_KIND_GROUP : STORE_KIND_IDENTITY;
}

/* ------------------------------------------------------------------ */
/* writers (hooks of the write pass)                                   */

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

/* Sets the store_*_in strings of def's fields (and of its nested object
 * fields) from o, as the fields' .to say. */
static void fill_in(const objdef *def, jn *o, void *in)
{
    EACH_FIELD(def, f) {
        if (f->type == F_OBJECT)
            fill_in(f->sub, get(o, f->key), in);
        else if (f->to)
            *(const char **)(void *)((char *)in + f->to - 1) = sv(o, f->key);
    }
}

static store_rc write_identity(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    char *auth = NULL;
    jn *a = get(o, "authorities");
    if (is_array(a) && !(auth = dump_strings(a)))
        return STORE_ERROR;
    store_rc rc = store_w_identity(c->w, c->replace, sv(o, "id"), sv(o, "name"), sv(o, "email"),
                                   sv(o, "managerId"), auth ? auth : "[]");
    free(auth);
    return rc;
}

static store_rc write_group(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    strv m;
    if (strv_of(o, "memberIds", &m) != 0)
        return STORE_ERROR;
    store_rc rc = store_w_group(c->w, c->replace, sv(o, "id"), sv(o, "name"), m.v, m.n);
    free(m.v);
    return rc;
}

static store_rc write_client(ictx *c, jn *o, const wpos *pos)
{
    return store_w_client(c->w, c->replace, sv(o, "clientId"), c->hashes[pos->i],
                          sv(o, "identityId"), sv(o, "name"));
}

static store_rc write_entitlement(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    return store_w_entitlement(c->w, c->replace, sv(o, "id"), sv(o, "name"), sv(o, "source"),
                               sv(o, "attribute"), sv(o, "value"));
}

static store_rc write_permission(ictx *c, jn *o, const wpos *pos)
{
    strv r;
    if (strv_of(o, "rights", &r) != 0)
        return STORE_ERROR;
    store_rc rc = store_w_permission(c->w, sv(pos->parent, "id"), sv(o, "target"), r.v, r.n);
    free(r.v);
    return rc;
}

static store_rc write_profile(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    strv ents;
    if (strv_of(o, "entitlementIds", &ents) != 0)
        return STORE_ERROR;
    store_rc rc = store_w_access_profile(c->w, c->replace, sv(o, "id"), sv(o, "name"),
                                         sv(o, "source"), ents.v, ents.n);
    free(ents.v);
    return rc;
}

static store_rc write_role(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    strv aps, ents;
    if (strv_of(o, "accessProfileIds", &aps) != 0)
        return STORE_ERROR;
    if (strv_of(o, "entitlementIds", &ents) != 0) {
        free(aps.v);
        return STORE_ERROR;
    }
    store_rc rc = store_w_role(c->w, c->replace, sv(o, "id"), sv(o, "name"), aps.v, aps.n,
                               ents.v, ents.n);
    free(aps.v);
    free(ents.v);
    return rc;
}

static store_rc write_assignment(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    store_rc rc =
        store_w_assignment(c->w, sv(o, "identityId"), sv(o, "accessType"), sv(o, "accessId"));
    if (rc == STORE_CONFLICT) { /* held already: nothing to import */
        c->not_new = true;
        rc = STORE_OK;
    }
    return rc;
}

static store_rc write_campaign(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    store_campaign_in in = { 0 };
    fill_in(pos->def, o, &in);
    return store_w_campaign(c->w, c->replace, &in);
}

static store_rc write_cert(ictx *c, jn *o, const wpos *pos)
{
    (void)pos;
    store_cert_in in = { 0 };
    fill_in(pos->def, o, &in);
    return store_w_cert(c->w, c->replace, &in);
}

static store_rc write_summary(ictx *c, jn *o, const wpos *pos)
{
    return store_w_summary(c->w, sv(o, "id"), sv(pos->parent, "id"), sv(o, "identityId"));
}

static store_rc write_item(ictx *c, jn *o, const wpos *pos)
{
    return store_w_item(c->w, sv(o, "id"), sv(pos->parent, "id"), sv(o, "identityId"),
                        sv(o, "accessType"), sv(o, "accessId"), sv(o, "decision"),
                        sv(o, "comments"));
}

/* The store makes a summary for every subject identity of a
 * certification, given or not: counts them. */
static store_rc count_summaries(ictx *c, jn *o, import_stats *st)
{
    (void)c;
    static const char *const nested[] = { "identitySummaries", "reviewItems" };
    table subjects = { 0 };
    bool fresh;
    size_t j;
    jn *e;
    for (size_t k = 0; k < sizeof nested / sizeof nested[0]; k++) {
        jn *a = get(o, nested[k]);
        if (!is_array(a))
            continue;
        EACH_OBJECT(a, j, e)
            if (!table_put(&subjects, STORE_KIND_IDENTITY, sv(e, "identityId"), &fresh)) {
                table_free(&subjects);
                return STORE_ERROR;
            }
    }
    st->summaries += subjects.count;
    table_free(&subjects);
    return STORE_OK;
}

/* ------------------------------------------------------------------ */
/* the schema                                                          */

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

#define STAT(member) (offsetof(import_stats, member) + 1)
/* Where the write pass puts a field's string (field.to). */
#define CAMPAIGN_IN(member) (offsetof(store_campaign_in, member) + 1)
#define CERT_IN(member) (offsetof(store_cert_in, member) + 1)
#define NAME_FIELD { "name", F_STR, REQUIRED, .max = MAX_NAME }

/* identityId + accessType + accessId, shared by assignments and items. */
#define ACCESS_FIELDS                                                                   \
    { "identityId", F_REF, REQUIRED, .ref = STORE_KIND_IDENTITY },                      \
    { "accessType", F_ENUM, REQUIRED, .values = E_ACCESS },                             \
    { "accessId", F_REF_BY, REQUIRED, .by = "accessType", .kind_of = access_kind }

static const objdef D_PERMISSION = {
    .fields = {
        { "target", F_STR, REQUIRED },
        { "rights", F_STRS, .after = rights_fit },
    },
    .write = write_permission,
};

static const objdef D_REVIEWER = {
    .fields = {
        { "type", F_ENUM, REQUIRED, .values = E_REVIEWER, .to = CERT_IN(reviewer_type) },
        { "id", F_REF_BY, REQUIRED, .by = "type", .kind_of = reviewer_kind,
          .to = CERT_IN(reviewer_id) },
    },
};

static const objdef D_SUMMARY = {
    .noun = "identity summary", .kind = STORE_KIND_SUMMARY,
    .fields = {
        { "id", F_ID },
        { "identityId", F_REF, REQUIRED, .ref = STORE_KIND_IDENTITY,
          .after = one_summary_per_identity },
    },
    .write = write_summary,
    .conflict = "an identity summary of another certification",
    .held_by = "an identity summary",
};

static const objdef D_ITEM = {
    .noun = "review item", .kind = STORE_KIND_ITEM,
    .fields = {
        { "id", F_ID },
        ACCESS_FIELDS,
        { "decision", F_ENUM, .values = E_DECISION, .after = decision_valid_or_absent },
        { "comments", F_STR },
    },
    .write = write_item,
    .conflict = "a review item of another certification",
    .held_by = "a review item",
    .stat = STAT(items),
};

/* The sections, in the order they are checked and written. Identities come
 * first, all of them: the others refer to them, and a managerId may name an
 * identity defined later in the document. */
static const objdef SECTIONS[] = {
    {
        .section = "identities", .noun = "identity", .kind = STORE_KIND_IDENTITY,
        .fields = {
            { "id", F_ID },
            NAME_FIELD,
            { "email", F_STR },
            { "managerId", F_REF, .ref = STORE_KIND_IDENTITY, .guard = not_own_manager },
            { "authorities", F_STRS, .after = authorities_fit },
        },
        .write = write_identity, .conflict = "another identity", .stat = STAT(identities),
    },
    {
        .section = "governanceGroups", .noun = "governance group", .kind = STORE_KIND_GROUP,
        .fields = {
            { "id", F_ID },
            NAME_FIELD,
            { "memberIds", F_REFS, .ref = STORE_KIND_IDENTITY, .after = members_distinct },
        },
        .write = write_group, .conflict = "another group", .stat = STAT(groups),
    },
    {
        .section = "clients", .noun = "client", .kind = STORE_KIND_CLIENT,
        .fields = {
            { "clientId", F_ID, REQUIRED },
            { "clientSecret", F_STR, REQUIRED },
            { "identityId", F_REF, REQUIRED, .ref = STORE_KIND_IDENTITY },
            { "name", F_STR, .max = MAX_NAME },
        },
        .write = write_client, .conflict = "another client", .stat = STAT(clients),
    },
    {
        .section = "entitlements", .noun = "entitlement", .kind = STORE_KIND_ENTITLEMENT,
        .fields = {
            { "id", F_ID },
            NAME_FIELD,
            { "source", F_STR },
            { "attribute", F_STR },
            { "value", F_STR },
            { "permissions", F_OBJECTS, .sub = &D_PERMISSION },
        },
        .write = write_entitlement, .conflict = "another entitlement",
        .stat = STAT(entitlements),
    },
    {
        .section = "accessProfiles", .noun = "access profile", .kind = STORE_KIND_ACCESS_PROFILE,
        .fields = {
            { "id", F_ID },
            NAME_FIELD,
            { "source", F_STR },
            { "entitlementIds", F_REFS, .ref = STORE_KIND_ENTITLEMENT },
        },
        .write = write_profile, .conflict = "another access profile",
        .stat = STAT(access_profiles),
    },
    {
        .section = "roles", .noun = "role", .kind = STORE_KIND_ROLE,
        .fields = {
            { "id", F_ID },
            NAME_FIELD,
            { "accessProfileIds", F_REFS, .ref = STORE_KIND_ACCESS_PROFILE },
            { "entitlementIds", F_REFS, .ref = STORE_KIND_ENTITLEMENT },
        },
        .write = write_role, .conflict = "another role", .stat = STAT(roles),
    },
    {
        .section = "assignments",
        .fields = { ACCESS_FIELDS },
        .write = write_assignment, .stat = STAT(assignments),
    },
    {
        .section = "campaigns", .noun = "campaign", .kind = STORE_KIND_CAMPAIGN,
        .fields = {
            { "id", F_ID, .to = CAMPAIGN_IN(id) },
            { "name", F_STR, REQUIRED, .max = MAX_NAME, .to = CAMPAIGN_IN(name) },
            { "description", F_STR, .to = CAMPAIGN_IN(description) },
            { "type", F_ENUM, REQUIRED, .values = E_CAMPAIGN_TYPE, .to = CAMPAIGN_IN(type) },
            { "status", F_ENUM, REQUIRED, .values = E_CAMPAIGN_STATUS, .to = CAMPAIGN_IN(status) },
            { "correlatedStatus", F_ENUM, .values = E_CORRELATED,
              .to = CAMPAIGN_IN(correlated_status) },
            { "mandatoryCommentRequirement", F_ENUM, .values = E_COMMENT,
              .to = CAMPAIGN_IN(mandatory_comment) },
            { "deadline", F_TIME, .to = CAMPAIGN_IN(deadline) },
            { "created", F_TIME, .to = CAMPAIGN_IN(created) },
        },
        .write = write_campaign, .conflict = "another campaign", .stat = STAT(campaigns),
    },
    {
        .section = "certifications", .noun = "certification", .kind = STORE_KIND_CERTIFICATION,
        .fields = {
            { "id", F_ID, .to = CERT_IN(id) },
            { "name", F_STR, REQUIRED, .max = MAX_NAME, .to = CERT_IN(name) },
            { "campaignId", F_REF, REQUIRED, .ref = STORE_KIND_CAMPAIGN,
              .to = CERT_IN(campaign_id) },
            { "reviewer", F_OBJECT, REQUIRED, .sub = &D_REVIEWER },
            { "phase", F_ENUM, REQUIRED, .values = E_PHASE, .to = CERT_IN(phase) },
            { "due", F_TIME, .to = CERT_IN(due) },
            { "signed", F_TIME, .after = signed_matches_phase, .to = CERT_IN(signed_at) },
            { "created", F_TIME, .to = CERT_IN(created) },
            { "identitySummaries", F_OBJECTS, .sub = &D_SUMMARY },
            { "reviewItems", F_OBJECTS, .sub = &D_ITEM },
        },
        .unknown = counters_are_derived,
        .write = write_cert, .conflict = "another certification", .stat = STAT(certifications),
        /* Replacing a certification deletes its old items and summaries, whose
         * ids the document may reuse elsewhere. */
        .nested_later = true,
        .written = count_summaries,
    },
};

#define NSECTIONS (sizeof SECTIONS / sizeof SECTIONS[0])

/* The parsed sections, borrowed from the document, as SECTIONS; NULL when
 * absent. */
typedef struct sections {
    jn *arr[NSECTIONS];
} sections;

/* ------------------------------------------------------------------ */
/* what the schema tells                                               */

/* Where ids of kind are defined: SECTIONS[k], or the objects of its field
 * *via when via is given. */
static const objdef *definer(store_kind kind, size_t *k, const field **via)
{
    for (*k = 0; *k < NSECTIONS; (*k)++) {
        const objdef *def = &SECTIONS[*k];
        *via = NULL;
        if (id_field(def) && def->kind == kind)
            return def;
        EACH_FIELD(def, f)
            if (f->type == F_OBJECTS && id_field(f->sub) && f->sub->kind == kind) {
                *via = f;
                return f->sub;
            }
    }
    return NULL; /* not reached: every kind is defined somewhere */
}

static const char *noun_of(store_kind kind)
{
    size_t k;
    const field *via;
    const objdef *def = definer(kind, &k, &via);
    return def ? def->noun : "object";
}

/* The path of the id defined at (i, j), as define_id was given it. */
static const char *defined_at(char out[PATH_MAX_LEN], store_kind kind, size_t i, size_t j)
{
    char base[PATH_MAX_LEN], sub[PATH_MAX_LEN];
    size_t k;
    const field *via;
    const objdef *def = definer(kind, &k, &via);
    if (!def)
        return memcpy(out, "?", 2); /* not reached */
    at(base, SECTIONS[k].section, i);
    if (via) {
        join(sub, base, via->key);
        at(base, sub, j);
    }
    return join(out, base, id_field(def)->key);
}

static size_t section_of(store_kind kind)
{
    size_t k;
    const field *via;
    definer(kind, &k, &via);
    return k;
}

static bool is_section(const char *key)
{
    for (size_t k = 0; k < NSECTIONS; k++)
        if (strcmp(key, SECTIONS[k].section) == 0)
            return true;
    return false;
}

static void unknown_section(ictx *c, const char *key)
{
    char path[PATH_MAX_LEN];
    buf_t b = BUF_INIT;
    for (size_t k = 0; k < NSECTIONS; k++)
        buf_printf(&b, "%s%s", k == 0 ? "" : k + 1 == NSECTIONS ? " or " : ", ",
                   SECTIONS[k].section);
    problem(c, key_path(path, NULL, key), "unknown section (expected %s)", buf_cstr(&b));
    buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* pass A: shapes, field names, ids                                    */

/* o's field names, then its id, defined at (i, j). */
static void check_shape(ictx *c, const objdef *def, jn *o, const char *base, size_t i, size_t j)
{
    check_fields(c, o, base, def);
    const field *idf = id_field(def);
    if (idf)
        define_id(c, def->kind, o, idf->key, base, !idf->required, i, j);
}

/* The same for the objects o (at SECTIONS[...][i]) nests. One level of
 * nesting: nested objects nest nothing. */
static void check_nested_shapes(ictx *c, const objdef *def, jn *o, const char *base, size_t i)
{
    char sub[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    size_t j;
    jn *e;
    EACH_FIELD(def, f) {
        if (f->type == F_OBJECT) {
            jn *r = get(o, f->key);
            if (r && r->type == JN_OBJECT)
                check_fields(c, r, join(sub, base, f->key), f->sub);
        } else if (f->type == F_OBJECTS) {
            jn *a = section(c, o, base, f->key);
            if (!a)
                continue;
            join(sub, base, f->key);
            EACH_OBJECT(a, j, e)
                check_shape(c, f->sub, e, at(ep, sub, j), i, j);
        }
    }
}

static void pass_ids(ictx *c, jn *root, sections *s)
{
    char base[PATH_MAX_LEN];
    size_t i, k;
    jn *o;

    EACH(root, i, o)
        if (!is_section(o->key))
            unknown_section(c, o->key);
    for (k = 0; k < NSECTIONS; k++) {
        if (!(s->arr[k] = section(c, root, NULL, SECTIONS[k].section)))
            continue;
        EACH_OBJECT(s->arr[k], i, o)
            check_shape(c, &SECTIONS[k], o, at(base, SECTIONS[k].section, i), i, 0);
    }
    for (k = 0; k < NSECTIONS; k++) {
        if (!s->arr[k])
            continue;
        EACH_OBJECT(s->arr[k], i, o)
            check_nested_shapes(c, &SECTIONS[k], o, at(base, SECTIONS[k].section, i), i);
    }
}

/* ------------------------------------------------------------------ */
/* pass B: values and references                                       */

static void check_object(ictx *c, const objdef *def, jn *o, const char *base, const char *array,
                         size_t index, table *seen);

/* One field of ck->obj; its value (when valid) goes to ck->got. */
static void check_field(ictx *c, checking *ck, const field *f)
{
    char path[PATH_MAX_LEN], ep[PATH_MAX_LEN];
    jn *o = ck->obj, *v = NULL;
    const char *base = ck->base;
    switch (f->type) {
    case F_STR:
        v = want_str(c, o, base, f->key, f->required, f->max ? f->max : MAX_TEXT);
        break;
    case F_ENUM: v = want_enum(c, o, base, f->key, f->required, f->values); break;
    case F_TIME: v = want_time(c, o, base, f->key, f->required); break;
    case F_REF:
        v = want_str(c, o, base, f->key, f->required, MAX_TEXT);
        if (v && (!f->guard || f->guard(c, ck, v->s)))
            check_ref(c, f->ref, v->s, base, f->key);
        break;
    case F_REF_BY: {
        v = want_str(c, o, base, f->key, f->required, MAX_TEXT);
        const char *by = str(got(ck, f->by));
        if (v && by)
            check_ref(c, f->kind_of(by), v->s, base, f->key);
        break;
    }
    case F_STRS: v = want_str_array(c, o, base, f->key, nonempty_cb, NULL); break;
    case F_REFS: {
        store_kind kind = f->ref;
        v = want_str_array(c, o, base, f->key, ref_cb, &kind);
        break;
    }
    case F_OBJECT: {
        jn *r = get(o, f->key);
        join(path, base, f->key);
        if (!r || is_null(r)) {
            if (f->required)
                problem(c, path, "required");
        } else if (r->type != JN_OBJECT) {
            problem(c, path, "must be an object, not %s", type_name(r));
        } else {
            check_object(c, f->sub, r, path, NULL, 0, NULL);
        }
        break;
    }
    case F_OBJECTS: {
        jn *a = get(o, f->key), *e;
        if (!is_array(a))
            break; /* absent, or reported in pass A */
        join(path, base, f->key);
        table seen = { 0 };
        size_t j;
        EACH_OBJECT(a, j, e)
            check_object(c, f->sub, e, at(ep, path, j), path, j, &seen);
        table_free(&seen);
        break;
    }
    default: break; /* F_ID: pass A */
    }
    ck->got[f - ck->def->fields] = v;
}

static void check_object(ictx *c, const objdef *def, jn *o, const char *base, const char *array,
                         size_t index, table *seen)
{
    checking ck = { .def = def, .obj = o, .base = base, .array = array, .seen = seen,
                    .index = index };
    EACH_FIELD(def, f) {
        check_field(c, &ck, f);
        if (f->after && !f->after(c, &ck))
            break;
    }
}

/* ------------------------------------------------------------------ */
/* write pass                                                          */

/* Turns a write conflict into a problem at the id of section[i] (of
 * section[i].nested[j] when nested is given); other errors pass through. */
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

/* Tells the caller about an id the import made up for the object o at
 * section[i] (section[i].nested[j] when nested is given). */
static void tell_generated(const ictx *c, const jn *o, const char *section, size_t i,
                           const char *nested, size_t j)
{
    if (!c->generated || !o->added || !o->added->s)
        return;
    char base[PATH_MAX_LEN], sub[PATH_MAX_LEN];
    at(base, section, i);
    if (nested)
        at(base, join(sub, base, nested), j);
    c->generated(c->generated_ctx, base, o->added->s);
}

static void count(ictx *c, import_stats *st, const objdef *def)
{
    if (c->not_new) {
        c->not_new = false;
        st->assignments_held++;
        return;
    }
    if (def->stat)
        (*(size_t *)(void *)((char *)st + def->stat - 1))++;
}

/* Writes what SECTIONS[k][i] (o) nests. */
static store_rc write_nested(ictx *c, size_t k, jn *o, size_t i, import_stats *st)
{
    const objdef *def = &SECTIONS[k];
    size_t j;
    jn *e;
    EACH_FIELD(def, f) {
        jn *a = get(o, f->key);
        if (f->type != F_OBJECTS || !f->sub->write || !is_array(a))
            continue;
        EACH_OBJECT(a, j, e) {
            wpos pos = { f->sub, o, j };
            store_rc rc = f->sub->write(c, e, &pos);
            const char *what = f->sub->conflict;
            char holder[65], held[160];
            const char *taken =
                rc == STORE_CONFLICT && f->sub->held_by ? sv(e, id_field(f->sub)->key) : NULL;
            if (taken && store_w_holder(c->w, f->sub->kind, taken, holder) == STORE_OK) {
                snprintf(held, sizeof held, "%s of certification \"%s\"", f->sub->held_by, holder);
                what = held;
            }
            if (f->sub->conflict)
                rc = wrote(c, rc, def->section, i, f->key, j, id_field(f->sub)->key, what);
            if (rc != STORE_OK)
                return rc;
            tell_generated(c, e, def->section, i, f->key, j);
            count(c, st, f->sub);
        }
    }
    return def->written ? def->written(c, o, st) : STORE_OK;
}

static store_rc write_all(ictx *c, const sections *s, import_stats *st)
{
    size_t i;
    jn *o;
    store_rc rc;
    for (size_t k = 0; k < NSECTIONS; k++) {
        const objdef *def = &SECTIONS[k];
        if (!s->arr[k])
            continue;
        EACH_OBJECT(s->arr[k], i, o) {
            wpos pos = { def, NULL, i };
            rc = def->write(c, o, &pos);
            if (def->conflict)
                rc = wrote(c, rc, def->section, i, NULL, 0, id_field(def)->key, def->conflict);
            if (rc == STORE_OK && !def->nested_later)
                rc = write_nested(c, k, o, i, st);
            if (rc != STORE_OK)
                return rc;
            tell_generated(c, o, def->section, i, NULL, 0);
            count(c, st, def);
        }
        if (def->nested_later)
            EACH_OBJECT(s->arr[k], i, o)
                if ((rc = write_nested(c, k, o, i, st)) != STORE_OK)
                    return rc;
    }
    return STORE_OK;
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */

/* Runs both validation passes inside c->w, from a fresh index. */
static void validate(ictx *c, sections *sec)
{
    char base[PATH_MAX_LEN];
    size_t i;
    jn *o;
    table_free(&c->ids);
    memset(sec, 0, sizeof *sec);
    pass_ids(c, c->d.nodes, sec);
    for (size_t k = 0; k < NSECTIONS; k++)
        if (sec->arr[k])
            EACH_OBJECT(sec->arr[k], i, o)
                check_object(c, &SECTIONS[k], o, at(base, SECTIONS[k].section, i), NULL, 0, NULL);
    if (sec->arr[0]) /* SECTIONS[0] is the identities */
        no_manager_cycles(c, sec->arr[0]);
}
/* PBKDF2 of every client secret (validated), in document order. */
static store_rc hash_secrets(jn *clients, char (**out)[SECRET_HASH_MAX])
{
    size_t n = size(clients);
    char (*h)[SECRET_HASH_MAX] = calloc(n ? n : 1, sizeof *h); /* n > 0 when called */
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
/* The node a problem's path names, or the deepest one of it the document
 * has (a missing field: its object). Paths are "key", "key[i]" and
 * "a.b[i].c" as join() and at() make them. */
static const jn *path_node(const jn *root, const char *path)
{
    const jn *node = root;
    const char *p = path;
    while (*p && node) {
        if (*p == '.')
            p++;
        if (*p == '[') {
            char *end;
            unsigned long idx = strtoul(p + 1, &end, 10);
            if (*end != ']' || node->type != JN_ARRAY)
                return node;
            const jn *e;
            size_t i;
            const jn *found = NULL;
            EACH(node, i, e)
                if (i == idx) {
                    found = e;
                    break;
                }
            if (!found)
                return node;
            node = found;
            p = end + 1;
            continue;
        }
        size_t len = strcspn(p, ".[");
        if (node->type != JN_OBJECT || len == 0 || len >= 256)
            return node;
        char key[256];
        memcpy(key, p, len);
        key[len] = '\0';
        const jn *m = get((jn *)node, key);
        if (!m)
            return node;
        node = m;
        p += len;
    }
    return node;
}

typedef struct placed {
    char *text;
    const jn *at;
    size_t order;
} placed;

static int placed_cmp(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* Puts problems[first..] in document order: by the place each names (the
 * tree's nodes are in document order), found ones in the order found. */
static void in_document_order(ictx *c, size_t first)
{
    problems_t *p = c->problems;
    size_t n = p->count > first ? p->count - first : 0;
    if (n < 2 || !c->d.nodes)
        return;
    placed *all = calloc(n, sizeof *all);
    if (!all)
        return; /* out of memory: the order found is still every problem */
    for (size_t i = 0; i < n; i++) {
        char *text = p->items[first + i];
        const char *colon = strstr(text, ": ");
        char path[PATH_MAX_LEN];
        size_t len = colon ? (size_t)(colon - text) : 0;
        if (len >= sizeof path)
            len = 0;
        memcpy(path, text, len);
        path[len] = '\0';
        all[i] = (placed){ text, len ? path_node(c->d.nodes, path) : c->d.nodes, i };
    }
    qsort(all, n, sizeof *all, placed_cmp);
    for (size_t i = 0; i < n; i++)
        p->items[first + i] = all[i].text;
    free(all);
}

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
        size_t first = c->problems->count;
        validate(c, &sec);
        in_document_order(c, first);
        jn *clients = sec.arr[section_of(STORE_KIND_CLIENT)];
        if (c->fatal != STORE_OK)
            rc = c->fatal;
        else if (c->reported > 0)
            rc = STORE_INVALID;
        if (rc == STORE_OK && size(clients) > 0 && !hashes) {
            store_writer_rollback(c->w);
            c->w = NULL;
            if ((rc = hash_secrets(clients, &hashes)) != STORE_OK)
                break;
            continue;
        }
        if (rc == STORE_OK) {
            table_free(&c->ids); /* the write pass does not look ids up: room for SQLite */
            c->hashes = hashes;
            rc = write_all(c, &sec, stats);
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

store_rc import_document_opt(store_t *s, const char *json, size_t len, const import_options *opt,
                             problems_t *problems, import_stats *stats)
{
    ictx c = { .replace = opt->replace, .problems = problems, .generated = opt->generated,
               .generated_ctx = opt->generated_ctx };
    store_rc rc = load(&c, json, len);
    return import_loaded(s, &c, rc, stats);
}

store_rc import_document(store_t *s, const char *json, size_t len, bool replace,
                         problems_t *problems, import_stats *stats)
{
    import_options opt = { .replace = replace };
    return import_document_opt(s, json, len, &opt, problems, stats);
}

store_rc import_file(store_t *s, const char *path, bool replace, problems_t *problems,
                     import_stats *stats)
{
    import_options opt = { .replace = replace };
    return import_file_opt(s, path, &opt, problems, stats);
}

store_rc import_file_opt(store_t *s, const char *path, const import_options *opt,
                         problems_t *problems, import_stats *stats)
{
    bool use_stdin = strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f && errno == ENOENT) {
        problems_add(problems, "%s: no such file", path);
        return STORE_INVALID;
    }
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
    size_t blank = 0;
    while (blank < text.len && strchr(" \t\r\n", text.data[blank]))
        blank++;
    if (blank == text.len) {
        problems_add(problems, "%s: the file is empty (an org document is one JSON object)",
                     use_stdin ? "standard input" : path);
        buf_free(&text);
        return STORE_INVALID;
    }
    ictx c = { .replace = opt->replace, .problems = problems, .generated = opt->generated,
               .generated_ctx = opt->generated_ctx };
    store_rc rc = load(&c, text.data ? text.data : "", text.len);
    /* The text is not needed any more, and the tree is smaller than it. */
    buf_free(&text);
    return import_loaded(s, &c, rc, stats);
}
