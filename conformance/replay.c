/* SPDX-License-Identifier: Apache-2.0 */
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_proto.h"
#include "replay_judge.h"

/* spec 4.2, 6.2: CLIENT_AUTH (0x4000) in the first byte of the flags; the proof C || e. */
#define CLIENT_AUTH_BYTE0 0x40
#define PROOF_SIZE 64

/* The implementation could not be driven: the harness's own words say why. */
static verdict backend_failed(replay_run *r, const char *operation, const conform_error *err)
{
    return judge_set(r, backend_fault_verdict(r->be), operation, err->text, NULL, NULL);
}

int replay_call(replay_run *r, const char *op_name, const char *operation,
                const backend_arg *args, size_t n_args, size_t output_size, op_outcome *op)
{
    conform_error err;
    if (backend_call(r->be, op_name, args, n_args, output_size, op, &err) == 0)
        return 0;
    op_outcome_clear(op);
    backend_failed(r, operation, &err);
    return -1;
}

static int call(replay_run *r, const char *op_name, const char *operation,
                const backend_arg *args, size_t n_args, op_outcome *op)
{
    return replay_call(r, op_name, operation, args, n_args, BACKEND_ANY_SIZE, op);
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
        if (!outcome_ok(&op) && judge_leftovers(r, "unpack_reply (repliesBefore)", &op) == FLOW_DONE) {
            op_outcome_clear(&op);
            return FLOW_DONE;
        }
        if (outcome_ok(&op)) {
            snprintf(reason, sizeof reason, "%s was accepted; it must be refused", operation);
            judge_set(r, VERDICT_FAIL, "unpack_reply (repliesBefore)", reason,
                      allowed_errors_text(&allowed), text_copy("OK"));
            op_outcome_clear(&op);
            return FLOW_DONE;
        }
        if (!test_allows_error(&allowed, op.status)) {
            snprintf(reason, sizeof reason, "%s refused with %s, which the test does not allow",
                     operation, op.status);
            judge_pending(r, VERDICT_WRONG_ERROR, "unpack_reply (repliesBefore)", reason,
                          allowed_errors_text(&allowed), text_copy(op.status));
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
static flow check_public_key(replay_run *r, const char *what, const vec_key *private_key,
                             const vec_key *public_key)
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
    if (!outcome_ok(&op)) {
        f = judge_must_succeed(r, "public_key", &op);
    } else if (op.out_len != 32 || memcmp(op.out, public_key->b, 32) != 0) {
        snprintf(reason, sizeof reason, "%s differs from the test's public key", operation);
        judge_set(r, VERDICT_FAIL, "public_key", reason, hex_text(public_key->b, 32),
                  hex_text(op.out, op.out_len));
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
    if (t->stage == VEC_STAGE_CLIENT_INIT && outcome_ok(&op)) {
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
            return judge_set(r, VERDICT_FAIL, "client_init",
                             "client_init succeeded; it must fail (the test gives no request to "
                             "check a refusal by pack_request)",
                             allowed_errors_text(t), text_copy("OK"));
        return judge_pass(r, "client_init", "acceptable: client_init accepted");
    }
    backend_arg pack[] = {{"ephemeralPrivate", t->ephemeral_private.b, 32},
                          {"message", t->request.data, t->request.len}};
    bool pack_fails = lazy || t->stage == VEC_STAGE_PACK_REQUEST;
    if (replay_output_call(r, HARNESS_OP_PACK_REQUEST, "pack_request", pack, 2,
                    pack_fails ? BACKEND_ANY_SIZE : replay_packet_size(&t->request_packet),
                    true, &op) != 0)
        return r->v->kind;
    flow f = judge_op(r, "pack_request", pack_fails, &op,
                      "requestPacket", &t->request_packet,
                      lazy ? " (after client_init accepted the server key)" : "");
    if (f == FLOW_DONE && pack_fails)
        judge_no_context(r, &op, HARNESS_OP_UNPACK_REPLY,
                         "unpack_reply (after the refused pack_request)", "packet", &t->reply_packet);
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;

    if (!t->reply_packet.present)
        return judge_pass(r, "pack_request", "acceptable: accepted");
    if (deliver_replies_before(r) == FLOW_DONE)
        return r->v->kind;
    backend_arg reply = {"packet", t->reply_packet.data, t->reply_packet.len};
    bool at_stage = t->stage == VEC_STAGE_UNPACK_REPLY;
    if (replay_output_call(r, HARNESS_OP_UNPACK_REPLY, "unpack_reply", &reply, 1,
                    replay_message_size(&t->reply_packet, 0), replay_buffer_first(r, at_stage), &op) != 0)
        return r->v->kind;
    f = judge_op(r, "unpack_reply", at_stage, &op, "reply", &t->reply, "");
    if (f == FLOW_DONE)
        judge_name_consumer(r, &op);
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;
    if (t->stage != VEC_STAGE_REUSE)
        return judge_pass(r, "unpack_reply", NULL);

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
        if (!op->authenticated && op->flag != 1)
            return FLOW_GO_ON;
        judge_set(r, VERDICT_FAIL, "unpack_request",
                  op->authenticated ? "unpack_request reported an authenticated client key for an "
                                      "anonymous request"
                                    : "unpack_request set its client-authenticated flag for an "
                                      "anonymous request (spec 10.3)",
                  text_copy("no client key"),
                  op->authenticated ? hex_text(op->client_public, 32) : text_copy("flag set"));
        return FLOW_DONE;
    }
    if (!t->client_public.present)
        return FLOW_GO_ON;
    if (!op->authenticated || op->flag == 0) {
        judge_set(r, VERDICT_FAIL, "unpack_request",
                  op->authenticated ? "unpack_request reported the client key but left its "
                                      "client-authenticated flag false"
                                    : "unpack_request did not report the authenticated client key",
                  hex_text(t->client_public.b, 32), text_copy("no client key"));
        return FLOW_DONE;
    }
    if (memcmp(op->client_public, t->client_public.b, 32) != 0) {
        judge_set(r, VERDICT_FAIL, "unpack_request",
                  "unpack_request authenticated a different client key than clientPublic",
                  hex_text(t->client_public.b, 32), hex_text(op->client_public, 32));
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
        return judge_pass(r, "server_init", "acceptable: server_init accepted");
    backend_arg request = {"packet", t->request_packet.data, t->request_packet.len};
    bool at_stage = t->stage == VEC_STAGE_UNPACK_REQUEST;
    /* spec 7.1 step 8: the proof is not part of the message; the packet's flag decides. */
    bool auth = t->request_packet.len > 0 && (t->request_packet.data[0] & CLIENT_AUTH_BYTE0);
    size_t proof = auth ? PROOF_SIZE : 0;
    if (replay_output_call(r, HARNESS_OP_UNPACK_REQUEST, "unpack_request", &request, 1,
                    replay_message_size(&t->request_packet, proof), replay_buffer_first(r, at_stage), &op) != 0)
        return r->v->kind;
    f = judge_op(r, "unpack_request", at_stage, &op, "request", &t->request, "");
    if (f == FLOW_GO_ON)
        f = check_client_key(r, &op);
    else if (at_stage)
        judge_no_context(r, &op, HARNESS_OP_PACK_REPLY,
                         "pack_reply (after the refused unpack_request)", "message", &t->reply);
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;

    if (!t->reply.present)
        return judge_pass(r, "unpack_request", "acceptable: accepted");
    backend_arg reply = {"message", t->reply.data, t->reply.len};
    if (replay_output_call(r, HARNESS_OP_PACK_REPLY, "pack_reply", &reply, 1,
                    replay_packet_size(&t->reply_packet), true, &op) != 0)
        return r->v->kind;
    f = judge_op(r, "pack_reply", false, &op, "replyPacket", &t->reply_packet, "");
    op_outcome_clear(&op);
    if (f == FLOW_DONE)
        return r->v->kind;
    if (t->stage != VEC_STAGE_REUSE)
        return judge_pass(r, "pack_reply", NULL);

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
        v->reason = text_copy(reason);
    }
    return k;
}
