/* SPDX-License-Identifier: Apache-2.0 */
/*
 * minimal.c - the README's minimal example with every status checked.
 * A client packs a request for a server's public key (spec 6.1), the server
 * unpacks it and echoes the message (spec 7, 8.1), and the client reads the
 * reply with the context its request left behind (spec 9).
 */
#include <pssst.h>
#include <stdio.h>
#include <string.h>

/* Prints what failed; returns 1 so that main can `return failed(...)`. */
static int failed(const char *step, pssst_status st)
{
    fprintf(stderr, "%s: %s (%s)\n", step, pssst_status_name(st), pssst_strerror(st));
    return 1;
}

int main(void)
{
    uint8_t server_priv[PSSST_KEY_SIZE], server_pub[PSSST_KEY_SIZE];
    pssst_status st = pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, server_priv, server_pub);
    if (st != PSSST_OK)
        return failed("keypair_generate", st);

    /* Client: pack a request for the server's public key. */
    pssst_client client;
    pssst_reply_ctx client_ctx;
    uint8_t request[128];
    size_t request_len;
    const char *hello = "hello";
    st = pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, server_pub, NULL);
    if (st != PSSST_OK)
        return failed("client_init", st);
    st = pssst_pack_request(&client, (const uint8_t *)hello, strlen(hello), request,
                            sizeof request, &request_len, &client_ctx);
    pssst_client_free(&client);
    if (st != PSSST_OK)
        return failed("pack_request", st);

    /* Server: unpack it and echo the message back. */
    pssst_server server;
    pssst_reply_ctx server_ctx;
    uint8_t message[64], reply[128];
    size_t message_len, reply_len;
    st = pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_priv);
    memset(server_priv, 0, sizeof server_priv); /* the server keeps its own copy */
    if (st != PSSST_OK)
        return failed("server_init", st);
    st = pssst_unpack_request(&server, request, request_len, message, sizeof message,
                              &message_len, NULL, NULL, &server_ctx);
    pssst_server_free(&server);
    if (st != PSSST_OK)
        return failed("unpack_request", st);
    st = pssst_pack_reply(&server_ctx, message, message_len, reply, sizeof reply, &reply_len);
    if (st != PSSST_OK)
        return failed("pack_reply", st);

    /* Client: read the reply with the context its request left behind. */
    uint8_t answer[64];
    size_t answer_len;
    st = pssst_unpack_reply(&client_ctx, reply, reply_len, answer, sizeof answer, &answer_len);
    if (st != PSSST_OK)
        return failed("unpack_reply", st);
    printf("%s: %.*s\n", pssst_status_name(st), (int)answer_len, (const char *)answer);

    /* The echo must be the message that was sent. */
    if (answer_len != strlen(hello) || memcmp(answer, hello, answer_len) != 0) {
        fprintf(stderr, "the reply is not the echo of the request\n");
        return 1;
    }
    return 0;
}
