/*
 * recertd: the command line. `serve` runs the API; `import` loads an org
 * document; `demo` creates (or re-keys) a demo org.
 *
 * Every option also comes from the environment (RECERT_DB, RECERT_LISTEN,
 * ...); a flag wins over the environment, which wins over the default.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/sha.h>

#include "../auth/auth.h"
#include "../common/buf.h"
#include "../common/util.h"
#include "../org/demo.h"
#include "../org/import.h"
#include "../worker/worker.h"
#include "mhd.h"
#include "ops.h"
#include "options.h"
#include "pagecache.h"
#include "server.h"

static const char usage_main[] =
    "usage: recertd COMMAND [OPTIONS]\n"
    "\n"
    "A self-hostable access-certification service that speaks SailPoint's\n"
    "Certifications API (beta).\n"
    "\n"
    "commands:\n"
    "  serve       serve the API (default when no command is given)\n"
    "  import      load an org document (JSON) into the store\n"
    "  demo        create a demo org, or issue new secrets for its clients\n"
    "  operations  print the operations this build serves, as JSON\n"
    "  version     print recertd's version (also --version)\n"
    "\n"
    "Run `recertd COMMAND --help` for a command's options.\n";

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
    recertd_options o;
    int prc = options_parse(CMD_SERVE, argc, argv, &o);
    if (prc)
        return prc == 1 ? 0 : 2;
    if (o.first_arg < argc) {
        fprintf(stderr, "recertd: unexpected argument \"%s\"\n", argv[o.first_arg]);
        options_usage(CMD_SERVE, stderr);
        return 2;
    }
    server_config cfg = o.cfg;
    char listen_err[256];
    if (http_check_listen(cfg.listen, listen_err, sizeof listen_err) != 0) {
        fprintf(stderr, "recertd: --listen: %s\n", listen_err);
        return 2;
    }

    server_t srv = { 0 };
    srv.cfg = cfg;
    /* 32 MB of cache per pooled connection on a small machine, and a bound
     * that holds on a large one (the pool grows with the cores). */
    store_cache_budget((size_t)160 << 20);
    srv.store = open_store(cfg.db_url, cfg.threads + cfg.workers + 2);
    if (!srv.store)
        return 1;
    if (store_created(srv.store))
        fprintf(stderr, "recertd: WARNING: there was no store at %s; serving a new, empty one"
                        " (fill it with `recertd import` or `recertd demo`; check the path if"
                        " you meant an existing store)\n", cfg.db_url);
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

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* --print-ids: one line per id the import made up, kept until the import
 * has committed (ctx is a buf_t). */
static void print_generated(void *ctx, const char *path, const char *id)
{
    buf_printf(ctx, "%s %s\n", path, id);
}

static int cmd_import(int argc, char **argv)
{
    recertd_options o;
    int prc = options_parse(CMD_IMPORT, argc, argv, &o);
    if (prc)
        return prc == 1 ? 0 : 2;
    if (o.first_arg != argc - 1) {
        options_usage(CMD_IMPORT, stderr);
        return 2;
    }
    const char *db = o.cfg.db_url;
    bool replace = o.replace;
    store_t *s = open_store(db, 2);
    if (!s)
        return 1;
    problems_t problems = PROBLEMS_INIT;
    import_stats st = { 0 };
    buf_t ids = BUF_INIT;
    import_options io = { .replace = replace, .generated = o.print_ids ? print_generated : NULL,
                          .generated_ctx = &ids };
    store_rc rc = import_file_opt(s, argv[o.first_arg], &io, &problems, &st);

    for (size_t i = 0; i < problems.count; i++)
        fprintf(stderr, "%s\n", problems.items[i]);
    if (rc == STORE_OK) {
        printf("imported %zu %s, %zu %s, %zu %s, %zu %s, %zu %s, %zu %s, %zu %s",
               st.identities, plural(st.identities, "identity", "identities"), st.groups,
               plural(st.groups, "governance group", "governance groups"), st.clients,
               plural(st.clients, "client", "clients"), st.entitlements,
               plural(st.entitlements, "entitlement", "entitlements"), st.access_profiles,
               plural(st.access_profiles, "access profile", "access profiles"), st.roles,
               plural(st.roles, "role", "roles"), st.assignments,
               plural(st.assignments, "assignment", "assignments"));
        if (st.assignments_held)
            printf(" (%zu already held)", st.assignments_held);
        printf(", %zu %s, %zu %s, %zu %s\n", st.campaigns,
               plural(st.campaigns, "campaign", "campaigns"), st.certifications,
               plural(st.certifications, "certification", "certifications"), st.items,
               plural(st.items, "review item", "review items"));
        if (ids.len && fwrite(ids.data, 1, ids.len, stdout) != ids.len)
            fprintf(stderr, "recertd: cannot print the generated ids\n");
    } else
        fprintf(stderr, "recertd: import failed%s; nothing was written\n",
                problems.count ? "" : " (store error)");
    buf_free(&ids);
    problems_free(&problems);
    store_close(s);
    return rc == STORE_OK ? 0 : 1;
}

/* The demo's credentials file: --credentials, or, for an SQLite store, its
 * path + ".credentials.json". "" when there is none. */
static void credentials_path(const recertd_options *o, char *out, size_t len)
{
    const char *url = o->cfg.db_url;
    if (o->credentials)
        snprintf(out, len, "%s", o->credentials);
    else if (strncmp(url, "sqlite:", 7) == 0 || !strstr(url, "://"))
        snprintf(out, len, "%s.credentials.json", strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url);
    else
        out[0] = '\0';
}

/* Reads the secrets kept in path (NULL each when there are none). */
static json_t *read_credentials(const char *path, const char **admin, const char **reviewer)
{
    *admin = *reviewer = NULL;
    json_t *doc = path[0] ? json_load_file(path, 0, NULL) : NULL;
    *admin = json_string_value(json_object_get(json_object_get(doc, "admin"), "clientSecret"));
    *reviewer =
        json_string_value(json_object_get(json_object_get(doc, "reviewer"), "clientSecret"));
    return doc;
}

/* Writes the credentials to path whole (a new file renamed over the old
 * one), readable by this user only. */
static int write_credentials(const char *path, const demo_credentials *cr)
{
    json_t *doc = json_pack("{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}",
                            "admin", "clientId", cr->admin_client_id, "clientSecret",
                            cr->admin_secret, "identityId", cr->admin_identity_id, "name",
                            cr->admin_name, "reviewer", "clientId", cr->reviewer_client_id,
                            "clientSecret", cr->reviewer_secret, "identityId",
                            cr->reviewer_identity_id, "name", cr->reviewer_name);
    char tmp[4200];
    int rc = -1;
    if (doc && (size_t)snprintf(tmp, sizeof tmp, "%s.new", path) < sizeof tmp) {
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f && fd >= 0)
            close(fd);
        if (f) {
            int bad = json_dumpf(doc, f, JSON_INDENT(2)) != 0 || fputc('\n', f) == EOF ||
                      fflush(f) != 0 || fsync(fileno(f)) != 0;
            bad |= fclose(f) != 0;
            rc = !bad && rename(tmp, path) == 0 ? 0 : -1;
            if (rc != 0)
                unlink(tmp);
        }
    }
    json_decref(doc);
    return rc;
}

static int cmd_demo(int argc, char **argv)
{
    recertd_options o;
    int prc = options_parse(CMD_DEMO, argc, argv, &o);
    if (prc)
        return prc == 1 ? 0 : 2;
    if (o.first_arg != argc) {
        options_usage(CMD_DEMO, stderr);
        return 2;
    }
    const char *db = o.cfg.db_url;
    char cred_path[4096];
    credentials_path(&o, cred_path, sizeof cred_path);
    demo_options opt = { .identities = o.identities, .seed = (unsigned)o.seed, .progress = true };
    json_t *kept = o.new_secrets ? NULL
                                 : read_credentials(cred_path, &opt.admin_secret,
                                                    &opt.reviewer_secret);
    /* A new store is built aside and published whole; an existing one is
     * opened in place. */
    char err[256] = "";
    store_t *s = NULL;
    store_rc rc = store_create(&s, db, err, sizeof err);
    bool created = rc == STORE_OK;
    if (rc == STORE_CONFLICT)
        s = open_store(db, 2);
    else if (rc != STORE_OK)
        fprintf(stderr, "recertd: %s\n", err);
    if (!s) {
        json_decref(kept);
        return 1;
    }
    demo_credentials cr;
    rc = demo_generate(s, &opt, &cr, err, sizeof err);
    json_decref(kept);
    if (created && rc == STORE_OK)
        rc = store_publish(s, err, sizeof err);
    else
        store_close(s);
    if (rc != STORE_OK) {
        fprintf(stderr, "recertd: demo: %s\n", err[0] ? err : "store error");
        return 1;
    }
    if (created && (s = open_store(db, 2)) != NULL) {
        char signed_cert[65];
        int64_t removals = 0;
        rc = demo_sign_off(s, &opt, signed_cert, &removals);
        store_close(s);
        if (rc == STORE_OK)
            printf("signed off certification %s through the review workflow: %lld access"
                   " removal%s recorded\n", signed_cert, (long long)removals,
                   removals == 1 ? "" : "s");
        else if (rc != STORE_NOTFOUND) {
            fprintf(stderr, "recertd: demo: cannot sign off a certification (store error %d)\n",
                    rc);
            return 1;
        }
    }
    bool saved = false;
    if (cred_path[0] && cr.new_secrets) {
        saved = write_credentials(cred_path, &cr) == 0;
        if (!saved)
            fprintf(stderr, "recertd: demo: cannot write %s: %s (the secrets below are not"
                            " kept)\n", cred_path, strerror(errno));
    }
    if (cr.created)
        printf("created a demo org: %ld certifications, %ld review items\n", cr.certifications,
               cr.items);
    else if (cr.new_secrets)
        printf("the demo org exists; issued new client secrets\n");
    else
        printf("the demo org exists; its client secrets are unchanged\n");
    printf("ORG_ADMIN  %-24s client_id=%s client_secret=%s identity_id=%s\n", cr.admin_name,
           cr.admin_client_id, cr.admin_secret, cr.admin_identity_id);
    printf("reviewer   %-24s client_id=%s client_secret=%s identity_id=%s\n", cr.reviewer_name,
           cr.reviewer_client_id, cr.reviewer_secret, cr.reviewer_identity_id);
    if (cred_path[0])
        printf("credentials %s %s\n", saved ? "written to" : "kept in", cred_path);
    return 0;
}

/* The operation table, for tests and for anyone asking what is served. */
static int cmd_operations(void)
{
    json_t *all = json_array();
    for (size_t i = 0; i < op_count; i++) {
        const op_t *op = &ops[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i}", "operationId", op->id, "method",
                              op->method, "path", op->path, "api", op_api_name(op->api),
                              "status", op->status);
        json_t *query = json_array();
        for (size_t q = 0; q < OP_MAX_QUERY_PARAMS && op->query[q].name; q++)
            json_array_append_new(query, json_string(op->query[q].name));
        json_object_set_new(o, "query", query);
        if (op->collection) {
            const collection_spec *c = op->collection;
            json_t *filters = json_object();
            for (size_t f = 0; f < c->field_count; f++) {
                if (!c->fields[f].name)
                    continue;
                json_t *opnames = json_array();
                for (int k = 0; k < FILTER_OP_COUNT; k++)
                    if (c->fields[f].ops & FILTER_OPBIT(k))
                        json_array_append_new(opnames, json_string(filter_op_name((filter_op)k)));
                json_object_set_new(filters, c->fields[f].name, opnames);
            }
            json_t *sorters = json_array();
            for (size_t k = 0; k < c->sort_count; k++)
                json_array_append_new(sorters, json_string(c->sorts[k]));
            json_object_set_new(o, "filters", c->fields ? filters : json_null());
            if (!c->fields)
                json_decref(filters);
            json_object_set_new(o, "sorters", c->sorts ? sorters : json_null());
            if (!c->sorts)
                json_decref(sorters);
        }
        json_array_append_new(all, o);
    }
    char *text = json_dumps(all, JSON_INDENT(2));
    json_decref(all);
    if (!text)
        return 1;
    puts(text);
    free(text);
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
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("recertd %s\n", RECERT_VERSION);
        return 0;
    }
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
    if (strcmp(cmd, "operations") == 0)
        return cmd_operations();
    fprintf(stderr, "recertd: unknown command \"%s\"\n%s", cmd, usage_main);
    return 2;
}
