/* SPDX-License-Identifier: Apache-2.0 */
/* port.h - the `port` and `matrix` subcommands of pssst-conform (spec/harness.md). */
#ifndef PSSST_CONFORM_PORT_H
#define PSSST_CONFORM_PORT_H

/*
 * argv[0] is the subcommand name. default_vectors is used when no
 * --vectors is given (the caller resolves $PSSST_VECTORS_DIR: cli.h). Exit codes: 0 pass,
 * 1 non-conformance, 2 usage, harness protocol error or broken run.
 */
int conform_port_main(int argc, char **argv, const char *default_vectors);
int conform_matrix_main(int argc, char **argv);

#endif
