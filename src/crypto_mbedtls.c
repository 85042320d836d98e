/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_mbedtls.c - SHA-256, wiping and the parts shared by both AES-GCM
 * implementations, on mbedTLS 2.28 (Debian 12's libmbedtls-dev). With
 * x25519_mbedtls.c, aead_mbedtls_gcm.c and aead_aes_block.c this file holds
 * every mbedTLS call of the library; protocol code sees only crypto.h.
 *
 * Each call sets up its own mbedTLS context on the stack and frees it: no
 * state survives a call, so one server can be used from many threads.
 */
#include <pthread.h>

#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "crypto.h"
#include "crypto_mbedtls.h"

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

int pssst_aes_tables_ready(void)
{
    return pthread_once(&aes_tables_once, aes_tables_build) == 0 ? PSSST_CRYPTO_OK
                                                                 : PSSST_CRYPTO_FAIL;
}

int pssst_aead_verify(int rc, const uint8_t computed[PSSST_GCM_TAG_SIZE],
                      const uint8_t received[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                      uint8_t *body, size_t body_len)
{
    if (rc == PSSST_CRYPTO_OK && pssst_ct_compare(computed, received, PSSST_GCM_TAG_SIZE) != 0)
        rc = PSSST_CRYPTO_AUTH;
    if (rc != PSSST_CRYPTO_OK) {
        /* No unauthenticated plaintext may leave the backend. */
        if (head_len > 0)
            pssst_wipe(head, head_len);
        if (body_len > 0)
            pssst_wipe(body, body_len);
    }
    return rc;
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

