/* SPDX-License-Identifier: Apache-2.0 */
/* peer.h - the `compat` and `peer` subcommands of pssst-conform. */
#ifndef PSSST_CONFORM_PEER_H
#define PSSST_CONFORM_PEER_H

/* argv[0] is the subcommand name. Exit codes: 0 pass, 1 fail, 2 usage/harness error. */
int conform_compat_main(int argc, char **argv);
int conform_peer_main(int argc, char **argv);

#endif
