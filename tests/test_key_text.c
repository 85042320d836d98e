/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rules of the key file text (pssst.h, pssst_key_text_write and
 * pssst_key_text_read): one test per rule.
 */
#include <stdio.h>
#include <string.h>

#include "test.h"

#define KEY PSSST_KEY_SIZE

/* RFC 7748 section 6.1, Alice's private key. */
static const char alice_hex[] = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
static const uint8_t alice[KEY] = {
    0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45,
    0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};

/* Reads text (a C string); returns the status, with kind and offset. */
static pssst_status read_text(const char *text, pssst_key_kind *kind, uint8_t key[KEY],
                              size_t *offset)
{
    return pssst_key_text_read(text, strlen(text), kind, key, offset);
}

static void test_private_key_text_is_header_and_lower_case_digits(void)
{
    char text[PSSST_KEY_TEXT_MAX + 1];
    char want[128];
    size_t len = 0;
    snprintf(want, sizeof want, "pssst private key v1\n%s\n", alice_hex);
    CHECK_STATUS(pssst_key_text_write(PSSST_KEY_PRIVATE, alice, text, sizeof text, &len),
                 PSSST_OK);
    CHECK_SIZE(len, strlen(want));
    CHECK_MEM(text, want, strlen(want));
}

static void test_public_key_text_has_its_own_header(void)
{
    char text[PSSST_KEY_TEXT_MAX];
    size_t len = 0;
    CHECK_STATUS(pssst_key_text_write(PSSST_KEY_PUBLIC, alice, text, sizeof text, &len),
                 PSSST_OK);
    CHECK(len > 20 && memcmp(text, "pssst public key v1\n", 20) == 0);
}

static void test_write_reports_the_size_it_needs(void)
{
    char text[PSSST_KEY_TEXT_MAX];
    size_t len = 0, needed = 0;
    CHECK_STATUS(pssst_key_text_write(PSSST_KEY_PRIVATE, alice, NULL, 0, &needed),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK(needed > 0 && needed <= PSSST_KEY_TEXT_MAX);
    CHECK_STATUS(pssst_key_text_write(PSSST_KEY_PRIVATE, alice, text, needed - 1, &len),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(len, needed);
}

static void test_write_refuses_unknown_kinds_and_overlaps(void)
{
    char text[PSSST_KEY_TEXT_MAX];
    size_t len = 0;
    CHECK_STATUS(pssst_key_text_write((pssst_key_kind)3, alice, text, sizeof text, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    memcpy(text, alice, KEY);
    CHECK_STATUS(pssst_key_text_write(PSSST_KEY_PRIVATE, (const uint8_t *)text, text,
                                      sizeof text, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_key_text_write(PSSST_KEY_PRIVATE, alice, NULL, 10, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
}

static void test_written_text_reads_back_for_both_kinds(void)
{
    for (int k = PSSST_KEY_PRIVATE; k <= PSSST_KEY_PUBLIC; k++) {
        char text[PSSST_KEY_TEXT_MAX];
        size_t len = 0;
        uint8_t key[KEY];
        pssst_key_kind kind = 0;
        CHECK_STATUS(pssst_key_text_write((pssst_key_kind)k, alice, text, sizeof text, &len),
                     PSSST_OK);
        CHECK_STATUS(pssst_key_text_read(text, len, &kind, key, NULL), PSSST_OK);
        CHECK(kind == (pssst_key_kind)k);
        CHECK_MEM(key, alice, KEY);
    }
}

static void test_older_format_reads_as_private_key(void)
{
    char text[80];
    uint8_t key[KEY];
    pssst_key_kind kind = 0;
    static const char *const ends[] = {"", "\n", "\r\n"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(text, sizeof text, "%s%s", alice_hex, ends[i]);
        CHECK_STATUS(read_text(text, &kind, key, NULL), PSSST_OK);
        CHECK(kind == PSSST_KEY_PRIVATE);
        CHECK_MEM(key, alice, KEY);
    }
}

static void test_upper_case_digits_and_crlf_are_read(void)
{
    char text[128];
    uint8_t key[KEY];
    pssst_key_kind kind = 0;
    snprintf(text, sizeof text, "pssst public key v1\r\n%s", alice_hex);
    for (char *p = text + 21; *p != '\0'; p++)
        *p = (*p >= 'a' && *p <= 'f') ? (char)(*p - 'a' + 'A') : *p;
    CHECK_STATUS(read_text(text, &kind, key, NULL), PSSST_OK);
    CHECK(kind == PSSST_KEY_PUBLIC);
    CHECK_MEM(key, alice, KEY);
}

/* A refused text: MALFORMED at the offset given, with the key wiped. */
static void check_refused(const char *text, size_t want_offset)
{
    uint8_t key[KEY];
    size_t offset = 12345;
    pssst_key_kind kind = 0;
    memset(key, 0xa5, KEY);
    test_context("text \"%.40s...\"", text);
    CHECK_STATUS(read_text(text, &kind, key, &offset), PSSST_ERR_MALFORMED);
    CHECK_SIZE(offset, want_offset);
    CHECK_ZERO(key, KEY);
}

static void test_malformed_text_says_where_it_fails(void)
{
    char text[160];
    check_refused("", 0);
    check_refused("77076d0a", 8); /* ends early */
    snprintf(text, sizeof text, "%.40sx%s", alice_hex, alice_hex + 41);
    check_refused(text, 40); /* a byte that is no digit */
    snprintf(text, sizeof text, "%s0\n", alice_hex);
    check_refused(text, 64); /* a 65th digit */
    snprintf(text, sizeof text, "%s\n\n", alice_hex);
    check_refused(text, 65); /* a second line */
    snprintf(text, sizeof text, "pssst private key v2\n%s\n", alice_hex);
    check_refused(text, 19); /* another version */
    snprintf(text, sizeof text, "pssst private key v1%s\n", alice_hex);
    check_refused(text, 20); /* no line end after the first line */
    snprintf(text, sizeof text, "pssst private key v1\n%.63s\n", alice_hex);
    check_refused(text, 21 + 63); /* 63 digits */
}

static void test_read_refuses_missing_and_overlapping_arguments(void)
{
    char text[80];
    uint8_t key[KEY];
    pssst_key_kind kind;
    snprintf(text, sizeof text, "%s\n", alice_hex);
    CHECK_STATUS(pssst_key_text_read(text, strlen(text), NULL, key, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_key_text_read(NULL, 5, &kind, key, NULL), PSSST_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(pssst_key_text_read(text, strlen(text), &kind, (uint8_t *)text + 8, NULL),
                 PSSST_ERR_INVALID_ARGUMENT);
}

static const test_case tests[] = {
    TEST_CASE(test_private_key_text_is_header_and_lower_case_digits),
    TEST_CASE(test_public_key_text_has_its_own_header),
    TEST_CASE(test_write_reports_the_size_it_needs),
    TEST_CASE(test_write_refuses_unknown_kinds_and_overlaps),
    TEST_CASE(test_written_text_reads_back_for_both_kinds),
    TEST_CASE(test_older_format_reads_as_private_key),
    TEST_CASE(test_upper_case_digits_and_crlf_are_read),
    TEST_CASE(test_malformed_text_says_where_it_fails),
    TEST_CASE(test_read_refuses_missing_and_overlapping_arguments),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, TEST_COUNT(tests));
}
