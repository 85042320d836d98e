/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client`: sends COUNT transactions to an echo server (or a
 * pool of them behind a UDP load balancer), keeps up to W of them in
 * flight, verifies every reply (spec 9) and reports throughput, latency,
 * retries and losses.
 *
 * The parts, each in its own file: echo_client_options.c (command line),
 * echo_client_setup.c (keys, sockets, buffers), echo_client_transactions.c
 * (the transactions in flight, resends), echo_client_loop.c (the sockets)
 * and echo_client_report.c (progress and summary).
 */
#define _GNU_SOURCE

#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "echo_client.h"
#include "net_common.h"

int cmd_echo_client(int argc, char **argv)
{
    static ec_state s;
    bool help;
    int rc;

    memset(&s, 0, sizeof s);
    for (unsigned i = 0; i < EC_MAX_SOCKETS; i++)
        s.fds[i] = -1;
    rc = ec_parse_options(argc, argv, &s.opt, &help);
    if (rc != TOOL_EXIT_OK)
        return rc;
    if (help) {
        ec_usage(stdout);
        return TOOL_EXIT_OK;
    }
    if (getrandom(&s.rng, sizeof s.rng, 0) != (ssize_t)sizeof s.rng || s.rng == 0)
        s.rng = (uint64_t)net_now_ns() | 1u;
    s.progress = isatty(STDERR_FILENO) != 0;
    rc = ec_setup(&s, argv[0]);
    if (rc == TOOL_EXIT_OK) {
        uint64_t t0 = net_now_ns();
        ec_run(&s, argv[0]);
        ec_report(&s, (double)(net_now_ns() - t0) / 1e9);
        rc = s.stats.verified == s.opt.count ? TOOL_EXIT_OK : TOOL_EXIT_FAILURE;
    }
    ec_cleanup(&s);
    return rc;
}
