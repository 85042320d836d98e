/* SPDX-License-Identifier: Apache-2.0 */
/*
 * net_common.h - what `pssst echo-server` and `pssst echo-client` share:
 * ADDR:PORT parsing, a monotonic clock, a log rate limiter, number
 * options and a non-secret pseudo-random generator. Not part of the library API.
 */
#ifndef PSSST_TOOLS_NET_COMMON_H
#define PSSST_TOOLS_NET_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Largest UDP payload over IPv4 (65535 - 20 IP - 8 UDP), the smaller limit. */
#define NET_MAX_DATAGRAM 65507
/* Room for "[" IPv6 "]:" port and a NUL. */
#define NET_ADDRSTRLEN 64

typedef struct {
    struct sockaddr_storage addr;
    socklen_t len;
} net_address;

/*
 * Parses "A.B.C.D:PORT", "[IPV6]:PORT" or "NAME:PORT" (resolved with
 * getaddrinfo; the first UDP result is taken). On failure writes a reason
 * into err and returns false.
 */
bool net_parse_address(const char *text, net_address *out, char *err, size_t err_size);

/* Writes "A.B.C.D:PORT" or "[IPV6]:PORT" into out. */
void net_format_address(const struct sockaddr *sa, socklen_t len, char *out, size_t out_size);

/* Nanoseconds of CLOCK_MONOTONIC. */
uint64_t net_now_ns(void);

/*
 * A log rate limiter: at most `burst` lines per `window_ns`; the lines
 * refused in a window are counted so that the next allowed line can say
 * how many were left out.
 */
typedef struct {
    uint64_t window_start_ns;
    uint64_t window_ns;
    unsigned burst;
    unsigned used;
    unsigned long long suppressed;
} net_ratelimit;

void net_ratelimit_init(net_ratelimit *rl, unsigned burst, uint64_t window_ns);

/*
 * True when a line may be logged now. *suppressed_before receives the
 * number of lines refused since the last allowed one (0 usually).
 */
bool net_ratelimit_allow(net_ratelimit *rl, uint64_t now_ns,
                         unsigned long long *suppressed_before);

/*
 * Parses a decimal number in [lo, hi]. False (and *out untouched) on
 * anything else: sign, blanks, trailing characters, overflow.
 */
bool net_parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);

/*
 * xorshift64*: advances *state (which must not be 0) and returns the next
 * value. For message contents and test traffic only; nothing secret may
 * come from it.
 */
uint64_t net_next_random(uint64_t *state);

#endif
