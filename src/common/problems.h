/*
 * problems: the one carrier of client-facing problems.
 *
 * Every layer that finds something wrong with what a client sent (the
 * request pipeline, collection parameters, the review rules, import) adds
 * complete sentences here, one per problem, in the order found; whoever
 * answers the client (reply.c, the import command) prints them as they are.
 * A sentence names what is wrong and where ("reassign[3].id: required").
 */
#ifndef RECERT_COMMON_PROBLEMS_H
#define RECERT_COMMON_PROBLEMS_H

#include <stdarg.h>
#include <stddef.h>

typedef struct problems {
    char **items;           /* owned sentences */
    size_t count, cap;
    size_t max;             /* at most this many are kept (0: no bound) */
} problems_t;

#define PROBLEMS_INIT { NULL, 0, 0, 0 }

/* Adds one sentence. Out of memory or past max, the sentence is dropped:
 * a failure is still a failure, only with fewer words. */
void problems_add(problems_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void problems_vadd(problems_t *p, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Forgets every sentence; p stays usable. */
void problems_clear(problems_t *p);
void problems_free(problems_t *p);

#endif
