/*
 * decode: JSON (jansson) to the typed structs of recert/types.h, their
 * free functions, and the one request body (ReviewReassign).
 *
 * Tolerant where the API may grow (unknown fields are skipped; absent and
 * null read as NULL/false/0; enum values stay strings) and strict where a
 * value cannot be used (a number where a string belongs is an error naming
 * its JSON path). Task errors are strings in the beta schema but objects
 * with "text" in v3; both are accepted. Decoding fills the destination in
 * place and, on failure, clears what it filled.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dctx {
    char *err;
    size_t err_size;
    recert_code rc;    /* first failure */
} dctx_t;

static bool fail(dctx_t *d, const char *path, const char *key, const char *what)
{
    if (d->rc == RECERT_OK) {
        d->rc = RECERT_EPROTOCOL;
        if (d->err_size)
            snprintf(d->err, d->err_size, "%s%s%s%s%s", path, *path && *key ? "." : "", key,
                     *path || *key ? ": " : "", what);
    }
    return false;
}

static bool oom(dctx_t *d)
{
    if (d->rc == RECERT_OK) {
        d->rc = RECERT_ENOMEM;
        if (d->err_size)
            snprintf(d->err, d->err_size, "out of memory");
    }
    return false;
}

static const char *kind(const json_t *v)
{
    if (!v)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: break;
    }
    return "null";
}

static bool type_error(dctx_t *d, const char *path, const char *key, const char *want,
                       const json_t *v)
{
    char what[64];
    snprintf(what, sizeof what, "expected %s, got %s", want, kind(v));
    return fail(d, path, key, what);
}

static bool str_value(dctx_t *d, json_t *v, const char *path, const char *key, char **out)
{
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return type_error(d, path, key, "a string", v);
    *out = recert__strndup(json_string_value(v), json_string_length(v));
    return *out ? true : oom(d);
}

static bool get_str(dctx_t *d, json_t *o, const char *path, const char *key, char **out)
{
    return str_value(d, json_object_get(o, key), path, key, out);
}

static bool get_bool(dctx_t *d, json_t *o, const char *path, const char *key, bool *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_boolean(v))
        return type_error(d, path, key, "a boolean", v);
    *out = json_is_true(v);
    return true;
}

static bool get_int32(dctx_t *d, json_t *o, const char *path, const char *key, int32_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_integer(v))
        return type_error(d, path, key, "an integer", v);
    json_int_t n = json_integer_value(v);
    if (n < INT32_MIN || n > INT32_MAX)
        return fail(d, path, key, "integer out of range");
    *out = (int32_t)n;
    return true;
}

/* The object at key, NULL if absent or null (not an error). */
static json_t *get_obj(dctx_t *d, json_t *o, const char *path, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_object(v)) {
        type_error(d, path, key, "an object", v);
        return NULL;
    }
    return v;
}

/* Array of strings; null elements are skipped; with allow_text, an object
 * element contributes its "text" (ErrorMessageDto). */
static bool get_str_array(dctx_t *d, json_t *o, const char *path, const char *key, bool allow_text,
                          char ***out, size_t *count)
{
    json_t *a = json_object_get(o, key);
    if (!a || json_is_null(a))
        return true;
    if (!json_is_array(a))
        return type_error(d, path, key, "an array", a);
    size_t n = json_array_size(a);
    if (!n)
        return true;
    if (!(*out = calloc(n, sizeof **out)))
        return oom(d);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        char elem[64];
        snprintf(elem, sizeof elem, "%s[%zu]", key, i);
        if (allow_text && json_is_object(v))
            v = json_object_get(v, "text");
        if (!v || json_is_null(v))
            continue;
        if (!str_value(d, v, path, elem, &(*out)[*count]))
            return false;
        (*count)++;
    }
    return true;
}

/* dst = path.key, truncated to n bytes (paths only label error messages). */
static void sub(char *dst, size_t n, const char *path, const char *key)
{
    size_t k = 0;
    for (const char *s = path; *s && k + 1 < n; s++)
        dst[k++] = *s;
    if (*path && k + 1 < n)
        dst[k++] = '.';
    for (const char *s = key; *s && k + 1 < n; s++)
        dst[k++] = *s;
    dst[k] = '\0';
}

/* ---- free ------------------------------------------------------------ */

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void reviewer_free(recert_reviewer *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->name);
    free(r->email);
    free(r->type);
    free(r);
}

static void campaign_ref_free(recert_campaign_reference *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->name);
    free(c->type);
    free(c->campaign_type);
    free(c->description);
    free(c->correlated_status);
    free(c->mandatory_comment_requirement);
    free(c);
}

static void reassignment_free(recert_reassignment *r)
{
    if (!r)
        return;
    if (r->from) {
        free(r->from->id);
        free(r->from->name);
        free(r->from->type);
        reviewer_free(r->from->reviewer);
        free(r->from);
    }
    free(r->comment);
    free(r);
}

static void certification_clear(recert_certification *c)
{
    free(c->id);
    free(c->name);
    campaign_ref_free(c->campaign_ref);
    free(c->phase);
    free(c->due);
    free(c->signed_at);
    reviewer_free(c->reviewer);
    reassignment_free(c->reassignment);
    free(c->error_message);
    free(c->json);
}

void recert__certification_list_clear(recert_certification_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        certification_clear(&l->items[i]);
    free(l->items);
    *l = (recert_certification_list){ NULL, 0, -1 };
}

void recert__identity_reference_list_clear(recert_identity_reference_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        recert_identity_reference *r = &l->items[i];
        free(r->type);
        free(r->id);
        free(r->name);
        free(r->email);
        free(r->json);
    }
    free(l->items);
    *l = (recert_identity_reference_list){ NULL, 0, -1 };
}

void recert__permission_list_clear(recert_permission_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free_strv(l->items[i].rights, l->items[i].rights_count);
        free(l->items[i].target);
        free(l->items[i].json);
    }
    free(l->items);
    *l = (recert_permission_list){ NULL, 0, -1 };
}

void recert__task_clear(recert_task *t)
{
    free(t->id);
    free(t->certification_id);
    free(t->type);
    free(t->status);
    free_strv(t->errors, t->error_count);
    free(t->json);
    *t = (recert_task){ 0 };
}

void recert__task_list_clear(recert_task_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        recert__task_clear(&l->items[i]);
    free(l->items);
    *l = (recert_task_list){ NULL, 0, -1 };
}

static void messages_free(recert_error_message *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].locale);
        free(m[i].locale_origin);
        free(m[i].text);
    }
    free(m);
}

void recert__error_response_free(recert_error_response *e)
{
    if (!e)
        return;
    free(e->detail_code);
    free(e->tracking_id);
    messages_free(e->messages, e->message_count);
    messages_free(e->causes, e->cause_count);
    free(e);
}

void recert_certification_list_free(recert_certification_list *l)
{
    if (l) {
        recert__certification_list_clear(l);
        free(l);
    }
}

void recert_identity_reference_list_free(recert_identity_reference_list *l)
{
    if (l) {
        recert__identity_reference_list_clear(l);
        free(l);
    }
}

void recert_permission_list_free(recert_permission_list *l)
{
    if (l) {
        recert__permission_list_clear(l);
        free(l);
    }
}

void recert_task_list_free(recert_task_list *l)
{
    if (l) {
        recert__task_list_clear(l);
        free(l);
    }
}

void recert_task_free(recert_task *t)
{
    if (t) {
        recert__task_clear(t);
        free(t);
    }
}

bool recert_task_is_finished(const recert_task *t)
{
    return t && t->status && (strcmp(t->status, "SUCCESS") == 0 || strcmp(t->status, "ERROR") == 0);
}

/* ---- objects --------------------------------------------------------- */

static bool dec_reviewer(dctx_t *d, json_t *parent, const char *path, const char *key,
                         recert_reviewer **out)
{
    json_t *o = get_obj(d, parent, path, key);
    if (!o)
        return d->rc == RECERT_OK;
    char p[256];
    sub(p, sizeof p, path, key);
    recert_reviewer *r = *out = calloc(1, sizeof *r);
    if (!r)
        return oom(d);
    return get_str(d, o, p, "id", &r->id) && get_str(d, o, p, "name", &r->name) &&
           get_str(d, o, p, "email", &r->email) && get_str(d, o, p, "type", &r->type);
}

static bool dec_campaign_ref(dctx_t *d, json_t *parent, const char *path,
                             recert_campaign_reference **out)
{
    json_t *o = get_obj(d, parent, path, "campaignRef");
    if (!o)
        return d->rc == RECERT_OK;
    char p[256];
    sub(p, sizeof p, path, "campaignRef");
    recert_campaign_reference *c = *out = calloc(1, sizeof *c);
    if (!c)
        return oom(d);
    return get_str(d, o, p, "id", &c->id) && get_str(d, o, p, "name", &c->name) &&
           get_str(d, o, p, "type", &c->type) &&
           get_str(d, o, p, "campaignType", &c->campaign_type) &&
           get_str(d, o, p, "description", &c->description) &&
           get_str(d, o, p, "correlatedStatus", &c->correlated_status) &&
           get_str(d, o, p, "mandatoryCommentRequirement", &c->mandatory_comment_requirement);
}

static bool dec_reassignment(dctx_t *d, json_t *parent, const char *path,
                             recert_reassignment **out)
{
    json_t *o = get_obj(d, parent, path, "reassignment");
    if (!o)
        return d->rc == RECERT_OK;
    char p[256], pf[256];
    sub(p, sizeof p, path, "reassignment");
    recert_reassignment *r = *out = calloc(1, sizeof *r);
    if (!r)
        return oom(d);
    if (!get_str(d, o, p, "comment", &r->comment))
        return false;
    json_t *from = get_obj(d, o, p, "from");
    if (!from)
        return d->rc == RECERT_OK;
    sub(pf, sizeof pf, p, "from");
    recert_certification_reference *f = r->from = calloc(1, sizeof *f);
    if (!f)
        return oom(d);
    return get_str(d, from, pf, "id", &f->id) && get_str(d, from, pf, "name", &f->name) &&
           get_str(d, from, pf, "type", &f->type) &&
           dec_reviewer(d, from, pf, "reviewer", &f->reviewer);
}

static bool keep_json(dctx_t *d, json_t *o, char **out)
{
    *out = json_dumps(o, JSON_COMPACT);
    return *out ? true : oom(d);
}

static bool dec_certification(dctx_t *d, json_t *o, const char *p, recert_certification *c)
{
    return get_str(d, o, p, "id", &c->id) && get_str(d, o, p, "name", &c->name) &&
           dec_campaign_ref(d, o, p, &c->campaign_ref) && get_str(d, o, p, "phase", &c->phase) &&
           get_str(d, o, p, "due", &c->due) && get_str(d, o, p, "signed", &c->signed_at) &&
           dec_reviewer(d, o, p, "reviewer", &c->reviewer) &&
           dec_reassignment(d, o, p, &c->reassignment) &&
           get_bool(d, o, p, "hasErrors", &c->has_errors) &&
           get_str(d, o, p, "errorMessage", &c->error_message) &&
           get_bool(d, o, p, "completed", &c->completed) &&
           get_int32(d, o, p, "decisionsMade", &c->decisions_made) &&
           get_int32(d, o, p, "decisionsTotal", &c->decisions_total) &&
           get_int32(d, o, p, "entitiesCompleted", &c->entities_completed) &&
           get_int32(d, o, p, "entitiesTotal", &c->entities_total) && keep_json(d, o, &c->json);
}

static bool dec_identity_reference(dctx_t *d, json_t *o, const char *p,
                                   recert_identity_reference *r)
{
    return get_str(d, o, p, "type", &r->type) && get_str(d, o, p, "id", &r->id) &&
           get_str(d, o, p, "name", &r->name) && get_str(d, o, p, "email", &r->email) &&
           keep_json(d, o, &r->json);
}

static bool dec_permission(dctx_t *d, json_t *o, const char *p, recert_permission *r)
{
    return get_str_array(d, o, p, "rights", false, &r->rights, &r->rights_count) &&
           get_str(d, o, p, "target", &r->target) && keep_json(d, o, &r->json);
}

static bool dec_task(dctx_t *d, json_t *o, const char *p, recert_task *t)
{
    return get_str(d, o, p, "id", &t->id) &&
           get_str(d, o, p, "certificationId", &t->certification_id) &&
           get_str(d, o, p, "type", &t->type) && get_str(d, o, p, "status", &t->status) &&
           get_str_array(d, o, p, "errors", true, &t->errors, &t->error_count) &&
           keep_json(d, o, &t->json);
}

/* ---- documents ------------------------------------------------------- */

static json_t *parse(dctx_t *d, const char *text, size_t len)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root) {
        if (json_error_code(&jerr) == json_error_out_of_memory) {
            oom(d);
        } else {
            char what[200];
            snprintf(what, sizeof what, "invalid JSON at line %d column %d: %s", jerr.line,
                     jerr.column, jerr.text);
            fail(d, "", "", what);
        }
    }
    return root;
}

typedef bool (*dec_item_fn)(dctx_t *, json_t *, const char *, void *);

/* Decodes a JSON array of objects into *items (count elements of size). */
static recert_code dec_array(dctx_t *d, const char *text, size_t len, size_t size, void **items,
                             size_t *count, dec_item_fn fn)
{
    json_t *root = parse(d, text, len);
    if (!root)
        return d->rc;
    if (!json_is_array(root)) {
        type_error(d, "", "", "an array", root);
    } else if (json_array_size(root)) {
        size_t n = json_array_size(root);
        if (!(*items = calloc(n, size))) {
            oom(d);
        } else {
            *count = n; /* all zeroed: the clear function may walk every one */
            for (size_t i = 0; i < n && d->rc == RECERT_OK; i++) {
                json_t *o = json_array_get(root, i);
                char p[32];
                snprintf(p, sizeof p, "[%zu]", i);
                if (!json_is_object(o))
                    type_error(d, p, "", "an object", o);
                else
                    fn(d, o, p, (char *)*items + i * size);
            }
        }
    }
    json_decref(root);
    return d->rc;
}

#define DCTX { err, err_size, RECERT_OK }
#define ADAPT(name, fn, T) \
    static bool name(dctx_t *d, json_t *o, const char *p, void *dst) { return fn(d, o, p, (T *)dst); }
ADAPT(item_certification, dec_certification, recert_certification)
ADAPT(item_identity_reference, dec_identity_reference, recert_identity_reference)
ADAPT(item_permission, dec_permission, recert_permission)
ADAPT(item_task, dec_task, recert_task)

recert_code recert__decode_certifications(recert_certification_list *out, const char *json,
                                          size_t len, char *err, size_t err_size)
{
    dctx_t d = DCTX;
    out->total = -1;
    if (dec_array(&d, json, len, sizeof *out->items, (void **)&out->items, &out->count,
                  item_certification))
        recert__certification_list_clear(out);
    return d.rc;
}

recert_code recert__decode_identity_references(recert_identity_reference_list *out,
                                               const char *json, size_t len, char *err,
                                               size_t err_size)
{
    dctx_t d = DCTX;
    out->total = -1;
    if (dec_array(&d, json, len, sizeof *out->items, (void **)&out->items, &out->count,
                  item_identity_reference))
        recert__identity_reference_list_clear(out);
    return d.rc;
}

recert_code recert__decode_permissions(recert_permission_list *out, const char *json, size_t len,
                                       char *err, size_t err_size)
{
    dctx_t d = DCTX;
    out->total = -1;
    if (dec_array(&d, json, len, sizeof *out->items, (void **)&out->items, &out->count,
                  item_permission))
        recert__permission_list_clear(out);
    return d.rc;
}

recert_code recert__decode_tasks(recert_task_list *out, const char *json, size_t len, char *err,
                                 size_t err_size)
{
    dctx_t d = DCTX;
    out->total = -1;
    if (dec_array(&d, json, len, sizeof *out->items, (void **)&out->items, &out->count,
                  item_task))
        recert__task_list_clear(out);
    return d.rc;
}

recert_code recert__decode_task(recert_task *out, const char *json, size_t len, char *err,
                                size_t err_size)
{
    dctx_t d = DCTX;
    json_t *root = parse(&d, json, len);
    if (root) {
        if (!json_is_object(root))
            type_error(&d, "", "", "an object", root);
        else
            dec_task(&d, root, "", out);
        json_decref(root);
    }
    if (d.rc)
        recert__task_clear(out);
    return d.rc;
}

static bool dec_messages(dctx_t *d, json_t *o, const char *key, recert_error_message **out,
                         size_t *count)
{
    json_t *a = json_object_get(o, key);
    if (!a || json_is_null(a))
        return true;
    if (!json_is_array(a))
        return type_error(d, "", key, "an array", a);
    size_t n = json_array_size(a);
    if (!n)
        return true;
    if (!(*out = calloc(n, sizeof **out)))
        return oom(d);
    *count = n;
    for (size_t i = 0; i < n; i++) {
        json_t *m = json_array_get(a, i);
        char p[64];
        snprintf(p, sizeof p, "%s[%zu]", key, i);
        if (json_is_null(m))
            continue;
        if (!json_is_object(m))
            return type_error(d, p, "", "an object", m);
        if (!get_str(d, m, p, "locale", &(*out)[i].locale) ||
            !get_str(d, m, p, "localeOrigin", &(*out)[i].locale_origin) ||
            !get_str(d, m, p, "text", &(*out)[i].text))
            return false;
    }
    return true;
}

recert_code recert__decode_error_response(recert_error_response *out, const char *json,
                                          size_t len, char *err, size_t err_size)
{
    dctx_t d = DCTX;
    json_t *root = parse(&d, json, len);
    if (root) {
        if (!json_is_object(root))
            type_error(&d, "", "", "an object", root);
        else if (get_str(&d, root, "", "detailCode", &out->detail_code) &&
                 get_str(&d, root, "", "trackingId", &out->tracking_id) &&
                 dec_messages(&d, root, "messages", &out->messages, &out->message_count))
            dec_messages(&d, root, "causes", &out->causes, &out->cause_count);
        json_decref(root);
    }
    if (d.rc) {
        free(out->detail_code);
        free(out->tracking_id);
        messages_free(out->messages, out->message_count);
        messages_free(out->causes, out->cause_count);
        *out = (recert_error_response){ 0 };
    }
    return d.rc;
}

/* A JSON string, or NULL with *rc set: EINVALID for bytes that are not
 * UTF-8 (jansson refuses them), ENOMEM otherwise. */
static json_t *jstr(const char *s, recert_code *rc)
{
    json_t *v = json_string(s);
    if (!v && *rc == RECERT_OK) {
        json_t *raw = json_stringn_nocheck(s, strlen(s));
        *rc = raw ? RECERT_EINVALID : RECERT_ENOMEM;
        json_decref(raw);
    }
    return v;
}

recert_code recert__encode_review_reassign(char **out, const recert_review_reassign *r)
{
    recert_code rc = RECERT_OK;
    *out = NULL;
    json_t *root = json_object(), *list = json_array();
    if (!root || !list) {
        rc = RECERT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < r->reassign_count; i++) {
        json_t *ref = json_object();
        if (!ref || json_array_append_new(list, ref) ||
            json_object_set_new(ref, "id", jstr(r->reassign[i].id, &rc)) ||
            json_object_set_new(ref, "type", jstr(r->reassign[i].type, &rc)))
            goto done;
    }
    if (json_object_set(root, "reassign", list) ||
        json_object_set_new(root, "reassignTo", jstr(r->reassign_to, &rc)) ||
        json_object_set_new(root, "reason", jstr(r->reason, &rc)))
        goto done;
    if (!(*out = json_dumps(root, JSON_COMPACT)))
        rc = RECERT_ENOMEM;
done:
    if (rc == RECERT_OK && !*out)
        rc = RECERT_ENOMEM;
    json_decref(list);
    json_decref(root);
    return rc;
}
