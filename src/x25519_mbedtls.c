/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x25519_mbedtls.c - X25519 (RFC 7748) on mbedTLS 2.28's ECP module, the
 * mbedTLS backend's implementation. About 1 ms per multiplication here;
 * crypto_sodium.c is the fast alternative behind the same interface.
 */
#include <mbedtls/ecp.h>

#include "mbedtls_common.h"

#define U_COORDINATE_MASK 0x7f

/*
 * out = scalar * point, where point is the base point when u is NULL.
 * mbedTLS refuses the low-order points with MBEDTLS_ERR_ECP_INVALID_KEY
 * before computing; that [5.3-library-refusal] and an all-zero result both mean "zero"
 * (spec 5.3).
 */
static int x25519_mul(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                      const uint8_t *u)
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point point, result;
    mbedtls_mpi k;
    uint8_t scalar_copy[PSSST_X25519_SIZE];
    uint8_t u_copy[PSSST_X25519_SIZE];
    size_t written = 0;
    int ret;
    int rc = PSSST_CRYPTO_FAIL;

    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&point);
    mbedtls_ecp_point_init(&result);
    mbedtls_mpi_init(&k);
    for (size_t i = 0; i < PSSST_X25519_SIZE; i++)
        scalar_copy[i] = scalar[i];
    pssst_clamp(scalar_copy); /* spec 2.1 [2.1-clamp] */

    if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_CURVE25519) != 0)
        goto out;
    if (mbedtls_mpi_read_binary_le(&k, scalar_copy, sizeof scalar_copy) != 0)
        goto out;
    if (u == NULL) {
        ret = mbedtls_ecp_copy(&point, &grp.G);
    } else {
        /* RFC 7748 section 5: the top bit of a u-coordinate is ignored [2.1-u-top-bit], in a
         * copy: the caller's bytes stay as received [2.1-dh-param-as-carried]. */
        for (size_t i = 0; i < PSSST_X25519_SIZE; i++)
            u_copy[i] = u[i];
        u_copy[PSSST_X25519_SIZE - 1] &= U_COORDINATE_MASK;
        ret = mbedtls_ecp_point_read_binary(&grp, &point, u_copy, sizeof u_copy);
    }
    if (ret != 0)
        goto out;
    /* No RNG: mbedTLS then blinds with an internal generator (2.28). */
    ret = mbedtls_ecp_mul(&grp, &result, &k, &point, NULL, NULL);
    if (ret == MBEDTLS_ERR_ECP_INVALID_KEY) {
        rc = PSSST_CRYPTO_ZERO;
        goto out;
    }
    if (ret != 0)
        goto out;
    if (mbedtls_ecp_point_write_binary(&grp, &result, MBEDTLS_ECP_PF_UNCOMPRESSED, &written, out,
                                       PSSST_X25519_SIZE) != 0 ||
        written != PSSST_X25519_SIZE)
        goto out;
    rc = pssst_is_all_zero(out, PSSST_X25519_SIZE) ? PSSST_CRYPTO_ZERO : PSSST_CRYPTO_OK;
out:
    if (rc != PSSST_CRYPTO_OK)
        pssst_wipe(out, PSSST_X25519_SIZE);
    pssst_wipe(scalar_copy, sizeof scalar_copy);
    /* u may be secret too: in a client-auth request it is X25519(c, S). */
    pssst_wipe(u_copy, sizeof u_copy);
    mbedtls_mpi_free(&k);
    mbedtls_ecp_point_free(&point);
    mbedtls_ecp_point_free(&result);
    mbedtls_ecp_group_free(&grp);
    return rc;
}

int pssst_mbedtls_x25519(uint8_t out[PSSST_X25519_SIZE], const uint8_t scalar[PSSST_X25519_SIZE],
                         const uint8_t u[PSSST_X25519_SIZE])
{
    return x25519_mul(out, scalar, u);
}

int pssst_mbedtls_x25519_base(uint8_t out[PSSST_X25519_SIZE],
                              const uint8_t scalar[PSSST_X25519_SIZE])
{
    return x25519_mul(out, scalar, NULL);
}
