/*
 * commands: the collection commands (certifications list, reviewers,
 * permissions, items, tasks; summaries; tasks), the one-object commands
 * (certifications get and task, sign-off, task) and summaries.
 *
 * A collection is a listing_t: its table columns and adapters to the
 * typed librecert calls (open: one page, or the iterator with --all;
 * close). Every iterator is a recert_iter, so one next serves all of
 * them. One loop, run_listing, serves them all: it makes one
 * request (one page), walks every page with --all, or with --count asks
 * for one item and X-Total-Count and prints only the total. Output goes
 * through output.c; failures through cli_fail, which picks the exit code.
 * A new collection command is a listing here and a row in main.c.
 */
#include "cli.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool collection_args(cli_t *cli, query_t *q)
{
    const args_t *a = cli->args;
    long limit = -1, offset = -1;
    *q = (query_t){ -1, -1, a->last[O_COUNT] != NULL, a->last[O_ALL] != NULL,
                    a->last[O_FILTERS], a->last[O_SORTERS], cli->operands };
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
    /* access-review-items: entitlements, access-profiles and roles exclude each other */
    const opt_id only_one[] = { O_ENTITLEMENTS, O_ACCESS_PROFILES, O_ROLES };
    const char *first = NULL;
    for (size_t i = 0; i < sizeof only_one / sizeof only_one[0]; i++) {
        if (!a->last[only_one[i]])
            continue;
        if (!*a->last[only_one[i]]) {
            fprintf(stderr, "recert: --%s wants comma-separated ids (got an empty value)\n",
                    opt_name(only_one[i]));
            return false;
        }
        if (first) {
            fprintf(stderr, "recert: --%s and --%s cannot be combined: the API takes one of "
                            "--entitlements, --access-profiles and --roles at a time\n",
                    first, opt_name(only_one[i]));
            return false;
        }
        first = opt_name(only_one[i]);
    }
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
    return run_listing(cli, cli->command->listing);
}

int run_listing(cli_t *cli, const listing_t *l)
{
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

/* Every librecert iterator is a recert_iter (the beta ones too). */
static recert_code iter_next(void *it, const void **item)
{
    recert_code rc = recert_iter_next(it);
    *item = recert_iter_item(it);
    return rc;
}

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

static void certifications_close(source_t *s)
{
    recert_certification_iter_free(s->iter);
    recert_certification_list_free(s->list);
}

const listing_t listing_certifications = {
    certification_columns, sizeof certification_columns / sizeof certification_columns[0],
    sizeof(recert_certification), offsetof(recert_certification, json),
    certifications_open, iter_next, certifications_close
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

static void reviewers_close(source_t *s)
{
    recert_reviewer_iter_free(s->iter);
    recert_identity_reference_list_free(s->list);
}

const listing_t listing_reviewers = {
    reviewer_columns, sizeof reviewer_columns / sizeof reviewer_columns[0],
    sizeof(recert_identity_reference), offsetof(recert_identity_reference, json),
    reviewers_open, iter_next, reviewers_close
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

static void permissions_close(source_t *s)
{
    recert_permission_iter_free(s->iter);
    recert_permission_list_free(s->list);
}

const listing_t listing_permissions = {
    permission_columns, sizeof permission_columns / sizeof permission_columns[0],
    sizeof(recert_permission), offsetof(recert_permission, json),
    permissions_open, iter_next, permissions_close
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
    if (recert_get_identity_certification_task_status(&t, cli->client, cli->operands[0],
                                                      cli->operands[1]))
        return cli_fail(cli);
    status = print_task(cli->format, t) ? EXIT_OK : EXIT_ERROR;
    recert_task_free(t);
    return status;
}

/* ---- v3 ---------------------------------------------------------------- */

static bool bool_cell(bool v, cell_t *c)
{
    c->text = v ? "true" : "false";
    return true;
}

/* Certifications (get, sign-off, decide, reassign --sync print one). */
static bool v3cert_campaign(const void *item, cell_t *c)
{
    const recert_identity_certification *cert = item;
    c->text = cert->campaign ? cert->campaign->name : NULL;
    return true;
}

static bool v3cert_reviewer(const void *item, cell_t *c)
{
    const recert_identity_certification *cert = item;
    c->text = cert->reviewer ? cert->reviewer->name : NULL;
    return true;
}

static bool v3cert_decisions(const void *item, cell_t *c)
{
    const recert_identity_certification *cert = item;
    snprintf(c->buf, sizeof c->buf, "%d/%d", (int)cert->decisions_made,
             (int)cert->decisions_total);
    c->text = c->buf;
    return true;
}

static const column_t v3_certification_columns[] = {
    { "ID", offsetof(recert_identity_certification, id), NULL },
    { "NAME", offsetof(recert_identity_certification, name), NULL },
    { "CAMPAIGN", 0, v3cert_campaign },
    { "PHASE", offsetof(recert_identity_certification, phase), NULL },
    { "REVIEWER", 0, v3cert_reviewer },
    { "DECISIONS", 0, v3cert_decisions },
    { "DUE", offsetof(recert_identity_certification, due), NULL },
    { "SIGNED", offsetof(recert_identity_certification, signed_at), NULL },
};

/* Printed one at a time only (no command lists v3 certifications). */
const listing_t listing_v3_certifications = {
    v3_certification_columns, sizeof v3_certification_columns / sizeof v3_certification_columns[0],
    sizeof(recert_identity_certification), offsetof(recert_identity_certification, json), NULL,
    NULL, NULL
};

bool print_v3_certification(out_format f, const recert_identity_certification *c)
{
    return print_one(f, &listing_v3_certifications, c);
}

/* Access review items. */
static const recert_access_reference *item_access(const recert_access_review_item *i)
{
    return i->access_summary ? i->access_summary->access : NULL;
}

static bool item_identity(const void *item, cell_t *c)
{
    const recert_access_review_item *i = item;
    c->text = i->identity_summary ? i->identity_summary->name : NULL;
    return true;
}

static bool item_type(const void *item, cell_t *c)
{
    const recert_access_reference *a = item_access(item);
    c->text = a ? a->type : NULL;
    return true;
}

static bool item_access_name(const void *item, cell_t *c)
{
    const recert_access_reference *a = item_access(item);
    c->text = a ? a->name : NULL;
    return true;
}

static bool item_source(const void *item, cell_t *c)
{
    const recert_access_review_item *i = item;
    c->text = i->access_summary && i->access_summary->entitlement
                  ? i->access_summary->entitlement->source_name : NULL;
    return true;
}

static const column_t item_columns[] = {
    { "ID", offsetof(recert_access_review_item, id), NULL },
    { "IDENTITY", 0, item_identity },
    { "TYPE", 0, item_type },
    { "ACCESS", 0, item_access_name },
    { "SOURCE", 0, item_source },
    { "DECISION", offsetof(recert_access_review_item, decision), NULL },
    { "COMMENTS", offsetof(recert_access_review_item, comments), NULL },
};

static recert_code items_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_v3_list_access_review_items_params p = RECERT_V3_LIST_ACCESS_REVIEW_ITEMS_PARAMS_INIT;
    set_collection(q, &p.limit, &p.offset, &p.count);
    p.filters = q->filters;
    p.sorters = q->sorters;
    p.entitlements = cli->args->last[O_ENTITLEMENTS];
    p.access_profiles = cli->args->last[O_ACCESS_PROFILES];
    p.roles = cli->args->last[O_ROLES];
    if (q->all) {
        recert_iter *it = NULL;
        recert_code rc = recert_v3_access_review_items_iter_new(&it, cli->client, q->operands[0],
                                                                &p);
        s->iter = it;
        return rc;
    }
    recert_access_review_item_list *l = NULL;
    recert_code rc =
        recert_v3_list_identity_access_review_items(&l, cli->client, q->operands[0], &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static void items_close(source_t *s)
{
    recert_iter_free(s->iter);
    recert_access_review_item_list_free(s->list);
}

const listing_t listing_items = {
    item_columns, sizeof item_columns / sizeof item_columns[0], sizeof(recert_access_review_item),
    offsetof(recert_access_review_item, json), items_open, iter_next, items_close
};

/* Identity summaries. */
static bool summary_completed(const void *item, cell_t *c)
{
    return bool_cell(((const recert_identity_summary *)item)->completed, c);
}

static const column_t identity_summary_columns[] = {
    { "ID", offsetof(recert_identity_summary, id), NULL },
    { "NAME", offsetof(recert_identity_summary, name), NULL },
    { "IDENTITY", offsetof(recert_identity_summary, identity_id), NULL },
    { "COMPLETED", 0, summary_completed },
};

static void summaries_params(const query_t *q, recert_v3_summaries_params *p)
{
    *p = (recert_v3_summaries_params)RECERT_V3_SUMMARIES_PARAMS_INIT;
    set_collection(q, &p->limit, &p->offset, &p->count);
    p->filters = q->filters;
    p->sorters = q->sorters;
}

static recert_code identity_summaries_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_v3_summaries_params p;
    summaries_params(q, &p);
    if (q->all) {
        recert_iter *it = NULL;
        recert_code rc = recert_v3_identity_summaries_iter_new(&it, cli->client, q->operands[0],
                                                               &p);
        s->iter = it;
        return rc;
    }
    recert_identity_summary_list *l = NULL;
    recert_code rc = recert_v3_get_identity_summaries(&l, cli->client, q->operands[0], &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static void identity_summaries_close(source_t *s)
{
    recert_iter_free(s->iter);
    recert_identity_summary_list_free(s->list);
}

const listing_t listing_identity_summaries = {
    identity_summary_columns, sizeof identity_summary_columns / sizeof identity_summary_columns[0],
    sizeof(recert_identity_summary), offsetof(recert_identity_summary, json),
    identity_summaries_open, iter_next, identity_summaries_close
};

/* Access summaries of one type. */
const char *const cli_access_types[] = { "ENTITLEMENT", "ACCESS_PROFILE", "ROLE" };
const size_t cli_access_type_count = 3;
#define access_types cli_access_types

/* The API's spelling of an access type given in any case, or NULL. */
static const char *access_type(const char *v)
{
    for (size_t i = 0; v && i < sizeof access_types / sizeof access_types[0]; i++)
        if (strcasecmp(v, access_types[i]) == 0)
            return access_types[i];
    return NULL;
}

static bool summary_type(const void *item, cell_t *c)
{
    const recert_access_summary *a = item;
    c->text = a->access ? a->access->type : NULL;
    return true;
}

static bool summary_id(const void *item, cell_t *c)
{
    const recert_access_summary *a = item;
    c->text = a->access ? a->access->id : NULL;
    return true;
}

static bool summary_name(const void *item, cell_t *c)
{
    const recert_access_summary *a = item;
    c->text = a->access ? a->access->name : NULL;
    return true;
}

static bool summary_source(const void *item, cell_t *c)
{
    const recert_access_summary *a = item;
    c->text = a->entitlement ? a->entitlement->source_name : NULL;
    return true;
}

static const column_t access_summary_columns[] = {
    { "TYPE", 0, summary_type },
    { "ID", 0, summary_id },
    { "NAME", 0, summary_name },
    { "SOURCE", 0, summary_source },
};

static recert_code access_summaries_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_v3_summaries_params p;
    summaries_params(q, &p);
    const char *type = access_type(cli->args->last[O_TYPE]);
    if (q->all) {
        recert_iter *it = NULL;
        recert_code rc =
            recert_v3_access_summaries_iter_new(&it, cli->client, q->operands[0], type, &p);
        s->iter = it;
        return rc;
    }
    recert_access_summary_list *l = NULL;
    recert_code rc =
        recert_v3_get_identity_access_summaries(&l, cli->client, q->operands[0], type, &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static void access_summaries_close(source_t *s)
{
    recert_iter_free(s->iter);
    recert_access_summary_list_free(s->list);
}

const listing_t listing_access_summaries = {
    access_summary_columns, sizeof access_summary_columns / sizeof access_summary_columns[0],
    sizeof(recert_access_summary), offsetof(recert_access_summary, json), access_summaries_open,
    iter_next, access_summaries_close
};

/* Certification tasks (v3). */
static bool v3task_errors(const void *item, cell_t *c)
{
    const recert_certification_task *t = item;
    char *texts[64];
    size_t n = 0;
    for (size_t i = 0; i < t->error_count && n < 64; i++)
        if (t->errors[i].text)
            texts[n++] = t->errors[i].text;
    c->text = c->made = n ? join(texts, n, "; ") : NULL;
    return true;
}

static const column_t v3_task_columns[] = {
    { "ID", offsetof(recert_certification_task, id), NULL },
    { "TYPE", offsetof(recert_certification_task, type), NULL },
    { "TARGET TYPE", offsetof(recert_certification_task, target_type), NULL },
    { "TARGET", offsetof(recert_certification_task, target_id), NULL },
    { "STATUS", offsetof(recert_certification_task, status), NULL },
    { "CREATED", offsetof(recert_certification_task, created), NULL },
    { "ERRORS", 0, v3task_errors },
};

static recert_code v3_tasks_open(cli_t *cli, const query_t *q, source_t *s)
{
    recert_v3_list_certification_tasks_params p = RECERT_V3_LIST_CERTIFICATION_TASKS_PARAMS_INIT;
    p.reviewer_identity = cli->args->last[O_REVIEWER];
    set_collection(q, &p.limit, &p.offset, &p.count);
    p.filters = q->filters;
    if (q->all) {
        recert_iter *it = NULL;
        recert_code rc = recert_v3_certification_tasks_iter_new(&it, cli->client, &p);
        s->iter = it;
        return rc;
    }
    recert_certification_task_list *l = NULL;
    recert_code rc = recert_v3_get_pending_certification_tasks(&l, cli->client, &p);
    if (!rc)
        *s = (source_t){ l, NULL, l->items, l->count, l->total };
    return rc;
}

static void v3_tasks_close(source_t *s)
{
    recert_iter_free(s->iter);
    recert_certification_task_list_free(s->list);
}

const listing_t listing_v3_tasks = {
    v3_task_columns, sizeof v3_task_columns / sizeof v3_task_columns[0],
    sizeof(recert_certification_task), offsetof(recert_certification_task, json), v3_tasks_open,
    iter_next, v3_tasks_close
};

/* ---- one object ----------------------------------------------------------- */

int cmd_v3_task(cli_t *cli)
{
    recert_certification_task *t;
    int status = cli_connect(cli);
    if (status)
        return status;
    if (recert_v3_get_certification_task(&t, cli->client, cli->operands[0]))
        return cli_fail(cli);
    status = print_one(cli->format, &listing_v3_tasks, t) ? EXIT_OK : EXIT_ERROR;
    recert_certification_task_free(t);
    return status;
}

/* get and sign-off: one call that answers with the certification. */
static int certification_call(cli_t *cli, bool sign_off)
{
    recert_identity_certification *c;
    int status = cli_connect(cli);
    if (status)
        return status;
    recert_code rc = sign_off
        ? recert_v3_sign_off_identity_certification(&c, cli->client, cli->operands[0])
        : recert_v3_get_identity_certification(&c, cli->client, cli->operands[0]);
    if (rc)
        return cli_fail(cli);
    status = print_v3_certification(cli->format, c) ? EXIT_OK : EXIT_ERROR;
    recert_identity_certification_free(c);
    return status;
}

int cmd_get(cli_t *cli)
{
    return certification_call(cli, false);
}

int cmd_sign_off(cli_t *cli)
{
    return certification_call(cli, true);
}

/* ---- summaries ---------------------------------------------------------------- */

static bool print_decision_summary(out_format f, const recert_decision_summary *d)
{
    static const char *const headers[] = { "TYPE", "MADE", "TOTAL", "APPROVED", "REVOKED" };
    const int32_t rows[4][4] = {
        { d->entitlement_decisions_made, d->entitlement_decisions_total,
          d->entitlements_approved, d->entitlements_revoked },
        { d->access_profile_decisions_made, d->access_profile_decisions_total,
          d->access_profiles_approved, d->access_profiles_revoked },
        { d->role_decisions_made, d->role_decisions_total, d->roles_approved, d->roles_revoked },
        { d->account_decisions_made, d->account_decisions_total, d->accounts_approved,
          d->accounts_revoked },
    };
    static const char *const names[] = { "ENTITLEMENT", "ACCESS_PROFILE", "ROLE", "ACCOUNT" };
    if (f == OUT_JSON || f == OUT_NDJSON)
        return out_single(f, d->json, headers, headers, 5);
    out_t *o = out_begin(f, headers, 5);
    bool ok = o != NULL;
    for (size_t r = 0; ok && r < 4; r++) {
        char num[4][16];
        const char *cells[5] = { names[r], num[0], num[1], num[2], num[3] };
        for (size_t k = 0; k < 4; k++)
            snprintf(num[k], sizeof num[k], "%d", (int)rows[r][k]);
        ok = out_item(o, d->json, cells);
    }
    return out_end(o) && ok;
}

/* The options of args that are among opts[0..n), as "--a, --b". */
static bool given(const args_t *a, const opt_id *opts, size_t n, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (a->last[opts[i]])
            k += (size_t)snprintf(buf + k, k < size ? size - k : 0, "%s--%s", k ? ", " : "",
                                  opt_name(opts[i]));
    return k > 0;
}

int cmd_summaries(cli_t *cli)
{
    const args_t *a = cli->args;
    const char *type = a->last[O_TYPE], *one = a->last[O_IDENTITY_SUMMARY];
    bool decisions = a->last[O_DECISIONS] != NULL;
    static const opt_id modes[] = { O_TYPE, O_DECISIONS, O_IDENTITY_SUMMARY };
    static const opt_id paging[] = { O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL };
    static const opt_id collection[] = { O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT,
                                         O_ALL };
    char list[128];
    if ((type != NULL) + decisions + (one != NULL) > 1) {
        given(a, modes, 3, list, sizeof list);
        fprintf(stderr, "recert: summaries takes one of --type, --decisions and "
                        "--identity-summary (got %s)\n", list);
        return EXIT_USAGE;
    }
    if (type && !access_type(type)) {
        char upper[64];
        size_t k = 0;
        for (; type[k] && k + 1 < sizeof upper; k++)
            upper[k] = (char)toupper((unsigned char)type[k]);
        upper[k] = '\0';
        const char *s = suggest(upper, access_types, 3);
        fprintf(stderr, "recert: --type must be ENTITLEMENT, ACCESS_PROFILE or ROLE (got \"%s\")",
                type);
        if (s)
            fprintf(stderr, "; did you mean \"%s\"?", s);
        fputc('\n', stderr);
        return EXIT_USAGE;
    }
    if (decisions && given(a, paging, 5, list, sizeof list)) {
        fprintf(stderr, "recert: summaries --decisions takes --filters only, not %s\n", list);
        return EXIT_USAGE;
    }
    if (one && (!*one || given(a, collection, 6, list, sizeof list))) {
        if (*one)
            fprintf(stderr, "recert: summaries --identity-summary ID shows one summary and "
                            "takes none of %s\n", list);
        else
            fprintf(stderr, "recert: --identity-summary needs a non-empty id\n");
        return EXIT_USAGE;
    }
    if (type)
        return run_listing(cli, &listing_access_summaries);
    if (!decisions && !one)
        return run_listing(cli, &listing_identity_summaries);
    int status = cli_connect(cli);
    if (status)
        return status;
    if (decisions) {
        recert_decision_summary *d;
        if (recert_v3_get_identity_decision_summary(&d, cli->client, cli->operands[0],
                                                    a->last[O_FILTERS]))
            return cli_fail(cli);
        status = print_decision_summary(cli->format, d) ? EXIT_OK : EXIT_ERROR;
        recert_decision_summary_free(d);
        return status;
    }
    recert_identity_summary *s;
    if (recert_v3_get_identity_summary(&s, cli->client, cli->operands[0], one))
        return cli_fail(cli);
    status = print_one(cli->format, &listing_identity_summaries, s) ? EXIT_OK : EXIT_ERROR;
    recert_identity_summary_free(s);
    return status;
}
