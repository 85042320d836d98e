/* SPDX-License-Identifier: Apache-2.0 */
#include "harness_serve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "backend_lib.h"
#include "harness_proto.h"
#include "harness_response.h"
#include "json_out.h"
#include "json_util.h"
#include "pssst.h"

struct harness_server {
    replay_backend be;
    backend_lib *lib;
};

/*
 * spec/harness.md 3.1: the response repeats the request's id exactly. cJSON
 * prints numbers with 15 significant digits whenever that comes within a
 * relative epsilon of the value, which changes large ids; "%.17g" gives
 * back the same double for every finite value. A request whose id is no
 * finite number (1e999 parses as infinity) gets a response without an id.
 */
static bool add_id(cJSON *r, const cJSON *request)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(request, "id");
    char text[32];
    if (!cJSON_IsNumber(id) || !isfinite(id->valuedouble))
        return true;
    snprintf(text, sizeof text, "%.17g", id->valuedouble);
    return cJSON_AddRawToObject(r, "id", text) != NULL;
}

static cJSON *response_for(const cJSON *request, const char *status)
{
    cJSON *r = cJSON_CreateObject();
    if (r != NULL && (!add_id(r, request) || cJSON_AddStringToObject(r, "status", status) == NULL)) {
        cJSON_Delete(r);
        r = NULL;
    }
    return r;
}

static cJSON *hello(const cJSON *request)
{
    char implementation[64];
    snprintf(implementation, sizeof implementation, "pssst-c %s (x25519 %s)", pssst_version(),
             pssst_x25519_backend());
    cJSON *r = response_for(request, "OK");
    if (r == NULL)
        return NULL;
    const char *roles[] = {"client", "server"}, *modes[] = {"anonymous", "client_auth"};
    const int suites[] = {PSSST_SUITE_X25519_AESGCM128};
    cJSON_AddNumberToObject(r, "protocol", HARNESS_PROTOCOL_VERSION);
    cJSON_AddStringToObject(r, "implementation", implementation);
    cJSON_AddItemToObject(r, "suites", cJSON_CreateIntArray(suites, 1));
    cJSON_AddItemToObject(r, "roles", cJSON_CreateStringArray(roles, 2));
    cJSON_AddItemToObject(r, "modes", cJSON_CreateStringArray(modes, 2));
    cJSON_AddBoolToObject(r, "ephemeral", true);
    cJSON_AddBoolToObject(r, "publicKey", true);
    return r;
}

/* The outcome of one operation as a response: status and, on OK, its output. */
static cJSON *op_response(const cJSON *request, const char *op_name, const replay_op *op)
{
    cJSON *r = response_for(request, op->status);
    if (r == NULL || strcmp(op->status, "OK") != 0)
        return r;
    /* spec/harness.md 3.3: the output member of the operation, if it has one. */
    const char *member = harness_op_output(op_name);
    bool ok = member == NULL || jo_add_hex(r, member, op->out, op->out_len);
    if (ok && strcmp(op_name, HARNESS_OP_UNPACK_REQUEST) == 0) {
        if (op->authenticated)
            ok = jo_add_hex(r, "clientPublic", op->client_public, PSSST_KEY_SIZE);
        else
            ok = cJSON_AddNullToObject(r, "clientPublic") != NULL;
    }
    if (!ok) {
        cJSON_Delete(r);
        return NULL;
    }
    return r;
}

static int do_begin(harness_server *h, const cJSON *req, conform_error *err)
{
    const char *role;
    long suite;
    bool present;
    if (ju_string(req, "", "role", true, false, &role, err) != 0 ||
        ju_int(req, "", "suite", true, 0, 65535, &suite, &present, err) != 0)
        return -1;
    if (strcmp(role, "client") != 0 && strcmp(role, "server") != 0)
        return conform_error_set(err, "role: expected \"client\" or \"server\"");
    vec_role r = strcmp(role, "client") == 0 ? VEC_ROLE_CLIENT : VEC_ROLE_SERVER;
    h->be.end(h->be.self);
    return h->be.begin(h->be.self, r, (uint16_t)suite, err);
}

/* Runs one protocol operation; -1 with err set when the request is malformed. */
static int do_op(harness_server *h, const char *name, const cJSON *req, replay_op *op,
                 conform_error *err)
{
    void *self = h->be.self;
    ju_key k1, k2;
    ju_bytes b;
    int rc = -1;
    memset(&b, 0, sizeof b);
    if (strcmp(name, HARNESS_OP_CLIENT_INIT) == 0) {
        if (ju_hex32(req, "", "serverPublic", true, false, &k1, err) == 0 &&
            ju_hex32(req, "", "clientPrivate", true, true, &k2, err) == 0)
            rc = h->be.client_init(self, k1.b, k2.present ? k2.b : NULL, op, err);
    } else if (strcmp(name, HARNESS_OP_PACK_REQUEST) == 0) {
        if (ju_hex32(req, "", "ephemeralPrivate", true, false, &k1, err) == 0 &&
            ju_hex(req, "", "message", true, false, &b, err) == 0)
            rc = h->be.pack_request(self, k1.b, b.data, b.len, op, err);
    } else if (strcmp(name, HARNESS_OP_UNPACK_REPLY) == 0) {
        if (ju_hex(req, "", "packet", true, false, &b, err) == 0)
            rc = h->be.unpack_reply(self, b.data, b.len, op, err);
    } else if (strcmp(name, HARNESS_OP_SERVER_INIT) == 0) {
        if (ju_hex32(req, "", "serverPrivate", true, false, &k1, err) == 0)
            rc = h->be.server_init(self, k1.b, op, err);
    } else if (strcmp(name, HARNESS_OP_UNPACK_REQUEST) == 0) {
        if (ju_hex(req, "", "packet", true, false, &b, err) == 0)
            rc = h->be.unpack_request(self, b.data, b.len, op, err);
    } else if (strcmp(name, HARNESS_OP_PACK_REPLY) == 0) {
        if (ju_hex(req, "", "message", true, false, &b, err) == 0)
            rc = h->be.pack_reply(self, b.data, b.len, op, err);
    } else if (strcmp(name, HARNESS_OP_PUBLIC_KEY) == 0) {
        if (ju_hex32(req, "", "privateKey", true, false, &k1, err) == 0)
            rc = h->be.public_key(self, k1.b, op, err);
    } else {
        conform_error_set(err, "op: unknown operation \"%.40s\"", name);
    }
    ju_bytes_free(&b);
    return rc;
}

char *harness_serve_answer(harness_server *h, const char *line, size_t len)
{
    conform_error err;
    conform_error_set(&err, "out of memory"); /* replaced by any parse error */
    const char *name = NULL;
    cJSON *response = NULL;
    cJSON *req = ju_parse(line, len, &err);
    if (req != NULL && ju_require_object(req, "", &err) == 0 &&
        ju_string(req, "", "op", true, false, &name, &err) == 0) {
        replay_op op;
        memset(&op, 0, sizeof op);
        if (strcmp(name, HARNESS_OP_HELLO) == 0)
            response = hello(req);
        else if (strcmp(name, HARNESS_OP_BEGIN) == 0)
            response = do_begin(h, req, &err) == 0 ? response_for(req, "OK") : NULL;
        else if (do_op(h, name, req, &op, &err) == 0)
            response = op_response(req, name, &op);
        replay_op_clear(&op);
    }
    /* spec/harness.md 3.4: a request the harness cannot carry out gets "error". */
    if (response == NULL) {
        response = response_for(req, HARNESS_STATUS_ERROR);
        if (response != NULL && cJSON_AddStringToObject(response, "reason", err.text) == NULL) {
            cJSON_Delete(response);
            response = NULL;
        }
    }
    cJSON_Delete(req);
    char *text = response != NULL ? cJSON_PrintUnformatted(response) : NULL;
    cJSON_Delete(response);
    return text;
}

harness_server *harness_serve_new(void)
{
    harness_server *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->lib = backend_lib_new(&h->be);
    if (h->lib == NULL) {
        free(h);
        return NULL;
    }
    return h;
}

void harness_serve_delete(harness_server *h)
{
    if (h == NULL)
        return;
    backend_lib_delete(h->lib);
    free(h);
}
