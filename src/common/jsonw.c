/*
 * jsonw: streaming JSON writer. See jsonw.h.
 *
 * A rendered page is ~30 keys and values per object, so the cost is per call:
 * each call writes its separator, key or value with as few buf_prepare()s as
 * possible (one for a key with its comma, quotes and colon) and never calls
 * printf.
 */
#include "jsonw.h"

#include <string.h>

/* Per byte: 0 when it goes into a JSON string as it is, else the character
 * that follows the backslash of its escape ('u': \u00XX). */
static const char esc[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 't', 'n', 'u', 'u', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\',
};

void jsonw_init(jsonw_t *w, buf_t *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* Whether a comma must precede the next key or value at this level; from here
 * on the caller is taken to write it. */
static inline size_t comma(jsonw_t *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return 0;
    }
    if (w->depth <= 0)
        return 0;
    size_t c = w->count[w->depth] != 0;
    w->count[w->depth] = 1;
    return c;
}

/* The comma (when due) and a token the caller knows the length of. */
static void put_token(buf_t *b, size_t c, const char *s, size_t len)
{
    char *d = buf_prepare(b, c + len);
    if (!d)
        return;
    if (c)
        *d++ = ',';
    memcpy(d, s, len);
    buf_commit(b, c + len);
}

static void open(jsonw_t *w, char c)
{
    if (comma(w))
        buf_putc(w->out, ',');
    if (w->depth + 1 >= JSONW_DEPTH) {
        w->failed = 1;
        return;
    }
    buf_putc(w->out, c);
    w->depth++;
    w->count[w->depth] = 0;
}

static void close(jsonw_t *w, char c)
{
    if (w->depth <= 0) {
        w->failed = 1;
        return;
    }
    buf_putc(w->out, c);
    w->depth--;
}

void jsonw_obj_open(jsonw_t *w) { open(w, '{'); }
void jsonw_obj_close(jsonw_t *w) { close(w, '}'); }
void jsonw_arr_open(jsonw_t *w) { open(w, '['); }
void jsonw_arr_close(jsonw_t *w) { close(w, ']'); }

#define ONES UINT64_C(0x0101010101010101)

/* Nonzero when a byte of x is below 0x20, '"' or '\\'. Each term is the
 * classic "has a byte less than n" / "has a zero byte" test; bytes >= 0x80
 * never match, as ~x masks them out. */
static inline uint64_t escapes_in8(uint64_t x)
{
    uint64_t quote = x ^ (ONES * '"'), bslash = x ^ (ONES * '\\');
    return ((x - ONES * 0x20) | (quote - ONES) | (bslash - ONES)) & ~x & (ONES * 0x80);
}

static inline uint64_t load8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint64_t load4(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* Whether s[0, len) needs no escaping. Keys and values are short, so the
 * test is eight bytes a step with the last step overlapping the one before
 * rather than a byte-wise tail: byte-wise table lookups were most of a
 * page's cost. */
static inline bool is_clean(const char *s, size_t len)
{
    if (len >= 8) {
        for (size_t i = 0; len - i > 8; i += 8)
            if (escapes_in8(load8(s + i)))
                return false;
        return !escapes_in8(load8(s + len - 8));
    }
    if (len >= 4)
        return !escapes_in8(load4(s) | load4(s + len - 4) << 32);
    for (size_t i = 0; i < len; i++)
        if (esc[(unsigned char)s[i]])
            return false;
    return true;
}

/* Length of the run at the start of s[0, len) that needs no escaping. */
static size_t clean_run(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && !esc[(unsigned char)s[i]])
        i++;
    return i;
}

/* s[0, len) as a string literal, after a comma when c. */
static void put_string(buf_t *b, size_t c, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (is_clean(s, len)) { /* the common case: one append */
        char *d = buf_prepare(b, c + len + 2);
        if (!d)
            return;
        if (c)
            *d++ = ',';
        *d++ = '"';
        if (len) /* s may be NULL when len is 0 */
            memcpy(d, s, len);
        d[len] = '"';
        buf_commit(b, c + len + 2);
        return;
    }
    put_token(b, c, "\"", 1);
    size_t i = clean_run(s, len), run = 0; /* s[run, i) needs no escaping */
    for (;;) {
        buf_append(b, s + run, i - run);
        if (i == len)
            break;
        unsigned char ch = (unsigned char)s[i];
        if (esc[ch] == 'u') {
            char e[6] = { '\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15] };
            buf_append(b, e, 6);
        } else {
            char e[2] = { '\\', esc[ch] };
            buf_append(b, e, 2);
        }
        run = ++i;
        i += clean_run(s + i, len - i);
    }
    buf_putc(b, '"');
}

void json_escape_to(buf_t *b, const char *s, size_t len)
{
    put_string(b, 0, s, len);
}

/* Writes "key": at d; returns the end. */
static inline char *write_key(char *d, const char *key, size_t klen)
{
    *d++ = '"';
    memcpy(d, key, klen);
    d += klen;
    *d++ = '"';
    *d++ = ':';
    return d;
}

/* Whether key needs no escaping; *len gets its length. */
static inline bool clean_key(const char *key, size_t *len)
{
    *len = strlen(key);
    return is_clean(key, *len);
}

/* A key (that needs no escaping) with its value in one append: the comma
 * when due, "key":, then tok[0, tlen), in quotes when quoted. */
static inline void put_member(jsonw_t *w, const char *key, size_t klen, const char *tok,
                              size_t tlen, bool quoted)
{
    size_t c = comma(w), n = c + klen + 3 + tlen + (quoted ? 2 : 0);
    char *d = buf_prepare(w->out, n);
    if (!d)
        return;
    if (c)
        *d++ = ',';
    d = write_key(d, key, klen);
    if (quoted)
        *d++ = '"';
    memcpy(d, tok, tlen);
    if (quoted)
        d[tlen] = '"';
    buf_commit(w->out, n);
}

void jsonw_key(jsonw_t *w, const char *key)
{
    size_t c = comma(w), n;
    w->after_key = 1;
    if (!clean_key(key, &n)) {
        put_string(w->out, c, key, n);
        buf_putc(w->out, ':');
        return;
    }
    char *d = buf_prepare(w->out, c + n + 3);
    if (!d)
        return;
    if (c)
        *d++ = ',';
    write_key(d, key, n);
    buf_commit(w->out, c + n + 3);
}

void jsonw_strn(jsonw_t *w, const char *s, size_t len)
{
    put_string(w->out, comma(w), s, len);
}

void jsonw_str(jsonw_t *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw_strn(w, s, strlen(s));
}

#define INT_CHARS 20 /* INT64_MIN: a sign and 19 digits */

/* v in decimal, written backwards to end at end; returns the start. */
static char *format_int(char *end, int64_t v)
{
    char *p = end;
    /* The magnitude of INT64_MIN only exists unsigned. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    return p;
}

void jsonw_int(jsonw_t *w, int64_t v)
{
    char tmp[INT_CHARS], *p = format_int(tmp + sizeof tmp, v);
    put_token(w->out, comma(w), p, (size_t)(tmp + sizeof tmp - p));
}

void jsonw_bool(jsonw_t *w, bool v)
{
    if (v)
        put_token(w->out, comma(w), "true", 4);
    else
        put_token(w->out, comma(w), "false", 5);
}

void jsonw_null(jsonw_t *w)
{
    put_token(w->out, comma(w), "null", 4);
}

/* The shorthands write key and value in one append; a key or value that
 * needs escaping (or a NULL string) takes the general path. */

void jsonw_kstr(jsonw_t *w, const char *key, const char *s)
{
    size_t klen, vlen = s ? strlen(s) : 0;
    if (s && clean_key(key, &klen) && is_clean(s, vlen)) {
        put_member(w, key, klen, s, vlen, true);
        return;
    }
    jsonw_key(w, key);
    jsonw_str(w, s);
}

void jsonw_kint(jsonw_t *w, const char *key, int64_t v)
{
    size_t klen;
    if (!clean_key(key, &klen)) {
        jsonw_key(w, key);
        jsonw_int(w, v);
        return;
    }
    char tmp[INT_CHARS], *p = format_int(tmp + sizeof tmp, v);
    put_member(w, key, klen, p, (size_t)(tmp + sizeof tmp - p), false);
}

void jsonw_kbool(jsonw_t *w, const char *key, bool v)
{
    size_t klen;
    if (!clean_key(key, &klen)) {
        jsonw_key(w, key);
        jsonw_bool(w, v);
        return;
    }
    put_member(w, key, klen, v ? "true" : "false", v ? 4 : 5, false);
}

void jsonw_knull(jsonw_t *w, const char *key)
{
    size_t klen;
    if (!clean_key(key, &klen)) {
        jsonw_key(w, key);
        jsonw_null(w);
        return;
    }
    put_member(w, key, klen, "null", 4, false);
}
