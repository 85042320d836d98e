/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one declaration src/bytes.c takes from mbedTLS, for the analysed
 * build; its model is in proofs/stubs/platform.c. The analysis reads
 * Frama-C's libc headers, not the system's, so mbedTLS's own header is not
 * on its include path.
 */
#ifndef PSSST_PROOFS_PLATFORM_UTIL_H
#define PSSST_PROOFS_PLATFORM_UTIL_H

#include <stddef.h>

void mbedtls_platform_zeroize(void *buf, size_t len);

#endif
