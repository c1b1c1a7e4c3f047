/*
 * clock: see clock.h. The only file that calls clock_gettime().
 */
#include "clock.h"

#include <time.h>

#include "util.h"

static int64_t read_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t clock_now_ms(void) { return read_ns(CLOCK_REALTIME) / 1000000; }
int64_t clock_real_ms(void) { return read_ns(CLOCK_REALTIME) / 1000000; }
int64_t clock_mono_ms(void) { return read_ns(CLOCK_MONOTONIC) / 1000000; }
int64_t clock_mono_us(void) { return read_ns(CLOCK_MONOTONIC) / 1000; }

void clock_now_text(char out[32])
{
    format_time_ms(out, clock_now_ms());
}

void clock_sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int clock_cond_wait_ms(pthread_cond_t *cv, pthread_mutex_t *mu, int ms)
{
    /* pthread condition variables time out against CLOCK_REALTIME. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    return pthread_cond_timedwait(cv, mu, &ts);
}
