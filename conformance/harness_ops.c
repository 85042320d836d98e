/* SPDX-License-Identifier: Apache-2.0 */
/*
 * harness_ops.c - each operation of spec/harness.md 3.3 carried out through
 * this library's public API, with output buffers of the size the runner
 * asks for and filled beforehand, so that a refusal's leftovers show.
 */
#include "harness_ops.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_proto.h"

/* spec/harness.md 3.4: every output is filled with this before the call, so
 * that what a refused call leaves in it shows. */
#define FILL 0xa5

/* The output buffer: outputSize bytes when asked, else n; filled, as is its length. */
static size_t alloc_out(op_outcome *op, const request_args *a, size_t n, conform_error *err)
{
    size_t size = a->out_size >= 0 ? (size_t)a->out_size : n;
    op->out = malloc(size > 0 ? size : 1); /* never malloc(0) */
    if (op->out == NULL) {
        conform_error_set(err, "out of memory (%zu bytes)", size);
        return SIZE_MAX;
    }
    memset(op->out, FILL, size);
    op->out_len = SIZE_MAX;
    return size;
}

/*
 * The status of an operation and, after a refusal, what it left in its
 * outputs (spec/harness.md 3.4): the length output as the output member,
 * the size BUFFER_TOO_SMALL asks for, and the bytes of a message buffer
 * that are neither the fill nor zero (spec 10.3).
 */
static int finish(op_outcome *op, pssst_status st, size_t size, bool message)
{
    snprintf(op->status, sizeof op->status, "%s", pssst_status_name(st));
    if (st == PSSST_OK)
        return 0;
    op->has_needed = st == PSSST_ERR_BUFFER_TOO_SMALL;
    op->needed = op->out_len;
    if (op->has_needed)
        op->out_len = 0;
    else if (op->out_len > size)
        op->out_len = size;
    for (size_t i = 0; message && i < size; i++)
        op->leftover += op->out[i] != FILL && op->out[i] != 0;
    return 0;
}

static int do_client_init(harness_server *h, const request_args *a, op_outcome *op,
                          conform_error *err)
{
    (void)err;
    return finish(op, pssst_client_init(&h->client, h->suite, a->key.b,
                                        a->second_key.present ? a->second_key.b : NULL), 0, false);
}

static int do_pack_request(harness_server *h, const request_args *a, op_outcome *op,
                           conform_error *err)
{
    size_t size = pssst_request_size(&h->client, a->bytes.len);
    if (size == 0) /* an uninitialised client: let the library report it */
        size = PSSST_OVERHEAD + PSSST_PROOF_SIZE + a->bytes.len;
    size = alloc_out(op, a, size, err);
    if (size == SIZE_MAX)
        return -1;
    return finish(op, pssst_pack_request_with_ephemeral(&h->client, a->key.b, a->bytes.data,
                                                        a->bytes.len, op->out, size,
                                                        &op->out_len, &h->reply), size, false);
}

/* The message is never longer than the packet. */
static int do_unpack_reply(harness_server *h, const request_args *a, op_outcome *op,
                           conform_error *err)
{
    size_t size = alloc_out(op, a, a->bytes.len, err);
    if (size == SIZE_MAX)
        return -1;
    return finish(op, pssst_unpack_reply(&h->reply, a->bytes.data, a->bytes.len, op->out, size,
                                         &op->out_len), size, true);
}

static int do_server_init(harness_server *h, const request_args *a, op_outcome *op,
                          conform_error *err)
{
    (void)err;
    return finish(op, pssst_server_init(&h->server, h->suite, a->key.b), 0, false);
}

/* The client key and flag are filled too: a refusal must clear them (spec 10.3). */
static int do_unpack_request(harness_server *h, const request_args *a, op_outcome *op,
                             conform_error *err)
{
    size_t size = alloc_out(op, a, a->bytes.len, err);
    bool flag = true;
    if (size == SIZE_MAX)
        return -1;
    memset(op->client_public, FILL, sizeof op->client_public);
    pssst_status st = pssst_unpack_request(&h->server, a->bytes.data, a->bytes.len, op->out,
                                           size, &op->out_len, op->client_public, &flag,
                                           &h->reply);
    op->flag = flag;
    return finish(op, st, size, true);
}

static int do_pack_reply(harness_server *h, const request_args *a, op_outcome *op,
                         conform_error *err)
{
    size_t size = pssst_reply_size(a->bytes.len);
    if (size == 0)
        return conform_error_set(err, "reply of %zu bytes is too large", a->bytes.len);
    size = alloc_out(op, a, size, err);
    if (size == SIZE_MAX)
        return -1;
    return finish(op, pssst_pack_reply(&h->reply, a->bytes.data, a->bytes.len, op->out, size,
                                       &op->out_len), size, false);
}

static int do_public_key(harness_server *h, const request_args *a, op_outcome *op,
                         conform_error *err)
{
    op->out = malloc(PSSST_KEY_SIZE);
    if (op->out == NULL)
        return conform_error_set(err, "out of memory");
    pssst_status st = pssst_public_key(h->suite, a->key.b, op->out);
    op->out_len = PSSST_KEY_SIZE;
    return finish(op, st, 0, false);
}

/* spec/harness.md 3.3: each operation, its members and what carries it out. */
static const harness_operation OPERATIONS[] = {
    {HARNESS_OP_CLIENT_INIT, "serverPublic", "clientPrivate", NULL, do_client_init},
    {HARNESS_OP_PACK_REQUEST, "ephemeralPrivate", NULL, "message", do_pack_request},
    {HARNESS_OP_UNPACK_REPLY, NULL, NULL, "packet", do_unpack_reply},
    {HARNESS_OP_SERVER_INIT, "serverPrivate", NULL, NULL, do_server_init},
    {HARNESS_OP_UNPACK_REQUEST, NULL, NULL, "packet", do_unpack_request},
    {HARNESS_OP_PACK_REPLY, NULL, NULL, "message", do_pack_reply},
    {HARNESS_OP_PUBLIC_KEY, "privateKey", NULL, NULL, do_public_key},
};

const harness_operation *harness_operation_find(const char *name)
{
    for (size_t i = 0; i < sizeof OPERATIONS / sizeof OPERATIONS[0]; i++)
        if (strcmp(name, OPERATIONS[i].name) == 0)
            return &OPERATIONS[i];
    return NULL;
}
