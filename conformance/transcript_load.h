/* SPDX-License-Identifier: Apache-2.0 */
/*
 * transcript_load.h - loads a transcript file in the shared reference
 * format (vectors/reference/README.md; spec/vectors.md "Transcripts") into
 * the structs of vector_load.h. Every transcript becomes one valid test in
 * a client group and one in a server group of its mode, with tcId
 * "transcript-<id>", so the same replay code runs both.
 */
#ifndef PSSST_CONFORM_TRANSCRIPT_LOAD_H
#define PSSST_CONFORM_TRANSCRIPT_LOAD_H

#include "vector_load.h"

/* Parses a transcript file held in data[0..len); no process exit inside. */
int transcript_load_buffer(const char *name, const char *data, size_t len, vec_file *out,
                           conform_error *err);

int transcript_load_file(const char *path, vec_file *out, conform_error *err);

#endif
