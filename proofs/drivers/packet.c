/* SPDX-License-Identifier: Apache-2.0 */
/*
 * packet.c (driver) - the packet reader and the buffer checks of
 * src/packet.c, called directly: any packet of 0 to PROOF_MAX_DATAGRAM
 * bytes of unknown content, NULL with length 0, any suite, regions of any
 * length up to SIZE_MAX at any distance. The cursor asked for any count
 * from any position is WP's part (proofs/README.md). Also the byte
 * helpers the backends call: any result code, any lengths.
 */
#include "crypto.h"
#include "driver.h"
#include "packet.h"

static uint8_t packet[PROOF_MAX_DATAGRAM];
static uint8_t other[PROOF_MAX_DATAGRAM];

static void drive_parse(void)
{
    pssst_packet_view view;
    size_t len = any_len(sizeof packet);

    any_bytes(packet, sizeof packet);
    if (pssst_parse_header(&view, packet, len))
        (void)pssst_parse_body(&view, packet, len);
    (void)pssst_parse_body(&view, packet, len);
    (void)pssst_parse_header(&view, NULL, 0);
    (void)pssst_parse_body(&view, NULL, 0);
}

static void drive_checks(void)
{
    uint8_t dh_param[PSSST_KEY_SIZE];
    size_t a_len = Frama_C_size_t_interval(0, SIZE_MAX);
    size_t b_len = Frama_C_size_t_interval(0, SIZE_MAX);
    size_t offset = any_len(sizeof packet - 1);

    (void)pssst_suite_supported(Frama_C_unsigned_short_interval(0, UINT16_MAX));
    (void)pssst_api_suite_supported((pssst_suite)any_int());
    /* Lengths up to SIZE_MAX: the check must not wrap (spec 11, pssst.h). */
    (void)pssst_disjoint(packet, a_len, other, b_len);
    (void)pssst_disjoint(packet + offset, a_len, packet, b_len);
    (void)pssst_disjoint(NULL, 0, packet, b_len);
    const pssst_region regions[] = {{packet + offset, a_len}, {packet, b_len}, {other, a_len}};
    (void)pssst_buffers_ok(regions, 3, any_len(SIZE_MAX));

    any_bytes(dh_param, sizeof dh_param);
    pssst_write_prefix(packet, Frama_C_unsigned_short_interval(0, UINT16_MAX),
                       Frama_C_unsigned_short_interval(0, UINT16_MAX), dh_param);
}

/* The byte helpers the backends share (src/bytes.c, src/crypto.c). */
static void drive_backend_helpers(void)
{
    uint8_t computed[PSSST_GCM_TAG_SIZE];
    uint8_t received[PSSST_GCM_TAG_SIZE];
    uint8_t head[PSSST_PROOF_SIZE];
    size_t body_len = any_len(sizeof other);
    int rc = Frama_C_interval(PSSST_CRYPTO_NO_RANDOM, PSSST_CRYPTO_OK);

    any_bytes(computed, sizeof computed);
    any_bytes(received, sizeof received);
    any_bytes(head, sizeof head);
    any_bytes(other, sizeof other);
    (void)pssst_is_all_zero(other, body_len);
    (void)pssst_aead_verify(rc, computed, received, head, sizeof head, other, body_len);
    (void)pssst_aead_verify(rc, computed, received, NULL, 0, NULL, 0);
}

void drive_packet(void)
{
    drive_backend_helpers();
    drive_parse();
    drive_checks();
}
