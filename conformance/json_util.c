/* SPDX-License-Identifier: Apache-2.0 */
#include "json_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

void ju_path_member(char out[JU_PATH_SIZE], const char *path, const char *name)
{
    if (path[0] == '\0')
        snprintf(out, JU_PATH_SIZE, "%s", name);
    else
        snprintf(out, JU_PATH_SIZE, "%.200s.%.50s", path, name);
}

void ju_path_index(char out[JU_PATH_SIZE], const char *path, size_t index)
{
    snprintf(out, JU_PATH_SIZE, "%.200s[%zu]", path, index);
}

/* Name of a JSON value's type for messages ("expected a string, got a number"). */
static const char *type_name(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    return "an invalid value";
}

/* Error naming path.name (or path alone when name is NULL). */
static int member_error(conform_error *err, const char *path, const char *name, const char *what)
{
    char p[JU_PATH_SIZE];
    if (name != NULL)
        ju_path_member(p, path, name);
    else
        snprintf(p, sizeof p, "%s", path);
    return conform_error_set(err, "%s: %s", p[0] != '\0' ? p : "(top level)", what);
}

static int type_error(conform_error *err, const char *path, const char *name,
                      const char *expected, const cJSON *v)
{
    char what[128];
    snprintf(what, sizeof what, "expected %s, got %s", expected, type_name(v));
    return member_error(err, path, name, what);
}

int ju_require_object(const cJSON *v, const char *path, conform_error *err)
{
    if (!cJSON_IsObject(v))
        return type_error(err, path, NULL, "an object", v);
    return 0;
}

int ju_member(const cJSON *obj, const char *path, const char *name, const cJSON **out,
              conform_error *err)
{
    *out = NULL;
    for (const cJSON *c = obj->child; c != NULL; c = c->next) {
        if (c->string == NULL || strcmp(c->string, name) != 0)
            continue;
        if (*out != NULL)
            return member_error(err, path, name, "member appears more than once");
        *out = c;
    }
    return 0;
}

/*
 * Common start of every typed getter: 1 when the member is present, 0 when
 * it is absent and optional, -1 (err set) when it is repeated or required.
 */
static int lookup(const cJSON *obj, const char *path, const char *name, bool required,
                  const cJSON **v, conform_error *err)
{
    if (ju_member(obj, path, name, v, err) != 0)
        return -1;
    if (*v == NULL && required)
        return member_error(err, path, name, "required member is missing");
    return *v != NULL;
}

int ju_required_array(const cJSON *obj, const char *path, const char *name, const char *what,
                      const cJSON **out, conform_error *err)
{
    int found = lookup(obj, path, name, true, out, err);
    if (found <= 0)
        return -1;
    if (!cJSON_IsArray(*out)) {
        char text[128];
        snprintf(text, sizeof text, "expected %s", what);
        return member_error(err, path, name, text);
    }
    return 0;
}

int ju_string(const cJSON *obj, const char *path, const char *name, bool required,
              bool nullable, const char **out, conform_error *err)
{
    const cJSON *v;
    *out = NULL;
    int found = lookup(obj, path, name, required, &v, err);
    if (found <= 0)
        return found;
    if (cJSON_IsNull(v)) {
        if (nullable)
            return 0;
        return type_error(err, path, name, "a string", v);
    }
    if (!cJSON_IsString(v) || v->valuestring == NULL)
        return type_error(err, path, name, nullable ? "a string or null" : "a string", v);
    *out = v->valuestring;
    return 0;
}

/* ju_string, then 1 when a string is there, 0 when absent or null, -1 on error. */
static int string_present(const cJSON *obj, const char *path, const char *name, bool required,
                          bool nullable, const char **s, conform_error *err)
{
    if (ju_string(obj, path, name, required, nullable, s, err) != 0)
        return -1;
    return *s != NULL;
}

char *ju_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

int ju_string_dup(const cJSON *obj, const char *path, const char *name, bool required,
                  bool nullable, char **out, conform_error *err)
{
    const char *s;
    *out = NULL;
    int found = string_present(obj, path, name, required, nullable, &s, err);
    if (found <= 0)
        return found;
    *out = ju_strdup(s);
    if (*out == NULL)
        return member_error(err, path, name, "out of memory");
    return 0;
}

int ju_int(const cJSON *obj, const char *path, const char *name, bool required, long min,
           long max, long *out, bool *present, conform_error *err)
{
    const cJSON *v;
    *out = 0;
    if (present != NULL)
        *present = false;
    int found = lookup(obj, path, name, required, &v, err);
    if (found <= 0)
        return found;
    if (!cJSON_IsNumber(v))
        return type_error(err, path, name, "an integer", v);
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d))
        return member_error(err, path, name, "expected an integer, got a fraction");
    if (d < (double)min || d > (double)max) {
        char what[128];
        snprintf(what, sizeof what, "integer out of range (%ld to %ld)", min, max);
        return member_error(err, path, name, what);
    }
    *out = (long)d;
    if (present != NULL)
        *present = true;
    return 0;
}

int ju_bool(const cJSON *obj, const char *path, const char *name, bool required, bool *out,
            conform_error *err)
{
    const cJSON *v;
    *out = false;
    int found = lookup(obj, path, name, required, &v, err);
    if (found <= 0)
        return found;
    if (!cJSON_IsBool(v))
        return type_error(err, path, name, "true or false", v);
    *out = cJSON_IsTrue(v);
    return 0;
}

/* The message for a hex_decode failure, with a 1-based character number. */
static void hex_problem(char *what, size_t what_size, const char *text, size_t text_len,
                        hex_status st, size_t bad_index)
{
    if (st == HEX_ERR_BAD_DIGIT && bad_index < text_len) {
        unsigned char c = (unsigned char)text[bad_index];
        if (c >= 0x20 && c < 0x7f)
            snprintf(what, what_size, "not valid hex (character %zu, '%c', is not a hex digit)",
                     bad_index + 1, c);
        else
            snprintf(what, what_size, "not valid hex (character %zu, byte 0x%02x, is not a hex digit)",
                     bad_index + 1, c);
        return;
    }
    if (st == HEX_ERR_ODD_LENGTH) {
        snprintf(what, what_size, "not valid hex (odd number of digits: %zu)", text_len);
        return;
    }
    snprintf(what, what_size, "not valid hex (%s)", hex_strerror(st));
}

int ju_decode_hex_text(const char *text, size_t text_len, const char *where, uint8_t **out,
                       size_t *out_len, conform_error *err)
{
    *out = NULL;
    *out_len = 0;
    /* One spare byte so that an empty value still has a non-NULL buffer. */
    uint8_t *buf = malloc(text_len / 2 + 1);
    if (buf == NULL)
        return conform_error_set(err, "%s: out of memory", where);
    size_t bad = 0;
    hex_status st = hex_decode(text, text_len, buf, text_len / 2 + 1, out_len, &bad);
    if (st != HEX_OK) {
        char what[160];
        hex_problem(what, sizeof what, text, text_len, st, bad);
        free(buf);
        *out_len = 0;
        return conform_error_set(err, "%s: %s", where, what);
    }
    *out = buf;
    return 0;
}

int ju_hex(const cJSON *obj, const char *path, const char *name, bool required, bool nullable,
           ju_bytes *out, conform_error *err)
{
    const char *s;
    memset(out, 0, sizeof *out);
    int found = string_present(obj, path, name, required, nullable, &s, err);
    if (found <= 0)
        return found;
    char p[JU_PATH_SIZE];
    ju_path_member(p, path, name);
    if (ju_decode_hex_text(s, strlen(s), p, &out->data, &out->len, err) != 0)
        return -1;
    out->present = true;
    return 0;
}

int ju_hex_fixed(const cJSON *obj, const char *path, const char *name, bool required,
                 size_t want, uint8_t *out, bool *present, conform_error *err)
{
    ju_bytes b;
    *present = false;
    if (ju_hex(obj, path, name, required, true, &b, err) != 0)
        return -1;
    if (!b.present) {
        if (required)
            return member_error(err, path, name, "must not be null");
        return 0;
    }
    if (b.len != want) {
        char what[128];
        snprintf(what, sizeof what, "expected %zu bytes (%zu hex digits), got %zu bytes", want,
                 2 * want, b.len);
        ju_bytes_free(&b);
        return member_error(err, path, name, what);
    }
    memcpy(out, b.data, want);
    ju_bytes_free(&b);
    *present = true;
    return 0;
}

int ju_hex32(const cJSON *obj, const char *path, const char *name, bool required,
             bool nullable, ju_key *out, conform_error *err)
{
    const char *s;
    memset(out, 0, sizeof *out);
    int found = string_present(obj, path, name, required, nullable, &s, err);
    if (found <= 0)
        return found;
    return ju_hex_fixed(obj, path, name, true, sizeof out->b, out->b, &out->present, err);
}

int ju_string_array(const cJSON *obj, const char *path, const char *name, bool required,
                    char ***out, size_t *count, conform_error *err)
{
    const cJSON *v;
    *out = NULL;
    *count = 0;
    int found = lookup(obj, path, name, required, &v, err);
    if (found <= 0)
        return found;
    if (!cJSON_IsArray(v))
        return type_error(err, path, name, "an array of strings", v);
    size_t n = (size_t)cJSON_GetArraySize(v);
    char **a = calloc(n + 1, sizeof *a);
    if (a == NULL)
        return member_error(err, path, name, "out of memory");
    size_t i = 0;
    char p[JU_PATH_SIZE];
    ju_path_member(p, path, name);
    for (const cJSON *c = v->child; c != NULL; c = c->next, i++) {
        if (!cJSON_IsString(c) || c->valuestring == NULL) {
            char ip[JU_PATH_SIZE];
            ju_path_index(ip, p, i);
            ju_string_array_free(a, i);
            return type_error(err, ip, NULL, "a string", c);
        }
        a[i] = ju_strdup(c->valuestring);
        if (a[i] == NULL) {
            ju_string_array_free(a, i);
            return member_error(err, path, name, "out of memory");
        }
    }
    *out = a;
    *count = i;
    return 0;
}

void ju_bytes_free(ju_bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void ju_string_array_free(char **a, size_t count)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        free(a[i]);
    free(a);
}

/* Line and column (1-based) of offset pos in data. */
static void line_column(const char *data, size_t len, size_t pos, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < pos && i < len; i++) {
        if (data[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

cJSON *ju_parse(const char *data, size_t len, conform_error *err)
{
    /* cJSON wants the terminating NUL inside the length to refuse trailing
     * garbage, so parse a NUL-terminated copy. */
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        conform_error_set(err, "out of memory");
        return NULL;
    }
    if (len > 0)
        memcpy(copy, data, len);
    copy[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    if (root == NULL) {
        size_t pos = (end != NULL && end >= copy && end <= copy + len) ? (size_t)(end - copy) : 0;
        size_t line, col;
        line_column(copy, len, pos, &line, &col);
        if (len == 0)
            conform_error_set(err, "not valid JSON (empty input)");
        else
            conform_error_set(err, "not valid JSON (line %zu, column %zu)", line, col);
    }
    free(copy);
    return root;
}
