/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - command-line pieces shared by the pssst-conform subcommands.
 */
#ifndef PSSST_CONFORM_CLI_H
#define PSSST_CONFORM_CLI_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The value of argv[*i] when it is "NAME=VALUE", or "NAME" followed by
 * VALUE (then *i moves past it; "" when nothing follows). NULL when
 * argv[*i] is not the option NAME.
 */
const char *cli_option_value(int argc, char **argv, int *i, const char *name);

/*
 * The vectors used when none are named: $PSSST_VECTORS_DIR when set and
 * not empty, else source_dir when it exists, else the folder installed_rel
 * (relative to the folder of the running program, e.g.
 * "../share/pssst/vectors") when given and it exists, else source_dir
 * (whose absence the loader then reports). The result may point to a
 * static buffer.
 */
const char *cli_default_vectors(const char *source_dir, const char *installed_rel);

#define CLI_EXIT_USAGE 2

/* "pssst-conform COMMAND: <what><arg>" and a hint on stderr; returns 2. */
int cli_usage_error(const char *command, const char *what, const char *arg);

/* A list of arguments (room for argc entries). */
typedef struct {
    const char **items; /* room for argc entries */
    size_t n;
} string_list;

typedef struct {
    const char *command;
    string_list sections, ids, paths;
    bool lenient, verbose;
    long timeout_ms, max_timeouts;
    const char *name, *expect, *json, *junit, *html, *write_expect;
    char **harness; /* after "--" of port */
} run_args;

/*
 * Parses the command line of vectors, transcripts or port (argv[0] the
 * command): the options of a run, files (or, for port, "--" HARNESS), and
 * the default vectors folder when no file is named. 0, or 2 after a
 * message on stderr. The lists are malloc'd (free items of each).
 */
int cli_parse_run_args(int argc, char **argv, run_args *a);

#endif
