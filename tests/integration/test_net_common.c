/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The helpers of the UDP echo tools (tools/net_common.c): ADDR:PORT
 * parsing, which takes command-line input, number parsing and the log rate
 * limiter. One rule per test. No case here needs a name resolved (no DNS).
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "net_common.h"
#include "test.h"

#define SECOND_NS 1000000000ull

static bool parse(const char *text, net_address *a)
{
    char err[128];
    return net_parse_address(text, a, err, sizeof err);
}

static unsigned port_of(const net_address *a)
{
    if (a->addr.ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)(const void *)&a->addr)->sin_port);
    return ntohs(((const struct sockaddr_in6 *)(const void *)&a->addr)->sin6_port);
}

static void ipv4_address_and_port_are_parsed(void)
{
    net_address a;
    char shown[NET_ADDRSTRLEN];
    if (!CHECK(parse("127.0.0.1:7000", &a)))
        return;
    CHECK(a.addr.ss_family == AF_INET);
    CHECK(port_of(&a) == 7000);
    net_format_address((const struct sockaddr *)&a.addr, a.len, shown, sizeof shown);
    CHECK(strcmp(shown, "127.0.0.1:7000") == 0);
}

static void ipv6_address_needs_brackets(void)
{
    net_address a;
    char shown[NET_ADDRSTRLEN];
    CHECK(!parse("::1:7000", &a));
    if (!CHECK(parse("[::1]:7000", &a)))
        return;
    CHECK(a.addr.ss_family == AF_INET6);
    CHECK(port_of(&a) == 7000);
    net_format_address((const struct sockaddr *)&a.addr, a.len, shown, sizeof shown);
    CHECK(strcmp(shown, "[::1]:7000") == 0);
}

static void port_zero_is_accepted_for_an_ephemeral_port(void)
{
    net_address a;
    CHECK(parse("127.0.0.1:0", &a) && port_of(&a) == 0);
}

static void malformed_addresses_are_refused(void)
{
    static const char *const bad[] = {
        "",           "127.0.0.1",     "127.0.0.1:",   ":7000",          "127.0.0.1:65536",
        "127.0.0.1:-1", "127.0.0.1:7x", "127.0.0.1: 7", "[::1]7000",      "[::1",
        "[]:7000",
    };
    net_address a;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        test_context("address '%s'", bad[i]);
        CHECK(!parse(bad[i], &a));
    }
    test_context(NULL);
    CHECK(!net_parse_address(NULL, &a, (char[64]){0}, 64));
}

static void refused_address_says_why(void)
{
    net_address a;
    char err[128] = "";
    CHECK(!net_parse_address("127.0.0.1:99999", &a, err, sizeof err));
    CHECK(strstr(err, "port") != NULL);
}

static void numbers_are_decimal_and_bounded(void)
{
    uint64_t v = 42;
    CHECK(net_parse_u64("0", 0, 10, &v) && v == 0);
    CHECK(net_parse_u64("10", 0, 10, &v) && v == 10);
    CHECK(!net_parse_u64("11", 0, 10, &v));
    CHECK(!net_parse_u64("-1", 0, 10, &v));
    CHECK(!net_parse_u64("+1", 0, 10, &v));
    CHECK(!net_parse_u64(" 1", 0, 10, &v));
    CHECK(!net_parse_u64("1 ", 0, 10, &v));
    CHECK(!net_parse_u64("", 0, 10, &v));
    CHECK(!net_parse_u64("99999999999999999999999", 0, UINT64_MAX, &v));
    CHECK(!net_parse_u64(NULL, 0, 10, &v));
    CHECK(v == 10);
}

static void rate_limiter_allows_a_burst_per_window(void)
{
    net_ratelimit rl;
    unsigned long long suppressed;
    net_ratelimit_init(&rl, 3, SECOND_NS);
    for (int i = 0; i < 3; i++)
        CHECK(net_ratelimit_allow(&rl, SECOND_NS + (uint64_t)i, &suppressed) && suppressed == 0);
    CHECK(!net_ratelimit_allow(&rl, SECOND_NS + 10, &suppressed));
    CHECK(!net_ratelimit_allow(&rl, SECOND_NS + 20, &suppressed));
}

static void rate_limiter_reports_what_it_left_out(void)
{
    net_ratelimit rl;
    unsigned long long suppressed = 0;
    net_ratelimit_init(&rl, 1, SECOND_NS);
    CHECK(net_ratelimit_allow(&rl, SECOND_NS, &suppressed));
    CHECK(!net_ratelimit_allow(&rl, SECOND_NS + 1, &suppressed));
    CHECK(!net_ratelimit_allow(&rl, SECOND_NS + 2, &suppressed));
    /* Next window: allowed again, and told that two lines were dropped. */
    CHECK(net_ratelimit_allow(&rl, 2 * SECOND_NS + 5, &suppressed));
    CHECK(suppressed == 2);
    CHECK(!net_ratelimit_allow(&rl, 2 * SECOND_NS + 6, &suppressed));
    CHECK(net_ratelimit_allow(&rl, 3 * SECOND_NS + 6, &suppressed) && suppressed == 1);
}

int main(int argc, char **argv)
{
    static const test_case tests[] = {
        TEST_CASE(ipv4_address_and_port_are_parsed),
        TEST_CASE(ipv6_address_needs_brackets),
        TEST_CASE(port_zero_is_accepted_for_an_ephemeral_port),
        TEST_CASE(malformed_addresses_are_refused),
        TEST_CASE(refused_address_says_why),
        TEST_CASE(numbers_are_decimal_and_bounded),
        TEST_CASE(rate_limiter_allows_a_burst_per_window),
        TEST_CASE(rate_limiter_reports_what_it_left_out),
    };
    return test_main(argc, argv, tests, TEST_COUNT(tests));
}
