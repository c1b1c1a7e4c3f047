/*
 * jwt: HS256 JSON Web Tokens (compact form) and base64url. See auth.h.
 *
 * Design notes for newcomers:
 *   - The algorithm is pinned: only {"alg":"HS256"} verifies. Trusting the
 *     header's alg is the classic JWT hole ("none", or HS/RS confusion).
 *   - The MAC is checked over the exact received "header.payload" bytes and
 *     before the payload is parsed, so unauthenticated input only ever
 *     reaches the JSON parser through the (small) header.
 *   - MACs are compared with CRYPTO_memcmp; memcmp leaks the position of the
 *     first mismatch through timing.
 *   - base64url decoding is strict (alphabet only, no stray '=', unused low
 *     bits must be zero), so each token has one valid spelling. JWS forbids
 *     padding, so jwt_verify rejects '=' even though b64url_decode takes it.
 *   - JSON is parsed with JSON_REJECT_DUPLICATES: with {"alg":"none",
 *     "alg":"HS256"} two parsers could disagree about which alg applies.
 *   - An empty key is refused: HMAC with no key is forgeable by anyone.
 *   - jwt_sign fails rather than mint a token longer than JWT_MAX_LEN,
 *     which jwt_verify would reject.
 */
#include "auth.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define HS256_LEN 32

static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void b64url_encode(buf_t *out, const unsigned char *data, size_t len)
{
    char q[4];
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        unsigned v = (unsigned)data[i] << 16 | (unsigned)data[i + 1] << 8 | data[i + 2];
        q[0] = b64url_alphabet[v >> 18];
        q[1] = b64url_alphabet[v >> 12 & 63];
        q[2] = b64url_alphabet[v >> 6 & 63];
        q[3] = b64url_alphabet[v & 63];
        buf_append(out, q, 4);
    }
    if (len - i == 1) {
        unsigned v = (unsigned)data[i] << 16;
        q[0] = b64url_alphabet[v >> 18];
        q[1] = b64url_alphabet[v >> 12 & 63];
        buf_append(out, q, 2);
    } else if (len - i == 2) {
        unsigned v = (unsigned)data[i] << 16 | (unsigned)data[i + 1] << 8;
        q[0] = b64url_alphabet[v >> 18];
        q[1] = b64url_alphabet[v >> 12 & 63];
        q[2] = b64url_alphabet[v >> 6 & 63];
        buf_append(out, q, 3);
    }
}

static int b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int b64url_decode(buf_t *out, const char *text, size_t len)
{
    if (len > 0 && !text)
        return -1;
    /* Padding is optional, but when present it must complete a quad. */
    if (len % 4 == 0 && len > 0 && text[len - 1] == '=') {
        len--;
        if (text[len - 1] == '=')
            len--;
    }
    if (len % 4 == 1)
        return -1;
    /* Validate everything first so a bad input leaves out untouched. */
    for (size_t i = 0; i < len; i++)
        if (b64url_value((unsigned char)text[i]) < 0)
            return -1;
    size_t tail = len % 4;
    if (tail) {
        int last = b64url_value((unsigned char)text[len - 1]);
        if ((tail == 2 && (last & 15)) || (tail == 3 && (last & 3)))
            return -1; /* non-zero unused bits: a second spelling of the same bytes */
    }
    unsigned char b[3];
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        unsigned v = (unsigned)b64url_value((unsigned char)text[i]) << 18 |
                     (unsigned)b64url_value((unsigned char)text[i + 1]) << 12 |
                     (unsigned)b64url_value((unsigned char)text[i + 2]) << 6 |
                     (unsigned)b64url_value((unsigned char)text[i + 3]);
        b[0] = (unsigned char)(v >> 16);
        b[1] = (unsigned char)(v >> 8);
        b[2] = (unsigned char)v;
        buf_append(out, b, 3);
    }
    if (tail) {
        unsigned v = (unsigned)b64url_value((unsigned char)text[i]) << 18 |
                     (unsigned)b64url_value((unsigned char)text[i + 1]) << 12;
        if (tail == 3)
            v |= (unsigned)b64url_value((unsigned char)text[i + 2]) << 6;
        b[0] = (unsigned char)(v >> 16);
        b[1] = (unsigned char)(v >> 8);
        buf_append(out, b, tail - 1);
    }
    return buf_failed(out) ? -1 : 0;
}

static int hs256(const unsigned char *key, size_t key_len, const char *data, size_t len,
                 unsigned char mac[HS256_LEN])
{
    unsigned int mac_len = 0;
    if (!key || key_len == 0 || key_len > INT_MAX)
        return -1;
    if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data, len, mac, &mac_len) ||
        mac_len != HS256_LEN)
        return -1;
    return 0;
}

/* The header jwt_sign emits: what json_dumps(JSON_COMPACT) of
 * {"alg":"HS256","typ":"JWT"} produces, without building it every time. */
static const char jwt_header_json[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

int jwt_sign(const unsigned char *key, size_t key_len, const json_t *claims, buf_t *out)
{
    if (!json_is_object(claims))
        return -1;
    char *payload = json_dumps(claims, JSON_COMPACT);
    if (!payload)
        return -1;
    buf_t tok;
    buf_init(&tok, JWT_MAX_LEN);
    b64url_encode(&tok, (const unsigned char *)jwt_header_json, sizeof jwt_header_json - 1);
    buf_putc(&tok, '.');
    b64url_encode(&tok, (const unsigned char *)payload, strlen(payload));
    free(payload);
    unsigned char mac[HS256_LEN];
    int rc = -1;
    if (!buf_failed(&tok) && hs256(key, key_len, tok.data, tok.len, mac) == 0) {
        buf_putc(&tok, '.');
        b64url_encode(&tok, mac, sizeof mac);
        if (!buf_failed(&tok))
            rc = buf_append(out, tok.data, tok.len);
    }
    buf_free(&tok);
    return rc;
}

/* Decodes one base64url part and parses it as a JSON object. */
static json_t *decode_object(const char *text, size_t len)
{
    buf_t raw;
    buf_init(&raw, JWT_MAX_LEN);
    json_t *obj = NULL;
    if (b64url_decode(&raw, text, len) == 0 && raw.len > 0) {
        obj = json_loadb(raw.data, raw.len, JSON_REJECT_DUPLICATES, NULL);
        if (obj && !json_is_object(obj)) {
            json_decref(obj);
            obj = NULL;
        }
    }
    buf_free(&raw);
    return obj;
}

jwt_status jwt_verify(const unsigned char *key, size_t key_len, const char *token, size_t len,
                      int64_t now, json_t **claims_out)
{
    if (claims_out)
        *claims_out = NULL;
    if (!token || len == 0 || len > JWT_MAX_LEN || memchr(token, '=', len))
        return JWT_MALFORMED;
    const char *dot1 = memchr(token, '.', len);
    if (!dot1)
        return JWT_MALFORMED;
    const char *dot2 = memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - token));
    if (!dot2 || memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - token)))
        return JWT_MALFORMED;
    const char *sig = dot2 + 1;
    size_t sig_len = len - (size_t)(sig - token);

    json_t *header = decode_object(token, (size_t)(dot1 - token));
    if (!header)
        return JWT_MALFORMED;
    const char *alg = json_string_value(json_object_get(header, "alg"));
    int alg_ok = alg && strcmp(alg, "HS256") == 0;
    json_decref(header);
    if (!alg_ok)
        return JWT_BAD_ALG;

    buf_t given;
    buf_init(&given, JWT_MAX_LEN);
    if (b64url_decode(&given, sig, sig_len) != 0) {
        buf_free(&given);
        return JWT_MALFORMED;
    }
    unsigned char mac[HS256_LEN];
    int mac_ok = given.len == HS256_LEN &&
                 hs256(key, key_len, token, (size_t)(dot2 - token), mac) == 0 &&
                 CRYPTO_memcmp(mac, given.data, HS256_LEN) == 0;
    buf_free(&given);
    if (!mac_ok)
        return JWT_BAD_SIGNATURE;

    json_t *claims = decode_object(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    if (!claims)
        return JWT_MALFORMED;
    json_t *exp = json_object_get(claims, "exp");
    if (!json_is_integer(exp) || json_integer_value(exp) <= now) {
        json_decref(claims);
        return JWT_EXPIRED;
    }
    if (claims_out)
        *claims_out = claims;
    else
        json_decref(claims);
    return JWT_OK;
}

const char *jwt_status_text(jwt_status st)
{
    switch (st) {
    case JWT_OK:
        return "JWT is valid";
    case JWT_MALFORMED:
        return "JWT is malformed";
    case JWT_BAD_ALG:
        return "JWT algorithm is not supported";
    case JWT_BAD_SIGNATURE:
        return "JWT signature does not match";
    case JWT_EXPIRED:
        return "JWT is expired";
    }
    return "JWT is invalid";
}
