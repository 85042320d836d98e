/* SPDX-License-Identifier: Apache-2.0 */
#include "report_escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD in UTF-8 */

static bool is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/*
 * Length of the valid UTF-8 sequence at s[0..avail) and its code point, or
 * 0 when the byte at s starts none (overlong forms, surrogates and values
 * above U+10FFFF are invalid too, as RFC 3629 says).
 */
static size_t utf8_sequence(const unsigned char *s, size_t avail, uint32_t *code_point)
{
    unsigned char c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                              : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > avail)
        return 0;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t i = 1; i < len; i++) {
        if (!is_continuation(s[i]))
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    static const uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *code_point = cp;
    return len;
}

static bool is_nonchar(uint32_t cp)
{
    return cp == 0xFFFE || cp == 0xFFFF;
}

bool utf8_is_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left > 0) {
        uint32_t cp;
        size_t n = utf8_sequence(p, left, &cp);
        if (n == 0 || is_nonchar(cp))
            return false;
        p += n;
        left -= n;
    }
    return true;
}

char *utf8_repaired(const char *s)
{
    size_t left = strlen(s);
    /* Each bad byte grows to three. */
    char *out = malloc(3 * left + 1);
    if (out == NULL)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t at = 0;
    while (left > 0) {
        uint32_t cp;
        size_t n = utf8_sequence(p, left, &cp);
        if (n == 0 || is_nonchar(cp)) {
            memcpy(out + at, replacement, 3);
            at += 3;
            n = n == 0 ? 1 : n;
        } else {
            memcpy(out + at, p, n);
            at += n;
        }
        p += n;
        left -= n;
    }
    out[at] = '\0';
    return out;
}

static bool xml_allows(uint32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    return !is_nonchar(cp);
}

/* The reference for a character that markup gives a meaning to, or NULL. */
static const char *xml_reference(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

void xml_write_text_n(FILE *fp, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    while (s != NULL && len > 0) {
        uint32_t cp;
        size_t n = utf8_sequence(p, len, &cp);
        const char *ref = n == 1 ? xml_reference(p[0]) : NULL;
        if (n == 0)
            fputs(replacement, fp);
        else if (ref != NULL)
            fputs(ref, fp);
        else if (xml_allows(cp))
            fwrite(p, 1, n, fp);
        n = n == 0 ? 1 : n;
        p += n;
        len -= n;
    }
}

void xml_write_text(FILE *fp, const char *s)
{
    if (s != NULL)
        xml_write_text_n(fp, s, strlen(s));
}
