/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_keyfile.c - the key file parser of the tools (tools/common/keyfile.h,
 * keyfile_parse), on raw file contents.
 *
 * Properties: a file is accepted exactly when it is 64 hex digits followed
 * by nothing, "\n" or "\r\n"; then the key is those digits decoded. On any
 * refusal the key output is all zero, an error has a description, and a
 * BAD_DIGIT offset points at a byte inside the file that is not a hex digit.
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

/* The model: true and the key when text is a valid key file. */
static bool model_parse(const char *text, size_t len, uint8_t key[PSSST_KEY_SIZE])
{
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t zero[PSSST_KEY_SIZE];
    char *text = (char *)fuzz_dup(data, size);
    uint8_t key[PSSST_KEY_SIZE], expect[PSSST_KEY_SIZE];
    keyfile_detail detail;
    keyfile_status st;
    bool valid;

    memset(key, 0xaa, sizeof key);
    valid = model_parse(text, size, expect);
    st = keyfile_parse(size > 0 ? text : NULL, size, key, &detail);
    fuzz_require((st == KEYFILE_OK) == valid, "accepted exactly when 64 digits and a line end");
    fuzz_require(keyfile_strerror(st) != NULL, "every status has a description");
    if (valid) {
        fuzz_require(memcmp(key, expect, sizeof key) == 0, "key is the digits decoded");
    } else {
        fuzz_require(memcmp(key, zero, sizeof key) == 0, "key wiped on refusal");
        if (st == KEYFILE_ERR_BAD_DIGIT)
            fuzz_require(detail.offset < size && digit(text[detail.offset]) < 0,
                         "BAD_DIGIT names a non-digit inside the file");
        if (size == 0)
            fuzz_require(st == KEYFILE_ERR_EMPTY, "an empty file is EMPTY");
    }
    /* detail may be NULL. */
    fuzz_require(keyfile_parse(size > 0 ? text : NULL, size, key, NULL) == st,
                 "same status without detail");
    free(text);
    return 0;
}
