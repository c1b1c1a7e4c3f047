/*
 * util: the small pieces every librecert file uses: a capped growable
 * buffer with a sticky failure flag, string copies, wiping secrets,
 * monotonic time and sleeping. No libcurl or jansson here.
 */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool buf_reserve(rbuf_t *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX / 2 - b->len || (b->max && b->len + extra > b->max)) {
        b->failed = true;
        b->overflow = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void recert__buf_append(rbuf_t *b, const void *p, size_t len)
{
    if (!buf_reserve(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, p, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void recert__buf_puts(rbuf_t *b, const char *s)
{
    recert__buf_append(b, s, strlen(s));
}

void recert__buf_putc(rbuf_t *b, char c)
{
    recert__buf_append(b, &c, 1);
}

void recert__buf_printf(rbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *recert__buf_cstr(const rbuf_t *b)
{
    return b->data ? b->data : "";
}

void recert__buf_free(rbuf_t *b)
{
    free(b->data);
    *b = (rbuf_t)RBUF_INIT;
}

void recert__buf_wipe(rbuf_t *b)
{
    if (b->data)
        recert__wipe(b->data, b->cap);
    recert__buf_free(b);
}

char *recert__strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *recert__strdup(const char *s)
{
    return s ? recert__strndup(s, strlen(s)) : NULL;
}

/* A volatile function pointer keeps the compiler from dropping the memset
 * of memory that is about to be freed. */
static void *(*const volatile memset_v)(void *, int, size_t) = memset;

void recert__wipe(void *p, size_t len)
{
    if (p && len)
        memset_v(p, 0, len);
}

void recert__free_secret(char *s)
{
    if (s)
        recert__wipe(s, strlen(s));
    free(s);
}

int64_t recert__mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void recert__sleep_ms(long ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int64_t recert__parse_uint(const char *s, size_t len)
{
    if (len == 0 || len > 18)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}
