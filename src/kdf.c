/* SPDX-License-Identifier: Apache-2.0 */
/* kdf.c - the PSSST key schedule (spec 5). */
#include <string.h>

#include "kdf.h"

#define KEY_OFFSET 0
#define CLIENT_NONCE_OFFSET 16
#define SERVER_NONCE_OFFSET 24
#define NONCE_HASH_PART 8

/* spec 5.2: the last four nonce bytes name the direction, in ASCII. */
static const uint8_t request_label[4] = {'R', 'Q', 'S', 'T'};
static const uint8_t reply_label[4] = {'R', 'P', 'L', 'Y'};

int pssst_derive_keys(pssst_keys *keys, const uint8_t dh_param[PSSST_X25519_SIZE],
                      const uint8_t shared[PSSST_X25519_SIZE])
{
    uint8_t h[PSSST_SHA256_SIZE];

    /* spec 5.1: H = SHA-256(dh_param || shared) [5.1-hash], key H[0:16] [5.1-key],
     * nonces H[16:24] || RQST [5.1-client-nonce] and H[24:32] || RPLY [5.1-server-nonce]. */
    if (pssst_sha256_2(h, dh_param, PSSST_X25519_SIZE, shared, PSSST_X25519_SIZE) != 0) {
        pssst_wipe(h, sizeof h);
        return PSSST_CRYPTO_FAIL;
    }
    memcpy(keys->key, h + KEY_OFFSET, PSSST_AES_KEY_SIZE);
    memcpy(keys->client_nonce, h + CLIENT_NONCE_OFFSET, NONCE_HASH_PART);
    memcpy(keys->client_nonce + NONCE_HASH_PART, request_label, sizeof request_label);
    memcpy(keys->server_nonce, h + SERVER_NONCE_OFFSET, NONCE_HASH_PART);
    memcpy(keys->server_nonce + NONCE_HASH_PART, reply_label, sizeof reply_label);
    pssst_wipe(h, sizeof h);
    return PSSST_CRYPTO_OK;
}

void pssst_keys_wipe(pssst_keys *keys)
{
    pssst_wipe(keys, sizeof *keys);
}
