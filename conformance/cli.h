/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - command-line pieces shared by the pssst-conform subcommands.
 */
#ifndef PSSST_CONFORM_CLI_H
#define PSSST_CONFORM_CLI_H

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

#endif
