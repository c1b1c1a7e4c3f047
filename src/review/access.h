/*
 * access: who may act on a certification, above the store.
 *
 * ORG_ADMIN and CERT_ADMIN may act on every certification; anyone else
 * only on one they review, directly or as a member of its reviewer
 * governance group. A certification that does not exist is "not found"
 * for everyone, before anything is said about permission, so a refused
 * caller learns only that the certification exists, as SailPoint answers.
 * The sentences a refused caller reads are written here.
 */
#ifndef RECERT_REVIEW_ACCESS_H
#define RECERT_REVIEW_ACCESS_H

#include <stdbool.h>

#include "../common/problems.h"
#include "../store/store.h"

typedef enum access_verdict {
    ACCESS_GRANTED = 0,
    ACCESS_NO_SUCH_CERT,        /* 404 */
    ACCESS_DENIED,              /* 403 */
    ACCESS_STORE_FAILED,        /* the store failed: see *rc */
} access_verdict;

/* Decides, inside tx, whether the identity (an admin when admin is set)
 * may act on certification cert_id. A refusal adds its sentence to why. */
access_verdict review_cert_access(store_tx *tx, const char *identity_id, bool admin,
                                  const char *cert_id, problems_t *why, store_rc *rc);

#endif
