/*
 * fuzz_query: query strings and urlencoded bodies (form_parse_urlencoded)
 * and the percent decoder under them (percent_decode, with and without
 * '+' as a space).
 *
 * Each input is parsed into a form that already holds one field, as when
 * the server merges a query string and a token request body. Oracles: at
 * most FORM_MAX_FIELDS fields; a failed parse adds no field and exactly one
 * sentence (a non-empty string of at most 159 bytes) to the problems it is
 * given, a successful one no sentence; every value is NUL-terminated at
 * value_len and no name contains a NUL; decoding never grows the text, and
 * a successful decode of bytes without '%' and '+' is the identity.
 */
#include <string.h>

#include "common/form.h"
#include "fuzz.h"

static int has(const char *s, size_t len, char c)
{
    return len > 0 && memchr(s, c, len) != NULL;
}

static void check_decode(const char *in, size_t len, int plus)
{
    size_t out_len = (size_t)-1;
    char *out = percent_decode(in, len, plus, &out_len);
    if (!out) {
        FUZZ_CHECK(has(in, len, '%'));
        return;
    }
    FUZZ_CHECK(out_len <= len && out[out_len] == '\0');
    if (!has(in, len, '%') && !(plus && has(in, len, '+')))
        FUZZ_CHECK(out_len == len && (len == 0 || memcmp(out, in, len) == 0));
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    FUZZ_CHECK(form_parse_urlencoded(&f, "grant_type=client_credentials", 29, &err) == 0);
    FUZZ_CHECK(err.count == 0);
    if (form_parse_urlencoded(&f, text, size, &err) != 0) {
        FUZZ_CHECK(f.count == 1 && err.count == 1 && err.items[0][0] != '\0' &&
                   strlen(err.items[0]) < 160);
    } else {
        FUZZ_CHECK(err.count == 0);
        FUZZ_CHECK(f.count >= 1 && f.count <= FORM_MAX_FIELDS);
        for (size_t i = 0; i < f.count; i++) {
            const form_field *fl = &f.fields[i];
            FUZZ_CHECK(fl->name && fl->value && fl->value[fl->value_len] == '\0');
            FUZZ_CHECK(form_find(&f, fl->name) != NULL);
        }
    }
    FUZZ_CHECK(strcmp(form_get(&f, "grant_type"), "client_credentials") == 0);
    form_free(&f);
    problems_free(&err);
    FUZZ_CHECK(f.count == 0 && f.fields == NULL);

    check_decode(text, size, 0);
    check_decode(text, size, 1);
    return 0;
}
