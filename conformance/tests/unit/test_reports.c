/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_reports.c - the report writers and the JSON reader on run_reports
 * built by hand: a JSON report reads back as it was written (strings a
 * harness sent as bad UTF-8 repaired), a file that is no report or a
 * malformed one is refused with its path, the JUnit report has one
 * testcase per test with its sections; then the HTML page
 * (test_report_html.c).
 *
 * Usage: conform_test_reports OUT_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "test_reports.h"

int failures;
static const char *out_dir;

const char *out_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/reports-unit-%s", out_dir, name);
    return path;
}

char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *text = calloc(1, 4u << 20);
    size_t len = fp != NULL && text != NULL ? fread(text, 1, (4u << 20) - 1, fp) : 0;
    if (fp != NULL)
        fclose(fp);
    if (text == NULL)
        exit(2);
    text[len] = '\0';
    return text;
}

size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool is_clean(const char *s)
{
    char *repaired = utf8_repaired(s);
    bool clean = repaired != NULL && strcmp(repaired, s) == 0;
    free(repaired);
    return clean;
}

/* ---- a small run with one test of each kind ----------------------------- */

static char *sections[] = {"7.1", "10.2"};
static char *requirements[] = {"The server MUST check the flags first."};
static char *flags[] = {"reserved_bits", "edge_case"};
static char *errors[] = {"MALFORMED"};
static char *harness[] = {"python3", "harness.py", NULL};
static const char *filter_ids[] = {"server-*"};

static const struct {
    const char *id;
    verdict verdict;
    bool canary;
    expect_outcome outcome;
    verdict listed;
    size_t n_sections;
    const char *reason;
} small_tests[N_SMALL] = {
    {"server-1", VERDICT_PASS, false, EXPECT_NOT_LISTED, VERDICT_PASS, 2, NULL},
    /* A harness's bytes: not UTF-8, a noncharacter, a control character. */
    {"server-2", VERDICT_FAIL, false, EXPECT_NOT_LISTED, VERDICT_PASS, 2,
     "accepted \xff\xfe packet \xEF\xBF\xBE with \x01 bit"},
    {"server-3", VERDICT_CRASH, false, EXPECT_KNOWN, VERDICT_CRASH, 2, "died"},
    {"server-4", VERDICT_UNSUPPORTED, false, EXPECT_NOT_LISTED, VERDICT_PASS, 0, "suite 2"},
    {"canary-1", VERDICT_FAIL, true, EXPECT_NOT_LISTED, VERDICT_PASS, 2, "wrong"},
    {"server-5", VERDICT_PASS, false, EXPECT_UNEXPECTED_PASS, VERDICT_FAIL, 2, NULL},
};

test_result a_test(const char *id, verdict v)
{
    test_result t = {.tc_id = id, .file = "server_anonymous.json", .role = "server",
                     .mode = "anonymous", .result = "invalid", .stage = "unpack_request",
                     .suite = 1, .group = 2, .index = 7, .sections = sections, .n_sections = 2,
                     .requirements = requirements, .n_requirements = 1, .flags = flags,
                     .n_flags = 2, .errors = errors, .n_errors = 1, .verdict = v,
                     .seconds = 0.25};
    return t;
}

void small_run(run_report *r, test_result t[N_SMALL])
{
    for (size_t i = 0; i < N_SMALL; i++) {
        t[i] = a_test(small_tests[i].id, small_tests[i].verdict);
        t[i].canary = small_tests[i].canary;
        t[i].file = t[i].canary ? "canary.json" : t[i].file;
        t[i].outcome = small_tests[i].outcome;
        t[i].listed = small_tests[i].listed;
        t[i].n_sections = small_tests[i].n_sections;
        t[i].reason = (char *)small_tests[i].reason;
    }
    t[1].expected = "MALFORMED";
    t[1].actual = "OK";
    t[1].operation = "unpack_request";
    t[1].explain = "pssst-conform explain 4001ab";
    t[1].comment = "reserved bit 0 set";
    *r = (run_report){.command = "port", .name = "py-port", .implementation = "pssst-py 1.0",
                      .harness_argv = harness, .runner_version = "0.1.0",
                      .runner_backend = "mbedtls", .vector_digest = "0011aabb",
                      .timeout_ms = 5000, .expect_path = "expect.json", .ids = filter_ids,
                      .n_ids = 1, .results = t, .n_results = N_SMALL, .known = 1,
                      .unexpected_pass = 1, .canaries = 1, .restarts = 1, .seconds = 1.5,
                      .exit_code = 1,
                      .counts = {[VERDICT_PASS] = 2, [VERDICT_FAIL] = 1, [VERDICT_CRASH] = 1,
                                 [VERDICT_UNSUPPORTED] = 1}};
}

/*
 * Writes the small run as JSON, reads it back and writes that again: the
 * two files are the same when every member written is read, since the
 * only ones that are not (capabilities, vector files) are empty here.
 */
static void test_json_round_trip(bool in_process)
{
    test_result tests[N_SMALL];
    run_report r, back;
    cJSON *tree;
    conform_error err;
    small_run(&r, tests);
    r.harness_argv = in_process ? NULL : harness;
    CHECK(report_write_json(out_path("first.json"), &r, &err) == 0, "write: %s", err.text);
    if (report_read_json(out_path("first.json"), &back, &tree, &err) != 0) {
        CHECK(false, "read back: %s", err.text);
        return;
    }
    CHECK(report_write_json(out_path("again.json"), &back, &err) == 0, "write: %s", err.text);
    char *first = read_text(out_path("first.json")), *again = read_text(out_path("again.json"));
    CHECK(strcmp(first, again) == 0, "a report read back and written again differs");
    CHECK(is_clean(first), "the JSON report is not clean UTF-8");
    CHECK(back.n_results == N_SMALL && back.counts[VERDICT_PASS] == 2 && back.exit_code == 1,
          "%zu results, %zu passed", back.n_results, back.counts[VERDICT_PASS]);
    CHECK(back.n_results > 1 && same(back.results[1].reason, "accepted \xEF\xBF\xBD\xEF\xBF\xBD "
                                     "packet \xEF\xBF\xBD with ? bit"),
          "bad bytes not replaced by U+FFFD, or a control character kept");
    CHECK(in_process ? back.harness_argv == NULL
                     : back.harness_argv != NULL && same(back.harness_argv[1], "harness.py")
                           && back.harness_argv[2] == NULL,
          "harness command differs");
    free(first);
    free(again);
    run_report_free(&back);
    cJSON_Delete(tree);
}

/* Just enough of a report to reach a test's verdict. */
#define REPORT_HEAD "{\"tool\": \"pssst-conform\", \"command\": \"port\", \"port\": {\"name\": " \
    "\"p\"}, \"runner\": {}, \"options\": {}, \"vectorSet\": {}, \"summary\": {}, "

static void test_refused_inputs(void)
{
    static const struct {
        const char *name, *content, *message;
    } cases[] = {
        {"vectors.json", "{\"algorithm\": \"PSSST\", \"testGroups\": []}",
         "not a pssst-conform report"},
        {"array.json", "[1, 2]", "not a pssst-conform report"},
        {"broken.json", "{\"tool\": ", "not valid JSON"},
        {"no-port.json", "{\"tool\": \"pssst-conform\", \"command\": \"port\", \"tests\": []}",
         "port: required member is missing"},
        {"bad-verdict.json", REPORT_HEAD "\"tests\": [{\"tcId\": \"a\", \"file\": \"f\", "
         "\"role\": \"server\", \"mode\": \"anonymous\", \"result\": \"valid\", \"verdict\": "
         "\"?\"}]}", "tests[0].verdict: unknown verdict \"?\""},
        {"bad-list.json", REPORT_HEAD "\"tests\": [{\"tcId\": \"a\", \"file\": \"f\", "
         "\"role\": \"server\", \"mode\": \"anonymous\", \"result\": \"valid\", \"sections\": "
         "[7]}]}", "tests[0].sections[0]: expected a string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_report back;
        cJSON *tree;
        conform_error err;
        char want[700];
        FILE *fp = fopen(out_path(cases[i].name), "w");
        if (fp == NULL || fputs(cases[i].content, fp) < 0 || fclose(fp) != 0)
            exit(2);
        snprintf(want, sizeof want, "%s: %s", out_path(cases[i].name), cases[i].message);
        int rc = report_read_json(out_path(cases[i].name), &back, &tree, &err);
        CHECK(rc != 0 && strstr(err.text, want) != NULL, "%s: message \"%s\", wanted \"%s\"",
              cases[i].name, rc != 0 ? err.text : "(read)", want);
        CHECK(rc != 0 && tree == NULL && back.results == NULL, "%s: left something to free",
              cases[i].name);
    }
}

static void test_junit(void)
{
    test_result tests[N_SMALL];
    run_report r;
    conform_error err;
    small_run(&r, tests);
    CHECK(report_write_junit(out_path("small.xml"), &r, &err) == 0, "write: %s", err.text);
    char *xml = read_text(out_path("small.xml"));
    static const struct {
        const char *text;
        size_t count;
    } expected[] = {
        {"<testcase ", N_SMALL},
        {"      <properties>", N_SMALL},
        {"<property name=\"section\" value=\"7.1\"/>", N_SMALL - 1},
        /* server-2 fails; server-3 is known; server-5 passed unexpectedly;
         * the canary failed as it must; server-4 is unsupported. */
        {"<testsuites name=\"pssst-conform port py-port\" tests=\"6\" failures=\"2\" "
         "errors=\"0\" skipped=\"1\"", 1},
        /* Bad bytes become U+FFFD; U+FFFE and the control character, which
         * XML 1.0 forbids, are left out. */
        {"<failure type=\"fail\" message=\"accepted \xEF\xBF\xBD\xEF\xBF\xBD packet  with  bit\">",
         1},
        {"<failure type=\"unexpected-pass\"", 1},
        {"<system-out>known failure (listed in the expectations file): crash: died", 1},
        {"<testsuite name=\"canary.json (canaries: every test must fail)\"", 1},
        {"explain: pssst-conform explain 4001ab", 1},
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        CHECK(count_of(xml, expected[i].text) == expected[i].count, "%zu times, wanted %zu: %s",
              count_of(xml, expected[i].text), expected[i].count, expected[i].text);
    CHECK(is_clean(xml) && strchr(xml, '\x01') == NULL, "JUnit is not clean");
    free(xml);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: conform_test_reports OUT_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    test_json_round_trip(false);
    test_json_round_trip(true);
    test_refused_inputs();
    test_junit();
    test_html();
    if (failures > 0) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("report writers and reader: all checks passed\n");
    return 0;
}
