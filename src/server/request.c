/*
 * request: the request context and its helpers. See request.h.
 */
#include "request.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <jansson.h>

#include "../common/clock.h"
#include "../common/util.h"
#include "ops.h"
#include "pagecache.h"
#include "server.h"

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

int req_init(req_t *req, server_t *srv, const char *uri)
{
    memset(req, 0, sizeof *req);
    req->server = srv;
    req->start_us = clock_mono_us();
    req->total_count = -1;
    req->retry_after = -1;
    req->problems.max = REQ_MAX_MESSAGES;
    form_init(&req->query);
    buf_init(&req->body, srv->cfg.max_body);
    buf_init(&req->out, 0);
    tracking_id(req->tracking_id);
    req->raw_uri = strdup(uri ? uri : "");
    if (!req->raw_uri)
        return -1;
    const char *q = strchr(req->raw_uri, '?');
    if (q) {
        if (form_parse_urlencoded(&req->query, q + 1, strlen(q + 1), NULL) != 0)
            req->query_bad = true;
    }
    return 0;
}

int req_add_header(req_t *req, const char *name, size_t name_len, const char *value,
                   size_t value_len)
{
    if (array_room(&req->headers, req->header_count, &req->header_cap, sizeof *req->headers,
                   16) != 0)
        return -1;
    req->headers[req->header_count++] = (req_header_t){ name, value, name_len, value_len };
    return 0;
}

void req_free(req_t *req)
{
    store_rollback(req->tx);
    req->tx = NULL;
    filter_free(req->col.filter);
    json_decref(req->json);
    problems_free(&req->problems);
    form_free(&req->query);
    buf_free(&req->body);
    buf_free(&req->out);
    free(req->headers);
    free(req->raw_uri);
    free(req->cache_key);
    pagecache_release(req->cached);
}

rc_t req_fail(req_t *req, rc_t rc, const char *fmt, ...)
{
    if (req->rc == RC_OK)
        req->rc = rc;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        problems_vadd(&req->problems, fmt, ap);
        va_end(ap);
    }
    return rc;
}

rc_t req_fail_problems(req_t *req, rc_t rc, const problems_t *p)
{
    for (size_t i = 0; i < p->count; i++)
        req_fail(req, rc, "%s", p->items[i]);
    return p->count ? rc : RC_OK;
}

store_tx *req_tx(req_t *req)
{
    if (req->tx)
        return req->tx;
    store_mode mode = req->op ? req->op->tx : STORE_READ;
    store_rc rc = store_begin(req->server->store, mode, &req->tx);
    if (rc != STORE_OK) {
        req->tx = NULL;
        req_store_failure(req, rc);
    }
    return req->tx;
}

rc_t req_store_failure(req_t *req, store_rc rc)
{
    switch (rc) {
    case STORE_OK: return RC_OK;
    case STORE_NOTFOUND: return req_fail(req, RC_ENOTFOUND, NULL);
    case STORE_BUSY: return req_fail(req, RC_EBUSY, NULL);
    default: return req_fail(req, RC_ERROR, NULL);
    }
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

const char *req_client_addr(req_t *req)
{
    if (!req->client_addr[0] &&
        (!req->peer_family ||
         !inet_ntop(req->peer_family, req->peer, req->client_addr, sizeof req->client_addr)))
        snprintf(req->client_addr, sizeof req->client_addr, "?");
    return req->client_addr;
}

const char *req_header(const req_t *req, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < req->header_count; i++)
        if (req->headers[i].name_len == len && strncasecmp(req->headers[i].name, name, len) == 0)
            return req->headers[i].value;
    return NULL;
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
