/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.h - machine-readable reports of a run: JSON (--json) and JUnit
 * XML (--junit). Both record the library version and X25519 backend and
 * the SHA-256 of every vector file and of the whole set (vec_set.h), so a
 * report names exactly what was tested against what. Formats: README.md.
 */
#ifndef PSSST_CONFORM_REPORT_H
#define PSSST_CONFORM_REPORT_H

#include "runner.h"

/* What the reports say about the run besides the verdicts. */
typedef struct {
    const char *command;         /* "vectors", "transcripts" */
    const char *implementation;  /* "pssst-c <version>" */
    const char *version;
    const char *backend;
    const run_options *options;
    int exit_code;
} report_info;

int report_write_json(const char *path, const report_info *info, const vec_set *set,
                      const run_summary *sum, conform_error *err);

/* One <testsuite> per spec section cited; a test appears in each of its sections. */
int report_write_junit(const char *path, const report_info *info, const vec_set *set,
                       const run_summary *sum, conform_error *err);

#endif
