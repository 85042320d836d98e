/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_mbedtls.c - SHA-256, AES-128-GCM and wiping on mbedTLS 2.28
 * (Debian 12's libmbedtls-dev). With x25519_mbedtls.c this file holds every
 * mbedTLS call of the library; protocol code sees only crypto.h.
 *
 * Each call sets up its own mbedTLS context on the stack and frees it: no
 * state survives a call, so one server can be used from many threads.
 */
#include <pthread.h>

#include <mbedtls/aes.h>
#include <mbedtls/gcm.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "crypto.h"

#if MBEDTLS_VERSION_NUMBER < 0x02100000 || MBEDTLS_VERSION_NUMBER >= 0x03000000
#error "pssst-c supports mbedTLS 2.16 to 2.28 (README: Supported mbedTLS versions)"
#endif

#define AES_KEY_BITS 128

/*
 * mbedTLS 2.28 builds its AES tables lazily, on the first key set-up,
 * behind an unlocked global flag (on CPUs without AES-NI, or where the
 * library was built without it). Building them once, before any
 * concurrent use, keeps many threads on one pssst_server race-free.
 */
static pthread_once_t aes_tables_once = PTHREAD_ONCE_INIT;

static void aes_tables_build(void)
{
    static const uint8_t zero_key[PSSST_AES_KEY_SIZE];
    mbedtls_aes_context ctx;

    mbedtls_aes_init(&ctx);
    (void)mbedtls_aes_setkey_enc(&ctx, zero_key, AES_KEY_BITS);
    mbedtls_aes_free(&ctx);
}

void pssst_wipe(void *buf, size_t len)
{
    mbedtls_platform_zeroize(buf, len);
}

int pssst_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                   const uint8_t *b, size_t b_len)
{
    mbedtls_sha256_context ctx;
    int rc = PSSST_CRYPTO_FAIL;

    mbedtls_sha256_init(&ctx);
    if (mbedtls_sha256_starts_ret(&ctx, 0) != 0)
        goto out;
    if (mbedtls_sha256_update_ret(&ctx, a, a_len) != 0)
        goto out;
    if (mbedtls_sha256_update_ret(&ctx, b, b_len) != 0)
        goto out;
    if (mbedtls_sha256_finish_ret(&ctx, out) != 0)
        goto out;
    rc = PSSST_CRYPTO_OK;
out:
    mbedtls_sha256_free(&ctx);
    return rc;
}

/* Starts a GCM operation: key schedule, nonce and additional data. */
static int gcm_start(mbedtls_gcm_context *ctx, int mode, const uint8_t key[PSSST_AES_KEY_SIZE],
                     const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                     size_t aad_len)
{
    if (pthread_once(&aes_tables_once, aes_tables_build) != 0)
        return PSSST_CRYPTO_FAIL;
    if (mbedtls_gcm_setkey(ctx, MBEDTLS_CIPHER_ID_AES, key, AES_KEY_BITS) != 0)
        return PSSST_CRYPTO_FAIL;
    if (mbedtls_gcm_starts(ctx, mode, nonce, PSSST_GCM_NONCE_SIZE, aad, aad_len) != 0)
        return PSSST_CRYPTO_FAIL;
    return PSSST_CRYPTO_OK;
}

/* One GCM update; a zero-length update is skipped (NULL pointers allowed then). */
static int gcm_update(mbedtls_gcm_context *ctx, const uint8_t *in, size_t len, uint8_t *out)
{
    if (len == 0)
        return PSSST_CRYPTO_OK;
    return mbedtls_gcm_update(ctx, len, in, out) == 0 ? PSSST_CRYPTO_OK : PSSST_CRYPTO_FAIL;
}

int pssst_aead_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *head, size_t head_len, const uint8_t *body,
                    size_t body_len, uint8_t *out, uint8_t tag[PSSST_GCM_TAG_SIZE])
{
    mbedtls_gcm_context ctx;
    int rc;

    mbedtls_gcm_init(&ctx);
    rc = gcm_start(&ctx, MBEDTLS_GCM_ENCRYPT, key, nonce, aad, aad_len);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_update(&ctx, head, head_len, out);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_update(&ctx, body, body_len, out + head_len);
    if (rc == PSSST_CRYPTO_OK && mbedtls_gcm_finish(&ctx, tag, PSSST_GCM_TAG_SIZE) != 0)
        rc = PSSST_CRYPTO_FAIL;
    mbedtls_gcm_free(&ctx);
    return rc;
}

int pssst_aead_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len,
                    const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                    uint8_t *body)
{
    mbedtls_gcm_context ctx;
    uint8_t computed[PSSST_GCM_TAG_SIZE];
    uint8_t received[PSSST_GCM_TAG_SIZE];
    int rc;

    if (head_len > len)
        return PSSST_CRYPTO_FAIL;
    /* The tag may sit right after an in-place output: keep a copy first. */
    for (size_t i = 0; i < PSSST_GCM_TAG_SIZE; i++)
        received[i] = tag[i];
    mbedtls_gcm_init(&ctx);
    rc = gcm_start(&ctx, MBEDTLS_GCM_DECRYPT, key, nonce, aad, aad_len);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_update(&ctx, in, head_len, head);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_update(&ctx, in + head_len, len - head_len, body);
    if (rc == PSSST_CRYPTO_OK && mbedtls_gcm_finish(&ctx, computed, PSSST_GCM_TAG_SIZE) != 0)
        rc = PSSST_CRYPTO_FAIL;
    if (rc == PSSST_CRYPTO_OK && pssst_ct_compare(computed, received, PSSST_GCM_TAG_SIZE) != 0)
        rc = PSSST_CRYPTO_AUTH;
    if (rc != PSSST_CRYPTO_OK) {
        /* No unauthenticated plaintext may leave this function. */
        if (head_len > 0)
            pssst_wipe(head, head_len);
        if (len > head_len)
            pssst_wipe(body, len - head_len);
    }
    mbedtls_gcm_free(&ctx);
    pssst_wipe(computed, sizeof computed);
    return rc;
}
