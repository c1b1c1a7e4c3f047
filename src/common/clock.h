/*
 * clock: the one source of time in recertd. Nothing else reads a clock.
 *
 * Three kinds of time, never mixed:
 *   - business time (clock_now_ms): what records say and what users see:
 *     created and modified dates, due dates, deadlines, token expiry. A
 *     virtual clock for tests will move this one, and only this one.
 *   - real time (clock_real_ms): the system's wall clock, never virtual. For
 *     what several processes on one database must agree on while time
 *     passes for real: task leases.
 *   - monotonic time (clock_mono_ms, clock_mono_us): intervals inside this
 *     process: rate-limit windows, request durations, waits.
 */
#ifndef RECERT_COMMON_CLOCK_H
#define RECERT_COMMON_CLOCK_H

#include <pthread.h>
#include <stdint.h>

int64_t clock_now_ms(void);   /* business time, Unix epoch milliseconds */
int64_t clock_real_ms(void);  /* system wall clock, Unix epoch milliseconds */
int64_t clock_mono_ms(void);  /* monotonic milliseconds */
int64_t clock_mono_us(void);  /* monotonic microseconds */

/* Business time now as "2026-12-31T23:59:59.000Z" (see format_time_ms). */
void clock_now_text(char out[32]);

/* Sleeps ms milliseconds (real time). */
void clock_sleep_ms(int ms);

/* Blocks on cv (with mu held) until signalled or ms milliseconds pass. */
int clock_cond_wait_ms(pthread_cond_t *cv, pthread_mutex_t *mu, int ms);

#endif
