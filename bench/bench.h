/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench.h - the pieces of pssst-bench: the fixture every operation works
 * on, the operations and their samples, the thread-scaling run, the
 * per-backend targets, progress and output. One job per file:
 *   bench_fixture.c   keys, clients and pre-packed packets
 *   bench_ops.c       the list of operations and one timed call of each
 *   bench_stats.c     sampling in interleaved rounds, median and p99
 *   bench_threads.c   server throughput on 1..N threads
 *   bench_targets.c   the targets of each backend and why they are set so
 *   bench_progress.c  progress on a terminal (stderr)
 *   bench_output.c    the text table and the JSON document
 *   pssst_bench.c     the command line
 */
#ifndef PSSST_BENCH_H
#define PSSST_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pssst.h>

#define MAX_MESSAGE 1024
#define REQUEST_POOL 64 /* distinct pre-packed requests cycled by the server ops */
#define REPLY_POOL 16   /* distinct replies cycled by the client-unpack ops */
#define MAX_OPS 32
#define MAX_THREADS 64
#define MAX_TARGETS 8
#define NS_PER_S 1000000000.0
#define NS_PER_US 1000.0
#define NS_PER_MS 1000000.0
#define SIZE_COUNT 2

extern const size_t bench_message_sizes[SIZE_COUNT];

typedef enum {
    OP_X25519,
    OP_X25519_BASE,
    OP_CLIENT_PACK,
    OP_SERVER_UNPACK_REPLY,
    OP_CLIENT_UNPACK_REPLY,
    OP_SHA256,
    OP_AEAD_SEAL,
    OP_PSA_KEY
} op_kind;

/* One measured operation: what it is, its samples (ns) and its results. */
typedef struct {
    op_kind kind;
    const char *name;
    bool client_auth;
    size_t size;
    double *samples;
    size_t count;
    size_t capacity;
    double median_ns;
    double p99_ns;
    double ops_per_s;
} bench_op;

/* Keys, clients and pre-computed packets shared by all operations. */
typedef struct {
    pssst_server server;
    pssst_client anon;
    pssst_client auth;
    uint8_t scalars[REQUEST_POOL][PSSST_KEY_SIZE];
    uint8_t points[REQUEST_POOL][PSSST_KEY_SIZE];
    uint8_t message[MAX_MESSAGE];
    /* [mode][size][i]: requests for the server operations */
    uint8_t requests[2][SIZE_COUNT][REQUEST_POOL][MAX_MESSAGE + PSSST_OVERHEAD + PSSST_PROOF_SIZE];
    size_t request_len[2][SIZE_COUNT][REQUEST_POOL];
    /* [mode][size][i]: replies and their pristine reply contexts */
    uint8_t replies[2][SIZE_COUNT][REPLY_POOL][MAX_MESSAGE + PSSST_OVERHEAD];
    size_t reply_len[2][SIZE_COUNT][REPLY_POOL];
    pssst_reply_ctx reply_ctx[2][SIZE_COUNT][REPLY_POOL];
} fixture;

typedef struct {
    unsigned threads;
    unsigned rounds;
    unsigned time_ms;
    unsigned thread_time_ms;
    bool json;
} options;

typedef struct {
    unsigned threads;
    double ops_per_s;
} thread_result;

/* One target judged on this run: a ratio measured in the run and its limit. */
typedef struct {
    const char *name;
    const char *reason;
    double value;
    double limit;
    bool at_most; /* value must be <= limit, else >= */
} target;

/* What a run measured, handed to the targets and the output. */
typedef struct {
    const options *opt;
    const bench_op *ops;
    size_t n_ops;
    const thread_result *threads;
    const target *targets;
    size_t n_targets;
    double load_before; /* 1-minute load average, -1 when unknown */
    double load_after;
} bench_run;

/* Errors: print and exit 1 (the benchmark could not run). */
void bench_die(const char *what, const char *detail);
void bench_check(pssst_status s, const char *what);
double bench_now_ns(void);
size_t bench_size_index(size_t size);

void fixture_init(fixture *f);
void fixture_free(fixture *f);

size_t ops_build(bench_op *ops);
const bench_op *ops_find(const bench_op *ops, size_t n, op_kind kind, bool auth, size_t size);
const char *ops_mode_name(const bench_op *op);
double ops_timed_call(fixture *f, const bench_op *op, size_t i);
void ops_server_transaction(const fixture *f, bool client_auth, size_t si, size_t i);

void stats_run_slice(fixture *f, bench_op *op, double budget_ns);
void stats_summarise(bench_op *op);
void stats_free(bench_op *op);

double threads_server_throughput(const fixture *f, unsigned threads, unsigned time_ms);

size_t targets_build(const char *backend, const bench_op *ops, size_t n,
                     const thread_result *tr, unsigned threads, target *t);
bool target_met(const target *t);

void progress_start(unsigned long total_ms);
void progress_step(const char *phase, const char *what, unsigned long done_ms);
void progress_end(void);

void output_text(const bench_run *run);
void output_json(const bench_run *run);

#endif
