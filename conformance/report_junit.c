/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_junit.c - the JUnit XML report: one <testsuite> per vector file,
 * one <testcase> per test run, its spec sections as properties
 * (conformance/README.md "Reports" says what each verdict becomes).
 */
#include <errno.h>
#include <string.h>

#include "report_escape.h"
#include "result.h"

/* What a test is to a CI system. */
typedef enum { CASE_PASSED, CASE_FAILED, CASE_SKIPPED } case_kind;

static case_kind classify(const run_report *r, const test_result *t)
{
    /* A canary is a wrong answer the runner must refuse: its failing is
     * the runner working, its passing a runner bug. */
    bool failed = t->canary ? t->verdict == VERDICT_PASS
                            : result_fails(r, t) || t->outcome == EXPECT_UNEXPECTED_PASS;
    if (failed)
        return CASE_FAILED;
    return t->verdict == VERDICT_UNSUPPORTED ? CASE_SKIPPED : CASE_PASSED;
}

typedef struct {
    size_t tests, failures, skipped;
    double seconds;
} case_counts;

/* The counts of the tests of file, or of all tests when file is NULL. */
static case_counts count_cases(const run_report *r, const char *file)
{
    case_counts c = {0, 0, 0, 0};
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (file != NULL && strcmp(t->file, file) != 0)
            continue;
        case_kind k = classify(r, t);
        c.tests++;
        c.failures += k == CASE_FAILED;
        c.skipped += k == CASE_SKIPPED;
        c.seconds += t->seconds;
    }
    return c;
}

static const char *reason_of(const test_result *t)
{
    return t->reason != NULL ? t->reason : verdict_name(t->verdict);
}

static void write_property(FILE *fp, const char *indent, const char *name, const char *value)
{
    xml_printf(fp, "%s<property name=\"%s\" value=\"%s\"/>\n", indent, name, value);
}

static void write_suite_properties(FILE *fp, const run_report *r, const char *file)
{
    static const char indent[] = "      ";
    fputs("    <properties>\n", fp);
    write_property(fp, indent, "command", r->command);
    write_property(fp, indent, "port", r->name);
    write_property(fp, indent, "implementation", r->implementation);
    write_property(fp, indent, "runnerVersion", r->runner_version);
    write_property(fp, indent, "x25519Backend", r->runner_backend);
    write_property(fp, indent, "vectorSetSha256", r->vector_digest);
    for (size_t i = 0; r->set != NULL && i < r->set->n_files; i++) {
        char hex[2 * VEC_SHA256_SIZE + 1];
        vec_sha256_hex(r->set->files[i].sha256, hex);
        if (strcmp(r->set->files[i].name, file) == 0)
            write_property(fp, indent, "fileSha256", hex);
    }
    write_property(fp, indent, "lenient", r->lenient ? "true" : "false");
    fputs("    </properties>\n", fp);
}

static void write_case_properties(FILE *fp, const test_result *t)
{
    static const char indent[] = "        ";
    fputs("      <properties>\n", fp);
    for (size_t i = 0; i < t->n_sections; i++)
        write_property(fp, indent, "section", t->sections[i]);
    for (size_t i = 0; i < t->n_flags; i++)
        write_property(fp, indent, "flag", t->flags[i]);
    xml_printf(fp, "%s<property name=\"requirements\" value=\"%zu\"/>\n", indent,
               t->n_requirements);
    write_property(fp, indent, "verdict", verdict_name(t->verdict));
    if (t->canary)
        write_property(fp, indent, "canary", "true");
    fputs("      </properties>\n", fp);
}

static void write_detail(FILE *fp, const char *label, const char *value)
{
    if (value != NULL)
        xml_printf(fp, "%s%s\n", label, value);
}

/* A <failure>, its body everything needed to look into it. */
static void write_failure(FILE *fp, const test_result *t)
{
    if (t->canary)
        fputs("      <failure type=\"canary-passed\" message=\"a canary passed: the runner "
              "accepted an answer it must refuse\">\n", fp);
    else if (t->outcome == EXPECT_UNEXPECTED_PASS)
        xml_printf(fp, "      <failure type=\"unexpected-pass\" message=\"passed, but the "
                       "expectations file lists it as %s: take it out\">\n",
                   verdict_name(t->listed));
    else
        xml_printf(fp, "      <failure type=\"%s\" message=\"%s\">\n", verdict_name(t->verdict),
                   reason_of(t));
    write_detail(fp, "operation: ", t->operation);
    write_detail(fp, "expected:  ", t->expected);
    write_detail(fp, "actual:    ", t->actual);
    for (size_t i = 0; i < t->n_requirements; i++)
        write_detail(fp, "requirement: ", t->requirements[i]);
    for (size_t i = 0; i < t->n_flags; i++)
        write_detail(fp, "flag: ", t->flags[i]);
    write_detail(fp, "explain: ", t->explain);
    fputs("      </failure>\n", fp);
}

/* Why a test that did not simply pass is no failure. */
static const char *note_of(const run_report *r, const test_result *t)
{
    if (t->canary)
        return "canary failed, as it must: ";
    if (t->outcome == EXPECT_KNOWN)
        return "known failure (listed in the expectations file): ";
    if (r->lenient && t->verdict == VERDICT_WRONG_ERROR)
        return "not a failure with --lenient: ";
    return "";
}

static void write_case(FILE *fp, const run_report *r, const test_result *t)
{
    xml_printf(fp, "    <testcase name=\"%s [%s]\" classname=\"%s.%s.%s\" time=\"%.6f\">\n",
               t->tc_id, t->role, t->file, t->role, t->mode, t->seconds);
    write_case_properties(fp, t);
    case_kind k = classify(r, t);
    if (k == CASE_FAILED)
        write_failure(fp, t);
    else if (k == CASE_SKIPPED)
        xml_printf(fp, "      <skipped message=\"%s\"/>\n", reason_of(t));
    else if (t->verdict != VERDICT_PASS)
        xml_printf(fp, "      <system-out>%s%s: %s</system-out>\n", note_of(r, t),
                   verdict_name(t->verdict), reason_of(t));
    fputs("    </testcase>\n", fp);
}

static bool file_is_canaries(const run_report *r, const char *file)
{
    for (size_t i = 0; i < r->n_results; i++)
        if (strcmp(r->results[i].file, file) == 0 && !r->results[i].canary)
            return false;
    return true;
}

static void write_suite(FILE *fp, const run_report *r, const char *file)
{
    case_counts c = count_cases(r, file);
    xml_printf(fp, "  <testsuite name=\"%s%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                   "skipped=\"%zu\" time=\"%.6f\">\n",
               file, file_is_canaries(r, file) ? " (canaries: every test must fail)" : "",
               c.tests, c.failures, c.skipped, c.seconds);
    write_suite_properties(fp, r, file);
    for (size_t i = 0; i < r->n_results; i++)
        if (strcmp(r->results[i].file, file) == 0)
            write_case(fp, r, &r->results[i]);
    fputs("  </testsuite>\n", fp);
}

/* Whether result i is the first of its file, so each file gets one suite. */
static bool first_of_file(const run_report *r, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(r->results[k].file, r->results[i].file) == 0)
            return false;
    return true;
}

int report_write_junit(const char *path, const run_report *r, conform_error *err)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    case_counts all = count_cases(r, NULL);
    xml_printf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pssst-conform "
                   "%s %s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
                   "time=\"%.3f\">\n",
               r->command, r->name, all.tests, all.failures, all.skipped, r->seconds);
    for (size_t i = 0; i < r->n_results; i++)
        if (first_of_file(r, i))
            write_suite(fp, r, r->results[i].file);
    fputs("</testsuites>\n", fp);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
