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

int conform_compat_main(int argc, char **argv)
{
    compat_session s;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
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
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        if (len > 0 && line[len - 1] == '\n')
            len--;
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
    fprintf(stderr, "pssst-conform compat: input ended before the exchange was complete\n");
out:
    free(line);
    compat_free(&s);
    return rc;
}

