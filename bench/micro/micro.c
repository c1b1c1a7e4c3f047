/*
 * micro: per-call costs of the pieces recertd runs on every request, measured
 * in isolation against the Release build's own libraries (build-release/).
 * Evidence for the proposals in docs/performance.md, not a test.
 *
 *   bench/micro/run.sh            (builds recertd's libraries, then this)
 *
 *   jwt_verify          what token_authenticate pays per request (HMAC-SHA256,
 *                       base64url, two jansson parses) on a token shaped like
 *                       the ones /oauth/token issues
 *   HMAC one-shot       OpenSSL's HMAC() as jwt.c calls it (fetches SHA-256
 *                       and the MAC each call)
 *   json_loadb claims   the jansson parse of the claims alone
 *   random_hex_id       the per-request tracking id (getrandom syscall)
 *   render 250 certs    the jsonw calls of render_cert (handlers/certifications.c)
 *                       for one full page, as W2 renders it: through the library,
 *                       into a buf that grows from empty
 *   render 250, reserve the same, after one buf_reserve() for the page (what
 *                       handle_cert_list would do with a reserve)
 *   render 250, sketch  the same bytes written by hand the way proposal "JSON
 *                       writer" of docs/performance.md suggested: keys and
 *                       separators as pre-escaped literals, one reserve for the
 *                       page (values still go through json_escape_to); the floor
 *                       the library's calls are measured against
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth/auth.h"
#include "common/buf.h"
#include "common/jsonw.h"
#include "common/util.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define BENCH(label, iters, body)                                                          \
    do {                                                                                   \
        for (long i_ = 0; i_ < (iters) / 10; i_++) { body; }                               \
        double t0_ = now_s();                                                              \
        for (long i_ = 0; i_ < (iters); i_++) { body; }                                    \
        double dt_ = now_s() - t0_;                                                        \
        printf("%-22s %10.2f us/op  (%ld ops)\n", label, dt_ / (double)(iters) * 1e6,      \
               (long)(iters));                                                             \
    } while (0)

/* One growth to the page's likely size instead of ten doublings. */
#define PAGE_RESERVE (256 * 1024)

static void render_page(buf_t *out)
{
    jsonw_t w;
    jsonw_init(&w, out);
    jsonw_arr_open(&w);
    for (int i = 0; i < 250; i++) {
        char id[33];
        snprintf(id, sizeof id, "%032x", i * 2654435761u);
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "id", id);
        jsonw_kstr(&w, "name", "Q4 Manager Access Review for Sofia Martinez");
        jsonw_key(&w, "campaignRef");
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "id", "8b9e3c1f0d2a4e6b8c0d1e2f3a4b5c6d");
        jsonw_kstr(&w, "name", "Q4 Manager Access Review");
        jsonw_kstr(&w, "type", "CAMPAIGN");
        jsonw_kstr(&w, "campaignType", "MANAGER");
        jsonw_kstr(&w, "description", "Quarterly review of every employee's access by their manager");
        jsonw_kstr(&w, "correlatedStatus", "CORRELATED");
        jsonw_kstr(&w, "mandatoryCommentRequirement", "REVOKE_ONLY_DECISIONS");
        jsonw_obj_close(&w);
        jsonw_kstr(&w, "phase", "ACTIVE");
        jsonw_kstr(&w, "due", "2026-12-31T23:59:59.000Z");
        jsonw_kstr(&w, "signed", NULL);
        jsonw_key(&w, "reviewer");
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "type", "IDENTITY");
        jsonw_kstr(&w, "id", id);
        jsonw_kstr(&w, "name", "Sofia Martinez");
        jsonw_kstr(&w, "email", "sofia.martinez@example.com");
        jsonw_obj_close(&w);
        jsonw_key(&w, "reassignment");
        jsonw_null(&w);
        jsonw_kbool(&w, "hasErrors", false);
        jsonw_kstr(&w, "errorMessage", NULL);
        jsonw_kbool(&w, "completed", false);
        jsonw_kint(&w, "decisionsMade", 4);
        jsonw_kint(&w, "decisionsTotal", 36);
        jsonw_kint(&w, "entitiesCompleted", 0);
        jsonw_kint(&w, "entitiesTotal", 8);
        jsonw_kstr(&w, "created", "2026-12-01T09:00:00.000Z");
        jsonw_kstr(&w, "modified", "2026-11-30T11:29:04.123Z");
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
}

/* Appends a literal (sizeof - 1: no strlen). */
#define LIT(b, s) buf_append((b), (s), sizeof(s) - 1)

static void put_str(buf_t *b, const char *s)
{
    if (s)
        json_escape_to(b, s, strlen(s));
    else
        LIT(b, "null");
}

static void put_int(buf_t *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void render_page_sketch(buf_t *b)
{
    buf_reserve(b, PAGE_RESERVE);
    LIT(b, "[");
    for (int i = 0; i < 250; i++) {
        char id[33];
        snprintf(id, sizeof id, "%032x", i * 2654435761u);
        if (i)
            LIT(b, ",");
        LIT(b, "{\"id\":");
        put_str(b, id);
        LIT(b, ",\"name\":");
        put_str(b, "Q4 Manager Access Review for Sofia Martinez");
        LIT(b, ",\"campaignRef\":{\"id\":");
        put_str(b, "8b9e3c1f0d2a4e6b8c0d1e2f3a4b5c6d");
        LIT(b, ",\"name\":");
        put_str(b, "Q4 Manager Access Review");
        LIT(b, ",\"type\":\"CAMPAIGN\",\"campaignType\":");
        put_str(b, "MANAGER");
        LIT(b, ",\"description\":");
        put_str(b, "Quarterly review of every employee's access by their manager");
        LIT(b, ",\"correlatedStatus\":");
        put_str(b, "CORRELATED");
        LIT(b, ",\"mandatoryCommentRequirement\":");
        put_str(b, "REVOKE_ONLY_DECISIONS");
        LIT(b, "},\"phase\":");
        put_str(b, "ACTIVE");
        LIT(b, ",\"due\":");
        put_str(b, "2026-12-31T23:59:59.000Z");
        LIT(b, ",\"signed\":");
        put_str(b, NULL);
        LIT(b, ",\"reviewer\":{\"type\":");
        put_str(b, "IDENTITY");
        LIT(b, ",\"id\":");
        put_str(b, id);
        LIT(b, ",\"name\":");
        put_str(b, "Sofia Martinez");
        LIT(b, ",\"email\":");
        put_str(b, "sofia.martinez@example.com");
        LIT(b, "},\"reassignment\":null,\"hasErrors\":false,\"errorMessage\":");
        put_str(b, NULL);
        LIT(b, ",\"completed\":false,\"decisionsMade\":");
        put_int(b, 4);
        LIT(b, ",\"decisionsTotal\":");
        put_int(b, 36);
        LIT(b, ",\"entitiesCompleted\":");
        put_int(b, 0);
        LIT(b, ",\"entitiesTotal\":");
        put_int(b, 8);
        LIT(b, ",\"created\":");
        put_str(b, "2026-12-01T09:00:00.000Z");
        LIT(b, ",\"modified\":");
        put_str(b, "2026-11-30T11:29:04.123Z");
        LIT(b, "}");
    }
    LIT(b, "]");
}

int main(void)
{
    unsigned char key[32];
    if (auth_random(key, sizeof key))
        return 1;
    /* The claims /oauth/token issues (token.c handle_token). */
    json_t *claims = json_pack(
        "{s:s, s:b, s:s, s:s, s:s, s:s, s:b, s:[s], s:b, s:s, s:s, s:b, s:s, s:[s], s:I, s:s}",
        "tenant_id", "1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6", "internal", 0, "pod", "recert", "org",
        "recert", "identity_id", "0fc8a5f0f211ad2e123601d3561e9183", "user_name", "Ada Admin",
        "strong_auth", 0, "authorities", "ORG_ADMIN", "enabled", 1, "client_id",
        "recert-demo-admin", "accessType", "OFFLINE", "strong_auth_supported", 0, "user_id",
        "0fc8a5f0f211ad2e123601d3561e9183", "scope", "sp:scopes:all", "exp",
        (json_int_t)time(NULL) + 3600, "jti", "3b1f9c2d4e5a6b7c8d9e0f1a2b3c4d5e");
    buf_t tok = BUF_INIT;
    if (!claims || jwt_sign(key, sizeof key, claims, &tok))
        return 1;
    char *payload = json_dumps(claims, JSON_COMPACT);
    size_t payload_len = strlen(payload);
    printf("token %zu bytes, claims %zu bytes\n", tok.len, payload_len);

    long n = 200000;
    BENCH("jwt_verify", n, {
        json_t *c = NULL;
        if (jwt_verify(key, sizeof key, tok.data, tok.len, (int64_t)time(NULL), &c) != JWT_OK)
            return 1;
        json_decref(c);
    });
    unsigned char mac[32];
    unsigned mac_len;
    BENCH("HMAC one-shot", n, {
        HMAC(EVP_sha256(), key, sizeof key, (const unsigned char *)tok.data, 300, mac, &mac_len);
    });
    BENCH("json_loadb claims", n, {
        json_t *c = json_loadb(payload, payload_len, JSON_REJECT_DUPLICATES, NULL);
        json_decref(c);
    });
    char id[33];
    BENCH("random_hex_id", n, { random_hex_id(id); });
    buf_t out = BUF_INIT;
    render_page(&out);
    printf("page: %zu bytes\n", out.len);
    buf_free(&out);
    BENCH("render 250 certs", 2000, {
        buf_t b = BUF_INIT;
        render_page(&b);
        buf_free(&b);
    });
    BENCH("render 250, reserve", 2000, {
        buf_t b = BUF_INIT;
        buf_reserve(&b, PAGE_RESERVE);
        render_page(&b);
        buf_free(&b);
    });
    buf_t a = BUF_INIT, b2 = BUF_INIT;
    render_page(&a);
    render_page_sketch(&b2);
    if (a.failed || b2.failed || a.len != b2.len || memcmp(a.data, b2.data, a.len) != 0) {
        fprintf(stderr, "micro: the sketch writes different bytes\n");
        return 1;
    }
    buf_free(&a);
    buf_free(&b2);
    BENCH("render 250, sketch", 2000, {
        buf_t b = BUF_INIT;
        render_page_sketch(&b);
        buf_free(&b);
    });
    free(payload);
    json_decref(claims);
    buf_free(&tok);
    return 0;
}
