/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compat.h - one side of the compatibility line protocol spoken by the
 * Python, Go and Rust ports' compatibility programs (spec/harness.md
 * section 2). The same engine serves
 * `pssst-conform compat` (stdin/stdout) and `pssst-conform peer`, which
 * plays it against another port's program and reports every check.
 */
#ifndef PSSST_CONFORM_COMPAT_H
#define PSSST_CONFORM_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pssst.h"

#define COMPAT_PLAINTEXT_SIZE 64
#define COMPAT_MAX_CHECKS 32
#define COMPAT_DETAIL_SIZE 256
/* Longest line read from the other side: far above the longest protocol line. */
#define COMPAT_MAX_INPUT_LINE 16384

/* The steps a session must see done, in the order a report lists them. */
typedef enum {
    COMPAT_STEP_SERVER_KEY,    /* peer announced its server key */
    COMPAT_STEP_CLIENT_KEY,    /* peer announced its client key */
    COMPAT_STEP_PLAINTEXT,     /* peer announced its plaintext */
    COMPAT_STEP_REQUEST,       /* peer's anonymous request unpacked and answered */
    COMPAT_STEP_REQUEST_AUTH,  /* peer's client-auth request unpacked and answered */
    COMPAT_STEP_REPLY,         /* peer's reply to our anonymous request verified */
    COMPAT_STEP_REPLY_AUTH,    /* peer's reply to our client-auth request verified */
    COMPAT_STEP_COUNT
} compat_step;

typedef struct {
    compat_step step;
    bool ok;
    char detail[COMPAT_DETAIL_SIZE];
} compat_check;

/* Writes one line (without newline) to the other side; returns false on failure. */
typedef bool (*compat_send_fn)(void *arg, const char *line);

typedef struct {
    compat_send_fn send;
    void *send_arg;
    uint8_t server_private[PSSST_KEY_SIZE], server_public[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE], client_public[PSSST_KEY_SIZE];
    uint8_t plaintext[COMPAT_PLAINTEXT_SIZE];
    pssst_server server;
    pssst_reply_ctx pending[2]; /* [0] anonymous, [1] client-auth */
    uint8_t peer_client_key[PSSST_KEY_SIZE];
    uint8_t peer_plaintext[COMPAT_PLAINTEXT_SIZE];
    bool seen[COMPAT_STEP_COUNT];
    bool failed;
    compat_check checks[COMPAT_MAX_CHECKS];
    size_t check_count;
} compat_session;

/* Makes both key pairs and the plaintext; false when randomness fails. */
bool compat_init(compat_session *s, compat_send_fn send, void *send_arg);

/* Sends SERVER_KEY, CLIENT_KEY and PLAINTEXT (step 1 of the protocol). */
bool compat_start(compat_session *s);

/*
 * Handles one line from the other side (without its newline). Returns
 * false when the line breaks the protocol or a check fails; the reason is
 * the last entry of s->checks.
 */
bool compat_handle_line(compat_session *s, const char *line, size_t len);

/* True once both replies are verified and both peer requests answered. */
bool compat_done(const compat_session *s);

/* A short description of a step, for reports. */
const char *compat_step_name(compat_step step);

/* Wipes the keys. */
void compat_free(compat_session *s);

#endif
