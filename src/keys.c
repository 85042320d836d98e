/* SPDX-License-Identifier: Apache-2.0 */
/* keys.c - key pairs (spec 2.1) and the mapping of backend results to statuses. */
#include "internal.h"

pssst_status pssst_crypto_status(int crypto_rc)
{
    /* spec 10.1: every outcome is a status [10.1-typed] */
    switch (crypto_rc) {
    case PSSST_CRYPTO_OK:
        return PSSST_OK;
    case PSSST_CRYPTO_ZERO:
        return PSSST_ERR_BAD_KEY; /* spec 5.3 [5.3-refuse-zero] */
    case PSSST_CRYPTO_AUTH:
        return PSSST_ERR_DECRYPT_FAILED; /* spec 7.2, 9.2 */
    default:
        /* A failed pssst_random is mapped where it is called (spec 6.3). */
        /* spec 10.1: the backend itself failed (out of memory, a broken library). */
        return PSSST_ERR_INTERNAL;
    }
}

pssst_status pssst_public_key(pssst_suite suite, const uint8_t private_key[PSSST_KEY_SIZE],
                              uint8_t public_key[PSSST_KEY_SIZE])
{
    if (!pssst_api_suite_supported(suite))
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if (private_key == NULL || public_key == NULL ||
        !pssst_disjoint(private_key, PSSST_KEY_SIZE, public_key, PSSST_KEY_SIZE))
        return PSSST_ERR_INVALID_ARGUMENT;
    return pssst_crypto_status(pssst_x25519_base(public_key, private_key));
}

pssst_status pssst_keypair_generate(pssst_suite suite, uint8_t private_key[PSSST_KEY_SIZE],
                                    uint8_t public_key[PSSST_KEY_SIZE])
{
    pssst_status st;

    if (!pssst_api_suite_supported(suite))
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if (private_key == NULL || public_key == NULL ||
        !pssst_disjoint(private_key, PSSST_KEY_SIZE, public_key, PSSST_KEY_SIZE))
        return PSSST_ERR_INVALID_ARGUMENT;
    if (pssst_random(private_key, PSSST_KEY_SIZE) != PSSST_CRYPTO_OK) {
        st = PSSST_ERR_RANDOM_FAILED;
    } else {
        pssst_clamp(private_key); /* spec 2.1: returned clamped */
        st = pssst_public_key(suite, private_key, public_key);
    }
    if (st != PSSST_OK) {
        pssst_wipe(private_key, PSSST_KEY_SIZE);
        pssst_wipe(public_key, PSSST_KEY_SIZE);
    }
    return st;
}

const char *pssst_x25519_backend(void)
{
    return pssst_crypto_default()->name;
}

const char *pssst_crypto_library(void)
{
    return pssst_crypto_default()->library();
}
