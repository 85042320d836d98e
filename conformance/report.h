/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.h - machine-readable reports of a run: JSON (--json) and JUnit
 * XML (--junit). Both record the library version and X25519 backend and
 * the SHA-256 of every vector file and of the whole set (vec_set.h), so a
 * report names exactly what was tested against what. Formats: README.md.
 */
#ifndef PSSST_CONFORM_REPORT_H
#define PSSST_CONFORM_REPORT_H

#include <cjson/cJSON.h>

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

/*
 * The members every report gives a test, in this order: tcId, file, group,
 * index, role, mode, result, stage, sections. NULL when out of memory.
 */
cJSON *report_test_object(const vec_set *set, size_t file, size_t group, size_t test, bool *ok);

/* The verdict members of a test: verdict, operation, reason, expected, actual. */
void report_add_outcome(cJSON *o, const char *verdict, const char *operation, const char *reason,
                        const char *expected, const char *actual, bool *ok);

/*
 * "vectorSet": the combined SHA-256 and each file's name, sha256 and
 * numberOfTests; detailed adds each file's path, kind and generator and
 * the files left out.
 */
cJSON *report_vector_set_object(const vec_set *set, bool detailed, bool *ok);

/* One <testsuite> per spec section cited; a test appears in each of its sections. */
int report_write_junit(const char *path, const report_info *info, const vec_set *set,
                       const run_summary *sum, conform_error *err);

#endif
