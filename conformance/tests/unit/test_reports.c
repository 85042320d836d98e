/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_reports.c - the report writers and the JSON reader on run_reports
 * built by hand: a JSON report reads back as it was written (strings a
 * harness sent as bad UTF-8 repaired), a file that is no report or a
 * malformed one is refused with its path, the JUnit report has one
 * testcase per test with its sections, and the HTML page of a run where
 * every one of 893 tests fails with 4 KB values stays small.
 *
 * Usage: conform_test_reports OUT_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "result.h"

#define HTML_BOUND (200u * 1024u)
#define BIG_TESTS 893

static int failures;
static const char *out_dir;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
            printf(__VA_ARGS__);                                                \
            printf("\n");                                                       \
            failures++;                                                         \
        }                                                                       \
    } while (0)

static void out_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/reports-unit-%s", out_dir, name);
}

static char *read_text(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    size_t cap = 1 << 20, used = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        used += fread(buf + used, 1, cap - used, fp);
        if (used < cap)
            break;
        char *grown = realloc(buf, 2 * cap + 1);
        if (grown == NULL)
            free(buf);
        buf = grown;
        cap *= 2;
    }
    fclose(fp);
    if (buf != NULL)
        buf[used] = '\0';
    *len = used;
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL || fputs(text, fp) < 0 || fclose(fp) != 0) {
        printf("cannot write %s\n", path);
        exit(2);
    }
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- a small run with one test of each kind ------------------------------ */

static char *sections_71[] = {"7.1", "10.2"};
static char *sections_92[] = {"9.2"};
static char *requirements[] = {"The server MUST check the flags first.",
                               "The server MUST refuse reserved bits."};
static char *flags[] = {"reserved_bits", "edge_case"};
static char *errors[] = {"MALFORMED"};
static char *harness[] = {"python3", "harness.py", NULL};
static const char *filter_ids[] = {"server-*"};

static test_result small_test(const char *id, verdict v, bool canary)
{
    test_result t;
    memset(&t, 0, sizeof t);
    t.tc_id = id;
    t.file = canary ? "canary.json" : "server_anonymous.json";
    t.role = "server";
    t.mode = "anonymous";
    t.result = "invalid";
    t.stage = "unpack_request";
    t.suite = 1;
    t.group = 2;
    t.index = 7;
    t.sections = sections_71;
    t.n_sections = 2;
    t.requirements = requirements;
    t.n_requirements = 2;
    t.flags = flags;
    t.n_flags = 2;
    t.errors = errors;
    t.n_errors = 1;
    t.canary = canary;
    t.verdict = v;
    t.seconds = 0.25;
    return t;
}

static void small_run(run_report *r, test_result *t)
{
    memset(r, 0, sizeof *r);
    t[0] = small_test("server-1", VERDICT_PASS, false);
    t[0].sections = sections_92;
    t[0].n_sections = 1;
    t[1] = small_test("server-2", VERDICT_FAIL, false);
    /* A harness's bytes: not UTF-8, a noncharacter, a control character. */
    t[1].reason = "accepted \xff\xfe packet \xEF\xBF\xBE with \x01 bit";
    t[1].expected = "MALFORMED";
    t[1].actual = "OK";
    t[1].operation = "unpack_request";
    t[1].explain = "pssst-conform explain 4001ab";
    t[1].comment = "reserved bit 0 set";
    t[2] = small_test("server-3", VERDICT_CRASH, false);
    t[2].reason = "harness died";
    t[2].outcome = EXPECT_KNOWN;
    t[2].listed = VERDICT_CRASH;
    t[3] = small_test("server-4", VERDICT_UNSUPPORTED, false);
    t[3].reason = "suite 2";
    t[3].n_sections = 0;
    t[4] = small_test("canary-1", VERDICT_FAIL, true);
    t[4].reason = "wrong bytes, as the canary must give";
    t[5] = small_test("server-5", VERDICT_PASS, false);
    t[5].outcome = EXPECT_UNEXPECTED_PASS;
    t[5].listed = VERDICT_FAIL;
    r->command = "port";
    r->name = "py-port";
    r->implementation = "pssst-py 1.0";
    r->harness_argv = harness;
    snprintf(r->caps.implementation, sizeof r->caps.implementation, "pssst-py 1.0");
    r->caps.roles[1] = true;
    r->caps.modes[0] = r->caps.modes[1] = true;
    r->caps.suites[0] = 1;
    r->caps.n_suites = 1;
    r->caps.public_key = true;
    r->runner_version = "0.1.0";
    r->runner_backend = "mbedtls";
    r->vector_digest = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    r->timeout_ms = 5000;
    r->expect_path = "expect.json";
    r->ids = filter_ids;
    r->n_ids = 1;
    r->results = t;
    r->n_results = 6;
    r->counts[VERDICT_PASS] = 2;
    r->counts[VERDICT_FAIL] = 1;
    r->counts[VERDICT_CRASH] = 1;
    r->counts[VERDICT_UNSUPPORTED] = 1;
    r->known = 1;
    r->unexpected_pass = 1;
    r->canaries = 1;
    r->restarts = 1;
    r->seconds = 1.5;
    r->exit_code = 1;
}

static bool same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void compare_test(const test_result *want, const test_result *got)
{
    CHECK(same(want->tc_id, got->tc_id), "tcId %s", got->tc_id);
    CHECK(same(want->file, got->file) && same(want->role, got->role)
              && same(want->mode, got->mode) && same(want->result, got->result)
              && same(want->stage, got->stage) && same(want->comment, got->comment),
          "%s: names differ", want->tc_id);
    CHECK(want->verdict == got->verdict, "%s: verdict %d", want->tc_id, got->verdict);
    CHECK(want->canary == got->canary && want->suite == got->suite
              && want->group == got->group && want->index == got->index,
          "%s: canary, suite, group or index differ", want->tc_id);
    CHECK(want->n_sections == got->n_sections && want->n_flags == got->n_flags
              && want->n_requirements == got->n_requirements && want->n_errors == got->n_errors,
          "%s: array lengths differ", want->tc_id);
    for (size_t i = 0; i < got->n_sections && i < want->n_sections; i++)
        CHECK(same(want->sections[i], got->sections[i]), "%s: section %zu", want->tc_id, i);
    CHECK(want->outcome == got->outcome, "%s: outcome %d", want->tc_id, got->outcome);
    CHECK(want->outcome == EXPECT_NOT_LISTED || want->listed == got->listed,
          "%s: listed verdict", want->tc_id);
    CHECK(same(want->expected, got->expected) && same(want->actual, got->actual)
              && same(want->explain, got->explain) && same(want->operation, got->operation),
          "%s: details differ", want->tc_id);
    CHECK(got->seconds == want->seconds, "%s: seconds %g", want->tc_id, got->seconds);
}

static void test_json_round_trip(void)
{
    test_result tests[6];
    run_report r, back;
    cJSON *tree;
    conform_error err;
    char path[512];
    small_run(&r, tests);
    out_path(path, sizeof path, "small.json");
    CHECK(report_write_json(path, &r, &err) == 0, "write: %s", err.text);
    size_t len;
    char *text = read_text(path, &len);
    CHECK(text != NULL && utf8_is_clean(text), "the JSON report is not clean UTF-8");
    free(text);
    if (report_read_json(path, &back, &tree, &err) != 0) {
        CHECK(false, "read back: %s", err.text);
        return;
    }
    CHECK(back.n_results == r.n_results, "%zu results read", back.n_results);
    for (int v = 0; v < VERDICT_COUNT; v++)
        CHECK(back.counts[v] == r.counts[v], "count of %s", verdict_name((verdict)v));
    CHECK(back.known == 1 && back.unexpected_pass == 1 && back.canaries == 1
              && back.restarts == 1 && back.exit_code == 1 && back.seconds == 1.5,
          "summary differs");
    CHECK(same(back.command, "port") && same(back.name, "py-port")
              && same(back.implementation, "pssst-py 1.0") && same(back.runner_version, "0.1.0")
              && same(back.runner_backend, "mbedtls") && same(back.vector_digest, r.vector_digest),
          "header differs");
    CHECK(back.harness_argv != NULL && same(back.harness_argv[1], "harness.py")
              && back.harness_argv[2] == NULL, "harness command differs");
    CHECK(!back.caps.roles[0] && back.caps.roles[1] && back.caps.modes[1]
              && back.caps.n_suites == 1 && back.caps.public_key && !back.caps.ephemeral,
          "capabilities differ");
    CHECK(back.timeout_ms == 5000 && same(back.expect_path, "expect.json") && back.n_ids == 1
              && same(back.ids[0], "server-*") && back.n_sections == 0 && !back.lenient,
          "options differ");
    CHECK(!back.owns_details && back.set == NULL, "read-back report owns nothing");
    for (size_t i = 0; i < back.n_results && i < r.n_results; i++) {
        if (i != 1)
            CHECK(same(tests[i].reason, back.results[i].reason), "reason %zu", i);
        compare_test(&tests[i], &back.results[i]);
    }
    const char *reason = back.n_results > 1 ? back.results[1].reason : NULL;
    CHECK(reason != NULL && strstr(reason, "\xEF\xBF\xBD") != NULL && utf8_is_clean(reason)
              && strstr(reason, "\x01 bit") != NULL,
          "bad bytes not replaced: %s", reason != NULL ? reason : "(null)");
    run_report_free(&back);
    cJSON_Delete(tree);
}

static void test_library_run_has_no_command(void)
{
    test_result tests[6];
    run_report r, back;
    cJSON *tree;
    conform_error err;
    char path[512];
    small_run(&r, tests);
    r.harness_argv = NULL;
    r.command = "vectors";
    out_path(path, sizeof path, "library.json");
    CHECK(report_write_json(path, &r, &err) == 0, "write: %s", err.text);
    size_t len;
    char *text = read_text(path, &len);
    CHECK(text != NULL && strstr(text, "\"command\":\tnull") != NULL,
          "port.command is not null for the library");
    free(text);
    CHECK(report_read_json(path, &back, &tree, &err) == 0, "read: %s", err.text);
    CHECK(back.harness_argv == NULL, "harness command read from null");
    run_report_free(&back);
    cJSON_Delete(tree);
}

static void expect_refused(const char *name, const char *content, const char *message)
{
    run_report back;
    cJSON *tree;
    conform_error err;
    char path[512], want[700];
    out_path(path, sizeof path, name);
    write_text(path, content);
    snprintf(want, sizeof want, "%s: %s", path, message);
    int rc = report_read_json(path, &back, &tree, &err);
    CHECK(rc != 0 && strstr(err.text, want) != NULL, "%s: message \"%s\", wanted \"%s\"", name,
          rc != 0 ? err.text : "(read)", want);
    CHECK(rc != 0 && tree == NULL && back.results == NULL, "%s: left something to free", name);
    if (rc == 0) {
        run_report_free(&back);
        cJSON_Delete(tree);
    }
}

static void test_refused_inputs(void)
{
    expect_refused("vectors.json", "{\"algorithm\": \"PSSST\", \"testGroups\": []}",
                   "not a pssst-conform report");
    expect_refused("array.json", "[1, 2]", "not a pssst-conform report");
    expect_refused("broken.json", "{\"tool\": ", "not valid JSON");
    /* A written report with one verdict changed to no verdict. */
    test_result tests[6];
    run_report r;
    conform_error err;
    char path[512];
    small_run(&r, tests);
    tests[2].verdict = VERDICT_COUNT; /* written as "?" */
    out_path(path, sizeof path, "bad-verdict.json");
    CHECK(report_write_json(path, &r, &err) == 0, "write: %s", err.text);
    size_t len;
    char *text = read_text(path, &len);
    if (text != NULL)
        expect_refused("bad-verdict.json", text, "tests[2].verdict: unknown verdict \"?\"");
    free(text);
    expect_refused("no-port.json", "{\"tool\": \"pssst-conform\", \"command\": \"port\", "
                                   "\"tests\": []}", "port: required member is missing");
}

static void test_junit(void)
{
    test_result tests[6];
    run_report r;
    conform_error err;
    char path[512];
    small_run(&r, tests);
    out_path(path, sizeof path, "small.xml");
    CHECK(report_write_junit(path, &r, &err) == 0, "write: %s", err.text);
    size_t len;
    char *xml = read_text(path, &len);
    if (xml == NULL) {
        CHECK(false, "no JUnit file");
        return;
    }
    CHECK(count_of(xml, "<testcase ") == r.n_results, "%zu testcases for %zu tests",
          count_of(xml, "<testcase "), r.n_results);
    CHECK(count_of(xml, "      <properties>") == r.n_results, "a testcase lacks properties");
    CHECK(count_of(xml, "<property name=\"section\" value=\"7.1\"/>") == 4,
          "section properties: %zu", count_of(xml, "<property name=\"section\" value=\"7.1\"/>"));
    /* server-2 fails; server-3 is known; server-5 passed unexpectedly; the
     * canary failed as it must; server-4 is unsupported. */
    CHECK(strstr(xml, "tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"1\"") != NULL,
          "testsuites counts wrong");
    /* Bad bytes become U+FFFD; U+FFFE and the control character, which
     * XML 1.0 forbids, are left out. */
    CHECK(strstr(xml, "<failure type=\"fail\" message=\"accepted \xEF\xBF\xBD\xEF\xBF\xBD packet "
                      " with  bit\">") != NULL,
          "failure message not cleaned");
    CHECK(strstr(xml, "<failure type=\"unexpected-pass\"") != NULL, "unexpected pass not failed");
    CHECK(strstr(xml, "known failure (listed in the expectations file): crash") != NULL,
          "known failure not noted");
    CHECK(strstr(xml, "canary.json (canaries: every test must fail)") != NULL,
          "canary suite not marked");
    CHECK(strstr(xml, "explain: pssst-conform explain 4001ab") != NULL, "no explain command");
    CHECK(utf8_is_clean(xml) && strchr(xml, '\x01') == NULL, "JUnit is not clean");
    free(xml);
}

/* ---- a full run where everything fails ----------------------------------- */

static char *big_sections[] = {"2.1", "4.1", "4.3", "5.3", "7.1", "7.2", "7.3", "8.2", "9.1",
                               "9.2", "10.1"};
#define N_BIG_SECTIONS (sizeof big_sections / sizeof big_sections[0])
#define N_FLAGS 29
#define N_REQUIREMENTS 79

typedef struct {
    test_result tests[BIG_TESTS];
    char ids[BIG_TESTS][32];
    char flag_text[N_FLAGS][32];
    char *flag_ptr[N_FLAGS];
    char requirement_text[N_REQUIREMENTS][160];
    char *requirement_ptr[N_REQUIREMENTS];
    char *expected, *actual, *explain;
} big_run;

static void fill_big_run(big_run *b, run_report *r)
{
    static const verdict verdicts[] = {VERDICT_FAIL, VERDICT_WRONG_ERROR, VERDICT_CRASH,
                                       VERDICT_TIMEOUT};
    memset(r, 0, sizeof *r);
    b->expected = malloc(RESULT_MAX_HEX + 1);
    b->actual = malloc(RESULT_MAX_HEX + 1);
    b->explain = malloc(800);
    if (b->expected == NULL || b->actual == NULL || b->explain == NULL)
        exit(2);
    memset(b->expected, 'a', RESULT_MAX_HEX);
    memset(b->actual, 'a', RESULT_MAX_HEX);
    b->expected[RESULT_MAX_HEX] = b->actual[RESULT_MAX_HEX] = '\0';
    b->actual[RESULT_MAX_HEX / 2] = 'b';
    snprintf(b->explain, 800, "pssst-conform explain --server-private %064d %0600d", 7, 1);
    for (int i = 0; i < N_FLAGS; i++) {
        snprintf(b->flag_text[i], sizeof b->flag_text[i], "bug_type_%d", i);
        b->flag_ptr[i] = b->flag_text[i];
    }
    for (int i = 0; i < N_REQUIREMENTS; i++) {
        snprintf(b->requirement_text[i], sizeof b->requirement_text[i],
                 "Requirement %d: an implementation MUST refuse a packet whose length or "
                 "flags are wrong before it does any public-key work.", i);
        b->requirement_ptr[i] = b->requirement_text[i];
    }
    for (size_t i = 0; i < BIG_TESTS; i++) {
        test_result *t = &b->tests[i];
        snprintf(b->ids[i], sizeof b->ids[i], "server-anonymous-%zu", i);
        *t = small_test(b->ids[i], verdicts[i % 4], false);
        t->sections = &big_sections[i % (N_BIG_SECTIONS - 1)];
        t->n_sections = 2;
        /* About 60 kinds of bug, as in the shipped vectors, each failing
         * with two verdicts: over a hundred groups. */
        t->flags = &b->flag_ptr[i % N_FLAGS];
        t->n_flags = 1;
        t->requirements = &b->requirement_ptr[(i / N_FLAGS) % 2 + (i % N_FLAGS)];
        t->n_requirements = 1;
        t->reason = "the packet was accepted, but the vector says it must be refused at "
                    "unpack_request with MALFORMED";
        t->expected = b->expected;
        t->actual = b->actual;
        t->explain = b->explain;
        r->counts[t->verdict]++;
    }
    r->command = "port";
    r->name = "everything-fails";
    r->implementation = "broken 0.0";
    r->runner_version = "0.1.0";
    r->runner_backend = "mbedtls";
    r->results = b->tests;
    r->n_results = BIG_TESTS;
    r->exit_code = 1;
}

static void test_html_bound(void)
{
    static big_run b;
    run_report runs[2];
    test_result small[6];
    conform_error err;
    char path[512];
    fill_big_run(&b, &runs[0]);
    small_run(&runs[1], small);
    out_path(path, sizeof path, "all-fail.html");
    CHECK(report_write_html(path, runs, 1, &err) == 0, "write: %s", err.text);
    size_t len;
    char *html = read_text(path, &len);
    CHECK(html != NULL && len < HTML_BOUND, "HTML of %d failing tests: %zu bytes (bound %u)",
          BIG_TESTS, len, HTML_BOUND);
    printf("HTML of %d failing tests with %d-digit values in %zu groups: %zu bytes\n",
           BIG_TESTS, RESULT_MAX_HEX, html != NULL ? count_of(html, "<details") : 0, len);
    CHECK(html != NULL && strstr(html, "7.1 Validation order") != NULL
              && strstr(html, "4.3 Reserved bits") != NULL,
          "section titles missing");
    CHECK(html != NULL && count_of(html, "server-anonymous-892") == 1,
          "a test id is listed more than once");
    CHECK(html != NULL && count_of(html, "<details") > 100, "%zu failure groups",
          html != NULL ? count_of(html, "<details") : 0);
    free(html);

    out_path(path, sizeof path, "two-runs.html");
    CHECK(report_write_html(path, runs, 2, &err) == 0, "write: %s", err.text);
    html = read_text(path, &len);
    CHECK(html != NULL && count_of(html, "<th class=\"port\"") == 2, "two run columns");
    CHECK(html != NULL && strstr(html, "data-port=\"1\" data-section=\"all\" data-pass=\"2\" "
                                       "data-total=\"5\"") != NULL,
          "all-row cell of the small run");
    CHECK(html != NULL && strstr(html, "citing no section") != NULL, "no unsectioned row");
    CHECK(html != NULL && utf8_is_clean(html), "HTML is not clean UTF-8");
    free(html);
    free(b.expected);
    free(b.actual);
    free(b.explain);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: conform_test_reports OUT_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    test_json_round_trip();
    test_library_run_has_no_command();
    test_refused_inputs();
    test_junit();
    test_html_bound();
    if (failures > 0) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("report writers and reader: all checks passed\n");
    return 0;
}
