/*
 * form: urlencoded and multipart/form-data decoders. See form.h.
 *
 * Design notes for newcomers:
 *   - Input is untrusted and not NUL-terminated: every scan is bounded by
 *     len (memchr/memmem, never strchr/strstr). memmem is linear in glibc,
 *     so a hostile body cannot make part splitting quadratic.
 *   - Values keep their bytes, NULs included (value_len). Names may not
 *     contain NUL: "grant_type%00x" would otherwise read as "grant_type"
 *     through form_get and smuggle a parameter past validation.
 *   - A call that fails removes the fields it added, so a half-parsed body
 *     never leaks into the form the caller goes on to use.
 *   - Multipart follows RFC 2046/7578 strictly where clients agree (CRLF
 *     line ends, "--boundary" lines, a blank line after the part headers)
 *     and leniently where they differ (preamble, epilogue, whitespace after a
 *     delimiter, quoted or bare parameters, parameter-name case). A
 *     delimiter prefix followed by anything else is an error, not body text:
 *     RFC 2046 forbids the boundary from starting any line of a part.
 *   - Error messages reach clients; client-supplied names in them are cut
 *     to printable ASCII so they are safe to log and embed.
 *   - The media type itself is not checked: the caller dispatches on it.
 */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */

void form_init(form_t *f)
{
    f->fields = NULL;
    f->count = f->cap = 0;
}

static void truncate_fields(form_t *f, size_t keep)
{
    while (f->count > keep) {
        f->count--;
        free(f->fields[f->count].name);
        free(f->fields[f->count].value);
    }
}

void form_free(form_t *f)
{
    truncate_fields(f, 0);
    free(f->fields);
    form_init(f);
}

const form_field *form_find(const form_t *f, const char *name)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->fields[i].name, name) == 0)
            return &f->fields[i];
    return NULL;
}

const char *form_get(const form_t *f, const char *name)
{
    const form_field *fld = form_find(f, name);
    return fld ? fld->value : NULL;
}

/* A failing call builds its message here (at most 159 bytes) and adds it to
 * the caller's problems once, when it returns -1 (report). */
typedef struct failure { char msg[160]; } failure;

#define FAIL(why, ...) ((void)snprintf((why)->msg, sizeof (why)->msg, __VA_ARGS__))

static int report(problems_t *problems, const failure *why)
{
    if (problems)
        problems_add(problems, "%s", why->msg);
    return -1;
}

/* A client-supplied name made fit for an error message. */
static const char *shown(char out[64], const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < 48; i++) {
        unsigned char c = (unsigned char)s[i];
        out[n++] = (char)((c < 0x20 || c > 0x7e || c == '"' || c == '\\') ? '?' : c);
    }
    if (n < len) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
    return out;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 0, -1 on a malformed escape, -2 when out of memory. */
static int decode(const char *in, size_t len, int plus_is_space, char **out, size_t *out_len)
{
    char *o = malloc(len + 1);
    if (!o)
        return -2;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == '%') {
            int hi = len - i >= 3 ? hexval((unsigned char)in[i + 1]) : -1;
            int lo = hi >= 0 ? hexval((unsigned char)in[i + 2]) : -1;
            if (lo < 0) {
                free(o);
                return -1;
            }
            c = (char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        o[n++] = c;
    }
    o[n] = '\0';
    *out = o;
    *out_len = n;
    return 0;
}

char *percent_decode(const char *in, size_t len, int plus_is_space, size_t *out_len)
{
    char *o;
    size_t n;
    if ((!in && len) || decode(in, len, plus_is_space, &o, &n))
        return NULL;
    if (out_len)
        *out_len = n;
    return o;
}

/* Takes ownership of name and value (freed on failure). */
static int add_field(form_t *f, char *name, size_t name_len, char *value, size_t value_len,
                     failure *why)
{
    char tmp[64];
    if (memchr(name, '\0', name_len)) {
        FAIL(why, "form field name \"%s\" contains a NUL byte", shown(tmp, name, name_len));
        goto fail;
    }
    if (f->count >= FORM_MAX_FIELDS) {
        FAIL(why, "too many form fields (limit %d)", FORM_MAX_FIELDS);
        goto fail;
    }
    if (array_room(&f->fields, f->count, &f->cap, sizeof *f->fields, 8) != 0) {
        FAIL(why, "out of memory");
        goto fail;
    }
    f->fields[f->count++] = (form_field){name, value, value_len};
    return 0;
fail:
    free(name);
    free(value);
    return -1;
}

int form_parse_urlencoded(form_t *f, const char *data, size_t len, problems_t *problems)
{
    size_t start = f->count, pos = 0;
    char tmp[64];
    failure why = { "" };
    if (!data && len) {
        FAIL(&why, "form data is missing");
        return report(problems, &why);
    }
    while (pos < len) {
        const char *seg = data + pos, *amp = memchr(seg, '&', len - pos);
        size_t seg_len = amp ? (size_t)(amp - seg) : len - pos;
        pos += seg_len + 1;
        if (seg_len == 0)
            continue;
        const char *eq = memchr(seg, '=', seg_len);
        size_t key_len = eq ? (size_t)(eq - seg) : seg_len;
        char *name, *value;
        size_t name_len, value_len;
        /* the error names the decoded key, or the raw key if that is what failed */
        int rc = decode(seg, key_len, 1, &name, &name_len);
        if (rc == 0) {
            rc = decode(eq ? eq + 1 : "", eq ? seg_len - key_len - 1 : 0, 1, &value, &value_len);
            if (rc == -1)
                FAIL(&why, "malformed percent-encoding in \"%s\"", shown(tmp, name, name_len));
            if (rc)
                free(name);
        } else if (rc == -1) {
            FAIL(&why, "malformed percent-encoding in \"%s\"", shown(tmp, seg, key_len));
        }
        if (rc == -2)
            FAIL(&why, "out of memory");
        if (rc || add_field(f, name, name_len, value, value_len, &why)) {
            truncate_fields(f, start);
            return report(problems, &why);
        }
    }
    return 0;
}

static int is_ows(char c) { return c == ' ' || c == '\t'; }

static int ci_eq(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)lit[i];
        if (a >= 'A' && a <= 'Z')
            a += 32;
        if (a != b)
            return 0;
    }
    return 1;
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_ows(**s))
        (*s)++, (*len)--;
    while (*len && is_ows((*s)[*len - 1]))
        (*len)--;
}

/*
 * Finds parameter want (lower case) in a header value such as
 * `form-data; name="x"` or `multipart/form-data; boundary=abc` and appends
 * its value, unquoted, to out. Returns 1 if found, 0 if absent, -1 on an
 * unterminated quoted string. *type_len gets the length of the leading
 * token (the media or disposition type, trimmed).
 */
static int find_param(const char *s, size_t len, const char *want, size_t *type_len, buf_t *out)
{
    const char *semi = memchr(s, ';', len);
    size_t i = semi ? (size_t)(semi - s) : len;
    const char *t = s;
    size_t tl = i;
    trim(&t, &tl);
    *type_len = tl;
    while (i < len) {
        while (i < len && (s[i] == ';' || is_ows(s[i])))
            i++;
        size_t ns = i;
        while (i < len && s[i] != '=' && s[i] != ';' && !is_ows(s[i]))
            i++;
        size_t ne = i;
        while (i < len && is_ows(s[i]))
            i++;
        int match = ne > ns && ci_eq(s + ns, ne - ns, want);
        buf_reset(out);
        if (i < len && s[i] == '=') {
            i++;
            while (i < len && is_ows(s[i]))
                i++;
            if (i < len && s[i] == '"') {
                int closed = 0;
                for (i++; i < len && !closed; i++) {
                    if (s[i] == '\\' && i + 1 < len)
                        buf_putc(out, s[++i]);
                    else if (s[i] == '"')
                        closed = 1;
                    else
                        buf_putc(out, s[i]);
                }
                if (!closed)
                    return -1;
            } else {
                size_t vs = i;
                while (i < len && s[i] != ';')
                    i++;
                const char *v = s + vs;
                size_t vl = i - vs;
                trim(&v, &vl);
                buf_append(out, v, vl);
            }
        }
        if (match)
            return 1;
        while (i < len && s[i] != ';') /* junk after a quoted value */
            i++;
    }
    return 0;
}

/* Name of a part from its header block [h, h+len): 1 found, 0 none, -1 bad header. */
static int part_name(const char *h, size_t len, buf_t *name)
{
    while (h && len > 0) {
        const char *crlf = memmem(h, len, "\r\n", 2);
        size_t ll = crlf ? (size_t)(crlf - h) : len;
        const char *colon = memchr(h, ':', ll);
        if (!colon || colon == h)
            return -1;
        const char *hn = h, *hv = colon + 1;
        size_t hnl = (size_t)(colon - h), hvl = ll - hnl - 1;
        trim(&hn, &hnl);
        if (ci_eq(hn, hnl, "content-disposition")) {
            size_t tl;
            int rc = find_param(hv, hvl, "name", &tl, name);
            trim(&hv, &hvl);
            if (rc < 0)
                return -1;
            return rc == 1 && ci_eq(hv, tl, "form-data");
        }
        if (!crlf)
            break;
        h += ll + 2;
        len -= ll + 2;
    }
    return 0;
}

int form_parse_multipart(form_t *f, const char *content_type, const char *data, size_t len,
                         problems_t *problems)
{
    size_t start = f->count, part = 0;
    failure why = { "" };
    buf_t bnd, name;
    buf_init(&bnd, 2 + 2 + BOUNDARY_MAX + 1);
    buf_init(&name, 4096);
    size_t tl;
    int rc = content_type ? find_param(content_type, strlen(content_type), "boundary", &tl, &bnd)
                          : 0;
    if (rc != 1 || bnd.len == 0) {
        FAIL(&why, "multipart Content-Type has no boundary parameter");
        goto fail;
    }
    if (bnd.len > BOUNDARY_MAX || buf_failed(&bnd) || memchr(bnd.data, '\r', bnd.len) ||
        memchr(bnd.data, '\n', bnd.len) || memchr(bnd.data, '\0', bnd.len)) {
        FAIL(&why, "multipart boundary is invalid");
        goto fail;
    }
    /* needle = CRLF "--" boundary; the first delimiter may omit the CRLF */
    char needle[2 + 2 + BOUNDARY_MAX];
    size_t nlen = 4 + bnd.len;
    memcpy(needle, "\r\n--", 4);
    memcpy(needle + 4, bnd.data, bnd.len);

    size_t pos;
    const char *d;
    if (len >= nlen - 2 && memcmp(data, needle + 2, nlen - 2) == 0) {
        pos = nlen - 2;
    } else if ((d = len ? memmem(data, len, needle, nlen) : NULL) != NULL) {
        pos = (size_t)(d - data) + nlen;
    } else {
        FAIL(&why, "multipart body does not contain the boundary");
        goto fail;
    }
    for (;;) {
        /* pos is just after "--boundary" */
        if (len - pos >= 2 && data[pos] == '-' && data[pos + 1] == '-')
            break; /* close delimiter; the epilogue is ignored */
        while (pos < len && is_ows(data[pos]))
            pos++;
        if (pos == len) {
            FAIL(&why, "multipart body has no closing delimiter");
            goto fail;
        }
        if (len - pos < 2 || data[pos] != '\r' || data[pos + 1] != '\n') {
            FAIL(&why, "multipart delimiter line is malformed");
            goto fail;
        }
        pos += 2;
        part++;
        size_t hs = pos, hl, body;
        if (len - pos >= 2 && data[pos] == '\r' && data[pos + 1] == '\n') {
            hl = 0;
            body = pos + 2;
        } else {
            const char *he = memmem(data + pos, len - pos, "\r\n\r\n", 4);
            if (!he) {
                FAIL(&why, "multipart part %zu headers are not terminated", part);
                goto fail;
            }
            hl = (size_t)(he - (data + hs));
            body = hs + hl + 4;
        }
        const char *end = memmem(data + body, len - body, needle, nlen);
        if (!end) {
            FAIL(&why, "multipart body has no closing delimiter");
            goto fail;
        }
        rc = part_name(data + hs, hl, &name);
        if (rc < 0 || buf_failed(&name)) {
            FAIL(&why, "multipart part %zu has a malformed header", part);
            goto fail;
        }
        if (rc == 0) {
            FAIL(&why, "multipart part %zu has no form-data name", part);
            goto fail;
        }
        size_t vlen = (size_t)(end - (data + body));
        char *value = malloc(vlen + 1), *nm = malloc(name.len + 1);
        if (!value || !nm) {
            free(value);
            free(nm);
            FAIL(&why, "out of memory");
            goto fail;
        }
        memcpy(value, data + body, vlen);
        value[vlen] = '\0';
        memcpy(nm, buf_cstr(&name), name.len + 1);
        if (add_field(f, nm, name.len, value, vlen, &why))
            goto fail;
        pos = (size_t)(end - data) + nlen;
    }
    buf_free(&bnd);
    buf_free(&name);
    return 0;
fail:
    truncate_fields(f, start);
    buf_free(&bnd);
    buf_free(&name);
    return report(problems, &why);
}
