/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Defaults and limits of the options of a run (README.md). */
#define DEFAULT_TIMEOUT_MS 5000
#define MAX_TIMEOUT_MS 3600000
#define DEFAULT_MAX_TIMEOUTS 10
#define MAX_COUNT 1000000

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
    /* The source tree first, so a build tree always uses its own vectors;
     * a package is built without one (source_dir ""). */
    if (source_dir[0] != '\0' && is_directory(source_dir))
        return source_dir;
    bool beside = installed_rel != NULL && installed_rel[0] != '\0' &&
                  beside_executable(installed_rel, installed, sizeof installed);
    if (beside && is_directory(installed))
        return installed;
    /* Neither exists: name one, so that the error says where it looked. */
    return source_dir[0] != '\0' || !beside ? source_dir : installed;
}

int cli_usage_error(const char *command, const char *what, const char *arg)
{
    fprintf(stderr, "pssst-conform %s: %s%s\n(pssst-conform %s --help for usage)\n", command,
            what, arg, command);
    return CLI_EXIT_USAGE;
}

typedef enum { OPTION_SET, OPTION_CLEAR, OPTION_LIST, OPTION_TEXT, OPTION_NUMBER } option_kind;

/* The options of a run and the member of run_args each sets. */
static const struct {
    const char *name;
    option_kind kind;
    size_t offset;
    long min, max; /* OPTION_NUMBER */
} RUN_OPTIONS[] = {
    {"--lenient", OPTION_SET, offsetof(run_args, lenient), 0, 0},
    /* Strict errors are the default; the flag stays for older scripts. */
    {"--strict-errors", OPTION_CLEAR, offsetof(run_args, lenient), 0, 0},
    {"--verbose", OPTION_SET, offsetof(run_args, verbose), 0, 0},
    {"-v", OPTION_SET, offsetof(run_args, verbose), 0, 0},
    {"--section", OPTION_LIST, offsetof(run_args, sections), 0, 0},
    {"--id", OPTION_LIST, offsetof(run_args, ids), 0, 0},
    {"--vectors", OPTION_LIST, offsetof(run_args, paths), 0, 0},
    {"--name", OPTION_TEXT, offsetof(run_args, name), 0, 0},
    {"--expect", OPTION_TEXT, offsetof(run_args, expect), 0, 0},
    {"--json", OPTION_TEXT, offsetof(run_args, json), 0, 0},
    {"--junit", OPTION_TEXT, offsetof(run_args, junit), 0, 0},
    {"--html", OPTION_TEXT, offsetof(run_args, html), 0, 0},
    {"--write-expect", OPTION_TEXT, offsetof(run_args, write_expect), 0, 0},
    {"--timeout", OPTION_NUMBER, offsetof(run_args, timeout_ms), 1, MAX_TIMEOUT_MS},
    {"--max-timeouts", OPTION_NUMBER, offsetof(run_args, max_timeouts), 0, MAX_COUNT},
};

/* Sets the member of option k from value v; 0, or 2 after a message. */
static int set_option(run_args *a, size_t k, const char *v)
{
    void *member = (char *)a + RUN_OPTIONS[k].offset;
    const char *name = RUN_OPTIONS[k].name;
    char *end;
    long n;
    switch (RUN_OPTIONS[k].kind) {
    case OPTION_SET:
    case OPTION_CLEAR:
        *(bool *)member = RUN_OPTIONS[k].kind == OPTION_SET;
        return 0;
    case OPTION_LIST:
        ((string_list *)member)->items[((string_list *)member)->n++] = v;
        return 0;
    case OPTION_TEXT:
        *(const char **)member = v;
        return 0;
    case OPTION_NUMBER:
        n = strtol(v, &end, 10);
        if (*end != '\0' || n < RUN_OPTIONS[k].min || n > RUN_OPTIONS[k].max) {
            char what[96];
            snprintf(what, sizeof what, "%s takes a number from %ld to %ld, not ", name,
                     RUN_OPTIONS[k].min, RUN_OPTIONS[k].max);
            return cli_usage_error(a->command, what, v);
        }
        *(long *)member = n;
        return 0;
    }
    return CLI_EXIT_USAGE;
}

/* argv[*i] as one of RUN_OPTIONS: 0, 2 after a message, or 1 when it is none. */
static int parse_option(run_args *a, int argc, char **argv, int *i)
{
    for (size_t k = 0; k < sizeof RUN_OPTIONS / sizeof RUN_OPTIONS[0]; k++) {
        option_kind kind = RUN_OPTIONS[k].kind;
        const char *v = kind == OPTION_SET || kind == OPTION_CLEAR
                            ? (strcmp(argv[*i], RUN_OPTIONS[k].name) == 0 ? "" : NULL)
                            : cli_option_value(argc, argv, i, RUN_OPTIONS[k].name);
        if (v == NULL)
            continue;
        if (v[0] == '\0' && kind != OPTION_SET && kind != OPTION_CLEAR)
            return cli_usage_error(a->command, RUN_OPTIONS[k].name, " needs a value");
        return set_option(a, k, v);
    }
    return 1;
}

int cli_parse_run_args(int argc, char **argv, run_args *a)
{
    *a = (run_args){.command = argv[0], .timeout_ms = DEFAULT_TIMEOUT_MS,
                    .max_timeouts = DEFAULT_MAX_TIMEOUTS};
    string_list *lists[] = {&a->sections, &a->ids, &a->paths};
    for (size_t k = 0; k < 3; k++)
        if ((lists[k]->items = calloc((size_t)argc + 1, sizeof(char *))) == NULL)
            return cli_usage_error(a->command, "out of memory", "");
    bool port = strcmp(a->command, "port") == 0;
    for (int i = 1; i < argc; i++) {
        int rc;
        if (strcmp(argv[i], "--") == 0) {
            /* port: the harness follows; otherwise the rest are files. */
            a->harness = port ? argv + i + 1 : NULL;
            while (!port && ++i < argc)
                a->paths.items[a->paths.n++] = argv[i];
            break;
        }
        if ((rc = parse_option(a, argc, argv, &i)) != 1) {
            if (rc != 0)
                return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error(a->command, "unknown option ", argv[i]);
        } else {
            a->paths.items[a->paths.n++] = argv[i];
        }
    }
    if (port && (a->harness == NULL || a->harness[0] == NULL))
        return cli_usage_error(a->command, "missing -- HARNESS [ARGS...] after the options", "");
    if (a->paths.n == 0 && strcmp(a->command, "transcripts") == 0)
        return cli_usage_error(a->command, "needs at least one FILE", "");
    return 0;
}

