/*
 * secret: PBKDF2 client-secret hashes, randomness and constant-time
 * comparison. See auth.h.
 *
 * Design notes for newcomers:
 *   - The stored string carries its own iteration count and salt, so the
 *     default can be raised later without invalidating old hashes.
 *   - secret_verify distrusts the stored string as much as user input: an
 *     iteration count of 0 or above SECRET_MAX_ITERATIONS is rejected
 *     (one corrupted row must not pin a CPU for minutes), and the hash must
 *     be exactly 32 bytes so CRYPTO_memcmp compares equal lengths.
 *   - Derived keys are wiped with OPENSSL_cleanse (memset may be optimised
 *     away), because "nothing here keeps a secret".
 *   - Callers that look up a client and find none should still call
 *     secret_verify against a dummy hash, or response time reveals which
 *     client ids exist; that policy belongs to the token endpoint.
 */
#include "auth.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../common/util.h"

#define SECRET_PREFIX "pbkdf2-sha256$"
#define SECRET_SALT_LEN 16
#define SECRET_DK_LEN 32
#define SECRET_MAX_ITERATIONS 10000000
#define SECRET_SALT_MIN 8   /* accepted when verifying (imported hashes) */
#define SECRET_SALT_MAX 64

static int derive(const char *secret, const unsigned char *salt, size_t salt_len,
                  unsigned iterations, unsigned char dk[SECRET_DK_LEN])
{
    size_t n = strlen(secret);
    if (n > INT_MAX || salt_len > INT_MAX || iterations == 0 || iterations > SECRET_MAX_ITERATIONS)
        return -1;
    return PKCS5_PBKDF2_HMAC(secret, (int)n, salt, (int)salt_len, (int)iterations, EVP_sha256(),
                             SECRET_DK_LEN, dk) == 1 ? 0 : -1;
}

int secret_hash(const char *secret, unsigned iterations, char out[SECRET_HASH_MAX])
{
    unsigned char salt[SECRET_SALT_LEN], dk[SECRET_DK_LEN];
    out[0] = '\0';
    if (iterations == 0)
        iterations = SECRET_HASH_ITERATIONS;
    if (!secret || auth_random(salt, sizeof salt) || derive(secret, salt, sizeof salt, iterations, dk))
        return -1;
    buf_t b;
    buf_init(&b, SECRET_HASH_MAX - 1);
    buf_printf(&b, SECRET_PREFIX "%u$", iterations);
    b64url_encode(&b, salt, sizeof salt);
    buf_putc(&b, '$');
    b64url_encode(&b, dk, sizeof dk);
    OPENSSL_cleanse(dk, sizeof dk);
    int rc = -1;
    if (!buf_failed(&b)) {
        memcpy(out, b.data, b.len + 1);
        rc = 0;
    }
    buf_free(&b);
    return rc;
}

int secret_verify(const char *secret, const char *stored)
{
    const size_t plen = sizeof SECRET_PREFIX - 1;
    if (!secret || !stored || strncmp(stored, SECRET_PREFIX, plen) != 0)
        return 0;
    const char *it = stored + plen;
    const char *d1 = strchr(it, '$');
    const char *d2 = d1 ? strchr(d1 + 1, '$') : NULL;
    int64_t iterations;
    if (!d2 || strchr(d2 + 1, '$') || *it < '1' || *it > '9' ||
        parse_int64(it, (size_t)(d1 - it), &iterations) || iterations > SECRET_MAX_ITERATIONS)
        return 0;
    buf_t salt, want;
    buf_init(&salt, SECRET_SALT_MAX);
    buf_init(&want, SECRET_DK_LEN);
    unsigned char dk[SECRET_DK_LEN];
    int ok = b64url_decode(&salt, d1 + 1, (size_t)(d2 - d1 - 1)) == 0 &&
             b64url_decode(&want, d2 + 1, strlen(d2 + 1)) == 0 &&
             salt.len >= SECRET_SALT_MIN && want.len == SECRET_DK_LEN &&
             derive(secret, (const unsigned char *)salt.data, salt.len, (unsigned)iterations, dk) == 0 &&
             CRYPTO_memcmp(dk, want.data, SECRET_DK_LEN) == 0;
    OPENSSL_cleanse(dk, sizeof dk);
    buf_free(&salt);
    buf_free(&want);
    return ok;
}

int auth_random(unsigned char *out, size_t len)
{
    while (len > 0) {
        int n = len > INT_MAX ? INT_MAX : (int)len;
        if (RAND_bytes(out, n) != 1)
            return -1;
        out += n;
        len -= (size_t)n;
    }
    return 0;
}

int auth_equal(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}
