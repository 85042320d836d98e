/* SPDX-License-Identifier: Apache-2.0 */
#include "harness_serve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness_ops.h"
#include "harness_proto.h"
#include "harness_response.h"
#include "json_out.h"
#include "json_util.h"
#include "pssst.h"

static void reset(harness_server *h)
{
    pssst_client_free(&h->client);
    pssst_server_free(&h->server);
    pssst_reply_ctx_free(&h->reply);
}

/* spec/harness.md 3.1: the response repeats the id exactly: "%.17g" gives back the
 * same double where cJSON's 15 digits may not; an infinite id (1e999) gets none. */
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
    if (r != NULL &&
        (!add_id(r, request) || cJSON_AddStringToObject(r, "status", status) == NULL)) {
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
    /* spec/harness.md 3.2: what this library offers. */
    const char *roles[] = {"client", "server"}, *modes[] = {"anonymous", "client_auth"};
    const int suites[] = {PSSST_SUITE_X25519_AESGCM128};
    if (cJSON_AddNumberToObject(r, "protocol", HARNESS_PROTOCOL_VERSION) == NULL ||
        cJSON_AddStringToObject(r, "implementation", implementation) == NULL ||
        !cJSON_AddItemToObject(r, "suites", cJSON_CreateIntArray(suites, 1)) ||
        !cJSON_AddItemToObject(r, "roles", cJSON_CreateStringArray(roles, 2)) ||
        !cJSON_AddItemToObject(r, "modes", cJSON_CreateStringArray(modes, 2)) ||
        cJSON_AddBoolToObject(r, "ephemeral", true) == NULL ||
        cJSON_AddBoolToObject(r, "publicKey", true) == NULL ||
        cJSON_AddBoolToObject(r, "outputSize", true) == NULL) {
        cJSON_Delete(r);
        return NULL;
    }
    return r;
}

/* "begin": a fresh session of the given suite (spec/harness.md 3.3). */
static cJSON *begin(harness_server *h, const cJSON *req, conform_error *err)
{
    const char *role;
    long suite;
    bool present;
    if (json_string(req, "", "role", true, false, &role, err) != 0 ||
        json_integer(req, "", "suite", true, 0, 65535, &suite, &present, err) != 0)
        return NULL;
    if (strcmp(role, "client") != 0 && strcmp(role, "server") != 0) {
        conform_error_set(err, "role: expected \"client\" or \"server\"");
        return NULL;
    }
    reset(h);
    h->suite = (pssst_suite)suite;
    return response_for(req, "OK");
}

/* spec/harness.md 3.3, 3.4: the client-key output as it is (null when all zero) and the flag. */
static bool add_client_key(cJSON *r, const op_outcome *op)
{
    static const uint8_t none[PSSST_KEY_SIZE];
    bool zero = memcmp(op->client_public, none, sizeof none) == 0;
    return (zero ? cJSON_AddNullToObject(r, "clientPublic") != NULL
                 : json_add_hex(r, "clientPublic", op->client_public, PSSST_KEY_SIZE)) &&
           cJSON_AddBoolToObject(r, "authenticated", op->flag == 1) != NULL;
}

/* The outcome of one operation as a response: status, its outputs, and on a
 * refusal what it left in them (spec/harness.md 3.3, 3.4). */
static cJSON *op_response(const cJSON *request, const char *op_name, const op_outcome *op)
{
    cJSON *r = response_for(request, op->status);
    const char *member = harness_op_output(op_name);
    if (r == NULL || (member == NULL && strcmp(op->status, "OK") != 0))
        return r;
    bool ok = member == NULL || op->has_needed || json_add_hex(r, member, op->out, op->out_len);
    if (ok && op->has_needed)
        ok = cJSON_AddNumberToObject(r, "needed", (double)op->needed) != NULL;
    if (ok && strcmp(op->status, "OK") != 0 && member != NULL && strcmp(member, "message") == 0)
        ok = cJSON_AddNumberToObject(r, "leftover", (double)op->leftover) != NULL;
    if (ok && strcmp(op_name, HARNESS_OP_UNPACK_REQUEST) == 0)
        ok = add_client_key(r, op);
    if (!ok) {
        cJSON_Delete(r);
        return NULL;
    }
    return r;
}

/* Carries out a protocol operation; NULL with err set when the request is malformed. */
static cJSON *operation(harness_server *h, const char *name, const cJSON *req,
                        conform_error *err)
{
    const harness_operation *o = harness_operation_find(name);
    if (o == NULL) {
        conform_error_set(err, "op: unknown operation \"%.40s\"", name);
        return NULL;
    }
    request_args a;
    op_outcome op;
    bool sized;
    memset(&a, 0, sizeof a);
    memset(&op, 0, sizeof op);
    cJSON *r = NULL;
    bool args_ok =
        json_integer(req, "", "outputSize", false, 0, HARNESS_MAX_LINE, &a.out_size, &sized,
                     err) == 0 &&
        (o->key == NULL || json_key(req, "", o->key, true, false, &a.key, err) == 0) &&
        (o->second_key == NULL ||
         json_key(req, "", o->second_key, true, true, &a.second_key, err) == 0) &&
        (o->bytes == NULL || json_hex(req, "", o->bytes, true, false, &a.bytes, err) == 0);
    if (!sized)
        a.out_size = -1;
    if (args_ok && o->run(h, &a, &op, err) == 0)
        r = op_response(req, name, &op);
    vec_bytes_free(&a.bytes);
    op_outcome_clear(&op);
    return r;
}

char *harness_serve_answer(harness_server *h, const char *line, size_t len)
{
    conform_error err;
    conform_error_set(&err, "out of memory"); /* replaced by any parse error */
    const char *name = NULL;
    cJSON *response = NULL;
    cJSON *req = json_parse_text(line, len, &err);
    if (req != NULL && json_require_object(req, "", &err) == 0 &&
        json_string(req, "", "op", true, false, &name, &err) == 0) {
        if (strcmp(name, HARNESS_OP_HELLO) == 0)
            response = hello(req);
        else if (strcmp(name, HARNESS_OP_BEGIN) == 0)
            response = begin(h, req, &err);
        else
            response = operation(h, name, req, &err);
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
    return calloc(1, sizeof(harness_server));
}

void harness_serve_delete(harness_server *h)
{
    if (h == NULL)
        return;
    reset(h);
    free(h);
}
