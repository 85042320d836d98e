/* SPDX-License-Identifier: Apache-2.0 */
/* `pssst pubkey FILE`: the public key of a private key file (spec 2.1). */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "keyfile.h"

static void pubkey_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s pubkey [-o PUBFILE [--force]] FILE|-\n"
            "\n"
            "Prints the X25519 public key of the private key in FILE (- reads it from\n"
            "standard input) as 64 lower-case hex digits. FILE is a private key file as\n"
            "'%s keygen -o FILE' writes it; the older format, 64 hex digits and an\n"
            "optional newline, is read too. A file that group or others may access is\n"
            "used, with a warning.\n"
            "\n"
            "  -o, --output PUBFILE  also write the public key as a public key file\n"
            "                        (first line \"pssst public key v1\", mode 0644), for\n"
            "                        clients: 'echo-client --server-public PUBFILE'\n"
            "  -f, --force           replace PUBFILE if it exists\n"
            "  -h, --help            show this help\n",
            TOOL_NAME, TOOL_NAME);
}

typedef struct {
    const char *output;
    bool force;
    const char *key_path;
} pubkey_options;

static int parse_options(int argc, char **argv, pubkey_options *o, bool *help)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (pubkey_options){NULL, false, NULL};
    *help = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:fh", longopts, NULL)) != -1) {
        if (c == 'o')
            o->output = optarg;
        else if (c == 'f')
            o->force = true;
        else if (c == 'h')
            *help = true;
        else
            return cli_option_error(argv[0], c, argv);
    }
    if (*help)
        return TOOL_EXIT_OK;
    if (optind == argc)
        return cli_usage_error(argv[0], "missing key file");
    if (argc - optind > 1)
        return cli_usage_error(argv[0], "takes one key file, got %d arguments", argc - optind);
    if (o->output != NULL && o->output[0] == '\0')
        return cli_usage_error(argv[0], "the output file name is empty");
    if (o->force && o->output == NULL)
        return cli_usage_error(argv[0], "--force needs --output PUBFILE");
    o->key_path = argv[optind];
    return TOOL_EXIT_OK;
}

static int write_public_file(const char *command, const pubkey_options *o,
                             const uint8_t pub[PSSST_KEY_SIZE])
{
    keyfile_detail detail;
    keyfile_status s = keyfile_write(o->output, PSSST_KEY_PUBLIC, pub, o->force, &detail);
    if (s == KEYFILE_ERR_EXISTS)
        return cli_fail(command, "'%s' exists; not replacing it without --force", o->output);
    if (s != KEYFILE_OK)
        return cli_fail(command, "cannot write public key file '%s': %s", o->output,
                        detail.errno_value != 0 ? strerror(detail.errno_value)
                                                : keyfile_strerror(s));
    return TOOL_EXIT_OK;
}

int cmd_pubkey(int argc, char **argv)
{
    pubkey_options o;
    bool help;
    int rc = parse_options(argc, argv, &o, &help);
    if (rc != TOOL_EXIT_OK)
        return rc;
    if (help) {
        pubkey_usage(stdout);
        return TOOL_EXIT_OK;
    }
    uint8_t priv[PSSST_KEY_SIZE];
    if (!cli_load_key(argv[0], o.key_path, PSSST_KEY_PRIVATE, priv))
        return TOOL_EXIT_FAILURE;
    uint8_t pub[PSSST_KEY_SIZE];
    pssst_status st = pssst_public_key(PSSST_SUITE_X25519_AESGCM128, priv, pub);
    keyfile_wipe(priv, sizeof priv);
    if (st != PSSST_OK)
        return cli_fail(argv[0], "key file '%s': %s", o.key_path, pssst_strerror(st));
    if (o.output != NULL && (rc = write_public_file(argv[0], &o, pub)) != TOOL_EXIT_OK)
        return rc;
    cli_print_hex_line(stdout, pub, PSSST_KEY_SIZE);
    return TOOL_EXIT_OK;
}
