/* SPDX-License-Identifier: Apache-2.0 */
#include "json_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

void jo_add_str(cJSON *obj, const char *key, const char *value, bool *ok)
{
    cJSON *v = value != NULL ? cJSON_CreateString(value) : cJSON_CreateNull();
    if (v == NULL || !cJSON_AddItemToObject(obj, key, v)) {
        cJSON_Delete(v);
        *ok = false;
    }
}

void jo_add_num(cJSON *obj, const char *key, double value, bool *ok)
{
    if (cJSON_AddNumberToObject(obj, key, value) == NULL)
        *ok = false;
}

void jo_add_bool(cJSON *obj, const char *key, bool value, bool *ok)
{
    if (cJSON_AddBoolToObject(obj, key, value) == NULL)
        *ok = false;
}

cJSON *jo_add_child(cJSON *obj, const char *key, cJSON *child, bool *ok)
{
    if (child == NULL || !cJSON_AddItemToObject(obj, key, child)) {
        cJSON_Delete(child);
        *ok = false;
        return NULL;
    }
    return child;
}

void jo_append(cJSON *array, cJSON *item, bool *ok)
{
    if (item == NULL || !cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        *ok = false;
    }
}

cJSON *jo_string_array(char *const *items, size_t n, bool *ok)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < n; i++)
        jo_append(a, cJSON_CreateString(items[i]), ok);
    if (a == NULL)
        *ok = false;
    return a;
}

bool jo_add_hex(cJSON *obj, const char *key, const uint8_t *b, size_t len)
{
    if (b == NULL)
        return cJSON_AddNullToObject(obj, key) != NULL;
    char *text = malloc(2 * len + 1);
    if (text == NULL)
        return false;
    hex_encode(b, len, text);
    bool ok = cJSON_AddStringToObject(obj, key, text) != NULL;
    free(text);
    return ok;
}

int jo_write_file(const char *path, const cJSON *root, conform_error *err)
{
    char *text = cJSON_Print(root);
    if (text == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        cJSON_free(text);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    }
    bool bad = fputs(text, fp) < 0 || fputc('\n', fp) == EOF;
    bad |= fclose(fp) != 0;
    cJSON_free(text);
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
