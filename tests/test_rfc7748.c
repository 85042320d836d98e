/* SPDX-License-Identifier: Apache-2.0 */
/*
 * X25519 known answers of RFC 7748 (sections 5.2 and 6.1) and its rules
 * for scalars and u-coordinates (section 5), through the library's
 * internal X25519 (src/crypto.h), whichever backend is compiled in
 * (spec 2.1).
 */
#include <string.h>

#include "crypto.h"
#include "support.h"
#include "test.h"

typedef struct {
    const char *scalar;
    const char *u;
    const char *out;
} x25519_vector;

/* RFC 7748 section 5.2, the two single-multiplication test vectors. */
static const x25519_vector rfc_5_2[] = {
    {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
     "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
     "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
    {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
     "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
     "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
};

/* RFC 7748 section 5.2, the iterated test: k and u start at 9. */
static const char *const after_1_iteration =
    "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079";
static const char *const after_1000_iterations =
    "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51";

/* RFC 7748 section 6.1. */
static const char *const alice_private = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
static const char *const alice_public = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
static const char *const bob_private = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
static const char *const bob_public = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
static const char *const alice_bob_shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

static void key(const char *hex, uint8_t out[KEY])
{
    CHECK(hex_to_bytes(hex, out, KEY, NULL));
}

static void test_x25519_matches_rfc7748_section_5_2_vectors(void)
{
    for (size_t i = 0; i < sizeof rfc_5_2 / sizeof rfc_5_2[0]; i++) {
        uint8_t scalar[KEY];
        uint8_t u[KEY];
        uint8_t want[KEY];
        uint8_t out[KEY];
        test_context("vector %zu", i + 1);
        key(rfc_5_2[i].scalar, scalar);
        key(rfc_5_2[i].u, u);
        key(rfc_5_2[i].out, want);
        CHECK(pssst_x25519(out, scalar, u) == PSSST_CRYPTO_OK);
        CHECK_MEM(out, want, KEY);
    }
}

/* k, u <- X25519(k, u), k; n times from k = u = 9. */
static void iterate(uint8_t k[KEY], unsigned n)
{
    uint8_t u[KEY] = {9};
    uint8_t next[KEY];
    memset(k, 0, KEY);
    k[0] = 9;
    for (unsigned i = 0; i < n; i++) {
        if (!CHECK(pssst_x25519(next, k, u) == PSSST_CRYPTO_OK))
            return;
        memcpy(u, k, KEY);
        memcpy(k, next, KEY);
    }
}

static void test_x25519_iterated_once_matches_rfc7748(void)
{
    uint8_t k[KEY];
    uint8_t want[KEY];
    key(after_1_iteration, want);
    iterate(k, 1);
    CHECK_MEM(k, want, KEY);
}

static void test_x25519_iterated_1000_times_matches_rfc7748(void)
{
    uint8_t k[KEY];
    uint8_t want[KEY];
    key(after_1000_iterations, want);
    iterate(k, 1000);
    CHECK_MEM(k, want, KEY);
}

static void test_x25519_iterated_1000000_times_matches_rfc7748(void)
{
    test_skip("one million X25519 multiplications take about 15 minutes with mbedTLS; the 1000 "
              "iteration test covers the same chain");
}

static void test_x25519_agrees_with_rfc7748_section_6_1(void)
{
    uint8_t a[KEY];
    uint8_t b[KEY];
    uint8_t a_pub[KEY];
    uint8_t b_pub[KEY];
    uint8_t shared[KEY];
    uint8_t out[KEY];
    key(alice_private, a);
    key(bob_private, b);
    key(alice_public, a_pub);
    key(bob_public, b_pub);
    key(alice_bob_shared, shared);
    CHECK(pssst_x25519_base(out, a) == PSSST_CRYPTO_OK);
    CHECK_MEM(out, a_pub, KEY);
    CHECK(pssst_x25519_base(out, b) == PSSST_CRYPTO_OK);
    CHECK_MEM(out, b_pub, KEY);
    CHECK(pssst_x25519(out, a, b_pub) == PSSST_CRYPTO_OK);
    CHECK_MEM(out, shared, KEY);
    CHECK(pssst_x25519(out, b, a_pub) == PSSST_CRYPTO_OK);
    CHECK_MEM(out, shared, KEY);
}

/* RFC 7748 section 5: the scalar is clamped by X25519 itself. */
static void test_x25519_clamps_the_scalar(void)
{
    uint8_t raw[KEY];
    uint8_t clamped[KEY];
    uint8_t u[KEY];
    uint8_t a[KEY];
    uint8_t b[KEY];
    key(rfc_5_2[0].u, u);
    for (int i = 0; i < 4; i++) {
        fill_random(raw, KEY);
        raw[0] |= (uint8_t)(1 + i);
        raw[31] = (uint8_t)(i & 1 ? raw[31] | 0x80 : raw[31] & 0xbf);
        clamp_scalar(clamped, raw);
        test_context("scalar %d", i);
        CHECK(pssst_x25519(a, raw, u) == PSSST_CRYPTO_OK);
        CHECK(pssst_x25519(b, clamped, u) == PSSST_CRYPTO_OK);
        CHECK_MEM(a, b, KEY);
        CHECK(pssst_x25519_base(a, raw) == PSSST_CRYPTO_OK);
        CHECK(pssst_x25519_base(b, clamped) == PSSST_CRYPTO_OK);
        CHECK_MEM(a, b, KEY);
    }
}

/* RFC 7748 section 5: bit 255 of u is masked. */
static void test_x25519_ignores_top_bit_of_u(void)
{
    uint8_t scalar[KEY];
    uint8_t u[KEY];
    uint8_t a[KEY];
    uint8_t b[KEY];
    key(rfc_5_2[0].scalar, scalar);
    key(rfc_5_2[0].u, u);
    CHECK(pssst_x25519(a, scalar, u) == PSSST_CRYPTO_OK);
    u[31] |= 0x80;
    CHECK(pssst_x25519(b, scalar, u) == PSSST_CRYPTO_OK);
    CHECK_MEM(a, b, KEY);
}

/* RFC 7748 section 5: u-coordinates >= p are accepted and reduced:
 * p + 9 = 2^255 - 10 acts as 9. */
static void test_x25519_reduces_non_canonical_u(void)
{
    uint8_t scalar[KEY];
    uint8_t nine[KEY] = {9};
    uint8_t p_plus_9[KEY];
    uint8_t a[KEY];
    uint8_t b[KEY];
    uint8_t base[KEY];
    memset(p_plus_9, 0xff, KEY);
    p_plus_9[0] = 0xf6;
    p_plus_9[31] = 0x7f;
    fill_random(scalar, KEY);
    CHECK(pssst_x25519(a, scalar, nine) == PSSST_CRYPTO_OK);
    CHECK(pssst_x25519(b, scalar, p_plus_9) == PSSST_CRYPTO_OK);
    CHECK(pssst_x25519_base(base, scalar) == PSSST_CRYPTO_OK);
    CHECK_MEM(a, b, KEY);
    CHECK_MEM(a, base, KEY);
}

/* RFC 7748 section 6.1 / spec 5.3: an all-zero result is refused, and the
 * output holds no partial result. */
static void test_x25519_refuses_all_zero_result(void)
{
    uint8_t scalar[KEY];
    uint8_t out[KEY];
    fill_random(scalar, KEY);
    for (size_t i = 0; i < LOW_ORDER_POINT_COUNT; i++) {
        test_context("low-order point %zu", i);
        memset(out, 0xa5, KEY);
        CHECK(pssst_x25519(out, scalar, low_order_points[i]) == PSSST_CRYPTO_ZERO);
        CHECK_ZERO(out, KEY);
    }
}

static const test_case tests[] = {
    TEST_CASE(test_x25519_matches_rfc7748_section_5_2_vectors),
    TEST_CASE(test_x25519_iterated_once_matches_rfc7748),
    TEST_CASE(test_x25519_iterated_1000_times_matches_rfc7748),
    TEST_CASE(test_x25519_iterated_1000000_times_matches_rfc7748),
    TEST_CASE(test_x25519_agrees_with_rfc7748_section_6_1),
    TEST_CASE(test_x25519_clamps_the_scalar),
    TEST_CASE(test_x25519_ignores_top_bit_of_u),
    TEST_CASE(test_x25519_reduces_non_canonical_u),
    TEST_CASE(test_x25519_refuses_all_zero_result),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, TEST_COUNT(tests));
}
