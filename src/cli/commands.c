/*
 * commands: the collection commands (list, reviewers, permissions, tasks)
 * and task.
 *
 * A collection is a listing_t: its table columns and three adapters to
 * the typed librecert calls (open: one page, or the iterator with --all;
 * next; close). One loop, cmd_collection, serves them all: it makes one
 * request (one page), walks every page with --all, or with --count asks
 * for one item and X-Total-Count and prints only the total. Output goes
 * through output.c; failures through cli_fail, which picks the exit code.
 * A new collection command is a listing here and a row in main.c.
 */
#include "cli.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static bool collection_args(cli_t *cli, query_t *q)
{
    const args_t *a = cli->args;
    long limit = -1, offset = -1;
    *q = (query_t){ -1, -1, a->last[O_COUNT] != NULL, a->last[O_ALL] != NULL,
                    a->last[O_FILTERS], a->last[O_SORTERS], cli->args->positional + 2 };
    if (!args_int(a, O_LIMIT, 0, 250, &limit) || !args_int(a, O_OFFSET, 0, 999999999, &offset))
        return false;
    if (q->count && q->all) {
        fprintf(stderr, "recert: --count and --all cannot be combined\n");
        return false;
    }
    /* Identity ids have no blanks and no @: a name or an email would list nothing. */
    const char *rv = a->last[O_REVIEWER];
    if (rv && (!*rv || strpbrk(rv, " \t\n\r\v\f@"))) {
        fprintf(stderr, "recert: --reviewer wants an identity id or \"me\" (got \"%s\"); the API "
                        "cannot look identities up by name or email: take the id from reviewer.id "
                        "in `recert certifications list` (JSON)\n", rv);
        return false;
    }
    if (cli->command->listing == &listing_permissions && q->filters &&
        !permission_filters_ok(q->filters))
        return false;
    q->limit = q->count ? 1 : (int)limit; /* with --count the total is all we print */
    q->offset = (int)offset;
    return true;
}

static int print_total(int64_t total)
{
    if (total < 0) {
        fprintf(stderr, "recert: the server sent no X-Total-Count\n");
        return EXIT_ERROR;
    }
    printf("%lld\n", (long long)total);
    return EXIT_OK;
}

static int finish(cli_t *cli, out_t *o, recert_code rc)
{
    if (rc != RECERT_OK && rc != RECERT_ITEROVER) {
        out_end(o); /* what was printed stays printed; the error follows */
        return cli_fail(cli);
    }
    if (!out_end(o)) {
        fprintf(stderr, "recert: cannot write the output\n");
        return EXIT_ERROR;
    }
    return EXIT_OK;
}

static int no_memory(void)
{
    fprintf(stderr, "recert: out of memory\n");
    return EXIT_ERROR;
}

/* ---- rows ---------------------------------------------------------- */

static const char *member_str(const void *item, size_t offset)
{
    const char *s;
    memcpy(&s, (const char *)item + offset, sizeof s);
    return s;
}

static size_t header_list(const listing_t *l, const char *headers[MAX_COLUMNS])
{
    size_t n = 0;
    for (; n < l->column_count && n < MAX_COLUMNS; n++)
        headers[n] = l->columns[n].header;
    return n;
}

/* Adds item to o: its JSON and its cells. False when the output failed,
 * or a cell could not be made. */
static bool add_item(out_t *o, const listing_t *l, const void *item)
{
    cell_t cells[MAX_COLUMNS] = { { NULL, NULL, "" } };
    const char *texts[MAX_COLUMNS];
    size_t n = 0;
    bool ok = true;
    for (; ok && n < l->column_count && n < MAX_COLUMNS; n++) {
        const column_t *col = &l->columns[n];
        if (col->cell)
            ok = col->cell(item, &cells[n]);
        else
            cells[n].text = member_str(item, col->offset);
        texts[n] = cells[n].text;
    }
    ok = ok && out_item(o, member_str(item, l->json_offset), texts);
    for (size_t i = 0; i < n; i++)
        free(cells[i].made);
    return ok;
}

bool print_one(out_format f, const listing_t *l, const void *item)
{
    const char *headers[MAX_COLUMNS];
    size_t cols = header_list(l, headers);
    if (f == OUT_JSON)
        return out_single(f, member_str(item, l->json_offset), headers, NULL, cols);
    out_t *o = out_begin(f, headers, cols);
    if (!o)
        return false;
    bool ok = add_item(o, l, item);
    return out_end(o) && ok;
}

int cmd_collection(cli_t *cli)
{
    const listing_t *l = cli->command->listing;
    query_t q;
    int status;
    if (!collection_args(cli, &q))
        return EXIT_USAGE;
    if ((status = cli_connect(cli)))
        return status;
    source_t s = { NULL, NULL, NULL, 0, -1 };
    if (l->open(cli, &q, &s))
        return cli_fail(cli);
    if (q.count) {
        status = print_total(s.total);
        l->close(&s);
        return status;
    }
    const char *headers[MAX_COLUMNS];
    out_t *o = out_begin(cli->format, headers, header_list(l, headers));
    if (!o) {
        l->close(&s);
        return no_memory();
    }
    recert_code rc = RECERT_OK;
    const void *item;
    for (size_t i = 0;; i++) {
        if (s.iter && (rc = l->next(s.iter, &item)) != RECERT_OK)
            break;
        if (!s.iter && i == s.count)
            break;
        if (!s.iter)
            item = (const char *)s.items + i * l->item_size;
        if (!add_item(o, l, item))
            break;
    }
    l->close(&s);
    return finish(cli, o, rc);
}

/* ---- cells ---------------------------------------------------------- */

/* v[0..n) joined with sep; "" for none. NULL when out of memory. */
static char *join(char *const *v, size_t n, const char *sep)
{
    size_t len = 1, k = 0, seplen = strlen(sep);
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + seplen;
    char *s = malloc(len);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(v[i]);
        if (i) {
            memcpy(s + k, sep, seplen);
            k += seplen;
        }
        memcpy(s + k, v[i], m);
        k += m;
    }
    s[k] = '\0';
    return s;
}

static bool cert_campaign(const void *item, cell_t *c)
{
    const recert_certification *cert = item;
    c->text = cert->campaign_ref ? cert->campaign_ref->name : NULL;
    return true;
}

static bool cert_reviewer(const void *item, cell_t *c)
{
    const recert_certification *cert = item;
    c->text = cert->reviewer ? cert->reviewer->name : NULL;
    return true;
}

static bool cert_decisions(const void *item, cell_t *c)
{
    const recert_certification *cert = item;
    snprintf(c->buf, sizeof c->buf, "%d/%d", (int)cert->decisions_made,
             (int)cert->decisions_total);
    c->text = c->buf;
    return true;
}

/* Rights joined with ","; the row is dropped when out of memory. */
static bool permission_rights(const void *item, cell_t *c)
{
    const recert_permission *p = item;
    c->text = c->made = join(p->rights, p->rights_count, ",");
    return c->made != NULL;
}

/* Errors joined with "; "; "-" when there are none (or no memory). */
static bool task_errors(const void *item, cell_t *c)
{
    const recert_task *t = item;
    c->text = c->made = t->error_count ? join(t->errors, t->error_count, "; ") : NULL;
    return true;
}

/* ---- the collections ------------------------------------------------ */

static void set_collection(const query_t *q, int *limit, int *offset, bool *count)
{
    *limit = q->limit;
    *offset = q->offset;
    *count = q->count;
}

static const column_t certification_columns[] = {
    { "ID", offsetof(recert_certification, id), NULL },
    { "NAME", offsetof(recert_certification, name), NULL },
    { "CAMPAIGN", 0, cert_campaign },
    { "PHASE", offsetof(recert_certification, phase), NULL },
    { "REVIEWER", 0, cert_reviewer },
    { "DECISIONS", 0, cert_decisions },
    { "DUE", offsetof(recert_certification, due), NULL },
};

static recert_code certifications_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.reviewer_identity = cli->args->last[O_REVIEWER];
    set_collection(q, &p.limit, &p.offset, &p.count);
    p.filters = q->filters;
    p.sorters = q->sorters;
    if (q->all) {
        recert_certification_iter *it = NULL;
        recert_code rc = recert_certification_iter_new(&it, cli->client, &p);
        s->iter = it;
        return rc;
    }
    recert_certification_list *l = NULL;
    recert_code rc = recert_list_certifications(&l, cli->client, &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static recert_code certifications_next(void *it, const void **item)
{
    const recert_certification *c = NULL;
    recert_code rc = recert_certification_iter_next(&c, it);
    *item = c;
    return rc;
}

static void certifications_close(source_t *s)
{
    recert_certification_iter_free(s->iter);
    recert_certification_list_free(s->list);
}

const listing_t listing_certifications = {
    certification_columns, sizeof certification_columns / sizeof certification_columns[0],
    sizeof(recert_certification), offsetof(recert_certification, json),
    certifications_open, certifications_next, certifications_close
};

static const column_t reviewer_columns[] = {
    { "ID", offsetof(recert_identity_reference, id), NULL },
    { "NAME", offsetof(recert_identity_reference, name), NULL },
    { "EMAIL", offsetof(recert_identity_reference, email), NULL },
    { "TYPE", offsetof(recert_identity_reference, type), NULL },
};

static recert_code reviewers_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_list_certification_reviewers_params p = RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    set_collection(q, &p.limit, &p.offset, &p.count);
    p.filters = q->filters;
    p.sorters = q->sorters;
    if (q->all) {
        recert_reviewer_iter *it = NULL;
        recert_code rc = recert_reviewer_iter_new(&it, cli->client, q->operands[0], &p);
        s->iter = it;
        return rc;
    }
    recert_identity_reference_list *l = NULL;
    recert_code rc = recert_list_certification_reviewers(&l, cli->client, q->operands[0], &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static recert_code reviewers_next(void *it, const void **item)
{
    const recert_identity_reference *r = NULL;
    recert_code rc = recert_reviewer_iter_next(&r, it);
    *item = r;
    return rc;
}

static void reviewers_close(source_t *s)
{
    recert_reviewer_iter_free(s->iter);
    recert_identity_reference_list_free(s->list);
}

const listing_t listing_reviewers = {
    reviewer_columns, sizeof reviewer_columns / sizeof reviewer_columns[0],
    sizeof(recert_identity_reference), offsetof(recert_identity_reference, json),
    reviewers_open, reviewers_next, reviewers_close
};

static const column_t permission_columns[] = {
    { "TARGET", offsetof(recert_permission, target), NULL },
    { "RIGHTS", 0, permission_rights },
};

static recert_code permissions_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_get_identity_certification_item_permissions_params p =
        RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
    const char *cert = q->operands[0], *item = q->operands[1];
    p.filters = q->filters;
    set_collection(q, &p.limit, &p.offset, &p.count);
    if (q->all) {
        recert_permission_iter *it = NULL;
        recert_code rc = recert_permission_iter_new(&it, cli->client, cert, item, &p);
        s->iter = it;
        return rc;
    }
    recert_permission_list *l = NULL;
    recert_code rc =
        recert_get_identity_certification_item_permissions(&l, cli->client, cert, item, &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static recert_code permissions_next(void *it, const void **item)
{
    const recert_permission *p = NULL;
    recert_code rc = recert_permission_iter_next(&p, it);
    *item = p;
    return rc;
}

static void permissions_close(source_t *s)
{
    recert_permission_iter_free(s->iter);
    recert_permission_list_free(s->list);
}

const listing_t listing_permissions = {
    permission_columns, sizeof permission_columns / sizeof permission_columns[0],
    sizeof(recert_permission), offsetof(recert_permission, json),
    permissions_open, permissions_next, permissions_close
};

static const column_t task_columns[] = {
    { "ID", offsetof(recert_task, id), NULL },
    { "CERTIFICATION", offsetof(recert_task, certification_id), NULL },
    { "TYPE", offsetof(recert_task, type), NULL },
    { "STATUS", offsetof(recert_task, status), NULL },
    { "ERRORS", 0, task_errors },
};

/* The pending tasks: one request, no paging (no --all, --count). */
static recert_code tasks_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_task_list *l = NULL;
    recert_code rc =
        recert_get_identity_certification_pending_tasks(&l, cli->client, q->operands[0]);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static void tasks_close(source_t *s)
{
    recert_task_list_free(s->list);
}

const listing_t listing_tasks = { task_columns, sizeof task_columns / sizeof task_columns[0],
                                  sizeof(recert_task), offsetof(recert_task, json), tasks_open,
                                  NULL, tasks_close };

/* ---- task ---- */

bool print_task(out_format f, const recert_task *t)
{
    return print_one(f, &listing_tasks, t);
}

int cmd_task(cli_t *cli)
{
    recert_task *t;
    int status = cli_connect(cli);
    if (status)
        return status;
    if (recert_get_identity_certification_task_status(&t, cli->client, cli->args->positional[2],
                                                      cli->args->positional[3]))
        return cli_fail(cli);
    status = print_task(cli->format, t) ? EXIT_OK : EXIT_ERROR;
    recert_task_free(t);
    return status;
}
