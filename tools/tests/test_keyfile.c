/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rules of the key file format (tools/common/keyfile.h), checked on the
 * in-memory parser: one test per rule. The older format (64 digits alone)
 * is read as a private key; a file with a first line says its kind.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "keyfile.h"

/* RFC 7748 section 6.1, Alice's private key, as a key file would hold it. */
static const char rfc_key_hex[] =
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
static const uint8_t rfc_key[PSSST_KEY_SIZE] = {
    0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45,
    0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};

static int failures;

static void expect(bool ok, const char *rule)
{
    printf("%s: %s\n", ok ? "ok  " : "FAIL", rule);
    if (!ok)
        failures++;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* Parses text (a C string plus an optional suffix) and returns the status. */
static keyfile_status parse_with(const char *suffix, uint8_t key[PSSST_KEY_SIZE],
                                 keyfile_detail *d)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s%s", rfc_key_hex, suffix);
    return keyfile_parse(buf, (size_t)n, PSSST_KEY_PRIVATE, key, d);
}

static void test_key_with_newline_is_read(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_status s = parse_with("\n", key, NULL);
    expect(s == KEYFILE_OK && memcmp(key, rfc_key, sizeof key) == 0,
           "64 hex digits and a newline give the key");
}

static void test_key_without_newline_is_read(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_status s = parse_with("", key, NULL);
    expect(s == KEYFILE_OK && memcmp(key, rfc_key, sizeof key) == 0,
           "64 hex digits without a newline give the key");
}

static void test_crlf_line_ending_is_read(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    expect(parse_with("\r\n", key, NULL) == KEYFILE_OK, "a CRLF line ending is accepted");
}

static void test_upper_case_digits_are_read(void)
{
    char buf[KEYFILE_HEX_DIGITS + 1];
    for (size_t i = 0; i < KEYFILE_HEX_DIGITS; i++)
        buf[i] = (rfc_key_hex[i] >= 'a') ? (char)(rfc_key_hex[i] - 'a' + 'A') : rfc_key_hex[i];
    buf[KEYFILE_HEX_DIGITS] = '\n';
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_status s = keyfile_parse(buf, sizeof buf, PSSST_KEY_PRIVATE, key, NULL);
    expect(s == KEYFILE_OK && memcmp(key, rfc_key, sizeof key) == 0,
           "upper-case hex digits are accepted");
}

static void test_empty_contents_are_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    expect(keyfile_parse("", 0, PSSST_KEY_PRIVATE, key, NULL) == KEYFILE_ERR_EMPTY, "an empty file is refused");
    expect(keyfile_parse(NULL, 0, PSSST_KEY_PRIVATE, key, NULL) == KEYFILE_ERR_EMPTY,
           "no contents at all (NULL, 0) are an empty file");
}

static void test_short_key_is_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_detail d;
    keyfile_status s = keyfile_parse(rfc_key_hex, 62, PSSST_KEY_PRIVATE, key, &d);
    expect(s == KEYFILE_ERR_TOO_SHORT && d.offset == 62, "62 hex digits are too short");
    s = keyfile_parse("\n", 1, PSSST_KEY_PRIVATE, key, &d);
    expect(s == KEYFILE_ERR_TOO_SHORT && d.offset == 0, "a lone newline is too short");
}

static void test_odd_digit_count_is_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    expect(keyfile_parse(rfc_key_hex, 63, PSSST_KEY_PRIVATE, key, NULL) == KEYFILE_ERR_TOO_SHORT,
           "63 hex digits are refused");
}

static void test_long_key_is_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_detail d;
    keyfile_status s = parse_with("00\n", key, &d);
    expect(s == KEYFILE_ERR_TOO_LONG && d.offset == 64, "66 hex digits are too long, from the 65th");
}

static void test_second_line_is_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    expect(parse_with("\n\n", key, NULL) == KEYFILE_ERR_TOO_LONG, "an empty second line is refused");
    expect(parse_with("\nx", key, NULL) == KEYFILE_ERR_TOO_LONG, "text after the newline is refused");
    expect(parse_with("\r", key, NULL) == KEYFILE_ERR_TOO_LONG, "a lone CR is refused");
}

static void test_non_hex_character_is_refused(void)
{
    char buf[KEYFILE_HEX_DIGITS + 1];
    memcpy(buf, rfc_key_hex, KEYFILE_HEX_DIGITS);
    buf[KEYFILE_HEX_DIGITS] = '\n';
    buf[10] = 'g';
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_detail d;
    keyfile_status s = keyfile_parse(buf, sizeof buf, PSSST_KEY_PRIVATE, key, &d);
    expect(s == KEYFILE_ERR_BAD_DIGIT && d.offset == 10, "a non-hex character is refused at its offset");
    buf[10] = ' ';
    expect(keyfile_parse(buf, sizeof buf, PSSST_KEY_PRIVATE, key, NULL) == KEYFILE_ERR_BAD_DIGIT, "a blank is refused");
    buf[10] = '\0';
    expect(keyfile_parse(buf, sizeof buf, PSSST_KEY_PRIVATE, key, NULL) == KEYFILE_ERR_BAD_DIGIT,
           "a NUL byte is refused");
}

static void test_leading_blank_is_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    char buf[80];
    int n = snprintf(buf, sizeof buf, " %s\n", rfc_key_hex);
    keyfile_detail d;
    keyfile_status s = keyfile_parse(buf, (size_t)n, PSSST_KEY_PRIVATE, key, &d);
    expect(s == KEYFILE_ERR_BAD_DIGIT && d.offset == 0, "a leading blank is refused");
}

static void test_failure_wipes_key(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    memset(key, 0xa5, sizeof key);
    (void)parse_with("zz", key, NULL);
    expect(all_zero(key, sizeof key), "a refused file leaves the output key wiped");
}

static void test_null_key_is_invalid_argument(void)
{
    expect(keyfile_parse(rfc_key_hex, KEYFILE_HEX_DIGITS, PSSST_KEY_PRIVATE, NULL, NULL) ==
               KEYFILE_ERR_INVALID_ARGUMENT,
           "a NULL output key is an invalid argument");
}

/* The first line of a key file of the given kind, and the RFC key. */
static keyfile_status parse_key_file(const char *first_line, const char *end,
                                     pssst_key_kind want, uint8_t key[PSSST_KEY_SIZE],
                                     keyfile_detail *d)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s\n%s%s", first_line, rfc_key_hex, end);
    return keyfile_parse(buf, (size_t)n, want, key, d);
}

static void test_key_file_with_first_line_is_read(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_status s = parse_key_file("pssst private key v1", "\n", PSSST_KEY_PRIVATE, key, NULL);
    expect(s == KEYFILE_OK && memcmp(key, rfc_key, sizeof key) == 0,
           "a private key file with its first line gives the key");
    s = parse_key_file("pssst public key v1", "", PSSST_KEY_PUBLIC, key, NULL);
    expect(s == KEYFILE_OK && memcmp(key, rfc_key, sizeof key) == 0,
           "a public key file is read where a public key is wanted");
}

static void test_public_key_file_is_refused_as_private_key(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_detail d;
    keyfile_status s = parse_key_file("pssst public key v1", "\n", PSSST_KEY_PRIVATE, key, &d);
    expect(s == KEYFILE_ERR_WRONG_KIND && d.found == PSSST_KEY_PUBLIC && all_zero(key, sizeof key),
           "a public key file where a private key is wanted is refused, key wiped");
    expect(keyfile_parse(rfc_key_hex, KEYFILE_HEX_DIGITS, PSSST_KEY_PUBLIC, key, &d) ==
               KEYFILE_ERR_WRONG_KIND && d.found == PSSST_KEY_PRIVATE,
           "the older format is a private key: refused where a public key is wanted");
}

static void test_unknown_first_line_is_refused(void)
{
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_detail d;
    keyfile_status s = parse_key_file("pssst private key v2", "\n", PSSST_KEY_PRIVATE, key, &d);
    expect(s == KEYFILE_ERR_BAD_HEADER && d.offset == 19,
           "another version's first line is refused where it differs");
}

int main(void)
{
    test_key_with_newline_is_read();
    test_key_without_newline_is_read();
    test_crlf_line_ending_is_read();
    test_upper_case_digits_are_read();
    test_empty_contents_are_refused();
    test_short_key_is_refused();
    test_odd_digit_count_is_refused();
    test_long_key_is_refused();
    test_second_line_is_refused();
    test_non_hex_character_is_refused();
    test_leading_blank_is_refused();
    test_failure_wipes_key();
    test_null_key_is_invalid_argument();
    test_key_file_with_first_line_is_read();
    test_public_key_file_is_refused_as_private_key();
    test_unknown_first_line_is_refused();
    printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
