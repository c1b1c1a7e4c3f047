/*
 * buf: a growable byte buffer with a hard cap.
 *
 * Everything that grows from untrusted input (request bodies, rendered
 * responses, SQL text) goes through a buf so that a size limit is enforced
 * in one place. Errors are sticky: after a failed append every later append
 * is a no-op and buf_failed() reports it, so callers append freely and check
 * once at the end (the style of SQLite's JsonString).
 */
#ifndef RECERT_COMMON_BUF_H
#define RECERT_COMMON_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;     /* NUL-terminated when len > 0 or after buf_cstr(); owned */
    size_t len;     /* bytes used, excluding the terminating NUL */
    size_t cap;     /* bytes allocated */
    size_t max;     /* hard limit on len; 0 means no limit */
    int failed;     /* sticky: 1 after an allocation failure or cap overflow */
} buf_t;

#define BUF_INIT { NULL, 0, 0, 0, 0 }

void buf_init(buf_t *b, size_t max);
void buf_free(buf_t *b);
void buf_reset(buf_t *b);                    /* len = 0, keeps memory */
int buf_append(buf_t *b, const void *p, size_t len);
int buf_puts(buf_t *b, const char *s);
int buf_putc(buf_t *b, char c);
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* A NUL-terminated view of the content ("" when empty). Borrowed. */
const char *buf_cstr(buf_t *b);
/* Hands the memory to the caller (free() it); the buf is left empty. */
char *buf_detach(buf_t *b, size_t *len_out);
static inline int buf_failed(const buf_t *b) { return b->failed; }

#endif
