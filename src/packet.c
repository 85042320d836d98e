/* SPDX-License-Identifier: Apache-2.0 */
/* packet.c - the PSSST packet layout (spec 4), read through a bounded cursor. */
#include <string.h>

#include "packet.h"

/* The cursor and the overlap check have ACSL contracts, proved by WP:
 * proofs/wp/packet_contracts.h. */


void pssst_cursor_init(pssst_cursor *c, const uint8_t *data, size_t len)
{
    c->data = data;
    c->len = len;
    c->pos = 0;
}

size_t pssst_cursor_remaining(const pssst_cursor *c)
{
    return c->len - c->pos;
}

bool pssst_cursor_read_u16(pssst_cursor *c, uint16_t *value)
{
    if (pssst_cursor_remaining(c) < 2)
        return false;
    /* spec 4.1: header fields are big-endian. */
    *value = (uint16_t)((unsigned)c->data[c->pos] << 8 | c->data[c->pos + 1]);
    c->pos += 2;
    return true;
}

bool pssst_cursor_take(pssst_cursor *c, size_t n, const uint8_t **out)
{
    if (pssst_cursor_remaining(c) < n)
        return false;
    *out = c->data + c->pos;
    c->pos += n;
    return true;
}

bool pssst_parse_header(pssst_packet_view *view, const uint8_t *packet, size_t packet_len)
{
    pssst_cursor c;

    memset(view, 0, sizeof *view);
    pssst_cursor_init(&c, packet, packet_len);
    if (!pssst_cursor_read_u16(&c, &view->flags) || !pssst_cursor_read_u16(&c, &view->suite))
        return false;
    view->header = packet;
    return true;
}

bool pssst_parse_body(pssst_packet_view *view, const uint8_t *packet, size_t packet_len)
{
    pssst_cursor c;

    /* spec 4.4: header, dh_param and tag are always present: 52 bytes; the message may be
     * empty [4.4-empty-message]. spec 4.1: the tag is the last 16 bytes of the whole
     * datagram [4.1-whole-datagram]. */
    if (packet_len < PSSST_OVERHEAD)
        return false;
    pssst_cursor_init(&c, packet, packet_len);
    c.pos = PSSST_HEADER_SIZE;
    view->body_len = packet_len - PSSST_OVERHEAD;
    return pssst_cursor_take(&c, PSSST_KEY_SIZE, &view->dh_param) &&
           pssst_cursor_take(&c, view->body_len, &view->body) &&
           pssst_cursor_take(&c, PSSST_TAG_SIZE, &view->tag) && pssst_cursor_remaining(&c) == 0;
}

bool pssst_suite_supported(uint16_t suite)
{
    /* spec 3.1: suite 0 is reserved; 1 is the only suite defined [3.1-unassigned-suites]. */
    return suite == PSSST_SUITE_X25519_AESGCM128;
}

bool pssst_api_suite_supported(pssst_suite suite)
{
    /* The whole value: cut to 16 bits, 0x10001 would pass as suite 1. */
    return suite == PSSST_SUITE_X25519_AESGCM128;
}


void pssst_write_prefix(uint8_t *packet, uint16_t flags, uint16_t suite,
                        const uint8_t dh_param[PSSST_KEY_SIZE])
{
    packet[0] = (uint8_t)(flags >> 8);
    packet[1] = (uint8_t)(flags & 0xff);
    packet[2] = (uint8_t)(suite >> 8);
    packet[3] = (uint8_t)(suite & 0xff);
    memcpy(packet + PSSST_DH_PARAM_OFFSET, dh_param, PSSST_KEY_SIZE);
}

static bool regions_overlap(const pssst_region *a, const pssst_region *b)
{
    uintptr_t x = (uintptr_t)a->start;
    uintptr_t y = (uintptr_t)b->start;

    if (a->len == 0 || b->len == 0)
        return false;
    /* Distances, not ends: start + len may wrap for a size such as SIZE_MAX. */
    return x >= y ? x - y < b->len : y - x < a->len;
}

bool pssst_buffers_ok(const pssst_region *regions, size_t count, size_t message_offset)
{
    /* Proved by WP (proofs/wp/packet_contracts.h): true exactly when every
     * pair of regions is allowed, in the order the loops visit them. */
    /*@ loop invariant 0 <= i <= count;
        loop invariant \forall integer k, l;
          0 <= k < l < count && k < i ==> allowed(regions, k, l, message_offset);
        loop assigns i;
        loop variant count - i;
    */
    for (size_t i = 0; i < count; i++) {
        /*@ loop invariant i < j <= count;
            loop invariant \forall integer k, l;
              0 <= k < l < count && (k < i || (k == i && l < j)) ==>
              allowed(regions, k, l, message_offset);
            loop assigns j;
            loop variant count - j;
        */
        for (size_t j = i + 1; j < count; j++) {
            if (!regions_overlap(&regions[i], &regions[j]))
                continue;
            /* The one overlap allowed: the message exactly in place. */
            if (i == 0 && j == 1 &&
                (uintptr_t)regions[0].start == (uintptr_t)regions[1].start + message_offset)
                continue;
            return false;
        }
    }
    return true;
}

bool pssst_disjoint(const void *a, size_t a_len, const void *b, size_t b_len)
{
    const pssst_region regions[] = {{a, a_len}, {b, b_len}};
    return !regions_overlap(&regions[0], &regions[1]);
}
