/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client` options: the usage text, the number options with
 * their ranges, and the checks that tie options together.
 */
#define _GNU_SOURCE

#include <getopt.h>
#include <stdint.h>

#include "cli.h"
#include "echo_client.h"
#include "net_common.h"

#define EC_DEFAULT_COUNT 1000
#define EC_DEFAULT_CONCURRENCY 16
#define EC_DEFAULT_TIMEOUT_MS 200
#define EC_DEFAULT_RETRIES 5
#define EC_DEFAULT_SIZE 64
#define EC_DEFAULT_MAX_SOCKETS 8
#define EC_MAX_COUNT 100000000ull
#define EC_MAX_CONCURRENCY 4096
#define EC_MAX_POLL_US 100000
#define EC_MAX_TIMEOUT_MS 600000
#define EC_MAX_RETRIES 1000
#define EC_MAX_PREPACKED 1000000
#define EC_MAX_SIZE (NET_MAX_DATAGRAM - PSSST_OVERHEAD - PSSST_PROOF_SIZE)

void ec_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s echo-client --server-public HEX|FILE --connect ADDR:PORT [-n COUNT]\n"
            "                         [--concurrency W] [--timeout MS] [--retries R]\n"
            "                         [--client-key FILE] [--size BYTES] [--prepacked K]\n"
            "                         [--sockets S] [--poll-us US]\n"
            "\n"
            "Runs COUNT transactions against a PSSST echo server, W at a time, verifies\n"
            "every reply, resends a request unchanged when its reply is late, and prints\n"
            "throughput, latency percentiles, retries and lost transactions. Exits 0 only\n"
            "when every transaction was verified.\n"
            "\n"
            "  --server-public HEX|FILE\n"
            "                       the server's public key: 64 hex digits, or a public\n"
            "                       key file ('pssst pubkey -o FILE KEYFILE' writes one)\n"
            "  --connect ADDR:PORT  server or load balancer, e.g. 127.0.0.1:7000, [::1]:7000\n"
            "  -n, --count COUNT    transactions (default %d)\n"
            "  --concurrency W      transactions in flight (default %d)\n"
            "  --timeout MS         wait before the first resend (default %d); each\n"
            "                       further resend waits twice as long, up to 8x\n"
            "  --retries R          resends before a transaction is lost (default %d)\n"
            "  --client-key FILE    authenticate with this private key file (spec 6.2)\n"
            "  --size BYTES         message size (default %d, at most %d)\n"
            "  --prepacked K        pack K requests in advance and cycle them (K >= W)\n"
            "  --sockets S          UDP sockets (source ports) to spread over; a server's\n"
            "                       SO_REUSEPORT workers are chosen per source port\n"
            "                       (default min(W, %d))\n"
            "  --poll-us US         look at the sockets every US microseconds instead of\n"
            "                       sleeping until a reply comes: replies then wake no\n"
            "                       one, which spares the server that cost (default 0)\n"
            "  -h, --help           show this help\n",
            TOOL_NAME, EC_DEFAULT_COUNT, EC_DEFAULT_CONCURRENCY, EC_DEFAULT_TIMEOUT_MS,
            EC_DEFAULT_RETRIES, EC_DEFAULT_SIZE, (int)EC_MAX_SIZE, EC_DEFAULT_MAX_SOCKETS);
}

static int ec_number(const char *command, const char *name, const char *text, uint64_t lo,
                     uint64_t hi, uint64_t *out)
{
    if (!net_parse_u64(text, lo, hi, out))
        return cli_usage_error(command, "%s must be a number from %llu to %llu, not '%s'", name,
                               (unsigned long long)lo, (unsigned long long)hi, text);
    return TOOL_EXIT_OK;
}

/* A number option kept in an unsigned field of ec_options. */
typedef struct {
    int c;
    const char *name;
    uint64_t lo;
    uint64_t hi;
    unsigned *field;
} ec_unsigned_option;

static int ec_parse_number_option(const char *command, int c, const char *arg, ec_options *o)
{
    const ec_unsigned_option unsigned_options[] = {
        {'w', "--concurrency", 1, EC_MAX_CONCURRENCY, &o->concurrency},
        {'t', "--timeout", 1, EC_MAX_TIMEOUT_MS, &o->timeout_ms},
        {'r', "--retries", 0, EC_MAX_RETRIES, &o->retries},
        {'p', "--prepacked", 1, EC_MAX_PREPACKED, &o->prepacked},
        {'S', "--sockets", 1, EC_MAX_SOCKETS, &o->sockets},
        {'u', "--poll-us", 0, EC_MAX_POLL_US, &o->poll_us},
    };
    uint64_t v = 0;
    int rc;

    if (c == 'n')
        return ec_number(command, "--count", arg, 1, EC_MAX_COUNT, &o->count);
    if (c == 'z') {
        rc = ec_number(command, "--size", arg, 0, EC_MAX_SIZE, &v);
        o->size = (size_t)v;
        return rc;
    }
    for (size_t i = 0; i < sizeof unsigned_options / sizeof unsigned_options[0]; i++) {
        const ec_unsigned_option *u = &unsigned_options[i];
        if (u->c != c)
            continue;
        rc = ec_number(command, u->name, arg, u->lo, u->hi, &v);
        *u->field = (unsigned)v;
        return rc;
    }
    return cli_usage_error(command, "internal error: option %c", c);
}

int ec_parse_options(int argc, char **argv, ec_options *o, bool *help)
{
    static const struct option longopts[] = {
        {"server-public", required_argument, NULL, 'P'},
        {"connect", required_argument, NULL, 'c'},
        {"count", required_argument, NULL, 'n'},
        {"concurrency", required_argument, NULL, 'w'},
        {"timeout", required_argument, NULL, 't'},
        {"retries", required_argument, NULL, 'r'},
        {"client-key", required_argument, NULL, 'k'},
        {"size", required_argument, NULL, 'z'},
        {"prepacked", required_argument, NULL, 'p'},
        {"sockets", required_argument, NULL, 'S'},
        {"poll-us", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc;

    *o = (ec_options){.count = EC_DEFAULT_COUNT,
                      .concurrency = EC_DEFAULT_CONCURRENCY,
                      .timeout_ms = EC_DEFAULT_TIMEOUT_MS,
                      .retries = EC_DEFAULT_RETRIES,
                      .size = EC_DEFAULT_SIZE};
    *help = false;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hn:", longopts, NULL)) != -1) {
        if (c == 'h') {
            *help = true;
            return TOOL_EXIT_OK;
        }
        if (c == 'P')
            o->server_public_hex = optarg;
        else if (c == 'c')
            o->connect = optarg;
        else if (c == 'k')
            o->client_key_path = optarg;
        else if (c == '?' || c == ':')
            return cli_option_error(argv[0], c, argv);
        else if ((rc = ec_parse_number_option(argv[0], c, optarg, o)) != TOOL_EXIT_OK)
            return rc;
    }
    if (optind < argc)
        return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (o->server_public_hex == NULL)
        return cli_usage_error(argv[0], "--server-public HEX|FILE is required");
    if (o->connect == NULL)
        return cli_usage_error(argv[0], "--connect ADDR:PORT is required");
    if (o->prepacked != 0 && o->prepacked < o->concurrency)
        return cli_usage_error(argv[0],
                               "--prepacked %u must be at least --concurrency %u (two "
                               "identical requests in flight could not be told apart)",
                               o->prepacked, o->concurrency);
    if (o->sockets == 0)
        o->sockets = o->concurrency < EC_DEFAULT_MAX_SOCKETS ? o->concurrency
                                                             : EC_DEFAULT_MAX_SOCKETS;
    if (o->sockets > o->concurrency)
        o->sockets = o->concurrency;
    return TOOL_EXIT_OK;
}
