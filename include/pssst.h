/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file pssst.h
 * @brief PSSST: Packet Security for Stateless Server Transactions.
 *
 * One request datagram, one reply datagram, no handshake, no server state.
 * The protocol is specified in spec/pssst.md; section numbers below ("spec
 * 7.1") refer to it.
 *
 * Conventions of this interface
 * -----------------------------
 * - Every public name starts with pssst_ (functions, types) or PSSST_
 *   (constants). Nothing else is exported.
 * - Every buffer is passed with its size. A pointer may be NULL only when
 *   its length or size is 0, except where a function says otherwise.
 * - Contexts (pssst_client, pssst_server, pssst_reply_ctx) are complete
 *   types owned by the caller, who may keep them on the stack. Their fields
 *   are private: use only the functions below. The library allocates nothing
 *   per transaction itself and, with the libsodium backend, neither does
 *   anything it calls; mbedTLS's bignum arithmetic (X25519 on the mbedTLS
 *   and PSA backends) and PSA's key store allocate and free internally.
 * - Every function that can fail returns a pssst_status. PSSST_OK is 0. A
 *   packet that fails authentication is an ordinary return value
 *   (PSSST_ERR_DECRYPT_FAILED), never an abort. PSSST_ERR_INTERNAL means
 *   the crypto library itself failed, through no fault of the input.
 * - On failure (spec 10.3), `*_len` outputs are 0, except for
 *   PSSST_ERR_BUFFER_TOO_SMALL, where the `*_len` output holds the exact size
 *   that is needed; every byte of a message buffer holds what it held before
 *   the call or zero, so no plaintext is left; a client-key output is all
 *   zero and a client-authenticated output false. A buffer of exactly the
 *   needed size is always enough.
 * - PSSST_ERR_INVALID_ARGUMENT reports a wrong call and is the exception to
 *   the rules above and to those on reply contexts below: a call refused
 *   because of a missing pointer, an uninitialised object or overlapping
 *   buffers returns before it writes anything, the reply context included.
 *   Only pssst_unpack_request, which learns where an in-place message may
 *   sit from the packet's header, finds some overlaps after it has cleared
 *   its outputs and its reply context.
 * - Buffers (messages, packets, keys, contexts, length and flag outputs)
 *   must not overlap, with one exception: the message may sit exactly where
 *   the library would put (or finds) it inside the packet, i.e.
 *   message == packet + pssst_message_offset(...). Any other overlap is
 *   refused with PSSST_ERR_INVALID_ARGUMENT.
 * - Secrets held in contexts are wiped by the `*_free` functions and, for
 *   reply contexts, as soon as they have been used.
 * - Thread safety: no global mutable state. A pssst_server and a
 *   pssst_client are read-only after init, so several threads may use one
 *   at once. A pssst_reply_ctx belongs to one thread at a time.
 */
#ifndef PSSST_H
#define PSSST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Major version of this header. */
#define PSSST_VERSION_MAJOR 0
/** Minor version of this header; until 1.0 a new minor may change the API. */
#define PSSST_VERSION_MINOR 1
/** Patch version of this header. */
#define PSSST_VERSION_PATCH 0
/** Version of this header as a string; pssst_version() gives the library's. */
#define PSSST_VERSION_STRING "0.1.0"

/** Size of every X25519 private key, public key and dh_param (spec 2.1). */
#define PSSST_KEY_SIZE 32
/** Packet header: 16-bit flags and 16-bit suite, big-endian (spec 4.1). */
#define PSSST_HEADER_SIZE 4
/** AES-128-GCM authentication tag (spec 3.2). */
#define PSSST_TAG_SIZE 16
/** Header, dh_param and tag: the smallest possible packet (spec 4.4). */
#define PSSST_OVERHEAD (PSSST_HEADER_SIZE + PSSST_KEY_SIZE + PSSST_TAG_SIZE)
/** Client-auth proof at the start of the request plaintext (spec 6.2). */
#define PSSST_PROOF_SIZE (2 * PSSST_KEY_SIZE)

/** Flag bit of the packet header: the packet is a reply (spec 4.2). */
#define PSSST_FLAG_REPLY 0x8000u
/** Flag bit of the packet header: client authentication (spec 4.2). */
#define PSSST_FLAG_CLIENT_AUTH 0x4000u

/** Cipher suites (spec 3.1). */
typedef enum {
    PSSST_SUITE_X25519_AESGCM128 = 1 /**< X25519, SHA-256, AES-128-GCM */
} pssst_suite;

/** Result of every fallible function (spec 10.1). */
typedef enum {
    PSSST_OK = 0,                 /**< success */
    PSSST_ERR_MALFORMED,          /**< packet too short, or reserved flag bits set */
    PSSST_ERR_UNSUPPORTED_SUITE,  /**< suite unknown, or not the one expected */
    PSSST_ERR_NOT_REQUEST,        /**< a server was given a reply */
    PSSST_ERR_NOT_REPLY,          /**< a client was given a request */
    PSSST_ERR_DECRYPT_FAILED,     /**< AES-GCM authentication failed */
    PSSST_ERR_CLIENT_AUTH_FAILED, /**< client-auth proof missing, short or forged */
    PSSST_ERR_REPLY_MISMATCH,     /**< reply does not belong to the pending request */
    PSSST_ERR_CONTEXT_USED,       /**< reply context already used (or never filled) */
    PSSST_ERR_BAD_KEY,            /**< a key or dh_param gives an all-zero X25519 result */
    PSSST_ERR_BUFFER_TOO_SMALL,   /**< output buffer too small; needed size returned */
    PSSST_ERR_RANDOM_FAILED,      /**< the operating system gave no randomness */
    PSSST_ERR_INVALID_ARGUMENT,   /**< NULL pointer, bad overlap, uninitialised context */
    PSSST_ERR_INTERNAL            /**< the crypto library failed (e.g. out of memory); spec 10.1 */
} pssst_status;

/** Number of status values; handy for tables indexed by status. */
#define PSSST_STATUS_COUNT 14

/**
 * The status name without its PSSST_ / PSSST_ERR_ prefix: "OK",
 * "MALFORMED", ... These names are used in test vectors and reports.
 * Returns "UNKNOWN" for a value outside the enum.
 */
const char *pssst_status_name(pssst_status s);

/** One readable sentence describing the status. Never NULL. */
const char *pssst_strerror(pssst_status s);

/**
 * Parses a status name as returned by pssst_status_name. Returns true and
 * stores the status when the name is known.
 */
bool pssst_status_from_name(const char *name, pssst_status *s);

/** The library version, "0.1.0". */
const char *pssst_version(void);

/**
 * Name of the crypto backend the library uses: "mbedtls" (mbedTLS 2.28's
 * modules), "psa" (the PSA Crypto API of mbedTLS 3.6 and later) or
 * "libsodium" (libsodium's X25519 and SHA-256, AES-GCM on mbedTLS's AES).
 */
const char *pssst_x25519_backend(void);

/**
 * The crypto library and version that backend was compiled against, e.g.
 * "mbedTLS 3.6.6 (PSA Crypto API)" or "libsodium 1.0.18 with mbedTLS
 * 2.28.3". Never NULL.
 */
const char *pssst_crypto_library(void);

/*
 * Context types. Complete so that callers can allocate them anywhere;
 * every field is private (left out of the API reference by @cond).
 */

/** A client for one server (pssst_client_init). Fields are private. */
typedef struct pssst_client {
    /** @cond PSSST_PRIVATE */
    uint32_t magic_;
    uint16_t suite_;
    uint8_t client_auth_;
    uint8_t server_public_[PSSST_KEY_SIZE];
    uint8_t client_private_[PSSST_KEY_SIZE];
    uint8_t client_public_[PSSST_KEY_SIZE];
    uint8_t client_server_shared_[PSSST_KEY_SIZE];
    /** @endcond */
} pssst_client;

/** A server with its static key (pssst_server_init). Fields are private. */
typedef struct pssst_server {
    /** @cond PSSST_PRIVATE */
    uint32_t magic_;
    uint16_t suite_;
    uint8_t server_private_[PSSST_KEY_SIZE];
    uint8_t server_public_[PSSST_KEY_SIZE];
    /** @endcond */
} pssst_server;

/**
 * What one request leaves behind to pack or read its one reply (spec 8.2):
 * filled by pssst_pack_request or pssst_unpack_request, used up by
 * pssst_unpack_reply or pssst_pack_reply. Fields are private.
 */
typedef struct pssst_reply_ctx {
    /** @cond PSSST_PRIVATE */
    uint32_t state_;
    uint16_t flags_;
    uint16_t suite_;
    uint8_t dh_param_[PSSST_KEY_SIZE];
    uint8_t key_[16];
    uint8_t nonce_[12];
    /** @endcond */
} pssst_reply_ctx;

/**
 * Generates a fresh X25519 key pair from the operating system's random
 * source. The private key is returned clamped.
 * Errors: UNSUPPORTED_SUITE, INVALID_ARGUMENT (NULL or overlapping outputs),
 * RANDOM_FAILED (nothing is returned then; outputs are wiped).
 */
pssst_status pssst_keypair_generate(pssst_suite suite, uint8_t private_key[PSSST_KEY_SIZE],
                                    uint8_t public_key[PSSST_KEY_SIZE]);

/**
 * Computes the public key of a private key. Any 32 bytes are a private key:
 * the scalar is clamped at use (spec 2.1), so a raw and a clamped form of
 * the same key give the same public key.
 * Errors: UNSUPPORTED_SUITE, INVALID_ARGUMENT (NULL, or the two keys overlap).
 */
pssst_status pssst_public_key(pssst_suite suite, const uint8_t private_key[PSSST_KEY_SIZE],
                              uint8_t public_key[PSSST_KEY_SIZE]);

/** What a key text holds (see pssst_key_text_write). */
typedef enum {
    PSSST_KEY_PRIVATE = 1, /**< an X25519 private key (spec 2.1) */
    PSSST_KEY_PUBLIC = 2   /**< an X25519 public key */
} pssst_key_kind;

/** Bytes pssst_key_text_write needs at most, for either kind. */
#define PSSST_KEY_TEXT_MAX 96

/**
 * Writes a key as the text of a key file, the format `pssst keygen` writes:
 * a first line "pssst private key v1" or "pssst public key v1", then the
 * 32 bytes as 64 lower-case hex digits, each line ended by "\n". No
 * terminating NUL is written. Hex digits are computed without branches or
 * table lookups on the key (spec 11.5).
 * Takes kind, the key, and text of text_size bytes (PSSST_KEY_TEXT_MAX is
 * always enough); *text_len receives the length written.
 * Errors: INVALID_ARGUMENT (unknown kind, NULL, or text overlapping the key
 * or text_len), BUFFER_TOO_SMALL (*text_len holds the size needed).
 */
pssst_status pssst_key_text_write(pssst_key_kind kind, const uint8_t key[PSSST_KEY_SIZE],
                                  char *text, size_t text_size, size_t *text_len);

/**
 * Reads the text of a key file: the format pssst_key_text_write writes, with
 * upper- or lower-case digits and "\n" or "\r\n" line ends (the last one
 * may be missing), or the older format of a private key alone: 64 hex digits
 * and at most one line end, read as PSSST_KEY_PRIVATE. Nothing else may
 * follow the key.
 * On success *kind and key are filled. error_offset may be NULL; on
 * MALFORMED it receives the offset of the first byte that does not fit the
 * format (text_len when the text ends too early).
 * Errors: INVALID_ARGUMENT (NULL, or key overlapping the other arguments),
 * MALFORMED (not a key text; key is wiped).
 */
pssst_status pssst_key_text_read(const char *text, size_t text_len, pssst_key_kind *kind,
                                 uint8_t key[PSSST_KEY_SIZE], size_t *error_offset);

/**
 * Prepares a client for one server. client_private_key NULL makes an
 * anonymous client; otherwise requests carry a client-auth proof (spec 6.2)
 * and the shared value X25519(c, S) is computed once here.
 * Errors: UNSUPPORTED_SUITE; INVALID_ARGUMENT (NULL client or server key, or a
 * key inside the client, which is wiped first);
 * BAD_KEY when the server public key is of low order (every X25519 result
 * with it would be zero, spec 5.3). The client is left wiped on error.
 */
pssst_status pssst_client_init(pssst_client *client, pssst_suite suite,
                               const uint8_t server_public_key[PSSST_KEY_SIZE],
                               const uint8_t *client_private_key);

/** Wipes a client. NULL is ignored. */
void pssst_client_free(pssst_client *client);

/**
 * Size of the request packet for a message of message_len bytes:
 * 52 + message_len, plus 64 with client authentication. Returns 0 when the
 * client is NULL or uninitialised, or the size would overflow size_t.
 */
size_t pssst_request_size(const pssst_client *client, size_t message_len);

/** Size of a reply packet for a message: 52 + message_len (0 on overflow). */
size_t pssst_reply_size(size_t message_len);

/**
 * Offset of the message inside a packet: 36 for replies and anonymous
 * requests, 100 for client-auth requests. Use it to pack or unpack in
 * place (message == packet + offset).
 */
size_t pssst_message_offset(bool request, bool client_auth);

/**
 * Packs a request (spec 6). A fresh ephemeral scalar is drawn from the
 * operating system. On success, *packet_len is the packet size and *reply
 * holds what is needed to read the reply, once (spec 8.2).
 * Errors: INVALID_ARGUMENT; BUFFER_TOO_SMALL (*packet_len = needed size);
 * RANDOM_FAILED; BAD_KEY (cannot happen with a key accepted by init, kept
 * for completeness). On any error but INVALID_ARGUMENT, *reply is left
 * unusable (CONTEXT_USED), even if an earlier request had filled it
 * (spec 8.2); INVALID_ARGUMENT for a missing pointer, an uninitialised client
 * or overlapping buffers leaves it as it was.
 */
pssst_status pssst_pack_request(const pssst_client *client, const uint8_t *message,
                                size_t message_len, uint8_t *packet, size_t packet_size,
                                size_t *packet_len, pssst_reply_ctx *reply);

/**
 * Known-answer form of pssst_pack_request: the ephemeral scalar is given
 * (raw 32 bytes, clamped at use; in client-auth mode it is sent in the
 * proof exactly as given). Never use a scalar twice outside tests.
 */
pssst_status pssst_pack_request_with_ephemeral(const pssst_client *client,
                                               const uint8_t ephemeral_private_key[PSSST_KEY_SIZE],
                                               const uint8_t *message, size_t message_len,
                                               uint8_t *packet, size_t packet_size,
                                               size_t *packet_len, pssst_reply_ctx *reply);

/**
 * Client side: unpacks the reply to the request that filled *reply
 * (spec 9). The context is used up (and wiped) by any call that reaches
 * decryption, whether the reply then authenticates or not (spec 8.2);
 * calls refused before that (a packet that is malformed, not a reply, for
 * another request, or a buffer too small) leave it ready, so a client may
 * keep waiting for its real reply.
 * Errors: CONTEXT_USED; MALFORMED; UNSUPPORTED_SUITE; NOT_REPLY;
 * REPLY_MISMATCH; BUFFER_TOO_SMALL (*message_len = needed size);
 * DECRYPT_FAILED; INVALID_ARGUMENT.
 */
pssst_status pssst_unpack_reply(pssst_reply_ctx *reply, const uint8_t *packet,
                                size_t packet_len, uint8_t *message, size_t message_size,
                                size_t *message_len);

/**
 * Prepares a server with its static private key (any 32 bytes; clamped at
 * use). The public key is derived and kept.
 * Errors: UNSUPPORTED_SUITE, INVALID_ARGUMENT (NULL, or the key inside the
 * server, which is wiped first).
 */
pssst_status pssst_server_init(pssst_server *server, pssst_suite suite,
                               const uint8_t server_private_key[PSSST_KEY_SIZE]);

/** Wipes a server. NULL is ignored. */
void pssst_server_free(pssst_server *server);

/**
 * Server side: unpacks a request (spec 7) in the order of spec 7.1.
 * On success the message is in message[0..*message_len), *reply can pack
 * one reply, and with client authentication *client_authenticated is true
 * and client_public_key holds the proven client key; otherwise it is
 * false and client_public_key is zeroed. client_public_key and
 * client_authenticated may be NULL when the caller does not want them.
 * Errors: MALFORMED; UNSUPPORTED_SUITE; NOT_REQUEST; CLIENT_AUTH_FAILED;
 * BUFFER_TOO_SMALL (*message_len = needed size); BAD_KEY (dh_param of low
 * order); DECRYPT_FAILED; INVALID_ARGUMENT. On error client_public_key is
 * zeroed and *client_authenticated false (spec 10.3), and *reply is
 * unusable, except after INVALID_ARGUMENT for a missing pointer, an
 * uninitialised server or overlapping buffers, which leaves all of them as
 * they were.
 */
pssst_status pssst_unpack_request(const pssst_server *server, const uint8_t *packet,
                                  size_t packet_len, uint8_t *message, size_t message_size,
                                  size_t *message_len, uint8_t client_public_key[PSSST_KEY_SIZE],
                                  bool *client_authenticated, pssst_reply_ctx *reply);

/**
 * Server side: packs the reply (spec 8.1). The context is used up (and
 * wiped) when the reply is sealed; argument errors (INVALID_ARGUMENT,
 * BUFFER_TOO_SMALL with *packet_len = needed size) leave it ready.
 * Errors: CONTEXT_USED, BUFFER_TOO_SMALL, INVALID_ARGUMENT.
 */
pssst_status pssst_pack_reply(pssst_reply_ctx *reply, const uint8_t *message,
                              size_t message_len, uint8_t *packet, size_t packet_size,
                              size_t *packet_len);

/** Wipes a reply context that will not be used. NULL is ignored. */
void pssst_reply_ctx_free(pssst_reply_ctx *reply);

#ifdef __cplusplus
}
#endif

#endif /* PSSST_H */
