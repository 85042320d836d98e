/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_ops.c - the operations pssst-bench measures and one timed call of
 * each: the bare X25519 of the active backend (the unit of every ratio,
 * spec 2.1), the client's and the server's side of a transaction in both
 * modes and two sizes, and the other primitives of a transaction.
 */
#include <string.h>

#include "bench.h"
#include "crypto.h"

#ifdef PSSST_BENCH_PSA
#include <psa/crypto.h>
#endif

static void run_x25519(fixture *f, size_t i)
{
    uint8_t out[PSSST_KEY_SIZE];
    if (pssst_x25519(out, f->scalars[i % REQUEST_POOL], f->points[i % REQUEST_POOL]) != 0)
        bench_die("x25519", NULL);
}

static void run_x25519_base(fixture *f, size_t i)
{
    uint8_t out[PSSST_KEY_SIZE];
    if (pssst_x25519_base(out, f->scalars[i % REQUEST_POOL]) != 0)
        bench_die("x25519 base", NULL);
}

static void run_client_pack(fixture *f, const bench_op *op)
{
    uint8_t packet[MAX_MESSAGE + PSSST_OVERHEAD + PSSST_PROOF_SIZE];
    size_t packet_len;
    pssst_reply_ctx ctx;
    bench_check(pssst_pack_request(op->client_auth ? &f->auth : &f->anon, f->message, op->size,
                                   packet, sizeof packet, &packet_len, &ctx),
                "pack request");
}

void ops_server_transaction(const fixture *f, bool client_auth, size_t si, size_t i)
{
    uint8_t message[MAX_MESSAGE];
    uint8_t reply[MAX_MESSAGE + PSSST_OVERHEAD];
    uint8_t client_key[PSSST_KEY_SIZE];
    size_t message_len, reply_len;
    bool authenticated;
    pssst_reply_ctx ctx;
    int mode = client_auth ? 1 : 0;
    size_t k = i % REQUEST_POOL;

    bench_check(pssst_unpack_request(&f->server, f->requests[mode][si][k],
                                     f->request_len[mode][si][k], message, sizeof message,
                                     &message_len, client_key, &authenticated, &ctx),
                "unpack request");
    bench_check(pssst_pack_reply(&ctx, message, message_len, reply, sizeof reply, &reply_len),
                "pack reply");
}

/* Client unpack: the context copy is made outside the timed region. */
static double timed_client_unpack(fixture *f, const bench_op *op, size_t i)
{
    int mode = op->client_auth ? 1 : 0;
    size_t si = bench_size_index(op->size);
    size_t k = i % REPLY_POOL;
    pssst_reply_ctx ctx = f->reply_ctx[mode][si][k];
    uint8_t message[MAX_MESSAGE];
    size_t message_len;
    double t0 = bench_now_ns();
    pssst_status s = pssst_unpack_reply(&ctx, f->replies[mode][si][k], f->reply_len[mode][si][k],
                                        message, sizeof message, &message_len);
    double t1 = bench_now_ns();
    bench_check(s, "unpack reply");
    return t1 - t0;
}

/* The key schedule's hash: SHA-256(dh_param || shared), spec 5.1. */
static void run_sha256(fixture *f, size_t i)
{
    uint8_t out[PSSST_SHA256_SIZE];
    if (pssst_sha256_2(out, f->points[i % REQUEST_POOL], PSSST_X25519_SIZE,
                       f->scalars[i % REQUEST_POOL], PSSST_X25519_SIZE) != PSSST_CRYPTO_OK)
        bench_die("sha256", NULL);
}

/* One AES-128-GCM seal under a fresh key, as every reply does (spec 8.1). */
static void run_aead_seal(fixture *f, const bench_op *op, size_t i)
{
    static const uint8_t nonce[PSSST_GCM_NONCE_SIZE];
    uint8_t in[MAX_MESSAGE], out[MAX_MESSAGE], tag[PSSST_GCM_TAG_SIZE];
    memset(in, 0x5a, op->size);
    if (pssst_aead_seal(f->scalars[i % REQUEST_POOL], nonce, in, PSSST_HEADER_SIZE, NULL, 0, in,
                        op->size, out, tag) != PSSST_CRYPTO_OK)
        bench_die("aes-gcm seal", NULL);
}

#ifdef PSSST_BENCH_PSA
/*
 * What the PSA backend pays for its key store on every AES-GCM call:
 * importing a volatile AES-128 key and destroying it, with no cipher work.
 */
static void run_psa_key(fixture *f, size_t i)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t id = 0;
    psa_set_key_type(&attr, PSA_KEY_TYPE_AES);
    psa_set_key_bits(&attr, 128);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attr, PSA_ALG_GCM);
    if (psa_import_key(&attr, f->scalars[i % REQUEST_POOL], 16, &id) != PSA_SUCCESS ||
        psa_destroy_key(id) != PSA_SUCCESS)
        bench_die("psa key import+destroy", NULL);
}
#endif

static void run_once(fixture *f, const bench_op *op, size_t i)
{
    switch (op->kind) {
    case OP_X25519:
        run_x25519(f, i);
        break;
    case OP_X25519_BASE:
        run_x25519_base(f, i);
        break;
    case OP_CLIENT_PACK:
        run_client_pack(f, op);
        break;
    case OP_SERVER_UNPACK_REPLY:
        ops_server_transaction(f, op->client_auth, bench_size_index(op->size), i);
        break;
    case OP_SHA256:
        run_sha256(f, i);
        break;
    case OP_AEAD_SEAL:
        run_aead_seal(f, op, i);
        break;
    case OP_PSA_KEY:
#ifdef PSSST_BENCH_PSA
        run_psa_key(f, i);
#endif
        break;
    case OP_CLIENT_UNPACK_REPLY:
        break;
    }
}

double ops_timed_call(fixture *f, const bench_op *op, size_t i)
{
    double t0;

    if (op->kind == OP_CLIENT_UNPACK_REPLY)
        return timed_client_unpack(f, op, i);
    t0 = bench_now_ns();
    run_once(f, op, i);
    return bench_now_ns() - t0;
}

size_t ops_build(bench_op *ops)
{
    size_t n = 0;
    /* ops[0] is the unit of every ratio. */
    ops[n++] = (bench_op){.kind = OP_X25519, .name = "x25519 variable base"};
    ops[n++] = (bench_op){.kind = OP_X25519_BASE, .name = "x25519 fixed base"};
    for (size_t si = 0; si < SIZE_COUNT; si++) {
        for (int mode = 0; mode < 2; mode++) {
            bool auth = mode == 1;
            size_t size = bench_message_sizes[si];
            ops[n++] = (bench_op){.kind = OP_CLIENT_PACK, .name = "client pack",
                                  .client_auth = auth, .size = size};
            ops[n++] = (bench_op){.kind = OP_SERVER_UNPACK_REPLY, .name = "server unpack+reply",
                                  .client_auth = auth, .size = size};
            ops[n++] = (bench_op){.kind = OP_CLIENT_UNPACK_REPLY, .name = "client unpack reply",
                                  .client_auth = auth, .size = size};
        }
    }
    /* The primitives of one transaction, through the library's backend. */
    ops[n++] = (bench_op){.kind = OP_SHA256, .name = "sha256 key schedule", .size = 64};
    ops[n++] = (bench_op){.kind = OP_AEAD_SEAL, .name = "aes-gcm seal", .size = 64};
#ifdef PSSST_BENCH_PSA
    ops[n++] = (bench_op){.kind = OP_PSA_KEY, .name = "psa key import+destroy", .size = 16};
#endif
    return n;
}

const bench_op *ops_find(const bench_op *ops, size_t n, op_kind kind, bool auth, size_t size)
{
    for (size_t i = 0; i < n; i++) {
        if (ops[i].kind == kind && ops[i].client_auth == auth && ops[i].size == size)
            return &ops[i];
    }
    bench_die("internal error", "operation missing from the list");
    return NULL;
}

/* Only the protocol operations have a mode; the primitives have none. */
const char *ops_mode_name(const bench_op *op)
{
    switch (op->kind) {
    case OP_CLIENT_PACK:
    case OP_SERVER_UNPACK_REPLY:
    case OP_CLIENT_UNPACK_REPLY:
        return op->client_auth ? "client-auth" : "anonymous";
    default:
        return "-";
    }
}
