/* SPDX-License-Identifier: Apache-2.0 */
/* server.c - the server role: open a request (spec 7), seal its reply (spec 8). */
#include <string.h>

#include "internal.h"

static bool server_ready(const pssst_server *server)
{
    return server != NULL && server->magic_ == PSSST_SERVER_MAGIC;
}

pssst_status pssst_server_init(pssst_server *server, pssst_suite suite,
                               const uint8_t server_private_key[PSSST_KEY_SIZE])
{
    int rc;

    /* The server is wiped first: a key inside it would be lost. */
    if (server == NULL || server_private_key == NULL ||
        !pssst_disjoint(server, sizeof *server, server_private_key, PSSST_KEY_SIZE))
        return PSSST_ERR_INVALID_ARGUMENT;
    pssst_wipe(server, sizeof *server);
    if (!pssst_api_suite_supported(suite)) /* spec 3.1 [3.1-no-suite-0] */
        return PSSST_ERR_UNSUPPORTED_SUITE;
    server->suite_ = (uint16_t)suite;
    memcpy(server->server_private_, server_private_key, PSSST_KEY_SIZE);
    rc = pssst_x25519_base(server->server_public_, server->server_private_);
    if (rc != PSSST_CRYPTO_OK) {
        pssst_wipe(server, sizeof *server);
        return pssst_crypto_status(rc);
    }
    server->magic_ = PSSST_SERVER_MAGIC;
    return PSSST_OK;
}

void pssst_server_free(pssst_server *server)
{
    if (server != NULL)
        pssst_wipe(server, sizeof *server);
}

/* spec 7.1 steps 1-7, in order [7.1-first-check]: the checks that need no key, cheapest first. */
static pssst_status check_request(const pssst_server *server, pssst_packet_view *view,
                                  const uint8_t *packet, size_t packet_len)
{
    if (!pssst_parse_header(view, packet, packet_len)) /* [7.1-step-1] */
        return PSSST_ERR_MALFORMED;
    if (!pssst_suite_supported(view->suite)) /* [7.1-step-2] */
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if ((view->flags & PSSST_FLAG_REPLY) != 0) /* [7.1-step-3] */
        return PSSST_ERR_NOT_REQUEST;
    if (view->suite != server->suite_) /* [7.1-step-4] */
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if ((view->flags & PSSST_FLAGS_RESERVED) != 0) /* [7.1-step-5] [4.3-refuse] */
        return PSSST_ERR_MALFORMED;
    if (!pssst_parse_body(view, packet, packet_len)) /* [7.1-step-6] [4.4-min-length] */
        return PSSST_ERR_MALFORMED;
    /* [7.1-step-7]: no room for a proof [4.4-proof-length] */
    if ((view->flags & PSSST_FLAG_CLIENT_AUTH) != 0 && view->body_len < PSSST_PROOF_SIZE)
        return PSSST_ERR_CLIENT_AUTH_FAILED;
    return PSSST_OK;
}

/*
 * spec 7.3: the proof C || e is good when X25519(e, C) equals dh_param [7.3-verify]
 * (7.1 step 11 [7.1-step-11]). The received e is clamped at use by pssst_x25519
 * [7.3-clamp-e]; the comparison is constant time [7.3-constant-time], and a zero result
 * (C of low order) fails [7.3-zero]; so does any other value [7.3-differs].
 */
static pssst_status verify_proof(const uint8_t proof[PSSST_PROOF_SIZE],
                                 const uint8_t dh_param[PSSST_KEY_SIZE])
{
    uint8_t check[PSSST_KEY_SIZE];
    int rc = pssst_x25519(check, proof + PSSST_KEY_SIZE, proof);
    pssst_status st = PSSST_OK;

    if (rc == PSSST_CRYPTO_ZERO ||
        (rc == PSSST_CRYPTO_OK && pssst_ct_compare(check, dh_param, PSSST_KEY_SIZE) != 0))
        st = PSSST_ERR_CLIENT_AUTH_FAILED;
    else if (rc != PSSST_CRYPTO_OK)
        st = pssst_crypto_status(rc);
    pssst_wipe(check, sizeof check);
    return st;
}

/* spec 7.2: shared secret, keys, and decryption of proof and message (7.1 steps 9, 10). */
static pssst_status open_request(const pssst_server *server, const pssst_packet_view *view,
                                 pssst_keys *keys, uint8_t proof[PSSST_PROOF_SIZE],
                                 size_t proof_len, uint8_t *message)
{
    uint8_t shared[PSSST_KEY_SIZE];
    int rc = pssst_x25519(shared, server->server_private_, view->dh_param);

    if (rc == PSSST_CRYPTO_OK) /* spec 5.3 [5.3-no-key-from-zero] */
        rc = pssst_derive_keys(keys, view->dh_param, shared);
    pssst_wipe(shared, sizeof shared);
    if (rc != PSSST_CRYPTO_OK)
        return pssst_crypto_status(rc); /* spec 5.3: zero -> BAD_KEY [7.1-step-9] */
    /* The client nonce [5.2-request-nonce]; the header as received is the AAD [7.2-aad]. */
    rc = pssst_aead_open(keys->key, keys->client_nonce, view->header, PSSST_HEADER_SIZE,
                         view->body, view->body_len, view->tag, proof, proof_len, message);
    return pssst_crypto_status(rc); /* spec 7.2: a failed tag [7.1-step-10] */
}

/*
 * pssst.h conventions: pointers present and buffers apart. The message may
 * sit in place at either message offset; which one applies is known only
 * once the header is read, and pssst_unpack_request checks it then.
 */
static bool unpack_request_args_ok(const pssst_server *server, const uint8_t *packet,
                                   size_t packet_len, const uint8_t *message,
                                   size_t message_size, const size_t *message_len,
                                   const uint8_t *client_public_key,
                                   const bool *client_authenticated,
                                   const pssst_reply_ctx *reply)
{
    if (message_len == NULL || reply == NULL || !server_ready(server) ||
        (packet == NULL && packet_len > 0) || (message == NULL && message_size > 0))
        return false;
    const pssst_region regions[] = {
        {message, 0},
        {packet, packet_len},
        {message_len, sizeof *message_len},
        {reply, sizeof *reply},
        {server, sizeof *server},
        {client_public_key, client_public_key != NULL ? PSSST_KEY_SIZE : 0},
        {client_authenticated, client_authenticated != NULL ? sizeof *client_authenticated : 0},
    };
    if (!pssst_buffers_ok(regions, sizeof regions / sizeof regions[0], 0))
        return false;
    /* The message against every other buffer, with both possible offsets. */
    const pssst_region with_message[] = {
        {message, message_size},
        {packet, 0},
        {message_len, sizeof *message_len},
        {reply, sizeof *reply},
        {server, sizeof *server},
        {client_public_key, client_public_key != NULL ? PSSST_KEY_SIZE : 0},
        {client_authenticated, client_authenticated != NULL ? sizeof *client_authenticated : 0},
    };
    return pssst_buffers_ok(with_message, sizeof with_message / sizeof with_message[0], 0);
}

pssst_status pssst_unpack_request(const pssst_server *server, const uint8_t *packet,
                                  size_t packet_len, uint8_t *message, size_t message_size,
                                  size_t *message_len, uint8_t client_public_key[PSSST_KEY_SIZE],
                                  bool *client_authenticated, pssst_reply_ctx *reply)
{
    pssst_packet_view view;
    pssst_keys keys;
    uint8_t proof[PSSST_PROOF_SIZE];
    size_t proof_len, needed;
    bool client_auth;
    pssst_status st;

    if (!unpack_request_args_ok(server, packet, packet_len, message, message_size, message_len,
                                client_public_key, client_authenticated, reply))
        return PSSST_ERR_INVALID_ARGUMENT;
    *message_len = 0; /* spec 10.3: 0 unless the call succeeds [10.3-length-zero] */
    pssst_reply_ctx_free(reply); /* spec 7.1: filled only on success [7.1-no-context-on-failure] */
    /* spec 10.3: no key and the flag false, set now for every refusal [10.3-no-key-on-refusal]
     * [10.3-no-flag-on-refusal] and kept for an anonymous request [10.3-anonymous-key-zero]
     * [10.3-anonymous-flag-false]. */
    if (client_public_key != NULL)
        memset(client_public_key, 0, PSSST_KEY_SIZE);
    if (client_authenticated != NULL)
        *client_authenticated = false;

    st = check_request(server, &view, packet, packet_len);
    if (st != PSSST_OK)
        return st; /* before any X25519 [7.1-no-x25519-early] */
    client_auth = (view.flags & PSSST_FLAG_CLIENT_AUTH) != 0;
    proof_len = client_auth ? PSSST_PROOF_SIZE : 0;
    needed = view.body_len - proof_len;
    /* spec 10.3: a buffer of exactly the message fits [10.3-exact-size]; the size reported is
     * the message's, never the proof's [10.3-needed-size]. */
    if (message_size < needed) { /* spec 7.1 step 8 [7.1-step-8] */
        *message_len = needed;
        return PSSST_ERR_BUFFER_TOO_SMALL;
    }
    const pssst_region message_and_packet[] = {{message, message_size}, {packet, packet_len}};
    if (!pssst_buffers_ok(message_and_packet, 2, pssst_message_offset(true, client_auth)))
        return PSSST_ERR_INVALID_ARGUMENT;

    memset(&keys, 0, sizeof keys);
    st = open_request(server, &view, &keys, proof, proof_len, message);
    if (st == PSSST_OK && client_auth)
        st = verify_proof(proof, view.dh_param);
    /* spec 10.3: on a refusal only zeros stay in the message buffer [10.3-message-buffer]. */
    if (st == PSSST_OK) {
        pssst_reply_arm(reply, PSSST_REPLY_SERVER_READY, view.flags, view.suite, view.dh_param,
                        &keys);
        *message_len = needed; /* the plaintext after the proof [7.3-message] */
        /* spec 7.3: C as received [7.3-client-key]; none when anonymous [7.2-no-key-anonymous] */
        if (client_auth && client_public_key != NULL)
            memcpy(client_public_key, proof, PSSST_KEY_SIZE);
        if (client_authenticated != NULL)
            *client_authenticated = client_auth;
    } else if (needed > 0) {
        /* No unauthenticated plaintext leaves [7.2-no-plaintext], nor the message of a
         * failed proof [7.3-no-release] (its C was never copied out). */
        pssst_wipe(message, needed);
    }
    pssst_keys_wipe(&keys);
    pssst_wipe(proof, sizeof proof);
    return st;
}

pssst_status pssst_pack_reply(pssst_reply_ctx *reply, const uint8_t *message,
                              size_t message_len, uint8_t *packet, size_t packet_size,
                              size_t *packet_len)
{
    pssst_reply_ctx spent;
    size_t needed;
    int rc;

    if (reply == NULL || packet_len == NULL || (message == NULL && message_len > 0) ||
        (packet == NULL && packet_size > 0))
        return PSSST_ERR_INVALID_ARGUMENT;
    const pssst_region regions[] = {
        {message, message_len},
        {packet, packet_size},
        {reply, sizeof *reply},
        {packet_len, sizeof *packet_len},
    };
    if (!pssst_buffers_ok(regions, sizeof regions / sizeof regions[0], PSSST_BODY_OFFSET))
        return PSSST_ERR_INVALID_ARGUMENT;
    *packet_len = 0;
    if (reply->state_ == PSSST_REPLY_CLIENT_READY)
        return PSSST_ERR_INVALID_ARGUMENT; /* a client's context, not a server's */
    if (reply->state_ != PSSST_REPLY_SERVER_READY) /* [8.2-used-status] [8.2-unfilled-status] */
        return PSSST_ERR_CONTEXT_USED;
    needed = pssst_reply_size(message_len);
    if (needed == 0)
        return PSSST_ERR_INVALID_ARGUMENT;
    /* spec 10.3 [10.3-pack-too-small] */
    if (packet_size < needed) { /* spec 8.2: the context stays usable [8.2-server-usable] */
        *packet_len = needed;
        return PSSST_ERR_BUFFER_TOO_SMALL;
    }

    /* spec 8.2: the context is spent as its key is used [8.2-server-consumed]: move it
     * out first, so no second reply can be sealed with it [8.2-server-once]. */
    spent = *reply;
    pssst_reply_ctx_free(reply);
    pssst_write_prefix(packet, spent.flags_, spent.suite_, spent.dh_param_);
    /* spec 8.1: sealed with the server nonce [5.2-reply-nonce]; the AAD is the reply
     * header [8.1-seal]. */
    rc = pssst_aead_seal(spent.key_, spent.nonce_, packet, PSSST_HEADER_SIZE, NULL, 0, message,
                         message_len, packet + PSSST_BODY_OFFSET, packet + needed - PSSST_TAG_SIZE);
    pssst_wipe(&spent, sizeof spent); /* [8.2-wipe] */
    if (rc != PSSST_CRYPTO_OK)
        return pssst_crypto_status(rc);
    *packet_len = needed;
    return PSSST_OK;
}
