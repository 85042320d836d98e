/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - what the sub-commands of the `pssst` tool share: exit codes,
 * option errors, key loading with messages, hex output.
 */
#ifndef PSSST_TOOLS_CLI_H
#define PSSST_TOOLS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pssst.h>

/* Exit codes of every command. */
#define TOOL_EXIT_OK 0
#define TOOL_EXIT_FAILURE 1 /* the command ran and failed (bad key file, failed check) */
#define TOOL_EXIT_USAGE 2   /* the command line was wrong */

#define TOOL_NAME "pssst"

#if defined(__GNUC__) || defined(__clang__)
#define TOOL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define TOOL_PRINTF(fmt, args)
#endif

/*
 * Reports a command-line error: "pssst COMMAND: MESSAGE" and a hint to
 * `pssst help COMMAND` on stderr. Returns TOOL_EXIT_USAGE.
 */
int cli_usage_error(const char *command, const char *fmt, ...) TOOL_PRINTF(2, 3);

/* "pssst COMMAND: MESSAGE" on stderr. Returns TOOL_EXIT_FAILURE. */
int cli_fail(const char *command, const char *fmt, ...) TOOL_PRINTF(2, 3);

/*
 * The option error getopt_long just returned ('?' or ':') as a usage error.
 * argv/optind are those getopt_long used.
 */
int cli_option_error(const char *command, int opt, char **argv);

/* True when arg is "-h" or "--help". */
bool cli_is_help(const char *arg);

/* The path that names standard input where a key file is read. */
#define CLI_STDIN "-"

/*
 * Reads the key file at path (CLI_STDIN: standard input), which must hold
 * a key of kind, into key. On failure prints a message naming the file and
 * what is wrong with it, and returns false (key wiped). Warns on stderr
 * when a private key file is open to group or others, and goes on.
 */
bool cli_load_key(const char *command, const char *path, pssst_key_kind kind,
                  uint8_t key[PSSST_KEY_SIZE]);

/* Writes len bytes as lower-case hex and a newline. */
void cli_print_hex_line(FILE *out, const uint8_t *bytes, size_t len);

#endif
