/*
 * tasks: the task queue of the SQLite backend.
 *
 * Order. A task's seq is max(seq) + 1, read and written in the inserting
 * WRITE transaction. SQLite has one writer per database, across every
 * process: BEGIN IMMEDIATE takes the write lock, and it is held until
 * COMMIT, so no other transaction (in this process or another) can read
 * max(seq) in between. seq is therefore unique and increases in commit
 * order; timestamps can tie within a millisecond and ids are random, so
 * neither could order the queue.
 *
 * Leases. A claim marks a task IN_PROGRESS with a lease: lease_until (real
 * time, clock_real_ms) and lease_owner, the claiming process's node id
 * "<boot id>/<pid namespace>/<pid>/<start time>". A lease is expired when
 * its time has passed or when its owner provably no longer runs. SQLite
 * runs on one machine by construction (WAL needs shared memory), so a
 * process can prove that another is gone: the same boot and pid namespace,
 * and /proc/<pid> is missing, a zombie, or a different process (another
 * start time: the pid was reused). Anything it cannot see (another boot
 * id is a reboot, so gone; another pid namespace, an unreadable /proc, or
 * no owner recorded) falls back to the lease's time. So a restarted node
 * resumes at once what a kill -9 left IN_PROGRESS, and a node never
 * requeues a task that another live process is running.
 */
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/clock.h"
#include "../../common/jsonw.h"
#include "../../common/util.h"

/* ------------------------------------------------------------------ */
/* lease owners                                                        */

typedef struct node_id {
    char boot[64];          /* /proc/sys/kernel/random/boot_id, or "-" */
    char pidns[64];         /* the target of /proc/self/ns/pid, or "-" */
    long pid;
    unsigned long long start;   /* field 22 of /proc/<pid>/stat, 0 if unknown */
    char text[256];
} node_id;

static node_id self;
static pthread_mutex_t self_mu = PTHREAD_MUTEX_INITIALIZER;

/* The first line of path, without its newline, or "-". */
static void read_line(const char *path, char *out, size_t cap)
{
    snprintf(out, cap, "-");
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(out, (int)cap, f))
        out[strcspn(out, "\n")] = '\0';
    else
        snprintf(out, cap, "-");
    fclose(f);
    if (!*out || strchr(out, '/'))
        snprintf(out, cap, "-");
}

/* The decimal number at s, ended by end (or the string's end). */
static bool parse_ull(const char *s, char end, unsigned long long *out)
{
    char *stop = NULL;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    *out = strtoull(s, &stop, 10);
    return errno == 0 && (*stop == end || *stop == '\0' || *stop == '\n');
}

/* State and start time of process pid: 0, -1 if it does not exist, -2 if
 * it cannot be told. */
static int proc_stat(long pid, char *state, unsigned long long *start)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? -1 : -2;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = '\0';
    const char *p = strrchr(line, ')'); /* the command may hold spaces and ')' */
    if (!p || sscanf(p + 1, " %c", state) != 1)
        return -2;
    /* Fields after the command: 3 state ... 22 starttime. */
    for (int field = 3; field < 22; field++) {
        p = strchr(p + 1, ' ');
        if (!p)
            return -2;
    }
    return parse_ull(p + 1, ' ', start) ? 0 : -2;
}

static void self_init(void)
{
    read_line("/proc/sys/kernel/random/boot_id", self.boot, sizeof self.boot);
    ssize_t n = readlink("/proc/self/ns/pid", self.pidns, sizeof self.pidns - 1);
    if (n > 0 && !memchr(self.pidns, '/', (size_t)n))
        self.pidns[n] = '\0';
    else
        snprintf(self.pidns, sizeof self.pidns, "-");
    self.pid = (long)getpid();
    char state;
    if (proc_stat(self.pid, &state, &self.start) != 0)
        self.start = 0;
    snprintf(self.text, sizeof self.text, "%s/%s/%ld/%llu", self.boot, self.pidns, self.pid,
             self.start);
}

/* This process's node id, made again in a child after fork(): a child is
 * another process and must not hold leases in its parent's name. */
static const node_id *node_self(void)
{
    pthread_mutex_lock(&self_mu);
    if (self.pid != (long)getpid())
        self_init();
    pthread_mutex_unlock(&self_mu);
    return &self;
}

/* Whether the process that owner names provably no longer runs. */
static bool owner_gone(const char *owner)
{
    const node_id *me = node_self();
    char boot[64], pidns[64];
    unsigned long long pid_value, start;
    const char *a = owner ? strchr(owner, '/') : NULL, *b = a ? strchr(a + 1, '/') : NULL;
    const char *d = b ? strchr(b + 1, '/') : NULL;
    if (!d || (size_t)(a - owner) >= sizeof boot || (size_t)(b - a - 1) >= sizeof pidns ||
        !parse_ull(b + 1, '/', &pid_value) || !parse_ull(d + 1, '\0', &start) ||
        pid_value > 0x7fffffffULL)
        return false;
    snprintf(boot, sizeof boot, "%.*s", (int)(a - owner), owner);
    snprintf(pidns, sizeof pidns, "%.*s", (int)(b - a - 1), a + 1);
    long pid = (long)pid_value;
    if (strcmp(me->boot, "-") == 0 || strcmp(boot, "-") == 0)
        return false;
    if (strcmp(boot, me->boot) != 0)
        return true; /* claimed before this machine's last boot */
    if (strcmp(pidns, "-") == 0 || strcmp(pidns, me->pidns) != 0 || pid <= 0)
        return false; /* a process this one cannot see */
    if (pid == me->pid)
        return start != me->start;
    char state;
    unsigned long long now_start;
    int r = proc_stat(pid, &state, &now_start);
    if (r == -1)
        return true;
    if (r != 0)
        return false;
    return state == 'Z' || state == 'X' || (start != 0 && now_start != start);
}

/* SQL: recert_lease_owner_gone(owner) -> 0 or 1. */
static void owner_gone_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *owner = (const char *)sqlite3_value_text(argv[0]);
    sqlite3_result_int(ctx, owner_gone(owner));
}

int sq_tasks_register(sqlite3 *db)
{
    return sqlite3_create_function_v2(db, "recert_lease_owner_gone", 1,
                                      SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, owner_gone_fn, NULL,
                                      NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* the queue                                                           */

#define RUNNABLE                                                                                 \
    "status = 'QUEUED' OR (status = 'IN_PROGRESS' AND (lease_until < ?1"                        \
    " OR recert_lease_owner_gone(lease_owner)))"

static const char TASK_SELECT[] =
    "SELECT id, target_id, type, status, errors, created, modified, payload, target_type"
    " FROM task";

static int emit_tasks(sqlite3_stmt *st, store_task_cb cb, void *payload, int *rows)
{
    int r;
    *rows = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        store_task t = { sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2),
                         sq_col_text(st, 3), sq_col_text(st, 4), sq_col_text(st, 5),
                         sq_col_text(st, 6), sq_col_text(st, 7), sq_col_text(st, 8) };
        (*rows)++;
        if (cb && cb(&t, payload))
            return SQLITE_DONE;
    }
    return r;
}

store_rc sq_task_insert(store_tx *tx, const char *target_type, const char *target_id,
                        const char *type, const char *payload_json, const char *now,
                        char id_out[65])
{
    conn_t *c = tx_conn(tx);
    char id[33];
    if (random_hex_id(id) != 0)
        return STORE_ERROR;
    /* seq: see the top of this file. */
    sqlite3_stmt *st = sq_prep(c, "INSERT INTO task(id, seq, target_type, target_id, type,"
                                  " status, payload, created, modified) VALUES (?, (SELECT"
                                  " coalesce(max(seq), 0) + 1 FROM task), ?, ?, ?, 'QUEUED',"
                                  " ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, id);
    sq_bind_text(st, 2, target_type);
    sq_bind_text(st, 3, target_id);
    sq_bind_text(st, 4, type);
    sq_bind_text(st, 5, payload_json);
    sq_bind_text(st, 6, now);
    sq_bind_text(st, 7, now);
    store_rc rc = sq_step_done(c, st);
    if (rc == STORE_OK)
        sq_copy_str(id_out, 65, id);
    return rc;
}

store_rc sq_task_get(store_tx *tx, const char *cert_id, const char *task_id, store_task_cb cb,
                     void *payload)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE id = ?%s", TASK_SELECT,
             cert_id ? " AND target_id = ?" : "");
    sqlite3_stmt *st = sq_prep(tx_conn(tx), sql);
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, task_id);
    if (cert_id)
        sq_bind_text(st, 2, cert_id);
    int rows, r = emit_tasks(st, cb, payload, &rows);
    sqlite3_reset(st);
    return r != SQLITE_DONE ? sq_rc(r) : rows ? STORE_OK : STORE_NOTFOUND;
}

static const filter_column task_columns[TASK_F_COUNT] = {
    [TASK_F_ID] = { "t.id", NULL },
    [TASK_F_TARGET_ID] = { "t.target_id", NULL },
    [TASK_F_TYPE] = { "t.type", NULL },
};

typedef struct task_row_ctx {
    store_task_cb cb;
    void *payload;
} task_row_ctx;

static int task_row(conn_t *c, sqlite3_stmt *st, void *arg)
{
    (void)c;
    task_row_ctx *x = arg;
    store_task t = { sq_col_text(st, 0), sq_col_text(st, 1), sq_col_text(st, 2),
                     sq_col_text(st, 3), sq_col_text(st, 4), sq_col_text(st, 5),
                     sq_col_text(st, 6), sq_col_text(st, 7), sq_col_text(st, 8) };
    return x->cb(&t, x->payload) ? 1 : 0;
}

/* "tasks on certifications that identity ? reviews, directly or as a
 * member of the reviewer group". */
#define TASK_REVIEWS_CLAUSE                                                           \
    " AND t.target_type = 'CERTIFICATION' AND t.target_id IN (SELECT c.id FROM"      \
    " certification c WHERE (c.reviewer_type = 'IDENTITY' AND c.reviewer_id = ?) OR"  \
    " (c.reviewer_type = 'GOVERNANCE_GROUP' AND c.reviewer_id IN"                      \
    " (SELECT group_id FROM group_member WHERE identity_id = ?)))"

store_rc sq_task_list(store_tx *tx, const store_task_query *q, store_task_cb cb, void *payload,
                      int64_t *total)
{
#define PENDING_FROM "FROM task t WHERE t.status IN ('QUEUED', 'IN_PROGRESS')"
    static const page_sql sql = {
        PENDING_FROM,
        "SELECT t.id, t.target_id, t.type, t.status, t.errors, t.created, t.modified,"
        " t.payload, t.target_type " PENDING_FROM,
        NULL, NULL, NULL, task_columns, NULL, NULL, "t.seq" };
#undef PENDING_FROM
    buf_t fixed = BUF_INIT;
    filter_params p = { 0 };
    const char *narrow[2] = { q->viewer_id, q->reviewer_id };
    for (int i = 0; i < 2; i++)
        if (narrow[i]) {
            buf_puts(&fixed, TASK_REVIEWS_CLAUSE);
            sq_params_text(&p, narrow[i]);
            sq_params_text(&p, narrow[i]);
        }
    task_row_ctx ctx = { cb, payload };
    store_rc rc = sq_run_page(tx_conn(tx), &sql, &fixed, &p, &q->page, task_row, &ctx, total);
    filter_params_free(&p);
    buf_free(&fixed);
    return rc;
}

store_rc sq_tasks_pending(store_tx *tx, const char *cert_id, store_task_cb cb, void *payload)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE target_id = ? AND status IN ('QUEUED',"
                              " 'IN_PROGRESS') ORDER BY seq", TASK_SELECT);
    sqlite3_stmt *st = sq_prep(tx_conn(tx), sql);
    if (!st)
        return STORE_ERROR;
    sq_bind_text(st, 1, cert_id);
    int rows, r = emit_tasks(st, cb, payload, &rows);
    sqlite3_reset(st);
    return r != SQLITE_DONE ? sq_rc(r) : STORE_OK;
}

store_rc sq_task_runnable(store_tx *tx, bool *any)
{
    sqlite3_stmt *st = sq_prep(tx_conn(tx), "SELECT 1 FROM task WHERE " RUNNABLE " LIMIT 1");
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, clock_real_ms());
    return sq_found(st, any);
}

store_rc sq_task_claim(store_tx *tx, int64_t lease_ms, char id_out[65])
{
    conn_t *c = tx_conn(tx);
    int64_t now = clock_real_ms();
    char stamp[32];
    clock_now_text(stamp);
    sqlite3_stmt *st = sq_prep(c, "SELECT id FROM task WHERE " RUNNABLE " ORDER BY seq LIMIT 1");
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, now);
    char id[65];
    store_rc rc = sq_select_id(st, id);
    if (rc != STORE_OK)
        return rc;
    st = sq_prep(c, "UPDATE task SET status = 'IN_PROGRESS', lease_until = ?, lease_owner = ?,"
                    " modified = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, now + lease_ms);
    sq_bind_text(st, 2, node_self()->text);
    sq_bind_text(st, 3, stamp);
    sq_bind_text(st, 4, id);
    if ((rc = sq_step_done(c, st)) == STORE_OK)
        sq_copy_str(id_out, 65, id);
    return rc;
}

store_rc sq_task_finish(store_tx *tx, const char *task_id, const char *status,
                        const problems_t *problems, const char *now)
{
    conn_t *c = tx_conn(tx);
    buf_t errors = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &errors);
    jsonw_arr_open(&w);
    for (size_t i = 0; problems && i < problems->count; i++)
        jsonw_str(&w, problems->items[i]);
    jsonw_arr_close(&w);
    store_rc rc = STORE_ERROR;
    sqlite3_stmt *st = sq_prep(c, "UPDATE task SET status = ?, errors = ?, modified = ?,"
                                  " lease_until = 0, lease_owner = NULL WHERE id = ?");
    if (st && !jsonw_failed(&w)) {
        sq_bind_text(st, 1, status);
        sq_bind_text(st, 2, errors.data);
        sq_bind_text(st, 3, now);
        sq_bind_text(st, 4, task_id);
        rc = sq_step_done(c, st);
    }
    buf_free(&errors);
    return rc;
}

store_rc sq_task_recover(store_tx *tx, int *recovered)
{
    conn_t *c = tx_conn(tx);
    sqlite3_stmt *st = sq_prep(c, "UPDATE task SET status = 'QUEUED', lease_until = 0,"
                                  " lease_owner = NULL WHERE status = 'IN_PROGRESS' AND"
                                  " (lease_until < ?1 OR recert_lease_owner_gone(lease_owner))");
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, clock_real_ms());
    store_rc rc = sq_step_done(c, st);
    if (recovered)
        *recovered = rc == STORE_OK ? sqlite3_changes(c->db) : 0;
    return rc;
}
