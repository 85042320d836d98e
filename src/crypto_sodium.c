/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_sodium.c - the libsodium backend, for the fast build
 * (-DPSSST_X25519=libsodium): X25519 (spec 2.1) and SHA-256 on libsodium.
 * libsodium has no AES-128-GCM, so the AEAD is aead_aes_block.c, built on
 * mbedTLS's AES block; like the rest of this backend it allocates nothing.
 * The scalar multiplications dominate the cost of every transaction.
 *
 * libsodium clamps the scalar and ignores the top bit of the u-coordinate
 * itself (spec 2.1 [2.1-u-top-bit]); the scalar is clamped here as well so
 * that this file states the rule of spec 2.1 instead of relying on that.
 * Non-canonical u-coordinates are reduced by libsodium's field decoding
 * (RFC 7748 section 5).
 * Nothing here touches the heap: the scalar copy lives on the stack.
 */
#include "mbedtls_common.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ready = -1;

/*
 * sodium_init picks the fastest X25519 code for this CPU. It is run once,
 * through pthread_once, so that concurrent first calls from several server
 * threads are safe and later calls cost no lock.
 */
static void sodium_setup(void)
{
    sodium_ready = sodium_init() < 0 ? -1 : 0;
}

static int sodium_start(void)
{
    if (pthread_once(&sodium_once, sodium_setup) != 0) {
        return PSSST_CRYPTO_FAIL;
    }
    return sodium_ready == 0 ? PSSST_CRYPTO_OK : PSSST_CRYPTO_FAIL;
}

/* spec 2.1: every scalar is clamped at use [2.1-clamp]; k is a stack copy. */
static void clamp(uint8_t k[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE])
{
    memcpy(k, scalar, PSSST_X25519_SIZE);
    pssst_clamp(k);
}

/*
 * libsodium returns -1 both for an all-zero result and for a u-coordinate
 * on its list of low-order points (which, with a clamped scalar, would give
 * an all-zero result anyway). Both are the all-zero case of spec 5.3
 * [5.3-library-refusal].
 */
static int finish(int rc, uint8_t out[PSSST_X25519_SIZE], uint8_t k[PSSST_X25519_SIZE])
{
    pssst_wipe(k, PSSST_X25519_SIZE);
    if (rc != 0) {
        pssst_wipe(out, PSSST_X25519_SIZE);
        return PSSST_CRYPTO_ZERO;
    }
    return PSSST_CRYPTO_OK;
}

static int sodium_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                         const uint8_t u[PSSST_X25519_SIZE])
{
    uint8_t k[PSSST_X25519_SIZE];

    if (sodium_start() != PSSST_CRYPTO_OK) {
        pssst_wipe(out, PSSST_X25519_SIZE);
        return PSSST_CRYPTO_FAIL;
    }
    clamp(k, scalar);
    return finish(crypto_scalarmult_curve25519(out, k, u), out, k);
}

static int sodium_x25519_base(uint8_t out[PSSST_X25519_SIZE],
                              const uint8_t scalar[PSSST_X25519_SIZE])
{
    uint8_t k[PSSST_X25519_SIZE];

    if (sodium_start() != PSSST_CRYPTO_OK) {
        pssst_wipe(out, PSSST_X25519_SIZE);
        return PSSST_CRYPTO_FAIL;
    }
    clamp(k, scalar);
    /* Fixed-base multiplication: libsodium uses a precomputed table here,
     * several times faster than the general ladder. */
    return finish(crypto_scalarmult_curve25519_base(out, k), out, k);
}

static int sodium_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                           const uint8_t *b, size_t b_len)
{
    crypto_hash_sha256_state state;
    int rc = PSSST_CRYPTO_FAIL;

    if (sodium_start() == PSSST_CRYPTO_OK && crypto_hash_sha256_init(&state) == 0 &&
        crypto_hash_sha256_update(&state, a, a_len) == 0 &&
        crypto_hash_sha256_update(&state, b, b_len) == 0 &&
        crypto_hash_sha256_final(&state, out) == 0)
        rc = PSSST_CRYPTO_OK;
    pssst_wipe(&state, sizeof state);
    return rc;
}

/* "libsodium 1.0.18 with mbedTLS 2.28.3": the AEAD is mbedTLS's AES block. */
static const char *sodium_library(void)
{
    return "libsodium " SODIUM_VERSION_STRING " with mbedTLS " MBEDTLS_VERSION_STRING;
}

const pssst_crypto_backend pssst_crypto_libsodium = {
    .name = "libsodium",
    .library = sodium_library,
    .x25519 = sodium_x25519,
    .x25519_base = sodium_x25519_base,
    .sha256_2 = sodium_sha256_2,
    .aead_seal = pssst_aes_block_gcm_seal,
    .aead_open = pssst_aes_block_gcm_open,
};
