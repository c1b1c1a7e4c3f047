/*
 * fuzz_jwt: bearer tokens (jwt_verify with a fixed key) and the base64url
 * decoder under them (b64url_decode).
 *
 * The input is the token as it follows "Bearer ". The key and the clock are
 * fixed so that the seed tokens (signed with this key, see corpus/jwt)
 * verify and the fuzzer can explore past the signature check.
 *
 * Oracles:
 *   - a verified token has an object of claims with an integer exp later
 *     than now, and signing those claims again yields a token that verifies;
 *   - the same token verified without claims_out gives the same status;
 *   - base64url has one spelling per byte string: whenever decoding
 *     succeeds, encoding the result gives back the input minus any padding.
 */
#include <string.h>

#include "auth/auth.h"
#include "fuzz.h"

static const unsigned char key[] = "recert-fuzz-key-0123456789abcdef";
#define NOW INT64_C(1767225600) /* 2026-01-01T00:00:00Z */

static void check_b64(const char *text, size_t len)
{
    buf_t out, again;
    buf_init(&out, 0);
    buf_init(&again, 0);
    if (b64url_decode(&out, text, len) == 0) {
        size_t plain = len;
        while (plain > 0 && text[plain - 1] == '=')
            plain--;
        FUZZ_CHECK(len - plain <= 2);
        b64url_encode(&again, (const unsigned char *)out.data, out.len);
        FUZZ_CHECK(!buf_failed(&again) && again.len == plain &&
                   (plain == 0 || memcmp(again.data, text, plain) == 0));
    } else {
        FUZZ_CHECK(out.len == 0); /* a bad input leaves out untouched */
    }
    buf_free(&out);
    buf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_t *claims = (json_t *)&claims; /* must be reset by jwt_verify */
    jwt_status st = jwt_verify(key, sizeof key - 1, text, size, NOW, &claims);
    FUZZ_CHECK(jwt_verify(key, sizeof key - 1, text, size, NOW, NULL) == st);
    FUZZ_CHECK(jwt_status_text(st) != NULL);
    if (st == JWT_OK) {
        FUZZ_CHECK(json_is_object(claims));
        json_t *exp = json_object_get(claims, "exp");
        FUZZ_CHECK(json_is_integer(exp) && json_integer_value(exp) > NOW);
        buf_t tok;
        buf_init(&tok, 0);
        if (jwt_sign(key, sizeof key - 1, claims, &tok) == 0) {
            json_t *again = NULL;
            FUZZ_CHECK(jwt_verify(key, sizeof key - 1, tok.data, tok.len, NOW, &again) == JWT_OK);
            FUZZ_CHECK(json_equal(again, claims));
            json_decref(again);
        }
        buf_free(&tok);
        json_decref(claims);
    } else {
        FUZZ_CHECK(claims == NULL);
    }
    /* Another key never accepts what this one signed, nor the empty key anything. */
    static const unsigned char other[] = "another-key-0123456789abcdefghij";
    FUZZ_CHECK(st != JWT_OK || jwt_verify(other, sizeof other - 1, text, size, NOW, NULL) ==
                                   JWT_BAD_SIGNATURE);
    FUZZ_CHECK(jwt_verify(key, 0, text, size, NOW, NULL) != JWT_OK);
    check_b64(text, size);
    return 0;
}
