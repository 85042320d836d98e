/* SPDX-License-Identifier: Apache-2.0 */
/*
 * commands.h - the subcommands of pssst-conform other than the runs of
 * main.c. Each takes its argv with argv[0] the subcommand name and
 * returns the exit status: 0 pass, 1 fail, 2 usage error or broken run.
 * main.c answers `COMMAND --help` for all of them.
 */
#ifndef PSSST_CONFORM_COMMANDS_H
#define PSSST_CONFORM_COMMANDS_H

int explain_main(int argc, char **argv);        /* explain.c; argv after the name */
int conform_compat_main(int argc, char **argv); /* peer.c */
int conform_peer_main(int argc, char **argv);   /* peer.c */
int conform_matrix_main(int argc, char **argv); /* matrix.c */

#endif
