/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_harness_request.c - the harness side of the port harness protocol
 * (conformance/harness_serve.h, spec/harness.md section 3): what
 * pssst-harness makes of the request lines a runner sends, through one
 * session of this library, so that later lines see the state earlier ones
 * left (begin, client_init, pack_request, ...).
 *
 * Input: request lines separated by '\n' (a trailing '\r' is dropped and
 * empty lines are skipped, as pssst-harness does), at most MAX_LINES.
 *
 * Properties: every request gets a response; every response is read by
 * the runner side (harness_response.c) as the protocol says it must be:
 * when the request had a finite numeric id and a known operation, the
 * response repeats that id, "error" responses are protocol refusals that
 * leave the harness running, and every other response is accepted. So the
 * two halves of the protocol cannot drift apart.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "harness_proto.h"
#include "harness_response.h"
#include "harness_serve.h"
#include "json_util.h"

#define MAX_LINES 64


/* The operation of a request the runner could have sent, and its id; NULL otherwise. */
static const char *runner_request(const char *line, size_t len, double *id)
{
    conform_error err;
    const char *found = NULL;
    cJSON *req = json_parse_text(line, len, &err);
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(req, "op");
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(req, "id");
    if (cJSON_IsObject(req) && cJSON_IsString(op) && cJSON_IsNumber(rid) &&
        isfinite(rid->valuedouble)) {
        for (size_t i = 0; i < HARNESS_N_OPS && found == NULL; i++)
            if (strcmp(op->valuestring, harness_op_name(i)) == 0)
                found = harness_op_name(i);
        *id = rid->valuedouble;
    }
    cJSON_Delete(req);
    return found;
}

/* The runner's reading of the response to a request it could have sent. */
static void check_as_runner(const char *op_name, double id, const char *answer)
{
    cJSON *resp = NULL;
    harness_judgement j;
    conform_error err;
    fuzz_require(harness_response_parse(answer, strlen(answer), id, op_name, &resp, &j, &err) == 0,
                 "the response is a JSON object repeating the request's id");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(resp, "status");
    fuzz_require(cJSON_IsString(st), "every response has a status");
    bool error_word = strcmp(st->valuestring, HARNESS_STATUS_ERROR) == 0;
    if (strcmp(op_name, HARNESS_OP_HELLO) == 0) {
        harness_caps caps;
        int rc = harness_response_caps(resp, &caps, &j, &err);
        if (error_word)
            fuzz_require(rc != 0, "a hello answered \"error\" gives no harness");
        else
            fuzz_require(rc == 0, "the runner accepts the hello response");
    } else {
        op_outcome op;
        memset(&op, 0, sizeof op);
        int rc = harness_response_read(resp, op_name, &op, &j, &err);
        if (error_word)
            fuzz_require(rc != 0 && j.fault == VERDICT_ERROR && !j.restart,
                         "\"error\" is a protocol refusal that keeps the harness");
        else
            fuzz_require(rc == 0, "the runner accepts every other response");
        op_outcome_clear(&op);
    }
    cJSON_Delete(resp);
}

static void serve_line(harness_server *h, const uint8_t *start, size_t len)
{
    if (len > 0 && start[len - 1] == '\r')
        len--;
    if (len == 0)
        return;
    /* An exact-size copy: the parser must not read past the line. */
    uint8_t *line = fuzz_dup(start, len);
    char *answer = harness_serve_answer(h, (const char *)line, len);
    fuzz_require(answer != NULL, "every request gets a response");
    fuzz_require(strchr(answer, '\n') == NULL, "a response is one line");
    double id = 0;
    const char *op_name = runner_request((const char *)line, len, &id);
    if (op_name != NULL)
        check_as_runner(op_name, id, answer);
    cJSON_free(answer);
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    harness_server *h = harness_serve_new();
    fuzz_require(h != NULL, "harness_serve_new");
    size_t pos = 0;
    for (size_t n = 0; n < MAX_LINES && pos < size; n++) {
        const uint8_t *nl = memchr(data + pos, '\n', size - pos);
        size_t len = nl != NULL ? (size_t)(nl - (data + pos)) : size - pos;
        serve_line(h, data + pos, len);
        pos += len + 1;
    }
    harness_serve_delete(h);
    return 0;
}
