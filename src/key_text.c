/* SPDX-License-Identifier: Apache-2.0 */
/*
 * key_text.c - the text of a key file (pssst.h, pssst_key_text_write):
 *
 *     pssst private key v1
 *     77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a
 *
 * The first line says what the key is, so that a public key file given
 * where a private key belongs is refused, and gives the format a version.
 * Files written before the first line existed (64 hex digits and a line
 * end) are read as private keys.
 *
 * The digits of a private key are secret: they are read and written with
 * hex_digits.h, and whether they are all hex digits is learnt through
 * pssst_is_all_zero, the declassification point tests/ctgrind knows. Only
 * a text already refused is looked at byte by byte, to say where it fails.
 */
#include <string.h>

#include "crypto.h"
#include "hex_digits.h"
#include "packet.h"
#include "pssst.h"

#define KEY_DIGITS (2 * PSSST_KEY_SIZE)

static const char *const key_headers[] = {
    [PSSST_KEY_PRIVATE] = "pssst private key v1",
    [PSSST_KEY_PUBLIC] = "pssst public key v1",
};

static bool known_kind(pssst_key_kind kind)
{
    return kind == PSSST_KEY_PRIVATE || kind == PSSST_KEY_PUBLIC;
}

pssst_status pssst_key_text_write(pssst_key_kind kind, const uint8_t key[PSSST_KEY_SIZE],
                                  char *text, size_t text_size, size_t *text_len)
{
    if (!known_kind(kind) || key == NULL || text_len == NULL || (text == NULL && text_size != 0))
        return PSSST_ERR_INVALID_ARGUMENT;
    if (!pssst_disjoint(text, text_size, key, PSSST_KEY_SIZE) ||
        !pssst_disjoint(text, text_size, text_len, sizeof *text_len) ||
        !pssst_disjoint(key, PSSST_KEY_SIZE, text_len, sizeof *text_len))
        return PSSST_ERR_INVALID_ARGUMENT;
    size_t header_len = strlen(key_headers[kind]);
    size_t needed = header_len + 1 + KEY_DIGITS + 1;
    *text_len = needed;
    if (text_size < needed)
        return PSSST_ERR_BUFFER_TOO_SMALL;
    memcpy(text, key_headers[kind], header_len);
    char *digits = text + header_len + 1;
    text[header_len] = '\n';
    for (size_t i = 0; i < PSSST_KEY_SIZE; i++) {
        digits[2 * i] = pssst_hex_digit_encode(key[i] >> 4);
        digits[2 * i + 1] = pssst_hex_digit_encode(key[i] & 0x0fu);
    }
    digits[KEY_DIGITS] = '\n';
    return PSSST_OK;
}

/* Length of the line end at text[pos..len): "\n" 1, "\r\n" 2, none 0. */
static size_t line_end_at(const char *text, size_t len, size_t pos)
{
    if (pos < len && text[pos] == '\n')
        return 1;
    if (pos + 1 < len && text[pos] == '\r' && text[pos + 1] == '\n')
        return 2;
    return 0;
}

/* Where the parts of a key text lie. */
typedef struct {
    pssst_key_kind kind; /* 0: no first line (the older format, or no key text) */
    size_t digits_at;    /* offset of the first digit */
    bool no_line_end;    /* a first line without its line end */
} key_layout;

/*
 * Finds the first line, if any. Compared in constant time: in the older
 * format the first bytes are digits of the key.
 */
static key_layout layout_of(const char *text, size_t len)
{
    for (int kind = PSSST_KEY_PRIVATE; kind <= PSSST_KEY_PUBLIC; kind++) {
        size_t n = strlen(key_headers[kind]);
        if (len < n || pssst_ct_compare((const uint8_t *)text,
                                        (const uint8_t *)key_headers[kind], n) != 0)
            continue;
        size_t end = line_end_at(text, len, n);
        return (key_layout){(pssst_key_kind)kind, n + end, end == 0};
    }
    return (key_layout){(pssst_key_kind)0, 0, false};
}

/* Decodes KEY_DIGITS digits; nonzero when any of them is no hex digit. */
static uint8_t decode_digits(const char *digits, uint8_t key[PSSST_KEY_SIZE])
{
    unsigned all_digits = 1;
    for (size_t i = 0; i < PSSST_KEY_SIZE; i++) {
        unsigned hi, lo;
        all_digits &= pssst_hex_digit_decode(digits[2 * i], &hi);
        all_digits &= pssst_hex_digit_decode(digits[2 * i + 1], &lo);
        key[i] = (uint8_t)(hi << 4 | lo);
    }
    return (uint8_t)(all_digits ^ 1u);
}

/* Length of the first line that text shares with a first line of the format. */
static size_t header_prefix(const char *text, size_t len)
{
    size_t best = 0;
    for (int kind = PSSST_KEY_PRIVATE; kind <= PSSST_KEY_PUBLIC; kind++) {
        size_t i = 0;
        while (i < len && key_headers[kind][i] != '\0' && text[i] == key_headers[kind][i])
            i++;
        best = i > best ? i : best;
    }
    return best;
}

/*
 * Where a refused text stops fitting the format: after the first line it
 * almost has, or at the first byte of the key line that is no digit, or
 * at what follows the digits.
 */
static size_t first_misfit(const char *text, size_t len, const key_layout *at)
{
    if (at->no_line_end)
        return at->digits_at;
    if (at->kind == 0 && len > 0 && text[0] == key_headers[PSSST_KEY_PRIVATE][0])
        return header_prefix(text, len);
    size_t i = at->digits_at;
    for (unsigned value; i < len && i < at->digits_at + KEY_DIGITS; i++)
        if (!pssst_hex_digit_decode(text[i], &value))
            return i;
    return i < len ? i + line_end_at(text, len, i) : len;
}

pssst_status pssst_key_text_read(const char *text, size_t text_len, pssst_key_kind *kind,
                                 uint8_t key[PSSST_KEY_SIZE], size_t *error_offset)
{
    size_t ignored;
    if (error_offset == NULL)
        error_offset = &ignored;
    if (kind == NULL || key == NULL || (text == NULL && text_len != 0) ||
        !pssst_disjoint(key, PSSST_KEY_SIZE, text, text_len) ||
        !pssst_disjoint(key, PSSST_KEY_SIZE, kind, sizeof *kind) ||
        !pssst_disjoint(key, PSSST_KEY_SIZE, error_offset, sizeof *error_offset))
        return PSSST_ERR_INVALID_ARGUMENT;
    *error_offset = 0;
    pssst_wipe(key, PSSST_KEY_SIZE);
    key_layout at = layout_of(text, text_len);
    bool fits = !at.no_line_end && text_len - at.digits_at >= KEY_DIGITS;
    uint8_t misfit = fits ? decode_digits(text + at.digits_at, key) : 1;
    if (pssst_is_all_zero(&misfit, 1)) {
        size_t tail = at.digits_at + KEY_DIGITS;
        /* After the digits: nothing, or one line end. */
        if (tail + line_end_at(text, text_len, tail) == text_len) {
            /* No first line: the older format, which held private keys only. */
            *kind = at.kind != 0 ? at.kind : PSSST_KEY_PRIVATE;
            return PSSST_OK;
        }
    }
    pssst_wipe(key, PSSST_KEY_SIZE);
    *error_offset = first_misfit(text, text_len, &at);
    return PSSST_ERR_MALFORMED;
}
