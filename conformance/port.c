/* SPDX-License-Identifier: Apache-2.0 */
/*
 * port.c - `pssst-conform port`: every vector through a port's harness
 * program (spec/harness.md sections 3 to 6).
 */
#include "port.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_port.h"
#include "cli.h"
#include "expect.h"
#include "html.h"
#include "port_report.h"
#include "port_run.h"
#include "vec_set.h"

#define EXIT_PASS 0
#define EXIT_USAGE 2
/* parse_args result for --help: usage printed, exit 0. */
#define EXIT_HELP (-1)
#define DEFAULT_TIMEOUT_MS 5000
#define MAX_TIMEOUT_MS 3600000
#define DEFAULT_MAX_TIMEOUTS 10
#define MAX_COUNT 1000000

static const char port_usage[] =
    "usage: pssst-conform port [OPTIONS] -- HARNESS [ARGS...]\n"
    "  --vectors PATH      vector file or folder (repeatable; default $PSSST_VECTORS_DIR,\n"
    "                      else the vectors/ folder of the source tree, else the\n"
    "                      installed copy); canary.json of a folder always runs\n"
    "                      and must fail\n"
    "  --name NAME         port name in reports (default: the harness's implementation)\n"
    "  --timeout MS        limit per operation (default 5000)\n"
    "  --max-timeouts N    stop the run after N timeouts (default 10; 0: never)\n"
    "  --expect FILE       known failures of the port (spec/harness.md section 5)\n"
    "  --write-expect FILE write the tests that did not pass as an expectations file\n"
    "  --section S, --id ID, --strict-errors, --verbose   as for `vectors`\n"
    "  --json FILE, --junit FILE, --html FILE   reports\n";

typedef struct {
    const char **sections, **ids, **paths;
    size_t n_sections, n_ids, n_paths;
    bool strict, verbose;
    long timeout_ms;
    long max_timeouts;
    const char *name, *expect, *json, *junit, *html, *write_expect;
    char **command;
} port_args;

static int usage(const char *what, const char *arg)
{
    fprintf(stderr, "pssst-conform port: %s%s\n%s", what, arg, port_usage);
    return EXIT_USAGE;
}

static int parse_timeout(const char *v, long *out)
{
    char *end;
    long t = strtol(v, &end, 10);
    if (v[0] == '\0' || *end != '\0' || t <= 0 || t > MAX_TIMEOUT_MS)
        return usage("--timeout takes milliseconds (1..3600000), not ", v);
    *out = t;
    return 0;
}

static int parse_count(const char *v, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (v[0] == '\0' || *end != '\0' || n < 0 || n > MAX_COUNT)
        return usage("--max-timeouts takes a count (0..1000000), not ", v);
    *out = n;
    return 0;
}

static int parse_one(int argc, char **argv, int *i, port_args *a)
{
    const char *arg = argv[*i], *v;
    const char **single[] = {&a->name, &a->expect, &a->json, &a->junit, &a->html,
                             &a->write_expect};
    const char *single_names[] = {"--name", "--expect", "--json", "--junit", "--html",
                                  "--write-expect"};
    if (strcmp(arg, "--strict-errors") == 0) {
        a->strict = true;
        return 0;
    }
    if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
        a->verbose = true;
        return 0;
    }
    if ((v = cli_option_value(argc, argv, i, "--timeout")) != NULL)
        return parse_timeout(v, &a->timeout_ms);
    if ((v = cli_option_value(argc, argv, i, "--max-timeouts")) != NULL)
        return parse_count(v, &a->max_timeouts);
    if ((v = cli_option_value(argc, argv, i, "--section")) != NULL && v[0] != '\0') {
        a->sections[a->n_sections++] = v;
        return 0;
    }
    if ((v = cli_option_value(argc, argv, i, "--id")) != NULL && v[0] != '\0') {
        a->ids[a->n_ids++] = v;
        return 0;
    }
    if ((v = cli_option_value(argc, argv, i, "--vectors")) != NULL && v[0] != '\0') {
        a->paths[a->n_paths++] = v;
        return 0;
    }
    for (size_t k = 0; k < sizeof single / sizeof single[0]; k++) {
        if ((v = cli_option_value(argc, argv, i, single_names[k])) != NULL) {
            if (v[0] == '\0')
                return usage("missing value of ", single_names[k]);
            *single[k] = v;
            return 0;
        }
    }
    return usage("unknown or incomplete option ", arg);
}

static int parse_args(int argc, char **argv, port_args *a)
{
    a->timeout_ms = DEFAULT_TIMEOUT_MS;
    a->max_timeouts = DEFAULT_MAX_TIMEOUTS;
    a->sections = calloc((size_t)argc + 1, sizeof *a->sections);
    a->ids = calloc((size_t)argc + 1, sizeof *a->ids);
    a->paths = calloc((size_t)argc + 2, sizeof *a->paths);
    if (a->sections == NULL || a->ids == NULL || a->paths == NULL)
        return usage("out of memory", "");
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(port_usage, stdout);
        return EXIT_HELP;
    }
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (parse_one(argc, argv, &i, a) != 0)
            return EXIT_USAGE;
    if (i + 1 >= argc)
        return usage("missing -- HARNESS [ARGS...]", "");
    a->command = argv + i + 1;
    return EXIT_PASS;
}

static void free_args(port_args *a)
{
    free(a->sections);
    free(a->ids);
    free(a->paths);
}

/* Writes the reports asked for; returns exit_code, or 2 when one cannot be written. */
static int write_reports(const port_args *a, const port_report_info *info, const vec_set *set,
                         const port_summary *sum, int exit_code)
{
    if (a->json == NULL && a->junit == NULL && a->html == NULL && a->write_expect == NULL)
        return exit_code;
    conform_error err;
    int rc = 0;
    cJSON *report = port_report_build(info, set, sum);
    if (report == NULL) {
        fprintf(stderr, "pssst-conform port: out of memory building the report\n");
        return EXIT_USAGE;
    }
    if (a->json != NULL)
        rc = port_report_write_json(a->json, report, &err);
    if (rc == 0 && a->write_expect != NULL)
        rc = expect_write_from_report(a->write_expect, report, &err);
    if (rc == 0 && a->junit != NULL)
        rc = port_report_write_junit(a->junit, report, &err);
    if (rc == 0 && a->html != NULL) {
        rm_port model;
        rc = rm_port_load(report, info->name, &model, &err);
        if (rc == 0) {
            rc = html_write_matrix(a->html, &model, 1, &err);
            rm_port_free(&model);
        }
    }
    cJSON_Delete(report);
    if (rc != 0) {
        fprintf(stderr, "pssst-conform port: %s\n", err.text);
        return EXIT_USAGE;
    }
    return exit_code;
}

static int run(const port_args *a, const vec_set *set, expectations *expect)
{
    conform_error err;
    replay_backend be;
    backend_port *port = backend_port_new(a->command, a->timeout_ms, &be);
    if (port == NULL) {
        fprintf(stderr, "pssst-conform port: out of memory\n");
        return EXIT_USAGE;
    }
    if (backend_port_start(port, &err) != 0) {
        fprintf(stderr, "pssst-conform port: %s: %s\n", a->command[0], err.text);
        backend_port_delete(port);
        return EXIT_USAGE;
    }
    const harness_caps *caps = backend_port_caps(port);
    if (!caps->public_key)
        be.public_key = NULL; /* replay.c then leaves the public keys unchecked */
    const char *name = a->name != NULL ? a->name : caps->implementation;
    printf("pssst-conform port: %s (harness %s)\n", name, a->command[0]);
    port_options opt = {
        .select = {.sections = a->sections, .n_sections = a->n_sections, .ids = a->ids,
                   .n_ids = a->n_ids, .strict_errors = a->strict, .verbose = a->verbose},
        .expect = expect,
        .max_timeouts = (size_t)a->max_timeouts,
    };
    port_summary sum;
    int rc;
    if (port_run(set, port, &be, &opt, stdout, &sum, &err) != 0) {
        fprintf(stderr, "pssst-conform port: %s\n", err.text);
        rc = EXIT_USAGE;
    } else {
        printf("%zu test runs in %.2f s\n", sum.n_results, sum.seconds);
        port_print_summary(&sum, stdout);
        rc = port_exit_code(&sum);
        port_report_info info = {
            .name = name, .command = a->command, .caps = caps, .timeout_ms = a->timeout_ms,
            .options = &opt, .exit_code = rc,
        };
        rc = write_reports(a, &info, set, &sum, rc);
    }
    fflush(stdout);
    port_summary_free(&sum);
    backend_port_delete(port);
    return rc;
}

int conform_port_main(int argc, char **argv, const char *default_vectors)
{
    port_args a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc != EXIT_PASS) {
        free_args(&a);
        return rc == EXIT_HELP ? EXIT_PASS : rc;
    }
    if (a.n_paths == 0)
        a.paths[a.n_paths++] = default_vectors;
    signal(SIGPIPE, SIG_IGN); /* a dead harness is a write error, not our death */
    conform_error err;
    expectations expect;
    vec_set set;
    if (a.expect != NULL && expect_load(a.expect, &expect, &err) != 0) {
        fprintf(stderr, "pssst-conform port: %s\n", err.text);
        free_args(&a);
        return EXIT_USAGE;
    }
    /* spec/harness.md 4.3: the canaries always run. */
    if (vec_set_load(a.paths, a.n_paths, true, &set, &err) != 0) {
        fprintf(stderr, "pssst-conform port: %s\n", err.text);
        rc = EXIT_USAGE;
    } else {
        rc = run(&a, &set, a.expect != NULL ? &expect : NULL);
        vec_set_free(&set);
    }
    if (a.expect != NULL)
        expect_free(&expect);
    free_args(&a);
    return rc;
}
