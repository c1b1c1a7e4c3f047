/*
 * http: libmicrohttpd glue and the request pipeline.
 *
 * libmicrohttpd runs in epoll mode with a pool of threads; each connection
 * is served by one thread, which runs our whole pipeline synchronously (the
 * store calls are short and the pool is sized to the cores). We do not
 * parse HTTP ourselves. The raw request URI comes from the URI-log hook,
 * which is also where the per-request context is created, so the query
 * string is decoded by our own form decoder ('+' is a space, as SailPoint's
 * documented filter examples require).
 *
 * Secrets never reach the log: the log line has the path without the query
 * string (a token request may carry client_secret in its query).
 */
#include "../common/clock.h"
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/util.h"
#include "handlers/handlers.h"
#include "pagecache.h"
#include "reply.h"
#include "token.h"

struct http {
    server_t *srv;
    struct MHD_Daemon *daemon;
    atomic_int in_flight;
};

/* ------------------------------------------------------------------ */
/* request helpers                                                     */

static void add_vmessage(req_t *req, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void add_vmessage(req_t *req, const char *fmt, va_list ap)
{
    if (req->message_count >= REQ_MAX_MESSAGES)
        return;
    if (req->message_count == req->message_cap) {
        int cap = req->message_cap ? req->message_cap * 2 : 4;
        char **n = realloc(req->messages, (size_t)cap * sizeof *n);
        if (!n)
            return;
        req->messages = n;
        req->message_cap = cap;
    }
    buf_t b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    if (buf_failed(&b)) {
        buf_free(&b);
        return;
    }
    req->messages[req->message_count++] = buf_detach(&b, NULL);
}

void req_reset_failure(req_t *req)
{
    for (int i = 0; i < req->message_count; i++)
        free(req->messages[i]);
    req->message_count = 0;
    req->rc = RC_OK;
}

rc_t req_fail(req_t *req, rc_t rc, const char *fmt, ...)
{
    if (req->rc == RC_OK)
        req->rc = rc;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        add_vmessage(req, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void req_add_message(req_t *req, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_vmessage(req, fmt, ap);
    va_end(ap);
}

const char *req_query(const req_t *req, const char *name, bool *dup)
{
    const char *first = NULL;
    if (dup)
        *dup = false;
    for (size_t i = 0; i < req->query.count; i++)
        if (strcmp(req->query.fields[i].name, name) == 0) {
            if (first) {
                if (dup)
                    *dup = true;
                break;
            }
            first = req->query.fields[i].value;
        }
    return first;
}

const char *req_header(const req_t *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

bool req_reuse_page(req_t *req, const char *scope)
{
    pagecache_t *pc = req->server->pages;
    uint64_t generation;
    if (!pc || store_generation(req->server->store, &generation) != STORE_OK)
        return false;
    buf_t key = BUF_INIT;
    /* Admins see one view, every other caller their own: "A", or "R" and
     * the identity id. Lengths delimit the parts, so no identity id or
     * scope can make another caller's key. */
    const char *id = req->who.admin ? "" : req->who.identity_id;
    if (!scope)
        scope = "";
    buf_printf(&key, "%c%zu:%s%zu:%s%s", req->who.admin ? 'A' : 'R', strlen(id), id,
               strlen(scope), scope, req->raw_uri);
    if (buf_failed(&key)) {
        buf_free(&key);
        return false;
    }
    req->cached = pagecache_get(pc, key.data, key.len, generation);
    if (req->cached) {
        buf_free(&key);
        req->total_count = req->cached->total_count;
        return true;
    }
    req->cache_key = buf_detach(&key, &req->cache_key_len);
    req->cache_generation = generation;
    return false;
}

/* ------------------------------------------------------------------ */
/* routing                                                             */

#define MAX_PARAMS 4

typedef struct route {
    const char *method;
    const char *pattern;        /* "{}" matches one non-empty segment */
    handler_fn fn;
    const char *api;            /* rate-limit bucket ("beta"), NULL = none */
    bool auth;
} route_t;

static const route_t routes[] = {
    { "POST", "/oauth/token", handle_token, NULL, false },
    { "GET", "/beta/certifications", handle_cert_list, "beta", true },
    { "GET", "/beta/certifications/{}/reviewers", handle_cert_reviewers, "beta", true },
    { "GET", "/beta/certifications/{}/access-review-items/{}/permissions",
      handle_item_permissions, "beta", true },
    { "POST", "/beta/certifications/{}/reassign-async", handle_reassign_async, "beta", true },
    { "GET", "/beta/certifications/{}/tasks-pending", handle_tasks_pending, "beta", true },
    { "GET", "/beta/certifications/{}/tasks/{}", handle_task_status, "beta", true },
};

/* Matches path against pattern; path parameters are copied into store
 * (NUL-separated) and pointed to by params. */
static bool match(const char *pattern, const char *path, char *store, size_t store_len,
                  const char **params)
{
    int n = 0;
    size_t used = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || n == MAX_PARAMS || used + len + 1 > store_len)
                return false;
            memcpy(store + used, path, len);
            store[used + len] = '\0';
            params[n++] = store + used;
            used += len + 1;
            path += len;
            pattern += 2;
        } else if (*pattern == *path) {
            pattern++;
            path++;
        } else {
            return false;
        }
    }
    /* A trailing slash is tolerated, as most gateways do. */
    if (*path == '/' && path[1] == '\0')
        path++;
    return *pattern == '\0' && *path == '\0';
}

static void dispatch(req_t *req)
{
    server_t *srv = req->server;
    const route_t *found = NULL;
    const char *params[MAX_PARAMS] = { 0 };
    char param_store[1024];

    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(routes[i].pattern, req->path, param_store, sizeof param_store, params))
            continue;
        if (strcmp(routes[i].method, req->method) == 0) {
            found = &routes[i];
            break;
        }
        req->allow = routes[i].method; /* each path has one method */
    }
    if (!found) {
        if (req->allow) {
            req_fail(req, RC_EMETHOD, "%s is not allowed on %s; use %s", req->method, req->path,
                     req->allow);
        } else {
            req_fail(req, RC_ENOTFOUND, "no such resource: %s", req->path);
        }
        return;
    }
    if (req->body_too_large) {
        req_fail(req, RC_ETOOLARGE, "request body is larger than %zu bytes", srv->cfg.max_body);
        return;
    }
    if (req->query_bad) {
        req_fail(req, RC_EINVALID, "the query string is malformed (bad percent-encoding)");
        return;
    }
    if (found->auth && token_authenticate(req) != RC_OK)
        return;
    if (found->api && srv->api_limit) {
        char key[200];
        int len = snprintf(key, sizeof key, "%s|%s", found->api, req->who.client_id);
        int wait = ratelimit_take(srv->api_limit, key, (size_t)len, clock_mono_ms());
        if (wait) {
            req->retry_after = wait;
            req_fail(req, RC_ERATE, NULL);
            return;
        }
    }
    rc_t rc = found->fn(req, params);
    if (rc != RC_OK && req->rc == RC_OK)
        req_fail(req, rc, NULL);
}

/* ------------------------------------------------------------------ */
/* libmicrohttpd callbacks                                             */

/* Tracking ids only need to be unique, not secret: a per-thread
 * xorshift128+ seeded once from the system's random source saves a
 * getrandom() call per request. */
static void tracking_id(char out[33])
{
    static _Thread_local uint64_t s[2];
    if (!s[0] && !s[1]) {
        char seed[33];
        if (random_hex_id(seed) != 0)
            snprintf(seed, sizeof seed, "%016llx%016llx", (unsigned long long)clock_mono_us(),
                     (unsigned long long)(uintptr_t)&s);
        for (int i = 0; i < 32; i++)
            s[i / 16] = s[i / 16] * 16 + (uint64_t)(seed[i] <= '9' ? seed[i] - '0' : seed[i] - 'a' + 10);
        s[0] |= 1;
    }
    unsigned char raw[16];
    for (int half = 0; half < 2; half++) {
        uint64_t x = s[0], y = s[1];
        s[0] = y;
        x ^= x << 23;
        s[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
        uint64_t v = s[1] + y;
        for (int i = 0; i < 8; i++)
            raw[half * 8 + i] = (unsigned char)(v >> (8 * i));
    }
    hex_encode(out, raw, sizeof raw);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    http_t *h = cls;
    req_t *req = calloc(1, sizeof *req);
    if (!req)
        return NULL;
    atomic_fetch_add(&h->in_flight, 1);
    req->server = h->srv;
    req->conn = conn;
    req->start_us = clock_mono_us();
    req->total_count = -1;
    req->retry_after = -1;
    req->raw_uri = strdup(uri ? uri : "");
    form_init(&req->query);
    buf_init(&req->body, h->srv->cfg.max_body);
    buf_init(&req->out, 0);
    tracking_id(req->tracking_id);
    const char *q = req->raw_uri ? strchr(req->raw_uri, '?') : NULL;
    if (q) {
        form_error fe;
        if (form_parse_urlencoded(&req->query, q + 1, strlen(q + 1), &fe) != 0)
            req->query_bad = true;
    }
    return req;
}

static void free_req(req_t *req)
{
    for (int i = 0; i < req->message_count; i++)
        free(req->messages[i]);
    free(req->messages);
    form_free(&req->query);
    buf_free(&req->body);
    buf_free(&req->out);
    free(req->raw_uri);
    free(req->cache_key);
    pagecache_release(req->cached);
    free(req);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    http_t *h = cls;
    req_t *req = *con_cls;
    if (!req)
        return;
    if (!h->srv->cfg.quiet && req->method) {
        double ms = (double)(clock_mono_us() - req->start_us) / 1000.0;
        char stamp[32];
        clock_now_text(stamp);
        /* One line, one write: lines from several threads never interleave. */
        fprintf(stderr, "%s %s %s %d %.3fms %s\n", stamp, req->method,
                req->path ? req->path : "-", req->status, ms, req->tracking_id);
    }
    free_req(req);
    *con_cls = NULL;
    atomic_fetch_sub(&h->in_flight, 1);
}

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
    if (value)
        MHD_add_response_header(r, name, value);
}

static void release_body(void *body)
{
    pagecache_release(body);
}

static enum MHD_Result respond(req_t *req)
{
    if (req->rc != RC_OK)
        reply_error(req);
    else if (!req->status)
        req->status = 200;
    struct MHD_Response *r;
    if (req->rc == RC_OK && (req->cached || req->cache_key)) {
        /* A remembered body, or one to remember: shared, freed by its last
         * holder (the cache or a response still on the wire). */
        const pagecache_body *b = req->cached;
        req->cached = NULL;
        if (!b) {
            size_t len;
            char *body = buf_detach(&req->out, &len);
            /* The cache counts len bytes: give back the growth slack. */
            char *fit = realloc(body, len + 1);
            if (fit)
                body = fit;
            b = pagecache_put(req->server->pages, req->cache_key, req->cache_key_len,
                              req->cache_generation, body, len, req->total_count);
            if (!b)
                return MHD_NO;
        }
        r = MHD_create_response_from_buffer_with_free_callback_cls(
            b->len, (void *)b->data, release_body, (void *)b);
        if (!r) {
            pagecache_release(b);
            return MHD_NO;
        }
    } else {
        size_t len;
        char *body = buf_detach(&req->out, &len);
        r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!r) {
            free(body);
            return MHD_NO;
        }
    }
    add_header(r, "Content-Type", "application/json;charset=utf-8");
    add_header(r, "SLPT-Request-ID", req->tracking_id);
    if (req->total_count >= 0) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)req->total_count);
        add_header(r, "X-Total-Count", n);
    }
    if (req->retry_after > 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", req->retry_after);
        add_header(r, "Retry-After", n);
    }
    if (req->status == 405 && req->allow)
        add_header(r, "Allow", req->allow);
    if (req->status == 401)
        add_header(r, "WWW-Authenticate", !req->oauth_error[0] ? "Bearer"
                                          : req->basic_auth ? "Basic realm=\"recert\""
                                                            : NULL);
    if (req->close_connection)
        add_header(r, "Connection", "close");
    if (strcmp(req->path, "/oauth/token") == 0) {
        add_header(r, "Cache-Control", "no-store");
        add_header(r, "Pragma", "no-cache");
    }
    enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned)req->status, r);
    MHD_destroy_response(r);
    req->responded = true;
    return ok;
}

/* What the header walk found; see check_headers. */
typedef struct header_scan {
    int content_length, transfer_encoding;
    const char *bad;            /* why the header section is malformed */
} header_scan;

static bool token_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_len, const char *value, size_t value_len)
{
    (void)kind;
    header_scan *h = cls;
    if (key_len == 0)
        h->bad = "a header has an empty name";
    for (size_t i = 0; i < key_len && !h->bad; i++)
        if (!token_char((unsigned char)key[i]))
            h->bad = "a header name has a character that is not allowed";
    for (size_t i = 0; value && i < value_len && !h->bad; i++)
        if (value[i] == '\0' || value[i] == '\r' || value[i] == '\n')
            h->bad = "a header value has a NUL, CR or LF byte";
    if (key_len == 14 && strncasecmp(key, "Content-Length", 14) == 0)
        h->content_length++;
    if (key_len == 17 && strncasecmp(key, "Transfer-Encoding", 17) == 0)
        h->transfer_encoding++;
    return h->bad ? MHD_NO : MHD_YES;
}

/* Refuses header sections that different parsers could read differently
 * (RFC 9112 §5.1, §6.1, §6.3): the classic request-smuggling shapes. The
 * answer closes the connection, so nothing after it is read as a request. */
static bool check_headers(req_t *req)
{
    header_scan h = { 0, 0, NULL };
    MHD_get_connection_values_n(req->conn, MHD_HEADER_KIND, scan_header, &h);
    if (!h.bad && h.content_length > 1)
        h.bad = "more than one Content-Length header";
    if (!h.bad && h.content_length && h.transfer_encoding)
        h.bad = "both Content-Length and Transfer-Encoding";
    if (!h.bad)
        return true;
    req->close_connection = true;
    req_fail(req, RC_EINVALID, "malformed request: %s", h.bad);
    return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    req_t *req = *con_cls;
    if (!req)
        return MHD_NO; /* out of memory in on_uri */
    if (!req->method) { /* first call: headers are in */
        req->method = method;
        req->path = url;
        if (!check_headers(req))
            return respond(req);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        int64_t n;
        if (cl && parse_int64(cl, strlen(cl), &n) == 0 && n > (int64_t)req->server->cfg.max_body) {
            /* Refuse before reading the body; libmicrohttpd closes the
             * connection rather than read what follows. */
            req_fail(req, RC_ETOOLARGE, "request body is larger than %zu bytes",
                     req->server->cfg.max_body);
            return respond(req);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!req->body_too_large && buf_append(&req->body, upload_data, *upload_data_size) != 0)
            req->body_too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->responded)
        return MHD_YES;
    dispatch(req);
    return respond(req);
}

/* ------------------------------------------------------------------ */

static int parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t err_len)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    int64_t port;
    if (!colon || (size_t)(colon - listen) >= sizeof host ||
        parse_int64(colon + 1, strlen(colon + 1), &port) != 0 || port < 0 || port > 65535) {
        snprintf(err, err_len, "listen address \"%s\" is not HOST:PORT", listen);
        return -1;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    if (host[0] == '\0' || strcmp(host, "*") == 0)
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
        snprintf(err, err_len, "listen host \"%s\" is not an IPv4 address", host);
        return -1;
    }
    return 0;
}

http_t *http_start(server_t *srv, char *err, size_t err_len)
{
    struct sockaddr_in sa;
    if (parse_listen(srv->cfg.listen, &sa, err, err_len) != 0)
        return NULL;
    http_t *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    h->srv = srv;
    /* At least two: with a pool of one, libmicrohttpd 0.9.75 in epoll mode
     * was seen to stop answering at exactly 128, 256 or 384 connections
     * (bench finding); with two or more it serves them all. */
    unsigned threads = srv->cfg.threads > 2 ? (unsigned)srv->cfg.threads : 2;
    h->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, h,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)srv->cfg.idle_timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)srv->cfg.max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->cfg.max_header,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        /* One address cannot take every connection slot. */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)srv->cfg.max_per_address,
        /* Reject HTTP/1.1 without Host and spaces in the request target. */
        MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
        MHD_OPTION_END);
    if (!h->daemon) {
        snprintf(err, err_len, "cannot listen on %s (address in use?)", srv->cfg.listen);
        free(h);
        return NULL;
    }
    return h;
}

int http_port(const http_t *h)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : -1;
}

void http_stop(http_t *h, int grace_ms)
{
    if (!h)
        return;
    MHD_socket fd = MHD_quiesce_daemon(h->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    for (int waited = 0; atomic_load(&h->in_flight) > 0 && waited < grace_ms; waited += 10)
        clock_sleep_ms(10);
    MHD_stop_daemon(h->daemon);
    free(h);
}
