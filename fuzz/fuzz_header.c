/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_header.c - the packet layout parser (spec 4): pssst_parse_header,
 * pssst_parse_body, pssst_suite_supported, pssst_write_prefix and the
 * buffer overlap rule, on raw bytes.
 *
 * Properties checked, besides "no crash, no out-of-bounds read":
 *  - the header parses exactly when there are 4 bytes, flags and suite are
 *    the big-endian u16 at offsets 0 and 2 (spec 4.1);
 *  - the body parses exactly when there are 52 bytes (spec 4.4), and
 *    dh_param, body and tag point inside the packet where spec 4.1 puts them;
 *  - writing the parsed prefix back gives the same 36 bytes;
 *  - the overlap rule accepts disjoint buffers and the exact in-place
 *    position, and nothing else.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "packet.h"

static void check_layout(const uint8_t *packet, size_t size)
{
    pssst_packet_view view;
    uint8_t prefix[PSSST_BODY_OFFSET];
    bool has_header = pssst_parse_header(&view, packet, size);

    fuzz_require(has_header == (size >= PSSST_HEADER_SIZE), "spec 4.1: header needs 4 bytes");
    if (!has_header)
        return;
    fuzz_require(view.flags == (uint16_t)(packet[0] << 8 | packet[1]), "spec 4.1: flags BE");
    fuzz_require(view.suite == (uint16_t)(packet[2] << 8 | packet[3]), "spec 4.1: suite BE");
    fuzz_require(view.header == packet, "AAD is the header as received");
    fuzz_require(pssst_suite_supported(view.suite) == (view.suite == 1),
                 "spec 3.1: suite 1 is the only suite");

    bool has_body = pssst_parse_body(&view, packet, size);
    fuzz_require(has_body == (size >= PSSST_OVERHEAD), "spec 4.4: a packet has 52 bytes");
    if (!has_body)
        return;
    fuzz_require(view.dh_param == packet + PSSST_DH_PARAM_OFFSET, "dh_param at offset 4");
    fuzz_require(view.body == packet + PSSST_BODY_OFFSET, "body at offset 36");
    fuzz_require(view.body_len == size - PSSST_OVERHEAD, "body length");
    fuzz_require(view.tag == packet + size - PSSST_TAG_SIZE, "tag is the last 16 bytes");

    pssst_write_prefix(prefix, view.flags, view.suite, view.dh_param);
    fuzz_require(memcmp(prefix, packet, sizeof prefix) == 0, "prefix round trip");
}

/* The overlap rule of pssst.h, modelled on offsets inside one arena. */
#define ARENA_SIZE 256u

static void check_overlap(fuzz_reader *r)
{
    static uint8_t arena[ARENA_SIZE];
    size_t m_off = fuzz_take_u8(r) % ARENA_SIZE;
    size_t m_len = fuzz_take_u8(r) % (ARENA_SIZE - m_off + 1);
    size_t p_off = fuzz_take_u8(r) % ARENA_SIZE;
    size_t p_len = fuzz_take_u8(r) % (ARENA_SIZE - p_off + 1);
    size_t offset = fuzz_take_u8(r) % 128u;
    bool disjoint = m_off + m_len <= p_off || p_off + p_len <= m_off;
    bool expected = m_len == 0 || p_len == 0 || disjoint || m_off == p_off + offset;

    const pssst_region regions[] = {{arena + m_off, m_len}, {arena + p_off, p_len}};

    fuzz_require(pssst_buffers_ok(regions, 2, offset) == expected, "overlap allowed only in place");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *packet = fuzz_dup(data, size);
    fuzz_reader r;

    check_layout(packet, size);
    /* The empty packet may also arrive as NULL with length 0. */
    if (size == 0)
        check_layout(NULL, 0);
    free(packet);

    fuzz_reader_init(&r, data, size);
    check_overlap(&r);
    return 0;
}
