/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_util.h - typed, path-aware access to cJSON values. Every getter
 * takes the JSON path of the object it looks into, so that an error names
 * the exact member: "testGroups[3].tests[17].requestPacket: not valid hex
 * (character 5, ...)". Getters return 0 on success, -1 with *err set.
 * required: absence is an error; nullable: JSON null counts as absent.
 */
#ifndef PSSST_CONFORM_JSON_UTIL_H
#define PSSST_CONFORM_JSON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "conform_error.h"

/* Longest JSON path kept in messages; longer paths are cut. */
#define JSON_PATH_SIZE 256

/* Bytes of a hex member; present is false when absent or null. */
typedef struct {
    bool present;
    uint8_t *data; /* malloc'd, at least one byte so never NULL when present */
    size_t len;
} vec_bytes;

/* A 32-byte value (key, dh_param); present is false when absent or null. */
typedef struct {
    bool present;
    uint8_t b[32];
} vec_key;

/* path + "." + name (name alone at the top level, path ""); path + "[index]". */
void json_path_member(char out[JSON_PATH_SIZE], const char *path, const char *name);
void json_path_index(char out[JSON_PATH_SIZE], const char *path, size_t index);

/* Sets err to "path.name: what" ("path: what" when name is NULL, "(top
 * level): what" when that is empty); returns -1. */
int json_member_error(conform_error *err, const char *path, const char *name, const char *what);

int json_require_object(const cJSON *v, const char *path, conform_error *err);

/* Member name of obj, *out NULL when absent. A repeated member is an error
 * (cJSON would silently take the first). */
int json_find_member(const cJSON *obj, const char *path, const char *name, const cJSON **out,
                     conform_error *err);

/* A required array member; "name: expected <what>, got ..." otherwise. */
int json_required_array(const cJSON *obj, const char *path, const char *name, const char *what,
                        const cJSON **out, conform_error *err);

/* String member, owned by the cJSON tree; *out NULL when absent or null. */
int json_string(const cJSON *obj, const char *path, const char *name, bool required,
                bool nullable, const char **out, conform_error *err);
/* The same as a malloc'd copy. */
int json_string_copy(const cJSON *obj, const char *path, const char *name, bool required,
                     bool nullable, char **out, conform_error *err);

/* Integer member in [min, max] (a JSON number without fraction). */
int json_integer(const cJSON *obj, const char *path, const char *name, bool required, long min,
                 long max, long *out, bool *present, conform_error *err);

int json_boolean(const cJSON *obj, const char *path, const char *name, bool required, bool *out,
                 conform_error *err);

/* Hex (json_hex.c). Hex member of any length (may be empty). */
int json_hex(const cJSON *obj, const char *path, const char *name, bool required, bool nullable,
             vec_bytes *out, conform_error *err);
/* Hex member of exactly want bytes into out[0..want); *present as in vec_bytes. */
int json_hex_fixed(const cJSON *obj, const char *path, const char *name, bool required,
                   bool nullable, size_t want, uint8_t *out, bool *present, conform_error *err);
/* Hex member of exactly 32 bytes. */
int json_key(const cJSON *obj, const char *path, const char *name, bool required,
             bool nullable, vec_key *out, conform_error *err);

/* Array of strings; *out is a malloc'd array of malloc'd copies. */
int json_string_list(const cJSON *obj, const char *path, const char *name, bool required,
                     char ***out, size_t *count, conform_error *err);

/* Decodes hex text from outside JSON (arguments, key files) with the same
 * messages; where names the input. */
int hex_text_decode(const char *text, size_t text_len, const char *where, uint8_t **out,
                    size_t *out_len, conform_error *err);

void vec_bytes_free(vec_bytes *b);
void string_list_free(char **a, size_t count);

/* strdup without relying on POSIX; NULL on allocation failure. */
char *string_copy(const char *s);

/* Parses data[0..len) (not NUL-terminated); a syntax error gives line and column. */
cJSON *json_parse_text(const char *data, size_t len, conform_error *err);

#endif
