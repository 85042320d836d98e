/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain.c - the receivers' walks through one packet: spec 7.1 for a
 * request, 9.1 for a reply, each check in the spec's order, then the
 * verdict and the library's own answer.
 */
#include "explain_internal.h"

#include <stdlib.h>
#include <string.h>

#include "json_util.h"

static const walk_def request_walk = {
    "server", "7.1", "checks of a server receiving a request (spec 7.1)",
    {{1, "length >= 4", SHORT_HEADER, PSSST_ERR_MALFORMED, "spec 7.1 step 1; 4.4 Lengths"},
     {2, "suite implemented", UNKNOWN_SUITE, PSSST_ERR_UNSUPPORTED_SUITE,
      "spec 7.1 step 2; 3.1 Registry"},
     {3, "REPLY bit clear", REPLY_SET, PSSST_ERR_NOT_REQUEST, "spec 7.1 step 3; 4.2 Flags"},
     {4, "suite is the server's (1)", NEVER, PSSST_OK, "ok"},
     {5, "reserved flag bits clear", RESERVED_SET, PSSST_ERR_MALFORMED,
      "spec 7.1 step 5; 4.3 Reserved bits"},
     {6, "length >= 52", SHORT_PACKET, PSSST_ERR_MALFORMED, "spec 7.1 step 6; 4.4 Lengths"},
     {7, "CLIENT_AUTH: length >= 116", SHORT_AUTH, PSSST_ERR_CLIENT_AUTH_FAILED,
      "spec 7.1 step 7; 6.2 Client-authenticated request"},
     {8, "message buffer large enough", NEVER, PSSST_OK, "API only, not applicable"}},
    9, "AES-GCM open (client_nonce, AAD = header)", "spec 7.1 step 10; 7.2 Decryption",
    "spec 7.1 step 9; 5.3 All-zero shared secrets",
    "passes checks 1-8; decryption needs --server-private"};

static const walk_def reply_walk = {
    "client", "9.1", "checks of a client receiving a reply (spec 9.1)",
    {{0, "reply context unused", NEVER, PSSST_OK, "not applicable (no context here)"},
     {1, "length >= 4", SHORT_HEADER, PSSST_ERR_MALFORMED, "spec 9.1 step 1; 4.4 Lengths"},
     {2, "suite implemented", UNKNOWN_SUITE, PSSST_ERR_UNSUPPORTED_SUITE,
      "spec 9.1 step 2; 3.1 Registry"},
     {3, "REPLY bit set", REPLY_CLEAR, PSSST_ERR_NOT_REPLY, "spec 9.1 step 3; 4.2 Flags"},
     {4, "reserved flag bits clear", RESERVED_SET, PSSST_ERR_MALFORMED,
      "spec 9.1 step 4; 4.3 Reserved bits"},
     {5, "length >= 52", SHORT_PACKET, PSSST_ERR_MALFORMED, "spec 9.1 step 5; 4.4 Lengths"},
     {6, "matches the request (suite, CLIENT_AUTH, dh_param)", OTHER_REQUEST,
      PSSST_ERR_REPLY_MISMATCH, "spec 9.1 step 6; 8.1 Reply construction"},
     {7, "message buffer large enough", NEVER, PSSST_OK, "API only, not applicable"}},
    8, "AES-GCM open (server_nonce, AAD = header)", "spec 9.1 step 8; 9.2 Reply authentication",
    "spec 5.3 All-zero shared secrets (no client could have sent this dh_param)",
    "passes checks 1-7; decryption needs --server-private, from which the key is recomputed"};

/* spec 9.1 step 6: which of suite, CLIENT_AUTH, dh_param differs from --request's. */
static const char *request_difference(explainer *x)
{
    const uint8_t *req = x->in->request;
    if (explain_be16(req + 2) != x->suite)
        return "suite equals the request's";
    if ((explain_be16(req) ^ x->flags) & PSSST_FLAG_CLIENT_AUTH)
        return "CLIENT_AUTH bit equals the request's";
    if (memcmp(req + DH_OFFSET, x->in->packet + DH_OFFSET, PSSST_KEY_SIZE) == 0)
        return NULL;
    explain_value(x, "requestDhParam", "request's dh", req + DH_OFFSET, PSSST_KEY_SIZE);
    return "dh_param equals the request's";
}

/* The result of a passing check, or NULL when it fails (*name: the check that failed). */
static const char *check_result(explainer *x, const check_row *r, const char **name, char *buf,
                                size_t size)
{
    size_t n = x->in->packet_len;
    bool auth = (x->flags & PSSST_FLAG_CLIENT_AUTH) != 0;
    const char *differs;
    switch (r->fails) {
    case SHORT_HEADER:
        snprintf(buf, size, "ok (%zu)", n);
        return n < PSSST_HEADER_SIZE ? NULL : buf;
    case UNKNOWN_SUITE: return x->suite != SUITE_IMPLEMENTED ? NULL : "ok";
    case REPLY_SET: return (x->flags & PSSST_FLAG_REPLY) ? NULL : "ok";
    case REPLY_CLEAR: return (x->flags & PSSST_FLAG_REPLY) ? "ok" : NULL;
    case RESERVED_SET: return (x->flags & RESERVED_MASK) ? NULL : "ok";
    case SHORT_PACKET: return n < PSSST_OVERHEAD ? NULL : "ok";
    case SHORT_AUTH:
        return !auth ? "not a client-auth request" : n < MIN_AUTH_REQUEST ? NULL : "ok";
    case OTHER_REQUEST:
        if (x->in->request == NULL)
            return "not checked (needs --request)";
        if ((differs = request_difference(x)) == NULL)
            return "ok";
        *name = differs;
        return NULL;
    case NEVER: break;
    }
    return r->rule;
}

/* The checks before decryption, in order; false at the first that fails. */
static bool walk_checks(explainer *x, const walk_def *w)
{
    char buf[32];
    for (const check_row *r = w->rows; r->name != NULL; r++) {
        const char *name = r->name, *result = check_result(x, r, &name, buf, sizeof buf);
        if (result == NULL) {
            explain_reject(x, r->step, name, r->status, r->rule);
            return false;
        }
        explain_step(x, r->step, name, result);
    }
    return true;
}

static void walk(explainer *x, const walk_def *w)
{
    size_t pt_len = 0;
    x->spec = w->spec;
    explain_section(x, "walk", w->title);
    if (x->json) {
        cJSON_AddStringToObject(x->cur, "receiver", w->receiver);
        cJSON_AddStringToObject(x->cur, "section", w->spec);
        x->checks = cJSON_AddArrayToObject(x->cur, "checks");
    }
    uint8_t *pt = walk_checks(x, w) ? explain_decrypt(x, w, &pt_len) : NULL;
    if (pt == NULL)
        return;
    if (w == &reply_walk) {
        explain_decide(x, PSSST_OK, x->in->request != NULL ? "spec 9.2: reply accepted"
                                                   : "spec 9.2: reply authenticates (step 6 not "
                                                     "checked without --request)");
        explain_print_message(x, pt, pt_len);
    } else if (x->flags & PSSST_FLAG_CLIENT_AUTH) {
        explain_check_proof(x, pt, pt_len);
    } else {
        explain_step(x, 11, "client-auth proof", "not a client-auth request");
        explain_decide(x, PSSST_OK, "spec 7.2: anonymous request accepted");
        explain_print_message(x, pt, pt_len);
    }
    explain_free_plaintext(x, pt);
}

/* The library's own answer for the same request (spec 7.1 as implemented). */
static void cross_check_server(explainer *x, const uint8_t server_private[PSSST_KEY_SIZE],
                               const char *note_text)
{
    pssst_server server;
    pssst_reply_ctx reply;
    size_t n = x->in->packet_len, msg_len = 0;
    uint8_t *msg = malloc(n + 1), client_pub[PSSST_KEY_SIZE];
    bool authenticated = false;
    if (msg == NULL)
        return;
    pssst_status st = pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_private);
    if (st == PSSST_OK)
        st = pssst_unpack_request(&server, x->in->packet, n, msg, n, &msg_len, client_pub,
                                  &authenticated, &reply);
    explain_print_library(x, (int)st, note_text);
    pssst_reply_ctx_free(&reply);
    pssst_server_free(&server);
    pssst_wipe(msg, n);
    free(msg);
}

explain_verdict explain_packet(const explain_input *in, FILE *out)
{
    explainer x = {.in = in, .out = out, .json = in->json ? cJSON_CreateObject() : NULL};
    /* A fixed key for checks 1-8 of spec 7.1, which do not use it. */
    static const uint8_t any_key[PSSST_KEY_SIZE] = {0x01};
    bool reply_bit = in->packet_len >= PSSST_HEADER_SIZE &&
                     (explain_be16(in->packet) & PSSST_FLAG_REPLY) != 0;
    bool reply_view = in->request != NULL || reply_bit;
    if (in->json && x.json == NULL)
        return x.v;
    explain_print_header(&x);
    explain_print_server_keys(&x);
    walk(&x, reply_view ? &reply_walk : &request_walk);
    explain_print_verdict(&x);
    if (reply_view)
        explain_print_library(&x, -1, "a reply needs the client's reply context");
    else if (in->has_server_private)
        cross_check_server(&x, in->server_private, "");
    else if (x.v.decided)
        cross_check_server(&x, any_key,
                           "with an arbitrary server key, which checks 1-8 do not use");
    else
        explain_print_library(&x, -1, "needs --server-private");
    char *doc = x.json != NULL ? cJSON_Print(x.json) : NULL;
    if (doc != NULL)
        fprintf(out, "%s\n", doc);
    cJSON_free(doc);
    cJSON_Delete(x.json);
    return x.v;
}

/*
 * Hex as people paste it: whitespace anywhere and one leading "0x" are
 * skipped; a bad character is named by its position in text, from 1.
 * Returns 0, or -1 with err set.
 */
