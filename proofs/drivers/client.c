/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client.c (driver) - the client role: pssst_client_init anonymous and with
 * a client key, any key bytes and suite, NULL, keys inside the client;
 * the size functions for every length up to SIZE_MAX; pssst_pack_request
 * and its known-answer form with any message of 0 to PROOF_MAX_DATAGRAM
 * bytes into any packet size, NULL with size 0, in place; pssst_unpack_reply
 * of any packet into any message buffer, with the context pack left, one
 * of any content and a used one; clients never initialised and freed.
 */
#include "driver.h"

static uint8_t packet[PROOF_MAX_DATAGRAM];
static uint8_t message[PROOF_MAX_DATAGRAM];

static void drive_client_init(pssst_client *client)
{
    uint8_t server_key[PSSST_KEY_SIZE];
    uint8_t client_key[PSSST_KEY_SIZE];
    size_t inside = any_len(sizeof *client - PSSST_KEY_SIZE);
    uint8_t *in_client = (uint8_t *)client + inside;

    any_bytes(server_key, sizeof server_key);
    any_bytes(client_key, sizeof client_key);
    (void)pssst_client_init(NULL, PSSST_SUITE_X25519_AESGCM128, server_key, NULL);
    (void)pssst_client_init(client, PSSST_SUITE_X25519_AESGCM128, NULL, client_key);
    (void)pssst_client_init(client, PSSST_SUITE_X25519_AESGCM128, in_client, NULL);
    (void)pssst_client_init(client, PSSST_SUITE_X25519_AESGCM128, server_key, in_client);
    (void)pssst_client_init(client, (pssst_suite)any_int(), server_key, client_key);
    /* Last: anonymous or client-auth, left ready or wiped. */
    (void)pssst_client_init(client, PSSST_SUITE_X25519_AESGCM128, server_key,
                            any_bool() ? client_key : NULL);
}

static void drive_sizes(const pssst_client *client)
{
    size_t len = Frama_C_size_t_interval(0, SIZE_MAX);

    (void)pssst_request_size(client, len);
    (void)pssst_request_size(NULL, len);
    (void)pssst_reply_size(len);
    (void)pssst_message_offset(any_bool(), any_bool());
}

/* Any message into any packet size; the message also in place. */
static void drive_pack(const pssst_client *client, pssst_reply_ctx *reply)
{
    uint8_t ephemeral[PSSST_KEY_SIZE];
    size_t packet_len;
    size_t message_len = any_len(sizeof message);
    size_t packet_size = any_len(sizeof packet);

    any_bytes(message, sizeof message);
    any_bytes(ephemeral, sizeof ephemeral);
    (void)pssst_pack_request_with_ephemeral(client, ephemeral, message, message_len, packet,
                                            packet_size, &packet_len, reply);
    (void)pssst_pack_request_with_ephemeral(client, NULL, message, message_len, packet,
                                            packet_size, &packet_len, reply);
    (void)pssst_pack_request(client, NULL, 0, packet, packet_size, &packet_len, reply);
    (void)pssst_pack_request(client, message, message_len, NULL, 0, &packet_len, reply);
    (void)pssst_pack_request(client, message, message_len, packet, packet_size, NULL, reply);
    (void)pssst_pack_request(client, message, message_len, packet, packet_size, &packet_len,
                             NULL);

    /* In place: the message where the request will carry it, either mode. */
    size_t anonymous = pssst_message_offset(true, false);
    (void)pssst_pack_request(client, packet + anonymous, any_len(sizeof packet - anonymous),
                             packet, any_len(sizeof packet), &packet_len, reply);
    size_t proven = pssst_message_offset(true, true);
    (void)pssst_pack_request(client, packet + proven, any_len(sizeof packet - proven), packet,
                             any_len(sizeof packet), &packet_len, reply);
    /* Last: the context for the reply, filled or left unusable. */
    (void)pssst_pack_request(client, message, message_len, packet, packet_size, &packet_len,
                             reply);
}

/* Any packet as the reply, into any message buffer, also in place. */
static void drive_unpack(pssst_reply_ctx *reply)
{
    size_t message_len;
    size_t packet_len = any_len(sizeof packet);
    size_t message_size = any_len(sizeof message);

    any_bytes(packet, sizeof packet);
    (void)pssst_unpack_reply(reply, NULL, 0, message, message_size, &message_len);
    (void)pssst_unpack_reply(reply, packet, packet_len, NULL, 0, &message_len);
    (void)pssst_unpack_reply(reply, packet, packet_len, message, message_size, NULL);
    (void)pssst_unpack_reply(NULL, packet, packet_len, message, message_size, &message_len);
    (void)pssst_unpack_reply(reply, packet, packet_len, message, message_size, &message_len);
    size_t offset = pssst_message_offset(false, false);
    (void)pssst_unpack_reply(reply, packet, any_len(sizeof packet), packet + offset,
                             any_len(sizeof packet - offset), &message_len);
}

void drive_client(void)
{
    pssst_client client;
    pssst_reply_ctx reply;

    /* Never initialised: any bytes, magic included. */
    any_bytes(&client, sizeof client);
    any_bytes(&reply, sizeof reply);
    drive_sizes(&client);
    drive_pack(&client, &reply);
    drive_unpack(&reply);

    drive_client_init(&client);
    drive_sizes(&client);
    any_bytes(&reply, sizeof reply);
    drive_unpack(&reply); /* a context of any content */
    drive_pack(&client, &reply);
    drive_unpack(&reply); /* the context pack left */
    drive_unpack(&reply); /* used, unless the first call stopped early */

    pssst_client_free(&client);
    drive_pack(&client, &reply); /* a freed client */
    pssst_client_free(NULL);
}
