/* SPDX-License-Identifier: Apache-2.0 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "hex.h"
#include "json_util.h"
#include "keyfile.h"

/* Packet layout (spec 4.1). */
#define HDR_LEN PSSST_HEADER_SIZE
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
/* Largest packet explain accepts (far above a datagram). */
#define EXPLAIN_MAX_PACKET (1u << 20)

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

typedef struct {
    const explain_input *in;
    FILE *out;
    uint16_t flags, suite; /* valid when the packet has a header */
    explain_verdict v;
} explainer;

/* ---- printing helpers ---------------------------------------------------- */

static void print_hex(FILE *out, const uint8_t *b, size_t n)
{
    char pair[3];
    for (size_t i = 0; i < n; i++) {
        hex_encode(b + i, 1, pair);
        fputs(pair, out);
    }
}

/* label, then the value on the same line if short, else wrapped with offsets. */
static void print_value(FILE *out, const char *label, const uint8_t *b, size_t n)
{
    fprintf(out, "  %-14s ", label);
    if (n <= HEX_LINE_BYTES) {
        print_hex(out, b, n);
        fprintf(out, n == 0 ? "(empty)\n" : "\n");
        return;
    }
    fprintf(out, "%zu bytes\n", n);
    for (size_t off = 0; off < n; off += HEX_LINE_BYTES) {
        size_t take = n - off < HEX_LINE_BYTES ? n - off : HEX_LINE_BYTES;
        fprintf(out, "    %6zu  ", off);
        print_hex(out, b + off, take);
        fputc('\n', out);
    }
}

/* The message as text too, when every byte is printable ASCII. */
static void print_text_if_printable(FILE *out, const uint8_t *b, size_t n)
{
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (b[i] < 0x20 || b[i] > 0x7e)
            return;
    fprintf(out, "  %-14s \"%.*s\"\n", "as text", (int)n, (const char *)b);
}

static void step(explainer *x, int number, const char *check, const char *result)
{
    if (number > 0)
        fprintf(x->out, "  %2d. %-44s %s\n", number, check, result);
    else
        fprintf(x->out, "      %-44s %s\n", check, result);
}

static void decide(explainer *x, pssst_status st, const char *rule)
{
    x->v.decided = true;
    x->v.status = st;
    x->v.rule = rule;
}

/* A failing check: print it and record the verdict. */
static void reject(explainer *x, int number, const char *check, pssst_status st,
                   const char *rule)
{
    char result[96];
    snprintf(result, sizeof result, "FAILS -> %s", pssst_status_name(st));
    step(x, number, check, result);
    decide(x, st, rule);
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static void clamp_copy(uint8_t out[PSSST_KEY_SIZE], const uint8_t in[PSSST_KEY_SIZE])
{
    memcpy(out, in, PSSST_KEY_SIZE);
    pssst_clamp(out); /* spec 2.1 */
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

static void print_flags(explainer *x)
{
    uint16_t reserved = x->flags & RESERVED_MASK;
    fprintf(x->out, "  %-14s 0x%04x  REPLY=%d CLIENT_AUTH=%d reserved=0x%04x", "flags", x->flags,
            (x->flags & PSSST_FLAG_REPLY) != 0, (x->flags & PSSST_FLAG_CLIENT_AUTH) != 0,
            reserved);
    if (reserved != 0) {
        fprintf(x->out, " (bits");
        for (int bit = 13; bit >= 0; bit--)
            if (reserved & (1u << bit))
                fprintf(x->out, " %d", bit);
        fprintf(x->out, " set; spec 4.3)");
    }
    fputc('\n', x->out);
}

static void print_header(explainer *x)
{
    const uint8_t *p = x->in->packet;
    size_t n = x->in->packet_len;
    fprintf(x->out, "packet: %zu bytes (spec 4.1 layout)\n", n);
    if (n < HDR_LEN) {
        print_value(x->out, "truncated", p, n);
        fprintf(x->out, "  (shorter than the 4-byte header)\n");
        return;
    }
    x->flags = be16(p);
    x->suite = be16(p + 2);
    print_flags(x);
    fprintf(x->out, "  %-14s 0x%04x  %s\n", "suite", x->suite, suite_description(x->suite));
    if (n < BODY_OFFSET) {
        print_value(x->out, "dh_param(part)", p + DH_OFFSET, n - DH_OFFSET);
        fprintf(x->out, "  (dh_param needs 32 bytes; the packet ends after %zu)\n", n - DH_OFFSET);
        return;
    }
    print_value(x->out, "dh_param", p + DH_OFFSET, PSSST_KEY_SIZE);
    size_t body = n - BODY_OFFSET;
    if (body < PSSST_TAG_SIZE) {
        print_value(x->out, "body", p + BODY_OFFSET, body);
        fprintf(x->out, "  (shorter than the 16-byte tag)\n");
        return;
    }
    fprintf(x->out, "  %-14s %zu bytes at offset %d\n", "ciphertext", body - PSSST_TAG_SIZE,
            BODY_OFFSET);
    print_value(x->out, "tag", p + n - PSSST_TAG_SIZE, PSSST_TAG_SIZE);
    const char *kind = (x->flags & PSSST_FLAG_REPLY)
                           ? ((x->flags & PSSST_FLAG_CLIENT_AUTH) ? "reply to a client-auth request"
                                                                  : "reply to an anonymous request")
                       : (x->flags & PSSST_FLAG_CLIENT_AUTH) ? "client-auth request (spec 6.2)"
                                                             : "anonymous request (spec 6.1)";
    fprintf(x->out, "  %-14s %s\n", "kind", kind);
}

/* ---- keys and key schedule ----------------------------------------------- */

static void print_server_keys(explainer *x)
{
    const explain_input *in = x->in;
    if (!in->has_server_private)
        return;
    uint8_t clamped[PSSST_KEY_SIZE], pub[PSSST_KEY_SIZE];
    fprintf(x->out, "server key:\n");
    print_value(x->out, "private", in->server_private, PSSST_KEY_SIZE);
    clamp_copy(clamped, in->server_private);
    if (memcmp(clamped, in->server_private, PSSST_KEY_SIZE) != 0)
        print_value(x->out, "clamped", clamped, PSSST_KEY_SIZE);
    if (pssst_x25519_base(pub, in->server_private) != PSSST_CRYPTO_OK) {
        fprintf(x->out, "  %-14s X25519(s, 9) failed\n", "public");
        return;
    }
    print_value(x->out, "public", pub, PSSST_KEY_SIZE);
    if (in->has_server_public)
        fprintf(x->out, "  %-14s %s\n", "--server-public",
                memcmp(pub, in->server_public, PSSST_KEY_SIZE) == 0
                    ? "matches"
                    : "DIFFERS from X25519(server_private, 9): wrong key pair");
    pssst_wipe(clamped, sizeof clamped);
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
    fprintf(x->out, "key schedule (spec 5):\n");
    print_value(x->out, "shared", s->shared, PSSST_X25519_SIZE);
    print_value(x->out, "H", s->h, PSSST_SHA256_SIZE);
    print_value(x->out, "key H[0:16]", s->key, sizeof s->key);
    print_value(x->out, "client_nonce", s->client_nonce, sizeof s->client_nonce);
    print_value(x->out, "server_nonce", s->server_nonce, sizeof s->server_nonce);
    return 0;
}

/*
 * X25519(server_private, dh_param) (spec 7.1 step 9). Returns 1 when it
 * gives a shared secret, 0 when the walk is decided (all zero) or stops.
 */
static int server_shared(explainer *x, int number, schedule *s, const char *rule_zero)
{
    if (pssst_x25519(s->shared, x->in->server_private, x->in->packet + DH_OFFSET) ==
        PSSST_CRYPTO_OK)
        return 1;
    reject(x, number, "X25519(server_private, dh_param) not zero", PSSST_ERR_BAD_KEY, rule_zero);
    return 0;
}

/* AES-GCM open of the body with AAD = received header. */
static int open_body(explainer *x, const schedule *s, const uint8_t nonce[12], uint8_t *pt,
                     size_t *pt_len)
{
    const uint8_t *p = x->in->packet;
    size_t ct_len = x->in->packet_len - PSSST_OVERHEAD;
    *pt_len = ct_len;
    return pssst_aead_open(s->key, nonce, p, HDR_LEN, p + BODY_OFFSET, ct_len,
                           p + x->in->packet_len - PSSST_TAG_SIZE, NULL, 0, pt);
}

static void print_message(explainer *x, const uint8_t *m, size_t n)
{
    fprintf(x->out, "message:\n");
    print_value(x->out, "bytes", m, n);
    print_text_if_printable(x->out, m, n);
}

/*
 * Derives the key schedule from s->shared and opens the body with nonce
 * (one of s's). Returns the plaintext buffer, to be released with
 * free_plaintext, or NULL when the walk stops; *opened says whether the
 * tag verified.
 */
static uint8_t *derive_and_open(explainer *x, schedule *s, const uint8_t nonce[12],
                                size_t *pt_len, bool *opened)
{
    if (derive(x, s) != 0) {
        fprintf(x->out, "SHA-256 failed\n");
        return NULL;
    }
    uint8_t *pt = malloc(x->in->packet_len - PSSST_OVERHEAD + 1);
    if (pt == NULL) {
        fprintf(x->out, "out of memory\n");
        return NULL;
    }
    *opened = open_body(x, s, nonce, pt, pt_len) == PSSST_CRYPTO_OK;
    return pt;
}

static void free_plaintext(explainer *x, uint8_t *pt)
{
    pssst_wipe(pt, x->in->packet_len - PSSST_OVERHEAD);
    free(pt);
}

/* Checks 1 and 2 of both walks (spec 7.1, 9.1): length >= 4, suite implemented. */
static bool check_length_and_suite(explainer *x, const char *rule_length, const char *rule_suite)
{
    char buf[64];
    if (x->in->packet_len < HDR_LEN) {
        reject(x, 1, "length >= 4", PSSST_ERR_MALFORMED, rule_length);
        return false;
    }
    snprintf(buf, sizeof buf, "ok (%zu)", x->in->packet_len);
    step(x, 1, "length >= 4", buf);
    if (x->suite != SUITE_IMPLEMENTED) {
        reject(x, 2, "suite implemented", PSSST_ERR_UNSUPPORTED_SUITE, rule_suite);
        return false;
    }
    step(x, 2, "suite implemented", "ok");
    return true;
}

/* The reserved-bits check (step number) and the 52-byte check (number + 1). */
static bool check_reserved_and_overhead(explainer *x, int number, const char *rule_reserved,
                                        const char *rule_length)
{
    if (x->flags & RESERVED_MASK) {
        reject(x, number, "reserved flag bits clear", PSSST_ERR_MALFORMED, rule_reserved);
        return false;
    }
    step(x, number, "reserved flag bits clear", "ok");
    if (x->in->packet_len < PSSST_OVERHEAD) {
        reject(x, number + 1, "length >= 52", PSSST_ERR_MALFORMED, rule_length);
        return false;
    }
    step(x, number + 1, "length >= 52", "ok");
    return true;
}

/* ---- server side: spec 7.1 ----------------------------------------------- */

/* spec 7.3: C and e from the plaintext, X25519(e, C) == dh_param. */
static void check_proof(explainer *x, const uint8_t *pt, size_t pt_len)
{
    const uint8_t *c = pt, *e = pt + PSSST_KEY_SIZE;
    uint8_t e_clamped[PSSST_KEY_SIZE], ec[PSSST_X25519_SIZE];
    fprintf(x->out, "client-auth proof (spec 7.3):\n");
    print_value(x->out, "C", c, PSSST_KEY_SIZE);
    print_value(x->out, "e (as sent)", e, PSSST_KEY_SIZE);
    clamp_copy(e_clamped, e);
    if (memcmp(e_clamped, e, PSSST_KEY_SIZE) != 0)
        print_value(x->out, "e clamped", e_clamped, PSSST_KEY_SIZE);
    pssst_wipe(e_clamped, sizeof e_clamped);
    if (x->in->has_client_private) {
        uint8_t pub[PSSST_KEY_SIZE];
        if (pssst_x25519_base(pub, x->in->client_private) == PSSST_CRYPTO_OK)
            fprintf(x->out, "  %-14s %s\n", "--client-private",
                    memcmp(pub, c, PSSST_KEY_SIZE) == 0
                        ? "X25519(c, 9) matches C"
                        : "X25519(c, 9) DIFFERS from C: another client's key");
    }
    int rc = pssst_x25519(ec, e, c);
    if (rc != PSSST_CRYPTO_OK) {
        fprintf(x->out, "  %-14s all zero (C is of low order)\n", "X25519(e, C)");
        reject(x, 11, "X25519(e, C) == dh_param", PSSST_ERR_CLIENT_AUTH_FAILED,
               "spec 7.1 step 11; 7.3 Client-auth proof verification (all-zero X25519(e, C))");
        return;
    }
    print_value(x->out, "X25519(e, C)", ec, PSSST_X25519_SIZE);
    print_value(x->out, "dh_param", x->in->packet + DH_OFFSET, PSSST_KEY_SIZE);
    if (pssst_ct_compare(ec, x->in->packet + DH_OFFSET, PSSST_KEY_SIZE) != 0) {
        reject(x, 11, "X25519(e, C) == dh_param", PSSST_ERR_CLIENT_AUTH_FAILED,
               "spec 7.1 step 11; 7.3 Client-auth proof verification");
        return;
    }
    step(x, 11, "X25519(e, C) == dh_param", "ok: C is authenticated");
    decide(x, PSSST_OK, "spec 7.3: request accepted, client key C authenticated");
    print_message(x, pt + PSSST_PROOF_SIZE, pt_len - PSSST_PROOF_SIZE);
}

static void server_crypto(explainer *x, bool auth)
{
    schedule s;
    if (!x->in->has_server_private) {
        step(x, 9, "X25519(server_private, dh_param) not zero", "needs --server-private");
        fprintf(x->out, "verdict: undecided (passes checks 1-8; decryption needs "
                        "--server-private)\n");
        return;
    }
    if (!server_shared(x, 9, &s, "spec 7.1 step 9; 5.3 All-zero shared secrets"))
        return;
    step(x, 9, "X25519(server_private, dh_param) not zero", "ok");
    size_t pt_len = 0;
    bool opened = false;
    uint8_t *pt = derive_and_open(x, &s, s.client_nonce, &pt_len, &opened);
    if (pt == NULL) {
        pssst_wipe(&s, sizeof s);
        return;
    }
    if (!opened) {
        reject(x, 10, "AES-GCM open (client_nonce, AAD = header)", PSSST_ERR_DECRYPT_FAILED,
               "spec 7.1 step 10; 7.2 Decryption");
    } else {
        step(x, 10, "AES-GCM open (client_nonce, AAD = header)", "ok");
        if (auth) {
            check_proof(x, pt, pt_len);
        } else {
            step(x, 11, "client-auth proof", "not a client-auth request");
            decide(x, PSSST_OK, "spec 7.2: anonymous request accepted");
            print_message(x, pt, pt_len);
        }
    }
    free_plaintext(x, pt);
    pssst_wipe(&s, sizeof s);
}

static void walk_server(explainer *x)
{
    fprintf(x->out, "checks of a server receiving a request (spec 7.1):\n");
    if (!check_length_and_suite(x, "spec 7.1 step 1; 4.4 Lengths",
                                "spec 7.1 step 2; 3.1 Registry"))
        return;
    if (x->flags & PSSST_FLAG_REPLY) {
        reject(x, 3, "REPLY bit clear", PSSST_ERR_NOT_REQUEST, "spec 7.1 step 3; 4.2 Flags");
        return;
    }
    step(x, 3, "REPLY bit clear", "ok");
    step(x, 4, "suite is the server's (1)", "ok");
    if (!check_reserved_and_overhead(x, 5, "spec 7.1 step 5; 4.3 Reserved bits",
                                     "spec 7.1 step 6; 4.4 Lengths"))
        return;
    bool auth = (x->flags & PSSST_FLAG_CLIENT_AUTH) != 0;
    if (auth && x->in->packet_len < MIN_AUTH_REQUEST) {
        reject(x, 7, "CLIENT_AUTH: length >= 116", PSSST_ERR_CLIENT_AUTH_FAILED,
               "spec 7.1 step 7; 6.2 Client-authenticated request");
        return;
    }
    step(x, 7, "CLIENT_AUTH: length >= 116", auth ? "ok" : "not a client-auth request");
    step(x, 8, "message buffer large enough", "API only, not applicable");
    server_crypto(x, auth);
}

/* The library's own answer for the same request (spec 7.1 as implemented). */
static void cross_check_server(explainer *x, const uint8_t server_private[PSSST_KEY_SIZE],
                               const char *note)
{
    pssst_server server;
    pssst_reply_ctx reply;
    size_t n = x->in->packet_len;
    uint8_t *msg = malloc(n + 1);
    uint8_t client_pub[PSSST_KEY_SIZE];
    bool authenticated = false;
    size_t msg_len = 0;
    if (msg == NULL)
        return;
    pssst_status st = pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, server_private);
    if (st == PSSST_OK)
        st = pssst_unpack_request(&server, x->in->packet, n, msg, n, &msg_len, client_pub,
                                  &authenticated, &reply);
    bool agrees = x->v.decided && st == x->v.status;
    fprintf(x->out, "library: pssst_unpack_request -> %s (%s%s)\n", pssst_status_name(st),
            agrees ? "agrees" : "DISAGREES with the checks above", note);
    x->v.library_disagrees = !agrees;
    pssst_reply_ctx_free(&reply);
    pssst_server_free(&server);
    pssst_wipe(msg, n);
    free(msg);
}

/* ---- client side: spec 9.1 ----------------------------------------------- */

/* spec 9.1 step 6: the reply answers the given request. */
static bool matches_request(explainer *x)
{
    const uint8_t *req = x->in->request, *p = x->in->packet;
    if (req == NULL) {
        step(x, 6, "matches the request (suite, CLIENT_AUTH, dh_param)",
             "not checked (needs --request)");
        return true;
    }
    uint16_t req_flags = be16(req), req_suite = be16(req + 2);
    if (req_suite != x->suite) {
        reject(x, 6, "suite equals the request's", PSSST_ERR_REPLY_MISMATCH,
               "spec 9.1 step 6; 8.1 Reply construction");
        return false;
    }
    if ((req_flags & PSSST_FLAG_CLIENT_AUTH) != (x->flags & PSSST_FLAG_CLIENT_AUTH)) {
        reject(x, 6, "CLIENT_AUTH bit equals the request's", PSSST_ERR_REPLY_MISMATCH,
               "spec 9.1 step 6; 8.1 Reply construction");
        return false;
    }
    if (memcmp(req + DH_OFFSET, p + DH_OFFSET, PSSST_KEY_SIZE) != 0) {
        print_value(x->out, "request's dh", req + DH_OFFSET, PSSST_KEY_SIZE);
        reject(x, 6, "dh_param equals the request's", PSSST_ERR_REPLY_MISMATCH,
               "spec 9.1 step 6; 8.1 Reply construction");
        return false;
    }
    step(x, 6, "matches the request (suite, CLIENT_AUTH, dh_param)", "ok");
    return true;
}

static void client_crypto(explainer *x)
{
    schedule s;
    if (!x->in->has_server_private) {
        step(x, 8, "AES-GCM open (server_nonce, AAD = header)", "needs --server-private");
        fprintf(x->out, "verdict: undecided (passes checks 1-7; decryption needs "
                        "--server-private, from which the key is recomputed)\n");
        return;
    }
    /* The client's key equals the server's: X25519(s, dh_param) (spec 5.1). */
    if (!server_shared(x, 8, &s, "spec 5.3 All-zero shared secrets (no client could have "
                                 "sent this dh_param)"))
        return;
    size_t pt_len = 0;
    bool opened = false;
    uint8_t *pt = derive_and_open(x, &s, s.server_nonce, &pt_len, &opened);
    if (pt == NULL) {
        pssst_wipe(&s, sizeof s);
        return;
    }
    if (!opened) {
        reject(x, 8, "AES-GCM open (server_nonce, AAD = header)", PSSST_ERR_DECRYPT_FAILED,
               "spec 9.1 step 8; 9.2 Reply authentication");
    } else {
        step(x, 8, "AES-GCM open (server_nonce, AAD = header)", "ok");
        decide(x, PSSST_OK,
               x->in->request != NULL
                   ? "spec 9.2: reply accepted"
                   : "spec 9.2: reply authenticates (step 6 not checked without --request)");
        print_message(x, pt, pt_len);
    }
    free_plaintext(x, pt);
    pssst_wipe(&s, sizeof s);
}

static void walk_client(explainer *x)
{
    fprintf(x->out, "checks of a client receiving a reply (spec 9.1):\n");
    step(x, 0, "reply context unused", "not applicable (no context here)");
    if (!check_length_and_suite(x, "spec 9.1 step 1; 4.4 Lengths",
                                "spec 9.1 step 2; 3.1 Registry"))
        return;
    if (!(x->flags & PSSST_FLAG_REPLY)) {
        reject(x, 3, "REPLY bit set", PSSST_ERR_NOT_REPLY, "spec 9.1 step 3; 4.2 Flags");
        return;
    }
    step(x, 3, "REPLY bit set", "ok");
    if (!check_reserved_and_overhead(x, 4, "spec 9.1 step 4; 4.3 Reserved bits",
                                     "spec 9.1 step 5; 4.4 Lengths"))
        return;
    if (!matches_request(x))
        return;
    step(x, 7, "message buffer large enough", "API only, not applicable");
    client_crypto(x);
}

/* ---- entry points -------------------------------------------------------- */

explain_verdict explain_packet(const explain_input *in, FILE *out)
{
    explainer x = {.in = in, .out = out};
    print_header(&x);
    print_server_keys(&x);
    bool reply_view = in->request != NULL ||
                      (in->packet_len >= HDR_LEN && (be16(in->packet) & PSSST_FLAG_REPLY));
    if (reply_view)
        walk_client(&x);
    else
        walk_server(&x);
    if (x.v.decided)
        fprintf(out, "verdict: %s (%s)\n", pssst_status_name(x.v.status), x.v.rule);
    /* A fixed key for checks 1-8 of spec 7.1, which do not use it. */
    static const uint8_t any_key[PSSST_KEY_SIZE] = {0x01};
    if (!reply_view && in->has_server_private)
        cross_check_server(&x, in->server_private, "");
    else if (!reply_view && x.v.decided)
        cross_check_server(&x, any_key, "; with an arbitrary server key, which checks 1-8 do not use");
    else if (reply_view)
        fprintf(out, "library: not consulted (a reply needs the client's reply context)\n");
    else
        fprintf(out, "library: not consulted (needs --server-private)\n");
    return x.v;
}

/* A key argument: 64 hex digits, or the name of a key file. */
static int parse_key_arg(const char *option, const char *arg, uint8_t key[PSSST_KEY_SIZE])
{
    size_t len = strlen(arg), got = 0, bad = 0;
    if (len == KEYFILE_HEX_DIGITS &&
        hex_decode(arg, len, key, PSSST_KEY_SIZE, &got, &bad) == HEX_OK && got == PSSST_KEY_SIZE)
        return 0;
    keyfile_detail detail;
    keyfile_status st = keyfile_read(arg, key, &detail);
    if (st == KEYFILE_OK)
        return 0;
    if (st == KEYFILE_ERR_OPEN && len == KEYFILE_HEX_DIGITS)
        fprintf(stderr, "pssst-conform: %s: \"%s\" is neither 64 hex digits nor a key file\n",
                option, arg);
    else
        fprintf(stderr, "pssst-conform: %s: %s: %s\n", option, arg, keyfile_strerror(st));
    return -1;
}

/* A hex argument of at most EXPLAIN_MAX_PACKET bytes. */
static int parse_hex_arg(const char *what, const char *arg, uint8_t **out, size_t *len)
{
    conform_error err;
    if (strlen(arg) / 2 > EXPLAIN_MAX_PACKET) {
        fprintf(stderr, "pssst-conform: %s: longer than %u bytes\n", what, EXPLAIN_MAX_PACKET);
        return -1;
    }
    if (ju_decode_hex_text(arg, strlen(arg), what, out, len, &err) != 0) {
        fprintf(stderr, "pssst-conform: %s\n", err.text);
        return -1;
    }
    return 0;
}

typedef struct {
    explain_input in;
    uint8_t *packet, *request;
} explain_args;

static int explain_usage(const char *what, const char *arg)
{
    fprintf(stderr, "pssst-conform explain: %s%s\n(pssst-conform --help for usage)\n", what, arg);
    return EXIT_USAGE;
}

static int parse_one(int argc, char **argv, int *i, explain_args *a)
{
    const char *arg = argv[*i];
    bool takes_value = strcmp(arg, "--server-private") == 0 ||
                       strcmp(arg, "--client-private") == 0 ||
                       strcmp(arg, "--server-public") == 0 || strcmp(arg, "--request") == 0;
    if (!takes_value) {
        if (arg[0] == '-' && arg[1] != '\0')
            return explain_usage("unknown option ", arg);
        if (a->packet != NULL)
            return explain_usage("more than one packet: ", arg);
        return parse_hex_arg("PACKET_HEX", arg, &a->packet, &a->in.packet_len) ? EXIT_USAGE : 0;
    }
    if (*i + 1 >= argc)
        return explain_usage("missing value after ", arg);
    const char *v = argv[++*i];
    if (strcmp(arg, "--server-private") == 0) {
        a->in.has_server_private = parse_key_arg(arg, v, a->in.server_private) == 0;
        return a->in.has_server_private ? 0 : EXIT_USAGE;
    }
    if (strcmp(arg, "--client-private") == 0) {
        a->in.has_client_private = parse_key_arg(arg, v, a->in.client_private) == 0;
        return a->in.has_client_private ? 0 : EXIT_USAGE;
    }
    if (strcmp(arg, "--server-public") == 0) {
        size_t got = 0, bad = 0;
        if (strlen(v) != KEYFILE_HEX_DIGITS ||
            hex_decode(v, strlen(v), a->in.server_public, PSSST_KEY_SIZE, &got, &bad) != HEX_OK)
            return explain_usage("--server-public needs 64 hex digits, got ", v);
        a->in.has_server_public = true;
        return 0;
    }
    free(a->request);
    a->request = NULL;
    if (parse_hex_arg("--request", v, &a->request, &a->in.request_len) != 0)
        return EXIT_USAGE;
    if (a->in.request_len < BODY_OFFSET)
        return explain_usage("--request: a request has at least 36 bytes (header and dh_param)",
                             "");
    return 0;
}

int explain_main(int argc, char **argv)
{
    explain_args a;
    memset(&a, 0, sizeof a);
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++)
        rc = parse_one(argc, argv, &i, &a);
    if (rc == 0 && a.packet == NULL)
        rc = explain_usage("missing PACKET_HEX", "");
    if (rc == 0) {
        a.in.packet = a.packet;
        a.in.request = a.request;
        explain_verdict v = explain_packet(&a.in, stdout);
        bool rejected = v.decided && v.status != PSSST_OK;
        rc = rejected || v.library_disagrees ? EXIT_REJECTED : EXIT_ACCEPTED;
    }
    pssst_wipe(&a.in, sizeof a.in);
    free(a.packet);
    free(a.request);
    return rc;
}
