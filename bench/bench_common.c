/* SPDX-License-Identifier: Apache-2.0 */
/* bench_common.c - pssst-bench's error exits, clock and message sizes. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"

/* A short request and a kilobyte one: AES-GCM cost grows with the size. */
const size_t bench_message_sizes[SIZE_COUNT] = {64, 1024};

void bench_die(const char *what, const char *detail)
{
    fprintf(stderr, "pssst-bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

void bench_check(pssst_status s, const char *what)
{
    if (s != PSSST_OK)
        bench_die(what, pssst_status_name(s));
}

double bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * NS_PER_S + (double)ts.tv_nsec;
}

size_t bench_size_index(size_t size)
{
    for (size_t i = 0; i < SIZE_COUNT; i++) {
        if (bench_message_sizes[i] == size)
            return i;
    }
    bench_die("internal error", "unknown message size");
    return 0;
}
