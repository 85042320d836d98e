/* SPDX-License-Identifier: Apache-2.0 */
#include "backend_port.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "child_proc.h"
#include "harness_proto.h"
#include "harness_response.h"
#include "json_out.h"

/* A harness gets at least this long to start (interpreters load slowly). */
#define START_TIMEOUT_MS 10000
/* A harness that answered badly or was stopped gets this long to exit. */
#define STOP_GRACE_MS 100
#define TC_ID_SIZE 256

struct backend_port {
    char *const *argv;
    long timeout_ms;
    child_proc child;
    bool running;
    bool ever_started;
    size_t restarts;
    double next_id;
    harness_caps caps;
    char tc_id[TC_ID_SIZE];
    vec_mode mode;
    port_fault fault;
    char *line; /* HARNESS_MAX_LINE + 1 bytes */
};

/* ---- harness process ------------------------------------------------------ */

/* Stops the harness (it is restarted before the next request). */
static void stop(backend_port *p, long grace_ms)
{
    if (!p->running)
        return;
    child_finish(&p->child, grace_ms);
    p->running = false;
}

/* A problem with the harness itself: record the kind, stop it if asked. */
static int fault(backend_port *p, port_fault kind, bool restart, conform_error *err,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int fault(backend_port *p, port_fault kind, bool restart, conform_error *err,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    p->fault = kind;
    if (restart)
        stop(p, STOP_GRACE_MS);
    return -1;
}

/* Acts on a refused response: records the fault, stops the harness if needed. */
static int judged(backend_port *p, const harness_judgement *j)
{
    p->fault = j->fault;
    if (j->restart)
        stop(p, STOP_GRACE_MS);
    return -1;
}

/* The harness stopped answering by dying: say how, naming the operation. */
static int died(backend_port *p, const char *op, conform_error *err)
{
    char how[160];
    child_finish(&p->child, STOP_GRACE_MS * 10);
    p->running = false;
    child_describe_exit(&p->child, how, sizeof how);
    p->fault = PORT_FAULT_CRASH;
    return conform_error_set(err, "harness %s during %s", how, op);
}

/* Sends one request (id added here) and reads its response object. */
static int exchange(backend_port *p, cJSON *req, const char *op, long timeout_ms, cJSON **out,
                    conform_error *err)
{
    *out = NULL;
    double id = p->next_id++;
    if (cJSON_AddNumberToObject(req, "id", id) == NULL)
        return conform_error_set(err, "out of memory");
    char *text = cJSON_PrintUnformatted(req);
    if (text == NULL)
        return conform_error_set(err, "out of memory");
    bool sent = child_send_line(&p->child, text);
    cJSON_free(text);
    if (!sent)
        return died(p, op, err);
    size_t len;
    switch (child_read_line(&p->child, child_now_ms() + timeout_ms, p->line, &len)) {
    case CHILD_LINE:
        break;
    case CHILD_TIMEOUT:
        return fault(p, PORT_FAULT_TIMEOUT, true, err,
                     "no response to %s within %ld ms; the harness was killed", op, timeout_ms);
    case CHILD_TOO_LONG:
        return fault(p, PORT_FAULT_PROTOCOL, true, err,
                     "response to %s is longer than %u bytes", op, HARNESS_MAX_LINE);
    case CHILD_EOF:
    case CHILD_ERROR:
        return died(p, op, err);
    }
    harness_judgement j;
    if (harness_response_parse(p->line, len, id, op, out, &j, err) != 0)
        return judged(p, &j);
    return 0;
}

int backend_port_start(backend_port *p, conform_error *err)
{
    if (p->running)
        return 0;
    if (!child_spawn(&p->child, p->argv, HARNESS_MAX_LINE))
        return conform_error_set(err, "cannot start the harness %s", p->argv[0]);
    p->running = true;
    if (p->ever_started)
        p->restarts++;
    p->ever_started = true;
    cJSON *req = cJSON_CreateObject(), *resp = NULL;
    if (req == NULL || cJSON_AddStringToObject(req, "op", HARNESS_OP_HELLO) == NULL ||
        cJSON_AddNumberToObject(req, "protocol", HARNESS_PROTOCOL_VERSION) == NULL) {
        cJSON_Delete(req);
        return conform_error_set(err, "out of memory");
    }
    long t = p->timeout_ms > START_TIMEOUT_MS ? p->timeout_ms : START_TIMEOUT_MS;
    int rc = exchange(p, req, "hello", t, &resp, err);
    cJSON_Delete(req);
    harness_judgement j;
    if (rc == 0 && harness_response_caps(resp, &p->caps, &j, err) != 0)
        rc = judged(p, &j);
    cJSON_Delete(resp);
    if (rc != 0)
        p->fault = PORT_FAULT_PROTOCOL; /* no harness, whatever the cause */
    return rc == 0 ? 0 : conform_error_prefix(err, "harness handshake failed");
}

/* ---- requests and responses ------------------------------------------------ */

static cJSON *new_request(const char *op)
{
    cJSON *req = cJSON_CreateObject();
    if (req != NULL && cJSON_AddStringToObject(req, "op", op) == NULL) {
        cJSON_Delete(req);
        return NULL;
    }
    return req;
}

/* Sends req (consumed), fills op from the response. */
static int call(backend_port *p, cJSON *req, const char *op_name, replay_op *op,
                conform_error *err)
{
    cJSON *resp = NULL;
    int rc = -1;
    if (req == NULL) {
        conform_error_set(err, "out of memory");
    } else if (!p->running && backend_port_start(p, err) != 0) {
        /* fault already recorded */
    } else if (exchange(p, req, op_name, p->timeout_ms, &resp, err) == 0) {
        harness_judgement j;
        rc = harness_response_read(resp, op_name, op, &j, err) == 0 ? 0 : judged(p, &j);
    }
    cJSON_Delete(req);
    cJSON_Delete(resp);
    return rc;
}

/* ---- replay_backend operations ---------------------------------------------- */

static int port_begin(void *self, vec_role role, uint16_t suite, conform_error *err)
{
    backend_port *p = self;
    replay_op op;
    memset(&op, 0, sizeof op);
    cJSON *req = new_request(HARNESS_OP_BEGIN);
    if (req != NULL &&
        (cJSON_AddStringToObject(req, "tcId", p->tc_id) == NULL ||
         cJSON_AddStringToObject(req, "role", vec_role_name(role)) == NULL ||
         cJSON_AddStringToObject(req, "mode", vec_mode_name(p->mode)) == NULL ||
         cJSON_AddNumberToObject(req, "suite", suite) == NULL)) {
        cJSON_Delete(req);
        req = NULL;
    }
    if (call(p, req, HARNESS_OP_BEGIN, &op, err) != 0)
        return -1;
    if (strcmp(op.status, "OK") != 0)
        return fault(p, PORT_FAULT_PROTOCOL, false, err, "begin answered %s, not OK", op.status);
    return 0;
}

static void port_end(void *self)
{
    (void)self; /* the next "begin" starts afresh */
}

static int port_client_init(void *self, const uint8_t server_public[32],
                            const uint8_t *client_private, replay_op *op, conform_error *err)
{
    cJSON *req = new_request(HARNESS_OP_CLIENT_INIT);
    if (req != NULL && (!jo_add_hex(req, "serverPublic", server_public, 32) ||
                        !jo_add_hex(req, "clientPrivate", client_private, 32))) {
        cJSON_Delete(req);
        req = NULL;
    }
    return call(self, req, HARNESS_OP_CLIENT_INIT, op, err);
}

static int port_pack_request(void *self, const uint8_t ephemeral[32], const uint8_t *msg,
                             size_t len, replay_op *op, conform_error *err)
{
    cJSON *req = new_request(HARNESS_OP_PACK_REQUEST);
    if (req != NULL && (!jo_add_hex(req, "ephemeralPrivate", ephemeral, 32) ||
                        !jo_add_hex(req, "message", msg != NULL ? msg : (const uint8_t *)"", len))) {
        cJSON_Delete(req);
        req = NULL;
    }
    return call(self, req, HARNESS_OP_PACK_REQUEST, op, err);
}

/* An operation with one hex argument: unpack_reply, unpack_request, pack_reply. */
static int one_arg(void *self, const char *op_name, const char *arg, const uint8_t *b,
                   size_t len, replay_op *op, conform_error *err)
{
    cJSON *req = new_request(op_name);
    if (req != NULL && !jo_add_hex(req, arg, b != NULL ? b : (const uint8_t *)"", len)) {
        cJSON_Delete(req);
        req = NULL;
    }
    return call(self, req, op_name, op, err);
}

static int port_unpack_reply(void *self, const uint8_t *packet, size_t len, replay_op *op,
                             conform_error *err)
{
    return one_arg(self, HARNESS_OP_UNPACK_REPLY, "packet", packet, len, op, err);
}

static int port_server_init(void *self, const uint8_t server_private[32], replay_op *op,
                            conform_error *err)
{
    return one_arg(self, HARNESS_OP_SERVER_INIT, "serverPrivate", server_private, 32, op, err);
}

static int port_unpack_request(void *self, const uint8_t *packet, size_t len, replay_op *op,
                               conform_error *err)
{
    return one_arg(self, HARNESS_OP_UNPACK_REQUEST, "packet", packet, len, op, err);
}

static int port_pack_reply(void *self, const uint8_t *msg, size_t len, replay_op *op,
                           conform_error *err)
{
    return one_arg(self, HARNESS_OP_PACK_REPLY, "message", msg, len, op, err);
}

/* spec/vectors.md 3.1, 3.2: the public key the port derives from a private key. */
static int port_public_key(void *self, const uint8_t private_key[32], replay_op *op,
                           conform_error *err)
{
    return one_arg(self, HARNESS_OP_PUBLIC_KEY, "privateKey", private_key, 32, op, err);
}

/* ---- lifetime ---------------------------------------------------------------- */

backend_port *backend_port_new(char *const *argv, long timeout_ms, replay_backend *be)
{
    memset(be, 0, sizeof *be);
    backend_port *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->line = malloc(HARNESS_MAX_LINE + 1);
    if (p->line == NULL) {
        free(p);
        return NULL;
    }
    p->argv = argv;
    p->timeout_ms = timeout_ms;
    p->next_id = 1;
    *be = (replay_backend){
        .self = p,
        .begin = port_begin,
        .client_init = port_client_init,
        .pack_request = port_pack_request,
        .unpack_reply = port_unpack_reply,
        .server_init = port_server_init,
        .unpack_request = port_unpack_request,
        .pack_reply = port_pack_reply,
        .end = port_end,
        .public_key = port_public_key,
    };
    return p;
}

void backend_port_delete(backend_port *p)
{
    if (p == NULL)
        return;
    /* End of input tells the harness to exit; a stuck one is killed. */
    stop(p, 2000);
    free(p->line);
    free(p);
}

const harness_caps *backend_port_caps(const backend_port *p)
{
    return &p->caps;
}

bool backend_port_supports_suite(const backend_port *p, unsigned suite)
{
    for (size_t i = 0; i < p->caps.n_suites; i++)
        if (p->caps.suites[i] == suite)
            return true;
    return false;
}

void backend_port_set_test(backend_port *p, const char *tc_id, vec_mode mode)
{
    snprintf(p->tc_id, sizeof p->tc_id, "%s", tc_id);
    p->mode = mode;
    p->fault = PORT_FAULT_NONE;
}

port_fault backend_port_last_fault(const backend_port *p)
{
    return p->fault;
}

size_t backend_port_restarts(const backend_port *p)
{
    return p->restarts;
}
