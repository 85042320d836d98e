/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_load_internal.h - what the loader's files share: the two file
 * kinds (vector_load.c, transcript_load.c), a test's hex members and
 * stages (vector_members.c) and its lists (vector_lists.c).
 */
#ifndef PSSST_CONFORM_VECTOR_LOAD_INTERNAL_H
#define PSSST_CONFORM_VECTOR_LOAD_INTERNAL_H

#include "vector_load.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The top level of each kind of file (spec/vectors.md 2.1, 9). */
int vec_parse_vector_file(const cJSON *root, vec_file *f, conform_error *err);
int vec_parse_transcript_file(const cJSON *root, vec_file *f, conform_error *err);

/* A vector test's hex members and "intermediate" (spec/vectors.md 2.3). */
int vec_read_test_members(const cJSON *obj, const char *path, vec_test *t, conform_error *err);
/* A transcript's hex members; the client keys given exactly when auth (9). */
int vec_read_transcript_members(const cJSON *obj, const char *path, bool auth, vec_test *t,
                                conform_error *err);
/* "stage" (spec/vectors.md 3.3), then whether every member the role's
 * procedure reaches is there (3.1, 3.2). */
int vec_parse_stage(const cJSON *obj, const char *path, const vec_group *g, vec_test *t,
                    conform_error *err);
int vec_check_needs(const vec_group *g, const vec_test *t, const char *path, conform_error *err);
void vec_test_free(vec_test *t);

/* sections, requirements, flags, errors (spec/vectors.md 2.3, 4, 7);
 * repliesBefore (6). */
int vec_read_lists(const cJSON *obj, const char *path, const cJSON *notes, vec_test *t,
                   conform_error *err);
int vec_parse_replies_before(const cJSON *obj, const char *path, const vec_group *g,
                             vec_test *t, conform_error *err);

#endif
