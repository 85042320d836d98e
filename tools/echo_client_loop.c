/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `pssst echo-client` socket loop: requests leave in batches (sendmmsg),
 * replies are read in batches (recvmmsg), and the loop sleeps until the
 * next reply or the next resend deadline, whichever comes first.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "echo_client.h"
#include "net_common.h"

void ec_flush(ec_state *s, unsigned sock)
{
    ec_send_queue *q = &s->queues[sock];
    unsigned sent = 0;

    while (sent < q->count) {
        int rc = sendmmsg(s->fds[sock], q->msgs + sent, q->count - sent, 0);
        if (rc > 0) {
            sent += (unsigned)rc;
            continue;
        }
        if (rc < 0 && errno == EINTR)
            continue;
        /* A failed send (a full socket buffer, or ECONNREFUSED left by an
         * earlier ICMP error) is treated like a lost datagram: the timeout
         * resends it. */
        s->stats.send_errors++;
        sent++;
    }
    q->count = 0;
}

static void ec_flush_all(ec_state *s)
{
    for (unsigned i = 0; i < s->opt.sockets; i++) {
        if (s->queues[i].count > 0)
            ec_flush(s, i);
    }
}

static void ec_receive(ec_state *s, unsigned sock, const char *command)
{
    struct mmsghdr msgs[EC_RECV_BATCH];
    struct iovec iov[EC_RECV_BATCH];

    for (;;) {
        int n;
        for (unsigned i = 0; i < EC_RECV_BATCH; i++) {
            iov[i].iov_base = s->recv_buffers + (size_t)i * EC_RECV_BUFFER;
            iov[i].iov_len = EC_RECV_BUFFER;
            memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        n = recvmmsg(s->fds[sock], msgs, EC_RECV_BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0)
            return; /* EAGAIN, or an ICMP error reported on the socket */
        uint64_t now = net_now_ns();
        for (int i = 0; i < n; i++)
            ec_on_reply(s, sock, iov[i].iov_base, msgs[i].msg_len, now, command);
        if (n < EC_RECV_BATCH)
            return;
    }
}

/*
 * --poll-us: sleep instead of waiting on the sockets. A client blocked in
 * ppoll must be woken by every reply, and that wake-up is paid by the
 * sender, i.e. the server being measured; a client that looks at its
 * sockets every poll_us microseconds costs the server nothing.
 */
static void ec_nap(const ec_state *s, uint64_t max_ns)
{
    uint64_t ns = (uint64_t)s->opt.poll_us * 1000u;
    struct timespec ts;
    if (ns > max_ns)
        ns = max_ns;
    ts.tv_sec = (time_t)(ns / 1000000000ull);
    ts.tv_nsec = (long)(ns % 1000000000ull);
    nanosleep(&ts, NULL);
}

void ec_run(ec_state *s, const char *command)
{
    struct pollfd pfd[EC_MAX_SOCKETS];
    uint64_t now = net_now_ns();

    s->start_ns = now;
    for (unsigned i = 0; i < s->opt.sockets; i++)
        pfd[i] = (struct pollfd){.fd = s->fds[i], .events = POLLIN};
    for (unsigned i = 0; i < s->opt.concurrency; i++)
        ec_start(s, &s->slots[i], now, command);
    while (s->stats.verified + s->stats.lost + s->stats.failed < s->opt.count) {
        uint64_t next = ec_check_timeouts(s, net_now_ns(), command);
        uint64_t wait_ns;
        struct timespec ts;
        ec_flush_all(s);
        if (next == UINT64_MAX)
            continue; /* nothing in flight: the loop condition decides */
        now = net_now_ns();
        wait_ns = next > now ? next - now : 0;
        ts.tv_sec = (time_t)(wait_ns / 1000000000ull);
        ts.tv_nsec = (long)(wait_ns % 1000000000ull);
        if (s->opt.poll_us > 0) {
            ec_nap(s, wait_ns);
            for (unsigned i = 0; i < s->opt.sockets; i++)
                ec_receive(s, i, command);
        } else if (ppoll(pfd, s->opt.sockets, &ts, NULL) > 0) {
            for (unsigned i = 0; i < s->opt.sockets; i++) {
                if (pfd[i].revents != 0)
                    ec_receive(s, i, command);
            }
        }
        ec_show_progress(s, net_now_ns(), false);
    }
    ec_show_progress(s, net_now_ns(), true);
}
