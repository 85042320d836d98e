/* SPDX-License-Identifier: Apache-2.0 */
/*
 * udp_flood - test helper: sends COUNT invalid or replayed datagrams to an
 * echo server, paced at RATE per second, to check that the server stays up
 * and keeps answering valid clients (spec 11.6).
 *
 * Usage: udp_flood --connect ADDR:PORT --server-public HEX --count N
 *                  [--rate PER_SECOND]
 *
 * The datagrams cycle through these kinds, each aimed at one check of
 * spec 7.1 (the status the server should count is in brackets):
 *   random        random bytes of random length     [mostly UNSUPPORTED_SUITE]
 *   truncated     a valid request cut short          [MALFORMED / CLIENT_AUTH_FAILED]
 *   replay        a valid request sent again         [OK: replays are legal, 11.1]
 *   reply         a valid request with REPLY set     [NOT_REQUEST]
 *   forged        valid header, random dh and body   [DECRYPT_FAILED]
 *   bitflip       a valid request with one bit flipped [DECRYPT_FAILED / ...]
 *   reserved      a valid request with a reserved flag [MALFORMED]
 *   low-order     dh_param of order 1 (all zero)    [BAD_KEY]
 * At the end it prints "sent=N kind=count ..." and exits 0 when every
 * datagram left.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <pssst.h>

#include "hex.h"
#include "net_common.h"

#define VALID_POOL 64
#define MESSAGE_LEN 64
#define MAX_RANDOM_LEN 1200
#define BATCH 64
#define SLOT_SIZE 1280
#define MAX_COUNT 100000000ull
#define MAX_RATE 10000000ull
#define NS_PER_S 1000000000ull

typedef enum {
    KIND_RANDOM,
    KIND_TRUNCATED,
    KIND_REPLAY,
    KIND_REPLY,
    KIND_FORGED,
    KIND_BITFLIP,
    KIND_RESERVED,
    KIND_LOW_ORDER,
    KIND_COUNT
} kind;

static const char *const kind_names[KIND_COUNT] = {
    "random", "truncated", "replay", "reply", "forged", "bitflip", "reserved", "low_order",
};

typedef struct {
    uint8_t packet[VALID_POOL][MESSAGE_LEN + PSSST_OVERHEAD];
    size_t len[VALID_POOL];
    uint64_t rng;
} flood_state;

/* Test traffic only: the shared non-secret generator of tools/net_common. */
static uint64_t next_random(flood_state *f)
{
    return net_next_random(&f->rng);
}

static void random_bytes(flood_state *f, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(next_random(f) >> 56);
}

static void die(const char *msg)
{
    fprintf(stderr, "udp_flood: %s\n", msg);
    exit(2);
}

/* Builds datagram number i into out; returns its length. */
static size_t build(flood_state *f, uint64_t i, uint8_t *out, kind *k)
{
    size_t v = (size_t)(next_random(f) % VALID_POOL);
    const uint8_t *valid = f->packet[v];
    size_t len = f->len[v];

    *k = (kind)(i % KIND_COUNT);
    switch (*k) {
    case KIND_RANDOM:
        len = (size_t)(next_random(f) % (MAX_RANDOM_LEN + 1));
        random_bytes(f, out, len);
        return len;
    case KIND_TRUNCATED:
        len = (size_t)(next_random(f) % len);
        memcpy(out, valid, len);
        return len;
    case KIND_REPLAY:
        memcpy(out, valid, len);
        return len;
    case KIND_REPLY:
        memcpy(out, valid, len);
        out[0] |= (uint8_t)(PSSST_FLAG_REPLY >> 8);
        return len;
    case KIND_FORGED:
        memcpy(out, valid, PSSST_HEADER_SIZE);
        random_bytes(f, out + PSSST_HEADER_SIZE, len - PSSST_HEADER_SIZE);
        return len;
    case KIND_BITFLIP: {
        size_t bit = (size_t)(next_random(f) % (len * 8));
        memcpy(out, valid, len);
        out[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        return len;
    }
    case KIND_RESERVED:
        memcpy(out, valid, len);
        out[1] |= (uint8_t)(1u << (next_random(f) % 8)); /* bits 0-7: reserved (spec 4.3) */
        return len;
    case KIND_LOW_ORDER:
        memcpy(out, valid, len);
        memset(out + PSSST_HEADER_SIZE, 0, PSSST_KEY_SIZE);
        return len;
    case KIND_COUNT:
        break;
    }
    return 0;
}

static void make_valid(flood_state *f, const char *server_hex)
{
    uint8_t server_public[PSSST_KEY_SIZE], message[MESSAGE_LEN];
    size_t got = 0;
    pssst_client client;

    if (hex_decode(server_hex, strlen(server_hex), server_public, sizeof server_public, &got,
                   NULL) != HEX_OK ||
        got != PSSST_KEY_SIZE)
        die("--server-public needs 64 hex digits");
    if (pssst_client_init(&client, PSSST_SUITE_X25519_AESGCM128, server_public, NULL) != PSSST_OK)
        die("client init failed");
    for (size_t i = 0; i < VALID_POOL; i++) {
        pssst_reply_ctx ctx;
        random_bytes(f, message, sizeof message);
        if (pssst_pack_request(&client, message, sizeof message, f->packet[i],
                               sizeof f->packet[i], &f->len[i], &ctx) != PSSST_OK)
            die("pack request failed");
        pssst_reply_ctx_free(&ctx);
    }
    pssst_client_free(&client);
}

static void pace(uint64_t start, uint64_t sent, uint64_t rate)
{
    uint64_t due, now;
    if (rate == 0)
        return;
    due = start + sent * NS_PER_S / rate;
    now = net_now_ns();
    if (due > now) {
        struct timespec ts = {(time_t)((due - now) / NS_PER_S), (long)((due - now) % NS_PER_S)};
        nanosleep(&ts, NULL);
    }
}

int main(int argc, char **argv)
{
    const char *connect_to = NULL, *server_hex = NULL;
    uint64_t count = 0, rate = 0, sent = 0, errors = 0, by_kind[KIND_COUNT] = {0};
    static uint8_t slots[BATCH][SLOT_SIZE];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    static flood_state f;
    net_address addr;
    char err[256];
    uint64_t start;
    int fd;

    for (int i = 1; i < argc; i += 2) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (value == NULL)
            die("every option needs a value");
        if (strcmp(argv[i], "--connect") == 0)
            connect_to = value;
        else if (strcmp(argv[i], "--server-public") == 0)
            server_hex = value;
        else if (strcmp(argv[i], "--count") == 0) {
            if (!net_parse_u64(value, 1, MAX_COUNT, &count))
                die("--count must be a number from 1 to 100000000");
        } else if (strcmp(argv[i], "--rate") == 0) {
            if (!net_parse_u64(value, 0, MAX_RATE, &rate))
                die("--rate must be a number from 0 to 10000000");
        } else {
            die("unknown option (see the usage at the top of udp_flood.c)");
        }
    }
    if (connect_to == NULL || server_hex == NULL || count == 0)
        die("usage: udp_flood --connect ADDR:PORT --server-public HEX --count N [--rate R]");
    if (!net_parse_address(connect_to, &addr, err, sizeof err))
        die(err);
    if (getrandom(&f.rng, sizeof f.rng, 0) != (ssize_t)sizeof f.rng || f.rng == 0)
        f.rng = net_now_ns() | 1u;
    make_valid(&f, server_hex);
    fd = socket(addr.addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (const struct sockaddr *)&addr.addr, addr.len) != 0)
        die(strerror(errno));

    start = net_now_ns();
    while (sent < count) {
        unsigned n = count - sent < BATCH ? (unsigned)(count - sent) : BATCH;
        for (unsigned j = 0; j < n; j++) {
            kind k;
            iov[j].iov_base = slots[j];
            iov[j].iov_len = build(&f, sent + j, slots[j], &k);
            by_kind[k]++;
            memset(&msgs[j].msg_hdr, 0, sizeof msgs[j].msg_hdr);
            msgs[j].msg_hdr.msg_iov = &iov[j];
            msgs[j].msg_hdr.msg_iovlen = 1;
        }
        for (unsigned done = 0; done < n;) {
            int rc = sendmmsg(fd, msgs + done, n - done, 0);
            if (rc > 0) {
                done += (unsigned)rc;
            } else if (rc < 0 && errno != EINTR) {
                errors++; /* e.g. ECONNREFUSED from an earlier ICMP error: skip one */
                done++;
            }
        }
        sent += n;
        pace(start, sent, rate);
    }
    printf("sent=%llu send_errors=%llu seconds=%.3f", (unsigned long long)sent,
           (unsigned long long)errors, (double)(net_now_ns() - start) / 1e9);
    for (int k = 0; k < KIND_COUNT; k++)
        printf(" %s=%llu", kind_names[k], (unsigned long long)by_kind[k]);
    printf("\n");
    close(fd);
    return errors == 0 ? 0 : 1;
}
