/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sealed.h - what the sealed harness builds before it reads any input
 * (fuzz_sealed_fixture.c): the server, the keys of its fixed and pending
 * transactions, and the sealing of a packet under such keys.
 */
#ifndef PSSST_FUZZ_SEALED_H
#define PSSST_FUZZ_SEALED_H

#include <stddef.h>
#include <stdint.h>

#include <pssst.h>

#include "crypto.h"

typedef struct {
    uint8_t dh_param[PSSST_KEY_SIZE];
    uint8_t key[PSSST_AES_KEY_SIZE];
    uint8_t client_nonce[PSSST_GCM_NONCE_SIZE];
    uint8_t server_nonce[PSSST_GCM_NONCE_SIZE];
} tx_keys;

typedef struct {
    pssst_server server;
    uint8_t server_private[PSSST_KEY_SIZE];
    tx_keys anon_keys;          /* fixed dh_param of anonymous requests */
    tx_keys pending_keys[2];    /* of the two pending client requests */
    pssst_reply_ctx pending[2]; /* [0] anonymous, [1] client auth */
} sealed_fixture;

/* Built on the first call from the keys of fuzz_keys.h; the same after. */
const sealed_fixture *sealed_fixture_get(void);

/* spec 5.1: H = SHA-256(dh_param || shared), split into key and nonces. */
void sealed_derive(tx_keys *k, const uint8_t dh_param[PSSST_KEY_SIZE],
                   const uint8_t shared[PSSST_KEY_SIZE]);

/* spec 4.1: 16-bit flags, 16-bit suite (big-endian), then dh_param. */
void sealed_write_header(uint8_t *packet, uint16_t flags, const uint8_t dh[PSSST_KEY_SIZE]);

/* header || dh_param || AES-GCM(pt) || tag, AAD = header (spec 4.1); heap. */
uint8_t *sealed_seal_packet(uint16_t flags, const tx_keys *k, const uint8_t nonce[12],
                            const uint8_t *pt, size_t pt_len);

#endif
