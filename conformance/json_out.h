/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_out.h - building and writing the runner's JSON: the reports of
 * `vectors` and `port`, expectation files, and harness requests and
 * responses. The builders remember any allocation failure in *ok, so a
 * report is put together in one pass and checked once at the end.
 */
#ifndef PSSST_CONFORM_JSON_OUT_H
#define PSSST_CONFORM_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "conform_error.h"

/* obj[key] = value, or null when value is NULL. */
void jo_add_str(cJSON *obj, const char *key, const char *value, bool *ok);
void jo_add_num(cJSON *obj, const char *key, double value, bool *ok);
void jo_add_bool(cJSON *obj, const char *key, bool value, bool *ok);

/* obj[key] = child; child is freed on failure. Returns child, or NULL. */
cJSON *jo_add_child(cJSON *obj, const char *key, cJSON *child, bool *ok);

/* Appends item to array; item is freed on failure. */
void jo_append(cJSON *array, cJSON *item, bool *ok);

/* A new array of n strings. */
cJSON *jo_string_array(char *const *items, size_t n, bool *ok);

/* obj[key] = lowercase hex of b[0..len), or null when b is NULL; false when out of memory. */
bool jo_add_hex(cJSON *obj, const char *key, const uint8_t *b, size_t len);

/* Writes root, indented, with a final newline, to path (created or truncated). */
int jo_write_file(const char *path, const cJSON *root, conform_error *err);

#endif
