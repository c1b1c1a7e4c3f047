/*
 * recert: the command line for SailPoint's Certifications API (beta), on
 * librecert. main parses the command line, builds the client from flags,
 * the environment or ./config.json (the library's rules), runs one
 * command and maps the outcome to a documented exit code.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_main[] =
    "usage: recert [OPTIONS] certifications COMMAND [ARGS]\n"
    "\n"
    "A client for SailPoint's Certifications API (beta): SailPoint Identity\n"
    "Security Cloud or recertd.\n"
    "\n"
    "commands:\n"
    "  certifications list                 certifications you may review\n"
    "  certifications reviewers ID         reviewers of a certification\n"
    "  certifications permissions ID ITEM  permissions of an entitlement review item\n"
    "  certifications tasks ID             pending tasks of a certification\n"
    "  certifications task ID TASK         one task's status\n"
    "  certifications reassign ID ...      reassign items or identities to another reviewer\n"
    "\n"
    "options (anywhere on the line):\n"
    "  --base-url URL        tenant API root without /beta, e.g.\n"
    "                        https://acme.api.identitynow.com (env SAIL_BASE_URL)\n"
    "  --client-id ID        (env SAIL_CLIENT_ID)\n"
    "  --client-secret S     (env SAIL_CLIENT_SECRET; prefer the environment: flags\n"
    "                        are visible to other users of the machine)\n"
    "  -o, --output FORMAT   json (default, pretty), table, ndjson\n"
    "  -v, --verbose         print each HTTP exchange to stderr\n"
    "  --timeout SECONDS     per HTTP exchange (default 30)\n"
    "  --retries N           retries after 429, 5xx or a failed connection (default 3)\n"
    "  -h, --help            help; `recert certifications COMMAND --help` for a command\n"
    "  --version\n"
    "\n"
    "Without flags, settings come from SAIL_BASE_URL, SAIL_CLIENT_ID, SAIL_CLIENT_SECRET\n"
    "(or SAIL_ACCESS_TOKEN) when any is set, otherwise from ./config.json (BaseURL,\n"
    "ClientId, ClientSecret).\n"
    "\n"
    "exit codes: 0 ok, 1 error, 2 usage or configuration, 3 authentication failed,\n"
    "4 forbidden, 5 not found, 6 bad request, 7 rate limited, 8 server error,\n"
    "9 reassignment task failed, 10 timed out waiting for a task.\n";

static const char usage_certifications[] =
    "usage: recert certifications COMMAND [ARGS] [OPTIONS]\n"
    "\n"
    "  list                 certifications you may review\n"
    "  reviewers ID         reviewers of a certification\n"
    "  permissions ID ITEM  permissions of an entitlement review item\n"
    "  tasks ID             pending (QUEUED, IN_PROGRESS) tasks of a certification\n"
    "  task ID TASK         one task's status\n"
    "  reassign ID ...      reassign items or identities to another reviewer\n"
    "\n"
    "Run `recert certifications COMMAND --help` for a command's options.\n";

#define COLLECTION_HELP \
    "  --filters EXPR   SailPoint filter expression (quote it for the shell)\n" \
    "  --limit N        page size, 0..250 (server default 250)\n" \
    "  --offset N       first item (default 0)\n" \
    "  --count          print only the total number of matching items\n" \
    "  --all            fetch every page from --offset on (--limit is the page size)\n"

static const char usage_list[] =
    "usage: recert certifications list [--reviewer ID|me] [--filters EXPR] [--sorters S]\n"
    "                                  [--limit N] [--offset N] [--count] [--all]\n"
    "\n"
    "Lists the certifications you may review (every one for ORG_ADMIN and CERT_ADMIN).\n"
    "\n"
    "  --reviewer ID    only those reviewed by this identity; `me` for yourself\n" COLLECTION_HELP
    "  --sorters S      name, due, signed; `-` for descending, e.g. -due,name\n"
    "\n"
    "filters: id eq,in; phase eq; completed eq,ne; campaignRef.campaignType eq,in;\n"
    "campaignRef.id eq,in. Example: --filters 'phase eq \"ACTIVE\" and completed eq false'\n";

static const char usage_reviewers[] =
    "usage: recert certifications reviewers ID [--filters EXPR] [--sorters S] [--limit N]\n"
    "                                          [--offset N] [--count] [--all]\n"
    "\n"
    "Lists the reviewers of certification ID.\n"
    "\n" COLLECTION_HELP
    "  --sorters S      name, email\n"
    "\n"
    "filters: id eq,in; name eq,sw; email eq,sw.\n";

static const char usage_permissions[] =
    "usage: recert certifications permissions ID ITEM [--filters EXPR] [--limit N]\n"
    "                                                 [--offset N] [--count] [--all]\n"
    "\n"
    "Lists the permissions of entitlement review item ITEM of certification ID.\n"
    "\n" COLLECTION_HELP
    "\n"
    "filters: target eq,sw; rights ca; one `and`/`or` between a target and a rights\n"
    "filter, e.g. --filters 'rights ca (\"SELECT\") and target sw \"SYS.\"'\n";

static const char usage_tasks[] =
    "usage: recert certifications tasks ID\n"
    "\n"
    "Lists the pending (QUEUED or IN_PROGRESS) tasks of certification ID.\n";

static const char usage_task[] =
    "usage: recert certifications task ID TASK\n"
    "\n"
    "Shows task TASK of certification ID: QUEUED, IN_PROGRESS, SUCCESS or ERROR.\n";

static const char usage_reassign[] =
    "usage: recert certifications reassign ID --to IDENTITY --reason TEXT\n"
    "           (--item ID | --identity-summary ID | --target-summary ID)...\n"
    "           [--from-file FILE] [--wait [--wait-timeout SECONDS]]\n"
    "\n"
    "Reassigns review items or identities of certification ID to another reviewer\n"
    "(up to 500 per call). The server queues a task; its id is printed.\n"
    "\n"
    "  --to IDENTITY          identity id of the new reviewer\n"
    "  --reason TEXT          why (shown to the new reviewer)\n"
    "  --item ID              a review item (repeatable)\n"
    "  --identity-summary ID  every item of one identity (repeatable)\n"
    "  --target-summary ID    one access item across identities (repeatable)\n"
    "  --from-file FILE       more references, `-` for stdin: lines of `[TYPE] ID`\n"
    "                         (TYPE ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY; default\n"
    "                         ITEM; # comments), or JSON: a ReviewReassign body or an\n"
    "                         array of {\"id\", \"type\"}\n"
    "  --wait                 poll the task until it ends, showing progress on stderr;\n"
    "                         exit 9 if it ends in ERROR\n"
    "  --wait-timeout S       give up waiting after S seconds (default 600; exit 10)\n";

/* The commands; a collection command is cmd_collection over its listing
 * (commands.c). */
static const command_t commands[] = {
    { "list", cmd_collection, usage_list, 0, "",
      { O_REVIEWER, O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT },
      &listing_certifications },
    { "reviewers", cmd_collection, usage_reviewers, 1, "ID",
      { O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT }, &listing_reviewers },
    { "permissions", cmd_collection, usage_permissions, 2, "ID ITEM",
      { O_FILTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT }, &listing_permissions },
    { "tasks", cmd_collection, usage_tasks, 1, "ID", { O__COUNT }, &listing_tasks },
    { "task", cmd_task, usage_task, 2, "ID TASK", { O__COUNT }, NULL },
    { "reassign", cmd_reassign, usage_reassign, 1, "ID",
      { O_TO, O_REASON, O_ITEM, O_IDENTITY_SUMMARY, O_TARGET_SUMMARY, O_FROM_FILE, O_WAIT,
        O_WAIT_TIMEOUT, O__COUNT }, NULL },
};

int exit_code_for(recert_code code)
{
    switch (code) {
    case RECERT_OK: case RECERT_ITEROVER: return EXIT_OK;
    case RECERT_EINVALID: case RECERT_ECONFIG: return EXIT_USAGE;
    case RECERT_EAUTH: return EXIT_AUTH;
    case RECERT_EFORBIDDEN: return EXIT_FORBIDDEN;
    case RECERT_ENOTFOUND: return EXIT_NOT_FOUND;
    case RECERT_EBADREQUEST: return EXIT_BAD_REQUEST;
    case RECERT_ERATELIMIT: return EXIT_RATE_LIMIT;
    case RECERT_ESERVER: return EXIT_SERVER;
    case RECERT_ENOMEM: case RECERT_ENETWORK: case RECERT_EHTTP: case RECERT_EPROTOCOL: break;
    }
    return EXIT_ERROR;
}

int cli_fail(cli_t *cli)
{
    const recert_error *e = recert_client_last_error(cli->client);
    fprintf(stderr, "recert: %s: %s\n", recert_strerror(e->code), e->message);
    if (e->http_status) {
        fprintf(stderr, "recert: HTTP %d", e->http_status);
        if (*e->detail_code)
            fprintf(stderr, " \"%s\"", e->detail_code);
        if (*e->tracking_id)
            fprintf(stderr, ", tracking id %s", e->tracking_id);
        if (e->retry_after >= 0)
            fprintf(stderr, ", retry after %d s", e->retry_after);
        fputc('\n', stderr);
    }
    if (e->code == RECERT_EAUTH)
        fprintf(stderr, "recert: check the client id and secret (or the access token)\n");
    return exit_code_for(e->code);
}

int cli_connect(cli_t *cli)
{
    if (cli->client)
        return EXIT_OK;
    recert_code rc = recert_client_new(&cli->client, &cli->options);
    if (rc) {
        fprintf(stderr, "recert: %s\n", *cli->why ? cli->why : recert_strerror(rc));
        cli->client = NULL;
        return exit_code_for(rc);
    }
    return EXIT_OK;
}

static void trace(const recert_trace_event *ev, void *payload)
{
    (void)payload;
    fprintf(stderr, "recert: %s %s -> ", ev->method, ev->url);
    if (ev->status)
        fprintf(stderr, "%d", ev->status);
    else
        fprintf(stderr, "%s", ev->error ? ev->error : "no response");
    fprintf(stderr, " (%ld ms)", ev->elapsed_ms);
    if (ev->wait_ms)
        fprintf(stderr, ", retrying in %ld ms", ev->wait_ms);
    fputc('\n', stderr);
}

static bool parse_format(const char *v, out_format *out)
{
    if (!v || strcmp(v, "json") == 0)
        *out = OUT_JSON;
    else if (strcmp(v, "table") == 0)
        *out = OUT_TABLE;
    else if (strcmp(v, "ndjson") == 0)
        *out = OUT_NDJSON;
    else {
        fprintf(stderr, "recert: --output must be json, table or ndjson (got \"%s\")\n", v);
        return false;
    }
    return true;
}

static int run(args_t *a)
{
    if (a->last[O_VERSION]) {
        printf("recert %s (librecert %s)\n", RECERT_VERSION, recert_version());
        return EXIT_OK;
    }
    bool help = a->last[O_HELP] != NULL;
    if (a->positional_count == 0) {
        fputs(usage_main, help ? stdout : stderr);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(a->positional[0], "certifications") != 0) {
        fprintf(stderr, "recert: unknown command \"%s\" (see recert --help)\n", a->positional[0]);
        return EXIT_USAGE;
    }
    if (a->positional_count == 1) {
        fputs(usage_certifications, help ? stdout : stderr);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    const command_t *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && !cmd; i++)
        if (strcmp(commands[i].name, a->positional[1]) == 0)
            cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "recert: unknown command \"certifications %s\" (see recert "
                        "certifications --help)\n", a->positional[1]);
        return EXIT_USAGE;
    }
    if (help) {
        fputs(cmd->usage, stdout);
        return EXIT_OK;
    }
    char name[64];
    snprintf(name, sizeof name, "certifications %s", cmd->name);
    if (a->positional_count - 2 != cmd->operands) {
        fprintf(stderr, "recert: %s takes %s%s (see recert %s --help)\n", name,
                cmd->operands ? cmd->operand_names : "no arguments",
                a->positional_count - 2 > cmd->operands ? ", no more" : "", name);
        return EXIT_USAGE;
    }
    out_format format;
    long timeout = 30, retries = -1;
    if (!args_allow(a, name, cmd->allowed) || !parse_format(a->last[O_OUTPUT], &format) ||
        !args_int(a, O_TIMEOUT, 1, 86400, &timeout) || !args_int(a, O_RETRIES, 0, 100, &retries))
        return EXIT_USAGE;

    cli_t cli = { 0 };
    cli.command = cmd;
    cli.format = format;
    cli.args = a;
    recert_client_options *o = &cli.options;
    *o = (recert_client_options)RECERT_CLIENT_OPTIONS_INIT;
    o->base_url = a->last[O_BASE_URL];
    o->client_id = a->last[O_CLIENT_ID];
    o->client_secret = a->last[O_CLIENT_SECRET];
    o->timeout_ms = timeout * 1000;
    o->max_retries = (int)retries;
    o->trace = a->last[O_VERBOSE] ? trace : NULL;
    o->errbuf = cli.why;
    o->errbuf_size = sizeof cli.why;
    int status = cmd->run(&cli);
    recert_client_free(cli.client);
    return status;
}

int main(int argc, char **argv)
{
    args_t a;
    if (!args_parse(&a, argc, argv)) {
        args_free(&a);
        return EXIT_USAGE;
    }
    if (recert_global_init() != RECERT_OK) {
        fprintf(stderr, "recert: cannot initialize libcurl\n");
        args_free(&a);
        return EXIT_ERROR;
    }
    int status = run(&a);
    recert_global_cleanup();
    args_free(&a);
    return status;
}
