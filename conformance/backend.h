/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend.h - the implementation a run judges, always spoken to through
 * the port harness protocol (spec/harness.md section 3): either this
 * library in-process (harness_serve.c, no process involved) or a port's
 * harness program as a child process, with a deadline per operation and a
 * fresh harness after a crash, a hang or a protocol breach so that one bug
 * does not hide the rest. Both go through the same request building and
 * response judging, so the library is judged exactly like a port.
 */
#ifndef PSSST_CONFORM_BACKEND_H
#define PSSST_CONFORM_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness_response.h"
#include "verdict.h"

typedef struct backend backend;

/* A hex member of a request; bytes NULL gives JSON null. */
typedef struct {
    const char *name;
    const uint8_t *bytes;
    size_t len;
} backend_arg;

/*
 * An implementation in-process: answer() gets each request line and
 * returns its response line (released with cJSON_free), or NULL when out
 * of memory. Tests script a backend this way.
 */
typedef char *(*backend_answer_fn)(void *arg, const char *request);
backend *backend_function(backend_answer_fn answer, void *arg);

/* This library in-process (harness_serve.c). NULL when out of memory. */
backend *backend_library(void);

/* A harness program argv (kept by reference); timeout_ms bounds each operation. */
backend *backend_process(char *const *argv, long timeout_ms);

void backend_free(backend *b);

/* Starts the harness if needed and reads its capabilities (hello). */
int backend_start(backend *b, conform_error *err);

const harness_caps *backend_caps(const backend *b);

/* spec/harness.md 3.3: "begin" of a test; clears the last fault. */
int backend_begin(backend *b, const char *tc_id, vec_role role, vec_mode mode, unsigned suite,
                  conform_error *err);

/*
 * One operation with its hex members and, when output_size is not
 * BACKEND_ANY_SIZE, the size of the output buffer to give the port
 * ("outputSize", spec/harness.md 3.3). 0 when it ran (its outcome, success
 * or a protocol error, is in *out); -1 when the implementation could not
 * be driven: err says why, backend_fault_verdict() what kind it was.
 */
#define BACKEND_ANY_SIZE SIZE_MAX
int backend_call(backend *b, const char *op, const backend_arg *args, size_t n_args,
                 size_t output_size, op_outcome *out, conform_error *err);

/* The verdict of the last failed call: unsupported, crash, timeout or error. */
verdict backend_fault_verdict(const backend *b);

/* How many times the harness was started again after a crash, hang or breach. */
size_t backend_restarts(const backend *b);

#endif
