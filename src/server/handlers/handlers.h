/*
 * handlers: the operations' own work, one function each, named in the
 * operation table (ops.c). A handler receives a request that is routed,
 * authenticated, within its rate budget, authorized and decoded as its row
 * says, plus the path parameters; it queries the store (or the review
 * layer) and renders into req->out, or fails with req_fail().
 */
#ifndef RECERT_SERVER_HANDLERS_H
#define RECERT_SERVER_HANDLERS_H

#include <jansson.h>

#include "../../common/jsonw.h"
#include "../../review/decide.h"
#include "../../review/reassign.h"
#include "../collection.h"
#include "../ops.h"
#include "../request.h"

rc_t handle_token(req_t *req, const char *const *params);
rc_t handle_cert_list(req_t *req, const char *const *params);
rc_t handle_cert_reviewers(req_t *req, const char *const *params);
rc_t handle_item_permissions(req_t *req, const char *const *params);
rc_t handle_reassign_async(req_t *req, const char *const *params);
rc_t handle_tasks_pending(req_t *req, const char *const *params);
rc_t handle_task_status(req_t *req, const char *const *params);
rc_t handle_tasks_v3(req_t *req, const char *const *params);
rc_t handle_task_v3(req_t *req, const char *const *params);
rc_t handle_cert_get(req_t *req, const char *const *params);
rc_t handle_decide(req_t *req, const char *const *params);
rc_t handle_sign_off(req_t *req, const char *const *params);
rc_t handle_reassign(req_t *req, const char *const *params);
rc_t handle_remediations(req_t *req, const char *const *params);

/* v3: one certification's review items and summaries (handlers/items.c). */
rc_t handle_v3_items(req_t *req, const char *const *params);
rc_t handle_v3_decision_summary(req_t *req, const char *const *params);
rc_t handle_v3_identity_summaries(req_t *req, const char *const *params);
rc_t handle_v3_identity_summary(req_t *req, const char *const *params);
rc_t handle_v3_access_summaries(req_t *req, const char *const *params);

/* Streams a collection into req->out as a JSON array: fn runs the store
 * read with the writer as payload (arg is the handler's own); a page with
 * count=true sets X-Total-Count. A failure fn recorded on req leads;
 * otherwise its store_rc is mapped (404, 503, 500). */
typedef store_rc (*handler_list_fn)(store_tx *tx, req_t *req, jsonw_t *w, const void *arg,
                                    int64_t *total);
rc_t handler_list(req_t *req, handler_list_fn fn, const void *arg);

/* ReviewReassign, decoded: every shape problem is added to p (one sentence
 * each, with its JSON path); refs (room for max) point into doc. Returns
 * the number of problems. */
#define REASSIGN_MAX 500        /* reassign-async */
#define REASSIGN_SYNC_MAX 50    /* reassign */
int reassign_decode(problems_t *p, json_t *doc, size_t max, reassign_ref *refs,
                    size_t *ref_count, const char **to, const char **reason);

/* ReviewDecision[], decoded: every shape problem is added to p (with its
 * index); out gets the decisions that decoded, in order, pointing into doc.
 * Returns the number of problems. */
typedef struct decisions {
    review_decision d[DECIDE_MAX];
    char end[DECIDE_MAX][32];   /* normalized proposedEndDates */
    size_t count;
} decisions_t;
int decisions_decode(problems_t *p, json_t *doc, decisions_t *out);

/* The JSON kind of v for a message ("a string", ...; "nothing" when absent). */
const char *json_kind(const json_t *v);

#endif
