/*
 * pool: the SQLite backend's connections, their statement caches,
 * transactions, open / create / publish / close, the generation counter,
 * and the backend's function table. See internal.h for the model.
 */
#include "internal.h"

#include <stdarg.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* connections                                                         */

void sq_log(sqlite3 *db, const char *what)
{
    fprintf(stderr, "store: %s: %s\n", what, sqlite3_errmsg(db));
}

store_rc sq_rc(int rc)
{
    switch (rc) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return STORE_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return STORE_BUSY;
    case SQLITE_CONSTRAINT: return STORE_CONFLICT;
    default: return STORE_ERROR;
    }
}

int sq_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "store: %s\n", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
    }
    return rc;
}

static conn_t *conn_open(sq_store *s, char *err, size_t err_len)
{
    const char *path = s->path;
    bool unjournaled = s->final_path != NULL;
    conn_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->tx.backend = &store_sqlite_backend;
    c->s = s;
    int rc = sqlite3_open_v2(path, &c->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, err_len, "cannot open %s: %s", path,
                 c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    c->seen_version = -1;
    sqlite3_busy_timeout(c->db, 10000);
    if (sq_exec(c->db, unjournaled ? "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                                   : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") !=
            SQLITE_OK ||
        sq_exec(c->db, "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY;"
                       "PRAGMA cache_size=-32768;") != SQLITE_OK ||
        sq_tasks_register(c->db) != SQLITE_OK) {
        snprintf(err, err_len, "cannot configure %s: %s", path, sqlite3_errmsg(c->db));
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    if (!unjournaled)
        sq_checkpointer_watch(&s->checkpointer, c->db);
    return c;
}

static void conn_close(conn_t *c)
{
    if (!c)
        return;
    for (int i = 0; i < STMT_CACHE; i++) {
        sqlite3_finalize(c->cache[i].stmt);
        free(c->cache[i].sql);
    }
    for (int i = 0; i < COUNT_CACHE; i++)
        free(c->counts[i].key);
    sqlite3_close(c->db);
    free(c);
}

conn_t *sq_acquire(sq_store *s)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        if (s->free_list) {
            conn_t *c = s->free_list;
            s->free_list = c->next;
            pthread_mutex_unlock(&s->mu);
            return c;
        }
        if (s->open_count < s->max_count) {
            s->open_count++;
            pthread_mutex_unlock(&s->mu);
            char err[256];
            conn_t *c = conn_open(s, err, sizeof err);
            if (!c) {
                fprintf(stderr, "store: %s\n", err);
                pthread_mutex_lock(&s->mu);
                s->open_count--;
                pthread_mutex_unlock(&s->mu);
            }
            return c;
        }
        pthread_cond_wait(&s->cv, &s->mu);
    }
}

void sq_release(conn_t *c)
{
    if (!c)
        return;
    sq_store *s = c->s;
    /* A connection's own commits do not move its data_version: count them
     * here, after the commit, before another caller can read through it. */
    int64_t changes = (int64_t)sqlite3_total_changes64(c->db);
    if (changes != c->seen_changes) {
        c->seen_changes = changes;
        atomic_fetch_add(&s->generation, 1);
    }
    pthread_mutex_lock(&s->mu);
    c->next = s->free_list;
    s->free_list = c;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* Returns a reset statement for sql from the connection's cache. */
sqlite3_stmt *sq_prep(conn_t *c, const char *sql)
{
    stmt_entry *victim = &c->cache[0];
    for (int i = 0; i < STMT_CACHE; i++) {
        stmt_entry *e = &c->cache[i];
        if (e->sql && strcmp(e->sql, sql) == 0) {
            e->used = ++c->clock;
            sqlite3_reset(e->stmt);
            sqlite3_clear_bindings(e->stmt);
            return e->stmt;
        }
        if (e->used < victim->used)
            victim = e;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        sq_log(c->db, "prepare");
        return NULL;
    }
    char *copy = strdup(sql);
    if (!copy) {
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_finalize(victim->stmt);
    free(victim->sql);
    victim->sql = copy;
    victim->stmt = st;
    victim->used = ++c->clock;
    return st;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

const char *sq_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Runs a statement that returns no rows; resets it. */
store_rc sq_step_done(conn_t *c, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW && rc != SQLITE_CONSTRAINT)
        sq_log(c->db, "step");
    sqlite3_reset(st);
    return sq_rc(rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

/* Transaction control runs through the statement cache like any query:
 * every read request begins and ends one, and parsing the text each time
 * (sqlite3_exec) was a visible share of a small request. */
static store_rc control(conn_t *c, const char *sql)
{
    sqlite3_stmt *st = sq_prep(c, sql);
    return st ? sq_step_done(c, st) : STORE_ERROR;
}

store_rc sq_begin(conn_t *c, bool write)
{
    return control(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

store_rc sq_commit(conn_t *c)
{
    return control(c, "COMMIT");
}

void sq_rollback(conn_t *c)
{
    if (!sqlite3_get_autocommit(c->db))
        control(c, "ROLLBACK");
}

void sq_copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

store_rc sq_run(conn_t *c, const char *sql, int n, ...)
{
    sqlite3_stmt *st = sq_prep(c, sql);
    if (!st)
        return STORE_ERROR;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        sq_bind_text(st, i, va_arg(ap, const char *));
    va_end(ap);
    return sq_step_done(c, st);
}

store_rc sq_select_id(sqlite3_stmt *st, char out[65])
{
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        sq_copy_str(out, 65, sq_col_text(st, 0));
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

store_rc sq_found(sqlite3_stmt *st, bool *found)
{
    int r = sqlite3_step(st);
    *found = r == SQLITE_ROW;
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

/* ------------------------------------------------------------------ */
/* transactions: the transaction is the borrowed connection            */

static store_rc tx_begin(store_t *store, store_mode mode, store_tx **out)
{
    sq_store *s = (sq_store *)store;
    conn_t *c = sq_acquire(s);
    if (!c)
        return STORE_ERROR;
    store_rc rc = sq_begin(c, mode == STORE_WRITE);
    if (rc != STORE_OK) {
        sq_rollback(c);
        sq_release(c);
        return rc;
    }
    c->tx.mode = mode;
    *out = &c->tx;
    return STORE_OK;
}

static store_rc tx_commit(store_tx *tx)
{
    conn_t *c = tx_conn(tx);
    store_rc rc = sq_commit(c);
    if (rc != STORE_OK)
        sq_rollback(c);
    sq_release(c);
    return rc;
}

static void tx_rollback(store_tx *tx)
{
    conn_t *c = tx_conn(tx);
    sq_rollback(c); /* a read transaction: ends the snapshot */
    sq_release(c);
}

/* ------------------------------------------------------------------ */
/* open, create, publish                                               */

static void cache_budget(size_t bytes)
{
    /* Each connection's cache_size is a per-connection ceiling; the pool
     * grows with the cores, so the process-wide bound is the heap limit. */
    if (bytes)
        sqlite3_soft_heap_limit64((sqlite3_int64)bytes);
}

static void sq_close(store_t *store);

/* Opens and migrates the store at path; final_path is set for store_create
 * (path is then its temporary file). */
static store_rc open_at(store_t **out, const char *path, const char *final_path, int pool_size,
                        char *err, size_t err_len)
{
    sq_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path)) || (final_path && !(s->final_path = strdup(final_path)))) {
        if (s)
            free(s->path);
        free(s);
        snprintf(err, err_len, "out of memory");
        return STORE_ERROR;
    }
    s->base.backend = &store_sqlite_backend;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->max_count = pool_size > 0 ? pool_size : 8;
    conn_t *c = conn_open(s, err, err_len);
    if (!c) {
        sq_close(&s->base);
        return STORE_ERROR;
    }
    s->open_count = 1;
    int from = 0;
    store_rc rc = sq_migrate(c, &from, err, err_len);
    s->base.created = from == 0;
    if (rc == STORE_OK && !final_path && sq_checkpointer_start(&s->checkpointer, path) == 0)
        sq_checkpointer_watch(&s->checkpointer, c->db); /* later connections watch as opened */
    sq_release(c);
    if (rc != STORE_OK) {
        sq_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return STORE_OK;
}

static store_rc sq_open(store_t **out, const char *path, int pool_size, char *err,
                        size_t err_len)
{
    return open_at(out, path, NULL, pool_size, err, err_len);
}

static store_rc sq_create(store_t **out, const char *path, char *err, size_t err_len)
{
    if (access(path, F_OK) == 0 || errno != ENOENT) {
        snprintf(err, err_len, "%s exists", path);
        return STORE_CONFLICT;
    }
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.building", path) >= sizeof tmp) {
        snprintf(err, err_len, "store path too long");
        return STORE_INVALID;
    }
    /* What an interrupted build left behind is nobody's store. */
    unlink(tmp);
    /* One connection: there is no journal to let readers beside the writer. */
    char why[256] = "";
    store_rc rc = open_at(out, tmp, path, 1, why, sizeof why);
    if (rc != STORE_OK) /* name the path the caller gave, then the reason */
        snprintf(err, err_len, "cannot create %s: %s", path, why);
    return rc;
}

/* fsync of a file or directory by name. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static store_rc sq_publish(store_t *store, char *err, size_t err_len)
{
    sq_store *s = (sq_store *)store;
    store_rc rc = STORE_ERROR;
    conn_t *c = s->final_path ? sq_acquire(s) : NULL;
    if (!c) {
        snprintf(err, err_len, "not a store being created");
        goto done;
    }
    /* Readers will need the write-ahead log; the mode is kept in the file. */
    if (sq_exec(c->db, "PRAGMA journal_mode=WAL") != SQLITE_OK) {
        snprintf(err, err_len, "cannot switch %s to WAL mode", s->path);
        sq_release(c);
        goto done;
    }
    sq_release(c);
    while (s->free_list) { /* closed before the file moves */
        conn_t *f = s->free_list;
        s->free_list = f->next;
        conn_close(f);
    }
    /* synchronous=OFF wrote without syncing: make the data durable before
     * the name makes it the store. link() refuses to replace a store that
     * appeared meanwhile, where rename() would clobber it. */
    if (sync_path(s->path, O_RDONLY) != 0) {
        snprintf(err, err_len, "cannot sync %s: %s", s->path, strerror(errno));
        goto done;
    }
    if (link(s->path, s->final_path) != 0) {
        snprintf(err, err_len, "cannot create %s: %s", s->final_path, strerror(errno));
        rc = errno == EEXIST ? STORE_CONFLICT : STORE_ERROR;
        goto done;
    }
    unlink(s->path);
    char *slash = strrchr(s->final_path, '/');
    if (slash) {
        *slash = '\0';
        sync_path(*s->final_path ? s->final_path : "/", O_RDONLY | O_DIRECTORY);
        *slash = '/';
    } else {
        sync_path(".", O_RDONLY | O_DIRECTORY);
    }
    free(s->final_path);
    s->final_path = NULL; /* published: store_close keeps it */
    rc = STORE_OK;
done:
    sq_close(&s->base);
    return rc;
}

static void sq_close(store_t *store)
{
    sq_store *s = (sq_store *)store;
    if (!s)
        return;
    sq_checkpointer_stop(&s->checkpointer);
    while (s->free_list) {
        conn_t *c = s->free_list;
        s->free_list = c->next;
        conn_close(c);
    }
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    if (s->final_path) { /* created, never published */
        unlink(s->path);
        free(s->final_path);
    }
    free(s->path);
    free(s);
}

/* The generation moves on whenever some connection sees that the data
 * may have changed: its own writes (counted in release) or commits by any
 * other connection or process (its PRAGMA data_version moved). Every
 * connection looks at least once, when first asked, so a commit by anyone
 * is noticed by the first store_generation after it, whichever connection
 * that borrows. A result derived from a snapshot taken after reading
 * generation g is therefore current for as long as the generation is g. */
static store_rc sq_generation(store_t *store, uint64_t *out)
{
    sq_store *s = (sq_store *)store;
    conn_t *c = sq_acquire(s);
    if (!c)
        return STORE_ERROR;
    sqlite3_stmt *st = sq_prep(c, "PRAGMA data_version");
    int r = st ? sqlite3_step(st) : SQLITE_ERROR;
    store_rc rc = sq_rc(r);
    if (r == SQLITE_ROW) {
        int64_t version = sqlite3_column_int64(st, 0);
        if (version != c->seen_version) {
            c->seen_version = version;
            atomic_fetch_add(&s->generation, 1);
        }
        *out = atomic_load(&s->generation);
    } else if (st) {
        sq_log(c->db, "data_version");
    }
    if (st)
        sqlite3_reset(st);
    sq_release(c);
    return rc;
}

const store_backend store_sqlite_backend = {
    .version = STORE_BACKEND_VERSION,
    .name = "sqlite",
    .open = sq_open,
    .create = sq_create,
    .publish = sq_publish,
    .close = sq_close,
    .cache_budget = cache_budget,
    .generation = sq_generation,
    .begin = tx_begin,
    .commit = tx_commit,
    .rollback = tx_rollback,
    .signing_key = sq_signing_key,
    .client_get = sq_client_get,
    .identity_get = sq_identity_get,
    .identity_exists = sq_identity_exists,
    .group_has_member = sq_group_has_member,
    .cert_list = sq_cert_list,
    .cert_access = sq_cert_access,
    .reviewer_list = sq_reviewer_list,
    .item_permissions = sq_item_permissions,
    .cert_head_get = sq_cert_head_get,
    .ref_exists = sq_ref_exists,
    .ref_covers = sq_ref_covers,
    .reassign_target_find = sq_reassign_target_find,
    .cert_insert = sq_cert_insert,
    .items_move = sq_items_move,
    .cert_recount = sq_cert_recount,
    .cert_touch = sq_cert_touch,
    .task_insert = sq_task_insert,
    .task_get = sq_task_get,
    .tasks_pending = sq_tasks_pending,
    .task_runnable = sq_task_runnable,
    .task_claim = sq_task_claim,
    .task_finish = sq_task_finish,
    .task_recover = sq_task_recover,
    .writer_begin = sq_writer_begin,
    .writer_commit = sq_writer_commit,
    .writer_rollback = sq_writer_rollback,
    .w_is_empty = sq_w_is_empty,
    .w_exists = sq_w_exists,
    .w_identity = sq_w_identity,
    .w_group = sq_w_group,
    .w_client = sq_w_client,
    .w_entitlement = sq_w_entitlement,
    .w_permission = sq_w_permission,
    .w_access_profile = sq_w_access_profile,
    .w_role = sq_w_role,
    .w_assignment = sq_w_assignment,
    .w_campaign = sq_w_campaign,
    .w_cert = sq_w_cert,
    .w_holder = sq_w_holder,
    .cert_get = sq_cert_get,
    .item_holder = sq_item_holder,
    .items_decide = sq_items_decide,
    .cert_undecided = sq_cert_undecided,
    .cert_sign = sq_cert_sign,
    .remediation_schedule = sq_remediation_schedule,
    .remediation_run_due = sq_remediation_run_due,
    .remediation_next = sq_remediation_next,
    .remediation_list = sq_remediation_list,
    .campaign_exists = sq_campaign_exists,
    .campaign_progress = sq_campaign_progress,
    .campaigns_progress = sq_campaigns_progress,
    .task_list = sq_task_list,
    .w_summary = sq_w_summary,
    .w_item = sq_w_item,
    .item_list = sq_item_list,
    .summary_list = sq_summary_list,
    .summary_get = sq_summary_get,
    .access_summary_list = sq_access_summary_list,
    .decision_counts_get = sq_decision_counts_get,
    /* version 4: campaigns (campaigns.c) */
    .campaign_list = sq_campaign_list,
    .campaign_get = sq_campaign_get,
    .campaign_insert = sq_campaign_insert,
    .campaign_set_status = sq_campaign_set_status,
    .campaign_alert = sq_campaign_alert,
    .campaign_update = sq_campaign_update,
    .campaign_generate = sq_campaign_generate,
    .campaign_certs_phase = sq_campaign_certs_phase,
    .campaign_open_certs = sq_campaign_open_certs,
    .cert_undecided_items = sq_cert_undecided_items,
    .campaign_delete = sq_campaign_delete,
    .group_exists = sq_group_exists,
};
