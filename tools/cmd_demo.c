/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst demo`: one anonymous and one client-authenticated transaction
 * between a client and a server in this process, printed step by step.
 * Every step is checked; the exit status is 0 only when both round trips
 * verified.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "keyfile.h"

/* Longest message accepted with --message. */
#define DEMO_MAX_MESSAGE 1024
/* The server echoes the request message: its reply packet is then never
 * longer than the request, as spec 11.6 asks of a server (no amplification). */
#define DEMO_MAX_PACKET (PSSST_OVERHEAD + PSSST_PROOF_SIZE + DEMO_MAX_MESSAGE)

static const char default_message[] = "hello from the pssst demo";

static void demo_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s demo [-m TEXT]\n"
            "\n"
            "Makes a server key pair and a client key pair, then runs two transactions\n"
            "in this process: an anonymous one and a client-authenticated one. Prints\n"
            "the keys, the request packet, what the server got, the reply packet and\n"
            "what the client got, and checks each step. The server echoes the message,\n"
            "so its reply is no longer than the request (spec 11.6: no amplification).\n"
            "Exits 0 only when both round trips verified.\n"
            "\n"
            "  -m, --message TEXT  request message (default \"%s\", at most %d bytes)\n"
            "  -h, --help          show this help\n",
            TOOL_NAME, default_message, DEMO_MAX_MESSAGE);
}

/* Keys of both parties. */
typedef struct {
    uint8_t server_private[PSSST_KEY_SIZE];
    uint8_t server_public[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE];
    uint8_t client_public[PSSST_KEY_SIZE];
} demo_keys;

/* Prints bytes as quoted text, escaping what is not printable ASCII. */
static void print_text(const char *label, const uint8_t *bytes, size_t len)
{
    printf("  %-22s \"", label);
    for (size_t i = 0; i < len; i++) {
        if (bytes[i] == '"' || bytes[i] == '\\')
            printf("\\%c", bytes[i]);
        else if (isprint(bytes[i]))
            putchar(bytes[i]);
        else
            printf("\\x%02x", bytes[i]);
    }
    printf("\" (%zu bytes)\n", len);
}

static void print_hex(const char *label, const uint8_t *bytes, size_t len)
{
    printf("  %-22s ", label);
    cli_print_hex_line(stdout, bytes, len);
}

static void print_packet(const char *label, const uint8_t *packet, size_t len)
{
    printf("  %-22s %zu bytes\n    ", label, len);
    cli_print_hex_line(stdout, packet, len);
}

/* Reports a failed step; returns false so that callers can `return step_failed(...)`. */
static bool step_failed(const char *what, pssst_status st)
{
    printf("  FAILED: %s: %s (%s)\n", what, pssst_status_name(st), pssst_strerror(st));
    return false;
}

static bool check(bool ok, const char *what)
{
    printf("  check: %-44s %s\n", what, ok ? "ok" : "FAILED");
    return ok;
}

static bool same_bytes(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

/* The server's side: unpack, check, answer. Fills reply_packet. */
static bool demo_server(const demo_keys *keys, bool client_auth, const uint8_t *request,
                        size_t request_len, const uint8_t *packet, size_t packet_len,
                        uint8_t *reply_packet, size_t *reply_packet_len)
{
    pssst_server server;
    pssst_status st = pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, keys->server_private);
    if (st != PSSST_OK)
        return step_failed("server init", st);

    uint8_t message[DEMO_MAX_PACKET];
    size_t message_len = 0;
    uint8_t client_key[PSSST_KEY_SIZE];
    bool authenticated = false;
    pssst_reply_ctx ctx;
    st = pssst_unpack_request(&server, packet, packet_len, message, sizeof message, &message_len,
                              client_key, &authenticated, &ctx);
    pssst_server_free(&server);
    if (st != PSSST_OK)
        return step_failed("server unpack", st);
    print_text("server got:", message, message_len);
    if (authenticated)
        print_hex("from client:", client_key, sizeof client_key);
    else
        printf("  %-22s anonymous\n", "from client:");

    bool ok = check(same_bytes(message, message_len, request, request_len),
                    "server got the message the client sent");
    if (client_auth)
        ok = check(authenticated && memcmp(client_key, keys->client_public, PSSST_KEY_SIZE) == 0,
                   "server authenticated the client's key") && ok;
    else
        ok = check(!authenticated, "server saw an anonymous client") && ok;

    print_text("server replies:", message, message_len);
    st = pssst_pack_reply(&ctx, message, message_len, reply_packet, DEMO_MAX_PACKET,
                          reply_packet_len);
    if (st != PSSST_OK) {
        pssst_reply_ctx_free(&ctx);
        return step_failed("server pack reply", st);
    }
    print_packet("reply packet:", reply_packet, *reply_packet_len);
    ok = check(*reply_packet_len <= packet_len,
               "reply no longer than the request (spec 11.6)") && ok;
    size_t again_len = 0;
    uint8_t again[DEMO_MAX_PACKET];
    st = pssst_pack_reply(&ctx, message, message_len, again, sizeof again, &again_len);
    ok = check(st == PSSST_ERR_CONTEXT_USED, "server reply context is single use") && ok;
    return ok;
}

/* One transaction in one mode; true when every check passed. */
static bool demo_transaction(const demo_keys *keys, bool client_auth, const uint8_t *request,
                             size_t request_len)
{
    printf("\n%s transaction\n", client_auth ? "Client-authenticated" : "Anonymous");
    pssst_client client;
    pssst_status st = pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, keys->server_public,
                                        client_auth ? keys->client_private : NULL);
    if (st != PSSST_OK)
        return step_failed("client init", st);

    uint8_t packet[DEMO_MAX_PACKET];
    size_t packet_len = 0;
    pssst_reply_ctx ctx;
    print_text("client sends:", request, request_len);
    st = pssst_pack_request(&client, request, request_len, packet, sizeof packet, &packet_len, &ctx);
    pssst_client_free(&client);
    if (st != PSSST_OK)
        return step_failed("client pack request", st);
    print_packet("request packet:", packet, packet_len);

    uint8_t reply_packet[DEMO_MAX_PACKET];
    size_t reply_packet_len = 0;
    bool ok = demo_server(keys, client_auth, request, request_len, packet, packet_len,
                          reply_packet, &reply_packet_len);
    if (reply_packet_len == 0) {
        pssst_reply_ctx_free(&ctx);
        return false;
    }

    uint8_t reply[DEMO_MAX_PACKET];
    size_t reply_len = 0;
    st = pssst_unpack_reply(&ctx, reply_packet, reply_packet_len, reply, sizeof reply, &reply_len);
    if (st != PSSST_OK) {
        pssst_reply_ctx_free(&ctx);
        return step_failed("client unpack reply", st);
    }
    print_text("client got:", reply, reply_len);
    ok = check(same_bytes(reply, reply_len, request, request_len),
               "client got its message back") && ok;
    st = pssst_unpack_reply(&ctx, reply_packet, reply_packet_len, reply, sizeof reply, &reply_len);
    ok = check(st == PSSST_ERR_CONTEXT_USED, "client reply context is single use") && ok;
    printf("  result: %s\n", ok ? "round trip verified" : "FAILED");
    return ok;
}

static bool make_keys(demo_keys *keys)
{
    pssst_status st = pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, keys->server_private,
                                             keys->server_public);
    if (st == PSSST_OK)
        st = pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, keys->client_private,
                                    keys->client_public);
    if (st != PSSST_OK)
        return step_failed("key generation", st);
    printf("Keys (generated for this run; private keys are not shown)\n");
    print_hex("server public key:", keys->server_public, PSSST_KEY_SIZE);
    print_hex("client public key:", keys->client_public, PSSST_KEY_SIZE);
    return true;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"message", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *message = default_message;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":m:h", longopts, NULL)) != -1) {
        if (c == 'h') {
            demo_usage(stdout);
            return TOOL_EXIT_OK;
        }
        if (c != 'm')
            return cli_option_error(argv[0], c, argv);
        message = optarg;
    }
    if (optind < argc)
        return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    size_t message_len = strlen(message);
    if (message_len > DEMO_MAX_MESSAGE)
        return cli_usage_error(argv[0], "the message has %zu bytes; at most %d are allowed",
                               message_len, DEMO_MAX_MESSAGE);

    printf("PSSST demo: library %s, X25519 backend %s\n", pssst_version(), pssst_x25519_backend());
    demo_keys keys;
    if (!make_keys(&keys)) {
        keyfile_wipe(&keys, sizeof keys);
        return TOOL_EXIT_FAILURE;
    }
    const uint8_t *request = (const uint8_t *)message;
    bool anonymous_ok = demo_transaction(&keys, false, request, message_len);
    bool auth_ok = demo_transaction(&keys, true, request, message_len);
    keyfile_wipe(&keys, sizeof keys);
    printf("\nanonymous: %s, client-authenticated: %s\n", anonymous_ok ? "verified" : "FAILED",
           auth_ok ? "verified" : "FAILED");
    return anonymous_ok && auth_ok ? TOOL_EXIT_OK : TOOL_EXIT_FAILURE;
}
