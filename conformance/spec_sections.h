/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spec_sections.h - the title of each section of spec/pssst.md, so that a
 * report says "7.1 Validation order" where vectors cite "7.1". The table
 * (spec_sections.c) is generated from the spec by spec_sections.py.
 */
#ifndef PSSST_CONFORM_SPEC_SECTIONS_H
#define PSSST_CONFORM_SPEC_SECTIONS_H

/* The title of section number ("7.1", "4", "A.1"), or NULL when the spec has none. */
const char *spec_section_title(const char *number);

#endif
