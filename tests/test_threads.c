/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pssst.h thread safety: a pssst_server and a pssst_client are read-only
 * after init, so many threads may use one at once. Several threads unpack
 * requests with one server (and pack requests with one client) at the same
 * time; every result is checked.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define THREADS 8
/* At most; PSSST_TEST_REQUESTS_PER_THREAD (1 to 24) asks for fewer, for
 * slow runs under helgrind. */
#define REQUESTS_PER_THREAD 24
#define MESSAGE_MAX 300
#define PACKET_MAX (MESSAGE_MAX + PSSST_OVERHEAD + PSSST_PROOF_SIZE)

typedef struct {
    uint8_t packet[PACKET_MAX];
    size_t packet_len;
    uint8_t message[MESSAGE_MAX];
    size_t message_len;
    bool client_auth;
    pssst_reply_ctx ctx; /* the client's, waiting for the reply */
    uint8_t reply[PACKET_MAX];
    size_t reply_len;
} job;

static test_keys keys;
static pssst_server server;
static pssst_client anon_client;
static pssst_client auth_client;
static job jobs[THREADS][REQUESTS_PER_THREAD];
static int requests_per_thread = REQUESTS_PER_THREAD;

/* Errors are counted per thread and checked by the main thread: the test
 * framework's counters are not meant for several threads. */
typedef struct {
    int index;
    unsigned errors;
} worker;

static void *serve(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < requests_per_thread; i++) {
        job *j = &jobs[w->index][i];
        uint8_t got[MESSAGE_MAX];
        uint8_t seen[KEY];
        size_t got_len = 0;
        bool authenticated = false;
        pssst_reply_ctx ctx;
        pssst_status st = pssst_unpack_request(&server, j->packet, j->packet_len, got, sizeof got,
                                               &got_len, seen, &authenticated, &ctx);
        if (st != PSSST_OK || got_len != j->message_len || memcmp(got, j->message, got_len) != 0 ||
            authenticated != j->client_auth ||
            (j->client_auth && memcmp(seen, keys.client_public, KEY) != 0)) {
            fprintf(stderr, "thread %d request %d: unpack gave %s\n", w->index, i,
                    pssst_status_name(st));
            w->errors++;
            continue;
        }
        /* Reply with the message reversed. */
        for (size_t k = 0; k < got_len; k++)
            got[k] = j->message[got_len - 1 - k];
        st = pssst_pack_reply(&ctx, got, got_len, j->reply, sizeof j->reply, &j->reply_len);
        if (st != PSSST_OK) {
            fprintf(stderr, "thread %d request %d: pack_reply gave %s\n", w->index, i,
                    pssst_status_name(st));
            w->errors++;
        }
    }
    return NULL;
}

static void *make_requests(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < requests_per_thread; i++) {
        job *j = &jobs[w->index][i];
        j->client_auth = (i + w->index) % 2 == 1;
        j->message_len = (size_t)(w->index * 37 + i * 11) % MESSAGE_MAX;
        fill_pattern(j->message, j->message_len, (unsigned)(w->index * 100 + i));
        pssst_status st = pssst_pack_request(j->client_auth ? &auth_client : &anon_client,
                                             j->message, j->message_len, j->packet,
                                             sizeof j->packet, &j->packet_len, &j->ctx);
        if (st != PSSST_OK) {
            fprintf(stderr, "thread %d request %d: pack gave %s\n", w->index, i,
                    pssst_status_name(st));
            w->errors++;
        }
    }
    return NULL;
}

static unsigned run_threads(void *(*fn)(void *))
{
    pthread_t threads[THREADS];
    worker workers[THREADS];
    unsigned errors = 0;
    int started = 0;
    for (int t = 0; t < THREADS; t++) {
        workers[t].index = t;
        workers[t].errors = 0;
        if (!CHECK(pthread_create(&threads[t], NULL, fn, &workers[t]) == 0))
            break;
        started++;
    }
    for (int t = 0; t < started; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        errors += workers[t].errors;
    }
    CHECK(started == THREADS);
    return errors;
}

/* Clients of both modes share one pssst_client per mode across threads. */
static void test_one_client_packs_requests_from_many_threads(void)
{
    CHECK(run_threads(make_requests) == 0);
    /* Every request used its own ephemeral: no two dh_params are equal. */
    for (int a = 0; a < THREADS * requests_per_thread; a++) {
        for (int b = 0; b < a; b++) {
            const job *x = &jobs[a / requests_per_thread][a % requests_per_thread];
            const job *y = &jobs[b / requests_per_thread][b % requests_per_thread];
            if (!CHECK(memcmp(x->packet + 4, y->packet + 4, KEY) != 0))
                return;
        }
    }
}

static void test_one_server_unpacks_requests_from_many_threads(void)
{
    CHECK(run_threads(serve) == 0);
    /* Each client context opens exactly its own reply. */
    for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < requests_per_thread; i++) {
            job *j = &jobs[t][i];
            uint8_t got[MESSAGE_MAX];
            size_t got_len = 0;
            test_context("thread %d request %d", t, i);
            if (!CHECK_STATUS(pssst_unpack_reply(&j->ctx, j->reply, j->reply_len, got,
                                                 sizeof got, &got_len),
                              PSSST_OK))
                continue;
            CHECK_SIZE(got_len, j->message_len);
            for (size_t k = 0; k < got_len; k++) {
                if (!CHECK(got[k] == j->message[got_len - 1 - k]))
                    break;
            }
        }
    }
}

static const test_case tests[] = {
    TEST_CASE(test_one_client_packs_requests_from_many_threads),
    TEST_CASE(test_one_server_unpacks_requests_from_many_threads),
};

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "the tests of this binary depend on each other; run it without arguments\n");
        return 1;
    }
    const char *wanted = getenv("PSSST_TEST_REQUESTS_PER_THREAD");
    if (wanted != NULL) {
        requests_per_thread = atoi(wanted);
        if (requests_per_thread < 1 || requests_per_thread > REQUESTS_PER_THREAD) {
            fprintf(stderr, "PSSST_TEST_REQUESTS_PER_THREAD must be 1 to %d\n", REQUESTS_PER_THREAD);
            return 1;
        }
    }
    return test_main_with_server_and_clients(argc, argv, tests, TEST_COUNT(tests), &keys, &server,
                                             &anon_client, &auth_client);
}
