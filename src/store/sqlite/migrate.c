/*
 * migrate: the SQLite schema. The files of migrations/ are embedded in the
 * binary in name order (cmake/embed.cmake); PRAGMA user_version counts
 * those applied. Opening a store applies the missing ones in one write
 * transaction, and refuses a store newer than this build.
 */
#include "internal.h"

#include <stdio.h>

extern const char *const store_migrations[];
extern const size_t store_migration_count;

store_rc sq_migrate(conn_t *c, int *from_version, char *err, size_t err_len)
{
    if (sq_begin(c, true) != STORE_OK) {
        snprintf(err, err_len, "cannot lock the store to migrate it");
        return STORE_BUSY;
    }
    sqlite3_stmt *st = sq_prep(c, "PRAGMA user_version");
    int version = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    if (from_version)
        *from_version = version;
    if (st)
        sqlite3_reset(st);
    if ((size_t)version > store_migration_count) {
        sq_rollback(c);
        snprintf(err, err_len, "store schema version %d is newer than this recertd (%zu)",
                 version, store_migration_count);
        return STORE_ERROR;
    }
    for (size_t v = (size_t)version; v < store_migration_count; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", v + 1);
        if (sq_exec(c->db, store_migrations[v]) != SQLITE_OK || sq_exec(c->db, pragma) != SQLITE_OK) {
            snprintf(err, err_len, "migration %zu failed: %s", v + 1, sqlite3_errmsg(c->db));
            sq_rollback(c);
            return STORE_ERROR;
        }
    }
    if (sq_commit(c) != STORE_OK) {
        snprintf(err, err_len, "cannot commit migrations: %s", sqlite3_errmsg(c->db));
        sq_rollback(c);
        return STORE_ERROR;
    }
    return STORE_OK;
}
