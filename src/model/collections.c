/*
 * collections: the field lists of every collection. See collections.h.
 */
#include "collections.h"

#include "../store/store.h"

#define OPS(a) FILTER_OPBIT(FILTER_##a)
#define OPS2(a, b) (FILTER_OPBIT(FILTER_##a) | FILTER_OPBIT(FILTER_##b))

static const filter_field cert_fields[CERT_F_COUNT] = {
    [CERT_F_ID] = { "id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [CERT_F_PHASE] = { "phase", OPS(EQ), FILTER_TYPE_STRING },
    [CERT_F_COMPLETED] = { "completed", OPS2(EQ, NE), FILTER_TYPE_BOOL },
    [CERT_F_CAMPAIGN_TYPE] = { "campaignRef.campaignType", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [CERT_F_CAMPAIGN_ID] = { "campaignRef.id", OPS2(EQ, IN), FILTER_TYPE_STRING },
};
static const char *const cert_sorts[CERT_S_COUNT] = {
    [CERT_S_NAME] = "name", [CERT_S_DUE] = "due", [CERT_S_SIGNED] = "signed",
};
const collection_spec beta_cert_list = { cert_fields, CERT_F_COUNT, { -1, false }, cert_sorts,
                                         CERT_S_COUNT };

/* v3 names the campaign "campaign" and offers no campaign type filter;
 * its completed takes eq only. */
static const filter_field v3_cert_fields[CERT_F_COUNT] = {
    [CERT_F_ID] = { "id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [CERT_F_PHASE] = { "phase", OPS(EQ), FILTER_TYPE_STRING },
    [CERT_F_COMPLETED] = { "completed", OPS(EQ), FILTER_TYPE_BOOL },
    [CERT_F_CAMPAIGN_ID] = { "campaign.id", OPS2(EQ, IN), FILTER_TYPE_STRING },
};
const collection_spec v3_cert_list = { v3_cert_fields, CERT_F_COUNT, { -1, false }, cert_sorts,
                                       CERT_S_COUNT };

static const filter_field task_fields[TASK_F_COUNT] = {
    [TASK_F_ID] = { "id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [TASK_F_TARGET_ID] = { "targetId", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [TASK_F_TYPE] = { "type", OPS2(EQ, IN), FILTER_TYPE_STRING },
};
const collection_spec v3_pending_tasks = { task_fields, TASK_F_COUNT, { -1, false }, NULL, 0 };

/* Paging only. */
const collection_spec recert_remediations = { NULL, 0, { -1, false }, NULL, 0 };

static const filter_field reviewer_fields[REVIEWER_F_COUNT] = {
    [REVIEWER_F_ID] = { "id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [REVIEWER_F_NAME] = { "name", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [REVIEWER_F_EMAIL] = { "email", OPS2(EQ, SW), FILTER_TYPE_STRING },
};
static const char *const reviewer_sorts[REVIEWER_S_COUNT] = {
    [REVIEWER_S_NAME] = "name", [REVIEWER_S_EMAIL] = "email",
};
const collection_spec beta_cert_reviewers = { reviewer_fields, REVIEWER_F_COUNT, { -1, false },
                                              reviewer_sorts, REVIEWER_S_COUNT };

static const filter_field permission_fields[PERMISSION_F_COUNT] = {
    [PERMISSION_F_TARGET] = { "target", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [PERMISSION_F_RIGHTS] = { "rights", OPS(CA), FILTER_TYPE_STRING_SET },
};
/* SailPoint: one and/or at most, joining a target and a rights filter. */
const collection_spec beta_item_permissions = { permission_fields, PERMISSION_F_COUNT,
                                                { 1, true }, NULL, 0 };

/* --- v3: review items and summaries ------------------------------------ */

static const filter_field item_fields[ITEM_F_COUNT] = {
    [ITEM_F_ID] = { "id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [ITEM_F_TYPE] = { "type", OPS(EQ), FILTER_TYPE_STRING },    /* the access type */
    [ITEM_F_ACCESS_TYPE] = { "access.type", OPS(EQ), FILTER_TYPE_STRING },
    [ITEM_F_COMPLETED] = { "completed", OPS2(EQ, NE), FILTER_TYPE_BOOL },
    [ITEM_F_SUMMARY_ID] = { "identitySummary.id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [ITEM_F_SUMMARY_NAME] = { "identitySummary.name", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [ITEM_F_ACCESS_ID] = { "access.id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [ITEM_F_ACCESS_NAME] = { "access.name", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [ITEM_F_ENT_SOURCE] = { "entitlement.sourceName", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [ITEM_F_PROFILE_SOURCE] = { "accessProfile.sourceName", OPS2(EQ, SW), FILTER_TYPE_STRING },
};
static const char *const item_sorts[ITEM_S_COUNT] = {
    [ITEM_S_SUMMARY_NAME] = "identitySummary.name", [ITEM_S_ACCESS_NAME] = "access.name",
    [ITEM_S_ACCESS_TYPE] = "access.type", [ITEM_S_ENT_SOURCE] = "entitlement.sourceName",
    [ITEM_S_PROFILE_SOURCE] = "accessProfile.sourceName",
};
const collection_spec v3_items = { item_fields, ITEM_F_COUNT, { -1, false }, item_sorts,
                                   ITEM_S_COUNT };

static const filter_field summary_fields[SUMMARY_F_COUNT] = {
    [SUMMARY_F_ID] = { "id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [SUMMARY_F_COMPLETED] = { "completed", OPS2(EQ, NE), FILTER_TYPE_BOOL },
    [SUMMARY_F_NAME] = { "name", OPS2(EQ, SW), FILTER_TYPE_STRING },
};
static const char *const summary_sorts[SUMMARY_S_COUNT] = { [SUMMARY_S_NAME] = "name" };
const collection_spec v3_identity_summaries = { summary_fields, SUMMARY_F_COUNT, { -1, false },
                                                summary_sorts, SUMMARY_S_COUNT };

static const filter_field access_fields[ACCESS_F_COUNT] = {
    [ACCESS_F_COMPLETED] = { "completed", OPS2(EQ, NE), FILTER_TYPE_BOOL },
    [ACCESS_F_ID] = { "access.id", OPS2(EQ, IN), FILTER_TYPE_STRING },
    [ACCESS_F_NAME] = { "access.name", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [ACCESS_F_ENT_SOURCE] = { "entitlement.sourceName", OPS2(EQ, SW), FILTER_TYPE_STRING },
    [ACCESS_F_PROFILE_SOURCE] = { "accessProfile.sourceName", OPS2(EQ, SW), FILTER_TYPE_STRING },
};
static const char *const access_sorts[ACCESS_S_COUNT] = { [ACCESS_S_NAME] = "access.name" };
const collection_spec v3_access_summaries = { access_fields, ACCESS_F_COUNT, { -1, false },
                                              access_sorts, ACCESS_S_COUNT };

static const filter_field decision_fields[DECISION_F_COUNT] = {
    [DECISION_F_SUMMARY_ID] = { "identitySummary.id", OPS2(EQ, IN), FILTER_TYPE_STRING },
};
/* Filters only: the summary is one object, not a page. */
const collection_spec v3_decision_summary = { decision_fields, DECISION_F_COUNT, { -1, false },
                                              NULL, 0 };
