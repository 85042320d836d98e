/* SPDX-License-Identifier: Apache-2.0 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pssst.h>

void fuzz_require(bool cond, const char *what)
{
    if (cond)
        return;
    fprintf(stderr, "fuzz property violated: %s\n", what);
    abort();
}

void fuzz_require_status(int got, int expected, const char *what)
{
    if (got == expected)
        return;
    fprintf(stderr, "fuzz property violated: %s: got %s, expected %s\n", what,
            pssst_status_name((pssst_status)got), pssst_status_name((pssst_status)expected));
    abort();
}

void fuzz_reader_init(fuzz_reader *r, const uint8_t *data, size_t size)
{
    r->data = data;
    r->size = size;
    r->pos = 0;
}

size_t fuzz_remaining(const fuzz_reader *r)
{
    return r->size - r->pos;
}

const uint8_t *fuzz_rest(const fuzz_reader *r)
{
    return r->data + r->pos;
}

uint8_t fuzz_take_u8(fuzz_reader *r)
{
    if (fuzz_remaining(r) == 0)
        return 0;
    return r->data[r->pos++];
}

uint16_t fuzz_take_u16(fuzz_reader *r)
{
    uint16_t hi = fuzz_take_u8(r);
    return (uint16_t)(hi << 8 | fuzz_take_u8(r));
}

void fuzz_take_bytes(fuzz_reader *r, uint8_t *out, size_t n)
{
    size_t avail = fuzz_remaining(r);
    size_t copy = n < avail ? n : avail;

    if (copy > 0)
        memcpy(out, r->data + r->pos, copy);
    memset(out + copy, 0, n - copy);
    r->pos += copy;
}

uint8_t *fuzz_alloc(size_t len, uint8_t fill)
{
    uint8_t *p = malloc(len > 0 ? len : 1);

    fuzz_require(p != NULL, "out of memory");
    memset(p, fill, len > 0 ? len : 1);
    return p;
}

uint8_t *fuzz_dup(const uint8_t *data, size_t len)
{
    uint8_t *p = fuzz_alloc(len, 0);

    if (len > 0)
        memcpy(p, data, len);
    return p;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

void fuzz_key_from_hex(uint8_t out[32], const char *hex64)
{
    fuzz_require(strlen(hex64) == 64, "fixed key is 64 hex digits");
    for (size_t i = 0; i < 32; i++) {
        int hi = hex_value(hex64[2 * i]);
        int lo = hex_value(hex64[2 * i + 1]);
        fuzz_require(hi >= 0 && lo >= 0, "fixed key is lower-case hex");
        out[i] = (uint8_t)(hi << 4 | lo);
    }
}
