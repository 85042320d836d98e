/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_escape.h - text that goes into a report as it must be there.
 * A harness may answer with any bytes, and reasons quote them; cJSON
 * copies bytes above 0x7f as they are, and XML parsers reject a document
 * with one bad byte, so every writer cleans its strings here.
 */
#ifndef PSSST_CONFORM_REPORT_ESCAPE_H
#define PSSST_CONFORM_REPORT_ESCAPE_H

#include <stdio.h>

/* A malloc'd copy of s in which every byte that is no part of valid UTF-8,
 * and every U+FFFE or U+FFFF, became U+FFFD; NULL when out of memory. */
char *utf8_repaired(const char *s);

/*
 * fprintf for the JUnit and HTML writers: the format is markup, written
 * as it is, and every %s argument is text, escaped for XML and HTML
 * (& < > " ' as references, bad UTF-8 as U+FFFD, the characters XML 1.0
 * forbids left out; NULL writes nothing). Knows %s, %.*s (at most that
 * many bytes of the text), %d, %zu, %.Nf (N one digit) and %%.
 */
void xml_printf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A harness's words reach the terminal: every control character (escape
 * sequences that could clear the screen or fake a summary line) becomes
 * '?' in place. NULL is ignored. */
void text_without_controls(char *s);

#endif
