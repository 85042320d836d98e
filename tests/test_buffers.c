/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Output buffers (pssst.h conventions): every known answer (the reference
 * transcripts) is produced into buffers of exactly the needed size with a
 * canary region behind them that must stay untouched, into buffers one
 * byte short (BUFFER_TOO_SMALL with the needed size), and in place
 * (message == packet + pssst_message_offset()). Any other overlap of
 * message and packet is INVALID_ARGUMENT.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "test.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
#define CANARY 32
#define FILL 0x5a
/* Room in front of a packet, for messages that start before it. */
#define FRONT 128

static transcript_set set;

/* A heap buffer of size bytes followed by CANARY known bytes. */
static uint8_t *guarded(size_t size)
{
    uint8_t *p = malloc(size + CANARY);
    if (p == NULL)
        abort();
    memset(p, FILL, size);
    for (size_t i = 0; i < CANARY; i++)
        p[size + i] = (uint8_t)(0xc0 ^ i);
    return p;
}

static bool canary_intact(const uint8_t *p, size_t size)
{
    for (size_t i = 0; i < CANARY; i++) {
        if (p[size + i] != (uint8_t)(0xc0 ^ i))
            return false;
    }
    return true;
}

/* Nothing but the fill or zeros: no plaintext came out. */
static bool holds_no_output(const uint8_t *p, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (p[i] != FILL && p[i] != 0)
            return false;
    }
    return true;
}

static bool client_for(const transcript *t, pssst_client *client)
{
    return CHECK_STATUS(pssst_client_init(client, SUITE, t->server_public,
                                          t->client_auth ? t->client_private : NULL),
                        PSSST_OK);
}

static bool server_for(const transcript *t, pssst_server *server)
{
    return CHECK_STATUS(pssst_server_init(server, SUITE, t->server_private), PSSST_OK);
}

/* ---- exact size, one byte short, canaries ---- */

static void pack_request_sizes(const transcript *t)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    size_t n = t->request_packet_len;
    size_t len = 0;
    if (!client_for(t, &client))
        return;
    uint8_t *shortbuf = guarded(n - 1);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private, t->request,
                                                   t->request_len, shortbuf, n - 1, &len, &ctx),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(len, n);
    CHECK(canary_intact(shortbuf, n - 1));
    uint8_t *exact = guarded(n);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private, t->request,
                                                   t->request_len, exact, n, &len, &ctx),
                 PSSST_OK);
    CHECK_SIZE(len, n);
    CHECK_MEM(exact, t->request_packet, n);
    CHECK(canary_intact(exact, n));
    /* The reply into a message buffer one short, then exact. */
    uint8_t *msg_short = guarded(t->reply_len ? t->reply_len - 1 : 0);
    uint8_t *msg = guarded(t->reply_len);
    if (t->reply_len > 0) {
        CHECK_STATUS(pssst_unpack_reply(&ctx, t->reply_packet, t->reply_packet_len, msg_short,
                                        t->reply_len - 1, &len),
                     PSSST_ERR_BUFFER_TOO_SMALL);
        CHECK_SIZE(len, t->reply_len);
        CHECK(holds_no_output(msg_short, t->reply_len - 1));
        CHECK(canary_intact(msg_short, t->reply_len - 1));
    }
    CHECK_STATUS(pssst_unpack_reply(&ctx, t->reply_packet, t->reply_packet_len, msg, t->reply_len,
                                    &len),
                 PSSST_OK);
    CHECK_SIZE(len, t->reply_len);
    CHECK_MEM(msg, t->reply, t->reply_len);
    CHECK(canary_intact(msg, t->reply_len));
    free(shortbuf);
    free(exact);
    free(msg_short);
    free(msg);
    pssst_client_free(&client);
}

static void unpack_request_sizes(const transcript *t)
{
    pssst_server server;
    pssst_reply_ctx ctx;
    size_t m = t->request_len;
    size_t len = 0;
    uint8_t seen[KEY + CANARY];
    if (!server_for(t, &server))
        return;
    memset(seen + KEY, 0x3c, CANARY);
    uint8_t *msg_short = guarded(m ? m - 1 : 0);
    uint8_t *msg = guarded(m);
    if (m > 0) {
        CHECK_STATUS(pssst_unpack_request(&server, t->request_packet, t->request_packet_len,
                                          msg_short, m - 1, &len, seen, NULL, &ctx),
                     PSSST_ERR_BUFFER_TOO_SMALL);
        CHECK_SIZE(len, m);
        CHECK(holds_no_output(msg_short, m - 1));
        CHECK(canary_intact(msg_short, m - 1));
    }
    CHECK_STATUS(pssst_unpack_request(&server, t->request_packet, t->request_packet_len, msg, m,
                                      &len, seen, NULL, &ctx),
                 PSSST_OK);
    CHECK_SIZE(len, m);
    CHECK_MEM(msg, t->request, m);
    CHECK(canary_intact(msg, m));
    for (size_t i = 0; i < CANARY; i++)
        CHECK(seen[KEY + i] == 0x3c);
    /* The reply into a packet buffer one short, then exact. */
    size_t n = t->reply_packet_len;
    uint8_t *shortbuf = guarded(n - 1);
    uint8_t *exact = guarded(n);
    CHECK_STATUS(pssst_pack_reply(&ctx, t->reply, t->reply_len, shortbuf, n - 1, &len),
                 PSSST_ERR_BUFFER_TOO_SMALL);
    CHECK_SIZE(len, n);
    CHECK(canary_intact(shortbuf, n - 1));
    CHECK_STATUS(pssst_pack_reply(&ctx, t->reply, t->reply_len, exact, n, &len), PSSST_OK);
    CHECK_SIZE(len, n);
    CHECK_MEM(exact, t->reply_packet, n);
    CHECK(canary_intact(exact, n));
    free(msg_short);
    free(msg);
    free(shortbuf);
    free(exact);
    pssst_server_free(&server);
}

static void test_outputs_fill_exact_buffers_and_nothing_after(void)
{
    for (size_t i = 0; i < set.count; i++) {
        test_context("transcript %d, client role", set.items[i].id);
        pack_request_sizes(&set.items[i]);
        test_context("transcript %d, server role", set.items[i].id);
        unpack_request_sizes(&set.items[i]);
    }
}

/* ---- in place ---- */

static void client_in_place(const transcript *t)
{
    pssst_client client;
    pssst_reply_ctx ctx;
    size_t offset = pssst_message_offset(true, t->client_auth);
    size_t len = 0;
    if (!client_for(t, &client))
        return;
    uint8_t *buf = guarded(t->request_packet_len);
    memcpy(buf + offset, t->request, t->request_len);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private, buf + offset,
                                                   t->request_len, buf, t->request_packet_len,
                                                   &len, &ctx),
                 PSSST_OK);
    CHECK_MEM(buf, t->request_packet, t->request_packet_len);
    CHECK(canary_intact(buf, t->request_packet_len));
    uint8_t *reply = guarded(t->reply_packet_len);
    memcpy(reply, t->reply_packet, t->reply_packet_len);
    offset = pssst_message_offset(false, t->client_auth);
    CHECK_STATUS(pssst_unpack_reply(&ctx, reply, t->reply_packet_len, reply + offset,
                                    t->reply_len, &len),
                 PSSST_OK);
    CHECK_SIZE(len, t->reply_len);
    CHECK_MEM(reply + offset, t->reply, t->reply_len);
    CHECK(canary_intact(reply, t->reply_packet_len));
    free(buf);
    free(reply);
    pssst_client_free(&client);
}

static void server_in_place(const transcript *t)
{
    pssst_server server;
    pssst_reply_ctx ctx;
    size_t offset = pssst_message_offset(true, t->client_auth);
    size_t len = 0;
    bool authenticated = false;
    uint8_t seen[KEY];
    if (!server_for(t, &server))
        return;
    uint8_t *buf = guarded(t->request_packet_len);
    memcpy(buf, t->request_packet, t->request_packet_len);
    CHECK_STATUS(pssst_unpack_request(&server, buf, t->request_packet_len, buf + offset,
                                      t->request_len, &len, seen, &authenticated, &ctx),
                 PSSST_OK);
    CHECK_SIZE(len, t->request_len);
    CHECK_MEM(buf + offset, t->request, t->request_len);
    CHECK(authenticated == t->client_auth);
    if (t->client_auth)
        CHECK_MEM(seen, t->client_public, KEY);
    CHECK(canary_intact(buf, t->request_packet_len));
    uint8_t *reply = guarded(t->reply_packet_len);
    offset = pssst_message_offset(false, t->client_auth);
    memcpy(reply + offset, t->reply, t->reply_len);
    CHECK_STATUS(pssst_pack_reply(&ctx, reply + offset, t->reply_len, reply, t->reply_packet_len,
                                  &len),
                 PSSST_OK);
    CHECK_MEM(reply, t->reply_packet, t->reply_packet_len);
    CHECK(canary_intact(reply, t->reply_packet_len));
    free(buf);
    free(reply);
    pssst_server_free(&server);
}

static void test_messages_pack_and_unpack_in_place_at_message_offset(void)
{
    for (size_t i = 0; i < set.count; i++) {
        test_context("transcript %d, client role", set.items[i].id);
        client_in_place(&set.items[i]);
        test_context("transcript %d, server role", set.items[i].id);
        server_in_place(&set.items[i]);
    }
}

/* ---- other overlaps ---- */

/*
 * Start offsets of a message, relative to the packet, that overlap the
 * packet without being the allowed in-place position. A message that ends
 * inside the packet starts before it (negative offsets).
 */
static size_t overlapping_offsets(size_t packet_len, size_t message_len, size_t allowed,
                                  long out[8])
{
    long candidates[] = {0, (long)allowed - 1, (long)allowed + 1, (long)allowed - 16,
                         (long)packet_len - 1, 1 - (long)message_len, -1, 4};
    size_t n = 0;
    if (message_len == 0)
        return 0; /* an empty message overlaps nothing */
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        long c = candidates[i];
        bool overlaps = c < (long)packet_len && c + (long)message_len > 0;
        if (c != (long)allowed && overlaps && c >= -(long)FRONT)
            out[n++] = c;
    }
    return n;
}

static void overlaps_refused(const transcript *t)
{
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx ctx;
    size_t len = 0;
    long offs[8];
    size_t big = FRONT + 2 * (t->request_packet_len + t->reply_packet_len);
    uint8_t *area = guarded(big);
    uint8_t *packet = area + FRONT;
    if (!client_for(t, &client) || !server_for(t, &server)) {
        free(area);
        return;
    }
    /* pack_request: message overlapping the packet being written. */
    size_t n = overlapping_offsets(t->request_packet_len, t->request_len,
                                   pssst_message_offset(true, t->client_auth), offs);
    for (size_t i = 0; i < n; i++) {
        test_context("transcript %d, pack_request, message at packet%+ld", t->id, offs[i]);
        memcpy(packet + offs[i], t->request, t->request_len);
        CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private,
                                                       packet + offs[i], t->request_len, packet,
                                                       t->request_packet_len, &len, &ctx),
                     PSSST_ERR_INVALID_ARGUMENT);
    }
    /* unpack_request: message output overlapping the packet being read. */
    for (size_t i = 0; i < n; i++) {
        test_context("transcript %d, unpack_request, message at packet%+ld", t->id, offs[i]);
        memcpy(packet, t->request_packet, t->request_packet_len);
        CHECK_STATUS(pssst_unpack_request(&server, packet, t->request_packet_len,
                                          packet + offs[i], t->request_len, &len, NULL, NULL,
                                          &ctx),
                     PSSST_ERR_INVALID_ARGUMENT);
    }
    /* A client-auth request cannot be opened at the anonymous offset. */
    if (t->client_auth && t->request_len > 0) {
        test_context("transcript %d, unpack_request at the reply offset", t->id);
        memcpy(packet, t->request_packet, t->request_packet_len);
        CHECK_STATUS(pssst_unpack_request(&server, packet, t->request_packet_len,
                                          packet + pssst_message_offset(false, true),
                                          t->request_len, &len, NULL, NULL, &ctx),
                     PSSST_ERR_INVALID_ARGUMENT);
    }
    /* pack_reply and unpack_reply, with a context that stays ready. */
    test_context("transcript %d, reply contexts", t->id);
    pssst_reply_ctx cctx;
    pssst_reply_ctx sctx;
    uint8_t *out = guarded(t->request_packet_len + t->reply_packet_len);
    if (!CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private, t->request,
                                                        t->request_len, out,
                                                        t->request_packet_len, &len, &cctx),
                      PSSST_OK) ||
        !CHECK_STATUS(pssst_unpack_request(&server, t->request_packet, t->request_packet_len, out,
                                           t->request_len, &len, NULL, NULL, &sctx),
                      PSSST_OK))
        goto done;
    n = overlapping_offsets(t->reply_packet_len, t->reply_len, pssst_message_offset(false, false),
                            offs);
    for (size_t i = 0; i < n; i++) {
        test_context("transcript %d, pack_reply, message at packet%+ld", t->id, offs[i]);
        memcpy(packet + offs[i], t->reply, t->reply_len);
        CHECK_STATUS(pssst_pack_reply(&sctx, packet + offs[i], t->reply_len, packet,
                                      t->reply_packet_len, &len),
                     PSSST_ERR_INVALID_ARGUMENT);
        test_context("transcript %d, unpack_reply, message at packet%+ld", t->id, offs[i]);
        memcpy(packet, t->reply_packet, t->reply_packet_len);
        CHECK_STATUS(pssst_unpack_reply(&cctx, packet, t->reply_packet_len, packet + offs[i],
                                        t->reply_len, &len),
                     PSSST_ERR_INVALID_ARGUMENT);
    }
    test_context("transcript %d, after the refusals", t->id);
    CHECK_STATUS(pssst_pack_reply(&sctx, t->reply, t->reply_len, packet, t->reply_packet_len,
                                  &len),
                 PSSST_OK);
    CHECK_MEM(packet, t->reply_packet, t->reply_packet_len);
    CHECK_STATUS(pssst_unpack_reply(&cctx, packet, t->reply_packet_len, out, t->reply_len, &len),
                 PSSST_OK);
    CHECK_MEM(out, t->reply, t->reply_len);
done:
    CHECK(canary_intact(area, big));
    free(out);
    free(area);
    pssst_client_free(&client);
    pssst_server_free(&server);
}

static void test_partial_overlap_of_message_and_packet_is_refused(void)
{
    size_t with_overlaps = 0;
    for (size_t i = 0; i < set.count; i++) {
        if (set.items[i].request_len == 0 && set.items[i].reply_len == 0)
            continue;
        overlaps_refused(&set.items[i]);
        with_overlaps++;
    }
    CHECK(with_overlaps > 0);
}

/*
 * pssst.h: "Any other overlap is refused with PSSST_ERR_INVALID_ARGUMENT":
 * an output that overlaps an input other than the message, here the
 * client-auth key output inside the request packet, the packet being
 * written over the ephemeral scalar it is made from, a message written
 * over the server or the reply context, a length written into the packet.
 * The refused calls leave the reply context ready.
 */
static void test_other_overlaps_of_outputs_and_inputs_are_refused(void)
{
    const transcript *t = NULL;
    for (size_t i = 0; i < set.count && t == NULL; i++) {
        if (set.items[i].client_auth && set.items[i].request_len > 0)
            t = &set.items[i];
    }
    if (!CHECK(t != NULL))
        return;
    pssst_client client;
    pssst_server server;
    pssst_reply_ctx ctx;
    size_t len = 0;
    uint8_t *packet = guarded(t->request_packet_len);
    uint8_t *out = guarded(t->request_len);
    if (!client_for(t, &client) || !server_for(t, &server))
        goto done;
    test_context("transcript %d, client key output inside the packet", t->id);
    memcpy(packet, t->request_packet, t->request_packet_len);
    CHECK_STATUS(pssst_unpack_request(&server, packet, t->request_packet_len, out, t->request_len,
                                      &len, packet + PSSST_HEADER_SIZE, NULL, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    test_context("transcript %d, ephemeral inside the packet being written", t->id);
    memcpy(packet + PSSST_HEADER_SIZE, t->ephemeral_private, KEY);
    CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, packet + PSSST_HEADER_SIZE, t->request,
                                                   t->request_len, packet, t->request_packet_len,
                                                   &len, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    test_context("transcript %d, message output over the server", t->id);
    CHECK_STATUS(pssst_unpack_request(&server, t->request_packet, t->request_packet_len,
                                      (uint8_t *)&server, sizeof server, &len, NULL, NULL, &ctx),
                 PSSST_ERR_INVALID_ARGUMENT);
    /* A waiting reply context, then outputs over it and over the packet. */
    test_context("transcript %d, outputs over the reply context", t->id);
    if (!CHECK_STATUS(pssst_pack_request_with_ephemeral(&client, t->ephemeral_private, t->request,
                                                        t->request_len, packet,
                                                        t->request_packet_len, &len, &ctx),
                      PSSST_OK))
        goto done;
    CHECK_STATUS(pssst_unpack_reply(&ctx, t->reply_packet, t->reply_packet_len, (uint8_t *)&ctx,
                                    sizeof ctx, &len),
                 PSSST_ERR_INVALID_ARGUMENT);
    size_t *len_in_packet = (size_t *)(void *)(packet + 2 * sizeof(size_t));
    memcpy(packet, t->reply_packet, PSSST_OVERHEAD);
    CHECK_STATUS(pssst_unpack_reply(&ctx, packet, PSSST_OVERHEAD, out, t->request_len,
                                    len_in_packet),
                 PSSST_ERR_INVALID_ARGUMENT);
    /* None of the refusals used the context up. */
    uint8_t *reply = guarded(t->reply_len);
    CHECK_STATUS(pssst_unpack_reply(&ctx, t->reply_packet, t->reply_packet_len, reply,
                                    t->reply_len, &len),
                 PSSST_OK);
    CHECK_MEM(reply, t->reply, t->reply_len);
    free(reply);
done:
    pssst_reply_ctx_free(&ctx);
    pssst_client_free(&client);
    pssst_server_free(&server);
    free(packet);
    free(out);
}

static const test_case tests[] = {
    TEST_CASE(test_outputs_fill_exact_buffers_and_nothing_after),
    TEST_CASE(test_messages_pack_and_unpack_in_place_at_message_offset),
    TEST_CASE(test_partial_overlap_of_message_and_packet_is_refused),
    TEST_CASE(test_other_overlaps_of_outputs_and_inputs_are_refused),
};

int main(int argc, char **argv)
{
    return test_main_with_transcripts(argc, argv, tests, TEST_COUNT(tests), &set);
}
