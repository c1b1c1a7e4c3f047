/*
 * certs: principals and certifications: clients, identities, groups, the
 * signing key, list-certifications, a certification's reviewers, an item's
 * permissions, and the access check every read of one certification makes
 * first, in the same transaction.
 */
#include "internal.h"

#include <string.h>

#include "../../auth/auth.h"

/* ------------------------------------------------------------------ */
/* secrets and principals                                              */

store_rc sq_signing_key(store_tx *tx, unsigned char key[32])
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, "SELECT value FROM meta WHERE key = 'jwt_key'");
    if (!st)
        return STORE_ERROR;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
        memcpy(key, sqlite3_column_blob(st, 0), 32);
        sqlite3_reset(st);
        return STORE_OK;
    }
    sqlite3_reset(st);
    if (auth_random(key, 32) != 0)
        return STORE_ERROR;
    st = sq_prep(c, "INSERT OR REPLACE INTO meta(key, value) VALUES ('jwt_key', ?)");
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_blob(st, 1, key, 32, SQLITE_TRANSIENT);
    return sq_step_done(c, st);
}

store_rc sq_client_get(store_tx *tx, const char *client_id, store_client *out)
{
    conn_t *c = tx_conn(tx);
    store_rc rc = STORE_ERROR;
    sqlite3_stmt *st = sq_prep(c, "SELECT i.id, i.name, cl.secret_hash, i.authorities "
                                  "FROM client cl JOIN identity i ON i.id = cl.identity_id "
                                  "WHERE cl.client_id = ?");
    if (st) {
        sq_bind_text(st, 1, client_id);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            sq_copy_str(out->identity_id, sizeof out->identity_id, sq_col_text(st, 0));
            sq_copy_str(out->identity_name, sizeof out->identity_name, sq_col_text(st, 1));
            sq_copy_str(out->secret_hash, sizeof out->secret_hash, sq_col_text(st, 2));
            sq_copy_str(out->authorities, sizeof out->authorities, sq_col_text(st, 3));
            rc = STORE_OK;
        } else {
            rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
        }
        sqlite3_reset(st);
    }
    return rc;
}

store_rc sq_identity_get(store_tx *tx, const char *id, store_identity *out)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT id, name FROM identity WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        sq_copy_str(out->id, sizeof out->id, sq_col_text(st, 0));
        sq_copy_str(out->name, sizeof out->name, sq_col_text(st, 1));
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

store_rc sq_identity_exists(store_tx *tx, const char *id, bool *exists)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT 1 FROM identity WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    return sq_found(st, exists);
}

store_rc sq_group_has_member(store_tx *tx, const char *group_id, const char *identity_id,
                             bool *member)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT 1 FROM group_member WHERE group_id = ?"
                                            " AND identity_id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, group_id);
    sq_bind_text(st, 2, identity_id);
    return sq_found(st, member);
}

/* ------------------------------------------------------------------ */
/* certifications                                                      */

static const filter_column cert_columns[CERT_F_COUNT] = {
    [CERT_F_ID] = { "c.id", NULL },
    [CERT_F_PHASE] = { "c.phase", NULL },
    [CERT_F_COMPLETED] = { "c.completed", NULL },
    [CERT_F_CAMPAIGN_TYPE] = { "cp.type", NULL },
    [CERT_F_CAMPAIGN_ID] = { "c.campaign_id", NULL },
};
static const char *const cert_sorts[CERT_S_COUNT] = {
    [CERT_S_NAME] = "c.name", [CERT_S_DUE] = "c.due", [CERT_S_SIGNED] = "c.signed",
};

/* The visibility and reviewer narrowing, both "certifications that identity
 * ? reviews, directly or as a member of the reviewer group". */
#define REVIEWS_CLAUSE                                                              \
    " AND ((c.reviewer_type = 'IDENTITY' AND c.reviewer_id = ?) OR"                 \
    " (c.reviewer_type = 'GOVERNANCE_GROUP' AND c.reviewer_id IN"                    \
    " (SELECT group_id FROM group_member WHERE identity_id = ?)))"

#define CERT_COLUMNS                                                                            \
    "SELECT c.id, c.name, c.phase, c.due, c.signed, c.created, c.modified,"                      \
    " cp.id, cp.name, cp.type, cp.description, cp.correlated_status, cp.mandatory_comment,"      \
    " c.reviewer_type, c.reviewer_id, coalesce(ri.name, rg.name), ri.email,"                      \
    " c.reassign_from_id, fc.name, fc.reviewer_type, fc.reviewer_id, coalesce(fi.name, fg.name)," \
    " fi.email, c.reassign_comment,"                                                              \
    " c.has_errors, c.error_message, c.decisions_made, c.decisions_total,"                        \
    " c.entities_completed, c.entities_total, c.completed"
#define CERT_JOINS                                                                               \
    " JOIN campaign cp ON cp.id = c.campaign_id"                                                  \
    " LEFT JOIN identity ri ON c.reviewer_type = 'IDENTITY' AND ri.id = c.reviewer_id"            \
    " LEFT JOIN governance_group rg ON c.reviewer_type = 'GOVERNANCE_GROUP'"                      \
    " AND rg.id = c.reviewer_id"                                                                  \
    " LEFT JOIN certification fc ON fc.id = c.reassign_from_id"                                   \
    " LEFT JOIN identity fi ON fc.reviewer_type = 'IDENTITY' AND fi.id = fc.reviewer_id"          \
    " LEFT JOIN governance_group fg ON fc.reviewer_type = 'GOVERNANCE_GROUP'"                      \
    " AND fg.id = fc.reviewer_id"

static void read_cert(sqlite3_stmt *st, store_cert *o)
{
    memset(o, 0, sizeof *o);
    o->id = sq_col_text(st, 0);
    o->name = sq_col_text(st, 1);
    o->phase = sq_col_text(st, 2);
    o->due = sq_col_text(st, 3);
    o->signed_at = sq_col_text(st, 4);
    o->created = sq_col_text(st, 5);
    o->modified = sq_col_text(st, 6);
    o->campaign_id = sq_col_text(st, 7);
    o->campaign_name = sq_col_text(st, 8);
    o->campaign_type = sq_col_text(st, 9);
    o->campaign_description = sq_col_text(st, 10);
    o->campaign_correlated_status = sq_col_text(st, 11);
    o->campaign_mandatory_comment = sq_col_text(st, 12);
    o->reviewer.type = sq_col_text(st, 13);
    o->reviewer.id = sq_col_text(st, 14);
    o->reviewer.name = sq_col_text(st, 15);
    o->reviewer.email = sq_col_text(st, 16);
    o->reassigned = sqlite3_column_type(st, 17) != SQLITE_NULL;
    o->from_id = sq_col_text(st, 17);
    o->from_name = sq_col_text(st, 18);
    o->from_reviewer.type = sq_col_text(st, 19);
    o->from_reviewer.id = sq_col_text(st, 20);
    o->from_reviewer.name = sq_col_text(st, 21);
    o->from_reviewer.email = sq_col_text(st, 22);
    o->reassign_comment = sq_col_text(st, 23);
    o->has_errors = sqlite3_column_int(st, 24) != 0;
    o->error_message = sq_col_text(st, 25);
    o->decisions_made = sqlite3_column_int64(st, 26);
    o->decisions_total = sqlite3_column_int64(st, 27);
    o->entities_completed = sqlite3_column_int64(st, 28);
    o->entities_total = sqlite3_column_int64(st, 29);
    o->completed = sqlite3_column_int(st, 30) != 0;
}

typedef struct cert_row_ctx {
    store_cert_cb cb;
    void *payload;
} cert_row_ctx;

static int cert_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    (void)c;
    cert_row_ctx *x = ctx;
    store_cert row;
    read_cert(st, &row);
    return x->cb(&row, x->payload) ? 1 : 0;
}

store_rc sq_cert_list(store_tx *tx, const store_cert_query *q, store_cert_cb cb, void *payload,
                      int64_t *total)
{
    static const char COUNT_FROM[] = "FROM certification c WHERE 1 = 1";
    static const char COUNT_FROM_CAMPAIGN[] =
        "FROM certification c JOIN campaign cp ON cp.id = c.campaign_id WHERE 1 = 1";
    /* The count joins campaigns only when a filter needs them. */
    page_sql sql = { sq_filter_uses(q->page.filter, CERT_F_CAMPAIGN_TYPE, CERT_F_CAMPAIGN_TYPE)
                         ? COUNT_FROM_CAMPAIGN : COUNT_FROM,
                     NULL, "c.id", CERT_COLUMNS " FROM ",
                     " AS pg CROSS JOIN certification c ON c.id = pg.pid" CERT_JOINS,
                     cert_columns, cert_sorts, NULL, "c.id" };
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    const char *narrow[2] = { q->viewer_id, q->reviewer_id };
    for (int i = 0; i < 2; i++)
        if (narrow[i]) {
            buf_puts(&fixed, REVIEWS_CLAUSE);
            sq_params_text(&p, narrow[i]);
            sq_params_text(&p, narrow[i]);
        }
    cert_row_ctx ctx = { cb, payload };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, &q->page, cert_row, &ctx, total);
    filter_params_free(&p);
    buf_free(&fixed);
    return rc;
}

store_rc sq_cert_get(store_tx *tx, const char *cert_id, store_cert_cb cb, void *payload)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), CERT_COLUMNS " FROM certification c" CERT_JOINS
                                            " WHERE c.id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        store_cert row;
        read_cert(st, &row);
        cb(&row, payload);
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

store_rc sq_cert_access(store_tx *tx, const char *cert_id, const char *identity_id,
                        bool *exists, bool *is_reviewer)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c,
        "SELECT (c.reviewer_type = 'IDENTITY' AND c.reviewer_id = ?2) OR"
        " (c.reviewer_type = 'GOVERNANCE_GROUP' AND EXISTS (SELECT 1 FROM group_member m"
        "  WHERE m.group_id = c.reviewer_id AND m.identity_id = ?2))"
        " FROM certification c WHERE c.id = ?1");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    sq_bind_text(st, 2, identity_id ? identity_id : "");
    int r = sqlite3_step(st);
    if (exists)
        *exists = r == SQLITE_ROW;
    if (is_reviewer)
        *is_reviewer = r == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return (r == SQLITE_ROW || r == SQLITE_DONE) ? STORE_OK : sq_rc(r);
}

static const filter_column reviewer_columns[REVIEWER_F_COUNT] = {
    [REVIEWER_F_ID] = { "i.id", NULL },
    [REVIEWER_F_NAME] = { "i.name", NULL },
    [REVIEWER_F_EMAIL] = { "i.email", NULL },
};
static const char *const reviewer_sorts[REVIEWER_S_COUNT] = {
    [REVIEWER_S_NAME] = "i.name", [REVIEWER_S_EMAIL] = "i.email",
};

typedef struct identity_row_ctx {
    store_identity_cb cb;
    void *payload;
} identity_row_ctx;

static int identity_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    (void)c;
    identity_row_ctx *x = ctx;
    store_identity_ref ref = { sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2) };
    return x->cb(&ref, x->payload) ? 1 : 0;
}

store_rc sq_reviewer_list(store_tx *tx, const char *cert_id, const store_page *page,
                          store_identity_cb cb, void *payload, int64_t *total)
{
#define REVIEWERS_FROM                                                                          \
    "FROM identity i WHERE i.id IN ("                                                          \
    "SELECT c.reviewer_id FROM certification c WHERE c.id = ? AND c.reviewer_type = 'IDENTITY'" \
    " UNION ALL SELECT m.identity_id FROM certification c JOIN group_member m"                  \
    " ON m.group_id = c.reviewer_id WHERE c.id = ? AND c.reviewer_type = 'GOVERNANCE_GROUP')"
    static const page_sql sql = { REVIEWERS_FROM, "SELECT i.id, i.name, i.email " REVIEWERS_FROM,
                                  NULL, NULL, NULL, reviewer_columns, reviewer_sorts, "i.name",
                                  "i.id" };
#undef REVIEWERS_FROM
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    sq_params_text(&p, cert_id);
    sq_params_text(&p, cert_id);
    identity_row_ctx ctx = { cb, payload };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, page, identity_row, &ctx, total);
    filter_params_free(&p);
    return rc;
}

static const filter_column permission_columns[PERMISSION_F_COUNT] = {
    [PERMISSION_F_TARGET] = { "p.target", NULL },
    [PERMISSION_F_RIGHTS] = { NULL, "EXISTS (SELECT 1 FROM permission_right r"
                                    " WHERE r.permission_id = p.id AND r.name = ?)" },
};

#define MAX_RIGHTS 256

typedef struct permission_row_ctx {
    store_permission_cb cb;
    void *payload;
    buf_t names;    /* rights of one row, NUL-separated: a column pointer
                       dies at the next step */
} permission_row_ctx;

static int permission_row(conn_t *c, sqlite3_stmt *st, void *ctx)
{
    permission_row_ctx *x = ctx;
    sqlite3_stmt *rs = sq_prep(c, "SELECT name FROM permission_right WHERE permission_id = ?"
                                  " ORDER BY position");
    if (!rs)
        return -1;
    const char *rights[MAX_RIGHTS];
    size_t offsets[MAX_RIGHTS], n = 0;
    buf_reset(&x->names);
    sqlite3_bind_int64(rs, 1, sqlite3_column_int64(st, 0));
    while (n < MAX_RIGHTS && sqlite3_step(rs) == SQLITE_ROW) {
        offsets[n++] = x->names.len;
        buf_append(&x->names, sq_col_text(rs, 0), (size_t)sqlite3_column_bytes(rs, 0) + 1);
    }
    sqlite3_reset(rs);
    if (buf_failed(&x->names))
        return -1;
    for (size_t i = 0; i < n; i++)
        rights[i] = x->names.data + offsets[i];
    store_permission perm = { sq_col_text(st, 1), rights, n };
    return x->cb(&perm, x->payload) ? 1 : 0;
}

store_rc sq_item_permissions(store_tx *tx, const char *cert_id, const char *item_id,
                             const store_page *page, store_permission_cb cb, void *payload,
                             int64_t *total)
{
#define PERMISSIONS_FROM                                                              \
    "FROM permission p JOIN review_item it ON it.access_type = 'ENTITLEMENT'"        \
    " AND p.entitlement_id = it.access_id WHERE it.id = ? AND it.certification_id = ?"
    static const page_sql sql = { PERMISSIONS_FROM, "SELECT p.id, p.target " PERMISSIONS_FROM,
                                  NULL, NULL, NULL, permission_columns, NULL, NULL, "p.id" };
#undef PERMISSIONS_FROM
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    permission_row_ctx ctx = { cb, payload, BUF_INIT };
    conn_t *c = tx_conn(tx);
    /* The item must belong to the certification, entitlement or not. */
    sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM review_item WHERE id = ? AND"
                                  " certification_id = ?");
    int r = SQLITE_ERROR;
    if (st) {
        sq_bind_text(st, 1, item_id);
        sq_bind_text(st, 2, cert_id);
        r = sqlite3_step(st);
        sqlite3_reset(st);
    }
    store_rc rc = r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
    if (rc == STORE_OK) {
        sq_params_text(&p, item_id);
        sq_params_text(&p, cert_id);
        rc = sq_run_page(c, &sql, &fixed, &p, page, permission_row, &ctx, total);
    }
    buf_free(&ctx.names);
    filter_params_free(&p);
    return rc;
}
