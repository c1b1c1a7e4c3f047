/*
 * internal: what the files of the SQLite backend share. Nothing outside
 * src/store/sqlite/ includes this header (or sqlite3.h).
 *
 *   pool.c     connections, statement cache, transactions, open / create /
 *              publish, generation, the backend's function table
 *   migrate.c  the schema: embedded migrations/ applied in order
 *   query.c    filter -> SQL, ORDER BY, the page runner, remembered counts
 *   certs.c    principals, certification list, reviewers, permissions, access
 *   review.c   the primitives reassignment is made of
 *   tasks.c    the task queue: insert, reads, claim, lease owners, recovery
 *   writer.c   the bulk writer (import, demo)
 *   campaigns.c campaigns: rows, generation, lifecycle steps
 *
 * Concurrency model. SQLite in WAL mode lets many readers run beside one
 * writer. Each transaction borrows a connection from a small pool for its
 * length, so there is no connection shared between threads and no
 * thread-local state; the transaction handle is the connection itself
 * (beginning one allocates nothing). Every connection caches its prepared
 * statements (keyed by SQL text), including the ones built from filters and
 * BEGIN / COMMIT / ROLLBACK, so a repeated query shape is prepared once.
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
#ifndef RECERT_STORE_SQLITE_INTERNAL_H
#define RECERT_STORE_SQLITE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../../common/buf.h"
#include "../backend.h"

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

typedef struct sq_store sq_store;

typedef struct conn {
    store_tx tx;            /* first: a transaction is its connection */
    sq_store *s;
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

/* checkpoint.c: the thread that copies the write-ahead log into the store,
 * so that no commit runs a checkpoint itself. */
typedef struct sq_checkpointer {
    sqlite3 *db;            /* its own connection */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool wanted, stopping, running;
} sq_checkpointer;
/* Starts the thread on the WAL store at path: 0, or -1 (nothing started). */
int sq_checkpointer_start(sq_checkpointer *k, const char *path);
/* Makes db's commits wake the thread when the log has grown (while it runs;
 * otherwise db keeps SQLite's automatic checkpoint). */
void sq_checkpointer_watch(sq_checkpointer *k, sqlite3 *db);
void sq_checkpointer_stop(sq_checkpointer *k);

struct sq_store {
    store_t base;           /* first */
    char *path;
    /* store_create: where the store goes once published; path is then the
     * temporary file it is built in, without a journal. */
    char *final_path;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    conn_t *free_list;
    int open_count, max_count;
    atomic_uint_fast64_t generation;    /* see sq_generation */
    sq_checkpointer checkpointer;       /* WAL stores only (not while created) */
};

static inline conn_t *tx_conn(store_tx *tx)
{
    return (conn_t *)tx;
}

/* pool.c */
void sq_log(sqlite3 *db, const char *what);
store_rc sq_rc(int rc);
int sq_exec(sqlite3 *db, const char *sql);
conn_t *sq_acquire(sq_store *s);
void sq_release(conn_t *c);
sqlite3_stmt *sq_prep(conn_t *c, const char *sql);
void sq_bind_text(sqlite3_stmt *st, int i, const char *v);
const char *sq_col_text(sqlite3_stmt *st, int i);
store_rc sq_step_done(conn_t *c, sqlite3_stmt *st);
store_rc sq_begin(conn_t *c, bool write);
store_rc sq_commit(conn_t *c);
void sq_rollback(conn_t *c);
void sq_copy_str(char *dst, size_t cap, const char *src);
/* Prepares sql, binds n text values (const char *, NULL for NULL) to ?1..?n
 * and steps it to its end. */
store_rc sq_run(conn_t *c, const char *sql, int n, ...);
/* Steps a bound statement that selects one id; STORE_NOTFOUND without a row. */
store_rc sq_select_id(sqlite3_stmt *st, char out[65]);
/* Steps a bound statement; *found is whether it returned a row. */
store_rc sq_found(sqlite3_stmt *st, bool *found);

/* migrate.c */
/* Applies the missing migrations; *from_version gets the schema version
 * found (0: a new store). */
store_rc sq_migrate(conn_t *c, int *from_version, char *err, size_t err_len);

/* query.c: one page of a collection, inside the caller's read transaction
 * so that the count and the rows agree. fixed holds the operation's own
 * conditions (" AND ..."), whose values are already in p; the validated
 * filter, ordering and paging are added here. */
typedef int (*sq_row_fn)(conn_t *c, sqlite3_stmt *st, void *ctx);
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
int sq_params_text(filter_params *p, const char *text);
store_rc sq_run_page(conn_t *c, const page_sql *q, const buf_t *fixed, filter_params *p,
                     const store_page *page, sq_row_fn fn, void *ctx, int64_t *total);
/* Runs head, then " AND <filter>" when filter is not NULL, then tail, with
 * p's values (head's own first) and the filter's bound: for a statement
 * over a validated filter that is not a page (an aggregate). fn sees each
 * row as sq_run_page's does. */
store_rc sq_run_filtered(conn_t *c, const char *head, const char *tail, filter_params *p,
                         const filter_node *filter, const filter_column *columns, sq_row_fn fn,
                         void *ctx);
bool sq_filter_uses(const filter_node *n, int lo, int hi);

/* certs.c */
store_rc sq_client_get(store_tx *tx, const char *client_id, store_client *out);
store_rc sq_signing_key(store_tx *tx, unsigned char key[32]);
store_rc sq_identity_get(store_tx *tx, const char *id, store_identity *out);
store_rc sq_identity_exists(store_tx *tx, const char *id, bool *exists);
store_rc sq_group_has_member(store_tx *tx, const char *group_id, const char *identity_id,
                             bool *member);
store_rc sq_cert_list(store_tx *tx, const store_cert_query *q, store_cert_cb cb, void *payload,
                      int64_t *total);
store_rc sq_cert_access(store_tx *tx, const char *cert_id, const char *identity_id,
                        bool *exists, bool *is_reviewer);
store_rc sq_reviewer_list(store_tx *tx, const char *cert_id, const store_page *page,
                          store_identity_cb cb, void *payload, int64_t *total);
store_rc sq_item_permissions(store_tx *tx, const char *cert_id, const char *item_id,
                             const store_page *page, store_permission_cb cb, void *payload,
                             int64_t *total);

/* review.c */
store_rc sq_cert_head_get(store_tx *tx, const char *cert_id, store_cert_head *out);
store_rc sq_ref_exists(store_tx *tx, store_ref_kind kind, const char *ref_id,
                       const char *cert_id, bool *exists);
store_rc sq_ref_covers(store_tx *tx, store_ref_kind kind, const char *ref_id,
                       const char *cert_id, const char *identity_id, bool *covers);
store_rc sq_reassign_target_find(store_tx *tx, const char *from_cert, const char *reviewer_id,
                                 const char *campaign_id, char id_out[65]);
store_rc sq_cert_insert(store_tx *tx, const store_cert_new *c, char id_out[65]);
store_rc sq_items_move(store_tx *tx, const store_ref *refs, size_t ref_count, const char *from,
                       const char *to);
store_rc sq_cert_recount(store_tx *tx, const char *cert_id);
store_rc sq_cert_touch(store_tx *tx, const char *cert_id, const char *now);
/* The summary of identity_id in cert_id, created if missing. */
store_rc sq_summary_for(conn_t *c, const char *cert_id, const char *identity_id, char out[65]);
/* Rewrites the derived counters of one certification from its items. */
store_rc sq_recount(conn_t *c, const char *cert_id);

/* decide.c (and sq_cert_get in certs.c) */
store_rc sq_cert_get(store_tx *tx, const char *cert_id, store_cert_cb cb, void *payload);
store_rc sq_item_holder(store_tx *tx, const char *item_id, char cert_out[65]);
store_rc sq_items_decide(store_tx *tx, const char *cert_id, const store_decision *d,
                         size_t count, const char *decided_by, const char *now);
store_rc sq_cert_undecided(store_tx *tx, const char *cert_id, int64_t *count);
store_rc sq_cert_sign(store_tx *tx, const char *cert_id, const char *now);
store_rc sq_remediation_schedule(store_tx *tx, const char *cert_id, const char *now,
                                 int64_t *count);
store_rc sq_remediation_run_due(store_tx *tx, const char *now, int64_t limit, int64_t *done);
store_rc sq_remediation_next(store_tx *tx, char at_out[32]);
store_rc sq_remediation_list(store_tx *tx, const char *campaign_id, const store_page *page,
                             store_remediation_cb cb, void *payload, int64_t *total);
store_rc sq_campaign_exists(store_tx *tx, const char *id, bool *exists);
store_rc sq_campaign_progress(store_tx *tx, const char *campaign_id, const char *now);
store_rc sq_campaigns_progress(store_tx *tx, const char *now);

/* items.c: the v3 reads of review items and summaries */
store_rc sq_item_list(store_tx *tx, const store_item_query *q, store_item_cb cb, void *payload,
                      int64_t *total);
store_rc sq_summary_list(store_tx *tx, const char *cert_id, const store_page *page,
                         store_summary_cb cb, void *payload, int64_t *total);
store_rc sq_summary_get(store_tx *tx, const char *cert_id, const char *summary_id,
                        store_summary_cb cb, void *payload);
store_rc sq_access_summary_list(store_tx *tx, const char *cert_id, const char *access_type,
                                const store_page *page, store_access_cb cb, void *payload,
                                int64_t *total);
store_rc sq_decision_counts_get(store_tx *tx, const char *cert_id, const filter_node *filter,
                                store_decision_counts *out);

/* Denormalized names (migration 0005). review_item carries identity_name,
 * access_name, entitlement_source (ENTITLEMENT items) and
 * access_profile_source (ACCESS_PROFILE items); identity_summary carries
 * identity_name: copies of the identity's, the access's and the source's
 * names, which the v3 reads filter and sort on through an index. Whoever
 * inserts such a row fills them with these expressions (SQL text over the
 * row's identity id, access type and access id, given as SQL text: a
 * placeholder or a column); a row inserted without them is filled by a
 * trigger, with a second write. A row keeps them when it moves between
 * certifications; the bulk writer rewrites them at commit for what it
 * replaced. */
#define SQ_IDENTITY_NAME(identity) "(SELECT i.name FROM identity i WHERE i.id = " identity ")"
#define SQ_ACCESS_NAME(type, access)                                                       \
    "CASE " type " WHEN 'ENTITLEMENT' THEN (SELECT e.name FROM entitlement e"              \
    " WHERE e.id = " access ") WHEN 'ACCESS_PROFILE' THEN (SELECT p.name FROM"             \
    " access_profile p WHERE p.id = " access ") WHEN 'ROLE' THEN (SELECT r.name FROM role r" \
    " WHERE r.id = " access ") END"
#define SQ_ENT_SOURCE(type, access)                                                        \
    "CASE WHEN " type " = 'ENTITLEMENT' THEN (SELECT e.source FROM entitlement e"          \
    " WHERE e.id = " access ") END"
#define SQ_PROFILE_SOURCE(type, access)                                                    \
    "CASE WHEN " type " = 'ACCESS_PROFILE' THEN (SELECT p.source FROM access_profile p"    \
    " WHERE p.id = " access ") END"

/* tasks.c */
/* Registers the SQL functions the task queue uses on a new connection. */
int sq_tasks_register(sqlite3 *db);
store_rc sq_task_insert(store_tx *tx, const char *target_type, const char *target_id,
                        const char *type, const char *payload_json, const char *now,
                        char id_out[65]);
store_rc sq_task_list(store_tx *tx, const store_task_query *q, store_task_cb cb, void *payload,
                      int64_t *total);
store_rc sq_task_get(store_tx *tx, const char *cert_id, const char *task_id, store_task_cb cb,
                     void *payload);
store_rc sq_tasks_pending(store_tx *tx, const char *cert_id, store_task_cb cb, void *payload);
store_rc sq_task_runnable(store_tx *tx, bool *any);
store_rc sq_task_claim(store_tx *tx, int64_t lease_ms, char id_out[65]);
store_rc sq_task_finish(store_tx *tx, const char *task_id, const char *status,
                        const problems_t *problems, const char *now);
store_rc sq_task_recover(store_tx *tx, int *recovered);

/* writer.c */
store_rc sq_writer_begin(store_t *s, store_writer **out);
store_rc sq_writer_commit(store_writer *w);
void sq_writer_rollback(store_writer *w);
store_rc sq_w_is_empty(store_writer *w, bool *empty);
store_rc sq_w_exists(store_writer *w, store_kind kind, const char *id, bool *exists);
store_rc sq_w_holder(store_writer *w, store_kind kind, const char *id, char cert_out[65]);
store_rc sq_w_identity(store_writer *w, bool replace, const char *id, const char *name,
                       const char *email, const char *manager_id, const char *authorities_json);
store_rc sq_w_group(store_writer *w, bool replace, const char *id, const char *name,
                    const char *const *member_ids, size_t member_count);
store_rc sq_w_client(store_writer *w, bool replace, const char *client_id,
                     const char *secret_hash, const char *identity_id, const char *name);
store_rc sq_w_entitlement(store_writer *w, bool replace, const char *id, const char *name,
                          const char *source, const char *attribute, const char *value);
store_rc sq_w_permission(store_writer *w, const char *entitlement_id, const char *target,
                         const char *const *rights, size_t right_count);
store_rc sq_w_access_profile(store_writer *w, bool replace, const char *id, const char *name,
                             const char *source, const char *const *entitlement_ids,
                             size_t entitlement_count);
store_rc sq_w_role(store_writer *w, bool replace, const char *id, const char *name,
                   const char *const *access_profile_ids, size_t ap_count,
                   const char *const *entitlement_ids, size_t ent_count);
store_rc sq_w_assignment(store_writer *w, const char *identity_id, const char *access_type,
                         const char *access_id);
store_rc sq_w_campaign(store_writer *w, bool replace, const store_campaign_in *c);
store_rc sq_w_cert(store_writer *w, bool replace, const store_cert_in *c);
store_rc sq_w_summary(store_writer *w, const char *id, const char *cert_id,
                      const char *identity_id);
store_rc sq_w_item(store_writer *w, const char *id, const char *cert_id, const char *identity_id,
                   const char *access_type, const char *access_id, const char *decision,
                   const char *comments);


/* campaigns.c */
store_rc sq_campaign_list(store_tx *tx, const store_page *page, store_campaign_cb cb,
                          void *payload, int64_t *total);
store_rc sq_campaign_get(store_tx *tx, const char *id, store_campaign_cb cb, void *payload);
store_rc sq_campaign_insert(store_tx *tx, const store_campaign_new *c, char id_out[65]);
store_rc sq_campaign_set_status(store_tx *tx, const char *id, const char *status,
                                const char *now);
store_rc sq_campaign_alert(store_tx *tx, const char *id, const char *level, const char *text);
store_rc sq_campaign_update(store_tx *tx, const char *id, const store_campaign_patch *p,
                            const char *now);
store_rc sq_campaign_generate(store_tx *tx, const char *campaign_id, const store_gen_spec *g,
                              store_self_review_cb self_cb, void *payload,
                              store_generation_result *out);
store_rc sq_campaign_certs_phase(store_tx *tx, const char *campaign_id, const char *from,
                                 const char *to, const char *now);
store_rc sq_campaign_open_certs(store_tx *tx, const char *campaign_id, store_id_cb cb,
                                void *payload);
store_rc sq_cert_undecided_items(store_tx *tx, const char *cert_id, store_id_cb cb,
                                 void *payload);
store_rc sq_campaign_delete(store_tx *tx, const char *id, const char *now);
store_rc sq_group_exists(store_tx *tx, const char *id, bool *exists);

#endif
