/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_util.h - typed, path-aware access to cJSON values. Every function
 * takes the JSON path of the object it looks into (e.g.
 * "testGroups[3].tests[17]") so that an error names the exact member:
 * "testGroups[3].tests[17].requestPacket: not valid hex (character 5 ...)".
 * Functions return 0 on success and -1 with *err filled otherwise.
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

/* Bytes decoded from a hex member; present is false when absent or null. */
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

/* path + "." + name, or name alone at the top level (path ""). */
void ju_path_member(char out[JU_PATH_SIZE], const char *path, const char *name);
/* path + "[index]". */
void ju_path_index(char out[JU_PATH_SIZE], const char *path, size_t index);

/* Fails unless v is a JSON object. */
int ju_require_object(const cJSON *v, const char *path, conform_error *err);

/*
 * Finds member name of object obj. *out is NULL when it is absent; a
 * member that appears twice is an error (cJSON would silently take the
 * first one).
 */
int ju_member(const cJSON *obj, const char *path, const char *name, const cJSON **out,
              conform_error *err);

/* A required array member; "name: expected <what>" when it is another type. */
int ju_required_array(const cJSON *obj, const char *path, const char *name, const char *what,
                      const cJSON **out, conform_error *err);

/*
 * String member. required: absence is an error. nullable: JSON null is
 * accepted and gives *out == NULL. The string is owned by the cJSON tree.
 */
int ju_string(const cJSON *obj, const char *path, const char *name, bool required,
              bool nullable, const char **out, conform_error *err);

/* Like ju_string but returns a malloc'd copy (NULL when absent/null). */
int ju_string_dup(const cJSON *obj, const char *path, const char *name, bool required,
                  bool nullable, char **out, conform_error *err);

/* Integer member in [min, max] (a JSON number without fraction). */
int ju_int(const cJSON *obj, const char *path, const char *name, bool required, long min,
           long max, long *out, bool *present, conform_error *err);

/* Boolean member. */
int ju_bool(const cJSON *obj, const char *path, const char *name, bool required, bool *out,
            conform_error *err);

/* Hex member of any length (may be empty). null accepted when nullable. */
int ju_hex(const cJSON *obj, const char *path, const char *name, bool required, bool nullable,
           ju_bytes *out, conform_error *err);

/* Hex member of exactly 32 bytes (64 digits). */
int ju_hex32(const cJSON *obj, const char *path, const char *name, bool required,
             bool nullable, ju_key *out, conform_error *err);

/* Hex member of exactly want bytes into out (want <= 32). */
int ju_hex_fixed(const cJSON *obj, const char *path, const char *name, bool required,
                 size_t want, uint8_t *out, bool *present, conform_error *err);

/* Array of strings; *out is a malloc'd array of malloc'd copies. */
int ju_string_array(const cJSON *obj, const char *path, const char *name, bool required,
                    char ***out, size_t *count, conform_error *err);

/*
 * Decodes a hex text (not from JSON) with the same messages, for command
 * line arguments and key files: where names the input in the message.
 */
int ju_decode_hex_text(const char *text, size_t text_len, const char *where, uint8_t **out,
                       size_t *out_len, conform_error *err);

void ju_bytes_free(ju_bytes *b);
void ju_string_array_free(char **a, size_t count);

/* strdup without relying on POSIX; NULL on allocation failure. */
char *ju_strdup(const char *s);

/*
 * Parses a JSON document held in data[0..len) (not NUL-terminated). On a
 * syntax error the message gives line and column.
 */
cJSON *ju_parse(const char *data, size_t len, conform_error *err);

#endif
