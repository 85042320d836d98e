/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The libsodium build allocates nothing on the heap per transaction: a
 * stateless server answering millions of requests must not depend on the
 * allocator (spec 11.6, denial of service). This binary replaces malloc and
 * its relatives with counting wrappers around glibc's own allocator, so
 * that allocations made anywhere in the process, including inside mbedTLS
 * and libsodium, are seen; the tests count them between two points.
 *
 * The mbedTLS reference build is skipped: its X25519 runs on mbedTLS's
 * bignum code, which allocates by design (pssst.h, conventions).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/gcm.h>

#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define TRANSACTIONS 1000
#define MESSAGE_LEN 64
#define PACKET_SIZE (MESSAGE_LEN + PSSST_OVERHEAD + PSSST_PROOF_SIZE)

/* glibc's allocator under its internal names. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

static atomic_ulong allocations;

void *malloc(size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_realloc(p, size);
}

void *aligned_alloc(size_t align, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    void *p;
    atomic_fetch_add(&allocations, 1);
    p = __libc_memalign(align, size);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void free(void *p)
{
    __libc_free(p);
}

static uint8_t server_private[KEY], server_public[KEY], client_private[KEY], client_public[KEY];

static bool skip_reference_build(void)
{
    if (strcmp(pssst_x25519_backend(), "libsodium") == 0)
        return false;
    test_skip("the %s build's X25519 allocates inside mbedTLS's bignum code by design; "
              "the no-allocation rule is for the libsodium build",
              pssst_x25519_backend());
    return true;
}

static bool setup_keys(void)
{
    return CHECK_STATUS(pssst_keypair_generate(SUITE, server_private, server_public), PSSST_OK) &&
           CHECK_STATUS(pssst_keypair_generate(SUITE, client_private, client_public), PSSST_OK);
}

/* The counter is only worth something if it sees an allocation made
 * inside a shared library: mbedTLS's GCM key setup allocates its cipher
 * context with calloc. */
static void counter_sees_allocations_inside_mbedtls(void)
{
    static const uint8_t key[16] = {1};
    mbedtls_gcm_context gcm;
    unsigned long before, after;

    mbedtls_gcm_init(&gcm);
    before = atomic_load(&allocations);
    CHECK(mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 128) == 0);
    after = atomic_load(&allocations);
    mbedtls_gcm_free(&gcm);
    CHECK(after > before);
}

/* One request packed by a client of the given mode; fails the test on error. */
static bool make_request(const pssst_client *client, uint8_t *packet, size_t *len)
{
    uint8_t message[MESSAGE_LEN];
    pssst_reply_ctx ctx;
    fill_pattern(message, sizeof message, 7);
    return CHECK_STATUS(pssst_pack_request(client, message, sizeof message, packet, PACKET_SIZE,
                                           len, &ctx),
                        PSSST_OK);
}

static void server_unpack_and_reply(bool client_auth)
{
    pssst_server server;
    pssst_client client;
    uint8_t request[PACKET_SIZE], message[PACKET_SIZE], reply[PACKET_SIZE], who[KEY];
    size_t request_len, message_len, reply_len;
    unsigned long before, after;
    bool authenticated;

    if (skip_reference_build() || !setup_keys())
        return;
    if (!CHECK_STATUS(pssst_server_init(&server, SUITE, server_private), PSSST_OK) ||
        !CHECK_STATUS(pssst_client_init(&client, SUITE, server_public,
                                        client_auth ? client_private : NULL),
                      PSSST_OK) ||
        !make_request(&client, request, &request_len))
        return;
    before = atomic_load(&allocations);
    for (int i = 0; i < TRANSACTIONS; i++) {
        pssst_reply_ctx ctx;
        if (!CHECK_STATUS(pssst_unpack_request(&server, request, request_len, message,
                                               sizeof message, &message_len, who,
                                               &authenticated, &ctx),
                          PSSST_OK) ||
            !CHECK_STATUS(pssst_pack_reply(&ctx, message, message_len, reply, sizeof reply,
                                           &reply_len),
                          PSSST_OK))
            return;
    }
    after = atomic_load(&allocations);
    test_note("%lu allocations in %d server transactions", after - before, TRANSACTIONS);
    CHECK(after == before);
}

static void client_pack_and_unpack(bool client_auth)
{
    pssst_server server;
    pssst_client client;
    uint8_t message[MESSAGE_LEN], request[PACKET_SIZE], plain[PACKET_SIZE], reply[PACKET_SIZE];
    size_t request_len, plain_len, reply_len;
    unsigned long counted = 0;

    if (skip_reference_build() || !setup_keys())
        return;
    if (!CHECK_STATUS(pssst_server_init(&server, SUITE, server_private), PSSST_OK) ||
        !CHECK_STATUS(pssst_client_init(&client, SUITE, server_public,
                                        client_auth ? client_private : NULL),
                      PSSST_OK))
        return;
    fill_pattern(message, sizeof message, 3);
    for (int i = 0; i < TRANSACTIONS; i++) {
        pssst_reply_ctx client_ctx, server_ctx;
        unsigned long before = atomic_load(&allocations);
        if (!CHECK_STATUS(pssst_pack_request(&client, message, sizeof message, request,
                                             sizeof request, &request_len, &client_ctx),
                          PSSST_OK))
            return;
        counted += atomic_load(&allocations) - before;
        /* The server's part is counted by the server tests. */
        if (!CHECK_STATUS(pssst_unpack_request(&server, request, request_len, plain,
                                               sizeof plain, &plain_len, NULL, NULL,
                                               &server_ctx),
                          PSSST_OK) ||
            !CHECK_STATUS(pssst_pack_reply(&server_ctx, plain, plain_len, reply, sizeof reply,
                                           &reply_len),
                          PSSST_OK))
            return;
        before = atomic_load(&allocations);
        if (!CHECK_STATUS(pssst_unpack_reply(&client_ctx, reply, reply_len, plain, sizeof plain,
                                             &plain_len),
                          PSSST_OK))
            return;
        counted += atomic_load(&allocations) - before;
    }
    test_note("%lu allocations in %d client transactions", counted, TRANSACTIONS);
    CHECK(counted == 0);
}

static void server_anonymous_transaction_allocates_nothing(void)
{
    server_unpack_and_reply(false);
}

static void server_client_auth_transaction_allocates_nothing(void)
{
    server_unpack_and_reply(true);
}

static void client_anonymous_transaction_allocates_nothing(void)
{
    client_pack_and_unpack(false);
}

static void client_auth_transaction_allocates_nothing(void)
{
    client_pack_and_unpack(true);
}

int main(int argc, char **argv)
{
    static const test_case tests[] = {
        TEST_CASE(counter_sees_allocations_inside_mbedtls),
        TEST_CASE(server_anonymous_transaction_allocates_nothing),
        TEST_CASE(server_client_auth_transaction_allocates_nothing),
        TEST_CASE(client_anonymous_transaction_allocates_nothing),
        TEST_CASE(client_auth_transaction_allocates_nothing),
    };
    return test_main(argc, argv, tests, TEST_COUNT(tests));
}
