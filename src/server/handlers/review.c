/*
 * review: the v3 review operations on one certification: read it, decide
 * its items, sign it off, reassign part of it at once; and recert's
 * remediation records of a campaign.
 *
 * Here is only the requests' shape (ReviewDecision[], ReviewReassign) and
 * each answer; the rules and their sentences are in src/review/. Each
 * operation runs in the request's WRITE transaction, which the pipeline
 * commits before the answer is sent: the answer shows the data as
 * committed (counters already updated).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../common/jsonw.h"
#include "../../common/util.h"
#include "../../review/decide.h"
#include "../../review/reassign.h"
#include "../../store/store.h"
#include "../render.h"
#include "handlers.h"

/* Writes certification id as the answer (IdentityCertificationDto). */
static rc_t answer_cert(req_t *req, const char *id)
{
    jsonw_t w;
    jsonw_init(&w, &req->out);
    store_rc src = store_cert_get(req->tx, id, render_cert_v3, &w);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    return jsonw_failed(&w) ? req_fail(req, RC_ERROR, NULL) : RC_OK;
}

/* GET /v3/certifications/{id} */
rc_t handle_cert_get(req_t *req, const char *const *params)
{
    return answer_cert(req, params[0]);
}

/* A store result of a review rule: STORE_INVALID carries its problems. */
static rc_t rule_failure(req_t *req, store_rc src)
{
    return src == STORE_INVALID ? req_fail(req, RC_EINVALID, NULL) : req_store_failure(req, src);
}

/* POST /v3/certifications/{id}/decide: a JSON array of ReviewDecision. */

/* One string member: required or optional (null allowed when optional).
 * Returns it, or NULL with a problem when it is wrong. */
static const char *member_str(problems_t *p, json_t *e, size_t i, const char *name,
                              bool required, bool *bad)
{
    json_t *v = json_object_get(e, name);
    if (json_is_string(v) && (!required || *json_string_value(v)))
        return json_string_value(v);
    if (!required && (!v || json_is_null(v)))
        return NULL;
    *bad = true;
    if (!v)
        problems_add(p, "[%zu].%s: required", i, name);
    else
        problems_add(p, "[%zu].%s: must be a %sstring (got %s)", i, name,
                     required ? "non-empty " : "", json_kind(v));
    return NULL;
}

static void decode_decision(problems_t *p, json_t *e, size_t i, decisions_t *out)
{
    bool bad = false;
    if (!json_is_object(e)) {
        problems_add(p, "[%zu]: must be a ReviewDecision object (got %s)", i, json_kind(e));
        return;
    }
    review_decision d = { .index = i };
    d.item_id = member_str(p, e, i, "id", true, &bad);
    d.decision = member_str(p, e, i, "decision", true, &bad);
    if (d.decision && strcmp(d.decision, "APPROVE") != 0 && strcmp(d.decision, "REVOKE") != 0) {
        problems_add(p, "[%zu].decision: must be APPROVE or REVOKE (got \"%.40s\")", i,
                     d.decision);
        bad = true;
    }
    json_t *bulk = json_object_get(e, "bulk");
    if (!json_is_boolean(bulk)) {
        problems_add(p, "[%zu].bulk: %s", i,
                     bulk ? "must be true or false" : "required (true or false)");
        bad = true;
    }
    d.comments = member_str(p, e, i, "comments", false, &bad);
    const char *end = member_str(p, e, i, "proposedEndDate", false, &bad);
    int64_t ms;
    if (end && parse_time(end, &ms) != 0) {
        problems_add(p, "[%zu].proposedEndDate: must be an RFC 3339 date-time,"
                     " e.g. 2027-01-31T00:00:00.000Z (got \"%.40s\")", i, end);
        bad = true;
    } else if (end) {
        format_time_ms(out->end[out->count], ms);
        d.proposed_end_date = out->end[out->count];
    }
    json_t *rec = json_object_get(e, "recommendation");
    if (rec && !json_is_null(rec) && !json_is_object(rec)) {
        problems_add(p, "[%zu].recommendation: must be an object or null (got %s)", i,
                     json_kind(rec));
        bad = true;
    }
    if (!bad)
        out->d[out->count++] = d;
}

int decisions_decode(problems_t *p, json_t *doc, decisions_t *out)
{
    size_t before = p->count, n = json_array_size(doc);
    out->count = 0;
    if (!json_is_array(doc) || n == 0 || n > DECIDE_MAX) {
        problems_add(p, "body: must list 1 to %d decisions (got %zu)", DECIDE_MAX, n);
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        decode_decision(p, json_array_get(doc, i), i, out);
    return (int)(p->count - before);
}

rc_t handle_decide(req_t *req, const char *const *params)
{
    decisions_t *b = calloc(1, sizeof *b);
    if (!b)
        return req_fail(req, RC_ERROR, NULL);
    int shape = decisions_decode(&req->problems, req->json, b);
    store_rc src = STORE_INVALID;
    /* A body that is no list of decisions says so alone; otherwise the
     * rules are checked on the decisions that decoded, and their problems
     * are listed after the shape's. */
    if (shape == 0 || b->count)
        src = review_decide(req->tx, params[0], b->d, b->count, req->who.identity_id,
                            &req->problems);
    free(b);
    if (src == STORE_OK && shape)
        src = STORE_INVALID;
    if (src != STORE_OK)
        return rule_failure(req, src);
    return answer_cert(req, params[0]);
}

/* POST /v3/certifications/{id}/sign-off */
rc_t handle_sign_off(req_t *req, const char *const *params)
{
    int64_t removals = 0;
    store_rc src = review_sign_off(req->tx, params[0], &req->problems, &removals);
    if (src != STORE_OK)
        return rule_failure(req, src);
    req->wake_workers = removals > 0;
    return answer_cert(req, params[0]);
}

/* POST /v3/certifications/{id}/reassign: at most 50 references, moved at
 * once. */
rc_t handle_reassign(req_t *req, const char *const *params)
{
    reassign_ref refs[REASSIGN_SYNC_MAX];
    size_t ref_count = 0;
    const char *to = NULL, *reason = NULL;
    if (reassign_decode(&req->problems, req->json, REASSIGN_SYNC_MAX, refs, &ref_count, &to,
                        &reason))
        return req_fail(req, RC_EINVALID, NULL);
    review_reassign r = { params[0], refs, ref_count, to, reason };
    store_rc src = review_reassign_now(req->tx, &r, &req->problems);
    if (src != STORE_OK)
        return rule_failure(req, src);
    return answer_cert(req, params[0]);
}

/* GET /recert/v1/campaigns/{id}/remediations */

static store_rc remediation_page(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                                int64_t *total)
{
    (void)arg;
    return store_remediation_list(tx, req->params[0], &req->col.page, render_remediation, w,
                                  total);
}

rc_t handle_remediations(req_t *req, const char *const *params)
{
    store_tx *tx = req_tx(req);
    bool exists = false;
    if (!tx)
        return req->rc;
    store_rc src = store_campaign_exists(tx, params[0], &exists);
    if (src != STORE_OK)
        return req_store_failure(req, src);
    /* A deleted campaign's records stay: they are history. */
    if (!exists) {
        int64_t any = 0;
        store_page one = { .limit = 0, .count = true };
        if ((src = store_remediation_list(tx, params[0], &one, NULL, NULL, &any)) != STORE_OK)
            return req_store_failure(req, src);
        if (!any)
            return req_fail(req, RC_ENOTFOUND, "no campaign \"%s\"", params[0]);
    }
    return handler_list(req, remediation_page, NULL);
}
