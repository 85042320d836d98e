/* SPDX-License-Identifier: Apache-2.0 */
/*
 * support.h - helpers shared by the unit tests: the reference transcripts,
 * hex decoding, and an independent construction of packets from the
 * primitives of src/crypto.h (spec 5, 6, 8) so that tests can build packets
 * the library would never produce.
 */
#ifndef PSSST_TEST_SUPPORT_H
#define PSSST_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pssst.h"
#include "test.h"

#define KEY PSSST_KEY_SIZE

/* The reference transcripts, vectors/reference/pssst-0.2.1.json. */
#ifndef PSSST_TRANSCRIPTS_FILE
#define PSSST_TRANSCRIPTS_FILE "vectors/reference/pssst-0.2.1.json"
#endif

typedef struct {
    int id;
    bool client_auth;
    uint8_t server_private[KEY];
    uint8_t server_public[KEY];
    uint8_t client_private[KEY]; /* valid when client_auth */
    uint8_t client_public[KEY];  /* valid when client_auth */
    uint8_t ephemeral_private[KEY];
    uint8_t *request;
    size_t request_len;
    uint8_t *request_packet;
    size_t request_packet_len;
    uint8_t *reply;
    size_t reply_len;
    uint8_t *reply_packet;
    size_t reply_packet_len;
} transcript;

typedef struct {
    transcript *items;
    size_t count;
} transcript_set;

/*
 * Loads the transcripts file; on failure prints why and returns false
 * (a missing or broken file is a test failure, not a skip: it is part of
 * the repository).
 */
bool transcripts_load(const char *path, transcript_set *set);
void transcripts_free(transcript_set *set);

/*
 * test_main() with the reference transcripts loaded into *set for the
 * whole run and freed after it; 1 when the file cannot be loaded.
 */
int test_main_with_transcripts(int argc, char **argv, const test_case *tests, size_t count,
                               transcript_set *set);

/* The key pairs of a test's server and client. */
typedef struct {
    uint8_t server_private[KEY];
    uint8_t server_public[KEY];
    uint8_t client_private[KEY];
    uint8_t client_public[KEY];
} test_keys;

/*
 * Fresh server and client key pairs of suite 1 from the library (spec 2.1).
 * A failure is reported as a failed check and gives false.
 */
bool generate_test_keys(test_keys *keys);

/*
 * test_main() with fresh keys and a server for keys->server_private set up
 * before the run and the server freed after it; 1 when set-up fails.
 */
int test_main_with_server(int argc, char **argv, const test_case *tests, size_t count,
                          test_keys *keys, pssst_server *server);

/*
 * test_main_with_server() plus an anonymous client and a client-auth client
 * (keys->client_private) of keys->server_public.
 */
int test_main_with_server_and_clients(int argc, char **argv, const test_case *tests, size_t count,
                                      test_keys *keys, pssst_server *server,
                                      pssst_client *anon_client, pssst_client *auth_client);

/* Whole file into a NUL-terminated heap buffer; NULL when unreadable. */
char *read_text_file(const char *path, size_t *len);

/* Decodes hex text of exactly size bytes (or any size up to size when
 * exact is false); returns false on a bad string. */
bool hex_to_bytes(const char *hex, uint8_t *out, size_t size, size_t *len);

/* Heap copy of decoded hex (at least one byte allocated); NULL on error. */
uint8_t *hex_to_new_bytes(const char *hex, size_t *len);

/* Deterministic filler for messages: byte i = (seed + 31 i) mod 256. */
void fill_pattern(uint8_t *buf, size_t len, unsigned seed);

/* Random bytes from the library's source (src/crypto.h); aborts on failure. */
void fill_random(uint8_t *buf, size_t len);

/* RFC 7748 section 5 clamping of a copy. */
void clamp_scalar(uint8_t out[KEY], const uint8_t in[KEY]);

/* The key schedule of spec 5.1, computed independently of the library. */
typedef struct {
    uint8_t key[16];
    uint8_t client_nonce[12];
    uint8_t server_nonce[12];
} key_schedule;

void derive_schedule(const uint8_t dh_param[KEY], const uint8_t shared[KEY], key_schedule *ks);

/* Writes the 4 header bytes (spec 4.1). */
void put_header(uint8_t *packet, uint16_t flags, uint16_t suite);

/*
 * Builds a packet by hand: header (flags, suite), dh_param, then AES-GCM
 * with the given key and nonce over plaintext, AAD = the header.
 * packet must hold 52 + pt_len bytes. Returns the packet length.
 */
size_t seal_packet(uint8_t *packet, uint16_t flags, uint16_t suite,
                   const uint8_t dh_param[KEY], const uint8_t key[16],
                   const uint8_t nonce[12], const uint8_t *pt, size_t pt_len);

/*
 * A request built by hand for a server key: shared = X25519(server_private,
 * dh_param) (what the client side computes with e), key schedule of spec 5.1,
 * sealed with the client nonce. Returns the packet length; 0 when the X25519
 * result is zero (then nothing is built).
 */
size_t craft_request(uint8_t *packet, uint16_t flags, const uint8_t server_private[KEY],
                     const uint8_t dh_param[KEY], const uint8_t *pt, size_t pt_len);

/* The 14 encodings of low-order points of spec 5.3: every X25519 with
 * them gives zero. */
#define LOW_ORDER_POINT_COUNT 14
extern const uint8_t low_order_points[LOW_ORDER_POINT_COUNT][KEY];

#endif
