/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_contracts.c - the crypto backend of the analysed build: one
 * function per entry of pssst_crypto_backend (src/crypto.h), each with an
 * ACSL contract and no body. Eva takes the contract as the function: it
 * checks the requires clauses at every call (what the protocol code must
 * hand over: sizes, readable and initialised inputs, writable outputs, the
 * overlaps src/crypto.h allows) and assumes the assigns and ensures clauses
 * (what may be written, which results are possible). The analysis therefore
 * covers pssst's own code for every result a backend may give, whatever
 * bytes it writes; mbedTLS and libsodium are outside it.
 */
#include "crypto.h"

/* Key and nonce bytes of the AEAD; the X25519 inputs and outputs. */
/*@ predicate readable(uint8_t *p, integer n) =
      \valid_read(p + (0 .. n - 1)) && \initialized(p + (0 .. n - 1));
*/

/*@ requires out: \valid(out + (0 .. PSSST_X25519_SIZE - 1));
    requires scalar: readable(scalar, PSSST_X25519_SIZE);
    requires u: readable(u, PSSST_X25519_SIZE);
    requires apart: \separated(out + (0 .. PSSST_X25519_SIZE - 1),
                               scalar + (0 .. PSSST_X25519_SIZE - 1)) &&
                    \separated(out + (0 .. PSSST_X25519_SIZE - 1), u + (0 .. PSSST_X25519_SIZE - 1));
    assigns out[0 .. PSSST_X25519_SIZE - 1]
      \from scalar[0 .. PSSST_X25519_SIZE - 1], u[0 .. PSSST_X25519_SIZE - 1];
    assigns \result \from scalar[0 .. PSSST_X25519_SIZE - 1], u[0 .. PSSST_X25519_SIZE - 1];
    ensures written: \initialized(out + (0 .. PSSST_X25519_SIZE - 1));
    ensures results: \result == PSSST_CRYPTO_OK || \result == PSSST_CRYPTO_ZERO ||
                     \result == PSSST_CRYPTO_FAIL;
*/
int contract_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                    const uint8_t u[PSSST_X25519_SIZE]);

/*@ requires out: \valid(out + (0 .. PSSST_X25519_SIZE - 1));
    requires scalar: readable(scalar, PSSST_X25519_SIZE);
    requires apart: \separated(out + (0 .. PSSST_X25519_SIZE - 1),
                               scalar + (0 .. PSSST_X25519_SIZE - 1));
    assigns out[0 .. PSSST_X25519_SIZE - 1] \from scalar[0 .. PSSST_X25519_SIZE - 1];
    assigns \result \from scalar[0 .. PSSST_X25519_SIZE - 1];
    ensures written: \initialized(out + (0 .. PSSST_X25519_SIZE - 1));
    ensures results: \result == PSSST_CRYPTO_OK || \result == PSSST_CRYPTO_ZERO ||
                     \result == PSSST_CRYPTO_FAIL;
*/
int contract_x25519_base(uint8_t out[PSSST_X25519_SIZE],
                         const uint8_t scalar[PSSST_X25519_SIZE]);

/*@ requires out: \valid(out + (0 .. PSSST_SHA256_SIZE - 1));
    requires a: readable(a, a_len);
    requires b: readable(b, b_len);
    requires apart: \separated(out + (0 .. PSSST_SHA256_SIZE - 1), a + (0 .. a_len - 1)) &&
                    \separated(out + (0 .. PSSST_SHA256_SIZE - 1), b + (0 .. b_len - 1));
    assigns out[0 .. PSSST_SHA256_SIZE - 1] \from a[0 .. a_len - 1], b[0 .. b_len - 1];
    assigns \result \from a_len, b_len;
    ensures written: \initialized(out + (0 .. PSSST_SHA256_SIZE - 1));
    ensures results: \result == PSSST_CRYPTO_OK || \result == PSSST_CRYPTO_FAIL;
*/
int contract_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                      const uint8_t *b, size_t b_len);

/*@ requires key: readable(key, PSSST_AES_KEY_SIZE);
    requires nonce: readable(nonce, PSSST_GCM_NONCE_SIZE);
    requires aad: readable(aad, aad_len);
    requires head: readable(head, head_len);
    requires body: readable(body, body_len);
    requires head_blocks: head_len % 16 == 0;
    requires no_wrap: head_len + body_len <= SIZE_MAX;
    requires out: \valid(out + (0 .. head_len + body_len - 1));
    requires tag: \valid(tag + (0 .. PSSST_GCM_TAG_SIZE - 1));
    requires body_in_place_or_apart: body == out + head_len ||
             \separated(body + (0 .. body_len - 1), out + (0 .. head_len + body_len - 1));
    requires out_tag: \separated(out + (0 .. head_len + body_len - 1),
                                 tag + (0 .. PSSST_GCM_TAG_SIZE - 1));
    requires out_head: \separated(out + (0 .. head_len + body_len - 1), head + (0 .. head_len - 1));
    requires out_aad: \separated(out + (0 .. head_len + body_len - 1), aad + (0 .. aad_len - 1));
    requires out_key: \separated(out + (0 .. head_len + body_len - 1),
                                 key + (0 .. PSSST_AES_KEY_SIZE - 1));
    requires out_nonce: \separated(out + (0 .. head_len + body_len - 1),
                                   nonce + (0 .. PSSST_GCM_NONCE_SIZE - 1));
    requires tag_body: \separated(tag + (0 .. PSSST_GCM_TAG_SIZE - 1), body + (0 .. body_len - 1));
    requires tag_head: \separated(tag + (0 .. PSSST_GCM_TAG_SIZE - 1), head + (0 .. head_len - 1));
    requires tag_aad: \separated(tag + (0 .. PSSST_GCM_TAG_SIZE - 1), aad + (0 .. aad_len - 1));
    requires tag_key: \separated(tag + (0 .. PSSST_GCM_TAG_SIZE - 1),
                                 key + (0 .. PSSST_AES_KEY_SIZE - 1));
    requires tag_nonce: \separated(tag + (0 .. PSSST_GCM_TAG_SIZE - 1),
                                   nonce + (0 .. PSSST_GCM_NONCE_SIZE - 1));
    assigns out[0 .. head_len + body_len - 1]
      \from key[0 .. PSSST_AES_KEY_SIZE - 1], nonce[0 .. PSSST_GCM_NONCE_SIZE - 1],
            head[0 .. head_len - 1], body[0 .. body_len - 1];
    assigns tag[0 .. PSSST_GCM_TAG_SIZE - 1]
      \from key[0 .. PSSST_AES_KEY_SIZE - 1], nonce[0 .. PSSST_GCM_NONCE_SIZE - 1],
            aad[0 .. aad_len - 1], head[0 .. head_len - 1], body[0 .. body_len - 1];
    assigns \result \from head_len, body_len;
    ensures written: \initialized(out + (0 .. head_len + body_len - 1)) &&
                     \initialized(tag + (0 .. PSSST_GCM_TAG_SIZE - 1));
    ensures results: \result == PSSST_CRYPTO_OK || \result == PSSST_CRYPTO_FAIL;
*/
int contract_aead_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                       const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                       size_t aad_len, const uint8_t *head, size_t head_len,
                       const uint8_t *body, size_t body_len, uint8_t *out,
                       uint8_t tag[PSSST_GCM_TAG_SIZE]);

/*@ requires key: readable(key, PSSST_AES_KEY_SIZE);
    requires nonce: readable(nonce, PSSST_GCM_NONCE_SIZE);
    requires aad: readable(aad, aad_len);
    requires in: readable(in, len);
    requires tag: readable(tag, PSSST_GCM_TAG_SIZE);
    requires head_blocks: head_len % 16 == 0 && head_len <= len;
    requires head: \valid(head + (0 .. head_len - 1));
    requires body: \valid(body + (0 .. len - head_len - 1));
    requires body_in_place_or_apart: body == in + head_len ||
             \separated(body + (0 .. len - head_len - 1), in + (0 .. len - 1));
    requires body_tag: \separated(body + (0 .. len - head_len - 1),
                                  tag + (0 .. PSSST_GCM_TAG_SIZE - 1));
    requires body_inputs: \separated(body + (0 .. len - head_len - 1), aad + (0 .. aad_len - 1),
                                     key + (0 .. PSSST_AES_KEY_SIZE - 1),
                                     nonce + (0 .. PSSST_GCM_NONCE_SIZE - 1));
    requires head_body: \separated(head + (0 .. head_len - 1), body + (0 .. len - head_len - 1));
    requires in_tag: \separated(in + (0 .. len - 1), tag + (0 .. PSSST_GCM_TAG_SIZE - 1));
    requires head_in: \separated(head + (0 .. head_len - 1), in + (0 .. len - 1));
    requires head_tag: \separated(head + (0 .. head_len - 1), tag + (0 .. PSSST_GCM_TAG_SIZE - 1));
    requires head_inputs: \separated(head + (0 .. head_len - 1),
                                     aad + (0 .. aad_len - 1), key + (0 .. PSSST_AES_KEY_SIZE - 1),
                                     nonce + (0 .. PSSST_GCM_NONCE_SIZE - 1));
    assigns head[0 .. head_len - 1]
      \from key[0 .. PSSST_AES_KEY_SIZE - 1], nonce[0 .. PSSST_GCM_NONCE_SIZE - 1],
            in[0 .. len - 1];
    assigns body[0 .. len - head_len - 1]
      \from key[0 .. PSSST_AES_KEY_SIZE - 1], nonce[0 .. PSSST_GCM_NONCE_SIZE - 1],
            in[0 .. len - 1];
    assigns \result
      \from key[0 .. PSSST_AES_KEY_SIZE - 1], nonce[0 .. PSSST_GCM_NONCE_SIZE - 1],
            aad[0 .. aad_len - 1], in[0 .. len - 1], tag[0 .. PSSST_GCM_TAG_SIZE - 1];
    ensures written: \initialized(head + (0 .. head_len - 1)) &&
                     \initialized(body + (0 .. len - head_len - 1));
    ensures results: \result == PSSST_CRYPTO_OK || \result == PSSST_CRYPTO_AUTH ||
                     \result == PSSST_CRYPTO_FAIL;
*/
int contract_aead_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                       const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                       size_t aad_len, const uint8_t *in, size_t len,
                       const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                       uint8_t *body);

/*
 * src/random.c: len bytes from the operating system, or NO_RANDOM with the
 * buffer wiped; either way every byte is written.
 */
/*@ requires buf: \valid(buf + (0 .. len - 1));
    assigns buf[0 .. len - 1] \from \nothing;
    assigns \result \from len;
    ensures written: \initialized(buf + (0 .. len - 1));
    ensures results: \result == PSSST_CRYPTO_OK || \result == PSSST_CRYPTO_NO_RANDOM;
*/
int pssst_random(uint8_t *buf, size_t len);

static const char *contract_library(void)
{
    return "ACSL contracts of src/crypto.h";
}

/* The default backend of the analysed build (-DPSSST_DEFAULT_BACKEND). */
const pssst_crypto_backend pssst_crypto_contract = {
    .name = "contract",
    .library = contract_library,
    .x25519 = contract_x25519,
    .x25519_base = contract_x25519_base,
    .sha256_2 = contract_sha256_2,
    .aead_seal = contract_aead_seal,
    .aead_open = contract_aead_open,
};
