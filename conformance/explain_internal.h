/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain_internal.h - what the files of `explain` share: the packet
 * layout, the key schedule, the explainer that renders one walk as text or
 * JSON (explain_render.c), the key schedule, decryption and proof
 * (explain_crypto.c), and the walks' tables (explain.c).
 */
#ifndef PSSST_CONFORM_EXPLAIN_INTERNAL_H
#define PSSST_CONFORM_EXPLAIN_INTERNAL_H

#include <cjson/cJSON.h>

#include "crypto.h"
#include "explain.h"

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

/* Rendering (explain_render.c): each prints text, or adds to the JSON document. */
void explain_section(explainer *x, const char *name, const char *title);
void explain_value(explainer *x, const char *name, const char *label, const uint8_t *b,
                   size_t n);
void explain_note(explainer *x, const char *name, const char *label, const char *text);
void explain_show_clamped(explainer *x, const char *name, const char *label,
                          const uint8_t key[PSSST_KEY_SIZE]);
void explain_step(explainer *x, int number, const char *name, const char *result);
void explain_reject(explainer *x, int number, const char *name, pssst_status st,
                    const char *rule);
void explain_decide(explainer *x, pssst_status st, const char *rule);
void explain_print_header(explainer *x);
void explain_print_verdict(explainer *x);
void explain_print_library(explainer *x, int st, const char *why);
uint16_t explain_be16(const uint8_t *p);

/* With the keys (explain_crypto.c). */
void explain_print_server_keys(explainer *x);
/* The plaintext when the tag verifies (release with explain_free_plaintext), else NULL. */
uint8_t *explain_decrypt(explainer *x, const walk_def *w, size_t *pt_len);
void explain_free_plaintext(explainer *x, uint8_t *pt);
void explain_print_message(explainer *x, const uint8_t *m, size_t n);
void explain_check_proof(explainer *x, const uint8_t *pt, size_t pt_len);

#endif
