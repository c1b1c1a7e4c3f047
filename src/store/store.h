/*
 * store: the one narrow interface between recertd and its data.
 *
 * Everything above this header (review rules, worker, server, import, demo)
 * sees only these types and functions; nothing SQL-dialect specific leaks
 * out. store.c picks a backend by the URL's scheme and dispatches every
 * call through its function table (backend.h, what a backend implements).
 * Today there is one backend, SQLite (src/store/sqlite/: WAL mode, one
 * pooled connection per open transaction, prepared statements cached per
 * connection). A PostgreSQL backend will implement the same table.
 *
 * Conventions
 *   - Every function returns a store_rc: STORE_OK (0) or a negative code.
 *     STORE_ERROR means "unexpected" (the server answers 500); the detail is
 *     logged by the backend, never sent to a client. The store knows no
 *     HTTP and no API field names; the sentences a client reads are written
 *     by the layers above (src/review/, src/server/).
 *   - Data is read and written inside a transaction (store_tx): begin it,
 *     make any number of calls, commit or roll it back. What a transaction
 *     reads is one consistent snapshot, so "check, then act" is one
 *     transaction. A failed call leaves the transaction open: the caller
 *     still ends it (a failed write transaction must be rolled back).
 *   - Read functions stream rows to a callback. Strings in a row are borrowed
 *     and valid only during the callback; copy what must outlive it. A
 *     callback returning non-zero stops the iteration (STORE_OK is returned).
 *   - Ids compare case-insensitively, as SailPoint's filters do.
 *   - Timestamps are RFC 3339 UTC strings with milliseconds
 *     ("2026-12-31T23:59:59.000Z"), which sort as text. Functions that stamp
 *     a record take the time from the caller (now), so that one operation
 *     writes one time everywhere.
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
    STORE_INVALID = -3,     /* the request contradicts the data (see problems) */
    STORE_BUSY = -4,        /* locked too long; retryable */
    STORE_ERROR = -5,
    STORE_UNSUPPORTED = -6, /* this backend does not offer the operation */
} store_rc;

typedef struct store store_t;

/* Opens (creating and migrating as needed) the store named by url:
 * "sqlite:PATH" or a bare path (SQLite); "postgresql://..." is recognised
 * but has no backend in this build yet. pool_size bounds concurrent
 * transactions. On failure *out is NULL and err holds a one-line reason. */
store_rc store_open(store_t **out, const char *url, int pool_size, char *err, size_t err_len);
void store_close(store_t *s);

/* Whether store_open made a new, empty store (nothing was at the URL). */
bool store_created(const store_t *s);

/* Bounds the memory the backends keep as a cache of the data, across all
 * their connections in this process (soft: beyond it, cached pages are
 * given back instead of growing). Call before the first store_open; 0 keeps
 * the backend's default. */
void store_cache_budget(size_t bytes);

/* Creates a store that does not exist yet, for one bulk load (a new demo
 * org): it is built aside (SQLite: beside its path in PATH.building,
 * without a journal: half the disk and less time than a write-ahead log as
 * large as the store), and appears at its URL only through store_publish.
 * Closing it unpublished, or a crash, leaves nothing there (a leftover
 * PATH.building is removed by the next store_create). One transaction at a
 * time: nothing else may read it meanwhile. STORE_CONFLICT if the store
 * exists; STORE_UNSUPPORTED if the backend cannot build aside. */
store_rc store_create(store_t **out, const char *url, char *err, size_t err_len);
/* Makes a store from store_create durable and moves it to its URL, ready
 * for concurrent use like any other; closes s either way. */
store_rc store_publish(store_t *s, char *err, size_t err_len);

/* A number that moves on whenever the data may have changed: writes through
 * this store, and commits by any other connection or process. While it
 * stays the same the data is the same, so a result derived from it (a
 * rendered page) may be reused. Read it before the transaction the result
 * comes from: a result stored under an older number is never current. */
store_rc store_generation(store_t *s, uint64_t *out);

/* --- transactions ------------------------------------------------------ */

typedef struct store_tx store_tx;
typedef enum { STORE_READ, STORE_WRITE } store_mode;

/* Begins a transaction. A READ transaction sees one snapshot and may not
 * write; a WRITE transaction takes the store's write lock up front, so it
 * never fails half-way for a lock another writer holds (STORE_BUSY comes
 * here, after the backend's wait). One transaction holds one connection:
 * a thread must not begin a second while it holds one (a pool of one would
 * wait forever). */
store_rc store_begin(store_t *s, store_mode mode, store_tx **out);
/* Commits and ends tx (a failed commit rolls back); tx is freed either way.
 * A READ transaction may be ended with either function. */
store_rc store_commit(store_tx *tx);
void store_rollback(store_tx *tx);

/* --- secrets and principals ------------------------------------------- */

/* The HS256 key for access tokens: created on first use, kept in the store
 * so that tokens survive restarts and are valid on every node. Runs its own
 * write transaction (start-up only). */
store_rc store_signing_key(store_t *s, unsigned char key[32]);

typedef struct store_client {
    char identity_id[65];
    char identity_name[256];
    char secret_hash[160];
    char authorities[1024];     /* JSON array text, e.g. ["ORG_ADMIN"] */
} store_client;

/* STORE_NOTFOUND when there is no such client. */
store_rc store_client_get(store_tx *tx, const char *client_id, store_client *out);

/* An identity's name, copied: STORE_NOTFOUND when there is none. */
typedef struct store_identity {
    char id[65];
    char name[1024];
} store_identity;
store_rc store_identity_get(store_tx *tx, const char *id, store_identity *out);
store_rc store_identity_exists(store_tx *tx, const char *id, bool *exists);

/* Whether identity_id is a member of governance group group_id. */
store_rc store_group_has_member(store_tx *tx, const char *group_id, const char *identity_id,
                                bool *member);

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

store_rc store_cert_list(store_tx *tx, const store_cert_query *q, store_cert_cb cb,
                         void *payload, int64_t *total);

/* Whether certification id exists and whether identity_id reviews it
 * (directly or as a member of its reviewer group). Either out may be NULL.
 * A read of one certification's data checks this first, in the same
 * transaction, and reads only what the caller may see. */
store_rc store_cert_access(store_tx *tx, const char *cert_id, const char *identity_id,
                           bool *exists, bool *is_reviewer);

typedef struct store_identity_ref {
    const char *id, *name, *email;
} store_identity_ref;
typedef int (*store_identity_cb)(const store_identity_ref *ref, void *payload);

/* The identities who review cert_id (its identity reviewer, or every member
 * of its reviewer group), as a collection. */
store_rc store_reviewer_list(store_tx *tx, const char *cert_id, const store_page *page,
                             store_identity_cb cb, void *payload, int64_t *total);

typedef struct store_permission {
    const char *target;
    const char *const *rights;
    size_t right_count;
} store_permission;
typedef int (*store_permission_cb)(const store_permission *perm, void *payload);

/* Permissions of the entitlement that review item item_id of cert_id covers
 * (none for other access types). STORE_NOTFOUND if the item is not in it. */
store_rc store_item_permissions(store_tx *tx, const char *cert_id, const char *item_id,
                                const store_page *page, store_permission_cb cb, void *payload,
                                int64_t *total);

/* --- what reassignment is made of ------------------------------------- */
/* The primitives the review rules (src/review/reassign.c) are written in.
 * They check and move data; they decide nothing and say nothing to a client. */

/* One certification's head, copied. */
typedef struct store_cert_head {
    char reviewer_type[24];     /* "IDENTITY" or "GOVERNANCE_GROUP" */
    char reviewer_id[65];
    char phase[16];
    char campaign_id[65];
    bool has_campaign;          /* campaign_name is set */
    char campaign_name[1024];
    char name[1024];
    char due[32];               /* "" when none */
    char mandatory_comment[24]; /* the campaign's mandatoryCommentRequirement, or "" */
    char campaign_status[24];   /* "" when there is no campaign */
} store_cert_head;
store_rc store_cert_head_get(store_tx *tx, const char *cert_id, store_cert_head *out);

/* What a reference in a certification names: one review item, an identity
 * summary (the items of one identity), or a target summary (the items of
 * one access, by its id). */
typedef enum { STORE_REF_ITEM, STORE_REF_IDENTITY_SUMMARY, STORE_REF_TARGET_SUMMARY,
               STORE_REF_KIND_COUNT } store_ref_kind;
typedef struct store_ref {
    const char *id;
    store_ref_kind kind;
} store_ref;

/* Whether ref_id of that kind is in cert_id. */
store_rc store_ref_exists(store_tx *tx, store_ref_kind kind, const char *ref_id,
                          const char *cert_id, bool *exists);
/* Whether ref_id of that kind in cert_id covers an item whose subject is
 * identity_id. */
store_rc store_ref_covers(store_tx *tx, store_ref_kind kind, const char *ref_id,
                          const char *cert_id, const char *identity_id, bool *covers);

/* The oldest unsigned certification of campaign_id that reviewer_id reviews
 * and that an earlier reassignment made from from_cert; STORE_NOTFOUND when
 * there is none. */
store_rc store_reassign_target_find(store_tx *tx, const char *from_cert, const char *reviewer_id,
                                    const char *campaign_id, char id_out[65]);

/* A new certification, with no items yet, reviewed by identity reviewer_id;
 * the store chooses its id. */
typedef struct store_cert_new {
    const char *name, *campaign_id, *reviewer_id, *phase;
    const char *due;                        /* or NULL */
    const char *reassign_from_id, *reassign_comment;
    const char *now;                        /* created and modified */
} store_cert_new;
store_rc store_cert_insert(store_tx *tx, const store_cert_new *c, char id_out[65]);

/* Moves the items the refs name from certification from to to, with their
 * identity summaries (made in to as needed; one left empty in from goes). */
store_rc store_items_move(store_tx *tx, const store_ref *refs, size_t ref_count,
                          const char *from, const char *to);
/* Rewrites the derived counters of cert_id from its items. */
store_rc store_cert_recount(store_tx *tx, const char *cert_id);
/* Sets cert_id's modified time. */
store_rc store_cert_touch(store_tx *tx, const char *cert_id, const char *now);

/* --- decisions, sign-off and remediation ------------------------------ */
/* The primitives of src/review/decide.c; they check and change data and
 * decide nothing. */

/* One certification, as store_cert_list streams it; STORE_NOTFOUND when
 * there is none. */
store_rc store_cert_get(store_tx *tx, const char *cert_id, store_cert_cb cb, void *payload);

/* The certification that holds review item item_id, copied; STORE_NOTFOUND
 * when none does. */
store_rc store_item_holder(store_tx *tx, const char *item_id, char cert_out[65]);

typedef struct store_decision {
    const char *item_id;
    const char *decision;           /* "APPROVE" or "REVOKE" */
    const char *comments;           /* or NULL */
    const char *proposed_end_date;  /* or NULL */
} store_decision;
/* Records each decision on its item of cert_id (replacing an earlier one),
 * as made by identity decided_by at now, and rewrites cert_id's counters.
 * STORE_NOTFOUND when an item is not in cert_id (the caller rolls back). */
store_rc store_items_decide(store_tx *tx, const char *cert_id, const store_decision *d,
                            size_t count, const char *decided_by, const char *now);

/* The number of items of cert_id without a decision. */
store_rc store_cert_undecided(store_tx *tx, const char *cert_id, int64_t *count);

/* Phase SIGNED, signed and modified at now. */
store_rc store_cert_sign(store_tx *tx, const char *cert_id, const char *now);

/* Schedules the removal of the access every REVOKE of cert_id names: at
 * the decision's proposed end date, or at now. *count: how many. */
store_rc store_remediation_schedule(store_tx *tx, const char *cert_id, const char *now,
                                    int64_t *count);
/* Carries out the scheduled removals due at now (at most limit of them):
 * the identity no longer holds the access, and the removal is recorded as
 * done at now. *done: how many. */
store_rc store_remediation_run_due(store_tx *tx, const char *now, int64_t limit,
                                   int64_t *done);
/* The earliest time a scheduled removal is due; STORE_NOTFOUND when none
 * is waiting. */
store_rc store_remediation_next(store_tx *tx, char at_out[32]);

typedef struct store_remediation {
    const char *identity_id, *access_type, *access_id, *certification_id, *campaign_id;
    const char *reviewer_id, *decided_by, *comments, *decided, *remove_at, *removed;
    const char *cancelled;
} store_remediation;
typedef int (*store_remediation_cb)(const store_remediation *r, void *payload);
/* The removals scheduled by campaign_id's sign-offs, in the order they
 * were scheduled. */
store_rc store_remediation_list(store_tx *tx, const char *campaign_id, const store_page *page,
                                store_remediation_cb cb, void *payload, int64_t *total);

/* Whether campaign id exists. */
store_rc store_campaign_exists(store_tx *tx, const char *id, bool *exists);

/* Moves campaign_id on once every certification of it is signed: an
 * ACTIVE or COMPLETING campaign becomes COMPLETING while removals due by
 * now are still to happen, then COMPLETED (modified at now). Does nothing
 * otherwise. */
store_rc store_campaign_progress(store_tx *tx, const char *campaign_id, const char *now);
/* The same for every COMPLETING campaign (after removals ran). */
store_rc store_campaigns_progress(store_tx *tx, const char *now);

/* --- review items and summaries --------------------------------------- */
/* The reads of one certification's review items, identity summaries,
 * access summaries and decision counts. Access types are the data's own
 * words: "ENTITLEMENT", "ACCESS_PROFILE", "ROLE". */

/* Filterable fields and sortable keys of a certification's review items.
 * ITEM_F_TYPE and ITEM_F_ACCESS_TYPE both mean the access type. */
enum { ITEM_F_ID, ITEM_F_TYPE, ITEM_F_ACCESS_TYPE, ITEM_F_COMPLETED, ITEM_F_SUMMARY_ID,
       ITEM_F_SUMMARY_NAME, ITEM_F_ACCESS_ID, ITEM_F_ACCESS_NAME, ITEM_F_ENT_SOURCE,
       ITEM_F_PROFILE_SOURCE, ITEM_F_COUNT };
enum { ITEM_S_SUMMARY_NAME, ITEM_S_ACCESS_NAME, ITEM_S_ACCESS_TYPE, ITEM_S_ENT_SOURCE,
       ITEM_S_PROFILE_SOURCE, ITEM_S_COUNT };
/* Of a certification's identity summaries. */
enum { SUMMARY_F_ID, SUMMARY_F_COMPLETED, SUMMARY_F_NAME, SUMMARY_F_COUNT };
enum { SUMMARY_S_NAME, SUMMARY_S_COUNT };
/* Of a certification's access summaries (one per distinct access). */
enum { ACCESS_F_COMPLETED, ACCESS_F_ID, ACCESS_F_NAME, ACCESS_F_ENT_SOURCE,
       ACCESS_F_PROFILE_SOURCE, ACCESS_F_COUNT };
enum { ACCESS_S_NAME, ACCESS_S_COUNT };
/* Of the decision counts. */
enum { DECISION_F_SUMMARY_ID, DECISION_F_COUNT };

/* What the store knows of an entitlement, an access profile and a role. */
typedef struct store_ent_view {
    const char *id, *name, *attribute, *value, *source;
    bool has_permissions;       /* it has at least one permission */
} store_ent_view;
typedef struct store_profile_view {
    const char *id, *name;
    const store_ent_view *entitlements;     /* ordered by name, then id */
    size_t entitlement_count;
} store_profile_view;
typedef struct store_role_view {
    const char *id, *name;
    const store_profile_view *profiles;     /* ordered by name, then id */
    size_t profile_count;
    const store_ent_view *entitlements;     /* its own, ordered by name, then id */
    size_t entitlement_count;
} store_role_view;

/* The access an item reviews: its type, id and name, and the object of its
 * type (the other two NULL; all three NULL when the store does not hold it). */
typedef struct store_access_view {
    const char *type, *id, *name;
    const store_ent_view *entitlement;
    const store_profile_view *profile;
    const store_role_view *role;
} store_access_view;
typedef int (*store_access_cb)(const store_access_view *a, void *payload);

/* An identity summary: the items of one identity in one certification. */
typedef struct store_summary_row {
    const char *id, *identity_id, *name;    /* name: the identity's */
    bool completed;                         /* every item of it is decided */
} store_summary_row;
typedef int (*store_summary_cb)(const store_summary_row *s, void *payload);

typedef struct store_item_row {
    const char *id;
    const char *decision;                   /* NULL when undecided */
    const char *comments;
    store_summary_row summary;
    store_access_view access;
} store_item_row;
typedef int (*store_item_cb)(const store_item_row *item, void *payload);

typedef struct store_item_query {
    const char *cert_id;
    store_page page;
    /* Narrows to items of this access type whose access is one of these
     * ids (NULL: no narrowing). */
    const char *access_type;
    const char *const *access_ids;
    size_t access_id_count;
} store_item_query;

/* The review items of q->cert_id, as a collection (default order: the
 * identity's name, then the item's id). */
store_rc store_item_list(store_tx *tx, const store_item_query *q, store_item_cb cb,
                         void *payload, int64_t *total);

/* The identity summaries of cert_id, as a collection (default order: name). */
store_rc store_summary_list(store_tx *tx, const char *cert_id, const store_page *page,
                            store_summary_cb cb, void *payload, int64_t *total);
/* Identity summary summary_id of cert_id; STORE_NOTFOUND if it is not in it. */
store_rc store_summary_get(store_tx *tx, const char *cert_id, const char *summary_id,
                           store_summary_cb cb, void *payload);

/* One row per distinct access of access_type among cert_id's items, as a
 * collection (default order: the access's name). Its completed field is
 * whether every item of cert_id for that access is decided. */
store_rc store_access_summary_list(store_tx *tx, const char *cert_id, const char *access_type,
                                   const store_page *page, store_access_cb cb, void *payload,
                                   int64_t *total);

/* Decision counts of cert_id's items of one access type. */
typedef struct store_decision_tally {
    int64_t total, made, approved, revoked;
} store_decision_tally;
typedef struct store_decision_counts {
    store_decision_tally entitlements, access_profiles, roles;
} store_decision_counts;
/* The counts over cert_id's items that filter (validated against the
 * DECISION_F_ fields, or NULL) selects. */
store_rc store_decision_counts_get(store_tx *tx, const char *cert_id, const filter_node *filter,
                                   store_decision_counts *out);

/* --- tasks ------------------------------------------------------------- */

typedef struct store_task {
    const char *id, *target_id, *type, *status;
    const char *errors_json;    /* JSON array of strings */
    const char *created, *modified;
    const char *payload_json;   /* what the task is to do, as submitted */
    const char *target_type;    /* "CERTIFICATION" or "CAMPAIGN": what target_id names */
} store_task;
typedef int (*store_task_cb)(const store_task *task, void *payload);

/* Queues a task (QUEUED, no errors) after every task queued before it, and
 * copies its new id to id_out. A backend must give tasks a total order
 * that is the order of their commits, across every process sharing the
 * store (see backend.h). */
store_rc store_task_insert(store_tx *tx, const char *target_type, const char *target_id,
                           const char *type, const char *payload_json, const char *now,
                           char id_out[65]);

/* The task task_id of cert_id (of any certification when cert_id is NULL),
 * or STORE_NOTFOUND. */
store_rc store_task_get(store_tx *tx, const char *cert_id, const char *task_id,
                        store_task_cb cb, void *payload);
/* Filterable fields of the v3 pending-tasks collection. */
enum { TASK_F_ID, TASK_F_TARGET_ID, TASK_F_TYPE, TASK_F_COUNT };
typedef struct store_task_query {
    store_page page;
    const char *viewer_id;      /* non-admin caller: only tasks on certifications this
                                   identity reviews; NULL for admins */
    const char *reviewer_id;    /* reviewer-identity: only tasks on certifications
                                   this identity reviews, or NULL */
} store_task_query;
/* The QUEUED and IN_PROGRESS tasks, in submission order, as a collection. */
store_rc store_task_list(store_tx *tx, const store_task_query *q, store_task_cb cb,
                         void *payload, int64_t *total);

/* The QUEUED and IN_PROGRESS tasks of cert_id, in submission order. */
store_rc store_tasks_pending(store_tx *tx, const char *cert_id, store_task_cb cb,
                             void *payload);

/* Whether some task is runnable (QUEUED, or IN_PROGRESS with an expired
 * lease): a cheap look in a READ transaction, so that an idle worker does
 * not take the write lock to learn there is nothing to do. */
store_rc store_task_runnable(store_tx *tx, bool *any);

/* Claims the first runnable task (QUEUED, or IN_PROGRESS whose lease
 * expired) in a WRITE transaction: marks it IN_PROGRESS, leased to this
 * process for lease_ms of real time (its modified time: business time
 * now), and copies its id to id_out.
 * STORE_NOTFOUND when there is none. A lease expires when its time has
 * passed, or when the backend can prove its owner is gone (SQLite: the
 * owning process on this machine no longer exists). */
store_rc store_task_claim(store_tx *tx, int64_t lease_ms, char id_out[65]);

/* Ends a task: status SUCCESS or ERROR, with the problems (may be NULL) as
 * its errors. */
store_rc store_task_finish(store_tx *tx, const char *task_id, const char *status,
                           const problems_t *problems, const char *now);

/* Makes runnable again the IN_PROGRESS tasks whose lease expired, or whose
 * owner the backend can prove is gone; a task another live process holds
 * is left alone. For start-up, when a node resumes what a crash left. */
store_rc store_task_recover(store_tx *tx, int *recovered);

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

/* The certification that holds identity summary or review item id
 * (STORE_KIND_SUMMARY or STORE_KIND_ITEM), as seen inside w; STORE_NOTFOUND
 * when none does. */
store_rc store_w_holder(store_writer *w, store_kind kind, const char *id, char cert_out[65]);

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
/* STORE_CONFLICT when the identity holds that access already (nothing is
 * written; the store is as it should be). */
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
    const char *reassign_from_id;   /* the certification this one took work from, or NULL */
    const char *reassign_comment;   /* with reassign_from_id: the reason given */
} store_cert_in;
store_rc store_w_cert(store_writer *w, bool replace, const store_cert_in *c);
store_rc store_w_summary(store_writer *w, const char *id, const char *cert_id,
                         const char *identity_id);
store_rc store_w_item(store_writer *w, const char *id, const char *cert_id,
                      const char *identity_id, const char *access_type, const char *access_id,
                      const char *decision, const char *comments);

#endif
