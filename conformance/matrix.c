/* SPDX-License-Identifier: Apache-2.0 */
/* matrix.c - `pssst-conform matrix`: JSON reports of runs on one HTML page. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "result.h"

#define EXIT_WRITTEN 0
#define EXIT_USAGE 2

static const char matrix_usage[] =
    "usage: pssst-conform matrix REPORT.json ... --html OUT\n"
    "  Puts the JSON reports (--json of vectors, transcripts or port) of one or more\n"
    "  runs on one HTML page: a summary per run, spec sections by runs, and the tests\n"
    "  that did not pass, grouped.\n";

/* The reports read so far; each run's strings live in its tree. */
typedef struct {
    run_report *runs;
    cJSON **trees;
    size_t n;
} matrix_input;

/* Says what is wrong (problem, then what), with the usage when it helps. */
static int fail(const char *problem, const char *what, const char *usage)
{
    fprintf(stderr, "pssst-conform matrix: %s%s\n%s", problem, what, usage);
    return EXIT_USAGE;
}

/* Reads the reports named by the arguments and writes the page; returns the exit status. */
static int run_matrix(int argc, char **argv, matrix_input *m)
{
    const char *out = NULL;
    conform_error err;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(matrix_usage, stdout);
            return EXIT_WRITTEN;
        }
        const char *html = cli_option_value(argc, argv, &i, "--html");
        if (html != NULL && html[0] == '\0')
            return fail("--html needs a file name", "", matrix_usage);
        if (html != NULL)
            out = html;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return fail("unknown option ", argv[i], matrix_usage);
        else if (report_read_json(argv[i], &m->runs[m->n], &m->trees[m->n], &err) != 0)
            return fail(err.text, "", "");
        else
            m->n++;
    }
    if (out == NULL || m->n == 0)
        return fail(out == NULL ? "no --html OUT given" : "no report given", "", matrix_usage);
    if (report_write_html(out, m->runs, m->n, &err) != 0)
        return fail(err.text, "", "");
    printf("matrix of %zu run%s written to %s\n", m->n, m->n == 1 ? "" : "s", out);
    return EXIT_WRITTEN;
}

int conform_matrix_main(int argc, char **argv)
{
    size_t room = argc > 0 ? (size_t)argc : 1;
    matrix_input m = {calloc(room, sizeof(run_report)), calloc(room, sizeof(cJSON *)), 0};
    int rc = m.runs != NULL && m.trees != NULL ? run_matrix(argc, argv, &m)
                                               : fail("out of memory", "", "");
    for (size_t i = 0; i < m.n; i++) {
        run_report_free(&m.runs[i]);
        cJSON_Delete(m.trees[i]);
    }
    free(m.runs);
    free(m.trees);
    return rc;
}
