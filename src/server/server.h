/*
 * server: recertd's HTTP service (libmicrohttpd, epoll, a thread pool) and
 * its configuration.
 */
#ifndef RECERT_SERVER_H
#define RECERT_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"
#include "ratelimit.h"

typedef struct server server_t;

typedef struct server_config {
    const char *db_url;         /* RECERT_DB, default sqlite:recert.db */
    const char *listen;         /* RECERT_LISTEN, default 127.0.0.1:8080 */
    int threads;                /* RECERT_THREADS, default: number of cores */
    int workers;                /* RECERT_WORKERS, default 1 */
    int rate_limit;             /* requests per window per client; 0 = off */
    int rate_window;            /* seconds */
    int token_ttl;              /* seconds, default 749 */
    size_t max_body;            /* bytes, default 1 MiB */
    size_t max_header;          /* bytes of request line + headers, default 64 KiB */
    int max_connections;        /* at once, default 4096 */
    int max_per_address;        /* from one address, default 1024 */
    int idle_timeout;           /* seconds, default 30 */
    size_t page_cache;          /* bytes of rendered pages; 0 = off (default 32 MiB) */
    bool quiet;                 /* no per-request log lines */
} server_config;

struct server {
    server_config cfg;
    store_t *store;
    unsigned char jwt_key[32];
    char tenant_id[37];
    ratelimit_t *api_limit;     /* per client id and API version */
    ratelimit_t *token_limit;   /* /oauth/token per client id and address */
    struct worker_pool *workers;
    struct pagecache *pages;    /* NULL when off */
};

#endif
