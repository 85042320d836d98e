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
 *  - the overlap rule (pssst.h) accepts a set of buffers exactly when no
 *    two non-empty ones overlap, except the message exactly in place in
 *    the packet.
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

/* The overlap rule of pssst.h, modelled on regions inside one arena. */
#define ARENA_SIZE 256u
#define MAX_REGIONS 4u

static bool model_overlap(const size_t *off, const size_t *len, size_t i, size_t j)
{
    if (len[i] == 0 || len[j] == 0)
        return false;
    return off[i] < off[j] + len[j] && off[j] < off[i] + len[i];
}

static void check_overlap(fuzz_reader *r)
{
    static uint8_t arena[ARENA_SIZE];
    pssst_region regions[MAX_REGIONS];
    size_t off[MAX_REGIONS], len[MAX_REGIONS];
    size_t count = fuzz_take_u8(r) % (MAX_REGIONS + 1);
    size_t offset = fuzz_take_u8(r) % 128u;
    bool expected = true;

    for (size_t i = 0; i < count; i++) {
        off[i] = fuzz_take_u8(r) % ARENA_SIZE;
        len[i] = fuzz_take_u8(r) % (ARENA_SIZE - off[i] + 1);
        regions[i].start = arena + off[i];
        regions[i].len = len[i];
    }
    /* Only the message (0) may overlap the packet (1), and only in place. */
    for (size_t i = 0; i < count; i++) {
        for (size_t j = i + 1; j < count; j++) {
            if (model_overlap(off, len, i, j) && !(i == 0 && j == 1 && off[0] == off[1] + offset))
                expected = false;
        }
    }
    fuzz_require(pssst_buffers_ok(regions, count, offset) == expected,
                 "overlap allowed only for the message in place");
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
