/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain_args.c - the `explain` command line: keys as hex or key files,
 * the packet as an argument or on stdin, hex with spaces and line breaks.
 */
#include "explain_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "json_util.h"
#include "keyfile.h"

static int decode_hex(const char *what, const char *text, size_t len, uint8_t **out,
                      size_t *out_len, conform_error *err)
{
    size_t i = 0, n = 0;
    char *digits;
    *out = NULL;
    if (len > EXPLAIN_MAX_TEXT)
        return conform_error_set(err, "%s: longer than %u characters", what, EXPLAIN_MAX_TEXT);
    if ((digits = malloc(len + 1)) == NULL)
        return conform_error_set(err, "%s: out of memory", what);
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (len - i >= 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X'))
        i += 2;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (isxdigit(c))
            digits[n++] = (char)c;
        else if (!isspace(c))
            break;
    }
    unsigned char c = i < len ? (unsigned char)text[i] : 0;
    char shown[16];
    snprintf(shown, sizeof shown, c >= 0x20 && c < 0x7f ? "'%c'" : "byte 0x%02x", c);
    int rc = i == len ? hex_text_decode(digits, n, what, out, out_len, err)
                      : conform_error_set(err, "%s: not valid hex (character %zu, %s, is not a "
                                               "hex digit)", what, i + 1, shown);
    free(digits);
    return rc;
}

/* A key argument: 32 bytes of hex, or the name of a key file of the kind
 * the option names. */
static int parse_key_arg(const char *option, const char *arg, uint8_t key[PSSST_KEY_SIZE])
{
    conform_error err;
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = decode_hex(option, arg, strlen(arg), &b, &n, &err);
    if (rc == 0 && n != PSSST_KEY_SIZE)
        rc = conform_error_set(&err, "%s: %zu bytes of hex, a key has 32", option, n);
    if (rc == 0)
        memcpy(key, b, PSSST_KEY_SIZE);
    if (b != NULL)
        pssst_wipe(b, n);
    free(b);
    keyfile_detail detail;
    pssst_key_kind kind = strstr(option, "public") != NULL ? PSSST_KEY_PUBLIC : PSSST_KEY_PRIVATE;
    keyfile_status st = rc == 0 ? KEYFILE_OK : keyfile_read(arg, kind, key, &detail);
    if (st == KEYFILE_OK)
        return 0;
    /* No file, and not written like a path: it was meant as hex. */
    if (st == KEYFILE_ERR_OPEN && strpbrk(arg, "/.") == NULL)
        fprintf(stderr, "pssst-conform: %s (and no key file of that name)\n", err.text);
    else
        fprintf(stderr, "pssst-conform: %s: %s: %s\n", option, arg, keyfile_strerror(st));
    return -1;
}

/* A hex argument, or for "-" all of stdin (one character more than the
 * limit is read, so that longer input is refused rather than cut). */
static int parse_hex_arg(const char *what, const char *arg, uint8_t **out, size_t *len)
{
    conform_error err;
    bool from_stdin = strcmp(arg, "-") == 0;
    char *text = from_stdin ? malloc(EXPLAIN_MAX_TEXT + 1) : NULL;
    size_t n = text != NULL ? fread(text, 1, EXPLAIN_MAX_TEXT + 1, stdin) : strlen(arg);
    int rc;
    if (from_stdin && (text == NULL || ferror(stdin)))
        rc = conform_error_set(&err, "stdin: %s", text == NULL ? "out of memory" : "read error");
    else
        rc = decode_hex(from_stdin ? "stdin" : what, from_stdin ? text : arg, n, out, len, &err);
    if (rc != 0)
        fprintf(stderr, "pssst-conform: %s\n", err.text);
    free(text);
    return rc;
}

typedef struct {
    explain_input in;
    uint8_t *packet, *request;
    bool has_packet;
} explain_args;

static int explain_usage(const char *what, const char *arg)
{
    fprintf(stderr, "pssst-conform explain: %s%s\n(pssst-conform explain --help for usage)\n",
            what, arg);
    return EXIT_USAGE;
}

/* An option with value v; the key options name where the key goes. */
static int parse_option(const char *opt, const char *v, explain_args *a)
{
    explain_input *in = &a->in;
    struct {
        const char *name;
        bool *has;
        uint8_t *key;
    } keys[] = {{"--server-private", &in->has_server_private, in->server_private},
                {"--client-private", &in->has_client_private, in->client_private},
                {"--server-public", &in->has_server_public, in->server_public}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (strcmp(opt, keys[k].name) == 0)
            return (*keys[k].has = parse_key_arg(opt, v, keys[k].key) == 0) ? 0 : EXIT_USAGE;
    free(a->request);
    a->request = NULL;
    if (parse_hex_arg("--request", v, &a->request, &in->request_len) != 0)
        return EXIT_USAGE;
    if (in->request_len < BODY_OFFSET)
        return explain_usage("--request: a request has at least 36 bytes (header and dh_param)",
                             "");
    return 0;
}

static int parse_one(int argc, char **argv, int *i, explain_args *a)
{
    const char *arg = argv[*i];
    bool takes_value = strcmp(arg, "--server-private") == 0 ||
                       strcmp(arg, "--client-private") == 0 ||
                       strcmp(arg, "--server-public") == 0 || strcmp(arg, "--request") == 0;
    a->in.json = a->in.json || strcmp(arg, "--json") == 0;
    if (strcmp(arg, "--json") == 0)
        return 0;
    if (takes_value)
        return *i + 1 < argc ? parse_option(arg, argv[++*i], a)
                             : explain_usage("missing value after ", arg);
    if (arg[0] == '-' && arg[1] != '\0')
        return explain_usage("unknown option ", arg);
    if (a->has_packet)
        return explain_usage("more than one packet: ", arg);
    a->has_packet = true;
    return parse_hex_arg("PACKET_HEX", arg, &a->packet, &a->in.packet_len) ? EXIT_USAGE : 0;
}

int explain_main(int argc, char **argv)
{
    explain_args a;
    memset(&a, 0, sizeof a);
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++)
        rc = parse_one(argc, argv, &i, &a);
    if (rc == 0 && !a.has_packet)
        rc = parse_hex_arg("PACKET_HEX", "-", &a.packet, &a.in.packet_len) ? EXIT_USAGE : 0;
    if (rc == 0) {
        a.in.packet = a.packet;
        a.in.request = a.request;
        explain_verdict v = explain_packet(&a.in, stdout);
        rc = (v.decided && v.status != PSSST_OK) || v.library_disagrees ? EXIT_REJECTED
                                                                         : EXIT_ACCEPTED;
    }
    pssst_wipe(&a.in, sizeof a.in);
    free(a.packet);
    free(a.request);
    return rc;
}
