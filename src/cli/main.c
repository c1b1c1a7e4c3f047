/*
 * recert: the command line for SailPoint's Certifications API (beta and
 * the v3 review operations), on librecert. main parses the command line, builds the client from flags,
 * the environment or ./config.json (the library's rules), runs one
 * command and maps the outcome to a documented exit code.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_main[] =
    "usage: recert [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "A client for SailPoint's Certifications API (beta and v3): SailPoint Identity\n"
    "Security Cloud or recertd.\n"
    "\n"
    "commands:\n"
    "  certifications list                 certifications you may review\n"
    "  certifications get ID               one certification (v3)\n"
    "  certifications items ID             access review items of a certification (v3)\n"
    "  certifications reviewers ID         reviewers of a certification\n"
    "  certifications permissions ID ITEM  permissions of an entitlement review item\n"
    "  certifications tasks ID             pending tasks of a certification\n"
    "  certifications task ID TASK         one task's status\n"
    "  certifications reassign ID ...      reassign items or identities to another reviewer\n"
    "  decide ID ...                       approve or revoke review items (v3)\n"
    "  sign-off ID                         sign a certification off (v3)\n"
    "  summaries ID                        identity, access or decision summaries (v3)\n"
    "  tasks                               pending certification tasks (v3)\n"
    "  task TASK                           one certification task (v3)\n"
    "  completion bash|zsh|fish            print a shell completion script\n"
    "\n"
    "options (anywhere on the line):\n"
    "  --base-url URL        tenant API root without /beta, e.g.\n"
    "                        https://acme.api.identitynow.com (env SAIL_BASE_URL)\n"
    "  --client-id ID        (env SAIL_CLIENT_ID)\n"
    "  --client-secret S     (env SAIL_CLIENT_SECRET; prefer the environment: flags\n"
    "                        are visible to other users of the machine)\n"
    "  --profile NAME        a profile of ~/.config/recert/config.json (env RECERT_PROFILE)\n"
    "  -o, --output FORMAT   json (default, pretty), table, wide (a table with whole\n"
    "                        cells), ndjson\n"
    "  --no-truncate         tables: do not cut long cells (-o table becomes -o wide)\n"
    "  -v, --verbose         print each HTTP exchange to stderr\n"
    "  --timeout SECONDS     per HTTP exchange (default 30)\n"
    "  --retries N           retries after 429, 5xx or a failed connection (default 3)\n"
    "  -h, --help            help; `recert COMMAND --help` (`recert certifications\n"
    "                        COMMAND --help`) for a command\n"
    "  --version\n"
    "\n"
    "Settings come from the flags, then SAIL_BASE_URL, SAIL_CLIENT_ID, SAIL_CLIENT_SECRET\n"
    "(or SAIL_ACCESS_TOKEN) when any is set, otherwise ./config.json (BaseURL, ClientId,\n"
    "ClientSecret), otherwise the profile RECERT_PROFILE or \"default\" of\n"
    "$XDG_CONFIG_HOME/recert/config.json (~/.config/recert/config.json). --profile NAME\n"
    "uses that profile instead of the environment and ./config.json.\n"
    "\n"
    "exit codes: 0 ok, 1 error, 2 usage or configuration, 3 authentication failed,\n"
    "4 forbidden, 5 not found, 6 bad request, 7 rate limited, 8 server error,\n"
    "9 reassignment task failed, 10 timed out waiting for a task.\n"
    "decide: a failed batch exits with its error's code; the batches before it were applied.\n";

static const char usage_certifications[] =
    "usage: recert certifications COMMAND [ARGS] [OPTIONS]\n"
    "\n"
    "  list                 certifications you may review\n"
    "  get ID               one certification (v3)\n"
    "  items ID             access review items of a certification (v3)\n"
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
    "           [--from-file FILE] [--wait [--wait-timeout SECONDS] | --sync]\n"
    "\n"
    "Reassigns review items or identities of certification ID to another reviewer\n"
    "(up to 500 per call). The server queues a task; its id is printed. With --sync\n"
    "the move is made at once (v3, up to 50 references) and the certification is\n"
    "printed.\n"
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
    "  --wait-timeout S       give up waiting after S seconds (default 600; exit 10)\n"
    "  --sync                 reassign at once (POST /v3/certifications/ID/reassign, at\n"
    "                         most 50 references) and print the certification afterwards\n";

static const char usage_get[] =
    "usage: recert certifications get ID\n"
    "\n"
    "Shows certification ID (v3 IdentityCertificationDto).\n";

static const char usage_items[] =
    "usage: recert certifications items ID [--filters EXPR] [--sorters S] [--limit N]\n"
    "           [--offset N] [--count] [--all]\n"
    "           [--entitlements IDS | --access-profiles IDS | --roles IDS]\n"
    "\n"
    "Lists the access review items of certification ID (v3).\n"
    "\n" COLLECTION_HELP
    "  --sorters S      identitySummary.name, access.name, access.type,\n"
    "                   entitlement.sourceName, accessProfile.sourceName\n"
    "  --entitlements IDS     only items of these entitlements (comma-separated ids)\n"
    "  --access-profiles IDS  only items of these access profiles\n"
    "  --roles IDS            only items of these roles (one of the three at a time)\n"
    "\n"
    "filters: id eq,in; type eq; access.type eq; completed eq,ne; identitySummary.id eq,in;\n"
    "identitySummary.name eq,sw; access.id eq,in; access.name eq,sw;\n"
    "entitlement.sourceName eq,sw; accessProfile.sourceName eq,sw.\n"
    "Example: --filters 'completed eq false and access.type eq \"ENTITLEMENT\"'\n";

static const char usage_decide[] =
    "usage: recert decide ID [--approve ITEM]... [--revoke ITEM]... [--file FILE]\n"
    "           [--comment TEXT] [--end-date DATE] [--batch-size N]\n"
    "\n"
    "Approves or revokes access review items of certification ID (v3), in batches of\n"
    "up to 250 decisions (one request each), with progress on stderr. A failed batch\n"
    "stops the run: the batches before it stay applied, the ones after it are not sent.\n"
    "\n"
    "  --approve ITEM     approve item ITEM (repeatable)\n"
    "  --revoke ITEM      revoke item ITEM (repeatable)\n"
    "  --file FILE        more decisions, `-` for stdin: CSV (id,decision[,comments\n"
    "                     [,proposedEndDate[,bulk]]], an optional header line naming\n"
    "                     these columns) or JSON (an array of ReviewDecision)\n"
    "  --comment TEXT     the comment of every decision that has none of its own\n"
    "  --end-date DATE    proposedEndDate (RFC 3339) of every revoke without its own\n"
    "  --batch-size N     decisions per request, 1..250 (default 250)\n"
    "\n"
    "bulk is true when the run makes more than one decision (a file's bulk column\n"
    "wins). The certification after the last batch is printed.\n";

static const char usage_sign_off[] =
    "usage: recert sign-off ID\n"
    "\n"
    "Signs certification ID off (v3) once every item is decided, and prints it.\n";

static const char usage_summaries[] =
    "usage: recert summaries ID [--filters EXPR] [--sorters S] [--limit N] [--offset N]\n"
    "           [--count] [--all]\n"
    "       recert summaries ID --type ENTITLEMENT|ACCESS_PROFILE|ROLE [...]\n"
    "       recert summaries ID --decisions [--filters EXPR]\n"
    "       recert summaries ID --identity-summary SUMMARY\n"
    "\n"
    "The summaries of certification ID (v3): by default one per identity reviewed;\n"
    "with --type one per access of that type; with --decisions the decisions made\n"
    "and to make per access type; with --identity-summary one identity's summary.\n"
    "\n" COLLECTION_HELP
    "  --sorters S      identities: name; --type: access.name\n"
    "  --type T         access summaries of type T\n"
    "  --decisions      the decision summary (filters: identitySummary.id eq,in)\n"
    "  --identity-summary ID  one identity summary\n"
    "\n"
    "filters: identities: id eq,in; completed eq,ne; name eq,sw. --type: completed eq,ne;\n"
    "access.id eq,in; access.name eq,sw; entitlement.sourceName eq,sw;\n"
    "accessProfile.sourceName eq,sw.\n";

static const char usage_v3_tasks[] =
    "usage: recert tasks [--reviewer ID|me] [--filters EXPR] [--limit N] [--offset N]\n"
    "           [--count] [--all]\n"
    "\n"
    "Lists the pending certification tasks (v3) of the certifications you may review.\n"
    "\n"
    "  --reviewer ID    only those of certifications reviewed by this identity; `me`\n" COLLECTION_HELP
    "\n"
    "filters: id eq,in; targetId eq,in; type eq,in. Example: --filters 'type eq \"REASSIGN\"'\n";

static const char usage_v3_task[] =
    "usage: recert task TASK\n"
    "\n"
    "Shows certification task TASK (v3): QUEUED, IN_PROGRESS, SUCCESS or ERROR.\n";

static const char usage_completion[] =
    "usage: recert completion bash|zsh|fish\n"
    "\n"
    "Prints a completion script for the shell (commands, options, -o values), e.g.\n"
    "  bash:  source <(recert completion bash)      (or into\n"
    "         ~/.local/share/bash-completion/completions/recert)\n"
    "  zsh:   recert completion zsh > \"${fpath[1]}/_recert\"\n"
    "  fish:  recert completion fish > ~/.config/fish/completions/recert.fish\n";

const char *const cli_top_commands[] = { "certifications", "decide", "sign-off", "summaries",
                                         "tasks", "task", "completion" };
const size_t cli_top_command_count = sizeof cli_top_commands / sizeof cli_top_commands[0];
const char *const cli_formats[] = { "json", "table", "wide", "ndjson" };
const size_t cli_format_count = sizeof cli_formats / sizeof cli_formats[0];
const char *const cli_shells[] = { "bash", "zsh", "fish" };
const size_t cli_shell_count = sizeof cli_shells / sizeof cli_shells[0];

#define CERTS "certifications"

/* The commands: those of `recert certifications`, then recert's own; a
 * collection command is cmd_collection over its listing (commands.c). */
const command_t cli_commands[] = {
    { CERTS, "list", cmd_collection, usage_list, 0, "",
      { O_REVIEWER, O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT },
      &listing_certifications },
    { CERTS, "get", cmd_get, usage_get, 1, "ID", { O__COUNT }, NULL },
    { CERTS, "items", cmd_collection, usage_items, 1, "ID",
      { O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O_ENTITLEMENTS,
        O_ACCESS_PROFILES, O_ROLES, O__COUNT }, &listing_items },
    { CERTS, "reviewers", cmd_collection, usage_reviewers, 1, "ID",
      { O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT }, &listing_reviewers },
    { CERTS, "permissions", cmd_collection, usage_permissions, 2, "ID ITEM",
      { O_FILTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT }, &listing_permissions },
    { CERTS, "tasks", cmd_collection, usage_tasks, 1, "ID", { O__COUNT }, &listing_tasks },
    { CERTS, "task", cmd_task, usage_task, 2, "ID TASK", { O__COUNT }, NULL },
    { CERTS, "reassign", cmd_reassign, usage_reassign, 1, "ID",
      { O_TO, O_REASON, O_ITEM, O_IDENTITY_SUMMARY, O_TARGET_SUMMARY, O_FROM_FILE, O_WAIT,
        O_WAIT_TIMEOUT, O_SYNC, O__COUNT }, NULL },
    { NULL, "decide", cmd_decide, usage_decide, 1, "ID",
      { O_APPROVE, O_REVOKE, O_FILE, O_COMMENT, O_END_DATE, O_BATCH_SIZE, O__COUNT }, NULL },
    { NULL, "sign-off", cmd_sign_off, usage_sign_off, 1, "ID", { O__COUNT }, NULL },
    { NULL, "summaries", cmd_summaries, usage_summaries, 1, "ID",
      { O_TYPE, O_DECISIONS, O_IDENTITY_SUMMARY, O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET,
        O_COUNT, O_ALL, O__COUNT }, NULL },
    { NULL, "tasks", cmd_collection, usage_v3_tasks, 0, "",
      { O_REVIEWER, O_FILTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O__COUNT }, &listing_v3_tasks },
    { NULL, "task", cmd_v3_task, usage_v3_task, 1, "TASK", { O__COUNT }, NULL },
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

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
    /* Some messages already start with the code's text ("invalid response: ..."). */
    const char *what = recert_strerror(e->code);
    size_t wlen = strlen(what);
    if (strncmp(e->message, what, wlen) == 0 && e->message[wlen] == ':')
        fprintf(stderr, "recert: %s\n", e->message);
    else
        fprintf(stderr, "recert: %s: %s\n", what, e->message);
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

/* Without -v, on a terminal: one line when a retry is about to wait, so a
 * wait of up to a minute is not silence. */
static void say_retry(const recert_trace_event *ev)
{
    char what[160], wait[32];
    if (ev->status == 429)
        snprintf(what, sizeof what, "rate limited");
    else if (ev->status)
        snprintf(what, sizeof what, "server error (HTTP %d)", ev->status);
    else
        snprintf(what, sizeof what, "no answer from the server (%.120s)",
                 ev->error ? ev->error : "no response");
    if (ev->wait_ms % 1000 == 0)
        snprintf(wait, sizeof wait, "%ld s", ev->wait_ms / 1000);
    else
        snprintf(wait, sizeof wait, "%.1f s", (double)ev->wait_ms / 1000.0);
    /* \r\033[K: a reassign --wait progress line may be on screen */
    fprintf(stderr, "\r\033[Krecert: %s; retrying in %s (attempt %d of %d)\n", what, wait,
            ev->attempt + 1, ev->max_attempts);
}

static void trace(const recert_trace_event *ev, void *payload)
{
    bool verbose = *(const bool *)payload;
    if (!verbose) {
        if (ev->wait_ms > 0)
            say_retry(ev);
        return;
    }
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

static bool parse_format(const char *v, bool no_truncate, out_format *out)
{
    if (!v || strcmp(v, "json") == 0)
        *out = OUT_JSON;
    else if (strcmp(v, "table") == 0)
        *out = no_truncate ? OUT_WIDE : OUT_TABLE;
    else if (strcmp(v, "wide") == 0)
        *out = OUT_WIDE;
    else if (strcmp(v, "ndjson") == 0)
        *out = OUT_NDJSON;
    else {
        const char *s = suggest(v, cli_formats, cli_format_count);
        fprintf(stderr, "recert: --output must be json, table or ndjson (got \"%s\"), or wide "
                        "(a table that cuts no cell)", v);
        if (s)
            fprintf(stderr, "; did you mean \"%s\"?", s);
        fputc('\n', stderr);
        return false;
    }
    return true;
}

/* "unknown command "X"; did you mean "Y"?" (see ...) */
static int unknown(const char *kind, const char *shown, const char *word, const char *const *cands,
                   size_t n, const char *help)
{
    const char *s = suggest(word, cands, n);
    fprintf(stderr, "recert: unknown %s \"%s\"", kind, shown);
    if (s)
        fprintf(stderr, "; did you mean \"%s\"?", s);
    fprintf(stderr, " (see %s --help)\n", help);
    return EXIT_USAGE;
}

static int run_completion(const args_t *a, bool help)
{
    if (help) {
        fputs(usage_completion, stdout);
        return EXIT_OK;
    }
    if (a->positional_count != 2) {
        fputs(usage_completion, stderr);
        return EXIT_USAGE;
    }
    static const opt_id none[] = { O__COUNT };
    if (!args_allow(a, "completion", none))
        return EXIT_USAGE;
    const char *shell = a->positional[1];
    for (size_t i = 0; i < cli_shell_count; i++)
        if (strcmp(shell, cli_shells[i]) == 0) {
            if (!completion_print(shell)) {
                fprintf(stderr, "recert: cannot write the output\n");
                return EXIT_ERROR;
            }
            return EXIT_OK;
        }
    return unknown("shell", shell, shell, cli_shells, cli_shell_count, "recert completion");
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
    if (strcmp(a->positional[0], "completion") == 0)
        return run_completion(a, help);
    /* recert certifications COMMAND ..., or recert COMMAND ... */
    const char *group = strcmp(a->positional[0], CERTS) == 0 ? CERTS : NULL;
    size_t word = group ? 1 : 0; /* the command's name in positional[] */
    if (group && a->positional_count == 1) {
        fputs(usage_certifications, help ? stdout : stderr);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    const command_t *cmd = NULL;
    const char *names[sizeof cli_commands / sizeof cli_commands[0]];
    size_t name_count = 0;
    for (size_t i = 0; i < cli_command_count; i++) {
        const command_t *c = &cli_commands[i];
        if ((c->group == NULL) != (group == NULL))
            continue;
        names[name_count++] = c->name;
        if (!cmd && strcmp(c->name, a->positional[word]) == 0)
            cmd = c;
    }
    if (!cmd && !group)
        return unknown("command", a->positional[0], a->positional[0], cli_top_commands,
                       cli_top_command_count, "recert");
    if (!cmd) {
        char shown[128];
        snprintf(shown, sizeof shown, "certifications %.100s", a->positional[1]);
        return unknown("command", shown, a->positional[1], names, name_count,
                       "recert certifications");
    }
    if (help) {
        fputs(cmd->usage, stdout);
        return EXIT_OK;
    }
    char name[64];
    snprintf(name, sizeof name, "%s%s%s", group ? group : "", group ? " " : "", cmd->name);
    size_t operands = a->positional_count - word - 1;
    if (operands != cmd->operands) {
        fprintf(stderr, "recert: %s takes %s%s (see recert %s --help)\n", name,
                cmd->operands ? cmd->operand_names : "no arguments",
                operands > cmd->operands ? ", no more" : "", name);
        return EXIT_USAGE;
    }
    out_format format;
    long timeout = 30, retries = -1;
    if (!args_allow(a, name, cmd->allowed) ||
        !parse_format(a->last[O_OUTPUT], a->last[O_NO_TRUNCATE] != NULL, &format) ||
        !args_int(a, O_TIMEOUT, 1, 86400, &timeout) || !args_int(a, O_RETRIES, 0, 100, &retries))
        return EXIT_USAGE;

    cli_t cli = { 0 };
    cli.command = cmd;
    cli.operands = a->positional + word + 1;
    snprintf(cli.name, sizeof cli.name, "%s", name);
    cli.format = format;
    cli.args = a;
    recert_client_options *o = &cli.options;
    *o = (recert_client_options)RECERT_CLIENT_OPTIONS_INIT;
    o->base_url = a->last[O_BASE_URL];
    o->client_id = a->last[O_CLIENT_ID];
    o->client_secret = a->last[O_CLIENT_SECRET];
    o->timeout_ms = timeout * 1000;
    o->max_retries = (int)retries;
    o->profile = a->last[O_PROFILE];
    o->flags |= RECERT_CLIENT_PROFILES;
    /* -v: every exchange; otherwise, on a terminal, each retry's wait */
    bool verbose = a->last[O_VERBOSE] != NULL;
    o->trace = verbose || isatty(STDERR_FILENO) ? trace : NULL;
    o->trace_payload = &verbose;
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
