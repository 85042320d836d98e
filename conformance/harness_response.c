/* SPDX-License-Identifier: Apache-2.0 */
#include "harness_response.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_proto.h"
#include "json_util.h"
#include "report_escape.h"

typedef struct {
    const char *name;
    const char *output; /* hex member of an OK response, or NULL */
} harness_op;

/* spec/harness.md 3.3: the output member of each operation. */
static const harness_op OPS[HARNESS_N_OPS] = {
    {HARNESS_OP_HELLO, NULL},
    {HARNESS_OP_BEGIN, NULL},
    {HARNESS_OP_CLIENT_INIT, NULL},
    {HARNESS_OP_PACK_REQUEST, "packet"},
    {HARNESS_OP_UNPACK_REPLY, "message"},
    {HARNESS_OP_SERVER_INIT, NULL},
    {HARNESS_OP_UNPACK_REQUEST, "message"},
    {HARNESS_OP_PACK_REPLY, "packet"},
    {HARNESS_OP_PUBLIC_KEY, "publicKey"},
};

void op_outcome_clear(op_outcome *op)
{
    free(op->out);
    memset(op, 0, sizeof *op);
}

const char *harness_op_name(size_t index)
{
    return index < HARNESS_N_OPS ? OPS[index].name : NULL;
}

const char *harness_op_output(const char *op_name)
{
    for (size_t i = 0; i < HARNESS_N_OPS; i++)
        if (strcmp(op_name, OPS[i].name) == 0)
            return OPS[i].output;
    return NULL;
}

/* Records a refusal: the fault kind, whether to restart, and the message. */
static int refuse(harness_judgement *j, verdict kind, bool restart, conform_error *err,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int refuse(harness_judgement *j, verdict kind, bool restart, conform_error *err,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    j->fault = kind;
    j->restart = restart;
    return -1;
}

static void judgement_clear(harness_judgement *j)
{
    j->fault = VERDICT_PASS;
    j->restart = false;
}

int harness_response_parse(const char *line, size_t len, double id, const char *op_name,
                           cJSON **out, harness_judgement *j, conform_error *err)
{
    conform_error perr;
    *out = NULL;
    judgement_clear(j);
    cJSON *resp = json_parse_text(line, len, &perr);
    if (resp == NULL)
        return refuse(j, VERDICT_ERROR, true, err,
                      "response to %s is not a JSON object: %s", op_name, perr.text);
    if (!cJSON_IsObject(resp)) {
        cJSON_Delete(resp);
        return refuse(j, VERDICT_ERROR, true, err,
                      "response to %s is not a JSON object: another JSON value", op_name);
    }
    /* spec/harness.md 3.1: every response repeats the id of its request. */
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(resp, "id");
    if (!cJSON_IsNumber(rid) || rid->valuedouble < id || rid->valuedouble > id) {
        cJSON_Delete(resp);
        return refuse(j, VERDICT_ERROR, true, err,
                      "response to %s does not repeat the request's id", op_name);
    }
    *out = resp;
    return 0;
}

/* The "reason" of a response, or a dash. */
static const char *reason_of(const cJSON *resp)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(resp, "reason");
    return cJSON_IsString(r) ? r->valuestring : "-";
}

static bool string_in(const cJSON *array, const char *s)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, s) == 0)
            return true;
    }
    return false;
}

/* The members of a hello response (spec/harness.md 3.2); err set on the first bad one. */
static int read_caps(const cJSON *resp, harness_caps *c, conform_error *err)
{
    long protocol;
    bool present;
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(resp, "status");
    if (cJSON_IsString(status) && strcmp(status->valuestring, "OK") != 0)
        return conform_error_set(err, "hello answered \"%.40s\": %.200s", status->valuestring,
                                 reason_of(resp));
    if (json_integer(resp, "hello", "protocol", true, 0, 1000000, &protocol, &present, err) != 0)
        return -1;
    if (protocol != HARNESS_PROTOCOL_VERSION)
        return conform_error_set(err, "harness speaks protocol %ld, this runner %d", protocol,
                                 HARNESS_PROTOCOL_VERSION);
    /* Not json_string, which refuses control characters: a harness's name
     * is cleaned, not refused. */
    const cJSON *impl = cJSON_GetObjectItemCaseSensitive(resp, "implementation");
    if (impl == NULL)
        return json_member_error(err, "hello", "implementation", "required member is missing");
    if (!cJSON_IsString(impl))
        return json_member_error(err, "hello", "implementation", "expected a string");
    if (json_boolean(resp, "hello", "ephemeral", true, &c->ephemeral, err) != 0)
        return -1;
    snprintf(c->implementation, sizeof c->implementation, "%s", impl->valuestring);
    text_without_controls(c->implementation); /* it is printed */
    /* Optional: absent means the port exposes no public-key derivation. */
    c->public_key = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(resp, "publicKey"));
    c->output_size = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(resp, "outputSize"));
    const cJSON *suites = cJSON_GetObjectItemCaseSensitive(resp, "suites");
    const cJSON *roles = cJSON_GetObjectItemCaseSensitive(resp, "roles");
    const cJSON *modes = cJSON_GetObjectItemCaseSensitive(resp, "modes");
    if (!cJSON_IsArray(suites) || !cJSON_IsArray(roles) || !cJSON_IsArray(modes))
        return conform_error_set(err, "hello: suites, roles and modes must be arrays");
    const cJSON *item;
    cJSON_ArrayForEach(item, suites)
    {
        if (!cJSON_IsNumber(item) || !(item->valuedouble >= 0 && item->valuedouble <= 65535))
            return conform_error_set(err, "hello.suites: expected suite numbers (0..65535)");
        if (c->n_suites < PORT_MAX_SUITES)
            c->suites[c->n_suites++] = (unsigned)item->valuedouble;
    }
    c->roles[VEC_ROLE_CLIENT] = string_in(roles, "client");
    c->roles[VEC_ROLE_SERVER] = string_in(roles, "server");
    c->modes[VEC_MODE_ANONYMOUS] = string_in(modes, "anonymous");
    c->modes[VEC_MODE_CLIENT_AUTH] = string_in(modes, "client_auth");
    return 0;
}

int harness_response_caps(const cJSON *resp, harness_caps *caps, harness_judgement *j,
                          conform_error *err)
{
    judgement_clear(j);
    memset(caps, 0, sizeof *caps);
    if (read_caps(resp, caps, err) == 0)
        return 0;
    memset(caps, 0, sizeof *caps);
    /* No usable harness, whatever the cause. */
    j->fault = VERDICT_ERROR;
    j->restart = true;
    return -1;
}

/* A status is "OK" or an upper-case name like those of spec 10.1. */
static bool status_word(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= OP_STATUS_SIZE || s[0] < 'A' || s[0] > 'Z')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* Judges the status member; on success op->status holds the status word. */
static int take_status(const cJSON *resp, const char *op_name, op_outcome *op,
                       harness_judgement *j, conform_error *err)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(resp, "status");
    if (!cJSON_IsString(st))
        return refuse(j, VERDICT_ERROR, true, err, "response to %s has no status string",
                      op_name);
    const char *s = st->valuestring;
    /* spec/harness.md 3.4: the lower-case words are about the harness, not PSSST. */
    if (strcmp(s, HARNESS_STATUS_UNSUPPORTED) == 0)
        return refuse(j, VERDICT_UNSUPPORTED, false, err, "%s unsupported by the port: %s",
                      op_name, reason_of(resp));
    if (strcmp(s, HARNESS_STATUS_CRASH) == 0)
        return refuse(j, VERDICT_CRASH, false, err,
                      "%s raised an error that is no PSSST error: %s", op_name, reason_of(resp));
    if (strcmp(s, HARNESS_STATUS_ERROR) == 0)
        return refuse(j, VERDICT_ERROR, false, err, "harness did not understand %s: %s",
                      op_name, reason_of(resp));
    if (!status_word(s))
        return refuse(j, VERDICT_ERROR, true, err,
                      "response to %s has status \"%.40s\", neither a status name nor a "
                      "harness word",
                      op_name, s);
    snprintf(op->status, sizeof op->status, "%s", s);
    return 0;
}

/* A count or size of a refusal: any integer from 0; one beyond size_t reads as SIZE_MAX,
 * since a port may report a wrong size of any magnitude, which is judged (spec 10.3). */
static int take_size(const cJSON *resp, const char *op_name, const char *name, size_t *out,
                     bool *present, conform_error *jerr)
{
    const cJSON *v;
    *out = 0;
    if (json_find_member(resp, op_name, name, &v, jerr) != 0)
        return -1;
    *present = v != NULL;
    if (v == NULL)
        return 0;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble != floor(v->valuedouble))
        return json_member_error(jerr, op_name, name, "expected an integer from 0");
    *out = v->valuedouble >= (double)SIZE_MAX ? SIZE_MAX : (size_t)v->valuedouble;
    return 0;
}

/* spec/harness.md 3.4: what a refusal says it left: "leftover" and "needed". */
static int take_refusal_members(const cJSON *resp, const char *op_name, op_outcome *op,
                                conform_error *jerr)
{
    bool present;
    if (take_size(resp, op_name, "leftover", &op->leftover, &present, jerr) != 0)
        return -1;
    return take_size(resp, op_name, "needed", &op->needed, &op->has_needed, jerr);
}

/* The outputs of a response: its output member (required when OK) and, for
 * unpack_request, clientPublic and authenticated. */
static int take_outputs(const cJSON *resp, const char *op_name, op_outcome *op,
                        harness_judgement *j, conform_error *err)
{
    conform_error jerr;
    bool ok = strcmp(op->status, "OK") == 0;
    const char *out_member = harness_op_output(op_name);
    vec_bytes b;
    vec_key key;
    bool flag;
    op->flag = OP_FLAG_ABSENT;
    if (out_member != NULL) {
        if (json_hex(resp, op_name, out_member, ok, false, &b, &jerr) != 0)
            return refuse(j, VERDICT_ERROR, true, err, "bad response: %s", jerr.text);
        op->out = b.data;
        op->out_len = b.len;
        op->member = out_member;
    }
    if (!ok && take_refusal_members(resp, op_name, op, &jerr) != 0)
        return refuse(j, VERDICT_ERROR, true, err, "bad response: %s", jerr.text);
    if (strcmp(op_name, HARNESS_OP_UNPACK_REQUEST) != 0)
        return 0;
    if (json_key(resp, op_name, "clientPublic", false, true, &key, &jerr) != 0 ||
        json_boolean(resp, op_name, "authenticated", false, &flag, &jerr) != 0)
        return refuse(j, VERDICT_ERROR, true, err, "bad response: %s", jerr.text);
    op->authenticated = key.present;
    memcpy(op->client_public, key.b, sizeof op->client_public);
    if (cJSON_GetObjectItemCaseSensitive(resp, "authenticated") != NULL)
        op->flag = flag;
    return 0;
}

int harness_response_read(const cJSON *resp, const char *op_name, op_outcome *op,
                          harness_judgement *j, conform_error *err)
{
    judgement_clear(j);
    if (take_status(resp, op_name, op, j, err) != 0)
        return -1;
    return take_outputs(resp, op_name, op, j, err);
}

bool harness_caps_has_suite(const harness_caps *caps, unsigned suite)
{
    for (size_t i = 0; i < caps->n_suites; i++)
        if (caps->suites[i] == suite)
            return true;
    return false;
}
