/* SPDX-License-Identifier: Apache-2.0 */
/*
 * app.c - one anonymous transaction through an embedded pssst-c, using
 * only the public header. Exits 0 when the reply comes back intact.
 */
#include <pssst.h>
#include <stdio.h>
#include <string.h>

#define SUITE PSSST_SUITE_X25519_AESGCM128

static int fail(const char *what, pssst_status st)
{
    fprintf(stderr, "embed_app: %s: %s\n", what, pssst_strerror(st));
    return 1;
}

int main(void)
{
    uint8_t server_priv[PSSST_KEY_SIZE], server_pub[PSSST_KEY_SIZE];
    uint8_t request[128], reply[128], message[64];
    size_t request_len, reply_len, message_len;
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx client_ctx, server_ctx;
    pssst_status st;

    if ((st = pssst_keypair_generate(SUITE, server_priv, server_pub)) != PSSST_OK)
        return fail("keypair_generate", st);
    if ((st = pssst_client_init(&client, SUITE, server_pub, NULL)) != PSSST_OK)
        return fail("client_init", st);
    if ((st = pssst_server_init(&server, SUITE, server_priv)) != PSSST_OK)
        return fail("server_init", st);
    if ((st = pssst_pack_request(&client, (const uint8_t *)"ping", 4, request, sizeof request,
                                 &request_len, &client_ctx)) != PSSST_OK)
        return fail("pack_request", st);
    if ((st = pssst_unpack_request(&server, request, request_len, message, sizeof message,
                                   &message_len, NULL, NULL, &server_ctx)) != PSSST_OK)
        return fail("unpack_request", st);
    if ((st = pssst_pack_reply(&server_ctx, message, message_len, reply, sizeof reply,
                               &reply_len)) != PSSST_OK)
        return fail("pack_reply", st);
    if ((st = pssst_unpack_reply(&client_ctx, reply, reply_len, message, sizeof message,
                                 &message_len)) != PSSST_OK)
        return fail("unpack_reply", st);
    if (message_len != 4 || memcmp(message, "ping", 4) != 0) {
        fprintf(stderr, "embed_app: the reply is not the request echoed\n");
        return 1;
    }
    printf("embed_app: ping echoed through pssst %s (%s)\n", pssst_version(),
           pssst_crypto_library());
    pssst_client_free(&client);
    pssst_server_free(&server);
    return 0;
}
