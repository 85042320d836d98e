/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-server` counters: each worker counts alone (no shared cache
 * line on the hot path); this sums them for SIGUSR1 and for the exit.
 */
#define _GNU_SOURCE

#include "echo_server.h"

void es_print_counters(const es_worker *workers, unsigned count, const char *when)
{
    unsigned long long received = 0, replied = 0, oversize = 0, send_errors = 0;
    unsigned long long by_status[PSSST_STATUS_COUNT] = {0};

    for (unsigned w = 0; w < count; w++) {
        const es_counters *c = &workers[w].counters;
        received += atomic_load_explicit(&c->received, memory_order_relaxed);
        replied += atomic_load_explicit(&c->replied, memory_order_relaxed);
        oversize += atomic_load_explicit(&c->oversize, memory_order_relaxed);
        send_errors += atomic_load_explicit(&c->send_errors, memory_order_relaxed);
        for (int s = 0; s < PSSST_STATUS_COUNT; s++)
            by_status[s] += atomic_load_explicit(&c->by_status[s], memory_order_relaxed);
    }
    printf("counters (%s): received=%llu replied=%llu send_errors=%llu oversize=%llu", when,
           received, replied, send_errors, oversize);
    for (int s = 0; s < PSSST_STATUS_COUNT; s++)
        printf(" %s=%llu", pssst_status_name((pssst_status)s), by_status[s]);
    printf("\n");
    fflush(stdout);
}
