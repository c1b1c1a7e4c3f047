/*
 * token: POST /oauth/token (client credentials).
 *
 * SailPoint's clients send the token request three ways: multipart form
 * (TypeScript SDK), urlencoded form (Python SDK), and grant_type in the
 * query with the credentials in the body (sailpoint-cli). We merge the
 * query string and the body, query first; HTTP Basic credentials (RFC 6749
 * §2.3.1) are accepted too.
 *
 * Access tokens are HS256 JWTs with SailPoint's claims, signed with the
 * store's key; ../auth.c verifies them on every other request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../../auth/auth.h"
#include "../../common/clock.h"
#include "../../common/jsonw.h"
#include "../../common/util.h"
#include "../ratelimit.h"
#include "../server.h"
#include "handlers.h"

static rc_t oauth_fail(req_t *req, rc_t rc, const char *code, const char *text)
{
    snprintf(req->oauth_error, sizeof req->oauth_error, "%s", code);
    return req_fail(req, rc, "%s", text);
}

/* The sentence a failed form parse added to p (none only when out of memory). */
static const char *form_problem(const problems_t *p)
{
    return p->count ? p->items[0] : "out of memory";
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
    problems_t fp = PROBLEMS_INIT;
    buf_t basic = BUF_INIT, token = BUF_INIT;
    json_t *claims = NULL, *authorities = NULL;
    rc_t rc = RC_OK;
    form_init(&form);

    /* Query first, then the body: the CLI splits the fields between them. */
    const char *q = strchr(req->raw_uri, '?');
    if (q && form_parse_urlencoded(&form, q + 1, strlen(q + 1), &fp) != 0) {
        rc = oauth_fail(req, RC_EINVALID, "invalid_request", form_problem(&fp));
        goto done;
    }
    if (req->body.len) {
        const char *ct = req_header(req, "Content-Type");
        int parsed;
        if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
            parsed = form_parse_urlencoded(&form, req->body.data, req->body.len, &fp);
        else if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0)
            parsed = form_parse_multipart(&form, ct, req->body.data, req->body.len, &fp);
        else {
            rc = oauth_fail(req, RC_EINVALID, "invalid_request",
                            "the body must be application/x-www-form-urlencoded or"
                            " multipart/form-data");
            goto done;
        }
        if (parsed != 0) {
            rc = oauth_fail(req, RC_EINVALID, "invalid_request", form_problem(&fp));
            goto done;
        }
    }

    const char *grant = form_get(&form, "grant_type");
    const char *client_id = form_get(&form, "client_id");
    const char *secret = form_get(&form, "client_secret");
    if (!client_id && !secret)
        req->basic_auth = basic_credentials(req_header(req, "Authorization"),
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
        int wait = 0;
        int len = snprintf(key, sizeof key, "id|%.200s", client_id);
        wait = ratelimit_take(srv->token_limit, key, (size_t)len, clock_mono_ms());
        len = snprintf(key, sizeof key, "addr|%s", req_client_addr(req));
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
    problems_free(&fp);
    return rc;
}
