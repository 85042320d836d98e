/* SPDX-License-Identifier: Apache-2.0 */
/*
 * echo_client.h - what the files of `pssst echo-client` share: the
 * client's state and the functions one file calls in another. Internal to
 * the tool. A file including it defines _GNU_SOURCE first (struct mmsghdr).
 */
#ifndef PSSST_TOOLS_ECHO_CLIENT_H
#define PSSST_TOOLS_ECHO_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include <pssst.h>

#define EC_MAX_SOCKETS 64
#define EC_RECV_BATCH 64
#define EC_SEND_BATCH 64
#define EC_RECV_BUFFER 65536

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

/* echo_client_options.c: the command line. */
void ec_usage(FILE *out);
int ec_parse_options(int argc, char **argv, ec_options *o, bool *help);

/* echo_client_setup.c: keys, sockets and buffers, and their release. */
int ec_setup(ec_state *s, const char *command);
void ec_cleanup(ec_state *s);
size_t ec_packet_size(const ec_state *s);

/* echo_client_transactions.c: the table of transactions in flight. */
void ec_fill_message(ec_state *s, uint8_t *m, size_t len);
bool ec_start(ec_state *s, ec_slot *slot, uint64_t now, const char *command);
void ec_on_reply(ec_state *s, unsigned sock, const uint8_t *packet, size_t len, uint64_t now,
                 const char *command);
uint64_t ec_check_timeouts(ec_state *s, uint64_t now, const char *command);

/* echo_client_loop.c: the sockets, batched both ways. */
void ec_flush(ec_state *s, unsigned sock);
void ec_run(ec_state *s, const char *command);

/* echo_client_report.c: progress while running, figures at the end. */
void ec_show_progress(ec_state *s, uint64_t now, bool last);
void ec_report(ec_state *s, double elapsed_s);

#endif
