/*
 * Integration tests of librecert, through its public API only (linked to
 * the shared library): every operation against real recertd processes on
 * loopback (fixture tests/client/fixture.json), plus an in-process mock
 * HTTP server for what recertd cannot be made to do on demand (5xx,
 * dropped connections, malformed bodies) and to check the exact bytes on
 * the wire.
 *
 * usage: test_client_integration RECERTD FIXTURE   (tests/client/run.sh)
 *
 * Servers: main (no rate limit), rate (3 requests per 2 s), ttl (tokens
 * live 2 s), queue (no task workers), v3 (the v3 tests decide, sign off
 * and reassign on a copy of their own) and later a worker node on the
 * queue's store. Each test uses its own client ids where budgets matter.
 * Waits are bounded (Retry-After <= 2 s, token lifetime 2 s, task polls
 * <= 15 s); no assertion is about speed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <recert/recert.h>

extern char **environ;

#define SECRET "test-secret-0123456789"
#define ODD_NAME "Zo\xc3\xab \"Z\" O'Hara & Co. #1 (100%)"
#define WEIRD_TARGET "Q&A #1 100% \"quoted\" +plus"

static const char *recertd, *fixture;
static char tmpdir[] = "/tmp/recert-client-it-XXXXXX";

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- recertd processes ------------------------------------------------ */

typedef struct server {
    pid_t pid;
    char base[64];
    char log[512];
} server_t;

static server_t s_main, s_rate, s_ttl, s_queue, s_worker, s_v3;
static char queue_db[512];

static int run_wait(char *const argv[], const char *out_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, out_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Imports the fixture into db (a new file). */
static bool import_fixture(const char *db, const char *log)
{
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s", db);
    char *argv[] = { (char *)recertd, "import", "--db", url, (char *)fixture, NULL };
    return run_wait(argv, log) == 0;
}

/* Copies an imported store (importing costs a slow secret hash per client,
 * slower still under sanitizers: do it once). */
static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    return ok;
}

/* Starts `recertd serve` on db with extra arguments; waits for its address. */
static bool start_server(server_t *s, const char *name, const char *db, const char *const *extra)
{
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s", db);
    snprintf(s->log, sizeof s->log, "%s/%s.log", tmpdir, name);
    const char *argv[16] = { recertd, "serve", "--db", url, "--listen", "127.0.0.1:0", "--quiet" };
    size_t n = 7;
    for (; extra && *extra && n < 15; extra++)
        argv[n++] = *extra;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = posix_spawn(&s->pid, recertd, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return false;
    for (int i = 0; i < 300; i++) { /* up to 15 s (sanitizer builds start slowly) */
        FILE *f = fopen(s->log, "r");
        char line[512];
        while (f && fgets(line, sizeof line, f)) {
            char *at = strstr(line, " on http://");
            if (at && sscanf(at + 4, "%63[^ ]", s->base) == 1) {
                fclose(f);
                return true;
            }
        }
        if (f)
            fclose(f);
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
            break;
        sleep_ms(50);
    }
    fprintf(stderr, "recertd %s did not start; see %s\n", name, s->log);
    return false;
}

static void stop_server(server_t *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        s->pid = 0;
    }
}

/* ---- a scripted mock HTTP server (one thread, one reply per connection) ---- */

typedef struct mock_reply {
    int status;          /* 0: close the connection without answering */
    const char *headers; /* extra header lines, each ending in \r\n */
    const char *body;
} mock_reply;

typedef struct mock {
    int fd;
    int port;
    pthread_t thread;
    pthread_mutex_t mu;
    bool stop;
    mock_reply replies[16];
    size_t reply_count, next;
    char requests[16][4096]; /* as received: request line, headers, body */
    size_t request_count;
} mock_t;

static mock_t mock;

static void mock_serve_one(mock_t *m, int c)
{
    char buf[4096];
    size_t len = 0;
    size_t need = 0; /* header length + Content-Length, once known */
    while (len < sizeof buf - 1) {
        struct pollfd p = { c, POLLIN, 0 };
        if (poll(&p, 1, 5000) <= 0)
            break;
        ssize_t n = read(c, buf + len, sizeof buf - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end && !need) {
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            size_t body = 0;
            for (cl = cl && cl < end ? cl + 17 : end; *cl == ' ' || (*cl >= '0' && *cl <= '9'); cl++)
                if (*cl != ' ')
                    body = body * 10 + (size_t)(*cl - '0');
            need = (size_t)(end + 4 - buf) + body;
        }
        if (need && len >= need)
            break;
    }
    buf[len] = '\0';
    pthread_mutex_lock(&m->mu);
    mock_reply r = { 500, "", "{\"message\":\"no scripted reply\"}" };
    if (m->next < m->reply_count)
        r = m->replies[m->next++];
    if (m->request_count < 16)
        snprintf(m->requests[m->request_count++], sizeof m->requests[0], "%s", buf);
    pthread_mutex_unlock(&m->mu);
    if (r.status) {
        char head[1024];
        int n = snprintf(head, sizeof head,
                         "HTTP/1.1 %d Scripted\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                         r.status, strlen(r.body), r.headers ? r.headers : "");
        if (write(c, head, (size_t)n) < 0 || write(c, r.body, strlen(r.body)) < 0)
            perror("mock write");
    }
    close(c);
}

static void *mock_main(void *arg)
{
    mock_t *m = arg;
    for (;;) {
        pthread_mutex_lock(&m->mu);
        bool stop = m->stop;
        pthread_mutex_unlock(&m->mu);
        if (stop)
            return NULL;
        struct pollfd p = { m->fd, POLLIN, 0 };
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(m->fd, NULL, NULL);
        if (c >= 0)
            mock_serve_one(m, c);
    }
}

static bool mock_start(mock_t *m)
{
    m->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (m->fd < 0 || bind(m->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(m->fd, 16) != 0 ||
        getsockname(m->fd, (struct sockaddr *)&a, &alen) != 0)
        return false;
    m->port = ntohs(a.sin_port);
    pthread_mutex_init(&m->mu, NULL);
    return pthread_create(&m->thread, NULL, mock_main, m) == 0;
}

static void mock_stop(mock_t *m)
{
    pthread_mutex_lock(&m->mu);
    m->stop = true;
    pthread_mutex_unlock(&m->mu);
    pthread_join(m->thread, NULL);
    close(m->fd);
    pthread_mutex_destroy(&m->mu);
}

/* Replaces the script; the mock answers the next requests with these. */
static void mock_script(size_t n, const mock_reply *replies)
{
    pthread_mutex_lock(&mock.mu);
    memcpy(mock.replies, replies, n * sizeof *replies);
    mock.reply_count = n;
    mock.next = 0;
    mock.request_count = 0;
    pthread_mutex_unlock(&mock.mu);
}

static size_t mock_requests(void)
{
    pthread_mutex_lock(&mock.mu);
    size_t n = mock.request_count;
    pthread_mutex_unlock(&mock.mu);
    return n;
}

/* ---- clients and their traces ---------------------------------------- */

typedef struct trace_log {
    size_t count;
    struct {
        char method[8];
        char url[1024];
        int status;
        long wait_ms;
    } ev[64];
} trace_log_t;

static void record(const recert_trace_event *e, void *payload)
{
    trace_log_t *t = payload;
    if (t->count < 64) {
        snprintf(t->ev[t->count].method, sizeof t->ev[0].method, "%s", e->method);
        snprintf(t->ev[t->count].url, sizeof t->ev[0].url, "%s", e->url);
        t->ev[t->count].status = e->status;
        t->ev[t->count].wait_ms = e->wait_ms;
        t->count++;
    }
}

/* Exchanges whose URL contains part (and method, if not NULL). */
static size_t count_ev(const trace_log_t *t, const char *method, const char *part, int status)
{
    size_t n = 0;
    for (size_t i = 0; i < t->count; i++)
        n += (!method || strcmp(t->ev[i].method, method) == 0) && strstr(t->ev[i].url, part) &&
             (status < 0 || t->ev[i].status == status);
    return n;
}

static recert_client *client_on(const server_t *s, const char *client_id, trace_log_t *log)
{
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = s->base;
    o.client_id = client_id;
    o.client_secret = SECRET;
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    o.retry_base_ms = 10;
    o.trace = log ? record : NULL;
    o.trace_payload = log;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    return c;
}

static recert_client *mock_client(trace_log_t *log, const char *client_id)
{
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", mock.port);
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = base;
    o.access_token = "tok-1";
    o.client_id = client_id;
    o.client_secret = client_id ? "s&e=c r%t" : NULL;
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    o.retry_base_ms = 5;
    o.trace = log ? record : NULL;
    o.trace_payload = log;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    return c;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void assert_tracking_id(const recert_error *e)
{
    assert_int_equal(strlen(e->tracking_id), 32);
    assert_int_equal(strspn(e->tracking_id, "0123456789abcdef"), 32);
}

/* Polls a task until SUCCESS or ERROR (at most 15 s). Returns it (owned). */
static recert_task *wait_task(recert_client *c, const char *cert, const char *task_id)
{
    for (int i = 0; i < 300; i++) {
        recert_task *t = NULL;
        assert_int_equal(recert_get_identity_certification_task_status(&t, c, cert, task_id),
                         RECERT_OK);
        if (recert_task_is_finished(t))
            return t;
        recert_task_free(t);
        sleep_ms(50);
    }
    fail_msg("task %s did not finish", task_id);
    return NULL;
}

/* ---- tests: operations against recertd -------------------------------- */

static void test_it__list_certifications_decodes_everything(void **state)
{
    (void)state;
    recert_client *c = client_on(&s_main, "c-admin", NULL);
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.filters = "id eq \"cert-1\"";
    p.count = true;
    recert_certification_list *l = NULL;
    assert_int_equal(recert_list_certifications(&l, c, &p), RECERT_OK);
    assert_int_equal(l->count, 1);
    assert_int_equal(l->total, 1);
    const recert_certification *x = &l->items[0];
    assert_string_equal(x->id, "cert-1");
    assert_string_equal(x->name, "Q4 Manager Review for Mia Manager");
    assert_string_equal(x->campaign_ref->id, "camp-q4");
    assert_string_equal(x->campaign_ref->name, "Q4 Manager Review");
    assert_string_equal(x->campaign_ref->type, "CAMPAIGN");
    assert_string_equal(x->campaign_ref->campaign_type, "MANAGER");
    assert_string_equal(x->campaign_ref->description, "Quarterly");
    assert_string_equal(x->campaign_ref->correlated_status, "CORRELATED");
    assert_string_equal(x->campaign_ref->mandatory_comment_requirement, "NO_DECISIONS");
    assert_string_equal(x->phase, "ACTIVE");
    assert_string_equal(x->due, "2026-12-31T23:59:59.000Z");
    assert_null(x->signed_at);
    assert_string_equal(x->reviewer->type, "IDENTITY");
    assert_string_equal(x->reviewer->id, "id-m1");
    assert_string_equal(x->reviewer->name, "Mia Manager");
    assert_string_equal(x->reviewer->email, "id-m1@example.com");
    assert_null(x->reassignment);
    assert_false(x->has_errors);
    assert_false(x->completed);
    assert_int_equal(x->decisions_made, 2);
    assert_int_equal(x->decisions_total, 6);
    assert_int_equal(x->entities_total, 2);
    assert_non_null(strstr(x->json, "\"id\":\"cert-1\""));
    recert_certification_list_free(l);

    /* A signed one; sorters; no count asked: total -1. */
    p.filters = "campaignRef.id eq \"camp-src\"";
    p.sorters = "-name";
    p.count = false;
    assert_int_equal(recert_list_certifications(&l, c, &p), RECERT_OK);
    assert_int_equal(l->count, 2);
    assert_int_equal(l->total, -1);
    assert_string_equal(l->items[0].id, "cert-4"); /* "Source Owner Review for Mia..." */
    assert_string_equal(l->items[0].phase, "SIGNED");
    assert_string_equal(l->items[0].signed_at, "2026-11-19T10:00:00.000Z");
    assert_null(l->items[0].campaign_ref->description);
    assert_string_equal(l->items[1].reviewer->type, "GOVERNANCE_GROUP");
    assert_null(l->items[1].reviewer->email);
    recert_certification_list_free(l);

    /* NULL params: server defaults. */
    assert_int_equal(recert_list_certifications(&l, c, NULL), RECERT_OK);
    assert_true(l->count >= 11);
    recert_certification_list_free(l);
    recert_client_free(c);
}

static void test_it__list_certifications_reviewer_me(void **state)
{
    (void)state;
    recert_client *c = client_on(&s_main, "c-m1", NULL);
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.reviewer_identity = "me";
    p.filters = "campaignRef.id in (\"camp-q4\",\"camp-src\",\"camp-page\")";
    p.sorters = "name";
    recert_certification_list *l = NULL;
    assert_int_equal(recert_list_certifications(&l, c, &p), RECERT_OK);
    assert_int_equal(l->count, 2);
    for (size_t i = 0; i < l->count; i++)
        assert_string_equal(l->items[i].reviewer->id, "id-m1");
    recert_certification_list_free(l);
    recert_client_free(c);
}

/* Walks camp-page (7 certifications) and returns how many GETs it took. */
static size_t walk_pages(int limit, int offset, bool count, size_t want_items, int64_t want_total)
{
    trace_log_t log = { 0 };
    recert_client *c = client_on(&s_main, "c-admin", &log);
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.filters = "campaignRef.id eq \"camp-page\"";
    p.sorters = "name";
    p.limit = limit;
    p.offset = offset;
    p.count = count;
    recert_certification_iter *it = NULL;
    assert_int_equal(recert_certification_iter_new(&it, c, &p), RECERT_OK);
    const recert_certification *x;
    size_t n = 0;
    recert_code rc;
    while ((rc = recert_certification_iter_next(&x, it)) == RECERT_OK) {
        char want[32];
        snprintf(want, sizeof want, "cert-p%zu", (size_t)(offset > 0 ? offset : 0) + n + 1);
        assert_string_equal(x->id, want); /* in order, none twice, none missed */
        n++;
    }
    assert_int_equal(rc, RECERT_ITEROVER);
    assert_int_equal(recert_certification_iter_next(&x, it), RECERT_ITEROVER); /* stays over */
    assert_int_equal(n, want_items);
    assert_int_equal(recert_certification_iter_total(it), want_total);
    recert_certification_iter_free(it);
    size_t gets = count_ev(&log, "GET", "/beta/certifications?", 200);
    recert_client_free(c);
    return gets;
}

static void test_it__certification_iterator_pages(void **state)
{
    (void)state;
    assert_int_equal(walk_pages(2, -1, false, 7, -1), 4); /* 2+2+2+1: the short page ends it */
    assert_int_equal(walk_pages(7, -1, false, 7, -1), 2); /* a full last page costs an empty one */
    assert_int_equal(walk_pages(7, -1, true, 7, 7), 1);   /* ...unless X-Total-Count says so */
    assert_int_equal(walk_pages(2, -1, true, 7, 7), 4);
    assert_int_equal(walk_pages(2, 5, true, 2, 7), 1);    /* from offset 5 */
    assert_int_equal(walk_pages(-1, -1, false, 7, -1), 1); /* server-size pages (250) */
}

static void test_it__reviewers_and_their_iterator(void **state)
{
    (void)state;
    trace_log_t log = { 0 };
    recert_client *c = client_on(&s_main, "c-admin", &log);
    recert_list_certification_reviewers_params p = RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    p.count = true;
    p.sorters = "name";
    recert_identity_reference_list *l = NULL;
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-3", &p), RECERT_OK);
    assert_int_equal(l->count, 5);
    assert_int_equal(l->total, 5);
    assert_string_equal(l->items[0].name, "Gia Groupmember");
    assert_string_equal(l->items[0].type, "IDENTITY");
    assert_string_equal(l->items[0].email, "id-g2@example.com");
    recert_identity_reference_list_free(l);

    /* A filter value holding a quote, an apostrophe, &, #, %, parentheses and UTF-8. */
    p.filters = "name eq \"Zo\xc3\xab \\\"Z\\\" O'Hara & Co. #1 (100%)\"";
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-3", &p), RECERT_OK);
    assert_int_equal(l->count, 1);
    assert_string_equal(l->items[0].id, "id-odd");
    assert_string_equal(l->items[0].name, ODD_NAME);
    assert_string_equal(l->items[0].email, "odd+tag@example.com");
    recert_identity_reference_list_free(l);
    p.filters = "email eq \"odd+tag@example.com\"";
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-3", &p), RECERT_OK);
    assert_int_equal(l->count, 1);
    recert_identity_reference_list_free(l);

    p = (recert_list_certification_reviewers_params)RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    p.limit = 2;
    p.sorters = "-name";
    recert_reviewer_iter *it = NULL;
    assert_int_equal(recert_reviewer_iter_new(&it, c, "cert-3", &p), RECERT_OK);
    const recert_identity_reference *r;
    size_t n = 0;
    log.count = 0;
    while (recert_reviewer_iter_next(&r, it) == RECERT_OK)
        assert_non_null(r->id), n++;
    assert_int_equal(n, 5);
    assert_int_equal(recert_reviewer_iter_total(it), -1);
    assert_int_equal(count_ev(&log, "GET", "/reviewers?", 200), 3);
    recert_reviewer_iter_free(it);
    recert_client_free(c);
}

static void test_it__permissions_and_their_iterator(void **state)
{
    (void)state;
    trace_log_t log = { 0 };
    recert_client *c = client_on(&s_main, "c-certadmin", &log);
    recert_get_identity_certification_item_permissions_params p =
        RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
    p.count = true;
    recert_permission_list *l = NULL;
    assert_int_equal(recert_get_identity_certification_item_permissions(&l, c, "cert-1", "item-1", &p),
                     RECERT_OK);
    assert_int_equal(l->count, 5);
    assert_int_equal(l->total, 5);
    recert_permission_list_free(l);

    p.filters = "target eq \"Q&A #1 100% \\\"quoted\\\" +plus\"";
    assert_int_equal(recert_get_identity_certification_item_permissions(&l, c, "cert-1", "item-1", &p),
                     RECERT_OK);
    assert_int_equal(l->count, 1);
    assert_string_equal(l->items[0].target, WEIRD_TARGET);
    assert_int_equal(l->items[0].rights_count, 1);
    assert_string_equal(l->items[0].rights[0], "SELECT");
    recert_permission_list_free(l);

    p.filters = "rights ca (\"DELETE\") and target sw \"hr.\"";
    assert_int_equal(recert_get_identity_certification_item_permissions(&l, c, "cert-1", "item-1", &p),
                     RECERT_OK);
    assert_int_equal(l->count, 1);
    assert_string_equal(l->items[0].target, "HR.EMPLOYEES");
    assert_int_equal(l->items[0].rights_count, 3);
    recert_permission_list_free(l);

    p = (recert_get_identity_certification_item_permissions_params)
        RECERT_GET_IDENTITY_CERTIFICATION_ITEM_PERMISSIONS_PARAMS_INIT;
    p.limit = 2;
    p.count = true;
    recert_permission_iter *it = NULL;
    assert_int_equal(recert_permission_iter_new(&it, c, "cert-1", "item-1", &p), RECERT_OK);
    const recert_permission *perm;
    size_t n = 0;
    log.count = 0;
    while (recert_permission_iter_next(&perm, it) == RECERT_OK)
        assert_non_null(perm->target), n++;
    assert_int_equal(n, 5);
    assert_int_equal(recert_permission_iter_total(it), 5);
    assert_int_equal(count_ev(&log, "GET", "/permissions?", 200), 3);
    recert_permission_iter_free(it);
    recert_client_free(c);
}

static void test_it__reassign_runs_and_the_new_certification_shows_it(void **state)
{
    (void)state;
    recert_client *c = client_on(&s_main, "c-admin", NULL);
    recert_reassign_reference refs[] = { { "item-21", "ITEM" }, { "item-22", "ITEM" } };
    recert_review_reassign body = { refs, 2, "id-m1", "workload & \"balance\" #2" };
    recert_task *t = NULL;
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert-2", &body), RECERT_OK);
    assert_non_null(t->id);
    assert_string_equal(t->certification_id, "cert-2");
    assert_string_equal(t->type, "REASSIGN");
    assert_true(strcmp(t->status, "QUEUED") == 0 || strcmp(t->status, "IN_PROGRESS") == 0 ||
                strcmp(t->status, "SUCCESS") == 0);
    recert_task *done = wait_task(c, "cert-2", t->id);
    assert_string_equal(done->status, "SUCCESS");
    assert_string_equal(done->id, t->id);
    assert_int_equal(done->error_count, 0);
    recert_task_free(done);
    recert_task_free(t);

    /* The items landed in a certification reviewed by id-m1 that points back. */
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.filters = "campaignRef.id eq \"camp-q4\"";
    recert_certification_list *l = NULL;
    assert_int_equal(recert_list_certifications(&l, c, &p), RECERT_OK);
    const recert_certification *moved = NULL;
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].reassignment && l->items[i].reassignment->from &&
            strcmp(l->items[i].reassignment->from->id, "cert-2") == 0)
            moved = &l->items[i];
    assert_non_null(moved);
    assert_string_equal(moved->reviewer->id, "id-m1");
    assert_string_equal(moved->reassignment->comment, "workload & \"balance\" #2");
    assert_string_equal(moved->reassignment->from->type, "CERTIFICATION");
    assert_string_equal(moved->reassignment->from->reviewer->id, "id-m2");
    assert_int_equal(moved->decisions_total, 2);
    recert_certification_list_free(l);
    recert_client_free(c);
}

static void test_it__pending_tasks_then_an_error_task_on_a_worker_node(void **state)
{
    (void)state;
    recert_client *c = client_on(&s_queue, "c-admin", NULL);
    recert_reassign_reference one[] = { { "item-23", "ITEM" } };
    recert_review_reassign first = { one, 1, "id-m1", "first" };
    recert_review_reassign second = { one, 1, "id-g1", "second: item-23 will be gone" };
    recert_task *t1 = NULL, *t2 = NULL;
    assert_int_equal(recert_submit_reassign_certs_async(&t1, c, "cert-2", &first), RECERT_OK);
    assert_int_equal(recert_submit_reassign_certs_async(&t2, c, "cert-2", &second), RECERT_OK);
    assert_string_equal(t1->status, "QUEUED");

    recert_task_list *pending = NULL;
    assert_int_equal(recert_get_identity_certification_pending_tasks(&pending, c, "cert-2"),
                     RECERT_OK);
    assert_int_equal(pending->count, 2);
    assert_int_equal(pending->total, -1);
    assert_string_equal(pending->items[0].id, t1->id);
    assert_string_equal(pending->items[1].id, t2->id);
    assert_string_equal(pending->items[1].status, "QUEUED");
    recert_task_list_free(pending);
    recert_task *now = NULL;
    assert_int_equal(recert_get_identity_certification_task_status(&now, c, "cert-2", t2->id),
                     RECERT_OK);
    assert_string_equal(now->status, "QUEUED");
    assert_false(recert_task_is_finished(now));
    recert_task_free(now);

    /* A node with a worker on the same store runs both, in order. */
    static const char *const args[] = { "--rate-limit", "off", NULL };
    assert_true(start_server(&s_worker, "worker", queue_db, args));
    recert_task *d1 = wait_task(c, "cert-2", t1->id), *d2 = wait_task(c, "cert-2", t2->id);
    assert_string_equal(d1->status, "SUCCESS");
    assert_string_equal(d2->status, "ERROR");
    assert_true(d2->error_count >= 1);
    assert_non_null(strstr(d2->errors[0], "item-23"));
    assert_int_equal(recert_get_identity_certification_pending_tasks(&pending, c, "cert-2"),
                     RECERT_OK);
    assert_int_equal(pending->count, 0);
    assert_null(pending->items);
    recert_task_list_free(pending);
    recert_task_free(d1);
    recert_task_free(d2);
    recert_task_free(t1);
    recert_task_free(t2);
    recert_client_free(c);
}

static void test_it__server_errors_carry_status_detail_tracking_id_and_text(void **state)
{
    (void)state;
    recert_client *c = client_on(&s_main, "c-s1", NULL);
    recert_identity_reference_list *l = NULL;
    const recert_error *e;

    assert_int_equal(recert_list_certification_reviewers(&l, c, "no-such-cert", NULL),
                     RECERT_ENOTFOUND);
    e = recert_client_last_error(c);
    assert_int_equal(e->code, RECERT_ENOTFOUND);
    assert_int_equal(e->http_status, 404);
    assert_string_equal(e->detail_code, "404 Not found");
    assert_tracking_id(e);
    assert_non_null(strstr(e->message, "no-such-cert"));
    assert_non_null(e->response);
    assert_string_equal(e->response->tracking_id, e->tracking_id);

    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-1", NULL), RECERT_EFORBIDDEN);
    e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 403);
    assert_string_equal(e->detail_code, "403 Forbidden");
    assert_tracking_id(e);

    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.filters = "phase sw \"A\"";
    recert_certification_list *cl = NULL;
    assert_int_equal(recert_list_certifications(&cl, c, &p), RECERT_EBADREQUEST);
    e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 400);
    assert_string_equal(e->detail_code, "400.1 Bad Request Content");
    assert_non_null(strstr(e->message, "sw"));
    assert_tracking_id(e);
    p.filters = NULL;
    p.limit = 251;
    assert_int_equal(recert_list_certifications(&cl, c, &p), RECERT_EBADREQUEST);
    assert_null(cl);

    recert_reassign_reference ref = { "item-1", "ITEM" };
    recert_review_reassign body = { &ref, 1, "id-nobody", "x" };
    recert_task *t = NULL;
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert-1", &body), RECERT_EFORBIDDEN);
    recert_client_free(c);

    /* A successful call clears the record. */
    c = client_on(&s_main, "c-admin", NULL);
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert-1", &body), RECERT_EBADREQUEST);
    assert_non_null(strstr(recert_client_last_error(c)->message, "id-nobody"));
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-1", NULL), RECERT_OK);
    e = recert_client_last_error(c);
    assert_int_equal(e->code, RECERT_OK);
    assert_int_equal(e->http_status, 0);
    assert_string_equal(e->message, "");
    assert_null(e->response);
    recert_identity_reference_list_free(l);
    recert_client_free(c);
}

static void test_it__invalid_arguments(void **state)
{
    (void)state;
    recert_client *c = client_on(&s_main, "c-admin", NULL);
    recert_task *t = NULL;
    recert_task_list *tl = NULL;
    recert_identity_reference_list *l = NULL;
    assert_int_equal(recert_get_identity_certification_task_status(&t, c, "cert-1", ""), RECERT_EINVALID);
    assert_string_equal(recert_client_last_error(c)->message, "empty task id");
    assert_int_equal(recert_get_identity_certification_pending_tasks(&tl, c, NULL), RECERT_EINVALID);
    assert_int_equal(recert_get_identity_certification_pending_tasks(NULL, c, "cert-1"), RECERT_EINVALID);
    assert_int_equal(recert_list_certification_reviewers(&l, NULL, "cert-1", NULL), RECERT_EINVALID);
    recert_list_certification_reviewers_params p = RECERT_LIST_CERTIFICATION_REVIEWERS_PARAMS_INIT;
    p.version = 2;
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-1", &p), RECERT_EINVALID);
    recert_review_reassign empty = { NULL, 0, "id-m2", "x" };
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert-1", &empty), RECERT_EINVALID);
    recert_reassign_reference ref = { "item-1", NULL };
    recert_review_reassign no_type = { &ref, 1, "id-m2", "x" };
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert-1", &no_type), RECERT_EINVALID);
    recert_reassign_reference bad = { "item-\xff", "ITEM" };
    recert_review_reassign not_utf8 = { &bad, 1, "id-m2", "x" };
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert-1", &not_utf8), RECERT_EINVALID);
    assert_null(t);
    assert_null(tl);
    assert_null(l);
    recert_client_free(c);

    /* The small helpers. */
    assert_string_equal(recert_version(), RECERT_VERSION);
    assert_int_equal(recert_client_last_error(NULL)->code, RECERT_EINVALID);
    for (int i = RECERT_OK; i <= RECERT_ITEROVER; i++) {
        assert_true(strlen(recert_strerror((recert_code)i)) > 0);
        for (int k = RECERT_OK; k < i; k++)
            assert_string_not_equal(recert_strerror((recert_code)i), recert_strerror((recert_code)k));
    }
    assert_string_equal(recert_strerror((recert_code)99), "unknown error");
}

/* ---- tests: tokens ---------------------------------------------------- */

static void test_it__token_is_fetched_once_and_reused(void **state)
{
    (void)state;
    trace_log_t log = { 0 };
    recert_client *c = client_on(&s_main, "c-admin", &log);
    for (int i = 0; i < 3; i++) {
        recert_task_list *l = NULL;
        assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "cert-1"), RECERT_OK);
        recert_task_list_free(l);
    }
    assert_int_equal(count_ev(&log, "POST", "/oauth/token", 200), 1);
    assert_int_equal(count_ev(&log, "GET", "/tasks-pending", 200), 3);
    assert_int_equal(log.count, 4);
    recert_client_free(c);
}

static void test_it__token_is_renewed_before_it_expires(void **state)
{
    (void)state;
    /* s_ttl issues tokens for 2 s; the client renews a quarter early. */
    trace_log_t log = { 0 };
    recert_client *c = client_on(&s_ttl, "c-ttl", &log);
    recert_identity_reference_list *l = NULL;
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-3", NULL), RECERT_OK);
    recert_identity_reference_list_free(l);
    sleep_ms(2100); /* past the token's whole lifetime */
    assert_int_equal(recert_list_certification_reviewers(&l, c, "cert-3", NULL), RECERT_OK);
    recert_identity_reference_list_free(l);
    assert_int_equal(count_ev(&log, "POST", "/oauth/token", 200), 2);
    assert_int_equal(count_ev(&log, NULL, "", 401), 0); /* renewed before use, not after a 401 */
    assert_string_equal(log.ev[2].method, "POST");
    recert_client_free(c);
}

static void test_it__a_refused_token_is_renewed_once(void **state)
{
    (void)state;
    /* A token the server does not accept (as an expired one): 401, renew, repeat. */
    trace_log_t log = { 0 };
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = s_ttl.base;
    o.access_token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl";
    o.client_id = "c-ttl";
    o.client_secret = SECRET;
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    o.trace = record;
    o.trace_payload = &log;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    recert_task_list *l = NULL;
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "cert-1"), RECERT_OK);
    recert_task_list_free(l);
    assert_int_equal(log.count, 3);
    assert_int_equal(log.ev[0].status, 401);
    assert_non_null(strstr(log.ev[1].url, "/oauth/token"));
    assert_int_equal(log.ev[2].status, 200);
    recert_client_free(c);

    /* Without credentials to renew with, the 401 is final. */
    o.client_id = o.client_secret = NULL;
    log.count = 0;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "cert-1"), RECERT_EAUTH);
    const recert_error *e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 401);
    assert_true(strlen(e->message) > 0);
    assert_int_equal(log.count, 1);
    recert_client_free(c);
}

static void test_it__wrong_credentials_fail_at_the_token_endpoint(void **state)
{
    (void)state;
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = s_main.base;
    o.client_id = "c-admin";
    o.client_secret = "wrong";
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    recert_certification_list *l = NULL;
    assert_int_equal(recert_list_certifications(&l, c, NULL), RECERT_EAUTH);
    const recert_error *e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 401);
    assert_non_null(strstr(e->message, "invalid_client"));
    assert_null(strstr(e->message, "wrong")); /* the secret is never echoed */
    recert_client_free(c);
}

/* ---- tests: rate limits ----------------------------------------------- */

static void test_it__429_waits_for_retry_after_then_succeeds(void **state)
{
    (void)state;
    trace_log_t log = { 0 };
    recert_client *c = client_on(&s_rate, "c-rl1", &log); /* 3 requests per 2 s */
    for (int i = 0; i < 8 && count_ev(&log, "GET", "/beta/", 429) == 0; i++) {
        recert_task_list *l = NULL;
        assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "cert-1"), RECERT_OK);
        recert_task_list_free(l);
    }
    size_t i = 0;
    while (i < log.count && log.ev[i].status != 429)
        i++;
    assert_true(i < log.count);
    assert_non_null(strstr(log.ev[i].url, "/beta/"));
    assert_true(log.ev[i].wait_ms >= 1000 && log.ev[i].wait_ms <= 2000); /* Retry-After, seconds */
    assert_true(i + 1 < log.count);
    assert_int_equal(log.ev[i + 1].status, 200); /* the same request, repeated */
    assert_string_equal(log.ev[i + 1].url, log.ev[i].url);
    recert_client_free(c);
}

static void test_it__429_is_reported_when_retries_are_exhausted(void **state)
{
    (void)state;
    trace_log_t log = { 0 };
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = s_rate.base;
    o.client_id = "c-rl2";
    o.client_secret = SECRET;
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    o.max_retries = 0;
    o.trace = record;
    o.trace_payload = &log;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    recert_code rc = RECERT_OK;
    for (int i = 0; i < 8 && rc == RECERT_OK; i++) {
        recert_task_list *l = NULL;
        rc = recert_get_identity_certification_pending_tasks(&l, c, "cert-1");
        recert_task_list_free(l);
    }
    assert_int_equal(rc, RECERT_ERATELIMIT);
    const recert_error *e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 429);
    assert_string_equal(e->message, "Rate Limit Exceeded");
    assert_true(e->retry_after >= 1 && e->retry_after <= 2);
    assert_int_equal(log.ev[log.count - 1].wait_ms, 0);
    recert_client_free(c);

    /* A Retry-After longer than max_retry_after fails at once, without waiting. */
    o.client_id = "c-rl3";
    o.max_retries = 3;
    o.max_retry_after = 0;
    log.count = 0;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    rc = RECERT_OK;
    for (int i = 0; i < 8 && rc == RECERT_OK; i++) {
        recert_task_list *l = NULL;
        rc = recert_get_identity_certification_pending_tasks(&l, c, "cert-1");
        recert_task_list_free(l);
    }
    assert_int_equal(rc, RECERT_ERATELIMIT);
    assert_int_equal(count_ev(&log, NULL, "", 429), 1);
    recert_client_free(c);
}

/* ---- tests: configuration from the environment and ./config.json ------ */

static void test_it__configuration_from_environment_and_config_json(void **state)
{
    (void)state;
    recert_task_list *l = NULL;
    recert_client *c = NULL;
    setenv("SAIL_BASE_URL", s_main.base, 1);
    setenv("SAIL_CLIENT_ID", "c-admin", 1);
    setenv("SAIL_CLIENT_SECRET", SECRET, 1);
    assert_int_equal(recert_client_new(&c, NULL), RECERT_OK);
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "cert-1"), RECERT_OK);
    recert_task_list_free(l);
    recert_client_free(c);
    unsetenv("SAIL_BASE_URL");
    unsetenv("SAIL_CLIENT_ID");
    unsetenv("SAIL_CLIENT_SECRET");

    char cwd[512], path[600];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0);
    snprintf(path, sizeof path, "%s/config.json", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"BaseURL\":\"%s/beta\",\"ClientId\":\"c-admin\",\"ClientSecret\":\"%s\"}\n",
            s_main.base, SECRET);
    fclose(f);
    assert_int_equal(recert_client_new(&c, NULL), RECERT_OK);
    assert_string_equal(recert_client_base_url(c), s_main.base);
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "cert-1"), RECERT_OK);
    recert_task_list_free(l);
    recert_client_free(c);
    unlink(path);
    assert_int_equal(chdir(cwd), 0);
}

/* ---- tests: one client per thread ------------------------------------- */

static void *thread_main(void *arg)
{
    const char *id = arg;
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = s_main.base;
    o.client_id = id;
    o.client_secret = SECRET;
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    recert_client *c = NULL;
    intptr_t failures = 0;
    if (recert_client_new(&c, &o) != RECERT_OK)
        return (void *)(intptr_t)100;
    for (int i = 0; i < 20; i++) {
        recert_certification_list *l = NULL;
        recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
        p.filters = "campaignRef.id eq \"camp-page\"";
        p.limit = 3;
        if (recert_list_certifications(&l, c, &p) != RECERT_OK || l->count != 3)
            failures++;
        recert_certification_list_free(l);
    }
    recert_client_free(c);
    return (void *)failures;
}

static void test_it__clients_in_parallel_threads(void **state)
{
    (void)state;
    pthread_t a, b;
    assert_int_equal(pthread_create(&a, NULL, thread_main, "c-thread1"), 0);
    assert_int_equal(pthread_create(&b, NULL, thread_main, "c-thread2"), 0);
    void *ra, *rb;
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    assert_int_equal((intptr_t)ra, 0);
    assert_int_equal((intptr_t)rb, 0);
}

/* ---- tests: the mock server ------------------------------------------- */

#define TASK_JSON "{\"id\":\"t-1\",\"certificationId\":\"c\",\"type\":\"REASSIGN\",\"status\":\"QUEUED\"}"

static void test_it__mock_get_is_retried_after_5xx_and_dropped_connections(void **state)
{
    (void)state;
    mock_reply replies[] = {
        { 503, "", "{}" }, { 0, NULL, NULL }, { 500, "", "{}" }, { 200, "", "[" TASK_JSON "]" },
    };
    mock_script(4, replies);
    trace_log_t log = { 0 };
    recert_client *c = mock_client(&log, NULL);
    recert_task_list *l = NULL;
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "c"), RECERT_OK);
    assert_int_equal(l->count, 1);
    assert_string_equal(l->items[0].id, "t-1");
    recert_task_list_free(l);
    assert_int_equal(mock_requests(), 4);
    assert_int_equal(log.count, 4);
    assert_true(log.ev[0].wait_ms > 0 && log.ev[1].wait_ms > 0 && log.ev[2].wait_ms > 0);
    assert_int_equal(log.ev[1].status, 0); /* no response */

    /* Four 500s: 1 + 3 retries, then the server's error. */
    mock_reply fails[] = {
        { 500, "", "{}" }, { 500, "", "{}" }, { 500, "", "{}" },
        { 500, "SLPT-Request-ID: abcdef\r\n",
          "{\"detailCode\":\"500.0 Internal Fault\",\"trackingId\":\"b21b1f7ce4da4d639f2c62a57171b427\","
          "\"messages\":[{\"locale\":\"en-US\",\"localeOrigin\":\"DEFAULT\",\"text\":\"An internal "
          "fault occurred.\"}]}" },
    };
    mock_script(4, fails);
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "c"), RECERT_ESERVER);
    const recert_error *e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 500);
    assert_string_equal(e->message, "An internal fault occurred.");
    assert_string_equal(e->detail_code, "500.0 Internal Fault");
    assert_string_equal(e->tracking_id, "b21b1f7ce4da4d639f2c62a57171b427");
    assert_int_equal(mock_requests(), 4);
    recert_client_free(c);
}

static void test_it__mock_post_is_never_repeated_blindly(void **state)
{
    (void)state;
    recert_reassign_reference ref = { "i", "ITEM" };
    recert_review_reassign body = { &ref, 1, "to", "why" };
    recert_task *t = NULL;
    recert_client *c = mock_client(NULL, NULL);

    mock_reply e500[] = { { 500, "", "{}" }, { 200, "", TASK_JSON } };
    mock_script(2, e500);
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "c", &body), RECERT_ESERVER);
    assert_int_equal(mock_requests(), 1);

    mock_reply dropped[] = { { 0, NULL, NULL }, { 200, "", TASK_JSON } };
    mock_script(2, dropped);
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "c", &body), RECERT_ENETWORK);
    assert_int_equal(mock_requests(), 1);
    assert_non_null(strstr(recert_client_last_error(c)->message, "http://127.0.0.1:"));

    /* A 429 is a refusal: repeating is safe. */
    mock_reply limited[] = { { 429, "Retry-After: 0\r\n", "{\"message\":\" Rate Limit Exceeded \"}" },
                             { 200, "", TASK_JSON } };
    mock_script(2, limited);
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "c", &body), RECERT_OK);
    assert_int_equal(mock_requests(), 2);
    assert_string_equal(t->id, "t-1");
    recert_task_free(t);

    /* A Retry-After beyond max_retry_after (60 s by default): fail at once. */
    mock_reply long_wait[] = { { 429, "Retry-After: 120\r\n", "{\"message\":\" Rate Limit Exceeded \"}" } };
    mock_script(1, long_wait);
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "c", &body), RECERT_ERATELIMIT);
    assert_int_equal(recert_client_last_error(c)->retry_after, 120);
    assert_int_equal(mock_requests(), 1);
    recert_client_free(c);
}

static void test_it__mock_401_renews_the_token_once(void **state)
{
    (void)state;
    mock_reply replies[] = {
        { 401, "", "{\"error\":\"JWT validation failed: JWT is expired\"}" },
        { 200, "", "{\"access_token\":\"tok-2\",\"token_type\":\"bearer\",\"expires_in\":749}" },
        { 401, "", "{\"error\":\"still not\"}" },
    };
    mock_script(3, replies);
    recert_client *c = mock_client(NULL, "id&1");
    recert_task *t = NULL;
    assert_int_equal(recert_get_identity_certification_task_status(&t, c, "c", "t"), RECERT_EAUTH);
    assert_string_equal(recert_client_last_error(c)->message, "still not");
    assert_int_equal(mock_requests(), 3);
    assert_non_null(strstr(mock.requests[0], "\r\nAuthorization: Bearer tok-1\r\n"));
    assert_non_null(strstr(mock.requests[1], "POST /oauth/token HTTP/1.1\r\n"));
    assert_non_null(strstr(mock.requests[1], "\r\nContent-Type: application/x-www-form-urlencoded\r\n"));
    assert_non_null(strstr(mock.requests[1], "\r\n\r\ngrant_type=client_credentials&client_id=id%261"
                                             "&client_secret=s%26e%3Dc%20r%25t"));
    assert_null(strstr(mock.requests[1], "Authorization:"));
    assert_non_null(strstr(mock.requests[2], "\r\nAuthorization: Bearer tok-2\r\n"));
    recert_client_free(c);
}

static void test_it__mock_exact_bytes_on_the_wire(void **state)
{
    (void)state;
    mock_reply replies[] = { { 200, "X-Total-Count: 42\r\n", "[]" }, { 200, "", TASK_JSON },
                             { 200, "", TASK_JSON } };
    mock_script(3, replies);
    recert_client *c = mock_client(NULL, NULL);
    recert_list_certifications_params p = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.reviewer_identity = "me";
    p.limit = 2;
    p.offset = 3;
    p.count = true;
    p.filters = "name eq \"a&b #1 100%\" or id in (\"x\",\"y\")";
    p.sorters = "-due,name";
    recert_certification_list *l = NULL;
    assert_int_equal(recert_list_certifications(&l, c, &p), RECERT_OK);
    assert_int_equal(l->total, 42);
    assert_int_equal(l->count, 0);
    recert_certification_list_free(l);
    assert_int_equal(mock_requests(), 1);
    const char *r0 = mock.requests[0];
    assert_true(starts_with(r0, "GET /beta/certifications?reviewer-identitiy=me&limit=2&offset=3"
                                "&count=true&filters=name%20eq%20%22a%26b%20%231%20100%25%22%20or"
                                "%20id%20in%20%28%22x%22%2C%22y%22%29&sorters=-due%2Cname HTTP/1.1\r\n"));
    assert_non_null(strstr(r0, "\r\nUser-Agent: recert/" RECERT_VERSION "\r\n"));
    assert_non_null(strstr(r0, "\r\nAccept: application/json\r\n"));
    assert_non_null(strstr(r0, "\r\nAuthorization: Bearer tok-1\r\n"));

    /* Ids are path segments: encoded. */
    recert_task *t = NULL;
    assert_int_equal(recert_get_identity_certification_task_status(&t, c, "a/b c", "t#1?"), RECERT_OK);
    recert_task_free(t);
    assert_int_equal(mock_requests(), 2);
    assert_true(starts_with(mock.requests[1], "GET /beta/certifications/a%2Fb%20c/tasks/t%231%3F HTTP/1.1\r\n"));

    recert_reassign_reference refs[] = { { "i1", "ITEM" }, { "s1", "IDENTITY_SUMMARY" } };
    recert_review_reassign body = { refs, 2, "id-2", "why \"now\"" };
    assert_int_equal(recert_submit_reassign_certs_async(&t, c, "cert 1", &body), RECERT_OK);
    recert_task_free(t);
    assert_int_equal(mock_requests(), 3);
    const char *r2 = mock.requests[2];
    assert_true(starts_with(r2, "POST /beta/certifications/cert%201/reassign-async HTTP/1.1\r\n"));
    assert_non_null(strstr(r2, "\r\nContent-Type: application/json\r\n"));
    assert_non_null(strstr(r2, "\r\n\r\n{\"reassign\":[{\"id\":\"i1\",\"type\":\"ITEM\"},{\"id\":\"s1\","
                               "\"type\":\"IDENTITY_SUMMARY\"}],\"reassignTo\":\"id-2\","
                               "\"reason\":\"why \\\"now\\\"\"}"));
    recert_client_free(c);
}

static void test_it__mock_malformed_bodies(void **state)
{
    (void)state;
    mock_reply replies[] = {
        { 200, "", "[{\"id\":\"x\"" },
        { 200, "", "[{\"id\":\"x\",\"campaignRef\":{\"name\":42}}]" },
        { 200, "", "{\"not\":\"a list\"}" },
        { 418, "", "I'm a teapot" },
    };
    mock_script(4, replies);
    recert_client *c = mock_client(NULL, NULL);
    recert_certification_list *l = NULL;
    assert_int_equal(recert_list_certifications(&l, c, NULL), RECERT_EPROTOCOL);
    assert_true(starts_with(recert_client_last_error(c)->message, "invalid response: invalid JSON"));
    assert_int_equal(recert_list_certifications(&l, c, NULL), RECERT_EPROTOCOL);
    assert_string_equal(recert_client_last_error(c)->message,
                        "invalid response: [0].campaignRef.name: expected a string, got a number");
    assert_int_equal(recert_list_certifications(&l, c, NULL), RECERT_EPROTOCOL);
    assert_int_equal(recert_list_certifications(&l, c, NULL), RECERT_EHTTP);
    assert_int_equal(recert_client_last_error(c)->http_status, 418);
    assert_string_equal(recert_client_last_error(c)->message, "I'm a teapot");
    assert_null(l);
    recert_client_free(c);
}

static void test_it__connection_refused_is_retried_then_reported(void **state)
{
    (void)state;
    /* A port that was just free: nothing listens there. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    close(fd);
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", ntohs(a.sin_port));
    trace_log_t log = { 0 };
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = base;
    o.access_token = "t";
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    o.retry_base_ms = 5;
    o.max_retries = 2;
    o.trace = record;
    o.trace_payload = &log;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    recert_task_list *l = NULL;
    assert_int_equal(recert_get_identity_certification_pending_tasks(&l, c, "x"), RECERT_ENETWORK);
    const recert_error *e = recert_client_last_error(c);
    assert_int_equal(e->http_status, 0);
    assert_non_null(strstr(e->message, base));
    assert_int_equal(log.count, 3);
    recert_client_free(c);
}

/* ---- setup ------------------------------------------------------------ */

/* ---- v3 (a server of its own: these tests decide, sign off and reassign) ---- */

#define V3_CERT_JSON                                                                       \
    "{\"id\":\"c-1\",\"name\":\"N\",\"phase\":\"ACTIVE\",\"decisionsMade\":1,"             \
    "\"decisionsTotal\":2,\"campaign\":{\"id\":\"k\",\"name\":\"K\"}}"
#define V3_TASK_JSON                                                                       \
    "{\"id\":\"t-3\",\"type\":\"REASSIGN\",\"targetType\":\"CERTIFICATION\",\"targetId\":\"c-1\"," \
    "\"status\":\"QUEUED\",\"errors\":[],\"created\":\"2026-01-01T00:00:00.000Z\"}"

/* Polls a v3 task until it ends (at most 15 s). Returns it (owned). */
static recert_certification_task *wait_v3_task(recert_client *c, const char *task_id)
{
    for (int i = 0; i < 300; i++) {
        recert_certification_task *t = NULL;
        assert_int_equal(recert_v3_get_certification_task(&t, c, task_id), RECERT_OK);
        if (recert_certification_task_is_finished(t))
            return t;
        recert_certification_task_free(t);
        sleep_ms(50);
    }
    fail_msg("task %s did not finish", task_id);
    return NULL;
}

static void test_it__v3_certifications_list_get_and_the_one_iterator(void **state)
{
    (void)state;
    recert_client *m1 = client_on(&s_v3, "c-m1", NULL);
    recert_v3_list_certifications_params p = RECERT_V3_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.reviewer_identity = "me";
    p.sorters = "name";
    p.count = true;
    recert_identity_certification_list *l = NULL;
    assert_int_equal(recert_v3_list_identity_certifications(&l, m1, &p), RECERT_OK);
    assert_int_equal(l->total, (int64_t)l->count);
    bool seen = false;
    for (size_t i = 0; i < l->count; i++) {
        assert_string_equal(l->items[i].reviewer->id, "id-m1");
        assert_non_null(l->items[i].json);
        seen = seen || strcmp(l->items[i].id, "cert-1") == 0;
    }
    assert_true(seen);
    recert_identity_certification_list_free(l);

    recert_identity_certification *c = NULL;
    assert_int_equal(recert_v3_get_identity_certification(&c, m1, "cert-1"), RECERT_OK);
    assert_string_equal(c->id, "cert-1");
    assert_string_equal(c->name, "Q4 Manager Review for Mia Manager");
    assert_non_null(c->campaign);
    assert_string_equal(c->campaign->id, "camp-q4");
    assert_string_equal(c->campaign->name, "Q4 Manager Review");
    assert_string_equal(c->phase, "ACTIVE");
    assert_int_equal(c->decisions_made, 2);
    assert_int_equal(c->decisions_total, 6);
    assert_null(c->signed_at);
    assert_non_null(strstr(c->json, "\"identitiesTotal\""));
    recert_identity_certification_free(c);
    assert_int_equal(recert_v3_get_identity_certification(&c, m1, "no-such-cert"),
                     RECERT_ENOTFOUND);
    assert_int_equal(recert_v3_get_identity_certification(&c, m1, "cert-2"), RECERT_EFORBIDDEN);

    /* As admin: every certification, in pages of 3, with the count. */
    recert_client *admin = client_on(&s_v3, "c-admin", NULL);
    recert_v3_list_certifications_params all = RECERT_V3_LIST_CERTIFICATIONS_PARAMS_INIT;
    all.limit = 3;
    all.count = true;
    recert_iter *it = NULL;
    assert_int_equal(recert_v3_identity_certifications_iter_new(&it, admin, &all), RECERT_OK);
    assert_string_equal(recert_iter_schema(it), "IdentityCertificationDto");
    assert_null(recert_iter_item(it));
    size_t n = 0;
    recert_code rc;
    while ((rc = recert_iter_next(it)) == RECERT_OK) {
        const recert_identity_certification *item = recert_iter_item(it);
        assert_non_null(item->id);
        n++;
    }
    assert_int_equal(rc, RECERT_ITEROVER);
    assert_int_equal(n, 11);
    assert_int_equal(recert_iter_total(it), 11);
    assert_null(recert_iter_item(it));
    recert_iter_free(it);

    /* The beta iterators are the same pager: recert_iter_* work on them. */
    recert_list_certifications_params bp = RECERT_LIST_CERTIFICATIONS_PARAMS_INIT;
    bp.limit = 4;
    recert_certification_iter *bit = NULL;
    assert_int_equal(recert_certification_iter_new(&bit, admin, &bp), RECERT_OK);
    assert_string_equal(recert_iter_schema(bit), "CertificationDto");
    n = 0;
    while (recert_iter_next(bit) == RECERT_OK)
        n += ((const recert_certification *)recert_iter_item(bit))->id != NULL;
    assert_int_equal(n, 11);
    recert_certification_iter_free(bit);
    recert_client_free(admin);
    recert_client_free(m1);
}

/* True when recertd does not serve the route at all yet (a 404 "no such
 * resource", not a missing certification): the test then says it waits. */
static bool route_missing(recert_client *c, recert_code rc, const char *route)
{
    const recert_error *e = recert_client_last_error(c);
    if (rc != RECERT_ENOTFOUND || !strstr(e->message, "no such resource"))
        return false;
    printf("# WAITING for recertd to serve %s: %s\n", route, e->message);
    return true;
}

static void test_it__v3_items_and_summaries(void **state)
{
    (void)state;
    recert_client *m1 = client_on(&s_v3, "c-m1", NULL);
    recert_access_review_item_list *items = NULL;
    recert_code rc = recert_v3_list_identity_access_review_items(&items, m1, "cert-1", NULL);
    bool wait1 = route_missing(m1, rc, "GET /v3/certifications/{id}/access-review-items");
    recert_identity_summary_list *probe = NULL;
    recert_code rc2 = recert_v3_get_identity_summaries(&probe, m1, "cert-1", NULL);
    recert_identity_summary_list_free(probe);
    bool wait2 = rc2 != RECERT_OK && route_missing(m1, rc2, "GET /v3/certifications/{id}/"
                                                            "identity-summaries (and the other "
                                                            "summaries)");
    if (wait1 || wait2) {
        recert_access_review_item_list_free(items);
        recert_client_free(m1);
        skip();
    }
    assert_int_equal(rc, RECERT_OK);
    assert_int_equal(items->count, 6);
    size_t decided = 0;
    for (size_t i = 0; i < items->count; i++) {
        const recert_access_review_item *it = &items->items[i];
        assert_non_null(it->id);
        assert_non_null(it->access_summary);
        assert_non_null(it->access_summary->access);
        assert_string_equal(it->access_summary->access->type, "ENTITLEMENT");
        assert_non_null(it->access_summary->entitlement);
        assert_non_null(it->identity_summary);
        assert_true(it->completed == (it->decision != NULL));
        decided += it->completed;
    }
    assert_int_equal(decided, 2);
    recert_access_review_item_list_free(items);

    recert_v3_list_access_review_items_params p = RECERT_V3_LIST_ACCESS_REVIEW_ITEMS_PARAMS_INIT;
    p.filters = "completed eq false";
    p.count = true;
    p.entitlements = "ent-dba";
    assert_int_equal(recert_v3_list_identity_access_review_items(&items, m1, "cert-1", &p),
                     RECERT_OK);
    assert_int_equal(items->total, 2); /* item-1 and item-5: undecided, of ent-dba */
    for (size_t i = 0; i < items->count; i++)
        assert_string_equal(items->items[i].access_summary->access->id, "ent-dba");
    recert_access_review_item_list_free(items);

    /* The three access filters exclude each other: refused before any request. */
    p.roles = "role-1";
    items = NULL;
    assert_int_equal(recert_v3_list_identity_access_review_items(&items, m1, "cert-1", &p),
                     RECERT_EINVALID);
    assert_null(items);
    assert_non_null(strstr(recert_client_last_error(m1)->message, "exclusive"));
    recert_iter *it = NULL;
    assert_int_equal(recert_v3_access_review_items_iter_new(&it, m1, "cert-1", &p),
                     RECERT_EINVALID);
    assert_null(it);

    recert_identity_summary_list *ids = NULL;
    recert_v3_summaries_params sp = RECERT_V3_SUMMARIES_PARAMS_INIT;
    sp.sorters = "name";
    assert_int_equal(recert_v3_get_identity_summaries(&ids, m1, "cert-1", &sp), RECERT_OK);
    assert_int_equal(ids->count, 2);
    assert_non_null(ids->items[0].identity_id);
    recert_identity_summary *one = NULL;
    assert_int_equal(recert_v3_get_identity_summary(&one, m1, "cert-1", ids->items[0].id),
                     RECERT_OK);
    assert_string_equal(one->id, ids->items[0].id);
    assert_string_equal(one->identity_id, ids->items[0].identity_id);
    recert_identity_summary_free(one);
    recert_identity_summary_list_free(ids);

    recert_access_summary_list *acc = NULL;
    assert_int_equal(recert_v3_get_identity_access_summaries(&acc, m1, "cert-1", "ENTITLEMENT",
                                                             NULL), RECERT_OK);
    assert_int_equal(acc->count, 3); /* ent-dba, ent-read, ent-git */
    for (size_t i = 0; i < acc->count; i++) {
        assert_string_equal(acc->items[i].access->type, "ENTITLEMENT");
        assert_non_null(acc->items[i].entitlement);
    }
    recert_access_summary_list_free(acc);
    assert_int_equal(recert_v3_get_identity_access_summaries(&acc, m1, "cert-1", "ACCOUNT", NULL),
                     RECERT_EBADREQUEST);

    recert_decision_summary *ds = NULL;
    assert_int_equal(recert_v3_get_identity_decision_summary(&ds, m1, "cert-1", NULL), RECERT_OK);
    assert_int_equal(ds->entitlement_decisions_total, 6);
    assert_int_equal(ds->entitlement_decisions_made, 2);
    assert_int_equal(ds->entitlements_approved, 1);
    assert_int_equal(ds->entitlements_revoked, 1);
    recert_decision_summary_free(ds);
    recert_client_free(m1);
}

static void test_it__v3_decide_then_sign_off(void **state)
{
    (void)state;
    recert_client *m1 = client_on(&s_v3, "c-m1", NULL);
    recert_identity_certification *c = NULL;
    recert_review_decision first[] = {
        { "item-1", "APPROVE", true, "still needed", NULL },
        { "item-5", "REVOKE", true, NULL, "2099-06-01T00:00:00Z" },
    };
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", first, 2), RECERT_OK);
    assert_int_equal(c->decisions_made, 4);
    assert_string_equal(c->phase, "ACTIVE");
    recert_identity_certification_free(c);

    /* Signing off before every item is decided: the server's 400. */
    c = NULL;
    assert_int_equal(recert_v3_sign_off_identity_certification(&c, m1, "cert-1"),
                     RECERT_EBADREQUEST);
    assert_null(c);
    assert_int_equal(recert_client_last_error(m1)->http_status, 400);

    /* A batch with one bad decision is applied not at all. */
    recert_review_decision bad[] = { { "item-3", "APPROVE", true, NULL, NULL },
                                     { "no-such-item", "APPROVE", true, NULL, NULL } };
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", bad, 2),
                     RECERT_EBADREQUEST);
    assert_non_null(strstr(recert_client_last_error(m1)->message, "[1]"));
    assert_int_equal(recert_v3_get_identity_certification(&c, m1, "cert-1"), RECERT_OK);
    assert_int_equal(c->decisions_made, 4);
    recert_identity_certification_free(c);

    /* Refused before any request: none, more than 250, an empty id. */
    recert_review_decision many[251];
    for (size_t i = 0; i < 251; i++)
        many[i] = (recert_review_decision){ "item-3", "APPROVE", true, NULL, NULL };
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", many, 0), RECERT_EINVALID);
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", many, 251),
                     RECERT_EINVALID);
    assert_non_null(strstr(recert_client_last_error(m1)->message, "250"));
    many[0].id = "";
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", many, 1), RECERT_EINVALID);
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "", first, 1), RECERT_EINVALID);
    assert_int_equal(recert_v3_make_identity_decision(NULL, m1, "cert-1", first, 1),
                     RECERT_EINVALID);

    recert_review_decision rest[] = { { "item-3", "APPROVE", true, NULL, NULL },
                                      { "item-6", "REVOKE", true, "left the team", NULL } };
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", rest, 2), RECERT_OK);
    assert_int_equal(c->decisions_made, 6);
    recert_identity_certification_free(c);
    assert_int_equal(recert_v3_sign_off_identity_certification(&c, m1, "cert-1"), RECERT_OK);
    assert_string_equal(c->phase, "SIGNED");
    assert_non_null(c->signed_at);
    recert_identity_certification_free(c);
    /* Signed: read-only. */
    assert_int_equal(recert_v3_make_identity_decision(&c, m1, "cert-1", rest, 1),
                     RECERT_EBADREQUEST);
    recert_client_free(m1);
}

static void test_it__v3_reassign_sync_and_async_and_tasks(void **state)
{
    (void)state;
    recert_client *admin = client_on(&s_v3, "c-admin", NULL);
    recert_reassign_reference ref = { "item-21", "ITEM" };
    recert_review_reassign body = { &ref, 1, "id-m1", "sync move" };
    recert_identity_certification *c = NULL;
    assert_int_equal(recert_v3_reassign_identity_certifications(&c, admin, "cert-2", &body),
                     RECERT_OK);
    assert_string_equal(c->id, "cert-2");
    assert_int_equal(c->decisions_total, 3); /* 4 items, one moved */
    recert_identity_certification_free(c);

    recert_reassign_reference refs[51];
    for (size_t i = 0; i < 51; i++)
        refs[i] = (recert_reassign_reference){ "item-22", "ITEM" };
    recert_review_reassign too_many = { refs, 51, "id-m1", "x" };
    assert_int_equal(recert_v3_reassign_identity_certifications(&c, admin, "cert-2", &too_many),
                     RECERT_EINVALID);
    assert_non_null(strstr(recert_client_last_error(admin)->message, "50"));

    ref.id = "item-22";
    body.reason = "async move";
    recert_certification_task *t = NULL;
    assert_int_equal(recert_v3_submit_reassign_certs_async(&t, admin, "cert-2", &body), RECERT_OK);
    assert_non_null(t->id);
    assert_string_equal(t->type, "REASSIGN");
    assert_string_equal(t->target_type, "CERTIFICATION");
    assert_string_equal(t->target_id, "cert-2");
    char task_id[128];
    snprintf(task_id, sizeof task_id, "%s", t->id);
    recert_certification_task_free(t);
    t = wait_v3_task(admin, task_id);
    assert_string_equal(t->status, "SUCCESS");
    assert_int_equal(t->error_count, 0);
    recert_certification_task_free(t);

    /* The pending list (nothing pending now), through the iterator and filters. */
    recert_v3_list_certification_tasks_params tp = RECERT_V3_LIST_CERTIFICATION_TASKS_PARAMS_INIT;
    tp.filters = "targetId eq \"cert-2\"";
    tp.count = true;
    recert_certification_task_list *tl = NULL;
    assert_int_equal(recert_v3_get_pending_certification_tasks(&tl, admin, &tp), RECERT_OK);
    for (size_t i = 0; i < tl->count; i++)
        assert_string_equal(tl->items[i].target_id, "cert-2");
    assert_true(tl->total >= 0);
    recert_certification_task_list_free(tl);
    recert_iter *it = NULL;
    assert_int_equal(recert_v3_certification_tasks_iter_new(&it, admin, &tp), RECERT_OK);
    assert_string_equal(recert_iter_schema(it), "CertificationTask");
    while (recert_iter_next(it) == RECERT_OK)
        assert_string_equal(((const recert_certification_task *)recert_iter_item(it))->target_id,
                            "cert-2");
    recert_iter_free(it);
    assert_int_equal(recert_v3_get_certification_task(&t, admin, "no-such-task"),
                     RECERT_ENOTFOUND);
    recert_client_free(admin);
}

static void test_it__v3_mock_exact_bytes_on_the_wire(void **state)
{
    (void)state;
    mock_reply replies[] = {
        { 200, "X-Total-Count: 7\r\n", "[]" }, { 200, "", "[]" }, { 200, "", V3_CERT_JSON },
        { 200, "", V3_CERT_JSON }, { 200, "", "{\"rolesApproved\":3}" }, { 200, "", "[]" },
        { 200, "", "[" V3_TASK_JSON "]" },
    };
    mock_script(7, replies);
    recert_client *c = mock_client(NULL, NULL);
    recert_v3_list_certifications_params p = RECERT_V3_LIST_CERTIFICATIONS_PARAMS_INIT;
    p.reviewer_identity = "me";
    p.count = true;
    p.filters = "campaign.id eq \"k 1\"";
    recert_identity_certification_list *l = NULL;
    assert_int_equal(recert_v3_list_identity_certifications(&l, c, &p), RECERT_OK);
    assert_int_equal(l->total, 7);
    recert_identity_certification_list_free(l);
    assert_true(starts_with(mock.requests[0], "GET /v3/certifications?reviewer-identity=me"
                                              "&count=true&filters=campaign.id%20eq%20%22k%201%22 "
                                              "HTTP/1.1\r\n"));

    recert_v3_list_access_review_items_params ip = RECERT_V3_LIST_ACCESS_REVIEW_ITEMS_PARAMS_INIT;
    ip.limit = 5;
    ip.sorters = "access.name";
    ip.access_profiles = "ap-1,ap-2";
    recert_access_review_item_list *items = NULL;
    assert_int_equal(recert_v3_list_identity_access_review_items(&items, c, "c/1", &ip),
                     RECERT_OK);
    recert_access_review_item_list_free(items);
    assert_true(starts_with(mock.requests[1], "GET /v3/certifications/c%2F1/access-review-items"
                                              "?limit=5&sorters=access.name"
                                              "&access-profiles=ap-1%2Cap-2 HTTP/1.1\r\n"));

    recert_review_decision d[] = { { "i1", "APPROVE", false, NULL, NULL },
                                   { "i2", "REVOKE", true, "gone \"now\"",
                                     "2030-01-01T00:00:00Z" } };
    recert_identity_certification *cert = NULL;
    assert_int_equal(recert_v3_make_identity_decision(&cert, c, "c-1", d, 2), RECERT_OK);
    assert_int_equal(cert->decisions_made, 1);
    assert_string_equal(cert->campaign->name, "K");
    recert_identity_certification_free(cert);
    const char *r2 = mock.requests[2];
    assert_true(starts_with(r2, "POST /v3/certifications/c-1/decide HTTP/1.1\r\n"));
    assert_non_null(strstr(r2, "\r\nContent-Type: application/json\r\n"));
    assert_non_null(strstr(r2, "\r\n\r\n[{\"id\":\"i1\",\"decision\":\"APPROVE\",\"bulk\":false},"
                               "{\"id\":\"i2\",\"decision\":\"REVOKE\",\"bulk\":true,\"comments\":"
                               "\"gone \\\"now\\\"\",\"proposedEndDate\":\"2030-01-01T00:00:00Z\"}]"));

    assert_int_equal(recert_v3_sign_off_identity_certification(&cert, c, "c-1"), RECERT_OK);
    recert_identity_certification_free(cert);
    const char *r3 = mock.requests[3];
    assert_true(starts_with(r3, "POST /v3/certifications/c-1/sign-off HTTP/1.1\r\n"));
    assert_non_null(strstr(r3, "\r\nContent-Length: 0\r\n"));
    assert_null(strstr(r3, "Content-Type"));

    recert_decision_summary *ds = NULL;
    assert_int_equal(recert_v3_get_identity_decision_summary(&ds, c, "c-1",
                                                             "identitySummary.id eq \"s\""),
                     RECERT_OK);
    assert_int_equal(ds->roles_approved, 3);
    recert_decision_summary_free(ds);
    assert_true(starts_with(mock.requests[4], "GET /v3/certifications/c-1/decision-summary"
                                              "?filters=identitySummary.id%20eq%20%22s%22 "
                                              "HTTP/1.1\r\n"));

    recert_access_summary_list *acc = NULL;
    assert_int_equal(recert_v3_get_identity_access_summaries(&acc, c, "c-1", "ACCESS_PROFILE",
                                                             NULL), RECERT_OK);
    recert_access_summary_list_free(acc);
    assert_true(starts_with(mock.requests[5], "GET /v3/certifications/c-1/access-summaries/"
                                              "ACCESS_PROFILE HTTP/1.1\r\n"));

    recert_v3_list_certification_tasks_params tp = RECERT_V3_LIST_CERTIFICATION_TASKS_PARAMS_INIT;
    tp.reviewer_identity = "id-9";
    tp.filters = "type eq \"REASSIGN\"";
    recert_certification_task_list *tl = NULL;
    assert_int_equal(recert_v3_get_pending_certification_tasks(&tl, c, &tp), RECERT_OK);
    assert_int_equal(tl->count, 1);
    assert_string_equal(tl->items[0].target_id, "c-1");
    assert_string_equal(tl->items[0].created, "2026-01-01T00:00:00.000Z");
    recert_certification_task_list_free(tl);
    assert_true(starts_with(mock.requests[6], "GET /v3/certification-tasks?reviewer-identity=id-9"
                                              "&filters=type%20eq%20%22REASSIGN%22 HTTP/1.1\r\n"));

    /* decide and sign-off are never repeated after a 5xx: they may have been applied. */
    mock_reply e500[] = { { 500, "", "{}" }, { 200, "", V3_CERT_JSON } };
    mock_script(2, e500);
    assert_int_equal(recert_v3_make_identity_decision(&cert, c, "c-1", d, 1), RECERT_ESERVER);
    assert_int_equal(mock_requests(), 1);
    mock_script(2, e500);
    assert_int_equal(recert_v3_sign_off_identity_certification(&cert, c, "c-1"), RECERT_ESERVER);
    assert_int_equal(mock_requests(), 1);
    /* GETs are. */
    mock_script(2, e500);
    assert_int_equal(recert_v3_get_identity_certification(&cert, c, "c-1"), RECERT_OK);
    assert_int_equal(mock_requests(), 2);
    recert_identity_certification_free(cert);
    recert_client_free(c);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    char db[512], log[512];
    snprintf(db, sizeof db, "%s/main.db", tmpdir);
    snprintf(log, sizeof log, "%s/import.log", tmpdir);
    snprintf(queue_db, sizeof queue_db, "%s/queue.db", tmpdir);
    static const char *const off[] = { "--rate-limit", "off", NULL };
    static const char *const rate[] = { "--rate-limit", "3/2", NULL };
    static const char *const ttl[] = { "--rate-limit", "off", "--token-ttl", "2", NULL };
    static const char *const queue[] = { "--rate-limit", "off", "--workers", "0", NULL };
    char rate_db[512], ttl_db[512], v3_db[512];
    snprintf(rate_db, sizeof rate_db, "%s/rate.db", tmpdir);
    snprintf(v3_db, sizeof v3_db, "%s/v3.db", tmpdir);
    snprintf(ttl_db, sizeof ttl_db, "%s/ttl.db", tmpdir);
    if (!import_fixture(db, log) || !copy_file(db, rate_db) || !copy_file(db, ttl_db) ||
        !copy_file(db, queue_db) || !copy_file(db, v3_db)) {
        fprintf(stderr, "import failed; see %s\n", log);
        return -1;
    }
    if (!start_server(&s_main, "main", db, off) || !start_server(&s_rate, "rate", rate_db, rate) ||
        !start_server(&s_ttl, "ttl", ttl_db, ttl) || !start_server(&s_queue, "queue", queue_db, queue) ||
        !start_server(&s_v3, "v3", v3_db, off) || !mock_start(&mock))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    stop_server(&s_main);
    stop_server(&s_rate);
    stop_server(&s_ttl);
    stop_server(&s_queue);
    stop_server(&s_worker);
    stop_server(&s_v3);
    if (mock.port)
        mock_stop(&mock);
    if (!getenv("RECERT_KEEP_TMP")) {
        char *argv[] = { "/bin/rm", "-rf", tmpdir, NULL };
        run_wait(argv, "/dev/null");
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s RECERTD FIXTURE\n", argv[0]);
        return 2;
    }
    recertd = argv[1];
    fixture = argv[2];
    signal(SIGPIPE, SIG_IGN);
    unsetenv("SAIL_BASE_URL");
    unsetenv("SAIL_CLIENT_ID");
    unsetenv("SAIL_CLIENT_SECRET");
    unsetenv("SAIL_ACCESS_TOKEN");
    if (recert_global_init() != RECERT_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_it__list_certifications_decodes_everything),
        cmocka_unit_test(test_it__list_certifications_reviewer_me),
        cmocka_unit_test(test_it__certification_iterator_pages),
        cmocka_unit_test(test_it__reviewers_and_their_iterator),
        cmocka_unit_test(test_it__permissions_and_their_iterator),
        cmocka_unit_test(test_it__reassign_runs_and_the_new_certification_shows_it),
        cmocka_unit_test(test_it__pending_tasks_then_an_error_task_on_a_worker_node),
        cmocka_unit_test(test_it__server_errors_carry_status_detail_tracking_id_and_text),
        cmocka_unit_test(test_it__invalid_arguments),
        cmocka_unit_test(test_it__token_is_fetched_once_and_reused),
        cmocka_unit_test(test_it__token_is_renewed_before_it_expires),
        cmocka_unit_test(test_it__a_refused_token_is_renewed_once),
        cmocka_unit_test(test_it__wrong_credentials_fail_at_the_token_endpoint),
        cmocka_unit_test(test_it__429_waits_for_retry_after_then_succeeds),
        cmocka_unit_test(test_it__429_is_reported_when_retries_are_exhausted),
        cmocka_unit_test(test_it__configuration_from_environment_and_config_json),
        cmocka_unit_test(test_it__clients_in_parallel_threads),
        cmocka_unit_test(test_it__mock_get_is_retried_after_5xx_and_dropped_connections),
        cmocka_unit_test(test_it__mock_post_is_never_repeated_blindly),
        cmocka_unit_test(test_it__mock_401_renews_the_token_once),
        cmocka_unit_test(test_it__mock_exact_bytes_on_the_wire),
        cmocka_unit_test(test_it__mock_malformed_bodies),
        cmocka_unit_test(test_it__connection_refused_is_retried_then_reported),
        cmocka_unit_test(test_it__v3_certifications_list_get_and_the_one_iterator),
        cmocka_unit_test(test_it__v3_items_and_summaries),
        cmocka_unit_test(test_it__v3_decide_then_sign_off),
        cmocka_unit_test(test_it__v3_reassign_sync_and_async_and_tasks),
        cmocka_unit_test(test_it__v3_mock_exact_bytes_on_the_wire),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    recert_global_cleanup();
    return failed;
}
