/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_report_writers.c - the report writers of pssst-conform
 * (conformance/result.h: text, JSON, JUnit, HTML) fed a run whose strings
 * are whatever a hostile harness or vector file could put there: a
 * harness's name and reasons, test ids, comments, expected and actual
 * values, with any bytes.
 *
 * Input: one byte for the number of tests (1 to 8), then per test one
 * byte (verdict in the low bits, canary in bit 7, expectation outcome in
 * bits 4-5); the rest of the input is cut at NUL bytes into the strings
 * the run needs, in order: implementation, port name, then per test its
 * id, reason, expected, actual and comment (missing ones are empty).
 *
 * Properties (spec/harness.md 3.5, "strings in reports"): every writer
 * succeeds; the JSON report is valid UTF-8 that report_read_json reads
 * back with every test; the JUnit and HTML reports are valid UTF-8 with
 * no character XML 1.0 forbids.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "result.h"

#define MAX_TESTS 8
#define STRINGS_PER_TEST 5
#define MAX_STRINGS (2 + MAX_TESTS * STRINGS_PER_TEST)
#define MAX_REPORT (8u << 20)

static char *sections[] = {"7.1", "10.2"};
static char *flags[] = {"ReservedFlagBit"};
static char *errors[] = {"MALFORMED"};

/* Cuts the input at NUL bytes into at most MAX_STRINGS terminated strings. */
static size_t cut_strings(const uint8_t *data, size_t size, char *out[MAX_STRINGS])
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size && n < MAX_STRINGS; i++) {
        if (i < size && data[i] != 0)
            continue;
        out[n] = (char *)fuzz_alloc(i - start + 1, 0);
        memcpy(out[n], data + start, i - start);
        n++;
        start = i + 1;
    }
    for (size_t k = n; k < MAX_STRINGS; k++)
        out[k] = (char *)fuzz_alloc(1, 0);
    return MAX_STRINGS;
}

/* Whether s[0..len) is UTF-8 without U+FFFE, U+FFFF or (when xml) a control
 * character other than tab and line breaks. */
static bool clean_text(const uint8_t *s, size_t len, bool xml)
{
    for (size_t i = 0; i < len;) {
        uint8_t c = s[i];
        if (c < 0x80) {
            if (xml && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return false;
            i++;
            continue;
        }
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
        if (n == 0 || c > 0xf4 || i + n > len)
            return false;
        uint32_t cp = c & (0x7fu >> n);
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
            cp == 0xfffe || cp == 0xffff)
            return false;
        i += n;
    }
    return true;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    fuzz_require(fp != NULL, "a written report can be opened");
    uint8_t *buf = (uint8_t *)malloc(MAX_REPORT);
    fuzz_require(buf != NULL, "memory for a report");
    *len = fread(buf, 1, MAX_REPORT, fp);
    fclose(fp);
    fuzz_require(*len < MAX_REPORT, "a report of 8 tests stays under 8 MiB");
    return buf;
}

static void require_clean_file(const char *path, bool xml, const char *what)
{
    size_t len;
    uint8_t *text = read_file(path, &len);
    fuzz_require(clean_text(text, len, xml), what);
    free(text);
}

/* A scratch folder for the report files, made once per process and
 * removed when it exits. */
static char scratch[] = "/tmp/pssst-fuzz-reports-XXXXXX";
static const char *const report_names[] = {"report.json", "report.xml", "report.html"};

static const char *report_path(const char *name)
{
    static char path[sizeof scratch + 32];
    snprintf(path, sizeof path, "%s/%s", scratch, name);
    return path;
}

static void remove_scratch(void)
{
    for (size_t i = 0; i < sizeof report_names / sizeof report_names[0]; i++)
        unlink(report_path(report_names[i]));
    rmdir(scratch);
}

static void make_scratch(void)
{
    static bool made;
    if (made)
        return;
    fuzz_require(mkdtemp(scratch) != NULL, "a scratch folder for reports");
    atexit(remove_scratch);
    made = true;
}

static void fill_test(test_result *t, uint8_t control, char **s)
{
    *t = (test_result){.tc_id = s[0], .reason = s[1], .expected = s[2], .actual = s[3],
                       .comment = s[4], .file = "server_anonymous.json", .role = "server",
                       .mode = "anonymous", .result = "invalid", .stage = "unpack_request",
                       .suite = 1, .sections = sections, .n_sections = 2, .flags = flags,
                       .n_flags = 1, .errors = errors, .n_errors = 1,
                       .operation = "unpack_request", .explain = s[4]};
    t->verdict = (verdict)(control % VERDICT_COUNT);
    t->canary = (control & 0x80) != 0;
    t->outcome = (expect_outcome)((control >> 4) & 3);
    t->listed = VERDICT_FAIL;
    if (t->verdict == VERDICT_PASS && t->outcome == EXPECT_NOT_LISTED)
        t->reason = NULL;
}

static void count(run_report *r)
{
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (t->canary) {
            r->canaries++;
            r->canaries_passed += t->verdict == VERDICT_PASS;
            continue;
        }
        r->counts[t->verdict]++;
        r->known += t->outcome == EXPECT_KNOWN;
        r->unexpected_pass += t->outcome == EXPECT_UNEXPECTED_PASS;
        r->changed += t->outcome == EXPECT_CHANGED;
    }
}

static void check_json(const run_report *r)
{
    conform_error err;
    const char *path = report_path(report_names[0]);
    fuzz_require(report_write_json(path, r, &err) == 0, "the JSON report is written");
    require_clean_file(path, false, "the JSON report is valid UTF-8");
    run_report back;
    cJSON *tree = NULL;
    fuzz_require(report_read_json(path, &back, &tree, &err) == 0,
                 "the JSON report reads back");
    fuzz_require(back.n_results == r->n_results, "every test reads back");
    run_report_free(&back);
    cJSON_Delete(tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader in;
    make_scratch();
    fuzz_reader_init(&in, data, size);
    size_t n_tests = 1 + fuzz_take_u8(&in) % MAX_TESTS;
    uint8_t controls[MAX_TESTS];
    fuzz_take_bytes(&in, controls, n_tests);
    char *s[MAX_STRINGS];
    cut_strings(fuzz_rest(&in), fuzz_remaining(&in), s);

    test_result tests[MAX_TESTS];
    for (size_t i = 0; i < n_tests; i++)
        fill_test(&tests[i], controls[i], s + 2 + i * STRINGS_PER_TEST);
    run_report r = {.command = "port", .implementation = s[0], .name = s[1],
                    .runner_version = "0.1.0", .runner_backend = "mbedtls",
                    .vector_digest = "00", .timeout_ms = 5000, .results = tests,
                    .n_results = n_tests, .exit_code = 1};
    count(&r);

    FILE *text = fopen("/dev/null", "w");
    fuzz_require(text != NULL, "/dev/null opens");
    report_text_summary(&r, (controls[0] & 0x40) != 0, text);
    fclose(text);
    check_json(&r);
    conform_error err;
    fuzz_require(report_write_junit(report_path(report_names[1]), &r, &err) == 0,
                 "the JUnit report is written");
    require_clean_file(report_path(report_names[1]), true, "the JUnit report is clean XML text");
    fuzz_require(report_write_html(report_path(report_names[2]), &r, 1, &err) == 0,
                 "the HTML report is written");
    require_clean_file(report_path(report_names[2]), true, "the HTML report is clean text");

    for (size_t i = 0; i < MAX_STRINGS; i++)
        free(s[i]);
    return 0;
}
