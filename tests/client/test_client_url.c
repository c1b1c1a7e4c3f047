/*
 * Unit tests of URL building: percent-encoding of query values and path
 * segments (filters hold spaces, quotes, #, &, %, parentheses, UTF-8),
 * query assembly, and base URL normalization.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static char *encode(const char *s)
{
    rbuf_t b = RBUF_INIT;
    recert__url_encode(&b, s);
    assert_false(b.failed);
    return b.data ? b.data : recert__strdup("");
}

static void check_encode(const char *in, const char *want)
{
    char *got = encode(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_url__unreserved_kept(void **state)
{
    (void)state;
    check_encode("AZaz09-._~", "AZaz09-._~");
    check_encode("", "");
}

static void test_url__filter_characters(void **state)
{
    (void)state;
    check_encode("name eq \"a&b #1 100%\"", "name%20eq%20%22a%26b%20%231%20100%25%22");
    check_encode("rights ca (\"CREATE\") and target eq \"SYS.OBJAUTH2\"",
                 "rights%20ca%20%28%22CREATE%22%29%20and%20target%20eq%20%22SYS.OBJAUTH2%22");
    check_encode("a+b=c?d/e\\f", "a%2Bb%3Dc%3Fd%2Fe%5Cf");
    check_encode("id in (\"x\",\"y\")", "id%20in%20%28%22x%22%2C%22y%22%29");
    check_encode("name,-due", "name%2C-due");
    check_encode("tab\there\nnl", "tab%09here%0Anl");
}

static void test_url__utf8_bytes_uppercase_hex(void **state)
{
    (void)state;
    check_encode("Zo\xc3\xab \xe2\x82\xac", "Zo%C3%AB%20%E2%82%AC");
    check_encode("\xff", "%FF");
}

static void test_url__query_assembly(void **state)
{
    (void)state;
    rbuf_t b = RBUF_INIT;
    recert__buf_puts(&b, "/beta/certifications");
    recert__query_add(&b, "reviewer-identitiy", "me");
    recert__query_add_int(&b, "limit", 2);
    recert__query_add_int(&b, "offset", -1); /* not sent */
    recert__query_add(&b, "count", "true");
    recert__query_add(&b, "filters", "phase eq \"ACTIVE\"");
    recert__query_add(&b, "sorters", NULL);  /* not sent */
    assert_string_equal(recert__buf_cstr(&b),
                        "/beta/certifications?reviewer-identitiy=me&limit=2&count=true"
                        "&filters=phase%20eq%20%22ACTIVE%22");
    recert__buf_free(&b);

    /* A '?' inside an encoded path segment does not count as the query. */
    recert__buf_puts(&b, "/beta/certifications/");
    recert__url_encode(&b, "a?b");
    recert__query_add_int(&b, "limit", 0);
    assert_string_equal(recert__buf_cstr(&b), "/beta/certifications/a%3Fb?limit=0");
    recert__buf_free(&b);
}

static void check_base(const char *in, const char *want)
{
    char *out = NULL;
    const char *why = NULL;
    recert_code rc = recert__base_url_normalize(&out, in, &why);
    if (!want) {
        assert_int_equal(rc, RECERT_EINVALID);
        assert_non_null(why);
        return;
    }
    assert_int_equal(rc, RECERT_OK);
    assert_string_equal(out, want);
    free(out);
}

static void test_url__base_url(void **state)
{
    (void)state;
    check_base("https://acme.api.identitynow.com", "https://acme.api.identitynow.com");
    check_base("https://acme.api.identitynow.com/", "https://acme.api.identitynow.com");
    check_base("https://acme.api.identitynow.com/beta/", "https://acme.api.identitynow.com");
    check_base("HTTP://127.0.0.1:8080//", "HTTP://127.0.0.1:8080");
    check_base("http://host/prefix", "http://host/prefix");
    check_base("https://beta", "https://beta");
    check_base("https://acme.api.identitynow.com/v3", "https://acme.api.identitynow.com");
    check_base("https://acme.api.identitynow.com/V3/", "https://acme.api.identitynow.com");
    check_base("http://host/prefix/v3x", "http://host/prefix/v3x");
    check_base("https://v3", "https://v3");
    check_base("ftp://host", NULL);
    check_base("acme.api.identitynow.com", NULL);
    check_base("https://", NULL);
    check_base("https:///beta", NULL);
    check_base("https://host?x=1", NULL);
    check_base("https://host#frag", NULL);
}

static void test_url__buffer_cap_is_sticky(void **state)
{
    (void)state;
    rbuf_t b = RBUF_INIT;
    b.max = 4;
    recert__buf_puts(&b, "abc");
    recert__buf_puts(&b, "de");
    assert_true(b.failed);
    assert_true(b.overflow);
    recert__buf_puts(&b, "x");
    assert_int_equal(b.len, 3);
    recert__buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url__unreserved_kept),
        cmocka_unit_test(test_url__filter_characters),
        cmocka_unit_test(test_url__utf8_bytes_uppercase_hex),
        cmocka_unit_test(test_url__query_assembly),
        cmocka_unit_test(test_url__base_url),
        cmocka_unit_test(test_url__buffer_cap_is_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
