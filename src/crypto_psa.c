/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_psa.c - the PSA backend: X25519, SHA-256 and AES-128-GCM through
 * the PSA Crypto API, the API mbedTLS 3.6 LTS recommends and the only one
 * mbedTLS 4 (TF-PSA-Crypto) keeps.
 *
 * PSA works on keys held in its key store, not on raw bytes: each X25519
 * multiplication and each AES-GCM call imports its key as a volatile key,
 * uses it once and destroys it. The import copies the key into memory the
 * key store allocates, and mbedTLS 3.6 copies caller buffers (its
 * MBEDTLS_PSA_COPY_CALLER_BUFFERS default): this backend allocates on every
 * call. pssst-bench measures what that costs; README, "Heap use".
 *
 * Key material is wiped by psa_destroy_key; the clamped scalar copy and
 * every output on failure are wiped here.
 */
#include <pthread.h>

#include <psa/crypto.h>

#include "mbedtls_common.h"

#define X25519_BITS 255
#define AES_KEY_BITS 128
#define U_COORDINATE_MASK 0x7f

static pthread_once_t psa_once = PTHREAD_ONCE_INIT;
static psa_status_t psa_init_status = PSA_ERROR_BAD_STATE;

static void psa_setup(void)
{
    psa_init_status = psa_crypto_init();
}

/* psa_crypto_init once, before any other PSA call, from any thread. */
static int psa_start(void)
{
    if (pthread_once(&psa_once, psa_setup) != 0 || psa_init_status != PSA_SUCCESS)
        return PSSST_CRYPTO_FAIL;
    return pssst_aes_tables_ready();
}

/* Imports a clamped copy of scalar as a volatile X25519 key for ECDH. */
static int import_scalar(const uint8_t scalar[PSSST_X25519_SIZE], psa_key_id_t *id)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    uint8_t k[PSSST_X25519_SIZE];
    psa_status_t st;

    for (size_t i = 0; i < PSSST_X25519_SIZE; i++)
        k[i] = scalar[i];
    pssst_clamp(k); /* spec 2.1 [2.1-clamp] */
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_MONTGOMERY));
    psa_set_key_bits(&attr, X25519_BITS);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_DERIVE);
    psa_set_key_algorithm(&attr, PSA_ALG_ECDH);
    st = psa_import_key(&attr, k, sizeof k, id);
    pssst_wipe(k, sizeof k);
    return st == PSA_SUCCESS ? PSSST_CRYPTO_OK : PSSST_CRYPTO_FAIL;
}

/*
 * The end of every X25519 call: an all-zero result is refused (spec 5.3),
 * and out holds nothing on any failure.
 */
static int x25519_finish(int rc, uint8_t out[PSSST_X25519_SIZE], size_t written)
{
    if (rc == PSSST_CRYPTO_OK && written != PSSST_X25519_SIZE)
        rc = PSSST_CRYPTO_FAIL;
    if (rc == PSSST_CRYPTO_OK && pssst_is_all_zero(out, PSSST_X25519_SIZE))
        rc = PSSST_CRYPTO_ZERO;
    if (rc != PSSST_CRYPTO_OK)
        pssst_wipe(out, PSSST_X25519_SIZE);
    return rc;
}

/*
 * mbedTLS refuses a low-order u-coordinate with PSA_ERROR_INVALID_ARGUMENT
 * before computing; with a 32-byte key and peer that is the only argument
 * it can refuse, so it is the all-zero case of spec 5.3 [5.3-library-refusal].
 */
static int psa_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                      const uint8_t u[PSSST_X25519_SIZE])
{
    uint8_t peer[PSSST_X25519_SIZE];
    psa_key_id_t id = 0;
    size_t written = 0;
    psa_status_t st;
    int rc = psa_start();

    if (rc == PSSST_CRYPTO_OK)
        rc = import_scalar(scalar, &id);
    if (rc == PSSST_CRYPTO_OK) {
        /* RFC 7748 section 5: the top bit of a u-coordinate is ignored [2.1-u-top-bit]. */
        for (size_t i = 0; i < PSSST_X25519_SIZE; i++)
            peer[i] = u[i];
        peer[PSSST_X25519_SIZE - 1] &= U_COORDINATE_MASK;
        st = psa_raw_key_agreement(PSA_ALG_ECDH, id, peer, sizeof peer, out,
                                   PSSST_X25519_SIZE, &written);
        if (st == PSA_ERROR_INVALID_ARGUMENT)
            rc = PSSST_CRYPTO_ZERO;
        else if (st != PSA_SUCCESS)
            rc = PSSST_CRYPTO_FAIL;
    }
    (void)psa_destroy_key(id);
    return x25519_finish(rc, out, written);
}

/* X25519(scalar, 9) is the public half of the imported key pair. */
static int psa_x25519_base(uint8_t out[PSSST_X25519_SIZE],
                           const uint8_t scalar[PSSST_X25519_SIZE])
{
    psa_key_id_t id = 0;
    size_t written = 0;
    int rc = psa_start();

    if (rc == PSSST_CRYPTO_OK)
        rc = import_scalar(scalar, &id);
    if (rc == PSSST_CRYPTO_OK &&
        psa_export_public_key(id, out, PSSST_X25519_SIZE, &written) != PSA_SUCCESS)
        rc = PSSST_CRYPTO_FAIL;
    (void)psa_destroy_key(id);
    return x25519_finish(rc, out, written);
}

static int psa_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                        const uint8_t *b, size_t b_len)
{
    psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;
    size_t written = 0;
    int rc = psa_start();

    if (rc == PSSST_CRYPTO_OK &&
        (psa_hash_setup(&op, PSA_ALG_SHA_256) != PSA_SUCCESS ||
         psa_hash_update(&op, a, a_len) != PSA_SUCCESS ||
         psa_hash_update(&op, b, b_len) != PSA_SUCCESS ||
         psa_hash_finish(&op, out, PSSST_SHA256_SIZE, &written) != PSA_SUCCESS ||
         written != PSSST_SHA256_SIZE))
        rc = PSSST_CRYPTO_FAIL;
    (void)psa_hash_abort(&op);
    return rc;
}

/* Imports key as a volatile AES-128 key for GCM, for encryption and decryption. */
static int import_aes_key(const uint8_t key[PSSST_AES_KEY_SIZE], psa_key_id_t *id)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;

    psa_set_key_type(&attr, PSA_KEY_TYPE_AES);
    psa_set_key_bits(&attr, AES_KEY_BITS);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attr, PSA_ALG_GCM);
    return psa_import_key(&attr, key, PSSST_AES_KEY_SIZE, id) == PSA_SUCCESS ? PSSST_CRYPTO_OK
                                                                             : PSSST_CRYPTO_FAIL;
}

/* One multi-part update whose output must be exactly as long as its input. */
static int aead_update(psa_aead_operation_t *op, const uint8_t *in, size_t len, uint8_t *out)
{
    size_t written = 0;

    if (len == 0)
        return PSSST_CRYPTO_OK;
    if (psa_aead_update(op, in, len, out, len, &written) != PSA_SUCCESS || written != len)
        return PSSST_CRYPTO_FAIL;
    return PSSST_CRYPTO_OK;
}

/* Key, then the operation's start: direction, nonce and additional data. */
static int aead_begin(psa_aead_operation_t *op, psa_key_id_t *id, int encrypt,
                      const uint8_t key[PSSST_AES_KEY_SIZE],
                      const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                      size_t aad_len)
{
    psa_status_t st;
    int rc = psa_start();

    if (rc == PSSST_CRYPTO_OK)
        rc = import_aes_key(key, id);
    if (rc != PSSST_CRYPTO_OK)
        return rc;
    st = encrypt ? psa_aead_encrypt_setup(op, *id, PSA_ALG_GCM)
                 : psa_aead_decrypt_setup(op, *id, PSA_ALG_GCM);
    if (st == PSA_SUCCESS)
        st = psa_aead_set_nonce(op, nonce, PSSST_GCM_NONCE_SIZE);
    if (st == PSA_SUCCESS && aad_len > 0)
        st = psa_aead_update_ad(op, aad, aad_len);
    return st == PSA_SUCCESS ? PSSST_CRYPTO_OK : PSSST_CRYPTO_FAIL;
}

static int psa_gcm_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                        const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                        size_t aad_len, const uint8_t *head, size_t head_len, const uint8_t *body,
                        size_t body_len, uint8_t *out, uint8_t tag[PSSST_GCM_TAG_SIZE])
{
    psa_aead_operation_t op = PSA_AEAD_OPERATION_INIT;
    psa_key_id_t id = 0;
    size_t rest = 0, tag_len = 0;
    int rc = aead_begin(&op, &id, 1, key, nonce, aad, aad_len);

    if (rc == PSSST_CRYPTO_OK)
        rc = aead_update(&op, head, head_len, out);
    if (rc == PSSST_CRYPTO_OK)
        rc = aead_update(&op, body, body_len, out + head_len);
    /* GCM writes every ciphertext byte in the updates: nothing is left for finish. */
    if (rc == PSSST_CRYPTO_OK &&
        (psa_aead_finish(&op, NULL, 0, &rest, tag, PSSST_GCM_TAG_SIZE, &tag_len) != PSA_SUCCESS ||
         rest != 0 || tag_len != PSSST_GCM_TAG_SIZE))
        rc = PSSST_CRYPTO_FAIL;
    (void)psa_aead_abort(&op);
    (void)psa_destroy_key(id);
    return rc;
}

static int psa_gcm_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                        const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                        size_t aad_len, const uint8_t *in, size_t len,
                        const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                        uint8_t *body)
{
    psa_aead_operation_t op = PSA_AEAD_OPERATION_INIT;
    uint8_t received[PSSST_GCM_TAG_SIZE];
    psa_key_id_t id = 0;
    size_t rest = 0;
    psa_status_t st;
    int rc;

    if (head_len > len)
        return PSSST_CRYPTO_FAIL;
    /* The tag may sit right after an in-place output: keep a copy first. */
    for (size_t i = 0; i < PSSST_GCM_TAG_SIZE; i++)
        received[i] = tag[i];
    rc = aead_begin(&op, &id, 0, key, nonce, aad, aad_len);
    if (rc == PSSST_CRYPTO_OK)
        rc = aead_update(&op, in, head_len, head);
    if (rc == PSSST_CRYPTO_OK)
        rc = aead_update(&op, in + head_len, len - head_len, body);
    if (rc == PSSST_CRYPTO_OK) {
        st = psa_aead_verify(&op, NULL, 0, &rest, received, PSSST_GCM_TAG_SIZE);
        if (st == PSA_ERROR_INVALID_SIGNATURE)
            rc = PSSST_CRYPTO_AUTH;
        else if (st != PSA_SUCCESS || rest != 0)
            rc = PSSST_CRYPTO_FAIL;
    }
    (void)psa_aead_abort(&op);
    (void)psa_destroy_key(id);
    return pssst_aead_wipe_unless_ok(rc, head, head_len, body, len - head_len);
}

static const char *psa_library(void)
{
    return "mbedTLS " MBEDTLS_VERSION_STRING " (PSA Crypto API)";
}

const pssst_crypto_backend pssst_crypto_psa = {
    .name = "psa",
    .library = psa_library,
    .x25519 = psa_x25519,
    .x25519_base = psa_x25519_base,
    .sha256_2 = psa_sha256_2,
    .aead_seal = psa_gcm_seal,
    .aead_open = psa_gcm_open,
};
