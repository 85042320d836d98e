/* SPDX-License-Identifier: Apache-2.0 */
/* kdf.h - the PSSST key schedule (spec 5). */
#ifndef PSSST_KDF_H
#define PSSST_KDF_H

#include "crypto.h"

/* Keys and nonces of one transaction. Secret: wipe with pssst_keys_wipe. */
typedef struct {
    uint8_t key[PSSST_AES_KEY_SIZE];
    uint8_t client_nonce[PSSST_GCM_NONCE_SIZE];
    uint8_t server_nonce[PSSST_GCM_NONCE_SIZE];
} pssst_keys;

/*
 * spec 5.1: H = SHA-256(dh_param || shared); key = H[0:16],
 * client_nonce = H[16:24] || "RQST", server_nonce = H[24:32] || "RPLY".
 */
int pssst_derive_keys(pssst_keys *keys, const uint8_t dh_param[PSSST_X25519_SIZE],
                      const uint8_t shared[PSSST_X25519_SIZE]);

void pssst_keys_wipe(pssst_keys *keys);

#endif
