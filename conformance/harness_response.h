/* SPDX-License-Identifier: Apache-2.0 */
/*
 * harness_response.h - the runner side of the port harness protocol
 * (spec/harness.md section 3): judging one response line of a harness,
 * from memory, with no process involved. backend.c gets the line from
 * the implementation and acts on the judgement (stops the harness, records
 * the verdict of the fault); fuzz/fuzz_harness_response.c feeds these
 * functions any bytes.
 *
 * Every function returns 0 when the response is usable and -1 otherwise,
 * with err set and *j saying what kind of harness problem it is.
 */
#ifndef PSSST_CONFORM_HARNESS_RESPONSE_H
#define PSSST_CONFORM_HARNESS_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "conform_error.h"
#include "vector_load.h"
#include "verdict.h"

/* Longest status name an implementation may report (longer is refused). */
#define OP_STATUS_SIZE 48

/* No "authenticated" member in the response (op_outcome.flag). */
#define OP_FLAG_ABSENT (-1)

/*
 * What one operation gave back. A refusal may report what the port left in
 * its outputs (spec/harness.md 3.4); members it does not send stay empty.
 */
typedef struct {
    char status[OP_STATUS_SIZE];   /* "OK" or an error name (spec 10.1) */
    uint8_t *out;                  /* the output member's bytes (malloc'd), or NULL */
    size_t out_len;
    const char *member;            /* that member's name (harness_op_output), or NULL */
    bool authenticated;            /* unpack_request: a client key was reported */
    uint8_t client_public[32];     /* unpack_request: that key */
    int flag;                      /* unpack_request: "authenticated", or OP_FLAG_ABSENT */
    size_t leftover;               /* refusal: bytes left in the message buffer */
    bool has_needed;               /* BUFFER_TOO_SMALL: the size the port needs */
    size_t needed;
} op_outcome;

/* Frees the output and clears the outcome. */
void op_outcome_clear(op_outcome *op);

#define PORT_MAX_SUITES 16
#define PORT_IMPLEMENTATION_SIZE 128


/* What the harness announced in its hello response. */
typedef struct {
    char implementation[PORT_IMPLEMENTATION_SIZE];
    unsigned suites[PORT_MAX_SUITES];
    size_t n_suites;
    bool roles[2]; /* indexed by vec_role */
    bool modes[2]; /* indexed by vec_mode */
    bool ephemeral; /* pack_request accepts a given ephemeral scalar */
    bool public_key; /* the public_key operation is offered */
    bool output_size; /* operations take "outputSize", the size of their output buffer */
} harness_caps;

/* Whether the hello offered suite. */
bool harness_caps_has_suite(const harness_caps *caps, unsigned suite);

/* What a refused response means for the runner. */
typedef struct {
    verdict fault; /* unsupported, crash or error; VERDICT_PASS while usable */
    bool restart;     /* the harness broke the protocol: stop it before going on */
} harness_judgement;

/* spec/harness.md 3.3: the operations in a fixed order (hello first). */
#define HARNESS_N_OPS 9
const char *harness_op_name(size_t index); /* NULL past the end */

/* The hex member an "OK" response to op_name carries, or NULL when none. */
const char *harness_op_output(const char *op_name);

/*
 * Parses line[0..len) (not NUL-terminated, no newline) as the response to
 * request number id of operation op_name. On success *out is the response
 * object (the caller deletes it). Refused: not JSON, not an object, or an
 * "id" other than id (a protocol breach, restart).
 */
int harness_response_parse(const char *line, size_t len, double id, const char *op_name,
                           cJSON **out, harness_judgement *j, conform_error *err);

/*
 * Reads the capabilities of a hello response (spec/harness.md 3.2) into
 * *caps. Refused: a status other than "OK", a missing or other protocol
 * version, missing or mistyped members (protocol fault, restart).
 */
int harness_response_caps(const cJSON *resp, harness_caps *caps, harness_judgement *j,
                          conform_error *err);

/*
 * Fills *op from the response to operation op_name: the status word, its
 * output member (harness_op_output) into op->out (malloc'd; release with
 * op_outcome_clear), required when the status is "OK", and the optional
 * "clientPublic" and "authenticated" of unpack_request; a refusal may also
 * carry "leftover" and "needed" (spec/harness.md 3.4). Refused:
 * "unsupported" (no restart), "crash" (no restart), "error" (protocol, no
 * restart), a status that is no status word, or a missing or malformed
 * member (protocol, restart).
 */
int harness_response_read(const cJSON *resp, const char *op_name, op_outcome *op,
                          harness_judgement *j, conform_error *err);

#endif
