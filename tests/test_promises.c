/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Promises of pssst.h that a careless caller puts to the test: a suite is
 * one of the enum's values, not a value cut to 16 bits; the buffers of one
 * call do not overlap, keys included; a key may not lie inside the object
 * being initialised (it is wiped first); and the overlap check holds for
 * any size, SIZE_MAX too. Each is refused with INVALID_ARGUMENT or
 * UNSUPPORTED_SUITE before anything is written.
 */
#include <stdint.h>
#include <string.h>

#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128

static test_keys keys;
static pssst_server server;
static pssst_client anon_client, auth_client;

static void test_suite_values_are_not_cut_to_16_bits(void)
{
    /* 0x10001 would read as suite 1 if the value were cut to 16 bits. */
    pssst_suite wide = (pssst_suite)0x10001;
    uint8_t priv[KEY], pub[KEY];
    pssst_client client;
    pssst_server srv;
    CHECK_STATUS(pssst_keypair_generate(wide, priv, pub), PSSST_ERR_UNSUPPORTED_SUITE);
    CHECK_STATUS(pssst_public_key(wide, keys.server_private, pub), PSSST_ERR_UNSUPPORTED_SUITE);
    CHECK_STATUS(pssst_client_init(&client, wide, keys.server_public, NULL),
                 PSSST_ERR_UNSUPPORTED_SUITE);
    CHECK_STATUS(pssst_server_init(&srv, wide, keys.server_private), PSSST_ERR_UNSUPPORTED_SUITE);
}

static void test_key_outputs_may_not_overlap(void)
{
    uint8_t b[2 * KEY];
    memcpy(b, keys.server_private, KEY);
    CHECK_STATUS(pssst_keypair_generate(SUITE, b, b), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_keypair_generate(SUITE, b, b + KEY / 2), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_public_key(SUITE, b, b), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_public_key(SUITE, b + KEY / 2, b), PSSST_ERR_INVALID_ARGUMENT);
    /* Side by side is fine. */
    CHECK_STATUS(pssst_public_key(SUITE, b, b + KEY), PSSST_OK);
    CHECK_MEM(b + KEY, keys.server_public, KEY);
}

static void test_keys_may_not_lie_inside_the_object_they_initialise(void)
{
    pssst_server srv;
    pssst_client client;
    memcpy(&srv, keys.server_private, KEY);
    CHECK_STATUS(pssst_server_init(&srv, SUITE, (const uint8_t *)&srv),
                 PSSST_ERR_INVALID_ARGUMENT);
    memcpy(&client, keys.server_public, KEY);
    CHECK_STATUS(pssst_client_init(&client, SUITE, (const uint8_t *)&client, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
    uint8_t *end = (uint8_t *)&client + sizeof client - KEY;
    memcpy(end, keys.client_private, KEY);
    CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public, end),
                 PSSST_ERR_INVALID_ARGUMENT);
}

static void test_overlap_check_holds_for_a_size_of_size_max(void)
{
    /* A request packed here, unpacked into a message buffer that starts
     * before it and claims SIZE_MAX bytes: it covers the packet. */
    uint8_t buf[64 + PSSST_OVERHEAD + 8];
    uint8_t *packet = buf + 64;
    static const uint8_t msg[8] = "promises";
    size_t len = 0;
    pssst_reply_ctx ctx;
    if (!CHECK_STATUS(pssst_pack_request(&anon_client, msg, sizeof msg, packet,
                                         PSSST_OVERHEAD + sizeof msg, &len, &ctx),
                      PSSST_OK))
        return;
    pssst_reply_ctx_free(&ctx);
    size_t got = 0;
    CHECK_STATUS(pssst_unpack_request(&server, packet, len, buf, SIZE_MAX, &got, NULL, NULL,
                                      &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK(got == 0);
}

static const test_case tests[] = {
    TEST_CASE(test_suite_values_are_not_cut_to_16_bits),
    TEST_CASE(test_key_outputs_may_not_overlap),
    TEST_CASE(test_keys_may_not_lie_inside_the_object_they_initialise),
    TEST_CASE(test_overlap_check_holds_for_a_size_of_size_max),
};

int main(int argc, char **argv)
{
    return test_main_with_server_and_clients(argc, argv, tests, TEST_COUNT(tests), &keys, &server,
                                             &anon_client, &auth_client);
}
