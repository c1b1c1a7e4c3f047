/*
 * decide: the rules of deciding and signing off (workflow.md §5-6), above
 * the store.
 *
 * A batch of decisions is checked whole, inside the request's WRITE
 * transaction, and applied only when nothing is wrong:
 *   - the certification is ACTIVE (a STAGED one is not open yet, a SIGNED
 *     one is read-only);
 *   - every item is in the certification, and named once in the batch;
 *   - a proposedEndDate only on a REVOKE, and in the future;
 *   - a comment (not only white space) where the campaign's
 *     mandatoryCommentRequirement asks for one (ALL_DECISIONS, or
 *     REVOKE_ONLY_DECISIONS for a REVOKE).
 * An item may be decided again until sign-off; the last decision counts.
 *
 * Sign-off needs an ACTIVE certification whose every item is decided. It
 * signs it, schedules the removal of every revoked access (at the
 * decision's proposedEndDate, or at once), and moves the campaign on when
 * it was its last unsigned certification. The removals themselves run in
 * review_remediate, which the workers call: each in a transaction that also
 * records it done, so it happens once.
 *
 * Every sentence a client reads about these rules is written here.
 */
#ifndef RECERT_REVIEW_DECIDE_H
#define RECERT_REVIEW_DECIDE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/problems.h"
#include "../store/store.h"

#define DECIDE_MAX 250

/* One decision of a batch, as decoded from the request. */
typedef struct review_decision {
    size_t index;                   /* its position in the request */
    const char *item_id;
    const char *decision;           /* "APPROVE" or "REVOKE" */
    const char *comments;           /* or NULL */
    const char *proposed_end_date;  /* normalized RFC 3339 with milliseconds, or NULL */
} review_decision;

/* Checks the batch against the data in tx and, if every rule holds,
 * records it as decided by identity decided_by. STORE_INVALID with every
 * problem in problems, STORE_NOTFOUND when the certification does not
 * exist, or another store_rc; the caller rolls back on any failure. */
store_rc review_decide(store_tx *tx, const char *cert_id, const review_decision *d,
                       size_t count, const char *decided_by, problems_t *problems);

/* Signs cert_id off. STORE_INVALID with the reason in problems, or as
 * review_decide. *removals: how many removals were scheduled (the caller
 * wakes the workers after committing when there are any). */
store_rc review_sign_off(store_tx *tx, const char *cert_id, problems_t *problems,
                         int64_t *removals);

/* Carries out the removals due by now, in batches of their own
 * transactions, then moves on the campaigns they held back. *done: how
 * many were carried out. */
store_rc review_remediate(store_t *s, int64_t *done);

#endif
