/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-server`: a stateless UDP server that answers every valid
 * PSSST request with its own message (spec 7, 8).
 *
 * One socket per worker thread, all bound to the same address with
 * SO_REUSEPORT, so the kernel spreads client flows over the workers and
 * no lock is shared on the hot path. Datagrams are read and answered in
 * batches (recvmmsg / sendmmsg). Each request is decrypted and its reply
 * sealed in place, in the receive buffer: nothing is allocated per
 * datagram. Invalid datagrams are dropped without an answer (spec 11.6:
 * an answer would make the server an amplifier) and counted by status.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "hex.h"
#include "keyfile.h"
#include "net_common.h"

#define ES_MAX_WORKERS 64
#define ES_BATCH 32                    /* datagrams per recvmmsg / sendmmsg */
#define ES_BUFFER_SIZE 65536           /* any UDP datagram fits */
#define ES_RECV_TIMEOUT_MS 100         /* how often a worker looks at the stop flag */
#define ES_SOCKET_BUFFER (4 << 20)     /* send buffer asked for; the kernel may give less */
#define ES_LOG_BURST 5                 /* log lines per worker and window */
#define ES_LOG_WINDOW_NS 1000000000ull /* one second */
#define ES_MAX_DURATION_S 86400
#define ES_SIGNAL_POLL_S 1
#define ES_FLAGS_AUTH_BYTE 0x40u       /* spec 4.2: CLIENT_AUTH is bit 14, in byte 0 */

/* Counters of one worker, written by it alone and read by the main thread. */
typedef struct {
    _Atomic unsigned long long received;
    _Atomic unsigned long long replied;
    _Atomic unsigned long long oversize;
    _Atomic unsigned long long send_errors;
    _Atomic unsigned long long by_status[PSSST_STATUS_COUNT];
} es_counters;

typedef struct {
    unsigned index;
    int fd;
    pthread_t thread;
    bool started;
    const pssst_server *server;
    const atomic_bool *stop;
    es_counters counters;
    net_ratelimit log_limit;
    uint8_t (*buffers)[ES_BUFFER_SIZE];
    struct mmsghdr in[ES_BATCH];
    struct mmsghdr out[ES_BATCH];
    struct iovec in_iov[ES_BATCH];
    struct iovec out_iov[ES_BATCH];
    struct sockaddr_storage peers[ES_BATCH];
} es_worker;

typedef struct {
    const char *key_path;
    const char *listen;
    unsigned workers;
    unsigned duration_s;
    uint8_t public_key[PSSST_KEY_SIZE]; /* of the key file, printed at start */
} es_options;

static void es_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s echo-server --key FILE --listen ADDR:PORT [--workers N]\n"
            "                         [--duration SECONDS]\n"
            "\n"
            "Answers every valid PSSST request on UDP with a reply carrying the same\n"
            "message. Invalid datagrams are dropped and counted by status. Counters are\n"
            "printed on SIGUSR1 and at exit; SIGINT or SIGTERM stop the server.\n"
            "\n"
            "  --key FILE          server private key file ('pssst keygen -o FILE'); a\n"
            "                      public key file or a malformed one is refused (exit 2)\n"
            "  --listen ADDR:PORT  e.g. 127.0.0.1:7000 or [::1]:7000; port 0 picks one\n"
            "  --workers N         worker threads, one SO_REUSEPORT socket each\n"
            "                      (default 1, at most %d)\n"
            "  --duration SECONDS  stop by itself after this time (default 0: never)\n"
            "  -h, --help          show this help\n"
            "\n"
            "The first line on standard output is\n"
            "  listening ADDR:PORT workers N backend NAME public HEX\n"
            "where HEX is the public key the server answers to.\n",
            TOOL_NAME, ES_MAX_WORKERS);
}

/* ---- one datagram ------------------------------------------------------ */

static void es_log_drop(es_worker *w, const struct mmsghdr *m, const char *what)
{
    unsigned long long suppressed;
    char peer[NET_ADDRSTRLEN];

    if (!net_ratelimit_allow(&w->log_limit, net_now_ns(), &suppressed))
        return;
    net_format_address((const struct sockaddr *)m->msg_hdr.msg_name, m->msg_hdr.msg_namelen,
                       peer, sizeof peer);
    if (suppressed > 0)
        fprintf(stderr, "%s echo-server: worker %u: %llu similar lines not shown\n", TOOL_NAME,
                w->index, suppressed);
    fprintf(stderr, "%s echo-server: worker %u: dropped %u bytes from %s: %s\n", TOOL_NAME,
            w->index, m->msg_len, peer, what);
}

/*
 * Unpacks the request in buf and seals the reply over it (spec 7, 8.1).
 * The message is decrypted where the library would put it inside the
 * packet, moved to the reply's message offset and sealed in place, so the
 * reply leaves from the same buffer. Returns the reply length, or 0 when
 * the datagram is dropped (its status is counted).
 */
static size_t es_answer(es_worker *w, uint8_t *buf, size_t len, struct mmsghdr *m)
{
    bool auth = len > 0 && (buf[0] & ES_FLAGS_AUTH_BYTE) != 0;
    size_t in_off = pssst_message_offset(true, auth);
    size_t out_off = pssst_message_offset(false, auth);
    size_t message_len = 0, reply_len = 0;
    pssst_reply_ctx ctx;
    pssst_status st;

    st = pssst_unpack_request(w->server, buf, len, buf + in_off, ES_BUFFER_SIZE - in_off,
                              &message_len, NULL, NULL, &ctx);
    if (st != PSSST_OK) {
        atomic_fetch_add_explicit(&w->counters.by_status[st], 1, memory_order_relaxed);
        es_log_drop(w, m, pssst_status_name(st));
        return 0;
    }
    if (in_off != out_off)
        memmove(buf + out_off, buf + in_off, message_len);
    st = pssst_pack_reply(&ctx, buf + out_off, message_len, buf, ES_BUFFER_SIZE, &reply_len);
    if (st != PSSST_OK) {
        /* Cannot happen with a context just filled; counted all the same. */
        atomic_fetch_add_explicit(&w->counters.by_status[st], 1, memory_order_relaxed);
        es_log_drop(w, m, pssst_status_name(st));
        return 0;
    }
    atomic_fetch_add_explicit(&w->counters.by_status[PSSST_OK], 1, memory_order_relaxed);
    return reply_len;
}

/* ---- the worker loop --------------------------------------------------- */

static void es_prepare_receive(es_worker *w)
{
    for (unsigned i = 0; i < ES_BATCH; i++) {
        w->in_iov[i].iov_base = w->buffers[i];
        w->in_iov[i].iov_len = ES_BUFFER_SIZE;
        memset(&w->in[i].msg_hdr, 0, sizeof w->in[i].msg_hdr);
        w->in[i].msg_hdr.msg_iov = &w->in_iov[i];
        w->in[i].msg_hdr.msg_iovlen = 1;
        w->in[i].msg_hdr.msg_name = &w->peers[i];
        w->in[i].msg_hdr.msg_namelen = sizeof w->peers[i];
        w->in[i].msg_len = 0;
    }
}

static void es_send_all(es_worker *w, unsigned count)
{
    unsigned sent = 0;

    while (sent < count) {
        int rc = sendmmsg(w->fd, w->out + sent, count - sent, 0);
        if (rc > 0) {
            sent += (unsigned)rc;
            continue;
        }
        if (rc < 0 && errno == EINTR)
            continue;
        /* This datagram could not leave (e.g. the peer's address is gone):
         * skip it and send the rest. */
        atomic_fetch_add_explicit(&w->counters.send_errors, 1, memory_order_relaxed);
        sent++;
    }
    atomic_fetch_add_explicit(&w->counters.replied, sent, memory_order_relaxed);
}

static unsigned es_handle_batch(es_worker *w, unsigned n)
{
    unsigned out = 0;

    atomic_fetch_add_explicit(&w->counters.received, n, memory_order_relaxed);
    for (unsigned i = 0; i < n; i++) {
        struct mmsghdr *m = &w->in[i];
        size_t reply_len;
        if ((m->msg_hdr.msg_flags & MSG_TRUNC) != 0) {
            atomic_fetch_add_explicit(&w->counters.oversize, 1, memory_order_relaxed);
            es_log_drop(w, m, "larger than any UDP datagram");
            continue;
        }
        reply_len = es_answer(w, w->buffers[i], m->msg_len, m);
        if (reply_len == 0)
            continue;
        w->out_iov[out].iov_base = w->buffers[i];
        w->out_iov[out].iov_len = reply_len;
        memset(&w->out[out].msg_hdr, 0, sizeof w->out[out].msg_hdr);
        w->out[out].msg_hdr.msg_iov = &w->out_iov[out];
        w->out[out].msg_hdr.msg_iovlen = 1;
        w->out[out].msg_hdr.msg_name = &w->peers[i];
        w->out[out].msg_hdr.msg_namelen = m->msg_hdr.msg_namelen;
        out++;
    }
    return out;
}

static void *es_worker_main(void *arg)
{
    es_worker *w = arg;

    while (!atomic_load_explicit(w->stop, memory_order_relaxed)) {
        int n;
        es_prepare_receive(w);
        /* Blocks for the first datagram (up to the receive timeout), then
         * takes whatever else is already queued. */
        n = recvmmsg(w->fd, w->in, ES_BATCH, MSG_WAITFORONE, NULL);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                unsigned long long suppressed;
                if (net_ratelimit_allow(&w->log_limit, net_now_ns(), &suppressed))
                    fprintf(stderr, "%s echo-server: worker %u: recvmmsg: %s\n", TOOL_NAME,
                            w->index, strerror(errno));
            }
            continue;
        }
        es_send_all(w, es_handle_batch(w, (unsigned)n));
    }
    return NULL;
}

/* ---- sockets ----------------------------------------------------------- */

static int es_open_socket(const net_address *addr, char *err, size_t err_size)
{
    int one = 1;
    int buffer = ES_SOCKET_BUFFER;
    struct timeval tv = {0, ES_RECV_TIMEOUT_MS * 1000};
    int fd = socket(addr->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        snprintf(err, err_size, "socket: %s", strerror(errno));
        return -1;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
        snprintf(err, err_size, "setsockopt: %s", strerror(errno));
        close(fd);
        return -1;
    }
    /* A larger send buffer absorbs reply bursts (failing to get it is not
     * an error). The receive buffer keeps the system default on purpose:
     * under a flood a long queue only delays valid requests past their
     * client's timeout, while a short one drops junk early (spec 11.6).
     * Operators tune it with net.core.rmem_default. */
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    if (bind(fd, (const struct sockaddr *)&addr->addr, addr->len) != 0) {
        snprintf(err, err_size, "bind: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* After the first bind, later sockets use the port it got (port 0 case). */
static bool es_learn_port(int fd, net_address *addr, char *err, size_t err_size)
{
    net_address bound;
    bound.len = sizeof bound.addr;
    if (getsockname(fd, (struct sockaddr *)&bound.addr, &bound.len) != 0) {
        snprintf(err, err_size, "getsockname: %s", strerror(errno));
        return false;
    }
    *addr = bound;
    return true;
}

/* ---- counters ---------------------------------------------------------- */

static void es_print_counters(const es_worker *workers, unsigned count, const char *when)
{
    unsigned long long received = 0, replied = 0, oversize = 0, send_errors = 0;
    unsigned long long by_status[PSSST_STATUS_COUNT] = {0};

    for (unsigned w = 0; w < count; w++) {
        const es_counters *c = &workers[w].counters;
        received += atomic_load_explicit(&c->received, memory_order_relaxed);
        replied += atomic_load_explicit(&c->replied, memory_order_relaxed);
        oversize += atomic_load_explicit(&c->oversize, memory_order_relaxed);
        send_errors += atomic_load_explicit(&c->send_errors, memory_order_relaxed);
        for (int s = 0; s < PSSST_STATUS_COUNT; s++)
            by_status[s] += atomic_load_explicit(&c->by_status[s], memory_order_relaxed);
    }
    printf("counters (%s): received=%llu replied=%llu send_errors=%llu oversize=%llu", when,
           received, replied, send_errors, oversize);
    for (int s = 0; s < PSSST_STATUS_COUNT; s++)
        printf(" %s=%llu", pssst_status_name((pssst_status)s), by_status[s]);
    printf("\n");
    fflush(stdout);
}

/* ---- options ----------------------------------------------------------- */

static int es_parse_options(int argc, char **argv, es_options *o, bool *help)
{
    static const struct option longopts[] = {
        {"key", required_argument, NULL, 'k'},
        {"listen", required_argument, NULL, 'l'},
        {"workers", required_argument, NULL, 'w'},
        {"duration", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t v;
    int c;

    *o = (es_options){.workers = 1};
    *help = false;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            o->key_path = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'w':
            if (!net_parse_u64(optarg, 1, ES_MAX_WORKERS, &v))
                return cli_usage_error(argv[0], "--workers must be 1 to %d, not '%s'",
                                       ES_MAX_WORKERS, optarg);
            o->workers = (unsigned)v;
            break;
        case 'd':
            if (!net_parse_u64(optarg, 0, ES_MAX_DURATION_S, &v))
                return cli_usage_error(argv[0], "--duration must be 0 to %d seconds, not '%s'",
                                       ES_MAX_DURATION_S, optarg);
            o->duration_s = (unsigned)v;
            break;
        case 'h':
            *help = true;
            return TOOL_EXIT_OK;
        default:
            return cli_option_error(argv[0], c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (o->key_path == NULL)
        return cli_usage_error(argv[0], "--key FILE is required");
    if (o->listen == NULL)
        return cli_usage_error(argv[0], "--listen ADDR:PORT is required");
    return TOOL_EXIT_OK;
}

/* ---- running ----------------------------------------------------------- */

/* Waits for SIGINT/SIGTERM (or the duration), printing counters on SIGUSR1. */
static void es_wait_for_stop(const sigset_t *signals, const es_worker *workers, unsigned count,
                             unsigned duration_s)
{
    uint64_t end = duration_s ? net_now_ns() + (uint64_t)duration_s * 1000000000ull : 0;

    for (;;) {
        struct timespec poll_interval = {ES_SIGNAL_POLL_S, 0};
        int sig = sigtimedwait(signals, NULL, &poll_interval);
        if (sig == SIGUSR1) {
            es_print_counters(workers, count, "SIGUSR1");
            continue;
        }
        if (sig == SIGINT || sig == SIGTERM) {
            printf("stopping on %s\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
            return;
        }
        if (end != 0 && net_now_ns() >= end) {
            printf("stopping after %u s\n", duration_s);
            return;
        }
    }
}

static int es_open_all(es_worker *workers, unsigned count, net_address *addr,
                       const char *command)
{
    char err[256];

    for (unsigned i = 0; i < count; i++) {
        workers[i].fd = es_open_socket(addr, err, sizeof err);
        if (workers[i].fd < 0)
            return cli_fail(command, "%s", err);
        if (i == 0 && !es_learn_port(workers[0].fd, addr, err, sizeof err))
            return cli_fail(command, "%s", err);
    }
    return TOOL_EXIT_OK;
}

static int es_start_all(es_worker *workers, unsigned count, const pssst_server *server,
                        const atomic_bool *stop, const char *command)
{
    for (unsigned i = 0; i < count; i++) {
        es_worker *w = &workers[i];
        w->index = i;
        w->server = server;
        w->stop = stop;
        net_ratelimit_init(&w->log_limit, ES_LOG_BURST, ES_LOG_WINDOW_NS);
        w->buffers = malloc(sizeof *w->buffers * ES_BATCH);
        if (w->buffers == NULL)
            return cli_fail(command, "out of memory");
        if (pthread_create(&w->thread, NULL, es_worker_main, w) != 0)
            return cli_fail(command, "cannot start worker thread %u", i);
        w->started = true;
    }
    return TOOL_EXIT_OK;
}

static void es_stop_all(es_worker *workers, unsigned count, atomic_bool *stop)
{
    atomic_store(stop, true);
    for (unsigned i = 0; i < count; i++) {
        if (workers[i].started)
            pthread_join(workers[i].thread, NULL);
        if (workers[i].fd >= 0)
            close(workers[i].fd);
        free(workers[i].buffers);
    }
}

static int es_serve(const es_options *o, const pssst_server *server, const char *command)
{
    static es_worker workers[ES_MAX_WORKERS];
    atomic_bool stop = false;
    net_address addr;
    sigset_t signals;
    char err[256], shown[NET_ADDRSTRLEN];
    int rc;

    if (!net_parse_address(o->listen, &addr, err, sizeof err))
        return cli_usage_error(command, "--listen '%s': %s", o->listen, err);
    memset(workers, 0, sizeof workers);
    for (unsigned i = 0; i < ES_MAX_WORKERS; i++)
        workers[i].fd = -1;
    /* Workers inherit this mask: the signals are taken by sigtimedwait in
     * this thread alone, never by a worker in the middle of a batch. */
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);

    rc = es_open_all(workers, o->workers, &addr, command);
    if (rc == TOOL_EXIT_OK)
        rc = es_start_all(workers, o->workers, server, &stop, command);
    if (rc == TOOL_EXIT_OK) {
        net_format_address((const struct sockaddr *)&addr.addr, addr.len, shown, sizeof shown);
        /* The public key served, for the operator to compare with the clients'. */
        char public_hex[2 * PSSST_KEY_SIZE + 1];
        hex_encode(o->public_key, PSSST_KEY_SIZE, public_hex);
        printf("listening %s workers %u backend %s public %s\n", shown, o->workers,
               pssst_x25519_backend(), public_hex);
        fflush(stdout);
        es_wait_for_stop(&signals, workers, o->workers, o->duration_s);
    }
    es_stop_all(workers, o->workers, &stop);
    if (rc == TOOL_EXIT_OK)
        es_print_counters(workers, o->workers, "exit");
    /* The signals stay blocked: one arriving now must not cut the exit short. */
    return rc;
}

int cmd_echo_server(int argc, char **argv)
{
    es_options o;
    bool help;
    uint8_t key[PSSST_KEY_SIZE];
    pssst_server server;
    pssst_status st;
    int rc = es_parse_options(argc, argv, &o, &help);

    if (rc != TOOL_EXIT_OK)
        return rc;
    if (help) {
        es_usage(stdout);
        return TOOL_EXIT_OK;
    }
    /* A server that cannot start for its key is a command-line error (2). */
    if (!cli_load_key(argv[0], o.key_path, PSSST_KEY_PRIVATE, key))
        return TOOL_EXIT_USAGE;
    st = pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, key);
    if (st == PSSST_OK)
        st = pssst_public_key(PSSST_SUITE_X25519_AESGCM128, key, o.public_key);
    keyfile_wipe(key, sizeof key);
    if (st != PSSST_OK)
        return cli_fail(argv[0], "key file '%s': %s", o.key_path, pssst_strerror(st));
    rc = es_serve(&o, &server, argv[0]);
    pssst_server_free(&server);
    return rc;
}
