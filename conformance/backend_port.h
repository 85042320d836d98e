/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend_port.h - the replay backend that drives a port's harness program
 * (spec/harness.md section 3) as a child process: one JSON line per
 * operation, a deadline per operation, and a fresh harness after a crash,
 * a hang or a protocol breach so that one bug does not hide the rest.
 *
 * replay.c sees every harness problem as a backend error (verdict
 * "error"); backend_port_last_fault() tells the port runner which kind it
 * was, so that it can report crash, timeout or unsupported instead.
 */
#ifndef PSSST_CONFORM_BACKEND_PORT_H
#define PSSST_CONFORM_BACKEND_PORT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness_response.h"
#include "replay.h"

typedef struct backend_port backend_port;

/*
 * Prepares the backend for the harness command argv (kept by reference)
 * and fills *be. timeout_ms bounds every operation. NULL when out of memory.
 */
backend_port *backend_port_new(char *const *argv, long timeout_ms, replay_backend *be);
void backend_port_delete(backend_port *p);

/* Starts the harness and performs the hello handshake. */
int backend_port_start(backend_port *p, conform_error *err);

const harness_caps *backend_port_caps(const backend_port *p);
bool backend_port_supports_suite(const backend_port *p, unsigned suite);

/* Names the test about to run (sent with "begin") and clears the last fault. */
void backend_port_set_test(backend_port *p, const char *tc_id, vec_mode mode);

/* The harness problem behind the last backend error of the current test. */
port_fault backend_port_last_fault(const backend_port *p);

/* How many times the harness was started again after a crash, hang or breach. */
size_t backend_port_restarts(const backend_port *p);

#endif
