/* SPDX-License-Identifier: Apache-2.0 */
/*
 * platform.c - the one call of the analysed code into mbedTLS outside the
 * crypto backend: the zeroize behind pssst_wipe (src/bytes.c).
 */
#include <stddef.h>
#include <string.h>

#include <mbedtls/platform_util.h>

/*
 * mbedtls/platform_util.h: sets len bytes at buf to zero. A model with a
 * body: Eva then knows the bytes are zero, as the protocol code relies on
 * (a wiped reply context is "used", PSSST_REPLY_EMPTY).
 */
/*@ requires buf: \valid((char *)buf + (0 .. len - 1));
    assigns ((char *)buf)[0 .. len - 1] \from \nothing;
*/
void mbedtls_platform_zeroize(void *buf, size_t len)
{
    memset(buf, 0, len);
}

