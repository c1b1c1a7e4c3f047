/*
 * sorters: parses the "sorters" query parameter ("name,-due") into sort
 * keys for one collection's list of sortable fields.
 *
 * Choices a newcomer would get wrong:
 * - Blank text means "no sorting" and yields zero keys, but an empty item
 *   inside a list ("name,,due", "name,") is an error: it is almost always a
 *   client bug, and silently dropping it hides that.
 * - A field may appear once, whatever its direction ("name,-name" is a
 *   duplicate): a second key on the same field can never change the order.
 * - Field names match exactly (case-sensitively), as filters do. Blanks
 *   around an item are ignored because "+" in a query string decodes to one.
 */
#include "filter.h"

#include <stdio.h>
#include <string.h>

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Client text quoted in a message: bounded, printable ASCII only. */
static void show(char out[68], const char *s, size_t n)
{
    size_t k = n > 64 ? 64 : n;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
    }
    memcpy(out + k, n > 64 ? "..." : "", n > 64 ? 4 : 1);
}

/* Where a failure's message is built (at most 255 bytes) before report()
 * adds it to the caller's problems. */
typedef struct failure { char msg[256]; } failure;

static int report(problems_t *problems, const failure *why)
{
    if (problems)
        problems_add(problems, "%s", why->msg);
    return -1;
}

static void err_unknown(failure *why, const char *s, size_t n, const char *const *names,
                        size_t name_count)
{
    char name[68];
    show(name, s, n);
    size_t cap = sizeof why->msg;
    int w = snprintf(why->msg, cap, "sorters: \"%s\" is not sortable; %s", name,
                     name_count ? "use " : "this collection cannot be sorted");
    for (size_t i = 0; i < name_count && w >= 0 && (size_t)w < cap; i++) {
        int k = snprintf(why->msg + w, cap - (size_t)w, "%s%s", i ? ", " : "", names[i]);
        w = k < 0 ? k : w + k;
    }
}

int sorters_parse(const char *text, size_t len, const char *const *names, size_t name_count,
                  sorter_key *out, size_t *out_count, problems_t *problems)
{
    size_t count = 0, i = 0;
    failure why;
    *out_count = 0;
    while (i < len && is_blank(text[i]))
        i++;
    if (i == len)
        return 0;
    for (i = 0;; i++) {
        size_t a = i, b;
        while (i < len && text[i] != ',')
            i++;
        b = i;
        while (a < b && is_blank(text[a]))
            a++;
        while (b > a && is_blank(text[b - 1]))
            b--;
        size_t item = a;
        bool desc = a < b && text[a] == '-';
        a += desc;
        if (a == b) {
            snprintf(why.msg, sizeof why.msg,
                     desc ? "sorters: expected a field name after \"-\" at position %zu"
                          : "sorters: empty item at position %zu",
                     a + 1);
            return report(problems, &why);
        }
        size_t f = 0;
        while (f < name_count && !(strlen(names[f]) == b - a && !memcmp(names[f], text + a, b - a)))
            f++;
        if (f == name_count) {
            err_unknown(&why, text + a, b - a, names, name_count);
            return report(problems, &why);
        }
        for (size_t k = 0; k < count; k++) {
            if (out[k].field_index == (int)f) {
                snprintf(why.msg, sizeof why.msg,
                         "sorters: \"%s\" is listed twice at position %zu", names[f], item + 1);
                return report(problems, &why);
            }
        }
        if (count == SORTERS_MAX) {
            snprintf(why.msg, sizeof why.msg, "sorters: more than %d keys", SORTERS_MAX);
            return report(problems, &why);
        }
        out[count++] = (sorter_key){ (int)f, desc };
        if (i == len)
            break;
    }
    *out_count = count;
    return 0;
}
