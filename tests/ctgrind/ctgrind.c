/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctgrind.c - constant-time check under valgrind's memcheck (spec 11.5).
 *
 * Secrets are marked undefined with VALGRIND_MAKE_MEM_UNDEFINED: the server
 * private key, the client private key and the ephemeral scalar, and every
 * byte the library draws from the operating system (pssst_random is
 * wrapped so that its output is undefined: the ephemerals of
 * pssst_pack_request and the keys of pssst_keypair_generate). Everything
 * the library derives from them (X25519(c, S), the shared secrets, the
 * AES key and nonces in the reply contexts, the plaintexts) stays
 * undefined as memcheck propagates it. A branch or a memory address that
 * depends on a secret is then reported as "Conditional jump or move
 * depends on uninitialised value(s)" or "Use of uninitialised value".
 *
 * What is public is declared so, as ctgrind does:
 * - the packets the library sends, the public keys, and the messages it
 *   returns to the caller (VALGRIND_MAKE_MEM_DEFINED before they are used
 *   or compared);
 * - the one-bit outcomes the protocol must act on: whether a constant-time
 *   comparison found a difference (AES-GCM tag, client-auth proof, spec
 *   7.3) and whether an X25519 result is all zero (spec 5.3). The
 *   comparison functions themselves run on undefined data and are checked;
 *   only their result is made defined, by wrapping them at link time
 *   (-Wl,--wrap), so no frame of the library is exempted. In the
 *   libsodium build the zero test is libsodium's, so the return values of
 *   its two X25519 functions are declassified the same way.
 *
 * Exit status: 0 when every round trip gave the expected messages and
 * statuses; valgrind's --error-exitcode decides about secret-dependent
 * branches.
 */
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "crypto.h"
#include "pssst.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define KEY PSSST_KEY_SIZE
#define MESSAGE_LEN 100
#define PACKET_MAX (MESSAGE_LEN + PSSST_OVERHEAD + PSSST_PROOF_SIZE)

__typeof__(pssst_random) __real_pssst_random, __wrap_pssst_random;

/* Randomness is secret. The declassification points of pssst_ct_compare
 * and pssst_is_all_zero are in declassify.c. */
int __wrap_pssst_random(uint8_t *buf, size_t len)
{
    int rc = __real_pssst_random(buf, len);
    VALGRIND_MAKE_MEM_UNDEFINED(buf, len);
    VALGRIND_MAKE_MEM_DEFINED(&rc, sizeof rc);
    return rc;
}

#ifdef PSSST_CTGRIND_LIBSODIUM
#include <sodium.h>
/*
 * With PSSST_X25519=libsodium the all-zero test is libsodium's own: its
 * constant-time check becomes the return value of the multiplication,
 * which is then the public outcome to declassify.
 */
__typeof__(crypto_scalarmult_curve25519) __real_crypto_scalarmult_curve25519,
    __wrap_crypto_scalarmult_curve25519;
__typeof__(crypto_scalarmult_curve25519_base) __real_crypto_scalarmult_curve25519_base,
    __wrap_crypto_scalarmult_curve25519_base;

int __wrap_crypto_scalarmult_curve25519(unsigned char *q, const unsigned char *n,
                                        const unsigned char *p)
{
    int result = __real_crypto_scalarmult_curve25519(q, n, p);
    VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
    return result;
}

int __wrap_crypto_scalarmult_curve25519_base(unsigned char *q, const unsigned char *n)
{
    int result = __real_crypto_scalarmult_curve25519_base(q, n);
    VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
    return result;
}
#endif

#ifdef PSSST_CTGRIND_PSA
#include <psa/crypto.h>
/*
 * With the PSA backend the tag comparison and the refusal of a low-order
 * point happen inside PSA; their outcome, "authentic or not" and "refused
 * or not", is the public result to declassify.
 */
__typeof__(psa_aead_verify) __real_psa_aead_verify, __wrap_psa_aead_verify;
__typeof__(psa_raw_key_agreement) __real_psa_raw_key_agreement, __wrap_psa_raw_key_agreement;

psa_status_t __wrap_psa_aead_verify(psa_aead_operation_t *op, uint8_t *out, size_t size,
                                    size_t *out_len, const uint8_t *tag, size_t tag_len)
{
    psa_status_t result = __real_psa_aead_verify(op, out, size, out_len, tag, tag_len);
    VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
    VALGRIND_MAKE_MEM_DEFINED(out_len, sizeof *out_len);
    return result;
}

psa_status_t __wrap_psa_raw_key_agreement(psa_algorithm_t alg, mbedtls_svc_key_id_t key,
                                          const uint8_t *peer, size_t peer_len, uint8_t *out,
                                          size_t out_size, size_t *out_len)
{
    psa_status_t result =
        __real_psa_raw_key_agreement(alg, key, peer, peer_len, out, out_size, out_len);
    VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
    VALGRIND_MAKE_MEM_DEFINED(out_len, sizeof *out_len);
    return result;
}
#endif

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "ctgrind: %s\n", what);
        failures++;
    }
}

static void secret(void *p, size_t len)
{
    VALGRIND_MAKE_MEM_UNDEFINED(p, len);
}

static void public(const void *p, size_t len)
{
    VALGRIND_MAKE_MEM_DEFINED(p, len);
}

/* Random test data; public unless the caller marks it secret. */
static void random_bytes(uint8_t *p, size_t len)
{
    if (__real_pssst_random(p, len) != PSSST_CRYPTO_OK) {
        fprintf(stderr, "ctgrind: no randomness\n");
        failures++;
        memset(p, 0x42, len);
    }
}

/* One request and its reply, with the client in the given mode. */
static void transaction(const pssst_server *server, const uint8_t server_public[KEY],
                        const uint8_t client_private[KEY], bool client_auth)
{
    pssst_client client;
    pssst_reply_ctx client_ctx;
    pssst_reply_ctx server_ctx;
    uint8_t ephemeral[KEY];
    uint8_t request[MESSAGE_LEN];
    uint8_t reply[MESSAGE_LEN];
    uint8_t packet[PACKET_MAX];
    uint8_t got[MESSAGE_LEN];
    uint8_t seen[KEY];
    size_t packet_len = 0;
    size_t got_len = 0;
    bool authenticated = false;

    random_bytes(ephemeral, sizeof ephemeral);
    random_bytes(request, sizeof request);
    random_bytes(reply, sizeof reply);
    secret(ephemeral, sizeof ephemeral);

    expect(pssst_client_init(&client, SUITE, server_public,
                             client_auth ? client_private : NULL) == PSSST_OK,
           "client_init");
    /* The client's public key is public (the server learns it). */
    public(client.client_public_, sizeof client.client_public_);

    expect(pssst_pack_request_with_ephemeral(&client, ephemeral, request, sizeof request, packet,
                                             sizeof packet, &packet_len, &client_ctx) == PSSST_OK,
           "pack_request");
    public(packet, sizeof packet);

    expect(pssst_unpack_request(server, packet, packet_len, got, sizeof got, &got_len, seen,
                                &authenticated, &server_ctx) == PSSST_OK,
           "unpack_request");
    public(got, sizeof got);
    public(seen, sizeof seen);
    expect(got_len == sizeof request && memcmp(got, request, sizeof request) == 0,
           "request delivered");
    expect(authenticated == client_auth, "authentication flag");
    if (client_auth)
        expect(memcmp(seen, client.client_public_, KEY) == 0, "client key");

    expect(pssst_pack_reply(&server_ctx, reply, sizeof reply, packet, sizeof packet,
                            &packet_len) == PSSST_OK,
           "pack_reply");
    public(packet, sizeof packet);

    /* A forged reply first: refused by the tag, and the context is spent. */
    pssst_reply_ctx spare = client_ctx;
    packet[packet_len - 1] ^= 1;
    expect(pssst_unpack_reply(&spare, packet, packet_len, got, sizeof got, &got_len) ==
               PSSST_ERR_DECRYPT_FAILED,
           "forged reply refused");
    packet[packet_len - 1] ^= 1;

    expect(pssst_unpack_reply(&client_ctx, packet, packet_len, got, sizeof got, &got_len) ==
               PSSST_OK,
           "unpack_reply");
    public(got, sizeof got);
    expect(got_len == sizeof reply && memcmp(got, reply, sizeof reply) == 0, "reply delivered");

    /* A tampered request: decryption with the server key fails. */
    expect(pssst_pack_request_with_ephemeral(&client, ephemeral, request, sizeof request, packet,
                                             sizeof packet, &packet_len, &client_ctx) == PSSST_OK,
           "pack_request again");
    public(packet, sizeof packet);
    packet[40] ^= 1;
    expect(pssst_unpack_request(server, packet, packet_len, got, sizeof got, &got_len, seen,
                                &authenticated, &server_ctx) == PSSST_ERR_DECRYPT_FAILED,
           "tampered request refused");

    /* A request with an ephemeral the library draws itself. */
    expect(pssst_pack_request(&client, request, sizeof request, packet, sizeof packet,
                              &packet_len, &client_ctx) == PSSST_OK,
           "pack_request with a drawn ephemeral");
    public(packet, sizeof packet);
    expect(pssst_unpack_request(server, packet, packet_len, got, sizeof got, &got_len, seen,
                                &authenticated, &server_ctx) == PSSST_OK,
           "unpack_request of it");
    public(got, sizeof got);
    expect(memcmp(got, request, sizeof request) == 0, "request delivered again");

    pssst_reply_ctx_free(&client_ctx);
    pssst_reply_ctx_free(&server_ctx);
    pssst_client_free(&client);
}

int main(void)
{
    uint8_t server_private[KEY];
    uint8_t server_public[KEY];
    uint8_t client_private[KEY];
    pssst_server server;

    if (!RUNNING_ON_VALGRIND)
        printf("note: not running under valgrind; only the round trips are checked\n");
    random_bytes(server_private, sizeof server_private);
    random_bytes(client_private, sizeof client_private);
    secret(server_private, sizeof server_private);
    secret(client_private, sizeof client_private);

    expect(pssst_public_key(SUITE, server_private, server_public) == PSSST_OK, "public_key");
    public(server_public, sizeof server_public);
    expect(pssst_server_init(&server, SUITE, server_private) == PSSST_OK, "server_init");
    public(server.server_public_, sizeof server.server_public_);

    transaction(&server, server_public, client_private, false);
    transaction(&server, server_public, client_private, true);

    /* A key pair drawn by the library: the private key stays secret. */
    uint8_t drawn_private[KEY];
    uint8_t drawn_public[KEY];
    expect(pssst_keypair_generate(SUITE, drawn_private, drawn_public) == PSSST_OK,
           "keypair_generate");
    public(drawn_public, sizeof drawn_public);
    pssst_server_free(&server);
    expect(pssst_server_init(&server, SUITE, drawn_private) == PSSST_OK, "server_init again");
    transaction(&server, drawn_public, client_private, true);

    pssst_server_free(&server);
    printf("ctgrind: %s\n", failures == 0 ? "all round trips as expected" : "FAILED");
    return failures == 0 ? 0 : 1;
}
