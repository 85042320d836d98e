/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sealed_fixture.c - the keys and pending requests of the sealed
 * harness (fuzz_sealed.c), and the sealing of its packets. The key schedule
 * is computed here from the internal primitives (spec 5.1) rather than
 * through the library's kdf.c, so it is checked on the way: the library's
 * own dh_param must match the one computed here.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_keys.h"
#include "fuzz_sealed.h"
#include "packet.h"

static sealed_fixture fixture;

/* spec 5.1: the key, then the client and server nonces, from H. */
void sealed_derive(tx_keys *k, const uint8_t dh_param[PSSST_KEY_SIZE],
                   const uint8_t shared[PSSST_KEY_SIZE])
{
    uint8_t h[PSSST_SHA256_SIZE];

    fuzz_require(pssst_sha256_2(h, dh_param, PSSST_KEY_SIZE, shared, PSSST_KEY_SIZE) == 0,
                 "sha256");
    memcpy(k->dh_param, dh_param, PSSST_KEY_SIZE);
    memcpy(k->key, h, 16);
    memcpy(k->client_nonce, h + 16, 8);
    memcpy(k->client_nonce + 8, "RQST", 4);
    memcpy(k->server_nonce, h + 24, 8);
    memcpy(k->server_nonce + 8, "RPLY", 4);
}

static void make_pending(int idx, const uint8_t server_public[PSSST_KEY_SIZE],
                         const uint8_t ephemeral[PSSST_KEY_SIZE], const uint8_t *client_private)
{
    uint8_t dh[PSSST_KEY_SIZE], shared[PSSST_KEY_SIZE];
    uint8_t packet[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof FUZZ_PENDING_REQUEST];
    size_t packet_len;
    pssst_client client;

    if (client_private == NULL) {
        fuzz_require(pssst_x25519_base(dh, ephemeral) == 0, "dh");
        fuzz_require(pssst_x25519(shared, ephemeral, server_public) == 0, "shared");
    } else {
        uint8_t c_pub[PSSST_KEY_SIZE], cs[PSSST_KEY_SIZE];
        fuzz_require(pssst_x25519_base(c_pub, client_private) == 0, "C");
        fuzz_require(pssst_x25519(cs, client_private, server_public) == 0, "cS");
        fuzz_require(pssst_x25519(dh, ephemeral, c_pub) == 0, "dh");
        fuzz_require(pssst_x25519(shared, ephemeral, cs) == 0, "shared");
    }
    sealed_derive(&fixture.pending_keys[idx], dh, shared);
    fuzz_require_status(pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, server_public,
                                          client_private),
                        PSSST_OK, "client_init");
    fuzz_require_status(pssst_pack_request_with_ephemeral(
                            &client, ephemeral, (const uint8_t *)FUZZ_PENDING_REQUEST,
                            sizeof FUZZ_PENDING_REQUEST, packet, sizeof packet, &packet_len,
                            &fixture.pending[idx]),
                        PSSST_OK, "pack the pending request");
    fuzz_require(memcmp(packet + PSSST_HEADER_SIZE, dh, PSSST_KEY_SIZE) == 0,
                 "spec 6: the library's dh_param is the one computed here");
    pssst_client_free(&client);
}

const sealed_fixture *sealed_fixture_get(void)
{
    static bool ready;
    uint8_t server_public[PSSST_KEY_SIZE], ephemeral[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE], shared[PSSST_KEY_SIZE], dh[PSSST_KEY_SIZE];

    if (ready)
        return &fixture;
    fuzz_key_from_hex(fixture.server_private, FUZZ_SERVER_PRIVATE);
    fuzz_key_from_hex(client_private, FUZZ_CLIENT_PRIVATE);
    fuzz_key_from_hex(ephemeral, FUZZ_EPHEMERAL_PRIVATE);
    fuzz_require_status(
        pssst_server_init(&fixture.server, PSSST_SUITE_X25519_AESGCM128, fixture.server_private),
        PSSST_OK, "server_init");
    fuzz_require(pssst_x25519_base(server_public, fixture.server_private) == 0, "S");
    fuzz_require(pssst_x25519_base(dh, ephemeral) == 0, "fixed dh_param");
    fuzz_require(pssst_x25519(shared, fixture.server_private, dh) == 0, "fixed shared");
    sealed_derive(&fixture.anon_keys, dh, shared);
    make_pending(0, server_public, ephemeral, NULL);
    make_pending(1, server_public, ephemeral, client_private);
    ready = true;
    return &fixture;
}

void sealed_write_header(uint8_t *packet, uint16_t flags, const uint8_t dh[PSSST_KEY_SIZE])
{
    packet[0] = (uint8_t)(flags >> 8);
    packet[1] = (uint8_t)flags;
    packet[2] = 0;
    packet[3] = PSSST_SUITE_X25519_AESGCM128;
    memcpy(packet + PSSST_HEADER_SIZE, dh, PSSST_KEY_SIZE);
}

uint8_t *sealed_seal_packet(uint16_t flags, const tx_keys *k, const uint8_t nonce[12],
                            const uint8_t *pt, size_t pt_len)
{
    uint8_t *packet = fuzz_alloc(PSSST_OVERHEAD + pt_len, 0);

    sealed_write_header(packet, flags, k->dh_param);
    fuzz_require(pssst_aead_seal(k->key, nonce, packet, PSSST_HEADER_SIZE, NULL, 0, pt, pt_len,
                                 packet + PSSST_BODY_OFFSET,
                                 packet + PSSST_OVERHEAD - PSSST_TAG_SIZE + pt_len) == 0,
                 "seal");
    return packet;
}
