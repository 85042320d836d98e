/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctgrind_keyfile.c - the tools' key text is handled in constant time
 * (spec 11.5), checked under valgrind's memcheck as tests/ctgrind does
 * for the library.
 *
 * Every byte of a private key, and every hex digit that spells one, is
 * marked undefined. pssst_key_text_write and hex_encode (keygen writing a
 * key file, old and new format), keyfile_parse over pssst_key_text_read
 * (pubkey, echo-server reading one) and hex_decode (keys given as hex
 * elsewhere) must then neither branch on nor index memory with a secret
 * digit; memcheck reports either as "Conditional jump or move depends on
 * uninitialised value(s)" or "Use of uninitialised value".
 *
 * What is public is declared so: whether a text holds a key file's first
 * line and whether all its digits are digits (the library learns both
 * through pssst_ct_compare and pssst_is_all_zero, wrapped at link time by
 * tests/ctgrind/declassify.c), and where the digits of a hex text end
 * (hex.c is compiled here with PSSST_CTGRIND, which declares the result of
 * hex_digit_run defined). The code that computes each runs on undefined
 * digits and is checked like the rest.
 *
 * Exit status: 0 when every key came back as written; valgrind's
 * --error-exitcode decides about secret-dependent branches.
 */
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "hex.h"
#include "keyfile.h"

#define KEY PSSST_KEY_SIZE
#define DIGITS (2 * KEY)

/* Keys that reach every digit value in both nibbles. */
static const uint8_t keys[][KEY] = {
    {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
     0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0},
    {0},
    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
};

static int failures;

static void expect(int ok, const char *what, size_t key_index)
{
    if (!ok) {
        fprintf(stderr, "ctgrind_keyfile: key %zu: %s\n", key_index, what);
        failures++;
    }
}

/* Compares once the comparison itself is no longer under test. */
static int same(const uint8_t *a, const uint8_t *b, size_t len)
{
    VALGRIND_MAKE_MEM_DEFINED(a, len);
    VALGRIND_MAKE_MEM_DEFINED(b, len);
    return memcmp(a, b, len) == 0;
}

/* keygen: a secret key becomes secret digits, in the older format. */
static size_t encode_old_format(const uint8_t key[KEY], char text[PSSST_KEY_TEXT_MAX])
{
    uint8_t secret[KEY];
    memcpy(secret, key, KEY);
    VALGRIND_MAKE_MEM_UNDEFINED(secret, KEY);
    hex_encode(secret, KEY, text);
    text[DIGITS] = '\n';
    return DIGITS + 1;
}

/* keygen: a secret key becomes a key file with its first line. */
static size_t encode_key_file(const uint8_t key[KEY], char text[PSSST_KEY_TEXT_MAX], size_t i)
{
    uint8_t secret[KEY];
    size_t len = 0;
    memcpy(secret, key, KEY);
    VALGRIND_MAKE_MEM_UNDEFINED(secret, KEY);
    pssst_status st = pssst_key_text_write(PSSST_KEY_PRIVATE, secret, text, PSSST_KEY_TEXT_MAX,
                                           &len);
    VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
    VALGRIND_MAKE_MEM_DEFINED(&len, sizeof len);
    expect(st == PSSST_OK, "pssst_key_text_write refused a key", i);
    return len;
}

/* pubkey, echo-server: a key file's secret digits become a key. */
static void parse_key_file(const uint8_t key[KEY], const char *text, size_t len, size_t i)
{
    uint8_t parsed[KEY];
    keyfile_detail detail;
    keyfile_status st = keyfile_parse(text, len, PSSST_KEY_PRIVATE, parsed, &detail);
    VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
    expect(st == KEYFILE_OK, "keyfile_parse refused the key file it was given", i);
    expect(same(parsed, key, KEY), "keyfile_parse gave another key", i);
}

/* explain and the tests: upper-case secret digits through hex_decode. */
static void decode_upper_case(const uint8_t key[KEY], const char *text, size_t i)
{
    char upper[DIGITS];
    uint8_t decoded[KEY];
    size_t decoded_len = 0;
    VALGRIND_MAKE_MEM_DEFINED(text, DIGITS);
    for (size_t k = 0; k < DIGITS; k++)
        upper[k] = (text[k] >= 'a' && text[k] <= 'f') ? (char)(text[k] - 'a' + 'A') : text[k];
    VALGRIND_MAKE_MEM_UNDEFINED(upper, DIGITS);
    hex_status st = hex_decode(upper, DIGITS, decoded, KEY, &decoded_len, NULL);
    VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
    expect(st == HEX_OK && decoded_len == KEY, "hex_decode refused upper-case digits", i);
    expect(same(decoded, key, KEY), "hex_decode gave another key", i);
}

int main(void)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char text[PSSST_KEY_TEXT_MAX];
        size_t len = encode_key_file(keys[i], text, i);
        parse_key_file(keys[i], text, len, i);
        len = encode_old_format(keys[i], text);
        parse_key_file(keys[i], text, len, i);
        decode_upper_case(keys[i], text, i);
    }
    if (failures == 0)
        printf("ctgrind_keyfile: %zu keys written, parsed and decoded in both formats\n",
               sizeof keys / sizeof keys[0]);
    return failures == 0 ? 0 : 1;
}
