/*
 * jsonw: a streaming JSON writer that appends to a buf_t without building a
 * DOM. It tracks where commas go, so callers just emit keys and values in
 * order. Errors (overflow of the buf's cap, nesting deeper than JSONW_DEPTH)
 * are sticky: check jsonw_failed() once at the end.
 */
#ifndef RECERT_COMMON_JSONW_H
#define RECERT_COMMON_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define JSONW_DEPTH 32

typedef struct jsonw {
    buf_t *out;                 /* borrowed */
    int depth;
    int after_key;              /* next value follows a key: no comma */
    int failed;
    unsigned char count[JSONW_DEPTH]; /* 0 = nothing written yet at depth */
} jsonw_t;

void jsonw_init(jsonw_t *w, buf_t *out);
void jsonw_obj_open(jsonw_t *w);
void jsonw_obj_close(jsonw_t *w);
void jsonw_arr_open(jsonw_t *w);
void jsonw_arr_close(jsonw_t *w);
void jsonw_key(jsonw_t *w, const char *key);
void jsonw_str(jsonw_t *w, const char *s);      /* NULL writes null */
void jsonw_strn(jsonw_t *w, const char *s, size_t len);
void jsonw_int(jsonw_t *w, int64_t v);
void jsonw_bool(jsonw_t *w, bool v);
void jsonw_null(jsonw_t *w);

/* key + value shorthands */
void jsonw_kstr(jsonw_t *w, const char *key, const char *s);
void jsonw_kint(jsonw_t *w, const char *key, int64_t v);
void jsonw_kbool(jsonw_t *w, const char *key, bool v);
void jsonw_knull(jsonw_t *w, const char *key);

/* Appends s as a JSON string literal (with quotes) to b. */
void json_escape_to(buf_t *b, const char *s, size_t len);

static inline int jsonw_failed(const jsonw_t *w) { return w->failed || w->out->failed; }

#endif
