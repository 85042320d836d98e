/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-server` options: the usage text and the command line.
 */
#define _GNU_SOURCE

#include <getopt.h>

#include "cli.h"
#include "echo_server.h"

#define ES_MAX_DURATION_S 86400

void es_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s echo-server --key FILE --listen ADDR:PORT [--workers N]\n"
            "                         [--duration SECONDS]\n"
            "\n"
            "Answers every valid PSSST request on UDP with a reply carrying the same\n"
            "message. Invalid datagrams are dropped and counted by status. Counters are\n"
            "printed on SIGUSR1 and at exit; SIGINT or SIGTERM stop the server.\n"
            "\n"
            "  --key FILE          server private key file ('pssst keygen -o FILE'); a\n"
            "                      public key file or a malformed one is refused (exit 2)\n"
            "  --listen ADDR:PORT  e.g. 127.0.0.1:7000 or [::1]:7000; port 0 picks one\n"
            "  --workers N         worker threads, one SO_REUSEPORT socket each\n"
            "                      (default 1, at most %d)\n"
            "  --duration SECONDS  stop by itself after this time (default 0: never)\n"
            "  -h, --help          show this help\n"
            "\n"
            "The first line on standard output is\n"
            "  listening ADDR:PORT workers N backend NAME public HEX\n"
            "where HEX is the public key the server answers to.\n",
            TOOL_NAME, ES_MAX_WORKERS);
}

/* A number option in [lo, hi], kept in an unsigned field of es_options. */
static bool es_number(const char *text, uint64_t lo, uint64_t hi, unsigned *out)
{
    uint64_t v;

    if (!net_parse_u64(text, lo, hi, &v))
        return false;
    *out = (unsigned)v;
    return true;
}

int es_parse_options(int argc, char **argv, es_options *o, bool *help)
{
    static const struct option longopts[] = {
        {"key", required_argument, NULL, 'k'},
        {"listen", required_argument, NULL, 'l'},
        {"workers", required_argument, NULL, 'w'},
        {"duration", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    *o = (es_options){.workers = 1};
    *help = false;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            o->key_path = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'w':
            if (!es_number(optarg, 1, ES_MAX_WORKERS, &o->workers))
                return cli_usage_error(argv[0], "--workers must be 1 to %d, not '%s'",
                                       ES_MAX_WORKERS, optarg);
            break;
        case 'd':
            if (!es_number(optarg, 0, ES_MAX_DURATION_S, &o->duration_s))
                return cli_usage_error(argv[0], "--duration must be 0 to %d seconds, not '%s'",
                                       ES_MAX_DURATION_S, optarg);
            break;
        case 'h':
            *help = true;
            return TOOL_EXIT_OK;
        default:
            return cli_option_error(argv[0], c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (o->key_path == NULL)
        return cli_usage_error(argv[0], "--key FILE is required");
    if (o->listen == NULL)
        return cli_usage_error(argv[0], "--listen ADDR:PORT is required");
    return TOOL_EXIT_OK;
}
