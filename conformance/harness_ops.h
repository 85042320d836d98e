/* SPDX-License-Identifier: Apache-2.0 */
/*
 * harness_ops.h - this library's side of each operation of the port harness
 * protocol (spec/harness.md 3.3), for harness_serve.c (internal).
 */
#ifndef PSSST_CONFORM_HARNESS_OPS_H
#define PSSST_CONFORM_HARNESS_OPS_H

#include "harness_response.h"
#include "harness_serve.h"
#include "pssst.h"

/* The session of the current test: its suite, client or server, and reply context. */
struct harness_server {
    pssst_suite suite;
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx reply;
};

/* The members of a request, decoded before the operation runs. */
typedef struct {
    vec_key key, second_key;
    vec_bytes bytes;
    long out_size; /* "outputSize" (spec/harness.md 3.3), or -1 for this harness's choice */
} request_args;

typedef int (*operation_fn)(harness_server *h, const request_args *a, op_outcome *op,
                            conform_error *err);

/* One operation, its members and what carries it out. */
typedef struct {
    const char *name;
    const char *key;        /* a 32-byte member, or NULL */
    const char *second_key; /* a 32-byte member that may be null, or NULL */
    const char *bytes;      /* a member of any length, or NULL */
    operation_fn run;
} harness_operation;

/* The operation of that name, or NULL. */
const harness_operation *harness_operation_find(const char *name);

#endif
