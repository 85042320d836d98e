/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every malformed, foreign or forged packet gets the status the validation
 * order of spec 7.1 (server) and spec 9.1 (client) gives it, and the first
 * failing check wins (spec 10.2).
 */
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define BIG 2048

static test_keys keys;
static pssst_server server;
static uint8_t message_out[BIG];

static const uint16_t unimplemented_suites[] = {0x0000, 0x0002, 0x0003, 0x0100, 0x8001, 0xffff};
#define UNIMPLEMENTED_COUNT (sizeof unimplemented_suites / sizeof unimplemented_suites[0])

/*
 * The server's answer to a packet. On failure nothing may come out: no
 * length (except the needed size with BUFFER_TOO_SMALL), no plaintext, no
 * authenticated client, and the reply context cannot seal (spec 8.2).
 */
static pssst_status server_unpack_into(const uint8_t *packet, size_t len, size_t message_size)
{
    pssst_reply_ctx ctx;
    size_t message_len = 12345;
    bool authenticated = true;
    uint8_t seen[KEY];
    uint8_t reply[PSSST_OVERHEAD];
    size_t reply_len;

    memset(seen, 0xa5, sizeof seen);
    memset(message_out, 0xee, sizeof message_out);
    pssst_status st = pssst_unpack_request(&server, packet, len, message_out, message_size,
                                           &message_len, seen, &authenticated, &ctx);
    if (st == PSSST_OK)
        return st;
    if (st != PSSST_ERR_BUFFER_TOO_SMALL)
        CHECK_SIZE(message_len, 0);
    CHECK(!authenticated);
    CHECK_ZERO(seen, KEY);
    CHECK_STATUS(pssst_pack_reply(&ctx, NULL, 0, reply, sizeof reply, &reply_len),
                 PSSST_ERR_CONTEXT_USED);
    /* No plaintext: what the library wrote into the message buffer was wiped. */
    for (size_t i = 0; i < message_size && i < sizeof message_out; i++) {
        if (message_out[i] != 0xee && message_out[i] != 0) {
            CHECK(message_out[i] == 0xee || message_out[i] == 0);
            break;
        }
    }
    return st;
}

static pssst_status server_unpack(const uint8_t *packet, size_t len)
{
    return server_unpack_into(packet, len, sizeof message_out);
}

/* A valid request from a client of this library. */
static size_t valid_request(bool client_auth, size_t message_len, uint8_t *packet)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    uint8_t message[BIG];
    size_t len = 0;
    fill_pattern(message, message_len, 3);
    if (!CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public,
                                        client_auth ? keys.client_private : NULL),
                      PSSST_OK))
        return 0;
    CHECK_STATUS(pssst_pack_request(&client, message, message_len, packet, BIG, &len, &ctx),
                 PSSST_OK);
    pssst_reply_ctx_free(&ctx);
    pssst_client_free(&client);
    return len;
}

/* A valid public value to use as dh_param of hand-made packets. */
static void random_point(uint8_t out[KEY])
{
    uint8_t scalar[KEY];
    fill_random(scalar, KEY);
    if (pssst_x25519_base(out, scalar) != PSSST_CRYPTO_OK)
        abort();
}

/* ---- server, spec 7.1 ---- */

/* spec 7.1 step 1: fewer than 4 bytes is malformed. */
static void test_server_rejects_packet_shorter_than_header(void)
{
    uint8_t packet[BIG];
    size_t len = valid_request(false, 0, packet);
    CHECK(len == PSSST_OVERHEAD);
    CHECK_STATUS(server_unpack(NULL, 0), PSSST_ERR_MALFORMED);
    for (size_t n = 0; n < PSSST_HEADER_SIZE; n++) {
        test_context("length %zu", n);
        CHECK_STATUS(server_unpack(packet, n), PSSST_ERR_MALFORMED);
    }
}

/* spec 7.1 step 2: a suite this implementation does not know is refused
 * before any other check of the header or the length. */
static void test_server_rejects_unimplemented_suite(void)
{
    static const uint16_t flags[] = {0x0000, 0x8000, 0x4000, 0xc000, 0x0001, 0x3fff, 0xffff};
    static const size_t lengths[] = {4, 5, 35, 51, 52, 115, 116, 200};
    uint8_t packet[BIG];
    size_t len = valid_request(true, 84, packet);
    CHECK(len == 200);
    for (size_t s = 0; s < UNIMPLEMENTED_COUNT; s++) {
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
            for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
                test_context("suite %04x flags %04x length %zu", unimplemented_suites[s], flags[f],
                             lengths[l]);
                put_header(packet, flags[f], unimplemented_suites[s]);
                CHECK_STATUS(server_unpack(packet, lengths[l]), PSSST_ERR_UNSUPPORTED_SUITE);
            }
        }
    }
}

/* spec 7.1 step 3: a packet with the REPLY bit is not a request, whatever
 * its reserved bits and length. */
static void test_server_rejects_reply_as_not_request(void)
{
    static const uint16_t flags[] = {0x8000, 0xc000, 0x8001, 0xbfff, 0xffff};
    uint8_t packet[BIG];
    size_t len = valid_request(false, 64, packet);
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        for (size_t n = PSSST_HEADER_SIZE; n <= len; n += 3) {
            test_context("flags %04x length %zu", flags[f], n);
            put_header(packet, flags[f], SUITE);
            CHECK_STATUS(server_unpack(packet, n), PSSST_ERR_NOT_REQUEST);
        }
    }
}

/* spec 4.3, 7.1 step 5: each reserved flag bit makes a request malformed,
 * checked before the length. */
static void test_server_rejects_reserved_flag_bits(void)
{
    uint8_t packet[BIG];
    for (int auth = 0; auth <= 1; auth++) {
        size_t len = valid_request(auth, 10, packet);
        uint16_t base = auth ? 0x4000 : 0x0000;
        for (unsigned bit = 0; bit < 14; bit++) {
            uint16_t flags = (uint16_t)(base | (1u << bit));
            put_header(packet, flags, SUITE);
            test_context("flags %04x, full packet", flags);
            CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_MALFORMED);
            test_context("flags %04x, header only", flags);
            CHECK_STATUS(server_unpack(packet, PSSST_HEADER_SIZE), PSSST_ERR_MALFORMED);
            test_context("flags %04x, 51 bytes", flags);
            CHECK_STATUS(server_unpack(packet, PSSST_OVERHEAD - 1), PSSST_ERR_MALFORMED);
        }
        put_header(packet, (uint16_t)(base | 0x3fff), SUITE);
        test_context("all reserved bits, client_auth %d", auth);
        CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_MALFORMED);
    }
}

/* spec 4.4, 7.1 step 6: every length from 4 to 51 is malformed. */
static void test_server_rejects_every_length_below_overhead(void)
{
    uint8_t packet[BIG];
    valid_request(false, 0, packet);
    for (int auth = 0; auth <= 1; auth++) {
        put_header(packet, auth ? 0x4000 : 0x0000, SUITE);
        for (size_t n = PSSST_HEADER_SIZE; n < PSSST_OVERHEAD; n++) {
            test_context("client_auth %d, length %zu", auth, n);
            CHECK_STATUS(server_unpack(packet, n), PSSST_ERR_MALFORMED);
        }
    }
}

/* spec 6.2, 7.1 step 7: a CLIENT_AUTH request too short for the 64-byte
 * proof fails client authentication, even when its AEAD is valid. */
static void test_server_rejects_client_auth_request_shorter_than_proof(void)
{
    uint8_t packet[BIG];
    uint8_t pt[PSSST_PROOF_SIZE];
    uint8_t dh_param[KEY];
    random_point(dh_param);
    fill_pattern(pt, sizeof pt, 9);
    for (size_t pt_len = 0; pt_len < PSSST_PROOF_SIZE; pt_len++) {
        size_t len = craft_request(packet, PSSST_FLAG_CLIENT_AUTH, keys.server_private, dh_param,
                                   pt, pt_len);
        test_context("length %zu", len);
        CHECK_SIZE(len, PSSST_OVERHEAD + pt_len);
        CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_CLIENT_AUTH_FAILED);
        /* The same packet without the flag is an ordinary anonymous request
         * (it does not authenticate: the header is the AAD). */
        put_header(packet, 0, SUITE);
        CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
    }
}

/* spec 7.1 step 8: the buffer is checked after the packet's form and
 * before any key is used; the needed size is returned. */
static void test_server_reports_buffer_too_small_with_needed_size(void)
{
    uint8_t packet[BIG];
    size_t message_len = 0;
    pssst_reply_ctx ctx;
    for (int auth = 0; auth <= 1; auth++) {
        size_t len = valid_request(auth, 100, packet);
        test_context("client_auth %d", auth);
        CHECK_STATUS(pssst_unpack_request(&server, packet, len, message_out, 99, &message_len,
                                          NULL, NULL, &ctx),
                     PSSST_ERR_BUFFER_TOO_SMALL);
        CHECK_SIZE(message_len, 100);
        CHECK_STATUS(pssst_unpack_request(&server, packet, len, NULL, 0, &message_len, NULL, NULL,
                                          &ctx),
                     PSSST_ERR_BUFFER_TOO_SMALL);
        CHECK_SIZE(message_len, 100);
        CHECK_STATUS(pssst_unpack_request(&server, packet, len, message_out, 100, &message_len,
                                          NULL, NULL, &ctx),
                     PSSST_OK);
        CHECK_SIZE(message_len, 100);
        pssst_reply_ctx_free(&ctx);
        /* A tampered packet is only found out later (step 10). */
        packet[len - 1] ^= 1;
        CHECK_STATUS(server_unpack_into(packet, len, 99), PSSST_ERR_BUFFER_TOO_SMALL);
        /* Steps 1-7 come first. */
        CHECK_STATUS(server_unpack_into(packet, PSSST_OVERHEAD - 1, 0), PSSST_ERR_MALFORMED);
        put_header(packet, 0x4001, SUITE);
        CHECK_STATUS(server_unpack_into(packet, len, 0), PSSST_ERR_MALFORMED);
    }
    put_header(packet, PSSST_FLAG_CLIENT_AUTH, SUITE);
    CHECK_STATUS(server_unpack_into(packet, 115, 0), PSSST_ERR_CLIENT_AUTH_FAILED);
    /* A low-order dh_param is found out only after the buffer check (step 9). */
    put_header(packet, 0, SUITE);
    memcpy(packet + PSSST_HEADER_SIZE, low_order_points[0], KEY);
    CHECK_STATUS(server_unpack_into(packet, 80, 27), PSSST_ERR_BUFFER_TOO_SMALL);
}

/* spec 5.3, 7.1 step 9: a dh_param of low order gives a zero shared secret:
 * BAD_KEY, before any decryption is tried. */
static void test_server_rejects_low_order_dh_param_as_bad_key(void)
{
    uint8_t packet[BIG];
    for (int auth = 0; auth <= 1; auth++) {
        size_t len = valid_request(auth, 30, packet);
        for (size_t i = 0; i < LOW_ORDER_POINT_COUNT; i++) {
            test_context("client_auth %d, low-order point %zu", auth, i);
            memcpy(packet + PSSST_HEADER_SIZE, low_order_points[i], KEY);
            CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_BAD_KEY);
        }
    }
}

/* spec 5.3: a zero shared secret is refused even when the packet was
 * sealed with the key it would give (a server that went on with a zero
 * secret would accept what anybody can seal). */
static void test_server_rejects_low_order_dh_param_with_valid_aead(void)
{
    static const uint8_t zero[KEY] = {0};
    uint8_t packet[BIG];
    uint8_t pt[PSSST_PROOF_SIZE + 8];
    key_schedule ks;
    memcpy(pt, keys.client_public, KEY);
    fill_random(pt + KEY, KEY + 8);
    for (int auth = 0; auth <= 1; auth++) {
        for (size_t i = 0; i < LOW_ORDER_POINT_COUNT; i++) {
            uint8_t shared[KEY];
            test_context("client_auth %d, low-order point %zu", auth, i);
            CHECK(pssst_x25519(shared, keys.server_private, low_order_points[i]) ==
                  PSSST_CRYPTO_ZERO);
            derive_schedule(low_order_points[i], zero, &ks);
            size_t len = seal_packet(packet, auth ? PSSST_FLAG_CLIENT_AUTH : 0, SUITE,
                                     low_order_points[i], ks.key, ks.client_nonce, pt,
                                     sizeof pt);
            CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_BAD_KEY);
        }
    }
}

/* spec 7.2: the tag authenticates every ciphertext byte. */
static void test_server_rejects_tampered_ciphertext_or_tag(void)
{
    uint8_t packet[BIG];
    for (int auth = 0; auth <= 1; auth++) {
        size_t len = valid_request(auth, 40, packet);
        for (size_t at = PSSST_HEADER_SIZE + KEY; at < len; at++) {
            test_context("client_auth %d, byte %zu of %zu flipped", auth, at, len);
            packet[at] ^= 0x10;
            CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
            packet[at] ^= 0x10;
        }
        test_context("client_auth %d, one byte cut off", auth);
        CHECK_STATUS(server_unpack(packet, len - 1), PSSST_ERR_DECRYPT_FAILED);
        test_context("client_auth %d, one byte added", auth);
        packet[len] = 0;
        CHECK_STATUS(server_unpack(packet, len + 1), PSSST_ERR_DECRYPT_FAILED);
        test_context("client_auth %d, untouched", auth);
        CHECK_STATUS(server_unpack(packet, len), PSSST_OK);
    }
}

/* spec 5.1: the key is derived from dh_param as received, so any change
 * of it, even of bit 255 that X25519 ignores, fails decryption. */
static void test_server_rejects_tampered_dh_param(void)
{
    uint8_t packet[BIG];
    for (int auth = 0; auth <= 1; auth++) {
        size_t len = valid_request(auth, 5, packet);
        for (size_t at = PSSST_HEADER_SIZE; at < PSSST_HEADER_SIZE + KEY; at++) {
            test_context("client_auth %d, dh_param byte %zu flipped", auth, at - 4);
            packet[at] ^= 0x01;
            CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
            packet[at] ^= 0x01;
        }
        test_context("client_auth %d, bit 255 of dh_param flipped", auth);
        packet[PSSST_HEADER_SIZE + KEY - 1] ^= 0x80;
        CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
    }
}

/* spec 7.2: the header is the AAD: moving a request between modes fails. */
static void test_server_rejects_tampered_header(void)
{
    uint8_t packet[BIG];
    size_t len = valid_request(false, 70, packet);
    CHECK(len >= PSSST_OVERHEAD + PSSST_PROOF_SIZE);
    put_header(packet, PSSST_FLAG_CLIENT_AUTH, SUITE);
    test_context("anonymous request with CLIENT_AUTH set");
    CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
    len = valid_request(true, 6, packet);
    put_header(packet, 0, SUITE);
    test_context("client-auth request with CLIENT_AUTH cleared");
    CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
}

/* A client-auth request made by hand with the proof C || e (spec 6.2). */
static size_t forged_request(uint8_t *packet, const uint8_t dh_param[KEY],
                             const uint8_t proof_c[KEY], const uint8_t proof_e[KEY])
{
    uint8_t pt[PSSST_PROOF_SIZE + 3] = {0};
    memcpy(pt, proof_c, KEY);
    memcpy(pt + KEY, proof_e, KEY);
    memcpy(pt + PSSST_PROOF_SIZE, "msg", 3);
    return craft_request(packet, PSSST_FLAG_CLIENT_AUTH, keys.server_private, dh_param, pt,
                         sizeof pt);
}

/* A random ephemeral e and the dh_param = X25519(e, C) that a client-auth
 * client with this test's key makes from it (spec 6.2). */
static void client_auth_dh_param(uint8_t e[KEY], uint8_t dh_param[KEY])
{
    fill_random(e, KEY);
    CHECK(pssst_x25519(dh_param, e, keys.client_public) == PSSST_CRYPTO_OK);
}

/* spec 7.3: a proof whose C is not the key dh_param was made with fails. */
static void test_server_rejects_proof_with_wrong_client_key(void)
{
    uint8_t packet[BIG];
    uint8_t e[KEY];
    uint8_t dh_param[KEY];
    uint8_t other_public[KEY];
    client_auth_dh_param(e, dh_param);
    random_point(other_public);
    size_t len = forged_request(packet, dh_param, keys.client_public, e);
    CHECK_STATUS(server_unpack(packet, len), PSSST_OK);
    len = forged_request(packet, dh_param, other_public, e);
    CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_CLIENT_AUTH_FAILED);
}

/* spec 7.3: the authenticated key is the C of the proof exactly as
 * received; bit 255 of C is ignored by X25519 (RFC 7748 5), so a C with it
 * set proves the same key and is reported with that bit set. */
static void test_server_reports_client_key_exactly_as_received(void)
{
    uint8_t packet[BIG];
    uint8_t e[KEY];
    uint8_t dh_param[KEY];
    uint8_t high_bit_c[KEY];
    uint8_t seen[KEY];
    uint8_t out[BIG];
    size_t out_len;
    bool authenticated = false;
    pssst_reply_ctx ctx;
    client_auth_dh_param(e, dh_param);
    memcpy(high_bit_c, keys.client_public, KEY);
    high_bit_c[KEY - 1] ^= 0x80;
    size_t len = forged_request(packet, dh_param, high_bit_c, e);
    CHECK_STATUS(pssst_unpack_request(&server, packet, len, out, BIG, &out_len, seen,
                                      &authenticated, &ctx),
                 PSSST_OK);
    CHECK(authenticated);
    CHECK_MEM(seen, high_bit_c, KEY);
    CHECK_SIZE(out_len, 3);
    CHECK_MEM(out, "msg", 3);
    pssst_reply_ctx_free(&ctx);
}

/* spec 7.3: a proof whose e is not the ephemeral of dh_param fails. */
static void test_server_rejects_proof_with_wrong_ephemeral(void)
{
    uint8_t packet[BIG];
    uint8_t e[KEY];
    uint8_t other_e[KEY];
    uint8_t dh_param[KEY];
    client_auth_dh_param(e, dh_param);
    memcpy(other_e, e, KEY);
    other_e[5] ^= 0x01;
    size_t len = forged_request(packet, dh_param, keys.client_public, other_e);
    CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_CLIENT_AUTH_FAILED);
    static const uint8_t zero[KEY] = {0};
    len = forged_request(packet, dh_param, zero, zero);
    CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_CLIENT_AUTH_FAILED);
}

/* spec 2.1, 6.2, 7.3: the e of a proof is clamped at use, so its raw and
 * clamped forms (and any form differing only in the clamped bits) prove
 * the same thing. */
static void test_server_clamps_ephemeral_of_proof(void)
{
    uint8_t packet[BIG];
    uint8_t e[KEY];
    uint8_t variant[KEY];
    uint8_t dh_param[KEY];
    client_auth_dh_param(e, dh_param);
    clamp_scalar(variant, e);
    size_t len = forged_request(packet, dh_param, keys.client_public, variant);
    CHECK_STATUS(server_unpack(packet, len), PSSST_OK);
    variant[0] |= 0x07;
    variant[KEY - 1] |= 0x80;
    variant[KEY - 1] &= (uint8_t)~0x40;
    len = forged_request(packet, dh_param, keys.client_public, variant);
    CHECK_STATUS(server_unpack(packet, len), PSSST_OK);
}

/* spec 5.3, 7.3: a proof with C of low order gives X25519(e, C) = 0 and
 * fails, whatever dh_param is. */
static void test_server_rejects_proof_with_low_order_client_key(void)
{
    uint8_t packet[BIG];
    uint8_t e[KEY];
    uint8_t dh_param[KEY];
    fill_random(e, KEY);
    CHECK(pssst_x25519_base(dh_param, e) == PSSST_CRYPTO_OK);
    for (size_t i = 0; i < LOW_ORDER_POINT_COUNT; i++) {
        test_context("low-order point %zu", i);
        size_t len = forged_request(packet, dh_param, low_order_points[i], e);
        CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_CLIENT_AUTH_FAILED);
    }
}

/* ---- client, spec 9.1 ---- */

typedef struct {
    pssst_client client;
    pssst_reply_ctx ctx;
    uint8_t request[BIG];
    size_t request_len;
    uint8_t reply[BIG];
    size_t reply_len;
    uint8_t reply_message[40];
} exchange;

/* A request and its genuine reply, the client's context still waiting. */
static bool start_exchange(exchange *x, bool client_auth)
{
    pssst_reply_ctx sctx;
    uint8_t message[17] = {1};
    size_t got;
    fill_pattern(x->reply_message, sizeof x->reply_message, 77);
    return CHECK_STATUS(pssst_client_init(&x->client, SUITE, keys.server_public,
                                          client_auth ? keys.client_private : NULL),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_pack_request(&x->client, message, sizeof message, x->request, BIG,
                                           &x->request_len, &x->ctx),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_unpack_request(&server, x->request, x->request_len, message_out, BIG,
                                             &got, NULL, NULL, &sctx),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_pack_reply(&sctx, x->reply_message, sizeof x->reply_message, x->reply,
                                         BIG, &x->reply_len),
                        PSSST_OK);
}

/* start_exchange(), and the genuine reply copied into packet to be altered. */
static bool start_exchange_with_reply_copy(exchange *x, bool client_auth, uint8_t packet[BIG])
{
    if (!start_exchange(x, client_auth))
        return false;
    memcpy(packet, x->reply, x->reply_len);
    return true;
}

/* The client's answer to a packet; failures leave no length and no plaintext. */
static pssst_status client_unpack_into(exchange *x, const uint8_t *packet, size_t len,
                                       size_t message_size)
{
    size_t message_len = 12345;
    memset(message_out, 0xee, sizeof message_out);
    pssst_status st = pssst_unpack_reply(&x->ctx, packet, len, message_out, message_size,
                                         &message_len);
    if (st != PSSST_OK && st != PSSST_ERR_BUFFER_TOO_SMALL)
        CHECK_SIZE(message_len, 0);
    if (st != PSSST_OK) {
        for (size_t i = 0; i < message_size; i++) {
            if (message_out[i] != 0xee && message_out[i] != 0) {
                CHECK(message_out[i] == 0xee || message_out[i] == 0);
                break;
            }
        }
    }
    return st;
}

static pssst_status client_unpack(exchange *x, const uint8_t *packet, size_t len)
{
    return client_unpack_into(x, packet, len, BIG);
}

/* After rejections before decryption, the genuine reply still opens
 * (spec 8.2), and the exchange ends. */
static void finish_exchange(exchange *x)
{
    test_context("genuine reply after the rejections");
    if (CHECK_STATUS(client_unpack(x, x->reply, x->reply_len), PSSST_OK))
        CHECK_MEM(message_out, x->reply_message, sizeof x->reply_message);
    pssst_client_free(&x->client);
}

/* spec 9.1 step 1. */
static void test_client_rejects_packet_shorter_than_header(void)
{
    exchange x;
    if (!start_exchange(&x, false))
        return;
    CHECK_STATUS(client_unpack(&x, NULL, 0), PSSST_ERR_MALFORMED);
    for (size_t n = 0; n < PSSST_HEADER_SIZE; n++) {
        test_context("length %zu", n);
        CHECK_STATUS(client_unpack(&x, x.reply, n), PSSST_ERR_MALFORMED);
    }
    finish_exchange(&x);
}

/* spec 9.1 step 2: an unknown suite comes before every other check. */
static void test_client_rejects_unimplemented_suite(void)
{
    static const uint16_t flags[] = {0x8000, 0xc000, 0x0000, 0x4000, 0x8001, 0xffff};
    uint8_t packet[BIG];
    exchange x;
    if (!start_exchange_with_reply_copy(&x, true, packet))
        return;
    for (size_t s = 0; s < UNIMPLEMENTED_COUNT; s++) {
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
            put_header(packet, flags[f], unimplemented_suites[s]);
            test_context("suite %04x flags %04x", unimplemented_suites[s], flags[f]);
            CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_UNSUPPORTED_SUITE);
            CHECK_STATUS(client_unpack(&x, packet, PSSST_HEADER_SIZE), PSSST_ERR_UNSUPPORTED_SUITE);
        }
    }
    finish_exchange(&x);
}

/* spec 9.1 step 3: a packet without the REPLY bit is not a reply, whatever
 * its reserved bits and length. */
static void test_client_rejects_request_as_not_reply(void)
{
    static const uint16_t flags[] = {0x0000, 0x4000, 0x0001, 0x3fff, 0x7fff};
    uint8_t packet[BIG];
    exchange x;
    if (!start_exchange_with_reply_copy(&x, false, packet))
        return;
    test_context("own request fed back");
    CHECK_STATUS(client_unpack(&x, x.request, x.request_len), PSSST_ERR_NOT_REPLY);
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        put_header(packet, flags[f], SUITE);
        for (size_t n = PSSST_HEADER_SIZE; n <= x.reply_len; n += 5) {
            test_context("flags %04x length %zu", flags[f], n);
            CHECK_STATUS(client_unpack(&x, packet, n), PSSST_ERR_NOT_REPLY);
        }
    }
    finish_exchange(&x);
}

/* spec 4.3, 9.1 step 4: each reserved bit makes a reply malformed, checked
 * before the length. */
static void test_client_rejects_reserved_flag_bits(void)
{
    uint8_t packet[BIG];
    exchange x;
    for (int auth = 0; auth <= 1; auth++) {
        if (!start_exchange_with_reply_copy(&x, auth, packet))
            return;
        uint16_t base = auth ? 0xc000 : 0x8000;
        for (unsigned bit = 0; bit < 14; bit++) {
            uint16_t flags = (uint16_t)(base | (1u << bit));
            put_header(packet, flags, SUITE);
            test_context("flags %04x", flags);
            CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_MALFORMED);
            CHECK_STATUS(client_unpack(&x, packet, PSSST_HEADER_SIZE), PSSST_ERR_MALFORMED);
            CHECK_STATUS(client_unpack(&x, packet, PSSST_OVERHEAD - 1), PSSST_ERR_MALFORMED);
        }
        finish_exchange(&x);
    }
}

/* spec 4.4, 9.1 step 5: every reply length from 4 to 51 is malformed. */
static void test_client_rejects_every_length_below_overhead(void)
{
    uint8_t packet[BIG];
    exchange x;
    for (int auth = 0; auth <= 1; auth++) {
        if (!start_exchange_with_reply_copy(&x, auth, packet))
            return;
        for (size_t n = PSSST_HEADER_SIZE; n < PSSST_OVERHEAD; n++) {
            test_context("client_auth %d, length %zu", auth, n);
            CHECK_STATUS(client_unpack(&x, packet, n), PSSST_ERR_MALFORMED);
        }
        finish_exchange(&x);
    }
}

/* spec 9.1 step 6: a reply whose CLIENT_AUTH bit differs from the request's
 * belongs to another request. (The suite cannot differ from the request's
 * here: suite 1 is the only one implemented, and others stop at step 2.) */
static void test_client_rejects_reply_with_other_client_auth_bit(void)
{
    uint8_t packet[BIG];
    exchange x;
    for (int auth = 0; auth <= 1; auth++) {
        if (!start_exchange_with_reply_copy(&x, auth, packet))
            return;
        put_header(packet, auth ? 0x8000 : 0xc000, SUITE);
        test_context("client_auth %d", auth);
        CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_REPLY_MISMATCH);
        CHECK_STATUS(client_unpack(&x, packet, PSSST_OVERHEAD), PSSST_ERR_REPLY_MISMATCH);
        finish_exchange(&x);
    }
}

/* spec 9.1 step 6: a reply carrying another dh_param (any byte, including
 * bit 255) belongs to another request. */
static void test_client_rejects_reply_with_other_dh_param(void)
{
    uint8_t packet[BIG];
    exchange x;
    exchange other;
    if (!start_exchange_with_reply_copy(&x, false, packet) || !start_exchange(&other, false))
        return;
    for (size_t at = PSSST_HEADER_SIZE; at < PSSST_HEADER_SIZE + KEY; at++) {
        test_context("dh_param byte %zu flipped", at - 4);
        packet[at] ^= 0x01;
        CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_REPLY_MISMATCH);
        packet[at] ^= 0x01;
    }
    packet[PSSST_HEADER_SIZE + KEY - 1] ^= 0x80;
    test_context("bit 255 of dh_param flipped");
    CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_REPLY_MISMATCH);
    test_context("the reply to another request");
    CHECK_STATUS(client_unpack(&x, other.reply, other.reply_len), PSSST_ERR_REPLY_MISMATCH);
    finish_exchange(&x);
    finish_exchange(&other);
}

/* spec 9.1 step 7: the buffer is checked after the match and before
 * decryption; the needed size is returned. */
static void test_client_reports_buffer_too_small_with_needed_size(void)
{
    exchange x;
    exchange other;
    size_t message_len = 0;
    if (!start_exchange(&x, true) || !start_exchange(&other, true))
        return;
    CHECK_STATUS(pssst_unpack_reply(&x.ctx, x.reply, x.reply_len, message_out, 39, &message_len),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(message_len, 40);
    CHECK_STATUS(pssst_unpack_reply(&x.ctx, x.reply, x.reply_len, NULL, 0, &message_len),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(message_len, 40);
    CHECK_STATUS(client_unpack_into(&x, other.reply, other.reply_len, 0), PSSST_ERR_REPLY_MISMATCH);
    CHECK_STATUS(client_unpack_into(&x, x.reply, 51, 0), PSSST_ERR_MALFORMED);
    finish_exchange(&x);
    pssst_client_free(&other.client);
}

/* spec 9.2: every byte after dh_param is authenticated; a reply that fails
 * is DECRYPT_FAILED (and uses up the context, see test_context). */
static void test_client_rejects_tampered_reply(void)
{
    exchange x;
    size_t len = PSSST_OVERHEAD + sizeof x.reply_message;
    for (size_t at = PSSST_HEADER_SIZE + KEY; at <= len + 1; at++) {
        if (!start_exchange(&x, at % 2 == 0))
            return;
        CHECK_SIZE(x.reply_len, len);
        size_t n = x.reply_len;
        if (at < len) {
            test_context("byte %zu flipped", at);
            x.reply[at] ^= 0x40;
        } else if (at == len) {
            test_context("one byte cut off");
            n--;
        } else {
            test_context("one byte added");
            x.reply[n++] = 0;
        }
        CHECK_STATUS(client_unpack(&x, x.reply, n), PSSST_ERR_DECRYPT_FAILED);
        pssst_client_free(&x.client);
    }
}

/* ---- client init, spec 5.3 ---- */

/* spec 5.3: a server key of low order is refused at init in both modes, and
 * the client is left unusable. */
static void test_client_rejects_low_order_server_key(void)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    uint8_t packet[BIG];
    size_t len;
    for (int auth = 0; auth <= 1; auth++) {
        for (size_t i = 0; i < LOW_ORDER_POINT_COUNT; i++) {
            test_context("client_auth %d, low-order point %zu", auth, i);
            CHECK_STATUS(pssst_client_init(&client, SUITE, low_order_points[i],
                                           auth ? keys.client_private : NULL),
                         PSSST_ERR_BAD_KEY);
            CHECK_SIZE(pssst_request_size(&client, 0), 0);
            CHECK_STATUS(pssst_pack_request(&client, NULL, 0, packet, sizeof packet, &len, &ctx),
                         PSSST_ERR_INVALID_ARGUMENT);
        }
    }
}

/* ---- spec 10.2, the table of combined defects ---- */

/* A packet of len bytes of random content under the given header. */
static void junk(uint8_t *packet, size_t len, uint16_t flags, uint16_t suite)
{
    fill_random(packet, len);
    if (len >= PSSST_HEADER_SIZE)
        put_header(packet, flags, suite);
}

static void test_server_follows_precedence_examples_of_spec_10_2(void)
{
    uint8_t packet[BIG];
    fill_random(packet, 3);
    test_context("3 bytes, any content");
    CHECK_STATUS(server_unpack(packet, 3), PSSST_ERR_MALFORMED);
    junk(packet, 60, 0, 0);
    test_context("60 bytes, suite 0");
    CHECK_STATUS(server_unpack(packet, 60), PSSST_ERR_UNSUPPORTED_SUITE);
    junk(packet, 20, 0, 7);
    test_context("20 bytes, suite 7");
    CHECK_STATUS(server_unpack(packet, 20), PSSST_ERR_UNSUPPORTED_SUITE);
    junk(packet, 20, PSSST_FLAG_REPLY, SUITE);
    test_context("20 bytes, suite 1, REPLY set");
    CHECK_STATUS(server_unpack(packet, 20), PSSST_ERR_NOT_REQUEST);
    junk(packet, 60, PSSST_FLAG_REPLY | 0x0001, SUITE);
    test_context("60 bytes, suite 1, REPLY set, reserved bit 0x0001 set");
    CHECK_STATUS(server_unpack(packet, 60), PSSST_ERR_NOT_REQUEST);
    junk(packet, 60, PSSST_FLAG_CLIENT_AUTH | 0x0200, SUITE);
    test_context("60 bytes, suite 1, reserved bit set, CLIENT_AUTH set");
    CHECK_STATUS(server_unpack(packet, 60), PSSST_ERR_MALFORMED);
    junk(packet, 35, PSSST_FLAG_CLIENT_AUTH, SUITE);
    test_context("35 bytes, suite 1, CLIENT_AUTH set");
    CHECK_STATUS(server_unpack(packet, 35), PSSST_ERR_MALFORMED);
    junk(packet, 60, PSSST_FLAG_CLIENT_AUTH, SUITE);
    test_context("60 bytes, suite 1, CLIENT_AUTH set");
    CHECK_STATUS(server_unpack(packet, 60), PSSST_ERR_CLIENT_AUTH_FAILED);
    junk(packet, 116, PSSST_FLAG_CLIENT_AUTH, SUITE);
    memset(packet + PSSST_HEADER_SIZE, 0, KEY);
    test_context("116 bytes, CLIENT_AUTH set, all-zero dh_param");
    CHECK_STATUS(server_unpack(packet, 116), PSSST_ERR_BAD_KEY);
    size_t len = valid_request(false, 8, packet);
    packet[PSSST_HEADER_SIZE + 9] ^= 0x04;
    test_context("genuine request with one dh_param bit flipped");
    CHECK_STATUS(server_unpack(packet, len), PSSST_ERR_DECRYPT_FAILED);
}

static void test_client_follows_precedence_examples_of_spec_10_2(void)
{
    uint8_t packet[BIG];
    exchange x;
    if (!start_exchange(&x, false))
        return;
    fill_random(packet, 3);
    test_context("3 bytes, any content");
    CHECK_STATUS(client_unpack(&x, packet, 3), PSSST_ERR_MALFORMED);
    junk(packet, 60, PSSST_FLAG_REPLY, 0);
    test_context("60 bytes, suite 0");
    CHECK_STATUS(client_unpack(&x, packet, 60), PSSST_ERR_UNSUPPORTED_SUITE);
    junk(packet, 20, PSSST_FLAG_REPLY, 7);
    test_context("20 bytes, suite 7");
    CHECK_STATUS(client_unpack(&x, packet, 20), PSSST_ERR_UNSUPPORTED_SUITE);
    junk(packet, 20, 0, SUITE);
    test_context("20 bytes, suite 1, REPLY clear");
    CHECK_STATUS(client_unpack(&x, packet, 20), PSSST_ERR_NOT_REPLY);
    junk(packet, 40, PSSST_FLAG_REPLY, SUITE);
    test_context("40 bytes, suite 1, REPLY set, other dh_param");
    CHECK_STATUS(client_unpack(&x, packet, 40), PSSST_ERR_MALFORMED);
    junk(packet, 60, PSSST_FLAG_REPLY | 0x0010, SUITE);
    test_context("60 bytes, REPLY set, reserved bit set, other dh_param");
    CHECK_STATUS(client_unpack(&x, packet, 60), PSSST_ERR_MALFORMED);
    memcpy(packet, x.reply, x.reply_len);
    packet[0] ^= 0x40;
    test_context("genuine reply with CLIENT_AUTH flipped");
    CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_REPLY_MISMATCH);
    packet[0] ^= 0x40;
    packet[x.reply_len - 3] ^= 0x01;
    test_context("genuine reply with one tag bit flipped");
    CHECK_STATUS(client_unpack(&x, packet, x.reply_len), PSSST_ERR_DECRYPT_FAILED);
    test_context("genuine reply, context already consumed");
    CHECK_STATUS(client_unpack(&x, x.reply, x.reply_len), PSSST_ERR_CONTEXT_USED);
    pssst_reply_ctx never_filled;
    memset(&never_filled, 0, sizeof never_filled);
    size_t got;
    test_context("any packet, no request packed for this context");
    CHECK_STATUS(pssst_unpack_reply(&never_filled, x.reply, x.reply_len, message_out, BIG, &got),
                 PSSST_ERR_CONTEXT_USED);
    pssst_client_free(&x.client);
}

static const test_case tests[] = {
    TEST_CASE(test_server_rejects_packet_shorter_than_header),
    TEST_CASE(test_server_rejects_unimplemented_suite),
    TEST_CASE(test_server_rejects_reply_as_not_request),
    TEST_CASE(test_server_rejects_reserved_flag_bits),
    TEST_CASE(test_server_rejects_every_length_below_overhead),
    TEST_CASE(test_server_rejects_client_auth_request_shorter_than_proof),
    TEST_CASE(test_server_reports_buffer_too_small_with_needed_size),
    TEST_CASE(test_server_rejects_low_order_dh_param_as_bad_key),
    TEST_CASE(test_server_rejects_low_order_dh_param_with_valid_aead),
    TEST_CASE(test_server_rejects_tampered_ciphertext_or_tag),
    TEST_CASE(test_server_rejects_tampered_dh_param),
    TEST_CASE(test_server_rejects_tampered_header),
    TEST_CASE(test_server_rejects_proof_with_wrong_client_key),
    TEST_CASE(test_server_reports_client_key_exactly_as_received),
    TEST_CASE(test_server_rejects_proof_with_wrong_ephemeral),
    TEST_CASE(test_server_clamps_ephemeral_of_proof),
    TEST_CASE(test_server_rejects_proof_with_low_order_client_key),
    TEST_CASE(test_client_rejects_packet_shorter_than_header),
    TEST_CASE(test_client_rejects_unimplemented_suite),
    TEST_CASE(test_client_rejects_request_as_not_reply),
    TEST_CASE(test_client_rejects_reserved_flag_bits),
    TEST_CASE(test_client_rejects_every_length_below_overhead),
    TEST_CASE(test_client_rejects_reply_with_other_client_auth_bit),
    TEST_CASE(test_client_rejects_reply_with_other_dh_param),
    TEST_CASE(test_client_reports_buffer_too_small_with_needed_size),
    TEST_CASE(test_client_rejects_tampered_reply),
    TEST_CASE(test_client_rejects_low_order_server_key),
    TEST_CASE(test_server_follows_precedence_examples_of_spec_10_2),
    TEST_CASE(test_client_follows_precedence_examples_of_spec_10_2),
};

int main(int argc, char **argv)
{
    return test_main_with_server(argc, argv, tests, TEST_COUNT(tests), &keys, &server);
}
