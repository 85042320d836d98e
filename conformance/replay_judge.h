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

/* A failure found before the stage: the test runs on, and a pass becomes it. */
void judge_pending(replay_run *r, verdict kind, const char *operation, const char *reason,
                   char *expected, char *actual);

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

/* spec 10.3: a refusal that left something in an output fails (FLOW_DONE), naming it. */
flow judge_leftovers(replay_run *r, const char *operation, const op_outcome *op);

/* One operation; output_size is "outputSize" (spec/harness.md 3.3) or
 * BACKEND_ANY_SIZE. -1 (and the verdict decided) when the backend failed. */
int replay_call(replay_run *r, const char *op_name, const char *operation,
                const backend_arg *args, size_t n_args, size_t output_size, op_outcome *op);

/*
 * spec 10.3, 7.1 step 8, 9.1 step 7: where the port takes the size of its
 * output buffer, an operation whose output needs exact bytes runs first with
 * one byte less, which must fail with BUFFER_TOO_SMALL and report exact
 * (buffer_first), or with the test's own error (spec 7.1 and 9.1 order),
 * then with exactly exact bytes. -1 when the verdict is decided. exact
 * BACKEND_ANY_SIZE: unknown, the port chooses.
 */
int replay_output_call(replay_run *r, const char *op_name, const char *operation,
                       const backend_arg *args, size_t n_args, size_t exact, bool buffer_first,
                       op_outcome *op);

/* spec 4.4: the message of a packet that carries proof bytes of proof before it,
 * BACKEND_ANY_SIZE when the packet is too short. */
size_t replay_message_size(const vec_bytes *packet, size_t proof);
/* The size of a packet to pack, BACKEND_ANY_SIZE when the test gives none. */
size_t replay_packet_size(const vec_bytes *packet);
/* Whether the test's refusal at this stage comes after the buffer check (spec 10.2). */
bool replay_buffer_first(const replay_run *r, bool at_stage);

/*
 * spec 8.2, spec/vectors.md 3.1, 3.2: after a request refused at the stage
 * (refused), op_name (unpack_reply or pack_reply) with member set to data,
 * or empty when the test has none, must fail with CONTEXT_USED. Changes
 * the verdict only when it does not.
 */
void judge_no_context(replay_run *r, const op_outcome *refused, const char *op_name,
                      const char *operation, const char *member, const vec_bytes *data);

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
