/* SPDX-License-Identifier: Apache-2.0 */
/* internal.h - state shared by client.c, server.c, reply.c and keys.c. */
#ifndef PSSST_INTERNAL_H
#define PSSST_INTERNAL_H

#include "crypto.h"
#include "kdf.h"
#include "packet.h"
#include "pssst.h"

/* Marks an initialised context; a zeroed or freed one has neither. */
#define PSSST_CLIENT_MAGIC 0x70637331u /* "pcs1" */
#define PSSST_SERVER_MAGIC 0x70737331u /* "pss1" */

/* Reply context states (spec 8.2). Zero is "used or never filled". */
#define PSSST_REPLY_EMPTY 0u
#define PSSST_REPLY_CLIENT_READY 0x52504331u /* waiting for a reply */
#define PSSST_REPLY_SERVER_READY 0x52505331u /* may seal one reply */

/* Arms a reply context with what the reply is matched and sealed with. */
void pssst_reply_arm(pssst_reply_ctx *reply, uint32_t state, uint16_t request_flags,
                     uint16_t suite, const uint8_t dh_param[PSSST_KEY_SIZE],
                     const pssst_keys *keys);

/*
 * Maps a backend result to a status: an all-zero X25519 result is BAD_KEY
 * (spec 5.3), a tag that does not verify DECRYPT_FAILED, a failure of the
 * backend itself INTERNAL (spec 10.1).
 */
pssst_status pssst_crypto_status(int crypto_rc);

#endif
