/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_x25519_diff.c - differential: the two X25519 backends (mbedTLS, the
 * reference build, and libsodium, the fast build) on fuzzed scalars and
 * u-coordinates. They must agree on every output and every refusal
 * (spec 2.1: clamping, top bit masked, non-canonical u reduced; spec 5.3:
 * an all-zero result refused, with the output wiped).
 *
 * Input: scalar (32 bytes), then u (32 bytes); missing bytes read as zero.
 * Checked: X25519(scalar, u) and X25519(scalar, 9) of both backends, the
 * fixed-base path against the general one, and the library's own backend
 * (whichever the build selected) against both.
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "fuzz_common.h"
#include "x25519_backends.h"

static const uint8_t base_point[32] = {9};

static void require_same(int rc_a, const uint8_t a[32], int rc_b, const uint8_t b[32],
                         const char *what)
{
    if (rc_a != rc_b || memcmp(a, b, 32) != 0) {
        fprintf(stderr, "%s: rc %d vs %d\n", what, rc_a, rc_b);
        fuzz_require(false, what);
    }
    fuzz_require(rc_a == PSSST_CRYPTO_OK || rc_a == PSSST_CRYPTO_ZERO,
                 "X25519 succeeds or refuses a zero result");
    if (rc_a == PSSST_CRYPTO_ZERO) {
        static const uint8_t zero[32];
        fuzz_require(memcmp(a, zero, 32) == 0, "output wiped on refusal");
    }
}

/* Each copy reports its own name; the library's is one of the two. */
static void check_names(void)
{
    fuzz_require(strcmp(fuzz_x25519_name_mbedtls(), "mbedtls") == 0, "mbedtls backend name");
    fuzz_require(strcmp(fuzz_x25519_name_sodium(), "libsodium") == 0, "libsodium backend name");
    fuzz_require(strcmp(pssst_x25519_name(), "mbedtls") == 0 ||
                     strcmp(pssst_x25519_name(), "libsodium") == 0,
                 "library backend name");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t scalar[32], u[32];
    uint8_t m[32], s[32], lib[32];
    int rc_m, rc_s, rc_lib;
    fuzz_reader r;

    check_names();
    fuzz_reader_init(&r, data, size);
    fuzz_take_bytes(&r, scalar, sizeof scalar);
    fuzz_take_bytes(&r, u, sizeof u);

    rc_m = fuzz_x25519_mbedtls(m, scalar, u);
    rc_s = fuzz_x25519_sodium(s, scalar, u);
    require_same(rc_m, m, rc_s, s, "X25519(scalar, u): mbedtls vs libsodium");
    rc_lib = pssst_x25519(lib, scalar, u);
    require_same(rc_lib, lib, rc_m, m, "X25519(scalar, u): library backend vs both");

    rc_m = fuzz_x25519_base_mbedtls(m, scalar);
    rc_s = fuzz_x25519_base_sodium(s, scalar);
    require_same(rc_m, m, rc_s, s, "X25519(scalar, 9): mbedtls vs libsodium");
    fuzz_require(rc_m == PSSST_CRYPTO_OK, "a public key is never zero");
    rc_s = fuzz_x25519_sodium(s, scalar, base_point);
    require_same(rc_m, m, rc_s, s, "fixed-base path vs general path with u = 9");
    return 0;
}
