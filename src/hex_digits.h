/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hex_digits.h - one hex digit to its value and back, in constant time:
 * no branch and no table index depends on the digit (spec 11.5), because
 * the digits often spell a private key. Shared by key_text.c and the
 * tools' hex code (tools/common/hex.c).
 */
#ifndef PSSST_HEX_DIGITS_H
#define PSSST_HEX_DIGITS_H

/*
 * 1 when 0 <= v < limit, else 0, for |v| < 2^30, without a comparison the
 * compiler could turn into a branch: both ~v (v >= 0) and v - limit
 * (v < limit) have their sign bit set only inside the range.
 */
static inline unsigned pssst_in_range(int v, int limit)
{
    return ((unsigned)~v & (unsigned)(v - limit)) >> (sizeof(unsigned) * 8 - 1);
}

/* 1 for a hex digit (either case), else 0; *value is its value (0 when not
 * a digit). */
static inline unsigned pssst_hex_digit_decode(char c, unsigned *value)
{
    int ch = (unsigned char)c;
    int decimal = ch - '0';
    int letter = (ch | 0x20) - 'a'; /* 'A'..'F' and 'a'..'f' both give 0..5 */
    unsigned is_decimal = pssst_in_range(decimal, 10);
    unsigned is_letter = pssst_in_range(letter, 6);
    *value = ((0u - is_decimal) & (unsigned)decimal) | ((0u - is_letter) & (unsigned)(letter + 10));
    return is_decimal | is_letter;
}

/* The lower-case digit of a nibble: '0' + n, plus the gap to 'a' past 9. */
static inline char pssst_hex_digit_encode(unsigned nibble)
{
    unsigned past_nine = pssst_in_range((int)nibble - 10, 6);
    return (char)('0' + nibble + ((0u - past_nine) & ('a' - '0' - 10)));
}

#endif
