/* SPDX-License-Identifier: Apache-2.0 */
/*
 * consumer.c - a program written only against the installed public API
 * (<pssst.h>) that replays reference transcripts byte for byte in both
 * roles and checks the status of each class of malformed input (spec 7.1,
 * 9.1, 10). It is built from an installed library by the "packaging" test,
 * once with pkg-config and once with find_package(pssst).
 *
 * Usage: pssst-consumer TRANSCRIPTS.json
 * The file is the transcript format of spec/vectors.md ("Transcripts"):
 * {"transcripts": [{"id", "client_auth", "server_private", "server_public",
 * "client_private", "client_public", "ephemeral_private", "request",
 * "request_packet", "reply", "reply_packet"}, ...]}.
 * Exit status: 0 when every check passed, 1 when one failed, 2 when the
 * file cannot be used.
 */
#include <pssst.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest transcript file read (the reference file has about 60 KiB). */
#define MAX_FILE_SIZE (16u * 1024u * 1024u)
/* Largest packet or message accepted from a transcript (a UDP datagram). */
#define MAX_FIELD_BYTES 65535u
/* Transcript ids are small counters; larger values are refused. */
#define MAX_TRANSCRIPT_ID 1e9
/* Offsets in a packet (spec 4.1). */
#define FLAGS_OFFSET 0
#define SUITE_OFFSET 2
#define DH_OFFSET PSSST_HEADER_SIZE
/* The smallest client-auth request (spec 4.4, 6.2). */
#define MIN_CLIENT_AUTH_REQUEST (PSSST_OVERHEAD + PSSST_PROOF_SIZE)

/*
 * The fourteen 32-byte u-coordinates whose X25519 result is all zero for
 * every clamped scalar: the points of small order, their non-canonical
 * encodings, and each with the ignored top bit set (spec 5.3).
 */
static const char *const low_order_points[] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000080",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
};
#define LOW_ORDER_COUNT (sizeof low_order_points / sizeof low_order_points[0])

typedef struct {
    uint8_t *data;
    size_t len;
} bytes;

typedef struct {
    long id;
    bool client_auth;
    uint8_t server_private[PSSST_KEY_SIZE];
    uint8_t server_public[PSSST_KEY_SIZE];
    uint8_t client_private[PSSST_KEY_SIZE];
    uint8_t client_public[PSSST_KEY_SIZE];
    uint8_t ephemeral[PSSST_KEY_SIZE];
    bytes request, request_packet, reply, reply_packet;
} transcript;

typedef struct {
    long id;           /* transcript being checked */
    unsigned checks;   /* checks run */
    unsigned failures; /* checks failed */
} tally;

/* ---- small helpers -------------------------------------------------------- */

static bool check(tally *t, bool ok, const char *what)
{
    t->checks++;
    if (!ok) {
        t->failures++;
        printf("  transcript %ld: FAILED: %s\n", t->id, what);
    }
    return ok;
}

static bool check_status(tally *t, pssst_status got, pssst_status want, const char *what)
{
    t->checks++;
    if (got == want)
        return true;
    t->failures++;
    printf("  transcript %ld: FAILED: %s: got %s, want %s\n", t->id, what, pssst_status_name(got),
           pssst_status_name(want));
    return false;
}

static bool same(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* malloc that never returns NULL for a size of 0; exits on exhaustion. */
static uint8_t *alloc_bytes(size_t n)
{
    uint8_t *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) {
        fprintf(stderr, "pssst-consumer: out of memory\n");
        exit(2);
    }
    return p;
}

/* A copy of b in new memory, so that a check can change bytes. */
static bytes copy_of(const bytes *b)
{
    bytes c = {alloc_bytes(b->len), b->len};
    if (b->len > 0)
        memcpy(c.data, b->data, b->len);
    return c;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes hex text into out[0..out_size); false on any bad character or length. */
static bool decode_hex(const char *text, uint8_t *out, size_t out_size)
{
    size_t len = strlen(text);
    if (len != 2 * out_size)
        return false;
    for (size_t i = 0; i < out_size; i++) {
        int hi = hex_value(text[2 * i]);
        int lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* ---- reading a transcript ------------------------------------------------- */

/* A string member; NULL when missing or not a string. */
static const char *string_member(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static bool read_key(const cJSON *obj, const char *name, uint8_t key[PSSST_KEY_SIZE])
{
    const char *text = string_member(obj, name);
    if (text == NULL || !decode_hex(text, key, PSSST_KEY_SIZE)) {
        fprintf(stderr, "pssst-consumer: \"%s\" is not 64 hex digits\n", name);
        return false;
    }
    return true;
}

static bool read_bytes(const cJSON *obj, const char *name, bytes *out)
{
    const char *text = string_member(obj, name);
    size_t len = text == NULL ? 0 : strlen(text);
    if (text == NULL || len % 2 != 0 || len / 2 > MAX_FIELD_BYTES) {
        fprintf(stderr, "pssst-consumer: \"%s\" is missing, odd or too long\n", name);
        return false;
    }
    out->data = alloc_bytes(len / 2);
    out->len = len / 2;
    if (!decode_hex(text, out->data, out->len)) {
        fprintf(stderr, "pssst-consumer: \"%s\" is not hex\n", name);
        return false;
    }
    return true;
}

static void free_transcript(transcript *t)
{
    free(t->request.data);
    free(t->request_packet.data);
    free(t->reply.data);
    free(t->reply_packet.data);
    memset(t, 0, sizeof *t);
}

static bool read_transcript(const cJSON *obj, transcript *t)
{
    memset(t, 0, sizeof *t);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(obj, "client_auth");
    if (!cJSON_IsNumber(id) || !cJSON_IsBool(auth) || !(id->valuedouble >= 0) ||
        id->valuedouble > MAX_TRANSCRIPT_ID) {
        fprintf(stderr, "pssst-consumer: a transcript lacks a valid \"id\" or \"client_auth\"\n");
        return false;
    }
    t->id = (long)id->valuedouble;
    t->client_auth = cJSON_IsTrue(auth);
    bool ok = read_key(obj, "server_private", t->server_private) &&
              read_key(obj, "server_public", t->server_public) &&
              read_key(obj, "ephemeral_private", t->ephemeral) &&
              read_bytes(obj, "request", &t->request) &&
              read_bytes(obj, "request_packet", &t->request_packet) &&
              read_bytes(obj, "reply", &t->reply) && read_bytes(obj, "reply_packet", &t->reply_packet);
    if (ok && t->client_auth)
        ok = read_key(obj, "client_private", t->client_private) &&
             read_key(obj, "client_public", t->client_public);
    if (ok && (t->request_packet.len < PSSST_OVERHEAD || t->reply_packet.len < PSSST_OVERHEAD)) {
        fprintf(stderr, "pssst-consumer: transcript %ld has a packet under %d bytes\n", t->id,
                PSSST_OVERHEAD);
        ok = false;
    }
    if (!ok)
        free_transcript(t);
    return ok;
}

/* ---- server role (spec 7, 8) ---------------------------------------------- */

/* Unpacks packet[0..len) as a request and checks the status it gives. */
static void server_expect(tally *t, const pssst_server *srv, const uint8_t *packet, size_t len,
                          pssst_status want, const char *what)
{
    uint8_t *message = alloc_bytes(len);
    size_t message_len = 1;
    uint8_t client_key[PSSST_KEY_SIZE];
    bool authenticated = true;
    pssst_reply_ctx ctx;
    pssst_status st = pssst_unpack_request(srv, packet, len, message, len, &message_len,
                                           client_key, &authenticated, &ctx);
    if (check_status(t, st, want, what) && st != PSSST_OK)
        check(t, message_len == 0, "a refused request leaves message_len 0");
    pssst_reply_ctx_free(&ctx);
    free(message);
}

/* Changes the bytes of a copy of packet and checks the status. */
static void server_expect_changed(tally *t, const pssst_server *srv, const bytes *packet,
                                  size_t offset, const uint8_t *value, size_t value_len,
                                  size_t keep_len, pssst_status want, const char *what)
{
    bytes c = copy_of(packet);
    memcpy(c.data + offset, value, value_len);
    server_expect(t, srv, c.data, keep_len, want, what);
    free(c.data);
}

static void server_short_packets(tally *t, const pssst_server *srv, const transcript *tr)
{
    /* spec 7.1 checks 1 and 6: under 4 bytes, then under 52 bytes. */
    static const size_t lengths[] = {0, 1, 3, 4, 35, PSSST_OVERHEAD - 1};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        server_expect(t, srv, tr->request_packet.data, lengths[i], PSSST_ERR_MALFORMED,
                      "short request is MALFORMED");
}

static void server_wrong_direction(tally *t, const pssst_server *srv, const transcript *tr)
{
    server_expect(t, srv, tr->reply_packet.data, tr->reply_packet.len, PSSST_ERR_NOT_REQUEST,
                  "a reply given to the server is NOT_REQUEST");
}

static void server_bad_header(tally *t, const pssst_server *srv, const transcript *tr)
{
    const bytes *p = &tr->request_packet;
    static const uint8_t suite0[2] = {0x00, 0x00}, suite2[2] = {0x00, 0x02};
    static const uint8_t suite_ff[2] = {0xff, 0xff};
    server_expect_changed(t, srv, p, SUITE_OFFSET, suite0, 2, p->len, PSSST_ERR_UNSUPPORTED_SUITE,
                          "suite 0 is UNSUPPORTED_SUITE");
    server_expect_changed(t, srv, p, SUITE_OFFSET, suite2, 2, p->len, PSSST_ERR_UNSUPPORTED_SUITE,
                          "suite 2 is UNSUPPORTED_SUITE");
    server_expect_changed(t, srv, p, SUITE_OFFSET, suite_ff, 2, 4, PSSST_ERR_UNSUPPORTED_SUITE,
                          "an unknown suite is reported before the length (spec 7.1)");
    /* An unknown suite wins over the REPLY bit (spec 7.1 checks 2 and 3). */
    uint8_t reply_unknown[4] = {0x80, 0x00, 0x00, 0x07};
    server_expect_changed(t, srv, p, FLAGS_OFFSET, reply_unknown, 4, p->len,
                          PSSST_ERR_UNSUPPORTED_SUITE, "unknown suite wins over the REPLY bit");
    /* Reserved flag bits (spec 4.3, 7.1 check 5). */
    uint8_t reserved[2] = {(uint8_t)(p->data[0] | 0x20), p->data[1]};
    server_expect_changed(t, srv, p, FLAGS_OFFSET, reserved, 2, p->len, PSSST_ERR_MALFORMED,
                          "reserved flag bit 0x2000 is MALFORMED");
    reserved[0] = p->data[0];
    reserved[1] = (uint8_t)(p->data[1] | 0x01);
    server_expect_changed(t, srv, p, FLAGS_OFFSET, reserved, 2, p->len, PSSST_ERR_MALFORMED,
                          "reserved flag bit 0x0001 is MALFORMED");
}

static void server_tampered(tally *t, const pssst_server *srv, const transcript *tr)
{
    const bytes *p = &tr->request_packet;
    uint8_t last = (uint8_t)(p->data[p->len - 1] ^ 0x01);
    server_expect_changed(t, srv, p, p->len - 1, &last, 1, p->len, PSSST_ERR_DECRYPT_FAILED,
                          "a tampered tag is DECRYPT_FAILED");
    uint8_t first_ct = (uint8_t)(p->data[DH_OFFSET + PSSST_KEY_SIZE] ^ 0x80);
    if (p->len > PSSST_OVERHEAD)
        server_expect_changed(t, srv, p, DH_OFFSET + PSSST_KEY_SIZE, &first_ct, 1, p->len,
                              PSSST_ERR_DECRYPT_FAILED, "tampered ciphertext is DECRYPT_FAILED");
}

static void server_short_proof(tally *t, const pssst_server *srv, const transcript *tr)
{
    const bytes *p = &tr->request_packet;
    /* spec 7.1 check 7: CLIENT_AUTH with fewer than 116 bytes. */
    uint8_t flags = (uint8_t)(p->data[0] | 0x40);
    size_t len = p->len < MIN_CLIENT_AUTH_REQUEST ? p->len : MIN_CLIENT_AUTH_REQUEST - 1;
    server_expect_changed(t, srv, p, FLAGS_OFFSET, &flags, 1, len, PSSST_ERR_CLIENT_AUTH_FAILED,
                          "a client-auth request under 116 bytes is CLIENT_AUTH_FAILED");
}

static void server_low_order(tally *t, const pssst_server *srv, const transcript *tr)
{
    for (size_t i = 0; i < LOW_ORDER_COUNT; i++) {
        uint8_t point[PSSST_KEY_SIZE];
        decode_hex(low_order_points[i], point, sizeof point);
        server_expect_changed(t, srv, &tr->request_packet, DH_OFFSET, point, sizeof point,
                              tr->request_packet.len, PSSST_ERR_BAD_KEY,
                              "a low-order dh_param is BAD_KEY");
    }
}

static void server_small_buffer(tally *t, const pssst_server *srv, const transcript *tr)
{
    if (tr->request.len == 0)
        return; /* a buffer of 0 bytes is large enough */
    uint8_t *message = alloc_bytes(tr->request.len);
    size_t message_len = 0;
    pssst_reply_ctx ctx;
    pssst_status st = pssst_unpack_request(srv, tr->request_packet.data, tr->request_packet.len,
                                           message, tr->request.len - 1, &message_len, NULL, NULL,
                                           &ctx);
    if (check_status(t, st, PSSST_ERR_BUFFER_TOO_SMALL, "unpack_request into a short buffer"))
        check(t, message_len == tr->request.len, "BUFFER_TOO_SMALL returns the size needed");
    pssst_reply_ctx_free(&ctx);
    free(message);
}

/* The byte-exact replay: unpack the request, pack the recorded reply. */
static void server_replay(tally *t, const pssst_server *srv, const transcript *tr)
{
    uint8_t *message = alloc_bytes(tr->request_packet.len);
    size_t message_len = 0;
    uint8_t client_key[PSSST_KEY_SIZE];
    bool authenticated = false;
    pssst_reply_ctx ctx;
    pssst_status st = pssst_unpack_request(srv, tr->request_packet.data, tr->request_packet.len,
                                           message, tr->request_packet.len, &message_len,
                                           client_key, &authenticated, &ctx);
    if (!check_status(t, st, PSSST_OK, "server unpacks the recorded request")) {
        free(message);
        return;
    }
    check(t, same(message, message_len, tr->request.data, tr->request.len),
          "server gets the recorded request message");
    if (tr->client_auth)
        check(t, authenticated && same(client_key, PSSST_KEY_SIZE, tr->client_public, PSSST_KEY_SIZE),
              "server authenticates the recorded client key");
    else
        check(t, !authenticated && all_zero(client_key, PSSST_KEY_SIZE),
              "server reports an anonymous client");
    free(message);

    size_t need = pssst_reply_size(tr->reply.len);
    uint8_t *packet = alloc_bytes(need);
    size_t packet_len = 0;
    st = pssst_pack_reply(&ctx, tr->reply.data, tr->reply.len, packet, need - 1, &packet_len);
    if (check_status(t, st, PSSST_ERR_BUFFER_TOO_SMALL, "pack_reply into a short buffer"))
        check(t, packet_len == need, "BUFFER_TOO_SMALL returns the reply size");
    st = pssst_pack_reply(&ctx, tr->reply.data, tr->reply.len, packet, need, &packet_len);
    if (check_status(t, st, PSSST_OK, "server packs the recorded reply (context still ready)"))
        check(t, same(packet, packet_len, tr->reply_packet.data, tr->reply_packet.len),
              "reply packet equals the recorded one byte for byte");
    st = pssst_pack_reply(&ctx, tr->reply.data, tr->reply.len, packet, need, &packet_len);
    check_status(t, st, PSSST_ERR_CONTEXT_USED, "a second reply from one context is CONTEXT_USED");
    free(packet);
}

static void server_role(tally *t, const transcript *tr)
{
    uint8_t pub[PSSST_KEY_SIZE];
    pssst_status st = pssst_public_key(PSSST_SUITE_X25519_AESGCM128, tr->server_private, pub);
    if (check_status(t, st, PSSST_OK, "public key of the server key"))
        check(t, same(pub, sizeof pub, tr->server_public, PSSST_KEY_SIZE),
              "server public key equals the recorded one");
    pssst_server srv;
    st = pssst_server_init(&srv, PSSST_SUITE_X25519_AESGCM128, tr->server_private);
    if (!check_status(t, st, PSSST_OK, "server_init"))
        return;
    server_replay(t, &srv, tr);
    server_short_packets(t, &srv, tr);
    server_wrong_direction(t, &srv, tr);
    server_bad_header(t, &srv, tr);
    server_tampered(t, &srv, tr);
    server_short_proof(t, &srv, tr);
    server_low_order(t, &srv, tr);
    server_small_buffer(t, &srv, tr);
    pssst_server_free(&srv);
}

/* ---- client role (spec 6, 9) ---------------------------------------------- */

/* Unpacks packet[0..len) as the reply for ctx and checks the status. */
static void client_expect(tally *t, pssst_reply_ctx *ctx, const uint8_t *packet, size_t len,
                          pssst_status want, const char *what)
{
    uint8_t *message = alloc_bytes(len);
    size_t message_len = 1;
    pssst_status st = pssst_unpack_reply(ctx, packet, len, message, len, &message_len);
    if (check_status(t, st, want, what) && st != PSSST_OK)
        check(t, message_len == 0, "a refused reply leaves message_len 0");
    free(message);
}

static void client_expect_changed(tally *t, pssst_reply_ctx *ctx, const bytes *packet,
                                  size_t offset, const uint8_t *value, size_t value_len,
                                  pssst_status want, const char *what)
{
    bytes c = copy_of(packet);
    memcpy(c.data + offset, value, value_len);
    client_expect(t, ctx, c.data, c.len, want, what);
    free(c.data);
}

/* Packs the recorded request with the recorded ephemeral scalar. */
static bool client_pack(tally *t, const pssst_client *cl, const transcript *tr, pssst_reply_ctx *ctx)
{
    size_t need = pssst_request_size(cl, tr->request.len);
    check(t, need == tr->request_packet.len, "request_size gives the recorded packet size");
    uint8_t *packet = alloc_bytes(tr->request_packet.len);
    size_t packet_len = 0;
    pssst_status st = pssst_pack_request_with_ephemeral(cl, tr->ephemeral, tr->request.data,
                                                        tr->request.len, packet,
                                                        tr->request_packet.len, &packet_len, ctx);
    bool ok = check_status(t, st, PSSST_OK, "client packs the recorded request") &&
              check(t, same(packet, packet_len, tr->request_packet.data, tr->request_packet.len),
                    "request packet equals the recorded one byte for byte");
    free(packet);
    return ok;
}

/* Replies refused before decryption leave the context ready (spec 8.2, 9.1). */
static void client_refusals(tally *t, pssst_reply_ctx *ctx, const transcript *tr)
{
    const bytes *r = &tr->reply_packet;
    static const size_t lengths[] = {0, 3, 4, PSSST_OVERHEAD - 1};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        client_expect(t, ctx, r->data, lengths[i], PSSST_ERR_MALFORMED, "short reply is MALFORMED");
    client_expect(t, ctx, tr->request_packet.data, tr->request_packet.len, PSSST_ERR_NOT_REPLY,
                  "a request given to the client is NOT_REPLY");
    static const uint8_t suite2[2] = {0x00, 0x02};
    client_expect_changed(t, ctx, r, SUITE_OFFSET, suite2, 2, PSSST_ERR_UNSUPPORTED_SUITE,
                          "reply with suite 2 is UNSUPPORTED_SUITE");
    uint8_t reserved = (uint8_t)(r->data[1] | 0x01);
    client_expect_changed(t, ctx, r, FLAGS_OFFSET + 1, &reserved, 1, PSSST_ERR_MALFORMED,
                          "reply with a reserved flag bit is MALFORMED");
    uint8_t auth_flipped = (uint8_t)(r->data[0] ^ 0x40);
    client_expect_changed(t, ctx, r, FLAGS_OFFSET, &auth_flipped, 1, PSSST_ERR_REPLY_MISMATCH,
                          "reply with the other CLIENT_AUTH bit is REPLY_MISMATCH");
    uint8_t dh_changed = (uint8_t)(r->data[DH_OFFSET] ^ 0x01);
    client_expect_changed(t, ctx, r, DH_OFFSET, &dh_changed, 1, PSSST_ERR_REPLY_MISMATCH,
                          "reply for another dh_param is REPLY_MISMATCH");
    if (tr->reply.len > 0) {
        uint8_t *message = alloc_bytes(tr->reply.len);
        size_t message_len = 0;
        pssst_status st = pssst_unpack_reply(ctx, r->data, r->len, message, tr->reply.len - 1,
                                             &message_len);
        if (check_status(t, st, PSSST_ERR_BUFFER_TOO_SMALL, "unpack_reply into a short buffer"))
            check(t, message_len == tr->reply.len, "BUFFER_TOO_SMALL returns the size needed");
        free(message);
    }
}

static void client_unpack_recorded(tally *t, pssst_reply_ctx *ctx, const transcript *tr)
{
    uint8_t *message = alloc_bytes(tr->reply_packet.len);
    size_t message_len = 0;
    pssst_status st = pssst_unpack_reply(ctx, tr->reply_packet.data, tr->reply_packet.len, message,
                                         tr->reply_packet.len, &message_len);
    if (check_status(t, st, PSSST_OK, "client unpacks the recorded reply"))
        check(t, same(message, message_len, tr->reply.data, tr->reply.len),
              "client gets the recorded reply message");
    free(message);
}

static void client_small_packet_buffer(tally *t, const pssst_client *cl, const transcript *tr)
{
    uint8_t *packet = alloc_bytes(tr->request_packet.len);
    size_t packet_len = 0;
    pssst_reply_ctx ctx;
    pssst_status st = pssst_pack_request_with_ephemeral(cl, tr->ephemeral, tr->request.data,
                                                        tr->request.len, packet,
                                                        tr->request_packet.len - 1, &packet_len, &ctx);
    if (check_status(t, st, PSSST_ERR_BUFFER_TOO_SMALL, "pack_request into a short buffer"))
        check(t, packet_len == tr->request_packet.len, "BUFFER_TOO_SMALL returns the packet size");
    pssst_reply_ctx_free(&ctx);
    free(packet);
}

/* A server key of low order is refused at init or, lazily, at pack (spec 5.3). */
static void client_low_order_server(tally *t, const transcript *tr)
{
    for (size_t i = 0; i < LOW_ORDER_COUNT; i++) {
        uint8_t point[PSSST_KEY_SIZE];
        decode_hex(low_order_points[i], point, sizeof point);
        pssst_client cl;
        pssst_status st = pssst_client_init(&cl, PSSST_SUITE_X25519_AESGCM128, point,
                                            tr->client_auth ? tr->client_private : NULL);
        if (st == PSSST_OK) {
            uint8_t packet[MIN_CLIENT_AUTH_REQUEST];
            size_t packet_len = 0;
            pssst_reply_ctx ctx;
            st = pssst_pack_request_with_ephemeral(&cl, tr->ephemeral, NULL, 0, packet,
                                                   sizeof packet, &packet_len, &ctx);
            pssst_reply_ctx_free(&ctx);
            pssst_client_free(&cl);
        }
        check_status(t, st, PSSST_ERR_BAD_KEY, "a low-order server key is BAD_KEY");
    }
}

static void client_role(tally *t, const transcript *tr)
{
    pssst_client cl;
    pssst_status st = pssst_client_init(&cl, PSSST_SUITE_X25519_AESGCM128, tr->server_public,
                                        tr->client_auth ? tr->client_private : NULL);
    if (!check_status(t, st, PSSST_OK, "client_init"))
        return;
    pssst_reply_ctx ctx;
    if (client_pack(t, &cl, tr, &ctx)) {
        client_refusals(t, &ctx, tr);
        client_unpack_recorded(t, &ctx, tr);
        client_expect(t, &ctx, tr->reply_packet.data, tr->reply_packet.len,
                      PSSST_ERR_CONTEXT_USED, "a reused reply context is CONTEXT_USED");
    }
    /* A reply that fails authentication uses the context up (spec 8.2). */
    if (client_pack(t, &cl, tr, &ctx)) {
        bytes c = copy_of(&tr->reply_packet);
        c.data[c.len - 1] ^= 0x01;
        client_expect(t, &ctx, c.data, c.len, PSSST_ERR_DECRYPT_FAILED,
                      "a reply with a tampered tag is DECRYPT_FAILED");
        free(c.data);
        client_expect(t, &ctx, tr->reply_packet.data, tr->reply_packet.len,
                      PSSST_ERR_CONTEXT_USED, "the genuine reply after a forged one is CONTEXT_USED");
    }
    client_small_packet_buffer(t, &cl, tr);
    pssst_client_free(&cl);
    client_low_order_server(t, tr);
}

/* ---- main ------------------------------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    char *text = malloc(MAX_FILE_SIZE + 1);
    size_t len = text == NULL ? 0 : fread(text, 1, MAX_FILE_SIZE + 1, f);
    bool bad = text == NULL || ferror(f) || len > MAX_FILE_SIZE;
    fclose(f);
    if (bad) {
        fprintf(stderr, "pssst-consumer: %s: cannot read, or larger than %u bytes\n", path,
                MAX_FILE_SIZE);
        free(text);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

static int run(const cJSON *root, tally *total)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "transcripts");
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0) {
        fprintf(stderr, "pssst-consumer: no \"transcripts\" array\n");
        return 2;
    }
    const cJSON *item;
    unsigned count = 0;
    cJSON_ArrayForEach(item, list)
    {
        transcript tr;
        if (!read_transcript(item, &tr))
            return 2;
        tally t = {tr.id, 0, 0};
        client_role(&t, &tr);
        server_role(&t, &tr);
        printf("transcript %ld (%s): %u checks, %s\n", tr.id,
               tr.client_auth ? "client-auth" : "anonymous", t.checks,
               t.failures == 0 ? "ok" : "FAILED");
        total->checks += t.checks;
        total->failures += t.failures;
        count++;
        free_transcript(&tr);
    }
    printf("%u transcripts, %u checks, %u failed\n", count, total->checks, total->failures);
    return total->failures == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "Usage: %s TRANSCRIPTS.json\n", argc > 0 ? argv[0] : "pssst-consumer");
        return 2;
    }
    printf("pssst library %s (header %s), X25519 backend %s\n", pssst_version(),
           PSSST_VERSION_STRING, pssst_x25519_backend());
    char *text = read_file(argv[1]);
    if (text == NULL)
        return 2;
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (root == NULL) {
        fprintf(stderr, "pssst-consumer: %s is not valid JSON\n", argv[1]);
        return 2;
    }
    tally total = {0, 0, 0};
    int rc = run(root, &total);
    cJSON_Delete(root);
    return rc;
}
