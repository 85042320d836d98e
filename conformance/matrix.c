/* SPDX-License-Identifier: Apache-2.0 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void input_free(matrix_input *m)
{
    for (size_t i = 0; i < m->n; i++) {
        run_report_free(&m->runs[i]);
        cJSON_Delete(m->trees[i]);
    }
    free(m->runs);
    free(m->trees);
}

static int usage_error(const char *problem, const char *arg)
{
    fprintf(stderr, "pssst-conform matrix: %s%s\n%s", problem, arg, matrix_usage);
    return EXIT_USAGE;
}

/* Reads the arguments; *out is the page to write. Returns -1 when done
 * (reports read), or the exit status to leave with. */
static int read_arguments(int argc, char **argv, matrix_input *m, const char **out)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        conform_error err;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(matrix_usage, stdout);
            return EXIT_WRITTEN;
        }
        if (strcmp(a, "--html") == 0) {
            if (i + 1 == argc)
                return usage_error("--html needs a file name", "");
            *out = argv[++i];
        } else if (strncmp(a, "--html=", 7) == 0 && a[7] != '\0') {
            *out = a + 7;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option ", a);
        } else if (report_read_json(a, &m->runs[m->n], &m->trees[m->n], &err) != 0) {
            fprintf(stderr, "pssst-conform matrix: %s\n", err.text);
            return EXIT_USAGE;
        } else {
            m->n++;
        }
    }
    if (*out == NULL)
        return usage_error("no --html OUT given", "");
    if (m->n == 0)
        return usage_error("no report given", "");
    return -1;
}

static int write_page(const char *out, const matrix_input *m)
{
    conform_error err;
    if (report_write_html(out, m->runs, m->n, &err) != 0) {
        fprintf(stderr, "pssst-conform matrix: %s\n", err.text);
        return EXIT_USAGE;
    }
    printf("matrix of %zu run%s written to %s\n", m->n, m->n == 1 ? "" : "s", out);
    return EXIT_WRITTEN;
}

int conform_matrix_main(int argc, char **argv)
{
    size_t room = argc > 0 ? (size_t)argc : 1;
    matrix_input m = {calloc(room, sizeof(run_report)), calloc(room, sizeof(cJSON *)), 0};
    const char *out = NULL;
    int rc;
    if (m.runs == NULL || m.trees == NULL) {
        fputs("pssst-conform matrix: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else {
        rc = read_arguments(argc, argv, &m, &out);
    }
    if (rc < 0)
        rc = write_page(out, &m);
    input_free(&m);
    return rc;
}
