/* SPDX-License-Identifier: Apache-2.0 */
#include "backend_lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pssst.h"

struct backend_lib {
    uint16_t suite;
    bool client_ready;
    bool server_ready;
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx reply;
};

static void set_status(replay_op *op, pssst_status st)
{
    snprintf(op->status, sizeof op->status, "%s", pssst_status_name(st));
}

/* The status of an operation with output; no output unless it succeeded. */
static int finish_with_output(replay_op *op, pssst_status st)
{
    set_status(op, st);
    if (st != PSSST_OK)
        op->out_len = 0;
    return 0;
}

/* A buffer of n bytes (at least one, so malloc(0) never happens). */
static uint8_t *alloc_out(size_t n, conform_error *err)
{
    uint8_t *p = malloc(n > 0 ? n : 1);
    if (p == NULL)
        conform_error_set(err, "out of memory (%zu bytes)", n);
    return p;
}

static void reset(backend_lib *b)
{
    pssst_client_free(&b->client);
    pssst_server_free(&b->server);
    pssst_reply_ctx_free(&b->reply);
    b->client_ready = false;
    b->server_ready = false;
}

static int lib_begin(void *self, vec_role role, uint16_t suite, conform_error *err)
{
    (void)role;
    (void)err;
    backend_lib *b = self;
    reset(b);
    b->suite = suite;
    return 0;
}

static void lib_end(void *self)
{
    reset(self);
}

static int lib_client_init(void *self, const uint8_t server_public[32],
                           const uint8_t *client_private, replay_op *op, conform_error *err)
{
    (void)err;
    backend_lib *b = self;
    pssst_status st =
        pssst_client_init(&b->client, (pssst_suite)b->suite, server_public, client_private);
    b->client_ready = st == PSSST_OK;
    set_status(op, st);
    return 0;
}

static int lib_pack_request(void *self, const uint8_t ephemeral[32], const uint8_t *msg,
                            size_t len, replay_op *op, conform_error *err)
{
    backend_lib *b = self;
    size_t size = pssst_request_size(&b->client, len);
    if (size == 0)
        size = PSSST_OVERHEAD + PSSST_PROOF_SIZE + len; /* uninitialised client: let the
                                                           library report it */
    op->out = alloc_out(size, err);
    if (op->out == NULL)
        return -1;
    pssst_status st = pssst_pack_request_with_ephemeral(&b->client, ephemeral, msg, len, op->out,
                                                        size, &op->out_len, &b->reply);
    return finish_with_output(op, st);
}

static int lib_unpack_reply(void *self, const uint8_t *packet, size_t len, replay_op *op,
                            conform_error *err)
{
    backend_lib *b = self;
    /* The message is never longer than the packet. */
    op->out = alloc_out(len, err);
    if (op->out == NULL)
        return -1;
    pssst_status st = pssst_unpack_reply(&b->reply, packet, len, op->out, len, &op->out_len);
    return finish_with_output(op, st);
}

static int lib_server_init(void *self, const uint8_t server_private[32], replay_op *op,
                           conform_error *err)
{
    (void)err;
    backend_lib *b = self;
    pssst_status st = pssst_server_init(&b->server, (pssst_suite)b->suite, server_private);
    b->server_ready = st == PSSST_OK;
    set_status(op, st);
    return 0;
}

static int lib_unpack_request(void *self, const uint8_t *packet, size_t len, replay_op *op,
                              conform_error *err)
{
    backend_lib *b = self;
    op->out = alloc_out(len, err);
    if (op->out == NULL)
        return -1;
    pssst_status st = pssst_unpack_request(&b->server, packet, len, op->out, len, &op->out_len,
                                           op->client_public, &op->authenticated, &b->reply);
    return finish_with_output(op, st);
}

static int lib_pack_reply(void *self, const uint8_t *msg, size_t len, replay_op *op,
                          conform_error *err)
{
    backend_lib *b = self;
    size_t size = pssst_reply_size(len);
    if (size == 0)
        return conform_error_set(err, "reply of %zu bytes is too large", len);
    op->out = alloc_out(size, err);
    if (op->out == NULL)
        return -1;
    pssst_status st = pssst_pack_reply(&b->reply, msg, len, op->out, size, &op->out_len);
    return finish_with_output(op, st);
}

static int lib_public_key(void *self, const uint8_t private_key[32], replay_op *op,
                          conform_error *err)
{
    backend_lib *b = self;
    op->out = alloc_out(PSSST_KEY_SIZE, err);
    if (op->out == NULL)
        return -1;
    pssst_status st = pssst_public_key((pssst_suite)b->suite, private_key, op->out);
    set_status(op, st);
    op->out_len = st == PSSST_OK ? PSSST_KEY_SIZE : 0;
    return 0;
}

backend_lib *backend_lib_new(replay_backend *be)
{
    backend_lib *b = calloc(1, sizeof *b);
    memset(be, 0, sizeof *be);
    if (b == NULL)
        return NULL;
    *be = (replay_backend){
        .self = b,
        .begin = lib_begin,
        .client_init = lib_client_init,
        .pack_request = lib_pack_request,
        .unpack_reply = lib_unpack_reply,
        .server_init = lib_server_init,
        .unpack_request = lib_unpack_request,
        .pack_reply = lib_pack_reply,
        .end = lib_end,
        .public_key = lib_public_key,
    };
    return b;
}

void backend_lib_delete(backend_lib *lib)
{
    if (lib == NULL)
        return;
    reset(lib);
    free(lib);
}
