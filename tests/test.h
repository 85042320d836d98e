/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test.h - the small test framework of the unit tests.
 *
 * A test is a function without arguments. Checks never stop a test: a
 * failed check prints "file:line: the expression" (and the values, for the
 * typed checks), is counted, and returns false so that a test can decide
 * itself to stop where going on makes no sense. test_main() runs the tests
 * named on the command line (all when none is named) and returns the exit
 * status of the binary: 0 when every check passed, 1 when any failed, 77
 * when every test that ran was skipped.
 */
#ifndef PSSST_TEST_H
#define PSSST_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pssst.h"

/* CTest's SKIP_RETURN_CODE. */
#define TEST_EXIT_SKIPPED 77

typedef void (*test_fn)(void);

typedef struct {
    const char *name;
    test_fn fn;
} test_case;

/* An entry of a test table, named after its function. */
#define TEST_CASE(fn) { #fn, fn }
#define TEST_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* The checks. Each evaluates its arguments once and returns true when it held. */
#define CHECK(expr) test_check((expr), __FILE__, __LINE__, #expr)
#define CHECK_STATUS(got, want) test_check_status((got), (want), __FILE__, __LINE__, #got)
#define CHECK_SIZE(got, want) test_check_size((got), (want), __FILE__, __LINE__, #got, #want)
#define CHECK_MEM(got, want, len) test_check_mem((got), (want), (len), __FILE__, __LINE__, #got, #want)
#define CHECK_ZERO(buf, len) test_check_zero((buf), (len), __FILE__, __LINE__, #buf)

bool test_check(bool ok, const char *file, int line, const char *expr);
bool test_check_status(pssst_status got, pssst_status want, const char *file, int line,
                       const char *expr);
bool test_check_size(size_t got, size_t want, const char *file, int line, const char *expr,
                     const char *want_expr);
bool test_check_mem(const void *got, const void *want, size_t len, const char *file, int line,
                    const char *expr, const char *want_expr);
bool test_check_zero(const void *buf, size_t len, const char *file, int line, const char *expr);

/*
 * Sets a line of context printed with every failure until it is changed,
 * e.g. "transcript 7, server role". NULL or "" clears it.
 */
void test_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Marks the running test as skipped and says why. */
void test_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a note (e.g. what was counted) under the running test. */
void test_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Number of failed checks so far in the whole binary. */
unsigned long test_failures(void);

int test_main(int argc, char **argv, const test_case *tests, size_t count);

#endif
