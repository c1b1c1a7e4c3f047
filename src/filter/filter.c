/*
 * filter: lexer, recursive-descent parser, validator and SQL compiler for
 * SailPoint's "filters" language. Grammar and contracts are in filter.h.
 *
 * Things a newcomer would get wrong:
 * - The lexer does not classify words. Any run of bytes other than blanks,
 *   ( ) , and " is one WORD; the parser decides from context whether it is a
 *   field, a keyword, a number or a date-time. That keeps
 *   2018-12-18T23:05:55+02:00 (with its '-', ':' and '+') a single token.
 * - Keywords match case-sensitively (SailPoint rejects EQ). An upper-case
 *   spelling gets its own error rather than a confusing "unknown field".
 * - Every recursion is bounded. Parsing caps nesting (parentheses and not)
 *   at FILTER_MAX_DEPTH and comparisons at FILTER_MAX_TERMS, so a tree's
 *   height is at most about MAX_TERMS + MAX_DEPTH and the recursive passes
 *   (validate, to_sql, free) cannot blow the stack.
 * - AST positions are 0-based byte offsets; messages print them 1-based, and
 *   an error at the end of the text points one past its last byte. For a CMP
 *   node pos is the field's offset (for "pr f" that is f; op_pos is "pr"),
 *   and AND/OR/NOT nodes keep their keyword's offset in op_pos.
 * - Values never become SQL text: they are bound parameters, and LIKE
 *   patterns are escaped with '\' and compiled with an explicit ESCAPE, since
 *   neither SQLite nor PostgreSQL agree on a default escape character.
 */
#include "filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/util.h"

static const char *const op_names[FILTER_OP_COUNT] = {
    "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca", "pr", "isnull"
};

const char *filter_op_name(filter_op op)
{
    return (unsigned)op < FILTER_OP_COUNT ? op_names[op] : "?";
}

/* ---- errors ------------------------------------------------------------ */

/* A failing stage writes its message here wherever it finds the problem (a
 * later message replaces an earlier one; at most 255 bytes) and its public
 * function adds the final one to the caller's problems, once, on the way
 * out. */
typedef struct failure { char msg[256]; } failure;

#define FAIL(why, ...) ((void)snprintf((why)->msg, sizeof (why)->msg, __VA_ARGS__))

static void report(problems_t *problems, const failure *why)
{
    if (problems)
        problems_add(problems, "%s", why->msg);
}

/* Client text quoted in a message: bounded so the message fits, and only
 * printable ASCII so it stays one line and valid UTF-8. */
#define SHOW_MAX 40
typedef struct shown { char s[SHOW_MAX + 4]; } shown;

static shown show(const char *s, size_t n)
{
    shown r;
    size_t k = n > SHOW_MAX ? SHOW_MAX : n;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        r.s[i] = (char)(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
    }
    memcpy(r.s + k, n > SHOW_MAX ? "..." : "", n > SHOW_MAX ? 4 : 1);
    return r;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static bool is_word_char(char c)
{
    return !is_blank(c) && c != '(' && c != ')' && c != ',' && c != '"';
}

static bool is_ident(const char *s, size_t n)
{
    if (n == 0 || !(is_alpha(s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-'))
            return false;
    return true;
}

/* ---- numbers and date-times -------------------------------------------- */

/* -?[0-9]+ into an int64. Returns 0, -1 (not an integer) or -2 (range). */
static int parse_int(const char *s, size_t n, int64_t *out)
{
    size_t i = s[0] == '-';
    uint64_t lim = i ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
    if (i == n)
        return -1;
    for (; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (lim - d) / 10)
            return -2;
        v = v * 10 + d;
    }
    *out = s[0] != '-' ? (int64_t)v : v == lim ? INT64_MIN : -(int64_t)v;
    return 0;
}

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* Proleptic Gregorian day numbers (Howard Hinnant's civil algorithms). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* RFC 3339 date-time -> "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC. Fractions beyond
 * milliseconds are truncated (rounding could carry into the date). */
static int normalize_datetime(const char *s, size_t n, char out[32])
{
    int y, mo, d, h, mi, sec, ms = 0, off = 0;
    if (n < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) ||
        s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
        return -1;
    size_t i = 19;
    if (s[i] == '.') {
        size_t k = 0;
        for (i++; i < n && is_digit(s[i]); i++, k++)
            if (k < 3)
                ms = ms * 10 + (s[i] - '0');
        if (k == 0)
            return -1;
        for (; k < 3; k++)
            ms *= 10;
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int oh, om;
        if (n - i < 6 || digits(s + i + 1, 2, &oh) || s[i + 3] != ':' ||
            digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        off = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return -1;
    }
    if (i != n || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi > 59 || sec > 59)
        return -1;
    if (off) {
        int64_t t = days_from_civil(y, mo, d) * 1440 + (int64_t)h * 60 + mi - off;
        int64_t days = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
        civil_from_days(days, &y, &mo, &d);
        h = (int)((t - days * 1440) / 60);
        mi = (int)((t - days * 1440) % 60);
        if (y < 0 || y > 9999)
            return -1;
    }
    /* Fixed-width fields, written by hand: every value is range-checked. */
    const int field[7] = { y, mo, d, h, mi, sec, ms }, width[7] = { 4, 2, 2, 2, 2, 2, 3 };
    const char sep[7] = "--T::.Z";
    for (int f = 0, w = 0; f < 7; f++) {
        for (int k = width[f] - 1, v = field[f]; k >= 0; k--, v /= 10)
            out[w + k] = (char)('0' + v % 10);
        w += width[f];
        out[w++] = sep[f];
        out[w] = '\0';
    }
    return 0;
}

/* ---- lexer --------------------------------------------------------------- */

typedef enum tok_kind { T_END, T_LP, T_RP, T_COMMA, T_STR, T_WORD } tok_kind;

typedef struct token {
    tok_kind kind;
    size_t pos, len;    /* raw span; a T_STR includes its quotes */
} token;

typedef struct parser {
    const char *s;
    size_t n, i;        /* text, its length, lexer cursor */
    token t;            /* lookahead */
    int depth, terms;
    failure *why;       /* shared with every copy (see parse_unary) */
} parser;

static int lex(parser *p, token *t)
{
    const char *s = p->s;
    size_t n = p->n, i = p->i, j;
    while (i < n && is_blank(s[i]))
        i++;
    t->pos = i;
    if (i == n) {
        t->kind = T_END;
        j = i;
    } else if (s[i] == '(' || s[i] == ')' || s[i] == ',') {
        t->kind = s[i] == '(' ? T_LP : s[i] == ')' ? T_RP : T_COMMA;
        j = i + 1;
    } else if (s[i] == '"') {
        for (j = i + 1; j < n && s[j] != '"'; j++) {
            if (s[j] != '\\')
                continue;
            if (j + 1 < n && s[j + 1] != '"' && s[j + 1] != '\\') {
                FAIL(p->why, "filters: invalid escape at position %zu; use \\\" or \\\\", j + 1);
                return -1;
            }
            j++;
        }
        if (j >= n) {
            FAIL(p->why, "filters: unterminated string at position %zu", i + 1);
            return -1;
        }
        t->kind = T_STR;
        j++;
    } else {
        for (j = i; j < n && is_word_char(s[j]); j++)
            ;
        t->kind = T_WORD;
    }
    t->len = j - i;
    p->i = j;
    return 0;
}

static int advance(parser *p) { return lex(p, &p->t); }

static bool is_kw(const parser *p, const char *kw)
{
    return p->t.kind == T_WORD && p->t.len == strlen(kw) && !memcmp(p->s + p->t.pos, kw, p->t.len);
}

static bool tok_nocase(const parser *p, const token *t, const char *kw)
{
    return t->kind == T_WORD && t->len == strlen(kw) && !strncasecmp(p->s + t->pos, kw, t->len);
}

static bool tok_is_op_nocase(const parser *p, const token *t)
{
    for (int k = 0; k < FILTER_OP_COUNT; k++)
        if (tok_nocase(p, t, op_names[k]))
            return true;
    return false;
}

static void err_lower_case(parser *p, const token *t)
{
    FAIL(p->why, "filters: operators are lower case: \"%s\" at position %zu",
         show(p->s + t->pos, t->len).s, t->pos + 1);
}

/* ---- parser ---------------------------------------------------------------- */

static filter_node *new_node(parser *p, filter_node_kind kind, size_t pos)
{
    filter_node *n = calloc(1, sizeof *n);
    if (!n) {
        FAIL(p->why, "filters: out of memory");
        return NULL;
    }
    n->kind = kind;
    n->pos = pos;
    n->field_index = -1;
    return n;
}

/* Parses the value at the lookahead into *v and consumes it. Returns 0, -1
 * (error set) or 1 (the lookahead is not a value; nothing consumed). */
static int parse_value(parser *p, filter_value *v)
{
    token t = p->t;
    const char *w = p->s + t.pos;
    char dt[32];
    memset(v, 0, sizeof *v);
    v->pos = t.pos;
    if (t.kind == T_STR) {
        v->kind = FILTER_VALUE_STRING;
        v->text = malloc(t.len - 1);
        if (v->text) {
            size_t k = 0;
            for (size_t i = 1; i + 1 < t.len; i++) {
                if (w[i] == '\\') /* the lexer allowed only \" and \\ */
                    i++;
                v->text[k++] = w[i];
            }
            v->text[k] = '\0';
        }
    } else if (t.kind != T_WORD) {
        return 1;
    } else if (is_kw(p, "true") || is_kw(p, "false")) {
        v->kind = FILTER_VALUE_BOOL;
        v->boolean = w[0] == 't';
        v->text = dupn(w, t.len);
    } else if (tok_nocase(p, &t, "true") || tok_nocase(p, &t, "false")) {
        FAIL(p->why, "filters: booleans are lower case: \"%s\" at position %zu",
             show(w, t.len).s, t.pos + 1);
        return -1;
    } else if (t.len >= 5 && !digits(w, 4, &(int){ 0 }) && w[4] == '-') {
        if (normalize_datetime(w, t.len, dt)) {
            FAIL(p->why, "filters: invalid date-time \"%s\" at position %zu",
                 show(w, t.len).s, t.pos + 1);
            return -1;
        }
        v->kind = FILTER_VALUE_DATETIME;
        v->text = dupn(dt, strlen(dt));
    } else if (is_digit(w[0]) || (w[0] == '-' && t.len > 1 && is_digit(w[1]))) {
        int rc = parse_int(w, t.len, &v->number);
        if (rc) {
            FAIL(p->why, rc == -2 ? "filters: number out of range \"%s\" at position %zu"
                                  : "filters: invalid number \"%s\" at position %zu",
                 show(w, t.len).s, t.pos + 1);
            return -1;
        }
        v->kind = FILTER_VALUE_NUMBER;
        v->text = dupn(w, t.len);
    } else {
        FAIL(p->why, "filters: invalid value \"%s\" at position %zu", show(w, t.len).s,
             t.pos + 1);
        return -1;
    }
    if (!v->text) {
        FAIL(p->why, "filters: out of memory");
        return -1;
    }
    if (advance(p)) {
        free(v->text);
        v->text = NULL;
        return -1;
    }
    return 0;
}

/* Appends one parsed value to n->values. Same returns as parse_value. */
static int add_value(parser *p, filter_node *n)
{
    size_t c = n->value_count;
    if ((c & (c - 1)) == 0) {   /* grow at 0, 1, 2, 4, 8, ... */
        filter_value *q = realloc(n->values, (c ? c * 2 : 1) * sizeof *q);
        if (!q) {
            FAIL(p->why, "filters: out of memory");
            return -1;
        }
        n->values = q;
    }
    int rc = parse_value(p, &n->values[c]);
    if (rc == 0)
        n->value_count++;
    return rc;
}

static int parse_list(parser *p, filter_node *n)
{
    const char *op = op_names[n->op];
    if (p->t.kind != T_LP) {
        FAIL(p->why, "filters: expected \"(\" after \"%s\" at position %zu", op, p->t.pos + 1);
        return -1;
    }
    if (advance(p))
        return -1;
    if (p->t.kind == T_RP) {
        FAIL(p->why, "filters: empty list after \"%s\" at position %zu", op, p->t.pos + 1);
        return -1;
    }
    for (const char *after = "(";; after = ",") {
        if (n->value_count == FILTER_MAX_LIST) {
            FAIL(p->why, "filters: more than %d values in a list at position %zu",
                 FILTER_MAX_LIST, p->t.pos + 1);
            return -1;
        }
        int rc = add_value(p, n);
        if (rc > 0)
            FAIL(p->why, "filters: expected a value after \"%s\" at position %zu", after,
                 p->t.pos + 1);
        if (rc)
            return -1;
        if (p->t.kind == T_RP)
            return advance(p);
        if (p->t.kind != T_COMMA) {
            FAIL(p->why, "filters: expected \",\" or \")\" at position %zu", p->t.pos + 1);
            return -1;
        }
        if (advance(p))
            return -1;
    }
}

/* The lookahead is the field (or, for pr, the word after "pr"). */
static filter_node *parse_cmp(parser *p, bool prefix_pr, size_t pr_pos)
{
    token f = p->t;
    const char *fs = p->s + f.pos;
    bool reserved = is_kw(p, "and") || is_kw(p, "or");
    if (f.kind != T_WORD || !is_ident(fs, f.len) || reserved) {
        if (prefix_pr)
            FAIL(p->why, "filters: expected a field name after \"pr\" at position %zu", f.pos + 1);
        else if (f.kind == T_WORD && !reserved)
            FAIL(p->why, "filters: invalid field name \"%s\" at position %zu", show(fs, f.len).s,
                 f.pos + 1);
        else
            FAIL(p->why, "filters: expected a field name at position %zu", f.pos + 1);
        return NULL;
    }
    if (++p->terms > FILTER_MAX_TERMS) {
        FAIL(p->why, "filters: more than %d comparisons", FILTER_MAX_TERMS);
        return NULL;
    }
    filter_node *n = new_node(p, FILTER_NODE_CMP, f.pos);
    if (!n)
        return NULL;
    if (!(n->field = dupn(fs, f.len))) {
        FAIL(p->why, "filters: out of memory");
        goto fail;
    }
    if (advance(p))
        goto fail;
    if (prefix_pr) {
        n->op = FILTER_PR;
        n->op_pos = pr_pos;
        return n;
    }

    token o = p->t;
    int op = -1;
    for (int k = 0; k < FILTER_OP_COUNT && o.kind == T_WORD; k++)
        if (is_kw(p, op_names[k]))
            op = k;
    if (op == FILTER_PR) {
        FAIL(p->why, "filters: \"pr\" goes before the field name at position %zu", o.pos + 1);
        goto fail;
    }
    if (op < 0) {
        if (tok_is_op_nocase(p, &o))
            err_lower_case(p, &o);
        else if (o.kind == T_WORD && !is_kw(p, "and") && !is_kw(p, "or") && !is_kw(p, "not"))
            FAIL(p->why, "filters: unknown operator \"%s\" at position %zu",
                 show(p->s + o.pos, o.len).s, o.pos + 1);
        else
            FAIL(p->why, "filters: expected an operator after \"%s\" at position %zu",
                 show(fs, f.len).s, o.pos + 1);
        goto fail;
    }
    n->op = (filter_op)op;
    n->op_pos = o.pos;
    if (advance(p))
        goto fail;
    if (op == FILTER_ISNULL)
        return n;
    if (op == FILTER_IN || op == FILTER_CA) {
        if (parse_list(p, n))
            goto fail;
        return n;
    }
    if (p->t.kind == T_LP) {
        FAIL(p->why, op == FILTER_EQ ? "filters: \"%s\" takes one value; use \"in\" for a list at position %zu"
                                     : "filters: \"%s\" takes one value at position %zu",
             op_names[op], o.pos + 1);
        goto fail;
    }
    int rc = add_value(p, n);
    if (rc > 0)
        FAIL(p->why, "filters: expected a value after \"%s\" at position %zu", op_names[op],
             p->t.pos + 1);
    if (rc == 0)
        return n;
fail:
    filter_free(n);
    return NULL;
}

static filter_node *parse_or(parser *p);

/* Reports what follows a complete expression where ")" or the end belongs. */
static void err_trailing(parser *p, bool in_parens)
{
    token t = p->t;
    if (tok_nocase(p, &t, "and") || tok_nocase(p, &t, "or"))
        err_lower_case(p, &t);
    else if (in_parens)
        FAIL(p->why, "filters: expected \")\" at position %zu", t.pos + 1);
    else if (t.kind == T_WORD)
        FAIL(p->why, "filters: unexpected \"%s\" at position %zu", show(p->s + t.pos, t.len).s,
             t.pos + 1);
    else if (t.kind == T_STR)
        FAIL(p->why, "filters: unexpected string at position %zu", t.pos + 1);
    else
        FAIL(p->why, "filters: unexpected \"%c\" at position %zu", p->s[t.pos], t.pos + 1);
}

static filter_node *parse_unary(parser *p)
{
    token t = p->t;
    bool is_not = is_kw(p, "not");
    if (is_not || t.kind == T_LP) {
        if (p->depth >= FILTER_MAX_DEPTH) {
            FAIL(p->why, "filters: nesting deeper than %d at position %zu", FILTER_MAX_DEPTH,
                 t.pos + 1);
            return NULL;
        }
        p->depth++;
        filter_node *e = advance(p) ? NULL : is_not ? parse_unary(p) : parse_or(p);
        p->depth--;
        if (!e)
            return NULL;
        if (is_not) {
            filter_node *n = new_node(p, FILTER_NODE_NOT, t.pos);
            if (!n) {
                filter_free(e);
                return NULL;
            }
            n->op_pos = t.pos;
            n->left = e;
            return n;
        }
        if (p->t.kind != T_RP) {
            err_trailing(p, true);
            filter_free(e);
            return NULL;
        }
        if (advance(p)) {
            filter_free(e);
            return NULL;
        }
        return e;
    }
    if (is_kw(p, "pr"))
        return advance(p) ? NULL : parse_cmp(p, true, t.pos);
    if (tok_nocase(p, &t, "not") || tok_nocase(p, &t, "pr")) {
        /* "NOT x" is a misspelt operator; "Not eq 1" would be a field. */
        parser peek = *p;
        token next;
        if (lex(&peek, &next) || !tok_is_op_nocase(p, &next)) {
            err_lower_case(p, &t);
            return NULL;
        }
    }
    return parse_cmp(p, false, 0);
}

/* and/or are left-associative and parsed by iteration, not recursion. */
static filter_node *parse_binary(parser *p, bool is_or)
{
    filter_node *l = is_or ? parse_binary(p, false) : parse_unary(p);
    while (l && is_kw(p, is_or ? "or" : "and")) {
        size_t kw = p->t.pos;
        filter_node *r = advance(p) ? NULL : is_or ? parse_binary(p, false) : parse_unary(p);
        filter_node *n = r ? new_node(p, is_or ? FILTER_NODE_OR : FILTER_NODE_AND, l->pos) : NULL;
        if (!n) {
            filter_free(l);
            filter_free(r);
            return NULL;
        }
        n->op_pos = kw;
        n->left = l;
        n->right = r;
        l = n;
    }
    return l;
}

static filter_node *parse_or(parser *p) { return parse_binary(p, true); }

static filter_node *parse_text(const char *text, size_t len, failure *why)
{
    parser p = { .s = text, .n = len, .why = why };
    if (len > FILTER_MAX_LEN) {
        FAIL(why, "filters: expression longer than %d bytes", FILTER_MAX_LEN);
        return NULL;
    }
    const char *nul = len ? memchr(text, '\0', len) : NULL;
    if (nul) {
        FAIL(why, "filters: unexpected NUL byte at position %zu", (size_t)(nul - text) + 1);
        return NULL;
    }
    if (advance(&p))
        return NULL;
    if (p.t.kind == T_END) {
        FAIL(why, "filters: empty expression");
        return NULL;
    }
    filter_node *root = parse_or(&p);
    if (root && p.t.kind != T_END) {
        err_trailing(&p, false);
        filter_free(root);
        return NULL;
    }
    return root;
}

filter_node *filter_parse(const char *text, size_t len, problems_t *problems)
{
    failure why = { "" };
    filter_node *root = parse_text(text, len, &why);
    if (!root)
        report(problems, &why);
    return root;
}

void filter_free(filter_node *n)
{
    if (!n)
        return;
    filter_free(n->left);
    filter_free(n->right);
    for (size_t i = 0; i < n->value_count; i++)
        free(n->values[i].text);
    free(n->values);
    free(n->field);
    free(n);
}

/* ---- validation ------------------------------------------------------------ */

static int check_value(const filter_node *n, const filter_field *f, filter_value *v,
                       failure *why)
{
    const char *want = "a quoted string";
    char dt[32];
    switch (f->type) {
    case FILTER_TYPE_STRING:
        if (v->kind == FILTER_VALUE_STRING)
            return 0;
        break;
    case FILTER_TYPE_STRING_SET:
        if (v->kind == FILTER_VALUE_STRING)
            return 0;
        want = "quoted strings";
        break;
    case FILTER_TYPE_BOOL:
        if (v->kind == FILTER_VALUE_BOOL)
            return 0;
        want = "true or false";
        break;
    case FILTER_TYPE_NUMBER:
        if (v->kind == FILTER_VALUE_NUMBER)
            return 0;
        want = "an integer";
        break;
    case FILTER_TYPE_DATETIME:
        if (v->kind == FILTER_VALUE_DATETIME)
            return 0;
        want = "a date-time";
        if (v->kind == FILTER_VALUE_STRING && !normalize_datetime(v->text, strlen(v->text), dt)) {
            char *t = dupn(dt, strlen(dt));
            if (!t) {
                FAIL(why, "filters: out of memory");
                return -1;
            }
            free(v->text);
            v->text = t;
            v->kind = FILTER_VALUE_DATETIME;
            return 0;
        }
        break;
    }
    FAIL(why, "filters: \"%s\" takes %s at position %zu", show(n->field, strlen(n->field)).s,
         want, v->pos + 1);
    return -1;
}

static int check_node(filter_node *n, const filter_field *fields, size_t count, failure *why)
{
    if (n->kind != FILTER_NODE_CMP)
        return check_node(n->left, fields, count, why) ||
               (n->right && check_node(n->right, fields, count, why)) ? -1 : 0;
    size_t i = 0;
    while (i < count && (!fields[i].name || strcmp(fields[i].name, n->field) != 0))
        i++;
    shown name = show(n->field, strlen(n->field));
    if (i == count) {
        FAIL(why, "filters: unknown field \"%s\" at position %zu", name.s, n->pos + 1);
        return -1;
    }
    /* A set is only reachable through its member test, a scalar never is. */
    if (!(fields[i].ops & FILTER_OPBIT(n->op)) ||
        (fields[i].type == FILTER_TYPE_STRING_SET) != (n->op == FILTER_CA)) {
        FAIL(why, "filters: operator \"%s\" is not allowed on \"%s\" at position %zu",
             filter_op_name(n->op), name.s, n->op_pos + 1);
        return -1;
    }
    for (size_t k = 0; k < n->value_count; k++)
        if (check_value(n, &fields[i], &n->values[k], why))
            return -1;
    n->field_index = (int)i;
    return 0;
}

static int count_composites(const filter_node *n)
{
    if (!n)
        return 0;
    return (n->kind == FILTER_NODE_AND || n->kind == FILTER_NODE_OR) +
           count_composites(n->left) + count_composites(n->right);
}

static bool uses_field(const filter_node *n, int idx)
{
    if (!n)
        return false;
    if (n->kind == FILTER_NODE_CMP)
        return n->field_index == idx;
    return uses_field(n->left, idx) || uses_field(n->right, idx);
}

static bool overlaps(const filter_node *l, const filter_node *r)
{
    if (!l)
        return false;
    if (l->kind == FILTER_NODE_CMP)
        return uses_field(r, l->field_index);
    return overlaps(l->left, r) || overlaps(l->right, r);
}

static const filter_node *same_field_join(const filter_node *n)
{
    if (!n || n->kind == FILTER_NODE_CMP)
        return NULL;
    if (n->kind != FILTER_NODE_NOT && overlaps(n->left, n->right))
        return n;
    const filter_node *bad = same_field_join(n->left);
    return bad ? bad : same_field_join(n->right);
}

static int validate(filter_node *root, const filter_field *fields, size_t field_count,
                    filter_rules rules, failure *why)
{
    if (!root) {
        FAIL(why, "filters: empty expression");
        return -1;
    }
    if (check_node(root, fields, field_count, why))
        return -1;
    int max = rules.max_composites;
    if (max >= 0 && count_composites(root) > max) {
        if (max == 0)
            FAIL(why, "filters: and/or operators are not allowed");
        else
            FAIL(why, "filters: at most %d and/or operator%s allowed", max,
                 max == 1 ? " is" : "s are");
        return -1;
    }
    const filter_node *bad = rules.distinct_fields ? same_field_join(root) : NULL;
    if (bad) {
        FAIL(why, "filters: and/or must join filters on different fields at position %zu",
             bad->op_pos + 1);
        return -1;
    }
    return 0;
}

int filter_validate(filter_node *root, const filter_field *fields, size_t field_count,
                    filter_rules rules, problems_t *problems)
{
    failure why = { "" };
    int rc = validate(root, fields, field_count, rules, &why);
    if (rc)
        report(problems, &why);
    return rc;
}

/* ---- SQL ------------------------------------------------------------------- */

typedef struct emitter {
    const filter_column *cols;
    filter_placeholder style;
    buf_t *sql;
    filter_params *ps;
} emitter;

/* Binds one parameter and writes its placeholder; the $n number is taken
 * after the append so it equals the parameter's 1-based index. */
static int bind(emitter *e, filter_param_kind kind, const char *text, int64_t integer)
{
    filter_params *ps = e->ps;
    if (array_room(&ps->items, ps->count, &ps->cap, sizeof *ps->items, 8) != 0)
        return -1;
    ps->items[ps->count++] = (filter_param){ kind, text, integer };
    if (e->style == FILTER_PLACEHOLDER_DOLLAR)
        return buf_printf(e->sql, "$%zu", ps->count);
    return buf_putc(e->sql, '?');
}

static int bind_value(emitter *e, const filter_value *v)
{
    if (v->kind == FILTER_VALUE_BOOL)
        return bind(e, FILTER_PARAM_INT, NULL, v->boolean);
    if (v->kind == FILTER_VALUE_NUMBER)
        return bind(e, FILTER_PARAM_INT, NULL, v->number);
    return bind(e, FILTER_PARAM_TEXT, v->text, 0);
}

static int bind_like(emitter *e, const char *v, bool contains)
{
    size_t n = strlen(v), extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += v[i] == '\\' || v[i] == '%' || v[i] == '_';
    char *pat = malloc(n + extra + 3), *w = pat;
    filter_params *ps = e->ps;
    if (!pat)
        return -1;
    if (array_room(&ps->owned, ps->owned_count, &ps->owned_cap, sizeof *ps->owned, 4) != 0) {
        free(pat);
        return -1;
    }
    ps->owned[ps->owned_count++] = pat;
    if (contains)
        *w++ = '%';
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '\\' || v[i] == '%' || v[i] == '_')
            *w++ = '\\';
        *w++ = v[i];
    }
    *w++ = '%';
    *w = '\0';
    return bind(e, FILTER_PARAM_TEXT, pat, 0);
}

static int emit_cmp(emitter *e, const filter_node *n)
{
    static const char *const sql_op[] = { " = ", " <> ", " > ", " >= ", " < ", " <= " };
    if (n->field_index < 0)
        return -1;
    const filter_column *c = &e->cols[n->field_index];
    buf_t *sql = e->sql;
    bool needs_values = n->op != FILTER_PR && n->op != FILTER_ISNULL;
    if (needs_values && n->value_count == 0)
        return -1;
    switch (n->op) {
    case FILTER_PR:
    case FILTER_ISNULL:
        return buf_printf(sql, "(%s IS %sNULL)", c->expr, n->op == FILTER_PR ? "NOT " : "");
    case FILTER_CO:
    case FILTER_SW:
        buf_printf(sql, "(%s LIKE ", c->expr);
        if (bind_like(e, n->values[0].text, n->op == FILTER_CO))
            return -1;
        return buf_puts(sql, " ESCAPE '\\')");
    case FILTER_IN:
        buf_printf(sql, "(%s IN (", c->expr);
        for (size_t i = 0; i < n->value_count; i++)
            if ((i && buf_puts(sql, ", ")) || bind_value(e, &n->values[i]))
                return -1;
        return buf_puts(sql, "))");
    case FILTER_CA:
        buf_putc(sql, '(');
        for (size_t i = 0; i < n->value_count; i++) {
            if (i)
                buf_puts(sql, " AND ");
            if (!c->member) {   /* no set table: degrade to scalar equality */
                buf_printf(sql, "%s = ", c->expr);
                if (bind_value(e, &n->values[i]))
                    return -1;
                continue;
            }
            for (const char *m = c->member; *m; m++)
                if (*m == '?' ? bind_value(e, &n->values[i]) : buf_putc(sql, *m))
                    return -1;
        }
        return buf_putc(sql, ')');
    default:
        if ((unsigned)n->op > FILTER_LE)
            return -1;
        buf_printf(sql, "(%s%s", c->expr, sql_op[n->op]);
        if (bind_value(e, &n->values[0]))
            return -1;
        return buf_putc(sql, ')');
    }
}

static int emit(emitter *e, const filter_node *n)
{
    switch (n->kind) {
    case FILTER_NODE_AND:
    case FILTER_NODE_OR:
        buf_putc(e->sql, '(');
        if (emit(e, n->left))
            return -1;
        buf_puts(e->sql, n->kind == FILTER_NODE_AND ? " AND " : " OR ");
        if (emit(e, n->right))
            return -1;
        return buf_putc(e->sql, ')');
    case FILTER_NODE_NOT:
        buf_puts(e->sql, "(NOT ");
        if (emit(e, n->left))
            return -1;
        return buf_putc(e->sql, ')');
    case FILTER_NODE_CMP:
        return emit_cmp(e, n);
    }
    return -1;
}

int filter_to_sql(const filter_node *root, const filter_column *columns,
                  filter_placeholder style, buf_t *sql, filter_params *params)
{
    if (!root || !columns || !sql || !params)
        return -1;
    emitter e = { columns, style, sql, params };
    return emit(&e, root) || buf_failed(sql) ? -1 : 0;
}

void filter_params_free(filter_params *params)
{
    if (!params)
        return;
    for (size_t i = 0; i < params->owned_count; i++)
        free(params->owned[i]);
    free(params->owned);
    free(params->items);
    memset(params, 0, sizeof *params);
}
