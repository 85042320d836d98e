/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "test.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static unsigned long failed_checks;
static unsigned long passed_checks;
static bool current_skipped;
static char context_line[256];

static void report_failure_head(const char *file, int line)
{
    if (context_line[0] != '\0')
        fprintf(stderr, "%s:%d: [%s] ", file, line, context_line);
    else
        fprintf(stderr, "%s:%d: ", file, line);
}

bool test_check(bool ok, const char *file, int line, const char *expr)
{
    if (ok) {
        passed_checks++;
        return true;
    }
    failed_checks++;
    report_failure_head(file, line);
    fprintf(stderr, "check failed: %s\n", expr);
    return false;
}

bool test_check_status(pssst_status got, pssst_status want, const char *file, int line,
                       const char *expr)
{
    if (got == want) {
        passed_checks++;
        return true;
    }
    failed_checks++;
    report_failure_head(file, line);
    fprintf(stderr, "check failed: %s is %s (%d), expected %s (%d)\n", expr,
            pssst_status_name(got), (int)got, pssst_status_name(want), (int)want);
    return false;
}

bool test_check_size(size_t got, size_t want, const char *file, int line, const char *expr,
                     const char *want_expr)
{
    if (got == want) {
        passed_checks++;
        return true;
    }
    failed_checks++;
    report_failure_head(file, line);
    fprintf(stderr, "check failed: %s == %s (%zu != %zu)\n", expr, want_expr, got, want);
    return false;
}

static void print_hex_window(const char *label, const uint8_t *p, size_t len, size_t at)
{
    size_t start = at >= 8 ? at - 8 : 0;
    size_t end = at + 8 < len ? at + 8 : len;
    fprintf(stderr, "    %s[%zu..%zu): ", label, start, end);
    for (size_t i = start; i < end; i++)
        fprintf(stderr, i == at ? "[%02x]" : "%02x", p[i]);
    fprintf(stderr, "\n");
}

bool test_check_mem(const void *got, const void *want, size_t len, const char *file, int line,
                    const char *expr, const char *want_expr)
{
    const uint8_t *a = got;
    const uint8_t *b = want;
    if (len == 0 || memcmp(a, b, len) == 0) {
        passed_checks++;
        return true;
    }
    size_t at = 0;
    while (a[at] == b[at])
        at++;
    failed_checks++;
    report_failure_head(file, line);
    fprintf(stderr, "check failed: %s == %s (%zu bytes), first difference at byte %zu\n",
            expr, want_expr, len, at);
    print_hex_window("got ", a, len, at);
    print_hex_window("want", b, len, at);
    return false;
}

bool test_check_zero(const void *buf, size_t len, const char *file, int line, const char *expr)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < len; i++) {
        if (p[i] != 0) {
            failed_checks++;
            report_failure_head(file, line);
            fprintf(stderr, "check failed: %s is all zero (%zu bytes); byte %zu is %02x\n",
                    expr, len, i, p[i]);
            return false;
        }
    }
    passed_checks++;
    return true;
}

void test_context(const char *fmt, ...)
{
    if (fmt == NULL) {
        context_line[0] = '\0';
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(context_line, sizeof context_line, fmt, ap);
    va_end(ap);
}

void test_skip(const char *fmt, ...)
{
    va_list ap;
    current_skipped = true;
    printf("    SKIPPED: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

void test_note(const char *fmt, ...)
{
    va_list ap;
    printf("    note: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

unsigned long test_failures(void)
{
    return failed_checks;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool is_selected(int argc, char **argv, const char *name)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], name) == 0)
            return true;
    }
    return false;
}

int test_main(int argc, char **argv, const test_case *tests, size_t count)
{
    size_t ran = 0;
    size_t skipped = 0;
    size_t failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (!is_selected(argc, argv, tests[i].name))
            continue;
        unsigned long before = failed_checks;
        current_skipped = false;
        test_context(NULL);
        double start = now_seconds();
        tests[i].fn();
        double took = now_seconds() - start;
        ran++;
        if (failed_checks != before) {
            failed++;
            printf("FAIL %s (%lu failed checks, %.3f s)\n", tests[i].name,
                   failed_checks - before, took);
        } else if (current_skipped) {
            skipped++;
            printf("skip %s\n", tests[i].name);
        } else {
            printf("ok   %s (%.3f s)\n", tests[i].name, took);
        }
        fflush(stdout);
    }
    printf("%zu tests, %zu failed, %zu skipped; %lu checks passed, %lu failed\n", ran, failed,
           skipped, passed_checks, failed_checks);
    if (ran == 0) {
        fprintf(stderr, "no test matched the names given\n");
        return 1;
    }
    if (failed_checks != 0)
        return 1;
    if (skipped == ran)
        return TEST_EXIT_SKIPPED;
    return 0;
}
