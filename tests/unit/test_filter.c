/*
 * Unit tests for src/filter: parsing (AST printed as an s-expression),
 * error texts (exact, since clients see them), validation against a sample
 * field table, SQL compilation in both placeholder styles, and sorters.
 * Tables first, then the few cases that need generated input (caps).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"

/* ---- helpers ------------------------------------------------------------- */

/* The one sentence a failed call added to p (a copy, valid until the next
 * call); p is emptied for the next one. */
static const char *sentence(problems_t *p)
{
    static char text[256];
    assert_int_equal(p->count, 1);
    assert_true(strlen(p->items[0]) < sizeof text);
    snprintf(text, sizeof text, "%s", p->items[0]);
    problems_clear(p);
    return text;
}

static void dump(buf_t *b, const filter_node *n)
{
    switch (n->kind) {
    case FILTER_NODE_AND:
    case FILTER_NODE_OR:
        buf_puts(b, n->kind == FILTER_NODE_AND ? "(and " : "(or ");
        dump(b, n->left);
        buf_putc(b, ' ');
        dump(b, n->right);
        buf_putc(b, ')');
        return;
    case FILTER_NODE_NOT:
        buf_puts(b, "(not ");
        dump(b, n->left);
        buf_putc(b, ')');
        return;
    case FILTER_NODE_CMP:
        buf_printf(b, "(%s %s", filter_op_name(n->op), n->field);
        for (size_t i = 0; i < n->value_count; i++) {
            const filter_value *v = &n->values[i];
            switch (v->kind) {
            case FILTER_VALUE_STRING:
                buf_puts(b, " \"");
                for (const char *c = v->text; *c; c++) {
                    if (*c == '"' || *c == '\\')
                        buf_putc(b, '\\');
                    buf_putc(b, *c);
                }
                buf_putc(b, '"');
                break;
            case FILTER_VALUE_BOOL:
                buf_puts(b, v->boolean ? " #t" : " #f");
                break;
            case FILTER_VALUE_NUMBER:
                buf_printf(b, " %lld", (long long)v->number);
                break;
            case FILTER_VALUE_DATETIME:
                buf_printf(b, " @%s", v->text);
                break;
            }
        }
        buf_putc(b, ')');
        return;
    }
}

/* Parses s; returns the dump, or "ERR " + message. Caller frees. */
static char *parse_str(const char *s)
{
    problems_t err = PROBLEMS_INIT;
    buf_t b = BUF_INIT;
    filter_node *root = filter_parse(s, strlen(s), &err);
    if (root) {
        assert_int_equal(err.count, 0);
        dump(&b, root);
    } else {
        buf_printf(&b, "ERR %s", sentence(&err));
    }
    filter_free(root);
    problems_free(&err);
    return buf_detach(&b, NULL);
}

#define F_STR FILTER_TYPE_STRING
#define OPS(...) ops_mask((int[]){ __VA_ARGS__, -1 })

static unsigned ops_mask(const int *ops)
{
    unsigned m = 0;
    for (; *ops >= 0; ops++)
        m |= FILTER_OPBIT(*ops);
    return m;
}

/* A sample operation: a bit of everything. */
static filter_field fields[9];
static const filter_column columns[9] = {
    { "c.id", NULL },
    { "c.name", NULL },
    { "c.phase", NULL },
    { "c.completed", NULL },
    { "c.count", NULL },
    { "c.created", NULL },
    { "p.rights", "EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = ?)" },
    { "p.target", NULL },
    { "c.campaign_id", NULL },
};

static int setup_fields(void **state)
{
    (void)state;
    filter_field f[9] = {
        { "id", OPS(FILTER_EQ, FILTER_IN), F_STR },
        { "name", OPS(FILTER_EQ, FILTER_NE, FILTER_CO, FILTER_SW, FILTER_GT, FILTER_GE,
                      FILTER_LT, FILTER_LE, FILTER_IN, FILTER_PR, FILTER_ISNULL), F_STR },
        { "phase", OPS(FILTER_EQ), F_STR },
        { "completed", OPS(FILTER_EQ, FILTER_NE), FILTER_TYPE_BOOL },
        { "count", OPS(FILTER_EQ, FILTER_GT, FILTER_LE, FILTER_IN), FILTER_TYPE_NUMBER },
        { "created", OPS(FILTER_EQ, FILTER_GT, FILTER_GE, FILTER_LT, FILTER_LE, FILTER_PR,
                         FILTER_ISNULL, FILTER_IN), FILTER_TYPE_DATETIME },
        { "rights", OPS(FILTER_CA, FILTER_EQ), FILTER_TYPE_STRING_SET },
        { "target", OPS(FILTER_EQ, FILTER_SW, FILTER_CA), F_STR },
        { "campaign.id", OPS(FILTER_EQ, FILTER_IN), F_STR },
    };
    memcpy(fields, f, sizeof f);
    return 0;
}

#define NFIELDS (sizeof fields / sizeof fields[0])

/* Parse + validate; returns the dump or "ERR " + message. */
static char *check_str(const char *s, filter_rules rules)
{
    problems_t err = PROBLEMS_INIT;
    buf_t b = BUF_INIT;
    filter_node *root = filter_parse(s, strlen(s), &err);
    if (root && filter_validate(root, fields, NFIELDS, rules, &err) == 0) {
        assert_int_equal(err.count, 0);
        dump(&b, root);
    } else {
        buf_printf(&b, "ERR %s", sentence(&err));
    }
    filter_free(root);
    problems_free(&err);
    return buf_detach(&b, NULL);
}

/* Parse + validate + compile; returns "SQL | params" or "ERR ...". */
static char *sql_str(const char *s, filter_placeholder style, size_t prebound)
{
    problems_t err = PROBLEMS_INIT;
    filter_params ps = { 0 };
    buf_t sql = BUF_INIT, out = BUF_INIT;
    filter_node *root = filter_parse(s, strlen(s), &err);
    for (size_t i = 0; i < prebound; i++) {
        /* Simulate parameters bound by the caller before the filter. */
        ps.items = realloc(ps.items, (ps.count + 1) * sizeof *ps.items);
        ps.items[ps.count++] = (filter_param){ FILTER_PARAM_INT, NULL, -1 };
        ps.cap = ps.count;
    }
    if (!root || filter_validate(root, fields, NFIELDS, FILTER_RULES_NONE, &err)) {
        buf_printf(&out, "ERR %s", sentence(&err));
    } else if (filter_to_sql(root, columns, style, &sql, &ps)) {
        buf_puts(&out, "ERR to_sql");
    } else {
        buf_printf(&out, "%s |", buf_cstr(&sql));
        for (size_t i = prebound; i < ps.count; i++) {
            if (ps.items[i].kind == FILTER_PARAM_INT)
                buf_printf(&out, " I:%lld", (long long)ps.items[i].integer);
            else
                buf_printf(&out, " T:%s", ps.items[i].text);
        }
    }
    assert_int_equal(err.count, 0);
    problems_free(&err);
    filter_params_free(&ps);
    filter_free(root);
    buf_free(&sql);
    return buf_detach(&out, NULL);
}

typedef struct row { const char *in, *want; } row;

#define ROWS(t) (sizeof(t) / sizeof((t)[0]))

static void run_rows(const row *rows, size_t n, char *(*fn)(const char *))
{
    for (size_t i = 0; i < n; i++) {
        char *got = fn(rows[i].in);
        bool bad = strcmp(got, rows[i].want) != 0;
        if (bad)
            print_error("row %zu: %s\n  got:  %s\n  want: %s\n", i, rows[i].in, got, rows[i].want);
        free(got);
        if (bad)
            fail();
    }
}

static char *check_none(const char *s) { return check_str(s, FILTER_RULES_NONE); }
static char *check_perm(const char *s) { return check_str(s, (filter_rules){ 1, true }); }
static char *sql_qmark(const char *s) { return sql_str(s, FILTER_PLACEHOLDER_QMARK, 0); }
static char *sql_dollar(const char *s) { return sql_str(s, FILTER_PLACEHOLDER_DOLLAR, 0); }
static char *sql_dollar2(const char *s) { return sql_str(s, FILTER_PLACEHOLDER_DOLLAR, 2); }

/* ---- parsing --------------------------------------------------------------- */

static void test_filter__operators(void **state)
{
    (void)state;
    static const row rows[] = {
        { "a eq \"x\"", "(eq a \"x\")" },
        { "a ne \"x\"", "(ne a \"x\")" },
        { "a gt 1", "(gt a 1)" },
        { "a ge -1", "(ge a -1)" },
        { "a lt 0", "(lt a 0)" },
        { "a le 42", "(le a 42)" },
        { "a co \"mid\"", "(co a \"mid\")" },
        { "a sw \"pre\"", "(sw a \"pre\")" },
        { "a in (\"x\")", "(in a \"x\")" },
        { "a in (\"x\",\"y\" , \"z\")", "(in a \"x\" \"y\" \"z\")" },
        { "a in (1, true, 2018-12-18T23:05:55Z)", "(in a 1 #t @2018-12-18T23:05:55.000Z)" },
        { "a ca (\"x\", \"y\")", "(ca a \"x\" \"y\")" },
        { "pr a", "(pr a)" },
        { "a isnull", "(isnull a)" },
        { "campaignRef.id eq \"2c9\"", "(eq campaignRef.id \"2c9\")" },
        { "_x-y.z_1 eq 1", "(eq _x-y.z_1 1)" },
    };
    run_rows(rows, ROWS(rows), parse_str);
}

static void test_filter__values(void **state)
{
    (void)state;
    static const row rows[] = {
        { "a eq true", "(eq a #t)" },
        { "a eq false", "(eq a #f)" },
        { "a eq 9223372036854775807", "(eq a 9223372036854775807)" },
        { "a eq -9223372036854775808", "(eq a -9223372036854775808)" },
        { "a eq 007", "(eq a 7)" },
        { "a eq \"\"", "(eq a \"\")" },
        { "a eq \"say \\\"hi\\\"\"", "(eq a \"say \\\"hi\\\"\")" },
        { "a eq \"back\\\\slash\"", "(eq a \"back\\\\slash\")" },
        { "a eq \"(not and or),\"", "(eq a \"(not and or),\")" },
        { "a eq \"\\\\\"", "(eq a \"\\\\\")" },
        { "a eq \"caf\xc3\xa9\"", "(eq a \"caf\xc3\xa9\")" },
        { "a gt 2018-12-18T23:05:55Z", "(gt a @2018-12-18T23:05:55.000Z)" },
        { "a gt 2018-12-18t23:05:55z", "(gt a @2018-12-18T23:05:55.000Z)" },
        { "a gt 2018-12-18T23:05:55.1Z", "(gt a @2018-12-18T23:05:55.100Z)" },
        { "a gt 2018-12-18T23:05:55.123456789Z", "(gt a @2018-12-18T23:05:55.123Z)" },
        { "a gt 2018-12-18T23:05:55+02:00", "(gt a @2018-12-18T21:05:55.000Z)" },
        { "a gt 2018-12-18T23:05:55.5-01:30", "(gt a @2018-12-19T00:35:55.500Z)" },
        { "a gt 2019-01-01T00:30:00+01:00", "(gt a @2018-12-31T23:30:00.000Z)" },
        { "a gt 2020-02-29T23:00:00-01:00", "(gt a @2020-03-01T00:00:00.000Z)" },
        { "a gt 2000-03-01T00:00:00+00:01", "(gt a @2000-02-29T23:59:00.000Z)" },
        { "a gt 2018-12-18T23:05:55-00:00", "(gt a @2018-12-18T23:05:55.000Z)" },
        { "  a\teq\n1\r ", "(eq a 1)" },
    };
    run_rows(rows, ROWS(rows), parse_str);
}

static void test_filter__composites(void **state)
{
    (void)state;
    static const row rows[] = {
        { "a eq 1 and b eq 2", "(and (eq a 1) (eq b 2))" },
        { "a eq 1 or b eq 2", "(or (eq a 1) (eq b 2))" },
        { "not a eq 1", "(not (eq a 1))" },
        { "not not a eq 1", "(not (not (eq a 1)))" },
        { "not(a eq 1)", "(not (eq a 1))" },
        { "a eq 1 and b eq 2 and c eq 3", "(and (and (eq a 1) (eq b 2)) (eq c 3))" },
        { "a eq 1 or b eq 2 or c eq 3", "(or (or (eq a 1) (eq b 2)) (eq c 3))" },
        { "(a eq 1)", "(eq a 1)" },
        { "((a eq 1))", "(eq a 1)" },
        { "(a eq 1 or b eq 2) and c eq 3", "(and (or (eq a 1) (eq b 2)) (eq c 3))" },
        { "a eq 1 and (b eq 2 or c eq 3)", "(and (eq a 1) (or (eq b 2) (eq c 3)))" },
        { "not (a eq 1 or b eq 2)", "(not (or (eq a 1) (eq b 2)))" },
        { "pr a and b isnull", "(and (pr a) (isnull b))" },
        { "not pr a", "(not (pr a))" },
        { "(a in (1,2))and(b eq 3)", "(and (in a 1 2) (eq b 3))" },
    };
    run_rows(rows, ROWS(rows), parse_str);
}

static void test_filter__precedence(void **state)
{
    (void)state;
    /* The spec's own example, and its explicitly parenthesized twin. */
    char *a = parse_str("not a eq 1 or b eq 2 and c eq 3");
    char *b = parse_str("(not(a eq 1)) or ((b eq 2) and (c eq 3))");
    assert_string_equal(a, "(or (not (eq a 1)) (and (eq b 2) (eq c 3)))");
    assert_string_equal(a, b);
    free(a);
    free(b);
    static const row rows[] = {
        { "a eq 1 or b eq 2 and c eq 3 or d eq 4",
          "(or (or (eq a 1) (and (eq b 2) (eq c 3))) (eq d 4))" },
        { "not a eq 1 and not b eq 2", "(and (not (eq a 1)) (not (eq b 2)))" },
        { "a eq 1 and not b eq 2 or c eq 3", "(or (and (eq a 1) (not (eq b 2))) (eq c 3))" },
    };
    run_rows(rows, ROWS(rows), parse_str);
}

static void test_filter__positions(void **state)
{
    (void)state;
    problems_t err = PROBLEMS_INIT;
    const char *s = "pr  x or not (y isnull)";
    filter_node *n = filter_parse(s, strlen(s), &err);
    assert_non_null(n);
    assert_int_equal(n->kind, FILTER_NODE_OR);
    assert_int_equal(n->op_pos, 6);
    assert_int_equal(n->left->pos, 4);      /* the field */
    assert_int_equal(n->left->op_pos, 0);   /* "pr" */
    assert_int_equal(n->left->field_index, -1);
    assert_int_equal(n->right->kind, FILTER_NODE_NOT);
    assert_int_equal(n->right->op_pos, 9);
    assert_int_equal(n->right->left->op_pos, 16);
    filter_free(n);

    /* len bounds the text: what follows is not read. */
    const char buf[] = "a eq 1 GARBAGE";
    n = filter_parse(buf, 6, &err);
    assert_non_null(n);
    assert_int_equal(n->values[0].number, 1);
    assert_int_equal(n->values[0].pos, 5);
    filter_free(n);
    filter_free(NULL);
    assert_int_equal(err.count, 0);
    problems_free(&err);
}

static void test_filter__parse_errors(void **state)
{
    (void)state;
    static const row rows[] = {
        { "", "ERR filters: empty expression" },
        { " \t\n", "ERR filters: empty expression" },
        { "a eq", "ERR filters: expected a value after \"eq\" at position 5" },
        { "phase eq", "ERR filters: expected a value after \"eq\" at position 9" },
        { "a eq )", "ERR filters: expected a value after \"eq\" at position 6" },
        { "a eq \"abc", "ERR filters: unterminated string at position 6" },
        { "a eq \"abc\\\"", "ERR filters: unterminated string at position 6" },
        { "a eq \"abc\\", "ERR filters: unterminated string at position 6" },
        { "a eq \"a\\nb\"", "ERR filters: invalid escape at position 8; use \\\" or \\\\" },
        { "a eq 1 foo", "ERR filters: unexpected \"foo\" at position 8" },
        { "a eq 1 \"x\"", "ERR filters: unexpected string at position 8" },
        { "a eq 1)", "ERR filters: unexpected \")\" at position 7" },
        { "a eq 1 (", "ERR filters: unexpected \"(\" at position 8" },
        { "a eq 1,", "ERR filters: unexpected \",\" at position 7" },
        { "(a eq 1", "ERR filters: expected \")\" at position 8" },
        { "(a eq 1 foo", "ERR filters: expected \")\" at position 9" },
        { "()", "ERR filters: expected a field name at position 2" },
        { "a eq 1 and", "ERR filters: expected a field name at position 11" },
        { "a eq 1 or )", "ERR filters: expected a field name at position 11" },
        { "not", "ERR filters: expected a field name at position 4" },
        { "\"a\" eq 1", "ERR filters: expected a field name at position 1" },
        { "1a eq 1", "ERR filters: invalid field name \"1a\" at position 1" },
        { "a$ eq 1", "ERR filters: invalid field name \"a$\" at position 1" },
        { "a", "ERR filters: expected an operator after \"a\" at position 2" },
        { "a (", "ERR filters: expected an operator after \"a\" at position 3" },
        { "a and b eq 1", "ERR filters: expected an operator after \"a\" at position 3" },
        { "a foo 1", "ERR filters: unknown operator \"foo\" at position 3" },
        { "a pr", "ERR filters: \"pr\" goes before the field name at position 3" },
        { "pr", "ERR filters: expected a field name after \"pr\" at position 3" },
        { "pr \"a\"", "ERR filters: expected a field name after \"pr\" at position 4" },
        { "pr 1a", "ERR filters: expected a field name after \"pr\" at position 4" },
        { "completed eq yes", "ERR filters: invalid value \"yes\" at position 14" },
        { "a eq foo", "ERR filters: invalid value \"foo\" at position 6" },
        { "a eq -", "ERR filters: invalid value \"-\" at position 6" },
        { "a eq TRUE", "ERR filters: booleans are lower case: \"TRUE\" at position 6" },
        { "a eq False", "ERR filters: booleans are lower case: \"False\" at position 6" },
        { "a eq 1.5", "ERR filters: invalid number \"1.5\" at position 6" },
        { "a eq 12abc", "ERR filters: invalid number \"12abc\" at position 6" },
        { "a eq --1", "ERR filters: invalid value \"--1\" at position 6" },
        { "a eq 9223372036854775808",
          "ERR filters: number out of range \"9223372036854775808\" at position 6" },
        { "a eq -9223372036854775809",
          "ERR filters: number out of range \"-9223372036854775809\" at position 6" },
        { "a gt 2018-12-18", "ERR filters: invalid date-time \"2018-12-18\" at position 6" },
        { "a gt 2018-13-18T23:05:55Z",
          "ERR filters: invalid date-time \"2018-13-18T23:05:55Z\" at position 6" },
        { "a gt 2019-02-29T23:05:55Z",
          "ERR filters: invalid date-time \"2019-02-29T23:05:55Z\" at position 6" },
        { "a gt 2018-12-18T24:00:00Z",
          "ERR filters: invalid date-time \"2018-12-18T24:00:00Z\" at position 6" },
        { "a gt 2018-12-18T23:05:55",
          "ERR filters: invalid date-time \"2018-12-18T23:05:55\" at position 6" },
        { "a gt 2018-12-18T23:05:55.Z",
          "ERR filters: invalid date-time \"2018-12-18T23:05:55.Z\" at position 6" },
        { "a gt 2018-12-18T23:05:55+0200",
          "ERR filters: invalid date-time \"2018-12-18T23:05:55+0200\" at position 6" },
        { "a gt 2018-12-18T23:05:55+24:00",
          "ERR filters: invalid date-time \"2018-12-18T23:05:55+24:00\" at position 6" },
        { "a gt 2018-12-18T23:05:55Zjunk",
          "ERR filters: invalid date-time \"2018-12-18T23:05:55Zjunk\" at position 6" },
        { "a gt 0000-01-01T00:00:00+01:00",
          "ERR filters: invalid date-time \"0000-01-01T00:00:00+01:00\" at position 6" },
        { "a gt 9999-12-31T23:59:59-00:01",
          "ERR filters: invalid date-time \"9999-12-31T23:59:59-00:01\" at position 6" },
        { "id EQ \"x\"", "ERR filters: operators are lower case: \"EQ\" at position 4" },
        { "a In (1)", "ERR filters: operators are lower case: \"In\" at position 3" },
        { "a ISNULL", "ERR filters: operators are lower case: \"ISNULL\" at position 3" },
        { "a eq 1 AND b eq 2", "ERR filters: operators are lower case: \"AND\" at position 8" },
        { "(a eq 1 Or b eq 2)", "ERR filters: operators are lower case: \"Or\" at position 9" },
        { "NOT a eq 1", "ERR filters: operators are lower case: \"NOT\" at position 1" },
        { "PR a", "ERR filters: operators are lower case: \"PR\" at position 1" },
        { "PR", "ERR filters: operators are lower case: \"PR\" at position 1" },
        { "id eq (\"a\")", "ERR filters: \"eq\" takes one value; use \"in\" for a list at position 4" },
        { "id ne (\"a\")", "ERR filters: \"ne\" takes one value at position 4" },
        { "id sw (\"a\")", "ERR filters: \"sw\" takes one value at position 4" },
        { "id in \"a\"", "ERR filters: expected \"(\" after \"in\" at position 7" },
        { "id ca", "ERR filters: expected \"(\" after \"ca\" at position 6" },
        { "id in ()", "ERR filters: empty list after \"in\" at position 8" },
        { "id ca ( )", "ERR filters: empty list after \"ca\" at position 9" },
        { "id in (\"a\",)", "ERR filters: expected a value after \",\" at position 12" },
        { "id in (,\"a\")", "ERR filters: expected a value after \"(\" at position 8" },
        { "id in (\"a\" \"b\")", "ERR filters: expected \",\" or \")\" at position 12" },
        { "id in (\"a\"", "ERR filters: expected \",\" or \")\" at position 11" },
        { "id in (x)", "ERR filters: invalid value \"x\" at position 8" },
        { "a eq \"x\"\xc3\xa9", "ERR filters: unexpected \"??\" at position 9" },
        { "a eq 1 or", "ERR filters: expected a field name at position 10" },
        { "a eq 1 and or", "ERR filters: expected a field name at position 12" },
    };
    run_rows(rows, ROWS(rows), parse_str);

    /* An embedded NUL would silently truncate C strings downstream. */
    problems_t err = PROBLEMS_INIT;
    assert_null(filter_parse("a eq \"x\0\"", 9, &err));
    assert_string_equal(sentence(&err), "filters: unexpected NUL byte at position 8");

    /* Long client text is shortened in messages, never overflowing them. */
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_null(filter_parse(big, strlen(big), &err));
    assert_string_equal(sentence(&err),
                        "filters: expected an operator after "
                        "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" at position 300");
    problems_free(&err);
}

/* ---- caps ------------------------------------------------------------------ */

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    buf_t b = BUF_INIT;
    buf_puts(&b, head);
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, unit);
    buf_puts(&b, tail);
    return buf_detach(&b, NULL);
}

/* Whether s parses; a failure adds one sentence to err, a success none. */
static bool parses(const char *s, problems_t *err)
{
    size_t before = err->count;
    filter_node *n = filter_parse(s, strlen(s), err);
    assert_int_equal(err->count, before + (n == NULL));
    filter_free(n);
    return n != NULL;
}

static void test_filter__depth_limit(void **state)
{
    (void)state;
    problems_t err = PROBLEMS_INIT;
    char *s = repeat("", "(", FILTER_MAX_DEPTH, "a eq 1");
    char *t = repeat(s, ")", FILTER_MAX_DEPTH, "");
    assert_true(parses(t, &err));
    free(s);
    free(t);

    s = repeat("", "(", FILTER_MAX_DEPTH + 1, "a eq 1");
    t = repeat(s, ")", FILTER_MAX_DEPTH + 1, "");
    assert_false(parses(t, &err));
    assert_string_equal(sentence(&err), "filters: nesting deeper than 32 at position 33");
    free(s);
    free(t);

    s = repeat("", "not ", FILTER_MAX_DEPTH, "a eq 1");
    assert_true(parses(s, &err));
    free(s);
    s = repeat("", "not ", FILTER_MAX_DEPTH + 1, "a eq 1");
    assert_false(parses(s, &err));
    assert_string_equal(sentence(&err), "filters: nesting deeper than 32 at position 129");
    free(s);

    /* not and parentheses share the budget; depth is not cumulative. */
    s = repeat("", "not (", FILTER_MAX_DEPTH / 2, "a eq 1");
    t = repeat(s, ")", FILTER_MAX_DEPTH / 2, " and (((b eq 1)))");
    assert_true(parses(t, &err));
    free(s);
    free(t);
    s = repeat("", "not (", FILTER_MAX_DEPTH / 2, "(a eq 1");
    t = repeat(s, ")", FILTER_MAX_DEPTH / 2 + 1, "");
    assert_false(parses(t, &err));
    assert_string_equal(sentence(&err), "filters: nesting deeper than 32 at position 81");
    free(s);
    free(t);

    /* Far deeper than the cap: fails fast, without deep recursion. */
    s = repeat("", "(", FILTER_MAX_LEN, "");
    assert_false(parses(s, &err));
    assert_string_equal(sentence(&err), "filters: nesting deeper than 32 at position 33");
    free(s);
    problems_free(&err);
}

static void test_filter__term_limit(void **state)
{
    (void)state;
    problems_t err = PROBLEMS_INIT;
    char *s = repeat("a eq 1", " or a eq 1", FILTER_MAX_TERMS - 1, "");
    assert_true(parses(s, &err));
    free(s);
    s = repeat("a eq 1", " or a eq 1", FILTER_MAX_TERMS, "");
    assert_false(parses(s, &err));
    assert_string_equal(sentence(&err), "filters: more than 64 comparisons");
    free(s);
    s = repeat("pr a", " and pr a", FILTER_MAX_TERMS, "");
    assert_false(parses(s, &err));
    assert_string_equal(sentence(&err), "filters: more than 64 comparisons");
    free(s);
    problems_free(&err);
}

static void test_filter__length_limit(void **state)
{
    (void)state;
    problems_t err = PROBLEMS_INIT;
    /* Exactly the cap is fine; one byte more is not, even if blank. */
    char *s = repeat("a eq \"", "x", FILTER_MAX_LEN - 7, "\"");
    assert_int_equal(strlen(s), FILTER_MAX_LEN);
    assert_true(parses(s, &err));
    free(s);
    s = repeat("a eq 1", " ", FILTER_MAX_LEN - 5, "");
    assert_false(parses(s, &err));
    assert_string_equal(sentence(&err), "filters: expression longer than 8192 bytes");
    free(s);
    problems_free(&err);
}

static void test_filter__list_limit(void **state)
{
    (void)state;
    problems_t err = PROBLEMS_INIT;
    char *s = repeat("a in (0", ",1", FILTER_MAX_LIST - 1, ")");
    filter_node *n = filter_parse(s, strlen(s), &err);
    assert_non_null(n);
    assert_int_equal(n->value_count, FILTER_MAX_LIST);
    filter_free(n);
    free(s);
    s = repeat("a in (0", ",1", FILTER_MAX_LIST, ")");
    assert_false(parses(s, &err));
    assert_string_equal(sentence(&err), "filters: more than 256 values in a list at position 519");
    free(s);
    problems_free(&err);
}

/* ---- validation ------------------------------------------------------------ */

static void test_filter__validate(void **state)
{
    (void)state;
    static const row rows[] = {
        { "id eq \"x\" and phase eq \"ACTIVE\"", "(and (eq id \"x\") (eq phase \"ACTIVE\"))" },
        { "campaign.id in (\"a\",\"b\")", "(in campaign.id \"a\" \"b\")" },
        { "completed eq true or completed ne false",
          "(or (eq completed #t) (ne completed #f))" },
        { "count gt 5 and count le -5", "(and (gt count 5) (le count -5))" },
        { "count in (1, 2)", "(in count 1 2)" },
        { "created gt 2018-12-18T23:05:55Z", "(gt created @2018-12-18T23:05:55.000Z)" },
        /* Quoted RFC 3339 strings are accepted for date-times and normalized. */
        { "created lt \"2018-12-18T23:05:55.25+01:00\"",
          "(lt created @2018-12-18T22:05:55.250Z)" },
        { "created in (\"2018-12-18T23:05:55Z\", 2019-01-01T00:00:00Z)",
          "(in created @2018-12-18T23:05:55.000Z @2019-01-01T00:00:00.000Z)" },
        { "pr created or created isnull", "(or (pr created) (isnull created))" },
        { "rights ca (\"SELECT\", \"CREATE\")", "(ca rights \"SELECT\" \"CREATE\")" },
        { "not name co \"x\"", "(not (co name \"x\"))" },
        { "owner eq \"x\"", "ERR filters: unknown field \"owner\" at position 1" },
        { "id eq \"x\" and Phase eq \"A\"", "ERR filters: unknown field \"Phase\" at position 15" },
        { "phase sw \"A\"", "ERR filters: operator \"sw\" is not allowed on \"phase\" at position 7" },
        { "pr phase", "ERR filters: operator \"pr\" is not allowed on \"phase\" at position 1" },
        { "id isnull", "ERR filters: operator \"isnull\" is not allowed on \"id\" at position 4" },
        /* A set field takes only ca, a scalar never does (even if listed). */
        { "rights eq \"x\"", "ERR filters: operator \"eq\" is not allowed on \"rights\" at position 8" },
        { "target ca (\"x\")", "ERR filters: operator \"ca\" is not allowed on \"target\" at position 8" },
        { "completed eq \"true\"",
          "ERR filters: \"completed\" takes true or false at position 14" },
        { "completed eq 1", "ERR filters: \"completed\" takes true or false at position 14" },
        { "count eq \"5\"", "ERR filters: \"count\" takes an integer at position 10" },
        { "count in (1, true)", "ERR filters: \"count\" takes an integer at position 14" },
        { "name eq 5", "ERR filters: \"name\" takes a quoted string at position 9" },
        { "name eq true", "ERR filters: \"name\" takes a quoted string at position 9" },
        { "name eq 2018-12-18T23:05:55Z",
          "ERR filters: \"name\" takes a quoted string at position 9" },
        { "created gt \"yesterday\"", "ERR filters: \"created\" takes a date-time at position 12" },
        { "created gt 5", "ERR filters: \"created\" takes a date-time at position 12" },
        { "rights ca (\"x\", 1)", "ERR filters: \"rights\" takes quoted strings at position 17" },
        /* The first problem in text order wins. */
        { "owner eq 1 and phase sw \"A\"", "ERR filters: unknown field \"owner\" at position 1" },
        { "phase sw \"A\" or owner eq 1",
          "ERR filters: operator \"sw\" is not allowed on \"phase\" at position 7" },
    };
    run_rows(rows, ROWS(rows), check_none);
}

static void test_filter__validate_field_index(void **state)
{
    (void)state;
    problems_t err = PROBLEMS_INIT;
    const char *s = "campaign.id eq \"c\" and not completed eq true";
    filter_node *n = filter_parse(s, strlen(s), &err);
    assert_non_null(n);
    assert_int_equal(filter_validate(n, fields, NFIELDS, FILTER_RULES_NONE, &err), 0);
    assert_int_equal(n->left->field_index, 8);
    assert_int_equal(n->right->left->field_index, 3);
    filter_free(n);
    assert_int_equal(err.count, 0);
    assert_int_equal(filter_validate(NULL, fields, NFIELDS, FILTER_RULES_NONE, &err), -1);
    assert_string_equal(sentence(&err), "filters: empty expression");
    problems_free(&err);
}

static void test_filter__validate_rules(void **state)
{
    (void)state;
    /* The permissions endpoint: one and/or, joining different fields. */
    static const row rows[] = {
        { "rights ca (\"CREATE\") and target eq \"SYS.OBJAUTH2\"",
          "(and (ca rights \"CREATE\") (eq target \"SYS.OBJAUTH2\"))" },
        { "target sw \"SYS\" or rights ca (\"SELECT\")",
          "(or (sw target \"SYS\") (ca rights \"SELECT\"))" },
        { "rights ca (\"A\", \"B\")", "(ca rights \"A\" \"B\")" },
        { "rights ca (\"CREATE\") and rights ca (\"SELECT\")",
          "ERR filters: and/or must join filters on different fields at position 22" },
        { "target eq \"a\" or target eq \"b\"",
          "ERR filters: and/or must join filters on different fields at position 15" },
        { "target eq \"a\" and (target eq \"b\")",
          "ERR filters: and/or must join filters on different fields at position 15" },
        { "rights ca (\"A\") and target eq \"a\" and target eq \"b\"",
          "ERR filters: at most 1 and/or operator is allowed" },
    };
    run_rows(rows, ROWS(rows), check_perm);

    /* distinct_fields looks at every field under each side. */
    const char *s = "(id eq \"a\" or name eq \"b\") and (phase eq \"c\" or not name sw \"d\")";
    char *got = check_str(s, (filter_rules){ -1, true });
    assert_string_equal(got, "ERR filters: and/or must join filters on different fields at position 28");
    free(got);
    got = check_str("id eq \"a\" and name eq \"b\" or phase eq \"c\"", (filter_rules){ -1, true });
    assert_string_equal(got, "(or (and (eq id \"a\") (eq name \"b\")) (eq phase \"c\"))");
    free(got);
    got = check_str("id eq \"a\" and name eq \"b\" or phase eq \"c\"", (filter_rules){ 2, false });
    assert_string_equal(got, "(or (and (eq id \"a\") (eq name \"b\")) (eq phase \"c\"))");
    free(got);
    got = check_str("id eq \"a\" and name eq \"b\" or phase eq \"c\" or pr name",
                    (filter_rules){ 2, false });
    assert_string_equal(got, "ERR filters: at most 2 and/or operators are allowed");
    free(got);
    got = check_str("id eq \"a\" or id eq \"b\"", (filter_rules){ 0, false });
    assert_string_equal(got, "ERR filters: and/or operators are not allowed");
    free(got);
    got = check_str("not id eq \"a\"", (filter_rules){ 0, true });
    assert_string_equal(got, "(not (eq id \"a\"))");
    free(got);
}

/* ---- SQL ------------------------------------------------------------------- */

static void test_filter__sql_qmark(void **state)
{
    (void)state;
    static const row rows[] = {
        { "id eq \"x\"", "(c.id = ?) | T:x" },
        { "name ne \"x\"", "(c.name <> ?) | T:x" },
        { "name gt \"b\"", "(c.name > ?) | T:b" },
        { "name ge \"b\"", "(c.name >= ?) | T:b" },
        { "name lt \"b\"", "(c.name < ?) | T:b" },
        { "name le \"b\"", "(c.name <= ?) | T:b" },
        { "name co \"mid\"", "(c.name LIKE ? ESCAPE '\\') | T:%mid%" },
        { "name sw \"pre\"", "(c.name LIKE ? ESCAPE '\\') | T:pre%" },
        { "name co \"100%_a\\\\b\"", "(c.name LIKE ? ESCAPE '\\') | T:%100\\%\\_a\\\\b%" },
        { "name sw \"%\"", "(c.name LIKE ? ESCAPE '\\') | T:\\%%" },
        { "name sw \"\"", "(c.name LIKE ? ESCAPE '\\') | T:%" },
        { "id in (\"a\", \"b\", \"c\")", "(c.id IN (?, ?, ?)) | T:a T:b T:c" },
        { "pr name", "(c.name IS NOT NULL) |" },
        { "name isnull", "(c.name IS NULL) |" },
        { "completed eq true", "(c.completed = ?) | I:1" },
        { "completed ne false", "(c.completed <> ?) | I:0" },
        { "count gt -7", "(c.count > ?) | I:-7" },
        { "created ge 2018-12-18T23:05:55+02:00",
          "(c.created >= ?) | T:2018-12-18T21:05:55.000Z" },
        { "rights ca (\"SELECT\")",
          "(EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = ?)) | T:SELECT" },
        { "rights ca (\"A\", \"B\")",
          "(EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = ?) AND "
          "EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = ?)) | T:A T:B" },
        { "not id eq \"x\"", "(NOT (c.id = ?)) | T:x" },
        { "id eq \"a\" and phase eq \"b\"", "((c.id = ?) AND (c.phase = ?)) | T:a T:b" },
        { "not id eq \"a\" or phase eq \"b\" and completed eq true",
          "((NOT (c.id = ?)) OR ((c.phase = ?) AND (c.completed = ?))) | T:a T:b I:1" },
        /* A value is only ever a parameter, never SQL text. */
        { "name eq \"'); DROP TABLE c; --\"", "(c.name = ?) | T:'); DROP TABLE c; --" },
    };
    run_rows(rows, ROWS(rows), sql_qmark);
}

static void test_filter__sql_dollar(void **state)
{
    (void)state;
    static const row rows[] = {
        { "id eq \"x\"", "(c.id = $1) | T:x" },
        { "id in (\"a\", \"b\") or name sw \"p_\"",
          "((c.id IN ($1, $2)) OR (c.name LIKE $3 ESCAPE '\\')) | T:a T:b T:p\\_%" },
        { "rights ca (\"A\", \"B\") and completed eq false",
          "((EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = $1) AND "
          "EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = $2)) AND "
          "(c.completed = $3)) | T:A T:B I:0" },
        { "pr name and count le 3", "((c.name IS NOT NULL) AND (c.count <= $1)) | I:3" },
    };
    run_rows(rows, ROWS(rows), sql_dollar);
    /* Numbering continues after parameters the caller bound first. */
    static const row pre[] = {
        { "id eq \"x\"", "(c.id = $3) | T:x" },
        { "id in (\"a\", \"b\") and name co \"z\"",
          "((c.id IN ($3, $4)) AND (c.name LIKE $5 ESCAPE '\\')) | T:a T:b T:%z%" },
    };
    run_rows(pre, ROWS(pre), sql_dollar2);
}

static void test_filter__sql_appends(void **state)
{
    (void)state;
    /* to_sql appends to what the caller already wrote and bound. */
    problems_t err = PROBLEMS_INIT;
    filter_params ps = { 0 };
    buf_t sql = BUF_INIT;
    const char *a = "name co \"x\"", *b = "name sw \"y\" and completed eq true";
    filter_node *na = filter_parse(a, strlen(a), &err), *nb = filter_parse(b, strlen(b), &err);
    assert_non_null(na);
    assert_non_null(nb);
    assert_int_equal(filter_validate(na, fields, NFIELDS, FILTER_RULES_NONE, &err), 0);
    assert_int_equal(filter_validate(nb, fields, NFIELDS, FILTER_RULES_NONE, &err), 0);
    buf_puts(&sql, "SELECT * FROM c WHERE ");
    assert_int_equal(filter_to_sql(na, columns, FILTER_PLACEHOLDER_DOLLAR, &sql, &ps), 0);
    buf_puts(&sql, " AND ");
    assert_int_equal(filter_to_sql(nb, columns, FILTER_PLACEHOLDER_DOLLAR, &sql, &ps), 0);
    assert_string_equal(buf_cstr(&sql), "SELECT * FROM c WHERE (c.name LIKE $1 ESCAPE '\\') AND "
                                        "((c.name LIKE $2 ESCAPE '\\') AND (c.completed = $3))");
    assert_int_equal(ps.count, 3);
    assert_int_equal(ps.owned_count, 2);
    assert_string_equal(ps.items[0].text, "%x%");
    assert_string_equal(ps.items[1].text, "y%");
    assert_int_equal(ps.items[2].kind, FILTER_PARAM_INT);
    assert_int_equal(ps.items[2].integer, 1);
    filter_params_free(&ps);
    assert_int_equal(ps.count, 0);
    assert_null(ps.items);
    filter_params_free(&ps);
    filter_params_free(NULL);

    /* A capped buffer that overflows reports failure (no partial success). */
    buf_t small;
    buf_init(&small, 8);
    assert_int_equal(filter_to_sql(na, columns, FILTER_PLACEHOLDER_QMARK, &small, &ps), -1);
    buf_free(&small);
    filter_params_free(&ps);

    /* An unvalidated tree has no field index and is refused. */
    filter_node *raw = filter_parse(a, strlen(a), &err);
    assert_int_equal(filter_to_sql(raw, columns, FILTER_PLACEHOLDER_QMARK, &sql, &ps), -1);
    filter_params_free(&ps);
    filter_free(raw);
    filter_free(na);
    filter_free(nb);
    buf_free(&sql);
    assert_int_equal(err.count, 0);
    problems_free(&err);
}

static void test_filter__op_names(void **state)
{
    (void)state;
    static const char *const want[] = { "eq", "ne", "gt", "ge", "lt", "le",
                                        "co", "sw", "in", "ca", "pr", "isnull" };
    for (int op = 0; op < FILTER_OP_COUNT; op++)
        assert_string_equal(filter_op_name((filter_op)op), want[op]);
    assert_string_equal(filter_op_name(FILTER_OP_COUNT), "?");
}

/* ---- sorters --------------------------------------------------------------- */

static const char *const sortable[] = { "name", "due", "signed" };

static char *sorters_str(const char *s)
{
    sorter_key keys[SORTERS_MAX];
    size_t n = 99;
    problems_t err = PROBLEMS_INIT;
    buf_t b = BUF_INIT;
    if (sorters_parse(s, strlen(s), sortable, 3, keys, &n, &err) == 0) {
        assert_int_equal(err.count, 0);
        buf_printf(&b, "%zu:", n);
        for (size_t i = 0; i < n; i++)
            buf_printf(&b, " %s%s", keys[i].desc ? "-" : "+", sortable[keys[i].field_index]);
    } else {
        assert_int_equal(n, 0);
        buf_printf(&b, "ERR %s", sentence(&err));
    }
    problems_free(&err);
    return buf_detach(&b, NULL);
}

static void test_filter__sorters(void **state)
{
    (void)state;
    static const row rows[] = {
        { "name", "1: +name" },
        { "-due", "1: -due" },
        { "name,-due,signed", "3: +name -due +signed" },
        { "-signed,name", "2: -signed +name" },
        { " name , -due ", "2: +name -due" },
        { "", "0:" },
        { "  ", "0:" },
        { "due2", "ERR sorters: \"due2\" is not sortable; use name, due, signed" },
        { "name,Due", "ERR sorters: \"Due\" is not sortable; use name, due, signed" },
        { "--due", "ERR sorters: \"-due\" is not sortable; use name, due, signed" },
        { "name,name", "ERR sorters: \"name\" is listed twice at position 6" },
        { "name,-name", "ERR sorters: \"name\" is listed twice at position 6" },
        { "name,,due", "ERR sorters: empty item at position 6" },
        { "name,", "ERR sorters: empty item at position 6" },
        { ",name", "ERR sorters: empty item at position 1" },
        { "name, ,due", "ERR sorters: empty item at position 7" },
        { "-", "ERR sorters: expected a field name after \"-\" at position 2" },
        { "name,- ", "ERR sorters: expected a field name after \"-\" at position 7" },
    };
    run_rows(rows, ROWS(rows), sorters_str);
}

static void test_filter__sorters_limits(void **state)
{
    (void)state;
    const char *const many[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i" };
    sorter_key keys[SORTERS_MAX];
    size_t n;
    problems_t err = PROBLEMS_INIT;
    const char *ok = "a,b,c,d,e,f,g,-h";
    assert_int_equal(sorters_parse(ok, strlen(ok), many, 9, keys, &n, &err), 0);
    assert_int_equal(err.count, 0);
    assert_int_equal(n, SORTERS_MAX);
    assert_int_equal(keys[7].field_index, 7);
    assert_true(keys[7].desc);
    const char *bad = "a,b,c,d,e,f,g,h,i";
    assert_int_equal(sorters_parse(bad, strlen(bad), many, 9, keys, &n, &err), -1);
    assert_string_equal(sentence(&err), "sorters: more than 8 keys");

    assert_int_equal(sorters_parse("x", 1, NULL, 0, keys, &n, &err), -1);
    assert_string_equal(sentence(&err), "sorters: \"x\" is not sortable; this collection cannot be sorted");

    /* Not NUL-terminated: len bounds the text. */
    assert_int_equal(sorters_parse("name,due", 4, sortable, 3, keys, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(err.count, 0);

    /* Hostile names are shortened and made printable. */
    char big[200];
    memset(big, 'z', sizeof big);
    big[0] = '"';
    big[1] = '\n';
    assert_int_equal(sorters_parse(big, sizeof big, sortable, 3, keys, &n, &err), -1);
    char zs[63], want[160];
    memset(zs, 'z', 62);
    zs[62] = '\0';
    snprintf(want, sizeof want, "sorters: \"??%s...\" is not sortable; use name, due, signed", zs);
    assert_string_equal(sentence(&err), want);
    problems_free(&err);
}

/* ---- the problems carrier -------------------------------------------------- */

static void test_filter__problems(void **state)
{
    (void)state;
    sorter_key keys[SORTERS_MAX];
    size_t n;
    filter_node *root;

    /* NULL: the caller wants no sentence; failure is still reported. */
    assert_null(filter_parse("a eq", 4, NULL));
    assert_non_null(root = filter_parse("owner eq 1", 10, NULL));
    assert_int_equal(filter_validate(root, fields, NFIELDS, FILTER_RULES_NONE, NULL), -1);
    filter_free(root);
    assert_int_equal(filter_validate(NULL, fields, NFIELDS, FILTER_RULES_NONE, NULL), -1);
    assert_int_equal(sorters_parse("x", 1, sortable, 3, keys, &n, NULL), -1);
    assert_int_equal(n, 0);

    /* A failure appends its one sentence after what the carrier holds. */
    problems_t p = PROBLEMS_INIT;
    problems_add(&p, "limit: must be a number");
    assert_null(filter_parse("a eq", 4, &p));
    assert_int_equal(sorters_parse("due,due", 7, sortable, 3, keys, &n, &p), -1);
    assert_int_equal(p.count, 3);
    assert_string_equal(p.items[0], "limit: must be a number");
    assert_string_equal(p.items[1], "filters: expected a value after \"eq\" at position 5");
    assert_string_equal(p.items[2], "sorters: \"due\" is listed twice at position 5");
    problems_free(&p);

    /* The last message a parse sets wins: "NOT" then an unterminated
     * string is reported as the misspelt operator, not the string. */
    assert_null(filter_parse("NOT \"x", 6, &p));
    assert_string_equal(sentence(&p), "filters: operators are lower case: \"NOT\" at position 1");

    /* A sentence is cut at 255 bytes, as the message always was. */
    static const char *const longer[] = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
        "ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
    };
    buf_t full = BUF_INIT;
    buf_puts(&full, "sorters: \"x\" is not sortable; use ");
    for (size_t i = 0; i < 4; i++)
        buf_printf(&full, "%s%s", i ? ", " : "", longer[i]);
    assert_true(full.len > 255);
    assert_int_equal(sorters_parse("x", 1, longer, 4, keys, &n, &p), -1);
    assert_int_equal(p.count, 1);
    assert_int_equal(strlen(p.items[0]), 255);
    assert_memory_equal(p.items[0], full.data, 255);
    buf_free(&full);
    problems_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter__operators),
        cmocka_unit_test(test_filter__values),
        cmocka_unit_test(test_filter__composites),
        cmocka_unit_test(test_filter__precedence),
        cmocka_unit_test(test_filter__positions),
        cmocka_unit_test(test_filter__parse_errors),
        cmocka_unit_test(test_filter__depth_limit),
        cmocka_unit_test(test_filter__term_limit),
        cmocka_unit_test(test_filter__length_limit),
        cmocka_unit_test(test_filter__list_limit),
        cmocka_unit_test(test_filter__validate),
        cmocka_unit_test(test_filter__validate_field_index),
        cmocka_unit_test(test_filter__validate_rules),
        cmocka_unit_test(test_filter__sql_qmark),
        cmocka_unit_test(test_filter__sql_dollar),
        cmocka_unit_test(test_filter__sql_appends),
        cmocka_unit_test(test_filter__op_names),
        cmocka_unit_test(test_filter__sorters),
        cmocka_unit_test(test_filter__sorters_limits),
        cmocka_unit_test(test_filter__problems),
    };
    return cmocka_run_group_tests(tests, setup_fields, NULL);
}
