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
 * This is a benchmark, not a test: it reports the targets of BENCHMARKS.md
 * but its exit status only says whether it could run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pssst.h>

#include "crypto.h"

#ifdef PSSST_BENCH_PSA
#include <psa/crypto.h>
#endif

#define MAX_MESSAGE 1024
#define REQUEST_POOL 64      /* distinct pre-packed requests cycled by the server ops */
#define REPLY_POOL 16        /* distinct replies cycled by the client-unpack ops */
#define MAX_OPS 32
#define MAX_THREADS 64
#define DEFAULT_TIME_MS 3000 /* per operation, summed over all rounds */
#define DEFAULT_ROUNDS 5
#define DEFAULT_THREAD_TIME_MS 5000
#define MAX_SAMPLES_PER_OP 2000000
#define NS_PER_S 1000000000.0
#define NS_PER_US 1000.0

static const size_t message_sizes[] = {64, 1024};
#define SIZE_COUNT (sizeof message_sizes / sizeof message_sizes[0])

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

/* Everything one operation needs; built before timing starts. */
typedef struct {
    op_kind kind;
    const char *name;
    bool client_auth;
    size_t size;
    /* samples in nanoseconds */
    double *samples;
    size_t count;
    size_t capacity;
    /* results */
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

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "pssst-bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void check(pssst_status s, const char *what)
{
    if (s != PSSST_OK)
        die(what, pssst_status_name(s));
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * NS_PER_S + (double)ts.tv_nsec;
}

static size_t size_index(size_t size)
{
    for (size_t i = 0; i < SIZE_COUNT; i++) {
        if (message_sizes[i] == size)
            return i;
    }
    die("internal error", "unknown message size");
    return 0;
}

/* ---- fixture ---------------------------------------------------------- */

static void make_requests(fixture *f, int mode, size_t si)
{
    const pssst_client *client = mode ? &f->auth : &f->anon;
    size_t size = message_sizes[si];

    for (size_t i = 0; i < REQUEST_POOL; i++) {
        pssst_reply_ctx ctx;
        check(pssst_pack_request(client, f->message, size, f->requests[mode][si][i],
                                 sizeof f->requests[mode][si][i], &f->request_len[mode][si][i],
                                 &ctx),
              "fixture pack");
        pssst_reply_ctx_free(&ctx);
    }
}

static void make_replies(fixture *f, int mode, size_t si)
{
    const pssst_client *client = mode ? &f->auth : &f->anon;
    size_t size = message_sizes[si];
    uint8_t request[MAX_MESSAGE + PSSST_OVERHEAD + PSSST_PROOF_SIZE];
    uint8_t plain[MAX_MESSAGE];

    for (size_t i = 0; i < REPLY_POOL; i++) {
        size_t request_len, plain_len;
        pssst_reply_ctx server_ctx;
        check(pssst_pack_request(client, f->message, size, request, sizeof request, &request_len,
                                 &f->reply_ctx[mode][si][i]),
              "fixture pack");
        check(pssst_unpack_request(&f->server, request, request_len, plain, sizeof plain,
                                   &plain_len, NULL, NULL, &server_ctx),
              "fixture unpack");
        check(pssst_pack_reply(&server_ctx, plain, plain_len, f->replies[mode][si][i],
                               sizeof f->replies[mode][si][i], &f->reply_len[mode][si][i]),
              "fixture reply");
    }
}

static void fixture_init(fixture *f)
{
    uint8_t server_private[PSSST_KEY_SIZE], server_public[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE], client_public[PSSST_KEY_SIZE];

    memset(f, 0, sizeof *f);
    check(pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, server_private, server_public),
          "keypair");
    check(pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, client_private, client_public),
          "keypair");
    check(pssst_server_init(&f->server, PSSST_SUITE_X25519_AESGCM128, server_private),
          "server init");
    check(pssst_client_init(&f->anon, PSSST_SUITE_X25519_AESGCM128, server_public, NULL),
          "client init");
    check(pssst_client_init(&f->auth, PSSST_SUITE_X25519_AESGCM128, server_public,
                            client_private),
          "client init");
    if (pssst_random(&f->scalars[0][0], sizeof f->scalars) != PSSST_CRYPTO_OK ||
        pssst_random(f->message, sizeof f->message) != PSSST_CRYPTO_OK)
        die("random", NULL);
    for (size_t i = 0; i < REQUEST_POOL; i++) {
        if (pssst_x25519_base(f->points[i], f->scalars[(i + 1) % REQUEST_POOL]) != 0)
            die("x25519 base", NULL);
    }
    for (int mode = 0; mode < 2; mode++) {
        for (size_t si = 0; si < SIZE_COUNT; si++) {
            make_requests(f, mode, si);
            make_replies(f, mode, si);
        }
    }
    pssst_wipe(server_private, sizeof server_private);
    pssst_wipe(client_private, sizeof client_private);
}

/* ---- one timed call of each operation ---------------------------------- */

static void run_x25519(fixture *f, size_t i)
{
    uint8_t out[PSSST_KEY_SIZE];
    if (pssst_x25519(out, f->scalars[i % REQUEST_POOL], f->points[i % REQUEST_POOL]) != 0)
        die("x25519", NULL);
}

static void run_x25519_base(fixture *f, size_t i)
{
    uint8_t out[PSSST_KEY_SIZE];
    if (pssst_x25519_base(out, f->scalars[i % REQUEST_POOL]) != 0)
        die("x25519 base", NULL);
}

static void run_client_pack(fixture *f, const bench_op *op)
{
    uint8_t packet[MAX_MESSAGE + PSSST_OVERHEAD + PSSST_PROOF_SIZE];
    size_t packet_len;
    pssst_reply_ctx ctx;
    check(pssst_pack_request(op->client_auth ? &f->auth : &f->anon, f->message, op->size, packet,
                             sizeof packet, &packet_len, &ctx),
          "pack request");
}

static void server_transaction(const fixture *f, bool client_auth, size_t si, size_t i)
{
    uint8_t message[MAX_MESSAGE];
    uint8_t reply[MAX_MESSAGE + PSSST_OVERHEAD];
    uint8_t client_key[PSSST_KEY_SIZE];
    size_t message_len, reply_len;
    bool authenticated;
    pssst_reply_ctx ctx;
    int mode = client_auth ? 1 : 0;
    size_t k = i % REQUEST_POOL;

    check(pssst_unpack_request(&f->server, f->requests[mode][si][k],
                               f->request_len[mode][si][k], message, sizeof message,
                               &message_len, client_key, &authenticated, &ctx),
          "unpack request");
    check(pssst_pack_reply(&ctx, message, message_len, reply, sizeof reply, &reply_len),
          "pack reply");
}

/* Client unpack: the context copy is made outside the timed region. */
static double timed_client_unpack(fixture *f, const bench_op *op, size_t i)
{
    int mode = op->client_auth ? 1 : 0;
    size_t si = size_index(op->size);
    size_t k = i % REPLY_POOL;
    pssst_reply_ctx ctx = f->reply_ctx[mode][si][k];
    uint8_t message[MAX_MESSAGE];
    size_t message_len;
    double t0 = now_ns();
    pssst_status s = pssst_unpack_reply(&ctx, f->replies[mode][si][k], f->reply_len[mode][si][k],
                                        message, sizeof message, &message_len);
    double t1 = now_ns();
    check(s, "unpack reply");
    return t1 - t0;
}

/* The key schedule's hash: SHA-256(dh_param || shared), spec 5.1. */
static void run_sha256(fixture *f, size_t i)
{
    uint8_t out[PSSST_SHA256_SIZE];
    if (pssst_sha256_2(out, f->points[i % REQUEST_POOL], PSSST_X25519_SIZE,
                       f->scalars[i % REQUEST_POOL], PSSST_X25519_SIZE) != PSSST_CRYPTO_OK)
        die("sha256", NULL);
}

/* One AES-128-GCM seal under a fresh key, as every reply does (spec 8.1). */
static void run_aead_seal(fixture *f, const bench_op *op, size_t i)
{
    static const uint8_t nonce[PSSST_GCM_NONCE_SIZE];
    uint8_t in[1024], out[1024], tag[PSSST_GCM_TAG_SIZE];
    memset(in, 0x5a, op->size);
    if (pssst_aead_seal(f->scalars[i % REQUEST_POOL], nonce, in, PSSST_HEADER_SIZE, NULL, 0, in,
                        op->size, out, tag) != PSSST_CRYPTO_OK)
        die("aes-gcm seal", NULL);
}

#ifdef PSSST_BENCH_PSA
/*
 * What the PSA backend pays for its key store on every AES-GCM call:
 * importing a volatile AES-128 key and destroying it, with no cipher work.
 */
static void run_psa_key(fixture *f, size_t i)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t id = 0;
    psa_set_key_type(&attr, PSA_KEY_TYPE_AES);
    psa_set_key_bits(&attr, 128);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attr, PSA_ALG_GCM);
    if (psa_import_key(&attr, f->scalars[i % REQUEST_POOL], 16, &id) != PSA_SUCCESS ||
        psa_destroy_key(id) != PSA_SUCCESS)
        die("psa key import+destroy", NULL);
}
#endif

static double timed_call(fixture *f, const bench_op *op, size_t i)
{
    double t0, t1;

    if (op->kind == OP_CLIENT_UNPACK_REPLY)
        return timed_client_unpack(f, op, i);
    t0 = now_ns();
    switch (op->kind) {
    case OP_X25519:
        run_x25519(f, i);
        break;
    case OP_X25519_BASE:
        run_x25519_base(f, i);
        break;
    case OP_CLIENT_PACK:
        run_client_pack(f, op);
        break;
    case OP_SERVER_UNPACK_REPLY:
        server_transaction(f, op->client_auth, size_index(op->size), i);
        break;
    case OP_SHA256:
        run_sha256(f, i);
        break;
    case OP_AEAD_SEAL:
        run_aead_seal(f, op, i);
        break;
    case OP_PSA_KEY:
#ifdef PSSST_BENCH_PSA
        run_psa_key(f, i);
#endif
        break;
    case OP_CLIENT_UNPACK_REPLY:
        break;
    }
    t1 = now_ns();
    return t1 - t0;
}

/* ---- sampling and statistics ------------------------------------------- */

static void add_sample(bench_op *op, double ns)
{
    if (op->count == op->capacity) {
        size_t cap = op->capacity ? op->capacity * 2 : 1024;
        double *p = realloc(op->samples, cap * sizeof *p);
        if (p == NULL)
            die("out of memory", NULL);
        op->samples = p;
        op->capacity = cap;
    }
    op->samples[op->count++] = ns;
}

/* Runs op for budget_ns of wall time (at least a few calls). */
static void run_slice(fixture *f, bench_op *op, double budget_ns)
{
    double start = now_ns();
    size_t done = 0;
    while ((done < 3 || now_ns() - start < budget_ns) && op->count < MAX_SAMPLES_PER_OP) {
        add_sample(op, timed_call(f, op, op->count));
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

static void summarise(bench_op *op)
{
    double total = 0;
    for (size_t i = 0; i < op->count; i++)
        total += op->samples[i];
    qsort(op->samples, op->count, sizeof *op->samples, cmp_double);
    op->median_ns = percentile(op->samples, op->count, 0.5);
    op->p99_ns = percentile(op->samples, op->count, 0.99);
    op->ops_per_s = total > 0 ? (double)op->count * NS_PER_S / total : 0;
}

/* ---- server scaling over threads --------------------------------------- */

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
    end = now_ns() + a->duration_ns;
    while (now_ns() < end) {
        server_transaction(a->f, false, 0, i++);
        a->ops++;
    }
    return NULL;
}

static double server_throughput(const fixture *f, unsigned threads, unsigned time_ms)
{
    pthread_t tid[MAX_THREADS];
    thread_arg args[MAX_THREADS];
    pthread_barrier_t barrier;
    unsigned long long total = 0;

    if (pthread_barrier_init(&barrier, NULL, threads) != 0)
        die("pthread_barrier_init", strerror(errno));
    for (unsigned t = 0; t < threads; t++) {
        args[t] = (thread_arg){f, &barrier, time_ms * 1e6, 0, t * 7};
        if (pthread_create(&tid[t], NULL, server_thread, &args[t]) != 0)
            die("pthread_create", NULL);
    }
    for (unsigned t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
        total += args[t].ops;
    }
    pthread_barrier_destroy(&barrier);
    return (double)total * 1000.0 / time_ms;
}

/* ---- command line ------------------------------------------------------ */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: pssst-bench [--threads N] [--json] [--time MS] [--rounds R]\n"
            "                   [--thread-time MS]\n"
            "  --threads N       server throughput with 1..N threads (default 2)\n"
            "  --json            machine-readable output\n"
            "  --time MS         time per operation over all rounds (default %d)\n"
            "  --rounds R        interleaved rounds (default %d)\n"
            "  --thread-time MS  time per thread count, over all rounds (default %d)\n",
            DEFAULT_TIME_MS, DEFAULT_ROUNDS, DEFAULT_THREAD_TIME_MS);
}

static unsigned parse_uint(const char *name, const char *text, unsigned lo, unsigned hi)
{
    char *end;
    unsigned long v;

    if (text == NULL)
        die("missing value for", name);
    errno = 0;
    v = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "pssst-bench: %s must be a number from %u to %u, not '%s'\n", name, lo,
                hi, text);
        exit(2);
    }
    return (unsigned)v;
}

static options parse_options(int argc, char **argv)
{
    options o = {2, DEFAULT_ROUNDS, DEFAULT_TIME_MS, DEFAULT_THREAD_TIME_MS, false};

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--json") == 0) {
            o.json = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--threads") == 0)
            o.threads = parse_uint(a, v, 1, MAX_THREADS);
        else if (strcmp(a, "--time") == 0)
            o.time_ms = parse_uint(a, v, 10, 600000);
        else if (strcmp(a, "--rounds") == 0)
            o.rounds = parse_uint(a, v, 1, 1000);
        else if (strcmp(a, "--thread-time") == 0)
            o.thread_time_ms = parse_uint(a, v, 10, 600000);
        else {
            fprintf(stderr, "pssst-bench: unknown option '%s'\n", a);
            usage(stderr);
            exit(2);
        }
        i++;
    }
    return o;
}

/* ---- the list of operations -------------------------------------------- */

static size_t build_ops(bench_op *ops)
{
    size_t n = 0;
    ops[n++] = (bench_op){.kind = OP_X25519, .name = "x25519 variable base"};
    ops[n++] = (bench_op){.kind = OP_X25519_BASE, .name = "x25519 fixed base"};
    for (size_t si = 0; si < SIZE_COUNT; si++) {
        for (int mode = 0; mode < 2; mode++) {
            bool auth = mode == 1;
            size_t size = message_sizes[si];
            ops[n++] = (bench_op){.kind = OP_CLIENT_PACK, .name = "client pack", .client_auth = auth,
                                  .size = size};
            ops[n++] = (bench_op){.kind = OP_SERVER_UNPACK_REPLY, .name = "server unpack+reply",
                                  .client_auth = auth, .size = size};
            ops[n++] = (bench_op){.kind = OP_CLIENT_UNPACK_REPLY, .name = "client unpack reply",
                                  .client_auth = auth, .size = size};
        }
    }
    /* The primitives of one transaction, through the library's backend. */
    ops[n++] = (bench_op){.kind = OP_SHA256, .name = "sha256 key schedule", .size = 64};
    ops[n++] = (bench_op){.kind = OP_AEAD_SEAL, .name = "aes-gcm seal", .size = 64};
#ifdef PSSST_BENCH_PSA
    ops[n++] = (bench_op){.kind = OP_PSA_KEY, .name = "psa key import+destroy", .size = 16};
#endif
    return n;
}

static const bench_op *find_op(const bench_op *ops, size_t n, op_kind kind, bool auth,
                               size_t size)
{
    for (size_t i = 0; i < n; i++) {
        if (ops[i].kind == kind && ops[i].client_auth == auth && ops[i].size == size)
            return &ops[i];
    }
    return NULL;
}

/* ---- targets (BENCHMARKS.md; defined for the libsodium build) ----------- */

typedef struct {
    const char *name;
    double value;
    double limit;
    bool at_most; /* value must be <= limit, else >= */
} target;

static size_t build_targets(const bench_op *ops, size_t n, const thread_result *tr,
                            unsigned threads, target *t)
{
    double bare = ops[0].median_ns;
    size_t k = 0;
    const size_t small = message_sizes[0];

    t[k++] = (target){"server unpack+reply anonymous / bare x25519",
                      find_op(ops, n, OP_SERVER_UNPACK_REPLY, false, small)->median_ns / bare,
                      1.15, true};
    t[k++] = (target){"server unpack+reply client-auth / bare x25519",
                      find_op(ops, n, OP_SERVER_UNPACK_REPLY, true, small)->median_ns / bare,
                      2.3, true};
    t[k++] = (target){"client pack anonymous / bare x25519",
                      find_op(ops, n, OP_CLIENT_PACK, false, small)->median_ns / bare, 2.15,
                      true};
    if (threads >= 2)
        t[k++] = (target){"server throughput 2 threads / 1 thread",
                          tr[1].ops_per_s / tr[0].ops_per_s, 1.8, false};
    return k;
}

static bool target_met(const target *t)
{
    return t->at_most ? t->value <= t->limit : t->value >= t->limit;
}

/* ---- output ------------------------------------------------------------ */

static const char *mode_name(const bench_op *op)
{
    if (op->kind == OP_X25519 || op->kind == OP_X25519_BASE)
        return "-";
    return op->client_auth ? "client-auth" : "anonymous";
}

static void print_text(const options *o, const bench_op *ops, size_t n, const thread_result *tr,
                       const target *t, size_t nt)
{
    double bare = ops[0].median_ns, bare_p99 = ops[0].p99_ns, bare_ops = ops[0].ops_per_s;

    printf("pssst-bench %s, X25519 backend: %s, %u rounds, %u ms per operation\n",
           pssst_version(), pssst_x25519_backend(), o->rounds, o->time_ms);
    printf("ratios (x) are to the bare variable-base X25519 of this run\n\n");
    printf("%-22s %-11s %5s %10s %7s %10s %7s %10s %7s %8s\n", "operation", "mode", "size",
           "median_us", "x", "p99_us", "x", "ops/s", "x", "samples");
    for (size_t i = 0; i < n; i++) {
        const bench_op *op = &ops[i];
        char size[16];
        snprintf(size, sizeof size, op->size ? "%zu" : "-", op->size);
        printf("%-22s %-11s %5s %10.2f %7.3f %10.2f %7.3f %10.0f %7.3f %8zu\n", op->name,
               mode_name(op), size, op->median_ns / NS_PER_US, op->median_ns / bare,
               op->p99_ns / NS_PER_US, op->p99_ns / bare_p99, op->ops_per_s,
               op->ops_per_s / bare_ops, op->count);
    }
    printf("\nserver unpack+reply (anonymous, %zu bytes), %u ms per thread count over all "
           "rounds; bare x25519 rate of one core: %.0f ops/s\n",
           message_sizes[0], o->thread_time_ms, NS_PER_S / bare);
    printf("%-8s %12s %14s %16s\n", "threads", "ops/s", "x 1 thread", "x bare rate");
    for (unsigned i = 0; i < o->threads; i++) {
        printf("%-8u %12.0f %14.3f %16.3f\n", tr[i].threads, tr[i].ops_per_s,
               tr[i].ops_per_s / tr[0].ops_per_s, tr[i].ops_per_s * bare / NS_PER_S);
    }
    printf("\ntargets (set for the libsodium build; %s build measured here):\n",
           pssst_x25519_backend());
    for (size_t i = 0; i < nt; i++) {
        printf("  %-48s %7.3f %s %5.2f  %s\n", t[i].name, t[i].value, t[i].at_most ? "<=" : ">=",
               t[i].limit, target_met(&t[i]) ? "met" : "NOT met");
    }
}

static void print_json(const options *o, const bench_op *ops, size_t n, const thread_result *tr,
                       const target *t, size_t nt)
{
    double bare = ops[0].median_ns, bare_p99 = ops[0].p99_ns, bare_ops = ops[0].ops_per_s;

    printf("{\n  \"version\": \"%s\",\n  \"backend\": \"%s\",\n  \"rounds\": %u,\n"
           "  \"time_ms_per_operation\": %u,\n  \"bare_x25519_median_us\": %.3f,\n"
           "  \"operations\": [\n",
           pssst_version(), pssst_x25519_backend(), o->rounds, o->time_ms, bare / NS_PER_US);
    for (size_t i = 0; i < n; i++) {
        const bench_op *op = &ops[i];
        printf("    {\"operation\": \"%s\", \"mode\": \"%s\", \"size\": %zu, \"samples\": %zu, "
               "\"median_us\": %.3f, \"p99_us\": %.3f, \"ops_per_s\": %.1f, "
               "\"median_ratio\": %.4f, \"p99_ratio\": %.4f, \"ops_ratio\": %.4f}%s\n",
               op->name, mode_name(op), op->size, op->count, op->median_ns / NS_PER_US,
               op->p99_ns / NS_PER_US, op->ops_per_s, op->median_ns / bare, op->p99_ns / bare_p99,
               op->ops_per_s / bare_ops, i + 1 < n ? "," : "");
    }
    printf("  ],\n  \"server_threads\": [\n");
    for (unsigned i = 0; i < o->threads; i++) {
        printf("    {\"threads\": %u, \"ops_per_s\": %.1f, \"scaling\": %.4f, "
               "\"bare_rate_ratio\": %.4f}%s\n",
               tr[i].threads, tr[i].ops_per_s, tr[i].ops_per_s / tr[0].ops_per_s,
               tr[i].ops_per_s * bare / NS_PER_S, i + 1 < o->threads ? "," : "");
    }
    printf("  ],\n  \"targets\": [\n");
    for (size_t i = 0; i < nt; i++) {
        printf("    {\"target\": \"%s\", \"value\": %.4f, \"limit\": %.2f, \"relation\": \"%s\", "
               "\"met\": %s}%s\n",
               t[i].name, t[i].value, t[i].limit, t[i].at_most ? "<=" : ">=",
               target_met(&t[i]) ? "true" : "false", i + 1 < nt ? "," : "");
    }
    printf("  ]\n}\n");
}

/* One round's share of a time budget, at least 10 ms. */
static unsigned slice_ms(unsigned total_ms, unsigned rounds)
{
    unsigned ms = total_ms / rounds;
    return ms < 10 ? 10 : ms;
}

int main(int argc, char **argv)
{
    options o = parse_options(argc, argv);
    static fixture f;
    bench_op ops[MAX_OPS];
    thread_result tr[MAX_THREADS];
    target targets[8];
    size_t n, nt;

    fixture_init(&f);
    n = build_ops(ops);
    for (unsigned r = 0; r < o.rounds; r++) {
        for (size_t i = 0; i < n; i++)
            run_slice(&f, &ops[i], o.time_ms * 1e6 / o.rounds);
    }
    for (size_t i = 0; i < n; i++)
        summarise(&ops[i]);
    /* Thread counts interleaved over the rounds too, so that the scaling
     * ratio compares measurements taken under the same load. */
    for (unsigned t = 1; t <= o.threads; t++)
        tr[t - 1] = (thread_result){t, 0};
    for (unsigned r = 0; r < o.rounds; r++) {
        for (unsigned t = 1; t <= o.threads; t++)
            tr[t - 1].ops_per_s +=
                server_throughput(&f, t, slice_ms(o.thread_time_ms, o.rounds)) / o.rounds;
    }
    nt = build_targets(ops, n, tr, o.threads, targets);
    if (o.json)
        print_json(&o, ops, n, tr, targets, nt);
    else
        print_text(&o, ops, n, tr, targets, nt);
    for (size_t i = 0; i < n; i++)
        free(ops[i].samples);
    pssst_server_free(&f.server);
    pssst_client_free(&f.anon);
    pssst_client_free(&f.auth);
    return 0;
}
