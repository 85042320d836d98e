/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_hex.c - hex in JSON members and in text from outside JSON
 * (json_util.h), decoded with messages that say where and why.
 */
#include "json_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

int hex_text_decode(const char *text, size_t text_len, const char *where, uint8_t **out,
                    size_t *out_len, conform_error *err)
{
    /* One spare byte so that an empty value still has a non-NULL buffer. */
    uint8_t *buf = malloc(text_len / 2 + 1);
    size_t bad = 0;
    *out = NULL;
    *out_len = 0;
    if (buf == NULL)
        return conform_error_set(err, "%s: out of memory", where);
    hex_status st = hex_decode(text, text_len, buf, text_len / 2 + 1, out_len, &bad);
    if (st == HEX_OK) {
        *out = buf;
        return 0;
    }
    free(buf);
    *out_len = 0;
    unsigned char c = bad < text_len ? (unsigned char)text[bad] : 0;
    if (st == HEX_ERR_BAD_DIGIT && c >= 0x20 && c < 0x7f)
        return conform_error_set(err, "%s: not valid hex (character %zu, '%c', is not a hex digit)",
                                 where, bad + 1, c);
    if (st == HEX_ERR_BAD_DIGIT && bad < text_len)
        return conform_error_set(
            err, "%s: not valid hex (character %zu, byte 0x%02x, is not a hex digit)", where,
            bad + 1, c);
    if (st == HEX_ERR_ODD_LENGTH)
        return conform_error_set(err, "%s: not valid hex (odd number of digits: %zu)", where,
                                 text_len);
    return conform_error_set(err, "%s: not valid hex (%s)", where, hex_strerror(st));
}

int json_hex(const cJSON *obj, const char *path, const char *name, bool required, bool nullable,
             vec_bytes *out, conform_error *err)
{
    const char *s;
    char p[JSON_PATH_SIZE];
    memset(out, 0, sizeof *out);
    if (json_string(obj, path, name, required, nullable, &s, err) != 0)
        return -1;
    if (s == NULL)
        return 0;
    json_path_member(p, path, name);
    if (hex_text_decode(s, strlen(s), p, &out->data, &out->len, err) != 0)
        return -1;
    out->present = true;
    return 0;
}

int json_hex_fixed(const cJSON *obj, const char *path, const char *name, bool required,
                   bool nullable, size_t want, uint8_t *out, bool *present, conform_error *err)
{
    vec_bytes b;
    *present = false;
    if (json_hex(obj, path, name, required, nullable, &b, err) != 0)
        return -1;
    if (!b.present)
        return 0;
    if (b.len != want) {
        char what[128];
        snprintf(what, sizeof what, "expected %zu bytes (%zu hex digits), got %zu bytes", want,
                 2 * want, b.len);
        vec_bytes_free(&b);
        return json_member_error(err, path, name, what);
    }
    memcpy(out, b.data, want);
    vec_bytes_free(&b);
    *present = true;
    return 0;
}

int json_key(const cJSON *obj, const char *path, const char *name, bool required,
             bool nullable, vec_key *out, conform_error *err)
{
    memset(out, 0, sizeof *out);
    return json_hex_fixed(obj, path, name, required, nullable, sizeof out->b, out->b,
                          &out->present, err);
}

void vec_bytes_free(vec_bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
