/* SPDX-License-Identifier: Apache-2.0 */
/*
 * random.c - randomness from the operating system (spec 6.3 [6.3-csprng]). A failure is
 * reported, never papered over with a weaker source.
 */
#include <errno.h>
#include <sys/random.h>

#include "crypto.h"

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
/*
 * Fuzzing builds only: a fixed, stateless byte pattern, so that every input
 * replays identically. This is the single behaviour change such builds make.
 */
int pssst_random(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(0xa5u ^ (i * 29u));
    return PSSST_CRYPTO_OK;
}
#else
int pssst_random(uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t got = getrandom(buf + done, len - done, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            pssst_wipe(buf, len);
            return PSSST_CRYPTO_NO_RANDOM;
        }
        done += (size_t)got;
    }
    return PSSST_CRYPTO_OK;
}
#endif
