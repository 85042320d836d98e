/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_model.h - a JSON report (of `port --json` or `vectors --json`)
 * read back as one port's list of results with their spec sections, for
 * the JUnit writer, the HTML matrix and `matrix`. Strings point into the
 * cJSON tree, which must outlive the model. Canary results are left out:
 * they test the runner, not the port.
 */
#ifndef PSSST_CONFORM_REPORT_MODEL_H
#define PSSST_CONFORM_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "conform_error.h"

/* Section name for results that cite none. */
#define RM_NO_SECTION "unsectioned"

typedef struct {
    const char *tc_id, *file, *verdict, *operation, *reason, *expected, *actual;
    const char **sections;
    size_t n_sections;
    bool pass;
    bool known; /* listed in the port's expectations with this verdict */
} rm_test;

typedef struct {
    const char *name;
    rm_test *tests;
    size_t n_tests;
    const char **sections; /* every section cited, sorted (7.2 < 7.10 < 10) */
    size_t n_sections;
} rm_port;

/* source names the report in messages and is the fallback port name. */
int rm_port_load(const cJSON *report, const char *source, rm_port *p, conform_error *err);
void rm_port_free(rm_port *p);

bool rm_cites(const rm_test *t, const char *section);

/* Whether a verdict name counts as a failure (fail, crash, timeout, error). */
bool rm_verdict_fails(const char *verdict);

/* Compares section numbers component by component; RM_NO_SECTION sorts last. */
int rm_section_cmp(const char *a, const char *b);

/* rm_section_cmp on two const char * elements, for qsort. */
int rm_section_cmp_ptr(const void *x, const void *y);

/* Writes text escaped for XML and HTML; control characters that XML 1.0
 * forbids (all below 0x20 but tab, line feed, carriage return) become '?'. */
void rm_xml_text(FILE *fp, const char *s);

/* The "expected: " and "actual:   " lines of a JUnit failure, each when not NULL. */
void rm_xml_expected_actual(FILE *fp, const char *expected, const char *actual);

#endif
