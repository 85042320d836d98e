/* SPDX-License-Identifier: Apache-2.0 */
/* client.c - the client role: pack a request (spec 6), open its reply (spec 9). */
#include <string.h>

#include "internal.h"

/* Any clamped scalar multiplies a low-order point to zero (spec 5.3). */
static const uint8_t low_order_probe_scalar[PSSST_KEY_SIZE] = {1};

static bool client_ready(const pssst_client *client)
{
    return client != NULL && client->magic_ == PSSST_CLIENT_MAGIC;
}

/* spec 5.3: a server key of low order makes every shared secret zero [6.2-low-order-server-key]. */
static pssst_status check_server_key(const uint8_t server_public_key[PSSST_KEY_SIZE])
{
    uint8_t probe[PSSST_KEY_SIZE];
    int rc = pssst_x25519(probe, low_order_probe_scalar, server_public_key);

    pssst_wipe(probe, sizeof probe);
    return pssst_crypto_status(rc);
}

/* spec 6.2: C and X25519(c, S), zero for a low-order S [6.2-low-order-server-key]. */
static pssst_status init_client_auth(pssst_client *client,
                                     const uint8_t client_private_key[PSSST_KEY_SIZE])
{
    int rc;

    memcpy(client->client_private_, client_private_key, PSSST_KEY_SIZE);
    rc = pssst_x25519_base(client->client_public_, client->client_private_);
    if (rc == PSSST_CRYPTO_OK)
        rc = pssst_x25519(client->client_server_shared_, client->client_private_,
                          client->server_public_);
    client->client_auth_ = 1;
    return pssst_crypto_status(rc);
}

pssst_status pssst_client_init(pssst_client *client, pssst_suite suite,
                               const uint8_t server_public_key[PSSST_KEY_SIZE],
                               const uint8_t *client_private_key)
{
    pssst_status st;

    /* The client is wiped first: a key inside it would be lost. */
    if (client == NULL || server_public_key == NULL ||
        !pssst_disjoint(client, sizeof *client, server_public_key, PSSST_KEY_SIZE) ||
        !pssst_disjoint(client, sizeof *client, client_private_key,
                        client_private_key != NULL ? PSSST_KEY_SIZE : 0))
        return PSSST_ERR_INVALID_ARGUMENT;
    pssst_wipe(client, sizeof *client);
    if (!pssst_api_suite_supported(suite)) /* spec 3.1 [3.1-no-suite-0] */
        return PSSST_ERR_UNSUPPORTED_SUITE;
    client->suite_ = (uint16_t)suite;
    memcpy(client->server_public_, server_public_key, PSSST_KEY_SIZE);
    if (client_private_key != NULL)
        st = init_client_auth(client, client_private_key);
    else
        st = check_server_key(server_public_key);
    if (st != PSSST_OK) { /* spec 5.3: no client for a low-order S [6.2-no-request-to-low-order] */
        pssst_wipe(client, sizeof *client);
        return st;
    }
    client->magic_ = PSSST_CLIENT_MAGIC;
    return PSSST_OK;
}

void pssst_client_free(pssst_client *client)
{
    if (client != NULL)
        pssst_wipe(client, sizeof *client);
}

size_t pssst_request_size(const pssst_client *client, size_t message_len)
{
    size_t overhead;

    if (!client_ready(client))
        return 0;
    overhead = PSSST_OVERHEAD + (client->client_auth_ ? PSSST_PROOF_SIZE : 0);
    if (message_len > SIZE_MAX - overhead)
        return 0;
    return overhead + message_len;
}

/*
 * spec 6.1 / 6.2: dh_param and the shared secret of one request.
 * Anonymous: dh_param = X25519(e, 9) [6.1-dh-param], shared = X25519(e, S) [6.1-shared].
 * Client-auth: dh_param = X25519(e, C) [6.2-dh-param], shared = X25519(e, X25519(c, S))
 * [6.2-shared].
 */
static pssst_status request_secrets(const pssst_client *client,
                                    const uint8_t ephemeral[PSSST_KEY_SIZE],
                                    uint8_t dh_param[PSSST_KEY_SIZE],
                                    uint8_t shared[PSSST_KEY_SIZE])
{
    int rc;

    if (client->client_auth_) {
        rc = pssst_x25519(dh_param, ephemeral, client->client_public_);
        if (rc == PSSST_CRYPTO_OK)
            rc = pssst_x25519(shared, ephemeral, client->client_server_shared_);
    } else {
        rc = pssst_x25519_base(dh_param, ephemeral);
        if (rc == PSSST_CRYPTO_OK)
            rc = pssst_x25519(shared, ephemeral, client->server_public_);
    }
    return pssst_crypto_status(rc);
}

/* Seals message (after the proof, in client-auth mode) into the packet. */
static pssst_status seal_request(const pssst_client *client,
                                 const uint8_t ephemeral[PSSST_KEY_SIZE], const pssst_keys *keys,
                                 const uint8_t *message, size_t message_len, uint8_t *packet,
                                 size_t packet_len)
{
    uint8_t proof[PSSST_PROOF_SIZE];
    size_t proof_len = 0;
    int rc;

    if (client->client_auth_) {
        /* spec 6.2: the proof is C || e [6.2-plaintext], e exactly as given, not
         * clamped (spec 6.3 [6.3-known-answer-proof]); receivers clamp it. */
        memcpy(proof, client->client_public_, PSSST_KEY_SIZE);
        memcpy(proof + PSSST_KEY_SIZE, ephemeral, PSSST_KEY_SIZE);
        proof_len = PSSST_PROOF_SIZE;
    }
    /* spec 5.2, 6.1: the client nonce [5.2-request-nonce]; the AAD is the header
     * [6.1-request-aad]; no proof in an anonymous request [6.1-plaintext]. */
    rc = pssst_aead_seal(keys->key, keys->client_nonce, packet, PSSST_HEADER_SIZE, proof,
                         proof_len, message, message_len, packet + PSSST_BODY_OFFSET,
                         packet + packet_len - PSSST_TAG_SIZE);
    pssst_wipe(proof, sizeof proof);
    return pssst_crypto_status(rc);
}

/* pssst.h conventions: pointers present, buffers apart (message may be in place). */
static bool pack_request_args_ok(const pssst_client *client, const uint8_t *ephemeral,
                                 const uint8_t *message, size_t message_len,
                                 const uint8_t *packet, size_t packet_size,
                                 const size_t *packet_len, const pssst_reply_ctx *reply)
{
    if (packet_len == NULL || reply == NULL || !client_ready(client) || ephemeral == NULL ||
        (message == NULL && message_len > 0) || (packet == NULL && packet_size > 0))
        return false;
    const pssst_region regions[] = {
        {message, message_len}, {packet, packet_size},        {packet_len, sizeof *packet_len},
        {reply, sizeof *reply}, {client, sizeof *client}, {ephemeral, PSSST_KEY_SIZE},
    };
    return pssst_buffers_ok(regions, sizeof regions / sizeof regions[0],
                            pssst_message_offset(true, client->client_auth_));
}

pssst_status pssst_pack_request_with_ephemeral(const pssst_client *client,
                                               const uint8_t ephemeral_private_key[PSSST_KEY_SIZE],
                                               const uint8_t *message, size_t message_len,
                                               uint8_t *packet, size_t packet_size,
                                               size_t *packet_len, pssst_reply_ctx *reply)
{
    uint8_t dh_param[PSSST_KEY_SIZE];
    uint8_t shared[PSSST_KEY_SIZE];
    pssst_keys keys;
    uint16_t flags;
    size_t needed;
    pssst_status st;

    if (!pack_request_args_ok(client, ephemeral_private_key, message, message_len, packet,
                              packet_size, packet_len, reply))
        return PSSST_ERR_INVALID_ARGUMENT;
    *packet_len = 0; /* spec 10.3 [10.3-length-zero] */
    pssst_reply_ctx_free(reply); /* spec 8.2: none left if this fails [8.2-client-pack-failed] */
    needed = pssst_request_size(client, message_len);
    if (needed == 0)
        return PSSST_ERR_INVALID_ARGUMENT;
    /* spec 10.3 [10.3-pack-too-small] [10.3-exact-size] [10.3-needed-size] */
    if (packet_size < needed) {
        *packet_len = needed;
        return PSSST_ERR_BUFFER_TOO_SMALL;
    }

    st = request_secrets(client, ephemeral_private_key, dh_param, shared);
    if (st == PSSST_OK)
        st = pssst_crypto_status(pssst_derive_keys(&keys, dh_param, shared));
    pssst_wipe(shared, sizeof shared);
    if (st != PSSST_OK) { /* spec 5.3: zero S or CS [5.3-no-key-from-zero] */
        pssst_keys_wipe(&keys);
        return st; /* spec 5.3: nothing is sent [6.2-no-request-to-low-order] */
    }
    /* spec 4.2, 4.3: REPLY clear [4.2-request-reply-clear], no reserved bit
     * [4.3-send-zero], CLIENT_AUTH iff a proof follows [4.2-client-auth-iff-proof]. */
    flags = client->client_auth_ ? PSSST_FLAG_CLIENT_AUTH : 0;
    pssst_write_prefix(packet, flags, client->suite_, dh_param);
    st = seal_request(client, ephemeral_private_key, &keys, message, message_len, packet, needed);
    if (st == PSSST_OK) {
        pssst_reply_arm(reply, PSSST_REPLY_CLIENT_READY, flags, client->suite_, dh_param, &keys);
        *packet_len = needed;
    }
    pssst_keys_wipe(&keys);
    return st;
}

pssst_status pssst_pack_request(const pssst_client *client, const uint8_t *message,
                                size_t message_len, uint8_t *packet, size_t packet_size,
                                size_t *packet_len, pssst_reply_ctx *reply)
{
    uint8_t ephemeral[PSSST_KEY_SIZE];
    pssst_status st;

    /* spec 6.3: a fresh ephemeral scalar for every request [6.3-fresh], so no two
     * plaintexts share one [6.3-no-reuse]; the known-answer path below checks every argument. */
    if (packet_len == NULL || reply == NULL)
        return PSSST_ERR_INVALID_ARGUMENT;
    if (pssst_random(ephemeral, sizeof ephemeral) != PSSST_CRYPTO_OK) {
        *packet_len = 0; /* spec 6.3: nothing is sent [6.3-no-send-on-rng-failure] */
        pssst_reply_ctx_free(reply); /* [8.2-client-pack-failed] */
        return PSSST_ERR_RANDOM_FAILED; /* [6.3-random-failed] */
    }
    st = pssst_pack_request_with_ephemeral(client, ephemeral, message, message_len, packet,
                                           packet_size, packet_len, reply);
    pssst_wipe(ephemeral, sizeof ephemeral);
    return st;
}

/* spec 9.1 steps 1-6, in order [9.1-first-check]: everything that can be checked before
 * decryption; a refusal here leaves the reply context usable [8.2-client-usable]. */
static pssst_status check_reply(const pssst_reply_ctx *reply, pssst_packet_view *view,
                                const uint8_t *packet, size_t packet_len)
{
    if (!pssst_parse_header(view, packet, packet_len)) /* [9.1-step-1] */
        return PSSST_ERR_MALFORMED;
    if (!pssst_suite_supported(view->suite)) /* [9.1-step-2] */
        return PSSST_ERR_UNSUPPORTED_SUITE;
    if ((view->flags & PSSST_FLAG_REPLY) == 0) /* [9.1-step-3] */
        return PSSST_ERR_NOT_REPLY;
    if ((view->flags & PSSST_FLAGS_RESERVED) != 0) /* [9.1-step-4] [4.3-refuse] */
        return PSSST_ERR_MALFORMED;
    if (!pssst_parse_body(view, packet, packet_len)) /* [9.1-step-5] [4.4-min-length] */
        return PSSST_ERR_MALFORMED;
    /* [9.1-step-6]: dh_param as received [2.1-dh-param-as-carried] */
    if (view->suite != reply->suite_ ||
        (view->flags & PSSST_FLAG_CLIENT_AUTH) != (reply->flags_ & PSSST_FLAG_CLIENT_AUTH) ||
        pssst_ct_compare(view->dh_param, reply->dh_param_, PSSST_KEY_SIZE) != 0)
        return PSSST_ERR_REPLY_MISMATCH;
    return PSSST_OK;
}

pssst_status pssst_unpack_reply(pssst_reply_ctx *reply, const uint8_t *packet,
                                size_t packet_len, uint8_t *message, size_t message_size,
                                size_t *message_len)
{
    pssst_packet_view view;
    uint8_t key[PSSST_AES_KEY_SIZE];
    uint8_t nonce[PSSST_GCM_NONCE_SIZE];
    pssst_status st;
    int rc;

    if (reply == NULL || message_len == NULL || (packet == NULL && packet_len > 0) ||
        (message == NULL && message_size > 0))
        return PSSST_ERR_INVALID_ARGUMENT;
    const pssst_region regions[] = {
        {message, message_size},   {packet, packet_len},
        {reply, sizeof *reply},    {message_len, sizeof *message_len},
    };
    if (!pssst_buffers_ok(regions, sizeof regions / sizeof regions[0], PSSST_BODY_OFFSET))
        return PSSST_ERR_INVALID_ARGUMENT;
    *message_len = 0;
    if (reply->state_ == PSSST_REPLY_SERVER_READY)
        return PSSST_ERR_INVALID_ARGUMENT; /* a server's context, not a client's */
    /* spec 9.1 step 0 [9.1-step-0]: consumed [8.2-used-status] or never filled
     * [8.2-unfilled-status]. */
    if (reply->state_ != PSSST_REPLY_CLIENT_READY)
        return PSSST_ERR_CONTEXT_USED;
    st = check_reply(reply, &view, packet, packet_len);
    if (st != PSSST_OK)
        return st;
    if (message_size < view.body_len) { /* spec 9.1 step 7 [9.1-step-7] */
        *message_len = view.body_len;
        return PSSST_ERR_BUFFER_TOO_SMALL;
    }

    /* spec 8.2: the key is used now, so the context is spent whatever the outcome
     * [8.2-client-consumed], and its key and nonce are wiped [8.2-wipe]. */
    memcpy(key, reply->key_, sizeof key);
    memcpy(nonce, reply->nonce_, sizeof nonce);
    pssst_reply_ctx_free(reply);
    /* spec 9.2: the AAD is the header as received [9.2-aad] (equal to the expected one
     * here); the server nonce [5.2-reply-nonce]. */
    rc = pssst_aead_open(key, nonce, view.header, PSSST_HEADER_SIZE, view.body, view.body_len,
                         view.tag, NULL, 0, message);
    pssst_wipe(key, sizeof key);
    pssst_wipe(nonce, sizeof nonce);
    /* On a failed tag the AEAD leaves only zeros in message [10.3-message-buffer]. */
    if (rc != PSSST_CRYPTO_OK)
        return pssst_crypto_status(rc); /* message wiped [9.1-step-8] [9.2-no-plaintext] */
    *message_len = view.body_len;
    return PSSST_OK;
}
