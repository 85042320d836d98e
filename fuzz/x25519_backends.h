/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x25519_backends.h - both X25519 backends of src/ in one program, for the
 * differential harness. fuzz/CMakeLists.txt compiles src/x25519_mbedtls.c
 * and src/x25519_sodium.c a second time with their three entry points
 * renamed (compile definitions pssst_x25519=fuzz_x25519_mbedtls, ...), so
 * that they link beside each other and beside the library unchanged.
 */
#ifndef PSSST_FUZZ_X25519_BACKENDS_H
#define PSSST_FUZZ_X25519_BACKENDS_H

#include <stdint.h>

int fuzz_x25519_mbedtls(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);
int fuzz_x25519_base_mbedtls(uint8_t out[32], const uint8_t scalar[32]);
const char *fuzz_x25519_name_mbedtls(void);

int fuzz_x25519_sodium(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);
int fuzz_x25519_base_sodium(uint8_t out[32], const uint8_t scalar[32]);
const char *fuzz_x25519_name_sodium(void);

#endif
