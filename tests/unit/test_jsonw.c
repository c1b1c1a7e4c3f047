/*
 * Unit tests for src/common/jsonw.c (the streaming JSON writer every
 * response goes through) and src/common/buf.c (the capped buffer under it).
 * The writer's output is compared byte for byte: clients and the API tests
 * see exactly these bytes, so a faster writer must not change one of them.
 * Needs only buf and jsonw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/jsonw.h"

/* The escaping rules spelled out byte by byte, to hold the writer to. */
static void reference_escape(buf_t *b, const char *s, size_t len)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"')
            buf_puts(b, "\\\"");
        else if (c == '\\')
            buf_puts(b, "\\\\");
        else if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\r')
            buf_puts(b, "\\r");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

static void assert_escapes_like_reference(const char *s, size_t len)
{
    buf_t got = BUF_INIT, want = BUF_INIT;
    json_escape_to(&got, s, len);
    reference_escape(&want, s, len);
    assert_false(got.failed);
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, want.len + 1); /* with the NUL */
    buf_free(&got);
    buf_free(&want);
}

/* ---- structure ---- */

static void test_jsonw__nesting_and_separators(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "a", 1);
    jsonw_key(&w, "b");
    jsonw_arr_open(&w);
    jsonw_int(&w, 1);
    jsonw_str(&w, "two");
    jsonw_obj_open(&w);
    jsonw_knull(&w, "c");
    jsonw_kbool(&w, "d", true);
    jsonw_obj_close(&w);
    jsonw_arr_open(&w);
    jsonw_arr_close(&w);
    jsonw_obj_open(&w);
    jsonw_obj_close(&w);
    jsonw_null(&w);
    jsonw_arr_close(&w);
    jsonw_key(&w, "e");
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "f", "g");
    jsonw_key(&w, "h");
    jsonw_arr_open(&w);
    jsonw_arr_open(&w);
    jsonw_bool(&w, false);
    jsonw_arr_close(&w);
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    jsonw_kstr(&w, "i", NULL);
    jsonw_obj_close(&w);
    assert_false(jsonw_failed(&w));
    assert_string_equal(b.data, "{\"a\":1,\"b\":[1,\"two\",{\"c\":null,\"d\":true},[],{},null],"
                                "\"e\":{\"f\":\"g\",\"h\":[[false]]},\"i\":null}");
    assert_int_equal(b.len, strlen(b.data));
    buf_free(&b);
}

static void test_jsonw__top_level_values(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_str(&w, "x");
    assert_string_equal(b.data, "\"x\"");
    buf_reset(&b);
    jsonw_init(&w, &b);
    jsonw_arr_open(&w);
    for (int i = 0; i < 3; i++) {
        jsonw_obj_open(&w);
        jsonw_kint(&w, "n", i);
        jsonw_kstr(&w, "s", "v");
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    assert_false(jsonw_failed(&w));
    assert_string_equal(b.data, "[{\"n\":0,\"s\":\"v\"},{\"n\":1,\"s\":\"v\"},{\"n\":2,\"s\":\"v\"}]");
    buf_free(&b);
}

static void test_jsonw__null_bool_and_shorthands(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_arr_open(&w);
    jsonw_null(&w);
    jsonw_bool(&w, true);
    jsonw_bool(&w, false);
    jsonw_str(&w, NULL);
    jsonw_str(&w, "");
    jsonw_strn(&w, "abc", 2);
    jsonw_strn(&w, NULL, 0);
    jsonw_arr_close(&w);
    assert_string_equal(b.data, "[null,true,false,null,\"\",\"ab\",\"\"]");
    buf_reset(&b);
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kbool(&w, "t", true);
    jsonw_kbool(&w, "f", false);
    jsonw_knull(&w, "n");
    jsonw_kstr(&w, "s", "");
    jsonw_kstr(&w, "z", NULL);
    jsonw_kint(&w, "i", -7);
    jsonw_key(&w, "");
    jsonw_str(&w, "empty key");
    jsonw_obj_close(&w);
    assert_false(jsonw_failed(&w));
    assert_string_equal(b.data, "{\"t\":true,\"f\":false,\"n\":null,\"s\":\"\",\"z\":null,\"i\":-7,"
                                "\"\":\"empty key\"}");
    buf_free(&b);
}

static void test_jsonw__integers(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *text;
    } cases[] = {
        { 0, "0" },
        { -1, "-1" },
        { 1, "1" },
        { 9, "9" },
        { 10, "10" },
        { -10, "-10" },
        { 36, "36" },
        { INT64_MAX, "9223372036854775807" },
        { INT64_MIN, "-9223372036854775808" },
        { INT64_MIN + 1, "-9223372036854775807" },
        { INT64_C(1000000000000000000), "1000000000000000000" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf_t b = BUF_INIT;
        jsonw_t w;
        jsonw_init(&w, &b);
        jsonw_int(&w, cases[i].v);
        assert_string_equal(b.data, cases[i].text);
        buf_reset(&b);
        jsonw_init(&w, &b);
        jsonw_obj_open(&w);
        jsonw_kint(&w, "a", cases[i].v);
        jsonw_kint(&w, "b", cases[i].v);
        jsonw_obj_close(&w);
        char want[80];
        snprintf(want, sizeof want, "{\"a\":%s,\"b\":%s}", cases[i].text, cases[i].text);
        assert_string_equal(b.data, want);
        buf_free(&b);
    }
}

static void test_jsonw__depth_limit(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    for (int i = 0; i < JSONW_DEPTH - 1; i++)
        jsonw_arr_open(&w);
    assert_false(jsonw_failed(&w));
    jsonw_obj_open(&w); /* one too deep */
    assert_true(jsonw_failed(&w));
    assert_int_equal(b.len, JSONW_DEPTH - 1);
    for (int i = 0; i < JSONW_DEPTH - 1; i++)
        jsonw_arr_close(&w);
    assert_true(jsonw_failed(&w)); /* sticky */
    assert_false(buf_failed(&b));  /* the buffer itself is fine */

    /* closing what was never opened fails too */
    buf_reset(&b);
    jsonw_init(&w, &b);
    jsonw_arr_open(&w);
    jsonw_arr_close(&w);
    assert_false(jsonw_failed(&w));
    jsonw_obj_close(&w);
    assert_true(jsonw_failed(&w));
    assert_string_equal(b.data, "[]");
    buf_free(&b);
}

/* ---- escaping ---- */

static void test_jsonw__escapes_control_chars(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 0x20; c++) {
        char s[3] = { 'a', (char)c, 'b' };
        char want[16];
        const char *named = c == '\n' ? "n" : c == '\r' ? "r" : c == '\t' ? "t" : NULL;
        if (named)
            snprintf(want, sizeof want, "\"a\\%sb\"", named);
        else
            snprintf(want, sizeof want, "\"a\\u00%c%cb\"", "01"[c >> 4], "0123456789abcdef"[c & 15]);
        buf_t b = BUF_INIT;
        json_escape_to(&b, s, sizeof s);
        assert_string_equal(b.data, want);
        buf_free(&b);
    }
    buf_t b = BUF_INIT;
    json_escape_to(&b, "\x08\x0c\x1f\x7f", 4); /* no \b or \f; DEL passes */
    assert_string_equal(b.data, "\"\\u0008\\u000c\\u001f\x7f\"");
    buf_free(&b);
}

static void test_jsonw__escapes_quotes_and_backslash(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "q", "say \"hi\"");
    jsonw_kstr(&w, "path", "C:\\dir\\");
    jsonw_kstr(&w, "slash", "a/b"); /* '/' is not escaped */
    jsonw_kstr(&w, "all", "\"\\\n\r\t");
    jsonw_obj_close(&w);
    assert_string_equal(b.data, "{\"q\":\"say \\\"hi\\\"\",\"path\":\"C:\\\\dir\\\\\","
                                "\"slash\":\"a/b\",\"all\":\"\\\"\\\\\\n\\r\\t\"}");
    buf_free(&b);
}

static void test_jsonw__keys_are_escaped_when_needed(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "plain", 1);
    jsonw_kint(&w, "a\"b", 2);
    jsonw_kstr(&w, "back\\slash", "v");
    jsonw_kbool(&w, "tab\there", true);
    jsonw_knull(&w, "nl\n");
    jsonw_key(&w, "ctl\x01");
    jsonw_str(&w, "x");
    jsonw_kstr(&w, "long key with a \"quote\" past eight bytes", "v\"");
    jsonw_obj_close(&w);
    assert_false(jsonw_failed(&w));
    assert_string_equal(b.data, "{\"plain\":1,\"a\\\"b\":2,\"back\\\\slash\":\"v\","
                                "\"tab\\there\":true,\"nl\\n\":null,\"ctl\\u0001\":\"x\","
                                "\"long key with a \\\"quote\\\" past eight bytes\":\"v\\\"\"}");
    buf_free(&b);
}

static void test_jsonw__utf8_and_high_bytes_pass_through(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "caf\xc3\xa9", "Jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    jsonw_kstr(&w, "raw", "\x80\xff\xfe\xc3"); /* not UTF-8: still untouched */
    jsonw_obj_close(&w);
    assert_string_equal(b.data, "{\"caf\xc3\xa9\":\"Jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
                                "\"raw\":\"\x80\xff\xfe\xc3\"}");
    buf_free(&b);
}

static void test_jsonw__nul_inside_strn(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_strn(&w, "a\0b", 3);
    assert_int_equal(b.len, 10);
    assert_memory_equal(b.data, "\"a\\u0000b\"", 11);
    buf_free(&b);
}

/* The writer tests strings several bytes at a time: put every byte value at
 * every position of strings around those steps' sizes. */
static void test_jsonw__every_byte_at_every_position(void **state)
{
    (void)state;
    char s[40];
    for (size_t len = 1; len <= sizeof s; len++) {
        for (size_t pos = 0; pos < len; pos++) {
            for (unsigned c = 0; c < 256; c++) {
                memset(s, 'x', len);
                s[pos] = (char)c;
                assert_escapes_like_reference(s, len);
            }
        }
    }
    /* and runs of escapes, and a long clean run after one */
    char many[300];
    for (size_t i = 0; i < sizeof many; i++)
        many[i] = (char)(i % 7 == 0 ? '"' : i % 11 == 0 ? '\x02' : i % 5 == 0 ? '\\' : 'a' + i % 26);
    assert_escapes_like_reference(many, sizeof many);
    memset(many, 'y', sizeof many);
    many[0] = '\n';
    assert_escapes_like_reference(many, sizeof many);
}

/* ---- buf ---- */

static void test_jsonw__buf_cap_is_sticky(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 10);
    assert_int_equal(buf_append(&b, "0123456789", 10), 0); /* exactly max fits */
    assert_int_equal(b.len, 10);
    assert_false(buf_failed(&b));
    assert_int_equal(buf_putc(&b, 'x'), -1);
    assert_true(buf_failed(&b));
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    /* every later append fails, even ones that would fit */
    assert_int_equal(buf_append(&b, "", 0), -1);
    assert_int_equal(buf_puts(&b, ""), -1);
    assert_int_equal(buf_printf(&b, "%s", ""), -1);
    assert_int_equal(buf_reserve(&b, 1), -1);
    assert_int_equal(b.len, 10);
    assert_string_equal(buf_cstr(&b), "0123456789");
    /* until a reset */
    buf_reset(&b);
    assert_false(buf_failed(&b));
    assert_int_equal(buf_puts(&b, "abc"), 0);
    assert_string_equal(b.data, "abc");

    /* one append that does not fit is refused whole */
    assert_int_equal(buf_append(&b, "defghijk", 8), -1);
    assert_true(buf_failed(&b));
    assert_string_equal(b.data, "abc");

    /* as is printf output */
    buf_reset(&b);
    assert_int_equal(buf_printf(&b, "%d-%d", 1234, 5678), 0);
    assert_int_equal(buf_printf(&b, "%d", 12), -1);
    assert_true(buf_failed(&b));
    assert_string_equal(b.data, "1234-5678");
    buf_free(&b);
}

static void test_jsonw__writer_over_a_capped_buf(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 16);
    jsonw_t w;
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "k", "v");
    assert_false(jsonw_failed(&w));
    jsonw_kstr(&w, "key", "value that does not fit");
    assert_true(jsonw_failed(&w));
    jsonw_kint(&w, "n", 1);
    jsonw_obj_close(&w);
    assert_true(jsonw_failed(&w));
    assert_true(b.len <= 16);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data, "{\"k\":\"v\"", 8); /* what fitted stays */
    buf_free(&b);
}

static void test_jsonw__buf_growth_and_printf(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    assert_string_equal(buf_cstr(&b), "");
    char want[5001];
    for (int i = 0; i < 5000; i++) {
        assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
        want[i] = (char)('a' + i % 26);
    }
    want[5000] = '\0';
    assert_int_equal(b.len, 5000);
    assert_string_equal(b.data, want);
    /* printf output that fits the spare room, then output that does not */
    buf_reset(&b);
    assert_int_equal(buf_printf(&b, "%s=%d", "x", 42), 0);
    assert_string_equal(b.data, "x=42");
    size_t room = b.cap - b.len;
    assert_int_equal(buf_printf(&b, "%*d", (int)room + 10, 7), 0);
    assert_int_equal(b.len, 4 + room + 10);
    assert_int_equal(b.data[b.len - 1], '7');
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data, "x=42   ", 7);
    size_t len = 0;
    char *p = buf_detach(&b, &len);
    assert_int_equal(len, 4 + room + 10);
    assert_int_equal(p[len], '\0');
    free(p);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void test_jsonw__buf_reserve(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    assert_int_equal(buf_reserve(&b, 1000), 0);
    assert_true(b.cap >= 1001);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_cstr(&b), ""); /* allocated and still terminated */
    const char *data = b.data;
    for (int i = 0; i < 100; i++)
        assert_int_equal(buf_puts(&b, "0123456789"), 0);
    assert_ptr_equal(b.data, data); /* the 1000 bytes did not reallocate */
    assert_int_equal(b.len, 1000);
    /* a reserve that is already satisfied keeps the memory */
    assert_int_equal(buf_reserve(&b, 0), 0);
    assert_ptr_equal(b.data, data);
    /* a reserve on top of content keeps it */
    assert_int_equal(buf_reserve(&b, 100000), 0);
    assert_true(b.cap >= 101001);
    assert_int_equal(b.len, 1000);
    assert_memory_equal(b.data + 990, "0123456789", 11);
    buf_free(&b);

    /* past max is not an error: only max is allocated, appends fail at max */
    buf_init(&b, 64);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    assert_int_equal(buf_reserve(&b, 1 << 20), 0);
    assert_false(buf_failed(&b));
    assert_true(b.cap >= 65);
    assert_true(b.cap < 1 << 20);
    assert_string_equal(b.data, "abc");
    char fill[61];
    memset(fill, 'z', sizeof fill);
    assert_int_equal(buf_append(&b, fill, 61), 0);
    assert_int_equal(b.len, 64);
    assert_int_equal(buf_putc(&b, 'z'), -1);
    assert_true(buf_failed(&b));
    buf_free(&b);

    /* an impossible size fails like an allocation failure */
    buf_init(&b, 0);
    assert_int_equal(buf_reserve(&b, (size_t)-1), -1);
    assert_true(buf_failed(&b));
    buf_free(&b);
}

static void test_jsonw__buf_prepare_commit(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 8);
    char *d = buf_prepare(&b, 5);
    assert_non_null(d);
    memcpy(d, "abc", 3);
    buf_commit(&b, 3); /* fewer than prepared */
    assert_string_equal(b.data, "abc");
    assert_null(buf_prepare(&b, 6)); /* 3 + 6 > max */
    assert_true(buf_failed(&b));
    assert_string_equal(b.data, "abc");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonw__nesting_and_separators),
        cmocka_unit_test(test_jsonw__top_level_values),
        cmocka_unit_test(test_jsonw__null_bool_and_shorthands),
        cmocka_unit_test(test_jsonw__integers),
        cmocka_unit_test(test_jsonw__depth_limit),
        cmocka_unit_test(test_jsonw__escapes_control_chars),
        cmocka_unit_test(test_jsonw__escapes_quotes_and_backslash),
        cmocka_unit_test(test_jsonw__keys_are_escaped_when_needed),
        cmocka_unit_test(test_jsonw__utf8_and_high_bytes_pass_through),
        cmocka_unit_test(test_jsonw__nul_inside_strn),
        cmocka_unit_test(test_jsonw__every_byte_at_every_position),
        cmocka_unit_test(test_jsonw__buf_cap_is_sticky),
        cmocka_unit_test(test_jsonw__writer_over_a_capped_buf),
        cmocka_unit_test(test_jsonw__buf_growth_and_printf),
        cmocka_unit_test(test_jsonw__buf_reserve),
        cmocka_unit_test(test_jsonw__buf_prepare_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
