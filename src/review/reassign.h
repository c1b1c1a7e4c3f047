/*
 * reassign: the rules of reassignment (POST .../reassign-async and the
 * REASSIGN task that carries it out), above the store.
 *
 * A request moves review items (named one by one, by identity summary, or
 * by target summary) from a certification to another reviewer. The rules,
 * checked when the request is submitted and again when its task runs (the
 * data may have changed in between):
 *   - the certification exists and is not signed;
 *   - the new reviewer is an identity and does not already review the
 *     certification (directly, or as a member of its reviewer group);
 *   - every reference names something in the certification, and none
 *     covers the new reviewer's own access.
 * The work goes to a certification of the same campaign named
 * "<campaign name> for <reviewer name>", made by the first reassignment
 * from this certification to this reviewer and reused by later ones.
 *
 * Every sentence a client reads about reassignment is written here, into
 * a problems_t; each check and its action run in one store transaction.
 */
#ifndef RECERT_REVIEW_REASSIGN_H
#define RECERT_REVIEW_REASSIGN_H

#include <stddef.h>

#include "../common/problems.h"
#include "../store/store.h"
#include "task.h"

/* What a reassignment names: the store's references, in the request's words. */
typedef store_ref reassign_ref;
typedef store_ref_kind reassign_kind;
enum {
    REASSIGN_ITEM = STORE_REF_ITEM,
    REASSIGN_IDENTITY_SUMMARY = STORE_REF_IDENTITY_SUMMARY,
    REASSIGN_TARGET_SUMMARY = STORE_REF_TARGET_SUMMARY,
};

/* The kind's name in requests, task payloads and sentences ("ITEM", ...),
 * or NULL. */
const char *reassign_kind_name(reassign_kind kind);

/* A decoded ReviewReassign for one certification. */
typedef struct review_reassign {
    const char *cert_id;
    const reassign_ref *refs;
    size_t ref_count;
    const char *reassign_to;
    const char *reason;
} review_reassign;

/* Checks r against the data inside tx (a WRITE transaction) and, if all
 * is well, adds a QUEUED REASSIGN task to it and streams the task to cb.
 * The caller commits: the task exists, and may be promised to the client,
 * only once the commit succeeded. Otherwise STORE_INVALID with every
 * problem in problems, or STORE_NOTFOUND when the certification does not
 * exist, or another store_rc; the caller rolls back. */
store_rc review_reassign_queue(store_tx *tx, const review_reassign *r, problems_t *problems,
                               store_task_cb cb, void *payload);

/* Checks r against the data inside tx (a WRITE transaction) and, if all
 * is well, moves the work at once (reassign, synchronous). Failures as
 * review_reassign_queue. */
store_rc review_reassign_now(store_tx *tx, const review_reassign *r, problems_t *problems);

/* The REASSIGN task's runner (task.h): the checks again, then the move. */
store_rc review_reassign_task(store_tx *tx, const review_task *t, const char *now,
                              problems_t *problems);

#endif
