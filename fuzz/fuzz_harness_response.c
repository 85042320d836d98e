/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_harness_response.c - the runner side of the port harness protocol
 * (conformance/harness_response.h, spec/harness.md section 3): what
 * `pssst-conform port` makes of one response line of another port's
 * harness.
 *
 * Input: one byte choosing the operation the response answers (modulo
 * the nine operations below), then the response line itself. The runner
 * sent that request with id 1.
 *
 * Properties: a refused response always names a fault kind and a reason;
 * an accepted hello fills at most PORT_MAX_SUITES suites and a terminated
 * implementation name; an accepted operation has a status word of the
 * spec 10.1 shape and, on "OK", its output; the output, written back as
 * the canonical response, is read again to the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "harness_proto.h"
#include "harness_response.h"
#include "json_out.h"

#define REQUEST_ID 1.0


static void check_refusal(const harness_judgement *j, const conform_error *err)
{
    fuzz_require(j->fault != VERDICT_PASS, "a refused response names a fault kind");
    fuzz_require(err->text[0] != '\0', "a refused response has a reason");
}

static void check_hello(const cJSON *resp)
{
    harness_caps caps;
    harness_judgement j;
    conform_error err;
    err.text[0] = '\0';
    if (harness_response_caps(resp, &caps, &j, &err) != 0) {
        check_refusal(&j, &err);
        fuzz_require(j.fault == VERDICT_ERROR && j.restart,
                     "a refused hello leaves no usable harness");
        return;
    }
    fuzz_require(caps.n_suites <= PORT_MAX_SUITES, "at most PORT_MAX_SUITES suites");
    fuzz_require(memchr(caps.implementation, '\0', sizeof caps.implementation) != NULL,
                 "the implementation name is terminated");
}

/* The accepted output, written as the canonical response, reads back the same. */
static void check_reencoded(const char *op_name, const char *member, const op_outcome *op)
{
    cJSON *canon = cJSON_CreateObject();
    fuzz_require(canon != NULL, "cJSON_CreateObject");
    bool ok = cJSON_AddNumberToObject(canon, "id", REQUEST_ID) != NULL &&
              cJSON_AddStringToObject(canon, "status", "OK") != NULL &&
              json_add_hex(canon, member, op->out, op->out_len);
    if (ok && strcmp(op_name, HARNESS_OP_UNPACK_REQUEST) == 0)
        ok = op->authenticated ? json_add_hex(canon, "clientPublic", op->client_public, 32)
                               : cJSON_AddNullToObject(canon, "clientPublic") != NULL;
    fuzz_require(ok, "canonical response built");
    op_outcome again;
    harness_judgement j;
    conform_error err;
    memset(&again, 0, sizeof again);
    fuzz_require(harness_response_read(canon, op_name, &again, &j, &err) == 0,
                 "the canonical response is accepted");
    fuzz_require(again.out_len == op->out_len &&
                     (op->out_len == 0 || memcmp(again.out, op->out, op->out_len) == 0),
                 "the output reads back the same");
    fuzz_require(again.authenticated == op->authenticated &&
                     memcmp(again.client_public, op->client_public, 32) == 0,
                 "clientPublic reads back the same");
    op_outcome_clear(&again);
    cJSON_Delete(canon);
}

static void check_operation(const char *op_name, const cJSON *resp)
{
    op_outcome op;
    harness_judgement j;
    conform_error err;
    memset(&op, 0, sizeof op);
    err.text[0] = '\0';
    if (harness_response_read(resp, op_name, &op, &j, &err) != 0) {
        check_refusal(&j, &err);
        op_outcome_clear(&op);
        return;
    }
    size_t n = strnlen(op.status, sizeof op.status);
    fuzz_require(n > 0 && n < sizeof op.status, "an accepted status is a terminated word");
    fuzz_require(op.status[0] >= 'A' && op.status[0] <= 'Z', "status words start upper-case");
    const char *member = harness_op_output(op_name);
    if (strcmp(op.status, "OK") == 0 && member != NULL) {
        fuzz_require(op.out != NULL, "an OK response carries its output");
        check_reencoded(op_name, member, &op);
    }
    op_outcome_clear(&op);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *op_name = harness_op_name(data[0] % HARNESS_N_OPS);
    /* An exact-size copy: the parser must not read past the line. */
    uint8_t *line = fuzz_dup(data + 1, size - 1);
    cJSON *resp = NULL;
    harness_judgement j;
    conform_error err;
    err.text[0] = '\0';
    if (harness_response_parse((const char *)line, size - 1, REQUEST_ID, op_name, &resp, &j,
                               &err) != 0) {
        check_refusal(&j, &err);
        fuzz_require(j.restart, "an unreadable response stops the harness");
        fuzz_require(resp == NULL, "no object from a refused line");
    } else if (strcmp(op_name, HARNESS_OP_HELLO) == 0) {
        check_hello(resp);
    } else {
        check_operation(op_name, resp);
    }
    cJSON_Delete(resp);
    free(line);
    return 0;
}
