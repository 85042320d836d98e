/* SPDX-License-Identifier: Apache-2.0 */
/* `pssst keygen`: a fresh X25519 key pair (spec 2.1). */
/* isatty and getopt need POSIX; getopt_long is declared by <getopt.h>. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "keyfile.h"

static void keygen_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s keygen [-o FILE [--force]]\n"
            "\n"
            "Generates an X25519 key pair from the operating system's random source.\n"
            "\n"
            "  -o, --output FILE  write the private key to FILE, created with mode 0600;\n"
            "                     print the public key (64 hex digits) on stdout\n"
            "  -f, --force        replace FILE if it exists: the new key is written beside\n"
            "                     it and takes its place in one step, so a failed write\n"
            "                     leaves the old key as it was\n"
            "  -h, --help         show this help\n"
            "\n"
            "A key file holds a first line \"pssst private key v1\", then the private key\n"
            "as 64 hex digits and a newline.\n"
            "Without -o the private key file's contents go to stdout, for a pipe into a\n"
            "secret store, and the public key goes to stderr as 'public key: HEX'.\n"
            "A shell redirection creates the file with the umask's mode, usually\n"
            "readable by everyone: prefer -o. A warning is printed when stdout is a\n"
            "terminal.\n"
            "Print the public key again with '%s pubkey FILE', or write it as a public\n"
            "key file for clients with '%s pubkey -o FILE.pub FILE'.\n",
            TOOL_NAME, TOOL_NAME, TOOL_NAME);
}

typedef struct {
    const char *output; /* NULL: stdout */
    bool force;
} keygen_options;

/* Parses the options; returns TOOL_EXIT_OK, or the exit code to end with. */
static int parse_options(int argc, char **argv, keygen_options *opts, bool *help)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:fh", longopts, NULL)) != -1) {
        if (c == 'o')
            opts->output = optarg;
        else if (c == 'f')
            opts->force = true;
        else if (c == 'h')
            *help = true;
        else
            return cli_option_error(argv[0], c, argv);
    }
    if (*help)
        return TOOL_EXIT_OK;
    if (optind < argc)
        return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (opts->output != NULL && opts->output[0] == '\0')
        return cli_usage_error(argv[0], "the output file name is empty");
    if (opts->force && opts->output == NULL)
        return cli_usage_error(argv[0], "--force needs --output FILE");
    return TOOL_EXIT_OK;
}

static int write_key_file(const char *command, const keygen_options *opts,
                          const uint8_t priv[PSSST_KEY_SIZE], const uint8_t pub[PSSST_KEY_SIZE])
{
    keyfile_detail detail;
    keyfile_status s = keyfile_write(opts->output, PSSST_KEY_PRIVATE, priv, opts->force, &detail);
    if (s == KEYFILE_ERR_EXISTS)
        return cli_fail(command, "'%s' exists; not replacing it without --force", opts->output);
    if (s != KEYFILE_OK)
        return cli_fail(command, "cannot write key file '%s': %s", opts->output,
                        detail.errno_value != 0 ? strerror(detail.errno_value)
                                                : keyfile_strerror(s));
    cli_print_hex_line(stdout, pub, PSSST_KEY_SIZE);
    return TOOL_EXIT_OK;
}

static int write_key_stdout(const char *command, const uint8_t priv[PSSST_KEY_SIZE],
                            const uint8_t pub[PSSST_KEY_SIZE])
{
    if (isatty(STDOUT_FILENO))
        fprintf(stderr, "%s %s: warning: printing a private key to a terminal; "
                        "use -o FILE to store it in a file only its owner can read\n",
                TOOL_NAME, command);
    char text[PSSST_KEY_TEXT_MAX];
    size_t len = 0;
    pssst_status st = pssst_key_text_write(PSSST_KEY_PRIVATE, priv, text, sizeof text, &len);
    if (st == PSSST_OK)
        fwrite(text, 1, len, stdout);
    keyfile_wipe(text, sizeof text);
    if (st != PSSST_OK)
        return cli_fail(command, "cannot write the key: %s", pssst_strerror(st));
    fprintf(stderr, "public key: ");
    cli_print_hex_line(stderr, pub, PSSST_KEY_SIZE);
    return TOOL_EXIT_OK;
}

int cmd_keygen(int argc, char **argv)
{
    keygen_options opts = {NULL, false};
    bool help = false;
    int rc = parse_options(argc, argv, &opts, &help);
    if (rc != TOOL_EXIT_OK)
        return rc;
    if (help) {
        keygen_usage(stdout);
        return TOOL_EXIT_OK;
    }

    uint8_t priv[PSSST_KEY_SIZE];
    uint8_t pub[PSSST_KEY_SIZE];
    pssst_status st = pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, priv, pub);
    if (st != PSSST_OK) {
        keyfile_wipe(priv, sizeof priv);
        return cli_fail(argv[0], "cannot generate a key pair: %s", pssst_strerror(st));
    }
    if (opts.output != NULL)
        rc = write_key_file(argv[0], &opts, priv, pub);
    else
        rc = write_key_stdout(argv[0], priv, pub);
    keyfile_wipe(priv, sizeof priv);
    return rc;
}
