/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The library's packets opened with keys derived here, step by step from
 * the spec's formulas over the primitives of src/crypto.h: the X25519
 * inputs of spec 6.1 and 6.2, the key schedule of spec 5.1 and 5.2, the
 * proof layout of spec 6.2 and the reply of spec 8.1.
 */
#include <string.h>

#include "crypto.h"
#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define MESSAGE_LEN 21
#define BIG 256

static test_keys keys;

/* A raw ephemeral scalar whose clamped bits are all "wrong". */
static void raw_ephemeral(uint8_t e[KEY])
{
    fill_random(e, KEY);
    e[0] |= 0x07;
    e[31] |= 0x80;
    e[31] &= 0xbf;
}

/* Opens the request body with the key and client nonce of spec 5.1/5.2. */
static bool open_request(const uint8_t *packet, size_t len, const key_schedule *ks, uint8_t *pt)
{
    size_t body = len - PSSST_OVERHEAD;
    return CHECK(pssst_aead_open(ks->key, ks->client_nonce, packet, PSSST_HEADER_SIZE,
                                 packet + 36, body, packet + len - PSSST_TAG_SIZE, NULL, 0,
                                 pt) == PSSST_CRYPTO_OK);
}

/*
 * A fresh client of server_public (client-auth with client_key, anonymous
 * with NULL) packs message with a new raw ephemeral e (spec 6.3). Only the
 * request is examined, so the client and its reply context are freed here.
 */
static bool pack_with_raw_ephemeral(const uint8_t *client_key, uint8_t e[KEY],
                                    const uint8_t *message, size_t message_len,
                                    uint8_t packet[BIG], size_t *len)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    raw_ephemeral(e);
    CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public, client_key), PSSST_OK);
    bool packed = CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, e, message, message_len,
                                                                 packet, BIG, len, &ctx),
                               PSSST_OK);
    if (packed)
        pssst_reply_ctx_free(&ctx);
    pssst_client_free(&client);
    return packed;
}

/* spec 6.1, 5.1, 5.2: dh_param = X25519(e, 9), shared = X25519(e, S),
 * sealed with the client nonce, AAD = header. */
static void test_anonymous_request_uses_spec_key_schedule(void)
{
    uint8_t e[KEY];
    uint8_t dh[KEY];
    uint8_t shared[KEY];
    uint8_t message[MESSAGE_LEN];
    uint8_t packet[BIG];
    uint8_t pt[BIG];
    size_t len;
    key_schedule ks;
    fill_pattern(message, sizeof message, 5);
    if (!pack_with_raw_ephemeral(NULL, e, message, sizeof message, packet, &len))
        return;
    CHECK(pssst_x25519_base(dh, e) == PSSST_CRYPTO_OK);
    CHECK(pssst_x25519(shared, e, keys.server_public) == PSSST_CRYPTO_OK);
    CHECK_MEM(packet + PSSST_HEADER_SIZE, dh, KEY);
    derive_schedule(dh, shared, &ks);
    CHECK(memcmp(ks.client_nonce + 8, "RQST", 4) == 0);
    CHECK_SIZE(len, PSSST_OVERHEAD + sizeof message);
    if (open_request(packet, len, &ks, pt))
        CHECK_MEM(pt, message, sizeof message);
}

/* spec 6.2: dh_param = X25519(e, C), shared = X25519(e, X25519(c, S)), the
 * plaintext is C || e || message with e exactly as given, not clamped. */
static void test_client_auth_request_carries_proof_of_spec_6_2(void)
{
    uint8_t e[KEY];
    uint8_t dh[KEY];
    uint8_t cs[KEY];
    uint8_t shared[KEY];
    uint8_t server_view[KEY];
    uint8_t message[MESSAGE_LEN];
    uint8_t packet[BIG];
    uint8_t pt[BIG];
    size_t len;
    key_schedule ks;
    fill_pattern(message, sizeof message, 6);
    if (!pack_with_raw_ephemeral(keys.client_private, e, message, sizeof message, packet, &len))
        return;
    CHECK(pssst_x25519(dh, e, keys.client_public) == PSSST_CRYPTO_OK);
    CHECK(pssst_x25519(cs, keys.client_private, keys.server_public) == PSSST_CRYPTO_OK);
    CHECK(pssst_x25519(shared, e, cs) == PSSST_CRYPTO_OK);
    /* What the server computes is the same secret (spec 7.2). */
    CHECK(pssst_x25519(server_view, keys.server_private, dh) == PSSST_CRYPTO_OK);
    CHECK_MEM(server_view, shared, KEY);
    CHECK_MEM(packet + PSSST_HEADER_SIZE, dh, KEY);
    derive_schedule(dh, shared, &ks);
    CHECK_SIZE(len, PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof message);
    if (open_request(packet, len, &ks, pt)) {
        CHECK_MEM(pt, keys.client_public, KEY);
        CHECK_MEM(pt + KEY, e, KEY);
        CHECK_MEM(pt + PSSST_PROOF_SIZE, message, sizeof message);
    }
}

/* spec 8.1, 5.2: the reply is sealed under the same key with the server
 * nonce, AAD = the reply header. */
static void test_reply_is_sealed_with_server_nonce(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        pssst_client client;
        pssst_server server;
        pssst_reply_ctx cctx;
        pssst_reply_ctx sctx;
        uint8_t e[KEY];
        uint8_t shared[KEY];
        uint8_t packet[BIG];
        uint8_t reply[BIG];
        uint8_t pt[BIG];
        uint8_t message[MESSAGE_LEN];
        size_t len;
        size_t reply_len;
        key_schedule ks;
        test_context("client_auth %d", auth);
        raw_ephemeral(e);
        fill_pattern(message, sizeof message, 7);
        CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public,
                                       auth ? keys.client_private : NULL),
                     PSSST_OK);
        CHECK_STATUS(pssst_server_init(&server, SUITE, keys.server_private), PSSST_OK);
        if (!CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, e, NULL, 0, packet,
                                                            sizeof packet, &len, &cctx),
                          PSSST_OK) ||
            !CHECK_STATUS(pssst_unpack_request(&server, packet, len, pt, sizeof pt, &len, NULL,
                                               NULL, &sctx),
                          PSSST_OK) ||
            !CHECK_STATUS(pssst_pack_reply(&sctx, message, sizeof message, reply, sizeof reply,
                                           &reply_len),
                          PSSST_OK))
            continue;
        CHECK(pssst_x25519(shared, keys.server_private, packet + PSSST_HEADER_SIZE) ==
              PSSST_CRYPTO_OK);
        derive_schedule(packet + PSSST_HEADER_SIZE, shared, &ks);
        CHECK(memcmp(ks.server_nonce + 8, "RPLY", 4) == 0);
        CHECK(pssst_aead_open(ks.key, ks.server_nonce, reply, PSSST_HEADER_SIZE, reply + 36,
                              sizeof message, reply + reply_len - PSSST_TAG_SIZE, NULL, 0,
                              pt) == PSSST_CRYPTO_OK);
        CHECK_MEM(pt, message, sizeof message);
        /* The client nonce does not open it: the directions differ. */
        CHECK(pssst_aead_open(ks.key, ks.client_nonce, reply, PSSST_HEADER_SIZE, reply + 36,
                              sizeof message, reply + reply_len - PSSST_TAG_SIZE, NULL, 0,
                              pt) == PSSST_CRYPTO_AUTH);
        pssst_reply_ctx_free(&cctx);
        pssst_client_free(&client);
        pssst_server_free(&server);
    }
}

/* spec 6.3, 2.1: the ephemeral is clamped at use: a raw scalar and its
 * clamped form give the same dh_param and the same ciphertext. */
static void test_ephemeral_is_clamped_at_use(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        pssst_client client;
        pssst_reply_ctx ctx;
        uint8_t e[KEY];
        uint8_t clamped[KEY];
        uint8_t a[BIG];
        uint8_t b[BIG];
        size_t a_len;
        size_t b_len;
        test_context("client_auth %d", auth);
        raw_ephemeral(e);
        clamp_scalar(clamped, e);
        CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public,
                                       auth ? keys.client_private : NULL),
                     PSSST_OK);
        CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, e, NULL, 0, a, BIG, &a_len, &ctx),
                     PSSST_OK);
        CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, clamped, NULL, 0, b, BIG, &b_len,
                                                       &ctx),
                     PSSST_OK);
        CHECK_SIZE(a_len, b_len);
        CHECK_MEM(a, b, PSSST_HEADER_SIZE + KEY);
        /* Anonymous: same key, same plaintext, same packet. Client-auth: the
         * proof carries e as given, so the ciphertexts differ. */
        if (!auth)
            CHECK_MEM(a, b, a_len);
        else
            CHECK(memcmp(a, b, a_len) != 0);
        pssst_reply_ctx_free(&ctx);
        pssst_client_free(&client);
    }
}

/*
 * spec 2.1, 5.1, 8.1: dh_param is hashed and copied exactly as received;
 * only X25519 masks its top bit and reduces it. A request whose dh_param
 * has bit 255 set, or is the non-canonical p + 9, is valid when sealed
 * with the key from those bytes, and the reply carries the same bytes.
 */
static void test_dh_param_is_used_exactly_as_received(void)
{
    pssst_server server;
    uint8_t e[KEY];
    uint8_t variants[2][KEY];
    fill_random(e, KEY);
    CHECK(pssst_x25519_base(variants[0], e) == PSSST_CRYPTO_OK);
    variants[0][31] |= 0x80;
    memset(variants[1], 0xff, KEY); /* p + 9 = 2^255 - 10 */
    variants[1][0] = 0xf6;
    variants[1][31] = 0x7f;
    CHECK_STATUS(pssst_server_init(&server, SUITE, keys.server_private), PSSST_OK);
    for (int v = 0; v < 2; v++) {
        uint8_t packet[BIG];
        uint8_t reply[BIG];
        uint8_t out[BIG];
        uint8_t message[MESSAGE_LEN];
        size_t out_len;
        size_t reply_len;
        pssst_reply_ctx ctx;
        test_context("variant %d", v);
        fill_pattern(message, sizeof message, 8);
        size_t len =
            craft_request(packet, 0, keys.server_private, variants[v], message, sizeof message);
        if (!CHECK(len != 0) ||
            !CHECK_STATUS(pssst_unpack_request(&server, packet, len, out, BIG, &out_len, NULL,
                                               NULL, &ctx),
                          PSSST_OK))
            continue;
        CHECK_MEM(out, message, sizeof message);
        if (CHECK_STATUS(pssst_pack_reply(&ctx, NULL, 0, reply, BIG, &reply_len), PSSST_OK))
            CHECK_MEM(reply + PSSST_HEADER_SIZE, variants[v], KEY);
    }
    pssst_server_free(&server);
}

static const test_case tests[] = {
    TEST_CASE(test_anonymous_request_uses_spec_key_schedule),
    TEST_CASE(test_client_auth_request_carries_proof_of_spec_6_2),
    TEST_CASE(test_reply_is_sealed_with_server_nonce),
    TEST_CASE(test_ephemeral_is_clamped_at_use),
    TEST_CASE(test_dh_param_is_used_exactly_as_received),
};

int main(int argc, char **argv)
{
    if (!generate_test_keys(&keys))
        return 1;
    return test_main(argc, argv, tests, TEST_COUNT(tests));
}
