/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-server` serving: one socket per worker thread, all bound to
 * the same address with SO_REUSEPORT, so the kernel spreads client flows
 * over the workers and no lock is shared on the hot path. The main thread
 * takes the signals and stops the workers.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "echo_server.h"
#include "hex.h"

#define ES_RECV_TIMEOUT_MS 100         /* how often a worker looks at the stop flag */
#define ES_SOCKET_BUFFER (4 << 20)     /* send buffer asked for; the kernel may give less */
#define ES_LOG_BURST 5                 /* log lines per worker and window */
#define ES_LOG_WINDOW_NS 1000000000ull /* one second */
#define ES_SIGNAL_POLL_S 1

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

int es_serve(const es_options *o, const pssst_server *server, const char *command)
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
