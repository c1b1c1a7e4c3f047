/*
 * fuzz_filter: the "filters" query parameter, end to end:
 * filter_parse -> filter_validate -> filter_to_sql -> free.
 *
 * The input is the filter text as the server sees it after URL decoding.
 * Each input is parsed three times and validated against three tables,
 * because validation mutates the AST (field indexes, date-times):
 *   1. list-certifications' fields, no shape rules, '?' placeholders;
 *   2. the item-permissions fields with SailPoint's rules {1, true} (one
 *      and/or joining different fields), '$n' placeholders after two
 *      pre-bound parameters, as a PostgreSQL query would have;
 *   3. a table allowing every operator on every type, so that every branch
 *      of the SQL compiler (LIKE escaping, sets, numbers, date-times, pr,
 *      isnull) is reachable, which tables 1 and 2 alone would not allow.
 * Tables 1 and 2 mirror src/server/handlers/certifications.c and the
 * columns of src/store/store_sqlite.c (both static there).
 *
 * Oracles: a failed parse or validation adds exactly one sentence (a
 * non-empty string of at most 255 bytes) to the problems it is given, a
 * successful one none. A validated tree has every comparison resolved to a
 * field and always compiles. A value never becomes SQL text: the compiled SQL holds
 * no quote except the fixed ESCAPE '\' clause, no ';' and no comment
 * marker, and has exactly one placeholder per bound parameter.
 */
#include <string.h>

#include "filter/filter.h"
#include "fuzz.h"

#define ALL_OPS ((1u << FILTER_OP_COUNT) - 1)
#define OP(x) FILTER_OPBIT(FILTER_##x)

static const filter_field cert_fields[] = {
    { "id", OP(EQ) | OP(IN), FILTER_TYPE_STRING },
    { "phase", OP(EQ), FILTER_TYPE_STRING },
    { "completed", OP(EQ) | OP(NE), FILTER_TYPE_BOOL },
    { "campaignRef.campaignType", OP(EQ) | OP(IN), FILTER_TYPE_STRING },
    { "campaignRef.id", OP(EQ) | OP(IN), FILTER_TYPE_STRING },
};
static const filter_column cert_columns[] = {
    { "c.id", NULL }, { "c.phase", NULL }, { "c.completed", NULL },
    { "cp.type", NULL }, { "c.campaign_id", NULL },
};

static const filter_field permission_fields[] = {
    { "target", OP(EQ) | OP(SW), FILTER_TYPE_STRING },
    { "rights", OP(CA), FILTER_TYPE_STRING_SET },
};
static const filter_column permission_columns[] = {
    { "p.target", NULL },
    { NULL, "EXISTS (SELECT 1 FROM permission_right r WHERE r.permission_id = p.id AND r.name = ?)" },
};

static const filter_field any_fields[] = {
    { "id", ALL_OPS, FILTER_TYPE_STRING },
    { "name", ALL_OPS, FILTER_TYPE_STRING },
    { "completed", ALL_OPS, FILTER_TYPE_BOOL },
    { "count", ALL_OPS, FILTER_TYPE_NUMBER },
    { "created", ALL_OPS, FILTER_TYPE_DATETIME },
    { "rights", ALL_OPS, FILTER_TYPE_STRING_SET },
    { "tags", ALL_OPS, FILTER_TYPE_STRING_SET },
};
static const filter_column any_columns[] = {
    { "c.id", NULL }, { "c.name", NULL }, { "c.completed", NULL }, { "c.count", NULL },
    { "c.created", NULL },
    { NULL, "EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = ?)" },
    { "t.tags", NULL }, /* a set without a member query: degrades to equality */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Checks the invariants of a successful compilation. */
static void check_sql(const buf_t *sql, const filter_params *ps, size_t prebound,
                      filter_placeholder style)
{
    static const char escape[] = " ESCAPE '\\'";
    const char *s = sql->data ? sql->data : "";
    size_t marks = 0;
    FUZZ_CHECK(strlen(s) == sql->len);
    for (size_t i = 0; i < sql->len; i++) {
        if (s[i] == '\'') {
            FUZZ_CHECK(i >= 8 && memcmp(s + i - 8, escape, sizeof escape - 1) == 0);
            i += 2; /* the \ and the closing quote */
            continue;
        }
        FUZZ_CHECK(s[i] != '"' && s[i] != ';');
        FUZZ_CHECK(!(s[i] == '-' && s[i + 1] == '-'));
        FUZZ_CHECK(!(s[i] == '/' && s[i + 1] == '*'));
        if (style == FILTER_PLACEHOLDER_QMARK ? s[i] == '?' : s[i] == '$')
            marks++;
    }
    FUZZ_CHECK(ps->count >= prebound && marks == ps->count - prebound);
    for (size_t i = prebound; i < ps->count; i++)
        FUZZ_CHECK(ps->items[i].kind == FILTER_PARAM_INT || ps->items[i].text != NULL);
}

/* Whether validation resolved every comparison to a field of the table. */
static bool all_indexed(const filter_node *n, size_t count)
{
    if (n->kind != FILTER_NODE_CMP)
        return all_indexed(n->left, count) && (!n->right || all_indexed(n->right, count));
    return n->field_index >= 0 && (size_t)n->field_index < count;
}

static void one(const char *text, size_t len, const filter_field *fields, size_t count,
                const filter_column *cols, filter_rules rules, filter_placeholder style,
                size_t prebound)
{
    problems_t err = PROBLEMS_INIT;
    filter_node *root = filter_parse(text, len, &err);
    if (!root) {
        FUZZ_CHECK(err.count == 1 && err.items[0][0] != '\0' && strlen(err.items[0]) < 256);
        problems_free(&err);
        return;
    }
    FUZZ_CHECK(err.count == 0);
    if (filter_validate(root, fields, count, rules, &err) != 0) {
        FUZZ_CHECK(err.count == 1 && err.items[0][0] != '\0' && strlen(err.items[0]) < 256);
        problems_free(&err);
        filter_free(root);
        return;
    }
    FUZZ_CHECK(err.count == 0);
    problems_free(&err);
    buf_t sql;
    buf_init(&sql, 0);
    filter_params ps;
    memset(&ps, 0, sizeof ps);
    for (size_t i = 0; i < prebound; i++) {
        /* Parameters the store binds before the filter's (visibility etc.). */
        filter_param *p = realloc(ps.items, (ps.count + 1) * sizeof *p);
        if (!p)
            abort();
        ps.items = p;
        ps.items[ps.count++] = (filter_param){ FILTER_PARAM_INT, NULL, 0 };
        ps.cap = ps.count;
    }
    /* A validated tree always compiles: the SQL buffer has no cap here. */
    FUZZ_CHECK(all_indexed(root, count));
    FUZZ_CHECK(filter_to_sql(root, cols, style, &sql, &ps) == 0);
    check_sql(&sql, &ps, prebound, style);
    buf_free(&sql);
    filter_params_free(&ps);
    filter_free(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    one(text, size, cert_fields, COUNT(cert_fields), cert_columns, FILTER_RULES_NONE,
        FILTER_PLACEHOLDER_QMARK, 0);
    one(text, size, permission_fields, COUNT(permission_fields), permission_columns,
        (filter_rules){ 1, true }, FILTER_PLACEHOLDER_DOLLAR, 2);
    one(text, size, any_fields, COUNT(any_fields), any_columns, FILTER_RULES_NONE,
        FILTER_PLACEHOLDER_QMARK, 0);
    return 0;
}
