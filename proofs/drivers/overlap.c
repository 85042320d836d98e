/* SPDX-License-Identifier: Apache-2.0 */
/*
 * overlap.c (driver) - the buffers of one call inside one arena: the
 * message at a fixed distance from the packet (before it, on its first
 * byte, around both in-place offsets, past it), with any lengths, and the
 * length output or the reply context inside the packet. Each call must
 * refuse with PSSST_ERR_INVALID_ARGUMENT or run without error.
 */
#include "driver.h"

/* Where the packet starts in the arena: room for a message before it. */
#define PACKET_START 256
#define ARENA_SIZE (PACKET_START + PROOF_MAX_DATAGRAM + PACKET_START)

static uint8_t arena[ARENA_SIZE];

/* Every call with the message at packet + distance, any lengths. */
static void overlap_at(const pssst_server *server, const pssst_client *client,
                       pssst_reply_ctx *reply, long distance)
{
    uint8_t *packet = arena + PACKET_START;
    uint8_t *message = packet + distance;
    size_t len;
    size_t packet_len = any_len(PROOF_MAX_DATAGRAM);
    size_t message_len = any_len(PROOF_MAX_DATAGRAM - (size_t)(distance + PACKET_START) +
                                 PACKET_START);

    (void)pssst_unpack_request(server, packet, packet_len, message, message_len, &len, NULL,
                               NULL, reply);
    (void)pssst_pack_reply(reply, message, message_len, packet, packet_len, &len);
    (void)pssst_pack_request(client, message, message_len, packet, packet_len, &len, reply);
    (void)pssst_unpack_reply(reply, packet, packet_len, message, message_len, &len);
}

/* The length output and the context inside the packet, at offset. */
static void outputs_inside(const pssst_server *server, const pssst_client *client,
                           size_t offset)
{
    uint8_t message[PSSST_PROOF_SIZE];
    uint8_t *packet = arena + PACKET_START;
    size_t *len_out = (size_t *)(void *)(packet + offset);
    pssst_reply_ctx *ctx = (pssst_reply_ctx *)(void *)(packet + offset);
    size_t packet_len = any_len(PROOF_MAX_DATAGRAM);
    size_t len;
    pssst_reply_ctx reply;

    any_bytes(message, sizeof message);
    any_bytes(&reply, sizeof reply);
    (void)pssst_unpack_request(server, packet, packet_len, message, sizeof message, len_out,
                               NULL, NULL, &reply);
    (void)pssst_unpack_request(server, packet, packet_len, message, sizeof message, &len, NULL,
                               NULL, ctx);
    (void)pssst_pack_reply(&reply, message, sizeof message, packet, packet_len, len_out);
    (void)pssst_pack_reply(ctx, message, sizeof message, packet, packet_len, &len);
    (void)pssst_pack_request(client, message, sizeof message, packet, packet_len, len_out,
                             &reply);
    (void)pssst_pack_request(client, message, sizeof message, packet, packet_len, &len, ctx);
    (void)pssst_unpack_reply(&reply, packet, packet_len, message, sizeof message, len_out);
    (void)pssst_unpack_reply(ctx, packet, packet_len, message, sizeof message, &len);
}

void drive_overlap(void)
{
    /* Around the ends of the packet and both in-place message offsets. */
    static const long distances[] = {-PACKET_START, -1, 0, 1, 35, 36, 37, 99, 100, 101};
    pssst_server server;
    pssst_client client;
    pssst_reply_ctx reply;
    uint8_t key[PSSST_KEY_SIZE];

    any_bytes(arena, sizeof arena);
    any_bytes(key, sizeof key);
    any_bytes(&reply, sizeof reply);
    any_bytes(&server, sizeof server);
    any_bytes(&client, sizeof client);
    (void)pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, key);
    (void)pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, key,
                            any_bool() ? key : NULL);
    /*@ loop unroll 10; */
    for (size_t i = 0; i < sizeof distances / sizeof distances[0]; i++)
        overlap_at(&server, &client, &reply, distances[i]);
    outputs_inside(&server, &client, 0);
    outputs_inside(&server, &client, 40);
}
