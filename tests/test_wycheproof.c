/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Wycheproof test vectors (x25519_test.json, aes_gcm_test.json from the
 * project's shared folder, PSSST_WYCHEPROOF_DIR) through the internal
 * crypto interface of src/crypto.h (spec 2.1, 2.3). Skipped (exit 77) when
 * the folder is not there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crypto.h"
#include "support.h"
#include "test.h"

#ifndef PSSST_WYCHEPROOF_DIR
#define PSSST_WYCHEPROOF_DIR "../shared/wycheproof"
#endif

/* The backend under test; each check runs on every backend in turn. */
static const pssst_crypto_backend *backend;
static cJSON *x25519_doc;
static cJSON *aes_gcm_doc;

/* Reads one file; *missing tells an absent file from a broken one. */
static cJSON *load_json(const char *name, char *path, size_t path_size, bool *missing)
{
    snprintf(path, path_size, "%s/%s", PSSST_WYCHEPROOF_DIR, name);
    char *text = read_text_file(path, NULL);
    *missing = text == NULL;
    if (text == NULL)
        return NULL;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (doc == NULL)
        fprintf(stderr, "%s: not valid JSON\n", path);
    return doc;
}

static const char *string_field(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int int_field(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(item) ? item->valueint : -1;
}

/* ---- X25519 ---- */

typedef struct {
    size_t valid;
    size_t acceptable_computed;
    size_t acceptable_refused;
} x25519_counts;

static void run_x25519_case(const cJSON *t, x25519_counts *counts)
{
    uint8_t priv[KEY];
    uint8_t pub[KEY];
    uint8_t want[KEY];
    uint8_t out[KEY];
    static const uint8_t zero[KEY] = {0};
    const char *result = string_field(t, "result");
    test_context("x25519 tcId %d (%s)", int_field(t, "tcId"), result ? result : "?");
    if (!CHECK(result != NULL) || !CHECK(hex_to_bytes(string_field(t, "private"), priv, KEY, NULL)) ||
        !CHECK(hex_to_bytes(string_field(t, "public"), pub, KEY, NULL)) ||
        !CHECK(hex_to_bytes(string_field(t, "shared"), want, KEY, NULL)))
        return;
    int rc = backend->x25519(out, priv, pub);
    if (strcmp(result, "valid") == 0) {
        counts->valid++;
        CHECK(rc == PSSST_CRYPTO_OK);
        CHECK_MEM(out, want, KEY);
        return;
    }
    /* "acceptable": the exact result, or a refusal where that result is zero
     * (spec 5.3 refuses all-zero secrets). */
    CHECK(strcmp(result, "acceptable") == 0);
    if (rc == PSSST_CRYPTO_OK) {
        counts->acceptable_computed++;
        CHECK_MEM(out, want, KEY);
        return;
    }
    counts->acceptable_refused++;
    CHECK(rc == PSSST_CRYPTO_ZERO);
    CHECK_MEM(want, zero, KEY);
    CHECK_ZERO(out, KEY);
}

static void x25519_wycheproof_on_backend(void)
{
    x25519_counts counts = {0, 0, 0};
    size_t total = 0;
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(x25519_doc, "testGroups");
    const cJSON *group;
    cJSON_ArrayForEach(group, groups)
    {
        const char *curve = string_field(group, "curve");
        if (!CHECK(curve != NULL && strcmp(curve, "curve25519") == 0))
            continue;
        const cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(group, "tests"))
        {
            run_x25519_case(t, &counts);
            total++;
        }
    }
    test_context(NULL);
    /* All-zero results are exactly the ones that must be refused. */
    CHECK(total > 0);
    CHECK_SIZE(counts.valid + counts.acceptable_computed + counts.acceptable_refused, total);
    test_note("%s: %zu cases: %zu valid, %zu acceptable computed, %zu acceptable refused "
              "(zero result)",
              backend->name, total, counts.valid, counts.acceptable_computed,
              counts.acceptable_refused);
}

/* Runs one check on every backend compiled in (src/crypto.h), default first. */
static void on_every_backend(void (*check)(void))
{
    for (size_t i = 0; pssst_crypto_backends[i] != NULL; i++) {
        backend = pssst_crypto_backends[i];
        check();
    }
    backend = pssst_crypto_default();
}

static void test_x25519_passes_wycheproof(void)
{
    on_every_backend(x25519_wycheproof_on_backend);
}

/* ---- AES-GCM ---- */

typedef struct {
    size_t valid;
    size_t invalid;
    size_t skipped_other_key;
    size_t skipped_other_iv;
} gcm_counts;

typedef struct {
    uint8_t key[16];
    uint8_t iv[12];
    uint8_t tag[16];
    uint8_t *aad;
    size_t aad_len;
    uint8_t *msg;
    size_t msg_len;
    uint8_t *ct;
    size_t ct_len;
} gcm_case;

static bool parse_gcm_case(const cJSON *t, gcm_case *c)
{
    c->aad = hex_to_new_bytes(string_field(t, "aad"), &c->aad_len);
    c->msg = hex_to_new_bytes(string_field(t, "msg"), &c->msg_len);
    c->ct = hex_to_new_bytes(string_field(t, "ct"), &c->ct_len);
    return CHECK(hex_to_bytes(string_field(t, "key"), c->key, 16, NULL)) &&
           CHECK(hex_to_bytes(string_field(t, "iv"), c->iv, 12, NULL)) &&
           CHECK(hex_to_bytes(string_field(t, "tag"), c->tag, 16, NULL)) &&
           CHECK(c->aad != NULL && c->msg != NULL && c->ct != NULL) &&
           CHECK_SIZE(c->ct_len, c->msg_len);
}

static void free_gcm_case(gcm_case *c)
{
    free(c->aad);
    free(c->msg);
    free(c->ct);
}

/*
 * A valid case seals to the expected ciphertext and tag and opens again;
 * PSSST splits the plaintext into a head (the 64-byte proof) and a body,
 * so the split forms are tried too.
 */
static void check_gcm_valid(const gcm_case *c)
{
    size_t n = c->msg_len;
    uint8_t *out = malloc(n + 1);
    uint8_t *back = malloc(n + 1);
    uint8_t tag[16];
    if (!CHECK(out != NULL && back != NULL))
        goto done;
    for (size_t head = 0; head <= n && head <= 64; head += 16) {
        CHECK(backend->aead_seal(c->key, c->iv, c->aad, c->aad_len, c->msg, head, c->msg + head,
                              n - head, out, tag) == PSSST_CRYPTO_OK);
        CHECK_MEM(out, c->ct, n);
        CHECK_MEM(tag, c->tag, 16);
        memset(back, 0xcc, n + 1);
        CHECK(backend->aead_open(c->key, c->iv, c->aad, c->aad_len, c->ct, n, c->tag, back, head,
                              back + head) == PSSST_CRYPTO_OK);
        CHECK_MEM(back, c->msg, n);
        if (n == 0)
            break;
    }
    /* In place: the body is sealed and opened where it lies. */
    memcpy(out, c->msg, n);
    CHECK(backend->aead_seal(c->key, c->iv, c->aad, c->aad_len, NULL, 0, out, n, out, tag) ==
          PSSST_CRYPTO_OK);
    CHECK_MEM(out, c->ct, n);
    CHECK(backend->aead_open(c->key, c->iv, c->aad, c->aad_len, out, n, tag, NULL, 0, out) ==
          PSSST_CRYPTO_OK);
    CHECK_MEM(out, c->msg, n);
done:
    free(out);
    free(back);
}

/* An invalid case does not open, and no plaintext comes out. */
static void check_gcm_invalid(const gcm_case *c)
{
    size_t n = c->ct_len;
    uint8_t *out = malloc(n + 1);
    if (!CHECK(out != NULL))
        return;
    memset(out, 0xcc, n + 1);
    CHECK(backend->aead_open(c->key, c->iv, c->aad, c->aad_len, c->ct, n, c->tag, NULL, 0, out) ==
          PSSST_CRYPTO_AUTH);
    for (size_t i = 0; i < n; i++) {
        if (!CHECK(out[i] == 0 || out[i] == 0xcc))
            break;
    }
    free(out);
}

static void run_gcm_group(const cJSON *group, gcm_counts *counts)
{
    int key_bits = int_field(group, "keySize");
    int iv_bits = int_field(group, "ivSize");
    int tag_bits = int_field(group, "tagSize");
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(group, "tests");
    size_t n = (size_t)cJSON_GetArraySize(tests);
    /* spec 2.3: PSSST uses AES-128 with 12-byte nonces and 16-byte tags only;
     * the interface takes nothing else. */
    if (key_bits != 128) {
        counts->skipped_other_key += n;
        return;
    }
    if (iv_bits != 96 || tag_bits != 128) {
        counts->skipped_other_iv += n;
        return;
    }
    const cJSON *t;
    cJSON_ArrayForEach(t, tests)
    {
        gcm_case c;
        const char *result = string_field(t, "result");
        test_context("aes-gcm tcId %d (%s)", int_field(t, "tcId"), result ? result : "?");
        if (parse_gcm_case(t, &c) && CHECK(result != NULL)) {
            if (strcmp(result, "valid") == 0) {
                counts->valid++;
                check_gcm_valid(&c);
            } else {
                CHECK(strcmp(result, "invalid") == 0);
                counts->invalid++;
                check_gcm_invalid(&c);
            }
        }
        free_gcm_case(&c);
    }
}

static void aes128_gcm_wycheproof_on_backend(void)
{
    gcm_counts counts = {0, 0, 0, 0};
    const cJSON *group;
    cJSON_ArrayForEach(group, cJSON_GetObjectItemCaseSensitive(aes_gcm_doc, "testGroups"))
        run_gcm_group(group, &counts);
    test_context(NULL);
    CHECK(counts.valid > 0 && counts.invalid > 0);
    test_note("%s: %zu valid and %zu invalid AES-128-GCM cases with 96-bit IV and 128-bit tag "
              "run; not applicable to the interface: %zu AES-128 cases with other IV sizes, %zu "
              "AES-192/256 cases",
              backend->name, counts.valid, counts.invalid, counts.skipped_other_iv,
              counts.skipped_other_key);
}

static void test_aes128_gcm_passes_wycheproof(void)
{
    on_every_backend(aes128_gcm_wycheproof_on_backend);
}

/* FIPS 180-2 appendix B.1: SHA-256("abc"), given to the backend in two parts. */
static void sha256_known_answer_on_backend(void)
{
    uint8_t want[32], out[32];
    test_context("sha256 on %s", backend->name);
    CHECK(hex_to_bytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want,
                       sizeof want, NULL));
    CHECK(backend->sha256_2(out, (const uint8_t *)"a", 1, (const uint8_t *)"bc", 2) ==
          PSSST_CRYPTO_OK);
    CHECK_MEM(out, want, sizeof want);
    CHECK(backend->sha256_2(out, NULL, 0, (const uint8_t *)"abc", 3) == PSSST_CRYPTO_OK);
    CHECK_MEM(out, want, sizeof want);
    test_context(NULL);
}

static void test_sha256_known_answer(void)
{
    on_every_backend(sha256_known_answer_on_backend);
}

/* crypto.h: the default backend is listed first, every backend once, by name. */
static void test_backend_list_starts_with_default(void)
{
    size_t n = 0;
    CHECK(pssst_crypto_backends[0] == pssst_crypto_default());
    CHECK(strcmp(pssst_crypto_default()->name, PSSST_DEFAULT_BACKEND_NAME) == 0);
    for (size_t i = 0; pssst_crypto_backends[i] != NULL; i++, n++) {
        const char *library = pssst_crypto_backends[i]->library();
        test_context("backend %s: library \"%s\"", pssst_crypto_backends[i]->name,
                     library ? library : "(null)");
        /* Each names the release it was built with (pssst version prints it). */
        CHECK(library != NULL && strstr(library, "mbedTLS ") != NULL);
        if (strcmp(pssst_crypto_backends[i]->name, "libsodium") == 0)
            CHECK(strncmp(library, "libsodium ", 10) == 0);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(pssst_crypto_backends[i]->name, pssst_crypto_backends[j]->name) != 0);
    }
    test_context(NULL);
    CHECK(n >= 1);
    test_note("%zu backend(s) compiled in, %s first", n, pssst_crypto_default()->name);
}

static const test_case tests[] = {
    TEST_CASE(test_backend_list_starts_with_default),
    TEST_CASE(test_x25519_passes_wycheproof),
    TEST_CASE(test_aes128_gcm_passes_wycheproof),
    TEST_CASE(test_sha256_known_answer),
};

int main(int argc, char **argv)
{
    char x_path[1024];
    char g_path[1024];
    bool x_missing;
    bool g_missing;
    x25519_doc = load_json("x25519_test.json", x_path, sizeof x_path, &x_missing);
    aes_gcm_doc = load_json("aes_gcm_test.json", g_path, sizeof g_path, &g_missing);
    if (x25519_doc == NULL || aes_gcm_doc == NULL) {
        cJSON_Delete(x25519_doc);
        cJSON_Delete(aes_gcm_doc);
        if (!x_missing && !g_missing)
            return 1; /* present but broken: a failure, not a skip */
        printf("SKIPPED: %s not found\n", x_missing ? x_path : g_path);
        return TEST_EXIT_SKIPPED;
    }
    int rc = test_main(argc, argv, tests, TEST_COUNT(tests));
    cJSON_Delete(x25519_doc);
    cJSON_Delete(aes_gcm_doc);
    return rc;
}
