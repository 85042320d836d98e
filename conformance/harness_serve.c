/* SPDX-License-Identifier: Apache-2.0 */
#include "harness_serve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness_proto.h"
#include "harness_response.h"
#include "json_out.h"
#include "json_util.h"
#include "pssst.h"

/* The session of the current test: its suite, client or server, and reply context. */
struct harness_server {
    pssst_suite suite;
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx reply;
};

/* The members of a request, decoded before the operation runs (OPERATIONS). */
typedef struct {
    vec_key key, second_key;
    vec_bytes bytes;
} request_args;

typedef int (*operation_fn)(harness_server *h, const request_args *a, op_outcome *op,
                            conform_error *err);

static void reset(harness_server *h)
{
    pssst_client_free(&h->client);
    pssst_server_free(&h->server);
    pssst_reply_ctx_free(&h->reply);
}

/* An output buffer of n bytes (at least one, so malloc(0) never happens). */
static int alloc_out(op_outcome *op, size_t n, conform_error *err)
{
    op->out = malloc(n > 0 ? n : 1);
    if (op->out == NULL)
        return conform_error_set(err, "out of memory (%zu bytes)", n);
    return 0;
}

/* The status of an operation; no output unless it succeeded. */
static int finish(op_outcome *op, pssst_status st)
{
    snprintf(op->status, sizeof op->status, "%s", pssst_status_name(st));
    if (st != PSSST_OK)
        op->out_len = 0;
    return 0;
}

static int do_client_init(harness_server *h, const request_args *a, op_outcome *op,
                          conform_error *err)
{
    (void)err;
    return finish(op, pssst_client_init(&h->client, h->suite, a->key.b,
                                        a->second_key.present ? a->second_key.b : NULL));
}

static int do_pack_request(harness_server *h, const request_args *a, op_outcome *op,
                           conform_error *err)
{
    size_t size = pssst_request_size(&h->client, a->bytes.len);
    if (size == 0) /* an uninitialised client: let the library report it */
        size = PSSST_OVERHEAD + PSSST_PROOF_SIZE + a->bytes.len;
    if (alloc_out(op, size, err) != 0)
        return -1;
    return finish(op, pssst_pack_request_with_ephemeral(&h->client, a->key.b, a->bytes.data,
                                                        a->bytes.len, op->out, size,
                                                        &op->out_len, &h->reply));
}

/* The message is never longer than the packet. */
static int do_unpack_reply(harness_server *h, const request_args *a, op_outcome *op,
                           conform_error *err)
{
    if (alloc_out(op, a->bytes.len, err) != 0)
        return -1;
    return finish(op, pssst_unpack_reply(&h->reply, a->bytes.data, a->bytes.len, op->out,
                                         a->bytes.len, &op->out_len));
}

static int do_server_init(harness_server *h, const request_args *a, op_outcome *op,
                          conform_error *err)
{
    (void)err;
    return finish(op, pssst_server_init(&h->server, h->suite, a->key.b));
}

static int do_unpack_request(harness_server *h, const request_args *a, op_outcome *op,
                             conform_error *err)
{
    if (alloc_out(op, a->bytes.len, err) != 0)
        return -1;
    return finish(op, pssst_unpack_request(&h->server, a->bytes.data, a->bytes.len, op->out,
                                           a->bytes.len, &op->out_len, op->client_public,
                                           &op->authenticated, &h->reply));
}

static int do_pack_reply(harness_server *h, const request_args *a, op_outcome *op,
                         conform_error *err)
{
    size_t size = pssst_reply_size(a->bytes.len);
    if (size == 0)
        return conform_error_set(err, "reply of %zu bytes is too large", a->bytes.len);
    if (alloc_out(op, size, err) != 0)
        return -1;
    return finish(op, pssst_pack_reply(&h->reply, a->bytes.data, a->bytes.len, op->out, size,
                                       &op->out_len));
}

static int do_public_key(harness_server *h, const request_args *a, op_outcome *op,
                         conform_error *err)
{
    if (alloc_out(op, PSSST_KEY_SIZE, err) != 0)
        return -1;
    pssst_status st = pssst_public_key(h->suite, a->key.b, op->out);
    op->out_len = PSSST_KEY_SIZE;
    return finish(op, st);
}

/* spec/harness.md 3.3: each operation, its members and what carries it out. */
static const struct {
    const char *name;
    const char *key;        /* a 32-byte member, or NULL */
    const char *second_key; /* a 32-byte member that may be null, or NULL */
    const char *bytes;      /* a member of any length, or NULL */
    operation_fn run;
} OPERATIONS[] = {
    {HARNESS_OP_CLIENT_INIT, "serverPublic", "clientPrivate", NULL, do_client_init},
    {HARNESS_OP_PACK_REQUEST, "ephemeralPrivate", NULL, "message", do_pack_request},
    {HARNESS_OP_UNPACK_REPLY, NULL, NULL, "packet", do_unpack_reply},
    {HARNESS_OP_SERVER_INIT, "serverPrivate", NULL, NULL, do_server_init},
    {HARNESS_OP_UNPACK_REQUEST, NULL, NULL, "packet", do_unpack_request},
    {HARNESS_OP_PACK_REPLY, NULL, NULL, "message", do_pack_reply},
    {HARNESS_OP_PUBLIC_KEY, "privateKey", NULL, NULL, do_public_key},
};

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
        cJSON_AddBoolToObject(r, "publicKey", true) == NULL) {
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

/* The outcome of one operation as a response: status and, on OK, its outputs. */
static cJSON *op_response(const cJSON *request, const char *op_name, const op_outcome *op)
{
    cJSON *r = response_for(request, op->status);
    if (r == NULL || strcmp(op->status, "OK") != 0)
        return r;
    /* spec/harness.md 3.3: the output member of the operation, if it has one. */
    const char *member = harness_op_output(op_name);
    bool ok = member == NULL || json_add_hex(r, member, op->out, op->out_len);
    if (ok && strcmp(op_name, HARNESS_OP_UNPACK_REQUEST) == 0)
        ok = op->authenticated ? json_add_hex(r, "clientPublic", op->client_public, PSSST_KEY_SIZE)
                               : cJSON_AddNullToObject(r, "clientPublic") != NULL;
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
    for (size_t i = 0; i < sizeof OPERATIONS / sizeof OPERATIONS[0]; i++) {
        if (strcmp(name, OPERATIONS[i].name) != 0)
            continue;
        request_args a;
        op_outcome op;
        memset(&a, 0, sizeof a);
        memset(&op, 0, sizeof op);
        cJSON *r = NULL;
        bool args_ok =
            (OPERATIONS[i].key == NULL ||
             json_key(req, "", OPERATIONS[i].key, true, false, &a.key, err) == 0) &&
            (OPERATIONS[i].second_key == NULL ||
             json_key(req, "", OPERATIONS[i].second_key, true, true, &a.second_key, err) == 0) &&
            (OPERATIONS[i].bytes == NULL ||
             json_hex(req, "", OPERATIONS[i].bytes, true, false, &a.bytes, err) == 0);
        if (args_ok && OPERATIONS[i].run(h, &a, &op, err) == 0)
            r = op_response(req, name, &op);
        vec_bytes_free(&a.bytes);
        op_outcome_clear(&op);
        return r;
    }
    conform_error_set(err, "op: unknown operation \"%.40s\"", name);
    return NULL;
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
