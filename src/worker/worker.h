/*
 * worker: the threads that run asynchronous tasks (reassignments).
 */
#ifndef RECERT_WORKER_H
#define RECERT_WORKER_H

#include "../store/store.h"

typedef struct worker_pool worker_pool;

/* Starts count threads (0 is valid: a node that only serves the API and
 * leaves its queued tasks to nodes with workers). */
worker_pool *worker_start(store_t *store, int count);
/* A task was queued on this node: wake a worker now rather than at its
 * next poll. NULL-safe. */
void worker_notify(worker_pool *pool);
/* Lets each worker finish the task in hand, then joins them. NULL-safe. */
void worker_stop(worker_pool *pool);

#endif
