/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_roundtrip.c - round-trip property over any keys and messages, both
 * modes: a request packed by a client opens at the server to the same
 * message (and, with client authentication, the same client key), the reply
 * packed by the server opens at the client to the same reply, and each
 * reply context works exactly once (spec 6, 7, 8, 9).
 *
 * Input layout:
 *   control byte  bit 0 client auth; bit 1 pack with the library's own
 *                 ephemeral (pssst_pack_request; deterministic in fuzzing
 *                 builds) instead of the given one; bit 2 pack the request
 *                 in place; bit 3 unpack both packets in place
 *   server private key (32), client private key (32), ephemeral (32)
 *   u16 big-endian: length of the request (modulo what is left)
 *   request message, then the reply message (the rest)
 * Missing bytes read as zeros, so every input is usable.
 */
#include <stdlib.h>
#include <string.h>

#include <pssst.h>

#include "fuzz_common.h"

#define CTRL_CLIENT_AUTH 0x01u
#define CTRL_OWN_EPHEMERAL 0x02u
#define CTRL_PACK_IN_PLACE 0x04u
#define CTRL_UNPACK_IN_PLACE 0x08u

#define SUITE PSSST_SUITE_X25519_AESGCM128

typedef struct {
    uint8_t ctrl;
    uint8_t server_private[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE];
    uint8_t ephemeral[PSSST_KEY_SIZE];
    const uint8_t *request, *reply;
    size_t request_len, reply_len;
} case_input;

static void read_case(case_input *c, const uint8_t *data, size_t size)
{
    fuzz_reader r;
    size_t split, rest;

    fuzz_reader_init(&r, data, size);
    c->ctrl = fuzz_take_u8(&r);
    fuzz_take_bytes(&r, c->server_private, PSSST_KEY_SIZE);
    fuzz_take_bytes(&r, c->client_private, PSSST_KEY_SIZE);
    fuzz_take_bytes(&r, c->ephemeral, PSSST_KEY_SIZE);
    split = fuzz_take_u16(&r);
    rest = fuzz_remaining(&r);
    c->request_len = split % (rest + 1);
    c->request = fuzz_rest(&r);
    c->reply = c->request + c->request_len;
    c->reply_len = rest - c->request_len;
}

/* Client side: packs the request; returns the packet (heap, exact size). */
static uint8_t *pack(const case_input *c, const pssst_client *client, size_t *len,
                     pssst_reply_ctx *pending)
{
    bool client_auth = (c->ctrl & CTRL_CLIENT_AUTH) != 0;
    size_t size = pssst_request_size(client, c->request_len);
    size_t offset = pssst_message_offset(true, client_auth);
    uint8_t *packet = fuzz_alloc(size, 0);
    const uint8_t *message = c->request;
    pssst_status st;

    fuzz_require(size == PSSST_OVERHEAD + (client_auth ? PSSST_PROOF_SIZE : 0) + c->request_len,
                 "spec 4.4: request size");
    if (c->ctrl & CTRL_PACK_IN_PLACE) {
        if (c->request_len > 0)
            memcpy(packet + offset, c->request, c->request_len);
        message = packet + offset;
    }
    if (c->ctrl & CTRL_OWN_EPHEMERAL)
        st = pssst_pack_request(client, message, c->request_len, packet, size, len, pending);
    else
        st = pssst_pack_request_with_ephemeral(client, c->ephemeral, message, c->request_len,
                                               packet, size, len, pending);
    fuzz_require_status(st, PSSST_OK, "pack request");
    fuzz_require(*len == size, "packet length");
    fuzz_require(packet[0] == (client_auth ? 0x40 : 0) && packet[1] == 0 && packet[2] == 0 &&
                     packet[3] == SUITE,
                 "spec 4.2: request header");
    return packet;
}

/* Where an unpacked message goes: a heap buffer, or in place. */
static uint8_t *message_slot(const case_input *c, uint8_t *packet, size_t offset, size_t len,
                             uint8_t **heap)
{
    *heap = NULL;
    if (c->ctrl & CTRL_UNPACK_IN_PLACE)
        return packet + offset;
    *heap = len > 0 ? fuzz_alloc(len, 0xee) : NULL;
    return *heap;
}

static void serve(const case_input *c, const pssst_server *server, uint8_t *request,
                  size_t request_len, const uint8_t client_public[PSSST_KEY_SIZE],
                  pssst_reply_ctx *reply)
{
    bool client_auth = (c->ctrl & CTRL_CLIENT_AUTH) != 0;
    uint8_t got_key[PSSST_KEY_SIZE], *heap;
    uint8_t *message = message_slot(c, request, pssst_message_offset(true, client_auth),
                                    c->request_len, &heap);
    bool authenticated = !client_auth;
    size_t message_len = 0;

    fuzz_require_status(pssst_unpack_request(server, request, request_len, message,
                                             c->request_len, &message_len, got_key,
                                             &authenticated, reply),
                        PSSST_OK, "unpack(pack(m))");
    fuzz_require(message_len == c->request_len &&
                     (message_len == 0 || memcmp(message, c->request, message_len) == 0),
                 "unpack(pack(m)) == m");
    fuzz_require(authenticated == client_auth, "authenticated exactly in client-auth mode");
    if (client_auth)
        fuzz_require(memcmp(got_key, client_public, PSSST_KEY_SIZE) == 0,
                     "spec 7.3: the proven key is the client's");
    free(heap);
}

static void answer(const case_input *c, pssst_reply_ctx *reply, pssst_reply_ctx *pending)
{
    size_t size = pssst_reply_size(c->reply_len), len = 0, message_len = 0;
    uint8_t *packet = fuzz_alloc(size, 0), *heap;
    uint8_t *message;

    fuzz_require_status(pssst_pack_reply(reply, c->reply, c->reply_len, packet, size, &len),
                        PSSST_OK, "pack reply");
    fuzz_require(len == size, "reply length");
    fuzz_require_status(pssst_pack_reply(reply, c->reply, c->reply_len, packet, size, &len),
                        PSSST_ERR_CONTEXT_USED, "spec 8.2: server context single use");
    message = message_slot(c, packet, pssst_message_offset(false, false), c->reply_len, &heap);
    fuzz_require_status(pssst_unpack_reply(pending, packet, size, message, c->reply_len,
                                           &message_len),
                        PSSST_OK, "unpack reply");
    fuzz_require(message_len == c->reply_len &&
                     (message_len == 0 || memcmp(message, c->reply, message_len) == 0),
                 "reply round trip");
    fuzz_require_status(pssst_unpack_reply(pending, packet, size, message, c->reply_len,
                                           &message_len),
                        PSSST_ERR_CONTEXT_USED, "spec 8.2: client context single use");
    free(heap);
    free(packet);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    case_input c;
    pssst_server server;
    pssst_client client;
    pssst_reply_ctx pending, reply;
    uint8_t server_public[PSSST_KEY_SIZE], client_public[PSSST_KEY_SIZE];
    uint8_t *request;
    size_t request_len = 0;
    bool client_auth;

    read_case(&c, data, size);
    client_auth = (c.ctrl & CTRL_CLIENT_AUTH) != 0;
    fuzz_require_status(pssst_server_init(&server, SUITE, c.server_private), PSSST_OK,
                        "server_init accepts any 32 bytes");
    fuzz_require_status(pssst_public_key(SUITE, c.server_private, server_public), PSSST_OK,
                        "public key");
    /* spec 5.3: the public key of a clamped scalar is never of low order. */
    fuzz_require_status(pssst_client_init(&client, SUITE, server_public,
                                          client_auth ? c.client_private : NULL),
                        PSSST_OK, "client_init");
    if (client_auth)
        fuzz_require_status(pssst_public_key(SUITE, c.client_private, client_public), PSSST_OK,
                            "client public key");

    request = pack(&c, &client, &request_len, &pending);
    serve(&c, &server, request, request_len, client_public, &reply);
    answer(&c, &reply, &pending);

    free(request);
    pssst_client_free(&client);
    pssst_server_free(&server);
    return 0;
}
