/*
 * review: the primitives reassignment is made of (src/review/reassign.c
 * holds the rules and every sentence). Each reads or writes inside the
 * caller's transaction and decides nothing.
 */
#include "internal.h"

#include <stdlib.h>

#include "../../common/util.h"

store_rc sq_cert_head_get(store_tx *tx, const char *cert_id, store_cert_head *h)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx),
        "SELECT c.reviewer_type, c.reviewer_id, c.phase, coalesce(cp.id, c.campaign_id), c.name,"
        " c.due, cp.id, cp.name, cp.mandatory_comment, cp.status"
        " FROM certification c LEFT JOIN campaign cp ON cp.id = c.campaign_id"
        " WHERE c.id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        sq_copy_str(h->reviewer_type, sizeof h->reviewer_type, sq_col_text(st, 0));
        sq_copy_str(h->reviewer_id, sizeof h->reviewer_id, sq_col_text(st, 1));
        sq_copy_str(h->phase, sizeof h->phase, sq_col_text(st, 2));
        sq_copy_str(h->campaign_id, sizeof h->campaign_id, sq_col_text(st, 3));
        sq_copy_str(h->name, sizeof h->name, sq_col_text(st, 4));
        sq_copy_str(h->due, sizeof h->due, sq_col_text(st, 5));
        h->has_campaign = sqlite3_column_type(st, 6) != SQLITE_NULL;
        sq_copy_str(h->campaign_name, sizeof h->campaign_name, sq_col_text(st, 7));
        sq_copy_str(h->mandatory_comment, sizeof h->mandatory_comment, sq_col_text(st, 8));
        sq_copy_str(h->campaign_status, sizeof h->campaign_status, sq_col_text(st, 9));
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

static const char *const ref_exists_sql[STORE_REF_KIND_COUNT] = {
    [STORE_REF_ITEM] = "SELECT 1 FROM review_item WHERE id = ? AND certification_id = ?",
    [STORE_REF_IDENTITY_SUMMARY] =
        "SELECT 1 FROM identity_summary WHERE id = ? AND certification_id = ?",
    [STORE_REF_TARGET_SUMMARY] =
        "SELECT 1 FROM review_item WHERE access_id = ? AND certification_id = ? LIMIT 1",
};

/* Items of ref whose subject is ?3. */
static const char *const ref_covers_sql[STORE_REF_KIND_COUNT] = {
    [STORE_REF_ITEM] = "SELECT 1 FROM review_item WHERE id = ?1 AND certification_id = ?2"
                       " AND identity_id = ?3",
    [STORE_REF_IDENTITY_SUMMARY] = "SELECT 1 FROM identity_summary WHERE id = ?1"
                                   " AND certification_id = ?2 AND identity_id = ?3",
    [STORE_REF_TARGET_SUMMARY] = "SELECT 1 FROM review_item WHERE access_id = ?1"
                                 " AND certification_id = ?2 AND identity_id = ?3 LIMIT 1",
};

static const char *const ref_items_sql[STORE_REF_KIND_COUNT] = {
    [STORE_REF_ITEM] = "SELECT id, identity_id, summary_id FROM review_item"
                       " WHERE id = ? AND certification_id = ?",
    [STORE_REF_IDENTITY_SUMMARY] = "SELECT id, identity_id, summary_id FROM review_item"
                                   " WHERE summary_id = ? AND certification_id = ?",
    [STORE_REF_TARGET_SUMMARY] = "SELECT id, identity_id, summary_id FROM review_item"
                                 " WHERE access_id = ? AND certification_id = ?",
};

static bool kind_ok(store_ref_kind kind)
{
    return (unsigned)kind < STORE_REF_KIND_COUNT;
}

store_rc sq_ref_exists(store_tx *tx, store_ref_kind kind, const char *ref_id,
                       const char *cert_id, bool *exists)
{
    sqlite3_stmt *st = kind_ok(kind) ? sq_prep(tx_conn(tx), ref_exists_sql[kind]) : NULL;
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, ref_id);
    sq_bind_text(st, 2, cert_id);
    return sq_found(st, exists);
}

store_rc sq_ref_covers(store_tx *tx, store_ref_kind kind, const char *ref_id,
                       const char *cert_id, const char *identity_id, bool *covers)
{
    sqlite3_stmt *st = kind_ok(kind) ? sq_prep(tx_conn(tx), ref_covers_sql[kind]) : NULL;
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, ref_id);
    sq_bind_text(st, 2, cert_id);
    sq_bind_text(st, 3, identity_id);
    return sq_found(st, covers);
}

store_rc sq_reassign_target_find(store_tx *tx, const char *from_cert, const char *reviewer_id,
                                 const char *campaign_id, char id_out[65])
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx),
                               "SELECT id FROM certification WHERE reassign_from_id = ?"
                               " AND reviewer_type = 'IDENTITY' AND reviewer_id = ?"
                               " AND campaign_id = ? AND phase <> 'SIGNED'"
                               " ORDER BY created, id LIMIT 1");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, from_cert);
    sq_bind_text(st, 2, reviewer_id);
    sq_bind_text(st, 3, campaign_id);
    return sq_select_id(st, id_out);
}

store_rc sq_cert_insert(store_tx *tx, const store_cert_new *n, char id_out[65])
{
    conn_t *c = tx_conn(tx);
    char id[33];
    if (random_hex_id(id) != 0)
        return STORE_ERROR;
    sqlite3_stmt *st = sq_prep(c,
        "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id,"
        " phase, due, created, modified, reassign_from_id, reassign_comment)"
        " VALUES (?1, ?2, ?3, 'IDENTITY', ?4, ?5, ?6, ?7, ?7, ?8, ?9)");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, n->name);
    sq_bind_text(st, 3, n->campaign_id);
    sq_bind_text(st, 4, n->reviewer_id);
    sq_bind_text(st, 5, n->phase);
    sq_bind_text(st, 6, n->due);
    sq_bind_text(st, 7, n->now);
    sq_bind_text(st, 8, n->reassign_from_id);
    sq_bind_text(st, 9, n->reassign_comment);
    sq_copy_str(id_out, 65, id);
    return sq_step_done(c, st);
}

/* Rewrites the derived counters of one certification from its items. */
store_rc sq_recount(conn_t *c, const char *cert_id)
{
    sqlite3_stmt *st = sq_prep(c,
        "UPDATE certification SET"
        " decisions_total = (SELECT count(*) FROM review_item WHERE certification_id = ?1),"
        " decisions_made = (SELECT count(*) FROM review_item WHERE certification_id = ?1"
        "  AND decision IS NOT NULL),"
        " entities_total = (SELECT count(*) FROM identity_summary WHERE certification_id = ?1),"
        " entities_completed = (SELECT count(*) FROM identity_summary s"
        "  WHERE s.certification_id = ?1 AND NOT EXISTS (SELECT 1 FROM review_item i"
        "  WHERE i.summary_id = s.id AND i.decision IS NULL)),"
        " completed = NOT EXISTS (SELECT 1 FROM review_item WHERE certification_id = ?1"
        "  AND decision IS NULL)"
        " WHERE id = ?1");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    return sq_step_done(c, st);
}


/* The summary of identity_id in cert_id, created if missing. */
store_rc sq_summary_for(conn_t *c, const char *cert_id, const char *identity_id, char out[65])
{
    sqlite3_stmt *st = sq_prep(c, "SELECT id FROM identity_summary WHERE certification_id = ?"
                                  " AND identity_id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    sq_bind_text(st, 2, identity_id);
    store_rc found = sq_select_id(st, out);
    if (found != STORE_NOTFOUND)
        return found;
    char id[33];
    if (random_hex_id(id) != 0)
        return STORE_ERROR;
    st = sq_prep(c, "INSERT INTO identity_summary(id, certification_id, identity_id,"
                    " identity_name) VALUES (?1, ?2, ?3, " SQ_IDENTITY_NAME("?3") ")");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, cert_id);
    sq_bind_text(st, 3, identity_id);
    sq_copy_str(out, 65, id);
    return sq_step_done(c, st);
}

typedef struct moved_item {
    char id[65], identity_id[65], summary_id[65];
} moved_item;

store_rc sq_items_move(store_tx *tx, const store_ref *refs, size_t ref_count, const char *from,
                       const char *target)
{
    conn_t *c = tx_conn(tx);
    moved_item *items = NULL;
    size_t count = 0, cap = 0;
    store_rc rc = STORE_OK;
    for (size_t i = 0; i < ref_count && rc == STORE_OK; i++) {
        sqlite3_stmt *st = kind_ok(refs[i].kind) ? sq_prep(c, ref_items_sql[refs[i].kind]) : NULL;
        if (!st) {
            rc = STORE_ERROR;
            break;
        }
        sq_bind_text(st, 1, refs[i].id);
        sq_bind_text(st, 2, from);
        int res;
        while ((res = sqlite3_step(st)) == SQLITE_ROW) {
            if (array_room(&items, count, &cap, sizeof *items, 64) != 0) {
                rc = STORE_ERROR;
                break;
            }
            sq_copy_str(items[count].id, 65, sq_col_text(st, 0));
            sq_copy_str(items[count].identity_id, 65, sq_col_text(st, 1));
            sq_copy_str(items[count].summary_id, 65, sq_col_text(st, 2));
            count++;
        }
        if (res != SQLITE_DONE && rc == STORE_OK)
            rc = sq_rc(res);
        sqlite3_reset(st);
    }
    for (size_t i = 0; i < count && rc == STORE_OK; i++) {
        char summary[65];
        if ((rc = sq_summary_for(c, target, items[i].identity_id, summary)) != STORE_OK)
            break;
        sqlite3_stmt *st = sq_prep(c, "UPDATE review_item SET certification_id = ?,"
                                      " summary_id = ? WHERE id = ? AND certification_id = ?");
        if (!st) {
            rc = STORE_ERROR;
            break;
        }
        sq_bind_text(st, 1, target);
        sq_bind_text(st, 2, summary);
        sq_bind_text(st, 3, items[i].id);
        sq_bind_text(st, 4, from);
        rc = sq_step_done(c, st);
    }
    /* A summary whose items all left goes with them. */
    for (size_t i = 0; i < count && rc == STORE_OK; i++) {
        sqlite3_stmt *st = sq_prep(c, "DELETE FROM identity_summary WHERE id = ? AND NOT EXISTS"
                                      " (SELECT 1 FROM review_item WHERE summary_id = ?1)");
        if (!st) {
            rc = STORE_ERROR;
            break;
        }
        sq_bind_text(st, 1, items[i].summary_id);
        rc = sq_step_done(c, st);
    }
    free(items);
    return rc;
}

store_rc sq_cert_recount(store_tx *tx, const char *cert_id)
{
    return sq_recount(tx_conn(tx), cert_id);
}

store_rc sq_cert_touch(store_tx *tx, const char *cert_id, const char *now)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, "UPDATE certification SET modified = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, now);
    sq_bind_text(st, 2, cert_id);
    return sq_step_done(c, st);
}
