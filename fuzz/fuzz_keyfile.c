/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_keyfile.c - the key file parser of the tools (tools/common/keyfile.h,
 * keyfile_parse), on raw file contents.
 *
 * Properties: a file is valid exactly when it is an optional first line
 * ("pssst private key v1" or "pssst public key v1" and "\n" or "\r\n"),
 * then 64 hex digits followed by nothing, "\n" or "\r\n"; without a first
 * line it holds a private key. A valid file is accepted where its kind is
 * wanted, with the digits decoded, and refused as WRONG_KIND where the
 * other kind is. On any refusal the key output is all zero, an error has a
 * description, and a BAD_DIGIT offset points at a byte inside the file
 * that is not a hex digit.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "keyfile.h"

static int digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Length of a first line of kind at the start of text, with its line end; 0 if none. */
static size_t first_line(const char *text, size_t len, pssst_key_kind kind)
{
    const char *line = kind == PSSST_KEY_PRIVATE ? "pssst private key v1" : "pssst public key v1";
    size_t n = strlen(line);
    if (len < n || memcmp(text, line, n) != 0)
        return 0;
    if (len > n && text[n] == '\n')
        return n + 1;
    if (len > n + 1 && text[n] == '\r' && text[n + 1] == '\n')
        return n + 2;
    return 0;
}

/* The model: true, the kind and the key when text is a valid key file. */
static bool model_parse(const char *text, size_t len, pssst_key_kind *kind,
                        uint8_t key[PSSST_KEY_SIZE])
{
    size_t skip = first_line(text, len, PSSST_KEY_PUBLIC);
    *kind = skip != 0 ? PSSST_KEY_PUBLIC : PSSST_KEY_PRIVATE;
    if (skip == 0)
        skip = first_line(text, len, PSSST_KEY_PRIVATE);
    text += skip;
    len -= skip;
    size_t tail = len - KEYFILE_HEX_DIGITS;

    if (len < KEYFILE_HEX_DIGITS || len > KEYFILE_HEX_DIGITS + 2)
        return false;
    for (size_t i = 0; i < PSSST_KEY_SIZE; i++) {
        int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        key[i] = (uint8_t)(hi << 4 | lo);
    }
    text += KEYFILE_HEX_DIGITS;
    return tail == 0 || (tail == 1 && text[0] == '\n') ||
           (tail == 2 && text[0] == '\r' && text[1] == '\n');
}

/* One parse wanting one kind, against the model. */
static void check_parse(const char *text, size_t size, pssst_key_kind want, bool valid,
                        pssst_key_kind kind, const uint8_t expect[PSSST_KEY_SIZE])
{
    static const uint8_t zero[PSSST_KEY_SIZE];
    uint8_t key[PSSST_KEY_SIZE];
    keyfile_detail detail;
    memset(key, 0xaa, sizeof key);
    keyfile_status st = keyfile_parse(size > 0 ? text : NULL, size, want, key, &detail);
    fuzz_require((st == KEYFILE_OK) == (valid && kind == want),
                 "accepted exactly when valid and of the kind wanted");
    fuzz_require(keyfile_strerror(st) != NULL, "every status has a description");
    if (st == KEYFILE_OK) {
        fuzz_require(memcmp(key, expect, sizeof key) == 0, "key is the digits decoded");
    } else {
        fuzz_require(memcmp(key, zero, sizeof key) == 0, "key wiped on refusal");
        fuzz_require((st == KEYFILE_ERR_WRONG_KIND) == valid, "a valid file of the other kind "
                                                               "is WRONG_KIND");
        if (st == KEYFILE_ERR_BAD_DIGIT)
            fuzz_require(detail.offset < size && digit(text[detail.offset]) < 0,
                         "BAD_DIGIT names a non-digit inside the file");
        if (size == 0)
            fuzz_require(st == KEYFILE_ERR_EMPTY, "an empty file is EMPTY");
    }
    /* detail may be NULL. */
    fuzz_require(keyfile_parse(size > 0 ? text : NULL, size, want, key, NULL) == st,
                 "same status without detail");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = (char *)fuzz_dup(data, size);
    uint8_t expect[PSSST_KEY_SIZE];
    pssst_key_kind kind;
    bool valid = model_parse(text, size, &kind, expect);
    check_parse(text, size, PSSST_KEY_PRIVATE, valid, kind, expect);
    check_parse(text, size, PSSST_KEY_PUBLIC, valid, kind, expect);
    free(text);
    return 0;
}
