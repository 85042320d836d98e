/* SPDX-License-Identifier: Apache-2.0 */
/*
 * harness_serve.h - the harness side of the port harness protocol
 * (spec/harness.md section 3) for this library: one request line in, one
 * response line out, each operation carried out through the public API.
 * `pssst-conform vectors` calls it in-process (backend.c), pssst-harness
 * wraps it in a stdin/stdout loop, fuzz/fuzz_harness_request.c feeds it
 * any bytes.
 */
#ifndef PSSST_CONFORM_HARNESS_SERVE_H
#define PSSST_CONFORM_HARNESS_SERVE_H

#include <stddef.h>

/* One harness session: the client or server of the current test. */
typedef struct harness_server harness_server;

/* A new session; NULL when out of memory. */
harness_server *harness_serve_new(void);
void harness_serve_delete(harness_server *h);

/*
 * The response to the request line[0..len) (not NUL-terminated, no
 * newline), as one line of JSON without the newline (malloc'd, NUL-
 * terminated; free with cJSON_free). A request that is not JSON, has no
 * "op" or lacks a member gets status "error" with a reason; a protocol
 * outcome gets "OK" or its status name. NULL only when out of memory.
 */
char *harness_serve_answer(harness_server *h, const char *line, size_t len);

#endif
