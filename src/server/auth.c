/*
 * auth: bearer-token authentication of API requests.
 *
 * Access tokens are HS256 JWTs with SailPoint's claims, issued by the token
 * endpoint (handlers/token.c). The signing key lives in the store, so a
 * token is valid on every node and across restarts. Verification trusts the
 * claims (authorities included) until the token expires, as SailPoint's
 * gateway does.
 */
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../auth/auth.h"
#include "../common/clock.h"
#include "server.h"

static bool has_admin_authority(json_t *authorities)
{
    size_t i;
    json_t *v;
    json_array_foreach(authorities, i, v) {
        const char *a = json_string_value(v);
        if (a && (strcmp(a, "ORG_ADMIN") == 0 || strcmp(a, "CERT_ADMIN") == 0))
            return true;
    }
    return false;
}

/* Verified tokens, per thread. A token that verified once stays valid
 * until it expires (the key never changes while the server runs), so a
 * repeat caller skips the base64 decoding, the HMAC and the JSON parse.
 * Entries are matched on the whole token text, never on a hash alone. */
#define TOKEN_CACHE 64

typedef struct cached_token {
    char *text;             /* owned */
    size_t len;
    int64_t exp;            /* Unix seconds */
    principal_t who;
} cached_token;

/* Each thread's cache hangs off a pthread key whose destructor frees it
 * when the thread ends, so nothing outlives the server's threads. */
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_free(void *p)
{
    cached_token *cache = p;
    for (int i = 0; i < TOKEN_CACHE; i++)
        free(cache[i].text);
    free(cache);
}

static void cache_init(void)
{
    pthread_key_create(&cache_key, cache_free);
}

static uint64_t text_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* This thread's slot for tok, or NULL when the cache cannot be had. */
static cached_token *cache_slot(const char *tok, size_t len)
{
    pthread_once(&cache_once, cache_init);
    cached_token *cache = pthread_getspecific(cache_key);
    if (!cache) {
        cache = calloc(TOKEN_CACHE, sizeof *cache);
        if (!cache || pthread_setspecific(cache_key, cache) != 0) {
            free(cache);
            return NULL;
        }
    }
    return &cache[text_hash(tok, len) % TOKEN_CACHE];
}

rc_t auth_bearer(req_t *req)
{
    server_t *srv = req->server;
    const char *h = req_header(req, "Authorization");
    if (!h || !*h)
        return req_fail(req, RC_EUNAUTH, "Full authentication is required to access this resource");
    if (strncasecmp(h, "Bearer ", 7) != 0)
        return req_fail(req, RC_EUNAUTH, "JWT validation failed: the Authorization header is"
                                         " not a Bearer token");
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    size_t len = strlen(tok);
    int64_t now = clock_now_ms() / 1000;
    cached_token *slot = cache_slot(tok, len);
    if (slot && slot->text && slot->len == len && memcmp(slot->text, tok, len) == 0 &&
        slot->exp > now) {
        req->who = slot->who;
        return RC_OK;
    }
    json_t *claims = NULL;
    jwt_status st = jwt_verify(srv->jwt_key, sizeof srv->jwt_key, tok, len, now, &claims);
    if (st != JWT_OK)
        return req_fail(req, RC_EUNAUTH, "JWT validation failed: %s", jwt_status_text(st));
    const char *identity = json_string_value(json_object_get(claims, "identity_id"));
    const char *client = json_string_value(json_object_get(claims, "client_id"));
    rc_t rc = RC_OK;
    if (!identity || !client || strlen(identity) >= sizeof req->who.identity_id ||
        strlen(client) >= sizeof req->who.client_id) {
        rc = req_fail(req, RC_EUNAUTH, "JWT validation failed: the token has no identity");
    } else {
        snprintf(req->who.identity_id, sizeof req->who.identity_id, "%s", identity);
        snprintf(req->who.client_id, sizeof req->who.client_id, "%s", client);
        req->who.admin = has_admin_authority(json_object_get(claims, "authorities"));
        char *copy = slot ? malloc(len + 1) : NULL;
        if (copy) {
            memcpy(copy, tok, len + 1);
            free(slot->text);
            *slot = (cached_token){ copy, len,
                                    json_integer_value(json_object_get(claims, "exp")),
                                    req->who };
        }
    }
    json_decref(claims);
    return rc;
}
