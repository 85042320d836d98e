/* SPDX-License-Identifier: Apache-2.0 */
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_proto.h"
#include "hex.h"
#include "json_util.h"

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

void replay_verdict_free(replay_verdict *v)
{
    free(v->reason);
    free(v->expected);
    free(v->actual);
    memset(v, 0, sizeof *v);
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? ju_strdup(s) : NULL;
}

static char *hex_string(const uint8_t *b, size_t len)
{
    char *s = malloc(2 * len + 1);
    if (s != NULL)
        hex_encode(b, len, s);
    return s;
}

static verdict decide(replay_run *r, verdict kind, const char *operation,
                           const char *reason, char *expected, char *actual)
{
    replay_verdict_free(r->v);
    r->v->kind = kind;
    r->v->operation = operation;
    r->v->reason = dup_or_null(reason);
    r->v->expected = expected;
    r->v->actual = actual;
    return kind;
}

static bool op_ok(const op_outcome *op)
{
    return strcmp(op->status, "OK") == 0;
}

static bool error_allowed(const vec_test *t, const char *status)
{
    for (size_t i = 0; i < t->n_errors; i++)
        if (strcmp(t->errors[i], status) == 0)
            return true;
    return false;
}

/* "one of MALFORMED, DECRYPT_FAILED" (canonical first, as in the vector). */
static char *allowed_errors(const vec_test *t)
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
static flow unexpected_error(replay_run *r, const char *operation, const op_outcome *op)
{
    char reason[160];
    snprintf(reason, sizeof reason, "%s failed with %s; it must succeed", operation, op->status);
    decide(r, VERDICT_FAIL, operation, reason, dup_or_null("OK"), dup_or_null(op->status));
    return FLOW_DONE;
}

/* Compares an output with the vector's expected bytes (when given). */
static flow compare_output(replay_run *r, const char *operation, const char *field,
                           const op_outcome *op, const ju_bytes *want)
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
    decide(r, VERDICT_FAIL, operation, reason, hex_string(want->data, want->len),
           hex_string(op->out, op->out_len));
    return FLOW_DONE;
}

/*
 * The operation at the test's stage failed: an allowed error passes, any
 * other is "wrong-error", which fails the run unless it is lenient (run.c).
 */
static flow judge_refusal(replay_run *r, const char *operation, const op_outcome *op,
                          const char *note)
{
    char reason[200];
    if (error_allowed(r->t, op->status)) {
        snprintf(reason, sizeof reason, "%s refused with %s%s", operation, op->status, note);
        decide(r, VERDICT_PASS, operation, reason, allowed_errors(r->t), dup_or_null(op->status));
        return FLOW_DONE;
    }
    snprintf(reason, sizeof reason, "%s refused with %s, which the test does not allow%s",
             operation, op->status, note);
    decide(r, VERDICT_WRONG_ERROR, operation, reason,
           allowed_errors(r->t), dup_or_null(op->status));
    return FLOW_DONE;
}

/*
 * The outcome of one operation. At the stage of an invalid test it must
 * fail; at the stage of an acceptable test it may fail with an allowed
 * error or succeed (and then the rest runs like a valid test).
 */
static flow judge_op(replay_run *r, const char *operation, bool at_stage, const op_outcome *op,
                     const char *field, const ju_bytes *want, const char *note)
{
    if (!at_stage) {
        if (!op_ok(op))
            return unexpected_error(r, operation, op);
        return compare_output(r, operation, field, op, want);
    }
    if (!op_ok(op))
        return judge_refusal(r, operation, op, note);
    if (r->t->result == VEC_RESULT_ACCEPTABLE) {
        /* spec/vectors.md 4: say which of the two outcomes happened. */
        r->accepted_at = operation;
        return compare_output(r, operation, field, op, want);
    }
    char reason[200];
    snprintf(reason, sizeof reason, "%s succeeded; it must fail%s", operation, note);
    decide(r, VERDICT_FAIL, operation, reason, allowed_errors(r->t), dup_or_null("OK"));
    return FLOW_DONE;
}

/* The implementation could not be driven: the harness's own words say why. */
static verdict backend_failed(replay_run *r, const char *operation, const conform_error *err)
{
    return decide(r, backend_fault_verdict(r->be), operation, err->text, NULL, NULL);
}

/* One operation; -1 (and the verdict decided) when the backend failed. */
static int call(replay_run *r, const char *op_name, const char *operation,
                const backend_arg *args, size_t n_args, op_outcome *op)
{
    conform_error err;
    if (backend_call(r->be, op_name, args, n_args, op, &err) == 0)
        return 0;
    op_outcome_clear(op);
    backend_failed(r, operation, &err);
    return -1;
}

/* spec 8.2: say which earlier packet consumed the context a failure found used. */
static void name_consumer(replay_run *r, const op_outcome *op)
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

static verdict passed(replay_run *r, const char *operation, const char *reason)
{
    return decide(r, VERDICT_PASS, operation, reason, NULL, NULL);
}

/*
 * spec/vectors.md, reply sequences: packets delivered before replyPacket,
 * each of which must be refused with one of its allowed errors.
 */
static flow deliver_replies_before(replay_run *r)
{
    const vec_test *t = r->t;
    for (size_t i = 0; i < t->n_replies_before; i++) {
        const vec_reply_before *b = &t->replies_before[i];
        op_outcome op;
        char operation[64], reason[200];
        snprintf(operation, sizeof operation, "unpack_reply (repliesBefore[%zu])", i);
        backend_arg arg = {"packet", b->packet.data, b->packet.len};
        if (call(r, HARNESS_OP_UNPACK_REPLY, "unpack_reply (repliesBefore)", &arg, 1, &op) != 0)
            return FLOW_DONE;
        vec_test allowed = {.errors = b->errors, .n_errors = b->n_errors};
        if (op_ok(&op)) {
            snprintf(reason, sizeof reason, "%s was accepted; it must be refused", operation);
            decide(r, VERDICT_FAIL, "unpack_reply (repliesBefore)", reason,
                   allowed_errors(&allowed), dup_or_null("OK"));
            op_outcome_clear(&op);
            return FLOW_DONE;
        }
        if (!error_allowed(&allowed, op.status)) {
            snprintf(reason, sizeof reason, "%s refused with %s, which the test does not allow",
                     operation, op.status);
            if (r->pending.reason == NULL) {
                r->pending.kind = VERDICT_WRONG_ERROR;
                r->pending.operation = "unpack_reply (repliesBefore)";
                r->pending.reason = dup_or_null(reason);
                r->pending.expected = allowed_errors(&allowed);
                r->pending.actual = dup_or_null(op.status);
            }
        }
        if (r->refused_before++ == 0)
            snprintf(r->first_refusal, sizeof r->first_refusal, "%s", op.status);
        op_outcome_clear(&op);
    }
    return FLOW_GO_ON;
}

/*
 * spec/vectors.md 3.1, 3.2: the public key the implementation derives from
 * a private key of the test must be the test's public key.
 */
static flow check_public_key(replay_run *r, const char *what, const ju_key *private_key,
                             const ju_key *public_key)
{
    if (!r->check_keys || !private_key->present || !public_key->present)
        return FLOW_GO_ON;
    op_outcome op;
    char operation[64], reason[160];
    snprintf(operation, sizeof operation, "public_key(%s)", what);
    backend_arg arg = {"privateKey", private_key->b, 32};
    if (call(r, HARNESS_OP_PUBLIC_KEY, "public_key", &arg, 1, &op) != 0)
        return FLOW_DONE;
    flow f = FLOW_GO_ON;
    if (!op_ok(&op)) {
        f = unexpected_error(r, "public_key", &op);
    } else if (op.out_len != 32 || memcmp(op.out, public_key->b, 32) != 0) {
        snprintf(reason, sizeof reason, "%s differs from the test's public key", operation);
        decide(r, VERDICT_FAIL, "public_key", reason, hex_string(public_key->b, 32),
               hex_string(op.out, op.out_len));
        f = FLOW_DONE;
    }
    op_outcome_clear(&op);
    return f;
}

/* Client role: client_init, pack_request, unpack_reply [, unpack_reply again]. */
static verdict run_client(replay_run *r)
{
    const vec_test *t = r->t;
    op_outcome op;
    const uint8_t *cpriv = t->client_private.present ? t->client_private.b : NULL;
    backend_arg init[] = {{"serverPublic", t->server_public.b, 32}, {"clientPrivate", cpriv, 32}};
    if (call(r, HARNESS_OP_CLIENT_INIT, "client_init", init, 2, &op) != 0)
        return r->v->kind;
    /* spec/vectors.md, early refusal: a port may check the server key
     * lazily, so a client_init refusal may also come from pack_request. */
    bool lazy = false;
    if (t->stage == VEC_STAGE_CLIENT_INIT && op_ok(&op)) {
        lazy = true;
    } else if (judge_op(r, "client_init", t->stage == VEC_STAGE_CLIENT_INIT, &op, NULL, NULL,
                        "") == FLOW_DONE) {
        op_outcome_clear(&op);
        return r->v->kind;
    }
    op_outcome_clear(&op);
    if (r->g->mode == VEC_MODE_CLIENT_AUTH &&
        check_public_key(r, "clientPrivate", &t->client_private, &t->client_public) == FLOW_DONE)
        return r->v->kind;

    if (!t->ephemeral_private.present || !t->request.present) {
        if (lazy && t->result == VEC_RESULT_INVALID)
            return decide(r, VERDICT_FAIL, "client_init",
                          "client_init succeeded; it must fail (the test gives no request to "
                          "check a refusal by pack_request)",
                          allowed_errors(t), dup_or_null("OK"));
        return passed(r, "client_init", "acceptable: client_init accepted");
    }
    backend_arg pack[] = {{"ephemeralPrivate", t->ephemeral_private.b, 32},
                          {"message", t->request.data, t->request.len}};
    if (call(r, HARNESS_OP_PACK_REQUEST, "pack_request", pack, 2, &op) != 0)
        return r->v->kind;
    flow f = judge_op(r, "pack_request", lazy || t->stage == VEC_STAGE_PACK_REQUEST, &op,
                      "requestPacket", &t->request_packet,
                      lazy ? " (after client_init accepted the server key)" : "");
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;

    if (!t->reply_packet.present)
        return passed(r, "pack_request", "acceptable: accepted");
    if (deliver_replies_before(r) == FLOW_DONE)
        return r->v->kind;
    backend_arg reply = {"packet", t->reply_packet.data, t->reply_packet.len};
    if (call(r, HARNESS_OP_UNPACK_REPLY, "unpack_reply", &reply, 1, &op) != 0)
        return r->v->kind;
    f = judge_op(r, "unpack_reply", t->stage == VEC_STAGE_UNPACK_REPLY, &op, "reply", &t->reply,
                 "");
    if (f == FLOW_DONE)
        name_consumer(r, &op);
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;
    if (t->stage != VEC_STAGE_REUSE)
        return passed(r, "unpack_reply", NULL);

    /* spec 8.2: the reply context is single use. */
    if (call(r, HARNESS_OP_UNPACK_REPLY, "unpack_reply (again)", &reply, 1, &op) != 0)
        return r->v->kind;
    judge_op(r, "unpack_reply (again)", true, &op, "reply", NULL, "");
    op_outcome_clear(&op);
    return r->v->kind;
}

/* spec 7.3: the authenticated client key, or none in anonymous mode. */
static flow check_client_key(replay_run *r, const op_outcome *op)
{
    const vec_test *t = r->t;
    if (r->g->mode == VEC_MODE_ANONYMOUS) {
        if (!op->authenticated)
            return FLOW_GO_ON;
        decide(r, VERDICT_FAIL, "unpack_request",
               "unpack_request reported an authenticated client key for an anonymous request",
               dup_or_null("no client key"), hex_string(op->client_public, 32));
        return FLOW_DONE;
    }
    if (!t->client_public.present)
        return FLOW_GO_ON;
    if (!op->authenticated) {
        decide(r, VERDICT_FAIL, "unpack_request",
               "unpack_request did not report the authenticated client key",
               hex_string(t->client_public.b, 32), dup_or_null("no client key"));
        return FLOW_DONE;
    }
    if (memcmp(op->client_public, t->client_public.b, 32) != 0) {
        decide(r, VERDICT_FAIL, "unpack_request",
               "unpack_request authenticated a different client key than clientPublic",
               hex_string(t->client_public.b, 32), hex_string(op->client_public, 32));
        return FLOW_DONE;
    }
    return FLOW_GO_ON;
}

/* Server role: server_init, unpack_request, pack_reply [, pack_reply again]. */
static verdict run_server(replay_run *r)
{
    const vec_test *t = r->t;
    op_outcome op;
    backend_arg init = {"serverPrivate", t->server_private.b, 32};
    if (call(r, HARNESS_OP_SERVER_INIT, "server_init", &init, 1, &op) != 0)
        return r->v->kind;
    flow f = judge_op(r, "server_init", t->stage == VEC_STAGE_SERVER_INIT, &op, NULL, NULL, "");
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;
    if (check_public_key(r, "serverPrivate", &t->server_private, &t->server_public) == FLOW_DONE)
        return r->v->kind;

    if (!t->request_packet.present)
        return passed(r, "server_init", "acceptable: server_init accepted");
    backend_arg request = {"packet", t->request_packet.data, t->request_packet.len};
    if (call(r, HARNESS_OP_UNPACK_REQUEST, "unpack_request", &request, 1, &op) != 0)
        return r->v->kind;
    bool at_stage = t->stage == VEC_STAGE_UNPACK_REQUEST;
    f = judge_op(r, "unpack_request", at_stage, &op, "request", &t->request, "");
    if (f == FLOW_GO_ON)
        f = check_client_key(r, &op);
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;

    if (!t->reply.present)
        return passed(r, "unpack_request", "acceptable: accepted");
    backend_arg reply = {"message", t->reply.data, t->reply.len};
    if (call(r, HARNESS_OP_PACK_REPLY, "pack_reply", &reply, 1, &op) != 0)
        return r->v->kind;
    f = judge_op(r, "pack_reply", false, &op, "replyPacket", &t->reply_packet, "");
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;
    if (t->stage != VEC_STAGE_REUSE)
        return passed(r, "pack_reply", NULL);

    /* spec 8.2: one reply per reply context. */
    if (call(r, HARNESS_OP_PACK_REPLY, "pack_reply (again)", &reply, 1, &op) != 0)
        return r->v->kind;
    judge_op(r, "pack_reply (again)", true, &op, "replyPacket", NULL, "");
    op_outcome_clear(&op);
    return r->v->kind;
}

verdict replay_test(backend *be, const vec_group *g, const vec_test *t, bool check_keys,
                    replay_verdict *v)
{
    replay_run r = {.be = be, .g = g, .t = t, .check_keys = check_keys, .v = v};
    conform_error err;
    memset(v, 0, sizeof *v);
    if (backend_begin(be, t->tc_id, g->role, g->mode, g->suite, &err) != 0)
        return backend_failed(&r, "begin", &err);
    verdict k = g->role == VEC_ROLE_CLIENT ? run_client(&r) : run_server(&r);
    if (k == VERDICT_PASS && r.pending.reason != NULL) {
        replay_verdict_free(v);
        *v = r.pending;
        return v->kind;
    }
    replay_verdict_free(&r.pending);
    if (k == VERDICT_PASS && r.accepted_at != NULL) {
        char reason[120];
        snprintf(reason, sizeof reason, "acceptable: %s accepted, then ran as a valid test",
                 r.accepted_at);
        free(v->reason);
        v->reason = dup_or_null(reason);
    }
    return k;
}
