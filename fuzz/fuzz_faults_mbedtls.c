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

int __wrap_mbedtls_ecp_copy(mbedtls_ecp_point *p, const mbedtls_ecp_point *q);
int __real_mbedtls_ecp_copy(mbedtls_ecp_point *p, const mbedtls_ecp_point *q);
int __wrap_mbedtls_ecp_group_load(mbedtls_ecp_group *grp, mbedtls_ecp_group_id id);
int __real_mbedtls_ecp_group_load(mbedtls_ecp_group *grp, mbedtls_ecp_group_id id);
int __wrap_mbedtls_ecp_mul(mbedtls_ecp_group *grp, mbedtls_ecp_point *r, const mbedtls_mpi *m,
                           const mbedtls_ecp_point *p, int (*f_rng)(void *, unsigned char *, size_t),
                           void *p_rng);
int __real_mbedtls_ecp_mul(mbedtls_ecp_group *grp, mbedtls_ecp_point *r, const mbedtls_mpi *m,
                           const mbedtls_ecp_point *p, int (*f_rng)(void *, unsigned char *, size_t),
                           void *p_rng);
int __wrap_mbedtls_ecp_point_read_binary(const mbedtls_ecp_group *grp, mbedtls_ecp_point *p,
                                         const unsigned char *buf, size_t len);
int __real_mbedtls_ecp_point_read_binary(const mbedtls_ecp_group *grp, mbedtls_ecp_point *p,
                                         const unsigned char *buf, size_t len);
int __wrap_mbedtls_ecp_point_write_binary(const mbedtls_ecp_group *grp,
                                          const mbedtls_ecp_point *p, int format, size_t *olen,
                                          unsigned char *buf, size_t buflen);
int __real_mbedtls_ecp_point_write_binary(const mbedtls_ecp_group *grp,
                                          const mbedtls_ecp_point *p, int format, size_t *olen,
                                          unsigned char *buf, size_t buflen);
int __wrap_mbedtls_mpi_read_binary_le(mbedtls_mpi *x, const unsigned char *buf, size_t len);
int __real_mbedtls_mpi_read_binary_le(mbedtls_mpi *x, const unsigned char *buf, size_t len);
int __wrap_mbedtls_gcm_setkey(mbedtls_gcm_context *ctx, mbedtls_cipher_id_t cipher,
                              const unsigned char *key, unsigned int keybits);
int __real_mbedtls_gcm_setkey(mbedtls_gcm_context *ctx, mbedtls_cipher_id_t cipher,
                              const unsigned char *key, unsigned int keybits);
int __wrap_mbedtls_gcm_starts(mbedtls_gcm_context *ctx, int mode, const unsigned char *iv,
                              size_t iv_len, const unsigned char *add, size_t add_len);
int __real_mbedtls_gcm_starts(mbedtls_gcm_context *ctx, int mode, const unsigned char *iv,
                              size_t iv_len, const unsigned char *add, size_t add_len);
int __wrap_mbedtls_gcm_update(mbedtls_gcm_context *ctx, size_t len, const unsigned char *in,
                              unsigned char *out);
int __real_mbedtls_gcm_update(mbedtls_gcm_context *ctx, size_t len, const unsigned char *in,
                              unsigned char *out);
int __wrap_mbedtls_gcm_finish(mbedtls_gcm_context *ctx, unsigned char *tag, size_t tag_len);
int __real_mbedtls_gcm_finish(mbedtls_gcm_context *ctx, unsigned char *tag, size_t tag_len);
int __wrap_mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224);
int __real_mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224);
int __wrap_mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx, const unsigned char *in,
                                     size_t len);
int __real_mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx, const unsigned char *in,
                                     size_t len);
int __wrap_mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx, unsigned char out[32]);
int __real_mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx, unsigned char out[32]);

int __wrap_mbedtls_ecp_copy(mbedtls_ecp_point *p, const mbedtls_ecp_point *q)
{
    return fuzz_fault_inject() ? INJECTED_MBEDTLS_ERROR : __real_mbedtls_ecp_copy(p, q);
}

int __wrap_mbedtls_ecp_group_load(mbedtls_ecp_group *grp, mbedtls_ecp_group_id id)
{
    return fuzz_fault_inject() ? INJECTED_MBEDTLS_ERROR : __real_mbedtls_ecp_group_load(grp, id);
}

int __wrap_mbedtls_ecp_mul(mbedtls_ecp_group *grp, mbedtls_ecp_point *r, const mbedtls_mpi *m,
                           const mbedtls_ecp_point *p, int (*f_rng)(void *, unsigned char *, size_t),
                           void *p_rng)
{
    return fuzz_fault_inject() ? INJECTED_MBEDTLS_ERROR : __real_mbedtls_ecp_mul(grp, r, m, p, f_rng, p_rng);
}

int __wrap_mbedtls_ecp_point_read_binary(const mbedtls_ecp_group *grp, mbedtls_ecp_point *p,
                                         const unsigned char *buf, size_t len)
{
    return fuzz_fault_inject() ? INJECTED_MBEDTLS_ERROR
                    : __real_mbedtls_ecp_point_read_binary(grp, p, buf, len);
}

int __wrap_mbedtls_ecp_point_write_binary(const mbedtls_ecp_group *grp,
                                          const mbedtls_ecp_point *p, int format, size_t *olen,
                                          unsigned char *buf, size_t buflen)
{
    return fuzz_fault_inject() ? INJECTED_MBEDTLS_ERROR
                    : __real_mbedtls_ecp_point_write_binary(grp, p, format, olen, buf, buflen);
}

int __wrap_mbedtls_mpi_read_binary_le(mbedtls_mpi *x, const unsigned char *buf, size_t len)
{
    return fuzz_fault_inject() ? INJECTED_MBEDTLS_ERROR : __real_mbedtls_mpi_read_binary_le(x, buf, len);
}

int __wrap_mbedtls_gcm_setkey(mbedtls_gcm_context *ctx, mbedtls_cipher_id_t cipher,
                              const unsigned char *key, unsigned int keybits)
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_GCM_BAD_INPUT
                    : __real_mbedtls_gcm_setkey(ctx, cipher, key, keybits);
}

int __wrap_mbedtls_gcm_starts(mbedtls_gcm_context *ctx, int mode, const unsigned char *iv,
                              size_t iv_len, const unsigned char *add, size_t add_len)
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_GCM_BAD_INPUT
                    : __real_mbedtls_gcm_starts(ctx, mode, iv, iv_len, add, add_len);
}

int __wrap_mbedtls_gcm_update(mbedtls_gcm_context *ctx, size_t len, const unsigned char *in,
                              unsigned char *out)
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_GCM_BAD_INPUT : __real_mbedtls_gcm_update(ctx, len, in, out);
}

int __wrap_mbedtls_gcm_finish(mbedtls_gcm_context *ctx, unsigned char *tag, size_t tag_len)
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_GCM_BAD_INPUT : __real_mbedtls_gcm_finish(ctx, tag, tag_len);
}

int __wrap_mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224)
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                    : __real_mbedtls_sha256_starts_ret(ctx, is224);
}

int __wrap_mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx, const unsigned char *in,
                                     size_t len)
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                    : __real_mbedtls_sha256_update_ret(ctx, in, len);
}

int __wrap_mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx, unsigned char out[32])
{
    return fuzz_fault_inject() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                    : __real_mbedtls_sha256_finish_ret(ctx, out);
}
