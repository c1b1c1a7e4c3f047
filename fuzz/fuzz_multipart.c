/*
 * fuzz_multipart: multipart/form-data bodies (form_parse_multipart), as
 * the TypeScript SDK sends token requests.
 *
 * Input format: the first line (up to the first LF, which is dropped) is
 * the Content-Type header value and the rest is the body. An input without
 * an LF is all body, under "multipart/form-data; boundary=XyZ". The header
 * value is a C string, so a NUL in it ends it, as in libmicrohttpd.
 *
 * Oracles: at most FORM_MAX_FIELDS fields; a failed parse adds no field and
 * exactly one sentence (a non-empty string of at most 159 bytes) to the
 * problems it is given, a successful one no sentence; every value is
 * NUL-terminated at value_len, lies within the body's size, and no name
 * contains a NUL.
 */
#include <string.h>

#include "common/form.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char fixed[] = "multipart/form-data; boundary=XyZ";
    const char *text = (const char *)data;
    const char *lf = size ? memchr(text, '\n', size) : NULL;
    char *ct = NULL;
    const char *body = text;
    size_t body_len = size;
    if (lf) {
        size_t ct_len = (size_t)(lf - text);
        if (!(ct = malloc(ct_len + 1)))
            return 0;
        memcpy(ct, text, ct_len);
        ct[ct_len] = '\0';
        body = lf + 1;
        body_len = size - ct_len - 1;
    }
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    if (form_parse_multipart(&f, ct ? ct : fixed, body, body_len, &err) != 0) {
        FUZZ_CHECK(f.count == 0 && err.count == 1 && err.items[0][0] != '\0' &&
                   strlen(err.items[0]) < 160);
    } else {
        FUZZ_CHECK(err.count == 0);
        FUZZ_CHECK(f.count <= FORM_MAX_FIELDS);
        for (size_t i = 0; i < f.count; i++) {
            const form_field *fl = &f.fields[i];
            FUZZ_CHECK(fl->name && fl->value && fl->value[fl->value_len] == '\0');
            FUZZ_CHECK(fl->value_len <= body_len);
        }
    }
    form_free(&f);
    problems_free(&err);
    free(ct);
    return 0;
}
