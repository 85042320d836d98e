/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_unpack_request.c - the server's request unpacking (spec 7) on raw
 * bytes, with a fixed server key (fuzz_keys.h).
 *
 * The fuzz input is the packet. The message buffer is a heap buffer of
 * exactly the size the packet can need, so a write past it is caught.
 * Properties checked:
 *  - spec 7.1 / 10.2: the checks that need no key give exactly the status
 *    the brief's order predicts (a model of steps 1-7 below);
 *  - past those, only BAD_KEY, DECRYPT_FAILED, CLIENT_AUTH_FAILED (client
 *    auth only) or OK can come back; BAD_KEY only for a low-order dh_param
 *    and always for u = 0 or u = 1;
 *  - on error the length output is 0 and the reply context is unusable;
 *  - on success the context seals exactly one reply (spec 8.2).
 */
#include <stdlib.h>
#include <string.h>

#include <pssst.h>

#include "crypto.h"
#include "fuzz_common.h"
#include "fuzz_keys.h"

static pssst_server server;
static uint8_t server_private[PSSST_KEY_SIZE];

static void setup(void)
{
    static bool ready;

    if (ready)
        return;
    fuzz_key_from_hex(server_private, FUZZ_SERVER_PRIVATE);
    fuzz_require_status(pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_private),
                        PSSST_OK, "server_init with the fixed key");
    ready = true;
}

/* spec 7.1 steps 1-7: the status the key-free checks must give, or OK. */
static pssst_status model_checks(const uint8_t *p, size_t len)
{
    uint16_t flags, suite;

    if (len < PSSST_HEADER_SIZE)
        return PSSST_ERR_MALFORMED;
    flags = (uint16_t)(p[0] << 8 | p[1]);
    suite = (uint16_t)(p[2] << 8 | p[3]);
    if (suite != PSSST_SUITE_X25519_AESGCM128)
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if (flags & PSSST_FLAG_REPLY)
        return PSSST_ERR_NOT_REQUEST;
    if (flags & 0x3fffu)
        return PSSST_ERR_MALFORMED;
    if (len < PSSST_OVERHEAD)
        return PSSST_ERR_MALFORMED;
    if ((flags & PSSST_FLAG_CLIENT_AUTH) && len < PSSST_OVERHEAD + PSSST_PROOF_SIZE)
        return PSSST_ERR_CLIENT_AUTH_FAILED;
    return PSSST_OK;
}

/* spec 5.3: true when X25519(server, dh_param) is all zero. */
static bool shared_is_zero(const uint8_t dh_param[PSSST_KEY_SIZE])
{
    uint8_t out[PSSST_KEY_SIZE];
    return pssst_x25519(out, server_private, dh_param) == PSSST_CRYPTO_ZERO;
}

/* u = 0 and u = 1 (top bit masked, spec 2.1) are of low order. */
static bool is_trivial_low_order(const uint8_t u[PSSST_KEY_SIZE])
{
    uint8_t acc = 0;

    for (size_t i = 1; i < PSSST_KEY_SIZE - 1; i++)
        acc |= u[i];
    acc |= (uint8_t)(u[PSSST_KEY_SIZE - 1] & 0x7f);
    return acc == 0 && u[0] <= 1;
}

static void check_reply_once(pssst_reply_ctx *reply, bool usable)
{
    static const uint8_t msg[] = "reply";
    uint8_t packet[PSSST_OVERHEAD + sizeof msg];
    size_t packet_len = 1;

    if (!usable) {
        fuzz_require_status(pssst_pack_reply(reply, msg, sizeof msg, packet, sizeof packet,
                                             &packet_len),
                            PSSST_ERR_CONTEXT_USED, "spec 8.2: no reply after a failed request");
        return;
    }
    fuzz_require_status(pssst_pack_reply(reply, msg, sizeof msg, packet, sizeof packet,
                                         &packet_len),
                        PSSST_OK, "spec 8.1: reply to an accepted request");
    fuzz_require(packet_len == sizeof packet, "reply length");
    fuzz_require_status(pssst_pack_reply(reply, msg, sizeof msg, packet, sizeof packet,
                                         &packet_len),
                        PSSST_ERR_CONTEXT_USED, "spec 8.2: a reply context seals once");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *packet = fuzz_dup(data, size);
    size_t room = size > PSSST_OVERHEAD ? size - PSSST_OVERHEAD : 0;
    uint8_t *message = room > 0 ? fuzz_alloc(room, 0xee) : NULL;
    uint8_t client_public[PSSST_KEY_SIZE];
    bool authenticated = true;
    size_t message_len = 12345;
    pssst_reply_ctx reply;
    pssst_status model, st;

    setup();
    memset(&reply, 0x5a, sizeof reply);
    model = model_checks(packet, size);
    st = pssst_unpack_request(&server, size > 0 ? packet : NULL, size, message, room,
                              &message_len, client_public, &authenticated, &reply);
    if (model != PSSST_OK) {
        fuzz_require_status(st, model, "spec 7.1: key-free checks in order");
    } else {
        bool client_auth = (packet[0] & 0x40) != 0;
        fuzz_require(st == PSSST_OK || st == PSSST_ERR_BAD_KEY || st == PSSST_ERR_DECRYPT_FAILED ||
                         (client_auth && st == PSSST_ERR_CLIENT_AUTH_FAILED),
                     "spec 7.1: only key-dependent failures after the checks");
        /* The full X25519 check costs a scalar multiplication, so it runs
         * only for BAD_KEY; the cheap converse covers u = 0 and u = 1. */
        if (st == PSSST_ERR_BAD_KEY)
            fuzz_require(shared_is_zero(packet + PSSST_HEADER_SIZE),
                         "spec 5.3: BAD_KEY only for a zero shared secret");
        if (is_trivial_low_order(packet + PSSST_HEADER_SIZE))
            fuzz_require_status(st, PSSST_ERR_BAD_KEY, "spec 5.3: u = 0 or 1 gives BAD_KEY");
        if (st == PSSST_OK) {
            size_t expect_len = size - PSSST_OVERHEAD - (client_auth ? PSSST_PROOF_SIZE : 0);
            fuzz_require(message_len == expect_len, "message length");
            fuzz_require(authenticated == client_auth, "authenticated exactly with client auth");
        }
    }
    if (st != PSSST_OK) {
        fuzz_require(message_len == 0, "no length on error");
        fuzz_require(!authenticated, "not authenticated on error");
    }
    check_reply_once(&reply, st == PSSST_OK);
    free(message);
    free(packet);
    return 0;
}
