/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pssst-conform - the conformance runner of pssst-c.
 *
 *   pssst-conform vectors [OPTIONS] [FILE|DIR ...]
 *   pssst-conform transcripts [OPTIONS] FILE ...
 *   pssst-conform explain [KEYS] PACKET_HEX
 *   pssst-conform compat | peer | port | matrix ...   (spec/harness.md)
 *
 * Exit status: 0 everything passed, 1 non-conformance, 2 harness or input
 * error (README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_lib.h"
#include "cli.h"
#include "explain.h"
#include "peer.h"
#include "port.h"
#include "pssst.h"
#include "report.h"
#include "runner.h"
#include "vec_set.h"

/* The vectors/ folder of the source tree, and the installed copy relative to
 * this program (CMakeLists.txt). */
#ifndef PSSST_CONFORM_DEFAULT_VECTORS
#define PSSST_CONFORM_DEFAULT_VECTORS "vectors"
#endif
#ifndef PSSST_CONFORM_INSTALLED_VECTORS
#define PSSST_CONFORM_INSTALLED_VECTORS ""
#endif

#define EXIT_PASS 0
#define EXIT_NONCONFORMANT 1
#define EXIT_HARNESS 2

static const char usage_text[] =
    "usage: pssst-conform vectors [OPTIONS] [FILE|DIR ...]\n"
    "       pssst-conform transcripts [OPTIONS] FILE ...\n"
    "       pssst-conform explain [--server-private HEX|FILE] [--client-private HEX|FILE]\n"
    "                             [--server-public HEX] [--request HEX] PACKET_HEX\n"
    "       pssst-conform compat\n"
    "       pssst-conform peer [--timeout MS] -- CMD [ARGS...]\n"
    "       pssst-conform port [OPTIONS] -- HARNESS [ARGS...]   (port --help)\n"
    "       pssst-conform matrix REPORT.json ... --html OUT\n"
    "       pssst-conform version\n"
    "\n"
    "vectors replays test vectors (default folder: $PSSST_VECTORS_DIR, else\n"
    "the vectors/ folder of the source tree, else the installed copy;\n"
    "canary.json is left out of a folder unless --include-canaries).\n"
    "transcripts replays transcript files in both roles. explain dissects\n"
    "one packet. compat, peer, port and matrix check other ports\n"
    "(spec/harness.md).\n"
    "\n"
    "options of vectors and transcripts:\n"
    "  --section S         only tests citing section S or a subsection (repeatable)\n"
    "  --id ID             only the test ID; shell globs allowed (repeatable)\n"
    "  --strict-errors     an error the test does not allow counts as a failure\n"
    "  --include-canaries  also run canary.json found in a folder\n"
    "  --verbose, -v       details of every test that did not pass\n"
    "  --json FILE         write a JSON report\n"
    "  --junit FILE        write a JUnit XML report (one suite per spec section)\n"
    "\n"
    "exit status: 0 all passed, 1 non-conformance, 2 harness or input error\n";

static const char *default_vectors(void)
{
    return cli_default_vectors(PSSST_CONFORM_DEFAULT_VECTORS, PSSST_CONFORM_INSTALLED_VECTORS);
}

/* "pssst-conform: <what><arg>" and a hint; exit status 2. */
static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "pssst-conform: %s%s\n(pssst-conform --help for usage)\n", what, arg);
    return EXIT_HARNESS;
}

/* Parsed command line of vectors/transcripts. */
typedef struct {
    const char **sections;
    size_t n_sections;
    const char **ids;
    size_t n_ids;
    const char **paths;
    size_t n_paths;
    bool strict_errors, verbose, include_canaries;
    const char *json_path, *junit_path;
} run_args;

static int parse_run_args(int argc, char **argv, run_args *a)
{
    /* Each list holds at most argc entries. */
    a->sections = calloc((size_t)argc + 1, sizeof *a->sections);
    a->ids = calloc((size_t)argc + 1, sizeof *a->ids);
    a->paths = calloc((size_t)argc + 1, sizeof *a->paths);
    if (a->sections == NULL || a->ids == NULL || a->paths == NULL)
        return usage_error("out of memory", "");
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *v;
        if (strcmp(arg, "--strict-errors") == 0) {
            a->strict_errors = true;
        } else if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
            a->verbose = true;
        } else if (strcmp(arg, "--include-canaries") == 0) {
            a->include_canaries = true;
        } else if ((v = cli_option_value(argc, argv, &i, "--section")) != NULL) {
            if (v[0] == '\0')
                return usage_error("--section needs a section number", "");
            a->sections[a->n_sections++] = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--id")) != NULL) {
            if (v[0] == '\0')
                return usage_error("--id needs a test id", "");
            a->ids[a->n_ids++] = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--json")) != NULL) {
            if (v[0] == '\0')
                return usage_error("--json needs a file name", "");
            a->json_path = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--junit")) != NULL) {
            if (v[0] == '\0')
                return usage_error("--junit needs a file name", "");
            a->junit_path = v;
        } else if (strcmp(arg, "--") == 0) {
            while (++i < argc)
                a->paths[a->n_paths++] = argv[i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option ", arg);
        } else {
            a->paths[a->n_paths++] = arg;
        }
    }
    return EXIT_PASS;
}

static void run_args_free(run_args *a)
{
    free(a->sections);
    free(a->ids);
    free(a->paths);
}

static int write_reports(const run_args *a, const char *command, const run_options *opt,
                         const vec_set *set, const run_summary *sum, int exit_code)
{
    char implementation[64];
    snprintf(implementation, sizeof implementation, "pssst-c %s", pssst_version());
    report_info info = {
        .command = command,
        .implementation = implementation,
        .version = pssst_version(),
        .backend = pssst_x25519_backend(),
        .options = opt,
        .exit_code = exit_code,
    };
    conform_error err;
    if (a->json_path != NULL && report_write_json(a->json_path, &info, set, sum, &err) != 0) {
        fprintf(stderr, "pssst-conform: %s\n", err.text);
        return EXIT_HARNESS;
    }
    if (a->junit_path != NULL && report_write_junit(a->junit_path, &info, set, sum, &err) != 0) {
        fprintf(stderr, "pssst-conform: %s\n", err.text);
        return EXIT_HARNESS;
    }
    return exit_code;
}

/* Loads, replays against this library, prints, reports. */
static int run_command(const char *command, const run_args *a)
{
    run_options opt = {
        .sections = a->sections,
        .n_sections = a->n_sections,
        .ids = a->ids,
        .n_ids = a->n_ids,
        .strict_errors = a->strict_errors,
        .verbose = a->verbose,
    };
    conform_error err;
    vec_set set;
    if (vec_set_load(a->paths, a->n_paths, a->include_canaries, &set, &err) != 0) {
        fprintf(stderr, "pssst-conform: %s\n", err.text);
        return EXIT_HARNESS;
    }
    replay_backend be;
    backend_lib *lib = backend_lib_new(&be);
    if (lib == NULL) {
        vec_set_free(&set);
        fprintf(stderr, "pssst-conform: out of memory\n");
        return EXIT_HARNESS;
    }
    printf("pssst-conform %s: pssst-c %s (x25519 %s)\n", command, pssst_version(),
           pssst_x25519_backend());
    run_summary sum;
    int rc = run_set(&set, &be, &opt, stdout, &sum, &err);
    if (rc != 0) {
        fprintf(stderr, "pssst-conform: %s\n", err.text);
        rc = EXIT_HARNESS;
    } else {
        printf("%zu test runs in %.2f s\n", sum.n_results, sum.seconds);
        run_print_summary(&sum, stdout);
        rc = write_reports(a, command, &opt, &set, &sum, run_exit_code(&sum));
    }
    fflush(stdout);
    run_summary_free(&sum);
    backend_lib_delete(lib);
    vec_set_free(&set);
    return rc;
}

static int cmd_vectors(int argc, char **argv)
{
    run_args a = {0};
    int rc = parse_run_args(argc, argv, &a);
    if (rc == EXIT_PASS && a.n_paths == 0) {
        a.paths[a.n_paths++] = default_vectors();
    }
    if (rc == EXIT_PASS)
        rc = run_command("vectors", &a);
    run_args_free(&a);
    return rc;
}

static int cmd_transcripts(int argc, char **argv)
{
    run_args a = {0};
    int rc = parse_run_args(argc, argv, &a);
    if (rc == EXIT_PASS && a.n_paths == 0)
        rc = usage_error("transcripts needs at least one FILE", "");
    if (rc == EXIT_PASS)
        rc = run_command("transcripts", &a);
    run_args_free(&a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("missing command (vectors, transcripts or explain)", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return EXIT_PASS;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("pssst-conform (pssst-c %s, x25519 %s)\n", pssst_version(), pssst_x25519_backend());
        return EXIT_PASS;
    }
    if (strcmp(cmd, "vectors") == 0)
        return cmd_vectors(argc - 2, argv + 2);
    if (strcmp(cmd, "transcripts") == 0)
        return cmd_transcripts(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0)
        return explain_main(argc - 2, argv + 2);
    /* spec/harness.md: checking other ports. */
    if (strcmp(cmd, "compat") == 0)
        return conform_compat_main(argc - 1, argv + 1);
    if (strcmp(cmd, "peer") == 0)
        return conform_peer_main(argc - 1, argv + 1);
    if (strcmp(cmd, "port") == 0)
        return conform_port_main(argc - 1, argv + 1, default_vectors());
    if (strcmp(cmd, "matrix") == 0)
        return conform_matrix_main(argc - 1, argv + 1);
    return usage_error("unknown command ", cmd);
}
