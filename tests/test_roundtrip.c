/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A client and a server of this library talk to each other: every message
 * size that matters to AES-GCM block handling, anonymous and with client
 * authentication (spec 6, 7, 8, 9).
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "test.h"

static const size_t message_sizes[] = {0,  1,   15,   16,   17,   31,   32,   33,  63,
                                       64, 65,  100,  255,  256,  1000, 1400, 4096, 65000};
#define SIZE_COUNT (sizeof message_sizes / sizeof message_sizes[0])
#define LARGEST 65000

typedef struct {
    test_keys keys;
    pssst_server server;
    pssst_client client;
} parties;

/* Fresh keys, a server and a client of the mode, which also names the
 * test context of what follows. */
static bool setup(parties *p, bool client_auth)
{
    test_context("%s", client_auth ? "client_auth" : "anonymous");
    bool ok = generate_test_keys(&p->keys);
    ok = ok && CHECK_STATUS(pssst_server_init(&p->server, PSSST_SUITE_X25519_AESGCM128,
                                              p->keys.server_private),
                            PSSST_OK);
    ok = ok && CHECK_STATUS(pssst_client_init(&p->client, PSSST_SUITE_X25519_AESGCM128,
                                              p->keys.server_public,
                                              client_auth ? p->keys.client_private : NULL),
                            PSSST_OK);
    return ok;
}

static void teardown(parties *p)
{
    pssst_client_free(&p->client);
    pssst_server_free(&p->server);
}

/* One transaction of a request of request_len and a reply of reply_len bytes. */
static void transaction(parties *p, bool client_auth, size_t request_len, size_t reply_len)
{
    size_t packet_size = request_len + PSSST_OVERHEAD + PSSST_PROOF_SIZE;
    uint8_t *request = malloc(request_len + 1);
    uint8_t *reply = malloc(reply_len + 1);
    uint8_t *got = malloc(packet_size);
    uint8_t *packet = malloc(packet_size);
    pssst_reply_ctx client_ctx;
    pssst_reply_ctx server_ctx;
    size_t packet_len = 0;
    size_t got_len = 0;
    uint8_t seen_key[KEY];
    bool authenticated = !client_auth;

    test_context("%s, request %zu bytes, reply %zu bytes", client_auth ? "client_auth" : "anonymous",
                 request_len, reply_len);
    if (!CHECK(request != NULL && reply != NULL && got != NULL && packet != NULL))
        goto out;
    fill_random(request, request_len);
    fill_random(reply, reply_len);

    if (!CHECK_STATUS(pssst_pack_request(&p->client, request, request_len, packet, packet_size,
                                         &packet_len, &client_ctx),
                      PSSST_OK))
        goto out;
    /* spec 4.4: header, dh_param, ciphertext (with the proof in client-auth mode), tag. */
    CHECK_SIZE(packet_len, pssst_request_size(&p->client, request_len));
    CHECK_SIZE(packet_len, request_len + PSSST_OVERHEAD + (client_auth ? PSSST_PROOF_SIZE : 0));

    if (!CHECK_STATUS(pssst_unpack_request(&p->server, packet, packet_len, got, packet_size,
                                           &got_len, seen_key, &authenticated, &server_ctx),
                      PSSST_OK))
        goto out;
    CHECK_SIZE(got_len, request_len);
    CHECK_MEM(got, request, request_len);
    CHECK(authenticated == client_auth);
    if (client_auth)
        CHECK_MEM(seen_key, p->keys.client_public, KEY);
    else
        CHECK_ZERO(seen_key, KEY);

    uint8_t *reply_packet = packet;
    size_t reply_size = reply_len + PSSST_OVERHEAD;
    if (reply_size > packet_size) {
        reply_packet = realloc(packet, reply_size);
        if (!CHECK(reply_packet != NULL))
            goto out;
        packet = reply_packet;
        packet_size = reply_size;
        uint8_t *bigger = realloc(got, reply_size);
        if (!CHECK(bigger != NULL))
            goto out;
        got = bigger;
    }
    if (!CHECK_STATUS(pssst_pack_reply(&server_ctx, reply, reply_len, packet, packet_size,
                                       &packet_len),
                      PSSST_OK))
        goto out;
    CHECK_SIZE(packet_len, pssst_reply_size(reply_len));
    if (!CHECK_STATUS(pssst_unpack_reply(&client_ctx, packet, packet_len, got, packet_size,
                                         &got_len),
                      PSSST_OK))
        goto out;
    CHECK_SIZE(got_len, reply_len);
    CHECK_MEM(got, reply, reply_len);
out:
    free(request);
    free(reply);
    free(got);
    free(packet);
}

static void roundtrip_every_size(bool client_auth)
{
    parties p;
    if (!setup(&p, client_auth))
        return;
    for (size_t i = 0; i < SIZE_COUNT; i++)
        transaction(&p, client_auth, message_sizes[i], message_sizes[i]);
    /* Requests and replies of unrelated sizes, both ways round. */
    for (size_t i = 0; i < SIZE_COUNT; i++)
        transaction(&p, client_auth, message_sizes[i], message_sizes[SIZE_COUNT - 1 - i]);
    teardown(&p);
}

/* spec 6.1, 7, 8, 9: an anonymous transaction delivers both messages. */
static void test_anonymous_transaction_delivers_request_and_reply(void)
{
    roundtrip_every_size(false);
}

/* spec 6.2, 7.3: a client-auth transaction delivers both messages and the
 * server learns the client's public key. */
static void test_client_auth_transaction_delivers_messages_and_client_key(void)
{
    roundtrip_every_size(true);
}

/* spec 4.1, 4.2, 8.1: the header of a request and of its reply. */
static void check_headers(bool client_auth)
{
    parties p;
    uint8_t request[5] = {1, 2, 3, 4, 5};
    uint8_t packet[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof request];
    uint8_t reply_packet[PSSST_OVERHEAD + sizeof request];
    uint8_t got[sizeof request];
    size_t packet_len;
    size_t reply_len;
    size_t got_len;
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;

    if (!setup(&p, client_auth))
        return;
    if (CHECK_STATUS(pssst_pack_request(&p.client, request, sizeof request, packet, sizeof packet,
                                        &packet_len, &cctx),
                     PSSST_OK) &&
        CHECK_STATUS(pssst_unpack_request(&p.server, packet, packet_len, got, sizeof got, &got_len,
                                          NULL, NULL, &sctx),
                     PSSST_OK) &&
        CHECK_STATUS(pssst_pack_reply(&sctx, request, sizeof request, reply_packet,
                                      sizeof reply_packet, &reply_len),
                     PSSST_OK)) {
        uint8_t request_flags_hi = client_auth ? 0x40 : 0x00;
        CHECK(packet[0] == request_flags_hi);
        CHECK(packet[1] == 0x00);
        CHECK(packet[2] == 0x00 && packet[3] == 0x01);
        CHECK(reply_packet[0] == (uint8_t)(0x80 | request_flags_hi));
        CHECK(reply_packet[1] == 0x00);
        CHECK(reply_packet[2] == 0x00 && reply_packet[3] == 0x01);
        /* spec 8.1: the reply carries the request's dh_param. */
        CHECK_MEM(reply_packet + PSSST_HEADER_SIZE, packet + PSSST_HEADER_SIZE, KEY);
        CHECK_STATUS(pssst_unpack_reply(&cctx, reply_packet, reply_len, got, sizeof got, &got_len),
                     PSSST_OK);
    }
    teardown(&p);
}

static void test_request_and_reply_headers_carry_flags_suite_and_dh_param(void)
{
    check_headers(false);
    check_headers(true);
}

/* spec 6.3: every request uses a fresh ephemeral scalar, so two requests
 * of the same message differ in dh_param and ciphertext. */
static void test_each_request_uses_a_fresh_ephemeral(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        parties p;
        uint8_t message[16] = {0};
        uint8_t a[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof message];
        uint8_t b[sizeof a];
        size_t a_len;
        size_t b_len;
        pssst_reply_ctx ctx;
        if (!setup(&p, auth))
            return;
        CHECK_STATUS(pssst_pack_request(&p.client, message, sizeof message, a, sizeof a, &a_len,
                                        &ctx),
                     PSSST_OK);
        CHECK_STATUS(pssst_pack_request(&p.client, message, sizeof message, b, sizeof b, &b_len,
                                        &ctx),
                     PSSST_OK);
        CHECK(memcmp(a + PSSST_HEADER_SIZE, b + PSSST_HEADER_SIZE, KEY) != 0);
        CHECK(memcmp(a + 36, b + 36, a_len - 36) != 0);
        pssst_reply_ctx_free(&ctx);
        teardown(&p);
    }
}

/* spec 2.1: private keys are clamped at use, so a server initialised with
 * the raw form of a key serves clients that know the public key of the
 * clamped form, and a raw client key authenticates as its clamped form. */
static void test_raw_private_keys_interoperate_with_their_clamped_form(void)
{
    uint8_t server_raw[KEY];
    uint8_t client_raw[KEY];
    uint8_t server_clamped[KEY];
    uint8_t client_clamped[KEY];
    uint8_t server_public[KEY];
    uint8_t client_public[KEY];
    pssst_server server;
    pssst_client client;
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;
    uint8_t message[3] = {7, 8, 9};
    uint8_t packet[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof message];
    uint8_t got[sizeof message];
    uint8_t seen[KEY];
    size_t packet_len;
    size_t got_len;
    bool authenticated = false;

    fill_random(server_raw, KEY);
    fill_random(client_raw, KEY);
    /* Make sure the raw forms really differ from the clamped ones. */
    server_raw[0] |= 7;
    server_raw[31] |= 0x80;
    client_raw[0] |= 5;
    client_raw[31] &= 0x3f;
    clamp_scalar(server_clamped, server_raw);
    clamp_scalar(client_clamped, client_raw);
    CHECK_STATUS(pssst_public_key(PSSST_SUITE_X25519_AESGCM128, server_clamped, server_public),
                 PSSST_OK);
    CHECK_STATUS(pssst_public_key(PSSST_SUITE_X25519_AESGCM128, client_clamped, client_public),
                 PSSST_OK);
    if (!CHECK_STATUS(pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_raw),
                      PSSST_OK) ||
        !CHECK_STATUS(pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, server_public,
                                        client_raw),
                      PSSST_OK))
        return;
    if (CHECK_STATUS(pssst_pack_request(&client, message, sizeof message, packet, sizeof packet,
                                        &packet_len, &cctx),
                     PSSST_OK) &&
        CHECK_STATUS(pssst_unpack_request(&server, packet, packet_len, got, sizeof got, &got_len,
                                          seen, &authenticated, &sctx),
                     PSSST_OK)) {
        CHECK(authenticated);
        CHECK_MEM(seen, client_public, KEY);
        CHECK_MEM(got, message, sizeof message);
    }
    pssst_reply_ctx_free(&cctx);
    pssst_reply_ctx_free(&sctx);
    pssst_client_free(&client);
    pssst_server_free(&server);
}

/* spec 7: a request for one server does not open at another. */
static void test_request_for_another_server_fails_to_decrypt(void)
{
    parties p;
    parties other;
    uint8_t message[20] = {0};
    uint8_t packet[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof message];
    uint8_t got[sizeof message];
    size_t packet_len;
    size_t got_len;
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;
    for (int auth = 0; auth <= 1; auth++) {
        if (!setup(&p, auth) || !setup(&other, auth))
            return;
        CHECK_STATUS(pssst_pack_request(&p.client, message, sizeof message, packet, sizeof packet,
                                        &packet_len, &cctx),
                     PSSST_OK);
        CHECK_STATUS(pssst_unpack_request(&other.server, packet, packet_len, got, sizeof got,
                                          &got_len, NULL, NULL, &sctx),
                     PSSST_ERR_DECRYPT_FAILED);
        pssst_reply_ctx_free(&cctx);
        teardown(&p);
        teardown(&other);
    }
}

/* spec 2.1: bit 255 of a u-coordinate is ignored, so a server public key
 * given with that bit set is the same key, in both modes. */
static void test_server_key_with_top_bit_set_is_the_same_key(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        parties p;
        pssst_client high;
        pssst_reply_ctx cctx;
        pssst_reply_ctx sctx;
        uint8_t key[KEY];
        uint8_t packet[PSSST_OVERHEAD + PSSST_PROOF_SIZE + 4];
        uint8_t got[4];
        size_t len;
        size_t got_len;
        if (!setup(&p, auth))
            return;
        memcpy(key, p.keys.server_public, KEY);
        key[KEY - 1] |= 0x80;
        if (CHECK_STATUS(pssst_client_init(&high, PSSST_SUITE_X25519_AESGCM128, key,
                                           auth ? p.keys.client_private : NULL),
                         PSSST_OK) &&
            CHECK_STATUS(pssst_pack_request(&high, (const uint8_t *)"ping", 4, packet,
                                            sizeof packet, &len, &cctx),
                         PSSST_OK)) {
            CHECK_STATUS(pssst_unpack_request(&p.server, packet, len, got, sizeof got, &got_len,
                                              NULL, NULL, &sctx),
                         PSSST_OK);
            CHECK_MEM(got, "ping", 4);
        }
        pssst_reply_ctx_free(&cctx);
        pssst_reply_ctx_free(&sctx);
        pssst_client_free(&high);
        teardown(&p);
    }
}

static const test_case tests[] = {
    TEST_CASE(test_anonymous_transaction_delivers_request_and_reply),
    TEST_CASE(test_client_auth_transaction_delivers_messages_and_client_key),
    TEST_CASE(test_request_and_reply_headers_carry_flags_suite_and_dh_param),
    TEST_CASE(test_each_request_uses_a_fresh_ephemeral),
    TEST_CASE(test_raw_private_keys_interoperate_with_their_clamped_form),
    TEST_CASE(test_request_for_another_server_fails_to_decrypt),
    TEST_CASE(test_server_key_with_top_bit_set_is_the_same_key),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, TEST_COUNT(tests));
}
