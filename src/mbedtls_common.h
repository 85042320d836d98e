/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedtls_common.h - what the backends built on mbedTLS share, and the
 * functions each backend file gives its table (crypto_mbedtls.c,
 * crypto_psa.c, crypto_sodium.c).
 */
#ifndef PSSST_MBEDTLS_COMMON_H
#define PSSST_MBEDTLS_COMMON_H

#include <mbedtls/version.h>

#include "crypto.h"

/* mbedTLS 3.0 moved the configuration into build_info.h and made the
 * legacy ECP and GCM modules second to the PSA Crypto API. */
#define PSSST_MBEDTLS_IS_3 (MBEDTLS_VERSION_NUMBER >= 0x03000000)

/* Builds mbedTLS's AES tables once, before concurrent use (thread safety). */
int pssst_aes_tables_ready(void);

/* The mbedTLS version this library was compiled against, "mbedTLS 3.6.6". */
const char *pssst_mbedtls_version(void);

/* x25519_mbedtls.c: X25519 on mbedTLS 2.28's ECP module. */
pssst_x25519_fn pssst_mbedtls_x25519;
pssst_x25519_base_fn pssst_mbedtls_x25519_base;

/* aead_mbedtls_gcm.c: AES-128-GCM on mbedTLS 2.28's GCM module. */
pssst_aead_seal_fn pssst_mbedtls_gcm_seal;
pssst_aead_open_fn pssst_mbedtls_gcm_open;

/* aead_aes_block.c: AES-128-GCM from the AES block, no heap use. */
pssst_aead_seal_fn pssst_aes_block_gcm_seal;
pssst_aead_open_fn pssst_aes_block_gcm_open;

#endif
