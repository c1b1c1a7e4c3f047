/*
 * campaigns: campaigns made and run through the API, in the SQLite
 * backend: their rows, generating their certifications, and the steps of
 * their lifecycle (see store.h, "campaigns").
 *
 * Generation is set-based: a handful of INSERT ... SELECT statements over
 * identity and assignment, whatever the size of the org, inside the
 * caller's one WRITE transaction. The steps meet in four TEMP tables of
 * the connection (emptied before and after): gen_pick (the identities a
 * SEARCH campaign lists), gen_scope (the access it keeps), gen_subject (one
 * row per subject: who reviews it) and gen_cert (one row per reviewer: its
 * new certification's id). Ids are made in SQL, 32 lowercase hex digits:
 * a certification's from randomblob, like random_hex_id's; identity
 * summaries and review items share a random 16-digit prefix per generation
 * followed by a 16-digit sequence, so that their primary-key index takes
 * them in order instead of at random places (the items' insert costs 40 %
 * less CPU at 450,000 items, measured with the sqlite3 shell).
 *
 * Callbacks are called only after the statement that found their rows is
 * reset: a callback may call the store (which may evict a cached
 * statement) without pulling a running one from under this file.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/util.h"

/* ------------------------------------------------------------------ */
/* reads                                                               */

#define CAMPAIGN_COLUMNS                                                                     \
    "c.id, c.name, c.description, c.type, c.status, c.correlated_status,"                   \
    " c.mandatory_comment, c.deadline, c.created, c.modified, c.email_notification,"        \
    " c.auto_revoke_allowed, c.recommendations_enabled, c.sunset_comments_required, c.info," \
    " c.alerts, (SELECT count(*) FROM certification x WHERE x.campaign_id = c.id),"         \
    " (SELECT count(*) FROM certification x WHERE x.campaign_id = c.id"                     \
    " AND x.phase = 'SIGNED')"

static const filter_column campaign_columns[CAMPAIGN_F_COUNT] = {
    [CAMPAIGN_F_ID] = { "c.id", NULL },
    [CAMPAIGN_F_NAME] = { "c.name COLLATE NOCASE", NULL },
    [CAMPAIGN_F_STATUS] = { "c.status COLLATE NOCASE", NULL },
};
static const char *const campaign_sorts[CAMPAIGN_S_COUNT] = {
    [CAMPAIGN_S_NAME] = "c.name COLLATE NOCASE", [CAMPAIGN_S_CREATED] = "c.created",
};

typedef struct campaign_ctx {
    store_campaign_cb cb;
    void *payload;
} campaign_ctx;

static void campaign_from(sqlite3_stmt *st, store_campaign *out)
{
    *out = (store_campaign){
        sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2), sq_col_text(st, 3),
        sq_col_text(st, 4), sq_col_text(st, 5), sq_col_text(st, 6), sq_col_text(st, 7),
        sq_col_text(st, 8), sq_col_text(st, 9),
        sqlite3_column_int(st, 10) != 0, sqlite3_column_int(st, 11) != 0,
        sqlite3_column_int(st, 12) != 0, sqlite3_column_int(st, 13) != 0,
        sq_col_text(st, 14), sq_col_text(st, 15),
        sqlite3_column_int64(st, 16), sqlite3_column_int64(st, 17),
    };
}

static int campaign_row(conn_t *c, sqlite3_stmt *st, void *arg)
{
    (void)c;
    campaign_ctx *x = arg;
    store_campaign row;
    campaign_from(st, &row);
    return x->cb(&row, x->payload) ? 1 : 0;
}

store_rc sq_campaign_list(store_tx *tx, const store_page *page, store_campaign_cb cb,
                          void *payload, int64_t *total)
{
#define FROM "FROM campaign c WHERE 1 = 1"
    static const page_sql sql = { FROM, "SELECT " CAMPAIGN_COLUMNS " " FROM, NULL, NULL, NULL,
                                  campaign_columns, campaign_sorts, "c.created", "c.id" };
#undef FROM
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    campaign_ctx ctx = { cb, payload };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, page, campaign_row, &ctx, total);
    filter_params_free(&p);
    return rc;
}

store_rc sq_campaign_get(store_tx *tx, const char *id, store_campaign_cb cb, void *payload)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT " CAMPAIGN_COLUMNS
                                            " FROM campaign c WHERE c.id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        store_campaign row;
        campaign_from(st, &row);
        cb(&row, payload);
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

store_rc sq_group_exists(store_tx *tx, const char *id, bool *exists)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT 1 FROM governance_group WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    return sq_found(st, exists);
}

/* The first column of every row of a bound statement, copied, then handed
 * to cb once the statement is reset. */
static store_rc each_id(sqlite3_stmt *st, store_id_cb cb, void *payload)
{
    char **ids = NULL;
    size_t n = 0, cap = 0;
    int r;
    store_rc rc = STORE_OK;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = sq_col_text(st, 0);
        char *copy = v ? strdup(v) : NULL;
        if (!copy || array_room((void **)&ids, n, &cap, sizeof *ids, 16) != 0) {
            free(copy);
            rc = STORE_ERROR;
            break;
        }
        ids[n++] = copy;
    }
    sqlite3_reset(st);
    if (rc == STORE_OK && r != SQLITE_DONE)
        rc = sq_rc(r);
    bool stop = false;
    for (size_t i = 0; i < n; i++) {
        if (rc == STORE_OK && !stop && cb(ids[i], payload))
            stop = true;
        free(ids[i]);
    }
    free(ids);
    return rc;
}

store_rc sq_campaign_open_certs(store_tx *tx, const char *campaign_id, store_id_cb cb,
                                void *payload)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT id FROM certification WHERE campaign_id = ?"
                                            " AND phase <> 'SIGNED' ORDER BY id");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, campaign_id);
    return each_id(st, cb, payload);
}

store_rc sq_cert_undecided_items(store_tx *tx, const char *cert_id, store_id_cb cb,
                                 void *payload)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT id FROM review_item WHERE"
                                            " certification_id = ? AND decision IS NULL"
                                            " ORDER BY id");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    return each_id(st, cb, payload);
}

/* ------------------------------------------------------------------ */
/* writes                                                              */

store_rc sq_campaign_insert(store_tx *tx, const store_campaign_new *n, char id_out[65])
{
    conn_t *c = tx_conn(tx);
    char id[33];
    if (random_hex_id(id) != 0)
        return STORE_ERROR;
    sqlite3_stmt *st = sq_prep(c,
        "INSERT INTO campaign(id, name, description, type, status, correlated_status,"
        " mandatory_comment, deadline, created, modified, email_notification,"
        " auto_revoke_allowed, recommendations_enabled, sunset_comments_required, info)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!st)
        return STORE_ERROR;
    const char *text[] = { id, n->name, n->description, n->type, n->status,
                           n->correlated_status, n->mandatory_comment, n->deadline, n->now };
    for (int i = 0; i < 9; i++)
        sq_bind_text(st, i + 1, text[i]);
    sqlite3_bind_int(st, 10, n->email_notification);
    sqlite3_bind_int(st, 11, n->auto_revoke_allowed);
    sqlite3_bind_int(st, 12, n->recommendations_enabled);
    sqlite3_bind_int(st, 13, n->sunset_comments_required);
    sq_bind_text(st, 14, n->info_json);
    store_rc rc = sq_step_done(c, st);
    if (rc == STORE_OK)
        sq_copy_str(id_out, 65, id);
    return rc;
}

/* Runs a bound statement that changes one campaign: STORE_NOTFOUND when
 * it changed none. */
static store_rc one_changed(conn_t *c, sqlite3_stmt *st)
{
    store_rc rc = sq_step_done(c, st);
    return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

store_rc sq_campaign_set_status(store_tx *tx, const char *id, const char *status,
                                const char *now)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, "UPDATE campaign SET status = ?2, modified = ?3 WHERE id = ?1");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, status);
    sq_bind_text(st, 3, now);
    return one_changed(c, st);
}

store_rc sq_campaign_alert(store_tx *tx, const char *id, const char *level, const char *text)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, "UPDATE campaign SET alerts = json_insert(alerts, '$[#]',"
                                  " json_object('level', ?2, 'text', ?3)) WHERE id = ?1");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, level);
    sq_bind_text(st, 3, text);
    return one_changed(c, st);
}

store_rc sq_campaign_update(store_tx *tx, const char *id, const store_campaign_patch *p,
                            const char *now)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c,
        "UPDATE campaign SET name = coalesce(?2, name),"
        " description = CASE WHEN ?3 THEN ?4 ELSE description END,"
        " deadline = CASE WHEN ?5 THEN ?6 ELSE deadline END,"
        " email_notification = CASE WHEN ?7 >= 0 THEN ?7 ELSE email_notification END,"
        " auto_revoke_allowed = CASE WHEN ?8 >= 0 THEN ?8 ELSE auto_revoke_allowed END,"
        " recommendations_enabled = CASE WHEN ?9 >= 0 THEN ?9 ELSE recommendations_enabled END,"
        " modified = ?10 WHERE id = ?1");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, p->name);
    sqlite3_bind_int(st, 3, p->set_description);
    sq_bind_text(st, 4, p->description);
    sqlite3_bind_int(st, 5, p->set_deadline);
    sq_bind_text(st, 6, p->deadline);
    sqlite3_bind_int(st, 7, p->email_notification);
    sqlite3_bind_int(st, 8, p->auto_revoke_allowed);
    sqlite3_bind_int(st, 9, p->recommendations_enabled);
    sq_bind_text(st, 10, now);
    store_rc rc = one_changed(c, st);
    if (rc != STORE_OK || !p->set_deadline)
        return rc;
    if (!(st = sq_prep(c, "UPDATE certification SET due = ?2, modified = ?3"
                          " WHERE campaign_id = ?1")))
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, p->deadline);
    sq_bind_text(st, 3, now);
    return sq_step_done(c, st);
}

store_rc sq_campaign_certs_phase(store_tx *tx, const char *campaign_id, const char *from,
                                 const char *to, const char *now)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, "UPDATE certification SET phase = ?3, modified = ?4"
                                  " WHERE campaign_id = ?1 AND phase = ?2");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, campaign_id);
    sq_bind_text(st, 2, from);
    sq_bind_text(st, 3, to);
    sq_bind_text(st, 4, now);
    return sq_step_done(c, st);
}

store_rc sq_campaign_delete(store_tx *tx, const char *id, const char *now)
{
    conn_t *c = tx_conn(tx);
    static const char *const steps[] = {
        "UPDATE remediation SET cancelled = ?2 WHERE campaign_id = ?1 AND removed IS NULL"
        " AND cancelled IS NULL AND remove_at > ?2",
        "DELETE FROM review_item WHERE certification_id IN"
        " (SELECT id FROM certification WHERE campaign_id = ?1)",
        "DELETE FROM identity_summary WHERE certification_id IN"
        " (SELECT id FROM certification WHERE campaign_id = ?1)",
        "DELETE FROM certification WHERE campaign_id = ?1",
        "DELETE FROM campaign WHERE id = ?1",
    };
    store_rc rc = STORE_OK;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc == STORE_OK; i++) {
        sqlite3_stmt *st = sq_prep(c, steps[i]);
        if (!st)
            return STORE_ERROR;
        sq_bind_text(st, 1, id);
        if (sqlite3_bind_parameter_count(st) >= 2)
            sq_bind_text(st, 2, now);
        rc = sq_step_done(c, st);
    }
    return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

/* ------------------------------------------------------------------ */
/* generation                                                          */

static const char *const gen_tables[] = {
    "CREATE TEMP TABLE IF NOT EXISTS gen_pick(identity_id TEXT PRIMARY KEY COLLATE NOCASE)"
    " WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS gen_scope(access_type TEXT NOT NULL,"
    " access_id TEXT COLLATE NOCASE)",  /* access_id NULL: all access of that type */
    "CREATE TEMP TABLE IF NOT EXISTS gen_subject(identity_id TEXT PRIMARY KEY COLLATE NOCASE,"
    " reviewer_type TEXT, reviewer_id TEXT COLLATE NOCASE) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS gen_cert(reviewer_type TEXT NOT NULL,"
    " reviewer_id TEXT NOT NULL COLLATE NOCASE, cert_id TEXT NOT NULL,"
    " PRIMARY KEY (reviewer_type, reviewer_id)) WITHOUT ROWID",
};
static const char *const gen_clear[] = {
    "DELETE FROM temp.gen_pick", "DELETE FROM temp.gen_scope", "DELETE FROM temp.gen_subject",
    "DELETE FROM temp.gen_cert",
};

static store_rc run_all(conn_t *c, const char *const *sql, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = sq_prep(c, sql[i]);
        store_rc rc = st ? sq_step_done(c, st) : STORE_ERROR;
        if (rc != STORE_OK)
            return rc;
    }
    return STORE_OK;
}


/* "the assignment a is in scope" */
#define IN_SCOPE                                                                        \
    "(NOT EXISTS (SELECT 1 FROM temp.gen_scope) OR EXISTS (SELECT 1 FROM temp.gen_scope k" \
    " WHERE k.access_type = a.access_type AND (k.access_id IS NULL"                      \
    " OR k.access_id = a.access_id)))"
#define HOLDS_IN_SCOPE "EXISTS (SELECT 1 FROM assignment a WHERE a.identity_id = r.id AND " IN_SCOPE ")"
/* "gen_subject s would review its own access" */
#define SELF                                                                              \
    "((s.reviewer_type = 'IDENTITY' AND s.reviewer_id = s.identity_id) OR"                \
    " (s.reviewer_type = 'GOVERNANCE_GROUP' AND EXISTS (SELECT 1 FROM group_member m"      \
    " WHERE m.group_id = s.reviewer_id AND m.identity_id = s.identity_id)))"

/* The input: the listed identities and the scopes. */
static store_rc gen_input(conn_t *c, const store_gen_spec *g)
{
    for (size_t i = 0; g->identity_ids && i < g->identity_count; i++) {
        store_rc rc = sq_run(c, "INSERT OR IGNORE INTO temp.gen_pick(identity_id) VALUES (?)", 1,
                             g->identity_ids[i]);
        if (rc != STORE_OK)
            return rc;
    }
    for (size_t i = 0; i < g->scope_count; i++) {
        const store_access_scope *k = &g->scopes[i];
        const char *sql = "INSERT INTO temp.gen_scope(access_type, access_id) VALUES (?, ?)";
        store_rc rc = STORE_OK;
        if (k->all)
            rc = sq_run(c, sql, 2, k->access_type, (const char *)NULL);
        for (size_t j = 0; !k->all && j < k->id_count && rc == STORE_OK; j++)
            rc = sq_run(c, sql, 2, k->access_type, k->ids[j]);
        if (rc != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

/* The subjects and who reviews each; *unmanaged: those left out for want
 * of a manager. */
static store_rc gen_subjects(conn_t *c, const store_gen_spec *g, int64_t *unmanaged)
{
    const char *src = g->identity_ids
        ? "temp.gen_pick p JOIN identity r ON r.id = p.identity_id"
        : "identity r";
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO temp.gen_subject(identity_id, reviewer_type, reviewer_id)"
             " SELECT r.id, coalesce(?1, 'IDENTITY'), coalesce(?2, r.manager_id) FROM %s"
             " WHERE (?2 IS NOT NULL OR r.manager_id IS NOT NULL) AND " HOLDS_IN_SCOPE, src);
    sqlite3_stmt *st = sq_prep(c, sql);
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, g->reviewer_id ? g->reviewer_type : NULL);
    sq_bind_text(st, 2, g->reviewer_id);
    store_rc rc = sq_step_done(c, st);
    *unmanaged = 0;
    if (rc != STORE_OK || g->reviewer_id)
        return rc;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE r.manager_id IS NULL AND "
             HOLDS_IN_SCOPE, src);
    if (!(st = sq_prep(c, sql)))
        return STORE_ERROR;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *unmanaged = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

typedef struct self_row {
    char *id, *name, *manager_id, *manager_name;
} self_row;

/* Subjects who would review their own access: handed to cb, then moved to
 * their manager (or left out). */
static store_rc gen_self_review(conn_t *c, store_self_review_cb cb, void *payload)
{
    sqlite3_stmt *st = sq_prep(c,
        "SELECT s.identity_id, i.name, i.manager_id, m.name FROM temp.gen_subject s"
        " JOIN identity i ON i.id = s.identity_id LEFT JOIN identity m ON m.id = i.manager_id"
        " WHERE " SELF " ORDER BY s.identity_id");
    if (!st)
        return STORE_ERROR;
    self_row *rows = NULL;
    size_t n = 0, cap = 0;
    store_rc rc = STORE_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room((void **)&rows, n, &cap, sizeof *rows, 8) != 0) {
            rc = STORE_ERROR;
            break;
        }
        self_row *e = &rows[n++];
        const char *v[4] = { sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2),
                             sq_col_text(st, 3) };
        char **dst[4] = { &e->id, &e->name, &e->manager_id, &e->manager_name };
        for (int k = 0; k < 4; k++)
            if ((*dst[k] = v[k] ? strdup(v[k]) : NULL) == NULL && v[k])
                rc = STORE_ERROR;
    }
    sqlite3_reset(st);
    if (rc == STORE_OK && r != SQLITE_DONE)
        rc = sq_rc(r);
    for (size_t i = 0; i < n; i++) {
        if (rc == STORE_OK && cb)
            cb(rows[i].id, rows[i].name, rows[i].manager_id, rows[i].manager_name, payload);
        free(rows[i].id);
        free(rows[i].name);
        free(rows[i].manager_id);
        free(rows[i].manager_name);
    }
    free(rows);
    if (rc != STORE_OK || n == 0)
        return rc;
    static const char *const moves[] = {
        "UPDATE temp.gen_subject AS s SET reviewer_type = 'IDENTITY', reviewer_id ="
        " (SELECT manager_id FROM identity WHERE id = s.identity_id) WHERE " SELF,
        "DELETE FROM temp.gen_subject WHERE reviewer_id IS NULL",
    };
    return run_all(c, moves, 2);
}

/* One certification per reviewer, then the summaries and the items. */
static store_rc gen_write(conn_t *c, const char *campaign_id, const store_gen_spec *g,
                          store_generation_result *out)
{
    static const char CERTS[] =
        "INSERT INTO temp.gen_cert(reviewer_type, reviewer_id, cert_id)"
        " SELECT reviewer_type, reviewer_id, lower(hex(randomblob(16))) FROM"
        " (SELECT DISTINCT reviewer_type, reviewer_id FROM temp.gen_subject)";
    sqlite3_stmt *st = sq_prep(c, CERTS);
    store_rc rc = st ? sq_step_done(c, st) : STORE_ERROR;
    if (rc != STORE_OK)
        return rc;
    out->certifications = sqlite3_changes(c->db);
    st = sq_prep(c,
        "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id, phase, due,"
        " created, modified)"
        " SELECT g.cert_id, ?1 || coalesce(i.name, gg.name, g.reviewer_id), ?2, g.reviewer_type,"
        " g.reviewer_id, ?3, ?4, ?5, ?5 FROM temp.gen_cert g"
        " LEFT JOIN identity i ON g.reviewer_type = 'IDENTITY' AND i.id = g.reviewer_id"
        " LEFT JOIN governance_group gg ON g.reviewer_type = 'GOVERNANCE_GROUP'"
        " AND gg.id = g.reviewer_id");
    if (!st)
        return STORE_ERROR;
    const char *v[] = { g->name_prefix, campaign_id, g->phase, g->due, g->now };
    for (int i = 0; i < 5; i++)
        sq_bind_text(st, i + 1, v[i]);
    if ((rc = sq_step_done(c, st)) != STORE_OK)
        return rc;
    static const char SUMMARIES[] =
        "INSERT INTO identity_summary(id, certification_id, identity_id, identity_name)"
        " SELECT printf('%s%016x', ?1, row_number() OVER ()), g.cert_id, s.identity_id, "
        SQ_IDENTITY_NAME("s.identity_id")
        " FROM temp.gen_subject s"
        " JOIN temp.gen_cert g ON g.reviewer_type = s.reviewer_type"
        " AND g.reviewer_id = s.reviewer_id";
    static const char ITEMS[] =
        "INSERT INTO review_item(id, certification_id, summary_id, identity_id, access_type,"
        " access_id, identity_name, access_name, entitlement_source, access_profile_source)"
        " SELECT printf('%s%016x', ?1, row_number() OVER ()), g.cert_id, sm.id, a.identity_id,"
        " a.access_type, a.access_id, sm.identity_name, "
        SQ_ACCESS_NAME("a.access_type", "a.access_id") ", "
        SQ_ENT_SOURCE("a.access_type", "a.access_id") ", "
        SQ_PROFILE_SOURCE("a.access_type", "a.access_id")
        " FROM temp.gen_subject s"
        " JOIN temp.gen_cert g ON g.reviewer_type = s.reviewer_type"
        " AND g.reviewer_id = s.reviewer_id"
        " JOIN identity_summary sm ON sm.certification_id = g.cert_id"
        " AND sm.identity_id = s.identity_id"
        " JOIN assignment a ON a.identity_id = s.identity_id WHERE " IN_SCOPE;
    char prefix[2][33];
    if (random_hex_id(prefix[0]) != 0 || random_hex_id(prefix[1]) != 0)
        return STORE_ERROR;
    prefix[0][16] = prefix[1][16] = '\0';
    if ((rc = sq_run(c, SUMMARIES, 1, prefix[0])) != STORE_OK)
        return rc;
    if ((rc = sq_run(c, ITEMS, 1, prefix[1])) != STORE_OK)
        return rc;
    out->items = sqlite3_changes(c->db);
    /* The counters, as sq_recount derives them, for every new
     * certification at once. */
    static const char COUNTERS[] =
        "UPDATE certification SET"
        " decisions_total = (SELECT count(*) FROM review_item i"
        "  WHERE i.certification_id = certification.id),"
        " decisions_made = (SELECT count(*) FROM review_item i"
        "  WHERE i.certification_id = certification.id AND i.decision IS NOT NULL),"
        " entities_total = (SELECT count(*) FROM identity_summary s"
        "  WHERE s.certification_id = certification.id),"
        " entities_completed = (SELECT count(*) FROM identity_summary s"
        "  WHERE s.certification_id = certification.id AND NOT EXISTS (SELECT 1"
        "  FROM review_item i WHERE i.summary_id = s.id AND i.decision IS NULL)),"
        " completed = NOT EXISTS (SELECT 1 FROM review_item i"
        "  WHERE i.certification_id = certification.id AND i.decision IS NULL)"
        " WHERE id IN (SELECT cert_id FROM temp.gen_cert)";
    return run_all(c, (const char *const[]){ COUNTERS }, 1);
}

store_rc sq_campaign_generate(store_tx *tx, const char *campaign_id, const store_gen_spec *g,
                              store_self_review_cb self_cb, void *payload,
                              store_generation_result *out)
{
    conn_t *c = tx_conn(tx);
    *out = (store_generation_result){ 0, 0, 0 };
    store_rc rc = run_all(c, gen_tables, sizeof gen_tables / sizeof gen_tables[0]);
    if (rc == STORE_OK)
        rc = run_all(c, gen_clear, sizeof gen_clear / sizeof gen_clear[0]);
    if (rc == STORE_OK)
        rc = gen_input(c, g);
    if (rc == STORE_OK)
        rc = gen_subjects(c, g, &out->unmanaged);
    if (rc == STORE_OK)
        rc = gen_self_review(c, self_cb, payload);
    if (rc == STORE_OK)
        rc = gen_write(c, campaign_id, g, out);
    /* Emptied either way: the connection goes back to the pool. */
    store_rc cleared = run_all(c, gen_clear, sizeof gen_clear / sizeof gen_clear[0]);
    return rc != STORE_OK ? rc : cleared;
}
