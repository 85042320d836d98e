/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client` transactions: the table of W transactions in flight,
 * each with its request, its reply context and its resend deadline.
 *
 * A request whose reply does not come in time is sent again unchanged:
 * PSSST requests are idempotent and the server keeps no state (spec 11.1),
 * so any server of a pool can answer the copy. With --prepacked K every
 * transaction verifies its reply with a copy of the reply context taken
 * when its request was packed, so load generation costs one AES-GCM open
 * per transaction.
 */
#define _GNU_SOURCE

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "echo_client.h"
#include "net_common.h"

#define EC_MAX_BACKOFF_SHIFT 3 /* resend waits: timeout x 1, 2, 4, 8, 8, ... */
#define EC_DH_OFFSET PSSST_HEADER_SIZE
#define NS_PER_MS 1000000ull
#define NS_PER_US 1000.0

void ec_fill_message(ec_state *s, uint8_t *m, size_t len)
{
    for (size_t i = 0; i < len; i += sizeof(uint64_t)) {
        uint64_t r = net_next_random(&s->rng); /* contents only, not secret */
        size_t n = len - i < sizeof r ? len - i : sizeof r;
        memcpy(m + i, &r, n);
    }
}

/* Queues the slot's packet on its socket; a full queue is sent at once. */
static void ec_send(ec_state *s, ec_slot *slot, uint64_t now)
{
    ec_send_queue *q = &s->queues[slot->sock];
    unsigned i, shift;

    if (q->count == EC_SEND_BATCH)
        ec_flush(s, slot->sock);
    i = q->count++;
    q->iov[i].iov_base = (void *)(uintptr_t)slot->packet;
    q->iov[i].iov_len = slot->packet_len;
    memset(&q->msgs[i].msg_hdr, 0, sizeof q->msgs[i].msg_hdr);
    q->msgs[i].msg_hdr.msg_iov = &q->iov[i];
    q->msgs[i].msg_hdr.msg_iovlen = 1;
    /* Each resend waits twice as long as the one before (up to 8 times the
     * timeout): when a server is overloaded, resending at a fixed pace
     * would only add to its queue. */
    shift = slot->attempts < EC_MAX_BACKOFF_SHIFT ? slot->attempts : EC_MAX_BACKOFF_SHIFT;
    slot->attempts++;
    slot->deadline_ns = now + ((uint64_t)s->opt.timeout_ms * NS_PER_MS << shift);
}

/* Gives a slot its next transaction: a fresh request, or the next prepacked one. */
bool ec_start(ec_state *s, ec_slot *slot, uint64_t now, const char *command)
{
    if (s->stats.started >= s->opt.count)
        return false;
    if (s->opt.prepacked) {
        ec_prepacked *p = &s->pre;
        unsigned k = p->next;
        size_t msize = s->opt.size ? s->opt.size : 1;
        p->next = (k + 1) % p->count;
        slot->packet = p->packets + (size_t)k * p->packet_size;
        slot->packet_len = p->packet_len[k];
        slot->message = p->messages + (size_t)k * msize;
        /* spec 11.1: a replayed request gets the same reply; a copy of the
         * context taken at packing time verifies it. */
        slot->ctx = p->ctx[k];
    } else {
        size_t len;
        pssst_status st;
        ec_fill_message(s, slot->own_message, s->opt.size);
        st = pssst_pack_request(&s->client, slot->own_message, s->opt.size, slot->own_packet,
                                ec_packet_size(s), &len, &slot->ctx);
        if (st != PSSST_OK) {
            cli_fail(command, "pack request: %s", pssst_strerror(st));
            exit(TOOL_EXIT_FAILURE);
        }
        slot->packet = slot->own_packet;
        slot->packet_len = len;
        slot->message = slot->own_message;
    }
    s->stats.started++;
    slot->busy = true;
    slot->attempts = 0;
    slot->first_send_ns = now;
    ec_send(s, slot, now);
    return true;
}

static void ec_finish(ec_state *s, ec_slot *slot, uint64_t now, const char *command)
{
    slot->busy = false;
    pssst_reply_ctx_free(&slot->ctx);
    ec_start(s, slot, now, command);
}

static ec_slot *ec_match(ec_state *s, unsigned sock, const uint8_t *packet, size_t len)
{
    if (len < PSSST_HEADER_SIZE + PSSST_KEY_SIZE)
        return NULL;
    for (unsigned i = sock; i < s->opt.concurrency; i += s->opt.sockets) {
        ec_slot *slot = &s->slots[i];
        if (slot->busy &&
            memcmp(slot->packet + EC_DH_OFFSET, packet + EC_DH_OFFSET, PSSST_KEY_SIZE) == 0)
            return slot;
    }
    return NULL;
}

/*
 * A reply for a fresh request failed to decrypt and used up its context
 * (spec 8.2): send a new request for the same transaction. It counts as an
 * attempt, so a server with the wrong key cannot keep a transaction alive.
 */
static void ec_restart(ec_state *s, ec_slot *slot, uint64_t now, const char *command)
{
    uint64_t first_send = slot->first_send_ns;
    unsigned attempts = slot->attempts;

    if (attempts > s->opt.retries) {
        s->stats.lost++;
        ec_finish(s, slot, now, command);
        return;
    }
    s->stats.started--;
    s->stats.retries++;
    ec_start(s, slot, now, command);
    slot->first_send_ns = first_send;
    slot->attempts = attempts + 1;
}

/* spec 9: verify one reply; a good one completes its transaction. */
void ec_on_reply(ec_state *s, unsigned sock, const uint8_t *packet, size_t len, uint64_t now,
                 const char *command)
{
    ec_slot *slot = ec_match(s, sock, packet, len);
    size_t mlen = 0;
    pssst_status st;

    if (slot == NULL) {
        s->stats.duplicates++;
        return;
    }
    st = pssst_unpack_reply(&slot->ctx, packet, len, s->reply_message, sizeof s->reply_message,
                            &mlen);
    if (st != PSSST_OK) {
        s->stats.bad_replies++;
        if (st == PSSST_ERR_DECRYPT_FAILED && s->opt.prepacked) {
            /* The context is used up (spec 8.2); take a new copy and keep
             * waiting for the real reply. */
            slot->ctx = s->pre.ctx[(size_t)(slot->packet - s->pre.packets) / s->pre.packet_size];
        } else if (st == PSSST_ERR_DECRYPT_FAILED) {
            ec_restart(s, slot, now, command);
        }
        return;
    }
    if (mlen != s->opt.size || (mlen > 0 && memcmp(s->reply_message, slot->message, mlen) != 0)) {
        s->stats.failed++;
        fprintf(stderr, "%s %s: a reply authenticated but does not echo its request\n",
                TOOL_NAME, command);
    } else {
        s->latency_us[s->stats.verified++] = (float)((double)(now - slot->first_send_ns) / NS_PER_US);
    }
    ec_finish(s, slot, now, command);
}

/* Resends late requests; gives up on those out of retries. */
uint64_t ec_check_timeouts(ec_state *s, uint64_t now, const char *command)
{
    uint64_t next = UINT64_MAX;

    for (unsigned i = 0; i < s->opt.concurrency; i++) {
        ec_slot *slot = &s->slots[i];
        if (!slot->busy)
            continue;
        if (slot->deadline_ns <= now) {
            if (slot->attempts > s->opt.retries) {
                s->stats.lost++;
                ec_finish(s, slot, now, command);
                if (!slot->busy)
                    continue;
            } else {
                s->stats.retries++;
                ec_send(s, slot, now); /* the same packet: spec 11.1 */
            }
        }
        if (slot->deadline_ns < next)
            next = slot->deadline_ns;
    }
    return next;
}
