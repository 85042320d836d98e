/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pssst-harness - the port harness program of this library (spec/harness.md
 * section 3): JSON lines on stdin/stdout, each answered by harness_serve.c
 * through the public API, the code `pssst-conform vectors` calls
 * in-process. `pssst-conform port -- pssst-harness` therefore checks the
 * harness protocol end to end against a known-good implementation.
 *
 * Exit status: 0 at the end of input, 2 on a read or write error or lack
 * of memory.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "harness_serve.h"

#define EXIT_OK 0
#define EXIT_BROKEN 2

/* Answers one request line on stdout; false when that fails. */
static bool answer(harness_server *h, const char *line, size_t len)
{
    char *text = harness_serve_answer(h, line, len);
    if (text == NULL)
        return false;
    bool ok = printf("%s\n", text) >= 0 && fflush(stdout) == 0;
    cJSON_free(text);
    return ok;
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: pssst-harness   (spec/harness.md: JSON lines on stdin/stdout)\n");
        return EXIT_BROKEN;
    }
    harness_server *h = harness_serve_new();
    if (h == NULL)
        return EXIT_BROKEN;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = EXIT_OK;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        if (!answer(h, line, len)) {
            rc = EXIT_BROKEN;
            break;
        }
    }
    free(line);
    harness_serve_delete(h);
    return rc;
}
