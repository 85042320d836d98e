/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_html.c - the HTML page on run_reports built by hand: a run
 * where every one of 1314 tests (a full run of vectors/) fails with 4 KB values stays under 200 KB
 * and shows its spec section titles, and a page of two runs has a column
 * and an "all" cell per run and a row for tests citing no section.
 */
#include <stdlib.h>
#include <string.h>

#include "test_reports.h"

#define HTML_BOUND (200u * 1024u)
#define BIG_TESTS 1314

static char *big_sections[] = {"2.1", "4.1", "4.3", "5.3", "7.1", "7.2", "7.3", "8.2", "9.1",
                               "9.2", "10.1"};
#define N_FLAGS 29
#define N_REQUIREMENTS 79

typedef struct {
    test_result tests[BIG_TESTS];
    char ids[BIG_TESTS][32];
    char flag_text[N_FLAGS][32];
    char *flag_ptr[N_FLAGS];
    char requirement_text[N_REQUIREMENTS][160];
    char *requirement_ptr[N_REQUIREMENTS];
    char expected[RESULT_MAX_HEX + 1], actual[RESULT_MAX_HEX + 1], explain[800];
} big_run;

static void fill_big_run(big_run *b, run_report *r)
{
    static const verdict verdicts[] = {VERDICT_FAIL, VERDICT_WRONG_ERROR, VERDICT_CRASH,
                                       VERDICT_TIMEOUT};
    *r = (run_report){.command = "port", .name = "everything-fails", .results = b->tests,
                      .n_results = BIG_TESTS, .exit_code = 1};
    memset(b->expected, 'a', RESULT_MAX_HEX);
    memset(b->actual, 'a', RESULT_MAX_HEX);
    b->actual[RESULT_MAX_HEX / 2] = 'b';
    snprintf(b->explain, sizeof b->explain,
             "pssst-conform explain --server-private %064d %0600d", 7, 1);
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
        *t = a_test(b->ids[i], verdicts[i % 4]);
        t->sections = &big_sections[i % 10];
        /* About 60 kinds of bug, as in the shipped vectors, each failing
         * with two verdicts: over a hundred groups. */
        t->flags = &b->flag_ptr[i % N_FLAGS];
        t->n_flags = 1;
        t->requirements = &b->requirement_ptr[(i / N_FLAGS) % 2 + (i % N_FLAGS)];
        t->reason = "the packet was accepted, but the vector says it must be refused at "
                    "unpack_request with MALFORMED";
        t->expected = b->expected;
        t->actual = b->actual;
        t->explain = b->explain;
        r->counts[t->verdict]++;
    }
}

void test_html(void)
{
    static big_run b;
    run_report runs[2];
    test_result small[N_SMALL];
    conform_error err;
    fill_big_run(&b, &runs[0]);
    small_run(&runs[1], small);
    CHECK(report_write_html(out_path("all-fail.html"), runs, 1, &err) == 0, "write: %s",
          err.text);
    char *html = read_text(out_path("all-fail.html"));
    size_t len = strlen(html);
    printf("HTML of %d failing tests with %d-digit values in %zu groups: %zu bytes\n",
           BIG_TESTS, RESULT_MAX_HEX, count_of(html, "<details"), len);
    CHECK(len > 0 && len < HTML_BOUND, "%zu bytes, bound %u", len, HTML_BOUND);
    CHECK(strstr(html, "7.1 Validation order") != NULL && strstr(html, "4.3 Reserved bits") != NULL,
          "section titles missing");
    CHECK(count_of(html, "server-anonymous-892") == 1, "a test id is listed more than once");
    CHECK(count_of(html, "<details") > 100, "%zu failure groups", count_of(html, "<details"));
    free(html);

    CHECK(report_write_html(out_path("two-runs.html"), runs, 2, &err) == 0, "write: %s",
          err.text);
    html = read_text(out_path("two-runs.html"));
    CHECK(count_of(html, "<th class=\"port\"") == 2, "two run columns");
    CHECK(strstr(html, "data-port=\"1\" data-section=\"all\" data-pass=\"2\" "
                       "data-total=\"5\"") != NULL, "all-row cell of the small run");
    CHECK(strstr(html, "citing no section") != NULL, "no unsectioned row");
    CHECK(is_clean(html), "HTML is not clean UTF-8");
    free(html);
}
