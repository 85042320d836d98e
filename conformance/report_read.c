/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_read.c - a JSON report of report_json.c read back into a
 * run_report, for `matrix`. Strings point into the cJSON tree; the arrays
 * of string pointers (sections, flags, harness command, ...) live in the
 * same allocation as the results, after them, so that run_report_free,
 * which frees the results, releases them too.
 */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_util.h"
#include "result.h"

/* No run of any vector set comes near this; a bigger file is no report. */
#define REPORT_MAX_FILE_SIZE (256u * 1024u * 1024u)

/* Room for the pointer arrays, counted before the results are allocated. */
typedef struct {
    char **next, **end;
} pointer_pool;

/* NULL when the pool is spent, which the counting pass rules out. */
static char **pool_take(pointer_pool *pool, size_t n)
{
    if ((size_t)(pool->end - pool->next) < n)
        return NULL;
    char **p = pool->next;
    pool->next += n;
    return p;
}

static int read_bounded_file(const char *path, char **data, size_t *len, conform_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return conform_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    while (buf != NULL && used <= REPORT_MAX_FILE_SIZE) {
        used += fread(buf + used, 1, cap - used, fp);
        if (used < cap)
            break;
        char *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    bool failed = ferror(fp) != 0;
    fclose(fp);
    if (buf == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    if (failed || used > REPORT_MAX_FILE_SIZE) {
        free(buf);
        if (failed)
            return conform_error_set(err, "%s: read error", path);
        return conform_error_set(err, "%s: larger than %u MiB: not a pssst-conform report", path,
                                 REPORT_MAX_FILE_SIZE >> 20);
    }
    *data = buf;
    *len = used;
    return 0;
}

/* Elements of obj[name] when it is an array (anything else counts 0: the
 * fill pass reports it). */
static size_t array_length(const cJSON *obj, const char *name)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0;
}

/* An array member of strings (null or absent when optional) into pool
 * pointers; with terminate, a NULL follows the last one. */
static int read_strings(const cJSON *obj, const char *path, const char *name, bool required,
                        bool terminate, pointer_pool *pool, char ***out, size_t *count,
                        conform_error *err)
{
    const cJSON *a;
    char where[JU_PATH_SIZE];
    *out = NULL;
    *count = 0;
    if (ju_member(obj, path, name, &a, err) != 0)
        return -1;
    ju_path_member(where, path, name);
    if ((a == NULL || cJSON_IsNull(a)) && !required)
        return 0;
    if (!cJSON_IsArray(a))
        return conform_error_set(err, "%s: expected an array of strings", where);
    size_t n = (size_t)cJSON_GetArraySize(a);
    char **items = pool_take(pool, n + terminate);
    if (items == NULL)
        return conform_error_set(err, "%s: internal error: pointer pool spent", where);
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!cJSON_IsString(e) || e->valuestring == NULL)
            return conform_error_set(err, "%s[%zu]: expected a string", where, *count);
        items[(*count)++] = e->valuestring;
    }
    if (terminate)
        items[n] = NULL;
    *out = items;
    return 0;
}

static int read_object(const cJSON *obj, const char *path, const char *name, bool required,
                       const cJSON **out, char where[JU_PATH_SIZE], conform_error *err)
{
    if (ju_member(obj, path, name, out, err) != 0)
        return -1;
    ju_path_member(where, path, name);
    if (*out == NULL && !required)
        return 0;
    if (*out == NULL)
        return conform_error_set(err, "%s: required member is missing", where);
    return ju_require_object(*out, where, err);
}

static int read_size(const cJSON *obj, const char *path, const char *name, bool required,
                     size_t *out, conform_error *err)
{
    long v;
    if (ju_int(obj, path, name, required, 0, LONG_MAX, &v, NULL, err) != 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int read_seconds(const cJSON *obj, const char *path, const char *name, double *out,
                        conform_error *err)
{
    const cJSON *v;
    char where[JU_PATH_SIZE];
    *out = 0;
    if (ju_member(obj, path, name, &v, err) != 0 || v == NULL)
        return v == NULL ? 0 : -1;
    ju_path_member(where, path, name);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= DBL_MAX))
        return conform_error_set(err, "%s: expected a number of seconds", where);
    *out = v->valuedouble;
    return 0;
}

static int read_verdict(const cJSON *obj, const char *path, const char *name, verdict *out,
                        conform_error *err)
{
    const char *s;
    char where[JU_PATH_SIZE];
    if (ju_string(obj, path, name, true, false, &s, err) != 0)
        return -1;
    ju_path_member(where, path, name);
    if (!verdict_from_name(s, out))
        return conform_error_set(err, "%s: unknown verdict \"%.40s\"", where, s);
    return 0;
}

static int read_expectation(const cJSON *test, const char *path, test_result *t,
                            conform_error *err)
{
    const cJSON *x;
    char where[JU_PATH_SIZE];
    const char *outcome;
    t->outcome = EXPECT_NOT_LISTED;
    if (ju_member(test, path, "expectation", &x, err) != 0)
        return -1;
    if (x == NULL || cJSON_IsNull(x))
        return 0;
    ju_path_member(where, path, "expectation");
    if (ju_require_object(x, where, err) != 0 || read_verdict(x, where, "verdict", &t->listed, err) != 0
        || ju_string(x, where, "outcome", true, false, &outcome, err) != 0)
        return -1;
    for (int o = EXPECT_KNOWN; o <= EXPECT_CHANGED; o++)
        if (strcmp(outcome, expect_outcome_name((expect_outcome)o)) == 0)
            t->outcome = (expect_outcome)o;
    if (t->outcome == EXPECT_NOT_LISTED)
        return conform_error_set(err, "%s.outcome: unknown outcome \"%.40s\"", where, outcome);
    return 0;
}

/* A nullable string member that a test_result keeps as char * (it owns
 * such strings when a run made them; here the tree does). */
static int read_detail(const cJSON *o, const char *path, const char *name, char **out,
                       conform_error *err)
{
    const char *s;
    if (ju_string(o, path, name, false, true, &s, err) != 0)
        return -1;
    *out = (char *)s;
    return 0;
}

static int read_test_strings(const cJSON *o, const char *path, test_result *t,
                             conform_error *err)
{
    long suite;
    if (ju_string(o, path, "tcId", true, false, &t->tc_id, err) != 0
        || ju_string(o, path, "file", true, false, &t->file, err) != 0
        || read_size(o, path, "group", false, &t->group, err) != 0
        || read_size(o, path, "index", false, &t->index, err) != 0
        || ju_string(o, path, "comment", false, true, &t->comment, err) != 0
        || ju_string(o, path, "role", true, false, &t->role, err) != 0
        || ju_string(o, path, "mode", true, false, &t->mode, err) != 0
        || ju_int(o, path, "suite", false, 0, 65535, &suite, NULL, err) != 0
        || ju_string(o, path, "result", true, false, &t->result, err) != 0
        || ju_string(o, path, "stage", false, true, &t->stage, err) != 0
        || ju_string(o, path, "operation", false, true, &t->operation, err) != 0
        || read_detail(o, path, "reason", &t->reason, err) != 0
        || read_detail(o, path, "expected", &t->expected, err) != 0
        || read_detail(o, path, "actual", &t->actual, err) != 0
        || read_detail(o, path, "explain", &t->explain, err) != 0)
        return -1;
    t->suite = (unsigned)suite;
    return 0;
}

static int read_test(const cJSON *o, const char *path, pointer_pool *pool, test_result *t,
                     conform_error *err)
{
    char **sections, **requirements, **flags, **errors;
    if (ju_require_object(o, path, err) != 0 || read_test_strings(o, path, t, err) != 0
        || read_strings(o, path, "sections", true, false, pool, &sections, &t->n_sections, err) != 0
        || read_strings(o, path, "requirements", false, false, pool, &requirements,
                        &t->n_requirements, err) != 0
        || read_strings(o, path, "flags", false, false, pool, &flags, &t->n_flags, err) != 0
        || read_strings(o, path, "errors", false, false, pool, &errors, &t->n_errors, err) != 0
        || ju_bool(o, path, "canary", true, &t->canary, err) != 0
        || read_verdict(o, path, "verdict", &t->verdict, err) != 0
        || read_expectation(o, path, t, err) != 0
        || read_seconds(o, path, "seconds", &t->seconds, err) != 0)
        return -1;
    t->sections = sections;
    t->requirements = requirements;
    t->flags = flags;
    t->errors = errors;
    return 0;
}

/* Pointer slots the report needs: every string array, plus terminators. */
static size_t pointers_needed(const cJSON *root, const cJSON *tests)
{
    const cJSON *port = cJSON_GetObjectItemCaseSensitive(root, "port");
    const cJSON *options = cJSON_GetObjectItemCaseSensitive(root, "options");
    size_t n = array_length(port, "command") + 1 + array_length(options, "sections")
               + array_length(options, "ids");
    const cJSON *t;
    cJSON_ArrayForEach(t, tests)
    {
        n += array_length(t, "sections") + array_length(t, "requirements")
             + array_length(t, "flags") + array_length(t, "errors");
    }
    return n;
}

static int read_named_flags(const cJSON *caps, const char *path, const char *name,
                            const char *const names[2], bool have[2], conform_error *err)
{
    const cJSON *a, *e;
    char where[JU_PATH_SIZE];
    size_t i = 0;
    if (ju_member(caps, path, name, &a, err) != 0)
        return -1;
    ju_path_member(where, path, name);
    if (a != NULL && !cJSON_IsArray(a))
        return conform_error_set(err, "%s: expected an array of names", where);
    cJSON_ArrayForEach(e, a)
    {
        int k = !cJSON_IsString(e) ? -1 : strcmp(e->valuestring, names[0]) == 0 ? 0
              : strcmp(e->valuestring, names[1]) == 0 ? 1 : -1;
        if (k < 0)
            return conform_error_set(err, "%s[%zu]: expected \"%s\" or \"%s\"", where, i,
                                     names[0], names[1]);
        have[k] = true;
        i++;
    }
    return 0;
}

static int read_suites(const cJSON *caps, const char *path, harness_caps *out,
                       conform_error *err)
{
    const cJSON *a, *e;
    char where[JU_PATH_SIZE];
    if (ju_member(caps, path, "suites", &a, err) != 0)
        return -1;
    ju_path_member(where, path, "suites");
    if (a != NULL && !cJSON_IsArray(a))
        return conform_error_set(err, "%s: expected an array of suite numbers", where);
    cJSON_ArrayForEach(e, a)
    {
        if (out->n_suites == PORT_MAX_SUITES)
            return conform_error_set(err, "%s: more than %d suites", where, PORT_MAX_SUITES);
        if (!cJSON_IsNumber(e) || e->valuedouble < 0 || e->valuedouble > 65535
            || e->valuedouble != (double)(unsigned)e->valuedouble)
            return conform_error_set(err, "%s[%zu]: expected a suite number", where,
                                     out->n_suites);
        out->suites[out->n_suites++] = (unsigned)e->valuedouble;
    }
    return 0;
}

static int read_capabilities(const cJSON *port, const char *path, harness_caps *caps,
                             conform_error *err)
{
    static const char *const roles[2] = {"client", "server"};
    static const char *const modes[2] = {"anonymous", "client_auth"};
    const cJSON *c;
    char where[JU_PATH_SIZE];
    if (read_object(port, path, "capabilities", false, &c, where, err) != 0)
        return -1;
    if (c == NULL)
        return 0;
    return read_named_flags(c, where, "roles", roles, caps->roles, err) != 0
        || read_named_flags(c, where, "modes", modes, caps->modes, err) != 0
        || read_suites(c, where, caps, err) != 0
        || ju_bool(c, where, "ephemeral", false, &caps->ephemeral, err) != 0
        || ju_bool(c, where, "publicKey", false, &caps->public_key, err) != 0 ? -1 : 0;
}

static int read_port(const cJSON *root, pointer_pool *pool, run_report *r, conform_error *err)
{
    const cJSON *port, *command;
    char where[JU_PATH_SIZE];
    size_t argc;
    if (read_object(root, "", "port", true, &port, where, err) != 0
        || ju_string(port, where, "name", true, false, &r->name, err) != 0
        || ju_string(port, where, "implementation", false, true, &r->implementation, err) != 0
        || ju_member(port, where, "command", &command, err) != 0
        || read_capabilities(port, where, &r->caps, err) != 0)
        return -1;
    if (r->implementation != NULL)
        snprintf(r->caps.implementation, sizeof r->caps.implementation, "%s", r->implementation);
    /* null: the library ran in-process */
    if (command == NULL || cJSON_IsNull(command))
        return 0;
    char **argv;
    if (read_strings(port, where, "command", true, true, pool, &argv, &argc, err) != 0)
        return -1;
    r->harness_argv = argv;
    return 0;
}

static int read_header(const cJSON *root, pointer_pool *pool, run_report *r,
                       conform_error *err)
{
    const cJSON *runner, *options, *set;
    char at_runner[JU_PATH_SIZE], at_options[JU_PATH_SIZE], at_set[JU_PATH_SIZE];
    char **sections, **ids;
    long timeout;
    if (ju_string(root, "", "command", true, false, &r->command, err) != 0
        || read_port(root, pool, r, err) != 0
        || read_object(root, "", "runner", true, &runner, at_runner, err) != 0
        || ju_string(runner, at_runner, "version", false, true, &r->runner_version, err) != 0
        || ju_string(runner, at_runner, "x25519Backend", false, true, &r->runner_backend, err) != 0
        || read_object(root, "", "options", true, &options, at_options, err) != 0
        || ju_bool(options, at_options, "lenient", false, &r->lenient, err) != 0
        || ju_int(options, at_options, "timeoutMs", false, 0, LONG_MAX, &timeout, NULL, err) != 0
        || ju_string(options, at_options, "expectations", false, true, &r->expect_path, err) != 0
        || read_strings(options, at_options, "sections", false, false, pool, &sections,
                        &r->n_sections, err) != 0
        || read_strings(options, at_options, "ids", false, false, pool, &ids, &r->n_ids, err) != 0
        || read_object(root, "", "vectorSet", true, &set, at_set, err) != 0
        || ju_string(set, at_set, "combinedSha256", false, true, &r->vector_digest, err) != 0)
        return -1;
    r->timeout_ms = timeout;
    r->sections = (const char *const *)sections;
    r->ids = (const char *const *)ids;
    return 0;
}

static int read_summary(const cJSON *root, run_report *r, conform_error *err)
{
    const cJSON *s;
    char at[JU_PATH_SIZE];
    if (read_object(root, "", "summary", true, &s, at, err) != 0)
        return -1;
    for (int v = 0; v < VERDICT_COUNT; v++)
        if (read_size(s, at, verdict_name((verdict)v), true, &r->counts[v], err) != 0)
            return -1;
    long exit_code;
    if (read_size(s, at, "known", false, &r->known, err) != 0
        || read_size(s, at, "unexpectedPass", false, &r->unexpected_pass, err) != 0
        || read_size(s, at, "changed", false, &r->changed, err) != 0
        || read_size(s, at, "staleExpectations", false, &r->stale, err) != 0
        || read_size(s, at, "canaries", false, &r->canaries, err) != 0
        || read_size(s, at, "canariesPassed", false, &r->canaries_passed, err) != 0
        || read_size(s, at, "canariesNotRun", false, &r->canaries_not_run, err) != 0
        || read_size(s, at, "timeouts", false, &r->timeouts, err) != 0
        || read_size(s, at, "harnessRestarts", false, &r->restarts, err) != 0
        || read_size(s, at, "notRun", false, &r->not_run, err) != 0
        || read_seconds(s, at, "seconds", &r->seconds, err) != 0
        || ju_int(s, at, "exitCode", true, 0, 255, &exit_code, NULL, err) != 0)
        return -1;
    r->exit_code = (int)exit_code;
    return 0;
}

/* The tree is a report when it says so; anything else (a vector file, an
 * expectations file) is refused before its members are judged. */
static const cJSON *report_tests(const cJSON *root)
{
    const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
    if (!cJSON_IsObject(root) || !cJSON_IsString(tool)
        || strcmp(tool->valuestring, "pssst-conform") != 0 || !cJSON_IsArray(tests))
        return NULL;
    return tests;
}

static int read_report(const cJSON *root, const cJSON *tests, run_report *r,
                       conform_error *err)
{
    size_t n_tests = (size_t)cJSON_GetArraySize(tests);
    size_t n_pointers = pointers_needed(root, tests);
    /* test_result holds pointers, so its size keeps the tail aligned. */
    r->results = calloc(1, n_tests * sizeof(test_result) + n_pointers * sizeof(char *));
    if (r->results == NULL)
        return conform_error_set(err, "out of memory");
    pointer_pool pool = {(char **)(void *)(r->results + n_tests), NULL};
    pool.end = pool.next + n_pointers;
    if (read_header(root, &pool, r, err) != 0 || read_summary(root, r, err) != 0)
        return -1;
    const cJSON *item;
    cJSON_ArrayForEach(item, tests)
    {
        char at[JU_PATH_SIZE];
        ju_path_index(at, "tests", r->n_results);
        if (read_test(item, at, &pool, &r->results[r->n_results], err) != 0)
            return -1;
        r->n_results++;
    }
    return 0;
}

int report_read_json(const char *path, run_report *r, cJSON **tree, conform_error *err)
{
    char *data;
    size_t len;
    memset(r, 0, sizeof *r);
    *tree = NULL;
    if (read_bounded_file(path, &data, &len, err) != 0)
        return -1;
    *tree = ju_parse(data, len, err);
    free(data);
    if (*tree == NULL)
        return conform_error_prefix(err, path);
    const cJSON *tests = report_tests(*tree);
    if (tests == NULL) {
        conform_error_set(err, "%s: not a pssst-conform report", path);
    } else if (read_report(*tree, tests, r, err) != 0) {
        conform_error_prefix(err, path);
        run_report_free(r);
    } else {
        return 0;
    }
    /* Nothing is left to free on failure. */
    memset(r, 0, sizeof *r);
    cJSON_Delete(*tree);
    *tree = NULL;
    return -1;
}
