/*
 * query: collections. A validated filter becomes a WHERE clause of bound
 * parameters (filter_to_sql), sorters an ORDER BY that one index can serve,
 * and a page is run inside the caller's read transaction, its count
 * remembered while the data stays the same.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../../common/util.h"

static int params_push(filter_params *p, filter_param v)
{
    if (array_room(&p->items, p->count, &p->cap, sizeof *p->items, 8) != 0)
        return -1;
    p->items[p->count++] = v;
    return 0;
}

int sq_params_text(filter_params *p, const char *text)
{
    return params_push(p, (filter_param){ FILTER_PARAM_TEXT, text, 0 });
}

static int params_int(filter_params *p, int64_t v)
{
    return params_push(p, (filter_param){ FILTER_PARAM_INT, NULL, v });
}

static void bind_params(sqlite3_stmt *st, const filter_params *p)
{
    for (size_t i = 0; i < p->count; i++) {
        const filter_param *v = &p->items[i];
        if (v->kind == FILTER_PARAM_INT)
            sqlite3_bind_int64(st, (int)i + 1, v->integer);
        else
            sq_bind_text(st, (int)i + 1, v->text);
    }
}

/* Appends " AND <filter>" for a validated filter. */
static int where_filter(buf_t *sql, filter_params *p, const filter_node *f,
                        const filter_column *cols)
{
    if (!f)
        return 0;
    buf_puts(sql, " AND ");
    return filter_to_sql(f, cols, FILTER_PLACEHOLDER_QMARK, sql, p);
}

/* The tie-break key runs in the direction of the last sort key, so that
 * one index (sort columns..., id) serves the whole ORDER BY scanned either
 * way; a mixed direction would make SQLite sort every row of a tie. */
static void order_by(buf_t *sql, const store_page *page, const char *const *sort_cols,
                     const char *default_order, const char *tie)
{
    bool desc = false;
    buf_puts(sql, " ORDER BY ");
    if (page->sort_count == 0 && default_order) {
        buf_printf(sql, "%s, ", default_order);
    }
    for (size_t i = 0; sort_cols && i < page->sort_count; i++) {
        desc = page->sort[i].desc;
        buf_printf(sql, "%s %s, ", sort_cols[page->sort[i].field_index], desc ? "DESC" : "ASC");
    }
    buf_printf(sql, "%s %s", tie, desc ? "DESC" : "ASC");
}

/* count(*) is the one collection cost that grows with the data (SQLite
 * counts index entries one by one), and clients repeat the same count page
 * after page. So counts are remembered per connection until the database
 * changes. Must run inside the caller's read transaction.
 *
 * Not keyed by store_generation: the count is sent beside rows read in the
 * same snapshot and must agree with them exactly, and only this
 * connection's data_version, read inside that snapshot, says which data it
 * is. The store-wide generation only says "nothing changed since", which
 * is what a whole remembered answer (the page cache) needs. */
static store_rc count_rows(conn_t *c, const char *sql, const filter_params *p, int64_t *total)
{
    buf_t key = BUF_INIT;
    buf_puts(&key, sql);
    for (size_t i = 0; i < p->count; i++) {
        if (p->items[i].kind == FILTER_PARAM_INT)
            buf_printf(&key, "\x1fi%lld", (long long)p->items[i].integer);
        else
            buf_printf(&key, "\x1ft%s", p->items[i].text ? p->items[i].text : "");
    }
    int64_t version = -1, changes = (int64_t)sqlite3_total_changes64(c->db);
    sqlite3_stmt *vs = sq_prep(c, "PRAGMA data_version");
    if (vs && sqlite3_step(vs) == SQLITE_ROW)
        version = sqlite3_column_int64(vs, 0);
    if (vs)
        sqlite3_reset(vs);
    for (int i = 0; version >= 0 && !buf_failed(&key) && i < COUNT_CACHE; i++) {
        count_entry *e = &c->counts[i];
        if (e->key && e->data_version == version && e->changes == changes &&
            strcmp(e->key, key.data) == 0) {
            *total = e->total;
            buf_free(&key);
            return STORE_OK;
        }
    }
    sqlite3_stmt *st = sq_prep(c, sql);
    if (!st) {
        buf_free(&key);
        return STORE_ERROR;
    }
    bind_params(st, p);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (r == SQLITE_ROW && version >= 0 && !buf_failed(&key)) {
        count_entry *e = &c->counts[c->next_count++ % COUNT_CACHE];
        free(e->key);
        *e = (count_entry){ buf_detach(&key, NULL), *total, version, changes };
    }
    buf_free(&key);
    return r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

bool sq_filter_uses(const filter_node *n, int lo, int hi)
{
    if (!n)
        return false;
    if (n->kind == FILTER_NODE_CMP)
        return n->field_index >= lo && n->field_index <= hi;
    return sq_filter_uses(n->left, lo, hi) || sq_filter_uses(n->right, lo, hi);
}

/* The SQL text is assembled only from the backend's constant fragments
 * (page_sql, REVIEWS_CLAUSE, the column tables in certs.c) and filter_to_sql's output,
 * which holds column names, operators and placeholders: every value a
 * client sent travels in p and is bound, never pasted. */
store_rc sq_run_page(conn_t *c, const page_sql *q, const buf_t *fixed, filter_params *p,
                     const store_page *page, sq_row_fn fn, void *ctx, int64_t *total)
{
    buf_t where = BUF_INIT, sql = BUF_INIT;
    store_rc rc = STORE_ERROR;
    buf_append(&where, fixed->data, fixed->len);
    if (where_filter(&where, p, page->filter, q->columns) != 0 || buf_failed(&where))
        goto done;
    if (page->count) {
        buf_printf(&sql, "SELECT count(*) %s%s", q->count_from, buf_cstr(&where));
        if (buf_failed(&sql) || (rc = count_rows(c, sql.data, p, total)) != STORE_OK)
            goto done;
        rc = STORE_ERROR;
    }
    if (page->limit > 0) {
        buf_reset(&sql);
        if (q->select) {
            buf_printf(&sql, "%s%s", q->select, buf_cstr(&where));
            order_by(&sql, page, q->sort_columns, q->default_order, q->tie);
            buf_puts(&sql, " LIMIT ? OFFSET ?");
        } else {
            buf_printf(&sql, "%s(SELECT %s AS pid %s%s", q->keyed_head, q->key, q->count_from,
                       buf_cstr(&where));
            order_by(&sql, page, q->sort_columns, q->default_order, q->tie);
            /* No second ORDER BY: keyed_tail makes the page of keys the outer
             * loop (CROSS JOIN fixes the join order in SQLite), so the rows
             * come out in the keys' order, and sorting them again copied
             * every column of the page through a sorter (15 % of a page's
             * SQLite time). The API tests check the order of every sorter. */
            buf_printf(&sql, " LIMIT ? OFFSET ?)%s", q->keyed_tail);
        }
        params_int(p, page->limit);
        params_int(p, page->offset);
        sqlite3_stmt *st = buf_failed(&sql) ? NULL : sq_prep(c, sql.data);
        if (!st)
            goto done;
        bind_params(st, p);
        int r, stop = 0;
        while (!stop && (r = sqlite3_step(st)) == SQLITE_ROW)
            stop = fn(c, st, ctx);
        sqlite3_reset(st);
        if (stop < 0 || (!stop && r != SQLITE_DONE)) {
            rc = stop < 0 ? STORE_ERROR : sq_rc(r);
            goto done;
        }
    }
    rc = STORE_OK;
done:
    buf_free(&where);
    buf_free(&sql);
    return rc;
}

store_rc sq_run_filtered(conn_t *c, const char *head, const char *tail, filter_params *p,
                         const filter_node *filter, const filter_column *columns, sq_row_fn fn,
                         void *ctx)
{
    buf_t sql = BUF_INIT;
    store_rc rc = STORE_ERROR;
    buf_puts(&sql, head);
    if (where_filter(&sql, p, filter, columns) != 0)
        goto done;
    buf_puts(&sql, tail);
    sqlite3_stmt *st = buf_failed(&sql) ? NULL : sq_prep(c, sql.data);
    if (!st)
        goto done;
    bind_params(st, p);
    int r = SQLITE_DONE, stop = 0;
    while (!stop && (r = sqlite3_step(st)) == SQLITE_ROW)
        stop = fn(c, st, ctx);
    sqlite3_reset(st);
    rc = stop < 0 ? STORE_ERROR : (!stop && r != SQLITE_DONE) ? sq_rc(r) : STORE_OK;
done:
    buf_free(&sql);
    return rc;
}
