/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_output.c - a run of pssst-bench as a text table (for people) or as
 * one JSON document (for bench/plots.py and other programs). Every figure
 * comes with its ratio to the bare variable-base X25519 of the same run.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* The load above which other work shares the cores (1-minute average). */
#define BUSY_LOAD 1.0
#define WRAP_COLUMN 79

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void text_operations(const bench_run *r)
{
    const bench_op *ops = r->ops;
    double bare = ops[0].median_ns, bare_p99 = ops[0].p99_ns, bare_ops = ops[0].ops_per_s;

    printf("%-22s %-11s %5s %10s %7s %10s %7s %10s %7s %8s\n", "operation", "mode", "size",
           "median_us", "x", "p99_us", "x", "ops/s", "x", "samples");
    for (size_t i = 0; i < r->n_ops; i++) {
        const bench_op *op = &ops[i];
        char size[16];
        snprintf(size, sizeof size, op->size ? "%zu" : "-", op->size);
        printf("%-22s %-11s %5s %10.2f %7.3f %10.2f %7.3f %10.0f %7.3f %8zu\n", op->name,
               ops_mode_name(op), size, op->median_ns / NS_PER_US, op->median_ns / bare,
               op->p99_ns / NS_PER_US, op->p99_ns / bare_p99, op->ops_per_s,
               op->ops_per_s / bare_ops, op->count);
    }
}

static void text_threads(const bench_run *r)
{
    const thread_result *tr = r->threads;
    double bare = r->ops[0].median_ns;

    printf("\nserver unpack+reply (anonymous, %zu bytes), %u ms per thread count over all "
           "rounds; bare x25519 rate of one core: %.0f ops/s\n",
           bench_message_sizes[0], r->opt->thread_time_ms, NS_PER_S / bare);
    printf("%-8s %12s %14s %16s\n", "threads", "ops/s", "x 1 thread", "x bare rate");
    for (unsigned i = 0; i < r->opt->threads; i++) {
        printf("%-8u %12.0f %14.3f %16.3f\n", tr[i].threads, tr[i].ops_per_s,
               tr[i].ops_per_s / tr[0].ops_per_s, tr[i].ops_per_s * bare / NS_PER_S);
    }
}

/* Prints text after prefix, wrapped at WRAP_COLUMN, continuation lines
 * indented under its first word. */
static void print_wrapped(const char *prefix, const char *text)
{
    int indent = (int)strlen(prefix), column = indent;

    fputs(prefix, stdout);
    while (*text) {
        size_t word = strcspn(text, " ");
        if (column > indent && column + 1 + (int)word > WRAP_COLUMN) {
            printf("\n%*s", indent, "");
            column = indent;
        } else if (column > indent) {
            putchar(' ');
            column++;
        }
        fwrite(text, 1, word, stdout);
        column += (int)word;
        text += word;
        text += strspn(text, " ");
    }
    putchar('\n');
}

static void text_targets(const bench_run *r)
{
    double load = r->load_before > r->load_after ? r->load_before : r->load_after;

    if (r->n_targets == 0) {
        printf("\nno targets are set for the %s backend (bench/bench_targets.c)\n",
               pssst_x25519_backend());
        return;
    }
    printf("\ntargets of the %s build (bench/bench_targets.c), on ratios of this run:\n",
           pssst_x25519_backend());
    for (size_t i = 0; i < r->n_targets; i++) {
        const target *t = &r->targets[i];
        printf("  %-48s %7.3f %s %5.2f  %s\n", t->name, t->value, t->at_most ? "<=" : ">=",
               t->limit, target_met(t) ? "met" : "NOT met");
        print_wrapped("      why: ", t->reason);
    }
    if (load >= BUSY_LOAD) {
        char note[256];
        snprintf(note, sizeof note,
                 "load average %.2f on %ld CPUs during the run: other work shared the cores, "
                 "which lowers the thread scaling above all",
                 load, sysconf(_SC_NPROCESSORS_ONLN));
        print_wrapped("note: ", note);
    }
}

void output_text(const bench_run *r)
{
    printf("pssst-bench %s, backend %s (%s), %u rounds, %u ms per operation\n",
           pssst_version(), pssst_x25519_backend(), pssst_crypto_library(), r->opt->rounds,
           r->opt->time_ms);
    printf("ratios (x) are to the bare variable-base X25519 of this run\n\n");
    text_operations(r);
    text_threads(r);
    text_targets(r);
}

static void json_operations(const bench_run *r)
{
    const bench_op *ops = r->ops;
    double bare = ops[0].median_ns, bare_p99 = ops[0].p99_ns, bare_ops = ops[0].ops_per_s;

    printf("  \"operations\": [\n");
    for (size_t i = 0; i < r->n_ops; i++) {
        const bench_op *op = &ops[i];
        printf("    {\"operation\": \"%s\", \"mode\": \"%s\", \"size\": %zu, \"samples\": %zu, "
               "\"median_us\": %.3f, \"p99_us\": %.3f, \"ops_per_s\": %.1f, "
               "\"median_ratio\": %.4f, \"p99_ratio\": %.4f, \"ops_ratio\": %.4f}%s\n",
               op->name, ops_mode_name(op), op->size, op->count, op->median_ns / NS_PER_US,
               op->p99_ns / NS_PER_US, op->ops_per_s, op->median_ns / bare, op->p99_ns / bare_p99,
               op->ops_per_s / bare_ops, i + 1 < r->n_ops ? "," : "");
    }
    printf("  ],\n");
}

static void json_threads(const bench_run *r)
{
    const thread_result *tr = r->threads;
    double bare = r->ops[0].median_ns;

    printf("  \"server_threads\": [\n");
    for (unsigned i = 0; i < r->opt->threads; i++) {
        printf("    {\"threads\": %u, \"ops_per_s\": %.1f, \"scaling\": %.4f, "
               "\"bare_rate_ratio\": %.4f}%s\n",
               tr[i].threads, tr[i].ops_per_s, tr[i].ops_per_s / tr[0].ops_per_s,
               tr[i].ops_per_s * bare / NS_PER_S, i + 1 < r->opt->threads ? "," : "");
    }
    printf("  ],\n");
}

static void json_targets(const bench_run *r)
{
    printf("  \"targets\": [\n");
    for (size_t i = 0; i < r->n_targets; i++) {
        const target *t = &r->targets[i];
        printf("    {\"target\": ");
        json_string(t->name);
        printf(", \"value\": %.4f, \"limit\": %.2f, \"relation\": \"%s\", \"met\": %s, "
               "\"reason\": ",
               t->value, t->limit, t->at_most ? "<=" : ">=", target_met(t) ? "true" : "false");
        json_string(t->reason);
        printf("}%s\n", i + 1 < r->n_targets ? "," : "");
    }
    printf("  ]\n");
}

void output_json(const bench_run *r)
{
    printf("{\n  \"version\": ");
    json_string(pssst_version());
    printf(",\n  \"backend\": ");
    json_string(pssst_x25519_backend());
    printf(",\n  \"crypto\": ");
    json_string(pssst_crypto_library());
    printf(",\n  \"cpus\": %ld,\n  \"load_average_before\": %.2f,\n"
           "  \"load_average_after\": %.2f,\n  \"rounds\": %u,\n"
           "  \"time_ms_per_operation\": %u,\n  \"thread_time_ms\": %u,\n"
           "  \"bare_x25519_median_us\": %.3f,\n",
           sysconf(_SC_NPROCESSORS_ONLN), r->load_before, r->load_after, r->opt->rounds,
           r->opt->time_ms, r->opt->thread_time_ms, r->ops[0].median_ns / NS_PER_US);
    json_operations(r);
    json_threads(r);
    json_targets(r);
    printf("}\n");
}
