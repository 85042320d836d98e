/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_outputs.c - what a call leaves behind: its outputs and the sizes
 * of its output buffers (spec 10.3), judged after every refusal and, where
 * the port takes the size of its buffers, with a buffer one byte short of
 * the output and one of exactly its size (spec/vectors.md 3.4); and after a
 * refused request, no reply context (spec 8.2, spec/vectors.md 3.1, 3.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pssst.h"
#include "replay_judge.h"

/* The first output that holds something names the failure (spec/harness.md 3.4). */
flow judge_leftovers(replay_run *r, const char *operation, const op_outcome *op)
{
    char reason[240];
    char *actual = NULL;
    int n = snprintf(reason, sizeof reason, "%s refused with %s but ", operation, op->status);
    size_t room = sizeof reason - (size_t)n;
    if (op->out_len > 0) {
        snprintf(reason + n, room, "left %zu bytes in its %s output, whose length must be 0",
                 op->out_len, op->member);
        actual = hex_text(op->out, op->out_len);
    } else if (op->leftover > 0) {
        snprintf(reason + n, room,
                 "left %zu bytes other than zero in its message buffer; no byte the call "
                 "computed may stay",
                 op->leftover);
    } else if (op->authenticated) {
        snprintf(reason + n, room, "left a client key in its output, which must be all zero");
        actual = hex_text(op->client_public, sizeof op->client_public);
    } else if (op->flag == 1) {
        snprintf(reason + n, room, "left its client-authenticated flag set; it must be false");
    } else {
        return FLOW_GO_ON;
    }
    strncat(reason, " (spec 10.3)", sizeof reason - strlen(reason) - 1);
    judge_set(r, VERDICT_FAIL, operation, reason, text_copy("no output"),
              actual != NULL ? actual : text_copy("see the reason"));
    return FLOW_DONE;
}

/* spec 10.2: the status comes from a check after the buffer check of 7.1 step 8 or 9.1 step 7. */
static bool status_after_buffer_check(const char *status)
{
    static const char *const after[] = {"BAD_KEY", "DECRYPT_FAILED", "CLIENT_AUTH_FAILED"};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
        if (strcmp(status, after[i]) == 0)
            return true;
    return false;
}

static char *size_text(bool present, size_t n)
{
    char text[32];
    snprintf(text, sizeof text, present ? "%zu bytes" : "no size", n);
    return text_copy(text);
}

/*
 * The call with an output buffer one byte short of the exact size: it must
 * fail with BUFFER_TOO_SMALL and report exact as the size it needs, or,
 * when buffer_first is false, with the test's own error, which the order of
 * spec 7.1 and 9.1 puts first. Another error is a pending wrong-error.
 */
static flow judge_short(replay_run *r, const char *operation, const op_outcome *op,
                        size_t exact, bool buffer_first)
{
    char reason[240];
    char *want = buffer_first ? text_copy("BUFFER_TOO_SMALL") : allowed_errors_text(r->t);
    if (outcome_ok(op)) {
        snprintf(reason, sizeof reason,
                 "%s accepted an output buffer of %zu bytes, one byte short of the %zu it needs"
                 " (spec 10.3)", operation, exact - 1, exact);
        judge_set(r, VERDICT_FAIL, operation, reason, want, text_copy("OK"));
        return FLOW_DONE;
    }
    if (judge_leftovers(r, operation, op) == FLOW_DONE) {
        free(want);
        return FLOW_DONE;
    }
    bool too_small = strcmp(op->status, "BUFFER_TOO_SMALL") == 0;
    if (buffer_first ? !too_small : !test_allows_error(r->t, op->status)) {
        snprintf(reason, sizeof reason,
                 "with an output buffer one byte short, %s refused with %s; %s (spec 10.2)",
                 operation, op->status,
                 buffer_first ? "the buffer check comes first"
                              : "the test's error comes before the buffer check");
        judge_pending(r, VERDICT_WRONG_ERROR, operation, reason, want, text_copy(op->status));
        return FLOW_GO_ON;
    }
    free(want);
    if (!buffer_first || (op->has_needed && op->needed == exact))
        return FLOW_GO_ON;
    snprintf(reason, sizeof reason,
             "%s refused an output buffer one byte short with BUFFER_TOO_SMALL but reported %s"
             " as the size it needs; it needs %zu (spec 10.3)", operation,
             op->has_needed ? "another size" : "no size", exact);
    judge_set(r, VERDICT_FAIL, operation, reason, size_text(true, exact),
              size_text(op->has_needed, op->needed));
    return FLOW_DONE;
}

int replay_output_call(replay_run *r, const char *op_name, const char *operation,
                       const backend_arg *args, size_t n_args, size_t exact, bool buffer_first,
                       op_outcome *op)
{
    if (!backend_caps(r->be)->output_size || r->t->result == VEC_RESULT_ACCEPTABLE)
        exact = BACKEND_ANY_SIZE;
    if (exact != BACKEND_ANY_SIZE && exact > 0) {
        if (replay_call(r, op_name, operation, args, n_args, exact - 1, op) != 0)
            return -1;
        flow f = judge_short(r, operation, op, exact, buffer_first);
        op_outcome_clear(op);
        if (f == FLOW_DONE)
            return -1;
    }
    return replay_call(r, op_name, operation, args, n_args, exact, op);
}

size_t replay_message_size(const vec_bytes *packet, size_t proof)
{
    if (!packet->present || packet->len < PSSST_OVERHEAD + proof)
        return BACKEND_ANY_SIZE;
    return packet->len - PSSST_OVERHEAD - proof;
}

size_t replay_packet_size(const vec_bytes *packet)
{
    return packet->present ? packet->len : BACKEND_ANY_SIZE;
}

bool replay_buffer_first(const replay_run *r, bool at_stage)
{
    return !at_stage || (r->t->n_errors > 0 && status_after_buffer_check(r->t->errors[0]));
}

/*
 * spec 8.2 [8.2-unfilled-status]: a request refused with any status but
 * INVALID_ARGUMENT filled no reply context, so the operation that would use
 * one must fail with CONTEXT_USED. refused is the outcome at the stage; the
 * probe runs only when it was a refusal that the verdict so far accepts.
 */
void judge_no_context(replay_run *r, const op_outcome *refused, const char *op_name,
                      const char *operation, const char *member, const vec_bytes *data)
{
    static const uint8_t nothing[1];
    bool refusal_judged = r->v->kind == VERDICT_PASS || r->v->kind == VERDICT_WRONG_ERROR;
    if (!refusal_judged || outcome_ok(refused) || strcmp(refused->status, "INVALID_ARGUMENT") == 0)
        return;
    backend_arg arg = {member, data->present ? data->data : nothing,
                       data->present ? data->len : 0};
    op_outcome op;
    char reason[240];
    if (replay_call(r, op_name, operation, &arg, 1, BACKEND_ANY_SIZE, &op) != 0)
        return;
    if (outcome_ok(&op)) {
        snprintf(reason, sizeof reason,
                 "%s succeeded after the request was refused with %s: a refused request "
                 "fills no reply context (spec 8.2)", operation, refused->status);
        judge_set(r, VERDICT_FAIL, operation, reason, text_copy("CONTEXT_USED"), text_copy("OK"));
    } else if (judge_leftovers(r, operation, &op) == FLOW_DONE) {
        /* judged as any refusal that leaves outputs (spec 10.3) */
    } else if (strcmp(op.status, "CONTEXT_USED") != 0 && r->v->kind == VERDICT_PASS) {
        snprintf(reason, sizeof reason,
                 "%s refused with %s after the request was refused; a reply context that "
                 "nothing filled gives CONTEXT_USED (spec 8.2)", operation, op.status);
        judge_set(r, VERDICT_WRONG_ERROR, operation, reason, text_copy("CONTEXT_USED"),
                  text_copy(op.status));
    }
    op_outcome_clear(&op);
}
