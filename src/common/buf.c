/*
 * buf: growable byte buffer with a hard cap. See buf.h.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>

/* The external definitions of buf.h's inline functions, for callers the
 * compiler chose not to inline into (and -O0 builds). */
extern inline char *buf_prepare(buf_t *b, size_t n);
extern inline void buf_commit(buf_t *b, size_t n);
extern inline int buf_append(buf_t *b, const void *p, size_t len);
extern inline int buf_puts(buf_t *b, const char *s);
extern inline int buf_putc(buf_t *b, char c);

void buf_init(buf_t *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
    b->failed = 0;
}

void buf_free(buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void buf_reset(buf_t *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int resize(buf_t *b, size_t cap)
{
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

static int grow(buf_t *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > ((size_t)-1) / 2 - b->len || (b->max && b->len + extra > b->max)) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    return resize(b, cap);
}

char *buf_prepare_slow(buf_t *b, size_t n)
{
    return grow(b, n) ? NULL : b->data + b->len;
}

int buf_reserve(buf_t *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->max && extra > b->max - b->len)
        extra = b->max - b->len;
    if (extra > ((size_t)-1) / 2 - b->len) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    if (resize(b, need))
        return -1;
    /* buf_cstr() hands out data as soon as it exists, even when empty. */
    b->data[b->len] = '\0';
    return 0;
}

int buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return -1;
    /* Format straight into the spare room: only output that does not fit
     * pays for a second vsnprintf. */
    size_t room = b->cap - b->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n >= 0 && (size_t)n < room && (!b->max || b->len + (size_t)n <= b->max)) {
        b->len += (size_t)n;
        return 0;
    }
    if (room) /* undo what did not fit or may not stay */
        b->data[b->len] = '\0';
    if (n < 0) {
        b->failed = 1;
        return -1;
    }
    if (grow(b, (size_t)n))
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_printf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *buf_cstr(buf_t *b)
{
    return b->data ? b->data : "";
}

char *buf_detach(buf_t *b, size_t *len_out)
{
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    if (len_out)
        *len_out = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
