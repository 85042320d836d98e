/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_json_read.c - a JSON report read back into a run_report (for
 * `matrix`) by the tables of report_json_members.h, refused with the JSON
 * path of what is wrong.
 */
#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "json_util.h"
#include "report_json_members.h"
#include "vector_load.h"

/* Room for the string lists of a report, allocated after its results so
 * that run_report_free, which frees the results, releases them too. */
typedef struct {
    char **next;
    size_t left;
} string_pool;

/* Items of every array in the tree, and one more per array for the NULL
 * that ends each list: room enough for every list the reader keeps. */
static size_t list_room(const cJSON *v)
{
    size_t n = cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) + 1 : 0;
    for (const cJSON *c = v->child; c != NULL; c = c->next)
        n += list_room(c);
    return n;
}

/* A list of strings, or null (no strings); NULL follows the last one. */
static int read_list(const cJSON *a, const char *where, string_pool *pool, char ***out,
                     size_t *count, conform_error *err)
{
    *out = NULL;
    *count = 0;
    if (a == NULL || cJSON_IsNull(a))
        return 0;
    if (!cJSON_IsArray(a))
        return conform_error_set(err, "%s: expected an array of strings", where);
    size_t n = (size_t)cJSON_GetArraySize(a);
    if (pool->left < n + 1)
        return conform_error_set(err, "%s: internal error: string pool spent", where);
    for (const cJSON *e = a->child; e != NULL; e = e->next) {
        if (!cJSON_IsString(e))
            return conform_error_set(err, "%s[%zu]: expected a string", where, *count);
        pool->next[(*count)++] = e->valuestring;
    }
    pool->next[n] = NULL;
    *out = pool->next;
    pool->next += n + 1;
    pool->left -= n + 1;
    return 0;
}

static int read_verdict(const cJSON *obj, const char *path, const char *name, verdict *out,
                        conform_error *err)
{
    const char *s;
    char where[JSON_PATH_SIZE];
    if (json_string(obj, path, name, true, false, &s, err) != 0)
        return -1;
    json_path_member(where, path, name);
    if (!verdict_from_name(s, out))
        return conform_error_set(err, "%s: unknown verdict \"%.40s\"", where, s);
    return 0;
}

static int read_expectation(const cJSON *x, const char *where, test_result *t,
                            conform_error *err)
{
    const char *outcome;
    t->outcome = EXPECT_NOT_LISTED;
    if (x == NULL || cJSON_IsNull(x))
        return 0;
    if (json_require_object(x, where, err) != 0
        || read_verdict(x, where, "verdict", &t->listed, err) != 0
        || json_string(x, where, "outcome", true, false, &outcome, err) != 0)
        return -1;
    for (int o = EXPECT_KNOWN; o <= EXPECT_CHANGED; o++)
        if (strcmp(outcome, expect_outcome_name((expect_outcome)o)) == 0)
            t->outcome = (expect_outcome)o;
    if (t->outcome == EXPECT_NOT_LISTED)
        return conform_error_set(err, "%s.outcome: unknown outcome \"%.40s\"", where, outcome);
    return 0;
}

/* Numbers are optional: 0 when absent. */
static int read_number(const cJSON *obj, const char *path, const member *m, void *at,
                       conform_error *err)
{
    long n = 0;
    long max = m->kind == SUITE ? 65535 : m->kind == EXIT_CODE ? 255 : LONG_MAX;
    if (json_integer(obj, path, m->name, false, 0, max, &n, NULL, err) != 0)
        return -1;
    if (m->kind == SIZE)
        *(size_t *)at = (size_t)n;
    else if (m->kind == SUITE)
        *(unsigned *)at = (unsigned)n;
    else if (m->kind == EXIT_CODE)
        *(int *)at = (int)n;
    else
        *(long *)at = n;
    return 0;
}

static int read_member(const cJSON *obj, const char *path, const member *m, void *base,
                       string_pool *pool, conform_error *err)
{
    void *at = field(base, m->at);
    const cJSON *v;
    const char *text;
    char **list;
    size_t n;
    char where[JSON_PATH_SIZE];
    if (json_find_member(obj, path, m->name, &v, err) != 0)
        return -1;
    json_path_member(where, path, m->name);
    switch (m->kind) {
    case TEXT:
    case NULLABLE:
        if (json_string(obj, path, m->name, m->kind == TEXT, true, &text, err) != 0)
            return -1;
        memcpy(at, &text, sizeof text);
        return 0;
    case LIST:
    case COMMAND:
        if (read_list(v, where, pool, &list, &n, err) != 0)
            return -1;
        memcpy(at, &list, sizeof list);
        if (m->kind == LIST)
            *(size_t *)field(base, m->count) = n;
        return 0;
    case SECONDS:
        if (v != NULL && !(cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= DBL_MAX))
            return conform_error_set(err, "%s: expected a number of seconds", where);
        *(double *)at = v != NULL ? v->valuedouble : 0;
        return 0;
    case FLAG: return json_boolean(obj, path, m->name, false, at, err);
    case VERDICT: return read_verdict(obj, path, m->name, at, err);
    case EXPECTATION: return read_expectation(v, where, base, err);
    case TOTAL:
    case CAPABILITIES:
    case FILES: return 0;
    default: return read_number(obj, path, m, at, err);
    }
}

static int read_members(const cJSON *obj, const char *path, const member *table, size_t n,
                        void *base, string_pool *pool, conform_error *err)
{
    if (obj == NULL)
        return conform_error_set(err, "%s: required member is missing", path);
    if (json_require_object(obj, path, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (read_member(obj, path, &table[i], base, pool, err) != 0)
            return -1;
    return 0;
}

static int read_report(const cJSON *root, const cJSON *tests, run_report *r, conform_error *err)
{
    size_t n_tests = (size_t)cJSON_GetArraySize(tests), room = list_room(root);
    /* test_result holds pointers, so its size keeps the pool aligned. */
    r->results = calloc(1, n_tests * sizeof(test_result) + room * sizeof(char *));
    if (r->results == NULL)
        return conform_error_set(err, "out of memory");
    string_pool pool = {(char **)(void *)(r->results + n_tests), room};
    if (json_string(root, "", "command", true, false, &r->command, err) != 0)
        return -1;
    for (size_t i = 0; i < N_MEMBERS(parts); i++)
        if (read_members(cJSON_GetObjectItemCaseSensitive(root, parts[i].name), parts[i].name,
                         parts[i].members, parts[i].n, r, &pool, err) != 0)
            return -1;
    for (const cJSON *t = tests->child; t != NULL; t = t->next, r->n_results++) {
        char where[JSON_PATH_SIZE];
        json_path_index(where, "tests", r->n_results);
        if (read_members(t, where, test_members, N_MEMBERS(test_members),
                         &r->results[r->n_results], &pool, err) != 0)
            return -1;
    }
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

int report_read_json(const char *path, run_report *r, cJSON **tree, conform_error *err)
{
    memset(r, 0, sizeof *r);
    *tree = json_read_file(path, err);
    if (*tree == NULL)
        return -1;
    const cJSON *tests = report_tests(*tree);
    if (tests == NULL)
        conform_error_set(err, "%s: not a pssst-conform report", path);
    else if (read_report(*tree, tests, r, err) == 0)
        return 0;
    else
        conform_error_prefix(err, path);
    /* Nothing is left to free on failure. */
    run_report_free(r);
    memset(r, 0, sizeof *r);
    cJSON_Delete(*tree);
    *tree = NULL;
    return -1;
}
