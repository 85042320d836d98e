/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_mbedtls.c - the mbedTLS backend: mbedTLS 2.28's ECP module for
 * X25519 (x25519_mbedtls.c), its SHA-256 module (here) and its GCM module
 * (aead_mbedtls_gcm.c). mbedTLS 3.6 and later are used through the PSA
 * Crypto API instead (crypto_psa.c); the build picks one by version.
 *
 * Each call sets up its own mbedTLS context on the stack and frees it: no
 * state survives a call, so one server can be used from many threads.
 */
#include <mbedtls/sha256.h>

#include "mbedtls_common.h"

#if PSSST_MBEDTLS_IS_3
#error "crypto_mbedtls.c is for mbedTLS 2.x; mbedTLS 3 and later use crypto_psa.c"
#endif

static int mbedtls_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
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

const pssst_crypto_backend pssst_crypto_mbedtls = {
    .name = "mbedtls",
    .library = pssst_mbedtls_version,
    .x25519 = pssst_mbedtls_x25519,
    .x25519_base = pssst_mbedtls_x25519_base,
    .sha256_2 = mbedtls_sha256_2,
    .aead_seal = pssst_mbedtls_gcm_seal,
    .aead_open = pssst_mbedtls_gcm_open,
};
