/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.c (driver) - the server role: pssst_server_init with any key and
 * suite, NULL and a key inside the server; pssst_unpack_request on any
 * packet of 0 to PROOF_MAX_DATAGRAM unknown bytes into a message buffer of
 * any size, NULL with size 0, optional outputs present or NULL, with a
 * server and reply context of any content (never initialised) or
 * initialised; pssst_pack_reply of any message into any packet size from
 * the context unpack left (ready or used) and from one of any content;
 * the free functions, NULL included.
 */
#include "driver.h"

/* pssst_message_offset(false, ...): a reply's message follows header and dh_param. */
#define REPLY_MESSAGE_OFFSET (PSSST_HEADER_SIZE + PSSST_KEY_SIZE)

static uint8_t packet[PROOF_MAX_DATAGRAM];
static uint8_t message[PROOF_MAX_DATAGRAM];

static void drive_server_init(pssst_server *server)
{
    uint8_t key[PSSST_KEY_SIZE];
    size_t inside = any_len(sizeof *server - 1);

    any_bytes(key, sizeof key);
    (void)pssst_server_init(NULL, PSSST_SUITE_X25519_AESGCM128, key);
    (void)pssst_server_init(server, PSSST_SUITE_X25519_AESGCM128, NULL);
    (void)pssst_server_init(server, PSSST_SUITE_X25519_AESGCM128, (uint8_t *)server + inside);
    (void)pssst_server_init(server, (pssst_suite)any_int(), key);
    /* Last: a server that init may have left ready or wiped. */
    (void)pssst_server_init(server, PSSST_SUITE_X25519_AESGCM128, key);
}

/* Any packet, any message buffer, optional outputs present or not. */
static void drive_unpack(const pssst_server *server, pssst_reply_ctx *reply)
{
    uint8_t client_key[PSSST_KEY_SIZE];
    bool authenticated;
    size_t message_len;
    size_t packet_len = any_len(sizeof packet);
    size_t message_size = any_len(sizeof message);

    any_bytes(packet, sizeof packet);
    (void)pssst_unpack_request(server, packet, packet_len, message, message_size, &message_len,
                               client_key, &authenticated, reply);
    (void)pssst_unpack_request(server, packet, packet_len, message, message_size, &message_len,
                               NULL, NULL, reply);
    (void)pssst_unpack_request(server, NULL, 0, message, message_size, &message_len, NULL,
                               &authenticated, reply);
    (void)pssst_unpack_request(server, packet, packet_len, NULL, 0, &message_len, client_key,
                               NULL, reply);
    (void)pssst_unpack_request(server, packet, packet_len, message, message_size, NULL, NULL,
                               NULL, reply);
    (void)pssst_unpack_request(server, packet, packet_len, message, message_size, &message_len,
                               NULL, NULL, NULL);
}

/* The message in place at offset (36, or 100 with client authentication). */
static void drive_unpack_in_place(const pssst_server *server, pssst_reply_ctx *reply,
                                  size_t offset)
{
    size_t message_len;
    size_t packet_len = any_len(sizeof packet);
    size_t message_size = any_len(sizeof packet - offset);

    any_bytes(packet, sizeof packet);
    (void)pssst_unpack_request(server, packet, packet_len, packet + offset, message_size,
                               &message_len, NULL, NULL, reply);
}

/* Any message into any packet size, also in place at offset 36. */
static void drive_pack_reply(pssst_reply_ctx *reply)
{
    size_t packet_len;
    size_t message_len = any_len(sizeof message);
    size_t packet_size = any_len(sizeof packet);

    any_bytes(message, sizeof message);
    (void)pssst_pack_reply(reply, message, message_len, NULL, 0, &packet_len);
    (void)pssst_pack_reply(reply, NULL, 0, packet, packet_size, &packet_len);
    (void)pssst_pack_reply(reply, message, message_len, packet, packet_size, NULL);
    (void)pssst_pack_reply(NULL, message, message_len, packet, packet_size, &packet_len);
    (void)pssst_pack_reply(reply, message, message_len, packet, packet_size, &packet_len);
    message_len = any_len(sizeof packet - REPLY_MESSAGE_OFFSET);
    /* In place: the message where the reply will carry it. */
    (void)pssst_pack_reply(reply, packet + REPLY_MESSAGE_OFFSET, message_len, packet,
                           any_len(sizeof packet), &packet_len);
}

void drive_server(void)
{
    pssst_server server;
    pssst_reply_ctx reply;

    /* Never initialised: any bytes, magic included. */
    any_bytes(&server, sizeof server);
    any_bytes(&reply, sizeof reply);
    drive_unpack(&server, &reply);
    drive_pack_reply(&reply);

    drive_server_init(&server);
    any_bytes(&reply, sizeof reply);
    drive_unpack(&server, &reply);
    drive_pack_reply(&reply); /* ready after a good request, else used */
    drive_pack_reply(&reply); /* used */
    drive_unpack_in_place(&server, &reply, pssst_message_offset(true, false));
    drive_unpack_in_place(&server, &reply, pssst_message_offset(true, true));
    drive_pack_reply(&reply);

    pssst_server_free(&server);
    drive_unpack(&server, &reply); /* a freed server */
    pssst_server_free(NULL);
    pssst_reply_ctx_free(&reply);
    pssst_reply_ctx_free(NULL);
}
