/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pssst - command-line tool of pssst-c. `pssst COMMAND [ARGS]`; the
 * commands are listed in commands.c.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static void print_overview(FILE *out)
{
    fprintf(out, "Usage: %s COMMAND [OPTIONS] [ARGS]\n\n", TOOL_NAME);
    fprintf(out, "PSSST (Packet Security for Stateless Server Transactions) tool, "
                 "library %s.\n\nCommands:\n",
            pssst_version());
    for (size_t i = 0; i < tool_command_count; i++)
        fprintf(out, "  %-12s %s\n", tool_commands[i].name, tool_commands[i].summary);
    fprintf(out, "\n'%s help COMMAND' or '%s COMMAND --help' shows the usage of one command.\n"
                 "Exit status: 0 success, 1 failure, 2 command-line error.\n",
            TOOL_NAME, TOOL_NAME);
}

int cmd_help(int argc, char **argv)
{
    if (argc == 1) {
        print_overview(stdout);
        return TOOL_EXIT_OK;
    }
    if (argc > 2)
        return cli_usage_error(argv[0], "takes at most one command name");
    if (cli_is_help(argv[1])) {
        printf("Usage: %s help [COMMAND]\n\nWithout COMMAND lists the commands; with it, "
               "shows that command's usage.\n",
               TOOL_NAME);
        return TOOL_EXIT_OK;
    }
    if (argv[1][0] == '-')
        return cli_usage_error(argv[0], "unknown option '%s'", argv[1]);
    const tool_command *cmd = tool_find_command(argv[1]);
    if (cmd == NULL)
        return cli_usage_error(argv[0], "unknown command '%s'", argv[1]);
    char help_option[] = "--help";
    char *help_argv[] = {argv[1], help_option, NULL};
    return cmd->run(2, help_argv);
}

/* Reports a failed write to stdout (disk full, closed pipe) as a failure. */
static int finish_output(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write the output\n", TOOL_NAME);
        return status == TOOL_EXIT_OK ? TOOL_EXIT_FAILURE : status;
    }
    return status;
}

int main(int argc, char **argv)
{
    /* A write past the file size limit is then an error we report and clean
     * up after (EFBIG), not a signal that stops us half-way. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        print_overview(stderr);
        return TOOL_EXIT_USAGE;
    }
    if (cli_is_help(argv[1])) {
        print_overview(stdout);
        return finish_output(TOOL_EXIT_OK);
    }
    /* "--version" is the usual spelling of the version command. */
    char version_name[] = "version";
    if (strcmp(argv[1], "--version") == 0)
        argv[1] = version_name;
    const tool_command *cmd = tool_find_command(argv[1]);
    if (cmd == NULL) {
        fprintf(stderr, "%s: unknown command '%s'\n\n", TOOL_NAME, argv[1]);
        print_overview(stderr);
        return TOOL_EXIT_USAGE;
    }
    return finish_output(cmd->run(argc - 1, argv + 1));
}
