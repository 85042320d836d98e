/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_reports.h - what the two files of conform_test_reports share: the
 * check that counts failures, reading back what a writer wrote, and a
 * small run with one test of each kind.
 */
#ifndef PSSST_CONFORM_TEST_REPORTS_H
#define PSSST_CONFORM_TEST_REPORTS_H

#include <stdbool.h>
#include <stdio.h>

#include "result.h"

extern int failures;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
            printf(__VA_ARGS__);                                                \
            printf("\n");                                                       \
            failures++;                                                         \
        }                                                                       \
    } while (0)

/* OUT_DIR/reports-unit-NAME, in a buffer of its own until the next call. */
const char *out_path(const char *name);
/* The whole file, NUL-terminated (malloc'd), or "" when it cannot be read. */
char *read_text(const char *path);
size_t count_of(const char *text, const char *needle);
/* Whether s is UTF-8 without noncharacters: nothing to repair. */
bool is_clean(const char *s);

/* A server test of server_anonymous.json citing 7.1 and 10.2, with verdict v. */
test_result a_test(const char *id, verdict v);

#define N_SMALL 6
/* A port run of N_SMALL tests: pass, fail, known crash, unsupported,
 * failed canary, unexpected pass. */
void small_run(run_report *r, test_result t[N_SMALL]);

/* test_report_html.c: the page of a run where everything fails, and of two runs. */
void test_html(void);

#endif
