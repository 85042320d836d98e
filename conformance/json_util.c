/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_util.c - typed, path-aware reading of cJSON values (json_util.h):
 * paths, errors, members, strings, numbers, string arrays, parsing.
 */
#include "json_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void json_path_member(char out[JSON_PATH_SIZE], const char *path, const char *name)
{
    if (path[0] == '\0')
        snprintf(out, JSON_PATH_SIZE, "%s", name);
    else
        snprintf(out, JSON_PATH_SIZE, "%.200s.%.50s", path, name);
}

void json_path_index(char out[JSON_PATH_SIZE], const char *path, size_t index)
{
    snprintf(out, JSON_PATH_SIZE, "%.200s[%zu]", path, index);
}

/* "expected a string, got a number": names by cJSON type bit (cJSON.h). */
static const char *type_name(const cJSON *v)
{
    static const char *const names[] = {"a boolean", "a boolean", "null",     "a number",
                                        "a string",  "an array",  "an object"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((v->type & 0xff) == (1 << i))
            return names[i];
    return "an invalid value";
}

int json_member_error(conform_error *err, const char *path, const char *name, const char *what)
{
    char p[JSON_PATH_SIZE];
    if (name != NULL)
        json_path_member(p, path, name);
    else
        snprintf(p, sizeof p, "%s", path);
    return conform_error_set(err, "%s: %s", p[0] != '\0' ? p : "(top level)", what);
}

static int type_error(conform_error *err, const char *path, const char *name,
                      const char *expected, const cJSON *v)
{
    char what[128];
    snprintf(what, sizeof what, "expected %s, got %s", expected, type_name(v));
    return json_member_error(err, path, name, what);
}

int json_require_object(const cJSON *v, const char *path, conform_error *err)
{
    return cJSON_IsObject(v) ? 0 : type_error(err, path, NULL, "an object", v);
}

int json_find_member(const cJSON *obj, const char *path, const char *name, const cJSON **out,
                     conform_error *err)
{
    *out = NULL;
    for (const cJSON *c = obj->child; c != NULL; c = c->next) {
        if (c->string == NULL || strcmp(c->string, name) != 0)
            continue;
        if (*out != NULL)
            return json_member_error(err, path, name, "member appears more than once");
        *out = c;
    }
    return 0;
}

/*
 * Strings of a vector, transcript or report file are one line of text,
 * and they are printed: a control character (an escape sequence, a line
 * break) could clear the terminal or fake a summary line.
 */
static int control_character_error(const char *s, const char *path, const char *name,
                                   conform_error *err)
{
    for (size_t i = 0; s[i] != '\0'; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7f)
            continue;
        char what[96];
        snprintf(what, sizeof what, "holds a control character (0x%02x at byte %zu)", c, i);
        return json_member_error(err, path, name, what);
    }
    return 0;
}

/*
 * The start of every getter: 1 with *v set when the member holds a value
 * of one of the cJSON types in mask, 0 when it is absent (or null and
 * nullable) and not required, -1 with err set otherwise.
 */
static int get(const cJSON *obj, const char *path, const char *name, bool required,
               bool nullable, int mask, const char *expected, const cJSON **v,
               conform_error *err)
{
    if (json_find_member(obj, path, name, v, err) != 0)
        return -1;
    if (*v == NULL && required)
        return json_member_error(err, path, name, "required member is missing");
    if (*v == NULL || (nullable && cJSON_IsNull(*v)))
        return 0;
    if (((*v)->type & mask) == 0)
        return type_error(err, path, name, expected, *v);
    if (cJSON_IsString(*v) && control_character_error((*v)->valuestring, path, name, err) != 0)
        return -1;
    return 1;
}

int json_required_array(const cJSON *obj, const char *path, const char *name, const char *what,
                        const cJSON **out, conform_error *err)
{
    return get(obj, path, name, true, false, cJSON_Array, what, out, err) < 0 ? -1 : 0;
}

int json_string(const cJSON *obj, const char *path, const char *name, bool required,
                bool nullable, const char **out, conform_error *err)
{
    const cJSON *v;
    int found = get(obj, path, name, required, nullable, cJSON_String,
                    nullable ? "a string or null" : "a string", &v, err);
    *out = found > 0 ? v->valuestring : NULL;
    return found < 0 ? -1 : 0;
}

char *string_copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

int json_string_copy(const cJSON *obj, const char *path, const char *name, bool required,
                     bool nullable, char **out, conform_error *err)
{
    const char *s;
    *out = NULL;
    if (json_string(obj, path, name, required, nullable, &s, err) != 0)
        return -1;
    if (s == NULL)
        return 0;
    *out = string_copy(s);
    return *out != NULL ? 0 : json_member_error(err, path, name, "out of memory");
}

int json_integer(const cJSON *obj, const char *path, const char *name, bool required, long min,
                 long max, long *out, bool *present, conform_error *err)
{
    const cJSON *v;
    *out = 0;
    if (present != NULL)
        *present = false;
    int found = get(obj, path, name, required, false, cJSON_Number, "an integer", &v, err);
    if (found <= 0)
        return found;
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d))
        return json_member_error(err, path, name, "expected an integer, got a fraction");
    if (d < (double)min || d > (double)max) {
        char what[128];
        snprintf(what, sizeof what, "integer out of range (%ld to %ld)", min, max);
        return json_member_error(err, path, name, what);
    }
    *out = (long)d;
    if (present != NULL)
        *present = true;
    return 0;
}

int json_boolean(const cJSON *obj, const char *path, const char *name, bool required, bool *out,
                 conform_error *err)
{
    const cJSON *v;
    int found = get(obj, path, name, required, false, cJSON_True | cJSON_False,
                    "true or false", &v, err);
    *out = found > 0 && cJSON_IsTrue(v);
    return found < 0 ? -1 : 0;
}

int json_string_list(const cJSON *obj, const char *path, const char *name, bool required,
                     char ***out, size_t *count, conform_error *err)
{
    const cJSON *v;
    char p[JSON_PATH_SIZE], ip[JSON_PATH_SIZE];
    *out = NULL;
    *count = 0;
    int found = get(obj, path, name, required, false, cJSON_Array, "an array of strings", &v,
                    err);
    if (found <= 0)
        return found;
    char **a = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *a);
    if (a == NULL)
        return json_member_error(err, path, name, "out of memory");
    size_t i = 0;
    json_path_member(p, path, name);
    for (const cJSON *c = v->child; c != NULL; c = c->next, i++) {
        json_path_index(ip, p, i);
        bool text = cJSON_IsString(c);
        if (!text || control_character_error(c->valuestring, ip, NULL, err) != 0) {
            string_list_free(a, i);
            return text ? -1 : type_error(err, ip, NULL, "a string", c);
        }
        a[i] = string_copy(c->valuestring);
        if (a[i] == NULL) {
            string_list_free(a, i);
            return json_member_error(err, path, name, "out of memory");
        }
    }
    *out = a;
    *count = i;
    return 0;
}

void string_list_free(char **a, size_t count)
{
    for (size_t i = 0; a != NULL && i < count; i++)
        free(a[i]);
    free(a);
}

cJSON *json_parse_text(const char *data, size_t len, conform_error *err)
{
    /* cJSON refuses trailing garbage only when the terminating NUL lies
     * inside the length, so parse a NUL-terminated copy. */
    char *copy = malloc(len + 1);
    const char *end = NULL;
    if (copy == NULL) {
        conform_error_set(err, "out of memory");
        return NULL;
    }
    if (len > 0)
        memcpy(copy, data, len);
    copy[len] = '\0';
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    size_t line = 1, col = 1;
    size_t pos = end != NULL && end >= copy && end <= copy + len ? (size_t)(end - copy) : 0;
    for (size_t i = 0; root == NULL && i < pos; i++) {
        line += copy[i] == '\n';
        col = copy[i] == '\n' ? 1 : col + 1;
    }
    if (root == NULL && len == 0)
        conform_error_set(err, "not valid JSON (empty input)");
    else if (root == NULL)
        conform_error_set(err, "not valid JSON (line %zu, column %zu)", line, col);
    free(copy);
    return root;
}
