/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_junit.c - the JUnit XML report: one <testsuite> per vector file,
 * one <testcase> per test run, its spec sections as properties
 * (conformance/README.md "Reports" says what each verdict becomes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "result.h"

/* What a test is to a CI system. */
typedef enum {
    CASE_PASSED,  /* maybe with a note in <system-out> */
    CASE_FAILED,  /* <failure> */
    CASE_SKIPPED  /* <skipped> */
} case_kind;

static case_kind classify(const run_report *r, const test_result *t)
{
    if (t->canary) {
        /* A canary is a wrong answer the runner must refuse: its failing
         * is the runner working, its passing a runner bug. */
        if (t->verdict == VERDICT_PASS)
            return CASE_FAILED;
        return t->verdict == VERDICT_UNSUPPORTED ? CASE_SKIPPED : CASE_PASSED;
    }
    if (result_fails(r, t) || t->outcome == EXPECT_UNEXPECTED_PASS)
        return CASE_FAILED;
    return t->verdict == VERDICT_UNSUPPORTED ? CASE_SKIPPED : CASE_PASSED;
}

typedef struct {
    size_t tests, failures, skipped;
    double seconds;
} case_counts;

static void count_case(case_counts *c, const run_report *r, const test_result *t)
{
    case_kind k = classify(r, t);
    c->tests++;
    c->failures += k == CASE_FAILED;
    c->skipped += k == CASE_SKIPPED;
    c->seconds += t->seconds;
}

static void write_property(FILE *fp, const char *indent, const char *name, const char *value)
{
    fprintf(fp, "%s<property name=\"", indent);
    xml_write_text(fp, name);
    fputs("\" value=\"", fp);
    xml_write_text(fp, value != NULL ? value : "");
    fputs("\"/>\n", fp);
}

static void write_suite_properties(FILE *fp, const run_report *r, const char *file)
{
    static const char indent[] = "      ";
    char hex[2 * VEC_SHA256_SIZE + 1];
    fputs("    <properties>\n", fp);
    write_property(fp, indent, "command", r->command);
    write_property(fp, indent, "port", r->name);
    write_property(fp, indent, "implementation", r->implementation);
    write_property(fp, indent, "runnerVersion", r->runner_version);
    write_property(fp, indent, "x25519Backend", r->runner_backend);
    write_property(fp, indent, "vectorSetSha256", r->vector_digest);
    for (size_t i = 0; r->set != NULL && i < r->set->n_files; i++) {
        if (strcmp(r->set->files[i].name, file) != 0)
            continue;
        vec_sha256_hex(r->set->files[i].sha256, hex);
        write_property(fp, indent, "fileSha256", hex);
    }
    write_property(fp, indent, "lenient", r->lenient ? "true" : "false");
    fputs("    </properties>\n", fp);
}

static void write_case_properties(FILE *fp, const test_result *t)
{
    static const char indent[] = "        ";
    char count[32];
    fputs("      <properties>\n", fp);
    for (size_t i = 0; i < t->n_sections; i++)
        write_property(fp, indent, "section", t->sections[i]);
    for (size_t i = 0; i < t->n_flags; i++)
        write_property(fp, indent, "flag", t->flags[i]);
    snprintf(count, sizeof count, "%zu", t->n_requirements);
    write_property(fp, indent, "requirements", count);
    write_property(fp, indent, "verdict", verdict_name(t->verdict));
    if (t->canary)
        write_property(fp, indent, "canary", "true");
    fputs("      </properties>\n", fp);
}

static void write_line(FILE *fp, const char *label, const char *value)
{
    if (value == NULL)
        return;
    fputs(label, fp);
    xml_write_text(fp, value);
    fputc('\n', fp);
}

/* The body of a <failure>: everything needed to look into it. */
static void write_failure_body(FILE *fp, const test_result *t)
{
    fputc('\n', fp);
    write_line(fp, "operation: ", t->operation);
    write_line(fp, "expected:  ", t->expected);
    write_line(fp, "actual:    ", t->actual);
    for (size_t i = 0; i < t->n_requirements; i++)
        write_line(fp, "requirement: ", t->requirements[i]);
    for (size_t i = 0; i < t->n_flags; i++)
        write_line(fp, "flag: ", t->flags[i]);
    write_line(fp, "explain: ", t->explain);
}

static const char *reason_of(const test_result *t)
{
    return t->reason != NULL ? t->reason : verdict_name(t->verdict);
}

static void write_failure(FILE *fp, const test_result *t)
{
    const char *type = t->canary                           ? "canary-passed"
                       : t->outcome == EXPECT_UNEXPECTED_PASS ? "unexpected-pass"
                                                            : verdict_name(t->verdict);
    fputs("      <failure type=\"", fp);
    xml_write_text(fp, type);
    fputs("\" message=\"", fp);
    if (t->canary)
        fputs("a canary passed: the runner accepted an answer it must refuse", fp);
    else if (t->outcome == EXPECT_UNEXPECTED_PASS)
        fprintf(fp, "passed, but the expectations file lists it as %s: take it out",
                verdict_name(t->listed));
    else
        xml_write_text(fp, reason_of(t));
    fputs("\">", fp);
    write_failure_body(fp, t);
    fputs("      </failure>\n", fp);
}

/* The note of a passing test that did not simply pass. */
static void write_note(FILE *fp, const run_report *r, const test_result *t)
{
    fputs("      <system-out>", fp);
    if (t->canary)
        fputs("canary failed, as it must: ", fp);
    else if (t->outcome == EXPECT_KNOWN)
        fputs("known failure (listed in the expectations file): ", fp);
    else if (r->lenient && t->verdict == VERDICT_WRONG_ERROR)
        fputs("not a failure with --lenient: ", fp);
    xml_write_text(fp, verdict_name(t->verdict));
    fputs(": ", fp);
    xml_write_text(fp, reason_of(t));
    fputs("</system-out>\n", fp);
}

static void write_case(FILE *fp, const run_report *r, const test_result *t)
{
    fputs("    <testcase name=\"", fp);
    xml_write_text(fp, t->tc_id);
    fputs(" [", fp);
    xml_write_text(fp, t->role);
    fputs("]\" classname=\"", fp);
    xml_write_text(fp, t->file);
    fputc('.', fp);
    xml_write_text(fp, t->role);
    fputc('.', fp);
    xml_write_text(fp, t->mode);
    fprintf(fp, "\" time=\"%.6f\">\n", t->seconds);
    write_case_properties(fp, t);
    case_kind k = classify(r, t);
    if (k == CASE_FAILED) {
        write_failure(fp, t);
    } else if (k == CASE_SKIPPED) {
        fputs("      <skipped message=\"", fp);
        xml_write_text(fp, reason_of(t));
        fputs("\"/>\n", fp);
    } else if (t->verdict != VERDICT_PASS) {
        write_note(fp, r, t);
    }
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
    case_counts c = {0, 0, 0, 0};
    for (size_t i = 0; i < r->n_results; i++)
        if (strcmp(r->results[i].file, file) == 0)
            count_case(&c, r, &r->results[i]);
    fputs("  <testsuite name=\"", fp);
    xml_write_text(fp, file);
    if (file_is_canaries(r, file))
        fputs(" (canaries: every test must fail)", fp);
    fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.6f\">\n",
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

static void write_document(FILE *fp, const run_report *r)
{
    case_counts all = {0, 0, 0, 0};
    for (size_t i = 0; i < r->n_results; i++)
        count_case(&all, r, &r->results[i]);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pssst-conform ", fp);
    xml_write_text(fp, r->command);
    fputc(' ', fp);
    xml_write_text(fp, r->name);
    fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
            all.tests, all.failures, all.skipped, r->seconds);
    for (size_t i = 0; i < r->n_results; i++)
        if (first_of_file(r, i))
            write_suite(fp, r, r->results[i].file);
    fputs("</testsuites>\n", fp);
}

int report_write_junit(const char *path, const run_report *r, conform_error *err)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    write_document(fp, r);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
