/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay.h - runs one test of a vector file in one role against a backend
 * and decides its verdict, following the role procedures and the
 * early-refusal rule of spec/vectors.md.
 */
#ifndef PSSST_CONFORM_REPLAY_H
#define PSSST_CONFORM_REPLAY_H

#include <stdbool.h>

#include "backend.h"
#include "vector_load.h"
#include "verdict.h"

/* The verdict of one test and what decided it. */
typedef struct {
    verdict kind;
    const char *operation; /* where the verdict was decided, e.g. "unpack_reply" */
    char *reason;          /* one line, malloc'd (NULL on a plain pass) */
    char *expected;        /* hex or status names, malloc'd or NULL */
    char *actual;
} replay_verdict;

void replay_verdict_free(replay_verdict *v);

/*
 * Runs test t of group g (its role is g->role) against be. check_keys:
 * the backend offers public_key, so "its public key must equal
 * serverPublic / clientPublic" (spec/vectors.md 3.1, 3.2) is checked. A
 * refusal with an error the test does not allow is VERDICT_WRONG_ERROR;
 * whether that fails the run is the caller's decision. Returns v->kind.
 */
verdict replay_test(backend *be, const vec_group *g, const vec_test *t, bool check_keys,
                    replay_verdict *v);

#endif
