/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runner.h - replays a loaded vector set against a backend: selects tests
 * (--section, --id), runs each in its group's role, prints one line per
 * test group and the summary, and keeps every verdict for the reports.
 */
#ifndef PSSST_CONFORM_RUNNER_H
#define PSSST_CONFORM_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "replay.h"
#include "vec_set.h"

typedef struct {
    const char *const *sections; /* section prefixes (component-wise), any matches */
    size_t n_sections;
    const char *const *ids;      /* tcIds or fnmatch(3) globs, any matches */
    size_t n_ids;
    bool strict_errors;
    bool verbose;
} run_options;

typedef struct {
    size_t file, group, test;
    replay_verdict verdict;
    double seconds; /* wall time of the replay */
} run_result;

typedef struct {
    run_result *results;
    size_t n_results;
    size_t passed, failed, wrong_error, skipped, errors;
    double seconds;
} run_summary;

/*
 * Runs every selected test and prints progress to out. Returns 0, or -1
 * (err set) when nothing matched the filters or memory ran out.
 */
int run_set(const vec_set *set, const replay_backend *be, const run_options *opt, FILE *out,
            run_summary *sum, conform_error *err);

/* The last lines: the wrong-error line (if any) and "N passed, M failed[, K skipped]". */
void run_print_summary(const run_summary *sum, FILE *out);

/* 0 all passed, 1 some test failed, 2 the backend could not run a test. */
int run_exit_code(const run_summary *sum);

void run_summary_free(run_summary *sum);

/* Whether a test's sections match a --section prefix (exported for tests). */
bool run_section_matches(const char *section, const char *prefix);

/* Whether a test passes the --section and --id filters of opt. */
bool run_selected(const vec_test *t, const run_options *opt);

/* A monotonic clock in seconds, for run times. */
double run_now_seconds(void);

#endif
