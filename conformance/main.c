/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pssst-conform - the conformance runner of pssst-c (README.md).
 *
 * vectors, transcripts and port are one run (run.c) over one backend
 * (backend.c): this library in-process, or a port's harness program.
 * Every command exits 0 on pass, 1 on failure, 2 on a usage error or a
 * run that shows nothing (a broken run).
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pssst.h"
#include "run.h"

/* The vectors/ folder of the source tree, and the installed copy relative to
 * this program (CMakeLists.txt). */
#ifndef PSSST_CONFORM_DEFAULT_VECTORS
#define PSSST_CONFORM_DEFAULT_VECTORS "vectors"
#endif
#ifndef PSSST_CONFORM_INSTALLED_VECTORS
#define PSSST_CONFORM_INSTALLED_VECTORS ""
#endif

#define EXIT_PASS 0
#define EXIT_USAGE CLI_EXIT_USAGE

static const char run_options_text[] =
    "  --section S         only tests citing section S or a subsection (repeatable)\n"
    "  --id ID             only the test ID; shell globs allowed (repeatable)\n"
    "  --lenient           a wrong error is reported but does not fail the run\n"
    "                      (conformance needs the right errors: spec/vectors.md)\n"
    "  --verbose, -v       every test that did not pass, in full\n"
    "  --json FILE         JSON report      --junit FILE  JUnit XML report\n"
    "  --html FILE         HTML report      --expect FILE known failures (spec/harness.md 5)\n"
    "  --write-expect FILE write the tests that did not pass as an expectations file\n"
    "canary.json always runs: its tests must fail.\n"
    "exit status: 0 passed, 1 a test failed, 2 usage, input or harness error, broken run\n";

static int run_command(int argc, char **argv);

/* explain takes the arguments after its name. */
static int explain_command(int argc, char **argv)
{
    return explain_main(argc - 1, argv + 1);
}

static int version_command(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("pssst-conform (pssst-c %s, x25519 %s)\n", pssst_version(), pssst_x25519_backend());
    return EXIT_PASS;
}

/* Every command: its usage (`COMMAND --help`) and what runs it (argv[0] its name). */
static const struct {
    const char *name;
    const char *usage;
    int (*run)(int argc, char **argv);
} COMMANDS[] = {
    {"vectors",
     "usage: pssst-conform vectors [OPTIONS] [FILE|DIR ...]\n"
     "Runs vector and transcript files against this library (default folder:\n"
     "$PSSST_VECTORS_DIR, else the source tree's vectors/, else the installed copy).\n",
     run_command},
    {"transcripts",
     "usage: pssst-conform transcripts [OPTIONS] FILE ...\n"
     "Runs transcript files (vectors/reference/README.md) in both roles; the\n"
     "same as vectors, with at least one FILE.\n",
     run_command},
    {"port",
     "usage: pssst-conform port [OPTIONS] [--vectors PATH]... -- HARNESS [ARGS...]\n"
     "Runs every vector (and transcript file given) through a port's harness program\n"
     "(spec/harness.md).\n"
     "  --vectors PATH      vector or transcript file or folder (repeatable; default\n"
     "                      as for vectors)\n"
     "  --name NAME         port name in reports (default: the harness's own)\n"
     "  --timeout MS        limit per operation (default 5000)\n"
     "  --max-timeouts N    stop the run after N timeouts (default 10; 0: never)\n",
     run_command},
    {"explain",
     "usage: pssst-conform explain [--json] [--server-private HEX|FILE]\n"
     "         [--client-private HEX|FILE] [--server-public HEX|FILE] [--request HEX]\n"
     "         [PACKET_HEX|-]\n"
     "Dissects one packet: header, the receiver's checks in spec order (7.1 for a\n"
     "request, 9.1 for a reply or with --request), with --server-private the key\n"
     "schedule, plaintext and client-auth proof, the verdict, for a request the\n"
     "library's answer. No PACKET_HEX or -: read stdin (at most 1 MiB). Hex may\n"
     "hold whitespace and start with 0x. --json: one JSON object instead of text.\n"
     "exit status: 0 accepted or undecided, 1 rejected or the library disagrees,\n"
     "2 bad arguments or input\n",
     explain_command},
    {"compat",
     "usage: pssst-conform compat\n"
     "Speaks the compatibility line protocol (spec/harness.md 2) on stdin/stdout.\n"
     "exit status: 0 exchange complete, 1 a check failed, 2 usage\n",
     conform_compat_main},
    {"peer",
     "usage: pssst-conform peer [--timeout MS] -- CMD [ARGS...]\n"
     "Plays the compatibility line protocol against another port's program CMD.\n"
     "exit status: 0 every step passed, 1 a step failed, 2 usage or CMD cannot run\n",
     conform_peer_main},
    {"matrix",
     "usage: pssst-conform matrix REPORT.json ... --html OUT\n"
     "Combines JSON reports into one HTML page.\n"
     "exit status: 0 written, 2 usage or a file that is no report\n",
     conform_matrix_main},
    {"version",
     "usage: pssst-conform version\n",
     version_command},
};

#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_overview(FILE *out)
{
    fprintf(out, "usage: pssst-conform COMMAND [ARGS...]   (COMMAND --help for its options)\n"
                 "commands:");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, " %s", COMMANDS[i].name);
    fputc('\n', out);
}

/* The reports asked for; exit_code, or 2 when one cannot be written. */
static int write_reports(const run_args *a, const run_report *rep, int exit_code)
{
    conform_error err;
    int rc = 0;
    if (a->json != NULL)
        rc = report_write_json(a->json, rep, &err);
    if (rc == 0 && a->junit != NULL)
        rc = report_write_junit(a->junit, rep, &err);
    if (rc == 0 && a->html != NULL)
        rc = report_write_html(a->html, rep, 1, &err);
    if (rc == 0 && a->write_expect != NULL)
        rc = expect_write(a->write_expect, rep, &err);
    if (rc == 0)
        return exit_code;
    fprintf(stderr, "pssst-conform %s: %s\n", a->command, err.text);
    return EXIT_USAGE;
}

/* Runs the loaded set through be and reports. */
static int run_and_report(const run_args *a, const vec_set *set, backend *be,
                          expectations *expect)
{
    conform_error err;
    char digest[2 * VEC_SHA256_SIZE + 1], runner[64];
    vec_sha256_hex(set->combined_sha256, digest);
    snprintf(runner, sizeof runner, "pssst-c %s", pssst_version());
    const harness_caps *caps = backend_caps(be);
    run_report rep = {
        .command = a->command,
        .name = a->name != NULL ? a->name : a->harness != NULL ? caps->implementation : runner,
        .implementation = caps->implementation,
        .harness_argv = a->harness,
        .caps = *caps,
        .runner_version = pssst_version(),
        .runner_backend = pssst_x25519_backend(),
        .vector_digest = digest,
        .timeout_ms = a->harness != NULL ? a->timeout_ms : 0,
        .expect_path = a->expect,
    };
    run_options opt = {
        .sections = a->sections.items, .n_sections = a->sections.n,
        .ids = a->ids.items, .n_ids = a->ids.n,
        .lenient = a->lenient, .expect = expect,
        .max_timeouts = a->harness != NULL ? (size_t)a->max_timeouts : 0,
    };
    printf("pssst-conform %s: %s (runner %s, x25519 %s)\n", a->command, rep.name, runner,
           pssst_x25519_backend());
    int rc;
    if (run_tests(set, be, &opt, stdout, &rep, &err) != 0) {
        fprintf(stderr, "pssst-conform %s: %s\n", a->command, err.text);
        rc = EXIT_USAGE;
    } else {
        report_text_summary(&rep, a->verbose, stdout);
        rc = write_reports(a, &rep, rep.exit_code);
    }
    fflush(stdout);
    run_report_free(&rep);
    return rc;
}

/* Starts the backend (the library, or the harness after "--") and runs. */
static int run_backend(const run_args *a, const vec_set *set, expectations *expect)
{
    conform_error err;
    backend *be = a->harness != NULL ? backend_process(a->harness, a->timeout_ms)
                                     : backend_library();
    if (be == NULL) {
        fprintf(stderr, "pssst-conform %s: out of memory\n", a->command);
        return EXIT_USAGE;
    }
    int rc;
    if (backend_start(be, &err) != 0) {
        fprintf(stderr, "pssst-conform %s: %s: %s\n", a->command,
                a->harness != NULL ? a->harness[0] : "library", err.text);
        rc = EXIT_USAGE;
    } else {
        rc = run_and_report(a, set, be, expect);
    }
    backend_free(be);
    return rc;
}

static int input_error(const run_args *a, const conform_error *err)
{
    fprintf(stderr, "pssst-conform %s: %s\n", a->command, err->text);
    return EXIT_USAGE;
}

static int run_command(int argc, char **argv)
{
    run_args a;
    conform_error err;
    expectations expect;
    vec_set set;
    bool have_expect = false, have_set = false;
    int rc = cli_parse_run_args(argc, argv, &a);
    if (rc == EXIT_PASS && a.paths.n == 0)
        a.paths.items[a.paths.n++] = cli_default_vectors(PSSST_CONFORM_DEFAULT_VECTORS,
                                                         PSSST_CONFORM_INSTALLED_VECTORS);
    if (rc == EXIT_PASS && a.expect != NULL) {
        have_expect = expect_load(a.expect, &expect, &err) == 0;
        rc = have_expect ? EXIT_PASS : input_error(&a, &err);
    }
    /* spec/harness.md 4.3: the canaries always run. */
    if (rc == EXIT_PASS) {
        have_set = vec_set_load(a.paths.items, a.paths.n, true, &set, &err) == 0;
        rc = have_set ? EXIT_PASS : input_error(&a, &err);
    }
    if (rc == EXIT_PASS)
        rc = run_backend(&a, &set, have_expect ? &expect : NULL);
    if (have_set)
        vec_set_free(&set);
    if (have_expect)
        expect_free(&expect);
    free(a.sections.items);
    free(a.ids.items);
    free(a.paths.items);
    return rc;
}

/* COMMAND --help: its usage, and the options of a run for the runs. */
static bool print_help(const char *command)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(command, COMMANDS[i].name) != 0)
            continue;
        fputs(COMMANDS[i].usage, stdout);
        if (COMMANDS[i].run == run_command)
            fputs(run_options_text, stdout);
        return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "pssst-conform: missing command\n");
        print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    /* A dead harness or peer is a write error, not the runner's death. */
    signal(SIGPIPE, SIG_IGN);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        if (argc < 3 || !print_help(argv[2]))
            print_overview(stdout);
        return EXIT_PASS;
    }
    if (strcmp(cmd, "--version") == 0)
        return version_command(argc - 1, argv + 1);
    /* COMMAND --help, anywhere before the "--" that starts a harness or peer. */
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if ((strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) && print_help(cmd))
            return EXIT_PASS;
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, COMMANDS[i].name) == 0)
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "pssst-conform: unknown command %s\n", cmd);
    print_overview(stderr);
    return EXIT_USAGE;
}
