/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_faults_mbedtls.c - the fault wrappers of fuzz_faults.c for the
 * mbedTLS backend (mbedTLS 2.28): its ECP, GCM and SHA-256 calls. An
 * injected failure is the error a failed bignum allocation or a refused
 * input of that module reports.
 */
#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/gcm.h>
#include <mbedtls/sha256.h>

#include "fuzz_faults.h"

#define INJECTED_MBEDTLS_ERROR MBEDTLS_ERR_MPI_ALLOC_FAILED

__typeof__(mbedtls_ecp_copy) __real_mbedtls_ecp_copy, __wrap_mbedtls_ecp_copy;
__typeof__(mbedtls_ecp_group_load) __real_mbedtls_ecp_group_load, __wrap_mbedtls_ecp_group_load;
__typeof__(mbedtls_ecp_mul) __real_mbedtls_ecp_mul, __wrap_mbedtls_ecp_mul;
__typeof__(mbedtls_ecp_point_read_binary) __real_mbedtls_ecp_point_read_binary,
    __wrap_mbedtls_ecp_point_read_binary;
__typeof__(mbedtls_ecp_point_write_binary) __real_mbedtls_ecp_point_write_binary,
    __wrap_mbedtls_ecp_point_write_binary;
__typeof__(mbedtls_mpi_read_binary_le) __real_mbedtls_mpi_read_binary_le,
    __wrap_mbedtls_mpi_read_binary_le;
__typeof__(mbedtls_gcm_setkey) __real_mbedtls_gcm_setkey, __wrap_mbedtls_gcm_setkey;
__typeof__(mbedtls_gcm_starts) __real_mbedtls_gcm_starts, __wrap_mbedtls_gcm_starts;
__typeof__(mbedtls_gcm_update) __real_mbedtls_gcm_update, __wrap_mbedtls_gcm_update;
__typeof__(mbedtls_gcm_finish) __real_mbedtls_gcm_finish, __wrap_mbedtls_gcm_finish;
__typeof__(mbedtls_sha256_starts_ret) __real_mbedtls_sha256_starts_ret,
    __wrap_mbedtls_sha256_starts_ret;
__typeof__(mbedtls_sha256_update_ret) __real_mbedtls_sha256_update_ret,
    __wrap_mbedtls_sha256_update_ret;
__typeof__(mbedtls_sha256_finish_ret) __real_mbedtls_sha256_finish_ret,
    __wrap_mbedtls_sha256_finish_ret;

int __wrap_mbedtls_ecp_copy(mbedtls_ecp_point *p, const mbedtls_ecp_point *q)
{
    if (fuzz_fault_inject())
        return INJECTED_MBEDTLS_ERROR;
    return __real_mbedtls_ecp_copy(p, q);
}

int __wrap_mbedtls_ecp_group_load(mbedtls_ecp_group *grp, mbedtls_ecp_group_id id)
{
    if (fuzz_fault_inject())
        return INJECTED_MBEDTLS_ERROR;
    return __real_mbedtls_ecp_group_load(grp, id);
}

int __wrap_mbedtls_ecp_mul(mbedtls_ecp_group *grp, mbedtls_ecp_point *r, const mbedtls_mpi *m,
                           const mbedtls_ecp_point *p,
                           int (*f_rng)(void *, unsigned char *, size_t), void *p_rng)
{
    if (fuzz_fault_inject())
        return INJECTED_MBEDTLS_ERROR;
    return __real_mbedtls_ecp_mul(grp, r, m, p, f_rng, p_rng);
}

int __wrap_mbedtls_ecp_point_read_binary(const mbedtls_ecp_group *grp, mbedtls_ecp_point *p,
                                         const unsigned char *buf, size_t len)
{
    if (fuzz_fault_inject())
        return INJECTED_MBEDTLS_ERROR;
    return __real_mbedtls_ecp_point_read_binary(grp, p, buf, len);
}

int __wrap_mbedtls_ecp_point_write_binary(const mbedtls_ecp_group *grp,
                                          const mbedtls_ecp_point *p, int format, size_t *olen,
                                          unsigned char *buf, size_t buflen)
{
    if (fuzz_fault_inject())
        return INJECTED_MBEDTLS_ERROR;
    return __real_mbedtls_ecp_point_write_binary(grp, p, format, olen, buf, buflen);
}

int __wrap_mbedtls_mpi_read_binary_le(mbedtls_mpi *x, const unsigned char *buf, size_t len)
{
    if (fuzz_fault_inject())
        return INJECTED_MBEDTLS_ERROR;
    return __real_mbedtls_mpi_read_binary_le(x, buf, len);
}

int __wrap_mbedtls_gcm_setkey(mbedtls_gcm_context *ctx, mbedtls_cipher_id_t cipher,
                              const unsigned char *key, unsigned int keybits)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    return __real_mbedtls_gcm_setkey(ctx, cipher, key, keybits);
}

int __wrap_mbedtls_gcm_starts(mbedtls_gcm_context *ctx, int mode, const unsigned char *iv,
                              size_t iv_len, const unsigned char *add, size_t add_len)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    return __real_mbedtls_gcm_starts(ctx, mode, iv, iv_len, add, add_len);
}

int __wrap_mbedtls_gcm_update(mbedtls_gcm_context *ctx, size_t len, const unsigned char *in,
                              unsigned char *out)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    return __real_mbedtls_gcm_update(ctx, len, in, out);
}

int __wrap_mbedtls_gcm_finish(mbedtls_gcm_context *ctx, unsigned char *tag, size_t tag_len)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    return __real_mbedtls_gcm_finish(ctx, tag, tag_len);
}

int __wrap_mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_SHA256_BAD_INPUT_DATA;
    return __real_mbedtls_sha256_starts_ret(ctx, is224);
}

int __wrap_mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx, const unsigned char *in,
                                     size_t len)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_SHA256_BAD_INPUT_DATA;
    return __real_mbedtls_sha256_update_ret(ctx, in, len);
}

int __wrap_mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx, unsigned char out[32])
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_SHA256_BAD_INPUT_DATA;
    return __real_mbedtls_sha256_finish_ret(ctx, out);
}
