/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_fixture.c - keys, clients and packets made before any timing starts,
 * so that each timed call does only the work of its operation.
 */
#include <string.h>

#include "bench.h"
#include "crypto.h"

static void make_requests(fixture *f, int mode, size_t si)
{
    const pssst_client *client = mode ? &f->auth : &f->anon;
    size_t size = bench_message_sizes[si];

    for (size_t i = 0; i < REQUEST_POOL; i++) {
        pssst_reply_ctx ctx;
        bench_check(pssst_pack_request(client, f->message, size, f->requests[mode][si][i],
                                       sizeof f->requests[mode][si][i],
                                       &f->request_len[mode][si][i], &ctx),
                    "fixture pack");
        pssst_reply_ctx_free(&ctx);
    }
}

static void make_replies(fixture *f, int mode, size_t si)
{
    const pssst_client *client = mode ? &f->auth : &f->anon;
    size_t size = bench_message_sizes[si];
    uint8_t request[MAX_MESSAGE + PSSST_OVERHEAD + PSSST_PROOF_SIZE];
    uint8_t plain[MAX_MESSAGE];

    for (size_t i = 0; i < REPLY_POOL; i++) {
        size_t request_len, plain_len;
        pssst_reply_ctx server_ctx;
        bench_check(pssst_pack_request(client, f->message, size, request, sizeof request,
                                       &request_len, &f->reply_ctx[mode][si][i]),
                    "fixture pack");
        bench_check(pssst_unpack_request(&f->server, request, request_len, plain, sizeof plain,
                                         &plain_len, NULL, NULL, &server_ctx),
                    "fixture unpack");
        bench_check(pssst_pack_reply(&server_ctx, plain, plain_len, f->replies[mode][si][i],
                                     sizeof f->replies[mode][si][i], &f->reply_len[mode][si][i]),
                    "fixture reply");
    }
}

static void make_keys(fixture *f)
{
    uint8_t server_private[PSSST_KEY_SIZE], server_public[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE], client_public[PSSST_KEY_SIZE];

    bench_check(pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, server_private,
                                       server_public),
                "keypair");
    bench_check(pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, client_private,
                                       client_public),
                "keypair");
    bench_check(pssst_server_init(&f->server, PSSST_SUITE_X25519_AESGCM128, server_private),
                "server init");
    bench_check(pssst_client_init(&f->anon, PSSST_SUITE_X25519_AESGCM128, server_public, NULL),
                "client init");
    bench_check(pssst_client_init(&f->auth, PSSST_SUITE_X25519_AESGCM128, server_public,
                                  client_private),
                "client init");
    pssst_wipe(server_private, sizeof server_private);
    pssst_wipe(client_private, sizeof client_private);
}

void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    make_keys(f);
    if (pssst_random(&f->scalars[0][0], sizeof f->scalars) != PSSST_CRYPTO_OK ||
        pssst_random(f->message, sizeof f->message) != PSSST_CRYPTO_OK)
        bench_die("random", NULL);
    /* Points of known scalars: every variable-base call gets a valid point. */
    for (size_t i = 0; i < REQUEST_POOL; i++) {
        if (pssst_x25519_base(f->points[i], f->scalars[(i + 1) % REQUEST_POOL]) != 0)
            bench_die("x25519 base", NULL);
    }
    for (int mode = 0; mode < 2; mode++) {
        for (size_t si = 0; si < SIZE_COUNT; si++) {
            make_requests(f, mode, si);
            make_replies(f, mode, si);
        }
    }
}

void fixture_free(fixture *f)
{
    pssst_server_free(&f->server);
    pssst_client_free(&f->anon);
    pssst_client_free(&f->auth);
}
