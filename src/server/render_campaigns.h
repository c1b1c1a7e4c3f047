/*
 * render_campaigns: the v3 campaign shapes (SlimCampaign, Campaign), from
 * store rows. Each is a store_campaign_cb whose payload is the jsonw_t to
 * write to; they return 0.
 */
#ifndef RECERT_SERVER_RENDER_CAMPAIGNS_H
#define RECERT_SERVER_RENDER_CAMPAIGNS_H

#include "../common/jsonw.h"
#include "../store/store.h"

int render_campaign_slim(const store_campaign *c, void *payload);
int render_campaign_full(const store_campaign *c, void *payload);

#endif
