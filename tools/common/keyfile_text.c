/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keyfile_text.c - the contents of a key file (keyfile.h): the library
 * reads the text (pssst_key_text_read); here a refused text is told in
 * words, and the kind of key is checked against the one wanted.
 */
#include "keyfile.h"

#include "hex.h"

const char *keyfile_strerror(keyfile_status s)
{
    switch (s) {
    case KEYFILE_OK:
        return "valid key file";
    case KEYFILE_ERR_EMPTY:
        return "file is empty";
    case KEYFILE_ERR_TOO_SHORT:
        return "fewer than 64 hex digits";
    case KEYFILE_ERR_TOO_LONG:
        return "more than 64 hex digits, or more after the key's line";
    case KEYFILE_ERR_BAD_DIGIT:
        return "character that is not a hex digit";
    case KEYFILE_ERR_BAD_HEADER:
        return "first line is neither \"pssst private key v1\" nor \"pssst public key v1\"";
    case KEYFILE_ERR_WRONG_KIND:
        return "holds another kind of key";
    case KEYFILE_ERR_OPEN:
        return "cannot open";
    case KEYFILE_ERR_READ:
        return "cannot read";
    case KEYFILE_ERR_NOT_REGULAR:
        return "not a regular file";
    case KEYFILE_ERR_EXISTS:
        return "file exists";
    case KEYFILE_ERR_WRITE:
        return "cannot write";
    case KEYFILE_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    }
    return "unknown key file error";
}

const char *keyfile_kind_name(pssst_key_kind kind)
{
    return kind == PSSST_KEY_PUBLIC ? "public key" : "private key";
}


/* Whether text[start..end) is one line of exactly 64 hex digits. */
static bool is_key_line(const char *text, size_t start, size_t end)
{
    if (end > start && text[end - 1] == '\r')
        end--;
    return end - start == KEYFILE_HEX_DIGITS && hex_digit_run(text + start, end - start) ==
                                                    KEYFILE_HEX_DIGITS;
}

/*
 * Says in words what is wrong with a text the library refused at offset:
 * a first line that is almost a header, a digit too many, text after the
 * key's line, the key ending early, or a byte that is no digit.
 */
static keyfile_status misfit_status(const char *text, size_t len, size_t offset)
{
    size_t line = offset;
    while (line > 0 && text[line - 1] != '\n')
        line--;
    if (line == 0 && text[0] == 'p')
        return KEYFILE_ERR_BAD_HEADER;
    for (size_t start = 0, i = 0; i < line; i++) {
        if (text[i] != '\n')
            continue;
        if (is_key_line(text, start, i))
            return KEYFILE_ERR_TOO_LONG; /* something after the key's line */
        start = i + 1;
    }
    size_t digits = hex_digit_run(text + line, offset - line);
    if (digits == KEYFILE_HEX_DIGITS || (offset < len && hex_digit_run(text + offset, 1) == 1))
        return KEYFILE_ERR_TOO_LONG;
    if (offset == len || text[offset] == '\n' || text[offset] == '\r')
        return KEYFILE_ERR_TOO_SHORT;
    return KEYFILE_ERR_BAD_DIGIT;
}

keyfile_status keyfile_parse(const char *text, size_t len, pssst_key_kind want,
                             uint8_t key[PSSST_KEY_SIZE], keyfile_detail *detail)
{
    keyfile_detail scratch;
    if (detail == NULL)
        detail = &scratch;
    *detail = (keyfile_detail){0};
    if (key == NULL)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    keyfile_wipe(key, PSSST_KEY_SIZE);
    if (text == NULL && len != 0)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    if (len == 0)
        return KEYFILE_ERR_EMPTY;
    pssst_key_kind found;
    size_t offset = 0;
    pssst_status st = pssst_key_text_read(text, len, &found, key, &offset);
    if (st == PSSST_ERR_MALFORMED) {
        detail->offset = offset;
        return misfit_status(text, len, offset);
    }
    if (st != PSSST_OK)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    if (found != want) {
        keyfile_wipe(key, PSSST_KEY_SIZE);
        detail->found = found;
        return KEYFILE_ERR_WRONG_KIND;
    }
    return KEYFILE_OK;
}

