/* SPDX-License-Identifier: Apache-2.0 */
#include "report_escape.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD in UTF-8 */

/*
 * Length of the valid UTF-8 sequence at s[0..avail) and its code point, or
 * 0 when the byte at s starts none (overlong forms, surrogates and values
 * above U+10FFFF are invalid too, as RFC 3629 says).
 */
static size_t utf8_sequence(const unsigned char *s, size_t avail, uint32_t *code_point)
{
    static const uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    unsigned char c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                              : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > avail)
        return 0;
    uint32_t cp = len == 1 ? c : c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < smallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *code_point = cp;
    return len;
}

static bool is_nonchar(uint32_t cp)
{
    return cp == 0xFFFE || cp == 0xFFFF;
}

char *utf8_repaired(const char *s)
{
    size_t left = strlen(s), at = 0;
    char *out = malloc(3 * left + 1); /* each bad byte grows to three */
    for (const unsigned char *p = (const unsigned char *)s; out != NULL && left > 0;) {
        uint32_t cp;
        size_t n = utf8_sequence(p, left, &cp);
        bool bad = n == 0 || is_nonchar(cp);
        n = n == 0 ? 1 : n;
        memcpy(out + at, bad ? (const void *)replacement : p, bad ? 3 : n);
        at += bad ? 3 : n;
        p += n;
        left -= n;
    }
    if (out != NULL)
        out[at] = '\0';
    return out;
}

/* Whether XML 1.0 allows the character at all. */
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
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

static void xml_text(FILE *fp, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    while (len > 0) {
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

/* Writes the conversion at *spec (past the '%'); returns where it ends. */
static const char *convert(FILE *fp, const char *spec, va_list *ap)
{
    if (spec[0] == 's' || (spec[0] == '.' && spec[1] == '*')) {
        int limit = spec[0] == '.' ? va_arg(*ap, int) : -1;
        const char *s = va_arg(*ap, const char *);
        if (s != NULL)
            xml_text(fp, s, limit < 0 ? strlen(s) : strnlen(s, (size_t)limit));
        return spec[0] == '.' ? spec + 3 : spec + 1;
    }
    if (spec[0] == 'd') {
        fprintf(fp, "%d", va_arg(*ap, int));
        return spec + 1;
    }
    if (spec[0] == 'z') {
        fprintf(fp, "%zu", va_arg(*ap, size_t));
        return spec + 2;
    }
    if (spec[0] == '.') {
        fprintf(fp, "%.*f", spec[1] - '0', va_arg(*ap, double));
        return spec + 3;
    }
    fputc(spec[0], fp); /* "%%" */
    return spec + 1;
}

void xml_printf(FILE *fp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    while (*fmt != '\0') {
        if (*fmt == '%')
            fmt = convert(fp, fmt + 1, &ap);
        else
            fputc(*fmt++, fp);
    }
    va_end(ap);
}

void text_without_controls(char *s)
{
    for (; s != NULL && *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}
