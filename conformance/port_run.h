/* SPDX-License-Identifier: Apache-2.0 */
/*
 * port_run.h - runs a vector set through a port's harness (spec/harness.md
 * section 4): the same replay procedure as `vectors`, one verdict of
 * port_verdict.h per test, canaries that must not pass, and the port's
 * expectations file applied.
 */
#ifndef PSSST_CONFORM_PORT_RUN_H
#define PSSST_CONFORM_PORT_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "backend_port.h"
#include "expect.h"
#include "port_verdict.h"
#include "runner.h"
#include "vec_set.h"

/* How a result compares with the expectations file. */
typedef enum {
    EXPECT_NOT_LISTED,
    EXPECT_KNOWN,           /* listed, and got the listed verdict */
    EXPECT_UNEXPECTED_PASS, /* listed, and passed */
    EXPECT_CHANGED          /* listed, and got another failing verdict */
} expect_outcome;

typedef struct {
    size_t file, group, test;
    bool canary;
    port_verdict verdict;
    replay_verdict detail; /* reason, expected and actual bytes, operation */
    expect_outcome outcome;
    port_verdict listed; /* the expected verdict when outcome != EXPECT_NOT_LISTED */
} port_result;

typedef struct {
    port_result *results;
    size_t n_results;
    size_t counts[PV_COUNT]; /* tests other than canaries */
    size_t known, unexpected_pass, changed, stale;
    /* Canaries that neither passed nor failed (unsupported, crash, timeout,
     * error) show nothing about the runner: "not run". */
    size_t canaries, canaries_passed, canaries_not_run;
    size_t timeouts; /* canaries included, for max_timeouts */
    size_t restarts;
    size_t not_run; /* tests left when the run stopped (max_timeouts) */
    double seconds;
} port_summary;

typedef struct {
    run_options select;   /* sections, ids, strict_errors, verbose */
    expectations *expect; /* NULL when none */
    size_t max_timeouts;  /* stop the run after this many timeouts; 0: never */
} port_options;

/* Runs every selected test; -1 (err set) when nothing matched or memory ran out. */
int port_run(const vec_set *set, backend_port *port, const replay_backend *be,
             const port_options *opt, FILE *out, port_summary *sum, conform_error *err);

/* The closing lines: counts per verdict, expectations, canaries. */
void port_print_summary(const port_summary *sum, FILE *out);

/*
 * 0 conformant (or only known failures), 1 a failure, crash, timeout,
 * changed expectation or unexpected pass, 2 a harness protocol error, a
 * broken run (a canary passed) or a run stopped after max_timeouts.
 */
int port_exit_code(const port_summary *sum);

/* Whether the result makes the run fail (ignoring expectations). */
bool port_verdict_fails(port_verdict v);

void port_summary_free(port_summary *sum);

#endif
