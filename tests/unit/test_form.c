/*
 * Unit tests for src/common/form.c (urlencoded and multipart bodies as the
 * SDKs, curl and hostile clients send them) and src/common/util.c (strict
 * integers, hex, ids, clocks, RFC 3339 times). Needs only buf, util, form.
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
#include "common/form.h"
#include "common/clock.h"
#include "common/util.h"

/* ---- urlencoded ---- */

/* A failed parse adds exactly one sentence to err, a successful one none. */
static int parse_url(form_t *f, const char *s, problems_t *err)
{
    size_t before = err->count;
    int rc = form_parse_urlencoded(f, s, strlen(s), err);
    assert_int_equal(err->count, before + (rc != 0));
    return rc;
}

static void expect_url_error(const char *s, const char *msg)
{
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "keep=1", &err), 0);
    assert_int_equal(parse_url(&f, s, &err), -1);
    assert_int_equal(err.count, 1);
    assert_string_equal(err.items[0], msg);
    assert_int_equal(f.count, 1); /* the failed call added nothing */
    assert_string_equal(form_get(&f, "keep"), "1");
    form_free(&f);
    problems_free(&err);
}

static void test_form__urlencoded_basic(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "grant_type=client_credentials&client_id=abc123"
                                   "&client_secret=x%2By+z%2b",
                               &err),
                     0);
    assert_int_equal(f.count, 3);
    assert_string_equal(form_get(&f, "grant_type"), "client_credentials");
    assert_string_equal(form_get(&f, "client_id"), "abc123");
    assert_string_equal(form_get(&f, "client_secret"), "x+y z+");
    assert_null(form_get(&f, "scope"));
    assert_null(form_get(&f, "GRANT_TYPE")); /* names are case-sensitive */
    form_free(&f);
    assert_int_equal(f.count, 0);
    assert_null(f.fields);
    problems_free(&err);
}

static void test_form__urlencoded_escapes(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "sp=a%20b&amp=a%26b&hash=%23x&pct=100%25&eq=a%3Db=c"
                                   "&plus=a+b&utf=%C3%A9&k%20ey=v",
                               &err),
                     0);
    assert_string_equal(form_get(&f, "sp"), "a b");
    assert_string_equal(form_get(&f, "amp"), "a&b");
    assert_string_equal(form_get(&f, "hash"), "#x");
    assert_string_equal(form_get(&f, "pct"), "100%");
    assert_string_equal(form_get(&f, "eq"), "a=b=c"); /* only the first '=' splits */
    assert_string_equal(form_get(&f, "plus"), "a b");
    assert_string_equal(form_get(&f, "utf"), "\xc3\xa9");
    assert_string_equal(form_get(&f, "k ey"), "v");
    form_free(&f);
    problems_free(&err);
}

static void test_form__urlencoded_empty_parts(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "&&a=&flag&&b=2&=anon&", &err), 0);
    assert_int_equal(f.count, 4);
    assert_string_equal(form_get(&f, "a"), "");
    assert_string_equal(form_get(&f, "flag"), "");
    assert_int_equal(form_find(&f, "flag")->value_len, 0);
    assert_string_equal(form_get(&f, "b"), "2");
    assert_string_equal(form_get(&f, ""), "anon");
    assert_int_equal(form_parse_urlencoded(&f, NULL, 0, &err), 0);
    assert_int_equal(parse_url(&f, "", &err), 0);
    assert_int_equal(f.count, 4);
    form_free(&f);
    problems_free(&err);
}

static void test_form__urlencoded_bad_escapes(void **state)
{
    (void)state;
    expect_url_error("a=%G1", "malformed percent-encoding in \"a\"");
    expect_url_error("a=1&b=%4", "malformed percent-encoding in \"b\"");
    expect_url_error("b=x%", "malformed percent-encoding in \"b\"");
    expect_url_error("b=%%41", "malformed percent-encoding in \"b\"");
    expect_url_error("c=%1g", "malformed percent-encoding in \"c\"");
    expect_url_error("d=% 1", "malformed percent-encoding in \"d\"");
    expect_url_error("x%Z1=1", "malformed percent-encoding in \"x%Z1\"");
    expect_url_error("a%20b=%", "malformed percent-encoding in \"a b\"");
    expect_url_error("na\"me%0A=%q", "malformed percent-encoding in \"na?me?\"");
    expect_url_error("aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffff=%",
                     "malformed percent-encoding in "
                     "\"aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeee...\"");
}

static void test_form__urlencoded_nul(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "v=x%00y", &err), 0);
    const form_field *fld = form_find(&f, "v");
    assert_non_null(fld);
    assert_int_equal(fld->value_len, 3);
    assert_memory_equal(fld->value, "x\0y", 4);
    /* raw NUL byte in a value is kept too */
    assert_int_equal(form_parse_urlencoded(&f, "w=a\0b", 5, &err), 0);
    assert_int_equal(form_find(&f, "w")->value_len, 3);
    form_free(&f);
    /* but a name with NUL would alias a shorter name */
    expect_url_error("grant_type%00x=password",
                     "form field name \"grant_type?x\" contains a NUL byte");
    problems_free(&err);
}

static void test_form__urlencoded_field_cap(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    buf_t b = BUF_INIT;
    for (int i = 0; i < FORM_MAX_FIELDS; i++)
        buf_printf(&b, "f%d=%d&", i, i);
    assert_int_equal(form_parse_urlencoded(&f, b.data, b.len, &err), 0);
    assert_int_equal(f.count, FORM_MAX_FIELDS);
    assert_string_equal(form_get(&f, "f127"), "127");
    assert_int_equal(parse_url(&f, "one=more", &err), -1);
    assert_int_equal(err.count, 1);
    assert_string_equal(err.items[0], "too many form fields (limit 128)");
    form_free(&f);
    buf_puts(&b, "x=1");
    form_init(&f);
    assert_int_equal(form_parse_urlencoded(&f, b.data, b.len, &err), -1);
    assert_int_equal(f.count, 0);
    form_free(&f);
    buf_free(&b);
    problems_free(&err);
}

static void test_form__percent_decode(void **state)
{
    (void)state;
    size_t n = 99;
    char *s = percent_decode("a+b%2Fc%2f", 10, 0, &n);
    assert_string_equal(s, "a+b/c/");
    assert_int_equal(n, 6);
    free(s);
    s = percent_decode("a+b", 3, 1, NULL);
    assert_string_equal(s, "a b");
    free(s);
    s = percent_decode("", 0, 1, &n);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    free(s);
    s = percent_decode(NULL, 0, 1, &n);
    assert_non_null(s);
    free(s);
    assert_null(percent_decode("%", 1, 0, &n));
    assert_null(percent_decode("%4", 2, 0, &n));
    assert_null(percent_decode("%41", 2, 0, &n)); /* len bounds the escape */
    assert_null(percent_decode("%xx", 3, 0, &n));
}

static void test_form__merged_query_and_body(void **state)
{
    (void)state;
    /* sailpoint-cli: grant_type in the query, credentials in the body */
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "grant_type=client_credentials", &err), 0);
    assert_int_equal(parse_url(&f, "grant_type=password&client_id=id&client_secret=s", &err),
                     0);
    assert_int_equal(f.count, 4);
    assert_string_equal(form_get(&f, "grant_type"), "client_credentials");
    assert_string_equal(form_get(&f, "client_id"), "id");
    static const char ct[] = "multipart/form-data; boundary=XyZ";
    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"client_id\"\r\n\r\n"
                               "other\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"scope\"\r\n\r\n"
                               "sp:scopes:all\r\n"
                               "--XyZ--\r\n";
    assert_int_equal(form_parse_multipart(&f, ct, body, sizeof body - 1, &err), 0);
    assert_int_equal(f.count, 6);
    assert_string_equal(form_get(&f, "client_id"), "id");
    assert_string_equal(form_get(&f, "scope"), "sp:scopes:all");
    form_free(&f);
    problems_free(&err);
}

/* ---- multipart ---- */

static int parse_mp(form_t *f, const char *ct, const char *body, problems_t *err)
{
    size_t before = err->count;
    int rc = form_parse_multipart(f, ct, body, strlen(body), err);
    assert_int_equal(err->count, before + (rc != 0));
    return rc;
}

static void expect_mp_error(const char *ct, const char *body, const char *msg)
{
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_url(&f, "keep=1", &err), 0);
    assert_int_equal(parse_mp(&f, ct, body, &err), -1);
    assert_int_equal(err.count, 1);
    assert_string_equal(err.items[0], msg);
    assert_int_equal(f.count, 1);
    form_free(&f);
    problems_free(&err);
}

#define NODE_B "--------------------------515890814546601021194782"

static void test_form__multipart_node_form_data(void **state)
{
    (void)state;
    /* byte-for-byte what npm form-data (used by the TypeScript SDK) emits */
    static const char ct[] = "multipart/form-data; boundary=" NODE_B;
    static const char body[] = "--" NODE_B "\r\n"
                               "Content-Disposition: form-data; name=\"grant_type\"\r\n"
                               "\r\n"
                               "client_credentials\r\n"
                               "--" NODE_B "\r\n"
                               "Content-Disposition: form-data; name=\"client_id\"\r\n"
                               "\r\n"
                               "2c9180835d2e5168015d32f890ca1581\r\n"
                               "--" NODE_B "\r\n"
                               "Content-Disposition: form-data; name=\"client_secret\"\r\n"
                               "\r\n"
                               "s3cr3t+/=&%20\r\n"
                               "--" NODE_B "--\r\n";
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_mp(&f, ct, body, &err), 0);
    assert_int_equal(f.count, 3);
    assert_string_equal(form_get(&f, "grant_type"), "client_credentials");
    assert_string_equal(form_get(&f, "client_id"), "2c9180835d2e5168015d32f890ca1581");
    assert_string_equal(form_get(&f, "client_secret"), "s3cr3t+/=&%20"); /* no decoding */
    form_free(&f);
    problems_free(&err);
}

#define CURL_B "------------------------d74496d66958873e"

static void test_form__multipart_curl(void **state)
{
    (void)state;
    /* curl -F grant_type=client_credentials -F empty= -F file=@a.txt */
    static const char ct[] = "multipart/form-data; boundary=" CURL_B;
    static const char body[] = "--" CURL_B "\r\n"
                               "Content-Disposition: form-data; name=\"grant_type\"\r\n"
                               "\r\n"
                               "client_credentials\r\n"
                               "--" CURL_B "\r\n"
                               "Content-Disposition: form-data; name=\"empty\"\r\n"
                               "\r\n"
                               "\r\n"
                               "--" CURL_B "\r\n"
                               "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                               "Content-Type: text/plain\r\n"
                               "\r\n"
                               "line1\r\n--not-the-boundary\r\n-" CURL_B "\r\n\r\n"
                               "--" CURL_B "--\r\n";
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_mp(&f, ct, body, &err), 0);
    assert_int_equal(f.count, 3);
    assert_string_equal(form_get(&f, "grant_type"), "client_credentials");
    assert_string_equal(form_get(&f, "empty"), "");
    assert_string_equal(form_get(&f, "file"),
                        "line1\r\n--not-the-boundary\r\n-" CURL_B "\r\n");
    form_free(&f);
    problems_free(&err);
}

static void test_form__multipart_content_type_forms(void **state)
{
    (void)state;
    static const char body[] = "--a b:c\r\n"
                               "content-disposition: FORM-DATA; NAME=\"x\"\r\n\r\n"
                               "1\r\n"
                               "--a b:c--";
    static const char *const cts[] = {
        "multipart/form-data; boundary=\"a b:c\"",
        "multipart/form-data;boundary=\"a b:c\"",
        "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\"",
        "multipart/form-data; foo=\"x;boundary=no\"; Boundary=\"a\\ b:c\"",
        "multipart/form-data; boundary = \"a b:c\" ",
    };
    for (size_t i = 0; i < sizeof cts / sizeof *cts; i++) {
        form_t f;
        problems_t err = PROBLEMS_INIT;
        form_init(&f);
        assert_int_equal(parse_mp(&f, cts[i], body, &err), 0);
        assert_string_equal(form_get(&f, "x"), "1");
        form_free(&f);
        problems_free(&err);
    }
    /* unquoted boundary, unquoted name */
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_mp(&f, "multipart/form-data; boundary=zz ; charset=utf-8",
                              "--zz\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n--zz--",
                              &err),
                     0);
    assert_string_equal(form_get(&f, "k"), "v");
    form_free(&f);
    problems_free(&err);
}

static void test_form__multipart_preamble_epilogue(void **state)
{
    (void)state;
    /* "--b" inside the preamble but not at a line start is not a delimiter */
    static const char body[] = "This is a preamble --b--\r\n"
                               "--b  \t\r\n" /* transport padding */
                               "Content-Disposition: form-data; name=\"n\"\r\n"
                               "X-Other: ignored\r\n\r\n"
                               "v\r\n"
                               "--b--\r\nepilogue\r\n--b\r\n junk";
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_mp(&f, "multipart/form-data; boundary=b", body, &err), 0);
    assert_int_equal(f.count, 1);
    assert_string_equal(form_get(&f, "n"), "v");
    /* an empty preamble before the first CRLF--b */
    assert_int_equal(parse_mp(&f, "multipart/form-data; boundary=b",
                              "\r\n--b\r\nContent-Disposition: form-data; name=m\r\n\r\n"
                              "w\r\n--b--",
                              &err),
                     0);
    assert_string_equal(form_get(&f, "m"), "w");
    form_free(&f);
    problems_free(&err);
}

static void test_form__multipart_empty_and_headerless(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_mp(&f, "multipart/form-data; boundary=b", "--b--", &err), 0);
    assert_int_equal(f.count, 0);
    form_free(&f);
    /* a part with no headers at all has no name */
    expect_mp_error("multipart/form-data; boundary=b", "--b\r\n\r\nv\r\n--b--",
                    "multipart part 1 has no form-data name");
    problems_free(&err);
}

static void test_form__multipart_missing_closing_delimiter(void **state)
{
    (void)state;
    static const char ct[] = "multipart/form-data; boundary=b";
    static const char *const bodies[] = {
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b  ",
        "--b",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
        expect_mp_error(ct, bodies[i], "multipart body has no closing delimiter");
    expect_mp_error(ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b-",
                    "multipart delimiter line is malformed");
    expect_mp_error(ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--bc\r\n",
                    "multipart delimiter line is malformed");
    expect_mp_error(ct, "--b\nContent-Disposition: form-data; name=\"a\"\n\nv\n--b--\n",
                    "multipart delimiter line is malformed");
    expect_mp_error(ct, "", "multipart body does not contain the boundary");
    expect_mp_error(ct, "a=1&b=2", "multipart body does not contain the boundary");
    expect_mp_error(ct, "-b\r\n", "multipart body does not contain the boundary");
}

static void test_form__multipart_bad_content_type(void **state)
{
    (void)state;
    static const char body[] = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--";
    static const char *const cts[] = {
        "multipart/form-data", "multipart/form-data;", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"", "multipart/form-data; xboundary=b",
        "multipart/form-data; boundary=\"b", "multipart/form-data; charset=\"x; boundary=b",
    };
    for (size_t i = 0; i < sizeof cts / sizeof *cts; i++)
        expect_mp_error(cts[i], body, "multipart Content-Type has no boundary parameter");
    expect_mp_error(NULL, body, "multipart Content-Type has no boundary parameter");
    char longb[128];
    memset(longb, 'x', sizeof longb);
    memcpy(longb, "multipart/form-data; boundary=", 30);
    longb[30 + 71] = '\0';
    expect_mp_error(longb, body, "multipart boundary is invalid");
    longb[30 + 70] = '\0'; /* 70 is the RFC maximum */
    expect_mp_error(longb, body, "multipart body does not contain the boundary");
    expect_mp_error("multipart/form-data; boundary=\"a\\\nb\"", body,
                    "multipart boundary is invalid");
}

static void test_form__multipart_no_name(void **state)
{
    (void)state;
    static const char ct[] = "multipart/form-data; boundary=b";
    expect_mp_error(ct,
                    "--b\r\nContent-Disposition: form-data; name=\"ok\"\r\n\r\n1\r\n"
                    "--b\r\nContent-Disposition: form-data; filename=\"f.txt\"\r\n\r\nv\r\n--b--",
                    "multipart part 2 has no form-data name");
    expect_mp_error(ct, "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--",
                    "multipart part 1 has no form-data name");
    expect_mp_error(ct, "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--",
                    "multipart part 1 has no form-data name");
    expect_mp_error(ct, "--b\r\nContent-Disposition: form-data; names=\"a\"\r\n\r\nv\r\n--b--",
                    "multipart part 1 has no form-data name");
    expect_mp_error(ct, "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--",
                    "multipart part 1 has a malformed header");
    expect_mp_error(ct, "--b\r\nno colon here\r\n\r\nv\r\n--b--",
                    "multipart part 1 has a malformed header");
}

static void test_form__multipart_headers_not_terminated(void **state)
{
    (void)state;
    static const char ct[] = "multipart/form-data; boundary=b";
    expect_mp_error(ct, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nv\r\n--b--",
                    "multipart part 1 headers are not terminated");
    expect_mp_error(ct, "--b\r\nContent-Disposition: form-data; name=\"a\"",
                    "multipart part 1 headers are not terminated");
    expect_mp_error(ct, "--b\r\n", "multipart part 1 headers are not terminated");
}

static void test_form__multipart_nul_and_binary(void **state)
{
    (void)state;
    static const char ct[] = "multipart/form-data; boundary=b";
    static const char body[] = "--b\r\nContent-Disposition: form-data; name=\"bin\"\r\n\r\n"
                               "a\0b\r\n\xff\r\n--b--\r\n";
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(form_parse_multipart(&f, ct, body, sizeof body - 1, &err), 0);
    const form_field *fld = form_find(&f, "bin");
    assert_non_null(fld);
    assert_int_equal(fld->value_len, 6);
    assert_memory_equal(fld->value, "a\0b\r\n\xff", 7);
    form_free(&f);

    static const char nul_name[] = "--b\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\n"
                                   "v\r\n--b--";
    form_init(&f);
    assert_int_equal(form_parse_multipart(&f, ct, nul_name, sizeof nul_name - 1, &err), -1);
    assert_int_equal(err.count, 1);
    assert_string_equal(err.items[0], "form field name \"a?b\" contains a NUL byte");
    form_free(&f);
    problems_free(&err);
}

static void test_form__multipart_quoted_name(void **state)
{
    (void)state;
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(parse_mp(&f, "multipart/form-data; boundary=b",
                              "--b\r\nContent-Disposition: form-data; name=\"a\\\"b;c\"; "
                              "filename=\"x\"\r\n\r\nv\r\n--b--",
                              &err),
                     0);
    assert_string_equal(form_get(&f, "a\"b;c"), "v");
    form_free(&f);
    problems_free(&err);
}

static void test_form__multipart_field_cap(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    for (int i = 0; i <= FORM_MAX_FIELDS; i++)
        buf_printf(&b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
    buf_puts(&b, "--b--\r\n");
    form_t f;
    problems_t err = PROBLEMS_INIT;
    form_init(&f);
    assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=b", b.data, b.len,
                                          &err),
                     -1);
    assert_int_equal(err.count, 1);
    assert_string_equal(err.items[0], "too many form fields (limit 128)");
    assert_int_equal(f.count, 0);
    form_free(&f);
    buf_free(&b);
    problems_free(&err);
}

static void test_form__hostile_inputs_do_not_crash(void **state)
{
    (void)state;
    /* every prefix of a valid body either parses or fails cleanly */
    static const char ct[] = "multipart/form-data; boundary=" NODE_B;
    static const char body[] = "pre\r\n--" NODE_B "\r\n"
                               "Content-Disposition: form-data; name=\"a\"; filename=\"f\"\r\n"
                               "Content-Type: application/octet-stream\r\n\r\n"
                               "x\r\n--" NODE_B "--\r\n";
    for (size_t n = 0; n <= sizeof body - 1; n++) {
        form_t f;
        problems_t err = PROBLEMS_INIT;
        form_init(&f);
        char *copy = malloc(n ? n : 1); /* exact size, so ASan sees overreads */
        memcpy(copy, body, n);
        int rc = form_parse_multipart(&f, ct, copy, n, &err);
        assert_int_equal(rc, n >= sizeof body - 3 ? 0 : -1);
        rc = form_parse_urlencoded(&f, copy, n, &err);
        (void)rc;
        free(copy);
        form_free(&f);
        problems_free(&err);
    }
}

/* ---- util ---- */

static void test_form__util_parse_int64(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int rc;
        int64_t v;
    } cases[] = {
        {"0", 0, 0},
        {"-0", 0, 0},
        {"123", 0, 123},
        {"-123", 0, -123},
        {"007", 0, 7},
        {"9223372036854775807", 0, INT64_MAX},
        {"-9223372036854775808", 0, INT64_MIN},
        {"9223372036854775808", -1, 0},
        {"-9223372036854775809", -1, 0},
        {"99999999999999999999", -1, 0},
        {"", -1, 0},
        {"-", -1, 0},
        {"+1", -1, 0},
        {" 1", -1, 0},
        {"1 ", -1, 0},
        {"1a", -1, 0},
        {"--1", -1, 0},
        {"1.0", -1, 0},
        {"0x10", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t v = 42;
        assert_int_equal(parse_int64(cases[i].s, strlen(cases[i].s), &v), cases[i].rc);
        assert_true(v == (cases[i].rc ? 42 : cases[i].v));
    }
    int64_t v;
    assert_int_equal(parse_int64("12345", 3, &v), 0); /* len, not NUL, ends it */
    assert_true(v == 123);
    assert_int_equal(parse_int64("1\0" "2", 3, &v), -1);
    assert_int_equal(parse_int64(NULL, 0, &v), -1);
}

static void test_form__util_hex_and_ids(void **state)
{
    (void)state;
    char out[9];
    hex_encode(out, (const unsigned char *)"\x00\x9f\xa0\xff", 4);
    assert_string_equal(out, "009fa0ff");
    hex_encode(out, NULL, 0);
    assert_string_equal(out, "");
    char a[33], b[33];
    assert_int_equal(random_hex_id(a), 0);
    assert_int_equal(random_hex_id(b), 0);
    assert_int_equal(strlen(a), 32);
    assert_int_equal(strspn(a, "0123456789abcdef"), 32);
    assert_string_not_equal(a, b);
}

static void test_form__util_clocks(void **state)
{
    (void)state;
    int64_t t = clock_now_ms();
    int64_t r = clock_real_ms();
    assert_true(r >= t - 1000 && r <= t + 1000);
    assert_true(t > INT64_C(1700000000000)); /* after Nov 2023 */
    assert_true(t < INT64_C(4102444800000)); /* before 2100 */
    int64_t m1 = clock_mono_ms(), m2 = clock_mono_ms();
    int64_t u1 = clock_mono_us();
    clock_sleep_ms(2);
    assert_true(clock_mono_us() - u1 >= 2000);
    assert_true(m2 >= m1);
}

static void expect_format(int64_t ms, const char *want)
{
    char out[32];
    format_time_ms(out, ms);
    assert_string_equal(out, want);
}

static void test_form__util_format_time(void **state)
{
    (void)state;
    expect_format(0, "1970-01-01T00:00:00.000Z");
    expect_format(INT64_C(1700000000123), "2023-11-14T22:13:20.123Z");
    expect_format(-1, "1969-12-31T23:59:59.999Z");
    expect_format(INT64_C(951782400000), "2000-02-29T00:00:00.000Z");
    expect_format(INT64_C(1798761599000), "2026-12-31T23:59:59.000Z");
    expect_format(INT64_C(-2208988800000), "1900-01-01T00:00:00.000Z");
    expect_format(INT64_MAX, "9999-12-31T23:59:59.999Z");
    expect_format(INT64_MIN, "0000-01-01T00:00:00.000Z");
}

static int64_t parsed(const char *s)
{
    int64_t v = 0;
    assert_int_equal(parse_time(s, &v), 0);
    return v;
}

static void test_form__util_parse_time(void **state)
{
    (void)state;
    assert_true(parsed("2023-11-14T22:13:20.123Z") == INT64_C(1700000000123));
    assert_true(parsed("2023-11-14T22:13:20Z") == INT64_C(1700000000000));
    assert_true(parsed("2023-11-14t22:13:20z") == INT64_C(1700000000000));
    assert_true(parsed("2023-11-14 22:13:20Z") == INT64_C(1700000000000));
    assert_true(parsed("2023-11-15T00:13:20+02:00") == INT64_C(1700000000000));
    assert_true(parsed("2023-11-14T16:43:20.5-05:30") == INT64_C(1700000000500));
    assert_true(parsed("2023-11-14T22:13:20.12Z") == INT64_C(1700000000120));
    assert_true(parsed("2023-11-14T22:13:20.123999999Z") == INT64_C(1700000000123));
    assert_true(parsed("2023-11-14T22:13:20-00:00") == INT64_C(1700000000000));
    assert_true(parsed("2024-02-29T00:00:00Z") == INT64_C(1709164800000));
    assert_true(parsed("1969-12-31T23:59:59.999Z") == -1);
    assert_true(parsed("2016-12-31T23:59:60Z") == INT64_C(1483228800000));

    static const char *const bad[] = {
        "",
        "2023-11-14",
        "2023-11-14T22:13:20",
        "2023-11-14T22:13Z",
        "2023-11-14T22:13:20.Z",
        "2023-11-14T22:13:20,5Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2023-13-01T00:00:00Z",
        "2023-00-01T00:00:00Z",
        "2023-04-31T00:00:00Z",
        "2023-11-00T00:00:00Z",
        "2023-11-14T24:00:00Z",
        "2023-11-14T23:60:00Z",
        "2023-11-14T23:59:61Z",
        "2023-11-14T22:13:20+24:00",
        "2023-11-14T22:13:20+02:60",
        "2023-11-14T22:13:20+0200",
        "2023-11-14T22:13:20+02",
        "2023-11-14T22:13:20Zjunk",
        "2023-11-14T22:13:20Z ",
        " 2023-11-14T22:13:20Z",
        "23-11-14T22:13:20Z",
        "2023-1-14T22:13:20Z",
        "+2023-11-14T22:13:20Z",
        "2023-11-14X22:13:20Z",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t v = 7;
        assert_int_equal(parse_time(bad[i], &v), -1);
        assert_true(v == 7);
    }
    int64_t v;
    assert_int_equal(parse_time(NULL, &v), -1);
}

static void test_form__util_time_round_trip(void **state)
{
    (void)state;
    static const int64_t samples[] = {
        0, 1, -1, 999, INT64_C(1700000000123), INT64_C(951868799999), INT64_C(4102444800000),
        INT64_C(-62135596800000), INT64_C(253402300799999), INT64_C(-62167219200000),
    };
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        char out[32];
        format_time_ms(out, samples[i]);
        assert_true(parsed(out) == samples[i]);
    }
    for (int64_t ms = INT64_C(-5000000000000); ms < INT64_C(5000000000000);
         ms += INT64_C(12345678901)) {
        char out[32];
        format_time_ms(out, ms);
        assert_true(parsed(out) == ms);
    }
}

static void test_form__util_casecmp(void **state)
{
    (void)state;
    assert_int_equal(str_casecmp_ascii("Content-Type", "content-type"), 0);
    assert_int_equal(str_casecmp_ascii("CLIENT_CREDENTIALS", "client_credentials"), 0);
    assert_int_equal(str_casecmp_ascii("", ""), 0);
    assert_true(str_casecmp_ascii("a", "B") < 0);
    assert_true(str_casecmp_ascii("B", "a") > 0);
    assert_true(str_casecmp_ascii("ab", "A") > 0);
    assert_true(str_casecmp_ascii("A", "ab") < 0);
    assert_true(str_casecmp_ascii("\xc3\x89", "\xc3\xa9") != 0); /* only ASCII folds */
    assert_true(str_casecmp_ascii("[", "{") != 0);                 /* not a bit-5 fold */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form__urlencoded_basic),
        cmocka_unit_test(test_form__urlencoded_escapes),
        cmocka_unit_test(test_form__urlencoded_empty_parts),
        cmocka_unit_test(test_form__urlencoded_bad_escapes),
        cmocka_unit_test(test_form__urlencoded_nul),
        cmocka_unit_test(test_form__urlencoded_field_cap),
        cmocka_unit_test(test_form__percent_decode),
        cmocka_unit_test(test_form__merged_query_and_body),
        cmocka_unit_test(test_form__multipart_node_form_data),
        cmocka_unit_test(test_form__multipart_curl),
        cmocka_unit_test(test_form__multipart_content_type_forms),
        cmocka_unit_test(test_form__multipart_preamble_epilogue),
        cmocka_unit_test(test_form__multipart_empty_and_headerless),
        cmocka_unit_test(test_form__multipart_missing_closing_delimiter),
        cmocka_unit_test(test_form__multipart_bad_content_type),
        cmocka_unit_test(test_form__multipart_no_name),
        cmocka_unit_test(test_form__multipart_headers_not_terminated),
        cmocka_unit_test(test_form__multipart_nul_and_binary),
        cmocka_unit_test(test_form__multipart_quoted_name),
        cmocka_unit_test(test_form__multipart_field_cap),
        cmocka_unit_test(test_form__hostile_inputs_do_not_crash),
        cmocka_unit_test(test_form__util_parse_int64),
        cmocka_unit_test(test_form__util_hex_and_ids),
        cmocka_unit_test(test_form__util_clocks),
        cmocka_unit_test(test_form__util_format_time),
        cmocka_unit_test(test_form__util_parse_time),
        cmocka_unit_test(test_form__util_time_round_trip),
        cmocka_unit_test(test_form__util_casecmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
