/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto.h - the narrow internal interface between the protocol code and a
 * cryptographic backend. Protocol code (client.c, server.c, kdf.c, ...)
 * calls only these functions; crypto_mbedtls.c implements them on mbedTLS
 * and x25519_sodium.c can replace the X25519 part with libsodium. A backend
 * returns 0 on success and a negative value on failure, never a
 * pssst_status: the protocol code decides what a failure means.
 *
 * Not part of the installed API.
 */
#ifndef PSSST_CRYPTO_H
#define PSSST_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define PSSST_X25519_SIZE 32
#define PSSST_SHA256_SIZE 32
#define PSSST_AES_KEY_SIZE 16
#define PSSST_GCM_NONCE_SIZE 12
#define PSSST_GCM_TAG_SIZE 16

/* Failure codes of the backend functions. */
#define PSSST_CRYPTO_OK 0
#define PSSST_CRYPTO_FAIL (-1)       /* internal error of the backend */
#define PSSST_CRYPTO_ZERO (-2)       /* X25519 result is all zero (low-order point) */
#define PSSST_CRYPTO_AUTH (-3)       /* AES-GCM tag did not verify */
#define PSSST_CRYPTO_NO_RANDOM (-4)  /* the operating system gave no randomness */

/*
 * out = X25519(scalar, u) as in RFC 7748 section 5: the scalar is clamped
 * here, the u-coordinate's top bit is masked and non-canonical values are
 * reduced. Returns PSSST_CRYPTO_ZERO, with out wiped, when the result is
 * all zero. out may not overlap the inputs.
 */
int pssst_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                 const uint8_t u[PSSST_X25519_SIZE]);

/* out = X25519(scalar, 9): the public key of a scalar. */
int pssst_x25519_base(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE]);

/* Name of the X25519 implementation ("mbedtls", "libsodium"). */
const char *pssst_x25519_name(void);

/* out = SHA-256(a || b). */
int pssst_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                   const uint8_t *b, size_t b_len);

/*
 * AES-128-GCM seal of the plaintext head || body into out (head_len +
 * body_len bytes) and tag. head_len must be a multiple of 16 (PSSST uses 0
 * or 64). body may equal out + head_len (in place); no other overlap.
 */
int pssst_aead_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *head, size_t head_len, const uint8_t *body,
                    size_t body_len, uint8_t *out, uint8_t tag[PSSST_GCM_TAG_SIZE]);

/*
 * AES-128-GCM open of in (len bytes): the first head_len bytes of the
 * plaintext go to head, the rest to body. Returns PSSST_CRYPTO_AUTH when
 * the tag does not verify; head and body are wiped then. head_len must be
 * a multiple of 16 and at most len. body may equal in + head_len.
 */
int pssst_aead_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len,
                    const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                    uint8_t *body);

/* Fills buf with len bytes from the operating system (getrandom). */
int pssst_random(uint8_t *buf, size_t len);

/* Wipes len bytes in a way the compiler may not remove. */
void pssst_wipe(void *buf, size_t len);

/* Constant-time comparison: 0 when equal, non-zero otherwise. */
int pssst_ct_compare(const uint8_t *a, const uint8_t *b, size_t len);

/* 1 when all len bytes are zero, else 0, without a data-dependent branch. */
int pssst_is_all_zero(const uint8_t *b, size_t len);

/* Clamps an X25519 scalar in place (RFC 7748 section 5). */
void pssst_clamp(uint8_t k[PSSST_X25519_SIZE]);

#endif /* PSSST_CRYPTO_H */
