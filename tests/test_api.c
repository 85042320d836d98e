/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conventions of include/pssst.h: argument checking, sizes, buffer
 * sizing, status names, keys (spec 2.1, 10.1).
 */
#include <stdint.h>
#include <string.h>

#include "crypto.h"
#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define BIG 512

static test_keys keys;
static pssst_server server;
static pssst_client anon_client;
static pssst_client auth_client;
static uint8_t scratch[BIG];

static const char *const expected_names[PSSST_STATUS_COUNT] = {
    "OK",          "MALFORMED",       "UNSUPPORTED_SUITE", "NOT_REQUEST",      "NOT_REPLY",
    "DECRYPT_FAILED", "CLIENT_AUTH_FAILED", "REPLY_MISMATCH", "CONTEXT_USED", "BAD_KEY",
    "BUFFER_TOO_SMALL", "RANDOM_FAILED", "INVALID_ARGUMENT", "INTERNAL",
};

/* ---- status values, spec 10.1 ---- */

static void test_status_names_match_spec(void)
{
    CHECK(PSSST_OK == 0);
    /* The values of 0.1.0 keep their numbers; INTERNAL was appended. */
    CHECK(PSSST_ERR_INVALID_ARGUMENT == 12);
    CHECK(PSSST_ERR_INTERNAL == 13);
    CHECK(PSSST_ERR_INTERNAL == PSSST_STATUS_COUNT - 1);
    for (int s = 0; s < PSSST_STATUS_COUNT; s++) {
        test_context("status %d", s);
        const char *name = pssst_status_name((pssst_status)s);
        CHECK(name != NULL && strcmp(name, expected_names[s]) == 0);
    }
}

static void test_every_status_has_its_own_sentence(void)
{
    for (int s = 0; s < PSSST_STATUS_COUNT; s++) {
        const char *text = pssst_strerror((pssst_status)s);
        test_context("status %d", s);
        if (!CHECK(text != NULL && text[0] != '\0'))
            continue;
        for (int t = 0; t < s; t++)
            CHECK(strcmp(text, pssst_strerror((pssst_status)t)) != 0);
    }
}

static void test_status_outside_enum_is_unknown(void)
{
    static const int values[] = {-1, PSSST_STATUS_COUNT, PSSST_STATUS_COUNT + 1, 1000, INT32_MAX,
                                 INT32_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        test_context("value %d", values[i]);
        CHECK(strcmp(pssst_status_name((pssst_status)values[i]), "UNKNOWN") == 0);
        const char *text = pssst_strerror((pssst_status)values[i]);
        CHECK(text != NULL && text[0] != '\0');
    }
}

static void test_status_from_name_inverts_status_name(void)
{
    for (int s = 0; s < PSSST_STATUS_COUNT; s++) {
        pssst_status got = (pssst_status)-1;
        test_context("status %d", s);
        CHECK(pssst_status_from_name(expected_names[s], &got));
        CHECK_STATUS(got, (pssst_status)s);
    }
}

static void test_status_from_name_refuses_unknown_names(void)
{
    static const char *const names[] = {"", "UNKNOWN", "ok", "Ok", "PSSST_OK", "PSSST_ERR_MALFORMED",
                                        "MALFORMED ", " MALFORMED", "MALFORMEDX", "MALFORME",
                                        "BAD KEY"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        pssst_status got = PSSST_ERR_RANDOM_FAILED;
        test_context("name \"%s\"", names[i]);
        CHECK(!pssst_status_from_name(names[i], &got));
        CHECK_STATUS(got, PSSST_ERR_RANDOM_FAILED);
    }
    pssst_status got;
    CHECK(!pssst_status_from_name(NULL, &got));
    CHECK(!pssst_status_from_name("OK", NULL));
}

static void test_version_and_backend_are_reported(void)
{
    CHECK(strcmp(pssst_version(), PSSST_VERSION_STRING) == 0);
    CHECK(strcmp(pssst_version(), "0.1.0") == 0);
    const char *backend = pssst_x25519_backend();
    CHECK(backend != NULL && strcmp(backend, pssst_crypto_default()->name) == 0);
    CHECK(strcmp(backend, PSSST_DEFAULT_BACKEND_NAME) == 0);
    const char *library = pssst_crypto_library();
    test_context("crypto library \"%s\"", library);
    CHECK(library != NULL && strstr(library, "mbedTLS ") != NULL);
    if (strcmp(backend, "psa") == 0)
        CHECK(strstr(library, "PSA") != NULL);
    if (strcmp(backend, "libsodium") == 0)
        CHECK(strncmp(library, "libsodium ", 10) == 0);
}

/* ---- keys, spec 2.1 ---- */

static bool is_clamped(const uint8_t k[KEY])
{
    return (k[0] & 7) == 0 && (k[31] & 0x80) == 0 && (k[31] & 0x40) != 0;
}

static void test_generated_private_key_is_clamped_and_matches_public_key(void)
{
    uint8_t prev[KEY] = {0};
    for (int i = 0; i < 8; i++) {
        uint8_t priv[KEY];
        uint8_t pub[KEY];
        uint8_t expect[KEY];
        test_context("key pair %d", i);
        if (!CHECK_STATUS(pssst_keypair_generate(SUITE, priv, pub), PSSST_OK))
            continue;
        CHECK(is_clamped(priv));
        CHECK(pssst_x25519_base(expect, priv) == PSSST_CRYPTO_OK);
        CHECK_MEM(pub, expect, KEY);
        CHECK(memcmp(priv, prev, KEY) != 0);
        memcpy(prev, priv, KEY);
    }
}

/* RFC 7748 section 6.1: Alice's key pair. */
static void test_public_key_of_rfc7748_alice(void)
{
    uint8_t alice_private[KEY];
    uint8_t alice_public[KEY];
    uint8_t pub[KEY];
    CHECK(hex_to_bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
                       alice_private, KEY, NULL));
    CHECK(hex_to_bytes("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                       alice_public, KEY, NULL));
    CHECK_STATUS(pssst_public_key(SUITE, alice_private, pub), PSSST_OK);
    CHECK_MEM(pub, alice_public, KEY);
}

static void test_public_key_clamps_raw_private_key(void)
{
    for (int i = 0; i < 8; i++) {
        uint8_t raw[KEY];
        uint8_t clamped[KEY];
        uint8_t a[KEY];
        uint8_t b[KEY];
        fill_random(raw, KEY);
        raw[0] |= (uint8_t)(i & 7);
        raw[31] ^= (uint8_t)((i & 1) ? 0x80 : 0x40);
        clamp_scalar(clamped, raw);
        test_context("key %d", i);
        CHECK_STATUS(pssst_public_key(SUITE, raw, a), PSSST_OK);
        CHECK_STATUS(pssst_public_key(SUITE, clamped, b), PSSST_OK);
        CHECK_MEM(a, b, KEY);
    }
    uint8_t ones[KEY];
    uint8_t zeros[KEY] = {0};
    uint8_t a[KEY];
    uint8_t b[KEY];
    memset(ones, 0xff, KEY);
    /* Clamping makes all-zero bytes the scalar 2^254, and all-one bytes the
     * scalar with every bit from 3 to 254 set. */
    CHECK_STATUS(pssst_public_key(SUITE, zeros, a), PSSST_OK);
    uint8_t only_254[KEY] = {0};
    only_254[31] = 0x40;
    CHECK_STATUS(pssst_public_key(SUITE, only_254, b), PSSST_OK);
    CHECK_MEM(a, b, KEY);
    CHECK_STATUS(pssst_public_key(SUITE, ones, a), PSSST_OK);
    clamp_scalar(ones, ones);
    CHECK_STATUS(pssst_public_key(SUITE, ones, b), PSSST_OK);
    CHECK_MEM(a, b, KEY);
}

static void test_key_functions_refuse_unsupported_suite(void)
{
    static const int suites[] = {0, 2, 0xffff, -1};
    uint8_t priv[KEY];
    uint8_t pub[KEY];
    pssst_client client;
    pssst_server srv;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        pssst_suite suite = (pssst_suite)suites[i];
        test_context("suite %d", suites[i]);
        CHECK_STATUS(pssst_keypair_generate(suite, priv, pub), PSSST_ERR_UNSUPPORTED_SUITE);
        CHECK_STATUS(pssst_public_key(suite, keys.server_private, pub),
                     PSSST_ERR_UNSUPPORTED_SUITE);
        CHECK_STATUS(pssst_client_init(&client, suite, keys.server_public, NULL),
                     PSSST_ERR_UNSUPPORTED_SUITE);
        CHECK_SIZE(pssst_request_size(&client, 0), 0);
        CHECK_STATUS(pssst_client_init(&client, suite, keys.server_public, keys.client_private),
                     PSSST_ERR_UNSUPPORTED_SUITE);
        CHECK_STATUS(pssst_server_init(&srv, suite, keys.server_private),
                     PSSST_ERR_UNSUPPORTED_SUITE);
        /* The server refused at init is not usable. */
        CHECK_STATUS(pssst_unpack_request(&srv, NULL, 0, NULL, 0, &(size_t){0}, NULL, NULL,
                                          &(pssst_reply_ctx){0}),
                     PSSST_ERR_INVALID_ARGUMENT);
    }
}

/* ---- NULL arguments ---- */

static void test_null_arguments_are_invalid(void)
{
    uint8_t priv[KEY];
    uint8_t pub[KEY];
    pssst_client client;
    pssst_server srv;
    pssst_reply_ctx ctx;
    size_t len;
    bool authd;

    CHECK_STATUS(pssst_keypair_generate(SUITE, NULL, pub), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_keypair_generate(SUITE, priv, NULL), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_public_key(SUITE, NULL, pub), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_public_key(SUITE, priv, NULL), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_client_init(NULL, SUITE, keys.server_public, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_client_init(&client, SUITE, NULL, NULL), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_client_init(&client, SUITE, NULL, keys.client_private),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_server_init(NULL, SUITE, keys.server_private), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_server_init(&srv, SUITE, NULL), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_SIZE(pssst_request_size(NULL, 0), 0);

    /* pack_request */
    CHECK_STATUS(pssst_pack_request(NULL, NULL, 0, scratch, BIG, &len, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request(&anon_client, NULL, 1, scratch, BIG, &len, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request(&anon_client, scratch, 0, NULL, BIG, &len, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request(&anon_client, NULL, 0, scratch, BIG, NULL, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request(&anon_client, NULL, 0, scratch, BIG, &len, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(&anon_client, NULL, NULL, 0, scratch, BIG, &len,
                                                   &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(NULL, priv, NULL, 0, scratch, BIG, &len, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(&auth_client, priv, NULL, 2, scratch, BIG, &len,
                                                   &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);

    /* unpack_request */
    uint8_t request[BIG];
    size_t request_len = 0;
    CHECK_STATUS(pssst_pack_request(&anon_client, (const uint8_t *)"abc", 3, request, BIG,
                                    &request_len, &ctx),
                 PSSST_OK);
    CHECK_STATUS(pssst_unpack_request(NULL, request, request_len, scratch, BIG, &len, pub, &authd,
                                      &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_request(&server, NULL, request_len, scratch, BIG, &len, pub, &authd,
                                      &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_request(&server, request, request_len, NULL, BIG, &len, pub, &authd,
                                      &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_request(&server, request, request_len, scratch, BIG, NULL, pub,
                                      &authd, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_request(&server, request, request_len, scratch, BIG, &len, pub,
                                      &authd, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);

    /* pack_reply and unpack_reply */
    CHECK_STATUS(pssst_pack_reply(NULL, NULL, 0, scratch, BIG, &len), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_reply(NULL, request, request_len, scratch, BIG, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    pssst_reply_ctx_free(&ctx);

    /* The free functions ignore NULL. */
    pssst_client_free(NULL);
    pssst_server_free(NULL);
    pssst_reply_ctx_free(NULL);
}

/* pssst.h: a pointer may be NULL when its length is 0. */
static void test_null_with_length_zero_is_allowed(void)
{
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;
    uint8_t request[BIG];
    uint8_t reply[BIG];
    size_t request_len = 0;
    size_t reply_len = 0;
    size_t len = 99;
    for (int auth = 0; auth <= 1; auth++) {
        test_context("client_auth %d", auth);
        pssst_client *client = auth ? &auth_client : &anon_client;
        CHECK_STATUS(pssst_pack_request(client, NULL, 0, request, BIG, &request_len, &cctx),
                     PSSST_OK);
        CHECK_SIZE(request_len, pssst_request_size(client, 0));
        CHECK_STATUS(pssst_unpack_request(&server, request, request_len, NULL, 0, &len, NULL, NULL,
                                          &sctx),
                     PSSST_OK);
        CHECK_SIZE(len, 0);
        CHECK_STATUS(pssst_pack_reply(&sctx, NULL, 0, reply, BIG, &reply_len), PSSST_OK);
        CHECK_SIZE(reply_len, PSSST_OVERHEAD);
        len = 99;
        CHECK_STATUS(pssst_unpack_reply(&cctx, reply, reply_len, NULL, 0, &len), PSSST_OK);
        CHECK_SIZE(len, 0);
    }
    /* A NULL packet of length 0 is a packet too short, not a bad argument. */
    CHECK_STATUS(pssst_unpack_request(&server, NULL, 0, NULL, 0, &len, NULL, NULL, &sctx),
                 PSSST_ERR_MALFORMED);
    /* A NULL packet buffer of size 0 is simply too small. */
    CHECK_STATUS(pssst_pack_request(&anon_client, NULL, 0, NULL, 0, &len, &cctx),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(len, PSSST_OVERHEAD);
}

/* pssst.h: client_public_key and client_authenticated may be NULL. */
static void test_optional_outputs_of_unpack_request_may_be_null(void)
{
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;
    uint8_t request[BIG];
    uint8_t seen[KEY];
    size_t request_len;
    size_t len;
    bool authd = false;
    CHECK_STATUS(pssst_pack_request(&auth_client, (const uint8_t *)"hi", 2, request, BIG,
                                    &request_len, &cctx),
                 PSSST_OK);
    CHECK_STATUS(pssst_unpack_request(&server, request, request_len, scratch, BIG, &len, NULL,
                                      &authd, &sctx),
                 PSSST_OK);
    CHECK(authd);
    CHECK_STATUS(pssst_unpack_request(&server, request, request_len, scratch, BIG, &len, seen,
                                      NULL, &sctx),
                 PSSST_OK);
    CHECK_MEM(seen, keys.client_public, KEY);
    pssst_reply_ctx_free(&cctx);
    pssst_reply_ctx_free(&sctx);
}

/* ---- buffer sizes ---- */

static void test_request_size_is_overhead_plus_message(void)
{
    static const size_t lengths[] = {0, 1, 100, 65000};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        test_context("message %zu", lengths[i]);
        CHECK_SIZE(pssst_request_size(&anon_client, lengths[i]), 52 + lengths[i]);
        CHECK_SIZE(pssst_request_size(&auth_client, lengths[i]), 116 + lengths[i]);
        CHECK_SIZE(pssst_reply_size(lengths[i]), 52 + lengths[i]);
    }
}

static void test_sizes_that_would_overflow_are_zero(void)
{
    CHECK_SIZE(pssst_request_size(&anon_client, SIZE_MAX - 52), SIZE_MAX);
    CHECK_SIZE(pssst_request_size(&anon_client, SIZE_MAX - 51), 0);
    CHECK_SIZE(pssst_request_size(&anon_client, SIZE_MAX), 0);
    CHECK_SIZE(pssst_request_size(&auth_client, SIZE_MAX - 116), SIZE_MAX);
    CHECK_SIZE(pssst_request_size(&auth_client, SIZE_MAX - 115), 0);
    CHECK_SIZE(pssst_request_size(&auth_client, SIZE_MAX), 0);
    CHECK_SIZE(pssst_reply_size(SIZE_MAX - 52), SIZE_MAX);
    CHECK_SIZE(pssst_reply_size(SIZE_MAX - 51), 0);
    CHECK_SIZE(pssst_reply_size(SIZE_MAX), 0);
}

/* A message too large to describe is refused, never wrapped around. */
static void test_packing_a_message_whose_size_overflows_is_refused(void)
{
    pssst_reply_ctx ctx;
    pssst_reply_ctx sctx;
    uint8_t request[BIG];
    size_t request_len;
    size_t len = 0;
    CHECK(pssst_pack_request(&anon_client, scratch, SIZE_MAX - 10, scratch, BIG, &len, &ctx) !=
          PSSST_OK);
    CHECK(pssst_pack_request(&auth_client, scratch, SIZE_MAX - 60, scratch, BIG, &len, &ctx) !=
          PSSST_OK);
    CHECK_STATUS(pssst_pack_request(&anon_client, NULL, 0, request, BIG, &request_len, &ctx),
                 PSSST_OK);
    CHECK_STATUS(pssst_unpack_request(&server, request, request_len, NULL, 0, &len, NULL, NULL,
                                      &sctx),
                 PSSST_OK);
    CHECK(pssst_pack_reply(&sctx, scratch, SIZE_MAX - 40, scratch, BIG, &len) != PSSST_OK);
    pssst_reply_ctx_free(&ctx);
    pssst_reply_ctx_free(&sctx);
}

static void test_message_offset_follows_packet_layout(void)
{
    CHECK_SIZE(pssst_message_offset(true, false), 36);
    CHECK_SIZE(pssst_message_offset(true, true), 100);
    CHECK_SIZE(pssst_message_offset(false, false), 36);
    CHECK_SIZE(pssst_message_offset(false, true), 36);
}

/* pssst.h: BUFFER_TOO_SMALL returns the needed size, for all four operations. */
static void test_every_operation_reports_the_size_it_needs(void)
{
    static const size_t lengths[] = {0, 1, 17, 300};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        for (int auth = 0; auth <= 1; auth++) {
            size_t m = lengths[i];
            pssst_client *client = auth ? &auth_client : &anon_client;
            size_t request_size = pssst_request_size(client, m);
            uint8_t request[BIG];
            uint8_t reply[BIG];
            size_t request_len = 0;
            size_t reply_len = 0;
            size_t len = 0;
            pssst_reply_ctx cctx;
            pssst_reply_ctx sctx;
            fill_pattern(scratch, m, 1);
            test_context("message %zu, client_auth %d", m, auth);
            CHECK_STATUS(pssst_pack_request(client, scratch, m, request, request_size - 1, &len,
                                            &cctx),
                         PSSST_ERR_BUFFER_TOO_SMALL);
            CHECK_SIZE(len, request_size);
            if (!CHECK_STATUS(pssst_pack_request(client, scratch, m, request, request_size,
                                                 &request_len, &cctx),
                              PSSST_OK))
                continue;
            uint8_t out[BIG];
            CHECK_STATUS(pssst_unpack_request(&server, request, request_len, m ? out : NULL,
                                              m ? m - 1 : 0, &len, NULL, NULL, &sctx),
                         m ? PSSST_ERR_BUFFER_TOO_SMALL : PSSST_OK);
            CHECK_SIZE(len, m);
            CHECK_STATUS(pssst_unpack_request(&server, request, request_len, out, m, &len, NULL,
                                              NULL, &sctx),
                         PSSST_OK);
            CHECK_STATUS(pssst_pack_reply(&sctx, scratch, m, reply, m + PSSST_OVERHEAD - 1, &len),
                         PSSST_ERR_BUFFER_TOO_SMALL);
            CHECK_SIZE(len, m + PSSST_OVERHEAD);
            CHECK_STATUS(pssst_pack_reply(&sctx, scratch, m, reply, m + PSSST_OVERHEAD,
                                          &reply_len),
                         PSSST_OK);
            CHECK_STATUS(pssst_unpack_reply(&cctx, reply, reply_len, m ? out : NULL, m ? m - 1 : 0,
                                            &len),
                         m ? PSSST_ERR_BUFFER_TOO_SMALL : PSSST_OK);
            CHECK_SIZE(len, m);
            if (m != 0) {
                CHECK_STATUS(pssst_unpack_reply(&cctx, reply, reply_len, out, m, &len), PSSST_OK);
                CHECK_MEM(out, scratch, m);
            }
        }
    }
}

static const test_case tests[] = {
    TEST_CASE(test_status_names_match_spec),
    TEST_CASE(test_every_status_has_its_own_sentence),
    TEST_CASE(test_status_outside_enum_is_unknown),
    TEST_CASE(test_status_from_name_inverts_status_name),
    TEST_CASE(test_status_from_name_refuses_unknown_names),
    TEST_CASE(test_version_and_backend_are_reported),
    TEST_CASE(test_generated_private_key_is_clamped_and_matches_public_key),
    TEST_CASE(test_public_key_of_rfc7748_alice),
    TEST_CASE(test_public_key_clamps_raw_private_key),
    TEST_CASE(test_key_functions_refuse_unsupported_suite),
    TEST_CASE(test_null_arguments_are_invalid),
    TEST_CASE(test_null_with_length_zero_is_allowed),
    TEST_CASE(test_optional_outputs_of_unpack_request_may_be_null),
    TEST_CASE(test_request_size_is_overhead_plus_message),
    TEST_CASE(test_sizes_that_would_overflow_are_zero),
    TEST_CASE(test_packing_a_message_whose_size_overflows_is_refused),
    TEST_CASE(test_message_offset_follows_packet_layout),
    TEST_CASE(test_every_operation_reports_the_size_it_needs),
};

int main(int argc, char **argv)
{
    return test_main_with_server_and_clients(argc, argv, tests, TEST_COUNT(tests), &keys, &server,
                                             &anon_client, &auth_client);
}
