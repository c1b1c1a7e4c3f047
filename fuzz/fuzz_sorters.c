/*
 * fuzz_sorters: the "sorters" query parameter (sorters_parse), against the
 * sortable keys of list-certifications, of list-certification-reviewers,
 * and of an operation that sorts on nothing.
 *
 * Oracles: at most SORTERS_MAX keys, each naming a listed field, no field
 * twice, and no sentence added; a failure adds exactly one sentence (a
 * non-empty string of at most 255 bytes) and leaves zero keys.
 */
#include <string.h>

#include "filter/filter.h"
#include "fuzz.h"

static void one(const char *text, size_t len, const char *const *names, size_t count)
{
    sorter_key keys[SORTERS_MAX];
    size_t n = 99;
    problems_t err = PROBLEMS_INIT;
    int rc = sorters_parse(text, len, names, count, keys, &n, &err);
    if (rc != 0) {
        FUZZ_CHECK(n == 0 && err.count == 1 && err.items[0][0] != '\0' &&
                   strlen(err.items[0]) < 256);
        problems_free(&err);
        return;
    }
    FUZZ_CHECK(err.count == 0);
    problems_free(&err);
    FUZZ_CHECK(n <= SORTERS_MAX && n <= count);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(keys[i].field_index >= 0 && (size_t)keys[i].field_index < count);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(keys[j].field_index != keys[i].field_index);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const certs[] = { "name", "due", "signed" };
    static const char *const reviewers[] = { "name", "email" };
    static const char *const many[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
                                        "name", "due" };
    const char *text = (const char *)data;
    one(text, size, certs, 3);
    one(text, size, reviewers, 2);
    one(text, size, many, sizeof many / sizeof many[0]);
    one(text, size, NULL, 0);
    return 0;
}
