/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys_status.c (driver) - key pairs (src/keys.c) and the status and
 * version functions (src/status.c): any suite value, any key bytes, NULL
 * and overlapping key buffers, any status value, any name string.
 */
#include "driver.h"

/* Longest name string tried: longer than every status name. */
#define PROOF_MAX_NAME 64

static void drive_keys(void)
{
    uint8_t keys[2 * PSSST_KEY_SIZE];
    pssst_suite suite = (pssst_suite)any_int();

    any_bytes(keys, sizeof keys);
    (void)pssst_public_key(suite, keys, keys + PSSST_KEY_SIZE);
    (void)pssst_public_key(PSSST_SUITE_X25519_AESGCM128, keys, keys + PSSST_KEY_SIZE);
    (void)pssst_public_key(PSSST_SUITE_X25519_AESGCM128, NULL, keys);
    (void)pssst_public_key(PSSST_SUITE_X25519_AESGCM128, keys, NULL);
    /* The outputs overlapping by every amount, including exactly, and just
     * apart; one call per distance, so that Eva follows each apart. */
    /*@ loop unroll PSSST_KEY_SIZE + 1; */
    for (size_t shift = 0; shift <= PSSST_KEY_SIZE; shift++) {
        (void)pssst_public_key(PSSST_SUITE_X25519_AESGCM128, keys, keys + shift);
        (void)pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, keys + shift, keys);
    }

    (void)pssst_keypair_generate(suite, keys, keys + PSSST_KEY_SIZE);
    (void)pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, keys, keys + PSSST_KEY_SIZE);
    (void)pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, NULL, keys);
    (void)pssst_keypair_generate(PSSST_SUITE_X25519_AESGCM128, keys, NULL);
}

static void drive_status(void)
{
    char name[PROOF_MAX_NAME];
    pssst_status parsed;
    pssst_status any = (pssst_status)any_int();

    (void)pssst_status_name(any);
    (void)pssst_strerror(any);
    any_bytes(name, sizeof name);
    name[any_len(sizeof name - 1)] = '\0';
    name[sizeof name - 1] = '\0';
    (void)pssst_status_from_name(name, &parsed);
    (void)pssst_status_from_name(NULL, &parsed);
    (void)pssst_status_from_name(name, NULL);
    (void)pssst_version();
    (void)pssst_x25519_backend();
    (void)pssst_crypto_library();
}

void drive_keys_and_status(void)
{
    drive_keys();
    drive_status();
}
