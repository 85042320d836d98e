/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sealed.c - structure-aware: the harness seals the fuzz input itself,
 * correctly, under keys it knows, so that the code after decryption is
 * reached on every input: the client-auth proof parser and the length
 * handling of the server (spec 7.2, 7.3) and of the client (spec 9.2).
 * The keys, the pending requests and the sealing are in
 * fuzz_sealed_fixture.c.
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

#include "fuzz_common.h"
#include "fuzz_sealed.h"
#include "packet.h"

#define CTRL_REPLY_PATH 0x01u
#define CTRL_CLIENT_AUTH 0x02u
#define CTRL_DH_FROM_PROOF 0x04u
#define CTRL_IN_PLACE 0x08u
#define CTRL_SHORT_BUFFER 0x10u
#define CTRL_CORRUPT 0x20u
#define CTRL_NULL_OUTPUTS 0x40u

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
    sealed_write_header(header, (uint16_t)(PSSST_FLAG_REPLY | (req_flags & PSSST_FLAG_CLIENT_AUTH)),
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

/*
 * The keys a request is sealed under: the fixed anonymous ones, or with
 * CTRL_DH_FROM_PROOF keys of the dh_param the proof in pt makes valid,
 * written to *own. NULL when no client could build that request.
 */
static const tx_keys *request_keys(const sealed_fixture *f, uint8_t ctrl, bool has_proof,
                                   const uint8_t *pt, tx_keys *own)
{
    uint8_t dh[PSSST_KEY_SIZE], shared[PSSST_KEY_SIZE];

    if (!(ctrl & CTRL_CLIENT_AUTH) || !(ctrl & CTRL_DH_FROM_PROOF) || !has_proof)
        return &f->anon_keys;
    /* A client can only build this when neither result is zero. */
    if (pssst_x25519(dh, pt + PSSST_KEY_SIZE, pt) != 0 ||
        pssst_x25519(shared, f->server_private, dh) != 0)
        return NULL;
    sealed_derive(own, dh, shared);
    return own;
}

/* spec 7: what the server must answer, in the order it checks. */
static pssst_status expected_request_status(bool has_proof, bool short_buffer, bool corrupted,
                                            bool client_auth, const uint8_t *pt,
                                            const tx_keys *k)
{
    if (!has_proof)
        return PSSST_ERR_CLIENT_AUTH_FAILED;
    if (short_buffer)
        return PSSST_ERR_BUFFER_TOO_SMALL;
    if (corrupted)
        return PSSST_ERR_DECRYPT_FAILED;
    if (client_auth && !proof_holds(pt, k->dh_param))
        return PSSST_ERR_CLIENT_AUTH_FAILED;
    return PSSST_OK;
}

static void request_path(const sealed_fixture *f, uint8_t ctrl, uint8_t param, const uint8_t *pt,
                         size_t pt_len)
{
    bool client_auth = (ctrl & CTRL_CLIENT_AUTH) != 0;
    bool null_outputs = (ctrl & CTRL_NULL_OUTPUTS) != 0;
    uint16_t flags = client_auth ? PSSST_FLAG_CLIENT_AUTH : 0;
    size_t proof_len = client_auth ? PSSST_PROOF_SIZE : 0;
    size_t len = PSSST_OVERHEAD + pt_len, offset = PSSST_BODY_OFFSET + proof_len;
    bool has_proof = pt_len >= proof_len;
    size_t needed = has_proof ? pt_len - proof_len : 0;
    size_t room = needed - shortfall(ctrl, param, needed);
    tx_keys own;
    const tx_keys *k = request_keys(f, ctrl, has_proof, pt, &own);
    uint8_t *packet, *message, *heap_message = NULL;
    uint8_t client_public[PSSST_KEY_SIZE];
    bool authenticated = false, corrupted = false;
    size_t message_len = 7;
    pssst_reply_ctx reply;
    pssst_status expect, st;

    if (k == NULL)
        return;
    packet = sealed_seal_packet(flags, k, k->client_nonce, pt, pt_len);
    if ((ctrl & CTRL_CORRUPT) != 0) {
        corrupt(packet, len, param);
        corrupted = true;
    }

    expect = expected_request_status(has_proof, room < needed, corrupted, client_auth, pt, k);
    if ((ctrl & CTRL_IN_PLACE) != 0 && has_proof) {
        message = packet + offset;
    } else {
        heap_message = room > 0 ? fuzz_alloc(room, 0xee) : NULL;
        message = heap_message;
    }
    st = pssst_unpack_request(&f->server, packet, len, message, room, &message_len,
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

static void reply_path(const sealed_fixture *f, uint8_t ctrl, uint8_t param, const uint8_t *pt,
                       size_t pt_len)
{
    int idx = (ctrl & CTRL_CLIENT_AUTH) ? 1 : 0;
    uint16_t flags = (uint16_t)(PSSST_FLAG_REPLY | (idx ? PSSST_FLAG_CLIENT_AUTH : 0));
    size_t len = PSSST_OVERHEAD + pt_len;
    size_t room = pt_len - shortfall(ctrl, param, pt_len);
    const tx_keys *k = &f->pending_keys[idx];
    uint8_t *packet = sealed_seal_packet(flags, k, k->server_nonce, pt, pt_len);
    bool in_place = (ctrl & CTRL_IN_PLACE) != 0;
    uint8_t *heap_message = fuzz_alloc(pt_len, 0xee);
    uint8_t *message = in_place ? packet + PSSST_BODY_OFFSET : heap_message;
    pssst_reply_ctx ctx = f->pending[idx];
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
    const sealed_fixture *f = sealed_fixture_get();
    fuzz_reader r;
    uint8_t ctrl, param, *pt;
    size_t pt_len;

    fuzz_reader_init(&r, data, size);
    ctrl = fuzz_take_u8(&r);
    param = fuzz_take_u8(&r);
    pt_len = fuzz_remaining(&r);
    pt = fuzz_dup(fuzz_rest(&r), pt_len);
    if (ctrl & CTRL_REPLY_PATH)
        reply_path(f, ctrl, param, pt, pt_len);
    else
        request_path(f, ctrl, param, pt, pt_len);
    free(pt);
    return 0;
}
