/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client` figures: a progress line on a terminal while the
 * transactions run, then the summary on standard output (counts,
 * throughput, latency percentiles).
 */
#define _GNU_SOURCE

#include <stdlib.h>

#include "echo_client.h"

#define EC_PROGRESS_NS 250000000ull

void ec_show_progress(ec_state *s, uint64_t now, bool last)
{
    double elapsed;
    uint64_t done = s->stats.verified + s->stats.lost + s->stats.failed;

    if (!s->progress || (!last && now - s->last_progress_ns < EC_PROGRESS_NS))
        return;
    s->last_progress_ns = now;
    elapsed = (double)(now - s->start_ns) / 1e9;
    fprintf(stderr, "\r%llu/%llu transactions  %.0f/s  retries %llu  lost %llu   ",
            (unsigned long long)done, (unsigned long long)s->opt.count,
            elapsed > 0 ? (double)s->stats.verified / elapsed : 0.0,
            (unsigned long long)s->stats.retries, (unsigned long long)s->stats.lost);
    if (last)
        fprintf(stderr, "\n");
}

static int ec_cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static double ec_percentile(const float *sorted, uint64_t n, double q)
{
    double rank = q * (double)n;
    uint64_t idx;
    if (n == 0)
        return 0;
    /* nearest-rank percentile: the smallest value with at least q*n at or below it */
    idx = (uint64_t)rank;
    if ((double)idx < rank)
        idx++;
    idx = idx == 0 ? 0 : idx - 1;
    return sorted[idx < n ? idx : n - 1];
}

void ec_report(ec_state *s, double elapsed_s)
{
    const ec_stats *st = &s->stats;
    uint64_t n = st->verified;

    qsort(s->latency_us, (size_t)n, sizeof *s->latency_us, ec_cmp_float);
    printf("echo-client: %llu transactions to %s, %s, %zu-byte messages, concurrency %u, "
           "%u sockets, %s\n",
           (unsigned long long)s->opt.count, s->opt.connect,
           s->opt.client_key_path ? "client-auth" : "anonymous", s->opt.size,
           s->opt.concurrency, s->opt.sockets,
           s->opt.prepacked ? "prepacked requests" : "fresh requests");
    printf("result: verified=%llu lost=%llu failed=%llu retries=%llu duplicates=%llu "
           "bad_replies=%llu send_errors=%llu\n",
           (unsigned long long)st->verified, (unsigned long long)st->lost,
           (unsigned long long)st->failed, (unsigned long long)st->retries,
           (unsigned long long)st->duplicates, (unsigned long long)st->bad_replies,
           (unsigned long long)st->send_errors);
    printf("throughput: elapsed_s=%.3f transactions_per_s=%.0f\n", elapsed_s,
           elapsed_s > 0 ? (double)st->verified / elapsed_s : 0.0);
    printf("latency_us: p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f\n",
           ec_percentile(s->latency_us, n, 0.50), ec_percentile(s->latency_us, n, 0.90),
           ec_percentile(s->latency_us, n, 0.99), ec_percentile(s->latency_us, n, 0.999),
           n ? (double)s->latency_us[n - 1] : 0.0);
    fflush(stdout);
}
