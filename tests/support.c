/* SPDX-License-Identifier: Apache-2.0 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crypto.h"
#include "hex.h"

/*
 * The fourteen encodings of spec 5.3 that give an all-zero X25519 result
 * with every clamped scalar: 0, 1, the two points of order 8, p-1, the
 * non-canonical p and p+1, and each of these seven with bit 255 set
 * (masked, RFC 7748 5). Each was checked to give a zero shared secret with
 * OpenSSL's X25519 (python3-cryptography).
 */
const uint8_t low_order_points[LOW_ORDER_POINT_COUNT][KEY] = {
    {0x00},
    {0x01},
    {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
     0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00},
    {0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b,
     0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
     0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x80},
    {0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b,
     0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0xd7},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
    {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
    {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
};

char *read_text_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16;
    size_t used = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        used += fread(buf + used, 1, cap - used - 1, f);
        if (used < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (buf == NULL || failed) {
        free(buf);
        return NULL;
    }
    buf[used] = '\0';
    if (len != NULL)
        *len = used;
    return buf;
}

bool hex_to_bytes(const char *hex, uint8_t *out, size_t size, size_t *len)
{
    size_t got = 0;
    if (hex == NULL)
        return false;
    if (hex_decode(hex, strlen(hex), out, size, &got, NULL) != HEX_OK)
        return false;
    if (len != NULL)
        *len = got;
    return len != NULL || got == size;
}

uint8_t *hex_to_new_bytes(const char *hex, size_t *len)
{
    if (hex == NULL)
        return NULL;
    size_t size = strlen(hex) / 2;
    uint8_t *out = malloc(size + 1);
    if (out == NULL)
        return NULL;
    if (!hex_to_bytes(hex, out, size, len)) {
        free(out);
        return NULL;
    }
    return out;
}

void fill_pattern(uint8_t *buf, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(seed + 31u * i);
}

void fill_random(uint8_t *buf, size_t len)
{
    if (pssst_random(buf, len) != PSSST_CRYPTO_OK) {
        fprintf(stderr, "the operating system gave no randomness\n");
        abort();
    }
}

void clamp_scalar(uint8_t out[KEY], const uint8_t in[KEY])
{
    memcpy(out, in, KEY);
    out[0] &= 248;
    out[31] &= 127;
    out[31] |= 64;
}

void derive_schedule(const uint8_t dh_param[KEY], const uint8_t shared[KEY], key_schedule *ks)
{
    uint8_t h[PSSST_SHA256_SIZE];
    if (pssst_sha256_2(h, dh_param, KEY, shared, KEY) != PSSST_CRYPTO_OK)
        abort();
    memcpy(ks->key, h, 16);
    memcpy(ks->client_nonce, h + 16, 8);
    memcpy(ks->client_nonce + 8, "RQST", 4);
    memcpy(ks->server_nonce, h + 24, 8);
    memcpy(ks->server_nonce + 8, "RPLY", 4);
}

void put_header(uint8_t *packet, uint16_t flags, uint16_t suite)
{
    packet[0] = (uint8_t)(flags >> 8);
    packet[1] = (uint8_t)flags;
    packet[2] = (uint8_t)(suite >> 8);
    packet[3] = (uint8_t)suite;
}

size_t seal_packet(uint8_t *packet, uint16_t flags, uint16_t suite,
                   const uint8_t dh_param[KEY], const uint8_t key[16],
                   const uint8_t nonce[12], const uint8_t *pt, size_t pt_len)
{
    put_header(packet, flags, suite);
    memcpy(packet + PSSST_HEADER_SIZE, dh_param, KEY);
    uint8_t *body = packet + PSSST_HEADER_SIZE + KEY;
    if (pssst_aead_seal(key, nonce, packet, PSSST_HEADER_SIZE, NULL, 0, pt, pt_len, body,
                        body + pt_len) != PSSST_CRYPTO_OK)
        abort();
    return PSSST_OVERHEAD + pt_len;
}

size_t craft_request(uint8_t *packet, uint16_t flags, const uint8_t server_private[KEY],
                     const uint8_t dh_param[KEY], const uint8_t *pt, size_t pt_len)
{
    uint8_t shared[KEY];
    key_schedule ks;
    if (pssst_x25519(shared, server_private, dh_param) != PSSST_CRYPTO_OK)
        return 0;
    derive_schedule(dh_param, shared, &ks);
    return seal_packet(packet, flags, PSSST_SUITE_X25519_AESGCM128, dh_param, ks.key,
                       ks.client_nonce, pt, pt_len);
}

/* ---- transcripts ---- */

static bool get_key(const cJSON *obj, const char *name, uint8_t out[KEY])
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(item) && hex_to_bytes(item->valuestring, out, KEY, NULL);
}

static bool get_blob(const cJSON *obj, const char *name, uint8_t **out, size_t *len)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(item))
        return false;
    *out = hex_to_new_bytes(item->valuestring, len);
    return *out != NULL;
}

static bool parse_transcript(const cJSON *obj, transcript *t)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(obj, "client_auth");
    if (!cJSON_IsNumber(id) || !cJSON_IsBool(auth))
        return false;
    t->id = id->valueint;
    t->client_auth = cJSON_IsTrue(auth);
    if (!get_key(obj, "server_private", t->server_private) ||
        !get_key(obj, "server_public", t->server_public) ||
        !get_key(obj, "ephemeral_private", t->ephemeral_private))
        return false;
    if (t->client_auth &&
        (!get_key(obj, "client_private", t->client_private) ||
         !get_key(obj, "client_public", t->client_public)))
        return false;
    return get_blob(obj, "request", &t->request, &t->request_len) &&
           get_blob(obj, "request_packet", &t->request_packet, &t->request_packet_len) &&
           get_blob(obj, "reply", &t->reply, &t->reply_len) &&
           get_blob(obj, "reply_packet", &t->reply_packet, &t->reply_packet_len);
}

bool transcripts_load(const char *path, transcript_set *set)
{
    set->items = NULL;
    set->count = 0;
    char *text = read_text_file(path, NULL);
    if (text == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        return false;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "transcripts");
    int n = cJSON_GetArraySize(list);
    if (!cJSON_IsArray(list) || n <= 0) {
        fprintf(stderr, "%s: no \"transcripts\" array\n", path);
        cJSON_Delete(root);
        return false;
    }
    set->items = calloc((size_t)n, sizeof *set->items);
    bool ok = set->items != NULL;
    for (int i = 0; ok && i < n; i++) {
        set->count++;
        ok = parse_transcript(cJSON_GetArrayItem(list, i), &set->items[i]);
        if (!ok)
            fprintf(stderr, "%s: transcript %d is malformed\n", path, i);
    }
    cJSON_Delete(root);
    if (!ok)
        transcripts_free(set);
    return ok;
}

void transcripts_free(transcript_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i].request);
        free(set->items[i].request_packet);
        free(set->items[i].reply);
        free(set->items[i].reply_packet);
    }
    free(set->items);
    set->items = NULL;
    set->count = 0;
}

int test_main_with_transcripts(int argc, char **argv, const test_case *tests, size_t count,
                               transcript_set *set)
{
    if (!transcripts_load(PSSST_TRANSCRIPTS_FILE, set))
        return 1;
    int rc = test_main(argc, argv, tests, count);
    transcripts_free(set);
    return rc;
}

bool generate_test_keys(test_keys *keys)
{
    const uint16_t suite = PSSST_SUITE_X25519_AESGCM128;
    return CHECK_STATUS(pssst_keypair_generate(suite, keys->server_private, keys->server_public),
                        PSSST_OK) &&
           CHECK_STATUS(pssst_keypair_generate(suite, keys->client_private, keys->client_public),
                        PSSST_OK);
}

int test_main_with_server(int argc, char **argv, const test_case *tests, size_t count,
                          test_keys *keys, pssst_server *server)
{
    if (!generate_test_keys(keys) ||
        !CHECK_STATUS(pssst_server_init(server, PSSST_SUITE_X25519_AESGCM128, keys->server_private),
                      PSSST_OK))
        return 1;
    int rc = test_main(argc, argv, tests, count);
    pssst_server_free(server);
    return rc;
}

int test_main_with_server_and_clients(int argc, char **argv, const test_case *tests, size_t count,
                                      test_keys *keys, pssst_server *server,
                                      pssst_client *anon_client, pssst_client *auth_client)
{
    const uint16_t suite = PSSST_SUITE_X25519_AESGCM128;
    if (!generate_test_keys(keys) ||
        !CHECK_STATUS(pssst_server_init(server, suite, keys->server_private), PSSST_OK) ||
        !CHECK_STATUS(pssst_client_init(anon_client, suite, keys->server_public, NULL), PSSST_OK) ||
        !CHECK_STATUS(pssst_client_init(auth_client, suite, keys->server_public,
                                        keys->client_private),
                      PSSST_OK))
        return 1;
    int rc = test_main(argc, argv, tests, count);
    pssst_client_free(anon_client);
    pssst_client_free(auth_client);
    pssst_server_free(server);
    return rc;
}
