/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_judge.c - how the outcome of one operation is judged against its
 * test: the stage rule and the early-refusal rule of spec/vectors.md, the
 * byte comparison of outputs, and the reasons a port author reads.
 */
#include "replay_judge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "json_util.h"

char *text_copy(const char *s)
{
    return s != NULL ? string_copy(s) : NULL;
}

char *hex_text(const uint8_t *b, size_t len)
{
    char *s = malloc(2 * len + 1);
    if (s != NULL)
        hex_encode(b, len, s);
    return s;
}

void replay_verdict_free(replay_verdict *v)
{
    free(v->reason);
    free(v->expected);
    free(v->actual);
    memset(v, 0, sizeof *v);
}

verdict judge_set(replay_run *r, verdict kind, const char *operation, const char *reason,
                  char *expected, char *actual)
{
    replay_verdict_free(r->v);
    r->v->kind = kind;
    r->v->operation = operation;
    r->v->reason = text_copy(reason);
    r->v->expected = expected;
    r->v->actual = actual;
    return kind;
}

bool outcome_ok(const op_outcome *op)
{
    return strcmp(op->status, "OK") == 0;
}

bool test_allows_error(const vec_test *t, const char *status)
{
    for (size_t i = 0; i < t->n_errors; i++)
        if (strcmp(t->errors[i], status) == 0)
            return true;
    return false;
}

/* "one of MALFORMED, DECRYPT_FAILED" (canonical first, as in the vector). */
char *allowed_errors_text(const vec_test *t)
{
    size_t need = 1;
    for (size_t i = 0; i < t->n_errors; i++)
        need += strlen(t->errors[i]) + 2;
    char *s = malloc(need);
    if (s == NULL)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < t->n_errors; i++) {
        if (i > 0)
            strcat(s, ", ");
        strcat(s, t->errors[i]);
    }
    return s;
}

/* An operation that must succeed did not. */
flow judge_must_succeed(replay_run *r, const char *operation, const op_outcome *op)
{
    char reason[160];
    snprintf(reason, sizeof reason, "%s failed with %s; it must succeed", operation, op->status);
    judge_set(r, VERDICT_FAIL, operation, reason, text_copy("OK"), text_copy(op->status));
    return FLOW_DONE;
}

/* Compares an output with the vector's expected bytes (when given). */
static flow compare_output(replay_run *r, const char *operation, const char *field,
                           const op_outcome *op, const vec_bytes *want)
{
    if (want == NULL || !want->present)
        return FLOW_GO_ON;
    if (op->out_len == want->len && (want->len == 0 || memcmp(op->out, want->data, want->len) == 0))
        return FLOW_GO_ON;
    size_t first = 0;
    while (first < op->out_len && first < want->len && op->out[first] == want->data[first])
        first++;
    char reason[200];
    snprintf(reason, sizeof reason,
             "%s output differs from %s (%zu bytes, expected %zu; first difference at byte %zu)",
             operation, field, op->out_len, want->len, first);
    judge_set(r, VERDICT_FAIL, operation, reason, hex_text(want->data, want->len),
              hex_text(op->out, op->out_len));
    return FLOW_DONE;
}

void judge_pending(replay_run *r, verdict kind, const char *operation, const char *reason,
                   char *expected, char *actual)
{
    if (r->pending.reason != NULL) {
        free(expected);
        free(actual);
        return;
    }
    r->pending = (replay_verdict){kind, operation, text_copy(reason), expected, actual};
}

/*
 * The operation at the test's stage failed: an allowed error passes, any
 * other is "wrong-error", which fails the run unless it is lenient (run.c).
 */
static flow judge_refusal(replay_run *r, const char *operation, const op_outcome *op,
                          const char *note)
{
    char reason[200];
    if (judge_leftovers(r, operation, op) == FLOW_DONE)
        return FLOW_DONE;
    if (test_allows_error(r->t, op->status)) {
        snprintf(reason, sizeof reason, "%s refused with %s%s", operation, op->status, note);
        judge_set(r, VERDICT_PASS, operation, reason, allowed_errors_text(r->t),
                  text_copy(op->status));
        return FLOW_DONE;
    }
    snprintf(reason, sizeof reason, "%s refused with %s, which the test does not allow%s",
             operation, op->status, note);
    judge_set(r, VERDICT_WRONG_ERROR, operation, reason, allowed_errors_text(r->t),
              text_copy(op->status));
    return FLOW_DONE;
}

/*
 * The outcome of one operation. At the stage of an invalid test it must
 * fail; at the stage of an acceptable test it may fail with an allowed
 * error or succeed (and then the rest runs like a valid test).
 */
flow judge_op(replay_run *r, const char *operation, bool at_stage, const op_outcome *op,
              const char *field, const vec_bytes *want, const char *note)
{
    if (!at_stage) {
        if (!outcome_ok(op))
            return judge_must_succeed(r, operation, op);
        return compare_output(r, operation, field, op, want);
    }
    if (!outcome_ok(op))
        return judge_refusal(r, operation, op, note);
    if (r->t->result == VEC_RESULT_ACCEPTABLE) {
        /* spec/vectors.md 4: say which of the two outcomes happened. */
        r->accepted_at = operation;
        return compare_output(r, operation, field, op, want);
    }
    char reason[200];
    snprintf(reason, sizeof reason, "%s succeeded; it must fail%s", operation, note);
    judge_set(r, VERDICT_FAIL, operation, reason, allowed_errors_text(r->t), text_copy("OK"));
    return FLOW_DONE;
}

/* spec 8.2: say which earlier packet consumed the context a failure found used. */
void judge_name_consumer(replay_run *r, const op_outcome *op)
{
    if (r->refused_before == 0 || strcmp(op->status, "CONTEXT_USED") != 0 || r->v->reason == NULL)
        return;
    char *old = r->v->reason;
    size_t n = strlen(old) + 200;
    char *reason = malloc(n);
    if (reason == NULL)
        return;
    snprintf(reason, n,
             "%s: the packet%s of repliesBefore (refused with %s%s) consumed the reply context, "
             "which spec 8.2 keeps usable after a refusal at 9.1 steps 1 to 7",
             old, r->refused_before == 1 ? "" : "s", r->first_refusal,
             r->refused_before == 1 ? "" : ", the first");
    free(old);
    r->v->reason = reason;
}

verdict judge_pass(replay_run *r, const char *operation, const char *reason)
{
    return judge_set(r, VERDICT_PASS, operation, reason, NULL, NULL);
}

