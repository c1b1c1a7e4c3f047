/*
 * mhd: the libmicrohttpd glue, and the only file that knows libmicrohttpd.
 *
 * libmicrohttpd runs in epoll mode with a pool of threads; each connection
 * is served by one thread, which runs the whole pipeline (req_run)
 * synchronously (the store calls are short and the pool is sized to the
 * cores). We do not parse HTTP ourselves. The raw request URI comes from
 * the URI-log hook, which is also where the per-request context is
 * created, so the query string is decoded by our own form decoder ('+' is
 * a space, as SailPoint's documented filter examples require). The glue
 * copies the method, path, headers, peer address and body into the request
 * and sends what the pipeline leaves in its reply fields.
 *
 * Secrets never reach the log: the log line has the path without the query
 * string (a token request may carry client_secret in its query).
 */
#include "mhd.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/clock.h"
#include "../common/util.h"
#include "pagecache.h"
#include "reply.h"

struct http {
    server_t *srv;
    struct MHD_Daemon *daemon;
    atomic_int in_flight;
    bool starting;              /* MHD_start_daemon is running */
    char start_msg[256];        /* libmicrohttpd's first message while starting */
};

/* ------------------------------------------------------------------ */
/* libmicrohttpd callbacks                                             */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    http_t *h = cls;
    req_t *req = malloc(sizeof *req);
    if (!req)
        return NULL;
    if (req_init(req, h->srv, uri) != 0) {
        req_free(req);
        free(req);
        return NULL;
    }
    atomic_fetch_add(&h->in_flight, 1);
    return req;
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
    req_free(req);
    free(req);
    *con_cls = NULL;
    atomic_fetch_sub(&h->in_flight, 1);
}

static void add_header(void *response, const char *name, const char *value)
{
    MHD_add_response_header(response, name, value);
}

static void release_body(void *body)
{
    pagecache_release(body);
}

static enum MHD_Result respond(req_t *req, struct MHD_Connection *conn)
{
    if (req->rc != RC_OK && !req->status)
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
    reply_headers(req, add_header, r);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)req->status, r);
    MHD_destroy_response(r);
    req->responded = true;
    return ok;
}

/* What the header walk found; see check_headers. */
typedef struct header_scan {
    req_t *req;
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
    if (!h->bad && req_add_header(h->req, key, key_len, value ? value : "", value_len) != 0)
        h->bad = "too many headers";
    return h->bad ? MHD_NO : MHD_YES;
}

/* Copies the headers into req, refusing header sections that different
 * parsers could read differently (RFC 9112 §5.1, §6.1, §6.3): the classic
 * request-smuggling shapes. The answer closes the connection, so nothing
 * after it is read as a request. */
static bool take_headers(req_t *req, struct MHD_Connection *conn)
{
    header_scan h = { req, 0, 0, NULL };
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, &h);
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

static void peer_address(req_t *req, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    /* Kept binary; req_client_addr formats it if anything asks. */
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
        memcpy(req->peer, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, 4);
        req->peer_family = AF_INET;
    } else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6) {
        memcpy(req->peer, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, 16);
        req->peer_family = AF_INET6;
    }
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
        peer_address(req, conn);
        if (!take_headers(req, conn))
            return respond(req, conn);
        const char *cl = req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
        int64_t n;
        if (cl && parse_int64(cl, strlen(cl), &n) == 0 && n > (int64_t)req->server->cfg.max_body) {
            /* Refuse before reading the body; libmicrohttpd closes the
             * connection rather than read what follows. */
            req_fail(req, RC_ETOOLARGE, "request body is larger than %zu bytes",
                     req->server->cfg.max_body);
            return respond(req, conn);
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
    req_run(req);
    return respond(req, conn);
}

/* ------------------------------------------------------------------ */

/* HOST:PORT, where HOST is an IPv4 address, localhost, * or empty (every
 * IPv4 address), or an IPv6 address in brackets ([::1]:8080, [::]:8080). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6, char *err,
                        size_t err_len)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    int64_t port;
    if (!colon || (size_t)(colon - listen) >= sizeof host ||
        parse_int64(colon + 1, strlen(colon + 1), &port) != 0 || port < 0 || port > 65535) {
        snprintf(err, err_len, "listen address \"%s\" is not HOST:PORT (or [IPV6]:PORT)",
                 listen);
        return -1;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(ss, 0, sizeof *ss);
    size_t hl = strlen(host);
    *v6 = hl >= 2 && host[0] == '[' && host[hl - 1] == ']';
    if (*v6) {
        struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *)ss;
        host[hl - 1] = '\0';
        sa6->sin6_family = AF_INET6;
        sa6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &sa6->sin6_addr) != 1) {
            snprintf(err, err_len, "listen host \"%s\" is not an IPv6 address", host + 1);
            return -1;
        }
        return 0;
    }
    struct sockaddr_in *sa = (struct sockaddr_in *)ss;
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    if (host[0] == '\0' || strcmp(host, "*") == 0)
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
        snprintf(err, err_len, "listen host \"%s\" is not an IPv4 address (write an IPv6 one"
                               " in brackets: [::1]:8080)", host);
        return -1;
    }
    return 0;
}

/* libmicrohttpd's own messages: while starting, the first one is kept for
 * our error (so a port in use says why, once); later ones are logged. */
static void on_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void on_log(void *cls, const char *fmt, va_list ap)
{
    http_t *h = cls;
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    if (h->starting) {
        /* "Failed to bind to port 0: Address already in use" names the
         * port it was given in another way (0): keep the reason only. */
        const char *why = strncmp(msg, "Failed to bind", 14) == 0 ? strrchr(msg, ':') : NULL;
        if (!h->start_msg[0])
            snprintf(h->start_msg, sizeof h->start_msg, "%s", why ? why + 2 : msg);
        return;
    }
    fprintf(stderr, "recertd: libmicrohttpd: %s\n", msg);
}

int http_check_listen(const char *listen, char *err, size_t err_len)
{
    struct sockaddr_storage sa;
    bool v6;
    return parse_listen(listen, &sa, &v6, err, err_len);
}

http_t *http_start(server_t *srv, char *err, size_t err_len)
{
    struct sockaddr_storage sa;
    bool v6 = false;
    if (parse_listen(srv->cfg.listen, &sa, &v6, err, err_len) != 0)
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
    h->starting = true;
    h->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            (v6 ? MHD_USE_IPv6 : 0),
        0, NULL, NULL, on_request, h,
        MHD_OPTION_EXTERNAL_LOGGER, on_log, h,
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
    h->starting = false;
    if (!h->daemon) {
        snprintf(err, err_len, "cannot listen on %s: %s", srv->cfg.listen,
                 h->start_msg[0] ? h->start_msg : "address in use?");
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
