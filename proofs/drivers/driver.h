/* SPDX-License-Identifier: Apache-2.0 */
/*
 * driver.h - what the Eva drivers share: the largest length analysed and
 * the sources of unknown values (Frama-C's builtins: each stands for every
 * value in its range, not for one drawn at random).
 */
#ifndef PSSST_PROOFS_DRIVER_H
#define PSSST_PROOFS_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "__fc_builtin.h"
#include "pssst.h"

/*
 * The largest UDP datagram: the UDP length field is 16 bits. Real payloads
 * are smaller (65507 bytes over IPv4, 65527 over IPv6), so every packet a
 * socket can deliver, and every message that fits one, is covered.
 */
#define PROOF_MAX_DATAGRAM 65535u

/* Any length from 0 to max, each at once. */
static inline size_t any_len(size_t max)
{
    return Frama_C_size_t_interval(0, max);
}

/* n bytes of unknown content: every byte may hold any value. */
static inline void any_bytes(void *p, size_t n)
{
    Frama_C_make_unknown((char *)p, n);
}

static inline bool any_bool(void)
{
    return Frama_C_nondet(0, 1) != 0;
}

/* Any int, for suite and status arguments outside their enums. */
static inline int any_int(void)
{
    return Frama_C_int_interval(INT32_MIN, INT32_MAX);
}

void drive_packet(void);
void drive_keys_and_status(void);
void drive_server(void);
void drive_client(void);
void drive_overlap(void);
void drive_exact(void);

#endif
