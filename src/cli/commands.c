/*
 * commands: list, reviewers, permissions, tasks and task.
 *
 * A collection command makes one request (one page), walks every page
 * with --all (a library iterator), or with --count asks for one item and
 * X-Total-Count and prints only the total. Output goes through output.c;
 * failures through cli_fail, which picks the exit code.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct collection {
    long limit, offset;
    bool count, all;
    const char *filters, *sorters;
} collection_t;

static bool collection_args(cli_t *cli, collection_t *c)
{
    const args_t *a = cli->args;
    *c = (collection_t){ -1, -1, a->last[O_COUNT] != NULL, a->last[O_ALL] != NULL,
                         a->last[O_FILTERS], a->last[O_SORTERS] };
    if (!args_int(a, O_LIMIT, 0, 250, &c->limit) || !args_int(a, O_OFFSET, 0, 999999999, &c->offset))
        return false;
    if (c->count && c->all) {
        fprintf(stderr, "recert: --count and --all cannot be combined\n");
        return false;
    }
    if (c->count)
        c->limit = 1; /* the total is all we print */
    return true;
}

static int print_total(cli_t *cli, int64_t total)
{
    (void)cli;
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

/* ---- certifications ---- */

static const char *const cert_headers[] = { "ID", "NAME", "CAMPAIGN", "PHASE", "REVIEWER",
                                            "DECISIONS", "DUE" };

static bool cert_item(out_t *o, const recert_certification *c)
{
    char decisions[32];
    snprintf(decisions, sizeof decisions, "%d/%d", (int)c->decisions_made, (int)c->decisions_total);
    const char *cells[] = { c->id, c->name, c->campaign_ref ? c->campaign_ref->name : NULL,
                            c->phase, c->reviewer ? c->reviewer->name : NULL, decisions, c->due };
    return out_item(o, c->json, cells);
}

int cmd_list(cli_t *cli)
{
    collection_t col;
    int status;
    if (!collection_args(cli, &col))
        return EXIT_USAGE;
    if ((status = cli_connect(cli)))
        return status;
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.reviewer_identity = cli->args->last[O_REVIEWER];
    p.limit = (int)col.limit;
    p.offset = (int)col.offset;
    p.count = col.count;
    p.filters = col.filters;
    p.sorters = col.sorters;
    out_t *o = NULL;
    recert_code rc;
    if (col.all) {
        recert_certification_iter *it;
        if (recert_certification_iter_new(&it, cli->client, &p))
            return cli_fail(cli);
        if (!(o = out_begin(cli->format, cert_headers, 7))) {
            recert_certification_iter_free(it);
            return no_memory();
        }
        const recert_certification *c;
        while ((rc = recert_certification_iter_next(&c, it)) == RECERT_OK && cert_item(o, c))
            ;
        recert_certification_iter_free(it);
        return finish(cli, o, rc);
    }
    recert_certification_list *l;
    if (recert_list_certifications(&l, cli->client, &p))
        return cli_fail(cli);
    if (col.count) {
        status = print_total(cli, l->total);
    } else if (!(o = out_begin(cli->format, cert_headers, 7))) {
        status = no_memory();
    } else {
        for (size_t i = 0; i < l->count && cert_item(o, &l->items[i]); i++)
            ;
        status = finish(cli, o, RECERT_OK);
    }
    recert_certification_list_free(l);
    return status;
}

/* ---- reviewers ---- */

static const char *const reviewer_headers[] = { "ID", "NAME", "EMAIL", "TYPE" };

static bool reviewer_item(out_t *o, const recert_identity_reference *r)
{
    const char *cells[] = { r->id, r->name, r->email, r->type };
    return out_item(o, r->json, cells);
}

int cmd_reviewers(cli_t *cli)
{
    collection_t col;
    int status;
    if (!collection_args(cli, &col))
        return EXIT_USAGE;
    if ((status = cli_connect(cli)))
        return status;
    const char *id = cli->args->positional[2];
    recert_list_certification_reviewers_params p = RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    p.limit = (int)col.limit;
    p.offset = (int)col.offset;
    p.count = col.count;
    p.filters = col.filters;
    p.sorters = col.sorters;
    out_t *o = NULL;
    recert_code rc;
    if (col.all) {
        recert_reviewer_iter *it;
        if (recert_reviewer_iter_new(&it, cli->client, id, &p))
            return cli_fail(cli);
        if (!(o = out_begin(cli->format, reviewer_headers, 4))) {
            recert_reviewer_iter_free(it);
            return no_memory();
        }
        const recert_identity_reference *r;
        while ((rc = recert_reviewer_iter_next(&r, it)) == RECERT_OK && reviewer_item(o, r))
            ;
        recert_reviewer_iter_free(it);
        return finish(cli, o, rc);
    }
    recert_identity_reference_list *l;
    if (recert_list_certification_reviewers(&l, cli->client, id, &p))
        return cli_fail(cli);
    if (col.count) {
        status = print_total(cli, l->total);
    } else if (!(o = out_begin(cli->format, reviewer_headers, 4))) {
        status = no_memory();
    } else {
        for (size_t i = 0; i < l->count && reviewer_item(o, &l->items[i]); i++)
            ;
        status = finish(cli, o, RECERT_OK);
    }
    recert_identity_reference_list_free(l);
    return status;
}

/* ---- permissions ---- */

static const char *const permission_headers[] = { "TARGET", "RIGHTS" };

static bool permission_item(out_t *o, const recert_permission *p)
{
    size_t len = 1;
    for (size_t i = 0; i < p->rights_count; i++)
        len += strlen(p->rights[i]) + 1;
    char *rights = malloc(len);
    if (!rights)
        return false;
    rights[0] = '\0';
    for (size_t i = 0, k = 0; i < p->rights_count; i++) {
        size_t n = strlen(p->rights[i]);
        if (i)
            rights[k++] = ',';
        memcpy(rights + k, p->rights[i], n + 1);
        k += n;
    }
    const char *cells[] = { p->target, rights };
    bool ok = out_item(o, p->json, cells);
    free(rights);
    return ok;
}

int cmd_permissions(cli_t *cli)
{
    collection_t col;
    int status;
    if (!collection_args(cli, &col))
        return EXIT_USAGE;
    if ((status = cli_connect(cli)))
        return status;
    const char *cert = cli->args->positional[2], *item = cli->args->positional[3];
    recert_get_identity_certification_item_permissions_params p =
        RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
    p.filters = col.filters;
    p.limit = (int)col.limit;
    p.offset = (int)col.offset;
    p.count = col.count;
    out_t *o = NULL;
    recert_code rc;
    if (col.all) {
        recert_permission_iter *it;
        if (recert_permission_iter_new(&it, cli->client, cert, item, &p))
            return cli_fail(cli);
        if (!(o = out_begin(cli->format, permission_headers, 2))) {
            recert_permission_iter_free(it);
            return no_memory();
        }
        const recert_permission *perm;
        while ((rc = recert_permission_iter_next(&perm, it)) == RECERT_OK &&
               permission_item(o, perm))
            ;
        recert_permission_iter_free(it);
        return finish(cli, o, rc);
    }
    recert_permission_list *l;
    if (recert_get_identity_certification_item_permissions(&l, cli->client, cert, item, &p))
        return cli_fail(cli);
    if (col.count) {
        status = print_total(cli, l->total);
    } else if (!(o = out_begin(cli->format, permission_headers, 2))) {
        status = no_memory();
    } else {
        for (size_t i = 0; i < l->count && permission_item(o, &l->items[i]); i++)
            ;
        status = finish(cli, o, RECERT_OK);
    }
    recert_permission_list_free(l);
    return status;
}

/* ---- tasks ---- */

static const char *const task_headers[] = { "ID", "CERTIFICATION", "TYPE", "STATUS", "ERRORS" };

/* Cells of a task; *errors_out is malloc'd (free it) or NULL. */
static void task_cells(const recert_task *t, const char *cells[5], char **errors_out)
{
    size_t len = 1;
    for (size_t i = 0; i < t->error_count; i++)
        len += strlen(t->errors[i]) + 2;
    char *errors = t->error_count ? malloc(len) : NULL;
    if (errors) {
        size_t k = 0;
        for (size_t i = 0; i < t->error_count; i++) {
            size_t n = strlen(t->errors[i]);
            if (i) {
                memcpy(errors + k, "; ", 2);
                k += 2;
            }
            memcpy(errors + k, t->errors[i], n);
            k += n;
        }
        errors[k] = '\0';
    }
    cells[0] = t->id;
    cells[1] = t->certification_id;
    cells[2] = t->type;
    cells[3] = t->status;
    cells[4] = errors;
    *errors_out = errors;
}

bool print_task(out_format f, const recert_task *t)
{
    const char *cells[5];
    char *errors;
    task_cells(t, cells, &errors);
    bool ok = out_single(f, t->json, task_headers, cells, 5);
    free(errors);
    return ok;
}

int cmd_tasks(cli_t *cli)
{
    recert_task_list *l;
    int status = cli_connect(cli);
    if (status)
        return status;
    if (recert_get_identity_certification_pending_tasks(&l, cli->client, cli->args->positional[2]))
        return cli_fail(cli);
    out_t *o = out_begin(cli->format, task_headers, 5);
    if (!o) {
        status = no_memory();
    } else {
        for (size_t i = 0; i < l->count; i++) {
            const char *cells[5];
            char *errors;
            task_cells(&l->items[i], cells, &errors);
            bool ok = out_item(o, l->items[i].json, cells);
            free(errors);
            if (!ok)
                break;
        }
        status = finish(cli, o, RECERT_OK);
    }
    recert_task_list_free(l);
    return status;
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
