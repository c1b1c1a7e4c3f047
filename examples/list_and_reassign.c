/*
 * list_and_reassign: the librecert guide's example (docs/client.md).
 *
 *   list_and_reassign                      list every ACTIVE certification
 *   list_and_reassign CERT ITEM IDENTITY   reassign one review item and wait
 *
 * Configuration comes from the environment (SAIL_BASE_URL, SAIL_CLIENT_ID,
 * SAIL_CLIENT_SECRET) or ./config.json, as with SailPoint's SDKs.
 * Build: cc list_and_reassign.c $(pkg-config --cflags --libs recert)
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <recert/recert.h>

/* Prints the detail of the last failure: the server's message, HTTP
 * status and tracking id. */
static int fail(recert_client *client, const char *what)
{
    const recert_error *e = recert_client_last_error(client);
    fprintf(stderr, "%s: %s: %s\n", what, recert_strerror(e->code), e->message);
    if (e->http_status)
        fprintf(stderr, "  HTTP %d, tracking id %s\n", e->http_status,
                *e->tracking_id ? e->tracking_id : "-");
    return 1;
}

static int list_active(recert_client *client)
{
    recert_list_certifications_params params = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    params.filters = "phase eq \"ACTIVE\"";
    params.sorters = "due";
    params.count = true; /* the walk then stops exactly at X-Total-Count */
    params.limit = 100;  /* page size */

    recert_certification_iter *it;
    if (recert_certification_iter_new(&it, client, &params) != RECERT_OK)
        return fail(client, "list");
    const recert_certification *cert; /* borrowed from the iterator */
    recert_code rc;
    while ((rc = recert_certification_iter_next(&cert, it)) == RECERT_OK)
        printf("%-24s %-40s %3d/%-3d %s\n", cert->id ? cert->id : "-",
               cert->name ? cert->name : "-", cert->decisions_made, cert->decisions_total,
               cert->reviewer && cert->reviewer->name ? cert->reviewer->name : "-");
    int status = rc == RECERT_ITEROVER ? 0 : fail(client, "list");
    if (!status)
        printf("%lld certifications\n", (long long)recert_certification_iter_total(it));
    recert_certification_iter_free(it);
    return status;
}

static int reassign(recert_client *client, const char *cert, const char *item, const char *to)
{
    recert_reassign_reference ref = { item, "ITEM" };
    recert_review_reassign body = { &ref, 1, to, "reassigned by the librecert example" };
    recert_task *task; /* owned: recert_task_free */
    if (recert_submit_reassign_certs_async(&task, client, cert, &body) != RECERT_OK)
        return fail(client, "reassign");
    printf("task %s: %s\n", task->id, task->status);
    while (!recert_task_is_finished(task)) {
        struct timespec pause = { 0, 200 * 1000000L };
        nanosleep(&pause, NULL);
        recert_task *next;
        if (recert_get_identity_certification_task_status(&next, client, cert, task->id) !=
            RECERT_OK) {
            recert_task_free(task);
            return fail(client, "task status");
        }
        recert_task_free(task);
        task = next;
        printf("task %s: %s\n", task->id, task->status);
    }
    for (size_t i = 0; i < task->error_count; i++)
        fprintf(stderr, "  %s\n", task->errors[i]);
    int status = strcmp(task->status, "SUCCESS") == 0 ? 0 : 1;
    recert_task_free(task);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 1 && argc != 4) {
        fprintf(stderr, "usage: %s [CERT_ID ITEM_ID NEW_REVIEWER_ID]\n", argv[0]);
        return 2;
    }
    if (recert_global_init() != RECERT_OK)
        return 1;
    char why[256];
    recert_client_options options = RECERT_CLIENT_OPTIONS_INIT;
    options.errbuf = why;
    options.errbuf_size = sizeof why;
    recert_client *client;
    recert_code rc = recert_client_new(&client, &options);
    if (rc != RECERT_OK) {
        fprintf(stderr, "configuration: %s\n", why);
        recert_global_cleanup();
        return 2;
    }
    int status = argc == 4 ? reassign(client, argv[1], argv[2], argv[3]) : list_active(client);
    recert_client_free(client);
    recert_global_cleanup();
    return status;
}
