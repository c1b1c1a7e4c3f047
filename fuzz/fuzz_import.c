/*
 * fuzz_import: org documents (import_document), the input of
 * `recertd import`.
 *
 * The store is a SQLite file in a private temporary directory, opened on
 * the first input and reused, so an input costs one parse, one validation
 * and one rolled-back transaction. An input that imports successfully has
 * changed the store; the store is then thrown away and recreated before
 * the next input, so every input meets an empty store and a crash
 * reproduces from its input alone. Valid documents with clients are slow
 * (a PBKDF2 hash per secret) but rare among mutations.
 *
 * Oracles: STORE_OK or STORE_INVALID only (an unexpected store error would
 * be a bug here: the store is healthy); STORE_INVALID always comes with at
 * least one problem, each a non-empty sentence, at most 1000 plus the
 * "... and N more" line, and zero counts; STORE_OK comes with none.
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "store/import.h"

static char dir[PATH_MAX], path[PATH_MAX + 16];
static store_t *store;

static void remove_files(void)
{
    static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
    char p[PATH_MAX + 32];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static void cleanup(void)
{
    store_close(store);
    store = NULL;
    remove_files();
    if (dir[0])
        rmdir(dir);
}

static store_t *get_store(void)
{
    if (store)
        return store;
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/recert-fuzz-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("fuzz_import: mkdtemp");
            abort();
        }
        snprintf(path, sizeof path, "%s/org.db", dir);
        atexit(cleanup);
    }
    char url[sizeof path + 8], err[256];
    snprintf(url, sizeof url, "sqlite:%s", path);
    if (store_open(&store, url, 1, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "fuzz_import: store_open: %s\n", err);
        abort();
    }
    return store;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    store_t *s = get_store();
    store_problems problems = { 0 };
    import_stats stats;
    store_rc rc = import_document(s, (const char *)data, size, false, &problems, &stats);
    FUZZ_CHECK(rc == STORE_OK || rc == STORE_INVALID);
    if (rc == STORE_INVALID) {
        FUZZ_CHECK(problems.count >= 1 && problems.count <= 1001);
        for (size_t i = 0; i < problems.count; i++)
            FUZZ_CHECK(problems.items[i] && problems.items[i][0]);
        FUZZ_CHECK(stats.identities == 0 && stats.certifications == 0 && stats.items == 0);
    } else {
        FUZZ_CHECK(problems.count == 0);
    }
    store_problems_free(&problems);
    if (rc == STORE_OK) {
        /* The store now holds the document: start the next input afresh. */
        store_close(store);
        store = NULL;
        remove_files();
    }
    return 0;
}
