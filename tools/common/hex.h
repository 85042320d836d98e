/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hex.h - hexadecimal text <-> bytes, shared by the command-line tools, the
 * conformance runner and the fuzz harnesses. Not part of the library API.
 */
#ifndef PSSST_TOOLS_HEX_H
#define PSSST_TOOLS_HEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    HEX_OK = 0,
    HEX_ERR_ODD_LENGTH,   /* an odd number of hex digits */
    HEX_ERR_BAD_DIGIT,    /* a character that is not 0-9, a-f, A-F */
    HEX_ERR_TOO_LONG      /* more bytes than the output can hold */
} hex_status;

/* A short English description of a hex_status. */
const char *hex_strerror(hex_status s);

/*
 * Hex text often holds a private key, so digits are read and written with
 * arithmetic on masks: no branch and no table index depends on a digit's
 * value (tests/ctgrind/ctgrind_hex.c checks this under valgrind).
 */

/*
 * Number of hex digits at the start of text[0..len), i.e. the offset of the
 * first character that is not a hex digit, or len. It reads every character
 * the same way; only its result, where the digits end, is meant to be
 * public.
 */
size_t hex_digit_run(const char *text, size_t len);

/*
 * Decodes text[0..text_len) into out (at most out_size bytes); *out_len is
 * the number of bytes written. Upper and lower case digits are accepted; no
 * prefix, separators or whitespace. On error *bad_index (if not NULL) is the
 * offset of the offending character.
 */
hex_status hex_decode(const char *text, size_t text_len, uint8_t *out, size_t out_size,
                      size_t *out_len, size_t *bad_index);

/*
 * Encodes len bytes as lower-case hex into out, which must hold 2*len+1
 * characters; the result is NUL-terminated.
 */
void hex_encode(const uint8_t *bytes, size_t len, char *out);

#endif
