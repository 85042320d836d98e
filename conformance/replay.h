/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay.h - runs one test of a vector file in one role and decides its
 * verdict, following the role procedures and the early-refusal rule of
 * spec/vectors.md.
 *
 * The procedure talks to an implementation through replay_backend, a
 * table of the six protocol operations. backend_lib.c implements it on
 * this library; other implementations (a port's harness program) can
 * implement it too and reuse the same procedure and verdict logic.
 */
#ifndef PSSST_CONFORM_REPLAY_H
#define PSSST_CONFORM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vector_load.h"

/* Longest status name an implementation may report (longer is cut). */
#define REPLAY_STATUS_SIZE 48

/* What one operation gave back. */
typedef struct {
    char status[REPLAY_STATUS_SIZE]; /* "OK" or an error name (spec 10.1) */
    uint8_t *out;                    /* output bytes when OK (malloc'd), or NULL */
    size_t out_len;
    bool authenticated;              /* unpack_request: a client key was proven */
    uint8_t client_public[32];       /* unpack_request: that key */
} replay_op;

void replay_op_clear(replay_op *op);

/*
 * The operations. Each returns 0 when the operation ran (its outcome,
 * success or a protocol error, is in *op) and -1 when the backend itself
 * failed (err says why; the verdict becomes "error"). A session holds one
 * client or server and the reply context of its last pack_request or
 * unpack_request; begin() starts a fresh one.
 */
typedef struct replay_backend {
    void *self;
    int (*begin)(void *self, vec_role role, uint16_t suite, conform_error *err);
    int (*client_init)(void *self, const uint8_t server_public[32],
                       const uint8_t *client_private, replay_op *op, conform_error *err);
    int (*pack_request)(void *self, const uint8_t ephemeral[32], const uint8_t *msg,
                        size_t len, replay_op *op, conform_error *err);
    int (*unpack_reply)(void *self, const uint8_t *packet, size_t len, replay_op *op,
                        conform_error *err);
    int (*server_init)(void *self, const uint8_t server_private[32], replay_op *op,
                       conform_error *err);
    int (*unpack_request)(void *self, const uint8_t *packet, size_t len, replay_op *op,
                          conform_error *err);
    int (*pack_reply)(void *self, const uint8_t *msg, size_t len, replay_op *op,
                      conform_error *err);
    void (*end)(void *self);
    /*
     * Optional (NULL: not checked): the public key of a private key as the
     * implementation computes it, for "its public key must equal
     * serverPublic / clientPublic where the port exposes it"
     * (spec/vectors.md 3.1, 3.2). The key goes to op->out.
     */
    int (*public_key)(void *self, const uint8_t private_key[32], replay_op *op,
                      conform_error *err);
} replay_backend;

typedef enum {
    VERDICT_PASS,
    VERDICT_FAIL,
    VERDICT_WRONG_ERROR, /* failed where it should, with an error not allowed */
    VERDICT_SKIP,
    VERDICT_ERROR        /* the backend could not run the test */
} verdict_kind;

typedef struct {
    verdict_kind kind;
    const char *operation; /* where the verdict was decided, e.g. "unpack_reply" */
    char *reason;          /* one line, malloc'd (may be NULL on PASS) */
    char *expected;        /* hex or status names, malloc'd or NULL */
    char *actual;
} replay_verdict;

void replay_verdict_free(replay_verdict *v);

const char *verdict_name(verdict_kind k);

/*
 * Runs test t of group g (its role is g->role) against backend be.
 * strict_errors: a disallowed error at the right stage is a failure
 * instead of VERDICT_WRONG_ERROR. Returns the verdict kind; v is filled.
 */
verdict_kind replay_test(const replay_backend *be, const vec_group *g, const vec_test *t,
                         bool strict_errors, replay_verdict *v);

#endif
