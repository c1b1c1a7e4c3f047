/*
 * import: loads an org document (../shared/spec/org-document.md) into the
 * store in one transaction.
 *
 * The whole document is checked before anything is written; every problem
 * is reported with its JSON path ("certifications[0].reviewItems[3].accessId:
 * no entitlement \"ent-x\""), and if there is any, nothing is written.
 * References may point into the document or at objects already in the store.
 */
#ifndef RECERT_ORG_IMPORT_H
#define RECERT_ORG_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../store/store.h"

typedef struct import_stats {
    size_t identities, groups, clients, entitlements, access_profiles, roles, assignments,
        campaigns, certifications, summaries, items;
    size_t assignments_held;    /* assignments the store (or the document) had already */
} import_stats;

typedef struct import_options {
    bool replace;               /* replace objects whose id exists instead of failing */
    /* When set, called once for every id the import made up, for an object
     * the document gave none: its JSON path ("certifications[2]") and the
     * id, as the object is written (before the commit: keep what it says
     * until the import returned STORE_OK). */
    void (*generated)(void *ctx, const char *path, const char *id);
    void *generated_ctx;
} import_options;

/* import_document and import_file with options. */
store_rc import_document_opt(store_t *s, const char *json, size_t len, const import_options *opt,
                             problems_t *problems, import_stats *stats);
store_rc import_file_opt(store_t *s, const char *path, const import_options *opt,
                         problems_t *problems, import_stats *stats);

/* Imports len bytes of JSON text. STORE_OK, or STORE_INVALID with every
 * problem in problems (nothing written), or another store_rc. */
store_rc import_document(store_t *s, const char *json, size_t len, bool replace,
                         problems_t *problems, import_stats *stats);

/* Reads path ("-" for stdin) and imports it. */
store_rc import_file(store_t *s, const char *path, bool replace, problems_t *problems,
                     import_stats *stats);

#endif
