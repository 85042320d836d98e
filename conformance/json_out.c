/* SPDX-License-Identifier: Apache-2.0 */
#include "json_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

bool json_add_hex(cJSON *obj, const char *key, const uint8_t *b, size_t len)
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

int json_write_file(const char *path, const cJSON *root, conform_error *err)
{
    char *text = root != NULL ? cJSON_Print(root) : NULL;
    if (text == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        int e = errno;
        cJSON_free(text);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(e));
    }
    bool bad = fputs(text, fp) < 0 || fputc('\n', fp) == EOF;
    bad |= fclose(fp) != 0;
    cJSON_free(text);
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
