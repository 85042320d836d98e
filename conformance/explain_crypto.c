/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain_crypto.c - what a walk computes with the keys: the server key,
 * the key schedule (spec 5), the AES-GCM open (7.2, 9.2) and the client-auth
 * proof (7.3).
 */
#include "explain_internal.h"

#include <stdlib.h>
#include <string.h>

#include "json_util.h"

void explain_print_server_keys(explainer *x)
{
    const explain_input *in = x->in;
    uint8_t pub[PSSST_KEY_SIZE];
    if (!in->has_server_private)
        return;
    explain_section(x, "serverKey", "server key");
    explain_value(x, "private", NULL, in->server_private, PSSST_KEY_SIZE);
    explain_show_clamped(x, "clamped", NULL, in->server_private);
    if (pssst_x25519_base(pub, in->server_private) != PSSST_CRYPTO_OK) {
        explain_note(x, "public", NULL, "X25519(s, 9) failed");
        return;
    }
    explain_value(x, "public", NULL, pub, PSSST_KEY_SIZE);
    if (in->has_server_public)
        explain_note(x, "serverPublic", "--server-public",
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
    explain_section(x, "keySchedule", "key schedule (spec 5)");
    explain_value(x, "shared", NULL, s->shared, PSSST_X25519_SIZE);
    explain_value(x, "H", NULL, s->h, PSSST_SHA256_SIZE);
    explain_value(x, "key", "key H[0:16]", s->key, sizeof s->key);
    explain_value(x, "clientNonce", "client_nonce", s->client_nonce, sizeof s->client_nonce);
    explain_value(x, "serverNonce", "server_nonce", s->server_nonce, sizeof s->server_nonce);
    return 0;
}
void explain_free_plaintext(explainer *x, uint8_t *pt)
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
uint8_t *explain_decrypt(explainer *x, const walk_def *w, size_t *pt_len)
{
    static const char zero_check[] = "X25519(server_private, dh_param) not zero";
    const uint8_t *p = x->in->packet;
    bool request = strcmp(w->receiver, "server") == 0; /* a server receives requests */
    int open_step = request ? w->zero_step + 1 : w->zero_step;
    schedule s;
    if (!x->in->has_server_private) {
        explain_step(x, w->zero_step, request ? zero_check : w->open_check,
                     "needs --server-private");
        x->v.rule = w->undecided;
        return NULL;
    }
    if (pssst_x25519(s.shared, x->in->server_private, p + DH_OFFSET) != PSSST_CRYPTO_OK) {
        explain_reject(x, w->zero_step, zero_check, PSSST_ERR_BAD_KEY, w->zero_rule);
        return NULL;
    }
    if (request)
        explain_step(x, w->zero_step, zero_check, "ok");
    *pt_len = x->in->packet_len - PSSST_OVERHEAD;
    uint8_t *pt = derive(x, &s) == 0 ? malloc(*pt_len + 1) : NULL;
    const uint8_t *nonce = request ? s.client_nonce : s.server_nonce;
    bool opened = pt != NULL &&
                  pssst_aead_open(s.key, nonce, p, PSSST_HEADER_SIZE, p + BODY_OFFSET, *pt_len,
                                  p + x->in->packet_len - PSSST_TAG_SIZE, NULL, 0,
                                  pt) == PSSST_CRYPTO_OK;
    pssst_wipe(&s, sizeof s);
    if (pt == NULL) {
        fprintf(stderr, "pssst-conform: SHA-256 or memory failed\n");
        return NULL;
    }
    if (opened) {
        explain_step(x, open_step, w->open_check, "ok");
        if (x->json) /* the text shows it as proof and message */
            explain_value(x, "plaintext", NULL, pt, *pt_len);
        return pt;
    }
    explain_reject(x, open_step, w->open_check, PSSST_ERR_DECRYPT_FAILED, w->open_rule);
    explain_free_plaintext(x, pt);
    return NULL;
}

/* The message, and as text too when every byte is printable ASCII. */
void explain_print_message(explainer *x, const uint8_t *m, size_t n)
{
    bool printable = n > 0 && !x->json;
    explain_section(x, "message", "message");
    explain_value(x, "bytes", NULL, m, n);
    for (size_t i = 0; i < n; i++)
        printable = printable && m[i] >= 0x20 && m[i] <= 0x7e;
    if (printable)
        fprintf(x->out, "  %-14s \"%.*s\"\n", "as text", (int)n, (const char *)m);
}

/* spec 7.3: C and e from the plaintext, X25519(e, C) == dh_param. */
void explain_check_proof(explainer *x, const uint8_t *pt, size_t pt_len)
{
    const uint8_t *c = pt, *e = pt + PSSST_KEY_SIZE, *dh = x->in->packet + DH_OFFSET;
    uint8_t ec[PSSST_X25519_SIZE], pub[PSSST_KEY_SIZE];
    explain_section(x, "proof", "client-auth proof (spec 7.3)");
    explain_value(x, "C", NULL, c, PSSST_KEY_SIZE);
    explain_value(x, "e", "e (as sent)", e, PSSST_KEY_SIZE);
    explain_show_clamped(x, "eClamped", "e clamped", e);
    if (x->in->has_client_private &&
        pssst_x25519_base(pub, x->in->client_private) == PSSST_CRYPTO_OK)
        explain_note(x, "clientPrivate", "--client-private",
             memcmp(pub, c, PSSST_KEY_SIZE) == 0
                 ? "X25519(c, 9) matches C"
                 : "X25519(c, 9) DIFFERS from C: another client's key");
    bool zero = pssst_x25519(ec, e, c) != PSSST_CRYPTO_OK;
    if (zero) {
        explain_note(x, "X25519eC", "X25519(e, C)", "all zero (C is of low order)");
    } else {
        explain_value(x, "X25519eC", "X25519(e, C)", ec, PSSST_X25519_SIZE);
        explain_value(x, "dhParam", "dh_param", dh, PSSST_KEY_SIZE);
    }
    if (zero || pssst_ct_compare(ec, dh, PSSST_KEY_SIZE) != 0) {
        explain_reject(x, 11, "X25519(e, C) == dh_param", PSSST_ERR_CLIENT_AUTH_FAILED,
               zero ? "spec 7.1 step 11; 7.3 Client-auth proof verification (all-zero "
                      "X25519(e, C))"
                    : "spec 7.1 step 11; 7.3 Client-auth proof verification");
        return;
    }
    explain_step(x, 11, "X25519(e, C) == dh_param", "ok: C is authenticated");
    explain_decide(x, PSSST_OK, "spec 7.3: request accepted, client key C authenticated");
    explain_print_message(x, pt + PSSST_PROOF_SIZE, pt_len - PSSST_PROOF_SIZE);
}

/* The walk w of the receiver's checks, decryption and, for a request, proof. */
