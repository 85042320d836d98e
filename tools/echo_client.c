/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client`: sends COUNT transactions to an echo server (or a
 * pool of them behind a UDP load balancer), keeps up to W of them in
 * flight, verifies every reply (spec 9) and reports throughput, latency,
 * retries and losses.
 *
 * A request whose reply does not come in time is sent again unchanged:
 * PSSST requests are idempotent and the server keeps no state (spec 11.1),
 * so any server of a pool can answer the copy. With --prepacked K the
 * client packs K requests once and cycles them; every transaction verifies
 * its reply with a copy of the reply context taken when its request was
 * packed, so load generation costs one AES-GCM open per transaction.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "hex.h"
#include "keyfile.h"
#include "net_common.h"

#define EC_DEFAULT_COUNT 1000
#define EC_DEFAULT_CONCURRENCY 16
#define EC_DEFAULT_TIMEOUT_MS 200
#define EC_DEFAULT_RETRIES 5
#define EC_DEFAULT_SIZE 64
#define EC_MAX_COUNT 100000000ull
#define EC_MAX_CONCURRENCY 4096
#define EC_MAX_SOCKETS 64
#define EC_MAX_POLL_US 100000
#define EC_DEFAULT_MAX_SOCKETS 8
#define EC_MAX_TIMEOUT_MS 600000
#define EC_MAX_RETRIES 1000
#define EC_MAX_PREPACKED 1000000
#define EC_MAX_SIZE (NET_MAX_DATAGRAM - PSSST_OVERHEAD - PSSST_PROOF_SIZE)
#define EC_MAX_BACKOFF_SHIFT 3 /* resend waits: timeout x 1, 2, 4, 8, 8, ... */
#define EC_RECV_BATCH 64
#define EC_SEND_BATCH 64
#define EC_RECV_BUFFER 65536
#define EC_PROGRESS_NS 250000000ull
#define EC_DH_OFFSET PSSST_HEADER_SIZE
#define NS_PER_MS 1000000ull
#define NS_PER_US 1000.0

typedef struct {
    const char *server_public_hex;
    const char *connect;
    const char *client_key_path;
    uint64_t count;
    unsigned concurrency;
    unsigned timeout_ms;
    unsigned retries;
    unsigned sockets;
    size_t size;
    unsigned prepacked;
    unsigned poll_us;
} ec_options;

/* One transaction in flight. */
typedef struct {
    bool busy;
    unsigned sock;
    unsigned attempts;
    uint64_t first_send_ns;
    uint64_t deadline_ns;
    const uint8_t *packet;  /* own buffer, or a prepacked request */
    size_t packet_len;
    const uint8_t *message; /* what the echo must return */
    uint8_t *own_packet;
    uint8_t *own_message;
    pssst_reply_ctx ctx;
} ec_slot;

/* Requests packed in advance (--prepacked) and their pristine contexts. */
typedef struct {
    unsigned count;
    size_t packet_size;
    uint8_t *packets;
    size_t *packet_len;
    uint8_t *messages;
    pssst_reply_ctx *ctx;
    unsigned next;
} ec_prepacked;

typedef struct {
    uint64_t started;
    uint64_t verified;
    uint64_t lost;
    uint64_t failed;      /* a reply that authenticated but carried another message */
    uint64_t retries;
    uint64_t duplicates;  /* replies matching no transaction in flight (late copies) */
    uint64_t bad_replies; /* replies for a transaction in flight that failed to verify */
    uint64_t send_errors;
} ec_stats;

/* Requests waiting to leave on one socket, sent in one sendmmsg. */
typedef struct {
    unsigned count;
    struct mmsghdr msgs[EC_SEND_BATCH];
    struct iovec iov[EC_SEND_BATCH];
} ec_send_queue;

typedef struct {
    ec_options opt;
    pssst_client client;
    int fds[EC_MAX_SOCKETS];
    ec_send_queue *queues;
    ec_slot *slots;
    ec_prepacked pre;
    ec_stats stats;
    float *latency_us;
    uint64_t rng;
    uint8_t *recv_buffers;
    uint8_t reply_message[EC_RECV_BUFFER];
    bool progress;
    uint64_t last_progress_ns;
    uint64_t start_ns;
} ec_state;

static void ec_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s echo-client --server-public HEX|FILE --connect ADDR:PORT [-n COUNT]\n"
            "                         [--concurrency W] [--timeout MS] [--retries R]\n"
            "                         [--client-key FILE] [--size BYTES] [--prepacked K]\n"
            "                         [--sockets S] [--poll-us US]\n"
            "\n"
            "Runs COUNT transactions against a PSSST echo server, W at a time, verifies\n"
            "every reply, resends a request unchanged when its reply is late, and prints\n"
            "throughput, latency percentiles, retries and lost transactions. Exits 0 only\n"
            "when every transaction was verified.\n"
            "\n"
            "  --server-public HEX|FILE\n"
            "                       the server's public key: 64 hex digits, or a public\n"
            "                       key file ('pssst pubkey -o FILE KEYFILE' writes one)\n"
            "  --connect ADDR:PORT  server or load balancer, e.g. 127.0.0.1:7000, [::1]:7000\n"
            "  -n, --count COUNT    transactions (default %d)\n"
            "  --concurrency W      transactions in flight (default %d)\n"
            "  --timeout MS         wait before the first resend (default %d); each\n"
            "                       further resend waits twice as long, up to 8x\n"
            "  --retries R          resends before a transaction is lost (default %d)\n"
            "  --client-key FILE    authenticate with this private key file (spec 6.2)\n"
            "  --size BYTES         message size (default %d, at most %d)\n"
            "  --prepacked K        pack K requests in advance and cycle them (K >= W)\n"
            "  --sockets S          UDP sockets (source ports) to spread over; a server's\n"
            "                       SO_REUSEPORT workers are chosen per source port\n"
            "                       (default min(W, %d))\n"
            "  --poll-us US         look at the sockets every US microseconds instead of\n"
            "                       sleeping until a reply comes: replies then wake no\n"
            "                       one, which spares the server that cost (default 0)\n"
            "  -h, --help           show this help\n",
            TOOL_NAME, EC_DEFAULT_COUNT, EC_DEFAULT_CONCURRENCY, EC_DEFAULT_TIMEOUT_MS,
            EC_DEFAULT_RETRIES, EC_DEFAULT_SIZE, (int)EC_MAX_SIZE, EC_DEFAULT_MAX_SOCKETS);
}

/* ---- options ----------------------------------------------------------- */

static int ec_number(const char *command, const char *name, const char *text, uint64_t lo,
                     uint64_t hi, uint64_t *out)
{
    if (!net_parse_u64(text, lo, hi, out))
        return cli_usage_error(command, "%s must be a number from %llu to %llu, not '%s'", name,
                               (unsigned long long)lo, (unsigned long long)hi, text);
    return TOOL_EXIT_OK;
}

/* A number option kept in an unsigned field of ec_options. */
typedef struct {
    int c;
    const char *name;
    uint64_t lo;
    uint64_t hi;
    unsigned *field;
} ec_unsigned_option;

static int ec_parse_number_option(const char *command, int c, const char *arg, ec_options *o)
{
    const ec_unsigned_option unsigned_options[] = {
        {'w', "--concurrency", 1, EC_MAX_CONCURRENCY, &o->concurrency},
        {'t', "--timeout", 1, EC_MAX_TIMEOUT_MS, &o->timeout_ms},
        {'r', "--retries", 0, EC_MAX_RETRIES, &o->retries},
        {'p', "--prepacked", 1, EC_MAX_PREPACKED, &o->prepacked},
        {'S', "--sockets", 1, EC_MAX_SOCKETS, &o->sockets},
        {'u', "--poll-us", 0, EC_MAX_POLL_US, &o->poll_us},
    };
    uint64_t v = 0;
    int rc;

    if (c == 'n')
        return ec_number(command, "--count", arg, 1, EC_MAX_COUNT, &o->count);
    if (c == 'z') {
        rc = ec_number(command, "--size", arg, 0, EC_MAX_SIZE, &v);
        o->size = (size_t)v;
        return rc;
    }
    for (size_t i = 0; i < sizeof unsigned_options / sizeof unsigned_options[0]; i++) {
        const ec_unsigned_option *u = &unsigned_options[i];
        if (u->c != c)
            continue;
        rc = ec_number(command, u->name, arg, u->lo, u->hi, &v);
        *u->field = (unsigned)v;
        return rc;
    }
    return cli_usage_error(command, "internal error: option %c", c);
}

static int ec_parse_options(int argc, char **argv, ec_options *o, bool *help)
{
    static const struct option longopts[] = {
        {"server-public", required_argument, NULL, 'P'},
        {"connect", required_argument, NULL, 'c'},
        {"count", required_argument, NULL, 'n'},
        {"concurrency", required_argument, NULL, 'w'},
        {"timeout", required_argument, NULL, 't'},
        {"retries", required_argument, NULL, 'r'},
        {"client-key", required_argument, NULL, 'k'},
        {"size", required_argument, NULL, 'z'},
        {"prepacked", required_argument, NULL, 'p'},
        {"sockets", required_argument, NULL, 'S'},
        {"poll-us", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc;

    *o = (ec_options){.count = EC_DEFAULT_COUNT,
                      .concurrency = EC_DEFAULT_CONCURRENCY,
                      .timeout_ms = EC_DEFAULT_TIMEOUT_MS,
                      .retries = EC_DEFAULT_RETRIES,
                      .size = EC_DEFAULT_SIZE};
    *help = false;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hn:", longopts, NULL)) != -1) {
        if (c == 'h') {
            *help = true;
            return TOOL_EXIT_OK;
        }
        if (c == 'P')
            o->server_public_hex = optarg;
        else if (c == 'c')
            o->connect = optarg;
        else if (c == 'k')
            o->client_key_path = optarg;
        else if (c == '?' || c == ':')
            return cli_option_error(argv[0], c, argv);
        else if ((rc = ec_parse_number_option(argv[0], c, optarg, o)) != TOOL_EXIT_OK)
            return rc;
    }
    if (optind < argc)
        return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (o->server_public_hex == NULL)
        return cli_usage_error(argv[0], "--server-public HEX|FILE is required");
    if (o->connect == NULL)
        return cli_usage_error(argv[0], "--connect ADDR:PORT is required");
    if (o->prepacked != 0 && o->prepacked < o->concurrency)
        return cli_usage_error(argv[0],
                               "--prepacked %u must be at least --concurrency %u (two "
                               "identical requests in flight could not be told apart)",
                               o->prepacked, o->concurrency);
    if (o->sockets == 0)
        o->sockets = o->concurrency < EC_DEFAULT_MAX_SOCKETS ? o->concurrency
                                                             : EC_DEFAULT_MAX_SOCKETS;
    if (o->sockets > o->concurrency)
        o->sockets = o->concurrency;
    return TOOL_EXIT_OK;
}

/* ---- setup ------------------------------------------------------------- */

static void ec_fill_message(ec_state *s, uint8_t *m, size_t len)
{
    for (size_t i = 0; i < len; i += sizeof(uint64_t)) {
        uint64_t r = net_next_random(&s->rng); /* contents only, not secret */
        size_t n = len - i < sizeof r ? len - i : sizeof r;
        memcpy(m + i, &r, n);
    }
}

static int ec_init_client(ec_state *s, const char *command)
{
    uint8_t server_public[PSSST_KEY_SIZE], client_private[PSSST_KEY_SIZE];
    const char *arg = s->opt.server_public_hex;
    size_t n = strlen(arg), len = 0;
    pssst_status st;

    /* Hex digits alone are the key itself; anything else names a public key file. */
    if (hex_digit_run(arg, n) == n) {
        hex_status hs = hex_decode(arg, n, server_public, sizeof server_public, &len, NULL);
        if (hs != HEX_OK || len != PSSST_KEY_SIZE)
            return cli_usage_error(command, "--server-public: %s",
                                   hs != HEX_OK ? hex_strerror(hs) : "need 64 hex digits");
    } else if (!cli_load_key(command, arg, PSSST_KEY_PUBLIC, server_public)) {
        return TOOL_EXIT_USAGE;
    }
    if (s->opt.client_key_path != NULL &&
        !cli_load_key(command, s->opt.client_key_path, PSSST_KEY_PRIVATE, client_private))
        return TOOL_EXIT_FAILURE;
    st = pssst_client_init(&s->client, PSSST_SUITE_X25519_AESGCM128, server_public,
                           s->opt.client_key_path ? client_private : NULL);
    keyfile_wipe(client_private, sizeof client_private);
    if (st != PSSST_OK)
        return cli_fail(command, "client: %s", pssst_strerror(st));
    return TOOL_EXIT_OK;
}

static int ec_open_sockets(ec_state *s, const char *command)
{
    net_address addr;
    char err[256];

    if (!net_parse_address(s->opt.connect, &addr, err, sizeof err))
        return cli_usage_error(command, "--connect '%s': %s", s->opt.connect, err);
    for (unsigned i = 0; i < s->opt.sockets; i++) {
        int fd = socket(addr.addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
            return cli_fail(command, "socket: %s", strerror(errno));
        s->fds[i] = fd;
        /* Connected: only datagrams from the server (or balancer) arrive. */
        if (connect(fd, (const struct sockaddr *)&addr.addr, addr.len) != 0)
            return cli_fail(command, "connect %s: %s", s->opt.connect, strerror(errno));
    }
    return TOOL_EXIT_OK;
}

static size_t ec_packet_size(const ec_state *s)
{
    return pssst_request_size(&s->client, s->opt.size);
}

static int ec_alloc(ec_state *s, const char *command)
{
    size_t psize = ec_packet_size(s);
    size_t msize = s->opt.size ? s->opt.size : 1;

    s->slots = calloc(s->opt.concurrency, sizeof *s->slots);
    s->queues = calloc(s->opt.sockets, sizeof *s->queues);
    s->latency_us = calloc((size_t)s->opt.count, sizeof *s->latency_us);
    s->recv_buffers = malloc((size_t)EC_RECV_BATCH * EC_RECV_BUFFER);
    if (s->slots == NULL || s->queues == NULL || s->latency_us == NULL ||
        s->recv_buffers == NULL)
        return cli_fail(command, "out of memory");
    for (unsigned i = 0; i < s->opt.concurrency; i++) {
        s->slots[i].sock = i % s->opt.sockets;
        if (s->opt.prepacked)
            continue;
        s->slots[i].own_packet = malloc(psize);
        s->slots[i].own_message = malloc(msize);
        if (s->slots[i].own_packet == NULL || s->slots[i].own_message == NULL)
            return cli_fail(command, "out of memory");
    }
    return TOOL_EXIT_OK;
}

static int ec_prepack(ec_state *s, const char *command)
{
    ec_prepacked *p = &s->pre;
    size_t msize = s->opt.size ? s->opt.size : 1;

    p->count = s->opt.prepacked;
    p->packet_size = ec_packet_size(s);
    p->packets = malloc((size_t)p->count * p->packet_size);
    p->packet_len = calloc(p->count, sizeof *p->packet_len);
    p->messages = malloc((size_t)p->count * msize);
    p->ctx = calloc(p->count, sizeof *p->ctx);
    if (!p->packets || !p->packet_len || !p->messages || !p->ctx)
        return cli_fail(command, "out of memory");
    for (unsigned i = 0; i < p->count; i++) {
        uint8_t *m = p->messages + (size_t)i * msize;
        pssst_status st;
        ec_fill_message(s, m, s->opt.size);
        st = pssst_pack_request(&s->client, m, s->opt.size, p->packets + i * p->packet_size,
                                p->packet_size, &p->packet_len[i], &p->ctx[i]);
        if (st != PSSST_OK)
            return cli_fail(command, "pack request: %s", pssst_strerror(st));
    }
    return TOOL_EXIT_OK;
}

/* ---- transactions ------------------------------------------------------ */

static void ec_flush(ec_state *s, unsigned sock)
{
    ec_send_queue *q = &s->queues[sock];
    unsigned sent = 0;

    while (sent < q->count) {
        int rc = sendmmsg(s->fds[sock], q->msgs + sent, q->count - sent, 0);
        if (rc > 0) {
            sent += (unsigned)rc;
            continue;
        }
        if (rc < 0 && errno == EINTR)
            continue;
        /* A failed send (a full socket buffer, or ECONNREFUSED left by an
         * earlier ICMP error) is treated like a lost datagram: the timeout
         * resends it. */
        s->stats.send_errors++;
        sent++;
    }
    q->count = 0;
}

static void ec_flush_all(ec_state *s)
{
    for (unsigned i = 0; i < s->opt.sockets; i++) {
        if (s->queues[i].count > 0)
            ec_flush(s, i);
    }
}

/* Queues the slot's packet on its socket; a full queue is sent at once. */
static void ec_send(ec_state *s, ec_slot *slot, uint64_t now)
{
    ec_send_queue *q = &s->queues[slot->sock];
    unsigned i, shift;

    if (q->count == EC_SEND_BATCH)
        ec_flush(s, slot->sock);
    i = q->count++;
    q->iov[i].iov_base = (void *)(uintptr_t)slot->packet;
    q->iov[i].iov_len = slot->packet_len;
    memset(&q->msgs[i].msg_hdr, 0, sizeof q->msgs[i].msg_hdr);
    q->msgs[i].msg_hdr.msg_iov = &q->iov[i];
    q->msgs[i].msg_hdr.msg_iovlen = 1;
    /* Each resend waits twice as long as the one before (up to 8 times the
     * timeout): when a server is overloaded, resending at a fixed pace
     * would only add to its queue. */
    shift = slot->attempts < EC_MAX_BACKOFF_SHIFT ? slot->attempts : EC_MAX_BACKOFF_SHIFT;
    slot->attempts++;
    slot->deadline_ns = now + ((uint64_t)s->opt.timeout_ms * NS_PER_MS << shift);
}

/* Gives a slot its next transaction: a fresh request, or the next prepacked one. */
static bool ec_start(ec_state *s, ec_slot *slot, uint64_t now, const char *command)
{
    if (s->stats.started >= s->opt.count)
        return false;
    if (s->opt.prepacked) {
        ec_prepacked *p = &s->pre;
        unsigned k = p->next;
        size_t msize = s->opt.size ? s->opt.size : 1;
        p->next = (k + 1) % p->count;
        slot->packet = p->packets + (size_t)k * p->packet_size;
        slot->packet_len = p->packet_len[k];
        slot->message = p->messages + (size_t)k * msize;
        /* spec 11.1: a replayed request gets the same reply; a copy of the
         * context taken at packing time verifies it. */
        slot->ctx = p->ctx[k];
    } else {
        size_t len;
        pssst_status st;
        ec_fill_message(s, slot->own_message, s->opt.size);
        st = pssst_pack_request(&s->client, slot->own_message, s->opt.size, slot->own_packet,
                                ec_packet_size(s), &len, &slot->ctx);
        if (st != PSSST_OK) {
            cli_fail(command, "pack request: %s", pssst_strerror(st));
            exit(TOOL_EXIT_FAILURE);
        }
        slot->packet = slot->own_packet;
        slot->packet_len = len;
        slot->message = slot->own_message;
    }
    s->stats.started++;
    slot->busy = true;
    slot->attempts = 0;
    slot->first_send_ns = now;
    ec_send(s, slot, now);
    return true;
}

static void ec_finish(ec_state *s, ec_slot *slot, uint64_t now, const char *command)
{
    slot->busy = false;
    pssst_reply_ctx_free(&slot->ctx);
    ec_start(s, slot, now, command);
}

static ec_slot *ec_match(ec_state *s, unsigned sock, const uint8_t *packet, size_t len)
{
    if (len < PSSST_HEADER_SIZE + PSSST_KEY_SIZE)
        return NULL;
    for (unsigned i = sock; i < s->opt.concurrency; i += s->opt.sockets) {
        ec_slot *slot = &s->slots[i];
        if (slot->busy &&
            memcmp(slot->packet + EC_DH_OFFSET, packet + EC_DH_OFFSET, PSSST_KEY_SIZE) == 0)
            return slot;
    }
    return NULL;
}

/*
 * A reply for a fresh request failed to decrypt and used up its context
 * (spec 8.2): send a new request for the same transaction. It counts as an
 * attempt, so a server with the wrong key cannot keep a transaction alive.
 */
static void ec_restart(ec_state *s, ec_slot *slot, uint64_t now, const char *command)
{
    uint64_t first_send = slot->first_send_ns;
    unsigned attempts = slot->attempts;

    if (attempts > s->opt.retries) {
        s->stats.lost++;
        ec_finish(s, slot, now, command);
        return;
    }
    s->stats.started--;
    s->stats.retries++;
    ec_start(s, slot, now, command);
    slot->first_send_ns = first_send;
    slot->attempts = attempts + 1;
}

/* spec 9: verify one reply; a good one completes its transaction. */
static void ec_on_reply(ec_state *s, unsigned sock, const uint8_t *packet, size_t len,
                        uint64_t now, const char *command)
{
    ec_slot *slot = ec_match(s, sock, packet, len);
    size_t mlen = 0;
    pssst_status st;

    if (slot == NULL) {
        s->stats.duplicates++;
        return;
    }
    st = pssst_unpack_reply(&slot->ctx, packet, len, s->reply_message, sizeof s->reply_message,
                            &mlen);
    if (st != PSSST_OK) {
        s->stats.bad_replies++;
        if (st == PSSST_ERR_DECRYPT_FAILED && s->opt.prepacked) {
            /* The context is used up (spec 8.2); take a new copy and keep
             * waiting for the real reply. */
            slot->ctx = s->pre.ctx[(size_t)(slot->packet - s->pre.packets) / s->pre.packet_size];
        } else if (st == PSSST_ERR_DECRYPT_FAILED) {
            ec_restart(s, slot, now, command);
        }
        return;
    }
    if (mlen != s->opt.size || (mlen > 0 && memcmp(s->reply_message, slot->message, mlen) != 0)) {
        s->stats.failed++;
        fprintf(stderr, "%s %s: a reply authenticated but does not echo its request\n",
                TOOL_NAME, command);
    } else {
        s->latency_us[s->stats.verified++] = (float)((double)(now - slot->first_send_ns) / NS_PER_US);
    }
    ec_finish(s, slot, now, command);
}

static void ec_receive(ec_state *s, unsigned sock, const char *command)
{
    struct mmsghdr msgs[EC_RECV_BATCH];
    struct iovec iov[EC_RECV_BATCH];

    for (;;) {
        int n;
        for (unsigned i = 0; i < EC_RECV_BATCH; i++) {
            iov[i].iov_base = s->recv_buffers + (size_t)i * EC_RECV_BUFFER;
            iov[i].iov_len = EC_RECV_BUFFER;
            memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        n = recvmmsg(s->fds[sock], msgs, EC_RECV_BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0)
            return; /* EAGAIN, or an ICMP error reported on the socket */
        uint64_t now = net_now_ns();
        for (int i = 0; i < n; i++)
            ec_on_reply(s, sock, iov[i].iov_base, msgs[i].msg_len, now, command);
        if (n < EC_RECV_BATCH)
            return;
    }
}

/* Resends late requests; gives up on those out of retries. */
static uint64_t ec_check_timeouts(ec_state *s, uint64_t now, const char *command)
{
    uint64_t next = UINT64_MAX;

    for (unsigned i = 0; i < s->opt.concurrency; i++) {
        ec_slot *slot = &s->slots[i];
        if (!slot->busy)
            continue;
        if (slot->deadline_ns <= now) {
            if (slot->attempts > s->opt.retries) {
                s->stats.lost++;
                ec_finish(s, slot, now, command);
                if (!slot->busy)
                    continue;
            } else {
                s->stats.retries++;
                ec_send(s, slot, now); /* the same packet: spec 11.1 */
            }
        }
        if (slot->deadline_ns < next)
            next = slot->deadline_ns;
    }
    return next;
}

static void ec_show_progress(ec_state *s, uint64_t now, bool last)
{
    double elapsed;
    uint64_t done = s->stats.verified + s->stats.lost + s->stats.failed;

    if (!s->progress || (!last && now - s->last_progress_ns < EC_PROGRESS_NS))
        return;
    s->last_progress_ns = now;
    elapsed = (double)(now - s->start_ns) / 1e9;
    fprintf(stderr, "\r%llu/%llu transactions  %.0f/s  retries %llu  lost %llu   ",
            (unsigned long long)done, (unsigned long long)s->opt.count,
            elapsed > 0 ? (double)s->stats.verified / elapsed : 0.0,
            (unsigned long long)s->stats.retries, (unsigned long long)s->stats.lost);
    if (last)
        fprintf(stderr, "\n");
}

/*
 * --poll-us: sleep instead of waiting on the sockets. A client blocked in
 * ppoll must be woken by every reply, and that wake-up is paid by the
 * sender, i.e. the server being measured; a client that looks at its
 * sockets every poll_us microseconds costs the server nothing.
 */
static void ec_nap(const ec_state *s, uint64_t max_ns)
{
    uint64_t ns = (uint64_t)s->opt.poll_us * 1000u;
    struct timespec ts;
    if (ns > max_ns)
        ns = max_ns;
    ts.tv_sec = (time_t)(ns / 1000000000ull);
    ts.tv_nsec = (long)(ns % 1000000000ull);
    nanosleep(&ts, NULL);
}

static void ec_run(ec_state *s, const char *command)
{
    struct pollfd pfd[EC_MAX_SOCKETS];
    uint64_t now = net_now_ns();

    s->start_ns = now;
    for (unsigned i = 0; i < s->opt.sockets; i++)
        pfd[i] = (struct pollfd){.fd = s->fds[i], .events = POLLIN};
    for (unsigned i = 0; i < s->opt.concurrency; i++)
        ec_start(s, &s->slots[i], now, command);
    while (s->stats.verified + s->stats.lost + s->stats.failed < s->opt.count) {
        uint64_t next = ec_check_timeouts(s, net_now_ns(), command);
        uint64_t wait_ns;
        struct timespec ts;
        ec_flush_all(s);
        if (next == UINT64_MAX)
            continue; /* nothing in flight: the loop condition decides */
        now = net_now_ns();
        wait_ns = next > now ? next - now : 0;
        ts.tv_sec = (time_t)(wait_ns / 1000000000ull);
        ts.tv_nsec = (long)(wait_ns % 1000000000ull);
        if (s->opt.poll_us > 0) {
            ec_nap(s, wait_ns);
            for (unsigned i = 0; i < s->opt.sockets; i++)
                ec_receive(s, i, command);
        } else if (ppoll(pfd, s->opt.sockets, &ts, NULL) > 0) {
            for (unsigned i = 0; i < s->opt.sockets; i++) {
                if (pfd[i].revents != 0)
                    ec_receive(s, i, command);
            }
        }
        ec_show_progress(s, net_now_ns(), false);
    }
    ec_show_progress(s, net_now_ns(), true);
}

/* ---- report ------------------------------------------------------------ */

static int ec_cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static double ec_percentile(const float *sorted, uint64_t n, double q)
{
    double rank = q * (double)n;
    uint64_t idx;
    if (n == 0)
        return 0;
    /* nearest-rank percentile: the smallest value with at least q*n at or below it */
    idx = (uint64_t)rank;
    if ((double)idx < rank)
        idx++;
    idx = idx == 0 ? 0 : idx - 1;
    return sorted[idx < n ? idx : n - 1];
}

static void ec_report(ec_state *s, double elapsed_s)
{
    const ec_stats *st = &s->stats;
    uint64_t n = st->verified;

    qsort(s->latency_us, (size_t)n, sizeof *s->latency_us, ec_cmp_float);
    printf("echo-client: %llu transactions to %s, %s, %zu-byte messages, concurrency %u, "
           "%u sockets, %s\n",
           (unsigned long long)s->opt.count, s->opt.connect,
           s->opt.client_key_path ? "client-auth" : "anonymous", s->opt.size,
           s->opt.concurrency, s->opt.sockets,
           s->opt.prepacked ? "prepacked requests" : "fresh requests");
    printf("result: verified=%llu lost=%llu failed=%llu retries=%llu duplicates=%llu "
           "bad_replies=%llu send_errors=%llu\n",
           (unsigned long long)st->verified, (unsigned long long)st->lost,
           (unsigned long long)st->failed, (unsigned long long)st->retries,
           (unsigned long long)st->duplicates, (unsigned long long)st->bad_replies,
           (unsigned long long)st->send_errors);
    printf("throughput: elapsed_s=%.3f transactions_per_s=%.0f\n", elapsed_s,
           elapsed_s > 0 ? (double)st->verified / elapsed_s : 0.0);
    printf("latency_us: p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f\n",
           ec_percentile(s->latency_us, n, 0.50), ec_percentile(s->latency_us, n, 0.90),
           ec_percentile(s->latency_us, n, 0.99), ec_percentile(s->latency_us, n, 0.999),
           n ? (double)s->latency_us[n - 1] : 0.0);
    fflush(stdout);
}

static void ec_cleanup(ec_state *s)
{
    for (unsigned i = 0; i < s->opt.sockets; i++) {
        if (s->fds[i] >= 0)
            close(s->fds[i]);
    }
    if (s->slots != NULL) {
        for (unsigned i = 0; i < s->opt.concurrency; i++) {
            pssst_reply_ctx_free(&s->slots[i].ctx);
            free(s->slots[i].own_packet);
            free(s->slots[i].own_message);
        }
    }
    if (s->pre.ctx != NULL) {
        for (unsigned i = 0; i < s->pre.count; i++)
            pssst_reply_ctx_free(&s->pre.ctx[i]);
    }
    free(s->slots);
    free(s->queues);
    free(s->latency_us);
    free(s->recv_buffers);
    free(s->pre.packets);
    free(s->pre.packet_len);
    free(s->pre.messages);
    free(s->pre.ctx);
    pssst_client_free(&s->client);
}

static int ec_setup(ec_state *s, const char *command)
{
    int rc = ec_init_client(s, command);
    if (rc == TOOL_EXIT_OK)
        rc = ec_open_sockets(s, command);
    if (rc == TOOL_EXIT_OK)
        rc = ec_alloc(s, command);
    if (rc == TOOL_EXIT_OK && s->opt.prepacked)
        rc = ec_prepack(s, command);
    return rc;
}

int cmd_echo_client(int argc, char **argv)
{
    static ec_state s;
    bool help;
    int rc;

    memset(&s, 0, sizeof s);
    for (unsigned i = 0; i < EC_MAX_SOCKETS; i++)
        s.fds[i] = -1;
    rc = ec_parse_options(argc, argv, &s.opt, &help);
    if (rc != TOOL_EXIT_OK)
        return rc;
    if (help) {
        ec_usage(stdout);
        return TOOL_EXIT_OK;
    }
    if (getrandom(&s.rng, sizeof s.rng, 0) != (ssize_t)sizeof s.rng || s.rng == 0)
        s.rng = (uint64_t)net_now_ns() | 1u;
    s.progress = isatty(STDERR_FILENO) != 0;
    rc = ec_setup(&s, argv[0]);
    if (rc == TOOL_EXIT_OK) {
        uint64_t t0 = net_now_ns();
        ec_run(&s, argv[0]);
        ec_report(&s, (double)(net_now_ns() - t0) / 1e9);
        rc = s.stats.verified == s.opt.count ? TOOL_EXIT_OK : TOOL_EXIT_FAILURE;
    }
    ec_cleanup(&s);
    return rc;
}
