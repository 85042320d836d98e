/* SPDX-License-Identifier: Apache-2.0 */
/*
 * commands.h - the sub-commands of the `pssst` tool.
 *
 * Adding a command (e.g. echo-server):
 *  1. write tools/cmd_echo_server.c defining
 *        int cmd_echo_server(int argc, char **argv);
 *     argv[0] is the command name; "-h"/"--help" prints the usage to stdout
 *     and returns TOOL_EXIT_OK (`pssst help NAME` calls it that way);
 *  2. declare it below;
 *  3. add one line to tool_commands[] in commands.c;
 *  4. add the file to PSSST_TOOL_COMMAND_SOURCES in tools/CMakeLists.txt.
 * Helpers for options, key files and output are in cli.h.
 */
#ifndef PSSST_TOOLS_COMMANDS_H
#define PSSST_TOOLS_COMMANDS_H

#include <stddef.h>

typedef struct {
    const char *name;                 /* what the user types after `pssst` */
    int (*run)(int argc, char **argv); /* returns a TOOL_EXIT_* code */
    const char *summary;              /* one line for `pssst help` */
} tool_command;

extern const tool_command tool_commands[];
extern const size_t tool_command_count;

/* The entry called name, or NULL. */
const tool_command *tool_find_command(const char *name);

int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_echo_server(int argc, char **argv);
int cmd_echo_client(int argc, char **argv);

#endif
