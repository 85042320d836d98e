/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_faults_psa.c - the fault wrappers of fuzz_faults.c for the PSA
 * backend (mbedTLS 3.6): every PSA call of src/crypto_psa.c whose result
 * the library reads. An injected failure is PSA_ERROR_INSUFFICIENT_MEMORY,
 * what a full key store or a failed allocation reports.
 */
#include <psa/crypto.h>

#include "fuzz_faults.h"

#define INJECTED_PSA_ERROR PSA_ERROR_INSUFFICIENT_MEMORY

__typeof__(psa_import_key) __real_psa_import_key, __wrap_psa_import_key;
__typeof__(psa_raw_key_agreement) __real_psa_raw_key_agreement, __wrap_psa_raw_key_agreement;
__typeof__(psa_export_public_key) __real_psa_export_public_key, __wrap_psa_export_public_key;
__typeof__(psa_hash_setup) __real_psa_hash_setup, __wrap_psa_hash_setup;
__typeof__(psa_hash_update) __real_psa_hash_update, __wrap_psa_hash_update;
__typeof__(psa_hash_finish) __real_psa_hash_finish, __wrap_psa_hash_finish;
__typeof__(psa_aead_encrypt_setup) __real_psa_aead_encrypt_setup, __wrap_psa_aead_encrypt_setup;
__typeof__(psa_aead_decrypt_setup) __real_psa_aead_decrypt_setup, __wrap_psa_aead_decrypt_setup;
__typeof__(psa_aead_set_nonce) __real_psa_aead_set_nonce, __wrap_psa_aead_set_nonce;
__typeof__(psa_aead_update_ad) __real_psa_aead_update_ad, __wrap_psa_aead_update_ad;
__typeof__(psa_aead_update) __real_psa_aead_update, __wrap_psa_aead_update;
__typeof__(psa_aead_finish) __real_psa_aead_finish, __wrap_psa_aead_finish;
__typeof__(psa_aead_verify) __real_psa_aead_verify, __wrap_psa_aead_verify;

psa_status_t __wrap_psa_import_key(const psa_key_attributes_t *attr, const uint8_t *data,
                                   size_t len, mbedtls_svc_key_id_t *key)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_import_key(attr, data, len, key);
}

psa_status_t __wrap_psa_raw_key_agreement(psa_algorithm_t alg, mbedtls_svc_key_id_t key,
                                          const uint8_t *peer, size_t peer_len, uint8_t *out,
                                          size_t out_size, size_t *out_len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_raw_key_agreement(alg, key, peer, peer_len, out, out_size, out_len);
}

psa_status_t __wrap_psa_export_public_key(mbedtls_svc_key_id_t key, uint8_t *out, size_t size,
                                          size_t *len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_export_public_key(key, out, size, len);
}

psa_status_t __wrap_psa_hash_setup(psa_hash_operation_t *op, psa_algorithm_t alg)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_hash_setup(op, alg);
}

psa_status_t __wrap_psa_hash_update(psa_hash_operation_t *op, const uint8_t *in, size_t len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_hash_update(op, in, len);
}

psa_status_t __wrap_psa_hash_finish(psa_hash_operation_t *op, uint8_t *out, size_t size,
                                    size_t *len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_hash_finish(op, out, size, len);
}

psa_status_t __wrap_psa_aead_encrypt_setup(psa_aead_operation_t *op, mbedtls_svc_key_id_t key,
                                           psa_algorithm_t alg)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_encrypt_setup(op, key, alg);
}

psa_status_t __wrap_psa_aead_decrypt_setup(psa_aead_operation_t *op, mbedtls_svc_key_id_t key,
                                           psa_algorithm_t alg)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_decrypt_setup(op, key, alg);
}

psa_status_t __wrap_psa_aead_set_nonce(psa_aead_operation_t *op, const uint8_t *nonce,
                                       size_t len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_set_nonce(op, nonce, len);
}

psa_status_t __wrap_psa_aead_update_ad(psa_aead_operation_t *op, const uint8_t *in, size_t len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_update_ad(op, in, len);
}

psa_status_t __wrap_psa_aead_update(psa_aead_operation_t *op, const uint8_t *in, size_t len,
                                    uint8_t *out, size_t size, size_t *out_len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_update(op, in, len, out, size, out_len);
}

psa_status_t __wrap_psa_aead_finish(psa_aead_operation_t *op, uint8_t *out, size_t size,
                                    size_t *out_len, uint8_t *tag, size_t tag_size,
                                    size_t *tag_len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_finish(op, out, size, out_len, tag, tag_size, tag_len);
}

psa_status_t __wrap_psa_aead_verify(psa_aead_operation_t *op, uint8_t *out, size_t size,
                                    size_t *out_len, const uint8_t *tag, size_t tag_len)
{
    if (fuzz_fault_inject())
        return INJECTED_PSA_ERROR;
    return __real_psa_aead_verify(op, out, size, out_len, tag, tag_len);
}
