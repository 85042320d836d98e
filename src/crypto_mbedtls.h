/* SPDX-License-Identifier: Apache-2.0 */
/* crypto_mbedtls.h - helpers shared by the mbedTLS-based backend files. */
#ifndef PSSST_CRYPTO_MBEDTLS_H
#define PSSST_CRYPTO_MBEDTLS_H

#include "crypto.h"

/* Builds mbedTLS's AES tables once, before concurrent use (thread safety). */
int pssst_aes_tables_ready(void);

/*
 * Final step of an AES-GCM open: compares the computed tag with the
 * received one in constant time and wipes head and body unless rc is OK
 * and the tags match. Returns the final result.
 */
int pssst_aead_verify(int rc, const uint8_t computed[PSSST_GCM_TAG_SIZE],
                      const uint8_t received[PSSST_GCM_TAG_SIZE], uint8_t *head, size_t head_len,
                      uint8_t *body, size_t body_len);

#endif
