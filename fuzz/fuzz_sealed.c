/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sealed.c - structure-aware: the harness seals the fuzz input itself,
 * correctly, under keys it knows, so that the code after decryption is
 * reached on every input: the client-auth proof parser and the length
 * handling of the server (spec 7.2, 7.3) and of the client (spec 9.2).
 * The key schedule is computed here from the internal primitives (spec 5.1)
 * rather than through the library's kdf.c, so it is checked on the way.
 *
 * Input layout: control byte, parameter byte, then the plaintext.
 *   control bit 0  0 = request to the server, 1 = reply to a pending request
 *           bit 1  CLIENT_AUTH
 *           bit 2  (request, client auth) dh_param computed from the proof in
 *                  the plaintext, X25519(e, C), so that the proof verifies
 *           bit 3  unpack in place (message inside the packet)
 *           bit 4  message buffer too small by 1 + parameter % 16 bytes
 *           bit 5  flip one bit of the body or tag at parameter (mod length)
 *           bit 6  (request) no client key / authenticated outputs (NULL)
 */
#include <stdlib.h>
#include <string.h>

#include <pssst.h>

#include "crypto.h"
#include "fuzz_common.h"
#include "fuzz_keys.h"
#include "packet.h"

#define CTRL_REPLY_PATH 0x01u
#define CTRL_CLIENT_AUTH 0x02u
#define CTRL_DH_FROM_PROOF 0x04u
#define CTRL_IN_PLACE 0x08u
#define CTRL_SHORT_BUFFER 0x10u
#define CTRL_CORRUPT 0x20u
#define CTRL_NULL_OUTPUTS 0x40u

typedef struct {
    uint8_t dh_param[PSSST_KEY_SIZE];
    uint8_t key[PSSST_AES_KEY_SIZE];
    uint8_t client_nonce[PSSST_GCM_NONCE_SIZE];
    uint8_t server_nonce[PSSST_GCM_NONCE_SIZE];
} tx_keys;

static pssst_server server;
static uint8_t server_private[PSSST_KEY_SIZE];
static tx_keys anon_keys;            /* fixed dh_param of anonymous requests */
static tx_keys pending_keys[2];      /* of the two pending client requests */
static pssst_reply_ctx pending[2];   /* [0] anonymous, [1] client auth */

/* spec 5.1: H = SHA-256(dh_param || shared), split into key and nonces. */
static void derive(tx_keys *k, const uint8_t dh_param[PSSST_KEY_SIZE],
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
    derive(&pending_keys[idx], dh, shared);
    fuzz_require_status(pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, server_public,
                                          client_private),
                        PSSST_OK, "client_init");
    fuzz_require_status(pssst_pack_request_with_ephemeral(
                            &client, ephemeral, (const uint8_t *)FUZZ_PENDING_REQUEST,
                            sizeof FUZZ_PENDING_REQUEST, packet, sizeof packet, &packet_len,
                            &pending[idx]),
                        PSSST_OK, "pack the pending request");
    fuzz_require(memcmp(packet + PSSST_HEADER_SIZE, dh, PSSST_KEY_SIZE) == 0,
                 "spec 6: the library's dh_param is the one computed here");
    pssst_client_free(&client);
}

static void setup(void)
{
    static bool ready;
    uint8_t server_public[PSSST_KEY_SIZE], ephemeral[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE], shared[PSSST_KEY_SIZE], dh[PSSST_KEY_SIZE];

    if (ready)
        return;
    fuzz_key_from_hex(server_private, FUZZ_SERVER_PRIVATE);
    fuzz_key_from_hex(client_private, FUZZ_CLIENT_PRIVATE);
    fuzz_key_from_hex(ephemeral, FUZZ_EPHEMERAL_PRIVATE);
    fuzz_require_status(pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_private),
                        PSSST_OK, "server_init");
    fuzz_require(pssst_x25519_base(server_public, server_private) == 0, "S");
    fuzz_require(pssst_x25519_base(dh, ephemeral) == 0, "fixed dh_param");
    fuzz_require(pssst_x25519(shared, server_private, dh) == 0, "fixed shared");
    derive(&anon_keys, dh, shared);
    make_pending(0, server_public, ephemeral, NULL);
    make_pending(1, server_public, ephemeral, client_private);
    ready = true;
}

static void write_header(uint8_t *packet, uint16_t flags, const uint8_t dh[PSSST_KEY_SIZE])
{
    packet[0] = (uint8_t)(flags >> 8);
    packet[1] = (uint8_t)flags;
    packet[2] = 0;
    packet[3] = PSSST_SUITE_X25519_AESGCM128;
    memcpy(packet + PSSST_HEADER_SIZE, dh, PSSST_KEY_SIZE);
}

/* header || dh_param || AES-GCM(pt) || tag, AAD = header (spec 4.1). */
static uint8_t *seal_packet(uint16_t flags, const tx_keys *k, const uint8_t nonce[12],
                            const uint8_t *pt, size_t pt_len)
{
    uint8_t *packet = fuzz_alloc(PSSST_OVERHEAD + pt_len, 0);

    write_header(packet, flags, k->dh_param);
    fuzz_require(pssst_aead_seal(k->key, nonce, packet, PSSST_HEADER_SIZE, NULL, 0, pt, pt_len,
                                 packet + PSSST_BODY_OFFSET,
                                 packet + PSSST_OVERHEAD - PSSST_TAG_SIZE + pt_len) == 0,
                 "seal");
    return packet;
}

static void corrupt(uint8_t *packet, size_t len, uint8_t param)
{
    size_t span = len - PSSST_BODY_OFFSET; /* body and tag, never empty */
    packet[PSSST_BODY_OFFSET + param % span] ^= 1;
}

/* Bytes short of what is needed, 0 when the buffer is big enough. */
static size_t shortfall(uint8_t ctrl, uint8_t param, size_t needed)
{
    size_t shortby = 1u + param % 16u;

    if (!(ctrl & CTRL_SHORT_BUFFER) || needed == 0)
        return 0;
    return shortby < needed ? shortby : needed;
}

/* The server's reply to an accepted request, opened here with its keys. */
static void check_server_reply(pssst_reply_ctx *reply, const tx_keys *k, uint16_t req_flags,
                               const uint8_t *msg, size_t msg_len)
{
    size_t len = PSSST_OVERHEAD + msg_len, packet_len = 0;
    uint8_t *packet = fuzz_alloc(len, 0);
    uint8_t *opened = fuzz_alloc(msg_len, 0);
    uint8_t header[PSSST_HEADER_SIZE + PSSST_KEY_SIZE];

    fuzz_require_status(pssst_pack_reply(reply, msg, msg_len, packet, len, &packet_len),
                        PSSST_OK, "spec 8.1: reply");
    fuzz_require(packet_len == len, "reply length");
    write_header(header, (uint16_t)(PSSST_FLAG_REPLY | (req_flags & PSSST_FLAG_CLIENT_AUTH)),
                 k->dh_param);
    fuzz_require(memcmp(packet, header, sizeof header) == 0, "spec 8.1: reply header");
    fuzz_require(pssst_aead_open(k->key, k->server_nonce, packet, PSSST_HEADER_SIZE,
                                 packet + PSSST_BODY_OFFSET, msg_len,
                                 packet + len - PSSST_TAG_SIZE, NULL, 0, opened) == 0,
                 "spec 8.1: reply sealed with the server nonce");
    fuzz_require(msg_len == 0 || memcmp(opened, msg, msg_len) == 0, "reply content");
    fuzz_require_status(pssst_pack_reply(reply, msg, msg_len, packet, len, &packet_len),
                        PSSST_ERR_CONTEXT_USED, "spec 8.2: one reply per request");
    free(opened);
    free(packet);
}

/* spec 7.3: does X25519(e, C) of this proof equal dh_param (and not zero)? */
static bool proof_holds(const uint8_t *proof, const uint8_t dh[PSSST_KEY_SIZE])
{
    uint8_t check[PSSST_KEY_SIZE];

    if (pssst_x25519(check, proof + PSSST_KEY_SIZE, proof) != 0)
        return false;
    return memcmp(check, dh, PSSST_KEY_SIZE) == 0;
}

static void request_path(uint8_t ctrl, uint8_t param, const uint8_t *pt, size_t pt_len)
{
    bool client_auth = (ctrl & CTRL_CLIENT_AUTH) != 0;
    bool null_outputs = (ctrl & CTRL_NULL_OUTPUTS) != 0;
    uint16_t flags = client_auth ? PSSST_FLAG_CLIENT_AUTH : 0;
    size_t proof_len = client_auth ? PSSST_PROOF_SIZE : 0;
    size_t len = PSSST_OVERHEAD + pt_len, offset = PSSST_BODY_OFFSET + proof_len;
    bool has_proof = pt_len >= proof_len;
    size_t needed = has_proof ? pt_len - proof_len : 0;
    size_t room = needed - shortfall(ctrl, param, needed);
    tx_keys own, *k = &anon_keys;
    uint8_t *packet, *message, *heap_message = NULL;
    uint8_t client_public[PSSST_KEY_SIZE];
    bool authenticated = false, corrupted = false;
    size_t message_len = 7;
    pssst_reply_ctx reply;
    pssst_status expect, st;

    if (client_auth && (ctrl & CTRL_DH_FROM_PROOF) && has_proof) {
        uint8_t dh[PSSST_KEY_SIZE], shared[PSSST_KEY_SIZE];
        /* A client can only build this when neither result is zero. */
        if (pssst_x25519(dh, pt + PSSST_KEY_SIZE, pt) != 0 ||
            pssst_x25519(shared, server_private, dh) != 0)
            return;
        derive(&own, dh, shared);
        k = &own;
    }
    packet = seal_packet(flags, k, k->client_nonce, pt, pt_len);
    if ((ctrl & CTRL_CORRUPT) != 0) {
        corrupt(packet, len, param);
        corrupted = true;
    }

    if (!has_proof)
        expect = PSSST_ERR_CLIENT_AUTH_FAILED;
    else if (room < needed)
        expect = PSSST_ERR_BUFFER_TOO_SMALL;
    else if (corrupted)
        expect = PSSST_ERR_DECRYPT_FAILED;
    else if (client_auth && !proof_holds(pt, k->dh_param))
        expect = PSSST_ERR_CLIENT_AUTH_FAILED;
    else
        expect = PSSST_OK;

    if ((ctrl & CTRL_IN_PLACE) != 0 && has_proof) {
        message = packet + offset;
    } else {
        heap_message = room > 0 ? fuzz_alloc(room, 0xee) : NULL;
        message = heap_message;
    }
    st = pssst_unpack_request(&server, packet, len, message, room, &message_len,
                              null_outputs ? NULL : client_public,
                              null_outputs ? NULL : &authenticated, &reply);
    fuzz_require_status(st, expect, "spec 7: sealed request");
    if (st == PSSST_ERR_BUFFER_TOO_SMALL) {
        fuzz_require(message_len == needed, "needed size on BUFFER_TOO_SMALL");
    } else if (st == PSSST_OK) {
        fuzz_require(message_len == needed, "spec 7.3: message follows the proof");
        fuzz_require(needed == 0 || memcmp(message, pt + proof_len, needed) == 0,
                     "message content");
        if (!null_outputs) {
            fuzz_require(authenticated == client_auth, "authenticated flag");
            static const uint8_t zero[PSSST_KEY_SIZE];
            fuzz_require(memcmp(client_public, client_auth ? pt : zero, PSSST_KEY_SIZE) == 0,
                         "spec 7.3: the proven client key is C, else zeros");
        }
        check_server_reply(&reply, k, flags, message, needed);
    } else {
        fuzz_require(message_len == 0, "no length on error");
    }
    if (st != PSSST_OK) {
        size_t unused = 0;
        fuzz_require_status(pssst_pack_reply(&reply, NULL, 0, NULL, 0, &unused),
                            PSSST_ERR_CONTEXT_USED, "spec 8.2: no reply after an error");
    }
    free(heap_message);
    free(packet);
}

static void reply_path(uint8_t ctrl, uint8_t param, const uint8_t *pt, size_t pt_len)
{
    int idx = (ctrl & CTRL_CLIENT_AUTH) ? 1 : 0;
    uint16_t flags = (uint16_t)(PSSST_FLAG_REPLY | (idx ? PSSST_FLAG_CLIENT_AUTH : 0));
    size_t len = PSSST_OVERHEAD + pt_len;
    size_t room = pt_len - shortfall(ctrl, param, pt_len);
    uint8_t *packet = seal_packet(flags, &pending_keys[idx], pending_keys[idx].server_nonce, pt,
                                  pt_len);
    bool in_place = (ctrl & CTRL_IN_PLACE) != 0;
    uint8_t *heap_message = fuzz_alloc(pt_len, 0xee);
    uint8_t *message = in_place ? packet + PSSST_BODY_OFFSET : heap_message;
    pssst_reply_ctx ctx = pending[idx];
    size_t message_len = 7;
    pssst_status st;

    if ((ctrl & CTRL_CORRUPT) != 0) {
        corrupt(packet, len, param);
        st = pssst_unpack_reply(&ctx, packet, len, message, pt_len, &message_len);
        fuzz_require_status(st, PSSST_ERR_DECRYPT_FAILED, "spec 9.2: tampered reply");
        fuzz_require(message_len == 0, "no length on error");
    } else {
        if (room < pt_len) {
            st = pssst_unpack_reply(&ctx, packet, len, message, room, &message_len);
            fuzz_require_status(st, PSSST_ERR_BUFFER_TOO_SMALL, "short reply buffer");
            fuzz_require(message_len == pt_len, "needed size on BUFFER_TOO_SMALL");
        }
        st = pssst_unpack_reply(&ctx, packet, len, message, pt_len, &message_len);
        fuzz_require_status(st, PSSST_OK, "spec 9.2: genuine reply");
        fuzz_require(message_len == pt_len, "reply length");
        fuzz_require(pt_len == 0 || memcmp(message, pt, pt_len) == 0, "reply content");
    }
    st = pssst_unpack_reply(&ctx, packet, len, message, pt_len, &message_len);
    fuzz_require_status(st, PSSST_ERR_CONTEXT_USED, "spec 8.2: a reply context opens once");
    free(heap_message);
    free(packet);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r;
    uint8_t ctrl, param, *pt;
    size_t pt_len;

    setup();
    fuzz_reader_init(&r, data, size);
    ctrl = fuzz_take_u8(&r);
    param = fuzz_take_u8(&r);
    pt_len = fuzz_remaining(&r);
    pt = fuzz_dup(fuzz_rest(&r), pt_len);
    if (ctrl & CTRL_REPLY_PATH)
        reply_path(ctrl, param, pt, pt_len);
    else
        request_path(ctrl, param, pt, pt_len);
    free(pt);
    return 0;
}
