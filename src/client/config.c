/*
 * config: where a client's base URL and credentials come from.
 *
 * Field by field, an explicit option wins. What is left comes from ONE
 * ambient source, as in SailPoint's SDKs: the environment if any SAIL_*
 * variable is set, otherwise ./config.json, otherwise (RECERT_CLIENT_PROFILES)
 * a profile of the per-user file. A profile named in the options replaces
 * all three. Never mixing sources keeps a secret from one from being sent
 * to a base URL from another.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
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


/* Reads a JSON document from f (closed either way); path names it in errors. */
static recert_code load_json(FILE *f, const char *path, json_t **out, char *errbuf, size_t n)
{
    json_error_t jerr;
    json_t *root = json_loadf(f, 0, &jerr);
    fclose(f);
    if (!root) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            return RECERT_ENOMEM;
        say(errbuf, n, "%s: line %d: %s", path, jerr.line, jerr.text);
        return RECERT_ECONFIG;
    }
    *out = root;
    return RECERT_OK;
}

static recert_code from_file(config_t *c, const char *path, bool *used, char *errbuf, size_t n)
{
    FILE *f = fopen(path, "rb");
    *used = f != NULL;
    if (!f) {
        if (errno == ENOENT)
            return RECERT_OK;
        say(errbuf, n, "%s: %s", path, strerror(errno));
        return RECERT_ECONFIG;
    }
    json_t *root = NULL;
    recert_code lrc = load_json(f, path, &root, errbuf, n);
    if (lrc != RECERT_OK)
        return lrc;
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

/* ---- the per-user profiles file ------------------------------------- */

/* $XDG_CONFIG_HOME/recert/config.json (an absolute XDG_CONFIG_HOME only, as
 * the XDG spec says), else ~/.config/recert/config.json; NULL without HOME
 * or memory. malloc'd. */
static char *profiles_path(void)
{
    const char *xdg = nonempty(getenv("XDG_CONFIG_HOME")), *home = nonempty(getenv("HOME"));
    rbuf_t b = RBUF_INIT;
    if (xdg && xdg[0] == '/')
        recert__buf_printf(&b, "%s/recert/config.json", xdg);
    else if (home)
        recert__buf_printf(&b, "%s/.config/recert/config.json", home);
    else
        return NULL;
    if (b.failed) {
        recert__buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Wipes every string member of a profile object (it may hold secrets). */
static void wipe_object(json_t *o)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (json_is_string(v))
            recert__wipe((void *)json_string_value(v), json_string_length(v));
        else if (json_is_object(v))
            wipe_object(v);
    }
}

static const char *const profile_keys[] = { "baseUrl", "clientId", "clientSecret", "accessToken" };

/* Reads profile name (explicit: it must exist) of the file at path. A
 * missing file is no source unless a profile was named. */
static recert_code from_profiles(config_t *c, const char *path, const char *name, bool named,
                                 bool *used, char *errbuf, size_t n)
{
    *used = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT && !named)
            return RECERT_OK;
        if (errno == ENOENT)
            say(errbuf, n, "profile \"%s\": %s does not exist", name, path);
        else
            say(errbuf, n, "%s: %s", path, strerror(errno));
        return RECERT_ECONFIG;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        say(errbuf, n, "%s: not a regular file", path);
        close(fd);
        return RECERT_ECONFIG;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        say(errbuf, n, "%s is accessible by others (mode %03o) and holds secrets: refused; "
            "run chmod 600 %s", path, (unsigned)(st.st_mode & 0777), path);
        close(fd);
        return RECERT_ECONFIG;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return RECERT_ENOMEM;
    }
    json_t *root = NULL;
    recert_code lrc = load_json(f, path, &root, errbuf, n);
    if (lrc != RECERT_OK)
        return lrc;
    recert_code rc = RECERT_ECONFIG;
    json_t *profiles = json_object_get(root, "profiles"), *def = json_object_get(root, "default");
    if (!json_is_object(root) || (profiles && !json_is_object(profiles)) ||
        (def && !json_is_string(def))) {
        say(errbuf, n, "%s: expected {\"default\": NAME, \"profiles\": {NAME: {\"baseUrl\", "
            "\"clientId\", \"clientSecret\"}}}", path);
        goto done;
    }
    if (!name)
        name = json_string_value(def); /* NULL without "default" */
    if (!name) {
        rc = RECERT_OK; /* no profile chosen: no source */
        goto done;
    }
    json_t *p = json_object_get(profiles, name);
    if (!p) {
        rbuf_t names = RBUF_INIT;
        const char *key;
        json_t *v;
        json_object_foreach(profiles, key, v) {
            (void)v;
            recert__buf_printf(&names, "%s%s", names.len ? ", " : "", key);
        }
        say(errbuf, n, "%s: no profile \"%s\" (%s%s)", path, name,
            names.len ? "profiles: " : "no profiles", recert__buf_cstr(&names));
        recert__buf_free(&names);
        goto done;
    }
    if (!json_is_object(p)) {
        say(errbuf, n, "%s: profile \"%s\" is not an object", path, name);
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(p, key, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof profile_keys / sizeof profile_keys[0]; i++)
            known = known || strcmp(key, profile_keys[i]) == 0;
        if (!known || !(json_is_string(v) || json_is_null(v))) {
            say(errbuf, n, "%s: profile \"%s\": %s \"%s\" (expected strings baseUrl, clientId, "
                "clientSecret, accessToken)", path, name, known ? "a non-string" : "unknown key",
                key);
            goto done;
        }
    }
    *used = true;
    if ((rc = fill(&c->base_url, str_member(p, "baseUrl"))) ||
        (rc = fill(&c->client_id, str_member(p, "clientId"))) ||
        (rc = fill(&c->client_secret, str_member(p, "clientSecret"))) ||
        (rc = fill(&c->access_token, str_member(p, "accessToken")))) {
        /* rc set */
    }
done:
    wipe_object(root);
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

    bool used = false, profiles = (o->flags & RECERT_CLIENT_PROFILES) || nonempty(o->profile);
    const char *profile = nonempty(o->profile);
    char *ppath = NULL;
    if (profiles && !(ppath = nonempty(o->profiles_file) ? recert__strdup(o->profiles_file)
                                                          : profiles_path())) {
        if (nonempty(o->profiles_file) || profile) {
            say(errbuf, n, "%s", nonempty(o->profiles_file) ? "out of memory"
                                 : "no per-user configuration file: HOME is not set");
            rc = nonempty(o->profiles_file) ? RECERT_ENOMEM : RECERT_ECONFIG;
            goto done;
        }
        profiles = false; /* no HOME: no per-user file to read */
    }
    if (profile) {
        rc = from_profiles(&c, ppath, profile, true, &used, errbuf, n);
    } else {
        if (!(o->flags & RECERT_CLIENT_NO_ENV))
            rc = from_env(&c, &used);
        if (!rc && !used && !(o->flags & RECERT_CLIENT_NO_CONFIG_FILE)) {
            const char *path = nonempty(o->config_file) ? o->config_file : "./config.json";
            rc = from_file(&c, path, &used, errbuf, n);
        }
        if (!rc && !used && profiles) {
            const char *env = o->flags & RECERT_CLIENT_NO_ENV ? NULL
                                                              : nonempty(getenv("RECERT_PROFILE"));
            rc = from_profiles(&c, ppath, env, env != NULL, &used, errbuf, n);
        }
    }
    if (rc) {
        free(ppath);
        goto done;
    }

    if (!c.base_url) {
        if (profiles)
            say(errbuf, n, "no base URL: pass one, set SAIL_BASE_URL, or put BaseURL in "
                "./config.json or a profile in %s", ppath);
        else
            say(errbuf, n, "no base URL: pass one, set SAIL_BASE_URL, or put BaseURL in "
                "./config.json");
        free(ppath);
        rc = RECERT_ECONFIG;
        goto done;
    }
    free(ppath);
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
