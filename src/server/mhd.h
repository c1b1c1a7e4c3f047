/*
 * mhd: the HTTP service on libmicrohttpd (see mhd.c).
 */
#ifndef RECERT_SERVER_MHD_H
#define RECERT_SERVER_MHD_H

#include "server.h"

typedef struct http http_t;

/* Whether listen is an address http_start can serve (0), or why not (-1). */
int http_check_listen(const char *listen, char *err, size_t err_len);
/* Starts serving cfg->listen with cfg->threads threads. err gets a reason. */
http_t *http_start(server_t *srv, char *err, size_t err_len);
/* The bound port (useful with port 0). */
int http_port(const http_t *h);
/* Stops accepting, waits up to grace_ms for in-flight requests, stops. */
void http_stop(http_t *h, int grace_ms);

#endif
