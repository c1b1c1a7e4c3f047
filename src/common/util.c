/*
 * util: small shared helpers. See util.h.
 *
 * Design notes for newcomers:
 *   - Dates use Howard Hinnant's days<->civil algorithms instead of
 *     gmtime_r/timegm: they are exact for any year, need no TZ environment,
 *     no locale and no struct tm int-overflow checks.
 *   - parse_int64 accumulates negatively so INT64_MIN parses without
 *     overflowing; strtoll is avoided because it skips spaces, takes '+',
 *     needs a NUL terminator and reports errors through errno.
 *   - Case folding is ASCII only: strcasecmp follows the locale (think of a
 *     Turkish dotless i) and HTTP/OAuth tokens are ASCII.
 *   - No OpenSSL: random ids come from getrandom() (urandom pool).
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

int parse_int64(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    if (!s)
        return -1;
    if (len > 0 && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == len)
        return -1;
    int64_t v = 0; /* kept <= 0 so INT64_MIN fits */
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        int d = s[i] - '0';
        if (v < (INT64_MIN + d) / 10)
            return -1;
        v = v * 10 - d;
    }
    if (!neg) {
        if (v == INT64_MIN)
            return -1;
        v = -v;
    }
    *out = v;
    return 0;
}

void hex_encode(char *out, const unsigned char *in, size_t len)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = hx[in[i] >> 4];
        out[2 * i + 1] = hx[in[i] & 15];
    }
    out[2 * len] = '\0';
}

static int urandom_fill(unsigned char *p, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            close(fd);
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    close(fd);
    return 0;
}

int random_hex_id(char out[33])
{
    unsigned char raw[16];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t r = getrandom(raw + got, sizeof raw - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && errno == ENOSYS) {
            if (urandom_fill(raw + got, sizeof raw - got))
                return -1;
            break;
        }
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    hex_encode(out, raw, sizeof raw);
    return 0;
}

/* Days since 1970-01-01 of proleptic Gregorian y-m-d (m 1..12, d 1..31). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

#define DAY_MS INT64_C(86400000)
#define MIN_TIME_MS INT64_C(-62167219200000)  /* 0000-01-01T00:00:00.000Z */
#define MAX_TIME_MS INT64_C(253402300799999)  /* 9999-12-31T23:59:59.999Z */

static char *put_digits(char *o, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        o[i] = (char)('0' + v % 10);
    return o + width;
}

void format_time_ms(char out[32], int64_t epoch_ms)
{
    if (epoch_ms < MIN_TIME_MS)
        epoch_ms = MIN_TIME_MS;
    if (epoch_ms > MAX_TIME_MS)
        epoch_ms = MAX_TIME_MS;
    int64_t days = epoch_ms / DAY_MS, rem = epoch_ms % DAY_MS;
    if (rem < 0) {
        rem += DAY_MS;
        days--;
    }
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    unsigned ms = (unsigned)rem;
    /* Fixed-width digits by hand: exactly 24 chars, no snprintf truncation paths. */
    char *o = out;
    o = put_digits(o, (unsigned)y, 4);
    *o++ = '-';
    o = put_digits(o, m, 2);
    *o++ = '-';
    o = put_digits(o, d, 2);
    *o++ = 'T';
    o = put_digits(o, ms / 3600000, 2);
    *o++ = ':';
    o = put_digits(o, ms / 60000 % 60, 2);
    *o++ = ':';
    o = put_digits(o, ms / 1000 % 60, 2);
    *o++ = '.';
    o = put_digits(o, ms % 1000, 3);
    *o++ = 'Z';
    *o = '\0';
}

/* Reads exactly n digits at *p. */
static int take_digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        x = x * 10 + (c - '0');
    }
    *p += n;
    *v = x;
    return 0;
}

static int take_char(const char **p, char c)
{
    if (**p != c)
        return -1;
    (*p)++;
    return 0;
}

int parse_time(const char *s, int64_t *epoch_ms_out)
{
    static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h, mi, sec, ms = 0, off = 0;
    const char *p = s;
    if (!s)
        return -1;
    if (take_digits(&p, 4, &y) || take_char(&p, '-') || take_digits(&p, 2, &mo) ||
        take_char(&p, '-') || take_digits(&p, 2, &d))
        return -1;
    if (*p != 'T' && *p != 't' && *p != ' ') /* RFC 3339 5.6 permits 't' and ' ' */
        return -1;
    p++;
    if (take_digits(&p, 2, &h) || take_char(&p, ':') || take_digits(&p, 2, &mi) ||
        take_char(&p, ':') || take_digits(&p, 2, &sec))
        return -1;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        int n = 0;
        for (; *p >= '0' && *p <= '9'; p++, n++)
            if (n < 3) /* digits past ms are truncated, not rounded */
                ms = ms * 10 + (*p - '0');
        for (; n < 3; n++) /* ".5" is 500 ms */
            ms *= 10;
    }
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om;
        p++;
        if (take_digits(&p, 2, &oh) || take_char(&p, ':') || take_digits(&p, 2, &om) ||
            oh > 23 || om > 59)
            return -1;
        off = sign * (oh * 60 + om);
    } else {
        return -1;
    }
    if (*p != '\0')
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
        h > 23 || mi > 59 || sec > 60) /* 60: a leap second rolls into the next minute */
        return -1;
    int64_t secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + (int64_t)h * 3600 +
                   (int64_t)mi * 60 + sec;
    *epoch_ms_out = secs * 1000 + ms - (int64_t)off * 60000;
    return 0;
}

int str_casecmp_ascii(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 32;
        if (cb >= 'A' && cb <= 'Z')
            cb += 32;
        if (ca != cb || ca == '\0')
            return ca - cb;
    }
}

int array_room(void *items, size_t count, size_t *cap, size_t elem, size_t first)
{
    if (count < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : first;
    if (ncap <= *cap || ncap > SIZE_MAX / elem)
        return -1;
    void *old, *grown;
    memcpy(&old, items, sizeof old);
    grown = realloc(old, ncap * elem);
    if (!grown)
        return -1;
    memcpy(items, &grown, sizeof grown);
    *cap = ncap;
    // cppcheck-suppress memleak ; grown is stored through items just above
    return 0;
}
