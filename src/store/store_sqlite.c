/*
 * store_sqlite: the SQLite backend of store.h.
 *
 * Concurrency model. SQLite in WAL mode lets many readers run beside one
 * writer. Each caller (an HTTP thread, a task worker) borrows a connection
 * from a small pool for the length of one store call, so there is no
 * connection shared between threads and no thread-local state. Every
 * connection caches its prepared statements (keyed by SQL text), including
 * the ones built from filters, so a repeated query shape is prepared once.
 *
 * Writes take the write lock up front (BEGIN IMMEDIATE): a deferred
 * transaction that reads and then writes can fail with SQLITE_BUSY at the
 * upgrade, which busy_timeout cannot cure.
 *
 * Durability: synchronous=NORMAL in WAL mode survives a crash of the process
 * (kill -9) with every committed transaction intact; only a power loss can
 * lose the last commits. That is the trade the issue asks for (crash-safe
 * tasks) at a fraction of FULL's cost.
 */
#include "../common/clock.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "../auth/auth.h"
#include "../common/jsonw.h"
#include "../common/util.h"

extern const char *const store_migrations[];
extern const size_t store_migration_count;

#define STMT_CACHE 48

typedef struct stmt_entry {
    char *sql;              /* owned copy; the cache key */
    sqlite3_stmt *stmt;
    uint64_t used;          /* for LRU eviction */
} stmt_entry;

#define COUNT_CACHE 16

/* A remembered count(*): valid while the database is unchanged, i.e. while
 * neither PRAGMA data_version (commits by other connections) nor
 * sqlite3_total_changes (this connection's own writes) has moved. */
typedef struct count_entry {
    char *key;              /* owned: SQL text and bound values */
    int64_t total;
    int64_t data_version, changes;
} count_entry;

typedef struct conn {
    sqlite3 *db;
    stmt_entry cache[STMT_CACHE];
    uint64_t clock;
    count_entry counts[COUNT_CACHE];
    unsigned next_count;    /* round-robin replacement */
    /* PRAGMA data_version as store_generation last saw it (-1: never), and
     * the connection's own row changes as last counted. */
    int64_t seen_version, seen_changes;
    struct conn *next;      /* free list */
} conn_t;

struct store {
    char *path;
    /* store_create: where the store goes once published; path is then the
     * temporary file it is built in, without a journal. */
    char *final_path;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    conn_t *free_list;
    int open_count, max_count;
    atomic_uint_fast64_t generation;    /* see store_generation */
};

struct store_writer {
    store_t *s;
    conn_t *c;
};

/* ------------------------------------------------------------------ */
/* connections                                                         */

static void log_db(sqlite3 *db, const char *what)
{
    fprintf(stderr, "store: %s: %s\n", what, sqlite3_errmsg(db));
}

static store_rc rc_from(int rc)
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

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "store: %s\n", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
    }
    return rc;
}

static conn_t *conn_open(const char *path, bool unjournaled, char *err, size_t err_len)
{
    conn_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
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
    if (exec(c->db, unjournaled ? "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                                : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") !=
            SQLITE_OK ||
        exec(c->db, "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY;"
                    "PRAGMA cache_size=-32768;") != SQLITE_OK) {
        snprintf(err, err_len, "cannot configure %s: %s", path, sqlite3_errmsg(c->db));
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
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

static conn_t *acquire(store_t *s)
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
            conn_t *c = conn_open(s->path, s->final_path != NULL, err, sizeof err);
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

static void release(store_t *s, conn_t *c)
{
    if (!c)
        return;
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
static sqlite3_stmt *prep(conn_t *c, const char *sql)
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
        log_db(c->db, "prepare");
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

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Runs a statement that returns no rows; resets it. */
static store_rc step_done(conn_t *c, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW && rc != SQLITE_CONSTRAINT)
        log_db(c->db, "step");
    sqlite3_reset(st);
    return rc_from(rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

/* Transaction control runs through the statement cache like any query:
 * every read request begins and ends one, and parsing the text each time
 * (sqlite3_exec) was a visible share of a small request. */
static store_rc control(conn_t *c, const char *sql)
{
    sqlite3_stmt *st = prep(c, sql);
    return st ? step_done(c, st) : STORE_ERROR;
}

static store_rc begin(conn_t *c, bool write)
{
    return control(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static store_rc commit(conn_t *c)
{
    return control(c, "COMMIT");
}

static void rollback(conn_t *c)
{
    if (!sqlite3_get_autocommit(c->db))
        control(c, "ROLLBACK");
}

/* ------------------------------------------------------------------ */
/* open and migrate                                                    */

static store_rc migrate(conn_t *c, char *err, size_t err_len)
{
    if (begin(c, true) != STORE_OK) {
        snprintf(err, err_len, "cannot lock the store to migrate it");
        return STORE_BUSY;
    }
    sqlite3_stmt *st = prep(c, "PRAGMA user_version");
    int version = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    if (st)
        sqlite3_reset(st);
    if ((size_t)version > store_migration_count) {
        rollback(c);
        snprintf(err, err_len, "store schema version %d is newer than this recertd (%zu)",
                 version, store_migration_count);
        return STORE_ERROR;
    }
    for (size_t v = (size_t)version; v < store_migration_count; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", v + 1);
        if (exec(c->db, store_migrations[v]) != SQLITE_OK || exec(c->db, pragma) != SQLITE_OK) {
            snprintf(err, err_len, "migration %zu failed: %s", v + 1, sqlite3_errmsg(c->db));
            rollback(c);
            return STORE_ERROR;
        }
    }
    if (commit(c) != STORE_OK) {
        snprintf(err, err_len, "cannot commit migrations: %s", sqlite3_errmsg(c->db));
        rollback(c);
        return STORE_ERROR;
    }
    return STORE_OK;
}

void store_cache_budget(size_t bytes)
{
    /* Each connection's cache_size is a per-connection ceiling; the pool
     * grows with the cores, so the process-wide bound is the heap limit. */
    if (bytes)
        sqlite3_soft_heap_limit64((sqlite3_int64)bytes);
}

/* The path of a store URL ("sqlite:PATH" or a bare path), or NULL. */
static const char *url_path(const char *url, char *err, size_t err_len)
{
    const char *path = url;
    if (strncmp(url, "sqlite:", 7) == 0)
        path = url + 7;
    else if (strstr(url, "://")) {
        snprintf(err, err_len, "unsupported store URL \"%s\" (use sqlite:PATH)", url);
        return NULL;
    }
    if (!*path) {
        snprintf(err, err_len, "empty store path");
        return NULL;
    }
    return path;
}

/* Opens and migrates the store at path; final_path is set for store_create
 * (path is then its temporary file). */
static store_rc open_at(store_t **out, const char *path, const char *final_path, int pool_size,
                        char *err, size_t err_len)
{
    store_t *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path)) || (final_path && !(s->final_path = strdup(final_path)))) {
        if (s)
            free(s->path);
        free(s);
        snprintf(err, err_len, "out of memory");
        return STORE_ERROR;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->max_count = pool_size > 0 ? pool_size : 8;
    conn_t *c = conn_open(s->path, s->final_path != NULL, err, err_len);
    if (!c) {
        store_close(s);
        return STORE_ERROR;
    }
    s->open_count = 1;
    store_rc rc = migrate(c, err, err_len);
    release(s, c);
    if (rc != STORE_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return STORE_OK;
}

store_rc store_open(store_t **out, const char *url, int pool_size, char *err, size_t err_len)
{
    *out = NULL;
    const char *path = url_path(url, err, err_len);
    return path ? open_at(out, path, NULL, pool_size, err, err_len) : STORE_INVALID;
}

store_rc store_create(store_t **out, const char *url, char *err, size_t err_len)
{
    *out = NULL;
    const char *path = url_path(url, err, err_len);
    if (!path)
        return STORE_INVALID;
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

store_rc store_publish(store_t *s, char *err, size_t err_len)
{
    store_rc rc = STORE_ERROR;
    conn_t *c = s->final_path ? acquire(s) : NULL;
    if (!c) {
        snprintf(err, err_len, "not a store being created");
        goto done;
    }
    /* Readers will need the write-ahead log; the mode is kept in the file. */
    if (exec(c->db, "PRAGMA journal_mode=WAL") != SQLITE_OK) {
        snprintf(err, err_len, "cannot switch %s to WAL mode", s->path);
        release(s, c);
        goto done;
    }
    release(s, c);
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
    store_close(s);
    return rc;
}

void store_close(store_t *s)
{
    if (!s)
        return;
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
store_rc store_generation(store_t *s, uint64_t *out)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    sqlite3_stmt *st = prep(c, "PRAGMA data_version");
    int r = st ? sqlite3_step(st) : SQLITE_ERROR;
    store_rc rc = rc_from(r);
    if (r == SQLITE_ROW) {
        int64_t version = sqlite3_column_int64(st, 0);
        if (version != c->seen_version) {
            c->seen_version = version;
            atomic_fetch_add(&s->generation, 1);
        }
        *out = atomic_load(&s->generation);
    } else if (st) {
        log_db(c->db, "data_version");
    }
    if (st)
        sqlite3_reset(st);
    release(s, c);
    return rc;
}

/* ------------------------------------------------------------------ */
/* secrets                                                             */

store_rc store_signing_key(store_t *s, unsigned char key[32])
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    store_rc rc = begin(c, true);
    if (rc != STORE_OK)
        goto done;
    sqlite3_stmt *st = prep(c, "SELECT value FROM meta WHERE key = 'jwt_key'");
    if (!st) {
        rc = STORE_ERROR;
        goto done;
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
        memcpy(key, sqlite3_column_blob(st, 0), 32);
        sqlite3_reset(st);
        rc = commit(c);
        goto done;
    }
    sqlite3_reset(st);
    if (auth_random(key, 32) != 0) {
        rc = STORE_ERROR;
        goto done;
    }
    st = prep(c, "INSERT OR REPLACE INTO meta(key, value) VALUES ('jwt_key', ?)");
    if (!st) {
        rc = STORE_ERROR;
        goto done;
    }
    sqlite3_bind_blob(st, 1, key, 32, SQLITE_TRANSIENT);
    rc = step_done(c, st);
    if (rc == STORE_OK)
        rc = commit(c);
done:
    if (rc != STORE_OK)
        rollback(c);
    release(s, c);
    return rc;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

store_rc store_client_get(store_t *s, const char *client_id, store_client *out)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    store_rc rc = STORE_ERROR;
    sqlite3_stmt *st = prep(c, "SELECT i.id, i.name, cl.secret_hash, i.authorities "
                               "FROM client cl JOIN identity i ON i.id = cl.identity_id "
                               "WHERE cl.client_id = ?");
    if (st) {
        bind_text(st, 1, client_id);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            copy_str(out->identity_id, sizeof out->identity_id, col_text(st, 0));
            copy_str(out->identity_name, sizeof out->identity_name, col_text(st, 1));
            copy_str(out->secret_hash, sizeof out->secret_hash, col_text(st, 2));
            copy_str(out->authorities, sizeof out->authorities, col_text(st, 3));
            rc = STORE_OK;
        } else {
            rc = r == SQLITE_DONE ? STORE_NOTFOUND : rc_from(r);
        }
        sqlite3_reset(st);
    }
    release(s, c);
    return rc;
}

/* ------------------------------------------------------------------ */
/* collection queries                                                  */

static int params_push(filter_params *p, filter_param v)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        filter_param *n = realloc(p->items, cap * sizeof *n);
        if (!n)
            return -1;
        p->items = n;
        p->cap = cap;
    }
    p->items[p->count++] = v;
    return 0;
}

static int params_text(filter_params *p, const char *text)
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
            bind_text(st, (int)i + 1, v->text);
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
    sqlite3_stmt *vs = prep(c, "PRAGMA data_version");
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
    sqlite3_stmt *st = prep(c, sql);
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
    return r == SQLITE_ROW ? STORE_OK : rc_from(r);
}

static bool filter_uses(const filter_node *n, int lo, int hi)
{
    if (!n)
        return false;
    if (n->kind == FILTER_NODE_CMP)
        return n->field_index >= lo && n->field_index <= hi;
    return filter_uses(n->left, lo, hi) || filter_uses(n->right, lo, hi);
}

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
    o->id = col_text(st, 0);
    o->name = col_text(st, 1);
    o->phase = col_text(st, 2);
    o->due = col_text(st, 3);
    o->signed_at = col_text(st, 4);
    o->created = col_text(st, 5);
    o->modified = col_text(st, 6);
    o->campaign_id = col_text(st, 7);
    o->campaign_name = col_text(st, 8);
    o->campaign_type = col_text(st, 9);
    o->campaign_description = col_text(st, 10);
    o->campaign_correlated_status = col_text(st, 11);
    o->campaign_mandatory_comment = col_text(st, 12);
    o->reviewer.type = col_text(st, 13);
    o->reviewer.id = col_text(st, 14);
    o->reviewer.name = col_text(st, 15);
    o->reviewer.email = col_text(st, 16);
    o->reassigned = sqlite3_column_type(st, 17) != SQLITE_NULL;
    o->from_id = col_text(st, 17);
    o->from_name = col_text(st, 18);
    o->from_reviewer.type = col_text(st, 19);
    o->from_reviewer.id = col_text(st, 20);
    o->from_reviewer.name = col_text(st, 21);
    o->from_reviewer.email = col_text(st, 22);
    o->reassign_comment = col_text(st, 23);
    o->has_errors = sqlite3_column_int(st, 24) != 0;
    o->error_message = col_text(st, 25);
    o->decisions_made = sqlite3_column_int64(st, 26);
    o->decisions_total = sqlite3_column_int64(st, 27);
    o->entities_completed = sqlite3_column_int64(st, 28);
    o->entities_total = sqlite3_column_int64(st, 29);
    o->completed = sqlite3_column_int(st, 30) != 0;
}

/* A row of a collection page: non-zero stops the walk (a negative value is
 * a failure). */
typedef int (*row_fn)(conn_t *c, sqlite3_stmt *st, void *ctx);

/* One page of a collection, inside the caller's read transaction so that
 * the count and the rows agree. fixed holds the operation's own conditions
 * (" AND ..."), whose values are already in p; the validated filter,
 * ordering and paging are added here. */
typedef struct page_sql {
    const char *count_from;             /* "FROM ... WHERE 1 = 1" for count(*) */
    const char *select;                 /* "SELECT ... FROM ... WHERE 1 = 1", or NULL
                                           for a keyed page (below) */
    /* A keyed page finds the page's keys first ("SELECT key AS pid"
     * count_from ... LIMIT OFFSET), which an index can answer without
     * reading rows however deep the offset, then reads just those rows, in
     * the keys' order: keyed_head "(" keys ")" keyed_tail, which must start
     * with "AS pg CROSS JOIN". */
    const char *key;                    /* e.g. "c.id" */
    const char *keyed_head, *keyed_tail;
    const filter_column *columns;       /* indexed like the field table */
    const char *const *sort_columns;    /* indexed like the sorter names */
    const char *default_order;          /* used without sorters; may be NULL */
    const char *tie;                    /* unique key: stable pages */
} page_sql;

/* The SQL text is assembled only from this file's constant fragments
 * (page_sql, REVIEWS_CLAUSE, the column tables) and filter_to_sql's output,
 * which holds column names, operators and placeholders: every value a
 * client sent travels in p and is bound, never pasted. */
static store_rc run_page(conn_t *c, const page_sql *q, const buf_t *fixed, filter_params *p,
                         const store_page *page, row_fn fn, void *ctx, int64_t *total)
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
        sqlite3_stmt *st = buf_failed(&sql) ? NULL : prep(c, sql.data);
        if (!st)
            goto done;
        bind_params(st, p);
        int r, stop = 0;
        while (!stop && (r = sqlite3_step(st)) == SQLITE_ROW)
            stop = fn(c, st, ctx);
        sqlite3_reset(st);
        if (stop < 0 || (!stop && r != SQLITE_DONE)) {
            rc = stop < 0 ? STORE_ERROR : rc_from(r);
            goto done;
        }
    }
    rc = STORE_OK;
done:
    buf_free(&where);
    buf_free(&sql);
    return rc;
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

store_rc store_cert_list(store_t *s, const store_cert_query *q, store_cert_cb cb, void *payload,
                         int64_t *total)
{
    static const char COUNT_FROM[] = "FROM certification c WHERE 1 = 1";
    static const char COUNT_FROM_CAMPAIGN[] =
        "FROM certification c JOIN campaign cp ON cp.id = c.campaign_id WHERE 1 = 1";
    /* The count joins campaigns only when a filter needs them. */
    page_sql sql = { filter_uses(q->page.filter, CERT_F_CAMPAIGN_TYPE, CERT_F_CAMPAIGN_TYPE)
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
            params_text(&p, narrow[i]);
            params_text(&p, narrow[i]);
        }
    conn_t *c = acquire(s);
    store_rc rc = c ? begin(c, false) : STORE_ERROR;
    cert_row_ctx ctx = { cb, payload };
    if (rc == STORE_OK)
        rc = run_page(c, &sql, &fixed, &p, &q->page, cert_row, &ctx, total);
    if (c) {
        rollback(c); /* read-only: ends the snapshot */
        release(s, c);
    }
    filter_params_free(&p);
    buf_free(&fixed);
    return rc;
}

static store_rc cert_access(conn_t *c, const char *cert_id, const char *identity_id, bool *exists,
                            bool *is_reviewer)
{
    sqlite3_stmt *st = prep(c,
        "SELECT (c.reviewer_type = 'IDENTITY' AND c.reviewer_id = ?2) OR"
        " (c.reviewer_type = 'GOVERNANCE_GROUP' AND EXISTS (SELECT 1 FROM group_member m"
        "  WHERE m.group_id = c.reviewer_id AND m.identity_id = ?2))"
        " FROM certification c WHERE c.id = ?1");
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, cert_id);
    bind_text(st, 2, identity_id ? identity_id : "");
    int r = sqlite3_step(st);
    if (exists)
        *exists = r == SQLITE_ROW;
    if (is_reviewer)
        *is_reviewer = r == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return (r == SQLITE_ROW || r == SQLITE_DONE) ? STORE_OK : rc_from(r);
}

store_rc store_cert_access(store_t *s, const char *cert_id, const char *identity_id,
                           bool *exists, bool *is_reviewer)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    store_rc rc = cert_access(c, cert_id, identity_id, exists, is_reviewer);
    release(s, c);
    return rc;
}

/* A gated read is one read transaction: the check and the read see one
 * snapshot, and take the database's read locks once, not twice (taking
 * them was most of a small request's store cost). */
static store_rc gated_begin(conn_t *c, store_cert_gate *g, const char *cert_id, bool *go)
{
    *go = false;
    store_rc rc = begin(c, false);
    if (rc != STORE_OK || !g) {
        *go = rc == STORE_OK;
        return rc;
    }
    rc = cert_access(c, cert_id, g->identity_id, &g->exists, &g->reviewer);
    *go = rc == STORE_OK && g->exists && (g->admin || g->reviewer);
    return rc;
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
    store_identity_ref ref = { col_text(st, 0), col_text(st, 1), col_text(st, 2) };
    return x->cb(&ref, x->payload) ? 1 : 0;
}

store_rc store_reviewer_list(store_t *s, store_cert_gate *gate, const char *cert_id,
                             const store_page *page, store_identity_cb cb, void *payload,
                             int64_t *total)
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
    params_text(&p, cert_id);
    params_text(&p, cert_id);
    conn_t *c = acquire(s);
    bool go = false;
    store_rc rc = c ? gated_begin(c, gate, cert_id, &go) : STORE_ERROR;
    identity_row_ctx ctx = { cb, payload };
    if (go)
        rc = run_page(c, &sql, &fixed, &p, page, identity_row, &ctx, total);
    if (c) {
        rollback(c); /* read-only: ends the snapshot */
        release(s, c);
    }
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
    sqlite3_stmt *rs = prep(c, "SELECT name FROM permission_right WHERE permission_id = ?"
                               " ORDER BY position");
    if (!rs)
        return -1;
    const char *rights[MAX_RIGHTS];
    size_t offsets[MAX_RIGHTS], n = 0;
    buf_reset(&x->names);
    sqlite3_bind_int64(rs, 1, sqlite3_column_int64(st, 0));
    while (n < MAX_RIGHTS && sqlite3_step(rs) == SQLITE_ROW) {
        offsets[n++] = x->names.len;
        buf_append(&x->names, col_text(rs, 0), (size_t)sqlite3_column_bytes(rs, 0) + 1);
    }
    sqlite3_reset(rs);
    if (buf_failed(&x->names))
        return -1;
    for (size_t i = 0; i < n; i++)
        rights[i] = x->names.data + offsets[i];
    store_permission perm = { col_text(st, 1), rights, n };
    return x->cb(&perm, x->payload) ? 1 : 0;
}

store_rc store_item_permissions(store_t *s, store_cert_gate *gate, const char *cert_id,
                                const char *item_id, const store_page *page,
                                store_permission_cb cb, void *payload, int64_t *total)
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
    conn_t *c = acquire(s);
    bool go = false;
    store_rc rc = c ? gated_begin(c, gate, cert_id, &go) : STORE_ERROR;
    if (go) {
        /* The item must belong to the certification, entitlement or not. */
        sqlite3_stmt *st = prep(c, "SELECT 1 FROM review_item WHERE id = ? AND"
                                   " certification_id = ?");
        int r = SQLITE_ERROR;
        if (st) {
            bind_text(st, 1, item_id);
            bind_text(st, 2, cert_id);
            r = sqlite3_step(st);
            sqlite3_reset(st);
        }
        rc = r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : rc_from(r);
    }
    if (go && rc == STORE_OK) {
        params_text(&p, item_id);
        params_text(&p, cert_id);
        rc = run_page(c, &sql, &fixed, &p, page, permission_row, &ctx, total);
    }
    if (c) {
        rollback(c); /* read-only: ends the snapshot */
        release(s, c);
    }
    buf_free(&ctx.names);
    filter_params_free(&p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* tasks                                                               */

static store_rc finish_task(conn_t *c, const char *task_id, const char *status,
                            const problems_t *problems, const char *now);

static const char TASK_SELECT[] =
    "SELECT id, certification_id, type, status, errors, created, modified FROM task";

static int emit_tasks(sqlite3_stmt *st, store_task_cb cb, void *payload, int *rows)
{
    int r;
    *rows = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        store_task t = { col_text(st, 0), col_text(st, 1), col_text(st, 2), col_text(st, 3),
                         col_text(st, 4), col_text(st, 5), col_text(st, 6) };
        (*rows)++;
        if (cb && cb(&t, payload))
            return SQLITE_DONE;
    }
    return r;
}

static const char *const reassign_kind_names[] = { "ITEM", "IDENTITY_SUMMARY", "TARGET_SUMMARY" };

/* Reviewer of a certification, read inside the caller's transaction. */
typedef struct cert_head {
    char reviewer_type[24];
    char reviewer_id[65];
    char phase[16];
    char campaign_id[65];
    char name[512];
    char due[32];
} cert_head;

static store_rc read_head(conn_t *c, const char *cert_id, cert_head *h)
{
    sqlite3_stmt *st = prep(c, "SELECT reviewer_type, reviewer_id, phase, campaign_id, name, due"
                               " FROM certification WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, cert_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        copy_str(h->reviewer_type, sizeof h->reviewer_type, col_text(st, 0));
        copy_str(h->reviewer_id, sizeof h->reviewer_id, col_text(st, 1));
        copy_str(h->phase, sizeof h->phase, col_text(st, 2));
        copy_str(h->campaign_id, sizeof h->campaign_id, col_text(st, 3));
        copy_str(h->name, sizeof h->name, col_text(st, 4));
        copy_str(h->due, sizeof h->due, col_text(st, 5));
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : rc_from(r);
}

static bool row_exists(conn_t *c, const char *sql, const char *a, const char *b)
{
    sqlite3_stmt *st = prep(c, sql);
    if (!st)
        return false;
    bind_text(st, 1, a);
    if (b)
        bind_text(st, 2, b);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

static const char *const ref_exists_sql[] = {
    [REASSIGN_ITEM] = "SELECT 1 FROM review_item WHERE id = ? AND certification_id = ?",
    [REASSIGN_IDENTITY_SUMMARY] =
        "SELECT 1 FROM identity_summary WHERE id = ? AND certification_id = ?",
    [REASSIGN_TARGET_SUMMARY] =
        "SELECT 1 FROM review_item WHERE access_id = ? AND certification_id = ? LIMIT 1",
};

/* Items that reassigning ref would make their own subject review. */
static const char *const ref_self_sql[] = {
    [REASSIGN_ITEM] = "SELECT 1 FROM review_item WHERE id = ?1 AND certification_id = ?2"
                      " AND identity_id = ?3",
    [REASSIGN_IDENTITY_SUMMARY] = "SELECT 1 FROM identity_summary WHERE id = ?1"
                                  " AND certification_id = ?2 AND identity_id = ?3",
    [REASSIGN_TARGET_SUMMARY] = "SELECT 1 FROM review_item WHERE access_id = ?1"
                                " AND certification_id = ?2 AND identity_id = ?3 LIMIT 1",
};

/* Validation shared by submit (to refuse) and run (the data may have changed
 * since the task was queued). */
static store_rc check_reassign(conn_t *c, const store_reassign *r, cert_head *h,
                               problems_t *problems)
{
    store_rc rc = read_head(c, r->cert_id, h);
    if (rc != STORE_OK)
        return rc;
    if (strcmp(h->phase, "SIGNED") == 0)
        problems_add(problems, "certification \"%s\" is signed and cannot be reassigned",
                           r->cert_id);
    if (!row_exists(c, "SELECT 1 FROM identity WHERE id = ?", r->reassign_to, NULL))
        problems_add(problems, "reassignTo: no identity \"%s\"", r->reassign_to);
    else if (strcmp(h->reviewer_type, "IDENTITY") == 0 &&
             str_casecmp_ascii(h->reviewer_id, r->reassign_to) == 0)
        problems_add(problems, "reassignTo: \"%s\" already reviews certification \"%s\"",
                           r->reassign_to, r->cert_id);
    else if (strcmp(h->reviewer_type, "GOVERNANCE_GROUP") == 0 &&
             row_exists(c, "SELECT 1 FROM group_member WHERE group_id = ? AND identity_id = ?",
                        h->reviewer_id, r->reassign_to))
        problems_add(problems,
                           "reassignTo: \"%s\" already reviews certification \"%s\" as a member"
                           " of its reviewer group", r->reassign_to, r->cert_id);
    for (size_t i = 0; i < r->ref_count; i++) {
        const reassign_ref *ref = &r->refs[i];
        if (!row_exists(c, ref_exists_sql[ref->kind], ref->id, r->cert_id)) {
            problems_add(problems, "reassign[%zu]: no %s \"%s\" in certification \"%s\"", i,
                               reassign_kind_names[ref->kind], ref->id, r->cert_id);
            continue;
        }
        sqlite3_stmt *st = prep(c, ref_self_sql[ref->kind]);
        if (!st)
            return STORE_ERROR;
        bind_text(st, 1, ref->id);
        bind_text(st, 2, r->cert_id);
        bind_text(st, 3, r->reassign_to);
        if (sqlite3_step(st) == SQLITE_ROW)
            problems_add(problems,
                               "reassign[%zu]: %s \"%s\" covers the access of \"%s\", who may not"
                               " review their own access", i, reassign_kind_names[ref->kind],
                               ref->id, r->reassign_to);
        sqlite3_reset(st);
    }
    return STORE_OK;
}

store_rc store_reassign_submit(store_t *s, const store_reassign *r, problems_t *problems,
                               store_task_cb cb, void *payload)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    buf_t body = BUF_INIT;
    cert_head h;
    store_rc rc = begin(c, true);
    if (rc != STORE_OK)
        goto done;
    if ((rc = check_reassign(c, r, &h, problems)) != STORE_OK)
        goto done;
    if (problems->count) {
        rc = STORE_INVALID;
        goto done;
    }
    /* The payload is the validated request, so a worker on any node can run it. */
    jsonw_t w;
    jsonw_init(&w, &body);
    jsonw_obj_open(&w);
    jsonw_key(&w, "reassign");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < r->ref_count; i++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "id", r->refs[i].id);
        jsonw_kstr(&w, "type", reassign_kind_names[r->refs[i].kind]);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kstr(&w, "reassignTo", r->reassign_to);
    jsonw_kstr(&w, "reason", r->reason);
    jsonw_obj_close(&w);
    char id[33], now[32];
    if (jsonw_failed(&w) || random_hex_id(id) != 0) {
        rc = STORE_ERROR;
        goto done;
    }
    clock_now_text(now);
    /* seq orders tasks as submitted: the write lock is held, so max + 1 is
     * unique; timestamps can tie within a millisecond and ids are random. */
    sqlite3_stmt *st = prep(c, "INSERT INTO task(id, seq, certification_id, type, status, payload,"
                               " created, modified) VALUES (?, (SELECT coalesce(max(seq), 0) + 1"
                               " FROM task), ?, 'REASSIGN', 'QUEUED', ?, ?, ?)");
    if (!st) {
        rc = STORE_ERROR;
        goto done;
    }
    bind_text(st, 1, id);
    bind_text(st, 2, r->cert_id);
    bind_text(st, 3, body.data);
    bind_text(st, 4, now);
    bind_text(st, 5, now);
    if ((rc = step_done(c, st)) != STORE_OK)
        goto done;
    if ((rc = commit(c)) != STORE_OK)
        goto done;
    /* Committed: the response may now promise the task. */
    store_task t = { id, r->cert_id, "REASSIGN", "QUEUED", "[]", now, now };
    if (cb)
        cb(&t, payload);
done:
    if (rc != STORE_OK)
        rollback(c);
    release(s, c);
    buf_free(&body);
    return rc;
}

store_rc store_task_get(store_t *s, store_cert_gate *gate, const char *cert_id,
                        const char *task_id, store_task_cb cb, void *payload)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    bool go;
    store_rc rc = gated_begin(c, gate, cert_id, &go);
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE id = ? AND certification_id = ?", TASK_SELECT);
    sqlite3_stmt *st = go ? prep(c, sql) : NULL;
    if (go && !st)
        rc = STORE_ERROR;
    if (st) {
        bind_text(st, 1, task_id);
        bind_text(st, 2, cert_id);
        int rows, r = emit_tasks(st, cb, payload, &rows);
        rc = r != SQLITE_DONE ? rc_from(r) : rows ? STORE_OK : STORE_NOTFOUND;
        sqlite3_reset(st);
    }
    rollback(c); /* read-only: ends the snapshot */
    release(s, c);
    return rc;
}

store_rc store_tasks_pending(store_t *s, store_cert_gate *gate, const char *cert_id,
                             store_task_cb cb, void *payload)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    bool go;
    store_rc rc = gated_begin(c, gate, cert_id, &go);
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE certification_id = ? AND status IN ('QUEUED',"
                              " 'IN_PROGRESS') ORDER BY seq", TASK_SELECT);
    sqlite3_stmt *st = go ? prep(c, sql) : NULL;
    if (go && !st)
        rc = STORE_ERROR;
    if (st) {
        bind_text(st, 1, cert_id);
        int rows, r = emit_tasks(st, cb, payload, &rows);
        rc = r != SQLITE_DONE ? rc_from(r) : STORE_OK;
        sqlite3_reset(st);
    }
    rollback(c); /* read-only: ends the snapshot */
    release(s, c);
    return rc;
}

store_rc store_task_claim(store_t *s, int64_t lease_ms, char id_out[65])
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    int64_t now = clock_real_ms();
    char stamp[32];
    format_time_ms(stamp, now);
    /* Idle workers poll: look without the write lock first, so an idle
     * node never makes writers wait. */
    sqlite3_stmt *st = prep(c, "SELECT 1 FROM task WHERE status = 'QUEUED' OR"
                               " (status = 'IN_PROGRESS' AND lease_until < ?) LIMIT 1");
    store_rc rc = STORE_ERROR;
    if (!st)
        goto done;
    sqlite3_bind_int64(st, 1, now);
    int found = sqlite3_step(st);
    sqlite3_reset(st);
    if (found != SQLITE_ROW) {
        rc = found == SQLITE_DONE ? STORE_NOTFOUND : rc_from(found);
        goto done;
    }
    rc = begin(c, true);
    if (rc != STORE_OK)
        goto done;
    st = prep(c, "SELECT id FROM task WHERE status = 'QUEUED' OR"
                               " (status = 'IN_PROGRESS' AND lease_until < ?)"
                               " ORDER BY seq LIMIT 1");
    if (!st) {
        rc = STORE_ERROR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, now);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        rc = r == SQLITE_DONE ? STORE_NOTFOUND : rc_from(r);
        goto done;
    }
    copy_str(id_out, 65, col_text(st, 0));
    sqlite3_reset(st);
    st = prep(c, "UPDATE task SET status = 'IN_PROGRESS', lease_until = ?, modified = ?"
                 " WHERE id = ?");
    if (!st) {
        rc = STORE_ERROR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, now + lease_ms);
    bind_text(st, 2, stamp);
    bind_text(st, 3, id_out);
    if ((rc = step_done(c, st)) == STORE_OK)
        rc = commit(c);
done:
    if (rc != STORE_OK)
        rollback(c);
    release(s, c);
    return rc;
}

store_rc store_task_fail(store_t *s, const char *task_id, const char *message)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    char now[32];
    clock_now_text(now);
    problems_t p = { 0 };
    problems_add(&p, "%s", message);
    store_rc rc = begin(c, true);
    if (rc == STORE_OK)
        rc = finish_task(c, task_id, "ERROR", &p, now);
    if (rc == STORE_OK)
        rc = commit(c);
    if (rc != STORE_OK)
        rollback(c);
    problems_free(&p);
    release(s, c);
    return rc;
}

store_rc store_task_recover(store_t *s, int *recovered)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    store_rc rc = STORE_ERROR;
    sqlite3_stmt *st = prep(c, "UPDATE task SET status = 'QUEUED', lease_until = 0"
                               " WHERE status = 'IN_PROGRESS'");
    if (st) {
        rc = step_done(c, st);
        if (recovered)
            *recovered = sqlite3_changes(c->db);
    }
    release(s, c);
    return rc;
}

/* Rewrites the derived counters of one certification from its items. */
static store_rc recount(conn_t *c, const char *cert_id)
{
    sqlite3_stmt *st = prep(c,
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
    bind_text(st, 1, cert_id);
    return step_done(c, st);
}

/* Steps a bound statement that selects one id; STORE_NOTFOUND without a row. */
static store_rc select_id(sqlite3_stmt *st, char out[65])
{
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        copy_str(out, 65, col_text(st, 0));
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : rc_from(r);
}

/* The summary of identity_id in cert_id, created if missing. */
static store_rc summary_for(conn_t *c, const char *cert_id, const char *identity_id,
                            char out[65])
{
    sqlite3_stmt *st = prep(c, "SELECT id FROM identity_summary WHERE certification_id = ?"
                               " AND identity_id = ?");
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, cert_id);
    bind_text(st, 2, identity_id);
    store_rc found = select_id(st, out);
    if (found != STORE_NOTFOUND)
        return found;
    char id[33];
    if (random_hex_id(id) != 0)
        return STORE_ERROR;
    st = prep(c, "INSERT INTO identity_summary(id, certification_id, identity_id) VALUES (?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, id);
    bind_text(st, 2, cert_id);
    bind_text(st, 3, identity_id);
    copy_str(out, 65, id);
    return step_done(c, st);
}

/* The certification that receives work reassigned from h/src_id to
 * reviewer_id: reused when an earlier reassignment made one. */
static store_rc target_cert(conn_t *c, const char *src_id, const cert_head *h,
                            const char *reviewer_id, const char *reason, const char *now,
                            char out[65])
{
    sqlite3_stmt *st = prep(c, "SELECT id FROM certification WHERE reassign_from_id = ?"
                               " AND reviewer_type = 'IDENTITY' AND reviewer_id = ?"
                               " AND campaign_id = ? AND phase <> 'SIGNED'"
                               " ORDER BY created, id LIMIT 1");
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, src_id);
    bind_text(st, 2, reviewer_id);
    bind_text(st, 3, h->campaign_id);
    store_rc found = select_id(st, out);
    if (found != STORE_NOTFOUND)
        return found;
    char id[33];
    if (random_hex_id(id) != 0)
        return STORE_ERROR;
    st = prep(c, "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id,"
                 " phase, due, created, modified, reassign_from_id, reassign_comment)"
                 " SELECT ?1, cp.name || ' for ' || i.name, cp.id, 'IDENTITY', i.id, ?2, ?3,"
                 " ?4, ?4, ?5, ?6 FROM campaign cp, identity i WHERE cp.id = ?7 AND i.id = ?8");
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, id);
    bind_text(st, 2, h->phase);
    bind_text(st, 3, h->due[0] ? h->due : NULL);
    bind_text(st, 4, now);
    bind_text(st, 5, src_id);
    bind_text(st, 6, reason);
    bind_text(st, 7, h->campaign_id);
    bind_text(st, 8, reviewer_id);
    copy_str(out, 65, id);
    store_rc rc = step_done(c, st);
    if (rc == STORE_OK && sqlite3_changes(c->db) != 1)
        rc = STORE_ERROR;
    return rc;
}

static const char *const ref_items_sql[] = {
    [REASSIGN_ITEM] = "SELECT id, identity_id, summary_id FROM review_item"
                      " WHERE id = ? AND certification_id = ?",
    [REASSIGN_IDENTITY_SUMMARY] = "SELECT id, identity_id, summary_id FROM review_item"
                                  " WHERE summary_id = ? AND certification_id = ?",
    [REASSIGN_TARGET_SUMMARY] = "SELECT id, identity_id, summary_id FROM review_item"
                                " WHERE access_id = ? AND certification_id = ?",
};

typedef struct moved_item {
    char id[65], identity_id[65], summary_id[65];
} moved_item;

/* Moves the items refs name from r->cert_id to target. */
static store_rc move_items(conn_t *c, const store_reassign *r, const char *target)
{
    moved_item *items = NULL;
    size_t count = 0, cap = 0;
    store_rc rc = STORE_OK;
    for (size_t i = 0; i < r->ref_count && rc == STORE_OK; i++) {
        sqlite3_stmt *st = prep(c, ref_items_sql[r->refs[i].kind]);
        if (!st) {
            rc = STORE_ERROR;
            break;
        }
        bind_text(st, 1, r->refs[i].id);
        bind_text(st, 2, r->cert_id);
        int res;
        while ((res = sqlite3_step(st)) == SQLITE_ROW) {
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                moved_item *n = realloc(items, ncap * sizeof *n);
                if (!n) {
                    rc = STORE_ERROR;
                    break;
                }
                items = n;
                cap = ncap;
            }
            copy_str(items[count].id, 65, col_text(st, 0));
            copy_str(items[count].identity_id, 65, col_text(st, 1));
            copy_str(items[count].summary_id, 65, col_text(st, 2));
            count++;
        }
        if (res != SQLITE_DONE && rc == STORE_OK)
            rc = rc_from(res);
        sqlite3_reset(st);
    }
    for (size_t i = 0; i < count && rc == STORE_OK; i++) {
        char summary[65];
        if ((rc = summary_for(c, target, items[i].identity_id, summary)) != STORE_OK)
            break;
        sqlite3_stmt *st = prep(c, "UPDATE review_item SET certification_id = ?, summary_id = ?"
                                   " WHERE id = ? AND certification_id = ?");
        if (!st) {
            rc = STORE_ERROR;
            break;
        }
        bind_text(st, 1, target);
        bind_text(st, 2, summary);
        bind_text(st, 3, items[i].id);
        bind_text(st, 4, r->cert_id);
        rc = step_done(c, st);
    }
    /* A summary whose items all left goes with them. */
    for (size_t i = 0; i < count && rc == STORE_OK; i++) {
        sqlite3_stmt *st = prep(c, "DELETE FROM identity_summary WHERE id = ? AND NOT EXISTS"
                                   " (SELECT 1 FROM review_item WHERE summary_id = ?1)");
        if (!st) {
            rc = STORE_ERROR;
            break;
        }
        bind_text(st, 1, items[i].summary_id);
        rc = step_done(c, st);
    }
    free(items);
    return rc;
}

static store_rc finish_task(conn_t *c, const char *task_id, const char *status,
                            const problems_t *problems, const char *now)
{
    buf_t errors = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &errors);
    jsonw_arr_open(&w);
    for (size_t i = 0; problems && i < problems->count; i++)
        jsonw_str(&w, problems->items[i]);
    jsonw_arr_close(&w);
    store_rc rc = STORE_ERROR;
    sqlite3_stmt *st = prep(c, "UPDATE task SET status = ?, errors = ?, modified = ?,"
                               " lease_until = 0 WHERE id = ?");
    if (st && !jsonw_failed(&w)) {
        bind_text(st, 1, status);
        bind_text(st, 2, errors.data);
        bind_text(st, 3, now);
        bind_text(st, 4, task_id);
        rc = step_done(c, st);
    }
    buf_free(&errors);
    return rc;
}

static int parse_kind(const char *s, reassign_kind *out)
{
    for (int k = 0; k < 3; k++)
        if (s && strcmp(s, reassign_kind_names[k]) == 0) {
            *out = (reassign_kind)k;
            return 0;
        }
    return -1;
}

store_rc store_task_run(store_t *s, const char *task_id)
{
    conn_t *c = acquire(s);
    if (!c)
        return STORE_ERROR;
    json_t *doc = NULL;
    reassign_ref *refs = NULL;
    problems_t problems = PROBLEMS_INIT;
    char now[32], cert_id[65], target[65];
    clock_now_text(now);
    store_rc rc = begin(c, true);
    if (rc != STORE_OK)
        goto done;
    sqlite3_stmt *st = prep(c, "SELECT certification_id, payload, status FROM task WHERE id = ?");
    if (!st) {
        rc = STORE_ERROR;
        goto done;
    }
    bind_text(st, 1, task_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        rc = STORE_NOTFOUND;
        goto done;
    }
    copy_str(cert_id, sizeof cert_id, col_text(st, 0));
    doc = json_loads(col_text(st, 1), 0, NULL);
    bool runnable = strcmp(col_text(st, 2), "IN_PROGRESS") == 0;
    sqlite3_reset(st);
    if (!runnable) { /* another worker finished it meanwhile */
        rc = commit(c);
        goto done;
    }

    json_t *list = json_object_get(doc, "reassign");
    size_t n = json_array_size(list);
    refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) {
        rc = STORE_ERROR;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(list, i);
        refs[i].id = json_string_value(json_object_get(e, "id"));
        if (!refs[i].id || parse_kind(json_string_value(json_object_get(e, "type")), &refs[i].kind))
            problems_add(&problems, "task payload is corrupt at reassign[%zu]", i);
    }
    store_reassign r = { cert_id, refs, n, json_string_value(json_object_get(doc, "reassignTo")),
                         json_string_value(json_object_get(doc, "reason")) };
    if (!doc || !r.reassign_to || !r.reason)
        problems_add(&problems, "task payload is corrupt");
    cert_head h;
    if (!problems.count) {
        rc = check_reassign(c, &r, &h, &problems);
        if (rc == STORE_NOTFOUND)
            problems_add(&problems, "certification \"%s\" no longer exists", cert_id);
        else if (rc != STORE_OK)
            goto done;
    }
    if (problems.count) {
        rc = finish_task(c, task_id, "ERROR", &problems, now);
    } else {
        rc = target_cert(c, cert_id, &h, r.reassign_to, r.reason, now, target);
        if (rc == STORE_OK)
            rc = move_items(c, &r, target);
        if (rc == STORE_OK)
            rc = recount(c, cert_id);
        if (rc == STORE_OK)
            rc = recount(c, target);
        if (rc == STORE_OK) {
            st = prep(c, "UPDATE certification SET modified = ?1 WHERE id IN (?2, ?3)");
            if (!st)
                rc = STORE_ERROR;
            else {
                bind_text(st, 1, now);
                bind_text(st, 2, cert_id);
                bind_text(st, 3, target);
                rc = step_done(c, st);
            }
        }
        if (rc == STORE_OK)
            rc = finish_task(c, task_id, "SUCCESS", NULL, now);
    }
    if (rc == STORE_OK)
        rc = commit(c);
done:
    if (rc != STORE_OK)
        rollback(c);
    release(s, c);
    problems_free(&problems);
    free(refs);
    json_decref(doc);
    return rc;
}

/* ------------------------------------------------------------------ */
/* bulk writer                                                         */

store_rc store_writer_begin(store_t *s, store_writer **out)
{
    *out = NULL;
    store_writer *w = calloc(1, sizeof *w);
    if (!w)
        return STORE_ERROR;
    w->s = s;
    w->c = acquire(s);
    if (!w->c) {
        free(w);
        return STORE_ERROR;
    }
    /* Certifications whose items changed; recounted once at commit. */
    store_rc rc = rc_from(exec(w->c->db, "CREATE TEMP TABLE IF NOT EXISTS touched_cert"
                                         " (id TEXT PRIMARY KEY COLLATE NOCASE)"));
    /* A bulk load overflows the default page cache many times over; a large
     * cache for the writer's lifetime cuts the I/O several-fold. */
    if (rc == STORE_OK)
        rc = rc_from(exec(w->c->db, "PRAGMA cache_size=-262144"));
    if (rc == STORE_OK)
        rc = begin(w->c, true);
    if (rc == STORE_OK)
        rc = rc_from(exec(w->c->db, "DELETE FROM temp.touched_cert"));
    if (rc != STORE_OK) {
        store_writer_rollback(w);
        return rc;
    }
    *out = w;
    return STORE_OK;
}

store_rc store_writer_commit(store_writer *w)
{
    conn_t *c = w->c;
    store_rc rc = STORE_OK;
    sqlite3_stmt *st = prep(c, "SELECT id FROM temp.touched_cert");
    if (!st)
        rc = STORE_ERROR;
    /* recount() reuses a different cached statement, so iterating st while
     * calling it is safe. */
    while (rc == STORE_OK && sqlite3_step(st) == SQLITE_ROW) {
        char id[65];
        copy_str(id, sizeof id, col_text(st, 0));
        rc = recount(c, id);
    }
    if (st)
        sqlite3_reset(st);
    if (rc == STORE_OK)
        rc = rc_from(exec(c->db, "DELETE FROM temp.touched_cert"));
    if (rc == STORE_OK)
        rc = commit(c);
    if (rc != STORE_OK) {
        store_writer_rollback(w);
        return rc;
    }
    exec(c->db, "PRAGMA cache_size=-32768");
    release(w->s, c);
    free(w);
    return STORE_OK;
}

void store_writer_rollback(store_writer *w)
{
    if (!w)
        return;
    rollback(w->c);
    exec(w->c->db, "PRAGMA cache_size=-32768");
    release(w->s, w->c);
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

store_rc store_w_exists(store_writer *w, store_kind kind, const char *id, bool *exists)
{
    sqlite3_stmt *st = prep(w->c, exists_sql[kind]);
    if (!st)
        return STORE_ERROR;
    bind_text(st, 1, id);
    int r = sqlite3_step(st);
    *exists = r == SQLITE_ROW;
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : rc_from(r);
}

store_rc store_w_is_empty(store_writer *w, bool *empty)
{
    sqlite3_stmt *st = prep(w->c, "SELECT EXISTS (SELECT 1 FROM identity)"
                                  " OR EXISTS (SELECT 1 FROM certification)");
    if (!st)
        return STORE_ERROR;
    int r = sqlite3_step(st);
    *empty = r == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_reset(st);
    return r == SQLITE_ROW ? STORE_OK : rc_from(r);
}

/* Binds each of the n strings in order and runs sql. */
static store_rc run(store_writer *w, const char *sql, int n, ...)
{
    sqlite3_stmt *st = prep(w->c, sql);
    if (!st)
        return STORE_ERROR;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        bind_text(st, i, va_arg(ap, const char *));
    va_end(ap);
    return step_done(w->c, st);
}

store_rc store_w_identity(store_writer *w, bool replace, const char *id, const char *name,
                          const char *email, const char *manager_id, const char *authorities_json)
{
    return run(w, replace ? "INSERT INTO identity(id, name, email, manager_id, authorities)"
                            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                            " name = excluded.name, email = excluded.email,"
                            " manager_id = excluded.manager_id, authorities = excluded.authorities"
                          : "INSERT INTO identity(id, name, email, manager_id, authorities)"
                            " VALUES (?, ?, ?, ?, ?)",
               5, id, name, email, manager_id, authorities_json ? authorities_json : "[]");
}

store_rc store_w_group(store_writer *w, bool replace, const char *id, const char *name,
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

store_rc store_w_client(store_writer *w, bool replace, const char *client_id,
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

store_rc store_w_entitlement(store_writer *w, bool replace, const char *id, const char *name,
                             const char *source, const char *attribute, const char *value)
{
    store_rc rc = run(w, replace ? "INSERT INTO entitlement(id, name, source, attribute, value)"
                                   " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                                   " name = excluded.name, source = excluded.source,"
                                   " attribute = excluded.attribute, value = excluded.value"
                                 : "INSERT INTO entitlement(id, name, source, attribute, value)"
                                   " VALUES (?, ?, ?, ?, ?)",
                      5, id, name, source, attribute, value);
    if (rc == STORE_OK && replace) {
        rc = run(w, "DELETE FROM permission_right WHERE permission_id IN"
                    " (SELECT id FROM permission WHERE entitlement_id = ?)", 1, id);
        if (rc == STORE_OK)
            rc = run(w, "DELETE FROM permission WHERE entitlement_id = ?", 1, id);
    }
    return rc;
}

store_rc store_w_permission(store_writer *w, const char *entitlement_id, const char *target,
                            const char *const *rights, size_t right_count)
{
    store_rc rc = run(w, "INSERT INTO permission(entitlement_id, target) VALUES (?, ?)", 2,
                      entitlement_id, target);
    if (rc != STORE_OK)
        return rc;
    sqlite3_int64 pid = sqlite3_last_insert_rowid(w->c->db);
    sqlite3_stmt *st = prep(w->c, "INSERT INTO permission_right(permission_id, position, name)"
                                  " VALUES (?, ?, ?)");
    for (size_t i = 0; i < right_count && rc == STORE_OK; i++) {
        if (!st)
            return STORE_ERROR;
        sqlite3_bind_int64(st, 1, pid);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, rights[i]);
        rc = step_done(w->c, st);
    }
    return rc;
}

store_rc store_w_access_profile(store_writer *w, bool replace, const char *id, const char *name,
                                const char *source, const char *const *entitlement_ids,
                                size_t entitlement_count)
{
    store_rc rc = run(w, replace ? "INSERT INTO access_profile(id, name, source) VALUES (?, ?, ?)"
                                   " ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                                   " source = excluded.source"
                                 : "INSERT INTO access_profile(id, name, source) VALUES (?, ?, ?)",
                      3, id, name, source);
    if (rc == STORE_OK && replace)
        rc = run(w, "DELETE FROM access_profile_entitlement WHERE access_profile_id = ?", 1, id);
    for (size_t i = 0; i < entitlement_count && rc == STORE_OK; i++)
        rc = run(w, "INSERT OR IGNORE INTO access_profile_entitlement(access_profile_id,"
                    " entitlement_id) VALUES (?, ?)", 2, id, entitlement_ids[i]);
    return rc;
}

store_rc store_w_role(store_writer *w, bool replace, const char *id, const char *name,
                      const char *const *access_profile_ids, size_t ap_count,
                      const char *const *entitlement_ids, size_t ent_count)
{
    store_rc rc = run(w, replace ? "INSERT INTO role(id, name) VALUES (?, ?)"
                                   " ON CONFLICT(id) DO UPDATE SET name = excluded.name"
                                 : "INSERT INTO role(id, name) VALUES (?, ?)",
                      2, id, name);
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

store_rc store_w_assignment(store_writer *w, const char *identity_id, const char *access_type,
                            const char *access_id)
{
    return run(w, "INSERT OR IGNORE INTO assignment(identity_id, access_type, access_id)"
                  " VALUES (?, ?, ?)", 3, identity_id, access_type, access_id);
}

store_rc store_w_campaign(store_writer *w, bool replace, const store_campaign_in *c)
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

store_rc store_w_cert(store_writer *w, bool replace, const store_cert_in *c)
{
    char now[32];
    clock_now_text(now);
    /* ?9 is the given creation time (may be NULL): a replaced certification
     * keeps its original one unless the document says otherwise. */
    store_rc rc = run(w, replace
                   ? "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id,"
                     " phase, due, signed, created, modified)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, ?10), ?10)"
                     " ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                     " campaign_id = excluded.campaign_id, reviewer_type = excluded.reviewer_type,"
                     " reviewer_id = excluded.reviewer_id, phase = excluded.phase,"
                     " due = excluded.due, signed = excluded.signed,"
                     " created = coalesce(?9, certification.created), modified = excluded.modified"
                   : "INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id,"
                     " phase, due, signed, created, modified)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, ?10), ?10)",
                   10, c->id, c->name, c->campaign_id, c->reviewer_type, c->reviewer_id, c->phase,
                   c->due, c->signed_at, c->created, now);
    if (rc == STORE_OK && replace) {
        rc = run(w, "DELETE FROM review_item WHERE certification_id = ?", 1, c->id);
        if (rc == STORE_OK)
            rc = run(w, "DELETE FROM identity_summary WHERE certification_id = ?", 1, c->id);
    }
    if (rc == STORE_OK)
        rc = touch(w, c->id);
    return rc;
}

store_rc store_w_summary(store_writer *w, const char *id, const char *cert_id,
                         const char *identity_id)
{
    store_rc rc = run(w, "INSERT INTO identity_summary(id, certification_id, identity_id)"
                         " VALUES (?, ?, ?)", 3, id, cert_id, identity_id);
    return rc == STORE_OK ? touch(w, cert_id) : rc;
}

store_rc store_w_item(store_writer *w, const char *id, const char *cert_id,
                      const char *identity_id, const char *access_type, const char *access_id,
                      const char *decision, const char *comments)
{
    char summary[65];
    store_rc rc = summary_for(w->c, cert_id, identity_id, summary);
    if (rc == STORE_OK)
        rc = run(w, "INSERT INTO review_item(id, certification_id, summary_id, identity_id,"
                    " access_type, access_id, decision, comments) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 8, id, cert_id, summary, identity_id, access_type, access_id, decision, comments);
    return rc == STORE_OK ? touch(w, cert_id) : rc;
}
