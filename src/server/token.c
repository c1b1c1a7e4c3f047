/*
 * token: POST /oauth/token (client credentials) and bearer authentication.
 *
 * SailPoint's clients send the token request three ways: multipart form
 * (TypeScript SDK), urlencoded form (Python SDK), and grant_type in the
 * query with the credentials in the body (sailpoint-cli). We merge the
 * query string and the body, query first; HTTP Basic credentials (RFC 6749
 * §2.3.1) are accepted too.
 *
 * Access tokens are HS256 JWTs with SailPoint's claims. The signing key
 * lives in the store, so a token is valid on every node and across
 * restarts. Verification trusts the claims (authorities included) until
 * the token expires, as SailPoint's gateway does.
 */
#include "../common/clock.h"
#include "token.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/sha.h>

#include "../auth/auth.h"
#include "../common/jsonw.h"
#include "../common/util.h"
#include "handlers/handlers.h"
#include "server.h"

static rc_t oauth_fail(req_t *req, rc_t rc, const char *code, const char *text)
{
    snprintf(req->oauth_error, sizeof req->oauth_error, "%s", code);
    return req_fail(req, rc, "%s", text);
}

/* Decodes an HTTP Basic header into id and secret (owned by *out). */
static bool basic_credentials(const char *header, buf_t *out, const char **id,
                              const char **secret)
{
    if (!header || strncasecmp(header, "Basic ", 6) != 0)
        return false;
    const char *b64 = header + 6;
    while (*b64 == ' ')
        b64++;
    /* Basic uses standard base64; map it to base64url for our decoder. */
    buf_t tmp = BUF_INIT;
    for (const char *p = b64; *p; p++)
        buf_putc(&tmp, (char)(*p == '+' ? '-' : *p == '/' ? '_' : *p));
    int bad = buf_failed(&tmp) || b64url_decode(out, buf_cstr(&tmp), tmp.len) != 0;
    buf_free(&tmp);
    if (bad || buf_putc(out, '\0') != 0)
        return false;
    char *colon = memchr(out->data, ':', out->len);
    if (!colon)
        return false;
    *colon = '\0';
    *id = out->data;
    *secret = colon + 1;
    return true;
}

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

/* Verified against when the client id is unknown, so that the response
 * takes as long as for a known id with a wrong secret and does not reveal
 * which ids exist. Any well-formed hash with the standard cost will do. */
#define UNKNOWN_CLIENT_HASH \
    "pbkdf2-sha256$100000$oT4Oy0hd99atyTfuo4rSSA$tYbaoV8OjLiXmd_IzqaABpTkcFXy_WurnJ01ohlGlXo"

rc_t handle_token(req_t *req, const char *const *params)
{
    (void)params;
    server_t *srv = req->server;
    form_t form;
    form_error fe;
    buf_t basic = BUF_INIT, token = BUF_INIT;
    json_t *claims = NULL, *authorities = NULL;
    rc_t rc = RC_OK;
    form_init(&form);

    /* Query first, then the body: the CLI splits the fields between them. */
    const char *q = strchr(req->raw_uri, '?');
    if (q && form_parse_urlencoded(&form, q + 1, strlen(q + 1), &fe) != 0) {
        rc = oauth_fail(req, RC_EINVALID, "invalid_request", fe.msg);
        goto done;
    }
    if (req->body.len) {
        const char *ct = req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
        int parsed;
        if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
            parsed = form_parse_urlencoded(&form, req->body.data, req->body.len, &fe);
        else if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0)
            parsed = form_parse_multipart(&form, ct, req->body.data, req->body.len, &fe);
        else {
            rc = oauth_fail(req, RC_EINVALID, "invalid_request",
                            "the body must be application/x-www-form-urlencoded or"
                            " multipart/form-data");
            goto done;
        }
        if (parsed != 0) {
            rc = oauth_fail(req, RC_EINVALID, "invalid_request", fe.msg);
            goto done;
        }
    }

    const char *grant = form_get(&form, "grant_type");
    const char *client_id = form_get(&form, "client_id");
    const char *secret = form_get(&form, "client_secret");
    if (!client_id && !secret)
        req->basic_auth = basic_credentials(req_header(req, MHD_HTTP_HEADER_AUTHORIZATION),
                                            &basic, &client_id, &secret);
    if (!grant || !*grant) {
        rc = oauth_fail(req, RC_EINVALID, "invalid_request", "grant_type is required");
        goto done;
    }
    if (strcasecmp(grant, "client_credentials") != 0) {
        rc = oauth_fail(req, RC_EINVALID, "unsupported_grant_type",
                        "only the client_credentials grant is supported");
        goto done;
    }
    if (!client_id || !*client_id || !secret || !*secret) {
        rc = oauth_fail(req, RC_EINVALID, "invalid_request",
                        !client_id || !*client_id ? "client_id is required"
                                                  : "client_secret is required");
        goto done;
    }

    /* Per client id and per source address: guessing secrets stays slow
     * even across many addresses or many ids. */
    if (srv->token_limit) {
        char key[300];
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char addr[64] = "?";
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr,
                      sizeof addr);
        int wait = 0;
        int len = snprintf(key, sizeof key, "id|%.200s", client_id);
        wait = ratelimit_take(srv->token_limit, key, (size_t)len, clock_mono_ms());
        len = snprintf(key, sizeof key, "addr|%s", addr);
        int wait2 = ratelimit_take(srv->token_limit, key, (size_t)len, clock_mono_ms());
        if (wait2 > wait)
            wait = wait2;
        if (wait) {
            req->retry_after = wait;
            rc = req_fail(req, RC_ERATE, NULL);
            goto done;
        }
    }

    store_client cl;
    store_tx *tx = NULL;
    store_rc src = store_begin(srv->store, STORE_READ, &tx);
    if (src == STORE_OK) {
        src = store_client_get(tx, client_id, &cl);
        store_rollback(tx);
    }
    if (src == STORE_NOTFOUND)
        secret_verify(secret, UNKNOWN_CLIENT_HASH);
    if (src == STORE_NOTFOUND || (src == STORE_OK && !secret_verify(secret, cl.secret_hash))) {
        rc = oauth_fail(req, RC_EUNAUTH, "invalid_client", "Bad credentials");
        goto done;
    }
    if (src != STORE_OK) {
        rc = req_fail(req, src == STORE_BUSY ? RC_EBUSY : RC_ERROR, NULL);
        goto done;
    }

    authorities = json_loads(cl.authorities, 0, NULL);
    if (!json_is_array(authorities)) {
        json_decref(authorities);
        authorities = json_array();
    }
    char jti[33];
    random_hex_id(jti);
    int64_t exp = clock_now_ms() / 1000 + srv->cfg.token_ttl;
    claims = json_pack("{s:s, s:b, s:s, s:s, s:s, s:s, s:b, s:O, s:b, s:s, s:s, s:b, s:s,"
                       " s:[s], s:I, s:s}",
                       "tenant_id", srv->tenant_id, "internal", 0, "pod", "recert", "org",
                       "recert", "identity_id", cl.identity_id, "user_name", cl.identity_name,
                       "strong_auth", 0, "authorities", authorities, "enabled", 1, "client_id",
                       client_id, "accessType", "OFFLINE", "strong_auth_supported", 0,
                       "user_id", cl.identity_id, "scope", "sp:scopes:all", "exp",
                       (json_int_t)exp, "jti", jti);
    if (!claims || jwt_sign(srv->jwt_key, sizeof srv->jwt_key, claims, &token) != 0) {
        rc = req_fail(req, RC_ERROR, NULL);
        goto done;
    }
    jsonw_t w;
    jsonw_init(&w, &req->out);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "access_token", buf_cstr(&token));
    jsonw_kstr(&w, "token_type", "bearer");
    jsonw_kint(&w, "expires_in", srv->cfg.token_ttl);
    jsonw_kstr(&w, "scope", "sp:scopes:all");
    jsonw_kstr(&w, "accessType", "OFFLINE");
    jsonw_kstr(&w, "tenant_id", srv->tenant_id);
    jsonw_kbool(&w, "internal", false);
    jsonw_kstr(&w, "pod", "recert");
    jsonw_kbool(&w, "strong_auth_supported", false);
    jsonw_kstr(&w, "org", "recert");
    jsonw_kstr(&w, "user_id", cl.identity_id);
    jsonw_kstr(&w, "identity_id", cl.identity_id);
    jsonw_kstr(&w, "user_name", cl.identity_name);
    jsonw_kbool(&w, "strong_auth", false);
    jsonw_kbool(&w, "enabled", true);
    jsonw_kstr(&w, "jti", jti);
    jsonw_obj_close(&w);
    if (jsonw_failed(&w))
        rc = req_fail(req, RC_ERROR, NULL);
done:
    json_decref(claims);
    json_decref(authorities);
    buf_free(&basic);
    buf_free(&token);
    form_free(&form);
    return rc;
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

rc_t token_authenticate(req_t *req)
{
    server_t *srv = req->server;
    const char *h = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
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
