/*
 * tasks: a certification's asynchronous tasks (beta): the pending ones,
 * one task's status, and reassign-async, which queues a REASSIGN task.
 *
 * The rules of reassignment, and every sentence about them, are in
 * src/review/reassign.c; here is only the request's shape (ReviewReassign).
 * The task is queued in the request's WRITE transaction, which the
 * pipeline commits before the answer is sent, then it wakes the workers.
 */
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include <stdio.h>

#include "../../common/jsonw.h"
#include "../../review/reassign.h"
#include "../../store/store.h"
#include "../render.h"
#include "handlers.h"

rc_t handle_tasks_pending(req_t *req, const char *const *params)
{
    jsonw_t w;
    jsonw_init(&w, &req->out);
    jsonw_arr_open(&w);
    store_rc src = store_tasks_pending(req->tx, params[0], render_task, &w);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    jsonw_arr_close(&w);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

rc_t handle_task_status(req_t *req, const char *const *params)
{
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = store_task_get(req->tx, params[0], params[1], render_task, &w);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, "certification \"%s\" has no task \"%s\"", params[0],
                        params[1]);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* GET /v3/certification-tasks: the pending tasks the caller may see. */

static store_rc task_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                         int64_t *total)
{
    (void)arg;
    store_task_query q = { req->col.page, req->who.admin ? NULL : req->who.identity_id,
                           req->query_values[0] };
    return store_task_list(tx, &q, render_task_v3, w, total);
}

rc_t handle_tasks_v3(req_t *req, const char *const *params)
{
    (void)params;
    return handler_list(req, task_page, NULL);
}

/* GET /v3/certification-tasks/{id}: readable by whoever may read its
 * target certification; a campaign's tasks by admins only. Someone who
 * may not read it learns that it exists, as for a certification. */

typedef struct task_target {
    char type[24], id[65];
} task_target;

static int copy_target(const store_task *t, void *arg)
{
    task_target *x = arg;
    snprintf(x->type, sizeof x->type, "%s", t->target_type ? t->target_type : "");
    snprintf(x->id, sizeof x->id, "%s", t->target_id ? t->target_id : "");
    return 0;
}

rc_t handle_task_v3(req_t *req, const char *const *params)
{
    task_target t;
    store_tx *tx = req_tx(req);
    if (!tx)
        return req->rc;
    store_rc src = store_task_get(tx, NULL, params[0], copy_target, &t);
    if (src == STORE_NOTFOUND)
        return req_fail(req, RC_ENOTFOUND, "no certification task \"%s\"", params[0]);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    if (!req->who.admin) {
        bool reviewer = false;
        if (strcmp(t.type, "CERTIFICATION") == 0 &&
            (src = store_cert_access(tx, t.id, req->who.identity_id, NULL, &reviewer)) !=
                STORE_OK)
            return req_store_failure(req, src);
        /* The sentence names no target: the caller may not learn it. */
        if (!reviewer)
            return req_fail(req, RC_EFORBIDDEN, "task \"%s\" is on %s", params[0],
                            strcmp(t.type, "CERTIFICATION") == 0
                                ? "a certification you do not review"
                                : "a campaign; only ORG_ADMIN or CERT_ADMIN may read it");
    }
    jsonw_t w;
    jsonw_init(&w, &req->out);
    if ((src = store_task_get(tx, NULL, params[0], render_task_v3, &w)) != STORE_OK)
        return req_store_failure(req, src);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* POST /beta/certifications/{id}/reassign-async, POST /v3/... */

const char *json_kind(const json_t *v)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: break;
    }
    return v ? "null" : "nothing";
}

static bool nonblank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return true;
    return false;
}

int reassign_decode(problems_t *p, json_t *doc, size_t max, reassign_ref *refs,
                    size_t *ref_count, const char **to, const char **reason)
{
    int problems = 0;
#define PROBLEM(...) (problems++, problems_add(p, __VA_ARGS__))
    json_t *list = json_object_get(doc, "reassign");
    *ref_count = 0;
    if (!list)
        PROBLEM("reassign: required");
    else if (!json_is_array(list))
        PROBLEM("reassign: must be an array");
    else if (json_array_size(list) == 0 || json_array_size(list) > max)
        PROBLEM("reassign: must list 1 to %zu items (got %zu)", max, json_array_size(list));
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
            for (int k = 0; json_is_string(type) && reassign_kind_name((reassign_kind)k); k++)
                if (strcmp(json_string_value(type), reassign_kind_name((reassign_kind)k)) == 0)
                    kind = k;
            if (kind < 0 && json_is_string(type))
                PROBLEM("reassign[%zu].type: must be ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY"
                        " (got \"%.40s\")", i, json_string_value(type));
            else if (kind < 0)
                PROBLEM("reassign[%zu].type: must be ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY"
                        " (got %s)", i, json_kind(type));
            if (kind < 0 || !json_is_string(id) || !*json_string_value(id))
                continue;
            const char *sid = json_string_value(id);
            bool dup = false;
            for (size_t j = 0; j < *ref_count && !dup; j++)
                if ((int)refs[j].kind == kind && strcasecmp(refs[j].id, sid) == 0) {
                    PROBLEM("reassign[%zu]: duplicates an earlier %s \"%s\"", i,
                            reassign_kind_name((reassign_kind)kind), sid);
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
    reassign_ref refs[REASSIGN_MAX];
    size_t ref_count = 0;
    const char *to = NULL, *reason = NULL;
    if (reassign_decode(&req->problems, req->json, REASSIGN_MAX, refs, &ref_count, &to, &reason))
        return req_fail(req, RC_EINVALID, NULL);
    review_reassign r = { params[0], refs, ref_count, to, reason };
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = review_reassign_queue(req->tx, &r, &req->problems,
                                         req->op->api == API_V3 ? render_task_v3 : render_task,
                                         &w);
    if (src == STORE_INVALID)
        return req_fail(req, RC_EINVALID, NULL);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    req->wake_workers = true;
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}
