/*
 * http: one API call over libcurl: the bearer token, retries, and the
 * mapping of HTTP statuses to recert codes.
 *
 * Tokens. Client credentials are exchanged at {base}/oauth/token (an
 * urlencoded POST, as SailPoint's Python SDK does). The token is cached and
 * renewed before it expires: a quarter of its lifetime early, at most 60 s
 * early. A 401 renews it once per call and repeats the request; a second
 * 401 is final. A token given by the caller has no known expiry and is
 * used until a 401.
 *
 * Retries share one budget (max_retries) per call. 429: wait Retry-After
 * (1 s if absent); if it asks for longer than max_retry_after, fail at
 * once rather than wait less than asked. Connection failures and 5xx:
 * exponential backoff with jitter, for GETs and the token request only.
 * A POST (reassign, decide, sign-off) is repeated only after 429 or 401,
 * where the server refused it before doing anything: never after a 5xx or
 * a broken connection, where it may have taken effect.
 *
 * Secrets: the token request body and the Authorization header are wiped
 * after use; the trace callback sees URLs only, never bodies or headers.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_BODY (64u << 20)     /* largest response body accepted */
#define MAX_BACKOFF_MS 30000L
#define MAX_RENEW_MARGIN_MS 60000

static void response_reset(http_response_t *r)
{
    r->status = 0;
    r->body.len = 0;
    r->body.failed = r->body.overflow = false;
    r->body.max = MAX_BODY;
    if (r->body.data)
        r->body.data[0] = '\0';
    r->retry_after = -1;
    r->total_count = -1;
    r->tracking_id[0] = '\0';
}

void recert__response_free(http_response_t *r)
{
    recert__buf_free(&r->body);
}

static size_t on_body(char *data, size_t size, size_t n, void *payload)
{
    http_response_t *r = payload;
    recert__buf_append(&r->body, data, size * n);
    return r->body.failed ? 0 : size * n;
}

static bool header_is(const char *line, size_t name_len, const char *name)
{
    return strlen(name) == name_len && strncasecmp(line, name, name_len) == 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *payload)
{
    http_response_t *r = payload;
    size_t len = size * n;
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) { /* a new response (after 100, 401...) */
        r->retry_after = -1;
        r->total_count = -1;
        r->tracking_id[0] = '\0';
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t name_len = (size_t)(colon - data);
    const char *v = colon + 1, *end = data + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (unsigned char)end[-1] <= ' ')
        end--;
    size_t vlen = (size_t)(end - v);
    if (header_is(data, name_len, "Retry-After")) {
        int64_t s = recert__parse_uint(v, vlen);
        if (s < 0 && vlen < 64) { /* HTTP-date */
            char date[64];
            memcpy(date, v, vlen);
            date[vlen] = '\0';
            time_t t = curl_getdate(date, NULL);
            if (t >= 0)
                s = t > time(NULL) ? (int64_t)(t - time(NULL)) : 0;
        }
        if (s >= 0)
            r->retry_after = s > 86400 ? 86400 : (int)s;
    } else if (header_is(data, name_len, "X-Total-Count")) {
        r->total_count = recert__parse_uint(v, vlen);
    } else if (header_is(data, name_len, "SLPT-Request-ID")) {
        size_t k = 0;
        for (size_t i = 0; i < vlen && k < sizeof r->tracking_id - 1; i++)
            if (v[i] > ' ' && v[i] < 0x7f)
                r->tracking_id[k++] = v[i];
        r->tracking_id[k] = '\0';
    }
    return len;
}

/* One HTTP exchange: a GET unless post; a POST sends body with
 * content_type, or nothing (Content-Length: 0) when body is NULL. */
static CURLcode perform(recert_client *c, bool post, const char *url, const char *content_type,
                        const char *body, bool auth, http_response_t *r)
{
    CURL *h = c->curl;
    struct curl_slist *headers = NULL, *t;
    rbuf_t authz = RBUF_INIT;
    CURLcode sc = CURLE_OK;
#define SET(opt, val) \
    do { \
        if (sc == CURLE_OK) \
            sc = curl_easy_setopt(h, opt, val); \
    } while (0)

    response_reset(r);
    curl_easy_reset(h);
    c->curl_err[0] = '\0';
    if ((t = curl_slist_append(headers, "Accept: application/json")))
        headers = t;
    if (auth && c->token) {
        recert__buf_printf(&authz, "Authorization: Bearer %s", c->token);
        if (!authz.failed && (t = curl_slist_append(headers, authz.data)))
            headers = t;
        else
            sc = CURLE_OUT_OF_MEMORY;
        recert__buf_wipe(&authz);
    }
    if (post) {
        /* no body: no Content-Type either (libcurl would say form-urlencoded) */
        char ct[96];
        snprintf(ct, sizeof ct, "Content-Type:%s%s", body ? " " : "", body ? content_type : "");
        if ((t = curl_slist_append(headers, ct)) && (t = curl_slist_append(t, "Expect:")))
            headers = t;
        else
            sc = CURLE_OUT_OF_MEMORY;
    }
    if (!headers)
        sc = CURLE_OUT_OF_MEMORY;
    SET(CURLOPT_URL, url);
    SET(CURLOPT_ERRORBUFFER, c->curl_err);
    SET(CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_USERAGENT, "recert/" RECERT_VERSION);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_TIMEOUT_MS, c->timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, (void *)r);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, (void *)r);
    if (c->ca_file)
        SET(CURLOPT_CAINFO, c->ca_file);
    if (post) {
        SET(CURLOPT_POSTFIELDS, body ? body : "");
        SET(CURLOPT_POSTFIELDSIZE, body ? (long)strlen(body) : 0L);
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
#undef SET
    if (sc == CURLE_OK) {
        sc = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        r->status = sc == CURLE_OK ? status : 0;
    }
    for (t = headers; t; t = t->next) /* the Authorization line */
        recert__wipe(t->data, strlen(t->data));
    curl_slist_free_all(headers);
    return sc;
}

static long backoff_ms(recert_client *c, int retry)
{
    long d = c->retry_base_ms;
    for (int i = 0; i < retry && d < MAX_BACKOFF_MS; i++)
        d *= 2;
    if (d > MAX_BACKOFF_MS)
        d = MAX_BACKOFF_MS;
    c->rng ^= c->rng << 13; /* xorshift64: per client, so no shared state */
    c->rng ^= c->rng >> 7;
    c->rng ^= c->rng << 17;
    return d / 2 + (long)(c->rng % (uint64_t)(d / 2 + 1));
}

/* attempt: 1-based try of this request (retries + 1). */
static void trace(recert_client *c, const char *method, const char *url, const http_response_t *r,
                  CURLcode cc, int64_t started, long wait_ms, int attempt)
{
    if (!c->trace)
        return;
    recert_trace_event ev = {
        method, url, (int)r->status,
        cc == CURLE_OK ? NULL : c->curl_err[0] ? c->curl_err : curl_easy_strerror(cc),
        (long)(recert__mono_ms() - started), wait_ms, attempt, c->max_retries + 1,
        cc == CURLE_OK ? r->retry_after : -1,
    };
    c->trace(&ev, c->trace_payload);
}

/* How long to wait before retrying after this outcome, or -1 not to. */
static long retry_wait(recert_client *c, CURLcode cc, const http_response_t *r, bool repeatable,
                       int retries)
{
    if (retries >= c->max_retries || cc == CURLE_OUT_OF_MEMORY || r->body.failed)
        return -1;
    if (cc != CURLE_OK)
        return repeatable ? backoff_ms(c, retries) : -1;
    if (r->status == 429) {
        int ra = r->retry_after < 0 ? 1 : r->retry_after;
        return ra <= c->max_retry_after ? ra * 1000L : -1;
    }
    if (r->status >= 500 && repeatable) {
        if (r->retry_after >= 0 && r->retry_after <= c->max_retry_after)
            return r->retry_after * 1000L;
        return backoff_ms(c, retries);
    }
    return -1;
}

static recert_code transport_error(recert_client *c, CURLcode cc, const http_response_t *r,
                                   const char *url)
{
    if (cc == CURLE_OUT_OF_MEMORY)
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    if (r->body.overflow)
        return recert__error_set(c, RECERT_EPROTOCOL, "response body larger than %u bytes",
                                 MAX_BODY);
    if (r->body.failed)
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    /* Only the scheme and host: the path and query add nothing here. */
    const char *host = strstr(url, "://");
    const char *slash = host ? strchr(host + 3, '/') : NULL;
    int host_len = slash ? (int)(slash - url) : (int)strlen(url);
    return recert__error_set(c, RECERT_ENETWORK, "%.*s: %s", host_len, url,
                             c->curl_err[0] ? c->curl_err : curl_easy_strerror(cc));
}

static recert_code status_code(long status, bool token_request)
{
    if (token_request && (status == 400 || status == 401 || status == 403))
        return RECERT_EAUTH;
    switch (status) {
    case 400: return RECERT_EBADREQUEST;
    case 401: return RECERT_EAUTH;
    case 403: return RECERT_EFORBIDDEN;
    case 404: return RECERT_ENOTFOUND;
    case 429: return RECERT_ERATELIMIT;
    default: return status >= 500 ? RECERT_ESERVER : RECERT_EHTTP;
    }
}

/* Reads access_token and expires_in from a token response. */
static recert_code take_token(recert_client *c, http_response_t *r)
{
    json_t *root = json_loadb(recert__buf_cstr(&r->body), r->body.len, 0, NULL);
    json_t *tok = json_object_get(root, "access_token");
    json_t *exp = json_object_get(root, "expires_in");
    recert_code rc = RECERT_OK;
    if (!json_is_string(tok) || !json_string_length(tok)) {
        rc = recert__error_set(c, RECERT_EPROTOCOL, "token response without access_token");
    } else {
        char *t = recert__strndup(json_string_value(tok), json_string_length(tok));
        recert__wipe((void *)json_string_value(tok), json_string_length(tok));
        if (!t) {
            rc = recert__error_set(c, RECERT_ENOMEM, "out of memory");
        } else {
            recert__free_secret(c->token);
            c->token = t;
            c->token_renew_at = 0;
            if (json_is_integer(exp) && json_integer_value(exp) > 0 &&
                json_integer_value(exp) < 31536000) { /* a year */
                int64_t life = json_integer_value(exp) * 1000;
                int64_t margin = life / 4 < MAX_RENEW_MARGIN_MS ? life / 4 : MAX_RENEW_MARGIN_MS;
                c->token_renew_at = recert__mono_ms() + life - margin;
            }
        }
    }
    json_decref(root);
    return rc;
}

static recert_code fetch_token(recert_client *c)
{
    rbuf_t url = RBUF_INIT, body = RBUF_INIT;
    http_response_t r = { 0 };
    recert_code rc;
    recert__buf_printf(&url, "%s/oauth/token", c->cfg.base_url);
    recert__buf_puts(&body, "grant_type=client_credentials&client_id=");
    recert__url_encode(&body, c->cfg.client_id);
    recert__buf_puts(&body, "&client_secret=");
    recert__url_encode(&body, c->cfg.client_secret);
    if (url.failed || body.failed) {
        rc = recert__error_set(c, RECERT_ENOMEM, "out of memory");
        goto done;
    }
    for (int retries = 0;; retries++) {
        int64_t started = recert__mono_ms();
        CURLcode cc = perform(c, true, url.data, "application/x-www-form-urlencoded", body.data,
                              false, &r);
        long wait = retry_wait(c, cc, &r, true, retries);
        if (cc == CURLE_OK && r.status == 200)
            wait = -1;
        trace(c, "POST", url.data, &r, cc, started, wait > 0 ? wait : 0, retries + 1);
        if (wait >= 0) {
            recert__sleep_ms(wait);
            continue;
        }
        if (cc != CURLE_OK)
            rc = transport_error(c, cc, &r, url.data);
        else if (r.status == 200)
            rc = take_token(c, &r);
        else
            rc = recert__error_from_response(c, status_code(r.status, true), &r);
        break;
    }
done:
    recert__buf_wipe(&r.body); /* holds the token */
    recert__buf_wipe(&body);   /* holds the secret */
    recert__buf_free(&url);
    return rc;
}

static recert_code ensure_token(recert_client *c)
{
    if (c->token && (!c->token_renew_at || recert__mono_ms() < c->token_renew_at))
        return RECERT_OK;
    if (!c->token_renewable)
        return c->token ? RECERT_OK
                        : recert__error_set(c, RECERT_EAUTH, "no valid token and no client "
                                                             "credentials to get one");
    return fetch_token(c);
}

recert_code recert__http_call(recert_client *c, bool post, const char *path_query,
                              const char *body, http_response_t *resp)
{
    rbuf_t url = RBUF_INIT;
    recert__buf_printf(&url, "%s%s", c->cfg.base_url, path_query);
    if (url.failed)
        return recert__error_set(c, RECERT_ENOMEM, "out of memory");
    const char *method = post ? "POST" : "GET";
    if (!post)
        body = NULL;
    bool renewed = false;
    recert_code rc;
    for (int retries = 0;;) {
        if ((rc = ensure_token(c)))
            break;
        int64_t started = recert__mono_ms();
        CURLcode cc = perform(c, post, url.data, "application/json", body, true, resp);
        if (cc == CURLE_OK && resp->status >= 200 && resp->status < 300) {
            trace(c, method, url.data, resp, cc, started, 0, retries + 1);
            rc = RECERT_OK;
            break;
        }
        if (cc == CURLE_OK && resp->status == 401 && !renewed && c->token_renewable) {
            trace(c, method, url.data, resp, cc, started, 0, retries + 1);
            renewed = true; /* the server refused the token: renew once, repeat */
            recert__free_secret(c->token);
            c->token = NULL;
            continue;
        }
        long wait = retry_wait(c, cc, resp, !post, retries);
        trace(c, method, url.data, resp, cc, started, wait > 0 ? wait : 0, retries + 1);
        if (wait >= 0) {
            recert__sleep_ms(wait);
            retries++;
            continue;
        }
        rc = cc != CURLE_OK ? transport_error(c, cc, resp, url.data)
                            : recert__error_from_response(c, status_code(resp->status, false),
                                                          resp);
        break;
    }
    recert__buf_free(&url);
    return rc;
}
