/*
 * writer: the bulk writer (import, demo): one long WRITE transaction on one
 * connection, with a large page cache for its lifetime, and the derived
 * counters of every certification it touched recounted once at commit.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdlib.h>

#include "../../common/clock.h"

typedef struct sq_writer {
    store_writer base;      /* first */
    conn_t *c;
} sq_writer;

static conn_t *wconn(store_writer *w)
{
    return ((sq_writer *)w)->c;
}

store_rc sq_writer_begin(store_t *store, store_writer **out)
{
    *out = NULL;
    sq_writer *w = calloc(1, sizeof *w);
    if (!w)
        return STORE_ERROR;
    w->base.backend = &store_sqlite_backend;
    w->c = sq_acquire((sq_store *)store);
    if (!w->c) {
        free(w);
        return STORE_ERROR;
    }
    /* Certifications whose items changed; recounted once at commit. */
    store_rc rc = sq_rc(sq_exec(w->c->db, "CREATE TEMP TABLE IF NOT EXISTS touched_cert"
                                          " (id TEXT PRIMARY KEY COLLATE NOCASE)"));
    /* A bulk load overflows the default page cache many times over; a large
     * cache for the writer's lifetime cuts the I/O several-fold. */
    if (rc == STORE_OK)
        rc = sq_rc(sq_exec(w->c->db, "PRAGMA cache_size=-262144"));
    if (rc == STORE_OK)
        rc = sq_begin(w->c, true);
    /* Identities and access replaced; their names are copied onto items and
     * summaries again at commit (see "denormalized names" in internal.h). */
    if (rc == STORE_OK)
        rc = sq_rc(sq_exec(w->c->db, "CREATE TEMP TABLE IF NOT EXISTS replaced"
                                     " (kind TEXT NOT NULL, id TEXT NOT NULL COLLATE NOCASE,"
                                     " PRIMARY KEY (kind, id))"));
    if (rc == STORE_OK)
        rc = sq_rc(sq_exec(w->c->db, "DELETE FROM temp.touched_cert; DELETE FROM temp.replaced"));
    if (rc != STORE_OK) {
        sq_writer_rollback(&w->base);
        return rc;
    }
    *out = &w->base;
    return STORE_OK;
}

/* The names items and summaries copy from what this writer replaced, made
 * current: one pass over the items, and only when something was replaced. */
static store_rc rename_copies(conn_t *c)
{
    bool any = false;
    sqlite3_stmt *st = sq_prep(c, "SELECT 1 FROM temp.replaced LIMIT 1");
    store_rc rc = st ? sq_found(st, &any) : STORE_ERROR;
    if (rc != STORE_OK || !any)
        return rc;
    static const char *const sql[] = {
        "UPDATE review_item SET identity_name = " SQ_IDENTITY_NAME("review_item.identity_id")
        " WHERE identity_id IN (SELECT id FROM temp.replaced WHERE kind = 'IDENTITY')"
        " AND identity_name IS NOT " SQ_IDENTITY_NAME("review_item.identity_id"),
        "UPDATE identity_summary SET identity_name = "
        SQ_IDENTITY_NAME("identity_summary.identity_id")
        " WHERE identity_id IN (SELECT id FROM temp.replaced WHERE kind = 'IDENTITY')"
        " AND identity_name IS NOT " SQ_IDENTITY_NAME("identity_summary.identity_id"),
        "UPDATE review_item SET"
        " access_name = " SQ_ACCESS_NAME("review_item.access_type", "review_item.access_id") ","
        " entitlement_source = "
        SQ_ENT_SOURCE("review_item.access_type", "review_item.access_id") ","
        " access_profile_source = "
        SQ_PROFILE_SOURCE("review_item.access_type", "review_item.access_id")
        " WHERE (access_type, access_id) IN (SELECT kind, id FROM temp.replaced)",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && rc == STORE_OK; i++) {
        st = sq_prep(c, sql[i]);
        rc = st ? sq_step_done(c, st) : STORE_ERROR;
    }
    return rc;
}

store_rc sq_writer_commit(store_writer *base)
{
    sq_writer *w = (sq_writer *)base;
    conn_t *c = w->c;
    store_rc rc = rename_copies(c);
    sqlite3_stmt *st = rc == STORE_OK ? sq_prep(c, "SELECT id FROM temp.touched_cert") : NULL;
    if (!st)
        rc = STORE_ERROR;
    /* sq_recount() reuses a different cached statement, so iterating st while
     * calling it is safe. */
    while (rc == STORE_OK && sqlite3_step(st) == SQLITE_ROW) {
        char id[65];
        sq_copy_str(id, sizeof id, sq_col_text(st, 0));
        rc = sq_recount(c, id);
    }
    if (st)
        sqlite3_reset(st);
    if (rc == STORE_OK)
        rc = sq_rc(sq_exec(c->db, "DELETE FROM temp.touched_cert; DELETE FROM temp.replaced"));
    if (rc == STORE_OK)
        rc = sq_commit(c);
    if (rc != STORE_OK) {
        sq_writer_rollback(base);
        return rc;
    }
    sq_exec(c->db, "PRAGMA cache_size=-32768");
    sq_release(c);
    free(w);
    return STORE_OK;
}

void sq_writer_rollback(store_writer *base)
{
    sq_writer *w = (sq_writer *)base;
    if (!w)
        return;
    sq_rollback(w->c);
    sq_exec(w->c->db, "PRAGMA cache_size=-32768");
    sq_release(w->c);
    free(w);
}

static const char *const exists_sql[STORE_KIND_COUNT] = {
    [STORE_KIND_IDENTITY] = "SELECT 1 FROM identity WHERE id = ?",
    [STORE_KIND_GROUP] = "SELECT 1 FROM governance_group WHERE id = ?",
    [STORE_KIND_CLIENT] = "SELECT 1 FROM client WHERE client_id = ?",
    [STORE_KIND_ENTITLEMENT] = "SELECT 1 FROM entitlement WHERE id = ?",
    [STORE_KIND_ACCESS_PROFILE] = "SELECT 1 FROM access_profile WHERE id = ?",
    [STORE_KIND_ROLE] = "SELECT 1 FROM role WHERE id = ?",
    [STORE_KIND_CAMPAIGN] = "SELECT 1 FROM campaign WHERE id = ?",
    [STORE_KIND_CERTIFICATION] = "SELECT 1 FROM certification WHERE id = ?",
    [STORE_KIND_SUMMARY] = "SELECT 1 FROM identity_summary WHERE id = ?",
    [STORE_KIND_ITEM] = "SELECT 1 FROM review_item WHERE id = ?",
};

store_rc sq_w_exists(store_writer *w, store_kind kind, const char *id, bool *exists)
{
    sqlite3_stmt *st = sq_prep(wconn(w), exists_sql[kind]);
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    *exists = r == SQLITE_ROW;
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

store_rc sq_w_holder(store_writer *w, store_kind kind, const char *id, char cert_out[65])
{
    if (kind != STORE_KIND_SUMMARY && kind != STORE_KIND_ITEM)
        return STORE_NOTFOUND;
    sqlite3_stmt *st = sq_prep(wconn(w), kind == STORE_KIND_ITEM
                                             ? "SELECT certification_id FROM review_item WHERE id = ?"
                                             : "SELECT certification_id FROM identity_summary"
                                               " WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        sq_copy_str(cert_out, 65, sq_col_text(st, 0));
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

store_rc sq_w_is_empty(store_writer *w, bool *empty)
{
    sqlite3_stmt *st = sq_prep(wconn(w), "SELECT EXISTS (SELECT 1 FROM identity)"
                                  " OR EXISTS (SELECT 1 FROM certification)");
    if (!st)
        return STORE_ERROR;
    int r = sqlite3_step(st);
    *empty = r == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

/* Binds each of the n strings in order and runs sql. */
static store_rc run(store_writer *w, const char *sql, int n, ...)
{
    sqlite3_stmt *st = sq_prep(wconn(w), sql);
    if (!st)
        return STORE_ERROR;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        sq_bind_text(st, i, va_arg(ap, const char *));
    va_end(ap);
    return sq_step_done(wconn(w), st);
}

/* Remembers that an identity or an access (kind: "IDENTITY" or the access
 * type) was replaced, for rename_copies at commit. */
static store_rc replaced(store_writer *w, const char *kind, const char *id)
{
    return run(w, "INSERT OR IGNORE INTO temp.replaced(kind, id) VALUES (?, ?)", 2, kind, id);
}

store_rc sq_w_identity(store_writer *w, bool replace, const char *id, const char *name,
                          const char *email, const char *manager_id, const char *authorities_json)
{
    store_rc rc = run(w, replace ? "INSERT INTO identity(id, name, email, manager_id, authorities)"
                            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                            " name = excluded.name, email = excluded.email,"
                            " manager_id = excluded.manager_id, authorities = excluded.authorities"
                          : "INSERT INTO identity(id, name, email, manager_id, authorities)"
                            " VALUES (?, ?, ?, ?, ?)",
               5, id, name, email, manager_id, authorities_json ? authorities_json : "[]");
    return rc == STORE_OK && replace ? replaced(w, "IDENTITY", id) : rc;
}

store_rc sq_w_group(store_writer *w, bool replace, const char *id, const char *name,
                       const char *const *member_ids, size_t member_count)
{
    store_rc rc = run(w, replace ? "INSERT INTO governance_group(id, name) VALUES (?, ?)"
                                   " ON CONFLICT(id) DO UPDATE SET name = excluded.name"
                                 : "INSERT INTO governance_group(id, name) VALUES (?, ?)",
                      2, id, name);
    if (rc == STORE_OK && replace)
        rc = run(w, "DELETE FROM group_member WHERE group_id = ?", 1, id);
    for (size_t i = 0; i < member_count && rc == STORE_OK; i++)
        rc = run(w, "INSERT OR IGNORE INTO group_member(group_id, identity_id) VALUES (?, ?)", 2,
                 id, member_ids[i]);
    return rc;
}

store_rc sq_w_client(store_writer *w, bool replace, const char *client_id,
                        const char *secret_hash, const char *identity_id, const char *name)
{
    return run(w, replace ? "INSERT INTO client(client_id, secret_hash, identity_id, name)"
                            " VALUES (?, ?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET"
                            " secret_hash = excluded.secret_hash,"
                            " identity_id = excluded.identity_id, name = excluded.name"
                          : "INSERT INTO client(client_id, secret_hash, identity_id, name)"
                            " VALUES (?, ?, ?, ?)",
               4, client_id, secret_hash, identity_id, name);
}

store_rc sq_w_entitlement(store_writer *w, bool replace, const char *id, const char *name,
                             const char *source, const char *attribute, const char *value)
{
    store_rc rc = run(w, replace ? "INSERT INTO entitlement(id, name, source, attribute, value)"
                                   " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                                   " name = excluded.name, source = excluded.source,"
                                   " attribute = excluded.attribute, value = excluded.value"
                                 : "INSERT INTO entitlement(id, name, source, attribute, value)"
                                   " VALUES (?, ?, ?, ?, ?)",
                      5, id, name, source, attribute, value);
    if (rc == STORE_OK && replace)
        rc = replaced(w, "ENTITLEMENT", id);
    if (rc == STORE_OK && replace) {
        rc = run(w, "DELETE FROM permission_right WHERE permission_id IN"
                    " (SELECT id FROM permission WHERE entitlement_id = ?)", 1, id);
        if (rc == STORE_OK)
            rc = run(w, "DELETE FROM permission WHERE entitlement_id = ?", 1, id);
    }
    return rc;
}

store_rc sq_w_permission(store_writer *w, const char *entitlement_id, const char *target,
                            const char *const *rights, size_t right_count)
{
    store_rc rc = run(w, "INSERT INTO permission(entitlement_id, target) VALUES (?, ?)", 2,
                      entitlement_id, target);
    if (rc != STORE_OK)
        return rc;
    sqlite3_int64 pid = sqlite3_last_insert_rowid(wconn(w)->db);
    sqlite3_stmt *st = sq_prep(wconn(w), "INSERT INTO permission_right(permission_id, position,"
                                         " name) VALUES (?, ?, ?)");
    for (size_t i = 0; i < right_count && rc == STORE_OK; i++) {
        if (!st)
            return STORE_ERROR;
        sqlite3_bind_int64(st, 1, pid);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sq_bind_text(st, 3, rights[i]);
        rc = sq_step_done(wconn(w), st);
    }
    return rc;
}

store_rc sq_w_access_profile(store_writer *w, bool replace, const char *id, const char *name,
                                const char *source, const char *const *entitlement_ids,
                                size_t entitlement_count)
{
    store_rc rc = run(w, replace ? "INSERT INTO access_profile(id, name, source) VALUES (?, ?, ?)"
                                   " ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                                   " source = excluded.source"
                                 : "INSERT INTO access_profile(id, name, source) VALUES (?, ?, ?)",
                      3, id, name, source);
    if (rc == STORE_OK && replace)
        rc = replaced(w, "ACCESS_PROFILE", id);
    if (rc == STORE_OK && replace)
        rc = run(w, "DELETE FROM access_profile_entitlement WHERE access_profile_id = ?", 1, id);
    for (size_t i = 0; i < entitlement_count && rc == STORE_OK; i++)
        rc = run(w, "INSERT OR IGNORE INTO access_profile_entitlement(access_profile_id,"
                    " entitlement_id) VALUES (?, ?)", 2, id, entitlement_ids[i]);
    return rc;
}

store_rc sq_w_role(store_writer *w, bool replace, const char *id, const char *name,
                      const char *const *access_profile_ids, size_t ap_count,
                      const char *const *entitlement_ids, size_t ent_count)
{
    store_rc rc = run(w, replace ? "INSERT INTO role(id, name) VALUES (?, ?)"
                                   " ON CONFLICT(id) DO UPDATE SET name = excluded.name"
                                 : "INSERT INTO role(id, name) VALUES (?, ?)",
                      2, id, name);
    if (rc == STORE_OK && replace)
        rc = replaced(w, "ROLE", id);
    if (rc == STORE_OK && replace) {
        rc = run(w, "DELETE FROM role_access_profile WHERE role_id = ?", 1, id);
        if (rc == STORE_OK)
            rc = run(w, "DELETE FROM role_entitlement WHERE role_id = ?", 1, id);
    }
    for (size_t i = 0; i < ap_count && rc == STORE_OK; i++)
        rc = run(w, "INSERT OR IGNORE INTO role_access_profile(role_id, access_profile_id)"
                    " VALUES (?, ?)", 2, id, access_profile_ids[i]);
    for (size_t i = 0; i < ent_count && rc == STORE_OK; i++)
        rc = run(w, "INSERT OR IGNORE INTO role_entitlement(role_id, entitlement_id)"
                    " VALUES (?, ?)", 2, id, entitlement_ids[i]);
    return rc;
}

store_rc sq_w_assignment(store_writer *w, const char *identity_id, const char *access_type,
                            const char *access_id)
{
    store_rc rc = run(w, "INSERT OR IGNORE INTO assignment(identity_id, access_type, access_id)"
                         " VALUES (?, ?, ?)", 3, identity_id, access_type, access_id);
    if (rc == STORE_OK && sqlite3_changes(wconn(w)->db) == 0)
        rc = STORE_CONFLICT; /* held already: nothing written */
    return rc;
}

store_rc sq_w_campaign(store_writer *w, bool replace, const store_campaign_in *c)
{
    char now[32];
    clock_now_text(now);
    const char *created = c->created ? c->created : now;
    return run(w, replace
                   ? "INSERT INTO campaign(id, name, description, type, status, correlated_status,"
                     " mandatory_comment, deadline, created, modified)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                     " name = excluded.name, description = excluded.description,"
                     " type = excluded.type, status = excluded.status,"
                     " correlated_status = excluded.correlated_status,"
                     " mandatory_comment = excluded.mandatory_comment,"
                     " deadline = excluded.deadline, modified = excluded.modified"
                   : "INSERT INTO campaign(id, name, description, type, status, correlated_status,"
                     " mandatory_comment, deadline, created, modified)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               10, c->id, c->name, c->description, c->type, c->status,
               c->correlated_status ? c->correlated_status : "CORRELATED",
               c->mandatory_comment ? c->mandatory_comment : "NO_DECISIONS", c->deadline,
               created, now);
}

static store_rc touch(store_writer *w, const char *cert_id)
{
    return run(w, "INSERT OR IGNORE INTO temp.touched_cert(id) VALUES (?)", 1, cert_id);
}

store_rc sq_w_cert(store_writer *w, bool replace, const store_cert_in *c)
{
    char now[32];
    clock_now_text(now);
    /* ?9 is the given creation time (may be NULL): a replaced certification
     * keeps its original one unless the document says otherwise. */
    store_rc rc = run(w, replace
                   ? "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id,"
                     " phase, due, signed, created, modified, reassign_from_id, reassign_comment)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, ?10), ?10, ?11, ?12)"
                     " ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                     " campaign_id = excluded.campaign_id, reviewer_type = excluded.reviewer_type,"
                     " reviewer_id = excluded.reviewer_id, phase = excluded.phase,"
                     " due = excluded.due, signed = excluded.signed,"
                     " created = coalesce(?9, certification.created), modified = excluded.modified"
                   : "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id,"
                     " phase, due, signed, created, modified, reassign_from_id, reassign_comment)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, ?10), ?10, ?11, ?12)",
                   12, c->id, c->name, c->campaign_id, c->reviewer_type, c->reviewer_id, c->phase,
                   c->due, c->signed_at, c->created, now, c->reassign_from_id,
                   c->reassign_comment);
    if (rc == STORE_OK && replace) {
        rc = run(w, "DELETE FROM review_item WHERE certification_id = ?", 1, c->id);
        if (rc == STORE_OK)
            rc = run(w, "DELETE FROM identity_summary WHERE certification_id = ?", 1, c->id);
    }
    if (rc == STORE_OK)
        rc = touch(w, c->id);
    return rc;
}

store_rc sq_w_summary(store_writer *w, const char *id, const char *cert_id,
                         const char *identity_id)
{
    store_rc rc = run(w, "INSERT INTO identity_summary(id, certification_id, identity_id,"
                         " identity_name) VALUES (?1, ?2, ?3, " SQ_IDENTITY_NAME("?3") ")",
                      3, id, cert_id, identity_id);
    return rc == STORE_OK ? touch(w, cert_id) : rc;
}

store_rc sq_w_item(store_writer *w, const char *id, const char *cert_id,
                      const char *identity_id, const char *access_type, const char *access_id,
                      const char *decision, const char *comments)
{
    char summary[65];
    store_rc rc = sq_summary_for(wconn(w), cert_id, identity_id, summary);
    if (rc == STORE_OK)
        rc = run(w, "INSERT INTO review_item(id, certification_id, summary_id, identity_id,"
                    " access_type, access_id, decision, comments, identity_name, access_name,"
                    " entitlement_source, access_profile_source)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " SQ_IDENTITY_NAME("?4") ", "
                    SQ_ACCESS_NAME("?5", "?6") ", " SQ_ENT_SOURCE("?5", "?6") ", "
                    SQ_PROFILE_SOURCE("?5", "?6") ")",
                 8, id, cert_id, summary, identity_id, access_type, access_id, decision, comments);
    return rc == STORE_OK ? touch(w, cert_id) : rc;
}
