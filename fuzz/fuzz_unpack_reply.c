/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_unpack_reply.c - the client's reply unpacking (spec 9) on raw bytes,
 * against two fixed pending requests (anonymous and client-auth, keys of
 * fuzz_keys.h). Every input is offered to a fresh copy of each pending
 * reply context.
 *
 * Properties checked, besides memory safety:
 *  - spec 9.1 / 10.2: the checks before decryption give exactly the status
 *    the brief's order predicts (model_checks below);
 *  - past them only OK or DECRYPT_FAILED (the seed corpus holds replies
 *    sealed under the pending requests' keys, so both are reached);
 *  - spec 8.2: a call refused before decryption leaves the context usable
 *    (the genuine reply then opens), a call that reaches decryption uses it
 *    up (the genuine reply then gives CONTEXT_USED);
 *  - on error the length output is 0.
 */
#include <stdlib.h>
#include <string.h>

#include <pssst.h>

#include "fuzz_common.h"
#include "fuzz_keys.h"

typedef struct {
    bool client_auth;
    pssst_reply_ctx pending;
    uint8_t dh_param[PSSST_KEY_SIZE];
    uint8_t genuine[PSSST_OVERHEAD + sizeof FUZZ_PENDING_REPLY];
} pending_request;

static pending_request pendings[2];

static void make_pending(pending_request *p, bool client_auth)
{
    uint8_t server_private[PSSST_KEY_SIZE], client_private[PSSST_KEY_SIZE];
    uint8_t server_public[PSSST_KEY_SIZE], ephemeral[PSSST_KEY_SIZE];
    uint8_t request[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof FUZZ_PENDING_REQUEST];
    uint8_t message[sizeof FUZZ_PENDING_REQUEST];
    size_t request_len, message_len, reply_len;
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx server_reply;

    fuzz_key_from_hex(server_private, FUZZ_SERVER_PRIVATE);
    fuzz_key_from_hex(client_private, FUZZ_CLIENT_PRIVATE);
    fuzz_key_from_hex(ephemeral, FUZZ_EPHEMERAL_PRIVATE);
    p->client_auth = client_auth;
    fuzz_require_status(pssst_public_key(PSSST_SUITE_X25519_AESGCM128, server_private,
                                         server_public),
                        PSSST_OK, "public key of the fixed server key");
    fuzz_require_status(pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, server_public,
                                          client_auth ? client_private : NULL),
                        PSSST_OK, "client_init");
    fuzz_require_status(pssst_pack_request_with_ephemeral(
                            &client, ephemeral, (const uint8_t *)FUZZ_PENDING_REQUEST,
                            sizeof FUZZ_PENDING_REQUEST, request, sizeof request, &request_len,
                            &p->pending),
                        PSSST_OK, "pack the pending request");
    memcpy(p->dh_param, request + PSSST_HEADER_SIZE, PSSST_KEY_SIZE);

    fuzz_require_status(pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_private),
                        PSSST_OK, "server_init");
    fuzz_require_status(pssst_unpack_request(&server, request, request_len, message,
                                             sizeof message, &message_len, NULL, NULL,
                                             &server_reply),
                        PSSST_OK, "server opens the pending request");
    fuzz_require_status(pssst_pack_reply(&server_reply, (const uint8_t *)FUZZ_PENDING_REPLY,
                                         sizeof FUZZ_PENDING_REPLY, p->genuine,
                                         sizeof p->genuine, &reply_len),
                        PSSST_OK, "server packs the genuine reply");
    pssst_client_free(&client);
    pssst_server_free(&server);
}

static void setup(void)
{
    static bool ready;

    if (ready)
        return;
    make_pending(&pendings[0], false);
    make_pending(&pendings[1], true);
    ready = true;
}

/* spec 9.1 steps 1-6: the status the checks before decryption give, or OK. */
static pssst_status model_checks(const pending_request *p, const uint8_t *b, size_t len)
{
    uint16_t flags, suite;

    if (len < PSSST_HEADER_SIZE)
        return PSSST_ERR_MALFORMED;
    flags = (uint16_t)(b[0] << 8 | b[1]);
    suite = (uint16_t)(b[2] << 8 | b[3]);
    if (suite != PSSST_SUITE_X25519_AESGCM128)
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if (!(flags & PSSST_FLAG_REPLY))
        return PSSST_ERR_NOT_REPLY;
    if (flags & 0x3fffu)
        return PSSST_ERR_MALFORMED;
    if (len < PSSST_OVERHEAD)
        return PSSST_ERR_MALFORMED;
    if (((flags & PSSST_FLAG_CLIENT_AUTH) != 0) != p->client_auth ||
        memcmp(b + PSSST_HEADER_SIZE, p->dh_param, PSSST_KEY_SIZE) != 0)
        return PSSST_ERR_REPLY_MISMATCH;
    return PSSST_OK;
}

/* After the fuzz input: does the context still open the genuine reply? */
static void check_genuine(const pending_request *p, pssst_reply_ctx *ctx, bool usable)
{
    uint8_t message[sizeof FUZZ_PENDING_REPLY];
    size_t message_len = 1;
    pssst_status st = pssst_unpack_reply(ctx, p->genuine, sizeof p->genuine, message,
                                         sizeof message, &message_len);

    if (!usable) {
        fuzz_require_status(st, PSSST_ERR_CONTEXT_USED, "spec 8.2: used up by decryption");
        return;
    }
    fuzz_require_status(st, PSSST_OK, "spec 8.2: a refused packet leaves the context ready");
    fuzz_require(message_len == sizeof message &&
                     memcmp(message, FUZZ_PENDING_REPLY, sizeof message) == 0,
                 "genuine reply opens to its message");
}

static void offer(const pending_request *p, const uint8_t *packet, size_t size)
{
    pssst_reply_ctx ctx = p->pending;
    size_t room = size > PSSST_OVERHEAD ? size - PSSST_OVERHEAD : 0;
    uint8_t *message = room > 0 ? fuzz_alloc(room, 0xee) : NULL;
    size_t message_len = 12345;
    pssst_status model = model_checks(p, packet, size);
    pssst_status st = pssst_unpack_reply(&ctx, size > 0 ? packet : NULL, size, message, room,
                                         &message_len);

    if (model != PSSST_OK) {
        fuzz_require_status(st, model, "spec 9.1: checks before decryption in order");
    } else {
        fuzz_require(st == PSSST_OK || st == PSSST_ERR_DECRYPT_FAILED,
                     "spec 9.1: only OK or DECRYPT_FAILED after the checks");
    }
    if (st == PSSST_OK) {
        fuzz_require(message_len == room, "reply message length");
    } else {
        fuzz_require(message_len == 0, "no length on error");
    }
    check_genuine(p, &ctx, model != PSSST_OK);
    free(message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *packet = fuzz_dup(data, size);

    setup();
    offer(&pendings[0], packet, size);
    offer(&pendings[1], packet, size);
    free(packet);
    return 0;
}
