/*
 * certifications: the six operations of SailPoint's Certifications API
 * (beta), each authorize → validate → query → render.
 *
 * Authorization follows SailPoint's documentation: list-certifications is
 * open to any token but returns only what the caller may review (everything
 * for ORG_ADMIN and CERT_ADMIN); every operation on one certification needs
 * an admin authority or being one of its reviewers (directly or through the
 * reviewer governance group). An unknown certification is 404; one that
 * exists but is not the caller's is 403.
 */
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../../common/jsonw.h"
#include "../../review/reassign.h"
#include "../../store/store.h"
#include "../collection.h"
#include "../server.h"
#include "../../worker/worker.h"
#include "handlers.h"

/* ------------------------------------------------------------------ */
/* shared steps                                                        */

static rc_t store_failure(req_t *req, store_rc rc)
{
    switch (rc) {
    case STORE_OK: return RC_OK;
    case STORE_NOTFOUND: return req_fail(req, RC_ENOTFOUND, NULL);
    case STORE_BUSY: return req_fail(req, RC_EBUSY, NULL);
    default: return req_fail(req, RC_ERROR, NULL);
    }
}

/* The verdict on the caller acting on certification id: admin, or one of
 * its reviewers. */
static rc_t cert_verdict(req_t *req, const char *id, bool exists, bool reviewer)
{
    if (!exists)
        return req_fail(req, RC_ENOTFOUND, "certification \"%s\" does not exist", id);
    if (!req->who.admin && !reviewer)
        return req_fail(req, RC_EFORBIDDEN,
                        "only ORG_ADMIN, CERT_ADMIN or a reviewer of certification \"%s\" may"
                        " access it", id);
    return RC_OK;
}

/* Begins a read transaction and gives the verdict on the caller's access
 * to certification id in it: RC_OK with *tx open (the read that follows
 * sees the snapshot that was checked), or a failure with *tx NULL. */
static rc_t begin_cert_read(req_t *req, const char *id, store_tx **tx)
{
    bool exists = false, reviewer = false;
    store_rc rc = store_begin(req->server->store, STORE_READ, tx);
    if (rc == STORE_OK)
        rc = store_cert_access(*tx, id, req->who.identity_id, &exists, &reviewer);
    rc_t verdict = rc != STORE_OK ? store_failure(req, rc) : cert_verdict(req, id, exists, reviewer);
    if (verdict != RC_OK) {
        store_rollback(*tx);
        *tx = NULL;
    }
    return verdict;
}

static rc_t authorize_cert(req_t *req, const char *id)
{
    store_tx *tx = NULL;
    rc_t rc = begin_cert_read(req, id, &tx);
    store_rollback(tx);
    return rc;
}

/* The collection parameters of a read of one certification's data. Those
 * are validated before the transaction that authorizes, but a refused caller must learn nothing
 * from validation: a request that fails it is authorized first. */
static rc_t parse_gated(req_t *req, const collection_spec *spec, collection *col,
                        const char *cert_id)
{
    rc_t rc = collection_parse(req, spec, col);
    if (rc == RC_OK)
        return rc;
    req_reset_failure(req);
    if ((rc = authorize_cert(req, cert_id)) != RC_OK)
        return rc;
    return collection_parse(req, spec, col);
}

typedef struct render_ctx {
    jsonw_t w;
} render_ctx;

static void begin_array(render_ctx *rc, req_t *req)
{
    jsonw_init(&rc->w, &req->out);
    jsonw_arr_open(&rc->w);
}

static rc_t end_array(render_ctx *rc, req_t *req)
{
    jsonw_arr_close(&rc->w);
    return jsonw_failed(&rc->w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

static void render_reviewer(jsonw_t *w, const store_reviewer *r)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", r->type);
    jsonw_kstr(w, "id", r->id);
    jsonw_kstr(w, "name", r->name ? r->name : r->id);
    jsonw_kstr(w, "email", r->email);
    jsonw_obj_close(w);
}

/* ------------------------------------------------------------------ */
/* GET /beta/certifications                                            */

static const filter_field cert_fields[CERT_F_COUNT] = {
    [CERT_F_ID] = { "id", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_IN), FILTER_TYPE_STRING },
    [CERT_F_PHASE] = { "phase", FILTER_OPBIT(FILTER_EQ), FILTER_TYPE_STRING },
    [CERT_F_COMPLETED] = { "completed", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_NE),
                           FILTER_TYPE_BOOL },
    [CERT_F_CAMPAIGN_TYPE] = { "campaignRef.campaignType",
                               FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_IN),
                               FILTER_TYPE_STRING },
    [CERT_F_CAMPAIGN_ID] = { "campaignRef.id", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_IN),
                             FILTER_TYPE_STRING },
};
static const char *const cert_sorts[CERT_S_COUNT] = {
    [CERT_S_NAME] = "name", [CERT_S_DUE] = "due", [CERT_S_SIGNED] = "signed",
};

static int render_cert(const store_cert *c, void *payload)
{
    jsonw_t *w = &((render_ctx *)payload)->w;
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", c->id);
    jsonw_kstr(w, "name", c->name);
    jsonw_key(w, "campaignRef");
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", c->campaign_id);
    jsonw_kstr(w, "name", c->campaign_name);
    jsonw_kstr(w, "type", "CAMPAIGN");
    jsonw_kstr(w, "campaignType", c->campaign_type);
    jsonw_kstr(w, "description", c->campaign_description);
    jsonw_kstr(w, "correlatedStatus", c->campaign_correlated_status);
    jsonw_kstr(w, "mandatoryCommentRequirement", c->campaign_mandatory_comment);
    jsonw_obj_close(w);
    jsonw_kstr(w, "phase", c->phase);
    jsonw_kstr(w, "due", c->due);
    jsonw_kstr(w, "signed", c->signed_at);
    jsonw_key(w, "reviewer");
    render_reviewer(w, &c->reviewer);
    jsonw_key(w, "reassignment");
    if (c->reassigned) {
        jsonw_obj_open(w);
        jsonw_key(w, "from");
        jsonw_obj_open(w);
        jsonw_kstr(w, "id", c->from_id);
        jsonw_kstr(w, "name", c->from_name);
        jsonw_kstr(w, "type", "CERTIFICATION");
        jsonw_key(w, "reviewer");
        if (c->from_reviewer.type)
            render_reviewer(w, &c->from_reviewer);
        else
            jsonw_null(w);
        jsonw_obj_close(w);
        jsonw_kstr(w, "comment", c->reassign_comment);
        jsonw_obj_close(w);
    } else {
        jsonw_null(w);
    }
    jsonw_kbool(w, "hasErrors", c->has_errors);
    jsonw_kstr(w, "errorMessage", c->error_message);
    jsonw_kbool(w, "completed", c->completed);
    jsonw_kint(w, "decisionsMade", c->decisions_made);
    jsonw_kint(w, "decisionsTotal", c->decisions_total);
    jsonw_kint(w, "entitiesCompleted", c->entities_completed);
    jsonw_kint(w, "entitiesTotal", c->entities_total);
    jsonw_kstr(w, "created", c->created);
    jsonw_kstr(w, "modified", c->modified);
    jsonw_obj_close(w);
    return 0;
}

rc_t handle_cert_list(req_t *req, const char *const *params)
{
    (void)params;
    static const collection_spec spec = { cert_fields, CERT_F_COUNT, { -1, false }, cert_sorts,
                                          CERT_S_COUNT };
    bool dup = false, dup2 = false;
    /* The beta spec spells it "reviewer-identitiy" (and the SDK sends that);
     * v3 spells it correctly. Accept both. */
    const char *reviewer = req_query(req, "reviewer-identitiy", &dup);
    if (!reviewer)
        reviewer = req_query(req, "reviewer-identity", &dup2);
    if (dup || dup2)
        return req_fail(req, RC_EINVALID, "reviewer-identitiy: given more than once");
    if (reviewer && !*reviewer)
        return req_fail(req, RC_EINVALID, "reviewer-identitiy: must be an identity id or \"me\"");
    if (reviewer && strcasecmp(reviewer, "me") == 0)
        reviewer = req->who.identity_id;

    collection col;
    rc_t rc = collection_parse(req, &spec, &col);
    if (rc != RC_OK)
        return rc;
    if (req_reuse_page(req, reviewer)) {
        collection_free(&col);
        return RC_OK;
    }
    store_cert_query q = { col.page, req->who.admin ? NULL : req->who.identity_id, reviewer };
    render_ctx ctx;
    begin_array(&ctx, req);
    int64_t total = 0;
    store_tx *tx = NULL;
    store_rc src = store_begin(req->server->store, STORE_READ, &tx);
    if (src == STORE_OK) {
        src = store_cert_list(tx, &q, render_cert, &ctx, &total);
        store_rollback(tx); /* read-only: ends the snapshot */
    }
    collection_free(&col);
    if (src != STORE_OK)
        return store_failure(req, src);
    if (q.page.count)
        req->total_count = total;
    return end_array(&ctx, req);
}

/* ------------------------------------------------------------------ */
/* GET /beta/certifications/{id}/reviewers                             */

static const filter_field reviewer_fields[REVIEWER_F_COUNT] = {
    [REVIEWER_F_ID] = { "id", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_IN),
                        FILTER_TYPE_STRING },
    [REVIEWER_F_NAME] = { "name", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_SW),
                          FILTER_TYPE_STRING },
    [REVIEWER_F_EMAIL] = { "email", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_SW),
                           FILTER_TYPE_STRING },
};
static const char *const reviewer_sorts[REVIEWER_S_COUNT] = {
    [REVIEWER_S_NAME] = "name", [REVIEWER_S_EMAIL] = "email",
};

static int render_identity(const store_identity_ref *r, void *payload)
{
    jsonw_t *w = &((render_ctx *)payload)->w;
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", "IDENTITY");
    jsonw_kstr(w, "id", r->id);
    jsonw_kstr(w, "name", r->name);
    jsonw_kstr(w, "email", r->email);
    jsonw_obj_close(w);
    return 0;
}

rc_t handle_cert_reviewers(req_t *req, const char *const *params)
{
    static const collection_spec spec = { reviewer_fields, REVIEWER_F_COUNT, { -1, false },
                                          reviewer_sorts, REVIEWER_S_COUNT };
    collection col;
    rc_t rc = parse_gated(req, &spec, &col, params[0]);
    if (rc != RC_OK)
        return rc;
    render_ctx ctx;
    begin_array(&ctx, req);
    int64_t total = 0;
    store_tx *tx = NULL;
    if ((rc = begin_cert_read(req, params[0], &tx)) != RC_OK) {
        collection_free(&col);
        return rc;
    }
    store_rc src = store_reviewer_list(tx, params[0], &col.page, render_identity, &ctx, &total);
    store_rollback(tx);
    bool count = col.page.count;
    collection_free(&col);
    if (src != STORE_OK)
        return store_failure(req, src);
    if (count)
        req->total_count = total;
    return end_array(&ctx, req);
}

/* ------------------------------------------------------------------ */
/* GET .../access-review-items/{itemId}/permissions                    */

static const filter_field permission_fields[PERMISSION_F_COUNT] = {
    [PERMISSION_F_TARGET] = { "target", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_SW),
                              FILTER_TYPE_STRING },
    [PERMISSION_F_RIGHTS] = { "rights", FILTER_OPBIT(FILTER_CA), FILTER_TYPE_STRING_SET },
};

static int render_permission(const store_permission *p, void *payload)
{
    jsonw_t *w = &((render_ctx *)payload)->w;
    jsonw_obj_open(w);
    jsonw_key(w, "rights");
    jsonw_arr_open(w);
    for (size_t i = 0; i < p->right_count; i++)
        jsonw_str(w, p->rights[i]);
    jsonw_arr_close(w);
    jsonw_kstr(w, "target", p->target);
    jsonw_obj_close(w);
    return 0;
}

rc_t handle_item_permissions(req_t *req, const char *const *params)
{
    /* SailPoint: one and/or at most, joining a target and a rights filter. */
    static const collection_spec spec = { permission_fields, PERMISSION_F_COUNT, { 1, true },
                                          NULL, 0 };
    collection col;
    rc_t rc = parse_gated(req, &spec, &col, params[0]);
    if (rc != RC_OK)
        return rc;
    render_ctx ctx;
    begin_array(&ctx, req);
    int64_t total = 0;
    store_tx *tx = NULL;
    if ((rc = begin_cert_read(req, params[0], &tx)) != RC_OK) {
        collection_free(&col);
        return rc;
    }
    store_rc src = store_item_permissions(tx, params[0], params[1], &col.page,
                                          render_permission, &ctx, &total);
    store_rollback(tx);
    bool count = col.page.count;
    collection_free(&col);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, "certification \"%s\" has no review item \"%s\"",
                        params[0], params[1]);
    if (src != STORE_OK)
        return store_failure(req, src);
    if (count)
        req->total_count = total;
    return end_array(&ctx, req);
}

/* ------------------------------------------------------------------ */
/* tasks                                                               */

static void render_task_obj(jsonw_t *w, const store_task *t)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", t->id);
    jsonw_kstr(w, "certificationId", t->certification_id);
    jsonw_kstr(w, "type", t->type);
    jsonw_kstr(w, "status", t->status);
    jsonw_key(w, "errors");
    /* errors is a JSON array of strings that the store wrote itself; most
     * tasks have none, which needs no parsing. */
    jsonw_arr_open(w);
    json_t *errors = NULL;
    if (t->errors_json && strcmp(t->errors_json, "[]") != 0)
        errors = json_loads(t->errors_json, 0, NULL);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) jsonw_str(w, json_string_value(e));
    jsonw_arr_close(w);
    json_decref(errors);
    jsonw_obj_close(w);
}

static int render_task(const store_task *t, void *payload)
{
    render_task_obj(&((render_ctx *)payload)->w, t);
    return 0;
}

rc_t handle_tasks_pending(req_t *req, const char *const *params)
{
    render_ctx ctx;
    begin_array(&ctx, req);
    store_tx *tx = NULL;
    rc_t rc = begin_cert_read(req, params[0], &tx);
    if (rc != RC_OK)
        return rc;
    store_rc src = store_tasks_pending(tx, params[0], render_task, &ctx);
    store_rollback(tx);
    if (src != STORE_OK)
        return store_failure(req, src);
    return end_array(&ctx, req);
}

rc_t handle_task_status(req_t *req, const char *const *params)
{
    render_ctx ctx;
    jsonw_init(&ctx.w, &req->out);
    store_tx *tx = NULL;
    rc_t rc = begin_cert_read(req, params[0], &tx);
    if (rc != RC_OK)
        return rc;
    store_rc src = store_task_get(tx, params[0], params[1], render_task, &ctx);
    store_rollback(tx);
    if (src != STORE_OK && src != STORE_NOTFOUND)
        return store_failure(req, src);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, "certification \"%s\" has no task \"%s\"", params[0],
                        params[1]);
    return jsonw_failed(&ctx.w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* ------------------------------------------------------------------ */
/* POST /beta/certifications/{id}/reassign-async                       */

#define REASSIGN_MAX 500

static const char *const kind_names[] = { "ITEM", "IDENTITY_SUMMARY", "TARGET_SUMMARY" };

static bool nonblank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return true;
    return false;
}

/* Decodes ReviewReassign, recording every shape problem on req. refs gets
 * pointers into doc. Returns the number of problems. */
static int decode_reassign(req_t *req, json_t *doc, reassign_ref *refs, size_t *ref_count,
                           const char **to, const char **reason)
{
    int problems = 0;
#define PROBLEM(...) (problems++, req_fail(req, RC_EINVALID, __VA_ARGS__))
    json_t *list = json_object_get(doc, "reassign");
    *ref_count = 0;
    if (!list)
        PROBLEM("reassign: required");
    else if (!json_is_array(list))
        PROBLEM("reassign: must be an array");
    else if (json_array_size(list) == 0 || json_array_size(list) > REASSIGN_MAX)
        PROBLEM("reassign: must list 1 to %d items (got %zu)", REASSIGN_MAX,
                json_array_size(list));
    else {
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e) {
            json_t *id = json_object_get(e, "id"), *type = json_object_get(e, "type");
            if (!json_is_object(e)) {
                PROBLEM("reassign[%zu]: must be an object with id and type", i);
                continue;
            }
            if (!json_is_string(id) || !*json_string_value(id))
                PROBLEM("reassign[%zu].id: required (a non-empty string)", i);
            int kind = -1;
            for (int k = 0; k < 3 && json_is_string(type); k++)
                if (strcmp(json_string_value(type), kind_names[k]) == 0)
                    kind = k;
            if (kind < 0)
                PROBLEM("reassign[%zu].type: must be ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY", i);
            if (kind < 0 || !json_is_string(id) || !*json_string_value(id))
                continue;
            const char *sid = json_string_value(id);
            bool dup = false;
            for (size_t j = 0; j < *ref_count && !dup; j++)
                if ((int)refs[j].kind == kind && strcasecmp(refs[j].id, sid) == 0) {
                    PROBLEM("reassign[%zu]: duplicates an earlier %s \"%s\"", i, kind_names[kind],
                            sid);
                    dup = true;
                }
            if (!dup)
                refs[(*ref_count)++] = (reassign_ref){ sid, (reassign_kind)kind };
        }
    }
    json_t *t = json_object_get(doc, "reassignTo");
    *to = json_string_value(t);
    if (!t)
        PROBLEM("reassignTo: required");
    else if (!json_is_string(t) || !**to)
        PROBLEM("reassignTo: must be a non-empty identity id");
    json_t *r = json_object_get(doc, "reason");
    *reason = json_string_value(r);
    if (!r)
        PROBLEM("reason: required");
    else if (!json_is_string(r) || !nonblank(*reason))
        PROBLEM("reason: must be a non-empty string");
#undef PROBLEM
    return problems;
}

rc_t handle_reassign_async(req_t *req, const char *const *params)
{
    rc_t rc = authorize_cert(req, params[0]);
    if (rc != RC_OK)
        return rc;
    const char *ct = req_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] && ct[16] != ';' && ct[16] != ' '))
        return req_fail(req, RC_EINVALID, "Content-Type must be application/json");
    if (req->body.len == 0)
        return req_fail(req, RC_EINVALID, "the request body is required (a ReviewReassign)");
    json_error_t je;
    json_t *doc = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return req_fail(req, RC_EINVALID, "body: invalid JSON at line %d, column %d: %s",
                        je.line, je.column, je.text);
    reassign_ref refs[REASSIGN_MAX];
    size_t ref_count = 0;
    const char *to = NULL, *reason = NULL;
    if (!json_is_object(doc)) {
        json_decref(doc);
        return req_fail(req, RC_EINVALID, "body: must be a JSON object (a ReviewReassign)");
    }
    if (decode_reassign(req, doc, refs, &ref_count, &to, &reason)) {
        json_decref(doc);
        return RC_EINVALID;
    }
    review_reassign r = { params[0], refs, ref_count, to, reason };
    problems_t problems = PROBLEMS_INIT;
    render_ctx ctx;
    jsonw_init(&ctx.w, &req->out);
    store_rc src = review_reassign_submit(req->server->store, &r, &problems, render_task, &ctx);
    if (src == STORE_INVALID)
        for (size_t i = 0; i < problems.count; i++)
            req_fail(req, RC_EINVALID, "%s", problems.items[i]);
    else if (src != STORE_OK)
        store_failure(req, src);
    problems_free(&problems);
    json_decref(doc);
    if (src == STORE_OK)
        worker_notify(req->server->workers);
    return req->rc;
}
