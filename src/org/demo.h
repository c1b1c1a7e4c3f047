/*
 * demo: generates a plausible org for trying recertd and for benchmarks.
 *
 * Managers and their reports, entitlements with permissions on several
 * sources, access profiles and roles, assignments, one MANAGER campaign
 * with one certification per manager (its items: each report's access),
 * a few decisions already made, and one certification reviewed by a
 * governance group. Output is deterministic for a given seed, except the
 * client secrets, which are random and exist in clear only in *out.
 */
#ifndef RECERT_ORG_DEMO_H
#define RECERT_ORG_DEMO_H

#include <stdbool.h>

#include "../store/store.h"

#define DEMO_ADMIN_CLIENT "recert-demo-admin"
#define DEMO_REVIEWER_CLIENT "recert-demo-reviewer"

typedef struct demo_options {
    long identities;        /* >= 10; default 200 */
    unsigned seed;          /* default 1 */
    bool progress;          /* print progress lines to stderr */
    /* Secrets handed out before (e.g. kept in a credentials file), or NULL.
     * When the demo org exists and both still verify, they are kept and
     * nothing is written; a new org is made with them (when each is 32 hex
     * characters). Otherwise new ones are issued. */
    const char *admin_secret, *reviewer_secret;
} demo_options;

typedef struct demo_credentials {
    char admin_client_id[64], admin_secret[65], admin_identity_id[65], admin_name[128];
    char reviewer_client_id[64], reviewer_secret[65], reviewer_identity_id[65],
        reviewer_name[128];
    bool created;           /* false: the demo org existed */
    bool new_secrets;       /* the secrets are not the ones in demo_options */
    long certifications, items;
} demo_credentials;

/* Creates the demo org in an empty store, or, when the store already holds
 * it, keeps the secrets opt names if they still verify, or else issues fresh
 * secrets for its two clients (secrets are stored hashed, so old ones
 * cannot be shown again). A store with other data is STORE_CONFLICT with a
 * reason in err. */
store_rc demo_generate(store_t *s, const demo_options *opt, demo_credentials *out, char *err,
                       size_t err_len);

/* Signs off, through the review workflow, the first certification of a new
 * demo org (made with the same options) whose every item is decided and
 * some revoked, and carries out the removals: the demo then has a
 * certification signed with remediation records, besides the imported
 * (historic) signed ones. cert_out gets its id and *removals their number;
 * STORE_NOTFOUND when no certification qualifies. */
store_rc demo_sign_off(store_t *s, const demo_options *opt, char cert_out[65], int64_t *removals);

#endif
