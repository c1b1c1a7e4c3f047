/*
 * render_campaigns: SlimCampaign and Campaign (see render_campaigns.h).
 *
 * The fields are those recert knows: the options a campaign was created
 * with, its status, its alerts and its counts of certifications (all, and
 * signed). Campaign adds modified, sunsetCommentsRequired,
 * mandatoryCommentRequirement and the type's own part of the request as
 * the review layer kept it (searchCampaignInfo). recert has no campaign
 * filters and no orphan entitlements, so filter and
 * sourcesWithOrphanEntitlements are never written.
 */
#include "render_campaigns.h"

#include <jansson.h>

/* A JSON value, written again through w. */
static void write_json(jsonw_t *w, const json_t *v)
{
    const char *key;
    json_t *e;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        jsonw_obj_open(w);
        json_object_foreach((json_t *)v, key, e) {
            jsonw_key(w, key);
            write_json(w, e);
        }
        jsonw_obj_close(w);
        break;
    case JSON_ARRAY:
        jsonw_arr_open(w);
        json_array_foreach(v, i, e)
            write_json(w, e);
        jsonw_arr_close(w);
        break;
    case JSON_STRING: jsonw_strn(w, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: jsonw_int(w, (int64_t)json_integer_value(v)); break;
    case JSON_REAL: jsonw_int(w, (int64_t)json_real_value(v)); break;
    case JSON_TRUE: jsonw_bool(w, true); break;
    case JSON_FALSE: jsonw_bool(w, false); break;
    case JSON_NULL: jsonw_null(w); break;
    }
}

/* alerts: the store's [{"level", "text"}] as CampaignAlert objects. */
static void render_alerts(jsonw_t *w, const char *alerts_json)
{
    jsonw_key(w, "alerts");
    jsonw_arr_open(w);
    json_t *alerts = NULL, *a;
    size_t i;
    if (alerts_json && alerts_json[0] && alerts_json[1] != ']')
        alerts = json_loads(alerts_json, 0, NULL);
    json_array_foreach(alerts, i, a) {
        jsonw_obj_open(w);
        jsonw_kstr(w, "level", json_string_value(json_object_get(a, "level")));
        jsonw_key(w, "localizations");
        jsonw_arr_open(w);
        jsonw_obj_open(w);
        jsonw_kstr(w, "locale", "en-US");
        jsonw_kstr(w, "localeOrigin", "DEFAULT");
        jsonw_kstr(w, "text", json_string_value(json_object_get(a, "text")));
        jsonw_obj_close(w);
        jsonw_arr_close(w);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    json_decref(alerts);
}

static void render_campaign(jsonw_t *w, const store_campaign *c, bool full)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", c->id);
    jsonw_kstr(w, "name", c->name);
    jsonw_kstr(w, "description", c->description);
    jsonw_kstr(w, "deadline", c->deadline);
    jsonw_kstr(w, "type", c->type);
    jsonw_kbool(w, "emailNotificationEnabled", c->email_notification);
    jsonw_kbool(w, "autoRevokeAllowed", c->auto_revoke_allowed);
    jsonw_kbool(w, "recommendationsEnabled", c->recommendations_enabled);
    jsonw_kstr(w, "status", c->status);
    jsonw_kstr(w, "correlatedStatus", c->correlated_status);
    jsonw_kstr(w, "created", c->created);
    jsonw_kint(w, "totalCertifications", c->certifications);
    jsonw_kint(w, "completedCertifications", c->signed_certifications);
    render_alerts(w, c->alerts_json);
    if (full) {
        jsonw_kstr(w, "modified", c->modified);
        jsonw_kbool(w, "sunsetCommentsRequired", c->sunset_comments_required);
        jsonw_kstr(w, "mandatoryCommentRequirement", c->mandatory_comment);
        json_t *info = c->info_json ? json_loads(c->info_json, 0, NULL) : NULL;
        const char *key;
        json_t *v;
        json_object_foreach(info, key, v) {
            jsonw_key(w, key);
            write_json(w, v);
        }
        json_decref(info);
    }
    jsonw_obj_close(w);
}

int render_campaign_slim(const store_campaign *c, void *payload)
{
    render_campaign(payload, c, false);
    return 0;
}

int render_campaign_full(const store_campaign *c, void *payload)
{
    render_campaign(payload, c, true);
    return 0;
}
