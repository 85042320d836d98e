/* SPDX-License-Identifier: Apache-2.0 */
#include "backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "child_proc.h"
#include "harness_proto.h"
#include "harness_serve.h"
#include "json_out.h"

/* A harness gets at least this long to start (interpreters load slowly). */
#define START_TIMEOUT_MS 10000
/* A harness that answered badly or was stopped gets this long to exit. */
#define STOP_GRACE_MS 100

struct backend {
    backend_answer_fn answer; /* in-process, or NULL for a harness program */
    void *answer_arg;
    harness_server *library;  /* this library, when answer serves it */
    char *const *argv;
    long timeout_ms;
    child_proc child;
    bool running, ever_started;
    size_t restarts;
    double next_id;
    harness_caps caps;
    verdict fault;
    char *line; /* a harness program's answer: HARNESS_MAX_LINE + 1 bytes */
};

/* Stops the harness (it is started again before the next request). */
static void stop(backend *b, long grace_ms)
{
    if (b->answer != NULL || !b->running)
        return;
    child_finish(&b->child, grace_ms);
    b->running = false;
}

static int fault(backend *b, verdict kind, bool restart, conform_error *err, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

/* A problem with the harness itself: record the kind, stop it if asked. */
static int fault(backend *b, verdict kind, bool restart, conform_error *err, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    b->fault = kind;
    if (restart)
        stop(b, STOP_GRACE_MS);
    return -1;
}

/* Acts on a refused response: records the fault, stops the harness if needed. */
static int judged(backend *b, const harness_judgement *j)
{
    b->fault = j->fault;
    if (j->restart)
        stop(b, STOP_GRACE_MS);
    return -1;
}

/* The harness stopped answering by dying: say how, naming the operation. */
static int died(backend *b, const char *op, conform_error *err)
{
    char how[160];
    child_finish(&b->child, STOP_GRACE_MS * 10);
    b->running = false;
    child_describe_exit(&b->child, how, sizeof how);
    return fault(b, VERDICT_CRASH, false, err, "harness %s during %s", how, op);
}

/* One line to the harness program and its answer into b->line. */
static int exchange_process(backend *b, const char *text, const char *op, long timeout_ms,
                            size_t *len, conform_error *err)
{
    /* spec/harness.md 3.5: writing counts against the deadline too, so a
     * harness that stops reading its input cannot stall the run. */
    b->child.write_timeout_ms = timeout_ms;
    if (!child_send_line(&b->child, text) && b->child.write_timed_out)
        return fault(b, VERDICT_TIMEOUT, true, err,
                     "the harness did not take the %s request within %ld ms (it stopped reading"
                     " its input); it was killed",
                     op, timeout_ms);
    if (b->child.write_failed)
        return died(b, op, err);
    switch (child_read_line(&b->child, child_now_ms() + timeout_ms, b->line, len)) {
    case CHILD_LINE:
        return 0;
    case CHILD_TIMEOUT:
        return fault(b, VERDICT_TIMEOUT, true, err,
                     "no response to %s within %ld ms; the harness was killed", op, timeout_ms);
    case CHILD_TOO_LONG:
        return fault(b, VERDICT_ERROR, true, err, "response to %s is longer than %u bytes",
                     op, HARNESS_MAX_LINE);
    default:
        return died(b, op, err);
    }
}

/* Sends req (an id added here) and parses its response object. */
static int exchange(backend *b, cJSON *req, const char *op, long timeout_ms, cJSON **out,
                    conform_error *err)
{
    *out = NULL;
    double id = b->next_id++;
    if (cJSON_AddNumberToObject(req, "id", id) == NULL)
        return fault(b, VERDICT_ERROR, false, err, "out of memory");
    char *text = cJSON_PrintUnformatted(req);
    if (text == NULL)
        return fault(b, VERDICT_ERROR, false, err, "out of memory");
    /* In-process, the answer is parsed where it lies; a process's line is in b->line. */
    char *answer = b->answer != NULL ? b->answer(b->answer_arg, text) : NULL;
    size_t len = answer != NULL ? strlen(answer) : 0;
    int rc = 0;
    if (b->answer == NULL)
        rc = exchange_process(b, text, op, timeout_ms, &len, err);
    else if (answer == NULL)
        rc = fault(b, VERDICT_ERROR, false, err, "out of memory");
    cJSON_free(text);
    harness_judgement j;
    if (rc == 0 && harness_response_parse(answer != NULL ? answer : b->line, len, id, op, out,
                                          &j, err) != 0)
        rc = judged(b, &j);
    cJSON_free(answer);
    return rc;
}

int backend_start(backend *b, conform_error *err)
{
    if (b->answer == NULL) {
        if (b->running)
            return 0;
        if (!child_spawn(&b->child, b->argv, HARNESS_MAX_LINE))
            return conform_error_set(err, "cannot start the harness %s", b->argv[0]);
        b->running = true;
        b->restarts += b->ever_started;
        b->ever_started = true;
    }
    cJSON *req = cJSON_CreateObject(), *resp = NULL;
    int rc = -1;
    if (req == NULL || cJSON_AddStringToObject(req, "op", HARNESS_OP_HELLO) == NULL ||
        cJSON_AddNumberToObject(req, "protocol", HARNESS_PROTOCOL_VERSION) == NULL)
        conform_error_set(err, "out of memory");
    else
        rc = exchange(b, req, HARNESS_OP_HELLO,
                      b->timeout_ms > START_TIMEOUT_MS ? b->timeout_ms : START_TIMEOUT_MS, &resp,
                      err);
    harness_judgement j;
    if (rc == 0 && harness_response_caps(resp, &b->caps, &j, err) != 0)
        rc = judged(b, &j);
    cJSON_Delete(req);
    cJSON_Delete(resp);
    if (rc == 0)
        return 0;
    b->fault = VERDICT_ERROR; /* no harness, whatever the cause */
    return conform_error_prefix(err, "harness handshake failed");
}

/* Sends req (consumed) and judges the response to operation op into *out. */
static int call(backend *b, cJSON *req, const char *op, op_outcome *out, conform_error *err)
{
    cJSON *resp = NULL;
    int rc = -1;
    if (req == NULL)
        fault(b, VERDICT_ERROR, false, err, "out of memory");
    else if (b->answer == NULL && !b->running && backend_start(b, err) != 0)
        b->fault = VERDICT_ERROR;
    else if (exchange(b, req, op, b->timeout_ms, &resp, err) == 0) {
        harness_judgement j;
        rc = harness_response_read(resp, op, out, &j, err);
        if (rc != 0)
            judged(b, &j);
    }
    cJSON_Delete(req);
    cJSON_Delete(resp);
    return rc;
}

static cJSON *new_request(const char *op)
{
    cJSON *req = cJSON_CreateObject();
    if (req != NULL && cJSON_AddStringToObject(req, "op", op) == NULL) {
        cJSON_Delete(req);
        return NULL;
    }
    return req;
}

int backend_begin(backend *b, const char *tc_id, vec_role role, vec_mode mode, unsigned suite,
                  conform_error *err)
{
    b->fault = VERDICT_PASS;
    cJSON *req = new_request(HARNESS_OP_BEGIN);
    if (req != NULL && (cJSON_AddStringToObject(req, "tcId", tc_id) == NULL ||
                        cJSON_AddStringToObject(req, "role", vec_role_name(role)) == NULL ||
                        cJSON_AddStringToObject(req, "mode", vec_mode_name(mode)) == NULL ||
                        cJSON_AddNumberToObject(req, "suite", suite) == NULL)) {
        cJSON_Delete(req);
        req = NULL;
    }
    op_outcome op;
    memset(&op, 0, sizeof op);
    if (call(b, req, HARNESS_OP_BEGIN, &op, err) != 0)
        return -1;
    if (strcmp(op.status, "OK") != 0)
        return fault(b, VERDICT_ERROR, false, err, "begin answered %s, not OK", op.status);
    return 0;
}

int backend_call(backend *b, const char *op, const backend_arg *args, size_t n_args,
                 size_t output_size, op_outcome *out, conform_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *req = new_request(op);
    bool ok = req != NULL && (output_size == BACKEND_ANY_SIZE ||
                              cJSON_AddNumberToObject(req, "outputSize", (double)output_size));
    for (size_t i = 0; ok && i < n_args; i++)
        ok = json_add_hex(req, args[i].name, args[i].bytes, args[i].len);
    if (!ok) {
        cJSON_Delete(req);
        req = NULL;
    }
    return call(b, req, op, out, err);
}

verdict backend_fault_verdict(const backend *b)
{
    return b->fault != VERDICT_PASS ? b->fault : VERDICT_ERROR;
}

backend *backend_function(backend_answer_fn answer, void *arg)
{
    backend *b = calloc(1, sizeof *b);
    if (b != NULL)
        *b = (backend){.answer = answer, .answer_arg = arg, .next_id = 1};
    return b;
}

static char *library_answer(void *server, const char *request)
{
    return harness_serve_answer(server, request, strlen(request));
}

backend *backend_library(void)
{
    harness_server *server = harness_serve_new();
    backend *b = server != NULL ? backend_function(library_answer, server) : NULL;
    if (b == NULL) {
        harness_serve_delete(server);
        return NULL;
    }
    b->library = server;
    return b;
}

backend *backend_process(char *const *argv, long timeout_ms)
{
    backend *b = calloc(1, sizeof *b);
    char *line = malloc(HARNESS_MAX_LINE + 1);
    if (b == NULL || line == NULL) {
        free(b);
        free(line);
        return NULL;
    }
    *b = (backend){.argv = argv, .timeout_ms = timeout_ms, .line = line, .next_id = 1};
    return b;
}

void backend_free(backend *b)
{
    if (b == NULL)
        return;
    /* End of input tells a harness to exit; a stuck one is killed. */
    stop(b, 2000);
    harness_serve_delete(b->library);
    free(b->line);
    free(b);
}

const harness_caps *backend_caps(const backend *b)
{
    return &b->caps;
}

size_t backend_restarts(const backend *b)
{
    return b->restarts;
}
