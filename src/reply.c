/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reply.c - the reply context (spec 8.2): what one request leaves behind so
 * that exactly one reply can be sealed (server) or opened (client).
 */
#include <string.h>

#include "internal.h"

void pssst_reply_arm(pssst_reply_ctx *reply, uint32_t state, uint16_t request_flags,
                     uint16_t suite, const uint8_t dh_param[PSSST_KEY_SIZE],
                     const pssst_keys *keys)
{
    /* spec 8.1: a reply sets REPLY [4.2-reply-flag-set], repeats the request's CLIENT_AUTH
     * bit [4.2-reply-client-auth] and no reserved bit [8.1-header], its suite [8.1-suite]
     * and its dh_param, unchanged [8.1-dh-param]. */
    reply->flags_ = (uint16_t)(PSSST_FLAG_REPLY | (request_flags & PSSST_FLAG_CLIENT_AUTH));
    reply->suite_ = suite;
    memcpy(reply->dh_param_, dh_param, PSSST_KEY_SIZE);
    memcpy(reply->key_, keys->key, sizeof reply->key_);
    memcpy(reply->nonce_, keys->server_nonce, sizeof reply->nonce_);
    reply->state_ = state;
}

void pssst_reply_ctx_free(pssst_reply_ctx *reply)
{
    if (reply != NULL)
        pssst_wipe(reply, sizeof *reply);
}

size_t pssst_reply_size(size_t message_len)
{
    if (message_len > SIZE_MAX - PSSST_OVERHEAD)
        return 0;
    return PSSST_OVERHEAD + message_len;
}

size_t pssst_message_offset(bool request, bool client_auth)
{
    /* spec 6.2: only a request carries the 64-byte client-auth proof. */
    if (request && client_auth)
        return PSSST_BODY_OFFSET + PSSST_PROOF_SIZE;
    return PSSST_BODY_OFFSET;
}
