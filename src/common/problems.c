/*
 * problems: see problems.h.
 */
#include "problems.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void problems_vadd(problems_t *p, const char *fmt, va_list ap)
{
    if (p->max && p->count >= p->max)
        return;
    if (array_room(&p->items, p->count, &p->cap, sizeof *p->items, 8) != 0)
        return;
    buf_t b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    if (buf_failed(&b)) {
        buf_free(&b);
        return;
    }
    p->items[p->count++] = buf_detach(&b, NULL);
}

void problems_add(problems_t *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problems_vadd(p, fmt, ap);
    va_end(ap);
}

void problems_clear(problems_t *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->items[i]);
    p->count = 0;
}

void problems_free(problems_t *p)
{
    problems_clear(p);
    free(p->items);
    size_t max = p->max;
    memset(p, 0, sizeof *p);
    p->max = max;
}
