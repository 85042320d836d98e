/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_out.h - the two pieces of JSON output that reports, expectation
 * files and harness messages share.
 */
#ifndef PSSST_CONFORM_JSON_OUT_H
#define PSSST_CONFORM_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "conform_error.h"

/* obj[key] = lowercase hex of b[0..len), or null when b is NULL; false when out of memory. */
bool json_add_hex(cJSON *obj, const char *key, const uint8_t *b, size_t len);

/* Writes root, indented, with a final newline, to path (created or truncated). */
int json_write_file(const char *path, const cJSON *root, conform_error *err);

#endif
