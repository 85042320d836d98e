/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 32 transactions recorded from the Python reference 0.2.1
 * (vectors/reference/pssst-0.2.1.json) reproduced byte for byte, once in
 * the client role and once in the server role (spec 5, 6, 7, 8, 9).
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "test.h"

static transcript_set set;

/* Client role: init, pack with the recorded ephemeral, unpack the recorded
 * reply, then the context is spent (spec 8.2). */
static void replay_client(const transcript *t)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    size_t size = t->request_packet_len + t->reply_len + 1;
    uint8_t *buf = malloc(size);
    size_t len = 0;

    test_context("transcript %d (%s), client role", t->id, t->client_auth ? "client_auth" : "anonymous");
    if (!CHECK(buf != NULL))
        return;
    if (!CHECK_STATUS(pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, t->server_public,
                                        t->client_auth ? t->client_private : NULL),
                      PSSST_OK))
        goto out;
    if (CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private, t->request,
                                                       t->request_len, buf, size, &len, &ctx),
                     PSSST_OK)) {
        CHECK_SIZE(len, t->request_packet_len);
        CHECK_MEM(buf, t->request_packet, t->request_packet_len);
        CHECK_SIZE(pssst_request_size(&client, t->request_len), t->request_packet_len);
    }
    if (CHECK_STATUS(pssst_unpack_reply(&ctx, t->reply_packet, t->reply_packet_len, buf, size,
                                        &len),
                     PSSST_OK)) {
        CHECK_SIZE(len, t->reply_len);
        CHECK_MEM(buf, t->reply, t->reply_len);
    }
    CHECK_STATUS(pssst_unpack_reply(&ctx, t->reply_packet, t->reply_packet_len, buf, size, &len),
                 PSSST_ERR_CONTEXT_USED);
    pssst_client_free(&client);
out:
    free(buf);
}

/* Server role: init, unpack the recorded request (client key authenticated
 * only in client-auth mode), pack the recorded reply, then the context is
 * spent (spec 8.2). */
static void replay_server(const transcript *t)
{
    pssst_server server;
    pssst_reply_ctx ctx;
    size_t size = t->request_len + t->reply_packet_len + 1;
    uint8_t *buf = malloc(size);
    uint8_t seen[KEY];
    bool authenticated = !t->client_auth;
    size_t len = 0;

    test_context("transcript %d (%s), server role", t->id, t->client_auth ? "client_auth" : "anonymous");
    if (!CHECK(buf != NULL))
        return;
    if (!CHECK_STATUS(pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, t->server_private),
                      PSSST_OK))
        goto out;
    memset(seen, 0xa5, sizeof seen);
    if (CHECK_STATUS(pssst_unpack_request(&server, t->request_packet, t->request_packet_len, buf,
                                          size, &len, seen, &authenticated, &ctx),
                     PSSST_OK)) {
        CHECK_SIZE(len, t->request_len);
        CHECK_MEM(buf, t->request, t->request_len);
        CHECK(authenticated == t->client_auth);
        if (t->client_auth)
            CHECK_MEM(seen, t->client_public, KEY);
        else
            CHECK_ZERO(seen, KEY);
    }
    if (CHECK_STATUS(pssst_pack_reply(&ctx, t->reply, t->reply_len, buf, size, &len), PSSST_OK)) {
        CHECK_SIZE(len, t->reply_packet_len);
        CHECK_MEM(buf, t->reply_packet, t->reply_packet_len);
    }
    CHECK_STATUS(pssst_pack_reply(&ctx, t->reply, t->reply_len, buf, size, &len),
                 PSSST_ERR_CONTEXT_USED);
    pssst_server_free(&server);
out:
    free(buf);
}

/* spec 6, 9: a client reproduces the reference's requests and reads its replies. */
static void test_client_role_reproduces_reference_transcripts(void)
{
    for (size_t i = 0; i < set.count; i++)
        replay_client(&set.items[i]);
}

/* spec 7, 8: a server reads the reference's requests and reproduces its replies. */
static void test_server_role_reproduces_reference_transcripts(void)
{
    for (size_t i = 0; i < set.count; i++)
        replay_server(&set.items[i]);
}

/* spec 2.1: public keys of the (partly unclamped) recorded private keys. */
static void test_public_keys_match_reference_transcripts(void)
{
    uint8_t pub[KEY];
    for (size_t i = 0; i < set.count; i++) {
        const transcript *t = &set.items[i];
        test_context("transcript %d", t->id);
        if (CHECK_STATUS(pssst_public_key(PSSST_SUITE_X25519_AESGCM128, t->server_private, pub),
                         PSSST_OK))
            CHECK_MEM(pub, t->server_public, KEY);
        if (!t->client_auth)
            continue;
        if (CHECK_STATUS(pssst_public_key(PSSST_SUITE_X25519_AESGCM128, t->client_private, pub),
                         PSSST_OK))
            CHECK_MEM(pub, t->client_public, KEY);
    }
}

/* The file holds what its README says: 32 transactions, half of each mode. */
static void test_reference_transcripts_cover_both_modes(void)
{
    size_t auth = 0;
    for (size_t i = 0; i < set.count; i++)
        auth += set.items[i].client_auth;
    CHECK_SIZE(set.count, 32);
    CHECK_SIZE(auth, 16);
}

static const test_case tests[] = {
    TEST_CASE(test_reference_transcripts_cover_both_modes),
    TEST_CASE(test_public_keys_match_reference_transcripts),
    TEST_CASE(test_client_role_reproduces_reference_transcripts),
    TEST_CASE(test_server_role_reproduces_reference_transcripts),
};

int main(int argc, char **argv)
{
    return test_main_with_transcripts(argc, argv, tests, TEST_COUNT(tests), &set);
}
