/* SPDX-License-Identifier: Apache-2.0 */
#include "vec_set.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto.h"
#include "hex.h"

/* A growable list of malloc'd strings. */
typedef struct {
    char **items;
    size_t n, cap;
} str_list;

static int str_list_add(str_list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return -1;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n] = ju_strdup(s);
    if (l->items[l->n] == NULL)
        return -1;
    l->n++;
    return 0;
}

static void str_list_free(str_list *l)
{
    ju_string_array_free(l->items, l->n);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether a folder's JSON file is of the kind being run (see vec_set.h). */
static bool is_of_kind(const char *path, const char *kind_member)
{
    char *data;
    size_t len;
    conform_error ignored;
    if (vec_read_file(path, &data, &len, &ignored) != 0)
        return true; /* the loader reports the problem */
    cJSON *root = ju_parse(data, len, &ignored);
    free(data);
    if (root == NULL)
        return true;
    bool kind = !cJSON_IsObject(root) || cJSON_GetObjectItemCaseSensitive(root, kind_member) != NULL;
    cJSON_Delete(root);
    return kind;
}

static int leave_out(str_list *left_out, const char *path, const char *why)
{
    size_t len = strlen(path) + strlen(why) + 4;
    char *line = malloc(len);
    if (line == NULL)
        return -1;
    snprintf(line, len, "%s (%s)", path, why);
    int rc = str_list_add(left_out, line);
    free(line);
    return rc;
}

/* Sorts one folder entry into files or left_out. */
static int sort_entry(const char *path, const char *name, bool include_canaries,
                      const char *kind_member, str_list *files, str_list *left_out)
{
    if (!is_regular(path))
        return 0;
    if (strcmp(name, VEC_CANARY_NAME) == 0 && !include_canaries)
        return leave_out(left_out, path, "canary file: name it or use --include-canaries");
    if (!is_of_kind(path, kind_member)) {
        char why[96];
        snprintf(why, sizeof why, "no \"%.40s\" member: not a file of this kind", kind_member);
        return leave_out(left_out, path, why);
    }
    return str_list_add(files, path);
}

/* The *.json files of a folder, sorted; others go to left_out. */
static int list_folder(const char *dir, bool include_canaries, const char *kind_member,
                       str_list *files, str_list *left_out, conform_error *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return conform_error_set(err, "%s: cannot open folder: %s", dir, strerror(errno));
    str_list names = {0};
    int rc = 0;
    for (struct dirent *e = readdir(d); e != NULL && rc == 0; e = readdir(d)) {
        if (!ends_with(e->d_name, ".json") || ends_with(e->d_name, ".schema.json"))
            continue;
        rc = str_list_add(&names, e->d_name);
    }
    closedir(d);
    if (rc != 0) {
        str_list_free(&names);
        return conform_error_set(err, "%s: out of memory", dir);
    }
    if (names.n > 0)
        qsort(names.items, names.n, sizeof *names.items, cmp_str);
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names.items[i]) + 2;
        char *path = malloc(len);
        if (path == NULL) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", names.items[i]);
        rc = sort_entry(path, names.items[i], include_canaries, kind_member, files, left_out);
        free(path);
    }
    str_list_free(&names);
    if (rc != 0)
        return conform_error_set(err, "%s: out of memory", dir);
    return 0;
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

/* A tcId must name one test in the whole run (--id, reports). */
static int check_ids_across_files(const vec_set *set, conform_error *err)
{
    size_t n = 0;
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; !set->files[f].is_transcript && g < set->files[f].n_groups; g++)
            n += set->files[f].groups[g].n_tests;
    vec_id_ref *refs = calloc(n + 1, sizeof *refs);
    if (refs == NULL)
        return conform_error_set(err, "out of memory");
    size_t k = 0;
    for (size_t f = 0; f < set->n_files; f++) {
        const vec_file *file = &set->files[f];
        for (size_t g = 0; !file->is_transcript && g < file->n_groups; g++)
            for (size_t i = 0; i < file->groups[g].n_tests; i++)
                refs[k++] = (vec_id_ref){file->groups[g].tests[i].tc_id, f, g, i};
    }
    const vec_id_ref *a = NULL, *b = NULL;
    int rc = 0;
    /* Each file's ids are unique (vector_load.c), so a pair spans two files. */
    if (vec_find_duplicate_id(refs, n, &a, &b) &&
        strcmp(set->files[a->file].path, set->files[b->file].path) == 0)
        rc = conform_error_set(err, "%s: file given twice", set->files[b->file].path);
    else if (a != NULL && b != NULL)
        rc = conform_error_set(err, "%s: testGroups[%zu].tests[%zu].tcId: \"%.80s\" is also used in %s",
                               set->files[b->file].path, b->group, b->test, b->id,
                               set->files[a->file].path);
    free(refs);
    return rc;
}

static int collect(const char *const *paths, size_t n_paths, bool include_canaries,
                   const char *kind_member, str_list *files, str_list *left_out,
                   conform_error *err)
{
    for (size_t i = 0; i < n_paths; i++) {
        if (is_directory(paths[i])) {
            if (list_folder(paths[i], include_canaries, kind_member, files, left_out, err) != 0)
                return -1;
            continue;
        }
        if (!is_regular(paths[i])) {
            errno = 0;
            struct stat st;
            if (stat(paths[i], &st) != 0)
                return conform_error_set(err, "%s: %s", paths[i], strerror(errno));
            return conform_error_set(err, "%s: not a regular file or folder", paths[i]);
        }
        if (str_list_add(files, paths[i]) != 0)
            return conform_error_set(err, "out of memory");
    }
    return 0;
}

int vec_set_load(const char *const *paths, size_t n_paths, bool include_canaries,
                 const char *kind_member, vec_file_loader load, vec_set *set,
                 conform_error *err)
{
    str_list files = {0}, left_out = {0};
    memset(set, 0, sizeof *set);
    int rc = collect(paths, n_paths, include_canaries, kind_member, &files, &left_out, err);
    if (rc == 0 && files.n == 0)
        rc = conform_error_set(err, "no vector files found%s%s", n_paths ? " in " : "",
                               n_paths ? paths[0] : "");
    if (rc == 0) {
        set->files = calloc(files.n, sizeof *set->files);
        if (set->files == NULL)
            rc = conform_error_set(err, "out of memory");
    }
    for (size_t i = 0; rc == 0 && i < files.n; i++) {
        rc = load(files.items[i], &set->files[i], err);
        if (rc == 0)
            set->n_files++;
    }
    if (rc == 0)
        rc = combined_hash(set, err);
    if (rc == 0)
        rc = check_ids_across_files(set, err);
    str_list_free(&files);
    set->left_out = left_out.items;
    set->n_left_out = left_out.n;
    if (rc != 0)
        vec_set_free(set);
    return rc;
}

void vec_set_free(vec_set *set)
{
    for (size_t i = 0; i < set->n_files; i++)
        vec_file_free(&set->files[i]);
    free(set->files);
    ju_string_array_free(set->left_out, set->n_left_out);
    memset(set, 0, sizeof *set);
}
