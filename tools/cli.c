/* SPDX-License-Identifier: Apache-2.0 */
/* getopt's optind/optopt come from <unistd.h> (POSIX.2). */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "hex.h"
#include "keyfile.h"

static void vreport(const char *command, const char *fmt, va_list ap) TOOL_PRINTF(2, 0);

static void vreport(const char *command, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s %s: ", TOOL_NAME, command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(command, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try '%s help %s' for its usage.\n", TOOL_NAME, command);
    return TOOL_EXIT_USAGE;
}

int cli_fail(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(command, fmt, ap);
    va_end(ap);
    return TOOL_EXIT_FAILURE;
}

int cli_option_error(const char *command, int opt, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (opt == ':')
        return cli_usage_error(command, "option '%s' needs a value", arg);
    if (optopt != 0)
        return cli_usage_error(command, "unknown option '-%c'", optopt);
    return cli_usage_error(command, "unknown option '%s'", arg);
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* The message for a failed keyfile_read, naming the file. */
static void report_key_error(const char *command, const char *path, pssst_key_kind want,
                             keyfile_status s, const keyfile_detail *d)
{
    switch (s) {
    case KEYFILE_ERR_OPEN:
    case KEYFILE_ERR_READ:
        cli_fail(command, "key file '%s': %s: %s", path, keyfile_strerror(s),
                 strerror(d->errno_value));
        return;
    case KEYFILE_ERR_BAD_DIGIT:
        cli_fail(command, "key file '%s': %s at byte %zu (expected 64 hex digits)", path,
                 keyfile_strerror(s), d->offset);
        return;
    case KEYFILE_ERR_TOO_SHORT:
        cli_fail(command, "key file '%s': %s (the key ends at byte %zu)", path,
                 keyfile_strerror(s), d->offset);
        return;
    case KEYFILE_ERR_BAD_HEADER:
        cli_fail(command, "key file '%s': %s (it differs at byte %zu)", path,
                 keyfile_strerror(s), d->offset);
        return;
    case KEYFILE_ERR_WRONG_KIND:
        cli_fail(command, "key file '%s' holds a %s; a %s file is needed here%s", path,
                 keyfile_kind_name(d->found), keyfile_kind_name(want),
                 want == PSSST_KEY_PRIVATE ? " (pssst keygen -o FILE writes one)" : "");
        return;
    default:
        cli_fail(command, "key file '%s': %s (expected a first line and 64 hex digits)", path,
                 keyfile_strerror(s));
        return;
    }
}

bool cli_load_key(const char *command, const char *path, pssst_key_kind kind,
                  uint8_t key[PSSST_KEY_SIZE])
{
    keyfile_detail detail;
    bool from_stdin = strcmp(path, CLI_STDIN) == 0;
    keyfile_status s = from_stdin ? keyfile_read_fd(STDIN_FILENO, kind, key, &detail)
                                  : keyfile_read(path, kind, key, &detail);
    if (s != KEYFILE_OK) {
        report_key_error(command, from_stdin ? "(standard input)" : path, kind, s, &detail);
        return false;
    }
    if (kind == PSSST_KEY_PRIVATE && !from_stdin && detail.group_or_world_access) {
        fprintf(stderr,
                "%s %s: warning: key file '%s' has mode %04o: others than its owner can "
                "reach the private key (chmod 600 '%s')\n",
                TOOL_NAME, command, path, detail.mode, path);
    }
    return true;
}

void cli_print_hex_line(FILE *out, const uint8_t *bytes, size_t len)
{
    /* hex_encode: a private key's digits are computed without tables. */
    enum { CHUNK = 32 };
    char digits[2 * CHUNK + 1];
    for (size_t off = 0; off < len; off += CHUNK) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;
        hex_encode(bytes + off, n, digits);
        fputs(digits, out);
    }
    keyfile_wipe(digits, sizeof digits);
    fputc('\n', out);
}
