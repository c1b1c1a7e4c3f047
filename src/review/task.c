/*
 * task: the task types and their runners (see task.h).
 */
#include "task.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/clock.h"
#include "campaign.h"
#include "reassign.h"

/* One row per task type: the one list of what a worker can run. */
static const struct {
    const char *type;
    review_task_runner run;
} runners[] = {
    { "REASSIGN", review_reassign_task },
    { "CAMPAIGN_CREATE", review_campaign_generate_task },
    { "ACTIVATE_CAMPAIGN", review_campaign_activate_task },
    { "COMPLETE_CAMPAIGN", review_campaign_complete_task },
    { "CAMPAIGN_DELETE", review_campaign_delete_task },
};

static review_task_runner runner_of(const char *type)
{
    for (size_t i = 0; type && i < sizeof runners / sizeof runners[0]; i++)
        if (strcmp(runners[i].type, type) == 0)
            return runners[i].run;
    return NULL;
}

/* The task, copied out of the store's row. */
typedef struct task_copy {
    char *id, *type, *target_type, *target_id, *payload;
    bool in_progress, failed;
} task_copy;

static char *dup_or_empty(const char *s, bool *failed)
{
    char *d = strdup(s ? s : "");
    if (!d)
        *failed = true;
    return d;
}

static int copy_task(const store_task *t, void *arg)
{
    task_copy *c = arg;
    c->id = dup_or_empty(t->id, &c->failed);
    c->type = dup_or_empty(t->type, &c->failed);
    c->target_type = dup_or_empty(t->target_type, &c->failed);
    c->target_id = dup_or_empty(t->target_id, &c->failed);
    c->payload = t->payload_json ? strdup(t->payload_json) : NULL;
    if (t->payload_json && !c->payload)
        c->failed = true;
    c->in_progress = t->status && strcmp(t->status, "IN_PROGRESS") == 0;
    return 1;
}

static void task_copy_free(task_copy *c)
{
    free(c->id);
    free(c->type);
    free(c->target_type);
    free(c->target_id);
    free(c->payload);
}

store_rc review_task_run(store_t *s, const char *task_id)
{
    store_tx *tx = NULL;
    task_copy t = { 0 };
    problems_t problems = PROBLEMS_INIT;
    char now[32];
    clock_now_text(now);
    store_rc rc = store_begin(s, STORE_WRITE, &tx);
    if (rc != STORE_OK)
        return rc;
    if ((rc = store_task_get(tx, NULL, task_id, copy_task, &t)) != STORE_OK)
        goto fail;
    if (t.failed) {
        rc = STORE_ERROR;
        goto fail;
    }
    if (!t.in_progress) { /* another worker finished it meanwhile */
        task_copy_free(&t);
        return store_commit(tx);
    }
    review_task_runner run = runner_of(t.type);
    if (!run) {
        problems_add(&problems, "task type %s is not one this recertd runs", t.type);
    } else {
        review_task rt = { t.id, t.type, t.target_type, t.target_id, t.payload };
        if ((rc = run(tx, &rt, now, &problems)) != STORE_OK)
            goto fail;
    }
    rc = store_task_finish(tx, task_id, problems.count ? "ERROR" : "SUCCESS",
                           problems.count ? &problems : NULL, now);
    if (rc != STORE_OK)
        goto fail;
    rc = store_commit(tx);
    goto done;
fail:
    store_rollback(tx);
done:
    problems_free(&problems);
    task_copy_free(&t);
    return rc;
}

store_rc review_task_fail(store_t *s, const char *task_id, const char *message)
{
    store_tx *tx = NULL;
    char now[32];
    clock_now_text(now);
    problems_t p = PROBLEMS_INIT;
    problems_add(&p, "%s", message);
    store_rc rc = store_begin(s, STORE_WRITE, &tx);
    if (rc == STORE_OK) {
        rc = store_task_finish(tx, task_id, "ERROR", &p, now);
        if (rc == STORE_OK)
            rc = store_commit(tx);
        else
            store_rollback(tx);
    }
    problems_free(&p);
    return rc;
}
