/* SPDX-License-Identifier: Apache-2.0 */
/*
 * udp_client.c - a PSSST client on a UDP socket, written against the public
 * API (pssst.h) and POSIX sockets only; the counterpart of udp_server.c.
 *
 *   udp_client ADDR PORT SERVER_PUBLIC_HEX COUNT
 *
 * Sends COUNT anonymous requests, then COUNT client-authenticated ones
 * with a key pair made at start, and checks every reply: an anonymous
 * request must come back as it was sent, a client-authenticated one
 * preceded by the client's own public key. A request whose reply is late
 * is sent again unchanged (the server answers a repeat with the same
 * reply, spec 11.2). Exit status: 0 when every reply checked, 1 otherwise,
 * 2 on a usage error.
 */
#define _POSIX_C_SOURCE 200809L
#include <pssst.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_DATAGRAM 65535
#define REPLY_WAIT_MS 1000 /* before the request is sent again */
#define SENDS 4            /* the first send and three repeats */
#define SUITE PSSST_SUITE_X25519_AESGCM128

/* The value of one hex digit, or -1. */
static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads 64 hex digits into key; false when text is anything else. */
static bool parse_key(const char *text, uint8_t key[PSSST_KEY_SIZE])
{
    if (strlen(text) != 2 * PSSST_KEY_SIZE)
        return false;
    for (size_t i = 0; i < PSSST_KEY_SIZE; i++) {
        int high = hex_digit(text[2 * i]), low = hex_digit(text[2 * i + 1]);
        if (high < 0 || low < 0)
            return false;
        key[i] = (uint8_t)(high << 4 | low);
    }
    return true;
}

/* A UDP socket connected to addr:port (IPv4), or -1. */
static int connect_udp(const char *addr, unsigned long port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (port == 0 || port > 65535 || inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("udp_client: socket/connect");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/*
 * Waits up to REPLY_WAIT_MS for the reply that ctx expects and unpacks it.
 * Datagrams that are not that reply (malformed, or a late reply to an
 * earlier request) leave ctx ready and are skipped. On a timeout
 * *timed_out is set and ctx is still ready; otherwise the result of
 * pssst_unpack_reply is returned.
 */
static pssst_status await_reply(int fd, pssst_reply_ctx *ctx, uint8_t *message, size_t size,
                                size_t *message_len, bool *timed_out)
{
    static uint8_t packet[MAX_DATAGRAM];
    *timed_out = false;
    for (;;) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, REPLY_WAIT_MS) <= 0) {
            *timed_out = true;
            return PSSST_OK;
        }
        ssize_t n = recv(fd, packet, sizeof packet, 0);
        if (n < 0)
            continue;
        pssst_status st = pssst_unpack_reply(ctx, packet, (size_t)n, message, size, message_len);
        /* spec 9.1: these refusals come before decryption and leave ctx ready. */
        if (st == PSSST_ERR_MALFORMED || st == PSSST_ERR_NOT_REPLY ||
            st == PSSST_ERR_REPLY_MISMATCH || st == PSSST_ERR_UNSUPPORTED_SUITE)
            continue;
        return st;
    }
}

/* One transaction: pack, send, wait, resend; true when the reply checks. */
static bool transact(int fd, const pssst_client *client, const uint8_t *client_public,
                     const char *text)
{
    static uint8_t request[MAX_DATAGRAM], answer[MAX_DATAGRAM];
    size_t text_len = strlen(text), request_len, answer_len = 0;
    pssst_reply_ctx ctx;
    pssst_status st = pssst_pack_request(client, (const uint8_t *)text, text_len, request,
                                         sizeof request, &request_len, &ctx);
    bool timed_out = true;
    for (int send_no = 0; st == PSSST_OK && timed_out && send_no < SENDS; send_no++) {
        if (send(fd, request, request_len, 0) < 0) {
            perror("udp_client: send");
            break;
        }
        st = await_reply(fd, &ctx, answer, sizeof answer, &answer_len, &timed_out);
    }
    pssst_reply_ctx_free(&ctx);
    if (st != PSSST_OK || timed_out) {
        fprintf(stderr, "udp_client: \"%s\": %s\n", text,
                timed_out ? "no reply" : pssst_strerror(st));
        return false;
    }
    /* The expected reply: [client public key (client-auth)] + message. */
    size_t prefix = client_public != NULL ? PSSST_KEY_SIZE : 0;
    bool ok = answer_len == prefix + text_len &&
              (prefix == 0 || memcmp(answer, client_public, prefix) == 0) &&
              memcmp(answer + prefix, text, text_len) == 0;
    if (!ok)
        fprintf(stderr, "udp_client: \"%s\": the reply is not the expected one\n", text);
    return ok;
}

/* COUNT transactions with one client; returns how many checked. */
static unsigned long run(int fd, const pssst_client *client, const uint8_t *client_public,
                         unsigned long count)
{
    unsigned long good = 0;
    for (unsigned long i = 0; i < count; i++) {
        char text[64];
        snprintf(text, sizeof text, "%s request %lu",
                 client_public != NULL ? "client-auth" : "anonymous", i);
        good += transact(fd, client, client_public, text);
    }
    return good;
}

/* Both clients, COUNT transactions each; the exit status of main. */
static int client_main(int fd, const uint8_t server_public[PSSST_KEY_SIZE], unsigned long count)
{
    uint8_t client_private[PSSST_KEY_SIZE], client_public[PSSST_KEY_SIZE];
    pssst_client anonymous, authenticated;
    pssst_status st = pssst_client_init(&anonymous, SUITE, server_public, NULL);
    if (st == PSSST_OK)
        st = pssst_keypair_generate(SUITE, client_private, client_public);
    if (st == PSSST_OK)
        st = pssst_client_init(&authenticated, SUITE, server_public, client_private);
    memset(client_private, 0, sizeof client_private); /* the client keeps its own copy */
    unsigned long good = 0;
    if (st == PSSST_OK) {
        good = run(fd, &anonymous, NULL, count);
        good += run(fd, &authenticated, client_public, count);
        printf("udp_client: %lu of %lu replies checked\n", good, 2 * count);
        pssst_client_free(&authenticated);
    } else {
        fprintf(stderr, "udp_client: %s\n", pssst_strerror(st));
    }
    pssst_client_free(&anonymous);
    close(fd);
    return st == PSSST_OK && good == 2 * count ? 0 : 1;
}

int main(int argc, char **argv)
{
    uint8_t server_public[PSSST_KEY_SIZE];
    char *end = NULL;
    if (argc == 5 && parse_key(argv[3], server_public)) {
        unsigned long count = strtoul(argv[4], &end, 10);
        int fd = *end == '\0' ? connect_udp(argv[1], strtoul(argv[2], NULL, 10)) : -1;
        if (fd >= 0)
            return client_main(fd, server_public, count);
    }
    fprintf(stderr, "usage: udp_client IPV4_ADDR PORT SERVER_PUBLIC_HEX COUNT\n");
    return 2;
}
