/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_faults.c - fault injection: every fallible call the library makes
 * into its backends (getrandom, and the mbedTLS functions of src/) is
 * wrapped at link time (-Wl,--wrap, see fuzz/CMakeLists.txt), and the fuzz
 * input picks which call fails and how. src/ is unchanged: the wrappers sit
 * between the library's object files and the system libraries. The
 * wrappers of getrandom and the AES block are here; those of mbedTLS 2.28's
 * ECP, GCM and SHA-256 modules in fuzz_faults_mbedtls.c, those of the PSA
 * Crypto API (mbedTLS 3.6) in fuzz_faults_psa.c.
 *
 * Input: u16 big-endian index of the wrapped call that fails (counting from
 * 0 over the whole transaction; beyond the last call nothing fails), one
 * byte for the kind of getrandom failure, one control byte (bit 0 client
 * auth, bit 1 pack with the library's own random ephemeral).
 *
 * The transaction: keypair_generate, server_init, public_key, client_init,
 * pack_request, unpack_request, pack_reply, unpack_reply. Properties: every
 * call returns OK or one of the errors its documentation lists; a failure
 * of the crypto library is PSSST_ERR_INTERNAL, never a protocol error such
 * as BAD_KEY or DECRYPT_FAILED (spec 10.1); a failed call leaves its
 * outputs wiped (length 0); nothing that reports OK is wrong (the messages
 * round trip); and without a fault all of it succeeds.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

#include <mbedtls/aes.h>
#include <pssst.h>

#include "fuzz_common.h"
#include "fuzz_faults.h"
#include "fuzz_keys.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define NO_FAULT 0xffffu
static unsigned call_count;
static unsigned fail_at = NO_FAULT;
static uint8_t random_fault_kind;
static bool fault_fired;

bool fuzz_fault_inject(void)
{
    bool fail = call_count == fail_at;
    call_count++;
    if (fail)
        fault_fired = true;
    return fail;
}

/* Prototypes of the wrappers and of the real functions (ld --wrap). */
__typeof__(getrandom) __real_getrandom, __wrap_getrandom;
__typeof__(mbedtls_aes_setkey_enc) __real_mbedtls_aes_setkey_enc, __wrap_mbedtls_aes_setkey_enc;
__typeof__(mbedtls_aes_crypt_ecb) __real_mbedtls_aes_crypt_ecb, __wrap_mbedtls_aes_crypt_ecb;
/*
 * getrandom failures: kind 0 a hard error (EIO); kind 1 one interruption
 * (EINTR), after which the call is repeated; kind 2 a short read of one
 * byte, after which the rest is asked for again.
 */
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned int flags)
{
    if (!fuzz_fault_inject())
        return __real_getrandom(buf, len, flags);
    switch (random_fault_kind % 3) {
    case 0:
        errno = EIO;
        return -1;
    case 1:
        errno = EINTR;
        return -1;
    default:
        return len > 0 ? __real_getrandom(buf, 1, flags) : 0;
    }
}

/* The libsodium backend's GCM (AES block function of mbedTLS, 2.28 and 3.6). */
int __wrap_mbedtls_aes_setkey_enc(mbedtls_aes_context *ctx, const unsigned char *key,
                                  unsigned int keybits)
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_AES_INVALID_KEY_LENGTH;
    return __real_mbedtls_aes_setkey_enc(ctx, key, keybits);
}

int __wrap_mbedtls_aes_crypt_ecb(mbedtls_aes_context *ctx, int mode, const unsigned char in[16],
                                 unsigned char out[16])
{
    if (fuzz_fault_inject())
        return MBEDTLS_ERR_AES_BAD_INPUT_DATA;
    return __real_mbedtls_aes_crypt_ecb(ctx, mode, in, out);
}

/* The statuses a function may return, as a bit set over pssst_status. */
#define S(x) (1u << (x))

static void require_one_of(pssst_status st, unsigned allowed, const char *what)
{
    if ((allowed & S(st)) == 0)
        fuzz_require_status(st, PSSST_OK, what);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

static const uint8_t request_msg[] = "fault request";
static const uint8_t reply_msg[] = "fault reply";

/* The transaction under the chosen fault; returns when a step fails. */
static void transaction(uint8_t ctrl)
{
    bool client_auth = (ctrl & 1u) != 0, own_ephemeral = (ctrl & 2u) != 0;
    uint8_t s_priv[PSSST_KEY_SIZE], c_priv[PSSST_KEY_SIZE], eph[PSSST_KEY_SIZE];
    uint8_t gen_priv[PSSST_KEY_SIZE], gen_pub[PSSST_KEY_SIZE], s_pub[PSSST_KEY_SIZE];
    uint8_t request[PSSST_OVERHEAD + PSSST_PROOF_SIZE + sizeof request_msg];
    uint8_t reply[PSSST_OVERHEAD + sizeof reply_msg];
    uint8_t msg[sizeof request_msg > sizeof reply_msg ? sizeof request_msg : sizeof reply_msg];
    size_t request_len = 9, reply_len = 9, msg_len = 9;
    pssst_server server;
    pssst_client client;
    pssst_reply_ctx pending, ctx;
    pssst_status st;

    fuzz_key_from_hex(s_priv, FUZZ_SERVER_PRIVATE);
    fuzz_key_from_hex(c_priv, FUZZ_CLIENT_PRIVATE);
    fuzz_key_from_hex(eph, FUZZ_EPHEMERAL_PRIVATE);

    st = pssst_keypair_generate(SUITE, gen_priv, gen_pub);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_RANDOM_FAILED) | S(PSSST_ERR_INTERNAL),
                   "keypair_generate");
    if (st != PSSST_OK)
        fuzz_require(all_zero(gen_pub, sizeof gen_pub), "no public key on error");

    st = pssst_server_init(&server, SUITE, s_priv);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_INTERNAL), "server_init");
    if (st != PSSST_OK)
        return;
    st = pssst_public_key(SUITE, s_priv, s_pub);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_INTERNAL), "public_key");
    if (st != PSSST_OK)
        return;
    st = pssst_client_init(&client, SUITE, s_pub, client_auth ? c_priv : NULL);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_INTERNAL), "client_init");
    if (st != PSSST_OK)
        return;

    if (own_ephemeral)
        st = pssst_pack_request(&client, request_msg, sizeof request_msg, request,
                                sizeof request, &request_len, &pending);
    else
        st = pssst_pack_request_with_ephemeral(&client, eph, request_msg, sizeof request_msg,
                                               request, sizeof request, &request_len, &pending);
    require_one_of(st,
                   S(PSSST_OK) | S(PSSST_ERR_RANDOM_FAILED) | S(PSSST_ERR_INTERNAL),
                   "pack_request");
    if (st != PSSST_OK) {
        fuzz_require(request_len == 0, "no packet length on error");
        return;
    }

    st = pssst_unpack_request(&server, request, request_len, msg, sizeof msg, &msg_len, NULL,
                              NULL, &ctx);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_INTERNAL), "unpack_request");
    if (st != PSSST_OK) {
        fuzz_require(msg_len == 0 && all_zero(msg, sizeof msg), "no plaintext on error");
        return;
    }
    fuzz_require(msg_len == sizeof request_msg && memcmp(msg, request_msg, msg_len) == 0,
                 "an accepted request is the one sent");

    st = pssst_pack_reply(&ctx, reply_msg, sizeof reply_msg, reply, sizeof reply, &reply_len);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_INTERNAL), "pack_reply");
    fuzz_require_status(pssst_pack_reply(&ctx, reply_msg, sizeof reply_msg, reply, sizeof reply,
                                         &reply_len),
                        PSSST_ERR_CONTEXT_USED, "spec 8.2: used up even when sealing failed");
    if (st != PSSST_OK)
        return;

    msg_len = 9;
    st = pssst_unpack_reply(&pending, reply, sizeof reply, msg, sizeof msg, &msg_len);
    require_one_of(st, S(PSSST_OK) | S(PSSST_ERR_INTERNAL), "unpack_reply");
    if (st == PSSST_OK)
        fuzz_require(msg_len == sizeof reply_msg && memcmp(msg, reply_msg, msg_len) == 0,
                     "an accepted reply is the one sent");
    else
        fuzz_require(msg_len == 0, "no length on error");
    if (!fault_fired)
        fuzz_require_status(st, PSSST_OK, "without a fault the transaction succeeds");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r;
    unsigned target;
    uint8_t ctrl;

    fuzz_reader_init(&r, data, size);
    target = fuzz_take_u16(&r);
    random_fault_kind = fuzz_take_u8(&r);
    ctrl = fuzz_take_u8(&r);
    call_count = 0;
    fault_fired = false;
    fail_at = target;
    transaction(ctrl);
    fail_at = NO_FAULT;
    return 0;
}
