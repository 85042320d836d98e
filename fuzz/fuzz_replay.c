/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_replay.c - the verdict rules of pssst-conform (conformance/replay.c,
 * replay_judge.c, replay_outputs.c; spec/vectors.md section 3) against a
 * port whose every answer the input chooses: the role procedure of one
 * test, the stage rule, the output checks after refusals, the buffer sizes
 * one byte short and exact, reply sequences and the no-context probe.
 *
 * Input: one byte choosing the test (role, mode, result, stage, allowed
 * error, whether it has a packet before the reply), one byte choosing the
 * capabilities the harness offers (outputSize, publicKey), then the
 * answers, one per line, to the operations in the order the runner sends
 * them. An answer that is a JSON object gets the id of its request, so
 * that the answers reach the rules rather than the id check; any other
 * line is sent as it is. When the lines run out, the port answers with an
 * empty object.
 *
 * Properties: the verdict is one of verdict.h; a verdict other than pass
 * comes with a reason; the runner sends a bounded number of operations;
 * nothing leaks (ASan).
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "replay.h"

/* A role procedure sends at most 8 operations: init, a public key, two
 * operations twice each (buffers one byte short, then exact), a packet of
 * repliesBefore and a reuse or the no-context probe. */
#define MAX_CALLS 8
#define HELLO_OUTPUT_SIZE 0x01
#define HELLO_PUBLIC_KEY 0x02
#define PACKET_SIZE 53 /* one byte of message in a 52-byte frame (spec 4.4) */

typedef struct {
    const char *next; /* the answers not yet used */
    const char *end;
    uint8_t caps;
    size_t calls;
} port_script;

/* The next answer line, or NULL when there is none left. */
static const char *next_line(port_script *s, size_t *len)
{
    if (s->next >= s->end)
        return NULL;
    const char *nl = memchr(s->next, '\n', (size_t)(s->end - s->next));
    const char *stop = nl != NULL ? nl : s->end;
    const char *line = s->next;
    *len = (size_t)(stop - line);
    s->next = nl != NULL ? nl + 1 : s->end;
    return line;
}

/* resp (taken) with the id of the request, as one line. */
static char *answer_with_id(cJSON *resp, const cJSON *id)
{
    cJSON_DeleteItemFromObjectCaseSensitive(resp, "id");
    cJSON_AddItemToObject(resp, "id", cJSON_Duplicate(id, 1));
    char *text = cJSON_PrintUnformatted(resp);
    cJSON_Delete(resp);
    fuzz_require(text != NULL, "cJSON_PrintUnformatted");
    return text;
}

static cJSON *status_ok(void)
{
    cJSON *resp = cJSON_CreateObject();
    cJSON_AddStringToObject(resp, "status", "OK");
    return resp;
}

/* A sound hello (spec/harness.md 3.2) offering what the capabilities byte says. */
static cJSON *hello(const port_script *s)
{
    cJSON *resp = status_ok();
    cJSON_AddNumberToObject(resp, "protocol", 1);
    cJSON_AddStringToObject(resp, "implementation", "fuzz");
    cJSON *suites = cJSON_AddArrayToObject(resp, "suites");
    cJSON_AddItemToArray(suites, cJSON_CreateNumber(1));
    cJSON *roles = cJSON_AddArrayToObject(resp, "roles");
    cJSON_AddItemToArray(roles, cJSON_CreateString("client"));
    cJSON_AddItemToArray(roles, cJSON_CreateString("server"));
    cJSON *modes = cJSON_AddArrayToObject(resp, "modes");
    cJSON_AddItemToArray(modes, cJSON_CreateString("anonymous"));
    cJSON_AddItemToArray(modes, cJSON_CreateString("client_auth"));
    cJSON_AddBoolToObject(resp, "ephemeral", true);
    cJSON_AddBoolToObject(resp, "publicKey", (s->caps & HELLO_PUBLIC_KEY) != 0);
    cJSON_AddBoolToObject(resp, "outputSize", (s->caps & HELLO_OUTPUT_SIZE) != 0);
    return resp;
}

/* The next line of the input as the answer to an operation. */
static char *scripted(port_script *s, const cJSON *id)
{
    fuzz_require(++s->calls <= MAX_CALLS, "a role procedure sends a bounded number of calls");
    size_t len = 0;
    const char *line = next_line(s, &len);
    if (line == NULL)
        return answer_with_id(cJSON_CreateObject(), id);
    cJSON *resp = cJSON_ParseWithLength(line, len);
    if (cJSON_IsObject(resp))
        return answer_with_id(resp, id);
    cJSON_Delete(resp);
    char *text = cJSON_malloc(len + 1);
    fuzz_require(text != NULL, "cJSON_malloc");
    memcpy(text, line, len);
    text[len] = '\0';
    return text;
}

/* The port: hello and begin are answered as a sound harness would; every
 * operation gets the next line of the input. */
static char *answer(void *arg, const char *request)
{
    port_script *s = arg;
    cJSON *req = cJSON_Parse(request);
    fuzz_require(req != NULL, "the runner sends JSON");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "id");
    const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req, "op"));
    fuzz_require(op != NULL, "every request names its operation");
    char *text;
    if (strcmp(op, "hello") == 0)
        text = answer_with_id(hello(s), id);
    else if (strcmp(op, "begin") == 0)
        text = answer_with_id(status_ok(), id);
    else
        text = scripted(s, id);
    cJSON_Delete(req);
    return text;
}

static uint8_t request_packet[PACKET_SIZE], reply_packet[PACKET_SIZE], before_packet[PACKET_SIZE];
static uint8_t message[1] = {0x11};

static vec_bytes bytes(uint8_t *b, size_t n)
{
    return (vec_bytes){.present = true, .data = b, .len = n};
}

/* The test chosen by one byte: bit 0 role, 1 mode, 2-3 result, 4-5 stage,
 * 6 allowed error, 7 a packet of repliesBefore. */
static void choose_test(uint8_t pick, vec_group *g, vec_test *t, char **allowed,
                        vec_reply_before *before)
{
    static const vec_stage client_stages[] = {VEC_STAGE_CLIENT_INIT, VEC_STAGE_PACK_REQUEST,
                                              VEC_STAGE_UNPACK_REPLY, VEC_STAGE_REUSE};
    static const vec_stage server_stages[] = {VEC_STAGE_UNPACK_REQUEST, VEC_STAGE_UNPACK_REQUEST,
                                              VEC_STAGE_REUSE, VEC_STAGE_NONE};
    static char *errors[] = {"MALFORMED", "DECRYPT_FAILED"};
    static const vec_result results[] = {VEC_RESULT_VALID, VEC_RESULT_INVALID,
                                         VEC_RESULT_ACCEPTABLE, VEC_RESULT_INVALID};
    *g = (vec_group){.type = "PssstTest", .role = (pick & 1) ? VEC_ROLE_SERVER : VEC_ROLE_CLIENT,
                     .mode = (pick & 2) ? VEC_MODE_CLIENT_AUTH : VEC_MODE_ANONYMOUS, .suite = 1};
    vec_result result = results[(pick >> 2) & 3];
    const vec_stage *stages = g->role == VEC_ROLE_CLIENT ? client_stages : server_stages;
    allowed[0] = errors[(pick >> 6) & 1];
    *t = (vec_test){.tc_id = "fuzz", .result = result,
                    .stage = result == VEC_RESULT_VALID ? VEC_STAGE_NONE : stages[(pick >> 4) & 3],
                    .errors = allowed, .n_errors = result == VEC_RESULT_VALID ? 0 : 1};
    t->server_public.present = t->server_private.present = t->ephemeral_private.present = true;
    t->client_public.present = t->client_private.present = g->mode == VEC_MODE_CLIENT_AUTH;
    t->request = t->reply = bytes(message, sizeof message);
    request_packet[0] = g->mode == VEC_MODE_CLIENT_AUTH ? 0x40 : 0x00;
    reply_packet[0] = (uint8_t)(0x80 | request_packet[0]);
    t->request_packet = bytes(request_packet, sizeof request_packet);
    t->reply_packet = bytes(reply_packet, sizeof reply_packet);
    if ((pick & 0x80) && g->role == VEC_ROLE_CLIENT) {
        *before = (vec_reply_before){.packet = bytes(before_packet, sizeof before_packet),
                                     .errors = allowed, .n_errors = 1};
        t->replies_before = before;
        t->n_replies_before = 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    vec_group g;
    vec_test t;
    char *allowed[1];
    vec_reply_before before;
    choose_test(data[0], &g, &t, allowed, &before);
    port_script s = {.next = (const char *)data + 2, .end = (const char *)data + size,
                     .caps = data[1]};
    backend *be = backend_function(answer, &s);
    fuzz_require(be != NULL, "backend_function");
    conform_error err;
    fuzz_require(backend_start(be, &err) == 0, "a sound hello is accepted");
    replay_verdict v;
    verdict k = replay_test(be, &g, &t, (data[1] & HELLO_PUBLIC_KEY) != 0, &v);
    fuzz_require(k == v.kind, "replay_test returns the verdict it records");
    fuzz_require(verdict_name(k) != NULL && k < VERDICT_COUNT, "a verdict of verdict.h");
    fuzz_require(k == VERDICT_PASS || v.reason != NULL, "a verdict other than pass says why");
    replay_verdict_free(&v);
    backend_free(be);
    return 0;
}
