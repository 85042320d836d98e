/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expect.h - known failures of a port, kept as data (spec/harness.md
 * section 5), so that a CI run of that port stays green until something
 * changes: a listed test that gets its listed verdict is "known"; one that
 * passes is an unexpected pass and one that gets another verdict has
 * changed, and both fail the run.
 *
 * File format (JSON):
 *   {"port": "name", "expectations": [
 *      {"tcId": "server-anon-truncated-len-35", "verdict": "crash",
 *       "note": "why, optional"}, ...]}
 * tcId may be a shell glob (fnmatch(3)); the first entry that matches wins.
 */
#ifndef PSSST_CONFORM_EXPECT_H
#define PSSST_CONFORM_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "conform_error.h"
#include "verdict.h"

typedef struct {
    char *tc_id;
    verdict verdict;
    char *note;
    size_t matched; /* how many tests it matched in this run */
} expect_entry;

typedef struct {
    char *path;
    char *port;
    expect_entry *entries;
    size_t n_entries;
} expectations;

int expect_load(const char *path, expectations *e, conform_error *err);

/* The entry for tc_id (counted as matched), or NULL. */
const expect_entry *expect_find(expectations *e, const char *tc_id);

void expect_free(expectations *e);

/* One line per entry that matched no test of the run (a stale entry). */
size_t expect_print_stale(const expectations *e, FILE *out);

/*
 * Writes an expectations file listing every test of a run that did not
 * pass, canaries left out, with its reason as the note: the starting point
 * for a port's known failures. port names the port.
 */
struct run_report;
int expect_write(const char *path, const struct run_report *run, conform_error *err);

#endif
