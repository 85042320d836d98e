/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Context lifetimes: a reply context serves exactly one reply in either
 * role and is used up exactly when its key is used (spec 8.2, 11.2);
 * freeing wipes; contexts that were never initialised are refused.
 */
#include <string.h>

#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define BIG 512

static test_keys keys;
static pssst_server server;
static uint8_t scratch[BIG];

typedef struct {
    pssst_client client;
    pssst_reply_ctx client_ctx;
    pssst_reply_ctx server_ctx;
    uint8_t request[BIG];
    size_t request_len;
    uint8_t reply[BIG];
    size_t reply_len;
} exchange;

static const uint8_t request_message[] = "what time is it?";
static const uint8_t reply_message[] = "half past ten";

/* Request packed and unpacked; the server context is ready to seal. */
static bool start_request(exchange *x, bool client_auth)
{
    size_t got;
    return CHECK_STATUS(pssst_client_init(&x->client, SUITE, keys.server_public,
                                          client_auth ? keys.client_private : NULL),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_pack_request(&x->client, request_message, sizeof request_message,
                                           x->request, BIG, &x->request_len, &x->client_ctx),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_unpack_request(&server, x->request, x->request_len, scratch, BIG,
                                             &got, NULL, NULL, &x->server_ctx),
                        PSSST_OK);
}

/* ... and the reply sealed; the client context is waiting for it. */
static bool start_exchange(exchange *x, bool client_auth)
{
    return start_request(x, client_auth) &&
           CHECK_STATUS(pssst_pack_reply(&x->server_ctx, reply_message, sizeof reply_message,
                                         x->reply, BIG, &x->reply_len),
                        PSSST_OK);
}

static pssst_status client_reads(exchange *x, const uint8_t *packet, size_t len)
{
    size_t got;
    return pssst_unpack_reply(&x->client_ctx, packet, len, scratch, BIG, &got);
}

static bool genuine_reply_opens(exchange *x)
{
    size_t got = 0;
    bool ok = CHECK_STATUS(pssst_unpack_reply(&x->client_ctx, x->reply, x->reply_len, scratch,
                                              BIG, &got),
                           PSSST_OK);
    return ok && CHECK_SIZE(got, sizeof reply_message) &&
           CHECK_MEM(scratch, reply_message, sizeof reply_message);
}

/* spec 8.2: a client reads one reply per request. */
static void test_client_reply_context_is_single_use(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        exchange x;
        test_context("client_auth %d", auth);
        if (!start_exchange(&x, auth))
            return;
        genuine_reply_opens(&x);
        CHECK_STATUS(client_reads(&x, x.reply, x.reply_len), PSSST_ERR_CONTEXT_USED);
        /* spec 9.1 step 0 comes before every check of the packet. */
        CHECK_STATUS(client_reads(&x, x.reply, 0), PSSST_ERR_CONTEXT_USED);
        CHECK_STATUS(client_reads(&x, x.request, x.request_len), PSSST_ERR_CONTEXT_USED);
        pssst_client_free(&x.client);
    }
}

/* spec 8.2: a reply that reaches decryption uses the context up even when
 * it does not authenticate; the genuine reply arriving later is refused. */
static void test_client_reply_context_is_used_up_by_failed_decryption(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        exchange x;
        uint8_t forged[BIG];
        test_context("client_auth %d", auth);
        if (!start_exchange(&x, auth))
            return;
        memcpy(forged, x.reply, x.reply_len);
        forged[x.reply_len - 1] ^= 1;
        CHECK_STATUS(client_reads(&x, forged, x.reply_len), PSSST_ERR_DECRYPT_FAILED);
        CHECK_STATUS(client_reads(&x, x.reply, x.reply_len), PSSST_ERR_CONTEXT_USED);
        pssst_client_free(&x.client);
    }
}

/* spec 8.2: packets refused before decryption leave the context ready, so
 * that junk cannot keep a client from reading its real reply. */
static void test_client_reply_context_survives_rejections_before_decryption(void)
{
    exchange x;
    exchange other;
    uint8_t junk[BIG];
    size_t got = 0;
    if (!start_exchange(&x, true) || !start_exchange(&other, true))
        return;
    memcpy(junk, x.reply, x.reply_len);
    CHECK_STATUS(client_reads(&x, junk, 3), PSSST_ERR_MALFORMED);
    put_header(junk, 0xc000, 7);
    CHECK_STATUS(client_reads(&x, junk, x.reply_len), PSSST_ERR_UNSUPPORTED_SUITE);
    CHECK_STATUS(client_reads(&x, x.request, x.request_len), PSSST_ERR_NOT_REPLY);
    put_header(junk, 0xc004, 1);
    CHECK_STATUS(client_reads(&x, junk, x.reply_len), PSSST_ERR_MALFORMED);
    CHECK_STATUS(client_reads(&x, x.reply, PSSST_OVERHEAD - 1), PSSST_ERR_MALFORMED);
    CHECK_STATUS(client_reads(&x, other.reply, other.reply_len), PSSST_ERR_REPLY_MISMATCH);
    put_header(junk, 0x8000, 1);
    CHECK_STATUS(client_reads(&x, junk, x.reply_len), PSSST_ERR_REPLY_MISMATCH);
    CHECK_STATUS(pssst_unpack_reply(&x.client_ctx, x.reply, x.reply_len, scratch, 3, &got),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(pssst_unpack_reply(&x.client_ctx, x.reply, x.reply_len, NULL, 10, &got),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_reply(&x.client_ctx, x.reply, x.reply_len, scratch, BIG, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
    genuine_reply_opens(&x);
    pssst_client_free(&x.client);
    pssst_client_free(&other.client);
}

/* spec 8.2, 11.2: a server seals one reply per request (a second reply
 * would reuse key and nonce). */
static void test_server_reply_context_is_single_use(void)
{
    for (int auth = 0; auth <= 1; auth++) {
        exchange x;
        size_t len = 99;
        test_context("client_auth %d", auth);
        if (!start_exchange(&x, auth))
            return;
        CHECK_STATUS(pssst_pack_reply(&x.server_ctx, reply_message, sizeof reply_message, scratch,
                                      BIG, &len),
                     PSSST_ERR_CONTEXT_USED);
        CHECK_SIZE(len, 0);
        CHECK_STATUS(pssst_pack_reply(&x.server_ctx, NULL, 0, scratch, BIG, &len),
                     PSSST_ERR_CONTEXT_USED);
        genuine_reply_opens(&x);
        pssst_client_free(&x.client);
    }
}

/* spec 8.2: argument errors of pack_reply leave the context ready. */
static void test_server_reply_context_survives_argument_errors(void)
{
    exchange x;
    size_t len = 0;
    if (!start_request(&x, false))
        return;
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, reply_message, sizeof reply_message, NULL, 100,
                                  &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, NULL, 5, scratch, BIG, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, reply_message, sizeof reply_message, scratch,
                                  BIG, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, reply_message, sizeof reply_message, scratch,
                                  PSSST_OVERHEAD + sizeof reply_message - 1, &len),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(len, PSSST_OVERHEAD + sizeof reply_message);
    /* A message overlapping the packet other than at offset 36. */
    memcpy(scratch + 30, reply_message, sizeof reply_message);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, scratch + 30, sizeof reply_message, scratch,
                                  BIG, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    if (CHECK_STATUS(pssst_pack_reply(&x.server_ctx, reply_message, sizeof reply_message, x.reply,
                                      BIG, &x.reply_len),
                     PSSST_OK))
        genuine_reply_opens(&x);
    pssst_client_free(&x.client);
}

/* pssst.h: on error of unpack_request the reply context is unusable, even
 * one that was ready for an earlier request. */
static void test_failed_request_leaves_server_context_unusable(void)
{
    exchange x;
    uint8_t bad[BIG];
    size_t len;
    size_t got;
    if (!start_request(&x, false))
        return;
    memcpy(bad, x.request, x.request_len);
    bad[x.request_len - 1] ^= 1;
    CHECK_STATUS(pssst_unpack_request(&server, bad, x.request_len, scratch, BIG, &got, NULL, NULL,
                                      &x.server_ctx),
                 PSSST_ERR_DECRYPT_FAILED);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, NULL, 0, scratch, BIG, &len),
                 PSSST_ERR_CONTEXT_USED);
    CHECK_STATUS(pssst_unpack_request(&server, x.request, x.request_len, scratch, BIG, &got, NULL,
                                      NULL, &x.server_ctx),
                 PSSST_OK);
    CHECK_STATUS(pssst_unpack_request(&server, bad, 10, scratch, BIG, &got, NULL, NULL,
                                      &x.server_ctx),
                 PSSST_ERR_MALFORMED);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, NULL, 0, scratch, BIG, &len),
                 PSSST_ERR_CONTEXT_USED);
    pssst_client_free(&x.client);
}

/* pssst.h: on error of pack_request the reply context is unusable, even
 * one that was waiting for an earlier reply. */
static void test_failed_request_packing_leaves_client_context_unusable(void)
{
    exchange x;
    size_t len;
    if (!start_exchange(&x, true))
        return;
    CHECK_STATUS(pssst_pack_request(&x.client, request_message, sizeof request_message, scratch,
                                    10, &len, &x.client_ctx),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(client_reads(&x, x.reply, x.reply_len), PSSST_ERR_CONTEXT_USED);
    pssst_client_free(&x.client);
}

/* A client's waiting context cannot seal a reply, and a server's context
 * cannot open one: the roles' keys and nonces differ (spec 5.2). */
static void test_reply_context_of_one_role_is_refused_by_the_other(void)
{
    exchange x;
    size_t len = 0;
    if (!start_request(&x, false))
        return;
    CHECK(pssst_pack_reply(&x.client_ctx, reply_message, sizeof reply_message, scratch, BIG,
                           &len) != PSSST_OK);
    CHECK_SIZE(len, 0);
    CHECK(pssst_unpack_reply(&x.server_ctx, x.request, x.request_len, scratch, BIG, &len) !=
          PSSST_OK);
    CHECK_SIZE(len, 0);
    pssst_reply_ctx_free(&x.client_ctx);
    pssst_reply_ctx_free(&x.server_ctx);
    pssst_client_free(&x.client);
}

/* pssst.h: a reply context that was never filled is CONTEXT_USED. */
static void test_unfilled_reply_context_is_refused(void)
{
    exchange x;
    pssst_reply_ctx ctx;
    size_t len;
    if (!start_exchange(&x, false))
        return;
    for (int fill = 0; fill < 3; fill++) {
        if (fill == 0)
            memset(&ctx, 0, sizeof ctx);
        else if (fill == 1)
            memset(&ctx, 0xa5, sizeof ctx);
        else
            fill_random((uint8_t *)&ctx, sizeof ctx);
        test_context("context filled with %s", fill == 0 ? "zeros" : fill == 1 ? "a5" : "random bytes");
        CHECK_STATUS(pssst_unpack_reply(&ctx, x.reply, x.reply_len, scratch, BIG, &len),
                     PSSST_ERR_CONTEXT_USED);
        CHECK_STATUS(pssst_pack_reply(&ctx, NULL, 0, scratch, BIG, &len), PSSST_ERR_CONTEXT_USED);
    }
    pssst_reply_ctx_free(&x.client_ctx);
    pssst_client_free(&x.client);
}

/* pssst.h: a client and a server that are not (or no longer) initialised
 * refuse to pack a request and to unpack x's request. */
static void check_refused_as_uninitialised(pssst_client *client, pssst_server *srv,
                                           const exchange *x)
{
    pssst_reply_ctx ctx;
    size_t len;
    CHECK_STATUS(pssst_pack_request(client, NULL, 0, scratch, BIG, &len, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_unpack_request(srv, x->request, x->request_len, scratch, BIG, &len, NULL,
                                      NULL, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
}

/* pssst.h: a client or server that was never initialised is refused. */
static void test_uninitialised_client_and_server_are_refused(void)
{
    exchange x;
    pssst_client client;
    pssst_server srv;
    pssst_reply_ctx ctx;
    size_t len;
    if (!start_exchange(&x, false))
        return;
    for (int fill = 0; fill < 2; fill++) {
        memset(&client, fill ? 0xa5 : 0, sizeof client);
        memset(&srv, fill ? 0xa5 : 0, sizeof srv);
        test_context("filled with %s", fill ? "a5" : "zeros");
        CHECK_SIZE(pssst_request_size(&client, 1), 0);
        CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, keys.client_private, NULL, 0,
                                                       scratch, BIG, &len, &ctx),
                     PSSST_ERR_INVALID_ARGUMENT);
        check_refused_as_uninitialised(&client, &srv, &x);
    }
    pssst_reply_ctx_free(&x.client_ctx);
    pssst_client_free(&x.client);
}

/* pssst.h: freed contexts are wiped and refused afterwards. */
static void test_free_wipes_and_disables_contexts(void)
{
    exchange x;
    pssst_client client;
    pssst_server srv;
    size_t len;
    if (!start_request(&x, true))
        return;
    CHECK_STATUS(pssst_client_init(&client, SUITE, keys.server_public, keys.client_private),
                 PSSST_OK);
    CHECK_STATUS(pssst_server_init(&srv, SUITE, keys.server_private), PSSST_OK);
    pssst_client_free(&client);
    pssst_server_free(&srv);
    pssst_reply_ctx_free(&x.client_ctx);
    pssst_reply_ctx_free(&x.server_ctx);
    CHECK_ZERO(&client, sizeof client);
    CHECK_ZERO(&srv, sizeof srv);
    CHECK_ZERO(&x.client_ctx, sizeof x.client_ctx);
    CHECK_ZERO(&x.server_ctx, sizeof x.server_ctx);
    check_refused_as_uninitialised(&client, &srv, &x);
    CHECK_STATUS(pssst_pack_reply(&x.server_ctx, NULL, 0, scratch, BIG, &len),
                 PSSST_ERR_CONTEXT_USED);
    CHECK_STATUS(pssst_unpack_reply(&x.client_ctx, x.request, x.request_len, scratch, BIG, &len),
                 PSSST_ERR_CONTEXT_USED);
    pssst_client_free(&x.client);
}

/* spec 8.2, pssst.h: a reply context is wiped as soon as its key is used:
 * after sealing, after opening, and after a failed opening. */
static void test_used_reply_context_is_wiped(void)
{
    exchange x;
    exchange y;
    if (!start_exchange(&x, false) || !start_exchange(&y, true))
        return;
    CHECK_ZERO(&x.server_ctx, sizeof x.server_ctx);
    genuine_reply_opens(&x);
    CHECK_ZERO(&x.client_ctx, sizeof x.client_ctx);
    y.reply[40] ^= 1;
    CHECK_STATUS(client_reads(&y, y.reply, y.reply_len), PSSST_ERR_DECRYPT_FAILED);
    CHECK_ZERO(&y.client_ctx, sizeof y.client_ctx);
    pssst_client_free(&x.client);
    pssst_client_free(&y.client);
}

static const test_case tests[] = {
    TEST_CASE(test_client_reply_context_is_single_use),
    TEST_CASE(test_client_reply_context_is_used_up_by_failed_decryption),
    TEST_CASE(test_client_reply_context_survives_rejections_before_decryption),
    TEST_CASE(test_server_reply_context_is_single_use),
    TEST_CASE(test_server_reply_context_survives_argument_errors),
    TEST_CASE(test_failed_request_leaves_server_context_unusable),
    TEST_CASE(test_failed_request_packing_leaves_client_context_unusable),
    TEST_CASE(test_reply_context_of_one_role_is_refused_by_the_other),
    TEST_CASE(test_unfilled_reply_context_is_refused),
    TEST_CASE(test_uninitialised_client_and_server_are_refused),
    TEST_CASE(test_free_wipes_and_disables_contexts),
    TEST_CASE(test_used_reply_context_is_wiped),
};

int main(int argc, char **argv)
{
    return test_main_with_server(argc, argv, tests, TEST_COUNT(tests), &keys, &server);
}
