/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_progress.c - one status line on stderr while pssst-bench runs, so
 * that a run of a minute or more does not look hung. Only when stderr is a
 * terminal: piped or redirected output (and --json on stdout) stays clean.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#define PERCENT 100.0

static bool active;
static unsigned long planned_ms;

void progress_start(unsigned long total_ms)
{
    active = isatty(STDERR_FILENO) == 1;
    planned_ms = total_ms > 0 ? total_ms : 1;
}

/* done_ms: planned time of the steps finished so far. */
void progress_step(const char *phase, const char *what, unsigned long done_ms)
{
    double left_s = (double)(planned_ms > done_ms ? planned_ms - done_ms : 0) / 1000.0;

    if (!active)
        return;
    /* \r and "erase to end of line": the line is rewritten in place. */
    fprintf(stderr, "\rpssst-bench: %3.0f%%  %s: %s, about %.0f s left\033[K",
            PERCENT * (double)done_ms / (double)planned_ms, phase, what, left_s);
    fflush(stderr);
}

void progress_end(void)
{
    if (!active)
        return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}
