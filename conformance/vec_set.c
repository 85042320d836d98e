/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vec_set.c - the files of a run (vec_set.h): found, loaded, hashed
 * together, and their tcIds checked unique (vec_check_unique_ids).
 */
#include "vec_set.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto.h"
#include "hex.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether a folder's JSON file is a vector or transcript file (vec_set.h).
 * What cannot be read or parsed counts as one, so that the loader tells why. */
static bool is_of_kind(const char *path)
{
    conform_error ignored;
    cJSON *root = json_read_file(path, &ignored);
    bool kind = root == NULL || !cJSON_IsObject(root) ||
                cJSON_GetObjectItemCaseSensitive(root, "testGroups") != NULL ||
                cJSON_GetObjectItemCaseSensitive(root, "transcripts") != NULL;
    cJSON_Delete(root);
    return kind;
}

static int load(vec_set *set, const char *path, conform_error *err)
{
    vec_file *files = realloc(set->files, (set->n_files + 1) * sizeof *files);
    if (files == NULL)
        return conform_error_set(err, "out of memory");
    set->files = files;
    if (vec_load_file(path, &files[set->n_files], err) != 0)
        return -1;
    set->n_files++;
    return 0;
}

/* Adds "path (why)" to set->left_out. */
static int leave_out(vec_set *set, const char *path, const char *why, conform_error *err)
{
    size_t len = strlen(path) + strlen(why) + 4;
    char **items = realloc(set->left_out, (set->n_left_out + 1) * sizeof *items);
    if (items != NULL)
        set->left_out = items;
    if (items == NULL || (items[set->n_left_out] = malloc(len)) == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    snprintf(items[set->n_left_out++], len, "%s (%s)", path, why);
    return 0;
}

static int folder_entry(vec_set *set, const char *dir, const char *name, bool include_canaries,
                        conform_error *err)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    int rc = 0;
    if (path == NULL)
        return conform_error_set(err, "%s: out of memory", dir);
    snprintf(path, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name);
    if (!is_regular(path))
        rc = 0;
    else if (strcmp(name, VEC_CANARY_NAME) == 0 && !include_canaries)
        rc = leave_out(set, path, "canary file: name it or use --include-canaries", err);
    else if (!is_of_kind(path))
        rc = leave_out(set, path, "no \"testGroups\" or \"transcripts\" member: not a vector "
                                  "or transcript file", err);
    else
        rc = load(set, path, err);
    free(path);
    return rc;
}

static int json_name(const struct dirent *e)
{
    return ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".schema.json");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int load_folder(vec_set *set, const char *dir, bool include_canaries, conform_error *err)
{
    struct dirent **names;
    int n = scandir(dir, &names, json_name, by_name), rc = 0;
    if (n < 0)
        return conform_error_set(err, "%s: cannot open folder: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++) {
        if (rc == 0)
            rc = folder_entry(set, dir, names[i]->d_name, include_canaries, err);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int load_path(vec_set *set, const char *path, bool include_canaries, conform_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return conform_error_set(err, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return load_folder(set, path, include_canaries, err);
    if (!S_ISREG(st.st_mode))
        return conform_error_set(err, "%s: not a regular file or folder", path);
    return load(set, path, err);
}

typedef struct {
    const char *id;
    size_t file, group, test, order;
} id_ref;

/* By id, then in file order, so that a duplicate names the earlier use. */
static int cmp_id_ref(const void *x, const void *y)
{
    const id_ref *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    return c != 0 ? c : (a->order > b->order) - (a->order < b->order);
}

int vec_check_unique_ids(const vec_file *files, size_t n_files, conform_error *err)
{
    size_t n = 0;
    int rc = 0;
    for (size_t f = 0; f < n_files; f++)
        for (size_t g = 0; !files[f].is_transcript && g < files[f].n_groups; g++)
            n += files[f].groups[g].n_tests;
    id_ref *refs = calloc(n + 1, sizeof *refs);
    if (refs == NULL)
        return conform_error_set(err, "out of memory");
    n = 0;
    for (size_t f = 0; f < n_files; f++)
        for (size_t g = 0; !files[f].is_transcript && g < files[f].n_groups; g++)
            for (size_t i = 0; i < files[f].groups[g].n_tests; i++, n++)
                refs[n] = (id_ref){files[f].groups[g].tests[i].tc_id, f, g, i, n};
    qsort(refs, n, sizeof *refs, cmp_id_ref);
    for (size_t k = 1; k < n && rc == 0; k++) {
        const id_ref *a = &refs[k - 1], *b = &refs[k];
        const char *pa = files[a->file].path, *pb = files[b->file].path;
        if (strcmp(a->id, b->id) != 0)
            continue;
        if (a->file == b->file)
            rc = conform_error_set(err, "testGroups[%zu].tests[%zu].tcId: \"%.80s\" already used "
                                        "by testGroups[%zu].tests[%zu]",
                                   b->group, b->test, b->id, a->group, a->test);
        else if (strcmp(pa, pb) == 0)
            rc = conform_error_set(err, "%s: file given twice", pb);
        else
            rc = conform_error_set(err, "%s: testGroups[%zu].tests[%zu].tcId: \"%.80s\" is also "
                                        "used in %s",
                                   pb, b->group, b->test, b->id, pa);
    }
    free(refs);
    return rc;
}

void vec_sha256_hex(const uint8_t sha[VEC_SHA256_SIZE], char out[2 * VEC_SHA256_SIZE + 1])
{
    hex_encode(sha, VEC_SHA256_SIZE, out);
}

static int cmp_file_name(const void *a, const void *b)
{
    const vec_file *x = *(const vec_file *const *)a, *y = *(const vec_file *const *)b;
    int c = strcmp(x->name, y->name);
    return c != 0 ? c : strcmp(x->path, y->path);
}

/* See vec_set.h for the definition of the combined hash. */
static int combined_hash(vec_set *set, conform_error *err)
{
    const vec_file **order = calloc(set->n_files + 1, sizeof *order);
    size_t size = 1;
    for (size_t i = 0; i < set->n_files; i++)
        size += 2 * VEC_SHA256_SIZE + 3 + strlen(set->files[i].name);
    char *text = malloc(size);
    if (order == NULL || text == NULL) {
        free(order);
        free(text);
        return conform_error_set(err, "out of memory");
    }
    for (size_t i = 0; i < set->n_files; i++)
        order[i] = &set->files[i];
    qsort(order, set->n_files, sizeof *order, cmp_file_name);
    size_t len = 0;
    for (size_t i = 0; i < set->n_files; i++) {
        char hex[2 * VEC_SHA256_SIZE + 1];
        vec_sha256_hex(order[i]->sha256, hex);
        len += (size_t)snprintf(text + len, size - len, "%s  %s\n", hex, order[i]->name);
    }
    int rc = pssst_sha256_2(set->combined_sha256, (const uint8_t *)text, len, NULL, 0);
    free(order);
    free(text);
    if (rc != 0)
        return conform_error_set(err, "SHA-256 failed");
    return 0;
}

int vec_set_load(const char *const *paths, size_t n_paths, bool include_canaries, vec_set *set,
                 conform_error *err)
{
    int rc = 0;
    memset(set, 0, sizeof *set);
    for (size_t i = 0; rc == 0 && i < n_paths; i++)
        rc = load_path(set, paths[i], include_canaries, err);
    if (rc == 0 && set->n_files == 0)
        rc = conform_error_set(err, "no vector files found%s%s", n_paths ? " in " : "",
                               n_paths ? paths[0] : "");
    if (rc == 0)
        rc = combined_hash(set, err);
    if (rc == 0)
        rc = vec_check_unique_ids(set->files, set->n_files, err);
    if (rc != 0)
        vec_set_free(set);
    return rc;
}

void vec_set_free(vec_set *set)
{
    for (size_t i = 0; i < set->n_files; i++)
        vec_file_free(&set->files[i]);
    free(set->files);
    string_list_free(set->left_out, set->n_left_out);
    memset(set, 0, sizeof *set);
}
