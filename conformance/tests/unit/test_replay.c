/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_replay.c - the verdict rules of replay.c (spec/vectors.md: role
 * procedures, stage rule, early refusal, acceptable results, reply
 * sequences), checked against a scripted backend whose every answer is
 * set by the test. One rule per test function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"

#define MAX_STEPS 8

/* One scripted answer: the operation expected next and what it returns. */
typedef struct {
    const char *op;
    const char *status;
    const uint8_t *out;
    size_t out_len;
    bool authenticated;
} step;

typedef struct {
    step steps[MAX_STEPS];
    size_t n, next;
    bool fail_backend; /* the next call reports a backend error */
    char problem[128]; /* a call the script did not expect */
} script;

/* Scripted answers: success without output, refusal, success with output. */
static step ok(const char *op)
{
    return (step){op, "OK", NULL, 0, false};
}

static step refused(const char *op, const char *status)
{
    return (step){op, status, NULL, 0, false};
}

static step gives(const char *op, const uint8_t *out, size_t out_len)
{
    return (step){op, "OK", out, out_len, false};
}

static step gives_authenticated(const char *op, const uint8_t *out, size_t out_len)
{
    return (step){op, "OK", out, out_len, true};
}

/* A script of the n steps given, in order. */
static script scripted(size_t n, const step *steps)
{
    script s;
    memset(&s, 0, sizeof s);
    if (n > MAX_STEPS) {
        fprintf(stderr, "script of %zu steps, at most %d\n", n, MAX_STEPS);
        exit(2);
    }
    memcpy(s.steps, steps, n * sizeof *steps);
    s.n = n;
    return s;
}

static int answer(script *s, const char *op, replay_op *r, conform_error *err)
{
    if (s->fail_backend)
        return conform_error_set(err, "scripted backend failure");
    if (s->next >= s->n || strcmp(s->steps[s->next].op, op) != 0) {
        snprintf(s->problem, sizeof s->problem, "unexpected call %s", op);
        return conform_error_set(err, "%s", s->problem);
    }
    const step *st = &s->steps[s->next++];
    snprintf(r->status, sizeof r->status, "%s", st->status);
    r->authenticated = st->authenticated;
    if (st->out_len > 0) {
        r->out = malloc(st->out_len);
        memcpy(r->out, st->out, st->out_len);
        r->out_len = st->out_len;
    }
    return 0;
}

static int f_begin(void *self, vec_role role, uint16_t suite, conform_error *err)
{
    (void)self, (void)role, (void)suite, (void)err;
    return 0;
}
static int f_client_init(void *self, const uint8_t sp[32], const uint8_t *cp, replay_op *op,
                         conform_error *err)
{
    (void)sp, (void)cp;
    return answer(self, "client_init", op, err);
}
static int f_pack_request(void *self, const uint8_t e[32], const uint8_t *m, size_t n,
                          replay_op *op, conform_error *err)
{
    (void)e, (void)m, (void)n;
    return answer(self, "pack_request", op, err);
}
static int f_unpack_reply(void *self, const uint8_t *p, size_t n, replay_op *op,
                          conform_error *err)
{
    (void)p, (void)n;
    return answer(self, "unpack_reply", op, err);
}
static int f_server_init(void *self, const uint8_t sp[32], replay_op *op, conform_error *err)
{
    (void)sp;
    return answer(self, "server_init", op, err);
}
static int f_unpack_request(void *self, const uint8_t *p, size_t n, replay_op *op,
                            conform_error *err)
{
    (void)p, (void)n;
    return answer(self, "unpack_request", op, err);
}
static int f_pack_reply(void *self, const uint8_t *m, size_t n, replay_op *op,
                        conform_error *err)
{
    (void)m, (void)n;
    return answer(self, "pack_reply", op, err);
}
static void f_end(void *self)
{
    (void)self;
}
static int f_public_key(void *self, const uint8_t priv[32], replay_op *op, conform_error *err)
{
    (void)priv;
    return answer(self, "public_key", op, err);
}

/* Expected outputs of the tests below. */
static uint8_t packet_a[] = {0xa1, 0xa2, 0xa3};
static uint8_t packet_b[] = {0xb1, 0xb2};
static uint8_t message[] = {0x11};
static char *allowed_bad_key[] = {"BAD_KEY"};
static char *allowed_context_used[] = {"CONTEXT_USED"};

static int failures;

static ju_bytes bytes(uint8_t *b, size_t n)
{
    return (ju_bytes){.present = true, .data = b, .len = n};
}

/* A test with every field present (all outputs packet_a / message). */
static vec_test full_test(vec_result result, vec_stage stage, char **errors, size_t n_errors)
{
    vec_test t;
    memset(&t, 0, sizeof t);
    t.tc_id = "t";
    t.result = result;
    t.stage = stage;
    t.errors = errors;
    t.n_errors = n_errors;
    t.server_public.present = t.server_private.present = t.ephemeral_private.present = true;
    t.request = bytes(message, sizeof message);
    t.reply = bytes(message, sizeof message);
    t.request_packet = bytes(packet_a, sizeof packet_a);
    t.reply_packet = bytes(packet_a, sizeof packet_a);
    return t;
}

static void expect_with(const char *name, script *s, vec_role role, vec_mode mode,
                        const vec_test *t, bool strict, bool public_key, verdict_kind want);

static void expect(const char *name, script *s, vec_role role, vec_mode mode, const vec_test *t,
                   bool strict, verdict_kind want)
{
    expect_with(name, s, role, mode, t, strict, false, want);
}

static void expect_with(const char *name, script *s, vec_role role, vec_mode mode,
                        const vec_test *t, bool strict, bool public_key, verdict_kind want)
{
    replay_backend be = {.self = s,
                         .begin = f_begin,
                         .client_init = f_client_init,
                         .pack_request = f_pack_request,
                         .unpack_reply = f_unpack_reply,
                         .server_init = f_server_init,
                         .unpack_request = f_unpack_request,
                         .pack_reply = f_pack_reply,
                         .end = f_end,
                         .public_key = public_key ? f_public_key : NULL};
    vec_group g = {.type = "PssstTest", .role = role, .mode = mode, .suite = 1};
    replay_verdict v;
    verdict_kind got = replay_test(&be, &g, t, strict, &v);
    bool ok = got == want && s->problem[0] == '\0' && (want == VERDICT_ERROR || s->next == s->n);
    printf("%s %s: verdict %s (%s)%s%s\n", ok ? "ok  " : "FAIL", name, verdict_name(got),
           v.reason != NULL ? v.reason : "", s->problem[0] ? "; " : "", s->problem);
    if (!ok) {
        if (got != want)
            printf("     expected verdict %s\n", verdict_name(want));
        if (s->next != s->n)
            printf("     %zu of %zu scripted calls made\n", s->next, s->n);
        failures++;
    }
    replay_verdict_free(&v);
}

#define OUT_A packet_a, sizeof packet_a
#define OUT_B packet_b, sizeof packet_b
#define OUT_M message, sizeof message

static void client_init_refusal_with_allowed_error_passes(void)
{
    script s = scripted(1, (step[]){refused("client_init", "BAD_KEY")});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_CLIENT_INIT, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static void lazy_key_check_refused_by_pack_request_passes(void)
{
    script s = scripted(2, (step[]){ok("client_init"),
                          refused("pack_request", "BAD_KEY")});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_CLIENT_INIT, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static void client_init_and_pack_request_both_accepting_fails(void)
{
    script s = scripted(2, (step[]){ok("client_init"),
                          gives("pack_request", OUT_A)});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_CLIENT_INIT, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void disallowed_error_at_stage_is_wrong_error(void)
{
    script s = scripted(1, (step[]){refused("client_init", "MALFORMED")});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_CLIENT_INIT, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_WRONG_ERROR);
}

static void disallowed_error_at_stage_fails_with_strict_errors(void)
{
    script s = scripted(1, (step[]){refused("client_init", "MALFORMED")});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_CLIENT_INIT, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, true, VERDICT_FAIL);
}

static void allowed_error_before_stage_fails(void)
{
    script s = scripted(2, (step[]){ok("client_init"),
                          refused("pack_request", "BAD_KEY")});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_UNPACK_REPLY, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void valid_client_test_passes_with_expected_outputs(void)
{
    script s = scripted(3, (step[]){ok("client_init"),
                          gives("pack_request", OUT_A),
                          gives("unpack_reply", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static void different_request_packet_fails(void)
{
    script s = scripted(2, (step[]){ok("client_init"),
                          gives("pack_request", OUT_B)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void acceptable_test_may_succeed(void)
{
    script s = scripted(3, (step[]){ok("server_init"),
                          gives("unpack_request", OUT_M),
                          gives("pack_reply", OUT_A)});
    vec_test t = full_test(VEC_RESULT_ACCEPTABLE, VEC_STAGE_UNPACK_REQUEST, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static void acceptable_test_may_fail_with_allowed_error(void)
{
    script s = scripted(2, (step[]){ok("server_init"),
                          refused("unpack_request", "BAD_KEY")});
    vec_test t = full_test(VEC_RESULT_ACCEPTABLE, VEC_STAGE_UNPACK_REQUEST, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static void acceptable_success_with_other_output_fails(void)
{
    script s = scripted(2, (step[]){ok("server_init"),
                          gives("unpack_request", OUT_B)});
    vec_test t = full_test(VEC_RESULT_ACCEPTABLE, VEC_STAGE_UNPACK_REQUEST, allowed_bad_key, 1);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void anonymous_request_with_authenticated_key_fails(void)
{
    script s = scripted(2, (step[]){ok("server_init"),
                          gives_authenticated("unpack_request", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void client_auth_request_without_authenticated_key_fails(void)
{
    script s = scripted(2, (step[]){ok("server_init"),
                          gives("unpack_request", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    t.client_public.present = true;
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_CLIENT_AUTH, &t, false, VERDICT_FAIL);
}

static void second_pack_reply_accepted_fails_reuse(void)
{
    script s = scripted(4, (step[]){ok("server_init"),
                          gives("unpack_request", OUT_M),
                          gives("pack_reply", OUT_A),
                          gives("pack_reply", OUT_A)});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_REUSE, allowed_context_used, 1);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void second_pack_reply_refused_passes_reuse(void)
{
    script s = scripted(4, (step[]){ok("server_init"),
                          gives("unpack_request", OUT_M),
                          gives("pack_reply", OUT_A),
                          refused("pack_reply", "CONTEXT_USED")});
    vec_test t = full_test(VEC_RESULT_INVALID, VEC_STAGE_REUSE, allowed_context_used, 1);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static char *before_errors[] = {"MALFORMED"};

/* One packet_b in repliesBefore, to be refused with MALFORMED. */
static void add_reply_before(vec_test *t, vec_reply_before *b)
{
    *b = (vec_reply_before){.packet = bytes(packet_b, sizeof packet_b), .errors = before_errors,
                            .n_errors = 1};
    t->replies_before = b;
    t->n_replies_before = 1;
}

static void reply_before_accepted_fails(void)
{
    script s = scripted(3, (step[]){ok("client_init"),
                          gives("pack_request", OUT_A),
                          gives("unpack_reply", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    vec_reply_before b;
    add_reply_before(&t, &b);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_FAIL);
}

static void reply_before_with_other_error_is_wrong_error_after_a_pass(void)
{
    script s = scripted(4, (step[]){ok("client_init"),
                          gives("pack_request", OUT_A),
                          refused("unpack_reply", "NOT_REPLY"),
                          gives("unpack_reply", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    vec_reply_before b;
    add_reply_before(&t, &b);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_WRONG_ERROR);
}

static void reply_before_refused_then_reply_passes(void)
{
    script s = scripted(4, (step[]){ok("client_init"),
                          gives("pack_request", OUT_A),
                          refused("unpack_reply", "MALFORMED"),
                          gives("unpack_reply", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    vec_reply_before b;
    add_reply_before(&t, &b);
    expect(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS, &t, false, VERDICT_PASS);
}

static uint8_t key_a[32] = {1};
static uint8_t key_b[32] = {2};

static void server_public_key_must_match_server_public(void)
{
    script s = scripted(2, (step[]){ok("server_init"),
                          gives("public_key", key_b, 32)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    memcpy(t.server_public.b, key_a, 32);
    expect_with(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, true, VERDICT_FAIL);
}

static void client_public_key_checked_in_client_auth_mode(void)
{
    script s = scripted(4, (step[]){ok("client_init"),
                          gives("public_key", key_a, 32),
                          gives("pack_request", OUT_A),
                          gives("unpack_reply", OUT_M)});
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    t.client_private.present = t.client_public.present = true;
    memcpy(t.client_public.b, key_a, 32);
    expect_with(__func__, &s, VEC_ROLE_CLIENT, VEC_MODE_CLIENT_AUTH, &t, false, true, VERDICT_PASS);
}

static void backend_failure_is_harness_error(void)
{
    script s = {.n = 0, .fail_backend = true};
    vec_test t = full_test(VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, 0);
    expect(__func__, &s, VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS, &t, false, VERDICT_ERROR);
}

int main(void)
{
    client_init_refusal_with_allowed_error_passes();
    lazy_key_check_refused_by_pack_request_passes();
    client_init_and_pack_request_both_accepting_fails();
    disallowed_error_at_stage_is_wrong_error();
    disallowed_error_at_stage_fails_with_strict_errors();
    allowed_error_before_stage_fails();
    valid_client_test_passes_with_expected_outputs();
    different_request_packet_fails();
    acceptable_test_may_succeed();
    acceptable_test_may_fail_with_allowed_error();
    acceptable_success_with_other_output_fails();
    anonymous_request_with_authenticated_key_fails();
    client_auth_request_without_authenticated_key_fails();
    second_pack_reply_accepted_fails_reuse();
    second_pack_reply_refused_passes_reuse();
    reply_before_accepted_fails();
    reply_before_with_other_error_is_wrong_error_after_a_pass();
    reply_before_refused_then_reply_passes();
    server_public_key_must_match_server_public();
    client_public_key_checked_in_client_auth_mode();
    backend_failure_is_harness_error();
    printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
