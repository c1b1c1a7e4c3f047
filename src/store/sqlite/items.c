/*
 * items: the v3 reads of one certification's review items, identity
 * summaries, access summaries and decision counts.
 *
 * Every read is of one certification, through an index that begins with
 * certification_id. Items and summaries filter and sort on the names
 * migration 0005 copied onto their rows (see "denormalized names" in
 * internal.h), so a page of items is a range of one index (certification,
 * sort column, id). Access summaries group the certification's items of
 * one type: bounded by the certification's size.
 *
 * An item's access object (entitlement, access profile with its
 * entitlements, role with its access profiles and entitlements) is read
 * with the row: an entitlement's columns come with it; the lists of a
 * profile or a role are read by small statements per row and copied into
 * an arena that lives for the call, so that the row's pointers stay valid
 * while its callback runs.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/util.h"

/* ------------------------------------------------------------------ */
/* the access objects                                                  */

#define NO_TEXT SIZE_MAX

typedef struct ent_off {
    size_t id, name, attribute, value, source;  /* offsets into text, or NO_TEXT */
    bool has_permissions;
} ent_off;

typedef struct prof_off {
    size_t id, name;
    size_t first, count;                        /* its entitlements in ents */
} prof_off;

/* What one row's lists are read into; reused from row to row. */
typedef struct arena {
    buf_t text;                 /* NUL-terminated strings */
    ent_off *eo;
    size_t en, ecap;
    prof_off *po;
    size_t pn, pcap;
    store_ent_view *ents;       /* materialized from eo */
    size_t ents_cap;
    store_profile_view *profs;  /* materialized from po */
    size_t profs_cap;
    store_ent_view ent;         /* an ENTITLEMENT row's own */
    store_profile_view prof;
    store_role_view role;
} arena;

static void arena_reset(arena *a)
{
    buf_reset(&a->text);
    a->en = a->pn = 0;
}

static void arena_free(arena *a)
{
    buf_free(&a->text);
    free(a->eo);
    free(a->po);
    free(a->ents);
    free(a->profs);
}

static size_t put_text(arena *a, const char *s)
{
    if (!s)
        return NO_TEXT;
    size_t off = a->text.len;
    buf_append(&a->text, s, strlen(s) + 1);
    return off;
}

static const char *text_at(const arena *a, size_t off)
{
    return off == NO_TEXT ? NULL : a->text.data + off;
}

/* The entitlement columns: id, name, attribute, value, source, and whether
 * it has permissions. */
#define ENT_COLUMNS                                                                     \
    "e.id, e.name, e.attribute, e.value, e.source,"                                     \
    " EXISTS (SELECT 1 FROM permission pm WHERE pm.entitlement_id = e.id)"

static const char PROFILE_ENTS[] =
    "SELECT " ENT_COLUMNS " FROM access_profile_entitlement x JOIN entitlement e"
    " ON e.id = x.entitlement_id WHERE x.access_profile_id = ? ORDER BY e.name, e.id";
static const char ROLE_ENTS[] =
    "SELECT " ENT_COLUMNS " FROM role_entitlement x JOIN entitlement e"
    " ON e.id = x.entitlement_id WHERE x.role_id = ? ORDER BY e.name, e.id";
static const char ROLE_PROFILES[] =
    "SELECT p.id, p.name FROM role_access_profile x JOIN access_profile p"
    " ON p.id = x.access_profile_id WHERE x.role_id = ? ORDER BY p.name, p.id";

/* Appends the entitlements sql selects for id; *first and *count say
 * where they are. */
static store_rc load_ents(conn_t *c, arena *a, const char *sql, const char *id, size_t *first,
                          size_t *count)
{
    *first = a->en;
    *count = 0;
    sqlite3_stmt *st = sq_prep(c, sql);
    if (!st)
        return STORE_ERROR;
    /* Bound (copied) before anything is appended: id may point into the
     * arena. */
    sq_bind_text(st, 1, id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(&a->eo, a->en, &a->ecap, sizeof *a->eo, 8) != 0) {
            r = SQLITE_NOMEM;
            break;
        }
        ent_off *e = &a->eo[a->en++];
        e->id = put_text(a, sq_col_text(st, 0));
        e->name = put_text(a, sq_col_text(st, 1));
        e->attribute = put_text(a, sq_col_text(st, 2));
        e->value = put_text(a, sq_col_text(st, 3));
        e->source = put_text(a, sq_col_text(st, 4));
        e->has_permissions = sqlite3_column_int(st, 5) != 0;
    }
    sqlite3_reset(st);
    *count = a->en - *first;
    return r == SQLITE_DONE ? STORE_OK : r == SQLITE_NOMEM ? STORE_ERROR : sq_rc(r);
}

/* Appends the access profiles of role id, then the entitlements of each. */
static store_rc load_role_profiles(conn_t *c, arena *a, const char *role_id, size_t *first,
                                   size_t *count)
{
    *first = a->pn;
    *count = 0;
    sqlite3_stmt *st = sq_prep(c, ROLE_PROFILES);
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, role_id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(&a->po, a->pn, &a->pcap, sizeof *a->po, 4) != 0) {
            r = SQLITE_NOMEM;
            break;
        }
        prof_off *p = &a->po[a->pn++];
        p->id = put_text(a, sq_col_text(st, 0));
        p->name = put_text(a, sq_col_text(st, 1));
        p->first = p->count = 0;
    }
    sqlite3_reset(st);
    *count = a->pn - *first;
    if (r != SQLITE_DONE)
        return r == SQLITE_NOMEM ? STORE_ERROR : sq_rc(r);
    store_rc rc = STORE_OK;
    for (size_t i = *first; i < a->pn && rc == STORE_OK; i++) {
        size_t ef = 0, ec = 0;
        /* The id is bound (copied) before load_ents appends to the arena,
         * which may move it. */
        rc = load_ents(c, a, PROFILE_ENTS, text_at(a, a->po[i].id), &ef, &ec);
        a->po[i].first = ef;
        a->po[i].count = ec;
    }
    return rc;
}

/* Turns the offsets into the views the row points at. */
static store_rc materialize(arena *a)
{
    if (buf_failed(&a->text))
        return STORE_ERROR;
    if (a->en > a->ents_cap) {
        store_ent_view *n = realloc(a->ents, a->en * sizeof *n);
        if (!n)
            return STORE_ERROR;
        a->ents = n;
        a->ents_cap = a->en;
    }
    if (a->pn > a->profs_cap) {
        store_profile_view *n = realloc(a->profs, a->pn * sizeof *n);
        if (!n)
            return STORE_ERROR;
        a->profs = n;
        a->profs_cap = a->pn;
    }
    for (size_t i = 0; i < a->en; i++) {
        const ent_off *o = &a->eo[i];
        a->ents[i] = (store_ent_view){ text_at(a, o->id), text_at(a, o->name),
                                       text_at(a, o->attribute), text_at(a, o->value),
                                       text_at(a, o->source), o->has_permissions };
    }
    for (size_t i = 0; i < a->pn; i++) {
        const prof_off *o = &a->po[i];
        a->profs[i] = (store_profile_view){ text_at(a, o->id), text_at(a, o->name),
                                            o->count ? a->ents + o->first : NULL, o->count };
    }
    return STORE_OK;
}

/* The access block of a row: type, id, name, the entitlement's columns,
 * the access profile's id and name, the role's id and name (13 columns),
 * with the joins that give them for an access of type t and id i (SQL). */
#define ACCESS_COLUMNS(t, i, n) t ", " i ", " n ", " ENT_COLUMNS ", p.id, p.name, r.id, r.name"
#define ACCESS_JOINS(t, i)                                                              \
    " LEFT JOIN entitlement e ON " t " = 'ENTITLEMENT' AND e.id = " i                    \
    " LEFT JOIN access_profile p ON " t " = 'ACCESS_PROFILE' AND p.id = " i              \
    " LEFT JOIN role r ON " t " = 'ROLE' AND r.id = " i

/* Reads the access block at column col into *v, its lists into a. */
static store_rc read_access(conn_t *c, sqlite3_stmt *st, int col, arena *a, store_access_view *v)
{
    arena_reset(a);
    memset(v, 0, sizeof *v);
    v->type = sq_col_text(st, col);
    v->id = sq_col_text(st, col + 1);
    v->name = sq_col_text(st, col + 2);
    size_t ef = 0, ec = 0, pf = 0, pc = 0;
    store_rc rc = STORE_OK;
    bool ent = sqlite3_column_type(st, col + 3) != SQLITE_NULL;
    bool prof = sqlite3_column_type(st, col + 9) != SQLITE_NULL;
    bool role = sqlite3_column_type(st, col + 11) != SQLITE_NULL;
    if (prof)
        rc = load_ents(c, a, PROFILE_ENTS, sq_col_text(st, col + 9), &ef, &ec);
    if (role) {
        rc = load_role_profiles(c, a, sq_col_text(st, col + 11), &pf, &pc);
        if (rc == STORE_OK)
            rc = load_ents(c, a, ROLE_ENTS, sq_col_text(st, col + 11), &ef, &ec);
    }
    if (rc == STORE_OK)
        rc = materialize(a);
    if (rc != STORE_OK)
        return rc;
    if (ent) {
        a->ent = (store_ent_view){ sq_col_text(st, col + 3), sq_col_text(st, col + 4),
                                   sq_col_text(st, col + 5), sq_col_text(st, col + 6),
                                   sq_col_text(st, col + 7),
                                   sqlite3_column_int(st, col + 8) != 0 };
        v->entitlement = &a->ent;
    } else if (prof) {
        a->prof = (store_profile_view){ sq_col_text(st, col + 9), sq_col_text(st, col + 10),
                                        ec ? a->ents + ef : NULL, ec };
        v->profile = &a->prof;
    } else if (role) {
        a->role = (store_role_view){ sq_col_text(st, col + 11), sq_col_text(st, col + 12),
                                     pc ? a->profs + pf : NULL, pc, ec ? a->ents + ef : NULL,
                                     ec };
        v->role = &a->role;
    }
    return STORE_OK;
}

/* ------------------------------------------------------------------ */
/* review items                                                        */

/* Whether every item of summary s is decided. */
#define SUMMARY_COMPLETED(s)                                                            \
    "(NOT EXISTS (SELECT 1 FROM review_item x WHERE x.summary_id = " s                   \
    " AND x.decision IS NULL))"

static const filter_column item_columns[ITEM_F_COUNT] = {
    [ITEM_F_ID] = { "it.id", NULL },
    [ITEM_F_TYPE] = { "it.access_type COLLATE NOCASE", NULL },
    [ITEM_F_ACCESS_TYPE] = { "it.access_type COLLATE NOCASE", NULL },
    [ITEM_F_COMPLETED] = { "(it.decision IS NOT NULL)", NULL },
    [ITEM_F_SUMMARY_ID] = { "it.summary_id", NULL },
    [ITEM_F_SUMMARY_NAME] = { "it.identity_name", NULL },
    [ITEM_F_ACCESS_ID] = { "it.access_id", NULL },
    [ITEM_F_ACCESS_NAME] = { "it.access_name", NULL },
    [ITEM_F_ENT_SOURCE] = { "it.entitlement_source", NULL },
    [ITEM_F_PROFILE_SOURCE] = { "it.access_profile_source", NULL },
};
static const char *const item_sorts[ITEM_S_COUNT] = {
    [ITEM_S_SUMMARY_NAME] = "it.identity_name",
    [ITEM_S_ACCESS_NAME] = "it.access_name",
    [ITEM_S_ACCESS_TYPE] = "it.access_type COLLATE NOCASE",
    [ITEM_S_ENT_SOURCE] = "it.entitlement_source",
    [ITEM_S_PROFILE_SOURCE] = "it.access_profile_source",
};

#define ITEM_COLUMNS                                                                    \
    "SELECT it.id, it.decision, it.comments, it.summary_id, it.identity_id,"            \
    " it.identity_name, " SUMMARY_COMPLETED("it.summary_id") ", "                       \
    ACCESS_COLUMNS("it.access_type", "it.access_id", "it.access_name")

/* A page names few distinct access profiles and roles, each on many items
 * (every holder of it): their lists (entitlements, profiles) are read once
 * per page and kept here, by access type and id. An entitlement has no
 * lists and is read from its row. */
#define MEMO_MAX 64

typedef struct memo_entry {
    char type[16], id[65];
    arena a;                    /* its lists, kept for the page */
    store_access_view v;
} memo_entry;

typedef struct item_ctx {
    store_item_cb cb;
    void *payload;
    arena a;
    memo_entry *memo;           /* MEMO_MAX entries, allocated on first use */
    size_t memo_count;
} item_ctx;

/* The access block at column col of this row, its lists read once per page
 * (profiles and roles). The strings that come from the row itself are set
 * again from it every time: they live only until the next step. */
static store_rc item_access(conn_t *c, sqlite3_stmt *st, int col, item_ctx *x,
                            store_access_view *out)
{
    const char *type = sq_col_text(st, col), *id = sq_col_text(st, col + 1);
    bool prof = sqlite3_column_type(st, col + 9) != SQLITE_NULL;
    bool role = sqlite3_column_type(st, col + 11) != SQLITE_NULL;
    if ((!prof && !role) || !type || !id || strlen(type) >= sizeof x->memo->type ||
        strlen(id) >= sizeof x->memo->id)
        return read_access(c, st, col, &x->a, out);
    memo_entry *m = NULL;
    for (size_t i = 0; i < x->memo_count && !m; i++)
        if (strcmp(x->memo[i].type, type) == 0 && strcmp(x->memo[i].id, id) == 0)
            m = &x->memo[i];
    if (!m) {
        if (!x->memo && !(x->memo = calloc(MEMO_MAX, sizeof *x->memo)))
            return STORE_ERROR;
        if (x->memo_count == MEMO_MAX)
            return read_access(c, st, col, &x->a, out);
        m = &x->memo[x->memo_count++];
        snprintf(m->type, sizeof m->type, "%s", type);
        snprintf(m->id, sizeof m->id, "%s", id);
        m->a.text = (buf_t)BUF_INIT;
        store_rc rc = read_access(c, st, col, &m->a, &m->v);
        if (rc != STORE_OK)
            return rc;
    }
    *out = m->v;
    out->type = type;
    out->id = id;
    out->name = sq_col_text(st, col + 2);
    if (prof) {
        m->a.prof.id = sq_col_text(st, col + 9);
        m->a.prof.name = sq_col_text(st, col + 10);
    } else {
        m->a.role.id = sq_col_text(st, col + 11);
        m->a.role.name = sq_col_text(st, col + 12);
    }
    return STORE_OK;
}

static int item_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    item_ctx *x = ctx;
    store_item_row row;
    memset(&row, 0, sizeof row);
    row.id = sq_col_text(st, 0);
    row.decision = sq_col_text(st, 1);
    row.comments = sq_col_text(st, 2);
    row.summary = (store_summary_row){ sq_col_text(st, 3), sq_col_text(st, 4),
                                       sq_col_text(st, 5), sqlite3_column_int(st, 6) != 0 };
    if (item_access(c, st, 7, x, &row.access) != STORE_OK)
        return -1;
    return x->cb(&row, x->payload) ? 1 : 0;
}

store_rc sq_item_list(store_tx *tx, const store_item_query *q, store_item_cb cb, void *payload,
                      int64_t *total)
{
    static const page_sql sql = {
        "FROM review_item it WHERE it.certification_id = ?", NULL, "it.id", ITEM_COLUMNS " FROM ",
        " AS pg CROSS JOIN review_item it ON it.id = pg.pid"
        ACCESS_JOINS("it.access_type", "it.access_id"),
        item_columns, item_sorts, "it.identity_name", "it.id"
    };
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    sq_params_text(&p, q->cert_id);
    if (q->access_type) {
        /* Constant fragments and placeholders only: the values are bound. */
        buf_puts(&fixed, " AND it.access_type = ? AND it.access_id IN (");
        sq_params_text(&p, q->access_type);
        for (size_t i = 0; i < q->access_id_count; i++) {
            buf_puts(&fixed, i ? ", ?" : "?");
            sq_params_text(&p, q->access_ids[i]);
        }
        buf_puts(&fixed, q->access_id_count ? ")" : "NULL)");
    }
    item_ctx ctx = { cb, payload, { .text = BUF_INIT }, NULL, 0 };
    store_rc rc = buf_failed(&fixed) ? STORE_ERROR
                                     : sq_run_page(tx_conn(tx), &sql, &fixed, &p, &q->page,
                                                   item_row, &ctx, total);
    arena_free(&ctx.a);
    for (size_t i = 0; i < ctx.memo_count; i++)
        arena_free(&ctx.memo[i].a);
    free(ctx.memo);
    filter_params_free(&p);
    buf_free(&fixed);
    return rc;
}

/* ------------------------------------------------------------------ */
/* identity summaries                                                  */

static const filter_column summary_columns[SUMMARY_F_COUNT] = {
    [SUMMARY_F_ID] = { "s.id", NULL },
    [SUMMARY_F_COMPLETED] = { SUMMARY_COMPLETED("s.id"), NULL },
    [SUMMARY_F_NAME] = { "s.identity_name", NULL },
};
static const char *const summary_sorts[SUMMARY_S_COUNT] = {
    [SUMMARY_S_NAME] = "s.identity_name",
};

#define SUMMARY_SELECT                                                                  \
    "SELECT s.id, s.identity_id, s.identity_name, " SUMMARY_COMPLETED("s.id")
#define SUMMARY_FROM "FROM identity_summary s WHERE s.certification_id = ?"

typedef struct summary_ctx {
    store_summary_cb cb;
    void *payload;
} summary_ctx;

static int summary_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    (void)c;
    summary_ctx *x = ctx;
    store_summary_row row = { sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2),
                              sqlite3_column_int(st, 3) != 0 };
    return x->cb(&row, x->payload) ? 1 : 0;
}

store_rc sq_summary_list(store_tx *tx, const char *cert_id, const store_page *page,
                         store_summary_cb cb, void *payload, int64_t *total)
{
    static const page_sql sql = { SUMMARY_FROM, SUMMARY_SELECT " " SUMMARY_FROM, NULL, NULL,
                                  NULL, summary_columns, summary_sorts, "s.identity_name",
                                  "s.id" };
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    sq_params_text(&p, cert_id);
    summary_ctx ctx = { cb, payload };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, page, summary_row, &ctx, total);
    filter_params_free(&p);
    return rc;
}

store_rc sq_summary_get(store_tx *tx, const char *cert_id, const char *summary_id,
                        store_summary_cb cb, void *payload)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, SUMMARY_SELECT " " SUMMARY_FROM " AND s.id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    sq_bind_text(st, 2, summary_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        summary_ctx ctx = { cb, payload };
        summary_row(c, st, &ctx);
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

/* ------------------------------------------------------------------ */
/* access summaries                                                    */

/* One row per distinct access of one type among a certification's items:
 * its names are the same on every item of it (they are copies of the
 * access's), and it is completed when every one of them is decided.
 * Bare columns keep their NOCASE collation (min() would not). */
#define ACCESS_GROUPED                                                                  \
    "(SELECT it.access_type AS type, it.access_id AS id, it.access_name AS name,"       \
    " it.entitlement_source AS ent_source, it.access_profile_source AS profile_source,"  \
    " count(it.decision) = count(*) AS completed FROM review_item it"                    \
    " WHERE it.certification_id = ? AND it.access_type = ? GROUP BY it.access_id) a"

static const filter_column access_columns[ACCESS_F_COUNT] = {
    [ACCESS_F_COMPLETED] = { "a.completed", NULL },
    [ACCESS_F_ID] = { "a.id", NULL },
    [ACCESS_F_NAME] = { "a.name", NULL },
    [ACCESS_F_ENT_SOURCE] = { "a.ent_source", NULL },
    [ACCESS_F_PROFILE_SOURCE] = { "a.profile_source", NULL },
};
static const char *const access_sorts[ACCESS_S_COUNT] = {
    [ACCESS_S_NAME] = "a.name",
};

typedef struct access_ctx {
    store_access_cb cb;
    void *payload;
    arena a;
} access_ctx;

static int access_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    access_ctx *x = ctx;
    store_access_view v;
    if (read_access(c, st, 0, &x->a, &v) != STORE_OK)
        return -1;
    return x->cb(&v, x->payload) ? 1 : 0;
}

store_rc sq_access_summary_list(store_tx *tx, const char *cert_id, const char *access_type,
                                const store_page *page, store_access_cb cb, void *payload,
                                int64_t *total)
{
    static const page_sql sql = {
        "FROM " ACCESS_GROUPED " WHERE 1 = 1",
        "SELECT " ACCESS_COLUMNS("a.type", "a.id", "a.name") " FROM " ACCESS_GROUPED
        ACCESS_JOINS("a.type", "a.id") " WHERE 1 = 1",
        NULL, NULL, NULL, access_columns, access_sorts, "a.name", "a.id"
    };
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    sq_params_text(&p, cert_id);
    sq_params_text(&p, access_type);
    access_ctx ctx = { cb, payload, { .text = BUF_INIT } };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, page, access_row, &ctx, total);
    arena_free(&ctx.a);
    filter_params_free(&p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* decision counts                                                     */

static const filter_column decision_columns[DECISION_F_COUNT] = {
    [DECISION_F_SUMMARY_ID] = { "it.summary_id", NULL },
};

static int decision_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    (void)c;
    store_decision_counts *out = ctx;
    const char *type = sq_col_text(st, 0);
    store_decision_tally *t = !type                              ? NULL
                              : strcmp(type, "ENTITLEMENT") == 0    ? &out->entitlements
                              : strcmp(type, "ACCESS_PROFILE") == 0 ? &out->access_profiles
                              : strcmp(type, "ROLE") == 0           ? &out->roles
                                                                    : NULL;
    if (t)
        *t = (store_decision_tally){ sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                                     sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4) };
    return 0;
}

store_rc sq_decision_counts_get(store_tx *tx, const char *cert_id, const filter_node *filter,
                                store_decision_counts *out)
{
    memset(out, 0, sizeof *out);
    filter_params p = { 0 };
    sq_params_text(&p, cert_id);
    store_rc rc = sq_run_filtered(
        tx_conn(tx),
        "SELECT it.access_type, count(*), count(it.decision),"
        " coalesce(sum(it.decision = 'APPROVE'), 0), coalesce(sum(it.decision = 'REVOKE'), 0)"
        " FROM review_item it WHERE it.certification_id = ?",
        " GROUP BY it.access_type", &p, filter, decision_columns, decision_row, out);
    filter_params_free(&p);
    return rc;
}
