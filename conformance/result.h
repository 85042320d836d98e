/* SPDX-License-Identifier: Apache-2.0 */
/*
 * result.h - the in-memory result of one run: what was run against what,
 * one record per test, and the counts. run.c fills it; every report
 * (text, JSON, JUnit, HTML) is written from it, and `matrix` reads JSON
 * reports back into it, so each report format has one writer.
 *
 * Strings of a test_result point into the vector set of the run (or into
 * the cJSON tree a report was read from); reason, expected, actual and
 * explain belong to the result when owns_details is set.
 */
#ifndef PSSST_CONFORM_RESULT_H
#define PSSST_CONFORM_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conform_error.h"
#include "harness_response.h"
#include "vec_set.h"
#include "verdict.h"

/* Longest expected or actual value kept for a report, in hex digits: a
 * port may answer with megabytes, which no reader needs twice. */
#define RESULT_MAX_HEX 4096

/* One test, as every report shows it. */
typedef struct {
    const char *tc_id, *file, *comment; /* comment may be NULL */
    const char *role, *mode, *result, *stage; /* names of spec/vectors.md; stage NULL if none */
    unsigned suite;
    size_t group, index;                /* testGroups[group].tests[index] */
    char *const *sections;
    size_t n_sections;
    char *const *requirements;          /* MUST sentences the test checks */
    size_t n_requirements;
    char *const *flags;                 /* bug types (the file's "notes") */
    size_t n_flags;
    char *const *errors;                /* allowed error names */
    size_t n_errors;
    bool canary;                        /* from canary.json: must not pass */
    verdict verdict;
    const char *operation;              /* where it was decided, e.g. "unpack_reply" */
    char *reason;                       /* one line; NULL only on a plain pass */
    char *expected, *actual;            /* hex or status names, or NULL */
    char *explain;                      /* a ready `pssst-conform explain` command, or NULL */
    expect_outcome outcome;
    verdict listed;                     /* the expected verdict when outcome != EXPECT_NOT_LISTED */
    double seconds;
    const vec_test *test;               /* the vector (NULL when read back from a report) */
    const vec_file *vector_file;        /* its file (NULL when read back) */
} test_result;

/* A whole run. */
typedef struct run_report {
    /* What ran. */
    const char *command;        /* "vectors", "transcripts", "port" */
    const char *name;           /* port name in reports */
    const char *implementation; /* what the harness (or the library) calls itself */
    char *const *harness_argv;  /* NULL-terminated; NULL for the library in-process */
    harness_caps caps;
    const char *runner_version; /* pssst-c version of the runner */
    const char *runner_backend; /* its X25519 backend */
    const char *vector_digest;  /* combined SHA-256 of the vector set, hex */
    const vec_set *set;         /* NULL when read back from a report */
    /* How. */
    bool lenient;               /* wrong-error is not a failure */
    long timeout_ms;            /* 0 in-process */
    const char *expect_path;    /* expectations file, or NULL */
    const char *const *sections; /* --section filters */
    size_t n_sections;
    const char *const *ids;     /* --id filters */
    size_t n_ids;
    /* What came out. */
    test_result *results;       /* canaries included, in run order */
    size_t n_results;
    bool owns_details;
    size_t counts[VERDICT_COUNT]; /* tests other than canaries */
    size_t known, unexpected_pass, changed, stale;
    size_t canaries, canaries_passed, canaries_not_run;
    size_t offered;             /* tests within the harness's capabilities (canaries apart) */
    size_t dodged;              /* of those, answered "unsupported" by the harness */
    size_t timeouts;            /* canaries included */
    size_t restarts;            /* harness restarts */
    size_t not_run;             /* tests left when the run stopped (--max-timeouts) */
    double seconds;
    int exit_code;              /* 0 pass, 1 fail, 2 broken run */
} run_report;

/* spec/harness.md 3.5: a run passes only when the harness answered at
 * least this share of the tests its capabilities cover. */
#define RUN_MIN_CHECKED_PERCENT 90

/* Whether the harness answered "unsupported" to more than the share allows. */
bool run_dodged(const run_report *r);

/* Whether canaries were selected and none of them ran. */
bool run_without_canary(const run_report *r);

/* Frees the results (and their details when owned). */
void run_report_free(run_report *r);

/* Whether a result fails the run after its expectation is applied. */
bool result_fails(const run_report *r, const test_result *t);

/* Whether one of sections is section or one of its subsections ("7.1" matches
 * "7.1.2", not "7.10"). */
bool sections_cite(char *const *sections, size_t n, const char *section);

/*
 * A `pssst-conform explain` command line that dissects the packet test t
 * of group g turns on, with the keys it needs (malloc'd), or NULL when the
 * test gives no server key or packet.
 */
char *result_explain_command(const vec_group *g, const vec_test *t);

/* Compares spec section numbers component by component (7.2 < 7.10 < 10). */
int section_compare(const char *a, const char *b);

/* ---- report writers (report_*.c); each returns 0, or -1 with err set ---- */

/* The text a person reads: failures grouped by requirement and bug type. */
void report_text_summary(const run_report *r, bool verbose, FILE *out);

/* The canary lines of the text: how many failed, and what a passing one means. */
void report_text_canaries(const run_report *r, FILE *out);

int report_write_json(const char *path, const run_report *r, conform_error *err);
/* One <testcase> per test, its sections as properties. */
int report_write_junit(const char *path, const run_report *r, conform_error *err);
/* One page for one or more runs (`port --html`, `matrix`). */
int report_write_html(const char *path, const run_report *runs, size_t n_runs,
                      conform_error *err);

/* Reads a JSON report written by report_write_json back into *r (strings
 * point into *tree, which the caller deletes after run_report_free). */
int report_read_json(const char *path, run_report *r, cJSON **tree, conform_error *err);

#endif
