/* SPDX-License-Identifier: Apache-2.0 */
#include "hex.h"

static const char hex_digits[] = "0123456789abcdef";

const char *hex_strerror(hex_status s)
{
    switch (s) {
    case HEX_OK:
        return "valid hex";
    case HEX_ERR_ODD_LENGTH:
        return "odd number of hex digits";
    case HEX_ERR_BAD_DIGIT:
        return "character that is not a hex digit";
    case HEX_ERR_TOO_LONG:
        return "more bytes than expected";
    }
    return "unknown hex error";
}

/* Value of one hex digit, or -1. */
static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

hex_status hex_decode(const char *text, size_t text_len, uint8_t *out, size_t out_size,
                      size_t *out_len, size_t *bad_index)
{
    *out_len = 0;
    if (bad_index != NULL)
        *bad_index = 0;
    for (size_t i = 0; i < text_len; i++) {
        if (digit_value(text[i]) < 0) {
            if (bad_index != NULL)
                *bad_index = i;
            return HEX_ERR_BAD_DIGIT;
        }
    }
    if (text_len % 2 != 0) {
        if (bad_index != NULL)
            *bad_index = text_len;
        return HEX_ERR_ODD_LENGTH;
    }
    if (text_len / 2 > out_size) {
        if (bad_index != NULL)
            *bad_index = out_size * 2;
        return HEX_ERR_TOO_LONG;
    }
    for (size_t i = 0; i < text_len / 2; i++) {
        int hi = digit_value(text[2 * i]);
        int lo = digit_value(text[2 * i + 1]);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *out_len = text_len / 2;
    return HEX_OK;
}

void hex_encode(const uint8_t *bytes, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = hex_digits[bytes[i] >> 4];
        out[2 * i + 1] = hex_digits[bytes[i] & 0x0f];
    }
    out[2 * len] = '\0';
}
