/*
 * campaign: the campaign lifecycle over store.h (see campaign.h).
 *
 * A campaign's own part of createCampaign (a SEARCH campaign's
 * searchCampaignInfo) is kept with it as JSON in the API's words, written
 * and read only here: getCampaign?detail=FULL shows it, and the
 * CAMPAIGN_CREATE task generates from it. Task payloads:
 *   CAMPAIGN_CREATE, ACTIVATE_CAMPAIGN, CAMPAIGN_DELETE: {}
 *   COMPLETE_CAMPAIGN: {"autoCompleteAction": "APPROVE", "requestedBy": "<identity id>"}
 */
#include "campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/clock.h"
#include "../common/util.h"

#define AUTO_COMMENT "auto-completed"

/* ------------------------------------------------------------------ */
/* a campaign's head                                                   */

typedef struct head {
    char id[65], status[24], type[24], deadline[32], name[1024];
    bool auto_revoke;
    char *info;             /* owned, or NULL */
    bool failed;
} head;

static int copy_head(const store_campaign *c, void *arg)
{
    head *h = arg;
    snprintf(h->id, sizeof h->id, "%s", c->id);
    snprintf(h->status, sizeof h->status, "%s", c->status);
    snprintf(h->type, sizeof h->type, "%s", c->type);
    snprintf(h->deadline, sizeof h->deadline, "%s", c->deadline ? c->deadline : "");
    snprintf(h->name, sizeof h->name, "%s", c->name);
    h->auto_revoke = c->auto_revoke_allowed;
    h->info = c->info_json ? strdup(c->info_json) : NULL;
    h->failed = c->info_json && !h->info;
    return 1;
}

static store_rc head_get(store_tx *tx, const char *id, head *h)
{
    memset(h, 0, sizeof *h);
    store_rc rc = store_campaign_get(tx, id, copy_head, h);
    return rc == STORE_OK && h->failed ? STORE_ERROR : rc;
}

static void head_free(head *h)
{
    free(h->info);
    h->info = NULL;
}

/* The head of the campaign task t acts on. A campaign gone meanwhile is
 * the task's problem (STORE_OK, with the sentence in problems). */
static store_rc task_head(store_tx *tx, const review_task *t, head *h, problems_t *problems)
{
    store_rc rc = head_get(tx, t->target_id, h);
    if (rc != STORE_NOTFOUND)
        return rc;
    problems_add(problems, "campaign \"%s\" no longer exists", t->target_id);
    return STORE_OK;
}

static bool is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Queues a task on campaign id and streams it to cb. */
static store_rc queue(store_tx *tx, const char *id, const char *type, const char *payload_json,
                      store_task_cb cb, void *payload)
{
    char now[32], task_id[65];
    clock_now_text(now);
    store_rc rc = store_task_insert(tx, "CAMPAIGN", id, type, payload_json, now, task_id);
    if (rc == STORE_OK && cb) {
        store_task t = { task_id, id, type, "QUEUED", "[]", now, now, payload_json, "CAMPAIGN" };
        cb(&t, payload);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* create                                                              */

/* A SEARCH campaign's searchCampaignInfo, as shown and generated from. */
static char *search_info(const review_campaign_spec *c)
{
    json_t *info = json_object(), *ids = json_array(), *cons = json_array();
    json_object_set_new(info, "type", json_string("IDENTITY"));
    if (c->search_description)
        json_object_set_new(info, "description", json_string(c->search_description));
    if (c->reviewer_id)
        json_object_set_new(info, "reviewer", json_pack("{s:s, s:s}", "type", c->reviewer_type,
                                                        "id", c->reviewer_id));
    for (size_t i = 0; i < c->identity_count; i++)
        json_array_append_new(ids, json_string(c->identity_ids[i]));
    json_object_set_new(info, "identityIds", ids);
    for (size_t i = 0; i < c->scope_count; i++) {
        const store_access_scope *k = &c->scopes[i];
        json_t *e = json_pack("{s:s, s:s}", "type", k->access_type, "operator",
                              k->all ? "ALL" : "SELECTED");
        if (!k->all) {
            json_t *kids = json_array();
            for (size_t j = 0; j < k->id_count; j++)
                json_array_append_new(kids, json_string(k->ids[j]));
            json_object_set_new(e, "ids", kids);
        }
        json_array_append_new(cons, e);
    }
    if (c->scope_count)
        json_object_set_new(info, "accessConstraints", cons);
    else
        json_decref(cons);
    json_t *doc = json_pack("{s:o}", "searchCampaignInfo", info);
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    return text;
}

static bool supported_type(const char *type)
{
    return is(type, "MANAGER") || is(type, "SEARCH");
}

store_rc review_campaign_create(store_tx *tx, const review_campaign_spec *c,
                                problems_t *problems, char id_out[65])
{
    char now[32];
    clock_now_text(now);
    store_rc rc;
    if (!supported_type(c->type))
        problems_add(problems, "type: campaign type %s is not supported (recert generates"
                     " MANAGER and SEARCH campaigns)", c->type);
    if (c->has_search && !is(c->type, "SEARCH"))
        problems_add(problems, "searchCampaignInfo: only a SEARCH campaign has one (type is %s)",
                     c->type);
    if (!c->has_search && is(c->type, "SEARCH"))
        problems_add(problems, "searchCampaignInfo: required for a SEARCH campaign");
    if (c->has_source_owner && !is(c->type, "SOURCE_OWNER"))
        problems_add(problems, "sourceOwnerCampaignInfo: only a SOURCE_OWNER campaign has one"
                     " (type is %s)", c->type);
    if (c->deadline && strcmp(c->deadline, now) <= 0)
        problems_add(problems, "deadline: %s is not in the future (now is %s)", c->deadline,
                     now);
    if (is(c->correlated_status, "UNCORRELATED") && !is(c->type, "SOURCE_OWNER"))
        problems_add(problems, "correlatedStatus: only a SOURCE_OWNER campaign can be"
                     " UNCORRELATED (type is %s)", c->type);
    for (size_t i = 0; c->has_search && i < c->identity_count; i++) {
        bool exists = false;
        if ((rc = store_identity_exists(tx, c->identity_ids[i], &exists)) != STORE_OK)
            return rc;
        if (!exists)
            problems_add(problems, "searchCampaignInfo.identityIds[%zu]: no identity \"%s\"", i,
                         c->identity_ids[i]);
    }
    if (c->has_search && c->reviewer_id) {
        bool group = is(c->reviewer_type, "GOVERNANCE_GROUP"), exists = false;
        rc = group ? store_group_exists(tx, c->reviewer_id, &exists)
                   : store_identity_exists(tx, c->reviewer_id, &exists);
        if (rc != STORE_OK)
            return rc;
        if (!exists)
            problems_add(problems, "searchCampaignInfo.reviewer.id: no %s \"%s\"",
                         group ? "governance group" : "identity", c->reviewer_id);
    }
    if (problems->count)
        return STORE_INVALID;
    char *info = c->has_search ? search_info(c) : NULL;
    if (c->has_search && !info)
        return STORE_ERROR;
    store_campaign_new n = { c->name, c->description, c->type, "PENDING", c->correlated_status,
                             c->mandatory_comment, c->deadline, c->email_notification,
                             c->auto_revoke_allowed, c->recommendations_enabled,
                             c->sunset_comments_required, info, now };
    rc = store_campaign_insert(tx, &n, id_out);
    free(info);
    if (rc == STORE_OK)
        rc = queue(tx, id_out, "CAMPAIGN_CREATE", "{}", NULL, NULL);
    return rc;
}

/* ------------------------------------------------------------------ */
/* generation (CAMPAIGN_CREATE)                                        */

typedef struct gen_ctx {
    store_tx *tx;
    const char *campaign_id;
    store_rc rc;
} gen_ctx;

static int self_review(const char *id, const char *name, const char *manager_id,
                       const char *manager_name, void *arg)
{
    gen_ctx *g = arg;
    buf_t text = BUF_INIT;
    if (manager_id)
        buf_printf(&text, "identity \"%s\" (%s) would review their own access; it is reviewed"
                   " by their manager \"%s\" (%s) instead", name, id,
                   manager_name ? manager_name : manager_id, manager_id);
    else
        buf_printf(&text, "identity \"%s\" (%s) would review their own access and has no"
                   " manager to review it instead; that access is not reviewed", name, id);
    if (buf_failed(&text))
        g->rc = STORE_ERROR;
    else if (g->rc == STORE_OK)
        g->rc = store_campaign_alert(g->tx, g->campaign_id, manager_id ? "WARN" : "ERROR",
                                     text.data);
    buf_free(&text);
    return 0;
}

/* The generation input of a SEARCH campaign, decoded from its info; the
 * arrays point into *doc. A problem when it is corrupt. */
typedef struct search_input {
    json_t *doc;
    const char **ids;
    store_access_scope *scopes;
    const char **scope_ids;
} search_input;

static void search_input_free(search_input *in)
{
    free(in->ids);
    free(in->scopes);
    free(in->scope_ids);
    json_decref(in->doc);
}

static store_rc search_decode(const head *h, store_gen_spec *g, search_input *in,
                              problems_t *problems)
{
    memset(in, 0, sizeof *in);
    in->doc = h->info ? json_loads(h->info, 0, NULL) : NULL;
    json_t *info = json_object_get(in->doc, "searchCampaignInfo");
    json_t *ids = json_object_get(info, "identityIds");
    json_t *cons = json_object_get(info, "accessConstraints");
    json_t *reviewer = json_object_get(info, "reviewer");
    if (!json_is_array(ids)) {
        problems_add(problems, "campaign \"%s\" has no searchCampaignInfo to generate from",
                     h->id);
        return STORE_OK;
    }
    size_t n = json_array_size(ids), m = json_array_size(cons), total = 0;
    for (size_t i = 0; i < m; i++)
        total += json_array_size(json_object_get(json_array_get(cons, i), "ids"));
    in->ids = calloc(n ? n : 1, sizeof *in->ids);
    in->scopes = calloc(m ? m : 1, sizeof *in->scopes);
    in->scope_ids = calloc(total ? total : 1, sizeof *in->scope_ids);
    if (!in->ids || !in->scopes || !in->scope_ids)
        return STORE_ERROR;
    for (size_t i = 0; i < n; i++)
        in->ids[i] = json_string_value(json_array_get(ids, i));
    size_t used = 0;
    for (size_t i = 0; i < m; i++) {
        json_t *e = json_array_get(cons, i), *kids = json_object_get(e, "ids");
        store_access_scope *k = &in->scopes[i];
        k->access_type = json_string_value(json_object_get(e, "type"));
        k->all = is(json_string_value(json_object_get(e, "operator")), "ALL");
        k->ids = in->scope_ids + used;
        k->id_count = json_array_size(kids);
        for (size_t j = 0; j < k->id_count; j++)
            in->scope_ids[used++] = json_string_value(json_array_get(kids, j));
    }
    g->identity_ids = in->ids;
    g->identity_count = n;
    g->scopes = in->scopes;
    g->scope_count = m;
    g->reviewer_type = json_string_value(json_object_get(reviewer, "type"));
    g->reviewer_id = json_string_value(json_object_get(reviewer, "id"));
    return STORE_OK;
}

/* Why a generation found nothing to review. */
static void nothing_to_review(buf_t *b, const head *h, const store_gen_spec *g,
                              const store_generation_result *r)
{
    buf_printf(b, "campaign \"%s\" has nothing to review: ", h->name);
    if (!g->identity_ids)
        buf_puts(b, "no identity that has a manager holds any access");
    else
        buf_printf(b, "none of the %zu identit%s of searchCampaignInfo.identityIds %s %s",
                   g->identity_count, g->identity_count == 1 ? "y" : "ies",
                   g->identity_count == 1 ? "holds" : "hold",
                   g->scope_count ? "access that accessConstraints keep" : "any access");
    if (r->unmanaged)
        buf_printf(b, " that a manager could review (%lld without a manager)",
                   (long long)r->unmanaged);
}

store_rc review_campaign_generate_task(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems)
{
    head h;
    store_rc rc = task_head(tx, t, &h, problems);
    if (rc != STORE_OK || problems->count)
        return rc;
    search_input in = { 0 };
    buf_t prefix = BUF_INIT, text = BUF_INIT;
    store_gen_spec g = { .phase = "STAGED", .due = h.deadline[0] ? h.deadline : NULL,
                         .now = now };
    if (!is(h.status, "PENDING")) {
        problems_add(problems, "campaign \"%s\" is %s: its certifications were generated"
                     " already", h.id, h.status);
        goto done;
    }
    if (is(h.type, "SEARCH") && ((rc = search_decode(&h, &g, &in, problems)) != STORE_OK ||
                                 problems->count))
        goto done;
    if (!supported_type(h.type)) {
        problems_add(problems, "campaign type %s is not supported", h.type);
        goto done;
    }
    buf_printf(&prefix, "%s for ", h.name);
    if (buf_failed(&prefix)) {
        rc = STORE_ERROR;
        goto done;
    }
    g.name_prefix = prefix.data;
    gen_ctx ctx = { tx, h.id, STORE_OK };
    store_generation_result r;
    rc = store_campaign_generate(tx, h.id, &g, self_review, &ctx, &r);
    if (rc == STORE_OK)
        rc = ctx.rc;
    if (rc == STORE_OK && r.unmanaged) {
        buf_printf(&text, "%lld identit%s holding access %s no manager and %s not reviewed",
                   (long long)r.unmanaged, r.unmanaged == 1 ? "y" : "ies",
                   r.unmanaged == 1 ? "has" : "have", r.unmanaged == 1 ? "is" : "are");
        rc = buf_failed(&text) ? STORE_ERROR : store_campaign_alert(tx, h.id, "INFO", text.data);
    }
    if (rc != STORE_OK)
        goto done;
    if (r.certifications == 0) {
        buf_reset(&text);
        nothing_to_review(&text, &h, &g, &r);
        if (buf_failed(&text)) {
            rc = STORE_ERROR;
            goto done;
        }
        problems_add(problems, "%s", text.data);
        rc = store_campaign_alert(tx, h.id, "ERROR", text.data);
        if (rc == STORE_OK)
            rc = store_campaign_set_status(tx, h.id, "ERROR", now);
    } else {
        rc = store_campaign_set_status(tx, h.id, "STAGED", now);
    }
done:
    buf_free(&prefix);
    buf_free(&text);
    search_input_free(&in);
    head_free(&h);
    return rc;
}

/* ------------------------------------------------------------------ */
/* activate                                                            */

store_rc review_campaign_activate(store_tx *tx, const char *id, problems_t *problems,
                                  store_task_cb cb, void *payload)
{
    head h;
    char now[32];
    clock_now_text(now);
    store_rc rc = head_get(tx, id, &h);
    if (rc != STORE_OK)
        return rc;
    head_free(&h);
    if (!is(h.status, "STAGED"))
        problems_add(problems, "campaign \"%s\" is %s: only a STAGED campaign can be activated",
                     id, h.status);
    else if (h.deadline[0] && strcmp(h.deadline, now) <= 0)
        problems_add(problems, "campaign \"%s\" cannot be activated: its deadline %s is not in"
                     " the future (now is %s); patch a later deadline first", id, h.deadline,
                     now);
    if (problems->count)
        return STORE_INVALID;
    rc = store_campaign_set_status(tx, id, "ACTIVATING", now);
    return rc == STORE_OK ? queue(tx, id, "ACTIVATE_CAMPAIGN", "{}", cb, payload) : rc;
}

store_rc review_campaign_activate_task(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems)
{
    head h;
    store_rc rc = task_head(tx, t, &h, problems);
    if (rc != STORE_OK || problems->count)
        return rc;
    head_free(&h);
    if (!is(h.status, "ACTIVATING")) {
        problems_add(problems, "campaign \"%s\" is %s, not ACTIVATING", h.id, h.status);
        return STORE_OK;
    }
    rc = store_campaign_certs_phase(tx, h.id, "STAGED", "ACTIVE", now);
    return rc == STORE_OK ? store_campaign_set_status(tx, h.id, "ACTIVE", now) : rc;
}

/* ------------------------------------------------------------------ */
/* complete                                                            */

store_rc review_campaign_complete(store_tx *tx, const char *id, const char *action,
                                  const char *who, problems_t *problems, store_task_cb cb,
                                  void *payload)
{
    head h;
    char now[32];
    clock_now_text(now);
    store_rc rc = head_get(tx, id, &h);
    if (rc != STORE_OK)
        return rc;
    head_free(&h);
    if (!action)
        action = "APPROVE";
    if (!is(h.status, "ACTIVE"))
        problems_add(problems, "campaign \"%s\" is %s: only an ACTIVE campaign can be completed",
                     id, h.status);
    else if (h.deadline[0] && strcmp(h.deadline, now) > 0)
        problems_add(problems, "campaign \"%s\" is not past due: its deadline %s is after now"
                     " (%s); it completes by itself once every certification is signed off",
                     id, h.deadline, now);
    if (is(action, "REVOKE") && !h.auto_revoke)
        problems_add(problems, "autoCompleteAction: REVOKE needs a campaign with"
                     " autoRevokeAllowed, and campaign \"%s\" does not allow it", id);
    if (problems->count)
        return STORE_INVALID;
    json_t *p = json_pack("{s:s, s:s}", "autoCompleteAction", action, "requestedBy", who);
    char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    if (!text)
        return STORE_ERROR;
    rc = store_campaign_set_status(tx, id, "COMPLETING", now);
    if (rc == STORE_OK)
        rc = queue(tx, id, "COMPLETE_CAMPAIGN", text, cb, payload);
    free(text);
    return rc;
}

/* A list of ids, copied from a store_id_cb. */
typedef struct id_list {
    char **ids;
    size_t count, cap;
    bool failed;
} id_list;

static int collect_id(const char *id, void *arg)
{
    id_list *l = arg;
    char *copy = strdup(id);
    if (!copy || array_room(&l->ids, l->count, &l->cap, sizeof *l->ids, 16) != 0) {
        free(copy);
        l->failed = true;
        return 1;
    }
    l->ids[l->count++] = copy;
    return 0;
}

static void id_list_free(id_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->ids[i]);
    free(l->ids);
    memset(l, 0, sizeof *l);
}

/* Decides every undecided item of cert_id with action, signs it and
 * schedules its removals. */
static store_rc complete_cert(store_tx *tx, const char *cert_id, const char *action,
                              const char *by, const char *now)
{
    id_list items = { 0 };
    store_rc rc = store_cert_undecided_items(tx, cert_id, collect_id, &items);
    if (rc == STORE_OK && items.failed)
        rc = STORE_ERROR;
    store_decision *d = NULL;
    if (rc == STORE_OK && items.count) {
        d = calloc(items.count, sizeof *d);
        if (!d)
            rc = STORE_ERROR;
        for (size_t i = 0; d && i < items.count; i++)
            d[i] = (store_decision){ items.ids[i], action, AUTO_COMMENT, NULL };
        if (d)
            rc = store_items_decide(tx, cert_id, d, items.count, by, now);
    }
    int64_t removals = 0;
    if (rc == STORE_OK)
        rc = store_cert_sign(tx, cert_id, now);
    if (rc == STORE_OK)
        rc = store_remediation_schedule(tx, cert_id, now, &removals);
    free(d);
    id_list_free(&items);
    return rc;
}

store_rc review_campaign_complete_task(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems)
{
    head h;
    store_rc rc = task_head(tx, t, &h, problems);
    if (rc != STORE_OK || problems->count)
        return rc;
    head_free(&h);
    json_t *p = t->payload_json ? json_loads(t->payload_json, 0, NULL) : NULL;
    const char *action = json_string_value(json_object_get(p, "autoCompleteAction"));
    const char *by = json_string_value(json_object_get(p, "requestedBy"));
    if (!is(action, "APPROVE") && !is(action, "REVOKE"))
        problems_add(problems, "task payload is corrupt");
    else if (!is(h.status, "COMPLETING"))
        problems_add(problems, "campaign \"%s\" is %s, not COMPLETING", h.id, h.status);
    id_list certs = { 0 };
    if (!problems->count) {
        rc = store_campaign_open_certs(tx, h.id, collect_id, &certs);
        if (rc == STORE_OK && certs.failed)
            rc = STORE_ERROR;
        for (size_t i = 0; rc == STORE_OK && i < certs.count; i++)
            rc = complete_cert(tx, certs.ids[i], action, by, now);
        if (rc == STORE_OK)
            rc = store_campaign_progress(tx, h.id, now);
    }
    id_list_free(&certs);
    json_decref(p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* delete                                                              */

static bool deletable(const char *status)
{
    return !is(status, "PENDING") && !is(status, "ACTIVATING") && !is(status, "COMPLETING");
}

store_rc review_campaign_delete(store_tx *tx, const char *const *ids, size_t count,
                                problems_t *problems)
{
    store_rc rc;
    bool missing = false;
    for (size_t i = 0; i < count; i++) {
        bool exists = false;
        if ((rc = store_campaign_exists(tx, ids[i], &exists)) != STORE_OK)
            return rc;
        if (!exists) {
            problems_add(problems, "ids[%zu]: no campaign \"%s\"", i, ids[i]);
            missing = true;
        }
    }
    if (missing)
        return STORE_NOTFOUND;
    for (size_t i = 0; i < count; i++) {
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            if (str_casecmp_ascii(ids[i], ids[j]) == 0) {
                problems_add(problems, "ids[%zu]: campaign \"%s\" is listed twice (first at"
                             " ids[%zu])", i, ids[i], j);
                dup = true;
            }
        head h;
        if (dup)
            continue;
        if ((rc = head_get(tx, ids[i], &h)) != STORE_OK)
            return rc;
        head_free(&h);
        if (!deletable(h.status))
            problems_add(problems, "ids[%zu]: campaign \"%s\" is %s and cannot be deleted until"
                         " it is STAGED, ACTIVE, COMPLETED or ERROR", i, ids[i], h.status);
    }
    if (problems->count)
        return STORE_INVALID;
    for (size_t i = 0; i < count; i++)
        if ((rc = queue(tx, ids[i], "CAMPAIGN_DELETE", "{}", NULL, NULL)) != STORE_OK)
            return rc;
    return STORE_OK;
}

store_rc review_campaign_delete_task(store_tx *tx, const review_task *t, const char *now,
                                     problems_t *problems)
{
    head h;
    store_rc rc = task_head(tx, t, &h, problems);
    if (rc != STORE_OK || problems->count)
        return rc;
    head_free(&h);
    if (!deletable(h.status)) {
        problems_add(problems, "campaign \"%s\" is %s and cannot be deleted until it is"
                     " STAGED, ACTIVE, COMPLETED or ERROR", h.id, h.status);
        return STORE_OK;
    }
    return store_campaign_delete(tx, h.id, now);
}

/* ------------------------------------------------------------------ */
/* patch                                                               */

/* The paths a patch may change, and in which status. */
enum { P_NAME, P_DESCRIPTION, P_RECOMMENDATIONS, P_DEADLINE, P_EMAIL, P_AUTO_REVOKE, P_COUNT };
static const struct {
    const char *path;
    bool active;            /* may change while ACTIVE (all may while STAGED) */
    bool nullable;
    bool boolean;
} patchable[P_COUNT] = {
    [P_NAME] = { "/name", false, false, false },
    [P_DESCRIPTION] = { "/description", false, true, false },
    [P_RECOMMENDATIONS] = { "/recommendationsEnabled", false, false, true },
    [P_DEADLINE] = { "/deadline", true, true, false },
    [P_EMAIL] = { "/emailNotificationEnabled", false, false, true },
    [P_AUTO_REVOKE] = { "/autoRevokeAllowed", false, false, true },
};

store_rc review_campaign_patch(store_tx *tx, const char *id, json_t *patch,
                               problems_t *problems)
{
    head h;
    char now[32], deadline[32] = "";
    clock_now_text(now);
    store_rc rc = head_get(tx, id, &h);
    if (rc != STORE_OK)
        return rc;
    head_free(&h);
    bool staged = is(h.status, "STAGED"), active = is(h.status, "ACTIVE");
    if (!staged && !active) {
        problems_add(problems, "campaign \"%s\" is %s: only a STAGED or ACTIVE campaign can be"
                     " changed", id, h.status);
        return STORE_INVALID;
    }
    size_t n = json_array_size(patch);
    if (!json_is_array(patch) || n == 0) {
        problems_add(problems, "body: must be a JSON Patch document, an array of 1 or more"
                     " operations");
        return STORE_INVALID;
    }
    store_campaign_patch p = { .email_notification = -1, .auto_revoke_allowed = -1,
                               .recommendations_enabled = -1 };
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(patch, i);
        const char *op = json_string_value(json_object_get(e, "op"));
        const char *path = json_string_value(json_object_get(e, "path"));
        json_t *v = json_object_get(e, "value");
        if (!json_is_object(e)) {
            problems_add(problems, "[%zu]: must be a JSON Patch operation object", i);
            continue;
        }
        if (!path) {
            problems_add(problems, "[%zu].path: required (a JSON Pointer such as /name)", i);
            continue;
        }
        int f = -1;
        for (int k = 0; k < P_COUNT && f < 0; k++)
            if (strcmp(path, patchable[k].path) == 0)
                f = k;
        if (f < 0 || (active && !patchable[f].active)) {
            problems_add(problems, "[%zu].path: %s cannot be changed while campaign \"%s\" is"
                         " %s (%s)", i, path, id, h.status,
                         staged ? "STAGED allows /name, /description, /recommendationsEnabled,"
                                  " /deadline, /emailNotificationEnabled, /autoRevokeAllowed"
                                : "ACTIVE allows /deadline");
            continue;
        }
        bool remove = is(op, "remove");
        if (!is(op, "replace") && !is(op, "add") && !remove) {
            problems_add(problems, "[%zu].op: must be replace, add or remove (got %s%s%s)", i,
                         op ? "\"" : "", op ? op : "nothing", op ? "\"" : "");
            continue;
        }
        if (remove && !patchable[f].nullable) {
            problems_add(problems, "[%zu].op: %s cannot be removed (it always has a value)", i,
                         path);
            continue;
        }
        if (remove)
            v = json_null();
        int64_t ms;
        switch (f) {
        case P_NAME:
            if (!json_is_string(v) || !*json_string_value(v))
                problems_add(problems, "[%zu].value: /name must be a non-empty string", i);
            else
                p.name = json_string_value(v);
            break;
        case P_DESCRIPTION:
            if (!json_is_string(v) && !json_is_null(v))
                problems_add(problems, "[%zu].value: /description must be a string or null", i);
            else {
                p.set_description = true;
                p.description = json_string_value(v);
            }
            break;
        case P_DEADLINE:
            if (json_is_null(v)) {
                p.set_deadline = true;
                p.deadline = NULL;
            } else if (!json_is_string(v) || parse_time(json_string_value(v), &ms) != 0) {
                problems_add(problems, "[%zu].value: /deadline must be an RFC 3339 date-time,"
                             " e.g. 2027-01-31T00:00:00.000Z, or null", i);
            } else {
                format_time_ms(deadline, ms);
                if (strcmp(deadline, now) <= 0)
                    problems_add(problems, "[%zu].value: /deadline %s is not in the future"
                                 " (now is %s)", i, deadline, now);
                p.set_deadline = true;
                p.deadline = deadline;
            }
            break;
        default:
            if (!json_is_boolean(v)) {
                problems_add(problems, "[%zu].value: %s must be true or false", i, path);
                break;
            }
            *(f == P_EMAIL ? &p.email_notification
              : f == P_AUTO_REVOKE ? &p.auto_revoke_allowed
                                   : &p.recommendations_enabled) = json_is_true(v);
        }
    }
    if (problems->count)
        return STORE_INVALID;
    return store_campaign_update(tx, id, &p, now);
}
