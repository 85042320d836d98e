/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exact.c (driver) - packets in buffers of exactly their length, for the
 * lengths around every boundary of spec 4 and 7.1: a read one byte past a
 * packet's end is then a read past its buffer, which Eva reports. (The
 * other drivers put packets of any length in one large buffer, where such
 * a read stays inside the buffer.) Each length is its own state, so the
 * analysis is exact for it; every length would cost about 0.5 s each.
 */
#include <stdlib.h>

#include "driver.h"
#include "packet.h"

/* Empty, the header (4), dh_param (36), the smallest packet (52), the
 * smallest client-auth request (116), each with its neighbours. */
static const size_t exact_lengths[] = {0,  1,  2,  3,  4,  5,  35,  36,  37, 51,
                                       52, 53, 99, 100, 101, 115, 116, 117, 160};
#define EXACT_COUNT (sizeof exact_lengths / sizeof exact_lengths[0])

static uint8_t message[160];

static void exact_length(const pssst_server *server, pssst_reply_ctx *server_reply,
                         pssst_reply_ctx *client_reply, size_t len)
{
    pssst_packet_view view;
    size_t message_len;
    uint8_t *packet = malloc(len);

    if (packet == NULL)
        return;
    any_bytes(packet, len);
    if (pssst_parse_header(&view, packet, len))
        (void)pssst_parse_body(&view, packet, len);
    (void)pssst_unpack_request(server, packet, len, message, sizeof message, &message_len, NULL,
                               NULL, server_reply);
    (void)pssst_unpack_reply(client_reply, packet, len, message, sizeof message, &message_len);
    free(packet);
}

void drive_exact(void)
{
    pssst_server server;
    pssst_reply_ctx server_reply;
    pssst_reply_ctx client_reply;
    uint8_t key[PSSST_KEY_SIZE];

    any_bytes(key, sizeof key);
    any_bytes(&server, sizeof server);
    (void)pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, key);
    /*@ loop unroll 19; */
    for (size_t i = 0; i < EXACT_COUNT; i++) {
        any_bytes(&server_reply, sizeof server_reply);
        any_bytes(&client_reply, sizeof client_reply);
        exact_length(&server, &server_reply, &client_reply, exact_lengths[i]);
    }
}
