/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_html.h - what the two halves of the HTML report share: the page
 * and the rows of its matrix (report_html.c) and the failure groups under
 * it (report_html_failures.c).
 */
#ifndef PSSST_CONFORM_REPORT_HTML_H
#define PSSST_CONFORM_REPORT_HTML_H

#include <stdio.h>
#include <string.h>

#include "result.h"

typedef struct {
    const run_report *runs;
    size_t n_runs;
    const char **rows; /* sections cited by any run in spec order, then unsectioned, all (last) */
    size_t n_rows;
} page;

typedef struct {
    size_t total, pass;
    size_t per_verdict[VERDICT_COUNT];
    bool failing; /* a test in it fails the run */
    verdict worst;
} cell_counts;

/* The tests of run r in row (canaries left out), counted. */
cell_counts count_cell(const run_report *r, const char *row);

bool in_row(const test_result *t, const char *row);

/* The title of a row of the matrix, escaped. */
void write_row_name(FILE *fp, const char *row);

/* Severity for ordering and cell colours: the worst verdict shows. */
static inline int severity(verdict v)
{
    static const int rank[VERDICT_COUNT] = {0, 3, 2, 1, 5, 4, 6};
    return rank[v];
}

static inline const char *ellipsis_past(const char *s, size_t shown)
{
    return s != NULL && strlen(s) > shown ? "\xE2\x80\xA6" : ""; /* U+2026 */
}

/* The tests of every run that did not pass, in groups; -1 when out of memory. */
int write_failures(FILE *fp, const page *p);

#endif
