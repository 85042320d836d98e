/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-server` worker: one thread and its own socket. Datagrams
 * are read and answered in batches (recvmmsg / sendmmsg). Each request is
 * decrypted and its reply sealed in place, in the receive buffer: nothing
 * is allocated per datagram. Invalid datagrams are dropped without an
 * answer (spec 11.6: an answer would make the server an amplifier) and
 * counted by status.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <string.h>

#include "cli.h"
#include "echo_server.h"

#define ES_FLAGS_AUTH_BYTE 0x40u /* spec 4.2: CLIENT_AUTH is bit 14, in byte 0 */

static void es_log_drop(es_worker *w, const struct mmsghdr *m, const char *what)
{
    unsigned long long suppressed;
    char peer[NET_ADDRSTRLEN];

    if (!net_ratelimit_allow(&w->log_limit, net_now_ns(), &suppressed))
        return;
    net_format_address((const struct sockaddr *)m->msg_hdr.msg_name, m->msg_hdr.msg_namelen,
                       peer, sizeof peer);
    if (suppressed > 0)
        fprintf(stderr, "%s echo-server: worker %u: %llu similar lines not shown\n", TOOL_NAME,
                w->index, suppressed);
    fprintf(stderr, "%s echo-server: worker %u: dropped %u bytes from %s: %s\n", TOOL_NAME,
            w->index, m->msg_len, peer, what);
}

/*
 * Unpacks the request in buf and seals the reply over it (spec 7, 8.1).
 * The message is decrypted where the library would put it inside the
 * packet, moved to the reply's message offset and sealed in place, so the
 * reply leaves from the same buffer. Returns the reply length, or 0 when
 * the datagram is dropped (its status is counted).
 */
static size_t es_answer(es_worker *w, uint8_t *buf, size_t len, struct mmsghdr *m)
{
    bool auth = len > 0 && (buf[0] & ES_FLAGS_AUTH_BYTE) != 0;
    size_t in_off = pssst_message_offset(true, auth);
    size_t out_off = pssst_message_offset(false, auth);
    size_t message_len = 0, reply_len = 0;
    pssst_reply_ctx ctx;
    pssst_status st;

    st = pssst_unpack_request(w->server, buf, len, buf + in_off, ES_BUFFER_SIZE - in_off,
                              &message_len, NULL, NULL, &ctx);
    if (st != PSSST_OK) {
        atomic_fetch_add_explicit(&w->counters.by_status[st], 1, memory_order_relaxed);
        es_log_drop(w, m, pssst_status_name(st));
        return 0;
    }
    if (in_off != out_off)
        memmove(buf + out_off, buf + in_off, message_len);
    st = pssst_pack_reply(&ctx, buf + out_off, message_len, buf, ES_BUFFER_SIZE, &reply_len);
    if (st != PSSST_OK) {
        /* Cannot happen with a context just filled; counted all the same. */
        atomic_fetch_add_explicit(&w->counters.by_status[st], 1, memory_order_relaxed);
        es_log_drop(w, m, pssst_status_name(st));
        return 0;
    }
    atomic_fetch_add_explicit(&w->counters.by_status[PSSST_OK], 1, memory_order_relaxed);
    return reply_len;
}

/* Points one message of a batch at its buffer and its peer's address. */
static void es_point_message(struct mmsghdr *m, struct iovec *iov, void *buf, size_t len,
                             struct sockaddr_storage *peer, socklen_t peer_len)
{
    iov->iov_base = buf;
    iov->iov_len = len;
    memset(&m->msg_hdr, 0, sizeof m->msg_hdr);
    m->msg_hdr.msg_iov = iov;
    m->msg_hdr.msg_iovlen = 1;
    m->msg_hdr.msg_name = peer;
    m->msg_hdr.msg_namelen = peer_len;
}

static void es_prepare_receive(es_worker *w)
{
    for (unsigned i = 0; i < ES_BATCH; i++) {
        es_point_message(&w->in[i], &w->in_iov[i], w->buffers[i], ES_BUFFER_SIZE, &w->peers[i],
                         sizeof w->peers[i]);
        w->in[i].msg_len = 0;
    }
}

static void es_send_all(es_worker *w, unsigned count)
{
    unsigned sent = 0;

    while (sent < count) {
        int rc = sendmmsg(w->fd, w->out + sent, count - sent, 0);
        if (rc > 0) {
            sent += (unsigned)rc;
            continue;
        }
        if (rc < 0 && errno == EINTR)
            continue;
        /* This datagram could not leave (e.g. the peer's address is gone):
         * skip it and send the rest. */
        atomic_fetch_add_explicit(&w->counters.send_errors, 1, memory_order_relaxed);
        sent++;
    }
    atomic_fetch_add_explicit(&w->counters.replied, sent, memory_order_relaxed);
}

static unsigned es_handle_batch(es_worker *w, unsigned n)
{
    unsigned out = 0;

    atomic_fetch_add_explicit(&w->counters.received, n, memory_order_relaxed);
    for (unsigned i = 0; i < n; i++) {
        struct mmsghdr *m = &w->in[i];
        size_t reply_len;
        if ((m->msg_hdr.msg_flags & MSG_TRUNC) != 0) {
            atomic_fetch_add_explicit(&w->counters.oversize, 1, memory_order_relaxed);
            es_log_drop(w, m, "larger than any UDP datagram");
            continue;
        }
        reply_len = es_answer(w, w->buffers[i], m->msg_len, m);
        if (reply_len == 0)
            continue;
        /* The reply goes back to the address the request came from. */
        es_point_message(&w->out[out], &w->out_iov[out], w->buffers[i], reply_len, &w->peers[i],
                         m->msg_hdr.msg_namelen);
        out++;
    }
    return out;
}

void *es_worker_main(void *arg)
{
    es_worker *w = arg;

    while (!atomic_load_explicit(w->stop, memory_order_relaxed)) {
        int n;
        es_prepare_receive(w);
        /* Blocks for the first datagram (up to the receive timeout), then
         * takes whatever else is already queued. */
        n = recvmmsg(w->fd, w->in, ES_BATCH, MSG_WAITFORONE, NULL);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                unsigned long long suppressed;
                if (net_ratelimit_allow(&w->log_limit, net_now_ns(), &suppressed))
                    fprintf(stderr, "%s echo-server: worker %u: recvmmsg: %s\n", TOOL_NAME,
                            w->index, strerror(errno));
            }
            continue;
        }
        es_send_all(w, es_handle_batch(w, (unsigned)n));
    }
    return NULL;
}
