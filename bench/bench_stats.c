/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_stats.c - samples of one operation: taken a slice at a time (the
 * rounds interleave the operations, so that noise from other programs
 * falls on all of them alike), then reduced to median, 99th percentile
 * and calls per second of time spent in the operation.
 */
#include <stdlib.h>

#include "bench.h"

#define MAX_SAMPLES_PER_OP 2000000
#define MIN_CALLS_PER_SLICE 3
#define FIRST_CAPACITY 1024

static void add_sample(bench_op *op, double ns)
{
    if (op->count == op->capacity) {
        size_t cap = op->capacity ? op->capacity * 2 : FIRST_CAPACITY;
        double *p = realloc(op->samples, cap * sizeof *p);
        if (p == NULL)
            bench_die("out of memory", NULL);
        op->samples = p;
        op->capacity = cap;
    }
    op->samples[op->count++] = ns;
}

/* Runs op for budget_ns of wall time (at least a few calls). */
void stats_run_slice(fixture *f, bench_op *op, double budget_ns)
{
    double start = bench_now_ns();
    size_t done = 0;
    while ((done < MIN_CALLS_PER_SLICE || bench_now_ns() - start < budget_ns) &&
           op->count < MAX_SAMPLES_PER_OP) {
        add_sample(op, ops_timed_call(f, op, op->count));
        done++;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double q)
{
    size_t idx = (size_t)(q * (double)(n - 1) + 0.5);
    return sorted[idx < n ? idx : n - 1];
}

void stats_summarise(bench_op *op)
{
    double total = 0;
    for (size_t i = 0; i < op->count; i++)
        total += op->samples[i];
    qsort(op->samples, op->count, sizeof *op->samples, cmp_double);
    op->median_ns = percentile(op->samples, op->count, 0.5);
    op->p99_ns = percentile(op->samples, op->count, 0.99);
    op->ops_per_s = total > 0 ? (double)op->count * NS_PER_S / total : 0;
}

void stats_free(bench_op *op)
{
    free(op->samples);
    op->samples = NULL;
    op->count = op->capacity = 0;
}
