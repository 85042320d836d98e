/* SPDX-License-Identifier: Apache-2.0 */
/*
 * udp_server.c - a PSSST server on a UDP socket, written against the public
 * API (pssst.h) and POSIX sockets only.
 *
 *   udp_server [-a ADDR] [-p PORT] [-n COUNT]
 *
 * It makes a fresh key pair, binds ADDR:PORT (default 127.0.0.1, port 0:
 * the system picks one) and prints one line, "port PORT public HEX", so
 * that a client knows where to send and which key to use. It answers each
 * valid request: an anonymous request gets its message back; a
 * client-authenticated one gets the client's proven public key followed
 * by the message, so the client can see that the server knows who it is.
 * Either reply is no longer than its request (spec 11.6: no amplification)
 * and a function of the request alone, so a replayed request gets the same
 * reply again (spec 11.2). Invalid datagrams get no answer at all (spec
 * 11.6). It stops after COUNT answers (0: never) or on SIGINT or SIGTERM.
 */
#define _POSIX_C_SOURCE 200809L
#include <pssst.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_DATAGRAM 65535
#define POLL_MS 200 /* how often the loop looks at the stop flag */
#define SUITE PSSST_SUITE_X25519_AESGCM128

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Binds a UDP socket to addr:port; returns it, or -1 after saying why. */
static int bind_udp(const char *addr, unsigned port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        fprintf(stderr, "udp_server: not an IPv4 address: %s\n", addr);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("udp_server: socket/bind");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Prints "port PORT public HEX" for the client, and flushes it. */
static int announce(int fd, const uint8_t public_key[PSSST_KEY_SIZE])
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        perror("udp_server: getsockname");
        return -1;
    }
    printf("port %u public ", (unsigned)ntohs(sa.sin_port));
    for (size_t i = 0; i < PSSST_KEY_SIZE; i++)
        printf("%02x", public_key[i]);
    printf("\n");
    return fflush(stdout) == 0 ? 0 : -1;
}

/*
 * Unpacks one request and packs its reply into reply[]. Returns the reply's
 * length, or 0 when the datagram is to be dropped (its status is printed).
 */
static size_t answer(const pssst_server *server, const uint8_t *packet, size_t packet_len,
                     uint8_t *reply, size_t reply_size)
{
    static uint8_t body[MAX_DATAGRAM]; /* client key (client-auth) + message */
    uint8_t client_key[PSSST_KEY_SIZE];
    bool authenticated;
    size_t message_len, reply_len;
    pssst_reply_ctx ctx;
    /* The message lands after room for the client key: the reply needs no copy. */
    pssst_status st = pssst_unpack_request(server, packet, packet_len, body + PSSST_KEY_SIZE,
                                           sizeof body - PSSST_KEY_SIZE, &message_len,
                                           client_key, &authenticated, &ctx);
    if (st != PSSST_OK) {
        fprintf(stderr, "udp_server: dropped %zu bytes: %s\n", packet_len, pssst_status_name(st));
        return 0;
    }
    const uint8_t *out = body + PSSST_KEY_SIZE;
    size_t out_len = message_len;
    if (authenticated) {
        memcpy(body, client_key, PSSST_KEY_SIZE);
        out = body;
        out_len += PSSST_KEY_SIZE;
    }
    st = pssst_pack_reply(&ctx, out, out_len, reply, reply_size, &reply_len);
    pssst_reply_ctx_free(&ctx);
    if (st != PSSST_OK) {
        fprintf(stderr, "udp_server: pack_reply: %s\n", pssst_strerror(st));
        return 0;
    }
    return reply_len;
}

/* Answers until count answers were sent (0: no limit) or a signal; returns the count. */
static unsigned long serve(int fd, const pssst_server *server, unsigned long count)
{
    static uint8_t packet[MAX_DATAGRAM], reply[MAX_DATAGRAM];
    unsigned long answered = 0;
    while (!stop_requested && (count == 0 || answered < count)) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, POLL_MS) <= 0)
            continue; /* timeout, or EINTR from a signal: look at the flag */
        struct sockaddr_storage from;
        socklen_t from_len = sizeof from;
        ssize_t n = recvfrom(fd, packet, sizeof packet, 0, (struct sockaddr *)&from, &from_len);
        if (n < 0)
            continue;
        size_t reply_len = answer(server, packet, (size_t)n, reply, sizeof reply);
        if (reply_len == 0)
            continue;
        if (sendto(fd, reply, reply_len, 0, (struct sockaddr *)&from, from_len) < 0)
            perror("udp_server: sendto");
        else
            answered++;
    }
    return answered;
}

/* A decimal number with nothing after it; false for anything else. */
static bool parse_number(const char *text, unsigned long *out)
{
    char *end;
    errno = 0;
    *out = strtoul(text, &end, 10);
    return text[0] >= '0' && text[0] <= '9' && *end == '\0' && errno == 0;
}

int main(int argc, char **argv)
{
    const char *addr = "127.0.0.1";
    unsigned long port = 0, count = 0;
    int opt;
    bool ok = true;
    while ((opt = getopt(argc, argv, "a:p:n:")) != -1) {
        if (opt == 'a')
            addr = optarg;
        else if (opt == 'p')
            ok = ok && parse_number(optarg, &port);
        else if (opt == 'n')
            ok = ok && parse_number(optarg, &count);
        else
            ok = false;
    }
    if (!ok || optind != argc || port > 65535) {
        fprintf(stderr, "usage: udp_server [-a IPV4_ADDR] [-p PORT] [-n COUNT]\n");
        return 2;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    uint8_t private_key[PSSST_KEY_SIZE], public_key[PSSST_KEY_SIZE];
    pssst_server server;
    pssst_status st = pssst_keypair_generate(SUITE, private_key, public_key);
    if (st == PSSST_OK)
        st = pssst_server_init(&server, SUITE, private_key);
    memset(private_key, 0, sizeof private_key); /* the server keeps its own copy */
    if (st != PSSST_OK) {
        fprintf(stderr, "udp_server: %s\n", pssst_strerror(st));
        return 1;
    }
    int fd = bind_udp(addr, (unsigned)port);
    if (fd < 0 || announce(fd, public_key) != 0) {
        pssst_server_free(&server);
        return 1;
    }
    unsigned long answered = serve(fd, &server, count);
    fprintf(stderr, "udp_server: %lu requests answered\n", answered);
    close(fd);
    pssst_server_free(&server);
    return 0;
}
