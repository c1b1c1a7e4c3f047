/*
 * url: percent-encoding of path segments and query values, and base URL
 * normalization.
 *
 * Everything outside RFC 3986's unreserved set is encoded, space as %20
 * (never '+', which some servers read literally) and '%' as %25, so a
 * filter such as  name eq "a&b #1 100%"  reaches the server unchanged
 * whatever it contains. Encoding more than strictly needed is always
 * correct; encoding less is how filters get cut at '&' or '#'.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

void recert__url_encode(rbuf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            recert__buf_putc(b, (char)*p);
        } else {
            char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            recert__buf_append(b, e, 3);
        }
    }
}

void recert__query_add(rbuf_t *b, const char *key, const char *value)
{
    if (!value)
        return;
    bool first = !b->data || !memchr(b->data, '?', b->len);
    recert__buf_putc(b, first ? '?' : '&');
    recert__url_encode(b, key);
    recert__buf_putc(b, '=');
    recert__url_encode(b, value);
}

void recert__query_add_int(rbuf_t *b, const char *key, long value)
{
    if (value < 0)
        return;
    char num[24];
    snprintf(num, sizeof num, "%ld", value);
    recert__query_add(b, key, num);
}

recert_code recert__base_url_normalize(char **out, const char *in, const char **why)
{
    size_t skip;
    if (strncasecmp(in, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(in, "http://", 7) == 0)
        skip = 7;
    else {
        *why = "the base URL must start with https:// or http://";
        return RECERT_EINVALID;
    }
    size_t len = strlen(in);
    if (strpbrk(in, "?# \t\r\n")) {
        *why = "the base URL must not contain a query, fragment or whitespace";
        return RECERT_EINVALID;
    }
    for (;;) {
        if (len > skip && in[len - 1] == '/')
            len--;
        else if (len >= skip + 5 && strncasecmp(in + len - 5, "/beta", 5) == 0)
            len -= 5;
        else if (len >= skip + 3 && strncasecmp(in + len - 3, "/v3", 3) == 0)
            len -= 3;
        else
            break;
    }
    if (len == skip) {
        *why = "the base URL has no host";
        return RECERT_EINVALID;
    }
    *out = recert__strndup(in, len);
    return *out ? RECERT_OK : RECERT_ENOMEM;
}
