/*
 * options: the option table and everything derived from it. See options.h.
 */
#include "options.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/util.h"

typedef enum opt_kind {
    OPT_TEXT,       /* const char * */
    OPT_INT,        /* int, lo..hi */
    OPT_SIZE,       /* size_t, lo..hi times scale */
    OPT_LONG,       /* long, lo..hi */
    OPT_RATE,       /* N/SECONDS or off: rate_limit and rate_window */
    OPT_FLAG,       /* bool, no argument; the variable is 1 or 0 */
} opt_kind;

typedef struct option_def {
    const char *name;           /* --name */
    const char *env;            /* variable, or NULL */
    const char *metavar;        /* argument shown in the usage */
    opt_kind kind;
    unsigned cmds;              /* recertd_cmd bits */
    size_t offset;              /* into recertd_options */
    long lo, hi, scale;
    const char *def;            /* default, as text (parsed like a value); NULL: none */
    const char *help;
} option_def;

#define CFG(field) offsetof(recertd_options, cfg.field)
#define OPT(field) offsetof(recertd_options, field)

static const option_def defs[] = {
    { "db", "RECERT_DB", "URL", OPT_TEXT, CMD_SERVE | CMD_IMPORT | CMD_DEMO, CFG(db_url), 0, 0, 1,
      "sqlite:recert.db", "store: sqlite:PATH or a path" },
    { "listen", "RECERT_LISTEN", "HOST:PORT", OPT_TEXT, CMD_SERVE, CFG(listen), 0, 0, 1,
      "127.0.0.1:8080", "address to serve; port 0 picks a free port, printed at start" },
    { "threads", "RECERT_THREADS", "N", OPT_INT, CMD_SERVE, CFG(threads), 1, 256, 1, NULL,
      "HTTP threads (the pool has at least 2); default: CPU cores" },
    { "workers", "RECERT_WORKERS", "N", OPT_INT, CMD_SERVE, CFG(workers), 0, 64, 1, "1",
      "task worker threads; 0 = serve only" },
    { "rate-limit", "RECERT_RATE_LIMIT", "N/S|off", OPT_RATE, CMD_SERVE, CFG(rate_limit), 0, 0, 1,
      "100/10", "requests per S seconds per client id and API version, as SailPoint" },
    { "token-ttl", "RECERT_TOKEN_TTL", "SECONDS", OPT_INT, CMD_SERVE, CFG(token_ttl), 1,
      86400L * 30, 1, "749", "access token lifetime" },
    { "max-body", "RECERT_MAX_BODY", "BYTES", OPT_SIZE, CMD_SERVE, CFG(max_body), 1024, 1L << 30,
      1, "1048576", "largest request body" },
    { "max-header", "RECERT_MAX_HEADER", "BYTES", OPT_SIZE, CMD_SERVE, CFG(max_header), 4096,
      1L << 24, 1, "32768",
      "memory for a request line and headers per connection; larger requests get 414/431" },
    { "max-connections", "RECERT_MAX_CONNECTIONS", "N", OPT_INT, CMD_SERVE, CFG(max_connections),
      1, 1000000, 1, "4096", "open connections at once" },
    { "max-per-address", "RECERT_MAX_PER_ADDRESS", "N", OPT_INT, CMD_SERVE,
      CFG(max_per_address), 1, 1000000, 1, "1024", "open connections from one address" },
    { "idle-timeout", "RECERT_IDLE_TIMEOUT", "SECONDS", OPT_INT, CMD_SERVE, CFG(idle_timeout), 1,
      3600, 1, "30", "close a connection idle this long" },
    { "page-cache", "RECERT_PAGE_CACHE", "MB", OPT_SIZE, CMD_SERVE, CFG(page_cache), 0, 65536,
      1L << 20, "32", "memory for rendered collection pages, reused until the data changes; 0 = off" },
    { "quiet", "RECERT_QUIET", NULL, OPT_FLAG, CMD_SERVE, CFG(quiet), 0, 0, 1, NULL,
      "no per-request log lines" },
    { "replace", NULL, NULL, OPT_FLAG, CMD_IMPORT, OPT(replace), 0, 0, 1, NULL,
      "replace objects whose id already exists instead of failing" },
    { "print-ids", NULL, NULL, OPT_FLAG, CMD_IMPORT, OPT(print_ids), 0, 0, 1, NULL,
      "print the id made for every object the document gave none (\"PATH ID\" lines)" },
    { "identities", NULL, "N", OPT_LONG, CMD_DEMO, OPT(identities), 10, 10000000, 1, "200",
      "identities to generate" },
    { "seed", NULL, "N", OPT_LONG, CMD_DEMO, OPT(seed), 0, 4294967295L, 1, "1", "generator seed" },
    { "credentials", "RECERT_DEMO_CREDENTIALS", "FILE", OPT_TEXT, CMD_DEMO, OPT(credentials), 0,
      0, 1, NULL,
      "where the demo's client secrets are kept (mode 0600) and reused; default: the store's"
      " path + .credentials.json" },
    { "new-secrets", NULL, NULL, OPT_FLAG, CMD_DEMO, OPT(new_secrets), 0, 0, 1, NULL,
      "issue new client secrets even if the kept ones still work" },
};
#define DEF_COUNT (sizeof defs / sizeof defs[0])

static const struct {
    recertd_cmd cmd;
    const char *synopsis;
    const char *about;
} cmds[] = {
    { CMD_SERVE, "recertd serve [OPTIONS]",
      "Serves the API. Logs one line per request to stderr: time, method, path, status,\n"
      "duration, tracking id. SIGINT/SIGTERM stop accepting, finish in-flight requests\n"
      "and close the store.\n" },
    { CMD_IMPORT, "recertd import [OPTIONS] FILE",
      "Loads an org document (see docs/org-document.md) in one transaction. On any\n"
      "problem nothing is written, every problem is printed with its JSON path, and\n"
      "the exit status is 1. FILE may be - for standard input.\n" },
    { CMD_DEMO, "recertd demo [OPTIONS]",
      "Creates a plausible demo org in an empty store and prints client credentials\n"
      "for an ORG_ADMIN and for one reviewer. On a store that already holds the demo\n"
      "org, prints the same credentials again: they are kept in a file beside the\n"
      "store (--credentials), since the store holds only their hashes. Delete the\n"
      "store and that file, or pass --new-secrets, to start over.\n" },
};

void options_usage(recertd_cmd cmd, FILE *to)
{
    for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++)
        if (cmds[c].cmd == cmd)
            fprintf(to, "usage: %s\n\n%s\n", cmds[c].synopsis, cmds[c].about);
    for (size_t i = 0; i < DEF_COUNT; i++) {
        const option_def *d = &defs[i];
        if (!(d->cmds & cmd))
            continue;
        char flag[64];
        snprintf(flag, sizeof flag, "--%s%s%s", d->name, d->metavar ? " " : "",
                 d->metavar ? d->metavar : "");
        fprintf(to, "  %-22s %s\n", flag, d->help);
        if (d->env || d->def)
            fprintf(to, "  %-22s %s%s%s%s%s\n", "", d->env ? "env " : "", d->env ? d->env : "",
                    d->env && d->def ? "; " : "", d->def ? "default " : "", d->def ? d->def : "");
    }
    fprintf(to, "  %-22s %s\n", "--help", "this text");
}

/* Sets d's field from text; on a bad value prints why, naming source (the
 * flag or the variable), and returns -1. */
static int set_value(const option_def *d, const char *text, const char *source,
                     recertd_options *o)
{
    char *field = (char *)o + d->offset;
    int64_t n = 0;
    switch (d->kind) {
    case OPT_TEXT:
        *(const char **)(void *)field = text;
        return 0;
    case OPT_FLAG:
        *(bool *)(void *)field = strcmp(text, "1") == 0;
        return 0;
    case OPT_RATE: {
        server_config *cfg = &o->cfg;
        if (strcmp(text, "off") == 0) {
            cfg->rate_limit = 0;
            cfg->rate_window = 1;
            return 0;
        }
        const char *slash = strchr(text, '/');
        int64_t s;
        if (!slash || parse_int64(text, (size_t)(slash - text), &n) != 0 ||
            parse_int64(slash + 1, strlen(slash + 1), &s) != 0 || n < 1 || n > 1000000 ||
            s < 1 || s > 86400) {
            fprintf(stderr, "recertd: %s must be N/SECONDS (e.g. 100/10) or off (got \"%s\")\n",
                    source, text);
            return -1;
        }
        cfg->rate_limit = (int)n;
        cfg->rate_window = (int)s;
        return 0;
    }
    case OPT_INT:
    case OPT_SIZE:
    case OPT_LONG:
        if (parse_int64(text, strlen(text), &n) != 0 || n < d->lo || n > d->hi) {
            fprintf(stderr, "recertd: %s must be an integer from %ld to %ld (got \"%s\")\n",
                    source, d->lo, d->hi, text);
            return -1;
        }
        if (d->kind == OPT_INT)
            *(int *)(void *)field = (int)n;
        else if (d->kind == OPT_SIZE)
            *(size_t *)(void *)field = (size_t)n * (size_t)d->scale;
        else
            *(long *)(void *)field = (long)n;
        return 0;
    }
    return -1;
}

int options_parse(recertd_cmd cmd, int argc, char **argv, recertd_options *o)
{
    memset(o, 0, sizeof *o);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->cfg.threads = cores > 0 ? (int)cores : 2;

    struct option longopts[DEF_COUNT + 2];
    size_t n = 0;
    for (size_t i = 0; i < DEF_COUNT; i++) {
        const option_def *d = &defs[i];
        if (!(d->cmds & cmd))
            continue;
        if (d->def && set_value(d, d->def, "the default", o) != 0)
            return 2;
        const char *env = d->env ? getenv(d->env) : NULL;
        if (env && *env && set_value(d, env, d->env, o) != 0)
            return 2;
        longopts[n++] = (struct option){ d->name, d->kind == OPT_FLAG ? no_argument
                                                                       : required_argument,
                                         NULL, 256 + (int)i };
    }
    longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
    longopts[n] = (struct option){ NULL, 0, NULL, 0 };

    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            options_usage(cmd, stdout);
            return 1;
        }
        if (c < 256 || (size_t)(c - 256) >= DEF_COUNT) {
            options_usage(cmd, stderr);
            return 2;
        }
        const option_def *d = &defs[c - 256];
        char flag[64];
        snprintf(flag, sizeof flag, "--%s", d->name);
        if (set_value(d, d->kind == OPT_FLAG ? "1" : optarg, flag, o) != 0)
            return 2;
    }
    o->first_arg = optind;
    return 0;
}
