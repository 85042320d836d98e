/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

const char *cli_option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0)
        return NULL;
    return *i + 1 < argc ? argv[++*i] : "";
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * dir_of_exe/rel in out, from /proc/self/exe, so that an installed tree
 * keeps working after it is moved. False where that link is unavailable.
 */
static int beside_executable(const char *rel, char *out, size_t out_size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return 0;
    *slash = '\0';
    int w = snprintf(out, out_size, "%s/%s", exe, rel);
    return w > 0 && (size_t)w < out_size;
}

const char *cli_default_vectors(const char *source_dir, const char *installed_rel)
{
    static char installed[PATH_MAX];
    const char *env = getenv("PSSST_VECTORS_DIR");
    if (env != NULL && env[0] != '\0')
        return env;
    /* The source tree first, so a build tree always uses its own vectors. */
    if (is_directory(source_dir))
        return source_dir;
    if (installed_rel != NULL && installed_rel[0] != '\0' &&
        beside_executable(installed_rel, installed, sizeof installed) && is_directory(installed))
        return installed;
    return source_dir;
}
