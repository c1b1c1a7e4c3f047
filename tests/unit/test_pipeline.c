/*
 * In-process tests of the request pipeline (src/server/dispatch.c and the
 * operation table): requests are built with req_init/req_add_header, run
 * with req_run against a real store, and their reply fields read back, with
 * no socket and no libmicrohttpd. Covers routing (404, 405 with every
 * method in Allow, a trailing slash), the checks before a handler (body too
 * large, a malformed query string, authentication), the row's success
 * status, the rate-limit bucket per API, and the response headers.
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

#include "auth/auth.h"
#include "org/import.h"
#include "server/ops.h"
#include "server/ratelimit.h"
#include "server/reply.h"
#include "server/request.h"
#include "server/server.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64], url[96];
    server_t srv;
} fixture;

static const char org[] =
    "{\"identities\": [{\"id\": \"id-admin\", \"name\": \"Ada Admin\", \"email\": \"a@example.com\","
    " \"authorities\": [\"ORG_ADMIN\"]}, {\"id\": \"id-r\", \"name\": \"Rea Reviewer\","
    " \"email\": \"r@example.com\"}],"
    " \"clients\": [{\"clientId\": \"c-admin\", \"clientSecret\": \"s3cret-s3cret\","
    " \"identityId\": \"id-admin\", \"name\": \"admin\"}],"
    " \"campaigns\": [{\"id\": \"camp\", \"name\": \"Q4\", \"type\": \"MANAGER\","
    " \"status\": \"ACTIVE\"}],"
    " \"certifications\": [{\"id\": \"cert-1\", \"name\": \"Q4 for Rea\", \"campaignId\": \"camp\","
    " \"reviewer\": {\"type\": \"IDENTITY\", \"id\": \"id-r\"}, \"phase\": \"ACTIVE\","
    " \"reviewItems\": []}]}";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/recert-pipeline-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->url, sizeof f->url, "sqlite:%s/p.db", f->dir);
    char err[256];
    assert_int_equal(store_open(&f->srv.store, f->url, 4, err, sizeof err), STORE_OK);
    problems_t p = PROBLEMS_INIT;
    assert_int_equal(import_document(f->srv.store, org, strlen(org), false, &p, NULL), STORE_OK);
    problems_free(&p);
    assert_int_equal(store_signing_key(f->srv.store, f->srv.jwt_key), STORE_OK);
    snprintf(f->srv.tenant_id, sizeof f->srv.tenant_id, "tenant");
    f->srv.cfg.max_body = 1 << 20;
    f->srv.cfg.token_ttl = 600;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ratelimit_free(f->srv.api_limit);
    store_close(f->srv.store);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* One request, run in-process. Headers are "Name: value" strings. */
typedef struct exchange {
    req_t req;
    char headers[1024];         /* the response headers, "Name: value\n" each */
} exchange;

static void collect(void *ctx, const char *name, const char *value)
{
    exchange *x = ctx;
    size_t used = strlen(x->headers);
    snprintf(x->headers + used, sizeof x->headers - used, "%s: %s\n", name, value);
}

static void run(fixture *f, exchange *x, const char *method, const char *uri,
                const char *const *headers, const char *body)
{
    memset(x, 0, sizeof *x);
    assert_int_equal(req_init(&x->req, &f->srv, uri), 0);
    x->req.method = method;
    /* The glue hands over the path without its query string. */
    static _Thread_local char path[512];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(uri, "?"), uri);
    x->req.path = path;
    for (size_t i = 0; headers && headers[i]; i++) {
        const char *colon = strchr(headers[i], ':');
        assert_non_null(colon);
        const char *v = colon + 1;
        while (*v == ' ')
            v++;
        assert_int_equal(req_add_header(&x->req, headers[i], (size_t)(colon - headers[i]), v,
                                        strlen(v)), 0);
    }
    if (body && buf_append(&x->req.body, body, strlen(body)) != 0)
        x->req.body_too_large = true;
    req_run(&x->req);
    reply_headers(&x->req, collect, x);
}

static void done(exchange *x)
{
    req_free(&x->req);
}

static const char *body_of(exchange *x)
{
    return buf_cstr(&x->req.out);
}

/* A bearer header for the fixture's admin client, got through the pipeline. */
static void admin_token(fixture *f, char *out, size_t len)
{
    exchange x;
    const char *h[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
    run(f, &x, "POST", "/oauth/token", h,
        "grant_type=client_credentials&client_id=c-admin&client_secret=s3cret-s3cret");
    assert_int_equal(x.req.status, 200);
    const char *at = strstr(body_of(&x), "\"access_token\":\"");
    assert_non_null(at);
    at += 16;
    snprintf(out, len, "Authorization: Bearer %.*s", (int)strcspn(at, "\""), at);
    assert_non_null(strstr(x.headers, "Cache-Control: no-store\n"));
    done(&x);
}

static void test_pipeline__unknown_path_is_404(void **state)
{
    exchange x;
    run(*state, &x, "GET", "/beta/nothing-here", NULL, NULL);
    assert_int_equal(x.req.status, 404);
    assert_non_null(strstr(body_of(&x), "no such resource: /beta/nothing-here"));
    assert_non_null(strstr(body_of(&x), x.req.tracking_id));
    assert_non_null(strstr(x.headers, "Content-Type: application/json;charset=utf-8\n"));
    done(&x);
}

static void test_pipeline__wrong_method_is_405_with_allow(void **state)
{
    exchange x;
    run(*state, &x, "DELETE", "/beta/certifications", NULL, NULL);
    assert_int_equal(x.req.status, 405);
    assert_non_null(strstr(x.headers, "Allow: GET\n"));
    assert_non_null(strstr(body_of(&x), "DELETE is not allowed on /beta/certifications; use GET"));
    done(&x);
}

/* Allow lists every method the table has for a path, derived from the rows:
 * every row whose pattern matches the path (/v3/campaigns/delete is also
 * /v3/campaigns/{id}). */
static void test_pipeline__allow_lists_every_method_of_the_path(void **state)
{
    for (size_t i = 0; i < op_count; i++) {
        /* A concrete path for the pattern: every {param} becomes "x". */
        char path[256];
        size_t len = 0;
        for (const char *p = ops[i].path; *p && len + 1 < sizeof path; p++) {
            path[len++] = *p == '{' ? 'x' : *p;
            if (*p == '{')
                p = strchr(p, '}');
        }
        path[len] = '\0';
        char want[64] = "";
        for (size_t j = 0; j < op_count; j++) {
            char store[256];
            const char *params[REQ_MAX_PARAMS];
            if (op_match(&ops[j], path, store, sizeof store, params) &&
                !strstr(want, ops[j].method))
                snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s",
                         want[0] ? ", " : "", ops[j].method);
        }
        exchange x;
        run(*state, &x, "PUT", path, NULL, NULL);
        assert_int_equal(x.req.status, 405);
        char line[80];
        snprintf(line, sizeof line, "Allow: %s\n", want);
        assert_non_null(strstr(x.headers, line));
        done(&x);
    }
}

static void test_pipeline__no_token_is_401_with_a_bearer_challenge(void **state)
{
    exchange x;
    run(*state, &x, "GET", "/beta/certifications", NULL, NULL);
    assert_int_equal(x.req.status, 401);
    assert_string_equal(body_of(&x),
                        "{\"error\":\"Full authentication is required to access this resource\"}");
    assert_non_null(strstr(x.headers, "WWW-Authenticate: Bearer\n"));
    done(&x);
}

static void test_pipeline__checks_before_the_handler(void **state)
{
    exchange x;
    run(*state, &x, "GET", "/beta/certifications?limit=%zz", NULL, NULL);
    assert_int_equal(x.req.status, 400);
    assert_non_null(strstr(body_of(&x), "the query string is malformed"));
    done(&x);
    fixture *f = *state;
    f->srv.cfg.max_body = 8;
    run(f, &x, "POST", "/oauth/token", NULL, "0123456789");
    f->srv.cfg.max_body = 1 << 20;
    assert_int_equal(x.req.status, 413);
    done(&x);
}

static void test_pipeline__a_list_with_count_and_a_trailing_slash(void **state)
{
    fixture *f = *state;
    char auth[2048];
    admin_token(f, auth, sizeof auth);
    const char *h[] = { auth, NULL };
    exchange x;
    run(f, &x, "GET", "/beta/certifications/?count=true", h, NULL);
    assert_int_equal(x.req.status, 200);
    assert_non_null(strstr(x.headers, "X-Total-Count: 1\n"));
    assert_non_null(strstr(body_of(&x), "\"id\":\"cert-1\""));
    done(&x);
}

static void test_pipeline__rate_limit_per_api_bucket(void **state)
{
    fixture *f = *state;
    char auth[2048];
    admin_token(f, auth, sizeof auth);
    f->srv.api_limit = ratelimit_new(2, 60, 16);
    assert_non_null(f->srv.api_limit);
    const char *h[] = { auth, NULL };
    exchange x;
    for (int i = 0; i < 2; i++) {
        run(f, &x, "GET", "/beta/certifications", h, NULL);
        assert_int_equal(x.req.status, 200);
        done(&x);
    }
    run(f, &x, "GET", "/beta/certifications", h, NULL);
    assert_int_equal(x.req.status, 429);
    assert_string_equal(body_of(&x), "{\"message\":\" Rate Limit Exceeded \"}");
    assert_non_null(strstr(x.headers, "Retry-After: "));
    done(&x);
    /* The token endpoint is not in the API's bucket. */
    admin_token(f, auth, sizeof auth);
    ratelimit_free(f->srv.api_limit);
    f->srv.api_limit = NULL;
}

static void test_pipeline__every_row_is_complete(void **state)
{
    (void)state;
    for (size_t i = 0; i < op_count; i++) {
        const op_t *op = &ops[i];
        assert_non_null(op->id);
        assert_non_null(op->handler);
        assert_true(op->path[0] == '/');
        assert_true(op->status == 200 || op->status == 202);
        assert_true(op->auth != AUTH_NONE || op->api == API_OAUTH);
        assert_true(op->body != BODY_JSON || op->body_schema);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pipeline__unknown_path_is_404, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline__wrong_method_is_405_with_allow, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pipeline__allow_lists_every_method_of_the_path,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline__no_token_is_401_with_a_bearer_challenge,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline__checks_before_the_handler, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pipeline__a_list_with_count_and_a_trailing_slash,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline__rate_limit_per_api_bucket, setup,
                                        teardown),
        cmocka_unit_test(test_pipeline__every_row_is_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
