/* SPDX-License-Identifier: Apache-2.0 */
/*
 * packet_contracts.h - ACSL contracts of the packet reader and the overlap
 * check of src/packet.c, proved by WP (proofs/run.sh). The WP run includes
 * this header before src/packet.c, so each contract attaches to the
 * function defined there; the Eva run does not see them (it checks the
 * same code by its own means, from every call).
 *
 * What is proved, with -wp-rte (no run-time error in these functions):
 * - a cursor's position never passes its length, whatever count is asked
 *   of it; a read past the end fails and moves nothing;
 * - the parsed view points inside the packet, at the offsets of spec 4.4;
 * - the overlap check's answer is the overlap of the two byte ranges
 *   computed on unbounded integers (ACSL arithmetic does not wrap), so no
 *   start and length, SIZE_MAX included, can make it wrap around;
 * - pssst_buffers_ok accepts exactly the calls whose buffers are pairwise
 *   apart, but for the message exactly in place (pssst.h), and terminates.
 * The predicates overlap and allowed are in src/packet.h, the loop
 * invariants in src/packet.c: ACSL needs them where the code is.
 */
#ifndef PSSST_PROOFS_PACKET_CONTRACTS_H
#define PSSST_PROOFS_PACKET_CONTRACTS_H

#include "packet.h"

/*@ predicate cursor_ok(pssst_cursor *c) =
      \valid(c) && c->pos <= c->len && \valid_read(c->data + (0 .. c->len - 1));
*/

/*@ requires \valid(c);
    requires \valid_read(data + (0 .. len - 1));
    assigns *c;
    ensures cursor_ok(c);
    ensures c->data == data && c->len == len && c->pos == 0;
*/
void pssst_cursor_init(pssst_cursor *c, const uint8_t *data, size_t len);

/*@ requires \valid_read(c) && c->pos <= c->len;
    assigns \nothing;
    ensures \result == c->len - c->pos;
*/
size_t pssst_cursor_remaining(const pssst_cursor *c);

/*@ requires cursor_ok(c);
    requires \valid(value) && \separated(value, c);
    assigns c->pos, *value;
    ensures cursor_ok(c) && c->data == \old(c->data) && c->len == \old(c->len);
    behavior fits:
      assumes c->len - c->pos >= 2;
      ensures \result && c->pos == \old(c->pos) + 2;
    behavior past_the_end:
      assumes c->len - c->pos < 2;
      assigns \nothing;
      ensures !\result;
    complete behaviors;
    disjoint behaviors;
*/
bool pssst_cursor_read_u16(pssst_cursor *c, uint16_t *value);

/*@ requires cursor_ok(c);
    requires \valid(out) && \separated(out, c);
    assigns c->pos, *out;
    ensures cursor_ok(c) && c->data == \old(c->data) && c->len == \old(c->len);
    behavior fits:
      assumes n <= c->len - c->pos;
      ensures \result && *out == c->data + \old(c->pos) && c->pos == \old(c->pos) + n;
      ensures \valid_read(*out + (0 .. n - 1));
    behavior past_the_end:
      assumes n > c->len - c->pos;
      assigns \nothing;
      ensures !\result;
    complete behaviors;
    disjoint behaviors;
*/
bool pssst_cursor_take(pssst_cursor *c, size_t n, const uint8_t **out);

/* spec 4.4: dh_param, body and tag of a packet of at least 52 bytes. */
/*@ requires \valid(view);
    requires \valid_read(packet + (0 .. packet_len - 1));
    assigns view->dh_param, view->body, view->body_len, view->tag;
    ensures \result <==> packet_len >= PSSST_OVERHEAD;
    ensures \result ==> view->body_len == packet_len - PSSST_OVERHEAD;
    ensures \result ==> view->dh_param == packet + PSSST_DH_PARAM_OFFSET;
    ensures \result ==> view->body == packet + PSSST_BODY_OFFSET;
    ensures \result ==> view->tag == packet + (packet_len - PSSST_TAG_SIZE);
*/
bool pssst_parse_body(pssst_packet_view *view, const uint8_t *packet, size_t packet_len);

/*@ requires \valid_read(a) && \valid_read(b);
    assigns \nothing;
    ensures \result <==> overlap(a, b);
*/
static bool regions_overlap(const pssst_region *a, const pssst_region *b);

/*@ requires \valid_read(regions + (0 .. count - 1));
    assigns \nothing;
    ensures accepted: \result ==>
      \forall integer i, j; 0 <= i < j < count ==> allowed(regions, i, j, message_offset);
    ensures refused: !\result ==>
      \exists integer i, j; 0 <= i < j < count && !allowed(regions, i, j, message_offset);
*/
bool pssst_buffers_ok(const pssst_region *regions, size_t count, size_t message_offset);

/*@ assigns \nothing;
    ensures \result <==> (a_len == 0 || b_len == 0 ||
                          (uintptr_t)a + a_len <= (uintptr_t)b ||
                          (uintptr_t)b + b_len <= (uintptr_t)a);
*/
bool pssst_disjoint(const void *a, size_t a_len, const void *b, size_t b_len);

#endif
