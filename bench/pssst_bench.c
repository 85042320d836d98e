/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pssst-bench - latency and throughput of every PSSST operation, each also
 * given as a ratio to one bare X25519 multiplication of the active backend
 * measured in the same run (spec 2.1: the multiplication dominates every
 * transaction, so the ratio says how much the protocol adds around it).
 *
 * The operations are measured in interleaved rounds: every round times each
 * operation for a slice of its budget. Noise from other programs on the
 * machine then falls on all operations alike and the ratios stay
 * meaningful even when absolute figures move.
 *
 * This is a benchmark, not a test: it judges the run against the targets
 * of its backend (bench_targets.c) but its exit status only says whether
 * it could run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define DEFAULT_THREADS 2
#define DEFAULT_TIME_MS 3000 /* per operation, summed over all rounds */
#define DEFAULT_ROUNDS 5
#define DEFAULT_THREAD_TIME_MS 5000
#define MIN_TIME_MS 10
#define MAX_TIME_MS 600000
#define MAX_ROUNDS 1000
#define EXIT_USAGE 2

static void usage(FILE *out)
{
    fprintf(out,
            "usage: pssst-bench [--threads N] [--json] [--time MS] [--rounds R]\n"
            "                   [--thread-time MS]\n"
            "       pssst-bench --version | --help\n"
            "  --threads N       server throughput with 1..N threads (default %d)\n"
            "  --json            machine-readable output\n"
            "  --time MS         time per operation over all rounds (default %d)\n"
            "  --rounds R        interleaved rounds (default %d)\n"
            "  --thread-time MS  time per thread count, over all rounds (default %d)\n"
            "  --version         the library version and its crypto backend\n"
            "Progress goes to stderr when it is a terminal; results to stdout.\n",
            DEFAULT_THREADS, DEFAULT_TIME_MS, DEFAULT_ROUNDS, DEFAULT_THREAD_TIME_MS);
}

/* The same lines as `pssst version`. */
static void version(void)
{
    printf("pssst-bench %s\n", PSSST_VERSION_STRING);
    printf("library: %s\n", pssst_version());
    printf("backend: %s\n", pssst_x25519_backend());
    printf("crypto: %s\n", pssst_crypto_library());
}

static unsigned parse_uint(const char *name, const char *text, unsigned lo, unsigned hi)
{
    char *end;
    unsigned long v;

    if (text == NULL) {
        fprintf(stderr, "pssst-bench: missing value for %s\n", name);
        exit(EXIT_USAGE);
    }
    errno = 0;
    v = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < lo || v > hi) {
        fprintf(stderr, "pssst-bench: %s must be a number from %u to %u, not '%s'\n", name, lo,
                hi, text);
        exit(EXIT_USAGE);
    }
    return (unsigned)v;
}

/* Options without a value; returns false when a is not one of them. */
static bool flag_option(const char *a, options *o)
{
    if (strcmp(a, "--json") == 0) {
        o->json = true;
        return true;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        usage(stdout);
        exit(0);
    }
    if (strcmp(a, "--version") == 0) {
        version();
        exit(0);
    }
    return false;
}

static options parse_options(int argc, char **argv)
{
    options o = {DEFAULT_THREADS, DEFAULT_ROUNDS, DEFAULT_TIME_MS, DEFAULT_THREAD_TIME_MS, false};

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (flag_option(a, &o))
            continue;
        if (strcmp(a, "--threads") == 0)
            o.threads = parse_uint(a, v, 1, MAX_THREADS);
        else if (strcmp(a, "--time") == 0)
            o.time_ms = parse_uint(a, v, MIN_TIME_MS, MAX_TIME_MS);
        else if (strcmp(a, "--rounds") == 0)
            o.rounds = parse_uint(a, v, 1, MAX_ROUNDS);
        else if (strcmp(a, "--thread-time") == 0)
            o.thread_time_ms = parse_uint(a, v, MIN_TIME_MS, MAX_TIME_MS);
        else {
            fprintf(stderr, "pssst-bench: unknown option '%s'\n", a);
            usage(stderr);
            exit(EXIT_USAGE);
        }
        i++;
    }
    return o;
}

/* One round's share of a time budget, at least MIN_TIME_MS. */
static unsigned slice_ms(unsigned total_ms, unsigned rounds)
{
    unsigned ms = total_ms / rounds;
    return ms < MIN_TIME_MS ? MIN_TIME_MS : ms;
}

static double load_average(void)
{
    double load;
    return getloadavg(&load, 1) == 1 ? load : -1.0;
}

/* Every operation, a slice per round; returns the planned time spent. */
static unsigned long measure_ops(fixture *f, const options *o, bench_op *ops, size_t n)
{
    double op_slice_ms = (double)o->time_ms / o->rounds;
    unsigned long done_ms = 0;
    char what[96];

    for (unsigned r = 0; r < o->rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            snprintf(what, sizeof what, "round %u/%u, %s %s %zu B", r + 1, o->rounds,
                     ops[i].name, ops_mode_name(&ops[i]), ops[i].size);
            progress_step("operations", what, done_ms);
            stats_run_slice(f, &ops[i], op_slice_ms * NS_PER_MS);
            done_ms = (unsigned long)((double)(r * n + i + 1) * op_slice_ms);
        }
    }
    for (size_t i = 0; i < n; i++)
        stats_summarise(&ops[i]);
    return done_ms;
}

/* Thread counts interleaved over the rounds too, so that the scaling ratio
 * compares measurements taken under the same load. */
static void measure_threads(const fixture *f, const options *o, thread_result *tr,
                            unsigned long done_ms)
{
    unsigned ms = slice_ms(o->thread_time_ms, o->rounds);
    char what[96];

    for (unsigned t = 1; t <= o->threads; t++)
        tr[t - 1] = (thread_result){t, 0};
    for (unsigned r = 0; r < o->rounds; r++) {
        for (unsigned t = 1; t <= o->threads; t++) {
            snprintf(what, sizeof what, "round %u/%u, %u thread%s", r + 1, o->rounds, t,
                     t == 1 ? "" : "s");
            progress_step("server threads", what, done_ms);
            tr[t - 1].ops_per_s += threads_server_throughput(f, t, ms) / o->rounds;
            done_ms += ms;
        }
    }
}

int main(int argc, char **argv)
{
    options o = parse_options(argc, argv);
    static fixture f;
    bench_op ops[MAX_OPS];
    thread_result tr[MAX_THREADS];
    target targets[MAX_TARGETS];
    bench_run run = {.opt = &o, .ops = ops, .threads = tr, .targets = targets};
    unsigned long done_ms;

    run.load_before = load_average();
    run.n_ops = ops_build(ops);
    progress_start((unsigned long)o.time_ms * run.n_ops +
                   (unsigned long)slice_ms(o.thread_time_ms, o.rounds) * o.rounds * o.threads);
    progress_step("setup", "keys and packets", 0);
    fixture_init(&f);
    done_ms = measure_ops(&f, &o, ops, run.n_ops);
    measure_threads(&f, &o, tr, done_ms);
    progress_end();
    run.load_after = load_average();
    run.n_targets = targets_build(pssst_x25519_backend(), ops, run.n_ops, tr, o.threads, targets);
    if (o.json)
        output_json(&run);
    else
        output_text(&run);
    for (size_t i = 0; i < run.n_ops; i++)
        stats_free(&ops[i]);
    fixture_free(&f);
    return 0;
}
