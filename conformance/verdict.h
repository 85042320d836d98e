/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verdict.h - the one set of verdicts every run gives a test, whether the
 * implementation is this library in-process or a port behind a harness
 * program (spec/harness.md section 4.1), and how a test's outcome compares
 * with a port's expectations file (spec/harness.md section 5).
 */
#ifndef PSSST_CONFORM_VERDICT_H
#define PSSST_CONFORM_VERDICT_H

#include <stdbool.h>

typedef enum {
    VERDICT_PASS,
    VERDICT_FAIL,        /* wrong bytes, or an invalid input accepted */
    VERDICT_WRONG_ERROR, /* refused at the right stage with an error the test does not allow */
    VERDICT_UNSUPPORTED, /* the implementation said it cannot do this */
    VERDICT_CRASH,       /* it died, or reported an error that is no PSSST error */
    VERDICT_TIMEOUT,     /* no answer in time */
    VERDICT_ERROR,       /* it broke the harness protocol */
    VERDICT_COUNT
} verdict;

/* "pass", "fail", "wrong-error", "unsupported", "crash", "timeout", "error". */
const char *verdict_name(verdict v);

/* The verdict of a name; false for anything else. */
bool verdict_from_name(const char *name, verdict *v);

/*
 * Whether the verdict makes a run fail. spec/vectors.md: conformance
 * needs the right error, so wrong-error fails unless lenient (--lenient,
 * for triage); unsupported never fails by itself.
 */
bool verdict_fails(verdict v, bool lenient);

/* How a result compares with the expectations file. */
typedef enum {
    EXPECT_NOT_LISTED,
    EXPECT_KNOWN,           /* listed, and got the listed verdict */
    EXPECT_UNEXPECTED_PASS, /* listed, and passed */
    EXPECT_CHANGED          /* listed, and got another failing verdict */
} expect_outcome;

/* "known", "unexpected-pass", "changed"; NULL when not listed. */
const char *expect_outcome_name(expect_outcome o);

#endif
