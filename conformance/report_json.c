/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_json.c - the JSON report of every command (conformance/README.md
 * "Reports"), written from a run_report and, for `matrix`, read back into
 * one. Both directions go through the same tables of members, so that a
 * member is named once.
 */
#include <float.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "json_util.h"
#include "report_escape.h"
#include "result.h"
#include "vector_load.h"

/* How a member is held in its struct. */
typedef enum {
    TEXT,         /* const char *, never NULL */
    NULLABLE,     /* const char *, null when NULL */
    SIZE,         /* size_t */
    SUITE,        /* unsigned, a 16-bit suite number */
    MILLISECONDS, /* long */
    EXIT_CODE,    /* int, 0..255 */
    FLAG,         /* bool */
    SECONDS,      /* double, not negative */
    LIST,         /* strings: char *const * at .at, their number (size_t) at .count */
    COMMAND,      /* NULL-terminated strings, null when NULL */
    VERDICT,      /* verdict, by name */
    EXPECTATION,  /* test_result only: outcome and listed verdict, null when not listed */
    /* Written, not read back: the page `matrix` makes does not show them. */
    TOTAL,        /* run_report only: the sum of counts[] */
    CAPABILITIES, /* run_report only: caps */
    FILES         /* run_report only: the files of set */
} member_kind;

typedef struct {
    const char *name;
    member_kind kind;
    size_t at, count;
} member;

#define N_MEMBERS(table) (sizeof(table) / sizeof((table)[0]))
#define TEST(name, kind, field) {name, kind, offsetof(test_result, field), 0}
#define TEST_LIST(name, field) \
    {name, LIST, offsetof(test_result, field), offsetof(test_result, n_##field)}
#define RUN(name, kind, field) {name, kind, offsetof(run_report, field), 0}
#define RUN_LIST(name, field) \
    {name, LIST, offsetof(run_report, field), offsetof(run_report, n_##field)}

static const member test_members[] = {
    TEST("tcId", TEXT, tc_id), TEST("file", TEXT, file), TEST("group", SIZE, group),
    TEST("index", SIZE, index), TEST("comment", NULLABLE, comment), TEST("role", TEXT, role),
    TEST("mode", TEXT, mode), TEST("suite", SUITE, suite), TEST("result", TEXT, result),
    TEST("stage", NULLABLE, stage), TEST_LIST("sections", sections),
    TEST_LIST("requirements", requirements), TEST_LIST("flags", flags),
    TEST_LIST("errors", errors), TEST("canary", FLAG, canary), TEST("verdict", VERDICT, verdict),
    TEST("operation", NULLABLE, operation), TEST("reason", NULLABLE, reason),
    TEST("expected", NULLABLE, expected), TEST("actual", NULLABLE, actual),
    TEST("explain", NULLABLE, explain), TEST("expectation", EXPECTATION, outcome),
    TEST("seconds", SECONDS, seconds),
};

static const member port_members[] = {
    RUN("name", TEXT, name), RUN("implementation", NULLABLE, implementation),
    RUN("command", COMMAND, harness_argv), RUN("capabilities", CAPABILITIES, caps),
};

static const member runner_members[] = {
    RUN("version", NULLABLE, runner_version), RUN("x25519Backend", NULLABLE, runner_backend),
};

static const member vector_set_members[] = {
    RUN("combinedSha256", NULLABLE, vector_digest), RUN("files", FILES, set),
};

static const member options_members[] = {
    RUN("lenient", FLAG, lenient), RUN("timeoutMs", MILLISECONDS, timeout_ms),
    RUN("expectations", NULLABLE, expect_path), RUN_LIST("sections", sections),
    RUN_LIST("ids", ids),
};

/* The verdict counts are over the tests other than canaries. */
static const member summary_members[] = {
    RUN("total", TOTAL, counts), RUN("pass", SIZE, counts[VERDICT_PASS]),
    RUN("fail", SIZE, counts[VERDICT_FAIL]),
    RUN("wrong-error", SIZE, counts[VERDICT_WRONG_ERROR]),
    RUN("unsupported", SIZE, counts[VERDICT_UNSUPPORTED]),
    RUN("crash", SIZE, counts[VERDICT_CRASH]), RUN("timeout", SIZE, counts[VERDICT_TIMEOUT]),
    RUN("error", SIZE, counts[VERDICT_ERROR]),
    RUN("known", SIZE, known), RUN("unexpectedPass", SIZE, unexpected_pass),
    RUN("changed", SIZE, changed), RUN("staleExpectations", SIZE, stale),
    RUN("canaries", SIZE, canaries), RUN("canariesPassed", SIZE, canaries_passed),
    RUN("canariesNotRun", SIZE, canaries_not_run), RUN("timeouts", SIZE, timeouts),
    RUN("harnessRestarts", SIZE, restarts), RUN("notRun", SIZE, not_run),
    RUN("seconds", SECONDS, seconds), RUN("exitCode", EXIT_CODE, exit_code),
};

/* The objects of a report before its tests. */
static const struct {
    const char *name;
    const member *members;
    size_t n;
} parts[] = {
    {"port", port_members, N_MEMBERS(port_members)},
    {"runner", runner_members, N_MEMBERS(runner_members)},
    {"options", options_members, N_MEMBERS(options_members)},
    {"vectorSet", vector_set_members, N_MEMBERS(vector_set_members)},
    {"summary", summary_members, N_MEMBERS(summary_members)},
};

/* The field at offset at of the struct at base; the tables say its type. */
static void *field(const void *base, size_t at)
{
    return (char *)(uintptr_t)base + at;
}

/* Strings and lists are copied out with memcpy: some fields are char *,
 * others const char *, and the tables treat them alike. */
static const char *text_at(const void *base, size_t at)
{
    const char *s;
    memcpy(&s, field(base, at), sizeof s);
    return s;
}

static char *const *list_at(const void *base, size_t at)
{
    char *const *list;
    memcpy(&list, field(base, at), sizeof list);
    return list;
}

/* ---- writing ------------------------------------------------------------ */

/* The builders remember an allocation failure in *ok, so that the
 * document is put together in one pass and checked once. */
static cJSON *add(cJSON *obj, const char *key, cJSON *value, bool *ok)
{
    bool added = value != NULL && (cJSON_IsArray(obj) ? cJSON_AddItemToArray(obj, value)
                                                      : cJSON_AddItemToObject(obj, key, value));
    if (!added) {
        cJSON_Delete(value);
        *ok = false;
        return NULL;
    }
    return value;
}

/* A JSON string of s, null when s is NULL. Strings quote what harnesses
 * sent, so bytes that are no UTF-8 become U+FFFD: cJSON would copy them. */
static cJSON *json_text(const char *s)
{
    char *clean = s != NULL ? utf8_repaired(s) : NULL;
    cJSON *v = s == NULL ? cJSON_CreateNull() : clean != NULL ? cJSON_CreateString(clean) : NULL;
    free(clean);
    return v;
}

/* n strings, or as many as come before a NULL when n is SIZE_MAX. */
static cJSON *json_texts(char *const *items, size_t n, bool *ok)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; items != NULL && i < n && items[i] != NULL; i++)
        add(a, NULL, json_text(items[i]), ok);
    return a;
}

static cJSON *json_expectation(const test_result *t, bool *ok)
{
    if (t->outcome == EXPECT_NOT_LISTED)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    add(o, "verdict", cJSON_CreateString(verdict_name(t->listed)), ok);
    add(o, "outcome", cJSON_CreateString(expect_outcome_name(t->outcome)), ok);
    return o;
}

static cJSON *json_capabilities(const harness_caps *caps, bool *ok)
{
    static char *const roles[2] = {"client", "server"};
    static char *const modes[2] = {"anonymous", "client_auth"};
    cJSON *o = cJSON_CreateObject();
    cJSON *have_roles = add(o, "roles", cJSON_CreateArray(), ok);
    cJSON *have_modes = add(o, "modes", cJSON_CreateArray(), ok);
    cJSON *suites = add(o, "suites", cJSON_CreateArray(), ok);
    for (int i = 0; i < 2; i++) {
        if (caps->roles[i])
            add(have_roles, NULL, cJSON_CreateString(roles[i]), ok);
        if (caps->modes[i])
            add(have_modes, NULL, cJSON_CreateString(modes[i]), ok);
    }
    for (size_t i = 0; i < caps->n_suites && i < PORT_MAX_SUITES; i++)
        add(suites, NULL, cJSON_CreateNumber(caps->suites[i]), ok);
    add(o, "ephemeral", cJSON_CreateBool(caps->ephemeral), ok);
    add(o, "publicKey", cJSON_CreateBool(caps->public_key), ok);
    return o;
}

static cJSON *json_files(const vec_set *set, bool *ok)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; set != NULL && i < set->n_files; i++) {
        const vec_file *f = &set->files[i];
        char hex[2 * VEC_SHA256_SIZE + 1];
        cJSON *o = add(a, NULL, cJSON_CreateObject(), ok);
        vec_sha256_hex(f->sha256, hex);
        add(o, "name", json_text(f->name), ok);
        add(o, "path", json_text(f->path), ok);
        add(o, "sha256", cJSON_CreateString(hex), ok);
        add(o, "numberOfTests", cJSON_CreateNumber((double)f->number_of_tests), ok);
    }
    return a;
}

static double total(const size_t counts[VERDICT_COUNT])
{
    size_t n = 0;
    for (int v = 0; v < VERDICT_COUNT; v++)
        n += counts[v];
    return (double)n;
}

static cJSON *json_member(const void *base, const member *m, bool *ok)
{
    void *at = field(base, m->at);
    switch (m->kind) {
    case TEXT:
    case NULLABLE: return json_text(text_at(base, m->at));
    case SIZE: return cJSON_CreateNumber((double)*(size_t *)at);
    case SUITE: return cJSON_CreateNumber(*(unsigned *)at);
    case MILLISECONDS: return cJSON_CreateNumber((double)*(long *)at);
    case EXIT_CODE: return cJSON_CreateNumber(*(int *)at);
    case FLAG: return cJSON_CreateBool(*(bool *)at);
    case SECONDS: return cJSON_CreateNumber(*(double *)at);
    case LIST: return json_texts(list_at(base, m->at), *(size_t *)field(base, m->count), ok);
    case COMMAND: /* null: the library ran in-process */
        return list_at(base, m->at) != NULL ? json_texts(list_at(base, m->at), SIZE_MAX, ok)
                                            : cJSON_CreateNull();
    case VERDICT: return cJSON_CreateString(verdict_name(*(verdict *)at));
    case EXPECTATION: return json_expectation(base, ok);
    case TOTAL: return cJSON_CreateNumber(total(at));
    case CAPABILITIES: return json_capabilities(at, ok);
    case FILES: return json_files(*(const vec_set **)at, ok);
    }
    return NULL;
}

/* An object of the members of the struct at base. cJSON takes a NULL
 * object in its Add functions, so one failure goes through to *ok. */
static cJSON *json_members(const void *base, const member *table, size_t n, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++)
        add(o, table[i].name, json_member(base, &table[i], ok), ok);
    return o;
}

int report_write_json(const char *path, const run_report *r, conform_error *err)
{
    bool ok = true;
    cJSON *root = cJSON_CreateObject();
    add(root, "tool", cJSON_CreateString("pssst-conform"), &ok);
    add(root, "command", json_text(r->command), &ok);
    for (size_t i = 0; i < N_MEMBERS(parts); i++)
        add(root, parts[i].name, json_members(r, parts[i].members, parts[i].n, &ok), &ok);
    cJSON *tests = add(root, "tests", cJSON_CreateArray(), &ok);
    for (size_t i = 0; i < r->n_results; i++)
        add(tests, NULL, json_members(&r->results[i], test_members, N_MEMBERS(test_members), &ok),
            &ok);
    int rc = json_write_file(path, ok ? root : NULL, err);
    cJSON_Delete(root);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

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
    char where[JU_PATH_SIZE];
    if (ju_string(obj, path, name, true, false, &s, err) != 0)
        return -1;
    ju_path_member(where, path, name);
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
    if (ju_require_object(x, where, err) != 0
        || read_verdict(x, where, "verdict", &t->listed, err) != 0
        || ju_string(x, where, "outcome", true, false, &outcome, err) != 0)
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
    if (ju_int(obj, path, m->name, false, 0, max, &n, NULL, err) != 0)
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
    char where[JU_PATH_SIZE];
    if (ju_member(obj, path, m->name, &v, err) != 0)
        return -1;
    ju_path_member(where, path, m->name);
    switch (m->kind) {
    case TEXT:
    case NULLABLE:
        if (ju_string(obj, path, m->name, m->kind == TEXT, true, &text, err) != 0)
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
    case FLAG: return ju_bool(obj, path, m->name, false, at, err);
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
    if (ju_require_object(obj, path, err) != 0)
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
    if (ju_string(root, "", "command", true, false, &r->command, err) != 0)
        return -1;
    for (size_t i = 0; i < N_MEMBERS(parts); i++)
        if (read_members(cJSON_GetObjectItemCaseSensitive(root, parts[i].name), parts[i].name,
                         parts[i].members, parts[i].n, r, &pool, err) != 0)
            return -1;
    for (const cJSON *t = tests->child; t != NULL; t = t->next, r->n_results++) {
        char where[JU_PATH_SIZE];
        ju_path_index(where, "tests", r->n_results);
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
    char *data;
    size_t len;
    memset(r, 0, sizeof *r);
    *tree = NULL;
    if (vec_read_file(path, &data, &len, err) != 0)
        return -1;
    *tree = ju_parse(data, len, err);
    free(data);
    if (*tree == NULL)
        return conform_error_prefix(err, path);
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
