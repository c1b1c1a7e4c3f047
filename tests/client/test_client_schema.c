/*
 * test_client_schema: the decoder's schema tables (decode.c), row by row.
 * For every field of every DTO, nested ones included, a value of the wrong
 * type must fail with the field's own JSON path, and a string field must
 * land in the member its row names. The v3 tables cover every property
 * of their schemas in ../shared/spec/certifications-campaigns-v3.openapi.json.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include "internal.h"

static const char *wrong_value(field_kind k, const char **want)
{
    switch (k) {
    case F_STRING: *want = "expected a string, got a number"; return "7";
    case F_BOOL: *want = "expected a boolean, got a number"; return "7";
    case F_INT32: *want = "expected an integer, got a number"; return "1.5";
    case F_OBJECT: *want = "expected an object, got a number"; return "7";
    case F_STRINGS: case F_TEXTS: case F_OBJECTS: *want = "expected an array, got a number"; return "7";
    case F_SELF: break;
    }
    return NULL;
}

/* Decodes prefix {"key": value} suffix as the top-level schema. */
static recert_code decode(const dto_t *top, bool list, const char *doc, char *err, size_t n)
{
    if (list) {
        rlist_t l = RLIST_INIT;
        recert_code rc = recert__list_decode(&l, top, doc, strlen(doc), err, n);
        recert__list_clear(&l, top);
        return rc;
    }
    char obj[512] = { 0 };
    assert_true(top->size <= sizeof obj);
    recert_code rc = recert__object_decode(obj, top, doc, strlen(doc), err, n);
    recert__object_clear(obj, top);
    return rc;
}

static void walk(const dto_t *top, bool list, const dto_t *t, const char *prefix,
                 const char *suffix, const char *path, int depth)
{
    assert_true(depth < 8);
    for (size_t i = 0; i < t->field_count; i++) {
        const field_t *f = &t->fields[i];
        assert_true(f->offset + sizeof(void *) <= t->size || f->kind == F_BOOL ||
                    f->kind == F_INT32);
        if (f->kind == F_SELF) {
            assert_null(f->key);
            continue;
        }
        assert_non_null(f->key);
        const char *want = "";
        const char *value = wrong_value(f->kind, &want);
        char doc[2048], expect[512], err[512] = "";
        snprintf(doc, sizeof doc, "%s%s{\"%s\": %s}%s%s", list ? "[" : "", prefix, f->key, value,
                 suffix, list ? "]" : "");
        snprintf(expect, sizeof expect, "%s%s%s: %s", path, *path ? "." : "", f->key, want);
        assert_int_equal(decode(top, list, doc, err, sizeof err), RECERT_EPROTOCOL);
        assert_string_equal(err, expect);
        char p[256], pre[1024], suf[1024];
        if (f->kind == F_OBJECT || f->kind == F_OBJECTS) {
            bool array = f->kind == F_OBJECTS;
            snprintf(p, sizeof p, "%s%s%s%s", path, *path ? "." : "", f->key, array ? "[0]" : "");
            snprintf(pre, sizeof pre, "%s{\"%s\": %s", prefix, f->key, array ? "[" : "");
            snprintf(suf, sizeof suf, "%s}%s", array ? "]" : "", suffix);
            walk(top, list, f->dto, pre, suf, p, depth + 1);
        }
    }
}

/* A string at the top level lands in the member at the row's offset. */
static void strings_land(const dto_t *t, bool list)
{
    for (size_t i = 0; i < t->field_count; i++) {
        const field_t *f = &t->fields[i];
        if (f->kind != F_STRING)
            continue;
        char doc[256], err[256] = "", obj[512] = { 0 };
        snprintf(doc, sizeof doc, "%s{\"%s\": \"v-%s\"}%s", list ? "[" : "", f->key, f->key,
                 list ? "]" : "");
        rlist_t l = RLIST_INIT;
        const char *item = obj;
        if (list) {
            assert_int_equal(recert__list_decode(&l, t, doc, strlen(doc), err, sizeof err),
                             RECERT_OK);
            assert_int_equal(l.count, 1);
            item = l.items;
        } else {
            assert_int_equal(recert__object_decode(obj, t, doc, strlen(doc), err, sizeof err),
                             RECERT_OK);
        }
        const char *s;
        memcpy(&s, item + f->offset, sizeof s);
        assert_non_null(s);
        assert_string_equal(s + 2, f->key);
        if (list)
            recert__list_clear(&l, t);
        else
            recert__object_clear(obj, t);
    }
}

static void test_schema__every_field_names_its_path(void **state)
{
    (void)state;
    walk(&recert__dto_certification, true, &recert__dto_certification, "", "", "[0]", 0);
    walk(&recert__dto_identity_reference, true, &recert__dto_identity_reference, "", "", "[0]", 0);
    walk(&recert__dto_permission, true, &recert__dto_permission, "", "", "[0]", 0);
    walk(&recert__dto_task, true, &recert__dto_task, "", "", "[0]", 0);
    walk(&recert__dto_error_response, false, &recert__dto_error_response, "", "", "", 0);
    /* v3: lists, and the objects that come alone */
    const dto_t *v3_lists[] = { &recert__dto_identity_certification,
                                &recert__dto_access_review_item, &recert__dto_access_summary,
                                &recert__dto_identity_summary, &recert__dto_certification_task };
    for (size_t i = 0; i < sizeof v3_lists / sizeof v3_lists[0]; i++)
        walk(v3_lists[i], true, v3_lists[i], "", "", "[0]", 0);
    const dto_t *v3_objects[] = { &recert__dto_identity_certification,
                                  &recert__dto_identity_summary, &recert__dto_decision_summary,
                                  &recert__dto_certification_task };
    for (size_t i = 0; i < sizeof v3_objects / sizeof v3_objects[0]; i++)
        walk(v3_objects[i], false, v3_objects[i], "", "", "", 0);
}

static void test_schema__strings_land_in_their_member(void **state)
{
    (void)state;
    strings_land(&recert__dto_certification, true);
    strings_land(&recert__dto_identity_reference, true);
    strings_land(&recert__dto_permission, true);
    strings_land(&recert__dto_task, true);
    strings_land(&recert__dto_error_response, false);
    strings_land(&recert__dto_identity_certification, true);
    strings_land(&recert__dto_identity_certification, false);
    strings_land(&recert__dto_access_review_item, true);
    strings_land(&recert__dto_access_summary, true);
    strings_land(&recert__dto_identity_summary, false);
    strings_land(&recert__dto_certification_task, false);
}

static void test_schema__list_items_keep_their_json(void **state)
{
    (void)state;
    const dto_t *items[] = { &recert__dto_certification, &recert__dto_identity_reference,
                             &recert__dto_permission, &recert__dto_task,
                             &recert__dto_identity_certification, &recert__dto_access_review_item,
                             &recert__dto_access_summary, &recert__dto_identity_summary,
                             &recert__dto_decision_summary, &recert__dto_certification_task };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        size_t self = 0;
        for (size_t k = 0; k < items[i]->field_count; k++)
            self += items[i]->fields[k].kind == F_SELF;
        assert_int_equal(self, 1);
    }
}

/* The table of the member at key (an F_OBJECT or F_OBJECTS row), or NULL. */
static const dto_t *child(const dto_t *t, const char *key)
{
    for (size_t i = 0; t && i < t->field_count; i++)
        if (t->fields[i].key && strcmp(t->fields[i].key, key) == 0)
            return t->fields[i].dto;
    return NULL;
}

static bool has_key(const dto_t *t, const char *key)
{
    for (size_t i = 0; i < t->field_count; i++)
        if (t->fields[i].key && strcmp(t->fields[i].key, key) == 0)
            return true;
    return false;
}

/* Every property the spec gives a v3 schema is a row of its table (the
 * tables may know more: beta's, or what recertd serves besides). */
static void test_schema__v3_tables_cover_the_spec(void **state)
{
    (void)state;
    json_error_t err;
    json_t *spec = json_load_file(RECERT_V3_SPEC, 0, &err);
    if (!spec) {
        fprintf(stderr, "# %s: %s: the v3 spec is needed for this test\n", RECERT_V3_SPEC, err.text);
        fail();
    }
    json_t *schemas = json_object_get(json_object_get(spec, "components"), "schemas");
    const dto_t *item = &recert__dto_access_review_item;
    const dto_t *summary = child(item, "accessSummary");
    const dto_t *ent = child(summary, "entitlement");
    const struct {
        const dto_t *dto;
        const char *schema; /* name, or name/property for an inline object */
    } rows[] = {
        { &recert__dto_identity_certification, "IdentityCertificationDto" },
        { child(&recert__dto_identity_certification, "campaign"), "CampaignReference" },
        { child(&recert__dto_identity_certification, "reviewer"), "Reviewer" },
        { child(&recert__dto_identity_certification, "reassignment"), "Reassignment" },
        { child(child(&recert__dto_identity_certification, "reassignment"), "from"),
          "CertificationReference" },
        { item, "AccessReviewItem" },
        { summary, "AccessSummary" },
        { &recert__dto_access_summary, "AccessSummary" },
        { child(summary, "access"), "AccessSummary/access" },
        { ent, "ReviewableEntitlement" },
        { child(ent, "owner"), "IdentityReferenceWithNameAndEmail" },
        { child(ent, "account"), "ReviewableEntitlement/account" },
        { child(child(ent, "account"), "activityInsights"), "ActivityInsights" },
        { child(child(ent, "account"), "owner"), "ReviewableEntitlement/account/owner" },
        { child(ent, "dataAccess"), "DataAccess" },
        { child(summary, "accessProfile"), "ReviewableAccessProfile" },
        { child(summary, "role"), "ReviewableRole" },
        { child(item, "identitySummary"), "CertificationIdentitySummary" },
        { &recert__dto_identity_summary, "CertificationIdentitySummary" },
        { &recert__dto_decision_summary, "IdentityCertDecisionSummary" },
        { &recert__dto_certification_task, "CertificationTask" },
        { child(&recert__dto_certification_task, "errors"), "ErrorMessageDto" },
        { child(&recert__dto_certification_task, "reassignmentTrailDTOs"),
          "ReassignmentTrailDTO" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s", rows[i].schema);
        char *part = strtok(name, "/");
        json_t *schema = json_object_get(schemas, part);
        while ((part = strtok(NULL, "/")))
            schema = json_object_get(json_object_get(schema, "properties"), part);
        if (!schema || !rows[i].dto)
            fail_msg("%s: no schema in the spec or no table", rows[i].schema);
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(schema, "properties"), key, v) {
            if (!has_key(rows[i].dto, key))
                fail_msg("%s.%s: in the spec, not in the table %s", rows[i].schema, key,
                         rows[i].dto->name);
        }
    }
    json_decref(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema__every_field_names_its_path),
        cmocka_unit_test(test_schema__strings_land_in_their_member),
        cmocka_unit_test(test_schema__list_items_keep_their_json),
        cmocka_unit_test(test_schema__v3_tables_cover_the_spec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
