/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-server`: a stateless UDP server that answers every valid
 * PSSST request with its own message (spec 7, 8).
 *
 * The parts, each in its own file: echo_server_options.c (command line),
 * echo_server_serve.c (sockets, worker threads, signals),
 * echo_server_worker.c (one worker's datagram loop) and
 * echo_server_counters.c (the counters printed on SIGUSR1 and at exit).
 */
#define _GNU_SOURCE

#include "cli.h"
#include "commands.h"
#include "echo_server.h"
#include "keyfile.h"

int cmd_echo_server(int argc, char **argv)
{
    es_options o;
    bool help;
    uint8_t key[PSSST_KEY_SIZE];
    pssst_server server;
    pssst_status st;
    int rc = es_parse_options(argc, argv, &o, &help);

    if (rc != TOOL_EXIT_OK)
        return rc;
    if (help) {
        es_usage(stdout);
        return TOOL_EXIT_OK;
    }
    /* A server that cannot start for its key is a command-line error (2). */
    if (!cli_load_key(argv[0], o.key_path, PSSST_KEY_PRIVATE, key))
        return TOOL_EXIT_USAGE;
    st = pssst_server_init(&server, PSSST_SUITE_X25519_AESGCM128, key);
    if (st == PSSST_OK)
        st = pssst_public_key(PSSST_SUITE_X25519_AESGCM128, key, o.public_key);
    keyfile_wipe(key, sizeof key);
    if (st != PSSST_OK)
        return cli_fail(argv[0], "key file '%s': %s", o.key_path, pssst_strerror(st));
    rc = es_serve(&o, &server, argv[0]);
    pssst_server_free(&server);
    return rc;
}
