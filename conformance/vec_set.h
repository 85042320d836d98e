/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vec_set.h - the set of files one run replays: collected from file and
 * folder arguments, loaded, and identified by a combined SHA-256 so that a
 * report says exactly which vectors it is about.
 *
 * Combined hash: SHA-256 over the lines "<sha256 hex>  <file name>\n" of
 * every file, sorted by file name (bytewise) - the output format of
 * sha256sum, so `sha256sum *.json | LC_ALL=C sort -k2 | sha256sum` in the
 * folder gives the same value.
 */
#ifndef PSSST_CONFORM_VEC_SET_H
#define PSSST_CONFORM_VEC_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "vector_load.h"

typedef struct {
    vec_file *files;
    size_t n_files;
    uint8_t combined_sha256[VEC_SHA256_SIZE];
    /* Folder entries left out, e.g. canary.json without --include-canaries. */
    char **left_out;
    size_t n_left_out;
} vec_set;

/* Name of the file whose tests are meant to fail (runner self-check). */
#define VEC_CANARY_NAME "canary.json"

/*
 * Loads every path with vec_load_file: a file as named (canaries too); a
 * folder's *.json files in name order, except sub-folders, *.schema.json,
 * canary.json (unless include_canaries) and JSON documents with neither
 * "testGroups" nor "transcripts" (e.g. a coverage report beside the
 * vectors). Folder files left out are listed in set->left_out with the
 * reason; one that is not valid JSON is loaded, so that its error shows.
 */
int vec_set_load(const char *const *paths, size_t n_paths, bool include_canaries, vec_set *set,
                 conform_error *err);

void vec_set_free(vec_set *set);

/* Lower-case hex of a SHA-256 value into out (65 bytes). */
void vec_sha256_hex(const uint8_t sha[VEC_SHA256_SIZE], char out[2 * VEC_SHA256_SIZE + 1]);

#endif
