/*
 * backend: what a store backend implements (store.h is what callers use).
 *
 * A backend is one constant table of function pointers, in the manner of
 * libgit2's git_odb_backend and SQLite's sqlite3_vfs: store.c picks the
 * table by the URL's scheme, checks its version, and every public function
 * of store.h is a one-line call through it. The table is versioned: a
 * backend sets version to the STORE_BACKEND_VERSION it was written
 * against, and store_open refuses a table of another version rather than
 * call through a layout it does not know. Appending members is a new
 * version.
 *
 * The handles a backend returns begin with the headers below (struct store,
 * struct store_tx, struct store_writer as their first member), which is how
 * store.c finds the table from a handle; everything after the header is
 * the backend's own. No allocation is implied: the SQLite backend's
 * transaction is its pooled connection, so beginning one allocates nothing.
 *
 * Every operation has the meaning store.h gives its public twin. Beyond
 * those, a backend must guarantee:
 *   - WRITE transactions are serializable with respect to one another, and
 *     a READ transaction sees one snapshot for its whole length.
 *   - Task order (store_task_insert): tasks are claimed in the order their
 *     inserting transactions committed, across every process sharing the
 *     store. SQLite gets this for free: its one writer holds the database's
 *     write lock from BEGIN IMMEDIATE to COMMIT, so max(seq) + 1 read and
 *     written inside that transaction is unique and increasing in commit
 *     order, whichever process inserts. A backend with concurrent writers
 *     must use something as strong (a sequence assigned under a lock taken
 *     at insert, e.g. a row lock on a counter, not a bare sequence whose
 *     values can commit out of order).
 *   - Claims are exclusive: of two transactions claiming the same runnable
 *     task, one commits the claim and the other finds the task taken (or
 *     another task); a lease is only ever held by one owner.
 *   - A lease is owned by one process (a node id the backend chooses). It
 *     expires when its real time passes (clock_real_ms); a backend may also
 *     treat it as expired when it can prove the owner gone, and must never
 *     do so merely because it cannot reach the owner.
 *   - No backend reads a clock other than through src/common/clock.h.
 */
#ifndef RECERT_STORE_BACKEND_H
#define RECERT_STORE_BACKEND_H

#include "store.h"

#define STORE_BACKEND_VERSION 3   /* 2: w_holder; 3: the review workflow */

typedef struct store_backend store_backend;

/* The first member of every backend's store handle. */
struct store {
    const store_backend *backend;
    bool created;                   /* this open made a new, empty store */
};

/* The first member of every backend's transaction. */
struct store_tx {
    const store_backend *backend;
    store_mode mode;
};

/* The first member of every backend's bulk writer. */
struct store_writer {
    const store_backend *backend;
};

struct store_backend {
    unsigned version;               /* STORE_BACKEND_VERSION */
    const char *name;               /* "sqlite" */

    /* life cycle; location is the URL without its scheme (SQLite: a path).
     * create and publish may be NULL (store_create is then
     * STORE_UNSUPPORTED). */
    store_rc (*open)(store_t **out, const char *location, int pool_size, char *err,
                     size_t err_len);
    store_rc (*create)(store_t **out, const char *location, char *err, size_t err_len);
    store_rc (*publish)(store_t *s, char *err, size_t err_len);
    void (*close)(store_t *s);
    void (*cache_budget)(size_t bytes);
    store_rc (*generation)(store_t *s, uint64_t *out);

    /* transactions */
    store_rc (*begin)(store_t *s, store_mode mode, store_tx **out);
    store_rc (*commit)(store_tx *tx);
    void (*rollback)(store_tx *tx);

    /* secrets and principals */
    store_rc (*signing_key)(store_tx *tx, unsigned char key[32]);
    store_rc (*client_get)(store_tx *tx, const char *client_id, store_client *out);
    store_rc (*identity_get)(store_tx *tx, const char *id, store_identity *out);
    store_rc (*identity_exists)(store_tx *tx, const char *id, bool *exists);
    store_rc (*group_has_member)(store_tx *tx, const char *group_id, const char *identity_id,
                                 bool *member);

    /* certifications */
    store_rc (*cert_list)(store_tx *tx, const store_cert_query *q, store_cert_cb cb,
                          void *payload, int64_t *total);
    store_rc (*cert_access)(store_tx *tx, const char *cert_id, const char *identity_id,
                            bool *exists, bool *is_reviewer);
    store_rc (*reviewer_list)(store_tx *tx, const char *cert_id, const store_page *page,
                              store_identity_cb cb, void *payload, int64_t *total);
    store_rc (*item_permissions)(store_tx *tx, const char *cert_id, const char *item_id,
                                 const store_page *page, store_permission_cb cb, void *payload,
                                 int64_t *total);

    /* what reassignment is made of */
    store_rc (*cert_head_get)(store_tx *tx, const char *cert_id, store_cert_head *out);
    store_rc (*ref_exists)(store_tx *tx, store_ref_kind kind, const char *ref_id,
                           const char *cert_id, bool *exists);
    store_rc (*ref_covers)(store_tx *tx, store_ref_kind kind, const char *ref_id,
                           const char *cert_id, const char *identity_id, bool *covers);
    store_rc (*reassign_target_find)(store_tx *tx, const char *from_cert,
                                     const char *reviewer_id, const char *campaign_id,
                                     char id_out[65]);
    store_rc (*cert_insert)(store_tx *tx, const store_cert_new *c, char id_out[65]);
    store_rc (*items_move)(store_tx *tx, const store_ref *refs, size_t ref_count,
                           const char *from, const char *to);
    store_rc (*cert_recount)(store_tx *tx, const char *cert_id);
    store_rc (*cert_touch)(store_tx *tx, const char *cert_id, const char *now);

    /* tasks */
    store_rc (*task_insert)(store_tx *tx, const char *target_type, const char *target_id,
                            const char *type, const char *payload_json, const char *now,
                            char id_out[65]);
    store_rc (*task_get)(store_tx *tx, const char *cert_id, const char *task_id,
                         store_task_cb cb, void *payload);
    store_rc (*tasks_pending)(store_tx *tx, const char *cert_id, store_task_cb cb,
                              void *payload);
    store_rc (*task_runnable)(store_tx *tx, bool *any);
    store_rc (*task_claim)(store_tx *tx, int64_t lease_ms, char id_out[65]);
    store_rc (*task_finish)(store_tx *tx, const char *task_id, const char *status,
                            const problems_t *problems, const char *now);
    store_rc (*task_recover)(store_tx *tx, int *recovered);

    /* bulk writer */
    store_rc (*writer_begin)(store_t *s, store_writer **out);
    store_rc (*writer_commit)(store_writer *w);
    void (*writer_rollback)(store_writer *w);
    store_rc (*w_is_empty)(store_writer *w, bool *empty);
    store_rc (*w_exists)(store_writer *w, store_kind kind, const char *id, bool *exists);
    store_rc (*w_identity)(store_writer *w, bool replace, const char *id, const char *name,
                           const char *email, const char *manager_id,
                           const char *authorities_json);
    store_rc (*w_group)(store_writer *w, bool replace, const char *id, const char *name,
                        const char *const *member_ids, size_t member_count);
    store_rc (*w_client)(store_writer *w, bool replace, const char *client_id,
                         const char *secret_hash, const char *identity_id, const char *name);
    store_rc (*w_entitlement)(store_writer *w, bool replace, const char *id, const char *name,
                              const char *source, const char *attribute, const char *value);
    store_rc (*w_permission)(store_writer *w, const char *entitlement_id, const char *target,
                             const char *const *rights, size_t right_count);
    store_rc (*w_access_profile)(store_writer *w, bool replace, const char *id, const char *name,
                                 const char *source, const char *const *entitlement_ids,
                                 size_t entitlement_count);
    store_rc (*w_role)(store_writer *w, bool replace, const char *id, const char *name,
                       const char *const *access_profile_ids, size_t ap_count,
                       const char *const *entitlement_ids, size_t ent_count);
    store_rc (*w_assignment)(store_writer *w, const char *identity_id, const char *access_type,
                             const char *access_id);
    store_rc (*w_campaign)(store_writer *w, bool replace, const store_campaign_in *c);
    store_rc (*w_cert)(store_writer *w, bool replace, const store_cert_in *c);
    store_rc (*w_summary)(store_writer *w, const char *id, const char *cert_id,
                          const char *identity_id);
    store_rc (*w_item)(store_writer *w, const char *id, const char *cert_id,
                       const char *identity_id, const char *access_type, const char *access_id,
                       const char *decision, const char *comments);
    /* version 2 */
    store_rc (*w_holder)(store_writer *w, store_kind kind, const char *id, char cert_out[65]);
    /* version 3: decisions, sign-off and remediation */
    store_rc (*cert_get)(store_tx *tx, const char *cert_id, store_cert_cb cb, void *payload);
    store_rc (*item_holder)(store_tx *tx, const char *item_id, char cert_out[65]);
    store_rc (*items_decide)(store_tx *tx, const char *cert_id, const store_decision *d,
                             size_t count, const char *decided_by, const char *now);
    store_rc (*cert_undecided)(store_tx *tx, const char *cert_id, int64_t *count);
    store_rc (*cert_sign)(store_tx *tx, const char *cert_id, const char *now);
    store_rc (*remediation_schedule)(store_tx *tx, const char *cert_id, const char *now,
                                     int64_t *count);
    store_rc (*remediation_run_due)(store_tx *tx, const char *now, int64_t limit,
                                    int64_t *done);
    store_rc (*remediation_next)(store_tx *tx, char at_out[32]);
    store_rc (*remediation_list)(store_tx *tx, const char *campaign_id, const store_page *page,
                                 store_remediation_cb cb, void *payload, int64_t *total);
    store_rc (*campaign_exists)(store_tx *tx, const char *id, bool *exists);
    store_rc (*campaign_progress)(store_tx *tx, const char *campaign_id, const char *now);
    store_rc (*campaigns_progress)(store_tx *tx, const char *now);
    store_rc (*task_list)(store_tx *tx, const store_task_query *q, store_task_cb cb,
                          void *payload, int64_t *total);
    /* review items and summaries (the v3 reads) */
    store_rc (*item_list)(store_tx *tx, const store_item_query *q, store_item_cb cb,
                          void *payload, int64_t *total);
    store_rc (*summary_list)(store_tx *tx, const char *cert_id, const store_page *page,
                             store_summary_cb cb, void *payload, int64_t *total);
    store_rc (*summary_get)(store_tx *tx, const char *cert_id, const char *summary_id,
                            store_summary_cb cb, void *payload);
    store_rc (*access_summary_list)(store_tx *tx, const char *cert_id, const char *access_type,
                                    const store_page *page, store_access_cb cb, void *payload,
                                    int64_t *total);
    store_rc (*decision_counts_get)(store_tx *tx, const char *cert_id, const filter_node *filter,
                                    store_decision_counts *out);
};

/* The backends of this build. */
extern const store_backend store_sqlite_backend;

#endif
