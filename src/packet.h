/* SPDX-License-Identifier: Apache-2.0 */
/* packet.h - reading and writing the PSSST packet layout (spec 4). */
#ifndef PSSST_PACKET_H
#define PSSST_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pssst.h"

#define PSSST_DH_PARAM_OFFSET PSSST_HEADER_SIZE
#define PSSST_BODY_OFFSET (PSSST_HEADER_SIZE + PSSST_KEY_SIZE)
/* spec 4.3: every bit other than REPLY and CLIENT_AUTH is reserved. */
#define PSSST_FLAGS_RESERVED 0x3fffu

/* A bounded read cursor: reads past the end fail, they never overrun. */
typedef struct {
    const uint8_t *data;
    size_t len;
    size_t pos;
} pssst_cursor;

void pssst_cursor_init(pssst_cursor *c, const uint8_t *data, size_t len);
size_t pssst_cursor_remaining(const pssst_cursor *c);
bool pssst_cursor_read_u16(pssst_cursor *c, uint16_t *value);
/* Points *out at the next n bytes and moves past them. */
bool pssst_cursor_take(pssst_cursor *c, size_t n, const uint8_t **out);

/* The fixed part of a packet: header, dh_param, and where the body starts. */
typedef struct {
    uint16_t flags;
    uint16_t suite;
    const uint8_t *header;   /* the 4 header bytes as received: the AAD */
    const uint8_t *dh_param; /* NULL until the packet is known to hold one */
    const uint8_t *body;     /* ciphertext, body_len bytes, then the tag */
    size_t body_len;
    const uint8_t *tag;
} pssst_packet_view;

/* spec 4.1: reads flags and suite; false when fewer than 4 bytes. */
bool pssst_parse_header(pssst_packet_view *view, const uint8_t *packet, size_t packet_len);

/* spec 4.4: reads dh_param, body and tag; false when under 52 bytes. */
bool pssst_parse_body(pssst_packet_view *view, const uint8_t *packet, size_t packet_len);

/* spec 3.1: a suite field of a packet this implementation knows. */
bool pssst_suite_supported(uint16_t suite);

/* A suite argument of the API this implementation knows (the whole enum value). */
bool pssst_api_suite_supported(pssst_suite suite);

/* Whether two buffers share no byte (empty buffers share none). */
bool pssst_disjoint(const void *a, size_t a_len, const void *b, size_t b_len);

/* Writes the 4-byte header (big-endian flags, suite) and the dh_param. */
void pssst_write_prefix(uint8_t *packet, uint16_t flags, uint16_t suite,
                        const uint8_t dh_param[PSSST_KEY_SIZE]);

/* One buffer of a call, for the overlap rule of pssst.h. */
typedef struct {
    const void *start;
    size_t len;
} pssst_region;

/*@ // The two byte ranges meet, on unbounded integers: nothing wraps here.
    predicate overlap(pssst_region *a, pssst_region *b) =
      a->len != 0 && b->len != 0 &&
      (uintptr_t)a->start < (uintptr_t)b->start + b->len &&
      (uintptr_t)b->start < (uintptr_t)a->start + a->len;
    // pssst.h: regions i < j may meet only as message (0) in place in packet (1).
    predicate allowed(pssst_region *r, integer i, integer j, size_t offset) =
      !overlap(r + i, r + j) ||
      (i == 0 && j == 1 &&
       (uintptr_t)r[0].start == (uintptr_t)((uintptr_t)r[1].start + offset));
*/

/*
 * pssst.h: the buffers of one call may not overlap, except that the
 * message (regions[0]) may sit exactly at packet + message_offset, the
 * packet being regions[1]. Empty regions overlap nothing. True when the
 * call's buffers are acceptable.
 */
bool pssst_buffers_ok(const pssst_region *regions, size_t count, size_t message_offset);

#endif
