/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto.h - the narrow internal interface between the protocol code and a
 * cryptographic backend.
 *
 * A backend is a const table of functions (pssst_crypto_backend). The
 * library is built with one default backend, chosen at configure time, and
 * protocol code (client.c, server.c, kdf.c, keys.c) reaches it only through
 * the dispatch functions below (crypto.c). Every backend compiled into the
 * library is also listed in pssst_crypto_backends, so that one test binary
 * can run the same vectors, and a differential fuzzer the same inputs,
 * through each of them.
 *
 * Backends:
 *   pssst_crypto_mbedtls    mbedTLS 2.28's ECP, SHA-256 and GCM modules
 *   pssst_crypto_psa        the PSA Crypto API (mbedTLS 3.6 LTS and later)
 *   pssst_crypto_libsodium  libsodium's X25519 and SHA-256, with AES-GCM
 *                           built from the AES block of mbedTLS
 *
 * A backend function returns PSSST_CRYPTO_OK (0) or one of the negative
 * codes below, never a pssst_status: the protocol code decides what a
 * failure means (pssst_crypto_status, keys.c).
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

/* Results of the backend functions. */
#define PSSST_CRYPTO_OK 0
#define PSSST_CRYPTO_FAIL (-1)       /* internal error of the backend */
#define PSSST_CRYPTO_ZERO (-2)       /* X25519 result is all zero (low-order point) */
#define PSSST_CRYPTO_AUTH (-3)       /* AES-GCM tag did not verify */
#define PSSST_CRYPTO_NO_RANDOM (-4)  /* the operating system gave no randomness */

/*
 * The function types of a backend; a backend file declares its functions
 * with them (mbedtls_common.h), so each signature is written once.
 *
 * out = X25519(scalar, u) as in RFC 7748 section 5: the scalar is clamped,
 * the u-coordinate's top bit is masked and non-canonical values are
 * reduced. Returns PSSST_CRYPTO_ZERO, with out wiped, when the result is
 * all zero; on any failure out is wiped. out may not overlap the inputs.
 */
typedef int pssst_x25519_fn(uint8_t out[PSSST_X25519_SIZE],
                               const uint8_t scalar[PSSST_X25519_SIZE],
                               const uint8_t u[PSSST_X25519_SIZE]);

/* out = X25519(scalar, 9): the public key of a scalar. */
typedef int pssst_x25519_base_fn(uint8_t out[PSSST_X25519_SIZE],
                                    const uint8_t scalar[PSSST_X25519_SIZE]);

/* out = SHA-256(a || b). NULL is allowed with a length of 0. */
typedef int pssst_sha256_2_fn(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a,
                                 size_t a_len, const uint8_t *b, size_t b_len);

/*
 * AES-128-GCM seal of the plaintext head || body into out (head_len +
 * body_len bytes) and tag. head_len must be a multiple of 16 (PSSST uses 0
 * or 64). body may equal out + head_len (in place); no other overlap.
 */
typedef int pssst_aead_seal_fn(const uint8_t key[PSSST_AES_KEY_SIZE],
                                  const uint8_t nonce[PSSST_GCM_NONCE_SIZE],
                                  const uint8_t *aad, size_t aad_len, const uint8_t *head,
                                  size_t head_len, const uint8_t *body, size_t body_len,
                                  uint8_t *out, uint8_t tag[PSSST_GCM_TAG_SIZE]);

/*
 * AES-128-GCM open of in (len bytes): the first head_len bytes of the
 * plaintext go to head, the rest to body. Returns PSSST_CRYPTO_AUTH when
 * the tag does not verify; head and body are wiped then, and on any other
 * failure. head_len must be a multiple of 16 and at most len. body may
 * equal in + head_len; the tag may follow the ciphertext in the same buffer.
 */
typedef int pssst_aead_open_fn(const uint8_t key[PSSST_AES_KEY_SIZE],
                                  const uint8_t nonce[PSSST_GCM_NONCE_SIZE],
                                  const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                  size_t len, const uint8_t tag[PSSST_GCM_TAG_SIZE],
                                  uint8_t *head, size_t head_len, uint8_t *body);

/* One backend: every primitive PSSST suite 1 needs (spec 2). */
typedef struct pssst_crypto_backend {
    const char *name;            /* "mbedtls", "psa", "libsodium" */
    const char *(*library)(void); /* the library and its version, e.g. "mbedTLS 3.6.6" */
    pssst_x25519_fn *x25519;
    pssst_x25519_base_fn *x25519_base;
    pssst_sha256_2_fn *sha256_2;
    pssst_aead_seal_fn *aead_seal;
    pssst_aead_open_fn *aead_open;
} pssst_crypto_backend;

extern const pssst_crypto_backend pssst_crypto_mbedtls;
extern const pssst_crypto_backend pssst_crypto_psa;
extern const pssst_crypto_backend pssst_crypto_libsodium;

/* Every backend compiled in, the library's default first; NULL-terminated. */
extern const pssst_crypto_backend *const pssst_crypto_backends[];

/* The library's default backend (pssst_crypto_backends[0]). */
const pssst_crypto_backend *pssst_crypto_default(void);

/* Dispatch to the default backend: what the protocol code calls. */
int pssst_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                 const uint8_t u[PSSST_X25519_SIZE]);
int pssst_x25519_base(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE]);
int pssst_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                   const uint8_t *b, size_t b_len);
int pssst_aead_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                    const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                    size_t aad_len, const uint8_t *head, size_t head_len, const uint8_t *body,
                    size_t body_len, uint8_t *out, uint8_t tag[PSSST_GCM_TAG_SIZE]);
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

/*
 * Wipes what an AES-GCM open wrote to head and body (head_len and body_len
 * bytes) unless rc is PSSST_CRYPTO_OK: no unauthenticated plaintext may
 * leave a backend. Returns rc.
 */
int pssst_aead_wipe_unless_ok(int rc, uint8_t *head, size_t head_len, uint8_t *body,
                              size_t body_len);

/*
 * The last step of an AES-GCM open that computes the tag itself: compares the computed tag with the
 * received one in constant time and wipes head and body unless rc is OK
 * and the tags match. Returns the final result.
 */
int pssst_aead_verify(int rc, const uint8_t computed[PSSST_GCM_TAG_SIZE],
                      const uint8_t received[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                      uint8_t *body, size_t body_len);

#endif /* PSSST_CRYPTO_H */
