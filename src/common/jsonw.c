/*
 * jsonw: streaming JSON writer. See jsonw.h.
 */
#include "jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void jsonw_init(jsonw_t *w, buf_t *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* Writes the separator that must precede a value or key at this level. */
static void sep(jsonw_t *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth])
            buf_putc(w->out, ',');
        w->count[w->depth] = 1;
    }
}

static void open(jsonw_t *w, char c)
{
    sep(w);
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

void json_escape_to(buf_t *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0; /* start of the current run of bytes that need no escape */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf_append(b, "\\\"", 2); break;
        case '\\': buf_append(b, "\\\\", 2); break;
        case '\n': buf_append(b, "\\n", 2); break;
        case '\r': buf_append(b, "\\r", 2); break;
        case '\t': buf_append(b, "\\t", 2); break;
        default: {
            char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            buf_append(b, e, 6);
        }
        }
    }
    buf_append(b, s + run, len - run);
    buf_putc(b, '"');
}

void jsonw_key(jsonw_t *w, const char *key)
{
    sep(w);
    json_escape_to(w->out, key, strlen(key));
    buf_putc(w->out, ':');
    w->after_key = 1;
}

void jsonw_strn(jsonw_t *w, const char *s, size_t len)
{
    sep(w);
    json_escape_to(w->out, s, len);
}

void jsonw_str(jsonw_t *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw_strn(w, s, strlen(s));
}

void jsonw_int(jsonw_t *w, int64_t v)
{
    sep(w);
    buf_printf(w->out, "%" PRId64, v);
}

void jsonw_bool(jsonw_t *w, bool v)
{
    sep(w);
    buf_puts(w->out, v ? "true" : "false");
}

void jsonw_null(jsonw_t *w)
{
    sep(w);
    buf_puts(w->out, "null");
}

void jsonw_kstr(jsonw_t *w, const char *key, const char *s) { jsonw_key(w, key); jsonw_str(w, s); }
void jsonw_kint(jsonw_t *w, const char *key, int64_t v) { jsonw_key(w, key); jsonw_int(w, v); }
void jsonw_kbool(jsonw_t *w, const char *key, bool v) { jsonw_key(w, key); jsonw_bool(w, v); }
void jsonw_knull(jsonw_t *w, const char *key) { jsonw_key(w, key); jsonw_null(w); }
