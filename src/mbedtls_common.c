/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedtls_common.c - what every backend built on mbedTLS needs once: the
 * AES tables built before concurrent use, and the name of the mbedTLS
 * release the library was compiled against.
 */
#include <pthread.h>

#include <mbedtls/aes.h>

#include "mbedtls_common.h"

#if MBEDTLS_VERSION_NUMBER < 0x02100000
#error "pssst-c needs mbedTLS 2.16 or later (README: Supported crypto libraries)"
#endif

#define AES_KEY_BITS 128

/*
 * mbedTLS 2.28 and 3.6 build their AES tables lazily, on the first key
 * set-up, behind an unlocked global flag (on CPUs without AES-NI, or where
 * the library was built without it). Building them once, before any
 * concurrent use, keeps many threads on one pssst_server race-free.
 */
static pthread_once_t aes_tables_once = PTHREAD_ONCE_INIT;

static void aes_tables_build(void)
{
    static const uint8_t zero_key[PSSST_AES_KEY_SIZE];
    mbedtls_aes_context ctx;

    mbedtls_aes_init(&ctx);
    (void)mbedtls_aes_setkey_enc(&ctx, zero_key, AES_KEY_BITS);
    mbedtls_aes_free(&ctx);
}

int pssst_aes_tables_ready(void)
{
    return pthread_once(&aes_tables_once, aes_tables_build) == 0 ? PSSST_CRYPTO_OK
                                                                 : PSSST_CRYPTO_FAIL;
}

const char *pssst_mbedtls_version(void)
{
    return "mbedTLS " MBEDTLS_VERSION_STRING;
}
