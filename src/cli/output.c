/*
 * output: the three output formats.
 *
 *  json    pretty JSON (2-space indent): an array for collections, the
 *          object for one task; items are printed as the server sent them
 *          (recert_*.json), so fields this version does not know survive.
 *  ndjson  one compact JSON object per line, streamed, for pipes.
 *  table   aligned columns for people. Cells are cleaned (control
 *          characters become spaces, so server data cannot drive the
 *          terminal) and cut to MAX_CELL characters with "...". Widths
 *          count UTF-8 code points.
 *  wide    the table with no cell cut (-o wide, or --no-truncate).
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELL 40

struct out {
    out_format format;
    const char *const *headers;
    size_t cols;
    json_t *array;  /* json */
    char **cells;   /* table: rows * cols, cleaned */
    size_t rows, cap;
    bool failed;
};

/* Code points in s (continuation bytes are not counted). */
static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A cleaned copy of s, at most MAX_CELL code points unless wide. */
static char *clean_cell(const char *s, bool wide)
{
    if (!s || !*s)
        s = "-";
    size_t len = strlen(s);
    char *out = malloc(len + 4);
    if (!out)
        return NULL;
    size_t k = 0, points = 0, cut = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch & 0xC0) != 0x80) {
            if (points == MAX_CELL - 3)
                cut = k; /* where "..." goes if the text is too long */
            if (points++ == MAX_CELL && !wide) {
                memcpy(out + cut, "...", 4);
                return out;
            }
        }
        out[k++] = (char)(ch < ' ' || ch == 0x7f ? ' ' : ch);
    }
    out[k] = '\0';
    return out;
}

out_t *out_begin(out_format f, const char *const *headers, size_t cols)
{
    out_t *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->format = f;
    o->headers = headers;
    o->cols = cols;
    if (f == OUT_JSON && !(o->array = json_array())) {
        free(o);
        return NULL;
    }
    return o;
}

bool out_item(out_t *o, const char *json, const char *const *cells)
{
    if (o->failed)
        return false;
    if (o->format == OUT_NDJSON) {
        o->failed = printf("%s\n", json) < 0;
    } else if (o->format == OUT_JSON) {
        json_t *v = json_loads(json, 0, NULL);
        o->failed = !v || json_array_append_new(o->array, v) != 0;
    } else {
        if (o->rows == o->cap) {
            size_t cap = o->cap ? o->cap * 2 : 16;
            char **p = realloc(o->cells, cap * o->cols * sizeof *p);
            if (!p)
                return !(o->failed = true);
            o->cells = p;
            o->cap = cap;
        }
        char **row = o->cells + o->rows * o->cols;
        for (size_t i = 0; i < o->cols; i++)
            if (!(row[i] = clean_cell(cells[i], o->format == OUT_WIDE)))
                o->failed = true;
        o->rows++; /* even on failure, so out_end frees what was made */
    }
    return !o->failed;
}

static void print_table(out_t *o)
{
    size_t w[16] = { 0 };
    for (size_t c = 0; c < o->cols && c < 16; c++) {
        w[c] = width(o->headers[c]);
        for (size_t r = 0; r < o->rows; r++) {
            const char *cell = o->cells[r * o->cols + c];
            if (cell && width(cell) > w[c])
                w[c] = width(cell);
        }
    }
    for (size_t r = 0; r <= o->rows; r++) {
        for (size_t c = 0; c < o->cols && c < 16; c++) {
            const char *cell = r == 0 ? o->headers[c] : o->cells[(r - 1) * o->cols + c];
            if (!cell)
                cell = "";
            if (c + 1 == o->cols)
                printf("%s\n", cell); /* no trailing blanks */
            else
                printf("%s%*s", cell, (int)(w[c] - width(cell) + 2), "");
        }
    }
}

bool out_end(out_t *o)
{
    if (!o)
        return false;
    bool ok = !o->failed;
    if (ok && o->format == OUT_JSON) {
        char *text = json_dumps(o->array, JSON_INDENT(2));
        ok = text && printf("%s\n", text) >= 0;
        free(text);
    } else if (ok && (o->format == OUT_TABLE || o->format == OUT_WIDE)) {
        print_table(o);
    }
    for (size_t i = 0; i < o->rows * o->cols; i++)
        free(o->cells[i]);
    free(o->cells);
    json_decref(o->array);
    free(o);
    return ok && fflush(stdout) == 0;
}

bool out_single(out_format f, const char *json, const char *const *headers,
                const char *const *cells, size_t cols)
{
    if (f == OUT_JSON) {
        json_t *v = json_loads(json, 0, NULL);
        char *text = v ? json_dumps(v, JSON_INDENT(2)) : NULL;
        bool ok = text && printf("%s\n", text) >= 0;
        free(text);
        json_decref(v);
        return ok && fflush(stdout) == 0;
    }
    out_t *o = out_begin(f, headers, cols);
    if (!o)
        return false;
    bool ok = out_item(o, json, cells);
    return out_end(o) && ok;
}
