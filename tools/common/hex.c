/* SPDX-License-Identifier: Apache-2.0 */
#include "hex.h"
#include "hex_digits.h"

/*
 * The ctgrind build of this file (tools/tests/ctgrind_keyfile.c) marks
 * digits secret; where the digits end is public, and is declared so here.
 */
#ifdef PSSST_CTGRIND
#include <valgrind/memcheck.h>
#define DECLARE_PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED(p, n)
#else
#define DECLARE_PUBLIC(p, n) ((void)(p), (void)(n))
#endif

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

size_t hex_digit_run(const char *text, size_t len)
{
    size_t run = 0;
    unsigned still_digits = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned value;
        still_digits &= pssst_hex_digit_decode(text[i], &value);
        run += still_digits;
    }
    DECLARE_PUBLIC(&run, sizeof run);
    return run;
}

hex_status hex_decode(const char *text, size_t text_len, uint8_t *out, size_t out_size,
                      size_t *out_len, size_t *bad_index)
{
    *out_len = 0;
    if (bad_index != NULL)
        *bad_index = 0;
    size_t digits = hex_digit_run(text, text_len);
    if (digits < text_len) {
        if (bad_index != NULL)
            *bad_index = digits;
        return HEX_ERR_BAD_DIGIT;
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
        unsigned hi, lo;
        (void)pssst_hex_digit_decode(text[2 * i], &hi);
        (void)pssst_hex_digit_decode(text[2 * i + 1], &lo);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *out_len = text_len / 2;
    return HEX_OK;
}

void hex_encode(const uint8_t *bytes, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = pssst_hex_digit_encode(bytes[i] >> 4);
        out[2 * i + 1] = pssst_hex_digit_encode(bytes[i] & 0x0fu);
    }
    out[2 * len] = '\0';
}
