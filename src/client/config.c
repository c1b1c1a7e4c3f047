/*
 * config: where a client's base URL and credentials come from.
 *
 * Field by field, an explicit option wins. What is left comes from ONE
 * ambient source, as in SailPoint's SDKs: the environment if any SAIL_*
 * variable is set, otherwise ./config.json. Never mixing the two keeps a
 * secret from one source from being sent to a base URL from the other.
 */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static void say(char *errbuf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *errbuf, size_t n, const char *fmt, ...)
{
    if (!errbuf || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, n, fmt, ap);
    va_end(ap);
}

/* Sets *dst to a copy of src unless *dst is already set. */
static recert_code fill(char **dst, const char *src)
{
    if (*dst || !nonempty(src))
        return RECERT_OK;
    *dst = recert__strdup(src);
    return *dst ? RECERT_OK : RECERT_ENOMEM;
}

static recert_code from_env(config_t *c, bool *used)
{
    const char *url = getenv("SAIL_BASE_URL"), *id = getenv("SAIL_CLIENT_ID"),
               *secret = getenv("SAIL_CLIENT_SECRET"), *token = getenv("SAIL_ACCESS_TOKEN");
    *used = nonempty(url) || nonempty(id) || nonempty(secret) || nonempty(token);
    if (!*used)
        return RECERT_OK;
    recert_code rc;
    if ((rc = fill(&c->base_url, url)) || (rc = fill(&c->client_id, id)) ||
        (rc = fill(&c->client_secret, secret)) || (rc = fill(&c->access_token, token)))
        return rc;
    return RECERT_OK;
}

static const char *str_member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static recert_code from_file(config_t *c, const char *path, char *errbuf, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return RECERT_OK;
        say(errbuf, n, "%s: %s", path, strerror(errno));
        return RECERT_ECONFIG;
    }
    json_error_t jerr;
    json_t *root = json_loadf(f, 0, &jerr);
    fclose(f);
    if (!root) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            return RECERT_ENOMEM;
        say(errbuf, n, "%s: line %d: %s", path, jerr.line, jerr.text);
        return RECERT_ECONFIG;
    }
    recert_code rc = RECERT_OK;
    if (!json_is_object(root)) {
        say(errbuf, n, "%s: expected a JSON object with BaseURL, ClientId, ClientSecret", path);
        rc = RECERT_ECONFIG;
    } else if ((rc = fill(&c->base_url, str_member(root, "BaseURL"))) ||
               (rc = fill(&c->client_id, str_member(root, "ClientId"))) ||
               (rc = fill(&c->client_secret, str_member(root, "ClientSecret"))) ||
               (rc = fill(&c->access_token, str_member(root, "AccessToken")))) {
        /* rc set */
    }
    /* The document held the secret: wipe jansson's copy before freeing. */
    json_t *secret = json_object_get(root, "ClientSecret");
    if (json_is_string(secret))
        recert__wipe((void *)json_string_value(secret), json_string_length(secret));
    json_decref(root);
    return rc;
}

recert_code recert__config_resolve(config_t *out, const recert_client_options *o, char *errbuf,
                                   size_t n)
{
    config_t c = { 0 };
    recert_code rc;
    char *raw_url = NULL;
    if ((rc = fill(&raw_url, o->base_url)) || (rc = fill(&c.client_id, o->client_id)) ||
        (rc = fill(&c.client_secret, o->client_secret)) ||
        (rc = fill(&c.access_token, o->access_token)))
        goto done;
    c.base_url = raw_url;
    raw_url = NULL;

    bool env_used = false;
    if (!(o->flags & RECERT_CLIENT_NO_ENV) && (rc = from_env(&c, &env_used)))
        goto done;
    if (!env_used && !(o->flags & RECERT_CLIENT_NO_CONFIG_FILE)) {
        const char *path = nonempty(o->config_file) ? o->config_file : "./config.json";
        if ((rc = from_file(&c, path, errbuf, n)))
            goto done;
    }

    if (!c.base_url) {
        say(errbuf, n, "no base URL: pass one, set SAIL_BASE_URL, or put BaseURL in ./config.json");
        rc = RECERT_ECONFIG;
        goto done;
    }
    const char *why = NULL;
    char *norm = NULL;
    if ((rc = recert__base_url_normalize(&norm, c.base_url, &why))) {
        if (why)
            say(errbuf, n, "%s (got \"%s\")", why, c.base_url);
        goto done;
    }
    free(c.base_url);
    c.base_url = norm;
    if (!c.access_token && !(c.client_id && c.client_secret)) {
        say(errbuf, n, "%s",
            c.client_id ? "no client secret: set SAIL_CLIENT_SECRET (or ClientSecret)"
            : c.client_secret ? "no client id: set SAIL_CLIENT_ID (or ClientId)"
                              : "no credentials: set SAIL_CLIENT_ID and SAIL_CLIENT_SECRET, "
                                "SAIL_ACCESS_TOKEN, or ./config.json");
        rc = RECERT_ECONFIG;
        goto done;
    }
    *out = c;
    return RECERT_OK;
done:
    free(raw_url);
    if (rc == RECERT_ENOMEM)
        say(errbuf, n, "out of memory");
    recert__config_clear(&c);
    return rc;
}

void recert__config_clear(config_t *c)
{
    free(c->base_url);
    free(c->client_id);
    recert__free_secret(c->client_secret);
    recert__free_secret(c->access_token);
    *c = (config_t){ 0 };
}
