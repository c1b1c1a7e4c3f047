/*
 * checkpoint: the write-ahead log is copied back into the store by a thread
 * of the backend's own, never inside a request.
 *
 * SQLite's default (wal_autocheckpoint=1000) makes the transaction whose
 * commit takes the log past 1,000 pages run the checkpoint itself, syncing
 * the log and the store file before it returns: a decide of 250 items
 * writes about 90 pages, so every tenth or so paid for a checkpoint, and
 * those were the whole tail of its latency (docs/performance.md, W8/W9).
 * Here every connection of a WAL store gets a WAL hook instead (which
 * replaces the automatic checkpoint): a commit that leaves the log at or
 * past CHECKPOINT_PAGES only wakes the checkpointer, which runs a PASSIVE
 * checkpoint on a connection of its own. PASSIVE never waits for readers
 * or writers; what it cannot copy yet is copied on a later round, and the
 * log restarts from its beginning once a checkpoint completed. Processes
 * sharing the store each run one; SQLite lets one at a time proceed.
 *
 * If the thread cannot be started, the connections keep SQLite's own
 * automatic checkpoint.
 */
#include "internal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../../common/clock.h"

#define CHECKPOINT_PAGES 1000
#define IDLE_WAIT_MS 1000

static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
    (void)db;
    (void)name;
    sq_checkpointer *k = arg;
    if (pages >= CHECKPOINT_PAGES) {
        pthread_mutex_lock(&k->mu);
        k->wanted = true;
        pthread_cond_signal(&k->cv);
        pthread_mutex_unlock(&k->mu);
    }
    return SQLITE_OK;
}

static void *run(void *arg)
{
    sq_checkpointer *k = arg;
    pthread_mutex_lock(&k->mu);
    while (!k->stopping) {
        if (!k->wanted) {
            clock_cond_wait_ms(&k->cv, &k->mu, IDLE_WAIT_MS);
            continue;
        }
        k->wanted = false;
        pthread_mutex_unlock(&k->mu);
        int log = 0, copied = 0;
        int rc = sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            sq_log(k->db, "checkpoint");
        pthread_mutex_lock(&k->mu);
    }
    pthread_mutex_unlock(&k->mu);
    return NULL;
}

int sq_checkpointer_start(sq_checkpointer *k, const char *path)
{
    memset(k, 0, sizeof *k);
    if (sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        sqlite3_close(k->db);
        k->db = NULL;
        return -1;
    }
    pthread_mutex_init(&k->mu, NULL);
    pthread_cond_init(&k->cv, NULL);
    /* The thread takes no signals: they are the process's to handle (recertd
     * waits for SIGTERM in its main thread; a signal delivered here would
     * take the default action). It inherits the mask it is created with. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int created = pthread_create(&k->thread, NULL, run, k);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (created != 0) {
        pthread_mutex_destroy(&k->mu);
        pthread_cond_destroy(&k->cv);
        sqlite3_close(k->db);
        k->db = NULL;
        return -1;
    }
    k->running = true;
    return 0;
}

void sq_checkpointer_watch(sq_checkpointer *k, sqlite3 *db)
{
    if (k->running)
        sqlite3_wal_hook(db, wal_hook, k);
}

void sq_checkpointer_stop(sq_checkpointer *k)
{
    if (!k->running)
        return;
    pthread_mutex_lock(&k->mu);
    k->stopping = true;
    pthread_cond_signal(&k->cv);
    pthread_mutex_unlock(&k->mu);
    pthread_join(k->thread, NULL);
    pthread_mutex_destroy(&k->mu);
    pthread_cond_destroy(&k->cv);
    sqlite3_close(k->db);
    k->running = false;
}
