/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_threads.c - server throughput on 1..N threads sharing one
 * pssst_server (anonymous unpack + reply, 64 bytes): a server object is
 * read-only after init, so threads should scale with the cores.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "bench.h"

#define THREAD_OFFSET_STEP 7 /* each thread starts at another pre-packed request */

typedef struct {
    const fixture *f;
    pthread_barrier_t *barrier;
    double duration_ns;
    unsigned long long ops;
    unsigned offset;
} thread_arg;

static void *server_thread(void *p)
{
    thread_arg *a = p;
    size_t i = a->offset;
    double end;

    pthread_barrier_wait(a->barrier);
    end = bench_now_ns() + a->duration_ns;
    while (bench_now_ns() < end) {
        ops_server_transaction(a->f, false, 0, i++);
        a->ops++;
    }
    return NULL;
}

/* Transactions per second of all threads together over time_ms. */
double threads_server_throughput(const fixture *f, unsigned threads, unsigned time_ms)
{
    pthread_t tid[MAX_THREADS];
    thread_arg args[MAX_THREADS];
    pthread_barrier_t barrier;
    unsigned long long total = 0;

    if (pthread_barrier_init(&barrier, NULL, threads) != 0)
        bench_die("pthread_barrier_init", strerror(errno));
    for (unsigned t = 0; t < threads; t++) {
        args[t] = (thread_arg){f, &barrier, time_ms * NS_PER_MS, 0, t * THREAD_OFFSET_STEP};
        if (pthread_create(&tid[t], NULL, server_thread, &args[t]) != 0)
            bench_die("pthread_create", NULL);
    }
    for (unsigned t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
        total += args[t].ops;
    }
    pthread_barrier_destroy(&barrier);
    return (double)total * 1000.0 / time_ms;
}
