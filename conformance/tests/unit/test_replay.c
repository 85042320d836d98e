/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_replay.c - the verdict rules of replay.c (spec/vectors.md: role
 * procedures, stage rule, early refusal, acceptable results, reply
 * sequences), one rule per row, each against a scripted implementation
 * behind the harness protocol (backend_function) whose every answer the
 * row sets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "replay.h"

#define MAX_STEPS 8

/* What the vector of a row holds besides the defaults of base_test(). */
typedef enum { PLAIN, CLIENT_KEY, REPLY_BEFORE, SERVER_KEY_B, CLIENT_KEY_A } vector_extra;

typedef struct {
    const char *rule;
    vec_role role;
    vec_mode mode;
    vec_result result;
    vec_stage stage;
    const char *allowed;            /* the one allowed error, or NULL */
    vector_extra extra;
    bool check_keys;
    const char *steps[MAX_STEPS];   /* "op STATUS [output-hex] [auth]", in call order */
    verdict want;
} row;

#define CLIENT VEC_ROLE_CLIENT
#define SERVER VEC_ROLE_SERVER
#define ANON VEC_MODE_ANONYMOUS
#define AUTH VEC_MODE_CLIENT_AUTH
#define A "a1a2a3" /* packet_a */
#define M "11"     /* message */
/* The public key 01 00 ... 00 (32 bytes). */
#define KEY_A "0100000000000000000000000000000000000000000000000000000000000000"

static const row ROWS[] = {
    {"client_init refusal with an allowed error passes", CLIENT, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_CLIENT_INIT, "BAD_KEY", PLAIN, false, {"client_init BAD_KEY"}, VERDICT_PASS},
    {"a lazy key check refused by pack_request passes", CLIENT, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_CLIENT_INIT, "BAD_KEY", PLAIN, false,
     {"client_init OK", "pack_request BAD_KEY", "unpack_reply CONTEXT_USED"}, VERDICT_PASS},
    {"a context left usable by a refused pack_request fails", CLIENT, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_PACK_REQUEST, "BAD_KEY", PLAIN, false,
     {"client_init OK", "pack_request BAD_KEY", "unpack_reply OK " M}, VERDICT_FAIL},
    {"client_init and pack_request both accepting fails", CLIENT, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_CLIENT_INIT, "BAD_KEY", PLAIN, false, {"client_init OK", "pack_request OK " A},
     VERDICT_FAIL},
    {"a disallowed error at the stage is wrong-error", CLIENT, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_CLIENT_INIT, "BAD_KEY", PLAIN, false, {"client_init MALFORMED"},
     VERDICT_WRONG_ERROR},
    {"an allowed error before the stage fails", CLIENT, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_UNPACK_REPLY, "BAD_KEY", PLAIN, false, {"client_init OK", "pack_request BAD_KEY"},
     VERDICT_FAIL},
    {"a valid client test passes with the expected outputs", CLIENT, ANON, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, PLAIN, false,
     {"client_init OK", "pack_request OK " A, "unpack_reply OK " M}, VERDICT_PASS},
    {"a different request packet fails", CLIENT, ANON, VEC_RESULT_VALID, VEC_STAGE_NONE, NULL,
     PLAIN, false, {"client_init OK", "pack_request OK b1b2"}, VERDICT_FAIL},
    {"an acceptable test may succeed", SERVER, ANON, VEC_RESULT_ACCEPTABLE,
     VEC_STAGE_UNPACK_REQUEST, "BAD_KEY", PLAIN, false,
     {"server_init OK", "unpack_request OK " M, "pack_reply OK " A}, VERDICT_PASS},
    {"an acceptable test may fail with an allowed error", SERVER, ANON, VEC_RESULT_ACCEPTABLE,
     VEC_STAGE_UNPACK_REQUEST, "BAD_KEY", PLAIN, false,
     {"server_init OK", "unpack_request BAD_KEY", "pack_reply CONTEXT_USED"}, VERDICT_PASS},
    {"a reply sealed after a refused unpack_request fails", SERVER, AUTH, VEC_RESULT_INVALID,
     VEC_STAGE_UNPACK_REQUEST, "CLIENT_AUTH_FAILED", PLAIN, false,
     {"server_init OK", "unpack_request CLIENT_AUTH_FAILED", "pack_reply OK " A}, VERDICT_FAIL},
    {"no context after a refused request, refused with another error, is wrong-error", SERVER,
     ANON, VEC_RESULT_INVALID, VEC_STAGE_UNPACK_REQUEST, "DECRYPT_FAILED", PLAIN, false,
     {"server_init OK", "unpack_request DECRYPT_FAILED", "pack_reply MALFORMED"},
     VERDICT_WRONG_ERROR},
    {"an acceptable success with other output fails", SERVER, ANON, VEC_RESULT_ACCEPTABLE,
     VEC_STAGE_UNPACK_REQUEST, "BAD_KEY", PLAIN, false,
     {"server_init OK", "unpack_request OK b1b2"}, VERDICT_FAIL},
    {"an anonymous request with an authenticated key fails", SERVER, ANON, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, PLAIN, false, {"server_init OK", "unpack_request OK " M " auth"},
     VERDICT_FAIL},
    {"a client-auth request without an authenticated key fails", SERVER, AUTH, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, CLIENT_KEY, false, {"server_init OK", "unpack_request OK " M},
     VERDICT_FAIL},
    {"a second pack_reply accepted fails reuse", SERVER, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_REUSE, "CONTEXT_USED", PLAIN, false,
     {"server_init OK", "unpack_request OK " M, "pack_reply OK " A, "pack_reply OK " A},
     VERDICT_FAIL},
    {"a second pack_reply refused passes reuse", SERVER, ANON, VEC_RESULT_INVALID,
     VEC_STAGE_REUSE, "CONTEXT_USED", PLAIN, false,
     {"server_init OK", "unpack_request OK " M, "pack_reply OK " A, "pack_reply CONTEXT_USED"},
     VERDICT_PASS},
    {"a packet of repliesBefore accepted fails", CLIENT, ANON, VEC_RESULT_VALID, VEC_STAGE_NONE,
     NULL, REPLY_BEFORE, false, {"client_init OK", "pack_request OK " A, "unpack_reply OK " M},
     VERDICT_FAIL},
    {"repliesBefore refused with another error is wrong-error after a pass", CLIENT, ANON,
     VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, REPLY_BEFORE, false,
     {"client_init OK", "pack_request OK " A, "unpack_reply NOT_REPLY", "unpack_reply OK " M},
     VERDICT_WRONG_ERROR},
    {"repliesBefore refused, then the reply, passes", CLIENT, ANON, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, REPLY_BEFORE, false,
     {"client_init OK", "pack_request OK " A, "unpack_reply MALFORMED", "unpack_reply OK " M},
     VERDICT_PASS},
    {"a context consumed by repliesBefore fails the reply", CLIENT, ANON, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, REPLY_BEFORE, false,
     {"client_init OK", "pack_request OK " A, "unpack_reply MALFORMED",
      "unpack_reply CONTEXT_USED"},
     VERDICT_FAIL},
    {"the server's public key must equal serverPublic", SERVER, ANON, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, SERVER_KEY_B, true,
     {"server_init OK", "public_key OK " KEY_A},
     VERDICT_FAIL},
    {"the client's public key is checked in client_auth mode", CLIENT, AUTH, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, CLIENT_KEY_A, true,
     {"client_init OK", "public_key OK " KEY_A,
      "pack_request OK " A, "unpack_reply OK " M},
     VERDICT_PASS},
    {"a crash answer is a crash", SERVER, ANON, VEC_RESULT_VALID, VEC_STAGE_NONE, NULL, PLAIN,
     false, {"server_init crash"}, VERDICT_CRASH},
    {"an unsupported answer is unsupported", SERVER, ANON, VEC_RESULT_VALID, VEC_STAGE_NONE,
     NULL, PLAIN, false, {"server_init unsupported"}, VERDICT_UNSUPPORTED},
    {"an answer that is no status word is a protocol error", SERVER, ANON, VEC_RESULT_VALID,
     VEC_STAGE_NONE, NULL, PLAIN, false, {"server_init ok"}, VERDICT_ERROR},
};

/* The scripted implementation: answers each request with the next step. */
typedef struct {
    const row *r;
    size_t next;
    char problem[160];
} script;

static char *answer(void *arg, const char *request)
{
    script *s = arg;
    cJSON *req = cJSON_Parse(request), *resp = cJSON_CreateObject();
    const char *op = cJSON_GetStringValue(cJSON_GetObjectItem(req, "op"));
    cJSON_AddItemToObject(resp, "id", cJSON_Duplicate(cJSON_GetObjectItem(req, "id"), 1));
    char step[160] = "OK", name[40] = "", status[40] = "", out[160] = "", auth[8] = "";
    if (op != NULL && strcmp(op, "begin") != 0) {
        const char *next = s->next < MAX_STEPS ? s->r->steps[s->next] : NULL;
        if (next == NULL || sscanf(next, "%39s %39s %159s %7s", name, status, out, auth) < 2 ||
            strcmp(name, op) != 0)
            snprintf(s->problem, sizeof s->problem, "unexpected call %s", op);
        else
            s->next++;
        snprintf(step, sizeof step, "%s", status[0] != '\0' ? status : "error");
    }
    cJSON_AddStringToObject(resp, "status", step);
    bool hex = out[0] != '\0' && strcmp(out, "auth") != 0;
    if (hex)
        cJSON_AddStringToObject(resp, strstr(op, "pack_re") == op ? "packet"
                                      : strcmp(op, "public_key") == 0 ? "publicKey"
                                                                      : "message", out);
    if (strcmp(out, "auth") == 0 || strcmp(auth, "auth") == 0)
        cJSON_AddStringToObject(resp, "clientPublic",
                                "0202020202020202020202020202020202020202020202020202020202020202");
    char *text = cJSON_PrintUnformatted(resp);
    cJSON_Delete(req);
    cJSON_Delete(resp);
    return text;
}

static uint8_t packet_a[] = {0xa1, 0xa2, 0xa3};
static uint8_t packet_b[] = {0xb1, 0xb2};
static uint8_t message[] = {0x11};

static vec_bytes bytes(uint8_t *b, size_t n)
{
    return (vec_bytes){.present = true, .data = b, .len = n};
}

/* The vector of a row: every field present, outputs packet_a and message. */
static vec_test row_test(const row *r, char **allowed, vec_reply_before *before)
{
    static char *before_errors[] = {"MALFORMED"};
    vec_test t = {.tc_id = "t", .result = r->result, .stage = r->stage, .errors = allowed,
                  .n_errors = r->allowed != NULL};
    t.server_public.present = t.server_private.present = t.ephemeral_private.present = true;
    t.request = t.reply = bytes(message, sizeof message);
    t.request_packet = t.reply_packet = bytes(packet_a, sizeof packet_a);
    t.client_public.present = r->extra == CLIENT_KEY || r->extra == CLIENT_KEY_A;
    t.client_private.present = r->extra == CLIENT_KEY_A;
    t.client_public.b[0] = 1;
    t.server_public.b[0] = r->extra == SERVER_KEY_B ? 2 : 1;
    if (r->extra == REPLY_BEFORE) {
        *before = (vec_reply_before){.packet = bytes(packet_b, sizeof packet_b),
                                     .errors = before_errors, .n_errors = 1};
        t.replies_before = before;
        t.n_replies_before = 1;
    }
    return t;
}

static bool run_row(const row *r)
{
    char *allowed[] = {(char *)r->allowed};
    vec_reply_before before;
    vec_test t = row_test(r, allowed, &before);
    vec_group g = {.type = "PssstTest", .role = r->role, .mode = r->mode, .suite = 1};
    script s = {.r = r};
    backend *be = backend_function(answer, &s);
    replay_verdict v;
    verdict got = replay_test(be, &g, &t, r->check_keys, &v);
    size_t steps = 0;
    while (steps < MAX_STEPS && r->steps[steps] != NULL)
        steps++;
    bool ok = got == r->want && s.problem[0] == '\0' && s.next == steps;
    printf("%s %s: %s (%s)%s%s\n", ok ? "ok  " : "FAIL", r->rule, verdict_name(got),
           v.reason != NULL ? v.reason : "", s.problem[0] ? "; " : "", s.problem);
    if (got != r->want)
        printf("     expected %s\n", verdict_name(r->want));
    if (s.next != steps)
        printf("     %zu of %zu scripted calls made\n", s.next, steps);
    replay_verdict_free(&v);
    backend_free(be);
    return ok;
}

int main(void)
{
    int failures = 0;
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++)
        failures += !run_row(&ROWS[i]);
    printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
