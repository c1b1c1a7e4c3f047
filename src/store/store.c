/*
 * store: the front of store.h. Picks a backend by the URL's scheme and
 * passes every call through its table (backend.h); nothing else happens
 * here, so a call costs one indirect jump over the backend's own work.
 */
#include "backend.h"

#include <stdio.h>
#include <string.h>

static const store_backend *const backends[] = { &store_sqlite_backend };
#define BACKEND_COUNT (sizeof backends / sizeof backends[0])

/* The backend and location of url: "sqlite:PATH" or a bare path is SQLite;
 * "scheme://..." names a backend by its scheme. NULL with a reason in err
 * when no backend of this build serves it. */
static const store_backend *pick(const char *url, const char **location, char *err,
                                 size_t err_len)
{
    const char *sep = strstr(url, "://");
    const char *scheme = "sqlite";
    size_t scheme_len = 6;
    if (strncmp(url, "sqlite:", 7) == 0) {
        *location = url + 7;
    } else if (sep) {
        scheme = url;
        scheme_len = (size_t)(sep - url);
        *location = sep + 3;
    } else {
        *location = url; /* a bare path */
    }
    if ((scheme_len == 10 && strncmp(scheme, "postgresql", 10) == 0) ||
        (scheme_len == 8 && strncmp(scheme, "postgres", 8) == 0)) {
        snprintf(err, err_len, "no PostgreSQL backend in this build yet (store URL \"%s\")", url);
        return NULL;
    }
    for (size_t i = 0; i < BACKEND_COUNT; i++)
        if (strlen(backends[i]->name) == scheme_len &&
            strncmp(backends[i]->name, scheme, scheme_len) == 0) {
            if (!**location) {
                snprintf(err, err_len, "empty store path");
                return NULL;
            }
            return backends[i];
        }
    snprintf(err, err_len, "unknown store URL scheme \"%.*s\" in \"%s\" (use sqlite:PATH)",
             (int)scheme_len, scheme, url);
    return NULL;
}

static store_rc checked(const store_backend *be, char *err, size_t err_len)
{
    if (be->version != STORE_BACKEND_VERSION) {
        snprintf(err, err_len, "store backend %s has interface version %u, not %d", be->name,
                 be->version, STORE_BACKEND_VERSION);
        return STORE_ERROR;
    }
    return STORE_OK;
}

store_rc store_open(store_t **out, const char *url, int pool_size, char *err, size_t err_len)
{
    *out = NULL;
    const char *location = NULL;
    const store_backend *be = pick(url, &location, err, err_len);
    if (!be)
        return STORE_INVALID;
    store_rc rc = checked(be, err, err_len);
    return rc == STORE_OK ? be->open(out, location, pool_size, err, err_len) : rc;
}

store_rc store_create(store_t **out, const char *url, char *err, size_t err_len)
{
    *out = NULL;
    const char *location = NULL;
    const store_backend *be = pick(url, &location, err, err_len);
    if (!be)
        return STORE_INVALID;
    store_rc rc = checked(be, err, err_len);
    if (rc != STORE_OK)
        return rc;
    if (!be->create || !be->publish) {
        snprintf(err, err_len, "the %s backend cannot build a store aside", be->name);
        return STORE_UNSUPPORTED;
    }
    return be->create(out, location, err, err_len);
}

store_rc store_publish(store_t *s, char *err, size_t err_len)
{
    if (!s->backend->publish) {
        snprintf(err, err_len, "the %s backend cannot build a store aside", s->backend->name);
        s->backend->close(s);
        return STORE_UNSUPPORTED;
    }
    return s->backend->publish(s, err, err_len);
}

bool store_created(const store_t *s)
{
    return s && s->created;
}

void store_close(store_t *s)
{
    if (s)
        s->backend->close(s);
}

void store_cache_budget(size_t bytes)
{
    for (size_t i = 0; i < BACKEND_COUNT; i++)
        if (backends[i]->cache_budget)
            backends[i]->cache_budget(bytes);
}

store_rc store_generation(store_t *s, uint64_t *out)
{
    return s->backend->generation(s, out);
}

/* --- transactions ------------------------------------------------------ */

store_rc store_begin(store_t *s, store_mode mode, store_tx **out)
{
    *out = NULL;
    return s->backend->begin(s, mode, out);
}

store_rc store_commit(store_tx *tx)
{
    return tx->backend->commit(tx);
}

void store_rollback(store_tx *tx)
{
    if (tx)
        tx->backend->rollback(tx);
}

store_rc store_signing_key(store_t *s, unsigned char key[32])
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_WRITE, &tx);
    if (rc != STORE_OK)
        return rc;
    if ((rc = tx->backend->signing_key(tx, key)) != STORE_OK) {
        store_rollback(tx);
        return rc;
    }
    return store_commit(tx);
}

/* --- one call each ----------------------------------------------------- */

#define TX(fn, ...) return tx->backend->fn(tx, __VA_ARGS__)

store_rc store_client_get(store_tx *tx, const char *client_id, store_client *out)
{
    TX(client_get, client_id, out);
}

store_rc store_identity_get(store_tx *tx, const char *id, store_identity *out)
{
    TX(identity_get, id, out);
}

store_rc store_identity_exists(store_tx *tx, const char *id, bool *exists)
{
    TX(identity_exists, id, exists);
}

store_rc store_group_has_member(store_tx *tx, const char *group_id, const char *identity_id,
                                bool *member)
{
    TX(group_has_member, group_id, identity_id, member);
}

store_rc store_cert_list(store_tx *tx, const store_cert_query *q, store_cert_cb cb,
                         void *payload, int64_t *total)
{
    TX(cert_list, q, cb, payload, total);
}

store_rc store_cert_access(store_tx *tx, const char *cert_id, const char *identity_id,
                           bool *exists, bool *is_reviewer)
{
    TX(cert_access, cert_id, identity_id, exists, is_reviewer);
}

store_rc store_reviewer_list(store_tx *tx, const char *cert_id, const store_page *page,
                             store_identity_cb cb, void *payload, int64_t *total)
{
    TX(reviewer_list, cert_id, page, cb, payload, total);
}

store_rc store_item_permissions(store_tx *tx, const char *cert_id, const char *item_id,
                                const store_page *page, store_permission_cb cb, void *payload,
                                int64_t *total)
{
    TX(item_permissions, cert_id, item_id, page, cb, payload, total);
}

store_rc store_cert_head_get(store_tx *tx, const char *cert_id, store_cert_head *out)
{
    TX(cert_head_get, cert_id, out);
}

store_rc store_ref_exists(store_tx *tx, store_ref_kind kind, const char *ref_id,
                          const char *cert_id, bool *exists)
{
    TX(ref_exists, kind, ref_id, cert_id, exists);
}

store_rc store_ref_covers(store_tx *tx, store_ref_kind kind, const char *ref_id,
                          const char *cert_id, const char *identity_id, bool *covers)
{
    TX(ref_covers, kind, ref_id, cert_id, identity_id, covers);
}

store_rc store_reassign_target_find(store_tx *tx, const char *from_cert, const char *reviewer_id,
                                    const char *campaign_id, char id_out[65])
{
    TX(reassign_target_find, from_cert, reviewer_id, campaign_id, id_out);
}

store_rc store_cert_insert(store_tx *tx, const store_cert_new *c, char id_out[65])
{
    TX(cert_insert, c, id_out);
}

store_rc store_items_move(store_tx *tx, const store_ref *refs, size_t ref_count,
                          const char *from, const char *to)
{
    TX(items_move, refs, ref_count, from, to);
}

store_rc store_cert_recount(store_tx *tx, const char *cert_id)
{
    TX(cert_recount, cert_id);
}

store_rc store_cert_touch(store_tx *tx, const char *cert_id, const char *now)
{
    TX(cert_touch, cert_id, now);
}

store_rc store_task_insert(store_tx *tx, const char *target_type, const char *target_id,
                           const char *type, const char *payload_json, const char *now,
                           char id_out[65])
{
    TX(task_insert, target_type, target_id, type, payload_json, now, id_out);
}

store_rc store_task_get(store_tx *tx, const char *cert_id, const char *task_id,
                        store_task_cb cb, void *payload)
{
    TX(task_get, cert_id, task_id, cb, payload);
}

store_rc store_tasks_pending(store_tx *tx, const char *cert_id, store_task_cb cb, void *payload)
{
    TX(tasks_pending, cert_id, cb, payload);
}

store_rc store_task_runnable(store_tx *tx, bool *any)
{
    TX(task_runnable, any);
}

store_rc store_task_claim(store_tx *tx, int64_t lease_ms, char id_out[65])
{
    TX(task_claim, lease_ms, id_out);
}

store_rc store_task_finish(store_tx *tx, const char *task_id, const char *status,
                           const problems_t *problems, const char *now)
{
    TX(task_finish, task_id, status, problems, now);
}

store_rc store_task_recover(store_tx *tx, int *recovered)
{
    TX(task_recover, recovered);
}

#undef TX

/* --- bulk writer ------------------------------------------------------- */

#define W(fn, ...) return w->backend->fn(w, __VA_ARGS__)

store_rc store_writer_begin(store_t *s, store_writer **out)
{
    *out = NULL;
    return s->backend->writer_begin(s, out);
}

store_rc store_writer_commit(store_writer *w)
{
    return w->backend->writer_commit(w);
}

void store_writer_rollback(store_writer *w)
{
    if (w)
        w->backend->writer_rollback(w);
}

store_rc store_w_is_empty(store_writer *w, bool *empty)
{
    W(w_is_empty, empty);
}

store_rc store_w_exists(store_writer *w, store_kind kind, const char *id, bool *exists)
{
    W(w_exists, kind, id, exists);
}

store_rc store_w_holder(store_writer *w, store_kind kind, const char *id, char cert_out[65])
{
    W(w_holder, kind, id, cert_out);
}

store_rc store_w_identity(store_writer *w, bool replace, const char *id, const char *name,
                          const char *email, const char *manager_id, const char *authorities_json)
{
    W(w_identity, replace, id, name, email, manager_id, authorities_json);
}

store_rc store_w_group(store_writer *w, bool replace, const char *id, const char *name,
                       const char *const *member_ids, size_t member_count)
{
    W(w_group, replace, id, name, member_ids, member_count);
}

store_rc store_w_client(store_writer *w, bool replace, const char *client_id,
                        const char *secret_hash, const char *identity_id, const char *name)
{
    W(w_client, replace, client_id, secret_hash, identity_id, name);
}

store_rc store_w_entitlement(store_writer *w, bool replace, const char *id, const char *name,
                             const char *source, const char *attribute, const char *value)
{
    W(w_entitlement, replace, id, name, source, attribute, value);
}

store_rc store_w_permission(store_writer *w, const char *entitlement_id, const char *target,
                            const char *const *rights, size_t right_count)
{
    W(w_permission, entitlement_id, target, rights, right_count);
}

store_rc store_w_access_profile(store_writer *w, bool replace, const char *id, const char *name,
                                const char *source, const char *const *entitlement_ids,
                                size_t entitlement_count)
{
    W(w_access_profile, replace, id, name, source, entitlement_ids, entitlement_count);
}

store_rc store_w_role(store_writer *w, bool replace, const char *id, const char *name,
                      const char *const *access_profile_ids, size_t ap_count,
                      const char *const *entitlement_ids, size_t ent_count)
{
    W(w_role, replace, id, name, access_profile_ids, ap_count, entitlement_ids, ent_count);
}

store_rc store_w_assignment(store_writer *w, const char *identity_id, const char *access_type,
                            const char *access_id)
{
    W(w_assignment, identity_id, access_type, access_id);
}

store_rc store_w_campaign(store_writer *w, bool replace, const store_campaign_in *c)
{
    W(w_campaign, replace, c);
}

store_rc store_w_cert(store_writer *w, bool replace, const store_cert_in *c)
{
    W(w_cert, replace, c);
}

store_rc store_w_summary(store_writer *w, const char *id, const char *cert_id,
                         const char *identity_id)
{
    W(w_summary, id, cert_id, identity_id);
}

store_rc store_w_item(store_writer *w, const char *id, const char *cert_id,
                      const char *identity_id, const char *access_type, const char *access_id,
                      const char *decision, const char *comments)
{
    W(w_item, id, cert_id, identity_id, access_type, access_id, decision, comments);
}

#undef W

/* --- decisions, sign-off and remediation ------------------------------ */

#define TX(fn, ...) return tx->backend->fn(tx, __VA_ARGS__)

store_rc store_cert_get(store_tx *tx, const char *cert_id, store_cert_cb cb, void *payload)
{
    TX(cert_get, cert_id, cb, payload);
}

store_rc store_item_holder(store_tx *tx, const char *item_id, char cert_out[65])
{
    TX(item_holder, item_id, cert_out);
}

store_rc store_items_decide(store_tx *tx, const char *cert_id, const store_decision *d,
                            size_t count, const char *decided_by, const char *now)
{
    TX(items_decide, cert_id, d, count, decided_by, now);
}

store_rc store_cert_undecided(store_tx *tx, const char *cert_id, int64_t *count)
{
    TX(cert_undecided, cert_id, count);
}

store_rc store_cert_sign(store_tx *tx, const char *cert_id, const char *now)
{
    TX(cert_sign, cert_id, now);
}

store_rc store_remediation_schedule(store_tx *tx, const char *cert_id, const char *now,
                                    int64_t *count)
{
    TX(remediation_schedule, cert_id, now, count);
}

store_rc store_remediation_run_due(store_tx *tx, const char *now, int64_t limit,
                                   int64_t *done)
{
    TX(remediation_run_due, now, limit, done);
}

store_rc store_remediation_next(store_tx *tx, char at_out[32])
{
    TX(remediation_next, at_out);
}

store_rc store_remediation_list(store_tx *tx, const char *campaign_id, const store_page *page,
                                store_remediation_cb cb, void *payload, int64_t *total)
{
    TX(remediation_list, campaign_id, page, cb, payload, total);
}

store_rc store_campaign_exists(store_tx *tx, const char *id, bool *exists)
{
    TX(campaign_exists, id, exists);
}

store_rc store_campaign_progress(store_tx *tx, const char *campaign_id, const char *now)
{
    TX(campaign_progress, campaign_id, now);
}

store_rc store_campaigns_progress(store_tx *tx, const char *now)
{
    TX(campaigns_progress, now);
}

store_rc store_task_list(store_tx *tx, const store_task_query *q, store_task_cb cb,
                         void *payload, int64_t *total)
{
    TX(task_list, q, cb, payload, total);
}

#undef TX

/* --- review items and summaries --------------------------------------- */

#define TX(fn, ...) return tx->backend->fn(tx, __VA_ARGS__)

store_rc store_item_list(store_tx *tx, const store_item_query *q, store_item_cb cb,
                         void *payload, int64_t *total)
{
    TX(item_list, q, cb, payload, total);
}

store_rc store_summary_list(store_tx *tx, const char *cert_id, const store_page *page,
                            store_summary_cb cb, void *payload, int64_t *total)
{
    TX(summary_list, cert_id, page, cb, payload, total);
}

store_rc store_summary_get(store_tx *tx, const char *cert_id, const char *summary_id,
                           store_summary_cb cb, void *payload)
{
    TX(summary_get, cert_id, summary_id, cb, payload);
}

store_rc store_access_summary_list(store_tx *tx, const char *cert_id, const char *access_type,
                                   const store_page *page, store_access_cb cb, void *payload,
                                   int64_t *total)
{
    TX(access_summary_list, cert_id, access_type, page, cb, payload, total);
}

store_rc store_decision_counts_get(store_tx *tx, const char *cert_id, const filter_node *filter,
                                   store_decision_counts *out)
{
    TX(decision_counts_get, cert_id, filter, out);
}

#undef TX
