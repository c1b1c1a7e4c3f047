/*
 * render_items: the v3 shapes of one certification's review items and
 * summaries (AccessReviewItem, CertificationIdentitySummary, AccessSummary,
 * IdentityCertDecisionSummary), from store rows. Each row function is a
 * store row callback whose payload is the jsonw_t * to write to; it
 * returns 0.
 *
 * Only what the store holds is written. A ReviewableEntitlement has its
 * id, name, attribute, value, source name and whether it has permissions,
 * description null and the spec's defaults for the flags the store does
 * not keep (privileged, isPermission, revocable, cloudGoverned,
 * containsDataAccess: false); a ReviewableAccessProfile its id, name and
 * entitlements; a ReviewableRole its id, name, access profiles and
 * entitlements. Fields with neither data nor a default are left out.
 */
#ifndef RECERT_SERVER_RENDER_ITEMS_H
#define RECERT_SERVER_RENDER_ITEMS_H

#include "../common/jsonw.h"
#include "../store/store.h"

int render_v3_item(const store_item_row *item, void *payload);
int render_v3_identity_summary(const store_summary_row *s, void *payload);
int render_v3_access_summary(const store_access_view *a, void *payload);
void render_v3_decision_summary(jsonw_t *w, const store_decision_counts *c);

#endif
