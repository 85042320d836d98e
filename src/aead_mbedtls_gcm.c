/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aead_mbedtls_gcm.c - AES-128-GCM (spec 2.3) with mbedTLS 2.28's GCM module:
 * the mbedTLS backend's implementation, the plainest use of the library.
 * mbedtls_gcm_setkey allocates a cipher context on the heap at every key
 * set-up (twice per transaction); aead_aes_block.c avoids that for the fast
 * build and is checked against the same vectors.
 */
#include <mbedtls/gcm.h>

#include "mbedtls_common.h"

#define AES_KEY_BITS 128

/* Starts a GCM operation: key schedule, nonce and additional data. */
static int gcm_start(mbedtls_gcm_context *ctx, int mode, const uint8_t key[PSSST_AES_KEY_SIZE],
                     const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                     size_t aad_len)
{
    if (pssst_aes_tables_ready() != PSSST_CRYPTO_OK)
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

int pssst_mbedtls_gcm_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                           const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                           size_t aad_len, const uint8_t *head, size_t head_len,
                           const uint8_t *body, size_t body_len, uint8_t *out,
                           uint8_t tag[PSSST_GCM_TAG_SIZE])
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

int pssst_mbedtls_gcm_open(const uint8_t key[PSSST_AES_KEY_SIZE],
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
    rc = pssst_aead_verify(rc, computed, received, head, head_len, body, len - head_len);
    mbedtls_gcm_free(&ctx);
    pssst_wipe(computed, sizeof computed);
    return rc;
}
