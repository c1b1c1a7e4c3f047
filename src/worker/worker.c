/*
 * worker: runs queued tasks.
 *
 * Threading model. N worker threads share one store handle and nothing
 * else. Each loops: claim a task (a store transaction that flips it from
 * QUEUED to IN_PROGRESS with a lease, so two workers — or two nodes — never
 * take the same task), run it (one transaction that makes every change and
 * ends the task SUCCESS or ERROR), repeat. With nothing to claim a worker
 * sleeps on a condition variable: worker_notify() wakes it at once for
 * tasks queued by this node, and a short poll interval picks up tasks
 * queued by other nodes sharing the store.
 *
 * Running a task is the review layer's (review_task_run: one WRITE
 * transaction that makes every change and ends the task).
 *
 * Dated effects. Before looking for a task a worker carries out the
 * removals that sign-offs scheduled and that are due by the clock's now
 * (review_remediate): at once after a sign-off (which wakes the workers),
 * and within a poll interval of a proposedEndDate. The schedule is in the
 * store, so it survives restarts, and each removal is recorded done in the
 * transaction that makes it, so it happens once across workers and nodes.
 *
 * Crash safety comes from the store: a kill -9 between claim and commit
 * leaves the task IN_PROGRESS with no partial change, leased to the dead
 * process. The lease expires with its time, or at once when the store can
 * prove its owner gone (SQLite: that process no longer exists), and then
 * any node's next claim, or the next start (store_task_recover), makes it
 * runnable again. A task another live process holds is never taken.
 */
#include "worker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/clock.h"
#include "../review/decide.h"
#include "../review/task.h"

#define POLL_MS 500
#define LEASE_MS 60000
#define MAX_ATTEMPTS 3

struct worker_pool {
    store_t *store;
    int count;
    pthread_t *threads;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned pending;   /* notifications not yet consumed */
    bool stopping;
};

static void wait_for_work(worker_pool *p)
{
    pthread_mutex_lock(&p->mu);
    if (!p->pending && !p->stopping)
        clock_cond_wait_ms(&p->cv, &p->mu, POLL_MS);
    if (p->pending)
        p->pending--;
    pthread_mutex_unlock(&p->mu);
}

static bool stopping(worker_pool *p)
{
    pthread_mutex_lock(&p->mu);
    bool s = p->stopping;
    pthread_mutex_unlock(&p->mu);
    return s;
}

/* Claims one runnable task: a look without the write lock first, so an
 * idle node never makes writers wait, then the claim in a WRITE
 * transaction. STORE_NOTFOUND when there is none. */
static store_rc claim(store_t *s, char id[65])
{
    store_tx *tx = NULL;
    bool any = false;
    store_rc rc = store_begin(s, STORE_READ, &tx);
    if (rc != STORE_OK)
        return rc;
    rc = store_task_runnable(tx, &any);
    store_rollback(tx);
    if (rc != STORE_OK || !any)
        return rc != STORE_OK ? rc : STORE_NOTFOUND;
    if ((rc = store_begin(s, STORE_WRITE, &tx)) != STORE_OK)
        return rc;
    if ((rc = store_task_claim(tx, LEASE_MS, id)) != STORE_OK) {
        store_rollback(tx);
        return rc;
    }
    return store_commit(tx);
}

static void *run(void *arg)
{
    worker_pool *p = arg;
    while (!stopping(p)) {
        char id[65];
        int64_t removed = 0;
        store_rc rc = review_remediate(p->store, &removed);
        if (rc != STORE_OK && rc != STORE_BUSY)
            fprintf(stderr, "worker: cannot carry out due removals (store error %d)\n", rc);
        rc = claim(p->store, id);
        if (rc == STORE_NOTFOUND || rc == STORE_BUSY) {
            wait_for_work(p);
            continue;
        }
        if (rc != STORE_OK) {
            fprintf(stderr, "worker: cannot claim a task (store error %d)\n", rc);
            wait_for_work(p);
            continue;
        }
        /* A busy store is retried; an unexpected failure ends the task in
         * ERROR rather than retrying it forever. */
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            rc = review_task_run(p->store, id);
            if (rc == STORE_OK || rc == STORE_NOTFOUND)
                break;
            if (attempt == MAX_ATTEMPTS || rc != STORE_BUSY) {
                fprintf(stderr, "worker: task %s failed (store error %d)\n", id, rc);
                review_task_fail(p->store, id, "the task failed because of an internal error");
                break;
            }
        }
    }
    return NULL;
}

worker_pool *worker_start(store_t *store, int count)
{
    worker_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->store = store;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->threads = calloc(count > 0 ? (size_t)count : 1, sizeof *p->threads);
    if (!p->threads) {
        free(p);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        if (pthread_create(&p->threads[i], NULL, run, p) != 0)
            break;
        p->count++;
    }
    return p;
}

void worker_notify(worker_pool *p)
{
    if (!p || p->count == 0)
        return;
    pthread_mutex_lock(&p->mu);
    p->pending++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void worker_stop(worker_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->count; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->threads);
    free(p);
}
