/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bytes.c - small byte-string helpers shared by the protocol code and the
 * backends: constant-time comparison and zero test (spec 11.5), clamping
 * (spec 2.1), wiping.
 */
#include <mbedtls/platform_util.h>

#include "crypto.h"

int pssst_ct_compare(const uint8_t *a, const uint8_t *b, size_t len)
{
    /* Accumulate every difference; never leave the loop early [11.5-compare-ct]. */
    volatile uint8_t diff = 0;
    for (size_t i = 0; i < len; i++)
        diff |= (uint8_t)(a[i] ^ b[i]);
    return diff != 0;
}

int pssst_is_all_zero(const uint8_t *b, size_t len)
{
    volatile uint8_t acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= b[i];
    /* 1 when acc == 0: (0 - 1) >> 8 has its low bit set, (1..255 - 1) >> 8 not; no branch
     * on the secret bytes [11.5-no-secret-branch]. */
    return (int)((((unsigned)acc - 1u) >> 8) & 1u);
}

void pssst_clamp(uint8_t k[PSSST_X25519_SIZE])
{
    /* RFC 7748 section 5: clear bits 0, 1, 2 and 255; set bit 254. Clamping twice changes
     * nothing, so a raw scalar and its clamped form give the same results (spec 2.1
     * [2.1-raw-equals-clamped]). */
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
}

void pssst_wipe(void *buf, size_t len)
{
    mbedtls_platform_zeroize(buf, len);
}
