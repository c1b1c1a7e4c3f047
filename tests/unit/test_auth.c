/*
 * Unit tests for src/auth (jwt.c, secret.c): HS256 sign/verify and every
 * way a token can be wrong, base64url strictness, PBKDF2 secret hashes.
 * Hostile tokens are built by hand (header and payload JSON are spelled out
 * and signed with HMAC directly) so the tests do not trust jwt_sign.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth/auth.h"

static const unsigned char KEY[] = "0123456789abcdef0123456789abcdef";
#define KEY_LEN (sizeof KEY - 1)
#define NOW INT64_C(1700000000)

/* Appends b64url(header) "." b64url(payload) "." b64url(HMAC-SHA256(key)). */
static void make_token(buf_t *out, const char *header, const char *payload,
                       const unsigned char *key, size_t key_len)
{
    b64url_encode(out, (const unsigned char *)header, strlen(header));
    buf_putc(out, '.');
    b64url_encode(out, (const unsigned char *)payload, strlen(payload));
    unsigned char mac[32];
    unsigned int n = 0;
    assert_non_null(HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)out->data,
                         out->len, mac, &n));
    buf_putc(out, '.');
    b64url_encode(out, mac, n);
    assert_false(buf_failed(out));
}

static jwt_status verify_str(const char *tok)
{
    json_t *claims = json_object(); /* must be overwritten either way */
    json_t *before = claims;
    jwt_status st = jwt_verify(KEY, KEY_LEN, tok, strlen(tok), NOW, &claims);
    json_decref(before);
    if (st != JWT_OK)
        assert_null(claims);
    else
        assert_true(json_is_object(claims) && claims != before);
    json_decref(claims);
    return st;
}

static jwt_status verify_built(const char *header, const char *payload)
{
    buf_t t = BUF_INIT;
    make_token(&t, header, payload, KEY, KEY_LEN);
    jwt_status st = verify_str(buf_cstr(&t));
    buf_free(&t);
    return st;
}

#define HS256_HDR "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
#define GOOD_CLAIMS "{\"user_name\":\"alice\",\"exp\":1700000100}"

static void test_auth__sign_verify_round_trip(void **state)
{
    (void)state;
    json_t *claims = json_pack("{s:s, s:I, s:[s,s], s:b}", "user_name", "alice", "exp",
                               (json_int_t)NOW + 60, "scope", "read", "write", "internal", 0);
    buf_t tok = BUF_INIT;
    assert_int_equal(jwt_sign(KEY, KEY_LEN, claims, &tok), 0);
    json_t *got = NULL;
    assert_int_equal(jwt_verify(KEY, KEY_LEN, tok.data, tok.len, NOW, &got), JWT_OK);
    assert_non_null(got);
    assert_true(json_equal(got, claims));
    json_decref(got);
    /* claims_out may be NULL when only validity matters */
    assert_int_equal(jwt_verify(KEY, KEY_LEN, tok.data, tok.len, NOW, NULL), JWT_OK);

    /* header is exactly the documented one, and no padding anywhere */
    const char *dot = strchr(tok.data, '.');
    buf_t hdr = BUF_INIT;
    assert_int_equal(b64url_decode(&hdr, tok.data, (size_t)(dot - tok.data)), 0);
    assert_string_equal(buf_cstr(&hdr), HS256_HDR);
    assert_null(strchr(tok.data, '='));
    buf_free(&hdr);
    buf_free(&tok);
    json_decref(claims);
}

static void test_auth__sign_appends_and_rejects_bad_input(void **state)
{
    (void)state;
    json_t *claims = json_pack("{s:I}", "exp", (json_int_t)NOW + 60);
    buf_t out = BUF_INIT;
    buf_puts(&out, "Bearer ");
    assert_int_equal(jwt_sign(KEY, KEY_LEN, claims, &out), 0);
    assert_int_equal(strncmp(out.data, "Bearer ey", 9), 0);
    assert_int_equal(jwt_verify(KEY, KEY_LEN, out.data + 7, out.len - 7, NOW, NULL), JWT_OK);

    size_t before = out.len;
    assert_int_equal(jwt_sign(KEY, 0, claims, &out), -1);  /* empty key */
    json_t *arr = json_array();
    assert_int_equal(jwt_sign(KEY, KEY_LEN, arr, &out), -1);  /* claims not an object */
    json_t *big = json_pack("{s:I}", "exp", (json_int_t)NOW + 60);
    char pad[JWT_MAX_LEN];
    memset(pad, 'x', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    json_object_set_new(big, "pad", json_string(pad));
    assert_int_equal(jwt_sign(KEY, KEY_LEN, big, &out), -1);  /* would exceed JWT_MAX_LEN */
    assert_int_equal(out.len, before);
    json_decref(big);
    json_decref(arr);
    json_decref(claims);
    buf_free(&out);
}

static void test_auth__tampered_payload(void **state)
{
    (void)state;
    buf_t a = BUF_INIT, b = BUF_INIT, t = BUF_INIT;
    make_token(&a, HS256_HDR, GOOD_CLAIMS, KEY, KEY_LEN);
    make_token(&b, HS256_HDR, "{\"user_name\":\"mallory\",\"exp\":1700000100}", KEY,
               KEY_LEN);
    /* mallory's header.payload with alice's signature */
    const char *sig_a = strrchr(a.data, '.'), *sig_b = strrchr(b.data, '.');
    buf_append(&t, b.data, (size_t)(sig_b - b.data));
    buf_puts(&t, sig_a);
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_SIGNATURE);

    /* one flipped signature character */
    buf_reset(&t);
    buf_puts(&t, a.data);
    t.data[t.len - 2] = t.data[t.len - 2] == 'A' ? 'B' : 'A';
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_SIGNATURE);

    /* signature of the right length but empty / truncated / extended */
    buf_reset(&t);
    buf_append(&t, a.data, (size_t)(sig_a - a.data) + 1);
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_SIGNATURE);
    buf_puts(&t, "AAAA");
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_SIGNATURE);
    buf_reset(&t);
    buf_puts(&t, a.data);
    buf_puts(&t, "AAAA");
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_SIGNATURE);
    buf_free(&a);
    buf_free(&b);
    buf_free(&t);
}

static void test_auth__wrong_key(void **state)
{
    (void)state;
    static const unsigned char other[] = "another-key-another-key-another!";
    buf_t t = BUF_INIT;
    make_token(&t, HS256_HDR, GOOD_CLAIMS, other, sizeof other - 1);
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_SIGNATURE);
    /* the same token checks out under its own key */
    assert_int_equal(jwt_verify(other, sizeof other - 1, t.data, t.len, NOW, NULL), JWT_OK);
    /* and no key never verifies */
    assert_int_equal(jwt_verify(KEY, 0, t.data, t.len, NOW, NULL), JWT_BAD_SIGNATURE);
    buf_free(&t);
}

static void test_auth__alg_none(void **state)
{
    (void)state;
    buf_t t = BUF_INIT;
    static const char hdr[] = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
    b64url_encode(&t, (const unsigned char *)hdr, sizeof hdr - 1);
    buf_putc(&t, '.');
    b64url_encode(&t, (const unsigned char *)GOOD_CLAIMS, sizeof GOOD_CLAIMS - 1);
    buf_putc(&t, '.');
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_BAD_ALG);
    /* even with a valid HS256 signature over it */
    assert_int_equal(verify_built(hdr, GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":\"None\"}", GOOD_CLAIMS), JWT_BAD_ALG);
    buf_free(&t);
}

static void test_auth__other_algs(void **state)
{
    (void)state;
    assert_int_equal(verify_built("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":\"RS256\"}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":\"hs256\"}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":\"HS256 \"}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"typ\":\"JWT\"}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":256}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":null}", GOOD_CLAIMS), JWT_BAD_ALG);
    assert_int_equal(verify_built("{\"alg\":\"HS256\\u0000\"}", GOOD_CLAIMS), JWT_MALFORMED);
    /* a duplicate alg is ambiguous, not "last one wins" */
    assert_int_equal(verify_built("{\"alg\":\"none\",\"alg\":\"HS256\"}", GOOD_CLAIMS),
                     JWT_MALFORMED);
    /* a minimal header without typ is fine */
    assert_int_equal(verify_built("{\"alg\":\"HS256\"}", GOOD_CLAIMS), JWT_OK);
}

static void test_auth__expired(void **state)
{
    (void)state;
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":1700000001}"), JWT_OK);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":1700000000}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":1699999999}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":-1}"), JWT_EXPIRED);
}

static void test_auth__missing_or_bad_exp(void **state)
{
    (void)state;
    assert_int_equal(verify_built(HS256_HDR, "{\"user_name\":\"alice\"}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":\"1800000000\"}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":1800000000.5}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":null}"), JWT_EXPIRED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":true}"), JWT_EXPIRED);
}

static void test_auth__malformed(void **state)
{
    (void)state;
    buf_t good = BUF_INIT, t = BUF_INIT;
    make_token(&good, HS256_HDR, GOOD_CLAIMS, KEY, KEY_LEN);
    const char *sig = strrchr(good.data, '.');

    /* two parts, four parts, empty, dots only */
    buf_append(&t, good.data, (size_t)(sig - good.data));
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_MALFORMED);
    buf_reset(&t);
    buf_puts(&t, good.data);
    buf_puts(&t, ".AAAA");
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_MALFORMED);
    assert_int_equal(verify_str(""), JWT_MALFORMED);
    assert_int_equal(verify_str(".."), JWT_MALFORMED);
    assert_int_equal(verify_str("abc"), JWT_MALFORMED);
    assert_int_equal(jwt_verify(KEY, KEY_LEN, NULL, 0, NOW, NULL), JWT_MALFORMED);

    /* bad base64 in each part */
    assert_int_equal(verify_str("ey!!.eyJleHAiOjF9.AAAA"), JWT_MALFORMED);
    buf_reset(&t);
    buf_append(&t, good.data, (size_t)(sig - good.data));
    buf_puts(&t, ".sig+/");
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_MALFORMED);
    buf_reset(&t);
    buf_puts(&t, good.data);
    buf_putc(&t, '='); /* JWS has no padding */
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_MALFORMED);
    buf_reset(&t);
    buf_puts(&t, good.data);
    t.data[3] = ' ';
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_MALFORMED);
    /* an embedded NUL within len */
    buf_reset(&t);
    buf_puts(&t, good.data);
    t.data[5] = '\0';
    assert_int_equal(jwt_verify(KEY, KEY_LEN, t.data, t.len, NOW, NULL), JWT_MALFORMED);

    /* non-JSON and non-object header / payload (validly signed) */
    assert_int_equal(verify_built("not json", GOOD_CLAIMS), JWT_MALFORMED);
    assert_int_equal(verify_built("[\"HS256\"]", GOOD_CLAIMS), JWT_MALFORMED);
    assert_int_equal(verify_built("", GOOD_CLAIMS), JWT_MALFORMED);
    assert_int_equal(verify_built(HS256_HDR, "not json"), JWT_MALFORMED);
    assert_int_equal(verify_built(HS256_HDR, "[{\"exp\":1800000000}]"), JWT_MALFORMED);
    assert_int_equal(verify_built(HS256_HDR, "1800000000"), JWT_MALFORMED);
    assert_int_equal(verify_built(HS256_HDR, ""), JWT_MALFORMED);
    assert_int_equal(verify_built(HS256_HDR, "{\"exp\":1800000000} trailing"), JWT_MALFORMED);

    /* too long, even if otherwise fine */
    buf_reset(&t);
    char pad[JWT_MAX_LEN];
    memset(pad, 'a', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    buf_t claims = BUF_INIT;
    buf_printf(&claims, "{\"exp\":1800000000,\"pad\":\"%s\"}", pad);
    make_token(&t, HS256_HDR, buf_cstr(&claims), KEY, KEY_LEN);
    assert_true(t.len > JWT_MAX_LEN);
    assert_int_equal(verify_str(buf_cstr(&t)), JWT_MALFORMED);
    buf_free(&claims);
    buf_free(&good);
    buf_free(&t);
}

static void test_auth__status_text(void **state)
{
    (void)state;
    assert_string_equal(jwt_status_text(JWT_EXPIRED), "JWT is expired");
    assert_string_equal(jwt_status_text(JWT_BAD_SIGNATURE), "JWT signature does not match");
    assert_string_equal(jwt_status_text(JWT_BAD_ALG), "JWT algorithm is not supported");
    assert_string_equal(jwt_status_text(JWT_MALFORMED), "JWT is malformed");
    assert_non_null(jwt_status_text(JWT_OK));
    assert_non_null(jwt_status_text((jwt_status)99));
}

static void test_auth__b64url_vectors(void **state)
{
    (void)state;
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const enc[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        buf_t e = BUF_INIT, d = BUF_INIT;
        b64url_encode(&e, (const unsigned char *)plain[i], strlen(plain[i]));
        assert_string_equal(buf_cstr(&e), enc[i]);
        assert_int_equal(b64url_decode(&d, enc[i], strlen(enc[i])), 0);
        assert_string_equal(buf_cstr(&d), plain[i]);
        buf_free(&e);
        buf_free(&d);
    }
    /* URL alphabet, padding accepted, round trip of every byte value */
    buf_t e = BUF_INIT, d = BUF_INIT;
    static const unsigned char fb[] = {0xfb, 0xff, 0xbf};
    b64url_encode(&e, fb, 3);
    assert_string_equal(buf_cstr(&e), "-_-_");
    assert_int_equal(b64url_decode(&d, "Zg==", 4), 0);
    assert_int_equal(b64url_decode(&d, "Zm8=", 4), 0);
    assert_string_equal(buf_cstr(&d), "ffo");
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    for (size_t n = 0; n <= sizeof all; n += 37) {
        buf_reset(&e);
        buf_reset(&d);
        b64url_encode(&e, all, n);
        assert_int_equal(b64url_decode(&d, buf_cstr(&e), e.len), 0);
        assert_int_equal(d.len, n);
        assert_memory_equal(d.len ? d.data : "", all, n);
    }
    buf_free(&e);
    buf_free(&d);
}

static void test_auth__b64url_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "Z",      /* length 1 mod 4 */
        "Zm9vY",  "Zm+v", "Zm/v", "Zm9 ", "Zm\n9", "Zg=", "Z===", "====", "Zg==Zg==",
        "=Zg=",   "Zh",   /* non-zero unused bits: "Zg" is the only spelling of "f" */
        "Zm9",    /* likewise for two bytes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        buf_t d = BUF_INIT;
        buf_puts(&d, "keep");
        assert_int_equal(b64url_decode(&d, bad[i], strlen(bad[i])), -1);
        assert_string_equal(buf_cstr(&d), "keep"); /* out untouched on error */
        buf_free(&d);
    }
    buf_t d = BUF_INIT;
    assert_int_equal(b64url_decode(&d, "Zm\0v", 4), -1);
    buf_t capped;
    buf_init(&capped, 2); /* a full buffer is an error too */
    assert_int_equal(b64url_decode(&capped, "Zm9v", 4), -1);
    buf_free(&capped);
    buf_free(&d);
}

static void test_auth__secret_hash_verify(void **state)
{
    (void)state;
    char h1[SECRET_HASH_MAX], h2[SECRET_HASH_MAX];
    assert_int_equal(secret_hash("s3cr3t", 1000, h1), 0);
    assert_int_equal(secret_hash("s3cr3t", 1000, h2), 0);
    assert_int_equal(strncmp(h1, "pbkdf2-sha256$1000$", 19), 0);
    /* 16-byte salt -> 22 chars, 32-byte hash -> 43 chars */
    assert_int_equal(strlen(h1), 19 + 22 + 1 + 43);
    assert_string_not_equal(h1, h2); /* fresh salt each time */
    assert_true(secret_verify("s3cr3t", h1));
    assert_true(secret_verify("s3cr3t", h2));
    assert_false(secret_verify("s3cr3T", h1));
    assert_false(secret_verify("s3cr3", h1));
    assert_false(secret_verify("s3cr3t ", h1));
    assert_false(secret_verify("", h1));
    assert_false(secret_verify(NULL, h1));

    assert_int_equal(secret_hash("", 1, h1), 0); /* empty secret still hashes */
    assert_true(secret_verify("", h1));
    assert_false(secret_verify("x", h1));
}

static void test_auth__secret_default_iterations(void **state)
{
    (void)state;
    char h[SECRET_HASH_MAX];
    assert_int_equal(secret_hash("correct horse", 0, h), 0);
    assert_int_equal(strncmp(h, "pbkdf2-sha256$100000$", 21), 0);
    assert_true(secret_verify("correct horse", h));
    assert_int_equal(secret_hash("x", 10000001, h), -1);
    assert_string_equal(h, "");
}

static void test_auth__secret_malformed_stored(void **state)
{
    (void)state;
    char good[SECRET_HASH_MAX];
    assert_int_equal(secret_hash("pw", 10, good), 0);
    const char *salt = good + strlen("pbkdf2-sha256$10$");
    const char *hash = strrchr(good, '$') + 1;
    char salt_s[64] = {0}, hash_s[64] = {0};
    memcpy(salt_s, salt, (size_t)(hash - 1 - salt));
    memcpy(hash_s, hash, strlen(hash));

    char s[256];
    assert_true(secret_verify("pw", good));
#define BAD(fmt, ...)                                                                            \
    do {                                                                                         \
        snprintf(s, sizeof s, fmt, __VA_ARGS__);                                                 \
        assert_false(secret_verify("pw", s));                                                    \
    } while (0)
    BAD("%s", "");
    BAD("%s", "pw");
    BAD("%s", "pbkdf2-sha256$");
    BAD("pbkdf2-sha512$10$%s$%s", salt_s, hash_s);
    BAD("PBKDF2-SHA256$10$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$0$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$-10$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$+10$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$010$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$ 10$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$1e1$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$10000001$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$99999999999999999999999$%s$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$11$%s$%s", salt_s, hash_s); /* wrong count = wrong hash */
    BAD("pbkdf2-sha256$10$%s", salt_s);
    BAD("pbkdf2-sha256$10$%s$", salt_s);
    BAD("pbkdf2-sha256$10$$%s", hash_s);
    BAD("pbkdf2-sha256$10$%s$%s$", salt_s, hash_s);
    BAD("pbkdf2-sha256$10$%s$%s$x", salt_s, hash_s);
    BAD("pbkdf2-sha256$10$%s!$%s", salt_s, hash_s);
    BAD("pbkdf2-sha256$10$%s$%.42s", salt_s, hash_s);  /* hash cut short */
    BAD("pbkdf2-sha256$10$%s$%sAAAA", salt_s, hash_s); /* hash too long */
    BAD("pbkdf2-sha256$10$%s$%s\n", salt_s, hash_s);
    BAD("pbkdf2-sha256$10$AAAA$%s", hash_s); /* 3-byte salt */
#undef BAD
    /* salts other than our 16 bytes: 8..64 verify (imported hashes), shorter do not */
    static const size_t salt_lens[] = {4, 7, 8, 32, 64, 65};
    for (size_t i = 0; i < sizeof salt_lens / sizeof *salt_lens; i++) {
        unsigned char salt_b[65], dk[32];
        memset(salt_b, 0x5a, sizeof salt_b);
        assert_int_equal(PKCS5_PBKDF2_HMAC("pw", 2, salt_b, (int)salt_lens[i], 10, EVP_sha256(),
                                           32, dk),
                         1);
        buf_t st = BUF_INIT;
        buf_puts(&st, "pbkdf2-sha256$10$");
        b64url_encode(&st, salt_b, salt_lens[i]);
        buf_putc(&st, '$');
        b64url_encode(&st, dk, sizeof dk);
        assert_int_equal(secret_verify("pw", buf_cstr(&st)),
                         salt_lens[i] >= 8 && salt_lens[i] <= 64);
        buf_free(&st);
    }
    assert_false(secret_verify("pw", NULL));
}

static void test_auth__random_and_equal(void **state)
{
    (void)state;
    unsigned char a[32], b[32];
    assert_int_equal(auth_random(a, sizeof a), 0);
    assert_int_equal(auth_random(b, sizeof b), 0);
    assert_false(auth_equal(a, b, sizeof a));
    assert_true(auth_equal(a, a, sizeof a));
    assert_int_equal(auth_random(a, 0), 0);
    assert_true(auth_equal("abc", "abd", 2));
    assert_false(auth_equal("abc", "abd", 3));
    assert_true(auth_equal("", "", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth__sign_verify_round_trip),
        cmocka_unit_test(test_auth__sign_appends_and_rejects_bad_input),
        cmocka_unit_test(test_auth__tampered_payload),
        cmocka_unit_test(test_auth__wrong_key),
        cmocka_unit_test(test_auth__alg_none),
        cmocka_unit_test(test_auth__other_algs),
        cmocka_unit_test(test_auth__expired),
        cmocka_unit_test(test_auth__missing_or_bad_exp),
        cmocka_unit_test(test_auth__malformed),
        cmocka_unit_test(test_auth__status_text),
        cmocka_unit_test(test_auth__b64url_vectors),
        cmocka_unit_test(test_auth__b64url_rejects),
        cmocka_unit_test(test_auth__secret_hash_verify),
        cmocka_unit_test(test_auth__secret_default_iterations),
        cmocka_unit_test(test_auth__secret_malformed_stored),
        cmocka_unit_test(test_auth__random_and_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
