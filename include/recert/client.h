/*
 * recert/client.h: the client handle, its configuration and library setup.
 *
 * A recert_client holds the configuration, a libcurl handle (connections
 * are reused), the cached access token and the last error. Use one client
 * per thread; different clients may be used from different threads at the
 * same time. The library keeps no global state besides libcurl's own.
 */
#ifndef RECERT_CLIENT_H
#define RECERT_CLIENT_H

#include <stddef.h>

#include "common.h"
#include "error.h"

RECERT_BEGIN_DECLS

/** Opaque client handle. */
typedef struct recert_client recert_client;

/**
 * Initializes libcurl (curl_global_init). Call once at program start,
 * before any thread creates a client; pair with recert_global_cleanup().
 * Optional with libcurl >= 7.84, whose implicit initialization is
 * thread-safe.
 * @return RECERT_OK, or RECERT_ENETWORK if libcurl cannot initialize.
 */
RECERT_EXTERN recert_code recert_global_init(void);
RECERT_EXTERN void recert_global_cleanup(void);

/** The runtime library version, e.g. "0.1.0". */
RECERT_EXTERN const char *recert_version(void);

/** One HTTP exchange, reported to recert_client_options.trace. */
typedef struct recert_trace_event {
    const char *method;  /**< "GET" or "POST" */
    const char *url;     /**< full URL with query string; never holds a secret */
    int status;          /**< HTTP status, or 0 when no response was received */
    const char *error;   /**< transport error text when status is 0, else NULL */
    long elapsed_ms;     /**< duration of this exchange */
    long wait_ms;        /**< delay before the retry this response causes; 0 if none */
    /* Since librecert 0.1.0 with RECERT_CLIENT_OPTIONS_VERSION 2 (added at the end). */
    int attempt;         /**< 1 for the first try of this request, 2 for its first retry... */
    int max_attempts;    /**< 1 + the retries allowed (max_retries) */
    int retry_after;     /**< the response's Retry-After in seconds, or -1 */
} recert_trace_event;

typedef void (*recert_trace_cb)(const recert_trace_event *event, void *payload);

#define RECERT_CLIENT_OPTIONS_VERSION 2

/** recert_client_options.flags */
#define RECERT_CLIENT_NO_ENV 0x1u         /**< do not read SAIL_* environment variables */
#define RECERT_CLIENT_NO_CONFIG_FILE 0x2u /**< do not read the configuration file */
#define RECERT_CLIENT_PROFILES 0x4u       /**< read the per-user profiles file (version 2) */

/**
 * Client configuration. Start from RECERT_CLIENT_OPTIONS_INIT; new fields
 * are only ever added at the end (with a new version).
 *
 * Each of base_url, client_id, client_secret and access_token is taken
 * from the first of:
 *  1. the value given here (non-NULL, non-empty);
 *  2. the environment (SAIL_BASE_URL, SAIL_CLIENT_ID, SAIL_CLIENT_SECRET,
 *     SAIL_ACCESS_TOKEN), when any of those variables is set;
 *  3. otherwise the JSON file config_file (default "./config.json") with
 *     keys BaseURL, ClientId, ClientSecret (and AccessToken), if it exists;
 *  4. otherwise, with flags & RECERT_CLIENT_PROFILES, a profile of the
 *     per-user file profiles_file (default $XDG_CONFIG_HOME/recert/config.json,
 *     or ~/.config/recert/config.json):
 *       {"default": "NAME", "profiles": {"NAME": {"baseUrl": ..., "clientId": ...,
 *        "clientSecret": ..., "accessToken": ...}}}
 *     The profile is the environment's RECERT_PROFILE, else "default". The
 *     file must not be readable or writable by group or others (it holds a
 *     secret): such a file is refused with RECERT_ECONFIG, as is a named
 *     profile that does not exist, or an unknown key in a profile.
 * A profile given in options.profile (the caller's explicit choice, e.g.
 * a --profile flag) replaces steps 2 to 4: the environment and
 * ./config.json are then not read.
 * Like SailPoint's SDKs, the ambient sources are never mixed: the first
 * one present supplies every value the caller did not give.
 *
 * The base URL is the tenant's API root without "/beta", e.g.
 * "https://acme.api.identitynow.com"; a trailing "/" or "/beta" is dropped.
 * Requests go to {base}/beta/... and tokens come from {base}/oauth/token.
 */
typedef struct recert_client_options {
    unsigned int version;       /**< RECERT_CLIENT_OPTIONS_VERSION */
    const char *base_url;
    const char *client_id;
    const char *client_secret;
    const char *access_token;   /**< used as is until a 401; then renewed with the
                                     client credentials, if any */
    const char *config_file;    /**< NULL: "./config.json" */
    unsigned int flags;         /**< RECERT_CLIENT_NO_* */
    long timeout_ms;            /**< whole exchange; 0: 30000 */
    long connect_timeout_ms;    /**< 0: 10000 */
    int max_retries;            /**< retries after 429, 5xx or connection failure;
                                     -1: 3, 0: never retry */
    int max_retry_after;        /**< longest Retry-After honoured, seconds; a longer one
                                     fails with RECERT_ERATELIMIT at once; -1: 60 */
    long retry_base_ms;         /**< first backoff delay, doubled per retry; 0: 500 */
    const char *ca_file;        /**< PEM bundle to verify TLS peers; NULL: system default */
    recert_trace_cb trace;      /**< called after every HTTP exchange; NULL: none */
    void *trace_payload;
    char *errbuf;               /**< optional: receives why recert_client_new failed */
    size_t errbuf_size;
    /* version 2 */
    const char *profile;        /**< a profile of profiles_file, chosen explicitly; NULL:
                                     none (RECERT_PROFILE or "default" as step 4) */
    const char *profiles_file;  /**< NULL: $XDG_CONFIG_HOME/recert/config.json, or
                                     ~/.config/recert/config.json */
} recert_client_options;

/* Version 1 (without profile and profiles_file) is still accepted. */
#define RECERT_CLIENT_OPTIONS_INIT \
    { RECERT_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0u, 0, 0, -1, -1, 0, \
      NULL, NULL, NULL, NULL, 0, NULL, NULL }

/**
 * Creates a client. No request is made: the first token is fetched by the
 * first call that needs one.
 * @param[out] out the new client, owned by the caller (recert_client_free);
 *             set only on success.
 * @param options NULL for all defaults (environment, then ./config.json).
 * @return RECERT_OK; RECERT_EINVALID (wrong options version, unsupported
 *         URL scheme); RECERT_ECONFIG (no base URL, or neither client
 *         credentials nor an access token; the reason goes to
 *         options->errbuf); RECERT_ENOMEM; RECERT_ENETWORK (libcurl failed).
 */
RECERT_EXTERN recert_code recert_client_new(recert_client **out,
                                            const recert_client_options *options);

/** Frees a client and wipes its secrets. NULL is a no-op. */
RECERT_EXTERN void recert_client_free(recert_client *client);

/** The last failure on this client (see recert_error). Never NULL. */
RECERT_EXTERN const recert_error *recert_client_last_error(const recert_client *client);

/** The resolved base URL, e.g. "https://acme.api.identitynow.com". Borrowed. */
RECERT_EXTERN const char *recert_client_base_url(const recert_client *client);

RECERT_END_DECLS

#endif
