/*
 * render: SailPoint's beta response shapes, written as JSON from store
 * rows. Each function is a store row callback whose payload is the
 * jsonw_t to write to, so a collection streams from the store straight
 * into the response body.
 */
#include "render.h"

#include <string.h>

#include <jansson.h>

static void render_reviewer(jsonw_t *w, const store_reviewer *r)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", r->type);
    jsonw_kstr(w, "id", r->id);
    jsonw_kstr(w, "name", r->name ? r->name : r->id);
    jsonw_kstr(w, "email", r->email);
    jsonw_obj_close(w);
}

/* beta's CertificationDto and v3's IdentityCertificationDto differ only
 * in two names: campaignRef/campaign and entities.../identities... */
static void render_cert_as(jsonw_t *w, const store_cert *c, bool v3)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", c->id);
    jsonw_kstr(w, "name", c->name);
    jsonw_key(w, v3 ? "campaign" : "campaignRef");
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", c->campaign_id);
    jsonw_kstr(w, "name", c->campaign_name);
    jsonw_kstr(w, "type", "CAMPAIGN");
    jsonw_kstr(w, "campaignType", c->campaign_type);
    jsonw_kstr(w, "description", c->campaign_description);
    jsonw_kstr(w, "correlatedStatus", c->campaign_correlated_status);
    jsonw_kstr(w, "mandatoryCommentRequirement", c->campaign_mandatory_comment);
    jsonw_obj_close(w);
    jsonw_kstr(w, "phase", c->phase);
    jsonw_kstr(w, "due", c->due);
    jsonw_kstr(w, "signed", c->signed_at);
    jsonw_key(w, "reviewer");
    render_reviewer(w, &c->reviewer);
    jsonw_key(w, "reassignment");
    if (c->reassigned) {
        jsonw_obj_open(w);
        jsonw_key(w, "from");
        jsonw_obj_open(w);
        jsonw_kstr(w, "id", c->from_id);
        jsonw_kstr(w, "name", c->from_name);
        jsonw_kstr(w, "type", "CERTIFICATION");
        jsonw_key(w, "reviewer");
        if (c->from_reviewer.type)
            render_reviewer(w, &c->from_reviewer);
        else
            jsonw_null(w);
        jsonw_obj_close(w);
        jsonw_kstr(w, "comment", c->reassign_comment);
        jsonw_obj_close(w);
    } else {
        jsonw_null(w);
    }
    jsonw_kbool(w, "hasErrors", c->has_errors);
    jsonw_kstr(w, "errorMessage", c->error_message);
    jsonw_kbool(w, "completed", c->completed);
    jsonw_kint(w, "decisionsMade", c->decisions_made);
    jsonw_kint(w, "decisionsTotal", c->decisions_total);
    jsonw_kint(w, v3 ? "identitiesCompleted" : "entitiesCompleted", c->entities_completed);
    jsonw_kint(w, v3 ? "identitiesTotal" : "entitiesTotal", c->entities_total);
    jsonw_kstr(w, "created", c->created);
    jsonw_kstr(w, "modified", c->modified);
    jsonw_obj_close(w);
}

int render_cert(const store_cert *c, void *payload)
{
    render_cert_as(payload, c, false);
    return 0;
}

int render_cert_v3(const store_cert *c, void *payload)
{
    render_cert_as(payload, c, true);
    return 0;
}

int render_identity(const store_identity_ref *r, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", "IDENTITY");
    jsonw_kstr(w, "id", r->id);
    jsonw_kstr(w, "name", r->name);
    jsonw_kstr(w, "email", r->email);
    jsonw_obj_close(w);
    return 0;
}

int render_permission(const store_permission *p, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_key(w, "rights");
    jsonw_arr_open(w);
    for (size_t i = 0; i < p->right_count; i++)
        jsonw_str(w, p->rights[i]);
    jsonw_arr_close(w);
    jsonw_kstr(w, "target", p->target);
    jsonw_obj_close(w);
    return 0;
}

/* A task's errors: a JSON array of strings that the store wrote itself;
 * most tasks have none, which needs no parsing. beta lists the strings,
 * v3 ErrorMessageDto objects. */
static void render_task_errors(jsonw_t *w, const store_task *t, bool v3)
{
    jsonw_key(w, "errors");
    jsonw_arr_open(w);
    json_t *errors = NULL;
    if (t->errors_json && strcmp(t->errors_json, "[]") != 0)
        errors = json_loads(t->errors_json, 0, NULL);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        if (!v3) {
            jsonw_str(w, json_string_value(e));
            continue;
        }
        jsonw_obj_open(w);
        jsonw_kstr(w, "locale", "en-US");
        jsonw_kstr(w, "localeOrigin", "DEFAULT");
        jsonw_kstr(w, "text", json_string_value(e));
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    json_decref(errors);
}

int render_task(const store_task *t, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", t->id);
    jsonw_kstr(w, "certificationId", t->target_id);
    jsonw_kstr(w, "type", t->type);
    jsonw_kstr(w, "status", t->status);
    render_task_errors(w, t, false);
    jsonw_obj_close(w);
    return 0;
}

int render_task_v3(const store_task *t, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", t->id);
    jsonw_kstr(w, "type", t->type);
    jsonw_kstr(w, "targetType", t->target_type);
    jsonw_kstr(w, "targetId", t->target_id);
    jsonw_kstr(w, "status", t->status);
    render_task_errors(w, t, true);
    jsonw_kstr(w, "created", t->created);
    jsonw_obj_close(w);
    return 0;
}

int render_remediation(const store_remediation *r, void *payload)
{
    jsonw_t *w = payload;
    jsonw_obj_open(w);
    jsonw_kstr(w, "identityId", r->identity_id);
    jsonw_kstr(w, "accessType", r->access_type);
    jsonw_kstr(w, "accessId", r->access_id);
    jsonw_kstr(w, "certificationId", r->certification_id);
    jsonw_kstr(w, "campaignId", r->campaign_id);
    jsonw_kstr(w, "reviewerId", r->reviewer_id);
    jsonw_kstr(w, "decidedBy", r->decided_by);
    jsonw_kstr(w, "comments", r->comments);
    jsonw_kstr(w, "decided", r->decided);
    jsonw_kstr(w, "removeAt", r->remove_at);
    jsonw_kstr(w, "removed", r->removed);
    jsonw_kstr(w, "cancelled", r->cancelled);
    jsonw_obj_close(w);
    return 0;
}
