/*
 * decide: decisions, sign-off and remediation over store.h (see decide.h).
 */
#include "decide.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/clock.h"
#include "../common/util.h"

#define REMEDIATE_BATCH 500

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* Whether h's campaign asks for a comment on this decision. */
static bool comment_required(const store_cert_head *h, const char *decision)
{
    return strcmp(h->mandatory_comment, "ALL_DECISIONS") == 0 ||
           (strcmp(h->mandatory_comment, "REVOKE_ONLY_DECISIONS") == 0 &&
            strcmp(decision, "REVOKE") == 0);
}

/* The certification must be open for decisions (and reassignment). */
static void check_active(const store_cert_head *h, const char *cert_id, const char *what,
                         problems_t *problems)
{
    if (strcmp(h->phase, "SIGNED") == 0)
        problems_add(problems, "certification \"%s\" is signed and can no longer be %s",
                     cert_id, what);
    else if (strcmp(h->phase, "ACTIVE") != 0)
        problems_add(problems, "certification \"%s\" is %s: it can be %s only once it is"
                     " ACTIVE", cert_id, h->phase, what);
}

store_rc review_decide(store_tx *tx, const char *cert_id, const review_decision *d,
                       size_t count, const char *decided_by, problems_t *problems)
{
    store_cert_head h;
    store_rc rc = store_cert_head_get(tx, cert_id, &h);
    if (rc != STORE_OK)
        return rc;
    check_active(&h, cert_id, "decided", problems);
    char now[32];
    clock_now_text(now);
    for (size_t i = 0; i < count; i++) {
        const review_decision *e = &d[i];
        bool found = false, dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            if (str_casecmp_ascii(d[j].item_id, e->item_id) == 0) {
                problems_add(problems, "[%zu].id: review item \"%s\" is decided twice in this"
                             " batch (first at [%zu])", e->index, e->item_id, d[j].index);
                dup = true;
            }
        if (dup)
            continue;
        rc = store_ref_exists(tx, STORE_REF_ITEM, e->item_id, cert_id, &found);
        if (rc != STORE_OK)
            return rc;
        if (!found)
            problems_add(problems, "[%zu].id: no review item \"%s\" in certification \"%s\"",
                         e->index, e->item_id, cert_id);
        if (e->proposed_end_date && strcmp(e->decision, "REVOKE") != 0)
            problems_add(problems, "[%zu].proposedEndDate: only a REVOKE may have one",
                         e->index);
        else if (e->proposed_end_date && strcmp(e->proposed_end_date, now) <= 0)
            problems_add(problems, "[%zu].proposedEndDate: %s is not in the future (now is %s)",
                         e->index, e->proposed_end_date, now);
        if (blank(e->comments) && comment_required(&h, e->decision))
            problems_add(problems, "[%zu].comments: required: campaign \"%s\" asks for a"
                         " comment on %s", e->index, h.campaign_name,
                         strcmp(h.mandatory_comment, "ALL_DECISIONS") == 0
                             ? "every decision" : "every REVOKE");
    }
    if (problems->count)
        return STORE_INVALID;
    store_decision *sd = calloc(count ? count : 1, sizeof *sd);
    if (!sd)
        return STORE_ERROR;
    for (size_t i = 0; i < count; i++)
        sd[i] = (store_decision){ d[i].item_id, d[i].decision,
                                  blank(d[i].comments) ? NULL : d[i].comments,
                                  d[i].proposed_end_date };
    rc = store_items_decide(tx, cert_id, sd, count, decided_by, now);
    free(sd);
    return rc == STORE_NOTFOUND ? STORE_ERROR : rc; /* every item was checked above */
}

store_rc review_sign_off(store_tx *tx, const char *cert_id, problems_t *problems,
                         int64_t *removals)
{
    store_cert_head h;
    int64_t undecided = 0;
    *removals = 0;
    store_rc rc = store_cert_head_get(tx, cert_id, &h);
    if (rc != STORE_OK)
        return rc;
    check_active(&h, cert_id, "signed off", problems);
    if (!problems->count && (rc = store_cert_undecided(tx, cert_id, &undecided)) != STORE_OK)
        return rc;
    if (undecided)
        problems_add(problems, "certification \"%s\" has %lld review item%s without a decision;"
                     " decide every item before signing off", cert_id, (long long)undecided,
                     undecided == 1 ? "" : "s");
    if (problems->count)
        return STORE_INVALID;
    char now[32];
    clock_now_text(now);
    if ((rc = store_cert_sign(tx, cert_id, now)) != STORE_OK ||
        (rc = store_remediation_schedule(tx, cert_id, now, removals)) != STORE_OK)
        return rc;
    return h.has_campaign ? store_campaign_progress(tx, h.campaign_id, now) : STORE_OK;
}

/* One batch of due removals in a transaction of its own. */
static store_rc remediate_batch(store_t *s, const char *now, int64_t *done)
{
    store_tx *tx = NULL;
    store_rc rc = store_begin(s, STORE_WRITE, &tx);
    if (rc != STORE_OK)
        return rc;
    rc = store_remediation_run_due(tx, now, REMEDIATE_BATCH, done);
    if (rc == STORE_OK && *done < REMEDIATE_BATCH)
        rc = store_campaigns_progress(tx, now);
    if (rc != STORE_OK) {
        store_rollback(tx);
        return rc;
    }
    return store_commit(tx);
}

store_rc review_remediate(store_t *s, int64_t *done)
{
    char now[32], next[32];
    *done = 0;
    clock_now_text(now);
    for (;;) {
        /* A look without the write lock first: usually nothing is due. */
        store_tx *tx = NULL;
        store_rc rc = store_begin(s, STORE_READ, &tx);
        if (rc != STORE_OK)
            return rc;
        rc = store_remediation_next(tx, next);
        store_rollback(tx);
        if (rc == STORE_NOTFOUND || (rc == STORE_OK && strcmp(next, now) > 0))
            return STORE_OK;
        if (rc != STORE_OK)
            return rc;
        int64_t n = 0;
        if ((rc = remediate_batch(s, now, &n)) != STORE_OK)
            return rc;
        *done += n;
        if (n < REMEDIATE_BATCH)
            return STORE_OK;
    }
}
