/*
 * reassign: the reassignment rules over store.h (see reassign.h).
 *
 * Submit and run share one check (check_reassign), each inside its own
 * WRITE transaction, so what is checked is what is acted on. The task's
 * payload is the validated request as JSON, so that a worker on any node
 * can run it:
 *   {"reassign":[{"id":"...","type":"ITEM"}],"reassignTo":"...","reason":"..."}
 */
#include "reassign.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../common/buf.h"
#include "../common/clock.h"
#include "../common/jsonw.h"
#include "../common/util.h"

static const char *const kind_names[] = {
    [REASSIGN_ITEM] = "ITEM",
    [REASSIGN_IDENTITY_SUMMARY] = "IDENTITY_SUMMARY",
    [REASSIGN_TARGET_SUMMARY] = "TARGET_SUMMARY",
};
#define KIND_COUNT (sizeof kind_names / sizeof kind_names[0])

const char *reassign_kind_name(reassign_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kind_names[kind] : NULL;
}

static int parse_kind(const char *s, reassign_kind *out)
{
    for (size_t k = 0; s && k < KIND_COUNT; k++)
        if (strcmp(s, kind_names[k]) == 0) {
            *out = (reassign_kind)k;
            return 0;
        }
    return -1;
}

/* The rules, against the data as tx sees it. STORE_OK with the broken
 * rules in problems (and the certification's head in h), STORE_NOTFOUND
 * when the certification does not exist, or a store failure. */
static store_rc check_reassign(store_tx *tx, const review_reassign *r, store_cert_head *h,
                               problems_t *problems)
{
    store_rc rc = store_cert_head_get(tx, r->cert_id, h);
    if (rc != STORE_OK)
        return rc;
    if (strcmp(h->phase, "SIGNED") == 0)
        problems_add(problems, "certification \"%s\" is signed and cannot be reassigned",
                     r->cert_id);
    bool exists = false, member = false;
    if ((rc = store_identity_exists(tx, r->reassign_to, &exists)) != STORE_OK)
        return rc;
    if (exists && strcmp(h->reviewer_type, "GOVERNANCE_GROUP") == 0 &&
        (rc = store_group_has_member(tx, h->reviewer_id, r->reassign_to, &member)) != STORE_OK)
        return rc;
    if (!exists)
        problems_add(problems, "reassignTo: no identity \"%s\"", r->reassign_to);
    else if (strcmp(h->reviewer_type, "IDENTITY") == 0 &&
             str_casecmp_ascii(h->reviewer_id, r->reassign_to) == 0)
        problems_add(problems, "reassignTo: \"%s\" already reviews certification \"%s\"",
                     r->reassign_to, r->cert_id);
    else if (member)
        problems_add(problems,
                     "reassignTo: \"%s\" already reviews certification \"%s\" as a member"
                     " of its reviewer group", r->reassign_to, r->cert_id);
    for (size_t i = 0; i < r->ref_count; i++) {
        const reassign_ref *ref = &r->refs[i];
        const char *kind = reassign_kind_name(ref->kind);
        bool found = false, covers = false;
        if (!kind)
            return STORE_ERROR;
        if ((rc = store_ref_exists(tx, ref->kind, ref->id, r->cert_id, &found)) != STORE_OK)
            return rc;
        if (!found) {
            problems_add(problems, "reassign[%zu]: no %s \"%s\" in certification \"%s\"", i,
                         kind, ref->id, r->cert_id);
            continue;
        }
        rc = store_ref_covers(tx, ref->kind, ref->id, r->cert_id, r->reassign_to, &covers);
        if (rc != STORE_OK)
            return rc;
        if (covers)
            problems_add(problems,
                         "reassign[%zu]: %s \"%s\" covers the access of \"%s\", who may not"
                         " review their own access", i, kind, ref->id, r->reassign_to);
    }
    return STORE_OK;
}

/* The task payload of r. */
static int encode_payload(const review_reassign *r, buf_t *out)
{
    jsonw_t w;
    jsonw_init(&w, out);
    jsonw_obj_open(&w);
    jsonw_key(&w, "reassign");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < r->ref_count; i++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "id", r->refs[i].id);
        jsonw_kstr(&w, "type", reassign_kind_name(r->refs[i].kind));
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_kstr(&w, "reassignTo", r->reassign_to);
    jsonw_kstr(&w, "reason", r->reason);
    jsonw_obj_close(&w);
    return jsonw_failed(&w) ? -1 : 0;
}

/* A decoded payload: r points into doc and refs. */
typedef struct decoded {
    json_t *doc;
    reassign_ref *refs;
    review_reassign r;
} decoded;

/* Decodes a task payload; a corrupt one is described in problems. -1 only
 * when out of memory. */
static int decode_payload(const char *text, const char *cert_id, decoded *p,
                          problems_t *problems)
{
    memset(p, 0, sizeof *p);
    p->doc = text ? json_loads(text, 0, NULL) : NULL;
    json_t *list = json_object_get(p->doc, "reassign");
    size_t n = json_array_size(list);
    p->refs = calloc(n ? n : 1, sizeof *p->refs);
    if (!p->refs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(list, i);
        p->refs[i].id = json_string_value(json_object_get(e, "id"));
        if (!p->refs[i].id ||
            parse_kind(json_string_value(json_object_get(e, "type")), &p->refs[i].kind))
            problems_add(problems, "task payload is corrupt at reassign[%zu]", i);
    }
    p->r = (review_reassign){ cert_id, p->refs, n,
                              json_string_value(json_object_get(p->doc, "reassignTo")),
                              json_string_value(json_object_get(p->doc, "reason")) };
    if (!p->doc || !p->r.reassign_to || !p->r.reason)
        problems_add(problems, "task payload is corrupt");
    return 0;
}

static void decoded_free(decoded *p)
{
    free(p->refs);
    json_decref(p->doc);
}

store_rc review_reassign_queue(store_tx *tx, const review_reassign *r, problems_t *problems,
                               store_task_cb cb, void *payload)
{
    buf_t body = BUF_INIT;
    store_cert_head h;
    char now[32], id[65];
    store_rc rc = check_reassign(tx, r, &h, problems);
    if (rc == STORE_OK && problems->count)
        rc = STORE_INVALID;
    if (rc == STORE_OK && encode_payload(r, &body) != 0)
        rc = STORE_ERROR;
    if (rc == STORE_OK) {
        clock_now_text(now);
        rc = store_task_insert(tx, "CERTIFICATION", r->cert_id, "REASSIGN", body.data, now, id);
    }
    if (rc == STORE_OK && cb) {
        store_task t = { id, r->cert_id, "REASSIGN", "QUEUED", "[]", now, now, body.data,
                         "CERTIFICATION" };
        cb(&t, payload);
    }
    buf_free(&body);
    return rc;
}


/* The new certification's name: "<campaign name> for <reviewer name>". */
static char *target_name(const store_cert_head *h, const store_identity *reviewer)
{
    buf_t name = BUF_INIT;
    buf_printf(&name, "%s for %s", h->campaign_name, reviewer->name);
    return buf_failed(&name) ? (buf_free(&name), NULL) : buf_detach(&name, NULL);
}

/* The certification that receives work reassigned from h / r->cert_id to
 * r->reassign_to: reused when an earlier reassignment made one. */
static store_rc target_cert(store_tx *tx, const review_reassign *r, const store_cert_head *h,
                            const char *now, char out[65])
{
    store_rc rc = store_reassign_target_find(tx, r->cert_id, r->reassign_to, h->campaign_id, out);
    if (rc != STORE_NOTFOUND)
        return rc;
    store_identity reviewer;
    if ((rc = store_identity_get(tx, r->reassign_to, &reviewer)) != STORE_OK)
        return rc == STORE_NOTFOUND ? STORE_ERROR : rc; /* checked in this transaction */
    if (!h->has_campaign)
        return STORE_ERROR;
    char *name = target_name(h, &reviewer);
    if (!name)
        return STORE_ERROR;
    store_cert_new c = { name, h->campaign_id, reviewer.id, h->phase, h->due[0] ? h->due : NULL,
                         r->cert_id, r->reason, now };
    rc = store_cert_insert(tx, &c, out);
    free(name);
    return rc;
}

/* The changes of a reassignment whose checks passed. */
static store_rc apply(store_tx *tx, const review_reassign *r, const store_cert_head *h,
                      const char *now)
{
    char target[65];
    store_rc rc = target_cert(tx, r, h, now, target);
    if (rc == STORE_OK)
        rc = store_items_move(tx, r->refs, r->ref_count, r->cert_id, target);
    if (rc == STORE_OK)
        rc = store_cert_recount(tx, r->cert_id);
    if (rc == STORE_OK)
        rc = store_cert_recount(tx, target);
    if (rc == STORE_OK)
        rc = store_cert_touch(tx, r->cert_id, now);
    if (rc == STORE_OK)
        rc = store_cert_touch(tx, target, now);
    return rc;
}

store_rc review_reassign_now(store_tx *tx, const review_reassign *r, problems_t *problems)
{
    store_cert_head h;
    char now[32];
    store_rc rc = check_reassign(tx, r, &h, problems);
    if (rc == STORE_OK && problems->count)
        rc = STORE_INVALID;
    if (rc != STORE_OK)
        return rc;
    clock_now_text(now);
    return apply(tx, r, &h, now);
}

store_rc review_reassign_task(store_tx *tx, const review_task *t, const char *now,
                              problems_t *problems)
{
    decoded p = { 0 };
    store_cert_head h;
    store_rc rc = STORE_OK;
    if (decode_payload(t->payload_json, t->target_id, &p, problems) != 0) {
        decoded_free(&p);
        return STORE_ERROR;
    }
    if (!problems->count) {
        rc = check_reassign(tx, &p.r, &h, problems);
        if (rc == STORE_NOTFOUND) {
            problems_add(problems, "certification \"%s\" no longer exists", t->target_id);
            rc = STORE_OK;
        }
    }
    if (rc == STORE_OK && !problems->count)
        rc = apply(tx, &p.r, &h, now);
    decoded_free(&p);
    return rc;
}
