/*
 * store: the one narrow interface between recertd and its data.
 *
 * Everything above this header (server, handlers, worker, import, demo) sees
 * only these types and functions; nothing SQL-dialect specific leaks out.
 * Today there is one backend, SQLite (store_sqlite.c, WAL mode, one pooled
 * connection per concurrent caller, prepared statements cached per
 * connection). A PostgreSQL backend will implement the same functions.
 *
 * Conventions
 *   - Every function returns a store_rc: STORE_OK (0) or a negative code.
 *     STORE_ERROR means "unexpected" (the server answers 500); the detail is
 *     logged by the backend, never sent to a client.
 *   - Read functions stream rows to a callback. Strings in a row are borrowed
 *     and valid only during the callback; copy what must outlive it. A
 *     callback returning non-zero stops the iteration (STORE_OK is returned).
 *   - Every write is one transaction: it happens completely or not at all.
 *   - Ids compare case-insensitively, as SailPoint's filters do.
 *   - Timestamps are RFC 3339 UTC strings with milliseconds
 *     ("2026-12-31T23:59:59.000Z"), which sort as text.
 */
#ifndef RECERT_STORE_H
#define RECERT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/problems.h"
#include "../filter/filter.h"

typedef enum store_rc {
    STORE_OK = 0,
    STORE_NOTFOUND = -1,
    STORE_CONFLICT = -2,    /* a unique id is already taken */
    STORE_INVALID = -3,     /* the request contradicts the data (see errors) */
    STORE_BUSY = -4,        /* locked too long; retryable */
    STORE_ERROR = -5,
} store_rc;

typedef struct store store_t;

/* Opens (creating and migrating as needed) the store named by url:
 * "sqlite:PATH" or a bare path. pool_size bounds concurrent connections.
 * On failure *out is NULL and err holds a one-line reason. */
store_rc store_open(store_t **out, const char *url, int pool_size, char *err, size_t err_len);
void store_close(store_t *s);

/* Bounds the memory the backend keeps as a cache of the data, across all
 * its connections in this process (soft: beyond it, cached pages are given
 * back instead of growing). Call before the first store_open; 0 keeps the
 * backend's default. */
void store_cache_budget(size_t bytes);

/* Creates a store that does not exist yet, for one bulk load (a new demo
 * org): it is built beside its path in PATH.building, without a journal
 * (half the disk and less time than a write-ahead log as large as the
 * store), and appears at its path only through store_publish. Closing it
 * unpublished, or a crash, leaves nothing at the path (a leftover
 * PATH.building is removed by the next store_create). One connection:
 * nothing else may read it meanwhile. STORE_CONFLICT if the path exists. */
store_rc store_create(store_t **out, const char *url, char *err, size_t err_len);
/* Makes a store from store_create durable and moves it to its path, in WAL
 * mode like any other; closes s either way. */
store_rc store_publish(store_t *s, char *err, size_t err_len);

/* A number that moves on whenever the data may have changed: writes through
 * this store, and commits by any other connection or process. While it
 * stays the same the data is the same, so a result derived from it (a
 * rendered page) may be reused. Read it before the query the result comes
 * from: a result stored under an older number is never current. */
store_rc store_generation(store_t *s, uint64_t *out);

/* --- secrets and principals ------------------------------------------- */

/* The HS256 key for access tokens: created on first use, kept in the store
 * so that tokens survive restarts and are valid on every node. */
store_rc store_signing_key(store_t *s, unsigned char key[32]);

typedef struct store_client {
    char identity_id[65];
    char identity_name[256];
    char secret_hash[160];
    char authorities[1024];     /* JSON array text, e.g. ["ORG_ADMIN"] */
} store_client;

store_rc store_client_get(store_t *s, const char *client_id, store_client *out);

/* --- certifications ---------------------------------------------------- */

/* Filterable fields and sortable keys of list-certifications. Handlers
 * describe operators and types for the same indexes; the backend maps
 * them to columns. */
enum { CERT_F_ID, CERT_F_PHASE, CERT_F_COMPLETED, CERT_F_CAMPAIGN_TYPE, CERT_F_CAMPAIGN_ID,
       CERT_F_COUNT };
enum { CERT_S_NAME, CERT_S_DUE, CERT_S_SIGNED, CERT_S_COUNT };
enum { REVIEWER_F_ID, REVIEWER_F_NAME, REVIEWER_F_EMAIL, REVIEWER_F_COUNT };
enum { REVIEWER_S_NAME, REVIEWER_S_EMAIL, REVIEWER_S_COUNT };
enum { PERMISSION_F_TARGET, PERMISSION_F_RIGHTS, PERMISSION_F_COUNT };

/* A collection query: the validated parts of filters/sorters/limit/offset/count. */
typedef struct store_page {
    const filter_node *filter;  /* validated against the operation's fields, or NULL */
    const sorter_key *sort;
    size_t sort_count;
    int64_t limit;              /* 0..250 */
    int64_t offset;             /* >= 0 */
    bool count;                 /* compute *total */
} store_page;

typedef struct store_reviewer {
    const char *type;           /* "IDENTITY" or "GOVERNANCE_GROUP" */
    const char *id, *name;
    const char *email;          /* NULL for groups */
} store_reviewer;

typedef struct store_cert {
    const char *id, *name, *phase, *due, *signed_at, *created, *modified;
    const char *campaign_id, *campaign_name, *campaign_type, *campaign_description;
    const char *campaign_correlated_status, *campaign_mandatory_comment;
    store_reviewer reviewer;
    bool reassigned;            /* the fields below are set when true */
    const char *from_id, *from_name, *reassign_comment;
    store_reviewer from_reviewer;
    bool has_errors;
    const char *error_message;
    int64_t decisions_made, decisions_total, entities_completed, entities_total;
    bool completed;
} store_cert;

typedef int (*store_cert_cb)(const store_cert *cert, void *payload);

typedef struct store_cert_query {
    store_page page;
    const char *viewer_id;      /* non-admin caller: only certifications this
                                   identity reviews (directly or through a
                                   governance group); NULL for admins */
    const char *reviewer_id;    /* reviewer-identitiy: narrow to certifications
                                   this identity reviews, or NULL */
} store_cert_query;

store_rc store_cert_list(store_t *s, const store_cert_query *q, store_cert_cb cb, void *payload,
                         int64_t *total);

/* Whether certification id exists and whether identity_id reviews it
 * (directly or as a member of its reviewer group). Either out may be NULL. */
store_rc store_cert_access(store_t *s, const char *cert_id, const char *identity_id,
                           bool *exists, bool *is_reviewer);

/* The access check of a read of one certification's data, made in the same
 * read transaction as the read. In: who asks. Out: whether the
 * certification exists, and whether identity_id reviews it (directly or as
 * a member of its reviewer group). The read itself runs only when it exists
 * and the caller is an admin or a reviewer; otherwise the function returns
 * STORE_OK having read nothing, and the caller answers from the gate. A
 * NULL gate reads unchecked. */
typedef struct store_cert_gate {
    const char *identity_id;
    bool admin;
    bool exists, reviewer;
} store_cert_gate;

typedef struct store_identity_ref {
    const char *id, *name, *email;
} store_identity_ref;
typedef int (*store_identity_cb)(const store_identity_ref *ref, void *payload);

/* The identities who review cert_id (its identity reviewer, or every member
 * of its reviewer group), as a collection. */
store_rc store_reviewer_list(store_t *s, store_cert_gate *gate, const char *cert_id,
                             const store_page *page, store_identity_cb cb, void *payload,
                             int64_t *total);

typedef struct store_permission {
    const char *target;
    const char *const *rights;
    size_t right_count;
} store_permission;
typedef int (*store_permission_cb)(const store_permission *perm, void *payload);

/* Permissions of the entitlement that review item item_id of cert_id covers
 * (none for other access types). STORE_NOTFOUND if the item is not in it. */
store_rc store_item_permissions(store_t *s, store_cert_gate *gate, const char *cert_id,
                                const char *item_id, const store_page *page,
                                store_permission_cb cb, void *payload, int64_t *total);

/* --- tasks: asynchronous reassignment --------------------------------- */

typedef struct store_task {
    const char *id, *certification_id, *type, *status;
    const char *errors_json;    /* JSON array of strings */
    const char *created, *modified;
} store_task;
typedef int (*store_task_cb)(const store_task *task, void *payload);

typedef enum { REASSIGN_ITEM, REASSIGN_IDENTITY_SUMMARY, REASSIGN_TARGET_SUMMARY } reassign_kind;

typedef struct reassign_ref {
    const char *id;
    reassign_kind kind;
} reassign_ref;

typedef struct store_reassign {
    const char *cert_id;
    const reassign_ref *refs;
    size_t ref_count;
    const char *reassign_to;
    const char *reason;
} store_reassign;


/* Checks r against the data (certification exists and is not SIGNED,
 * reassign_to exists and is not the current reviewer, every ref names an
 * item / identity summary / target summary of the certification) and, if
 * all is well, commits a QUEUED task and streams it to cb. Otherwise returns
 * STORE_INVALID with every problem in problems (or STORE_NOTFOUND when the
 * certification does not exist). */
store_rc store_reassign_submit(store_t *s, const store_reassign *r, problems_t *problems,
                               store_task_cb cb, void *payload);

/* The task, or STORE_NOTFOUND when cert_id has no task task_id. */
store_rc store_task_get(store_t *s, store_cert_gate *gate, const char *cert_id,
                        const char *task_id, store_task_cb cb, void *payload);
store_rc store_tasks_pending(store_t *s, store_cert_gate *gate, const char *cert_id,
                             store_task_cb cb, void *payload);

/* Claims one runnable task (QUEUED, or IN_PROGRESS whose lease expired) in
 * one transaction, marks it IN_PROGRESS with a lease of lease_ms, and copies
 * its id to id_out. STORE_NOTFOUND when there is none. */
store_rc store_task_claim(store_t *s, int64_t lease_ms, char id_out[65]);

/* Performs a claimed task in one transaction that also ends it SUCCESS or
 * ERROR (with readable errors). */
store_rc store_task_run(store_t *s, const char *task_id);

/* Ends a task ERROR with message, outside any other transaction (for a
 * task whose run failed unexpectedly). */
store_rc store_task_fail(store_t *s, const char *task_id, const char *message);

/* Makes tasks left IN_PROGRESS by a dead process runnable again. Called at
 * start-up by a node that owns the store alone (SQLite). */
store_rc store_task_recover(store_t *s, int *recovered);

/* --- bulk writes: import and demo ------------------------------------- */

/* A write transaction for loading an org. Nothing is visible to readers
 * until store_writer_commit; store_writer_rollback (or any failure) leaves
 * the store as it was. The object functions take replace=true to overwrite
 * an object with the same id (and, for a certification, its items and
 * summaries); without it a taken id is STORE_CONFLICT. */
typedef struct store_writer store_writer;

store_rc store_writer_begin(store_t *s, store_writer **out);
store_rc store_writer_commit(store_writer *w);
void store_writer_rollback(store_writer *w);

typedef enum {
    STORE_KIND_IDENTITY, STORE_KIND_GROUP, STORE_KIND_CLIENT, STORE_KIND_ENTITLEMENT,
    STORE_KIND_ACCESS_PROFILE, STORE_KIND_ROLE, STORE_KIND_CAMPAIGN, STORE_KIND_CERTIFICATION,
    STORE_KIND_SUMMARY, STORE_KIND_ITEM, STORE_KIND_COUNT
} store_kind;

/* Whether the store holds no identities and no certifications. */
store_rc store_w_is_empty(store_writer *w, bool *empty);

/* Whether an object of that kind with that id exists (as seen inside w). */
store_rc store_w_exists(store_writer *w, store_kind kind, const char *id, bool *exists);

store_rc store_w_identity(store_writer *w, bool replace, const char *id, const char *name,
                          const char *email, const char *manager_id, const char *authorities_json);
store_rc store_w_group(store_writer *w, bool replace, const char *id, const char *name,
                       const char *const *member_ids, size_t member_count);
store_rc store_w_client(store_writer *w, bool replace, const char *client_id,
                        const char *secret_hash, const char *identity_id, const char *name);
store_rc store_w_entitlement(store_writer *w, bool replace, const char *id, const char *name,
                             const char *source, const char *attribute, const char *value);
store_rc store_w_permission(store_writer *w, const char *entitlement_id, const char *target,
                            const char *const *rights, size_t right_count);
store_rc store_w_access_profile(store_writer *w, bool replace, const char *id, const char *name,
                                const char *source, const char *const *entitlement_ids,
                                size_t entitlement_count);
store_rc store_w_role(store_writer *w, bool replace, const char *id, const char *name,
                      const char *const *access_profile_ids, size_t ap_count,
                      const char *const *entitlement_ids, size_t ent_count);
store_rc store_w_assignment(store_writer *w, const char *identity_id, const char *access_type,
                            const char *access_id);

typedef struct store_campaign_in {
    const char *id, *name, *description, *type, *status, *correlated_status;
    const char *mandatory_comment, *deadline, *created;
} store_campaign_in;
store_rc store_w_campaign(store_writer *w, bool replace, const store_campaign_in *c);

typedef struct store_cert_in {
    const char *id, *name, *campaign_id, *reviewer_type, *reviewer_id;
    const char *phase, *due, *signed_at, *created;
} store_cert_in;
store_rc store_w_cert(store_writer *w, bool replace, const store_cert_in *c);
store_rc store_w_summary(store_writer *w, const char *id, const char *cert_id,
                         const char *identity_id);
store_rc store_w_item(store_writer *w, const char *id, const char *cert_id,
                      const char *identity_id, const char *access_type, const char *access_id,
                      const char *decision, const char *comments);

#endif
