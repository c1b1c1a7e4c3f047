/*
 * test_client_schema: the decoder's schema tables (decode.c), row by row.
 * For every field of every DTO, nested ones included, a value of the wrong
 * type must fail with the field's own JSON path, and a string field must
 * land in the member its row names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
}

static void test_schema__strings_land_in_their_member(void **state)
{
    (void)state;
    strings_land(&recert__dto_certification, true);
    strings_land(&recert__dto_identity_reference, true);
    strings_land(&recert__dto_permission, true);
    strings_land(&recert__dto_task, true);
    strings_land(&recert__dto_error_response, false);
}

static void test_schema__list_items_keep_their_json(void **state)
{
    (void)state;
    const dto_t *items[] = { &recert__dto_certification, &recert__dto_identity_reference,
                             &recert__dto_permission, &recert__dto_task };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        size_t self = 0;
        for (size_t k = 0; k < items[i]->field_count; k++)
            self += items[i]->fields[k].kind == F_SELF;
        assert_int_equal(self, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema__every_field_names_its_path),
        cmocka_unit_test(test_schema__strings_land_in_their_member),
        cmocka_unit_test(test_schema__list_items_keep_their_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
