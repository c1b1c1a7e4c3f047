/*
 * form: decoders for the bodies and query strings clients send.
 *
 *   form_parse_urlencoded   a=1&b=x+y%20z   ('+' is a space, %XX decoded)
 *   form_parse_multipart    multipart/form-data with the boundary from the
 *                           Content-Type header value
 *
 * Both append fields to one form_t, so a query string and a body can be
 * merged (later fields never replace earlier ones; form_get returns the
 * first). Malformed input (a bad %XX escape, a missing boundary, a part
 * without a name, unterminated parts) returns -1 and adds exactly one
 * client-facing sentence (at most 159 bytes) to problems, which may be NULL;
 * success adds nothing.
 * Caps: FORM_MAX_FIELDS fields; every value keeps its exact bytes (it may
 * contain NUL; value_len says how long it is).
 */
#ifndef RECERT_COMMON_FORM_H
#define RECERT_COMMON_FORM_H

#include <stddef.h>

#include "problems.h"

#define FORM_MAX_FIELDS 128

typedef struct form_field {
    char *name;         /* owned, NUL-terminated */
    char *value;        /* owned, NUL-terminated (may contain NULs) */
    size_t value_len;
} form_field;

typedef struct form {
    form_field *fields; /* owned */
    size_t count, cap;
} form_t;

void form_init(form_t *f);
void form_free(form_t *f);
int form_parse_urlencoded(form_t *f, const char *data, size_t len, problems_t *problems);
int form_parse_multipart(form_t *f, const char *content_type, const char *data, size_t len,
                         problems_t *problems);
/* First value named name, or NULL. */
const char *form_get(const form_t *f, const char *name);
const form_field *form_find(const form_t *f, const char *name);

/* Decodes %XX escapes (and '+' as space when plus_is_space) from in into a
 * new NUL-terminated string. Returns NULL on a malformed escape or OOM. */
char *percent_decode(const char *in, size_t len, int plus_is_space, size_t *out_len);

#endif
