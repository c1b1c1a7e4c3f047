/*
 * auth: the cryptography behind /oauth/token and bearer tokens.
 *
 *   - JWTs signed and verified with HS256 (HMAC-SHA256, OpenSSL). Verification
 *     accepts only {"alg":"HS256"} and rejects "none" and every other alg.
 *   - Client secrets hashed with PBKDF2-HMAC-SHA256 and a random salt, stored
 *     as one self-describing string "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>".
 *   - Constant-time comparison wherever secrets or MACs are compared.
 *
 * Nothing here logs or keeps a secret.
 */
#ifndef RECERT_AUTH_H
#define RECERT_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../common/buf.h"

#define SECRET_HASH_ITERATIONS 100000
#define SECRET_HASH_MAX 160         /* bytes, including NUL */
#define JWT_MAX_LEN 8192

typedef enum jwt_status {
    JWT_OK = 0,
    JWT_MALFORMED,      /* not three base64url parts of JSON objects */
    JWT_BAD_ALG,        /* header alg is not HS256 (incl. "none") */
    JWT_BAD_SIGNATURE,
    JWT_EXPIRED,        /* exp missing, not an integer, or <= now */
} jwt_status;

/* Signs claims (a JSON object) with header {"alg":"HS256","typ":"JWT"} and
 * appends the compact token to out. Returns 0 or -1. */
int jwt_sign(const unsigned char *key, size_t key_len, const json_t *claims, buf_t *out);

/* Verifies token (len bytes) and, on JWT_OK, sets *claims_out to a new
 * reference the caller must json_decref. now is Unix seconds. */
jwt_status jwt_verify(const unsigned char *key, size_t key_len, const char *token, size_t len,
                      int64_t now, json_t **claims_out);

/* A short client-facing phrase, e.g. "JWT is expired". */
const char *jwt_status_text(jwt_status st);

/* Hashes secret with a fresh random salt into out (SECRET_HASH_MAX bytes).
 * iterations 0 means SECRET_HASH_ITERATIONS. Returns 0 or -1. */
int secret_hash(const char *secret, unsigned iterations, char out[SECRET_HASH_MAX]);

/* 1 if secret matches stored, 0 if not or if stored is malformed. Runs in
 * time independent of where a mismatch occurs. */
int secret_verify(const char *secret, const char *stored);

/* Cryptographically random bytes. Returns 0 or -1. */
int auth_random(unsigned char *out, size_t len);

/* Constant-time equality of two byte strings of the same length. */
int auth_equal(const void *a, const void *b, size_t len);

/* base64url without padding, appended to out. */
void b64url_encode(buf_t *out, const unsigned char *data, size_t len);
/* Decodes base64url (padding optional) into out. Returns 0 or -1. */
int b64url_decode(buf_t *out, const char *text, size_t len);

#endif
