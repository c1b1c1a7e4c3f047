/*
 * decide: decisions, sign-off and remediation in the SQLite backend.
 *
 * A remediation row is the durable schedule of its own effect: it is made
 * by the sign-off's transaction, and the transaction that removes the
 * assignment also stamps the row removed, so a removal happens once however
 * many workers or nodes look for due ones (SQLite has one writer; the
 * second sees the stamp). Removals run oldest due first, in (remove_at, id)
 * order, which is unique, so the same statement picks the same rows for
 * the delete and for the stamp.
 */
#include "internal.h"

#include <string.h>

store_rc sq_item_holder(store_tx *tx, const char *item_id, char cert_out[65])
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT certification_id FROM review_item"
                                            " WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, item_id);
    return sq_select_id(st, cert_out);
}

store_rc sq_items_decide(store_tx *tx, const char *cert_id, const store_decision *d,
                         size_t count, const char *decided_by, const char *now)
{
    conn_t *c = tx_conn(tx);
    for (size_t i = 0; i < count; i++) {
        sqlite3_stmt *st = sq_prep(c, "UPDATE review_item SET decision = ?, comments = ?,"
                                      " proposed_end_date = ?, decided = ?, decided_by = ?"
                                      " WHERE id = ? AND certification_id = ?");
        if (!st)
            return STORE_ERROR;
        sq_bind_text(st, 1, d[i].decision);
        sq_bind_text(st, 2, d[i].comments);
        sq_bind_text(st, 3, d[i].proposed_end_date);
        sq_bind_text(st, 4, now);
        sq_bind_text(st, 5, decided_by);
        sq_bind_text(st, 6, d[i].item_id);
        sq_bind_text(st, 7, cert_id);
        store_rc rc = sq_step_done(c, st);
        if (rc != STORE_OK)
            return rc;
        if (sqlite3_changes(c->db) == 0)
            return STORE_NOTFOUND;
    }
    store_rc rc = sq_recount(c, cert_id);
    return rc == STORE_OK ? sq_cert_touch(tx, cert_id, now) : rc;
}

store_rc sq_cert_undecided(store_tx *tx, const char *cert_id, int64_t *count)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT count(*) FROM review_item"
                                            " WHERE certification_id = ? AND decision IS NULL");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

store_rc sq_cert_sign(store_tx *tx, const char *cert_id, const char *now)
{
    conn_t *c = tx_conn(tx);
    store_rc rc = sq_run(c, "UPDATE certification SET phase = 'SIGNED', signed = ?2,"
                            " modified = ?2 WHERE id = ?1", 2, cert_id, now);
    return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

store_rc sq_remediation_schedule(store_tx *tx, const char *cert_id, const char *now,
                                 int64_t *count)
{
    conn_t *c = tx_conn(tx);
    store_rc rc = sq_run(c,
        "INSERT INTO remediation(identity_id, access_type, access_id, certification_id,"
        " campaign_id, reviewer_id, decided_by, comments, decided, remove_at)"
        " SELECT i.identity_id, i.access_type, i.access_id, i.certification_id, c.campaign_id,"
        " c.reviewer_id, i.decided_by, i.comments, i.decided, coalesce(i.proposed_end_date, ?2)"
        " FROM review_item i JOIN certification c ON c.id = i.certification_id"
        " WHERE i.certification_id = ?1 AND i.decision = 'REVOKE' ORDER BY i.id", 2, cert_id, now);
    *count = rc == STORE_OK ? sqlite3_changes(c->db) : 0;
    return rc;
}

#define DUE " FROM remediation WHERE removed IS NULL AND cancelled IS NULL AND remove_at <= ?1" \
            " ORDER BY remove_at, id LIMIT ?2"

store_rc sq_remediation_run_due(store_tx *tx, const char *now, int64_t limit, int64_t *done)
{
    conn_t *c = tx_conn(tx);
    static const char *const steps[] = {
        "DELETE FROM assignment WHERE (identity_id, access_type, access_id) IN"
        " (SELECT identity_id, access_type, access_id" DUE ")",
        "UPDATE remediation SET removed = ?1 WHERE id IN (SELECT id" DUE ")",
    };
    store_rc rc = STORE_OK;
    *done = 0;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc == STORE_OK; i++) {
        sqlite3_stmt *st = sq_prep(c, steps[i]);
        if (!st)
            return STORE_ERROR;
        sq_bind_text(st, 1, now);
        sqlite3_bind_int64(st, 2, limit);
        rc = sq_step_done(c, st);
    }
    if (rc == STORE_OK)
        *done = sqlite3_changes(c->db);
    return rc;
}

#undef DUE

store_rc sq_remediation_next(store_tx *tx, char at_out[32])
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT min(remove_at) FROM remediation"
                                            " WHERE removed IS NULL AND cancelled IS NULL");
    if (!st)
        return STORE_ERROR;
    int r = sqlite3_step(st);
    bool any = r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (any)
        sq_copy_str(at_out, 32, sq_col_text(st, 0));
    sqlite3_reset(st);
    return r != SQLITE_ROW ? sq_rc(r) : any ? STORE_OK : STORE_NOTFOUND;
}

typedef struct remediation_ctx {
    store_remediation_cb cb;
    void *payload;
} remediation_ctx;

static int remediation_row(conn_t *c, sqlite3_stmt *st, void *arg)
{
    (void)c;
    remediation_ctx *x = arg;
    store_remediation r = {
        sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2), sq_col_text(st, 3),
        sq_col_text(st, 4), sq_col_text(st, 5), sq_col_text(st, 6), sq_col_text(st, 7),
        sq_col_text(st, 8), sq_col_text(st, 9), sq_col_text(st, 10), sq_col_text(st, 11),
    };
    return x->cb(&r, x->payload) ? 1 : 0;
}

store_rc sq_remediation_list(store_tx *tx, const char *campaign_id, const store_page *page,
                             store_remediation_cb cb, void *payload, int64_t *total)
{
#define FROM "FROM remediation r WHERE r.campaign_id = ?"
    static const page_sql sql = {
        FROM,
        "SELECT r.identity_id, r.access_type, r.access_id, r.certification_id, r.campaign_id,"
        " r.reviewer_id, r.decided_by, r.comments, r.decided, r.remove_at, r.removed,"
        " r.cancelled " FROM,
        NULL, NULL, NULL, NULL, NULL, NULL, "r.id" };
#undef FROM
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    sq_params_text(&p, campaign_id);
    remediation_ctx ctx = { cb, payload };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, page, remediation_row, &ctx, total);
    filter_params_free(&p);
    return rc;
}

store_rc sq_campaign_exists(store_tx *tx, const char *id, bool *exists)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT 1 FROM campaign WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    return sq_found(st, exists);
}

/* The status a campaign whose certifications are all signed has: COMPLETING
 * while a removal due by ?2 is still to happen. */
#define SETTLED                                                                          \
    "CASE WHEN EXISTS (SELECT 1 FROM remediation r WHERE r.campaign_id = campaign.id"   \
    " AND r.removed IS NULL AND r.cancelled IS NULL AND r.remove_at <= ?2)"              \
    " THEN 'COMPLETING' ELSE 'COMPLETED' END"

store_rc sq_campaign_progress(store_tx *tx, const char *campaign_id, const char *now)
{
    return sq_run(tx_conn(tx),
        "UPDATE campaign SET status = " SETTLED ", modified = ?2"
        " WHERE id = ?1 AND status IN ('ACTIVE', 'COMPLETING') AND status <> " SETTLED
        " AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.campaign_id = ?1"
        " AND c.phase <> 'SIGNED')", 2, campaign_id, now);
}

store_rc sq_campaigns_progress(store_tx *tx, const char *now)
{
    /* ?1 is unused here: SETTLED is written for both statements. */
    return sq_run(tx_conn(tx),
        "UPDATE campaign SET status = " SETTLED ", modified = ?2"
        " WHERE status = 'COMPLETING' AND status <> " SETTLED, 2, (const char *)NULL, now);
}

#undef SETTLED
