/*
 * Unit tests of configuration resolution: explicit values, then the
 * environment (SAIL_*) or ./config.json, never both; base URL
 * normalization; and the reasons given when something is missing.
 * Runs in a temporary directory so ./config.json is the test's own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

static char dir[] = "/tmp/recert-config-XXXXXX";

static void clear_env(void)
{
    unsetenv("SAIL_BASE_URL");
    unsetenv("SAIL_CLIENT_ID");
    unsetenv("SAIL_CLIENT_SECRET");
    unsetenv("SAIL_ACCESS_TOKEN");
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    clear_env();
    unlink("config.json");
    return 0;
}

static recert_code resolve(config_t *c, const recert_client_options *o, char *why, size_t n)
{
    *c = (config_t){ 0 };
    why[0] = '\0';
    return recert__config_resolve(c, o, why, n);
}

static void test_config__explicit_values(void **state)
{
    (void)state;
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = "https://acme.api.identitynow.com/beta/";
    o.client_id = "id";
    o.client_secret = "secret";
    config_t c;
    char why[256];
    setenv("SAIL_BASE_URL", "http://env.example", 1);
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_OK);
    assert_string_equal(c.base_url, "https://acme.api.identitynow.com");
    assert_string_equal(c.client_id, "id");
    assert_string_equal(c.client_secret, "secret");
    assert_null(c.access_token);
    recert__config_clear(&c);
}

static void test_config__environment_fills_what_is_not_given(void **state)
{
    (void)state;
    setenv("SAIL_BASE_URL", "http://127.0.0.1:8080", 1);
    setenv("SAIL_CLIENT_ID", "env-id", 1);
    setenv("SAIL_CLIENT_SECRET", "env-secret", 1);
    setenv("SAIL_ACCESS_TOKEN", "env-token", 1);
    write_file("config.json", "{\"BaseURL\":\"http://file\",\"ClientId\":\"f\",\"ClientSecret\":\"f\"}");
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.client_id = "flag-id";
    config_t c;
    char why[256];
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_OK);
    assert_string_equal(c.base_url, "http://127.0.0.1:8080");
    assert_string_equal(c.client_id, "flag-id");
    assert_string_equal(c.client_secret, "env-secret");
    assert_string_equal(c.access_token, "env-token");
    recert__config_clear(&c);

    o.flags = RECERT_CLIENT_NO_ENV; /* now the file */
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_OK);
    assert_string_equal(c.base_url, "http://file");
    assert_string_equal(c.client_secret, "f");
    assert_null(c.access_token);
    recert__config_clear(&c);
}

static void test_config__file_when_no_environment(void **state)
{
    (void)state;
    write_file("config.json", "{\"BaseURL\":\"https://t.api.identitynow.com/\",\"ClientId\":\"a\","
                              "\"ClientSecret\":\"b\",\"Other\":[1]}");
    config_t c;
    char why[256];
    assert_int_equal(resolve(&c, &(recert_client_options)RECERT_CLIENT_OPTIONS_INIT, why, sizeof why),
                     RECERT_OK);
    assert_string_equal(c.base_url, "https://t.api.identitynow.com");
    assert_string_equal(c.client_id, "a");
    assert_string_equal(c.client_secret, "b");
    recert__config_clear(&c);

    /* Another file by name; and no file at all with RECERT_CLIENT_NO_CONFIG_FILE. */
    write_file("other.json", "{\"BaseURL\":\"http://other\",\"AccessToken\":\"tok\"}");
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.config_file = "other.json";
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_OK);
    assert_string_equal(c.base_url, "http://other");
    assert_string_equal(c.access_token, "tok");
    recert__config_clear(&c);
    o.flags = RECERT_CLIENT_NO_CONFIG_FILE;
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    unlink("other.json");
}

static void test_config__environment_and_file_never_mix(void **state)
{
    (void)state;
    write_file("config.json", "{\"BaseURL\":\"http://file\",\"ClientId\":\"a\",\"ClientSecret\":\"b\"}");
    setenv("SAIL_CLIENT_ID", "env-id", 1); /* the environment is the source: no base URL */
    config_t c;
    char why[256];
    assert_int_equal(resolve(&c, &(recert_client_options)RECERT_CLIENT_OPTIONS_INIT, why, sizeof why),
                     RECERT_ECONFIG);
    assert_string_equal(why, "no base URL: pass one, set SAIL_BASE_URL, or put BaseURL in ./config.json");
}

static void test_config__reasons(void **state)
{
    (void)state;
    config_t c;
    char why[256];
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    assert_non_null(strstr(why, "no base URL"));

    o.base_url = "http://h";
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    assert_non_null(strstr(why, "no credentials"));
    o.client_id = "x";
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    assert_non_null(strstr(why, "no client secret"));
    o.client_id = NULL;
    o.client_secret = "x";
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    assert_non_null(strstr(why, "no client id"));

    o.base_url = "ftp://h";
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_EINVALID);
    assert_string_equal(why, "the base URL must start with https:// or http:// (got \"ftp://h\")");

    write_file("config.json", "{\"BaseURL\": \n oops}");
    o.base_url = NULL;
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    assert_int_equal(strncmp(why, "./config.json: line 2: ", 23), 0);
    write_file("config.json", "[1]");
    assert_int_equal(resolve(&c, &o, why, sizeof why), RECERT_ECONFIG);
    assert_non_null(strstr(why, "expected a JSON object"));
}

static void test_config__client_new_reports_through_errbuf(void **state)
{
    (void)state;
    char why[128] = "x";
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.errbuf = why;
    o.errbuf_size = sizeof why;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_ECONFIG);
    assert_null(c);
    assert_non_null(strstr(why, "no base URL"));
    o.version = 99;
    assert_int_equal(recert_client_new(&c, &o), RECERT_EINVALID);
    assert_non_null(strstr(why, "version"));
    o.version = RECERT_CLIENT_OPTIONS_VERSION;
    o.max_retries = -2;
    assert_int_equal(recert_client_new(&c, &o), RECERT_EINVALID);
    assert_int_equal(recert_client_new(NULL, &o), RECERT_EINVALID);

    o.max_retries = -1;
    o.base_url = "http://127.0.0.1:9/";
    o.access_token = "t";
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    assert_string_equal(recert_client_base_url(c), "http://127.0.0.1:9");
    assert_int_equal(recert_client_last_error(c)->code, RECERT_OK);
    recert_client_free(c);
    recert_client_free(NULL);
}

int main(void)
{
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_config__explicit_values, setup),
        cmocka_unit_test_setup(test_config__environment_fills_what_is_not_given, setup),
        cmocka_unit_test_setup(test_config__file_when_no_environment, setup),
        cmocka_unit_test_setup(test_config__environment_and_file_never_mix, setup),
        cmocka_unit_test_setup(test_config__reasons, setup),
        cmocka_unit_test_setup(test_config__client_new_reports_through_errbuf, setup),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    unlink("config.json");
    if (chdir("/") == 0)
        rmdir(dir);
    return failed;
}
