/*
 * buf: a growable byte buffer with a hard cap.
 *
 * Everything that grows from untrusted input (request bodies, rendered
 * responses, SQL text) goes through a buf so that a size limit is enforced
 * in one place. Errors are sticky: after a failed append every later append
 * is a no-op and buf_failed() reports it, so callers append freely and check
 * once at the end (the style of SQLite's JsonString).
 *
 * The appends are inline: a page of JSON is thousands of small appends, and
 * a function call plus the growth logic per append cost as much as the bytes.
 * Only growth and failure leave the inline path (buf_prepare_slow).
 */
#ifndef RECERT_COMMON_BUF_H
#define RECERT_COMMON_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

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
/* Allocates room for extra more bytes now, so that appends of up to that
 * many bytes do not reallocate (a page whose size is known roughly). Room
 * beyond max is never allocated: asking for it is not an error, the appends
 * that would need it fail as usual. -1 (and failed) when memory runs out or
 * the buf had already failed. */
int buf_reserve(buf_t *b, size_t extra);
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* A NUL-terminated view of the content ("" when empty). Borrowed. */
const char *buf_cstr(buf_t *b);
/* Hands the memory to the caller (free() it); the buf is left empty. */
char *buf_detach(buf_t *b, size_t *len_out);
static inline int buf_failed(const buf_t *b) { return b->failed; }

/* The out-of-line half of buf_prepare(): grows, or records the failure. */
char *buf_prepare_slow(buf_t *b, size_t n);

/*
 * Where the next n bytes go, for a writer that produces them in place: write
 * at most n bytes there, then buf_commit() the count written, before any
 * other call on b. NULL (with failed set) when n more bytes would exceed max
 * or memory runs out; nothing is written then. Until the commit, data is not
 * NUL-terminated.
 */
inline char *buf_prepare(buf_t *b, size_t n)
{
    /* cap - len is 0 before the first allocation, else at least 1 (the NUL). */
    if (n < b->cap - b->len && !b->failed && (!b->max || b->len + n <= b->max))
        return b->data + b->len;
    return buf_prepare_slow(b, n);
}

inline void buf_commit(buf_t *b, size_t n)
{
    b->len += n;
    b->data[b->len] = '\0';
}

inline int buf_append(buf_t *b, const void *p, size_t len)
{
    char *d = buf_prepare(b, len);
    if (!d)
        return -1;
    if (len) /* p may be NULL when len is 0 */
        memcpy(d, p, len);
    buf_commit(b, len);
    return 0;
}

inline int buf_puts(buf_t *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

inline int buf_putc(buf_t *b, char c)
{
    char *d = buf_prepare(b, 1);
    if (!d)
        return -1;
    *d = c;
    buf_commit(b, 1);
    return 0;
}

#endif
