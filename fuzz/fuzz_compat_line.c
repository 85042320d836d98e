/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_compat_line.c - the compatibility line protocol of pssst-conform
 * (conformance/compat.h, compat_handle_line; PROTOCOL-NOTES "The
 * compatibility line protocol"), structure-aware: two sessions of this
 * library talk to each other through two line queues, and the fuzz input
 * is a script that delivers, injects, corrupts or drops lines. So both the
 * parser (tags, hex, lengths) and every later check (unpacking requests
 * and replies, key and plaintext comparison) see valid and broken lines.
 *
 * Script, one command per byte (low 3 bits):
 *   0  deliver the next line from A to B       1  from B to A
 *   2  inject a line into B: length byte, then that many bytes
 *   3  inject a line into A: the same
 *   4  corrupt the next line from A to B: position byte, xor byte
 *   5  corrupt the next line from B to A: the same
 *   6  drop the next line from A to B          7  from B to A
 * When the script ends, the queues are drained in turn. Property: without
 * injected, corrupted or dropped lines both sessions finish the protocol
 * with every check passed; with them, nothing crashes or leaks.
 */
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "fuzz_common.h"

#define QUEUE_SIZE 32
#define MAX_STEPS 512

typedef struct {
    uint8_t *text; /* exactly len bytes, no terminating NUL */
    size_t len;
} queued_line;

typedef struct {
    queued_line lines[QUEUE_SIZE];
    size_t head, count;
} line_queue;

static bool queue_push(line_queue *q, const uint8_t *text, size_t len)
{
    if (q->count == QUEUE_SIZE)
        return false; /* a peer that stops reading */
    q->lines[(q->head + q->count) % QUEUE_SIZE] = (queued_line){fuzz_dup(text, len), len};
    q->count++;
    return true;
}

static bool queue_send(void *arg, const char *line)
{
    return queue_push(arg, (const uint8_t *)line, strlen(line));
}

/* The next line, or false when the queue is empty; the caller frees it. */
static bool queue_pop(line_queue *q, queued_line *out)
{
    if (q->count == 0)
        return false;
    *out = q->lines[q->head];
    q->head = (q->head + 1) % QUEUE_SIZE;
    q->count--;
    return true;
}

static void queue_free(line_queue *q)
{
    queued_line l;
    while (queue_pop(q, &l))
        free(l.text);
}

/* Hands the next line of q to the session; false when there was none. */
static bool deliver(line_queue *q, compat_session *to)
{
    queued_line l;

    if (!queue_pop(q, &l))
        return false;
    compat_handle_line(to, (const char *)l.text, l.len);
    free(l.text);
    return true;
}

static void corrupt_head(line_queue *q, uint8_t pos, uint8_t xor_value)
{
    queued_line *l;

    if (q->count == 0)
        return;
    l = &q->lines[q->head];
    if (l->len > 0)
        l->text[pos % l->len] ^= xor_value;
}

static void drop_head(line_queue *q)
{
    queued_line l;
    if (queue_pop(q, &l))
        free(l.text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    compat_session a, b;
    line_queue a_to_b, b_to_a;
    fuzz_reader r;
    bool tampered = false;

    memset(&a_to_b, 0, sizeof a_to_b);
    memset(&b_to_a, 0, sizeof b_to_a);
    fuzz_require(compat_init(&a, queue_send, &a_to_b) && compat_init(&b, queue_send, &b_to_a),
                 "compat_init");
    fuzz_require(compat_start(&a) && compat_start(&b), "compat_start");

    fuzz_reader_init(&r, data, size);
    for (size_t step = 0; step < MAX_STEPS && fuzz_remaining(&r) > 0; step++) {
        uint8_t op = fuzz_take_u8(&r) & 7u;
        uint8_t n, pos, x;

        switch (op) {
        case 0:
            deliver(&a_to_b, &b);
            break;
        case 1:
            deliver(&b_to_a, &a);
            break;
        case 2:
        case 3: {
            n = fuzz_take_u8(&r);
            uint8_t *text = fuzz_alloc(n, 0);
            fuzz_take_bytes(&r, text, n);
            compat_handle_line(op == 2 ? &b : &a, (const char *)text, n);
            free(text);
            tampered = true;
            break;
        }
        case 4:
        case 5:
            pos = fuzz_take_u8(&r);
            x = fuzz_take_u8(&r);
            corrupt_head(op == 4 ? &a_to_b : &b_to_a, pos, x);
            tampered = tampered || x != 0;
            break;
        default:
            drop_head(op == 6 ? &a_to_b : &b_to_a);
            tampered = true;
            break;
        }
    }
    /* Drain: each side reads what the other wrote until both are quiet. */
    for (size_t step = 0; step < MAX_STEPS; step++) {
        bool moved = deliver(&a_to_b, &b);
        moved = deliver(&b_to_a, &a) || moved;
        if (!moved)
            break;
    }
    if (!tampered) {
        fuzz_require(!a.failed && !b.failed, "untampered sessions pass every check");
        fuzz_require(compat_done(&a) && compat_done(&b), "untampered sessions finish");
    }
    for (size_t i = 0; i < a.check_count && i < COMPAT_MAX_CHECKS; i++)
        fuzz_require(compat_step_name(a.checks[i].step) != NULL, "every check names its step");
    queue_free(&a_to_b);
    queue_free(&b_to_a);
    compat_free(&a);
    compat_free(&b);
    return 0;
}
