/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rules that need a look inside the library's use of its primitives. This
 * binary is linked with -Wl,--wrap for pssst_random and the dispatch
 * functions of src/crypto.h: the wrappers count X25519 calls, can make the
 * random source fail, as an exhausted or broken getrandom would, and can
 * make one primitive of the backend fail, as an out-of-memory crypto
 * library would (spec 10.1: PSSST_ERR_INTERNAL). It also wraps the key
 * schedule, to see that every transaction key is wiped before the call
 * that derived it returns (spec 11.5).
 */
#include <string.h>

#include "crypto.h"
#include "kdf.h"
#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define BIG 512

__typeof__(pssst_random) __real_pssst_random, __wrap_pssst_random;
pssst_x25519_fn __real_pssst_x25519, __wrap_pssst_x25519;
pssst_x25519_base_fn __real_pssst_x25519_base, __wrap_pssst_x25519_base;

pssst_sha256_2_fn __real_pssst_sha256_2, __wrap_pssst_sha256_2;
pssst_aead_seal_fn __real_pssst_aead_seal, __wrap_pssst_aead_seal;
pssst_aead_open_fn __real_pssst_aead_open, __wrap_pssst_aead_open;
__typeof__(pssst_derive_keys) __real_pssst_derive_keys, __wrap_pssst_derive_keys;
__typeof__(pssst_keys_wipe) __real_pssst_keys_wipe, __wrap_pssst_keys_wipe;

/* The backend primitive made to fail with PSSST_CRYPTO_FAIL, if any. */
typedef enum { FAIL_NONE, FAIL_X25519, FAIL_SHA256, FAIL_SEAL, FAIL_OPEN } backend_fault;

static bool random_fails;
static backend_fault failing;
static unsigned long x25519_calls;

int __wrap_pssst_sha256_2(uint8_t out[PSSST_SHA256_SIZE], const uint8_t *a, size_t a_len,
                          const uint8_t *b, size_t b_len)
{
    if (failing == FAIL_SHA256)
        return PSSST_CRYPTO_FAIL;
    return __real_pssst_sha256_2(out, a, a_len, b, b_len);
}

int __wrap_pssst_aead_seal(const uint8_t key[PSSST_AES_KEY_SIZE],
                           const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                           size_t aad_len, const uint8_t *head, size_t head_len,
                           const uint8_t *body, size_t body_len, uint8_t *out,
                           uint8_t tag[PSSST_GCM_TAG_SIZE])
{
    if (failing == FAIL_SEAL)
        return PSSST_CRYPTO_FAIL;
    return __real_pssst_aead_seal(key, nonce, aad, aad_len, head, head_len, body, body_len, out,
                                  tag);
}

/* A failing open wipes its outputs, as crypto.h requires of every backend. */
int __wrap_pssst_aead_open(const uint8_t key[PSSST_AES_KEY_SIZE],
                           const uint8_t nonce[PSSST_GCM_NONCE_SIZE], const uint8_t *aad,
                           size_t aad_len, const uint8_t *in, size_t len,
                           const uint8_t tag[PSSST_GCM_TAG_SIZE], uint8_t *head,
                           size_t head_len, uint8_t *body)
{
    if (failing == FAIL_OPEN) {
        if (head_len > 0)
            memset(head, 0, head_len);
        if (len > head_len)
            memset(body, 0, len - head_len);
        return PSSST_CRYPTO_FAIL;
    }
    return __real_pssst_aead_open(key, nonce, aad, aad_len, in, len, tag, head, head_len, body);
}

/* The keys last derived, and whether pssst_keys_wipe has left them all zero since. */
static const pssst_keys *derived;
static bool derived_wiped;

int __wrap_pssst_derive_keys(pssst_keys *keys, const uint8_t dh_param[PSSST_X25519_SIZE],
                             const uint8_t shared[PSSST_X25519_SIZE])
{
    derived = keys;
    derived_wiped = false;
    return __real_pssst_derive_keys(keys, dh_param, shared);
}

void __wrap_pssst_keys_wipe(pssst_keys *keys)
{
    static const pssst_keys zero;
    __real_pssst_keys_wipe(keys);
    if (keys == derived)
        derived_wiped = memcmp(keys, &zero, sizeof zero) == 0;
}

/* A failing source may have written part of the buffer before it failed. */
int __wrap_pssst_random(uint8_t *buf, size_t len)
{
    if (!random_fails)
        return __real_pssst_random(buf, len);
    memset(buf, 0xab, len / 2);
    return PSSST_CRYPTO_NO_RANDOM;
}

int __wrap_pssst_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                        const uint8_t u[PSSST_X25519_SIZE])
{
    x25519_calls++;
    if (failing == FAIL_X25519) {
        memset(out, 0, PSSST_X25519_SIZE);
        return PSSST_CRYPTO_FAIL;
    }
    return __real_pssst_x25519(out, scalar, u);
}

int __wrap_pssst_x25519_base(uint8_t out[PSSST_X25519_SIZE],
                             const uint8_t scalar[PSSST_X25519_SIZE])
{
    x25519_calls++;
    if (failing == FAIL_X25519) {
        memset(out, 0, PSSST_X25519_SIZE);
        return PSSST_CRYPTO_FAIL;
    }
    return __real_pssst_x25519_base(out, scalar);
}

static test_keys keys;
static pssst_server server;

/* X25519 calls the server makes for one packet. */
static unsigned long server_cost(const uint8_t *packet, size_t len, size_t message_size,
                                 pssst_status want)
{
    uint8_t out[BIG];
    size_t out_len;
    pssst_reply_ctx ctx;
    unsigned long before = x25519_calls;
    CHECK_STATUS(pssst_unpack_request(&server, packet, len, out, message_size, &out_len, NULL,
                                      NULL, &ctx),
                 want);
    pssst_reply_ctx_free(&ctx);
    return x25519_calls - before;
}

/* spec 7.1, 11.6: a packet refused at steps 1 to 8 costs no X25519. */
static void test_server_computes_no_x25519_for_packets_refused_before_step_9(void)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    uint8_t packet[BIG];
    size_t len;
    uint8_t message[70] = {0};
    if (!CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public, NULL), PSSST_OK) ||
        !CHECK_STATUS(pssst_pack_request(&client, message, sizeof message, packet, BIG, &len, &ctx),
                      PSSST_OK))
        return;
    CHECK_SIZE(server_cost(packet, 3, BIG, PSSST_ERR_MALFORMED), 0);
    put_header(packet, 0, 2);
    CHECK_SIZE(server_cost(packet, len, BIG, PSSST_ERR_UNSUPPORTED_SUITE), 0);
    put_header(packet, PSSST_FLAG_REPLY, SUITE);
    CHECK_SIZE(server_cost(packet, len, BIG, PSSST_ERR_NOT_REQUEST), 0);
    put_header(packet, 0x0100, SUITE);
    CHECK_SIZE(server_cost(packet, len, BIG, PSSST_ERR_MALFORMED), 0);
    put_header(packet, 0, SUITE);
    CHECK_SIZE(server_cost(packet, 51, BIG, PSSST_ERR_MALFORMED), 0);
    put_header(packet, PSSST_FLAG_CLIENT_AUTH, SUITE);
    CHECK_SIZE(server_cost(packet, 115, BIG, PSSST_ERR_CLIENT_AUTH_FAILED), 0);
    put_header(packet, 0, SUITE);
    CHECK_SIZE(server_cost(packet, len, sizeof message - 1, PSSST_ERR_BUFFER_TOO_SMALL), 0);
    /* Steps 9 and 10 need the one X25519 of the server key. */
    CHECK_SIZE(server_cost(packet, len, BIG, PSSST_OK), 1);
    packet[len - 1] ^= 1;
    CHECK_SIZE(server_cost(packet, len, BIG, PSSST_ERR_DECRYPT_FAILED), 1);
    pssst_reply_ctx_free(&ctx);
    pssst_client_free(&client);
}

/* spec 9.1: a client never computes X25519 to read a reply. */
static void test_client_reads_reply_without_x25519(void)
{
    pssst_client client;
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;
    uint8_t packet[BIG];
    uint8_t out[BIG];
    size_t len;
    size_t out_len;
    if (!CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public, keys.client_private),
                      PSSST_OK) ||
        !CHECK_STATUS(pssst_pack_request(&client, NULL, 0, packet, BIG, &len, &cctx), PSSST_OK) ||
        !CHECK_STATUS(
            pssst_unpack_request(&server, packet, len, out, BIG, &out_len, NULL, NULL, &sctx),
            PSSST_OK))
        return;
    unsigned long before = x25519_calls;
    CHECK_STATUS(pssst_pack_reply(&sctx, (const uint8_t *)"ok", 2, packet, BIG, &len), PSSST_OK);
    CHECK_STATUS(pssst_unpack_reply(&cctx, packet, len, out, BIG, &out_len), PSSST_OK);
    CHECK_SIZE(x25519_calls - before, 0);
    pssst_client_free(&client);
}

/* spec 6.3: without randomness no request is sent and RANDOM_FAILED is
 * reported; the reply context is left unusable. */
static void test_client_reports_random_failed_and_sends_nothing(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        pssst_client client;
        pssst_reply_ctx ctx;
        uint8_t packet[BIG];
        uint8_t reply[BIG];
        size_t len = 99;
        test_context("client_auth %d", auth);
        if (!CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public,
                                            auth ? keys.client_private : NULL),
                          PSSST_OK))
            return;
        memset(packet, 0xee, sizeof packet);
        random_fails = true;
        CHECK_STATUS(pssst_pack_request(&client, (const uint8_t *)"hello", 5, packet, BIG, &len,
                                        &ctx),
                     PSSST_ERR_RANDOM_FAILED);
        random_fails = false;
        CHECK_SIZE(len, 0);
        bool untouched = true;
        for (size_t i = 0; i < sizeof packet; i++)
            untouched = untouched && packet[i] == 0xee;
        CHECK(untouched);
        memset(reply, 0, sizeof reply);
        put_header(reply, 0x8000, SUITE);
        CHECK_STATUS(pssst_unpack_reply(&ctx, reply, PSSST_OVERHEAD, packet, BIG, &len),
                     PSSST_ERR_CONTEXT_USED);
        pssst_client_free(&client);
    }
}

/* pssst.h: keypair_generate reports RANDOM_FAILED and returns nothing:
 * both outputs are wiped. */
static void test_keypair_generate_reports_random_failed_and_returns_nothing(void)
{
    uint8_t priv[KEY];
    uint8_t pub[KEY];
    memset(priv, 0x11, KEY);
    memset(pub, 0x22, KEY);
    random_fails = true;
    CHECK_STATUS(pssst_keypair_generate(SUITE, priv, pub), PSSST_ERR_RANDOM_FAILED);
    random_fails = false;
    CHECK_ZERO(priv, KEY);
    CHECK_ZERO(pub, KEY);
}

/* One request and its reply, the backend failing at the chosen step. */
typedef struct {
    pssst_client client;
    pssst_reply_ctx client_ctx, server_ctx;
    uint8_t request[BIG], reply[BIG], message[BIG];
    size_t request_len, reply_len, message_len;
} transaction;

static bool pack_good_request(transaction *t, bool client_auth)
{
    memset(t, 0, sizeof *t);
    return CHECK_STATUS(pssst_client_init(&t->client, SUITE, keys.server_public,
                                          client_auth ? keys.client_private : NULL),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_pack_request(&t->client, (const uint8_t *)"hello", 5, t->request,
                                           BIG, &t->request_len, &t->client_ctx),
                        PSSST_OK);
}

/* spec 10.1: a failure of the crypto library at init is INTERNAL, not BAD_KEY. */
static void test_backend_failure_at_init_is_internal(void)
{
    pssst_server s;
    pssst_client c;
    uint8_t priv[KEY], pub[KEY];

    failing = FAIL_X25519;
    CHECK_STATUS(pssst_server_init(&s, SUITE, keys.server_private), PSSST_ERR_INTERNAL);
    CHECK_STATUS(pssst_client_init(&c, SUITE, keys.server_public, NULL), PSSST_ERR_INTERNAL);
    CHECK_STATUS(pssst_client_init(&c, SUITE, keys.server_public, keys.client_private),
                 PSSST_ERR_INTERNAL);
    CHECK_STATUS(pssst_public_key(SUITE, keys.server_private, pub), PSSST_ERR_INTERNAL);
    CHECK_STATUS(pssst_keypair_generate(SUITE, priv, pub), PSSST_ERR_INTERNAL);
    CHECK_ZERO(priv, KEY);
    CHECK_ZERO(pub, KEY);
    failing = FAIL_NONE;
}

/* spec 10.1: X25519, SHA-256 or the seal failing in pack_request is INTERNAL. */
static void test_backend_failure_in_pack_request_is_internal(void)
{
    static const backend_fault faults[] = {FAIL_X25519, FAIL_SHA256, FAIL_SEAL};
    for (int auth = 0; auth <= 1; auth++) {
        for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
            pssst_client client;
            pssst_reply_ctx ctx;
            uint8_t packet[BIG];
            size_t len = 99;
            test_context("client_auth %d, fault %d", auth, (int)faults[i]);
            if (!CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public,
                                                auth ? keys.client_private : NULL),
                              PSSST_OK))
                return;
            failing = faults[i];
            CHECK_STATUS(pssst_pack_request(&client, (const uint8_t *)"hello", 5, packet, BIG,
                                            &len, &ctx),
                         PSSST_ERR_INTERNAL);
            failing = FAIL_NONE;
            CHECK_SIZE(len, 0);
            pssst_client_free(&client);
        }
    }
}

/* spec 10.1: a server whose backend fails reports INTERNAL, never a forged packet. */
static void test_backend_failure_in_unpack_request_is_internal(void)
{
    static const backend_fault faults[] = {FAIL_X25519, FAIL_SHA256, FAIL_OPEN};
    for (int auth = 0; auth <= 1; auth++) {
        for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
            transaction t;
            test_context("client_auth %d, fault %d", auth, (int)faults[i]);
            if (!pack_good_request(&t, auth))
                return;
            memset(t.message, 0xee, sizeof t.message);
            failing = faults[i];
            CHECK_STATUS(pssst_unpack_request(&server, t.request, t.request_len, t.message, BIG,
                                              &t.message_len, NULL, NULL, &t.server_ctx),
                         PSSST_ERR_INTERNAL);
            failing = FAIL_NONE;
            CHECK_SIZE(t.message_len, 0);
            CHECK_STATUS(pssst_pack_reply(&t.server_ctx, NULL, 0, t.reply, BIG, &t.reply_len),
                         PSSST_ERR_CONTEXT_USED);
            pssst_client_free(&t.client);
        }
    }
}

/* spec 11.5: the key and nonces a call derives are wiped before it returns,
 * whether the packet opens or fails its tag. */
static void test_transaction_keys_are_wiped(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        for (int tamper = 0; tamper <= 1; tamper++) {
            transaction t;
            test_context("client_auth %d, tamper %d", auth, tamper);
            derived = NULL;
            if (!pack_good_request(&t, auth))
                return;
            CHECK(derived != NULL && derived_wiped); /* pack_request */
            if (tamper) /* the last tag byte */
                t.request[t.request_len - 1] ^= 0x01;
            derived = NULL;
            pssst_status st = pssst_unpack_request(&server, t.request, t.request_len, t.message,
                                                   BIG, &t.message_len, NULL, NULL,
                                                   &t.server_ctx);
            CHECK_STATUS(st, tamper ? PSSST_ERR_DECRYPT_FAILED : PSSST_OK);
            CHECK(derived != NULL && derived_wiped); /* unpack_request */
            pssst_reply_ctx_free(&t.server_ctx);
            pssst_reply_ctx_free(&t.client_ctx);
            pssst_client_free(&t.client);
        }
    }
}

/* spec 10.1 and 8.2: a failed seal is INTERNAL and still spends the context. */
static void test_backend_failure_in_pack_reply_is_internal(void)
{
    transaction t;
    if (!pack_good_request(&t, false) ||
        !CHECK_STATUS(pssst_unpack_request(&server, t.request, t.request_len, t.message, BIG,
                                           &t.message_len, NULL, NULL, &t.server_ctx),
                      PSSST_OK))
        return;
    failing = FAIL_SEAL;
    CHECK_STATUS(pssst_pack_reply(&t.server_ctx, (const uint8_t *)"ok", 2, t.reply, BIG,
                                  &t.reply_len),
                 PSSST_ERR_INTERNAL);
    failing = FAIL_NONE;
    CHECK_SIZE(t.reply_len, 0);
    CHECK_STATUS(pssst_pack_reply(&t.server_ctx, (const uint8_t *)"ok", 2, t.reply, BIG,
                                  &t.reply_len),
                 PSSST_ERR_CONTEXT_USED);
    pssst_client_free(&t.client);
}

/* spec 10.1: a failed open of a genuine reply is INTERNAL, not DECRYPT_FAILED. */
static void test_backend_failure_in_unpack_reply_is_internal(void)
{
    transaction t;
    if (!pack_good_request(&t, false) ||
        !CHECK_STATUS(pssst_unpack_request(&server, t.request, t.request_len, t.message, BIG,
                                           &t.message_len, NULL, NULL, &t.server_ctx),
                      PSSST_OK) ||
        !CHECK_STATUS(pssst_pack_reply(&t.server_ctx, (const uint8_t *)"ok", 2, t.reply, BIG,
                                       &t.reply_len),
                      PSSST_OK))
        return;
    failing = FAIL_OPEN;
    CHECK_STATUS(pssst_unpack_reply(&t.client_ctx, t.reply, t.reply_len, t.message, BIG,
                                    &t.message_len),
                 PSSST_ERR_INTERNAL);
    failing = FAIL_NONE;
    CHECK_SIZE(t.message_len, 0);
    pssst_client_free(&t.client);
}

static const test_case tests[] = {
    TEST_CASE(test_transaction_keys_are_wiped),
    TEST_CASE(test_backend_failure_at_init_is_internal),
    TEST_CASE(test_backend_failure_in_pack_request_is_internal),
    TEST_CASE(test_backend_failure_in_unpack_request_is_internal),
    TEST_CASE(test_backend_failure_in_pack_reply_is_internal),
    TEST_CASE(test_backend_failure_in_unpack_reply_is_internal),
    TEST_CASE(test_server_computes_no_x25519_for_packets_refused_before_step_9),
    TEST_CASE(test_client_reads_reply_without_x25519),
    TEST_CASE(test_client_reports_random_failed_and_sends_nothing),
    TEST_CASE(test_keypair_generate_reports_random_failed_and_returns_nothing),
};

int main(int argc, char **argv)
{
    return test_main_with_server(argc, argv, tests, TEST_COUNT(tests), &keys, &server);
}
