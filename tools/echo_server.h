/* SPDX-License-Identifier: Apache-2.0 */
/*
 * echo_server.h - what the files of `pssst echo-server` share: a worker
 * and its counters, the options, and the functions one file calls in
 * another. Internal to the tool. A file including it defines _GNU_SOURCE
 * first (struct mmsghdr).
 */
#ifndef PSSST_TOOLS_ECHO_SERVER_H
#define PSSST_TOOLS_ECHO_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include <pssst.h>

#include "net_common.h"

#define ES_MAX_WORKERS 64
#define ES_BATCH 32          /* datagrams per recvmmsg / sendmmsg */
#define ES_BUFFER_SIZE 65536 /* any UDP datagram fits */

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

/* echo_server_options.c: the command line. */
void es_usage(FILE *out);
int es_parse_options(int argc, char **argv, es_options *o, bool *help);

/* echo_server_worker.c: one worker's datagram loop (a pthread start routine). */
void *es_worker_main(void *arg);

/* echo_server_counters.c: the sum of all workers' counters, on stdout. */
void es_print_counters(const es_worker *workers, unsigned count, const char *when);

/* echo_server_serve.c: sockets, worker threads and signals, until stopped. */
int es_serve(const es_options *o, const pssst_server *server, const char *command);

#endif
