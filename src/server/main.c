/*
 * recertd: the command line. `serve` runs the API; `import` loads an org
 * document; `demo` creates (or re-keys) a demo org.
 *
 * Every option also comes from the environment (RECERT_DB, RECERT_LISTEN,
 * ...); a flag wins over the environment, which wins over the default.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "../auth/auth.h"
#include "../common/util.h"
#include "../org/demo.h"
#include "../org/import.h"
#include "../worker/worker.h"
#include "http.h"
#include "pagecache.h"
#include "server.h"

#define DEFAULT_DB "sqlite:recert.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

static const char usage_main[] =
    "usage: recertd COMMAND [OPTIONS]\n"
    "\n"
    "A self-hostable access-certification service that speaks SailPoint's\n"
    "Certifications API (beta).\n"
    "\n"
    "commands:\n"
    "  serve    serve the API (default when no command is given)\n"
    "  import   load an org document (JSON) into the store\n"
    "  demo     create a demo org, or issue new secrets for its clients\n"
    "\n"
    "Run `recertd COMMAND --help` for a command's options.\n";

static const char usage_serve[] =
    "usage: recertd serve [OPTIONS]\n"
    "\n"
    "  --db URL             store (env RECERT_DB; default " DEFAULT_DB ")\n"
    "  --listen HOST:PORT   address to serve (env RECERT_LISTEN; default " DEFAULT_LISTEN ";\n"
    "                       port 0 picks a free port, printed at start)\n"
    "  --threads N          HTTP threads, at least 2 (env RECERT_THREADS; default: CPU cores)\n"
    "  --workers N          task worker threads; 0 = serve only (env RECERT_WORKERS; default 1)\n"
    "  --rate-limit N/S|off requests per S seconds per client id and API version\n"
    "                       (env RECERT_RATE_LIMIT; default 100/10, as SailPoint)\n"
    "  --token-ttl SECONDS  access token lifetime (env RECERT_TOKEN_TTL; default 749)\n"
    "  --max-body BYTES     largest request body (env RECERT_MAX_BODY; default 1048576)\n"
    "  --max-header BYTES   memory for a request line and headers per connection; larger\n"
    "                       requests get 414/431 (env RECERT_MAX_HEADER; default 32768)\n"
    "  --max-connections N  open connections at once (env RECERT_MAX_CONNECTIONS; default 4096)\n"
    "  --max-per-address N  open connections from one address (env RECERT_MAX_PER_ADDRESS;\n"
    "                       default 1024)\n"
    "  --idle-timeout SECONDS  close a connection idle this long (env RECERT_IDLE_TIMEOUT;\n"
    "                       default 30)\n"
    "  --page-cache MB      memory for rendered collection pages, reused until the data\n"
    "                       changes; 0 = off (env RECERT_PAGE_CACHE; default 32)\n"
    "  --quiet              no per-request log lines (env RECERT_QUIET=1)\n"
    "\n"
    "Logs one line per request to stderr: time, method, path, status, duration,\n"
    "tracking id. SIGINT/SIGTERM stop accepting, finish in-flight requests and\n"
    "close the store.\n";

static const char usage_import[] =
    "usage: recertd import [--db URL] [--replace] FILE\n"
    "\n"
    "Loads an org document (see docs/org-document.md) in one transaction. On any\n"
    "problem nothing is written, every problem is printed with its JSON path, and\n"
    "the exit status is 1. FILE may be - for standard input.\n"
    "\n"
    "  --db URL    store (env RECERT_DB; default " DEFAULT_DB ")\n"
    "  --replace   replace objects whose id already exists instead of failing\n";

static const char usage_demo[] =
    "usage: recertd demo [--db URL] [--identities N] [--seed N]\n"
    "\n"
    "Creates a plausible demo org in an empty store and prints client credentials\n"
    "for an ORG_ADMIN and for one reviewer. On a store that already holds the demo\n"
    "org, issues new secrets for those two clients instead (secrets are stored\n"
    "hashed, so old ones cannot be shown again).\n"
    "\n"
    "  --db URL          store (env RECERT_DB; default " DEFAULT_DB ")\n"
    "  --identities N    identities to generate (default 200; up to 10000000)\n"
    "  --seed N          generator seed (default 1)\n";

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v && *v ? v : def;
}

static int parse_count(const char *opt, const char *v, long lo, long hi, long *out)
{
    int64_t n;
    if (!v || parse_int64(v, strlen(v), &n) != 0 || n < lo || n > hi) {
        fprintf(stderr, "recertd: %s must be an integer from %ld to %ld (got \"%s\")\n", opt, lo,
                hi, v ? v : "");
        return -1;
    }
    *out = (long)n;
    return 0;
}

static int parse_rate(const char *v, int *limit, int *window)
{
    if (strcmp(v, "off") == 0) {
        *limit = 0;
        *window = 1;
        return 0;
    }
    const char *slash = strchr(v, '/');
    int64_t n, s;
    if (!slash || parse_int64(v, (size_t)(slash - v), &n) != 0 ||
        parse_int64(slash + 1, strlen(slash + 1), &s) != 0 || n < 1 || n > 1000000 || s < 1 ||
        s > 86400) {
        fprintf(stderr, "recertd: --rate-limit must be N/SECONDS (e.g. 100/10) or off\n");
        return -1;
    }
    *limit = (int)n;
    *window = (int)s;
    return 0;
}

static store_t *open_store(const char *url, int pool)
{
    char err[256];
    store_t *s = NULL;
    if (store_open(&s, url, pool, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "recertd: %s\n", err);
        return NULL;
    }
    return s;
}

static int cmd_serve(int argc, char **argv)
{
    server_config cfg = { 0 };
    long n;
    cfg.db_url = env_or("RECERT_DB", DEFAULT_DB);
    cfg.listen = env_or("RECERT_LISTEN", DEFAULT_LISTEN);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.threads = cores > 0 ? (int)cores : 2;
    cfg.workers = 1;
    cfg.rate_limit = 100;
    cfg.rate_window = 10;
    cfg.token_ttl = 749;
    cfg.max_body = (size_t)1024 * 1024;
    cfg.max_header = (size_t)32 * 1024;
    cfg.max_connections = 4096;
    cfg.max_per_address = 1024;
    cfg.idle_timeout = 30;
    cfg.page_cache = (size_t)32 << 20;
    cfg.quiet = strcmp(env_or("RECERT_QUIET", "0"), "1") == 0;
    const char *threads = getenv("RECERT_THREADS"), *workers = getenv("RECERT_WORKERS"),
               *rate = getenv("RECERT_RATE_LIMIT"), *ttl = getenv("RECERT_TOKEN_TTL"),
               *body = getenv("RECERT_MAX_BODY"), *header = getenv("RECERT_MAX_HEADER"),
               *conns = getenv("RECERT_MAX_CONNECTIONS"),
               *per_addr = getenv("RECERT_MAX_PER_ADDRESS"),
               *idle = getenv("RECERT_IDLE_TIMEOUT"), *pages = getenv("RECERT_PAGE_CACHE");

    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },       { "listen", required_argument, NULL, 'l' },
        { "threads", required_argument, NULL, 't' },  { "workers", required_argument, NULL, 'w' },
        { "rate-limit", required_argument, NULL, 'r' },
        { "token-ttl", required_argument, NULL, 'T' },
        { "max-body", required_argument, NULL, 'b' }, { "quiet", no_argument, NULL, 'q' },
        { "max-header", required_argument, NULL, 'H' },
        { "max-connections", required_argument, NULL, 'C' },
        { "max-per-address", required_argument, NULL, 'A' },
        { "idle-timeout", required_argument, NULL, 'I' },
        { "page-cache", required_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },           { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cfg.db_url = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 't': threads = optarg; break;
        case 'w': workers = optarg; break;
        case 'r': rate = optarg; break;
        case 'T': ttl = optarg; break;
        case 'b': body = optarg; break;
        case 'q': cfg.quiet = true; break;
        case 'H': header = optarg; break;
        case 'C': conns = optarg; break;
        case 'A': per_addr = optarg; break;
        case 'I': idle = optarg; break;
        case 'P': pages = optarg; break;
        case 'h': fputs(usage_serve, stdout); return 0;
        default: fputs(usage_serve, stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "recertd: unexpected argument \"%s\"\n%s", argv[optind], usage_serve);
        return 2;
    }
    if (threads) {
        if (parse_count("--threads", threads, 1, 256, &n))
            return 2;
        cfg.threads = (int)n;
    }
    if (workers) {
        if (parse_count("--workers", workers, 0, 64, &n))
            return 2;
        cfg.workers = (int)n;
    }
    if (ttl) {
        if (parse_count("--token-ttl", ttl, 1, 86400L * 30, &n))
            return 2;
        cfg.token_ttl = (int)n;
    }
    if (body) {
        if (parse_count("--max-body", body, 1024, 1L << 30, &n))
            return 2;
        cfg.max_body = (size_t)n;
    }
    if (header) {
        if (parse_count("--max-header", header, 4096, 1L << 24, &n))
            return 2;
        cfg.max_header = (size_t)n;
    }
    if (conns) {
        if (parse_count("--max-connections", conns, 1, 1000000, &n))
            return 2;
        cfg.max_connections = (int)n;
    }
    if (per_addr) {
        if (parse_count("--max-per-address", per_addr, 1, 1000000, &n))
            return 2;
        cfg.max_per_address = (int)n;
    }
    if (idle) {
        if (parse_count("--idle-timeout", idle, 1, 3600, &n))
            return 2;
        cfg.idle_timeout = (int)n;
    }
    if (pages) {
        if (parse_count("--page-cache", pages, 0, 65536, &n))
            return 2;
        cfg.page_cache = (size_t)n << 20;
    }
    if (rate && parse_rate(rate, &cfg.rate_limit, &cfg.rate_window))
        return 2;

    server_t srv = { 0 };
    srv.cfg = cfg;
    /* 32 MB of cache per pooled connection on a small machine, and a bound
     * that holds on a large one (the pool grows with the cores). */
    store_cache_budget((size_t)160 << 20);
    srv.store = open_store(cfg.db_url, cfg.threads + cfg.workers + 2);
    if (!srv.store)
        return 1;
    int rc = 1;
    http_t *http = NULL;
    if (store_signing_key(srv.store, srv.jwt_key) != STORE_OK) {
        fprintf(stderr, "recertd: cannot read or create the token signing key\n");
        goto done;
    }
    /* A stable tenant id, derived from the key so every node agrees. */
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(srv.jwt_key, sizeof srv.jwt_key, digest);
    char hex[33];
    hex_encode(hex, digest, 16);
    snprintf(srv.tenant_id, sizeof srv.tenant_id, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8,
             hex + 12, hex + 16, hex + 20);
    if (cfg.rate_limit > 0) {
        srv.api_limit = ratelimit_new(cfg.rate_limit, cfg.rate_window, 16384);
        srv.token_limit = ratelimit_new(cfg.rate_limit, cfg.rate_window, 16384);
        if (!srv.api_limit || !srv.token_limit) {
            fprintf(stderr, "recertd: out of memory\n");
            goto done;
        }
    }
    srv.pages = pagecache_new(cfg.page_cache);
    if (cfg.page_cache && !srv.pages) {
        fprintf(stderr, "recertd: out of memory\n");
        goto done;
    }
    int recovered = 0;
    store_tx *tx = NULL;
    store_rc recover_rc = store_begin(srv.store, STORE_WRITE, &tx);
    if (recover_rc == STORE_OK && (recover_rc = store_task_recover(tx, &recovered)) == STORE_OK)
        recover_rc = store_commit(tx);
    else
        store_rollback(tx);
    if (recover_rc != STORE_OK)
        fprintf(stderr, "recertd: could not recover interrupted tasks\n");
    else if (recovered)
        fprintf(stderr, "recertd: resuming %d interrupted task(s)\n", recovered);

    /* Block the stop signals in every thread (threads inherit the mask) and
     * take them synchronously in this one with sigwait: a handler could run
     * on any libmicrohttpd thread and leave this one asleep. */
    sigset_t stop_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGINT);
    sigaddset(&stop_set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[256];
    http = http_start(&srv, err, sizeof err);
    if (!http) {
        fprintf(stderr, "recertd: %s\n", err);
        goto done;
    }
    srv.workers = worker_start(srv.store, cfg.workers);
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen),
             cfg.listen);
    fprintf(stderr, "recertd: serving %s on http://%s:%d (threads %d, workers %d, rate limit %s)\n",
            cfg.db_url, host, http_port(http), cfg.threads, cfg.workers,
            cfg.rate_limit ? "on" : "off");
    fflush(stderr);
    int sig = 0;
    sigwait(&stop_set, &sig);
    fprintf(stderr, "recertd: stopping (signal %d)\n", sig);
    http_stop(http, 10000);
    worker_stop(srv.workers);
    srv.workers = NULL;
    rc = 0;
done:
    worker_stop(srv.workers);
    ratelimit_free(srv.api_limit);
    ratelimit_free(srv.token_limit);
    pagecache_free(srv.pages);
    store_close(srv.store);
    return rc;
}

static int cmd_import(int argc, char **argv)
{
    const char *db = env_or("RECERT_DB", DEFAULT_DB);
    bool replace = false;
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' }, { "replace", no_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },     { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': replace = true; break;
        case 'h': fputs(usage_import, stdout); return 0;
        default: fputs(usage_import, stderr); return 2;
        }
    }
    if (optind != argc - 1) {
        fputs(usage_import, stderr);
        return 2;
    }
    store_t *s = open_store(db, 2);
    if (!s)
        return 1;
    problems_t problems = PROBLEMS_INIT;
    import_stats st = { 0 };
    store_rc rc = import_file(s, argv[optind], replace, &problems, &st);
    for (size_t i = 0; i < problems.count; i++)
        fprintf(stderr, "%s\n", problems.items[i]);
    if (rc == STORE_OK)
        printf("imported %zu identities, %zu governance groups, %zu clients, %zu entitlements,"
               " %zu access profiles, %zu roles, %zu assignments, %zu campaigns,"
               " %zu certifications, %zu review items\n",
               st.identities, st.groups, st.clients, st.entitlements, st.access_profiles,
               st.roles, st.assignments, st.campaigns, st.certifications, st.items);
    else
        fprintf(stderr, "recertd: import failed%s; nothing was written\n",
                problems.count ? "" : " (store error)");
    problems_free(&problems);
    store_close(s);
    return rc == STORE_OK ? 0 : 1;
}

static int cmd_demo(int argc, char **argv)
{
    const char *db = env_or("RECERT_DB", DEFAULT_DB);
    demo_options opt = { 200, 1, true };
    long n;
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' }, { "identities", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'n':
            if (parse_count("--identities", optarg, 10, 10000000, &n))
                return 2;
            opt.identities = n;
            break;
        case 's':
            if (parse_count("--seed", optarg, 0, 4294967295L, &n))
                return 2;
            opt.seed = (unsigned)n;
            break;
        case 'h': fputs(usage_demo, stdout); return 0;
        default: fputs(usage_demo, stderr); return 2;
        }
    }
    if (optind != argc) {
        fputs(usage_demo, stderr);
        return 2;
    }
    /* A new store is built aside and published whole; an existing one is
     * opened in place (its demo clients get new secrets). */
    char err[256] = "";
    store_t *s = NULL;
    store_rc rc = store_create(&s, db, err, sizeof err);
    bool created = rc == STORE_OK;
    if (rc == STORE_CONFLICT)
        s = open_store(db, 2);
    else if (rc != STORE_OK)
        fprintf(stderr, "recertd: %s\n", err);
    if (!s)
        return 1;
    demo_credentials cr;
    rc = demo_generate(s, &opt, &cr, err, sizeof err);
    if (created && rc == STORE_OK)
        rc = store_publish(s, err, sizeof err);
    else
        store_close(s);
    if (rc != STORE_OK) {
        fprintf(stderr, "recertd: demo: %s\n", err[0] ? err : "store error");
        return 1;
    }
    if (cr.created)
        printf("created a demo org: %ld certifications, %ld review items\n", cr.certifications,
               cr.items);
    else
        printf("the demo org exists; issued new client secrets\n");
    printf("ORG_ADMIN  %-24s client_id=%s client_secret=%s\n", cr.admin_name,
           cr.admin_client_id, cr.admin_secret);
    printf("reviewer   %-24s client_id=%s client_secret=%s identity_id=%s\n", cr.reviewer_name,
           cr.reviewer_client_id, cr.reviewer_secret, cr.reviewer_identity_id);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stderr, NULL, _IOLBF, 0);
    /* The store holds the token signing key and password hashes: files we
     * create (database, WAL, shared memory) are for this user only. */
    umask(077);
    if (argc < 2)
        return cmd_serve(argc, argv);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (cmd[0] == '-') /* options without a command: serve */
        return cmd_serve(argc, argv);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(argc - 1, argv + 1);
    fprintf(stderr, "recertd: unknown command \"%s\"\n%s", cmd, usage_main);
    return 2;
}
