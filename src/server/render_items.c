/*
 * render_items: the v3 shapes of review items and summaries. See
 * render_items.h.
 */
#include "render_items.h"

static void entitlement(jsonw_t *w, const store_ent_view *e)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", e->id);
    jsonw_kstr(w, "name", e->name);
    jsonw_knull(w, "description");
    jsonw_kbool(w, "privileged", false);
    jsonw_kstr(w, "attributeName", e->attribute);
    jsonw_kstr(w, "attributeValue", e->value);
    jsonw_kstr(w, "sourceName", e->source);
    jsonw_kbool(w, "hasPermissions", e->has_permissions);
    jsonw_kbool(w, "isPermission", false);
    jsonw_kbool(w, "revocable", false);
    jsonw_kbool(w, "cloudGoverned", false);
    jsonw_kbool(w, "containsDataAccess", false);
    jsonw_obj_close(w);
}

static void entitlements(jsonw_t *w, const store_ent_view *e, size_t n)
{
    jsonw_key(w, "entitlements");
    jsonw_arr_open(w);
    for (size_t i = 0; i < n; i++)
        entitlement(w, &e[i]);
    jsonw_arr_close(w);
}

static void profile(jsonw_t *w, const store_profile_view *p)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", p->id);
    jsonw_kstr(w, "name", p->name);
    entitlements(w, p->entitlements, p->entitlement_count);
    jsonw_obj_close(w);
}

static void role(jsonw_t *w, const store_role_view *r)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", r->id);
    jsonw_kstr(w, "name", r->name);
    jsonw_key(w, "accessProfiles");
    jsonw_arr_open(w);
    for (size_t i = 0; i < r->profile_count; i++)
        profile(w, &r->profiles[i]);
    jsonw_arr_close(w);
    entitlements(w, r->entitlements, r->entitlement_count);
    jsonw_obj_close(w);
}

/* AccessSummary: the access, and the object of its type (the others null). */
static void access_summary(jsonw_t *w, const store_access_view *a)
{
    jsonw_obj_open(w);
    jsonw_key(w, "access");
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", a->type);
    jsonw_kstr(w, "id", a->id);
    jsonw_kstr(w, "name", a->name);
    jsonw_obj_close(w);
    jsonw_key(w, "entitlement");
    if (a->entitlement)
        entitlement(w, a->entitlement);
    else
        jsonw_null(w);
    jsonw_key(w, "accessProfile");
    if (a->profile)
        profile(w, a->profile);
    else
        jsonw_null(w);
    jsonw_key(w, "role");
    if (a->role)
        role(w, a->role);
    else
        jsonw_null(w);
    jsonw_obj_close(w);
}

int render_v3_identity_summary(const store_summary_row *s, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", s->id);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "identityId", s->identity_id);
    jsonw_kbool(w, "completed", s->completed);
    jsonw_obj_close(w);
    return 0;
}

int render_v3_item(const store_item_row *item, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", item->id);
    jsonw_kbool(w, "completed", item->decision != NULL);
    jsonw_kbool(w, "newAccess", false);
    jsonw_kstr(w, "decision", item->decision);
    jsonw_kstr(w, "comments", item->comments);
    jsonw_key(w, "identitySummary");
    render_v3_identity_summary(&item->summary, w);
    jsonw_key(w, "accessSummary");
    access_summary(w, &item->access);
    jsonw_obj_close(w);
    return 0;
}

int render_v3_access_summary(const store_access_view *a, void *payload)
{
    access_summary(payload, a);
    return 0;
}

static void tally(jsonw_t *w, const char *made, const char *total, const char *approved,
                  const char *revoked, const store_decision_tally *t)
{
    jsonw_kint(w, made, t->made);
    jsonw_kint(w, total, t->total);
    jsonw_kint(w, approved, t->approved);
    jsonw_kint(w, revoked, t->revoked);
}

void render_v3_decision_summary(jsonw_t *w, const store_decision_counts *c)
{
    /* recert has no account items: their counters are 0. */
    static const store_decision_tally none = { 0, 0, 0, 0 };
    jsonw_obj_open(w);
    tally(w, "entitlementDecisionsMade", "entitlementDecisionsTotal", "entitlementsApproved",
          "entitlementsRevoked", &c->entitlements);
    tally(w, "accessProfileDecisionsMade", "accessProfileDecisionsTotal",
          "accessProfilesApproved", "accessProfilesRevoked", &c->access_profiles);
    tally(w, "roleDecisionsMade", "roleDecisionsTotal", "rolesApproved", "rolesRevoked",
          &c->roles);
    tally(w, "accountDecisionsMade", "accountDecisionsTotal", "accountsApproved",
          "accountsRevoked", &none);
    jsonw_obj_close(w);
}
