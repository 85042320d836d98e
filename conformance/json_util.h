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
#define JU_PATH_SIZE 256

/* Bytes of a hex member; present is false when absent or null. */
typedef struct {
    bool present;
    uint8_t *data; /* malloc'd, at least one byte so never NULL when present */
    size_t len;
} ju_bytes;

/* A 32-byte value (key, dh_param); present is false when absent or null. */
typedef struct {
    bool present;
    uint8_t b[32];
} ju_key;

/* path + "." + name (name alone at the top level, path ""); path + "[index]". */
void ju_path_member(char out[JU_PATH_SIZE], const char *path, const char *name);
void ju_path_index(char out[JU_PATH_SIZE], const char *path, size_t index);

/* Sets err to "path.name: what" ("path: what" when name is NULL, "(top
 * level): what" when that is empty); returns -1. */
int ju_member_error(conform_error *err, const char *path, const char *name, const char *what);

int ju_require_object(const cJSON *v, const char *path, conform_error *err);

/* Member name of obj, *out NULL when absent. A repeated member is an error
 * (cJSON would silently take the first). */
int ju_member(const cJSON *obj, const char *path, const char *name, const cJSON **out,
              conform_error *err);

/* A required array member; "name: expected <what>, got ..." otherwise. */
int ju_required_array(const cJSON *obj, const char *path, const char *name, const char *what,
                      const cJSON **out, conform_error *err);

/* String member, owned by the cJSON tree; *out NULL when absent or null. */
int ju_string(const cJSON *obj, const char *path, const char *name, bool required,
              bool nullable, const char **out, conform_error *err);
/* The same as a malloc'd copy. */
int ju_string_dup(const cJSON *obj, const char *path, const char *name, bool required,
                  bool nullable, char **out, conform_error *err);

/* Integer member in [min, max] (a JSON number without fraction). */
int ju_int(const cJSON *obj, const char *path, const char *name, bool required, long min,
           long max, long *out, bool *present, conform_error *err);

int ju_bool(const cJSON *obj, const char *path, const char *name, bool required, bool *out,
            conform_error *err);

/* Hex (json_hex.c). Hex member of any length (may be empty). */
int ju_hex(const cJSON *obj, const char *path, const char *name, bool required, bool nullable,
           ju_bytes *out, conform_error *err);
/* Hex member of exactly want bytes into out[0..want); *present as in ju_bytes. */
int ju_hex_fixed(const cJSON *obj, const char *path, const char *name, bool required,
                 bool nullable, size_t want, uint8_t *out, bool *present, conform_error *err);
/* Hex member of exactly 32 bytes. */
int ju_hex32(const cJSON *obj, const char *path, const char *name, bool required,
             bool nullable, ju_key *out, conform_error *err);

/* Array of strings; *out is a malloc'd array of malloc'd copies. */
int ju_string_array(const cJSON *obj, const char *path, const char *name, bool required,
                    char ***out, size_t *count, conform_error *err);

/* Decodes hex text from outside JSON (arguments, key files) with the same
 * messages; where names the input. */
int ju_decode_hex_text(const char *text, size_t text_len, const char *where, uint8_t **out,
                       size_t *out_len, conform_error *err);

void ju_bytes_free(ju_bytes *b);
void ju_string_array_free(char **a, size_t count);

/* strdup without relying on POSIX; NULL on allocation failure. */
char *ju_strdup(const char *s);

/* Parses data[0..len) (not NUL-terminated); a syntax error gives line and column. */
cJSON *ju_parse(const char *data, size_t len, conform_error *err);

#endif
