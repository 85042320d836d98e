/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aead_aes_block.c - AES-128-GCM (spec 2.3, NIST SP 800-38D) built from
 * mbedTLS's AES block function, for the libsodium backend (crypto_sodium.c).
 *
 * Why not mbedTLS's GCM module: mbedtls_gcm_setkey allocates a cipher
 * context on the heap at every key set-up, and PSSST sets up a new key for
 * every transaction; the fast build promises no heap allocation per
 * transaction. Here the AES key schedule lives on the stack.
 *
 * Counter mode uses mbedtls_aes_crypt_ecb (AES-NI where the CPU has it).
 * GHASH uses mbedtls_aesni_gcm_mult (PCLMULQDQ) where mbedTLS 2.28 offers it,
 * otherwise a bitwise multiplication with no secret-dependent branch or
 * table index.
 * The reference build keeps aead_mbedtls_gcm.c; both pass the Wycheproof
 * AES-GCM cases and every vector.
 */
#include <string.h>

#include <mbedtls/aes.h>

#include "mbedtls_common.h"

/*
 * The carry-less multiply of mbedTLS 2.28 (its aesni.h became private in
 * 3.0). aesni.h itself defines MBEDTLS_HAVE_X86_64, so it is included
 * before that is tested.
 */
#if !PSSST_MBEDTLS_IS_3 && defined(MBEDTLS_AESNI_C)
#include <mbedtls/aesni.h>
#endif
#if !PSSST_MBEDTLS_IS_3 && defined(MBEDTLS_AESNI_C) && defined(MBEDTLS_HAVE_X86_64)
#define PSSST_GHASH_CLMUL 1
#else
#define PSSST_GHASH_CLMUL 0
#endif

#define AES_KEY_BITS 128
#define GCM_BLOCK 16
#define GHASH_REDUCTION 0xe100000000000000ull /* R of SP 800-38D, 6.3 */

typedef struct {
    mbedtls_aes_context aes;
    uint8_t h[GCM_BLOCK];       /* hash subkey: AES_K(0^128) */
    uint8_t j0[GCM_BLOCK];      /* pre-counter block: nonce || 0x00000001 */
    uint8_t counter[GCM_BLOCK]; /* last counter block used */
    uint8_t x[GCM_BLOCK];       /* running GHASH value */
    int clmul;                  /* carry-less multiply instructions available */
} gcm_state;

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static void store_be64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (56 - 8 * i));
}

/* x = x * h in GF(2^128), SP 800-38D Algorithm 1, masks instead of branches. */
static void ghash_mult_portable(uint8_t x[GCM_BLOCK], const uint8_t h[GCM_BLOCK])
{
    uint64_t x_hi = load_be64(x), x_lo = load_be64(x + 8);
    uint64_t v_hi = load_be64(h), v_lo = load_be64(h + 8);
    uint64_t z_hi = 0, z_lo = 0;

    for (int i = 0; i < 128; i++) {
        uint64_t bit = i < 64 ? x_hi >> (63 - i) & 1 : x_lo >> (127 - i) & 1;
        uint64_t take = (uint64_t)0 - bit;
        uint64_t reduce = (uint64_t)0 - (v_lo & 1);
        z_hi ^= v_hi & take;
        z_lo ^= v_lo & take;
        v_lo = v_lo >> 1 | v_hi << 63;
        v_hi = v_hi >> 1 ^ (GHASH_REDUCTION & reduce);
    }
    store_be64(x, z_hi);
    store_be64(x + 8, z_lo);
}

/* Absorbs one block of up to 16 bytes (a short one is zero-padded). */
static void ghash_block(gcm_state *g, const uint8_t *block, size_t len)
{
    for (size_t i = 0; i < len; i++)
        g->x[i] ^= block[i];
#if PSSST_GHASH_CLMUL
    if (g->clmul) {
        uint8_t product[GCM_BLOCK];
        mbedtls_aesni_gcm_mult(product, g->x, g->h);
        memcpy(g->x, product, GCM_BLOCK);
        /* The product is the running GHASH state, derived from H. */
        pssst_wipe(product, sizeof product);
        return;
    }
#endif
    ghash_mult_portable(g->x, g->h);
}

static void ghash_bytes(gcm_state *g, const uint8_t *p, size_t len)
{
    for (size_t off = 0; off < len; off += GCM_BLOCK)
        ghash_block(g, p + off, len - off < GCM_BLOCK ? len - off : GCM_BLOCK);
}

/* Key schedule, hash subkey and counter for one message; then the AAD. */
static int gcm_begin(gcm_state *g, const uint8_t key[PSSST_AES_KEY_SIZE],
                     const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                     size_t aad_len)
{
    static const uint8_t zero_block[GCM_BLOCK];

    memset(g, 0, sizeof *g);
    mbedtls_aes_init(&g->aes);
    if (pssst_aes_tables_ready() != PSSST_CRYPTO_OK ||
        mbedtls_aes_setkey_enc(&g->aes, key, AES_KEY_BITS) != 0 ||
        mbedtls_aes_crypt_ecb(&g->aes, MBEDTLS_AES_ENCRYPT, zero_block, g->h) != 0)
        return PSSST_CRYPTO_FAIL;
    /* SP 800-38D 7.1: with a 96-bit nonce, J0 = nonce || 0^31 || 1. */
    memcpy(g->j0, nonce, PSSST_GCM_NONCE_SIZE);
    g->j0[GCM_BLOCK - 1] = 1;
    memcpy(g->counter, g->j0, GCM_BLOCK);
#if PSSST_GHASH_CLMUL
    g->clmul = mbedtls_aesni_has_support(MBEDTLS_AESNI_CLMUL);
#endif
    ghash_bytes(g, aad, aad_len);
    return PSSST_CRYPTO_OK;
}

/* SP 800-38D 6.2: increment the last 32 bits of the counter block. */
static void counter_increment(uint8_t counter[GCM_BLOCK])
{
    for (int i = GCM_BLOCK - 1; i >= GCM_BLOCK - 4; i--) {
        if (++counter[i] != 0)
            break;
    }
}

/*
 * Counter-mode encryption or decryption of len bytes (in may equal out),
 * hashing the ciphertext. Calls continue one stream only while every len
 * but the last is a multiple of 16 (crypto.h: head_len is).
 */
static int gcm_crypt(gcm_state *g, int encrypt, const uint8_t *in, size_t len, uint8_t *out)
{
    uint8_t keystream[GCM_BLOCK], ciphertext[GCM_BLOCK];
    int rc = PSSST_CRYPTO_OK;

    for (size_t off = 0; off < len && rc == PSSST_CRYPTO_OK; off += GCM_BLOCK) {
        size_t n = len - off < GCM_BLOCK ? len - off : GCM_BLOCK;
        counter_increment(g->counter);
        if (mbedtls_aes_crypt_ecb(&g->aes, MBEDTLS_AES_ENCRYPT, g->counter, keystream) != 0) {
            rc = PSSST_CRYPTO_FAIL;
            break;
        }
        if (!encrypt)
            memcpy(ciphertext, in + off, n); /* before an in-place write */
        for (size_t i = 0; i < n; i++)
            out[off + i] = in[off + i] ^ keystream[i];
        ghash_block(g, encrypt ? out + off : ciphertext, n);
    }
    pssst_wipe(keystream, sizeof keystream);
    return rc;
}

/* SP 800-38D 7.1 steps 5-6: hash the lengths in bits, encrypt with J0. */
static int gcm_finish(gcm_state *g, size_t aad_len, size_t text_len, uint8_t tag[GCM_BLOCK])
{
    uint8_t lengths[GCM_BLOCK], mask[GCM_BLOCK];

    store_be64(lengths, (uint64_t)aad_len * 8);
    store_be64(lengths + 8, (uint64_t)text_len * 8);
    ghash_block(g, lengths, GCM_BLOCK);
    if (mbedtls_aes_crypt_ecb(&g->aes, MBEDTLS_AES_ENCRYPT, g->j0, mask) != 0)
        return PSSST_CRYPTO_FAIL;
    for (int i = 0; i < GCM_BLOCK; i++)
        tag[i] = mask[i] ^ g->x[i];
    pssst_wipe(mask, sizeof mask);
    return PSSST_CRYPTO_OK;
}

static void gcm_end(gcm_state *g)
{
    mbedtls_aes_free(&g->aes);
    pssst_wipe(g, sizeof *g);
}

int pssst_aes_block_gcm_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                             const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                             size_t aad_len, const uint8_t *head, size_t head_len,
                             const uint8_t *body, size_t body_len, uint8_t *out,
                             uint8_t tag[PSSST_GCM_TAG_SIZE])
{
    gcm_state g;
    int rc = gcm_begin(&g, key, nonce, aad, aad_len);

    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_crypt(&g, 1, head, head_len, out);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_crypt(&g, 1, body, body_len, out + head_len);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_finish(&g, aad_len, head_len + body_len, tag);
    gcm_end(&g);
    return rc;
}

int pssst_aes_block_gcm_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                             const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                             size_t aad_len, const uint8_t *in, size_t len,
                             const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                             uint8_t *body)
{
    gcm_state g;
    uint8_t computed[PSSST_GCM_TAG_SIZE], received[PSSST_GCM_TAG_SIZE];
    int rc;

    if (head_len > len)
        return PSSST_CRYPTO_FAIL;
    memcpy(received, tag, sizeof received); /* the tag may follow an in-place output */
    rc = gcm_begin(&g, key, nonce, aad, aad_len);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_crypt(&g, 0, in, head_len, head);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_crypt(&g, 0, in + head_len, len - head_len, body);
    if (rc == PSSST_CRYPTO_OK)
        rc = gcm_finish(&g, aad_len, len, computed);
    rc = pssst_aead_verify(rc, computed, received, head, head_len, body, len - head_len);
    gcm_end(&g);
    pssst_wipe(computed, sizeof computed);
    return rc;
}
