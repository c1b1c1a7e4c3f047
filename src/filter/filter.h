/*
 * filter: SailPoint's V3 "filters" expression language and "sorters" lists.
 *
 * Three stages, each usable alone (and each fuzzable):
 *   filter_parse     text -> AST            (grammar errors)
 *   filter_validate  AST  -> AST checked    (against one operation's table of
 *                                            fields, operators and value types)
 *   filter_to_sql    AST  -> WHERE fragment  (placeholders + bound values; a
 *                                            value never becomes SQL text)
 *
 * Grammar (precedence not > and > or; parentheses override):
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | "(" expr ")" | "pr" FIELD | cmp
 *   cmp     := FIELD op VALUE | FIELD ("in"|"ca") "(" VALUE ("," VALUE)* ")"
 *            | FIELD "isnull"
 *   op      := eq ne gt ge lt le co sw
 *   VALUE   := "string" (with \" and \\ escapes) | true | false | number
 *            | date-time (unquoted RFC 3339, e.g. 2018-12-18T23:05:55Z)
 * Operators and keywords are lower case only. Field names are
 * [A-Za-z_][A-Za-z0-9_.-]*.
 *
 * filter_parse, filter_validate and sorters_parse report a failure as exactly
 * one sentence added to the caller's problems_t (common/problems.h; NULL when
 * the caller wants none; problems_add may drop it when out of memory), and a
 * success adds nothing. The sentence is complete and ready for a client, at
 * most 255 bytes, prefixed with the parameter name ("filters: " or
 * "sorters: "), and names a 1-based character position where one applies,
 * e.g.
 *   filters: unknown field "owner" at position 1
 *   filters: operator "sw" is not allowed on "phase" at position 7
 *   sorters: "due2" is not sortable; use name, due, signed
 */
#ifndef RECERT_FILTER_H
#define RECERT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/problems.h"

/* Caps on what untrusted filter text may make us allocate. */
#define FILTER_MAX_LEN 8192     /* bytes of filter text */
#define FILTER_MAX_DEPTH 32     /* nesting of parentheses / not */
#define FILTER_MAX_TERMS 64     /* comparisons in one expression */
#define FILTER_MAX_LIST 256     /* values in one in/ca list */
#define SORTERS_MAX 8           /* keys in one sorters list */

typedef enum filter_op {
    FILTER_EQ, FILTER_NE, FILTER_GT, FILTER_GE, FILTER_LT, FILTER_LE,
    FILTER_CO, FILTER_SW, FILTER_IN, FILTER_CA, FILTER_PR, FILTER_ISNULL,
    FILTER_OP_COUNT
} filter_op;

#define FILTER_OPBIT(op) (1u << (op))

typedef enum filter_type {
    FILTER_TYPE_STRING,     /* compared case-insensitively */
    FILTER_TYPE_BOOL,
    FILTER_TYPE_NUMBER,
    FILTER_TYPE_DATETIME,
    FILTER_TYPE_STRING_SET  /* a multi-valued string field (only with ca) */
} filter_type;

typedef enum filter_value_kind {
    FILTER_VALUE_STRING,
    FILTER_VALUE_BOOL,
    FILTER_VALUE_NUMBER,
    FILTER_VALUE_DATETIME
} filter_value_kind;

typedef struct filter_value {
    filter_value_kind kind;
    char *text;         /* STRING: unescaped; DATETIME: normalized to
                           YYYY-MM-DDTHH:MM:SS.mmmZ; NUMBER: as written. Owned. */
    int64_t number;     /* NUMBER (integers only) */
    bool boolean;       /* BOOL */
    size_t pos;         /* 0-based byte offset in the filter text */
} filter_value;

typedef enum filter_node_kind {
    FILTER_NODE_AND,
    FILTER_NODE_OR,
    FILTER_NODE_NOT,
    FILTER_NODE_CMP
} filter_node_kind;

typedef struct filter_node {
    filter_node_kind kind;
    size_t pos;                 /* 0-based byte offset where the node starts */
    struct filter_node *left;   /* AND/OR: left operand; NOT: operand */
    struct filter_node *right;  /* AND/OR: right operand */
    /* CMP only: */
    char *field;                /* owned */
    filter_op op;
    size_t op_pos;
    filter_value *values;       /* owned; 1 for binary ops, a list for in/ca,
                                   none for pr/isnull */
    size_t value_count;
    int field_index;            /* index into the field table; set by
                                   filter_validate, -1 before */
} filter_node;

/* Parses text (len bytes, need not be NUL-terminated). Returns the AST, owned
 * by the caller (filter_free), or NULL with one sentence added to problems
 * (which may be NULL). Empty or all-whitespace text is an error ("filters:
 * empty expression"). */
filter_node *filter_parse(const char *text, size_t len, problems_t *problems);
void filter_free(filter_node *root);

/* One filterable field of one operation. */
typedef struct filter_field {
    const char *name;   /* as the API spells it, e.g. "campaignRef.id"; NULL: a
                           slot of the store's field list this operation
                           does not offer */
    unsigned ops;       /* FILTER_OPBIT(...) | ... */
    filter_type type;
} filter_field;

/* Extra shape rules some operations impose. */
typedef struct filter_rules {
    int max_composites;     /* max number of and/or nodes; -1 = unlimited */
    bool distinct_fields;   /* an and/or must join comparisons on different
                               fields (SailPoint's permissions endpoint) */
} filter_rules;

#define FILTER_RULES_NONE ((filter_rules){ -1, false })

/* Checks every comparison against the table: the field exists, the operator
 * is allowed on it, the values have the field's type. Sets field_index on
 * each CMP node. Returns 0, or -1 with one sentence added to problems (which
 * may be NULL). */
int filter_validate(filter_node *root, const filter_field *fields, size_t field_count,
                    filter_rules rules, problems_t *problems);

/* How a validated field maps onto SQL. Owned by the store backend. */
typedef struct filter_column {
    /* Scalar expression, e.g. "c.phase". String columns must compare
     * case-insensitively under "=" and LIKE (COLLATE NOCASE in SQLite,
     * citext in PostgreSQL); booleans are stored as 0/1. */
    const char *expr;
    /* FILTER_TYPE_STRING_SET only: a boolean SQL expression with exactly
     * one "?" that is true when the set contains that value, e.g.
     * "EXISTS (SELECT 1 FROM rights r WHERE r.perm = p.id AND r.name = ?)". */
    const char *member;
} filter_column;

typedef enum filter_param_kind { FILTER_PARAM_TEXT, FILTER_PARAM_INT } filter_param_kind;

typedef struct filter_param {
    filter_param_kind kind;
    const char *text;   /* borrowed from the AST (or from params' own storage
                           for LIKE patterns); valid while both live */
    int64_t integer;
} filter_param;

typedef struct filter_params {
    filter_param *items;    /* owned */
    size_t count, cap;
    char **owned;           /* strings made during compilation (LIKE patterns) */
    size_t owned_count, owned_cap;
} filter_params;

typedef enum filter_placeholder {
    FILTER_PLACEHOLDER_QMARK,   /* ?    (SQLite) */
    FILTER_PLACEHOLDER_DOLLAR   /* $n   (PostgreSQL), numbered from
                                   params->count + 1 */
} filter_placeholder;

/* Appends a parenthesized boolean SQL expression for a validated AST to sql
 * and its values to params (in placeholder order). columns is indexed like
 * the field table given to filter_validate. co/sw compile to LIKE with an
 * ESCAPE '\' clause and escaped patterns. Returns 0 or -1 (out of memory). */
int filter_to_sql(const filter_node *root, const filter_column *columns,
                  filter_placeholder style, buf_t *sql, filter_params *params);
void filter_params_free(filter_params *params);

typedef struct sorter_key {
    int field_index;    /* index into the names given to sorters_parse */
    bool desc;
} sorter_key;

/* Parses "name,-due": comma-separated field names, '-' for descending.
 * names lists the sortable fields. Duplicate keys and empty items are
 * errors. Writes at most SORTERS_MAX keys to out. Returns 0, or -1 with zero
 * keys and one sentence added to problems (which may be NULL). */
int sorters_parse(const char *text, size_t len, const char *const *names, size_t name_count,
                  sorter_key *out, size_t *out_count, problems_t *problems);

const char *filter_op_name(filter_op op);

#endif
