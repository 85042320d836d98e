/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_x25519_diff.c - differential: every crypto backend compiled into the
 * library (src/crypto.h, pssst_crypto_backends: mbedTLS or PSA, and
 * libsodium when PSSST_WITH_LIBSODIUM is on, as in the fuzz presets) on
 * fuzzed scalars and u-coordinates. They must agree on every output and
 * every refusal (spec 2.1: clamping, top bit masked, non-canonical u
 * reduced; spec 5.3: an all-zero result refused, with the output wiped).
 *
 * Input: scalar (32 bytes), then u (32 bytes); missing bytes read as zero.
 * Checked for each backend against the first (the library's default):
 * X25519(scalar, u) and X25519(scalar, 9); and within each backend, the
 * fixed-base path against the general one with u = 9.
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "fuzz_common.h"

static const uint8_t base_point[32] = {9};

static void require_same(int rc_a, const uint8_t a[32], int rc_b, const uint8_t b[32],
                         const char *what, const char *name_a, const char *name_b)
{
    if (rc_a != rc_b || memcmp(a, b, 32) != 0) {
        fprintf(stderr, "%s: %s rc %d vs %s rc %d\n", what, name_a, rc_a, name_b, rc_b);
        fuzz_require(false, what);
    }
    fuzz_require(rc_a == PSSST_CRYPTO_OK || rc_a == PSSST_CRYPTO_ZERO,
                 "X25519 succeeds or refuses a zero result");
    if (rc_a == PSSST_CRYPTO_ZERO) {
        static const uint8_t zero[32];
        fuzz_require(memcmp(a, zero, 32) == 0, "output wiped on refusal");
    }
}

/* One backend's results, compared with the default backend's. */
static void check_backend(const pssst_crypto_backend *b, const uint8_t scalar[32],
                          const uint8_t u[32], int rc_ref, const uint8_t ref[32],
                          int rc_ref_base, const uint8_t ref_base[32])
{
    const pssst_crypto_backend *d = pssst_crypto_backends[0];
    uint8_t out[32], general[32];
    int rc, rc_general;

    rc = b->x25519(out, scalar, u);
    require_same(rc, out, rc_ref, ref, "X25519(scalar, u)", b->name, d->name);
    rc = b->x25519_base(out, scalar);
    require_same(rc, out, rc_ref_base, ref_base, "X25519(scalar, 9)", b->name, d->name);
    fuzz_require(rc == PSSST_CRYPTO_OK, "a public key is never zero");
    rc_general = b->x25519(general, scalar, base_point);
    require_same(rc_general, general, rc, out, "fixed-base path vs general path with u = 9",
                 b->name, b->name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const pssst_crypto_backend *d = pssst_crypto_backends[0];
    uint8_t scalar[32], u[32], ref[32], ref_base[32];
    int rc_ref, rc_ref_base;
    fuzz_reader r;

    fuzz_require(d == pssst_crypto_default(), "the default backend is listed first");
    fuzz_reader_init(&r, data, size);
    fuzz_take_bytes(&r, scalar, sizeof scalar);
    fuzz_take_bytes(&r, u, sizeof u);

    rc_ref = d->x25519(ref, scalar, u);
    rc_ref_base = d->x25519_base(ref_base, scalar);
    /* The library's entry points dispatch to the default backend. */
    {
        uint8_t lib[32];
        int rc_lib = pssst_x25519(lib, scalar, u);
        require_same(rc_lib, lib, rc_ref, ref, "pssst_x25519 vs default backend", "library",
                     d->name);
    }
    for (size_t i = 0; pssst_crypto_backends[i] != NULL; i++)
        check_backend(pssst_crypto_backends[i], scalar, u, rc_ref, ref, rc_ref_base, ref_base);
    return 0;
}
