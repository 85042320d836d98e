/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_json_members.h - the members of a JSON report, named once: where
 * each is held in a run_report or test_result and how, in tables that the
 * writer (report_json.c) and the reader (report_json_read.c) both walk.
 */
#ifndef PSSST_CONFORM_REPORT_JSON_MEMBERS_H
#define PSSST_CONFORM_REPORT_JSON_MEMBERS_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* How a member is held in its struct. */
typedef enum {
    TEXT,         /* const char *, never NULL */
    NULLABLE,     /* const char *, null when NULL */
    SIZE,         /* size_t */
    SUITE,        /* unsigned, a 16-bit suite number */
    MILLISECONDS, /* long */
    EXIT_CODE,    /* int, 0..255 */
    FLAG,         /* bool */
    SECONDS,      /* double, not negative */
    LIST,         /* strings: char *const * at .at, their number (size_t) at .count */
    COMMAND,      /* NULL-terminated strings, null when NULL */
    VERDICT,      /* verdict, by name */
    EXPECTATION,  /* test_result only: outcome and listed verdict, null when not listed */
    /* Written, not read back: the page `matrix` makes does not show them. */
    TOTAL,        /* run_report only: the sum of counts[] */
    CAPABILITIES, /* run_report only: caps */
    FILES         /* run_report only: the files of set */
} member_kind;

typedef struct {
    const char *name;
    member_kind kind;
    size_t at, count;
} member;

#define N_MEMBERS(table) (sizeof(table) / sizeof((table)[0]))
#define TEST(name, kind, field) {name, kind, offsetof(test_result, field), 0}
#define TEST_LIST(name, field) \
    {name, LIST, offsetof(test_result, field), offsetof(test_result, n_##field)}
#define RUN(name, kind, field) {name, kind, offsetof(run_report, field), 0}
#define RUN_LIST(name, field) \
    {name, LIST, offsetof(run_report, field), offsetof(run_report, n_##field)}

static const member test_members[] = {
    TEST("tcId", TEXT, tc_id), TEST("file", TEXT, file), TEST("group", SIZE, group),
    TEST("index", SIZE, index), TEST("comment", NULLABLE, comment), TEST("role", TEXT, role),
    TEST("mode", TEXT, mode), TEST("suite", SUITE, suite), TEST("result", TEXT, result),
    TEST("stage", NULLABLE, stage), TEST_LIST("sections", sections),
    TEST_LIST("requirements", requirements), TEST_LIST("flags", flags),
    TEST_LIST("errors", errors), TEST("canary", FLAG, canary), TEST("verdict", VERDICT, verdict),
    TEST("operation", NULLABLE, operation), TEST("reason", NULLABLE, reason),
    TEST("expected", NULLABLE, expected), TEST("actual", NULLABLE, actual),
    TEST("explain", NULLABLE, explain), TEST("expectation", EXPECTATION, outcome),
    TEST("seconds", SECONDS, seconds),
};

static const member port_members[] = {
    RUN("name", TEXT, name), RUN("implementation", NULLABLE, implementation),
    RUN("command", COMMAND, harness_argv), RUN("capabilities", CAPABILITIES, caps),
};

static const member runner_members[] = {
    RUN("version", NULLABLE, runner_version), RUN("x25519Backend", NULLABLE, runner_backend),
};

static const member vector_set_members[] = {
    RUN("combinedSha256", NULLABLE, vector_digest), RUN("files", FILES, set),
};

static const member options_members[] = {
    RUN("lenient", FLAG, lenient), RUN("timeoutMs", MILLISECONDS, timeout_ms),
    RUN("expectations", NULLABLE, expect_path), RUN_LIST("sections", sections),
    RUN_LIST("ids", ids),
};

/* The verdict counts are over the tests other than canaries. */
static const member summary_members[] = {
    RUN("total", TOTAL, counts), RUN("pass", SIZE, counts[VERDICT_PASS]),
    RUN("fail", SIZE, counts[VERDICT_FAIL]),
    RUN("wrong-error", SIZE, counts[VERDICT_WRONG_ERROR]),
    RUN("unsupported", SIZE, counts[VERDICT_UNSUPPORTED]),
    RUN("crash", SIZE, counts[VERDICT_CRASH]), RUN("timeout", SIZE, counts[VERDICT_TIMEOUT]),
    RUN("error", SIZE, counts[VERDICT_ERROR]),
    RUN("known", SIZE, known), RUN("unexpectedPass", SIZE, unexpected_pass),
    RUN("changed", SIZE, changed), RUN("staleExpectations", SIZE, stale),
    RUN("canaries", SIZE, canaries), RUN("canariesPassed", SIZE, canaries_passed),
    RUN("canariesNotRun", SIZE, canaries_not_run), RUN("timeouts", SIZE, timeouts),
    RUN("harnessRestarts", SIZE, restarts), RUN("notRun", SIZE, not_run),
    RUN("seconds", SECONDS, seconds), RUN("exitCode", EXIT_CODE, exit_code),
};

/* The objects of a report before its tests. */
static const struct {
    const char *name;
    const member *members;
    size_t n;
} parts[] = {
    {"port", port_members, N_MEMBERS(port_members)},
    {"runner", runner_members, N_MEMBERS(runner_members)},
    {"options", options_members, N_MEMBERS(options_members)},
    {"vectorSet", vector_set_members, N_MEMBERS(vector_set_members)},
    {"summary", summary_members, N_MEMBERS(summary_members)},
};

/* The field at offset at of the struct at base; the tables say its type. */
static inline void *field(const void *base, size_t at)
{
    return (char *)(uintptr_t)base + at;
}

#endif
