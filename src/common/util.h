/*
 * util: small dependency-free helpers shared by every layer (numbers, hex,
 * random ids, RFC 3339 times, ASCII case folding). No OpenSSL here:
 * this sits in the lowest layer.
 */
#ifndef RECERT_COMMON_UTIL_H
#define RECERT_COMMON_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Strict decimal: optional leading '-', then one or more digits, nothing
 * else (no '+', no spaces). Returns 0, or -1 on bad syntax or overflow
 * (*out untouched). */
int parse_int64(const char *s, size_t len, int64_t *out);

/* Lowercase hex of in; out must hold 2*len+1 bytes (NUL-terminated). */
void hex_encode(char *out, const unsigned char *in, size_t len);

/* 32 lowercase hex chars (128 random bits) + NUL. Returns 0 or -1. */
int random_hex_id(char out[33]);

/* "2026-12-31T23:59:59.000Z": UTC, always milliseconds. Times outside years
 * 0000..9999 are clamped to that range. */
void format_time_ms(char out[32], int64_t epoch_ms);

/* RFC 3339 date-time ("2018-12-18T23:05:55Z", "...55.123456+02:00"), with
 * or without fractional seconds (truncated to ms), 'Z' or a +-hh:mm offset.
 * Returns 0, or -1 if s is not exactly one such timestamp. */
int parse_time(const char *s, int64_t *epoch_ms_out);

/* Makes room for one more element in a growable array. items is the
 * address of the array pointer (T **), count the elements in use, *cap the
 * elements allocated, elem the size of one; the capacity doubles, starting
 * at first. Returns 0, or -1 when out of memory (the array is unchanged). */
int array_room(void *items, size_t count, size_t *cap, size_t elem, size_t first);

/* strcasecmp that folds ASCII only, whatever the locale. */
int str_casecmp_ascii(const char *a, const char *b);

#endif
