/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_escape.h - text that goes into a report as it must be there.
 * A harness may answer with any bytes, and reasons quote them; cJSON
 * copies bytes above 0x7f as they are, and XML parsers reject a document
 * with one bad byte, so every writer cleans its strings here first.
 */
#ifndef PSSST_CONFORM_REPORT_ESCAPE_H
#define PSSST_CONFORM_REPORT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether s is valid UTF-8 without the noncharacters U+FFFE and U+FFFF. */
bool utf8_is_clean(const char *s);

/* A malloc'd copy of s in which every byte that is no part of valid UTF-8,
 * and every U+FFFE or U+FFFF, became U+FFFD; NULL when out of memory. */
char *utf8_repaired(const char *s);

/* Writes s[0..len) escaped for XML and HTML text and attribute values:
 * & < > " ' as references, bad UTF-8 as U+FFFD, and the characters XML 1.0
 * forbids (controls other than tab, line feed, carriage return; U+FFFE,
 * U+FFFF) left out. A NULL s writes nothing. */
void xml_write_text_n(FILE *fp, const char *s, size_t len);

/* xml_write_text_n over the whole NUL-terminated string. */
void xml_write_text(FILE *fp, const char *s);

#endif
