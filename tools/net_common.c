/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the UDP echo tools: see net_common.h. */
#define _GNU_SOURCE

#include "net_common.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_HOST_LEN 255
#define MAX_PORT 65535

bool net_parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (text == NULL || !isdigit((unsigned char)text[0]))
        return false;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Splits text into host and port at the last ':'; IPv6 hosts need brackets. */
static bool split_host_port(const char *text, char *host, size_t host_size, const char **port,
                            char *err, size_t err_size)
{
    const char *colon;
    size_t host_len;
    const char *host_start = text;

    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (close == NULL || close[1] != ':') {
            snprintf(err, err_size, "expected [IPV6]:PORT");
            return false;
        }
        host_start = text + 1;
        host_len = (size_t)(close - host_start);
        colon = close + 1;
    } else {
        colon = strrchr(text, ':');
        if (colon == NULL) {
            snprintf(err, err_size, "expected ADDR:PORT");
            return false;
        }
        if (memchr(text, ':', (size_t)(colon - text)) != NULL) {
            snprintf(err, err_size, "an IPv6 address needs brackets: [ADDR]:PORT");
            return false;
        }
        host_len = (size_t)(colon - text);
    }
    if (host_len == 0 || host_len >= host_size || host_len > MAX_HOST_LEN) {
        snprintf(err, err_size, "missing or too long host");
        return false;
    }
    memcpy(host, host_start, host_len);
    host[host_len] = '\0';
    *port = colon + 1;
    return true;
}

bool net_parse_address(const char *text, net_address *out, char *err, size_t err_size)
{
    char host[MAX_HOST_LEN + 1];
    const char *port;
    uint64_t port_value;
    struct addrinfo hints, *res = NULL;
    int rc;

    if (text == NULL) {
        snprintf(err, err_size, "missing address");
        return false;
    }
    if (!split_host_port(text, host, sizeof host, &port, err, err_size))
        return false;
    if (!net_parse_u64(port, 0, MAX_PORT, &port_value)) {
        snprintf(err, err_size, "port must be a number from 0 to %d", MAX_PORT);
        return false;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = text[0] == '[' ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICSERV;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0 || res == NULL) {
        snprintf(err, err_size, "cannot resolve '%s': %s", host, gai_strerror(rc));
        return false;
    }
    memset(out, 0, sizeof *out);
    memcpy(&out->addr, res->ai_addr, res->ai_addrlen);
    out->len = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

void net_format_address(const struct sockaddr *sa, socklen_t len, char *out, size_t out_size)
{
    char host[INET6_ADDRSTRLEN];

    (void)len;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        snprintf(out, out_size, "%s:%u", host, (unsigned)ntohs(in->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        snprintf(out, out_size, "[%s]:%u", host, (unsigned)ntohs(in6->sin6_port));
    } else {
        snprintf(out, out_size, "(family %d)", (int)sa->sa_family);
    }
}

uint64_t net_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void net_ratelimit_init(net_ratelimit *rl, unsigned burst, uint64_t window_ns)
{
    memset(rl, 0, sizeof *rl);
    rl->burst = burst;
    rl->window_ns = window_ns;
}

bool net_ratelimit_allow(net_ratelimit *rl, uint64_t now_ns,
                         unsigned long long *suppressed_before)
{
    *suppressed_before = 0;
    if (now_ns - rl->window_start_ns >= rl->window_ns) {
        rl->window_start_ns = now_ns;
        rl->used = 0;
    }
    if (rl->used >= rl->burst) {
        rl->suppressed++;
        return false;
    }
    rl->used++;
    *suppressed_before = rl->suppressed;
    rl->suppressed = 0;
    return true;
}

uint64_t net_next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1Dull;
}
