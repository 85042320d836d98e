/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto.c - the backends compiled into the library, and the dispatch of
 * the protocol code's calls to the default one (crypto.h).
 *
 * The build defines PSSST_DEFAULT_BACKEND to the default table's name and
 * PSSST_WITH_<NAME> for each backend compiled in (src/CMakeLists.txt).
 */
#include "crypto.h"

#ifndef PSSST_DEFAULT_BACKEND
#error "PSSST_DEFAULT_BACKEND is set by src/CMakeLists.txt"
#endif

const pssst_crypto_backend *const pssst_crypto_backends[] = {
    &PSSST_DEFAULT_BACKEND,
#if defined(PSSST_WITH_MBEDTLS) && !defined(PSSST_DEFAULT_IS_MBEDTLS)
    &pssst_crypto_mbedtls,
#endif
#if defined(PSSST_WITH_PSA) && !defined(PSSST_DEFAULT_IS_PSA)
    &pssst_crypto_psa,
#endif
#if defined(PSSST_WITH_LIBSODIUM) && !defined(PSSST_DEFAULT_IS_LIBSODIUM)
    &pssst_crypto_libsodium,
#endif
    NULL,
};

const pssst_crypto_backend *pssst_crypto_default(void)
{
    return &PSSST_DEFAULT_BACKEND;
}

int pssst_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                 const uint8_t u[PSSST_X25519_SIZE])
{
    return PSSST_DEFAULT_BACKEND.x25519(out, scalar, u);
}

int pssst_x25519_base(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE])
{
    return PSSST_DEFAULT_BACKEND.x25519_base(out, scalar);
}

int pssst_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                   const uint8_t *b, size_t b_len)
{
    return PSSST_DEFAULT_BACKEND.sha256_2(out, a, a_len, b, b_len);
}

int pssst_aead_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *head, size_t head_len, const uint8_t *body,
                    size_t body_len, uint8_t *out, uint8_t tag[PSSST_GCM_TAG_SIZE])
{
    return PSSST_DEFAULT_BACKEND.aead_seal(key, nonce, aad, aad_len, head, head_len, body,
                                           body_len, out, tag);
}

int pssst_aead_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len,
                    const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                    uint8_t *body)
{
    return PSSST_DEFAULT_BACKEND.aead_open(key, nonce, aad, aad_len, in, len, tag, head,
                                           head_len, body);
}

int pssst_aead_verify(int rc, const uint8_t computed[PSSST_GCM_TAG_SIZE],
                      const uint8_t received[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                      uint8_t *body, size_t body_len)
{
    /* spec 2.3: all 16 bytes of the tag [2.3-full-tag] */
    if (rc == PSSST_CRYPTO_OK && pssst_ct_compare(computed, received, PSSST_GCM_TAG_SIZE) != 0)
        rc = PSSST_CRYPTO_AUTH;
    return pssst_aead_wipe_unless_ok(rc, head, head_len, body, body_len);
}

int pssst_aead_wipe_unless_ok(int rc, uint8_t *head, size_t head_len, uint8_t *body,
                              size_t body_len)
{
    /* spec 2.3, 10.1: no byte of a refused plaintext stays [2.3-no-plaintext] [10.1-no-leftover] */
    if (rc != PSSST_CRYPTO_OK) {
        if (head_len > 0)
            pssst_wipe(head, head_len);
        if (body_len > 0)
            pssst_wipe(body, body_len);
    }
    return rc;
}
