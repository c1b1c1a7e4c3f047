/*
 * task: running a claimed task, whatever its type (workflow.md §7).
 *
 * One row per task type names its runner (task.c). review_task_run opens
 * one WRITE transaction, reads the task, and hands it to the runner of its
 * type; the runner makes every change the task asks for inside that
 * transaction and reports, as problems, why the task fails. The task then
 * ends in the same transaction: SUCCESS without problems, ERROR with them.
 * So a task runs once and all or nothing: a crash before the commit leaves
 * it IN_PROGRESS with nothing changed (the lease makes it runnable again),
 * and a store failure rolls everything back.
 */
#ifndef RECERT_REVIEW_TASK_H
#define RECERT_REVIEW_TASK_H

#include "../common/problems.h"
#include "../store/store.h"

/* A claimed task, as its runner sees it (strings owned by review_task_run). */
typedef struct review_task {
    const char *id, *type, *target_type, *target_id, *payload_json;
} review_task;

/* Does what t asks inside tx. STORE_OK: the task ends now, ERROR when
 * problems were added, with whatever the runner changed (a runner changes
 * nothing when it fails, unless its rules say what the failure is, e.g. a
 * campaign that moves to ERROR). Another store_rc: nothing is kept. */
typedef store_rc (*review_task_runner)(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems);

/* Runs a claimed task in one WRITE transaction that also ends it: SUCCESS,
 * or ERROR with its problems (a corrupt payload, a target gone, a rule the
 * data no longer meets, a type this build does not know). STORE_OK when
 * the task ended (or another worker had ended it already), STORE_NOTFOUND
 * when there is no such task, another store_rc when nothing was changed
 * (the caller may retry). */
store_rc review_task_run(store_t *s, const char *task_id);

/* Ends a task ERROR with message, in a transaction of its own (for a task
 * whose run failed unexpectedly). */
store_rc review_task_fail(store_t *s, const char *task_id, const char *message);

#endif
