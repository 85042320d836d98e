/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_file.c - a vector or transcript file from disk or memory into a
 * vec_file: read, hashed, parsed, told apart by its top-level member; freed.
 */
#include "vector_load_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

/* The kind of file is told by its top-level member (spec/vectors.md 2.1, 9). */
static int parse_root(const cJSON *root, vec_file *f, conform_error *err)
{
    if (json_require_object(root, "", err) != 0)
        return -1;
    bool vectors = cJSON_GetObjectItemCaseSensitive(root, "testGroups") != NULL;
    f->is_transcript = cJSON_GetObjectItemCaseSensitive(root, "transcripts") != NULL;
    if (vectors && f->is_transcript)
        return conform_error_set(err, "(top level): has both \"testGroups\" and \"transcripts\" "
                                      "(a vector file or a transcript file?)");
    if (vectors)
        return vec_parse_vector_file(root, f, err);
    if (f->is_transcript)
        return vec_parse_transcript_file(root, f, err);
    return conform_error_set(err, "(top level): neither \"testGroups\" (a vector file) nor "
                                  "\"transcripts\" (a transcript file)");
}

int vec_load_buffer(const char *name, const char *data, size_t len, vec_file *out,
                    conform_error *err)
{
    const char *slash = strrchr(name, '/');
    int rc = -1;
    memset(out, 0, sizeof *out);
    out->path = string_copy(name);
    out->name = string_copy(slash != NULL ? slash + 1 : name);
    if (out->path == NULL || out->name == NULL)
        conform_error_set(err, "out of memory");
    else if (pssst_sha256_2(out->sha256, (const uint8_t *)data, len, NULL, 0) != 0)
        conform_error_set(err, "SHA-256 failed");
    else {
        cJSON *root = json_parse_text(data, len, err);
        rc = root != NULL ? parse_root(root, out, err) : -1;
        cJSON_Delete(root);
    }
    if (rc != 0) {
        conform_error_prefix(err, name);
        vec_file_free(out);
    }
    return rc;
}

void vec_file_free(vec_file *f)
{
    if (f == NULL)
        return;
    for (size_t g = 0; g < f->n_groups; g++) {
        for (size_t i = 0; i < f->groups[g].n_tests; i++)
            vec_test_free(&f->groups[g].tests[i]);
        free(f->groups[g].tests);
        free(f->groups[g].type);
    }
    free(f->groups);
    free(f->path);
    free(f->name);
    free(f->algorithm);
    free(f->generator);
    free(f->source);
    memset(f, 0, sizeof *f);
}

/* Doubles the buffer of vec_read_file, up to VEC_MAX_FILE_SIZE. */
static int grow(char **data, size_t *cap, const char *path, conform_error *err)
{
    if (*cap >= VEC_MAX_FILE_SIZE)
        return conform_error_set(err, "%s: larger than %u bytes", path, VEC_MAX_FILE_SIZE);
    size_t bigger_cap = *cap != 0 ? 2 * *cap : 65536;
    char *bigger = realloc(*data, bigger_cap + 1);
    if (bigger == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    *data = bigger;
    *cap = bigger_cap;
    return 0;
}

int vec_read_file(const char *path, char **data, size_t *len, conform_error *err)
{
    FILE *fp = fopen(path, "rb");
    size_t cap = 0, got = 1;
    int rc = 0;
    *data = NULL;
    *len = 0;
    if (fp == NULL)
        return conform_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    while (rc == 0 && got > 0) {
        if (*len == cap)
            rc = grow(data, &cap, path, err);
        got = rc == 0 ? fread(*data + *len, 1, cap - *len, fp) : 0;
        *len += got;
    }
    if (rc == 0 && ferror(fp))
        rc = conform_error_set(err, "%s: read error", path);
    fclose(fp);
    if (rc == 0) {
        (*data)[*len] = '\0';
        return 0;
    }
    free(*data);
    *data = NULL;
    *len = 0;
    return -1;
}

cJSON *json_read_file(const char *path, conform_error *err)
{
    char *data;
    size_t len;
    if (vec_read_file(path, &data, &len, err) != 0)
        return NULL;
    cJSON *root = json_parse_text(data, len, err);
    free(data);
    if (root == NULL)
        conform_error_prefix(err, path);
    return root;
}

int vec_load_file(const char *path, vec_file *out, conform_error *err)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (vec_read_file(path, &data, &len, err) != 0)
        return -1;
    int rc = vec_load_buffer(path, data, len, out, err);
    free(data);
    return rc;
}
