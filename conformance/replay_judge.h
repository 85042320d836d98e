/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_judge.h - what replay.c and replay_judge.c share: the state of one
 * replay and the rules that judge each operation's outcome (internal).
 */
#ifndef PSSST_CONFORM_REPLAY_JUDGE_H
#define PSSST_CONFORM_REPLAY_JUDGE_H

#include "replay.h"

/* Whether the procedure goes on after an operation. */
typedef enum { FLOW_GO_ON, FLOW_DONE } flow;

/* What one replay needs to hand around. */
typedef struct {
    backend *be;
    const vec_group *g;
    const vec_test *t;
    bool check_keys;
    replay_verdict *v;
    /* A refusal with a disallowed error before the stage (repliesBefore):
     * the test still runs on, and a pass becomes wrong-error. */
    replay_verdict pending;
    /* Acceptable test: the operation at its stage that succeeded. */
    const char *accepted_at;
    /* Reply sequences: how many packets of repliesBefore were refused, and
     * the status of the first, to name what consumed the context (spec 8.2). */
    size_t refused_before;
    char first_refusal[OP_STATUS_SIZE];
} replay_run;

/* Sets the verdict (replacing any earlier one); expected and actual are taken. */
verdict judge_set(replay_run *r, verdict kind, const char *operation, const char *reason,
                  char *expected, char *actual);
verdict judge_pass(replay_run *r, const char *operation, const char *reason);

/* An operation that must succeed did not: FLOW_DONE. */
flow judge_must_succeed(replay_run *r, const char *operation, const op_outcome *op);

/*
 * The outcome of one operation. At the stage of an invalid test it must
 * fail with an allowed error; at the stage of an acceptable test it may
 * fail with one or succeed; elsewhere it must succeed, with the output
 * want (field names it in the reason) when the test gives one.
 */
flow judge_op(replay_run *r, const char *operation, bool at_stage, const op_outcome *op,
              const char *field, const vec_bytes *want, const char *note);

/* spec 8.2: adds to a CONTEXT_USED failure which earlier packet consumed the context. */
void judge_name_consumer(replay_run *r, const op_outcome *op);

bool outcome_ok(const op_outcome *op);
bool test_allows_error(const vec_test *t, const char *status);
/* "MALFORMED, DECRYPT_FAILED": the allowed errors, canonical first (malloc'd). */
char *allowed_errors_text(const vec_test *t);
/* Copies of a string or of bytes as hex (malloc'd; NULL stays NULL). */
char *text_copy(const char *s);
char *hex_text(const uint8_t *b, size_t len);

#endif
