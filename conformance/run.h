/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run.h - the one run loop: every selected test of a vector set through a
 * backend (this library in-process, or a port's harness program), one
 * verdict per test, canaries that must not pass, a port's expectations
 * applied, and a progress line per test group. The result is a run_report
 * (result.h), from which every report is written.
 */
#ifndef PSSST_CONFORM_RUN_H
#define PSSST_CONFORM_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "backend.h"
#include "expect.h"
#include "result.h"
#include "vec_set.h"

typedef struct {
    const char *const *sections; /* section prefixes, any matches */
    size_t n_sections;
    const char *const *ids;      /* tcIds or fnmatch(3) globs, any matches */
    size_t n_ids;
    bool lenient;                /* wrong-error does not fail the run */
    expectations *expect;        /* NULL when none */
    size_t max_timeouts;         /* stop after this many timeouts; 0: never */
} run_options;

/*
 * Runs every selected test of set through be, prints a line per group to
 * out and fills *rep (its identity members are left for the caller).
 * Returns 0, or -1 (err set) when nothing matched the filters or memory
 * ran out. rep->exit_code is set.
 */
int run_tests(const vec_set *set, backend *be, const run_options *opt, FILE *out,
              run_report *rep, conform_error *err);

/* Whether a test passes the --section and --id filters of opt. */
bool run_selected(const vec_test *t, const run_options *opt);

#endif
