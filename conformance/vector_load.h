/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_load.h - the in-memory form of a PSSST test-vector file
 * or transcript file (spec/vectors.md 2 and 9) and its loader.
 *
 * The loader checks everything the replay needs (types, hex, key sizes,
 * status names, the members each role and stage uses), so that replay.c
 * never meets a malformed test. Every error names the file and the JSON
 * path. Nothing here exits the process (vec_load_buffer is fuzzed).
 */
#ifndef PSSST_CONFORM_VECTOR_LOAD_H
#define PSSST_CONFORM_VECTOR_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conform_error.h"
#include "json_util.h"

#define VEC_SHA256_SIZE 32

/* Largest vector or transcript file read (far above anything shipped). */
#define VEC_MAX_FILE_SIZE (64u * 1024u * 1024u)

typedef enum { VEC_ROLE_CLIENT, VEC_ROLE_SERVER } vec_role;
typedef enum { VEC_MODE_ANONYMOUS, VEC_MODE_CLIENT_AUTH } vec_mode;
typedef enum { VEC_RESULT_VALID, VEC_RESULT_INVALID, VEC_RESULT_ACCEPTABLE } vec_result;

/* The operation of the role procedure at which an invalid test must fail. */
typedef enum {
    VEC_STAGE_NONE = 0, /* valid tests: the whole procedure succeeds */
    VEC_STAGE_CLIENT_INIT,
    VEC_STAGE_PACK_REQUEST,
    VEC_STAGE_UNPACK_REPLY,
    VEC_STAGE_SERVER_INIT,
    VEC_STAGE_UNPACK_REQUEST,
    VEC_STAGE_REUSE
} vec_stage;

/* Intermediate values of the key schedule (spec 5), valid tests only. */
typedef struct {
    vec_key dh_param;
    vec_key shared;
    bool has_key, has_client_nonce, has_server_nonce;
    uint8_t key[16];
    uint8_t client_nonce[12];
    uint8_t server_nonce[12];
} vec_intermediate;

/* A packet delivered to the client before replyPacket; it must be
 * refused with one of errors (spec 8.2: a refused packet may leave the
 * reply context usable or consume it, depending on where it was refused). */
typedef struct {
    vec_bytes packet;
    char **errors;
    size_t n_errors;
} vec_reply_before;

typedef struct {
    char *tc_id;
    char *comment;            /* may be NULL */
    char **sections;          /* spec section numbers, e.g. "7.1" */
    size_t n_sections;
    char **requirements;      /* MUST sentences quoted from the spec */
    size_t n_requirements;
    char **flags;
    size_t n_flags;
    vec_result result;
    char **errors;            /* allowed status names, canonical first */
    size_t n_errors;
    vec_stage stage;
    vec_key server_private, server_public;
    vec_key client_private, client_public;
    vec_key ephemeral_private;
    vec_bytes request, request_packet, reply, reply_packet;
    vec_intermediate intermediate;
    vec_reply_before *replies_before; /* client role only */
    size_t n_replies_before;
} vec_test;

typedef struct {
    char *type;
    vec_role role;
    vec_mode mode;
    uint16_t suite;
    vec_test *tests;
    size_t n_tests;
} vec_group;

typedef struct {
    char *path;               /* as given (used in messages and reports) */
    char *name;               /* last path component */
    bool is_transcript;       /* a transcript file (spec/vectors.md 9) */
    uint8_t sha256[VEC_SHA256_SIZE]; /* of the file's bytes */
    char *algorithm;
    char *generator;          /* generatorVersion, or a transcript's generator */
    char *source;
    size_t number_of_tests;   /* tests in the file (replays may be more) */
    vec_group *groups;
    size_t n_groups;
} vec_file;

/*
 * Parses a file held in data[0..len): a vector file when the top-level
 * object has "testGroups", a transcript file when it has "transcripts"
 * (each transcript becomes one valid test, tcId "transcript-<id>", in a
 * client group and one in a server group of its mode). name is used in
 * messages and stored as the path. On error *out is left empty (nothing
 * to free) and err holds "name: json.path: problem".
 */
int vec_load_buffer(const char *name, const char *data, size_t len, vec_file *out,
                    conform_error *err);

/* Reads path (vec_read_file) and parses it with vec_load_buffer. */
int vec_load_file(const char *path, vec_file *out, conform_error *err);

void vec_file_free(vec_file *f);

/* Reads a whole file (at most VEC_MAX_FILE_SIZE bytes) into a malloc'd,
 * NUL-terminated buffer. */
int vec_read_file(const char *path, char **data, size_t *len, conform_error *err);

/* Reads path (vec_read_file) and parses it as JSON; NULL with err set
 * ("path: line L, column C: ..." for a syntax error) when it cannot. */
cJSON *json_read_file(const char *path, conform_error *err);

/*
 * tcIds name tests for --id and in reports, so they must be unique within
 * a file and across the files of a run (transcript files are left out:
 * their ids are checked as transcript ids). With one file the message is
 * "testGroups[g].tests[i].tcId: ... already used by ..."; with several it
 * names both files.
 */
int vec_check_unique_ids(const vec_file *files, size_t n_files, conform_error *err);

/* Names used in the JSON and in output. */
const char *vec_role_name(vec_role r);
const char *vec_mode_name(vec_mode m);
const char *vec_result_name(vec_result r);
const char *vec_stage_name(vec_stage s);

#endif
