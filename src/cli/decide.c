/*
 * decide: `recert decide ID`: approve or revoke access review items (v3).
 *
 * Decisions come from --approve/--revoke in command-line order, then from
 * --file: CSV (id,decision[,comments[,proposedEndDate[,bulk]]], or the
 * columns a header line names; RFC 4180 quoting; '#' lines are comments)
 * or JSON (an array of ReviewDecision). Everything is checked before the
 * first request, and every problem names its place: the option, the
 * file's line (CSV) or the decision's position (JSON). The same item
 * twice in one run is refused (the server refuses it within a request,
 * and across requests the second would silently win).
 *
 * The decisions go in batches of --batch-size (250, the API's most), one
 * POST each, with a progress line per batch on stderr. A failed batch
 * stops the run: the message says which batch (and where its decisions
 * came from), the server's error, that the batches before it were
 * applied, and whether the failed one was (a 4xx: no; no answer or a 5xx:
 * perhaps). The certification after the last batch goes to stdout.
 */
#include "cli.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where a decision came from, for messages. */
typedef enum { FROM_OPTION, FROM_CSV, FROM_JSON } origin_kind;

typedef struct origin {
    origin_kind kind;
    opt_id option; /* FROM_OPTION */
    size_t number; /* FROM_CSV: line; FROM_JSON: 1-based position */
} origin_t;

typedef struct decisions {
    recert_review_decision *items;
    origin_t *from;
    bool *has_bulk;        /* the file gave bulk */
    size_t count, cap;
    char **owned;          /* strings read from the file */
    size_t owned_count, owned_cap;
    const char *file;      /* --file, for messages */
} decisions_t;

static void where(const decisions_t *d, size_t i, char *buf, size_t n)
{
    const origin_t *o = &d->from[i];
    if (o->kind == FROM_OPTION)
        snprintf(buf, n, "--%s %s", opt_name(o->option), d->items[i].id);
    else if (o->kind == FROM_CSV)
        snprintf(buf, n, "%s line %zu", d->file, o->number);
    else
        snprintf(buf, n, "%s decision %zu", d->file, o->number);
}

static bool grow(void **p, size_t size, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap * 2 : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(*p, cap2 * size);
    if (!q)
        return false;
    *p = q;
    *cap = cap2;
    return true;
}

static bool add(decisions_t *d, recert_review_decision v, origin_t o, bool has_bulk)
{
    size_t cap = d->cap;
    void *items = d->items, *from = d->from, *bulk = d->has_bulk;
    if (d->count == d->cap) {
        size_t c1 = cap, c2 = cap, c3 = cap;
        bool ok = grow(&items, sizeof *d->items, &c1, d->count + 1);
        d->items = items;
        ok = ok && grow(&from, sizeof *d->from, &c2, d->count + 1);
        d->from = from;
        ok = ok && grow(&bulk, sizeof *d->has_bulk, &c3, d->count + 1);
        d->has_bulk = bulk;
        if (!ok)
            return false;
        d->cap = c1;
    }
    d->items[d->count] = v;
    d->from[d->count] = o;
    d->has_bulk[d->count] = has_bulk;
    d->count++;
    return true;
}

/* A copy of s[0..len) kept until decisions_free; NULL when out of memory. */
static const char *own(decisions_t *d, const char *s, size_t len)
{
    void *p = d->owned;
    if (!grow(&p, sizeof *d->owned, &d->owned_cap, d->owned_count + 1))
        return NULL;
    d->owned = p;
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    d->owned[d->owned_count++] = copy;
    return copy;
}

static void decisions_free(decisions_t *d)
{
    for (size_t i = 0; i < d->owned_count; i++)
        free(d->owned[i]);
    free(d->owned);
    free(d->items);
    free(d->from);
    free(d->has_bulk);
}

static const char *decision_value(const char *s)
{
    if (strcasecmp(s, "APPROVE") == 0)
        return "APPROVE";
    if (strcasecmp(s, "REVOKE") == 0)
        return "REVOKE";
    return NULL;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM). */
static bool date_time_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) ||
        s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
        return false;
    size_t k = 19;
    if (s[k] == '.') {
        size_t f = ++k;
        while (k < n && isdigit((unsigned char)s[k]))
            k++;
        if (k == f)
            return false;
    }
    if ((s[k] == 'Z' || s[k] == 'z') && k + 1 == n)
        return true;
    return (s[k] == '+' || s[k] == '-') && k + 6 == n && digits(s + k + 1, 2) &&
           s[k + 3] == ':' && digits(s + k + 4, 2);
}

/* ---- CSV --------------------------------------------------------------------- */

enum { COL_ID, COL_DECISION, COL_COMMENTS, COL_END_DATE, COL_BULK, COL__COUNT };
static const char *const column_names[COL__COUNT] = { "id", "decision", "comments",
                                                      "proposedEndDate", "bulk" };

#define MAX_FIELDS 16

/* One CSV record: fields point into text (unquoted in place). */
typedef struct record {
    char *field[MAX_FIELDS];
    size_t count;
    size_t line;      /* where the record starts */
    bool too_many;
} record_t;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Reads the record at *p (advancing it and *line); false at the end of the
 * text. A quoted field may hold commas, quotes ("") and newlines. Sets
 * *bad to a message for a malformed record. */
static bool next_record(char **p, size_t *line, record_t *r, const char **bad)
{
    char *s = *p;
    if (!*s)
        return false;
    *r = (record_t){ .line = *line };
    *bad = NULL;
    for (;;) {
        char *start = s, *out;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '"') {
            s++;
            out = start;
            for (;;) {
                if (!*s) {
                    *bad = "a quoted field is not closed";
                    *p = s;
                    return true;
                }
                if (*s == '"' && s[1] == '"') {
                    *out++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n')
                        (*line)++;
                    *out++ = *s++;
                }
            }
            while (*s == ' ' || *s == '\t' || *s == '\r')
                s++;
            if (*s && *s != ',' && *s != '\n') {
                *bad = "text after a quoted field (quote a field whole, \"\" for a quote)";
                while (*s && *s != '\n')
                    s++;
            }
        } else {
            s = start;
            while (*s && *s != ',' && *s != '\n')
                s++;
            out = s;
        }
        char sep = *s;
        *out = '\0'; /* out <= s: the field ends here */
        if (r->count < MAX_FIELDS)
            r->field[r->count++] = trim(start);
        else
            r->too_many = true;
        if (sep == ',') {
            s++;
            continue;
        }
        if (sep == '\n') {
            s++;
            (*line)++;
        }
        *p = s;
        return true;
    }
}

static bool csv_error(const decisions_t *d, size_t line, const char *what)
{
    fprintf(stderr, "recert: %s line %zu: %s\n", d->file, line, what);
    return false;
}

/* A blank line, or a comment: a line whose first field starts with '#'. */
static bool blank_record(const record_t *r)
{
    return (r->count == 1 && !*r->field[0]) || r->field[0][0] == '#';
}

/* Maps a header record to columns; false (after a message) on an unknown name. */
static bool header(const decisions_t *d, const record_t *r, int *cols)
{
    bool seen[COL__COUNT] = { false };
    for (size_t i = 0; i < r->count; i++) {
        int c = -1;
        for (int k = 0; k < COL__COUNT && c < 0; k++)
            if (strcasecmp(r->field[i], column_names[k]) == 0)
                c = k;
        if (c < 0 && strcasecmp(r->field[i], "comment") == 0)
            c = COL_COMMENTS;
        if (c < 0) {
            const char *s = suggest(r->field[i], column_names, COL__COUNT);
            fprintf(stderr, "recert: %s line %zu: unknown column \"%s\"", d->file, r->line,
                    r->field[i]);
            if (s)
                fprintf(stderr, "; did you mean \"%s\"?", s);
            fprintf(stderr, " (the columns are id, decision, comments, proposedEndDate, bulk)\n");
            return false;
        }
        if (seen[c]) {
            char what[64];
            snprintf(what, sizeof what, "column \"%s\" is named twice", column_names[c]);
            return csv_error(d, r->line, what);
        }
        seen[c] = true;
        cols[i] = c;
    }
    if (!seen[COL_ID] || !seen[COL_DECISION])
        return csv_error(d, r->line, "the header needs the columns id and decision");
    return true;
}

/* true/false, yes/no, 1/0 (any case) into *out; false for anything else. */
static bool bool_value(const char *s, bool *out)
{
    static const char *const yes[] = { "true", "yes", "1" }, *const no[] = { "false", "no", "0" };
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
            *out = strcasecmp(s, yes[i]) == 0;
            return true;
        }
    }
    return false;
}

/* One decision from its fields (any may be NULL or ""), checked. */
static bool make(decisions_t *d, origin_t o, const char *label, const char *id, const char *dec,
                 const char *comments, const char *end, const char *bulk)
{
    recert_review_decision v = { 0 };
    bool has_bulk = bulk && *bulk;
    if (!id || !*id) {
        fprintf(stderr, "recert: %s: no item id\n", label);
        return false;
    }
    if (!dec || !*dec || !(v.decision = decision_value(dec))) {
        fprintf(stderr, "recert: %s: the decision must be APPROVE or REVOKE (got \"%s\")\n", label,
                dec ? dec : "");
        return false;
    }
    if (has_bulk && !bool_value(bulk, &v.bulk)) {
        fprintf(stderr, "recert: %s: bulk must be true or false (got \"%s\")\n", label, bulk);
        return false;
    }
    if (end && *end && !date_time_ok(end)) {
        fprintf(stderr, "recert: %s: proposedEndDate must be an RFC 3339 date-time such as "
                        "2027-01-31T00:00:00Z (got \"%s\")\n", label, end);
        return false;
    }
    if (end && *end && strcmp(v.decision, "APPROVE") == 0) {
        fprintf(stderr, "recert: %s: proposedEndDate is for a REVOKE, not an APPROVE\n", label);
        return false;
    }
    if (!(v.id = own(d, id, strlen(id))) ||
        (comments && *comments && !(v.comments = own(d, comments, strlen(comments)))) ||
        (end && *end && !(v.proposed_end_date = own(d, end, strlen(end)))) ||
        !add(d, v, o, has_bulk)) {
        fprintf(stderr, "recert: out of memory\n");
        return false;
    }
    return true;
}

static bool from_csv(decisions_t *d, char *text)
{
    int cols[MAX_FIELDS] = { COL_ID, COL_DECISION, COL_COMMENTS, COL_END_DATE, COL_BULK };
    size_t ncols = COL__COUNT, line = 1;
    bool first = true;
    record_t r;
    const char *bad;
    char *p = text;
    while (next_record(&p, &line, &r, &bad)) {
        if (bad)
            return csv_error(d, r.line, bad);
        if (blank_record(&r))
            continue;
        if (r.too_many)
            return csv_error(d, r.line, "more than 16 fields");
        if (first && strcasecmp(r.field[0], "id") == 0) {
            first = false;
            if (!header(d, &r, cols))
                return false;
            ncols = r.count;
            continue;
        }
        first = false;
        if (r.count > ncols) {
            char what[96];
            snprintf(what, sizeof what, "%zu fields, more than the %zu columns", r.count, ncols);
            return csv_error(d, r.line, what);
        }
        const char *f[COL__COUNT] = { NULL };
        for (size_t i = 0; i < r.count; i++)
            f[cols[i]] = r.field[i];
        char label[600];
        snprintf(label, sizeof label, "%s line %zu", d->file, r.line);
        origin_t o = { FROM_CSV, O__COUNT, r.line };
        if (!make(d, o, label, f[COL_ID], f[COL_DECISION], f[COL_COMMENTS], f[COL_END_DATE],
                  f[COL_BULK]))
            return false;
    }
    return true;
}

/* ---- JSON ---------------------------------------------------------------------- */

/* The string at key, "" when absent or null; NULL (after a message) for another type. */
static const char *json_text(json_t *o, const char *key, const char *label)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return "";
    if (json_is_string(v))
        return json_string_value(v);
    fprintf(stderr, "recert: %s: \"%s\" must be a string\n", label, key);
    return NULL;
}

static bool from_json(decisions_t *d, const char *text, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    if (!root) {
        fprintf(stderr, "recert: %s: line %d: %s\n", d->file, err.line, err.text);
        return false;
    }
    bool ok = json_is_array(root);
    if (!ok)
        fprintf(stderr, "recert: %s: expected a JSON array of decisions ({\"id\", \"decision\", "
                        "\"bulk\", \"comments\", \"proposedEndDate\"})\n", d->file);
    static const char *const keys[] = { "id", "decision", "bulk", "comments", "proposedEndDate" };
    for (size_t i = 0; ok && i < json_array_size(root); i++) {
        json_t *o = json_array_get(root, i);
        char label[600];
        snprintf(label, sizeof label, "%s decision %zu", d->file, i + 1);
        if (!json_is_object(o)) {
            fprintf(stderr, "recert: %s: expected an object\n", label);
            ok = false;
            break;
        }
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v) {
            bool known = false;
            for (size_t k = 0; k < 5; k++)
                known = known || strcmp(key, keys[k]) == 0;
            if (!known && ok) {
                const char *s = suggest(key, keys, 5);
                fprintf(stderr, "recert: %s: unknown field \"%s\"", label, key);
                if (s)
                    fprintf(stderr, "; did you mean \"%s\"?", s);
                fputc('\n', stderr);
                ok = false;
            }
        }
        json_t *bulk = json_object_get(o, "bulk");
        if (ok && bulk && !json_is_null(bulk) && !json_is_boolean(bulk)) {
            fprintf(stderr, "recert: %s: \"bulk\" must be true or false\n", label);
            ok = false;
        }
        const char *id = ok ? json_text(o, "id", label) : NULL;
        const char *dec = id ? json_text(o, "decision", label) : NULL;
        const char *comments = dec ? json_text(o, "comments", label) : NULL;
        const char *end = comments ? json_text(o, "proposedEndDate", label) : NULL;
        origin_t from = { FROM_JSON, O__COUNT, i + 1 };
        ok = end && make(d, from, label, id, dec, comments, end,
                         bulk && json_is_boolean(bulk) ? (json_is_true(bulk) ? "true" : "false")
                                                       : NULL);
    }
    json_decref(root);
    return ok;
}

static bool from_file(decisions_t *d, const char *path)
{
    size_t len = 0;
    char *text = cli_read_file(path, &len);
    if (!text)
        return false;
    if (strlen(text) != len) {
        fprintf(stderr, "recert: %s: holds a NUL byte: not a CSV or JSON text\n", path);
        free(text);
        return false;
    }
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    bool ok = *p == '[' || *p == '{' ? from_json(d, text, len) : from_csv(d, text);
    free(text);
    return ok;
}

/* ---- checks ------------------------------------------------------------------------ */

static const decisions_t *sort_ctx;

static int by_id(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_ctx->items[i].id, sort_ctx->items[j].id);
    return c ? c : (i > j) - (i < j);
}

/* The same item twice is refused, naming both places. */
static bool no_twice(const decisions_t *d)
{
    if (d->count < 2)
        return true;
    size_t *idx = malloc(d->count * sizeof *idx);
    if (!idx) {
        fprintf(stderr, "recert: out of memory\n");
        return false;
    }
    for (size_t i = 0; i < d->count; i++)
        idx[i] = i;
    sort_ctx = d;
    qsort(idx, d->count, sizeof *idx, by_id);
    bool ok = true;
    for (size_t k = 1; ok && k < d->count; k++) {
        if (strcmp(d->items[idx[k - 1]].id, d->items[idx[k]].id) != 0)
            continue;
        char a[600], b[600];
        where(d, idx[k - 1], a, sizeof a);
        where(d, idx[k], b, sizeof b);
        fprintf(stderr, "recert: item \"%s\" is decided twice (%s and %s); give each item one "
                        "decision\n", d->items[idx[k]].id, a, b);
        ok = false;
    }
    free(idx);
    return ok;
}

/* Reads the command line and the file into d; false after a message. */
static bool collect(cli_t *cli, decisions_t *d)
{
    const args_t *a = cli->args;
    const char *comment = a->last[O_COMMENT], *end = a->last[O_END_DATE];
    if (end && !date_time_ok(end)) {
        fprintf(stderr, "recert: --end-date must be an RFC 3339 date-time such as "
                        "2027-01-31T00:00:00Z (got \"%s\")\n", end);
        return false;
    }
    for (size_t i = 0; i < a->opt_count; i++) {
        const opt_value *o = &a->opts[i];
        if (o->id != O_APPROVE && o->id != O_REVOKE)
            continue;
        if (!*o->value) {
            fprintf(stderr, "recert: --%s needs a non-empty item id\n", opt_name(o->id));
            return false;
        }
        recert_review_decision v = { o->value, o->id == O_APPROVE ? "APPROVE" : "REVOKE", false,
                                     NULL, NULL };
        if (!add(d, v, (origin_t){ FROM_OPTION, o->id, 0 }, false)) {
            fprintf(stderr, "recert: out of memory\n");
            return false;
        }
    }
    if (a->last[O_FILE]) {
        d->file = strcmp(a->last[O_FILE], "-") == 0 ? "stdin" : a->last[O_FILE];
        if (!from_file(d, a->last[O_FILE]))
            return false;
    }
    if (!d->count) {
        fprintf(stderr, "recert: decide needs decisions: --approve ITEM, --revoke ITEM or "
                        "--file FILE%s (see recert decide --help)\n",
                a->last[O_FILE] ? " (the file holds none)" : "");
        return false;
    }
    bool any_revoke = false;
    for (size_t i = 0; i < d->count; i++) {
        recert_review_decision *v = &d->items[i];
        bool revoke = strcmp(v->decision, "REVOKE") == 0;
        any_revoke = any_revoke || revoke;
        if (!v->comments && comment)
            v->comments = comment;
        if (revoke && !v->proposed_end_date && end)
            v->proposed_end_date = end;
        if (!d->has_bulk[i])
            v->bulk = d->count > 1;
    }
    if (end && !any_revoke) {
        fprintf(stderr, "recert: --end-date is the removal date of revokes, and none of the "
                        "decisions is a REVOKE\n");
        return false;
    }
    return no_twice(d);
}

/* ---- the batches ---------------------------------------------------------------------- */

/* The server names a decision of the batch by its index ("[3].decision: ...");
 * says where each one it names came from. */
static void name_indices(const recert_client *client, const decisions_t *d, size_t first,
                         size_t count)
{
    const recert_error_response *r = recert_client_last_error(client)->response;
    bool said[RECERT_V3_MAX_DECISIONS] = { false };
    size_t shown = 0;
    for (size_t m = 0; r && m < r->message_count && shown < 20; m++) {
        for (const char *t = r->messages[m].text; t && (t = strchr(t, '[')); t++) {
            char *end;
            unsigned long i = strtoul(t + 1, &end, 10);
            if (end == t + 1 || *end != ']' || i >= count || said[i] || shown >= 20)
                continue;
            char at[600];
            where(d, first + i, at, sizeof at);
            fprintf(stderr, "recert:   [%lu] is decision %zu: %s (item \"%s\")\n", i,
                    first + i + 1, at, d->items[first + i].id);
            said[i] = true;
            shown++;
        }
    }
}

static void batch_range(size_t b, size_t size, size_t total, size_t *first, size_t *last)
{
    *first = b * size;
    *last = *first + size < total ? *first + size : total; /* exclusive */
}

int cmd_decide(cli_t *cli)
{
    long size = RECERT_V3_MAX_DECISIONS;
    if (!args_int(cli->args, O_BATCH_SIZE, 1, RECERT_V3_MAX_DECISIONS, &size))
        return EXIT_USAGE;
    decisions_t d = { 0 };
    d.file = "-";
    if (!collect(cli, &d)) {
        decisions_free(&d);
        return EXIT_USAGE;
    }
    int status = cli_connect(cli);
    if (status) {
        decisions_free(&d);
        return status;
    }
    const char *cert = cli->operands[0];
    size_t batches = (d.count + (size_t)size - 1) / (size_t)size;
    recert_identity_certification *last = NULL;
    for (size_t b = 0; b < batches; b++) {
        size_t first, end;
        batch_range(b, (size_t)size, d.count, &first, &end);
        recert_identity_certification *c = NULL;
        recert_code rc = recert_v3_make_identity_decision(&c, cli->client, cert, d.items + first,
                                                          end - first);
        if (rc) {
            char from[600], to[600];
            where(&d, first, from, sizeof from);
            where(&d, end - 1, to, sizeof to);
            fprintf(stderr, "recert: batch %zu of %zu (decisions %zu-%zu: %s to %s) failed:\n",
                    b + 1, batches, first + 1, end, from, to);
            int http = recert_client_last_error(cli->client)->http_status;
            status = cli_fail(cli);
            name_indices(cli->client, &d, first, end - first);
            if (b == 0)
                fprintf(stderr, "recert: no batch was applied before it");
            else if (b == 1)
                fprintf(stderr, "recert: batch 1 (decisions 1-%zu) was applied", first);
            else
                fprintf(stderr, "recert: batches 1-%zu (decisions 1-%zu) were applied", b, first);
            if (http >= 200 && http < 300)
                fprintf(stderr, "; batch %zu was applied too, but its answer could not be read",
                        b + 1);
            else if (http == 0 || http >= 500)
                fprintf(stderr, "; batch %zu may or may not have been applied (no usable answer): "
                                "check with recert certifications items %s", b + 1, cert);
            else
                fprintf(stderr, "; batch %zu was not applied", b + 1);
            if (b + 1 < batches)
                fprintf(stderr, "; the %zu decisions after it were not sent", d.count - end);
            fputc('\n', stderr);
            recert_identity_certification_free(last);
            decisions_free(&d);
            return status;
        }
        recert_identity_certification_free(last);
        last = c;
        if (batches > 1)
            fprintf(stderr, "recert: batch %zu of %zu: %zu decision%s applied (%zu of %zu)\n",
                    b + 1, batches, end - first, end - first == 1 ? "" : "s", end, d.count);
    }
    decisions_free(&d);
    status = print_v3_certification(cli->format, last) ? EXIT_OK : EXIT_ERROR;
    recert_identity_certification_free(last);
    return status;
}
