/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compat_stdio.c - `pssst-conform compat`: this library as one side of the
 * compatibility line protocol (spec/harness.md section 2) on stdin and
 * stdout, for any driver that copies lines between two programs.
 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>

#include "compat.h"

#define EXIT_PASS 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

static bool send_stdout(void *arg, const char *line)
{
    (void)arg;
    return printf("%s\n", line) >= 0 && fflush(stdout) == 0;
}

static void print_last_failure(const compat_session *s)
{
    for (size_t i = s->check_count; i > 0; i--) {
        const compat_check *c = &s->checks[i - 1];
        if (!c->ok) {
            fprintf(stderr, "pssst-conform compat: %s: %s\n", compat_step_name(c->step),
                    c->detail);
            return;
        }
    }
}

typedef enum { LINE_READ, LINE_END, LINE_TOO_LONG } line_read;

/* The next line of stdin, without its newline, into line (COMPAT_MAX_INPUT_LINE + 1 bytes). */
static line_read read_line(char *line, size_t *len)
{
    int ch;
    *len = 0;
    while ((ch = getchar()) != EOF && ch != '\n') {
        /* A line of any length would take memory of any size. */
        if (*len == COMPAT_MAX_INPUT_LINE)
            return LINE_TOO_LONG;
        line[(*len)++] = (char)ch;
    }
    line[*len] = '\0';
    return ch == EOF && *len == 0 ? LINE_END : LINE_READ;
}

int conform_compat_main(int argc, char **argv)
{
    compat_session s;
    static char line[COMPAT_MAX_INPUT_LINE + 1];
    size_t len;
    line_read got;
    int rc = EXIT_FAIL;

    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "pssst-conform compat: takes no arguments (pssst-conform compat --help)\n");
        return EXIT_USAGE;
    }
    if (!compat_init(&s, send_stdout, NULL) || !compat_start(&s)) {
        fprintf(stderr, "pssst-conform compat: cannot make keys or write output\n");
        compat_free(&s);
        return EXIT_USAGE;
    }
    while ((got = read_line(line, &len)) == LINE_READ) {
        if (!compat_handle_line(&s, line, len)) {
            print_last_failure(&s);
            goto out;
        }
        if (compat_done(&s)) {
            /* step 7: both replies verified and both requests answered. */
            send_stdout(NULL, "DONE:");
            rc = EXIT_PASS;
            goto out;
        }
    }
    if (got == LINE_TOO_LONG)
        fprintf(stderr, "pssst-conform compat: a line longer than %d bytes\n", COMPAT_MAX_INPUT_LINE);
    else
        fprintf(stderr, "pssst-conform compat: input ended before the exchange was complete\n");
out:
    compat_free(&s);
    return rc;
}

