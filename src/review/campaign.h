/*
 * campaign: the rules of a campaign's lifecycle (workflow.md §3-4), above
 * the store.
 *
 *   create   PENDING, and a CAMPAIGN_CREATE task that generates its
 *            certifications (phase STAGED) and moves it to STAGED, or to
 *            ERROR with an alert when there is nothing to review.
 *   activate only STAGED, before its deadline: ACTIVATING and an
 *            ACTIVATE_CAMPAIGN task that moves its certifications and the
 *            campaign to ACTIVE.
 *   complete only ACTIVE, past its deadline or without one; REVOKE only
 *            with autoRevokeAllowed: COMPLETING and a COMPLETE_CAMPAIGN
 *            task that decides every undecided item (comment
 *            "auto-completed"), signs every certification, schedules the
 *            removals and moves the campaign on (COMPLETED once no removal
 *            due is left).
 *   delete   not PENDING, ACTIVATING or COMPLETING: a CAMPAIGN_DELETE task
 *            per campaign; the campaign and its certifications go, its
 *            tasks and remediation records stay, removals not yet due are
 *            cancelled.
 *   patch    STAGED: name, description, recommendationsEnabled, deadline,
 *            emailNotificationEnabled, autoRevokeAllowed; ACTIVE: deadline.
 *
 * Generation (MANAGER, SEARCH by identityIds) is one store call, set-based,
 * in the task's transaction: a campaign is never seen half-generated.
 * Every sentence a client reads about campaigns is written here.
 */
#ifndef RECERT_REVIEW_CAMPAIGN_H
#define RECERT_REVIEW_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../common/problems.h"
#include "../store/store.h"
#include "task.h"

/* A createCampaign request whose shape was checked (types, enums). */
typedef struct review_campaign_spec {
    const char *name, *description, *type;
    const char *deadline;               /* normalized RFC 3339, or NULL */
    const char *correlated_status, *mandatory_comment;
    bool email_notification, auto_revoke_allowed, recommendations_enabled;
    bool sunset_comments_required;
    /* searchCampaignInfo (has_search), type IDENTITY */
    bool has_search;
    const char *search_description;     /* or NULL */
    const char *reviewer_type, *reviewer_id;    /* or NULL */
    const char *const *identity_ids;
    size_t identity_count;
    const store_access_scope *scopes;   /* accessConstraints */
    size_t scope_count;
    bool has_source_owner;              /* sourceOwnerCampaignInfo was given */
} review_campaign_spec;

/* Checks c against the data in tx (a WRITE transaction) and, when every
 * rule holds, adds the campaign (PENDING) and its CAMPAIGN_CREATE task;
 * id_out gets the campaign's id. STORE_INVALID with every problem, or
 * another store_rc; the caller rolls back on failure. */
store_rc review_campaign_create(store_tx *tx, const review_campaign_spec *c,
                                problems_t *problems, char id_out[65]);

/* startCampaign: ACTIVATING and an ACTIVATE_CAMPAIGN task, streamed to cb.
 * STORE_NOTFOUND when there is no campaign id, STORE_INVALID with the
 * reason. */
store_rc review_campaign_activate(store_tx *tx, const char *id, problems_t *problems,
                                  store_task_cb cb, void *payload);

/* completeCampaign with action "APPROVE" or "REVOKE" (NULL: APPROVE),
 * asked by identity who: COMPLETING and a COMPLETE_CAMPAIGN task, streamed
 * to cb. Failures as review_campaign_activate. */
store_rc review_campaign_complete(store_tx *tx, const char *id, const char *action,
                                  const char *who, problems_t *problems, store_task_cb cb,
                                  void *payload);

/* deleteCampaigns: one CAMPAIGN_DELETE task per id. STORE_NOTFOUND with
 * the unknown ids named in problems, STORE_INVALID when one cannot be
 * deleted; nothing is queued unless every id can be. */
store_rc review_campaign_delete(store_tx *tx, const char *const *ids, size_t count,
                                problems_t *problems);

/* updateCampaign: patch is the JSON Patch document (an array). Applied
 * whole or not at all. Failures as review_campaign_activate. */
store_rc review_campaign_patch(store_tx *tx, const char *id, json_t *patch,
                               problems_t *problems);

/* The campaign tasks' runners (task.h). */
store_rc review_campaign_generate_task(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems);
store_rc review_campaign_activate_task(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems);
store_rc review_campaign_complete_task(store_tx *tx, const review_task *t, const char *now,
                                       problems_t *problems);
store_rc review_campaign_delete_task(store_tx *tx, const review_task *t, const char *now,
                                     problems_t *problems);

#endif
