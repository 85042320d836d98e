/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client` setup and teardown: the client keys, one connected
 * UDP socket per source port, the transaction table, the receive buffers,
 * and the requests packed in advance for --prepacked.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "echo_client.h"
#include "hex.h"
#include "keyfile.h"
#include "net_common.h"

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

size_t ec_packet_size(const ec_state *s)
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

void ec_cleanup(ec_state *s)
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

int ec_setup(ec_state *s, const char *command)
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
