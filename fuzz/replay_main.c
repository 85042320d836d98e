/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_main.c - the "replay" fuzz engine: a main() that runs a harness
 * once on every file named on the command line or found (recursively) in
 * the folders named there. It needs no fuzzing compiler, so gcc builds and
 * CTest replay every corpus and regression input in the normal test run.
 *
 * Each input is copied into a heap buffer of exactly its size, so that
 * AddressSanitizer (PSSST_SANITIZE=ON) reports a read even one byte past
 * its end. Files whose names start with '.' (such as .gitkeep) are skipped.
 * Folders are walked in sorted order so that a failure names the same file
 * on every run.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

/* Largest input replayed; corpus files are far smaller. */
#define REPLAY_MAX_INPUT (16u * 1024u * 1024u)

static size_t inputs_run;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;

    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        (unsigned long)size > REPLAY_MAX_INPUT) {
        fprintf(stderr, "replay: cannot size %s (or larger than %u bytes)\n", path,
                REPLAY_MAX_INPUT);
        fclose(f);
        return -1;
    }
    data = malloc(size > 0 ? (size_t)size : 1);
    if (data == NULL || (size > 0 && fread(data, 1, (size_t)size, f) != (size_t)size)) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    /* An empty input is passed as a NULL-free pointer to zero bytes, as
     * libFuzzer does. */
    LLVMFuzzerTestOneInput(data, (size_t)size);
    free(data);
    inputs_run++;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(const char *path);

static int replay_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "replay: cannot open folder %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t new_cap = cap == 0 ? 64 : 2 * cap;
            char **grown = realloc(names, new_cap * sizeof *names);
            if (grown == NULL) {
                rc = -1;
                break;
            }
            names = grown;
            cap = new_cap;
        }
        names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (names[n] == NULL) {
            rc = -1;
            break;
        }
        sprintf(names[n], "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = replay_path(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int replay_path(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return replay_dir(path);
    return replay_file(path);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-FOLDER...\n"
                        "Runs the harness once on every file given or found in the folders.\n",
                argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (replay_path(argv[i]) != 0)
            return 1;
    }
    printf("replayed %zu inputs\n", inputs_run);
    return 0;
}
