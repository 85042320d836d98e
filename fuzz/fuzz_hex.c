/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_hex.c - the hex decoder the tools use for command-line arguments
 * (tools/common/hex.h), against a model written here.
 *
 * Input: one byte giving the output size (0-255), then the text.
 * Properties: the status is BAD_DIGIT for the first non-hex character (its
 * offset reported), else ODD_LENGTH, else TOO_LONG when the bytes do not
 * fit, else OK; on OK, encoding the bytes gives the text in lower case.
 * The output buffer has exactly the given size, so overruns are caught.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "hex.h"

static bool is_hex_digit(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r;
    size_t out_size, text_len, out_len = 99, bad = 99, first_bad;
    char *text, *encoded;
    uint8_t *out;
    hex_status st, expect;

    fuzz_reader_init(&r, data, size);
    out_size = fuzz_take_u8(&r);
    text_len = fuzz_remaining(&r);
    text = (char *)fuzz_dup(fuzz_rest(&r), text_len);
    out = fuzz_alloc(out_size, 0xee);

    first_bad = text_len;
    for (size_t i = 0; i < text_len; i++) {
        if (!is_hex_digit(text[i])) {
            first_bad = i;
            break;
        }
    }
    if (first_bad < text_len)
        expect = HEX_ERR_BAD_DIGIT;
    else if (text_len % 2 != 0)
        expect = HEX_ERR_ODD_LENGTH;
    else if (text_len / 2 > out_size)
        expect = HEX_ERR_TOO_LONG;
    else
        expect = HEX_OK;

    st = hex_decode(text, text_len, out, out_size, &out_len, &bad);
    fuzz_require(st == expect, "hex status as modelled");
    fuzz_require(hex_strerror(st) != NULL, "every status has a description");
    if (st == HEX_ERR_BAD_DIGIT)
        fuzz_require(bad == first_bad, "offset of the first bad digit");
    if (st != HEX_OK) {
        fuzz_require(out_len == 0, "no length on error");
    } else {
        fuzz_require(out_len == text_len / 2, "decoded length");
        encoded = malloc(2 * out_len + 1);
        fuzz_require(encoded != NULL, "out of memory");
        hex_encode(out, out_len, encoded);
        fuzz_require(strlen(encoded) == text_len, "encoded length");
        for (size_t i = 0; i < text_len; i++)
            fuzz_require(encoded[i] == (char)tolower((unsigned char)text[i]),
                         "decode then encode gives the text in lower case");
        free(encoded);
    }
    /* A NULL bad-index pointer is allowed. */
    fuzz_require(hex_decode(text, text_len, out, out_size, &out_len, NULL) == expect,
                 "same status without bad_index");
    free(out);
    free(text);
    return 0;
}
