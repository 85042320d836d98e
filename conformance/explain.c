/* SPDX-License-Identifier: Apache-2.0 */
#include "explain.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crypto.h"
#include "hex.h"
#include "json_util.h"
#include "keyfile.h"

/* Packet layout (spec 4.1): header, dh_param, ciphertext, tag. */
#define DH_OFFSET PSSST_HEADER_SIZE
#define BODY_OFFSET (PSSST_HEADER_SIZE + PSSST_KEY_SIZE)
#define RESERVED_MASK 0x3fffu
#define SUITE_NONE 0
/* The only suite this implementation knows (spec 3.1). */
#define SUITE_IMPLEMENTED PSSST_SUITE_X25519_AESGCM128
/* Smallest client-auth request: overhead plus the proof C || e (spec 6.2). */
#define MIN_AUTH_REQUEST (PSSST_OVERHEAD + PSSST_PROOF_SIZE)
/* Bytes per line when printing long values. */
#define HEX_LINE_BYTES 32
/* Longest hex text read, argument or stdin: far above a datagram. */
#define EXPLAIN_MAX_TEXT (1u << 20)

#define EXIT_ACCEPTED 0
#define EXIT_REJECTED 1
#define EXIT_USAGE 2

/* Key schedule values (spec 5.1, 5.2). */
typedef struct {
    uint8_t shared[PSSST_X25519_SIZE];
    uint8_t h[PSSST_SHA256_SIZE];
    uint8_t key[PSSST_AES_KEY_SIZE];
    uint8_t client_nonce[PSSST_GCM_NONCE_SIZE];
    uint8_t server_nonce[PSSST_GCM_NONCE_SIZE];
} schedule;

/*
 * The walk reports through section, value, note and check below; each
 * prints the text walk on out, or with --json adds to the document, so the
 * walk exists once for both outputs.
 */
typedef struct {
    const explain_input *in;
    FILE *out;
    cJSON *json;   /* the document, or NULL for text */
    cJSON *cur;    /* JSON: the object of the current section */
    cJSON *checks; /* JSON: the checks of the walk */
    const char *spec;      /* the walk's spec section, "7.1" or "9.1" */
    uint16_t flags, suite; /* valid when the packet has a header */
    explain_verdict v;
} explainer;

/* ---- rendering ----------------------------------------------------------- */

/* Starts a group of values: "title:" in text, member name in JSON. */
static void section(explainer *x, const char *name, const char *title)
{
    if (x->json)
        x->cur = cJSON_AddObjectToObject(x->json, name);
    else
        fprintf(x->out, "%s:\n", title);
}

/* A byte string, the text label defaulting to the JSON name: on the label's
 * line if short, else wrapped with offsets. */
static void value(explainer *x, const char *name, const char *label, const uint8_t *b, size_t n)
{
    const char *shown = label != NULL ? label : name;
    char *hex = malloc(2 * n + 1);
    if (hex == NULL)
        return;
    hex_encode(b, n, hex);
    if (x->json) {
        cJSON_AddStringToObject(x->cur, name, hex);
    } else if (n <= HEX_LINE_BYTES) {
        fprintf(x->out, "  %-14s %s\n", shown, n == 0 ? "(empty)" : hex);
    } else {
        fprintf(x->out, "  %-14s %zu bytes\n", shown, n);
        for (size_t off = 0; off < n; off += HEX_LINE_BYTES)
            fprintf(x->out, "    %6zu  %.*s\n", off, 2 * HEX_LINE_BYTES, hex + 2 * off);
    }
    free(hex);
}

/* A remark, e.g. whether a given key matches; the label defaults to name. */
static void note(explainer *x, const char *name, const char *label, const char *text)
{
    if (x->json)
        cJSON_AddStringToObject(x->cur, name, text);
    else
        fprintf(x->out, "  %-14s %s\n", label != NULL ? label : name, text);
}

/* One check of the walk; status names the result of a failing one, else NULL. */
static void check(explainer *x, int number, const char *name, const char *result,
                  const char *status)
{
    if (!x->json) {
        if (number > 0)
            fprintf(x->out, "  %2d. %-44s %s\n", number, name, result);
        else
            fprintf(x->out, "      %-44s %s\n", name, result);
        return;
    }
    cJSON *c = cJSON_CreateObject();
    if (!cJSON_AddItemToArray(x->checks, c)) {
        cJSON_Delete(c);
        return;
    }
    /* Every passing result starts with "ok"; the others skip the check. */
    const char *outcome = status != NULL ? "fails" : strncmp(result, "ok", 2) == 0 ? "ok" : "skipped";
    cJSON_AddStringToObject(c, "section", x->spec);
    cJSON_AddNumberToObject(c, "step", number);
    cJSON_AddStringToObject(c, "check", name);
    cJSON_AddStringToObject(c, "outcome", outcome);
    cJSON_AddStringToObject(c, "result", result);
    if (status != NULL)
        cJSON_AddStringToObject(c, "status", status);
}

static void step(explainer *x, int number, const char *name, const char *result)
{
    check(x, number, name, result, NULL);
}

static void decide(explainer *x, pssst_status st, const char *rule)
{
    x->v.decided = true;
    x->v.status = st;
    x->v.rule = rule;
}

/* A failing check: show it and record the verdict. */
static void reject(explainer *x, int number, const char *name, pssst_status st,
                   const char *rule)
{
    char result[96];
    snprintf(result, sizeof result, "FAILS -> %s", pssst_status_name(st));
    check(x, number, name, result, pssst_status_name(st));
    decide(x, st, rule);
}

static cJSON *string_or_null(const char *s)
{
    return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void print_verdict(explainer *x)
{
    const explain_verdict *v = &x->v;
    const char *status = v->decided ? pssst_status_name(v->status) : NULL;
    if (x->json) {
        cJSON *o = cJSON_AddObjectToObject(x->json, "verdict");
        cJSON_AddBoolToObject(o, "decided", v->decided);
        cJSON_AddItemToObject(o, "status", string_or_null(status));
        cJSON_AddItemToObject(o, "rule", string_or_null(v->rule));
    } else if (v->rule != NULL) {
        fprintf(x->out, "verdict: %s (%s)\n", v->decided ? status : "undecided", v->rule);
    }
}

/* The library's answer: status st (its note may be ""), or st < 0: not consulted, and why. */
static void print_library(explainer *x, int st, const char *why)
{
    bool consulted = st >= 0;
    bool agrees = consulted && x->v.decided && (pssst_status)st == x->v.status;
    const char *name = consulted ? pssst_status_name((pssst_status)st) : NULL;
    x->v.library_disagrees = consulted && !agrees;
    if (x->json) {
        x->cur = cJSON_AddObjectToObject(x->json, "library");
        cJSON_AddBoolToObject(x->cur, "consulted", consulted);
        cJSON_AddItemToObject(x->cur, "status", string_or_null(name));
        cJSON_AddBoolToObject(x->cur, "agrees", agrees);
        cJSON_AddStringToObject(x->cur, "note", why);
    } else if (!consulted) {
        fprintf(x->out, "library: not consulted (%s)\n", why);
    } else {
        fprintf(x->out, "library: pssst_unpack_request -> %s (%s%s%s)\n", name,
                agrees ? "agrees" : "DISAGREES with the checks above", *why ? "; " : "", why);
    }
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

/* Shows key clamped (spec 2.1) when clamping changes it. */
static void show_clamped(explainer *x, const char *name, const char *label,
                         const uint8_t key[PSSST_KEY_SIZE])
{
    uint8_t clamped[PSSST_KEY_SIZE];
    memcpy(clamped, key, PSSST_KEY_SIZE);
    pssst_clamp(clamped);
    if (memcmp(clamped, key, PSSST_KEY_SIZE) != 0)
        value(x, name, label, clamped, PSSST_KEY_SIZE);
    pssst_wipe(clamped, sizeof clamped);
}

/* ---- header -------------------------------------------------------------- */

static const char *suite_description(uint16_t suite)
{
    if (suite == SUITE_IMPLEMENTED)
        return "X25519_AESGCM128 (spec 3.2)";
    if (suite == SUITE_NONE)
        return "NONE, reserved (spec 3.1): not implemented";
    return "unknown suite (spec 3.1): not implemented";
}

/* What the flags say the packet is (spec 4.2), indexed by REPLY, CLIENT_AUTH. */
static const char *const packet_kinds[2][2] = {
    {"anonymous request (spec 6.1)", "client-auth request (spec 6.2)"},
    {"reply to an anonymous request", "reply to a client-auth request"},
};

/* Where a short packet ends: "(text)" in text, member "note" in JSON. */
static void header_note(explainer *x, const char *text)
{
    if (x->json)
        cJSON_AddStringToObject(x->cur, "note", text);
    else
        fprintf(x->out, "  (%s)\n", text);
}

/* Numbers and flags in JSON; one line each in text, naming set reserved bits. */
static void print_flags_and_suite(explainer *x, size_t ciphertext_len)
{
    unsigned reserved = x->flags & RESERVED_MASK, reply = (x->flags & PSSST_FLAG_REPLY) != 0,
             auth = (x->flags & PSSST_FLAG_CLIENT_AUTH) != 0;
    if (x->json) {
        cJSON_AddNumberToObject(x->cur, "flags", x->flags);
        cJSON_AddBoolToObject(x->cur, "reply", reply);
        cJSON_AddBoolToObject(x->cur, "clientAuth", auth);
        cJSON_AddNumberToObject(x->cur, "reserved", reserved);
        cJSON_AddNumberToObject(x->cur, "suite", x->suite);
        cJSON_AddStringToObject(x->cur, "suiteDescription", suite_description(x->suite));
        cJSON_AddNumberToObject(x->cur, "ciphertextLength", (double)ciphertext_len);
        return;
    }
    fprintf(x->out, "  %-14s 0x%04x  REPLY=%u CLIENT_AUTH=%u reserved=0x%04x", "flags", x->flags,
            reply, auth, reserved);
    if (reserved != 0) {
        fprintf(x->out, " (bits");
        for (int bit = 13; bit >= 0; bit--)
            if (reserved & (1u << bit))
                fprintf(x->out, " %d", bit);
        fprintf(x->out, " set; spec 4.3)");
    }
    fprintf(x->out, "\n  %-14s 0x%04x  %s\n", "suite", x->suite, suite_description(x->suite));
}

static void print_header(explainer *x)
{
    const uint8_t *p = x->in->packet;
    size_t n = x->in->packet_len, body = n > BODY_OFFSET ? n - BODY_OFFSET : 0;
    char buf[64];
    if (x->json) {
        x->cur = cJSON_AddObjectToObject(x->json, "header");
        cJSON_AddNumberToObject(x->cur, "length", (double)n);
    } else {
        fprintf(x->out, "packet: %zu bytes (spec 4.1 layout)\n", n);
    }
    if (n < PSSST_HEADER_SIZE) {
        value(x, "truncated", NULL, p, n);
        header_note(x, "shorter than the 4-byte header");
        return;
    }
    x->flags = be16(p);
    x->suite = be16(p + 2);
    print_flags_and_suite(x, body < PSSST_TAG_SIZE ? 0 : body - PSSST_TAG_SIZE);
    if (n < BODY_OFFSET) {
        value(x, "dhParamPart", "dh_param(part)", p + DH_OFFSET, n - DH_OFFSET);
        snprintf(buf, sizeof buf, "dh_param needs 32 bytes; the packet ends after %zu",
                 n - DH_OFFSET);
        header_note(x, buf);
        return;
    }
    value(x, "dhParam", "dh_param", p + DH_OFFSET, PSSST_KEY_SIZE);
    if (body < PSSST_TAG_SIZE) {
        value(x, "body", NULL, p + BODY_OFFSET, body);
        header_note(x, "shorter than the 16-byte tag");
        return;
    }
    if (!x->json)
        fprintf(x->out, "  %-14s %zu bytes at offset %d\n", "ciphertext", body - PSSST_TAG_SIZE,
                BODY_OFFSET);
    value(x, "tag", NULL, p + n - PSSST_TAG_SIZE, PSSST_TAG_SIZE);
    note(x, "kind", NULL,
         packet_kinds[(x->flags & PSSST_FLAG_REPLY) != 0][(x->flags & PSSST_FLAG_CLIENT_AUTH) != 0]);
}

/* ---- keys and key schedule ----------------------------------------------- */

static void print_server_keys(explainer *x)
{
    const explain_input *in = x->in;
    uint8_t pub[PSSST_KEY_SIZE];
    if (!in->has_server_private)
        return;
    section(x, "serverKey", "server key");
    value(x, "private", NULL, in->server_private, PSSST_KEY_SIZE);
    show_clamped(x, "clamped", NULL, in->server_private);
    if (pssst_x25519_base(pub, in->server_private) != PSSST_CRYPTO_OK) {
        note(x, "public", NULL, "X25519(s, 9) failed");
        return;
    }
    value(x, "public", NULL, pub, PSSST_KEY_SIZE);
    if (in->has_server_public)
        note(x, "serverPublic", "--server-public",
             memcmp(pub, in->server_public, PSSST_KEY_SIZE) == 0
                 ? "matches"
                 : "DIFFERS from X25519(server_private, 9): wrong key pair");
}

/* spec 5.1, 5.2: H = SHA-256(dh_param || shared) and what is cut from it. */
static int derive(explainer *x, schedule *s)
{
    const uint8_t *dh = x->in->packet + DH_OFFSET;
    if (pssst_sha256_2(s->h, dh, PSSST_KEY_SIZE, s->shared, PSSST_KEY_SIZE) != PSSST_CRYPTO_OK)
        return -1;
    memcpy(s->key, s->h, PSSST_AES_KEY_SIZE);
    memcpy(s->client_nonce, s->h + 16, 8);
    memcpy(s->client_nonce + 8, "RQST", 4);
    memcpy(s->server_nonce, s->h + 24, 8);
    memcpy(s->server_nonce + 8, "RPLY", 4);
    section(x, "keySchedule", "key schedule (spec 5)");
    value(x, "shared", NULL, s->shared, PSSST_X25519_SIZE);
    value(x, "H", NULL, s->h, PSSST_SHA256_SIZE);
    value(x, "key", "key H[0:16]", s->key, sizeof s->key);
    value(x, "clientNonce", "client_nonce", s->client_nonce, sizeof s->client_nonce);
    value(x, "serverNonce", "server_nonce", s->server_nonce, sizeof s->server_nonce);
    return 0;
}
/* ---- the walks: spec 7.1 (request) and 9.1 (reply) ----------------------- */

/* What a check before decryption tests; NEVER: it passes or does not apply. */
typedef enum {
    NEVER, SHORT_HEADER, UNKNOWN_SUITE, REPLY_SET, REPLY_CLEAR, RESERVED_SET, SHORT_PACKET,
    SHORT_AUTH, OTHER_REQUEST
} failure;

/* One check; for NEVER, rule is the result shown instead. A list ends at a row without name. */
typedef struct {
    int step;
    const char *name;
    failure fails;
    pssst_status status;
    const char *rule;
} check_row;

/* A receiver's walk: its checks in spec order, then how it decrypts. */
typedef struct {
    const char *receiver, *spec, *title;
    check_row rows[9];
    int zero_step; /* X25519(s, dh_param) not zero; a request opens in the next step */
    const char *open_check, *open_rule, *zero_rule, *undecided;
} walk_def;

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
    if (be16(req + 2) != x->suite)
        return "suite equals the request's";
    if ((be16(req) ^ x->flags) & PSSST_FLAG_CLIENT_AUTH)
        return "CLIENT_AUTH bit equals the request's";
    if (memcmp(req + DH_OFFSET, x->in->packet + DH_OFFSET, PSSST_KEY_SIZE) == 0)
        return NULL;
    value(x, "requestDhParam", "request's dh", req + DH_OFFSET, PSSST_KEY_SIZE);
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
            reject(x, r->step, name, r->status, r->rule);
            return false;
        }
        step(x, r->step, name, result);
    }
    return true;
}

static void free_plaintext(explainer *x, uint8_t *pt)
{
    pssst_wipe(pt, x->in->packet_len - PSSST_OVERHEAD);
    free(pt);
}

/*
 * X25519(s, dh_param), the key schedule, and the AES-GCM open of the body
 * with AAD = the received header. A reply's key comes from the server key
 * too: the client's X25519(e, S) equals it (spec 5.1). Returns the
 * plaintext (release with free_plaintext) when the tag verifies, else NULL:
 * decided, undecided, or stopped.
 */
static uint8_t *decrypt(explainer *x, const walk_def *w, size_t *pt_len)
{
    static const char zero_check[] = "X25519(server_private, dh_param) not zero";
    const uint8_t *p = x->in->packet;
    bool request = w == &request_walk;
    int open_step = request ? w->zero_step + 1 : w->zero_step;
    schedule s;
    if (!x->in->has_server_private) {
        step(x, w->zero_step, request ? zero_check : w->open_check, "needs --server-private");
        x->v.rule = w->undecided;
        return NULL;
    }
    if (pssst_x25519(s.shared, x->in->server_private, p + DH_OFFSET) != PSSST_CRYPTO_OK) {
        reject(x, w->zero_step, zero_check, PSSST_ERR_BAD_KEY, w->zero_rule);
        return NULL;
    }
    if (request)
        step(x, w->zero_step, zero_check, "ok");
    *pt_len = x->in->packet_len - PSSST_OVERHEAD;
    uint8_t *pt = derive(x, &s) == 0 ? malloc(*pt_len + 1) : NULL;
    bool opened = pt != NULL &&
                  pssst_aead_open(s.key, request ? s.client_nonce : s.server_nonce, p, PSSST_HEADER_SIZE,
                                  p + BODY_OFFSET, *pt_len, p + x->in->packet_len - PSSST_TAG_SIZE,
                                  NULL, 0, pt) == PSSST_CRYPTO_OK;
    pssst_wipe(&s, sizeof s);
    if (pt == NULL) {
        fprintf(stderr, "pssst-conform: SHA-256 or memory failed\n");
        return NULL;
    }
    if (opened) {
        step(x, open_step, w->open_check, "ok");
        if (x->json) /* the text shows it as proof and message */
            value(x, "plaintext", NULL, pt, *pt_len);
        return pt;
    }
    reject(x, open_step, w->open_check, PSSST_ERR_DECRYPT_FAILED, w->open_rule);
    free_plaintext(x, pt);
    return NULL;
}

/* The message, and as text too when every byte is printable ASCII. */
static void print_message(explainer *x, const uint8_t *m, size_t n)
{
    bool printable = n > 0 && !x->json;
    section(x, "message", "message");
    value(x, "bytes", NULL, m, n);
    for (size_t i = 0; i < n; i++)
        printable = printable && m[i] >= 0x20 && m[i] <= 0x7e;
    if (printable)
        fprintf(x->out, "  %-14s \"%.*s\"\n", "as text", (int)n, (const char *)m);
}

/* spec 7.3: C and e from the plaintext, X25519(e, C) == dh_param. */
static void check_proof(explainer *x, const uint8_t *pt, size_t pt_len)
{
    const uint8_t *c = pt, *e = pt + PSSST_KEY_SIZE, *dh = x->in->packet + DH_OFFSET;
    uint8_t ec[PSSST_X25519_SIZE], pub[PSSST_KEY_SIZE];
    section(x, "proof", "client-auth proof (spec 7.3)");
    value(x, "C", NULL, c, PSSST_KEY_SIZE);
    value(x, "e", "e (as sent)", e, PSSST_KEY_SIZE);
    show_clamped(x, "eClamped", "e clamped", e);
    if (x->in->has_client_private &&
        pssst_x25519_base(pub, x->in->client_private) == PSSST_CRYPTO_OK)
        note(x, "clientPrivate", "--client-private",
             memcmp(pub, c, PSSST_KEY_SIZE) == 0
                 ? "X25519(c, 9) matches C"
                 : "X25519(c, 9) DIFFERS from C: another client's key");
    bool zero = pssst_x25519(ec, e, c) != PSSST_CRYPTO_OK;
    if (zero) {
        note(x, "X25519eC", "X25519(e, C)", "all zero (C is of low order)");
    } else {
        value(x, "X25519eC", "X25519(e, C)", ec, PSSST_X25519_SIZE);
        value(x, "dhParam", "dh_param", dh, PSSST_KEY_SIZE);
    }
    if (zero || pssst_ct_compare(ec, dh, PSSST_KEY_SIZE) != 0) {
        reject(x, 11, "X25519(e, C) == dh_param", PSSST_ERR_CLIENT_AUTH_FAILED,
               zero ? "spec 7.1 step 11; 7.3 Client-auth proof verification (all-zero "
                      "X25519(e, C))"
                    : "spec 7.1 step 11; 7.3 Client-auth proof verification");
        return;
    }
    step(x, 11, "X25519(e, C) == dh_param", "ok: C is authenticated");
    decide(x, PSSST_OK, "spec 7.3: request accepted, client key C authenticated");
    print_message(x, pt + PSSST_PROOF_SIZE, pt_len - PSSST_PROOF_SIZE);
}

/* The walk w of the receiver's checks, decryption and, for a request, proof. */
static void walk(explainer *x, const walk_def *w)
{
    size_t pt_len = 0;
    x->spec = w->spec;
    section(x, "walk", w->title);
    if (x->json) {
        cJSON_AddStringToObject(x->cur, "receiver", w->receiver);
        cJSON_AddStringToObject(x->cur, "section", w->spec);
        x->checks = cJSON_AddArrayToObject(x->cur, "checks");
    }
    uint8_t *pt = walk_checks(x, w) ? decrypt(x, w, &pt_len) : NULL;
    if (pt == NULL)
        return;
    if (w == &reply_walk) {
        decide(x, PSSST_OK, x->in->request != NULL ? "spec 9.2: reply accepted"
                                                   : "spec 9.2: reply authenticates (step 6 not "
                                                     "checked without --request)");
        print_message(x, pt, pt_len);
    } else if (x->flags & PSSST_FLAG_CLIENT_AUTH) {
        check_proof(x, pt, pt_len);
    } else {
        step(x, 11, "client-auth proof", "not a client-auth request");
        decide(x, PSSST_OK, "spec 7.2: anonymous request accepted");
        print_message(x, pt, pt_len);
    }
    free_plaintext(x, pt);
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
    print_library(x, (int)st, note_text);
    pssst_reply_ctx_free(&reply);
    pssst_server_free(&server);
    pssst_wipe(msg, n);
    free(msg);
}

/* ---- entry points -------------------------------------------------------- */

explain_verdict explain_packet(const explain_input *in, FILE *out)
{
    explainer x = {.in = in, .out = out, .json = in->json ? cJSON_CreateObject() : NULL};
    /* A fixed key for checks 1-8 of spec 7.1, which do not use it. */
    static const uint8_t any_key[PSSST_KEY_SIZE] = {0x01};
    bool reply_view = in->request != NULL ||
                      (in->packet_len >= PSSST_HEADER_SIZE && (be16(in->packet) & PSSST_FLAG_REPLY));
    if (in->json && x.json == NULL)
        return x.v;
    print_header(&x);
    print_server_keys(&x);
    walk(&x, reply_view ? &reply_walk : &request_walk);
    print_verdict(&x);
    if (reply_view)
        print_library(&x, -1, "a reply needs the client's reply context");
    else if (in->has_server_private)
        cross_check_server(&x, in->server_private, "");
    else if (x.v.decided)
        cross_check_server(&x, any_key,
                           "with an arbitrary server key, which checks 1-8 do not use");
    else
        print_library(&x, -1, "needs --server-private");
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
static int decode_hex(const char *what, const char *text, size_t len, uint8_t **out,
                      size_t *out_len, conform_error *err)
{
    size_t i = 0, n = 0;
    char *digits;
    *out = NULL;
    if (len > EXPLAIN_MAX_TEXT)
        return conform_error_set(err, "%s: longer than %u characters", what, EXPLAIN_MAX_TEXT);
    if ((digits = malloc(len + 1)) == NULL)
        return conform_error_set(err, "%s: out of memory", what);
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (len - i >= 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X'))
        i += 2;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (isxdigit(c))
            digits[n++] = (char)c;
        else if (!isspace(c))
            break;
    }
    unsigned char c = i < len ? (unsigned char)text[i] : 0;
    char shown[16];
    snprintf(shown, sizeof shown, c >= 0x20 && c < 0x7f ? "'%c'" : "byte 0x%02x", c);
    int rc = i == len ? ju_decode_hex_text(digits, n, what, out, out_len, err)
                      : conform_error_set(err, "%s: not valid hex (character %zu, %s, is not a "
                                               "hex digit)", what, i + 1, shown);
    free(digits);
    return rc;
}

/* A key argument: 32 bytes of hex, or the name of a key file. */
static int parse_key_arg(const char *option, const char *arg, uint8_t key[PSSST_KEY_SIZE])
{
    conform_error err;
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = decode_hex(option, arg, strlen(arg), &b, &n, &err);
    if (rc == 0 && n != PSSST_KEY_SIZE)
        rc = conform_error_set(&err, "%s: %zu bytes of hex, a key has 32", option, n);
    if (rc == 0)
        memcpy(key, b, PSSST_KEY_SIZE);
    if (b != NULL)
        pssst_wipe(b, n);
    free(b);
    keyfile_detail detail;
    keyfile_status st = rc == 0 ? KEYFILE_OK : keyfile_read(arg, key, &detail);
    if (st == KEYFILE_OK)
        return 0;
    /* No file, and not written like a path: it was meant as hex. */
    if (st == KEYFILE_ERR_OPEN && strpbrk(arg, "/.") == NULL)
        fprintf(stderr, "pssst-conform: %s (and no key file of that name)\n", err.text);
    else
        fprintf(stderr, "pssst-conform: %s: %s: %s\n", option, arg, keyfile_strerror(st));
    return -1;
}

/* A hex argument, or for "-" all of stdin (one character more than the
 * limit is read, so that longer input is refused rather than cut). */
static int parse_hex_arg(const char *what, const char *arg, uint8_t **out, size_t *len)
{
    conform_error err;
    bool from_stdin = strcmp(arg, "-") == 0;
    char *text = from_stdin ? malloc(EXPLAIN_MAX_TEXT + 1) : NULL;
    size_t n = text != NULL ? fread(text, 1, EXPLAIN_MAX_TEXT + 1, stdin) : strlen(arg);
    int rc;
    if (from_stdin && (text == NULL || ferror(stdin)))
        rc = conform_error_set(&err, "stdin: %s", text == NULL ? "out of memory" : "read error");
    else
        rc = decode_hex(from_stdin ? "stdin" : what, from_stdin ? text : arg, n, out, len, &err);
    if (rc != 0)
        fprintf(stderr, "pssst-conform: %s\n", err.text);
    free(text);
    return rc;
}

typedef struct {
    explain_input in;
    uint8_t *packet, *request;
    bool has_packet;
} explain_args;

static int explain_usage(const char *what, const char *arg)
{
    fprintf(stderr, "pssst-conform explain: %s%s\n(pssst-conform explain --help for usage)\n",
            what, arg);
    return EXIT_USAGE;
}

/* An option with value v; the key options name where the key goes. */
static int parse_option(const char *opt, const char *v, explain_args *a)
{
    explain_input *in = &a->in;
    struct {
        const char *name;
        bool *has;
        uint8_t *key;
    } keys[] = {{"--server-private", &in->has_server_private, in->server_private},
                {"--client-private", &in->has_client_private, in->client_private},
                {"--server-public", &in->has_server_public, in->server_public}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (strcmp(opt, keys[k].name) == 0)
            return (*keys[k].has = parse_key_arg(opt, v, keys[k].key) == 0) ? 0 : EXIT_USAGE;
    free(a->request);
    a->request = NULL;
    if (parse_hex_arg("--request", v, &a->request, &in->request_len) != 0)
        return EXIT_USAGE;
    if (in->request_len < BODY_OFFSET)
        return explain_usage("--request: a request has at least 36 bytes (header and dh_param)",
                             "");
    return 0;
}

static int parse_one(int argc, char **argv, int *i, explain_args *a)
{
    const char *arg = argv[*i];
    bool takes_value = strcmp(arg, "--server-private") == 0 ||
                       strcmp(arg, "--client-private") == 0 ||
                       strcmp(arg, "--server-public") == 0 || strcmp(arg, "--request") == 0;
    a->in.json = a->in.json || strcmp(arg, "--json") == 0;
    if (strcmp(arg, "--json") == 0)
        return 0;
    if (takes_value)
        return *i + 1 < argc ? parse_option(arg, argv[++*i], a)
                             : explain_usage("missing value after ", arg);
    if (arg[0] == '-' && arg[1] != '\0')
        return explain_usage("unknown option ", arg);
    if (a->has_packet)
        return explain_usage("more than one packet: ", arg);
    a->has_packet = true;
    return parse_hex_arg("PACKET_HEX", arg, &a->packet, &a->in.packet_len) ? EXIT_USAGE : 0;
}

int explain_main(int argc, char **argv)
{
    explain_args a;
    memset(&a, 0, sizeof a);
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++)
        rc = parse_one(argc, argv, &i, &a);
    if (rc == 0 && !a.has_packet)
        rc = parse_hex_arg("PACKET_HEX", "-", &a.packet, &a.in.packet_len) ? EXIT_USAGE : 0;
    if (rc == 0) {
        a.in.packet = a.packet;
        a.in.request = a.request;
        explain_verdict v = explain_packet(&a.in, stdout);
        rc = (v.decided && v.status != PSSST_OK) || v.library_disagrees ? EXIT_REJECTED
                                                                         : EXIT_ACCEPTED;
    }
    pssst_wipe(&a.in, sizeof a.in);
    free(a.packet);
    free(a.request);
    return rc;
}
