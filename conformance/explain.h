/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain.h - `pssst-conform explain`: dissects one packet for a person
 * debugging a port. Shows the header fields, walks the receiver's
 * validation order (spec 7.1 for a request, spec 9.1 for a reply), and with
 * keys the key schedule, the decrypted payload and the client-auth proof,
 * then the verdict with the spec section that decides it. For requests the
 * verdict is cross-checked against this library's pssst_unpack_request.
 */
#ifndef PSSST_CONFORM_EXPLAIN_H
#define PSSST_CONFORM_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pssst.h"

/* Inputs of one explanation; keys and request are optional. */
typedef struct {
    const uint8_t *packet;
    size_t packet_len;
    bool has_server_private, has_client_private, has_server_public;
    uint8_t server_private[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE];
    uint8_t server_public[PSSST_KEY_SIZE];
    const uint8_t *request; /* the request a reply answers, or NULL */
    size_t request_len;
    bool json; /* one JSON document instead of the text walk */
} explain_input;

/* What the walk concluded. */
typedef struct {
    bool decided;        /* false: stopped before a verdict for lack of keys */
    pssst_status status; /* when decided */
    const char *rule;    /* e.g. "spec 7.1 step 10; 7.2 Decryption", or why undecided */
    bool library_disagrees; /* pssst_unpack_request gave another status */
} explain_verdict;

/* Writes the explanation (text, or JSON with in->json) to out; never fails
 * on any packet. */
explain_verdict explain_packet(const explain_input *in, FILE *out);

/* The subcommand: parses arguments, explains, exits 0 (accepted or
 * undecided), 1 (rejected, or the library disagrees with the walk) or 2
 * (bad arguments or input); --help prints the usage and exits 0. */
int explain_main(int argc, char **argv);

#endif
