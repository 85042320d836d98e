/* SPDX-License-Identifier: Apache-2.0 */
/* `pssst pubkey FILE`: the public key of a private key file (spec 2.1). */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "keyfile.h"

static void pubkey_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s pubkey FILE\n"
            "\n"
            "Prints the X25519 public key of the private key in FILE as 64 lower-case\n"
            "hex digits. FILE holds 64 hex digits and an optional newline, as written by\n"
            "'%s keygen -o FILE'. A file that group or others may access is used, with\n"
            "a warning.\n"
            "\n"
            "  -h, --help  show this help\n",
            TOOL_NAME, TOOL_NAME);
}

int cmd_pubkey(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c != 'h')
            return cli_option_error(argv[0], c, argv);
        pubkey_usage(stdout);
        return TOOL_EXIT_OK;
    }
    if (optind == argc)
        return cli_usage_error(argv[0], "missing key file");
    if (argc - optind > 1)
        return cli_usage_error(argv[0], "takes one key file, got %d arguments", argc - optind);

    const char *path = argv[optind];
    uint8_t priv[PSSST_KEY_SIZE];
    if (!cli_load_private_key(argv[0], path, priv))
        return TOOL_EXIT_FAILURE;
    uint8_t pub[PSSST_KEY_SIZE];
    pssst_status st = pssst_public_key(PSSST_SUITE_X25519_AESGCM128, priv, pub);
    keyfile_wipe(priv, sizeof priv);
    if (st != PSSST_OK)
        return cli_fail(argv[0], "key file '%s': %s", path, pssst_strerror(st));
    cli_print_hex_line(stdout, pub, PSSST_KEY_SIZE);
    return TOOL_EXIT_OK;
}
