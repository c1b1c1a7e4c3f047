/*
 * client: creating and freeing clients, library setup, status code texts
 * and the last-error record kept on each client.
 *
 * The last error owns its strings; recert_error's pointers borrow them and
 * are never NULL (empty strings instead), so callers can print them
 * without checks. When even the message cannot be allocated, a static text
 * stands in: reporting a failure must not fail.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

recert_code recert_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? RECERT_OK : RECERT_ENETWORK;
}

void recert_global_cleanup(void)
{
    curl_global_cleanup();
}

const char *recert_version(void)
{
    return RECERT_VERSION;
}

const char *recert_strerror(recert_code code)
{
    switch (code) {
    case RECERT_OK: return "success";
    case RECERT_EINVALID: return "invalid argument";
    case RECERT_ENOMEM: return "out of memory";
    case RECERT_ECONFIG: return "missing configuration";
    case RECERT_ENETWORK: return "network failure";
    case RECERT_EAUTH: return "authentication failed";
    case RECERT_EFORBIDDEN: return "forbidden";
    case RECERT_ENOTFOUND: return "not found";
    case RECERT_EBADREQUEST: return "bad request";
    case RECERT_ERATELIMIT: return "rate limited";
    case RECERT_ESERVER: return "server error";
    case RECERT_EHTTP: return "unexpected HTTP status";
    case RECERT_EPROTOCOL: return "invalid response";
    case RECERT_ITEROVER: return "no more items";
    }
    return "unknown error";
}

static void say(const recert_client_options *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const recert_client_options *o, const char *fmt, ...)
{
    if (!o->errbuf || !o->errbuf_size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->errbuf, o->errbuf_size, fmt, ap);
    va_end(ap);
}

recert_code recert_client_new(recert_client **out, const recert_client_options *options)
{
    static const recert_client_options defaults = RECERT_CLIENT_OPTIONS_INIT;
    recert_client_options opts = defaults;
    const recert_client_options *o = &opts;
    /* Version 1 callers have the struct up to errbuf_size: read only that. */
    if (options && options->version == 1)
        memcpy(&opts, options, offsetof(recert_client_options, profile));
    else if (options)
        opts = *options;
    if (o->errbuf && o->errbuf_size)
        o->errbuf[0] = '\0';
    if (!out)
        return RECERT_EINVALID;
    if (o->version != 1 && o->version != RECERT_CLIENT_OPTIONS_VERSION) {
        say(o, "unsupported recert_client_options version %u", o->version);
        return RECERT_EINVALID;
    }
    if (o->version == 1) {
        opts.profile = opts.profiles_file = NULL;
        opts.flags &= ~RECERT_CLIENT_PROFILES;
    }
    if (o->timeout_ms < 0 || o->connect_timeout_ms < 0 || o->max_retries < -1 ||
        o->max_retry_after < -1 || o->retry_base_ms < 0) {
        say(o, "negative timeout, retry count or delay in recert_client_options");
        return RECERT_EINVALID;
    }
    recert_client *c = calloc(1, sizeof *c);
    if (!c) {
        say(o, "out of memory");
        return RECERT_ENOMEM;
    }
    recert_code rc = recert__config_resolve(&c->cfg, o, o->errbuf, o->errbuf_size);
    if (rc) {
        free(c);
        return rc;
    }
    c->curl = curl_easy_init();
    c->ca_file = recert__strdup(o->ca_file);
    if (!c->curl || (o->ca_file && !c->ca_file)) {
        say(o, "out of memory");
        recert_client_free(c);
        return RECERT_ENOMEM;
    }
    c->timeout_ms = o->timeout_ms ? o->timeout_ms : 30000;
    c->connect_timeout_ms = o->connect_timeout_ms ? o->connect_timeout_ms : 10000;
    c->max_retries = o->max_retries < 0 ? 3 : o->max_retries;
    c->max_retry_after = o->max_retry_after < 0 ? 60 : o->max_retry_after;
    c->retry_base_ms = o->retry_base_ms ? o->retry_base_ms : 500;
    c->trace = o->trace;
    c->trace_payload = o->trace_payload;
    /* A given token is used as is (its expiry is unknown) until a 401. */
    c->token = c->cfg.access_token;
    c->cfg.access_token = NULL;
    c->token_renewable = c->cfg.client_id && c->cfg.client_secret;
    c->rng = ((uint64_t)(uintptr_t)c ^ (uint64_t)recert__mono_ms() * 0x9E3779B97F4A7C15ULL) | 1;
    recert__error_reset(c);
    *out = c;
    return RECERT_OK;
}

void recert_client_free(recert_client *c)
{
    if (!c)
        return;
    recert__error_reset(c);
    if (c->curl)
        curl_easy_cleanup(c->curl);
    recert__free_secret(c->token);
    recert__config_clear(&c->cfg);
    free(c->ca_file);
    free(c);
}

const recert_error *recert_client_last_error(const recert_client *c)
{
    static const recert_error none = { RECERT_EINVALID, 0, "no client", "", "", -1, NULL };
    return c ? &c->err : &none;
}

const char *recert_client_base_url(const recert_client *c)
{
    return c ? c->cfg.base_url : "";
}

void recert__error_reset(recert_client *c)
{
    free(c->err_message);
    free(c->err_detail);
    free(c->err_tracking);
    recert__error_response_free(c->err_response);
    c->err_message = c->err_detail = c->err_tracking = NULL;
    c->err_response = NULL;
    c->err = (recert_error){ RECERT_OK, 0, "", "", "", -1, NULL };
}

recert_code recert__error_set(recert_client *c, recert_code code, const char *fmt, ...)
{
    recert__error_reset(c);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n >= 0 && (c->err_message = malloc((size_t)n + 1))) {
        va_start(ap, fmt);
        vsnprintf(c->err_message, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    c->err.code = code;
    c->err.message = c->err_message ? c->err_message : recert_strerror(code);
    return code;
}

/* Appends text as one line: control characters become spaces, outer
 * spaces are dropped (SailPoint's 429 text is " Rate Limit Exceeded "). */
static void put_line(rbuf_t *b, const char *text, size_t max)
{
    size_t len = strlen(text);
    while (len && (unsigned char)*text <= ' ')
        text++, len--;
    while (len && (unsigned char)text[len - 1] <= ' ')
        len--;
    if (len > max)
        len = max;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        recert__buf_putc(b, (char)(ch < ' ' || ch == 0x7f ? ' ' : ch));
    }
}

static const char *member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

recert_code recert__error_from_response(recert_client *c, recert_code code,
                                        const http_response_t *r)
{
    recert__error_reset(c);
    rbuf_t msg = RBUF_INIT;
    const char *body = recert__buf_cstr(&r->body);
    json_t *root = r->body.len ? json_loadb(body, r->body.len, 0, NULL) : NULL;
    recert_error_response *dto = NULL;
    char ignored[8];

    if (json_is_object(root) &&
        (json_object_get(root, "detailCode") || json_object_get(root, "messages")) &&
        (dto = calloc(1, sizeof *dto)) &&
        recert__decode_error_response(dto, body, r->body.len, ignored, sizeof ignored) ==
            RECERT_OK) {
        /* ErrorResponseDto: every distinct message text (SailPoint often
         * repeats one text for locales en-US and und). */
        for (size_t i = 0; i < dto->message_count; i++) {
            const char *t = dto->messages[i].text;
            bool dup = !t || !*t;
            for (size_t k = 0; k < i && !dup; k++)
                dup = dto->messages[k].text && strcmp(dto->messages[k].text, t) == 0;
            if (dup)
                continue;
            if (msg.len)
                recert__buf_puts(&msg, "; ");
            put_line(&msg, t, 4096);
        }
        if (!msg.len && dto->detail_code)
            put_line(&msg, dto->detail_code, 200);
        c->err_detail = recert__strdup(dto->detail_code);
        c->err_tracking = recert__strdup(dto->tracking_id);
        c->err_response = dto;
        dto = NULL;
    } else if (json_is_object(root) && member(root, "error")) {
        /* 401 {"error": ...} and OAuth {"error", "error_description"} */
        put_line(&msg, member(root, "error"), 500);
        if (member(root, "error_description")) {
            recert__buf_puts(&msg, ": ");
            put_line(&msg, member(root, "error_description"), 500);
        }
    } else if (json_is_object(root) && (member(root, "message") || member(root, "detailMessage"))) {
        put_line(&msg, member(root, "message") ? member(root, "message")
                                               : member(root, "detailMessage"), 500);
    } else if (r->body.len && !root) {
        const char *nl = memchr(body, '\n', r->body.len);
        put_line(&msg, body, nl ? (size_t)(nl - body) : 200);
    }
    if (!msg.len && !msg.failed)
        recert__buf_printf(&msg, "HTTP %ld", r->status);
    recert__error_response_free(dto);
    json_decref(root);

    if (!c->err_tracking && r->tracking_id[0])
        c->err_tracking = recert__strdup(r->tracking_id);
    c->err_message = msg.failed ? (recert__buf_free(&msg), NULL) : msg.data;
    c->err.code = code;
    c->err.http_status = (int)r->status;
    c->err.message = c->err_message ? c->err_message : recert_strerror(code);
    c->err.detail_code = c->err_detail ? c->err_detail : "";
    c->err.tracking_id = c->err_tracking ? c->err_tracking : "";
    c->err.retry_after = r->retry_after;
    c->err.response = c->err_response;
    return code;
}
