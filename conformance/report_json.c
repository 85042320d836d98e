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
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "json_util.h"
#include "report_escape.h"
#include "result.h"
#include "vector_load.h"

/* How a member is held in its struct. */
typedef enum {
    TEXT,        /* const char *, never NULL */
    NULLABLE,    /* const char *, null when NULL */
    SIZE,        /* size_t */
    SUITE,       /* unsigned, a 16-bit suite number */
    MILLISECONDS, /* long */
    EXIT_CODE,   /* int, 0..255 */
    FLAG,        /* bool */
    SECONDS,     /* double, not negative */
    LIST,        /* strings: char *const * at .at, their number (size_t) at .count */
    COMMAND,     /* NULL-terminated strings, null when NULL */
    VERDICT,     /* verdict, by name */
    EXPECTATION  /* test_result only: outcome and listed verdict, null when not listed */
} member_kind;

typedef struct {
    const char *name;
    member_kind kind;
    size_t at, count;
} member;

#define N_MEMBERS(table) (sizeof(table) / sizeof((table)[0]))
#define TEST(name, kind, field) {name, kind, offsetof(test_result, field), 0}
#define TEST_LIST(name, field) {name, LIST, offsetof(test_result, field), offsetof(test_result, n_##field)}
#define RUN(name, kind, field) {name, kind, offsetof(run_report, field), 0}
#define RUN_LIST(name, field) {name, LIST, offsetof(run_report, field), offsetof(run_report, n_##field)}

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
    RUN("command", COMMAND, harness_argv),
};

static const member runner_members[] = {
    RUN("version", NULLABLE, runner_version), RUN("x25519Backend", NULLABLE, runner_backend),
};

static const member vector_set_members[] = {
    RUN("combinedSha256", NULLABLE, vector_digest),
};

static const member options_members[] = {
    RUN("lenient", FLAG, lenient), RUN("timeoutMs", MILLISECONDS, timeout_ms),
    RUN("expectations", NULLABLE, expect_path), RUN_LIST("sections", sections),
    RUN_LIST("ids", ids),
};

/* The summary after "total" and the count of each verdict. */
static const member summary_members[] = {
    RUN("known", SIZE, known), RUN("unexpectedPass", SIZE, unexpected_pass),
    RUN("changed", SIZE, changed), RUN("staleExpectations", SIZE, stale),
    RUN("canaries", SIZE, canaries), RUN("canariesPassed", SIZE, canaries_passed),
    RUN("canariesNotRun", SIZE, canaries_not_run), RUN("timeouts", SIZE, timeouts),
    RUN("harnessRestarts", SIZE, restarts), RUN("notRun", SIZE, not_run),
    RUN("seconds", SECONDS, seconds), RUN("exitCode", EXIT_CODE, exit_code),
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
    if (s == NULL || utf8_is_clean(s))
        return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
    char *fixed = utf8_repaired(s);
    cJSON *v = fixed != NULL ? cJSON_CreateString(fixed) : NULL;
    free(fixed);
    return v;
}

static cJSON *json_texts(char *const *items, size_t n, bool *ok)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < n; i++)
        add(a, NULL, json_text(items[i]), ok);
    return a;
}

static cJSON *json_command(char *const *argv, bool *ok)
{
    size_t argc = 0;
    while (argv != NULL && argv[argc] != NULL)
        argc++;
    return argv != NULL ? json_texts(argv, argc, ok) : cJSON_CreateNull();
}

static cJSON *json_expectation(const test_result *t, bool *ok)
{
    cJSON *o = t->outcome != EXPECT_NOT_LISTED ? cJSON_CreateObject() : cJSON_CreateNull();
    if (o != NULL && t->outcome != EXPECT_NOT_LISTED) {
        add(o, "verdict", cJSON_CreateString(verdict_name(t->listed)), ok);
        add(o, "outcome", cJSON_CreateString(expect_outcome_name(t->outcome)), ok);
    }
    return o;
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
    case COMMAND: return json_command(list_at(base, m->at), ok);
    case VERDICT: return cJSON_CreateString(verdict_name(*(verdict *)at));
    case EXPECTATION: return json_expectation(base, ok);
    }
    return NULL;
}

static cJSON *json_members(const void *base, const member *table, size_t n, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o != NULL && i < n; i++)
        add(o, table[i].name, json_member(base, &table[i], ok), ok);
    return o;
}

static cJSON *json_capabilities(const harness_caps *caps, bool *ok)
{
    static char *const roles[2] = {"client", "server"};
    static char *const modes[2] = {"anonymous", "client_auth"};
    char *have_roles[2], *have_modes[2];
    size_t n_roles = 0, n_modes = 0;
    for (int i = 0; i < 2; i++) {
        if (caps->roles[i])
            have_roles[n_roles++] = roles[i];
        if (caps->modes[i])
            have_modes[n_modes++] = modes[i];
    }
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    add(o, "roles", json_texts(have_roles, n_roles, ok), ok);
    add(o, "modes", json_texts(have_modes, n_modes, ok), ok);
    cJSON *suites = add(o, "suites", cJSON_CreateArray(), ok);
    for (size_t i = 0; suites != NULL && i < caps->n_suites && i < PORT_MAX_SUITES; i++)
        add(suites, NULL, cJSON_CreateNumber(caps->suites[i]), ok);
    add(o, "ephemeral", cJSON_CreateBool(caps->ephemeral), ok);
    add(o, "publicKey", cJSON_CreateBool(caps->public_key), ok);
    return o;
}

static cJSON *json_vector_set(const run_report *r, bool *ok)
{
    cJSON *o = json_members(r, vector_set_members, N_MEMBERS(vector_set_members), ok);
    cJSON *files = o != NULL ? add(o, "files", cJSON_CreateArray(), ok) : NULL;
    for (size_t i = 0; files != NULL && r->set != NULL && i < r->set->n_files; i++) {
        const vec_file *f = &r->set->files[i];
        char hex[2 * VEC_SHA256_SIZE + 1];
        cJSON *e = add(files, NULL, cJSON_CreateObject(), ok);
        if (e == NULL)
            break;
        vec_sha256_hex(f->sha256, hex);
        add(e, "name", json_text(f->name), ok);
        add(e, "path", json_text(f->path), ok);
        add(e, "sha256", cJSON_CreateString(hex), ok);
        add(e, "numberOfTests", cJSON_CreateNumber((double)f->number_of_tests), ok);
    }
    return o;
}

static cJSON *json_summary(const run_report *r, bool *ok)
{
    size_t total = 0;
    for (int v = 0; v < VERDICT_COUNT; v++)
        total += r->counts[v];
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    add(o, "total", cJSON_CreateNumber((double)total), ok);
    for (int v = 0; v < VERDICT_COUNT; v++)
        add(o, verdict_name((verdict)v), cJSON_CreateNumber((double)r->counts[v]), ok);
    for (size_t i = 0; i < N_MEMBERS(summary_members); i++)
        add(o, summary_members[i].name, json_member(r, &summary_members[i], ok), ok);
    return o;
}

static cJSON *json_report(const run_report *r, bool *ok)
{
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        return NULL;
    add(root, "tool", cJSON_CreateString("pssst-conform"), ok);
    add(root, "command", json_text(r->command), ok);
    cJSON *port = add(root, "port", json_members(r, port_members, N_MEMBERS(port_members), ok), ok);
    if (port != NULL)
        add(port, "capabilities", json_capabilities(&r->caps, ok), ok);
    add(root, "runner", json_members(r, runner_members, N_MEMBERS(runner_members), ok), ok);
    add(root, "options", json_members(r, options_members, N_MEMBERS(options_members), ok), ok);
    add(root, "vectorSet", json_vector_set(r, ok), ok);
    add(root, "summary", json_summary(r, ok), ok);
    cJSON *tests = add(root, "tests", cJSON_CreateArray(), ok);
    for (size_t i = 0; tests != NULL && i < r->n_results; i++)
        add(tests, NULL, json_members(&r->results[i], test_members, N_MEMBERS(test_members), ok),
            ok);
    return root;
}

int report_write_json(const char *path, const run_report *r, conform_error *err)
{
    bool ok = true;
    cJSON *root = json_report(r, &ok);
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
 * that ends a command: room enough for every list the reader keeps. */
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
    char **items = pool->next;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!cJSON_IsString(e))
            return conform_error_set(err, "%s[%zu]: expected a string", where, *count);
        items[(*count)++] = e->valuestring;
    }
    items[n] = NULL;
    pool->next += n + 1;
    pool->left -= n + 1;
    *out = items;
    return 0;
}

static int read_verdict(const cJSON *obj, const char *path, const char *name, verdict *out,
                        conform_error *err)
{
    const char *s;
    char where[JU_PATH_SIZE];
    ju_path_member(where, path, name);
    if (ju_string(obj, path, name, true, false, &s, err) != 0)
        return -1;
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

static int read_seconds(const cJSON *v, const char *where, double *out, conform_error *err)
{
    if (v == NULL)
        return 0;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= DBL_MAX))
        return conform_error_set(err, "%s: expected a number of seconds", where);
    *out = v->valuedouble;
    return 0;
}

/* Numbers: every one is optional, 0 when absent. */
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
    case FLAG: return ju_bool(obj, path, m->name, false, at, err);
    case SECONDS: return read_seconds(v, where, at, err);
    case VERDICT: return read_verdict(obj, path, m->name, at, err);
    case EXPECTATION: return read_expectation(v, where, base, err);
    default: return read_number(obj, path, m, at, err);
    }
}

static int read_members(const cJSON *obj, const char *path, const member *table, size_t n,
                        void *base, string_pool *pool, conform_error *err)
{
    if (ju_require_object(obj, path, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (read_member(obj, path, &table[i], base, pool, err) != 0)
            return -1;
    return 0;
}

/* The object root[name], which every report has, into *r. */
static int read_part(const cJSON *root, const char *name, const member *table, size_t n,
                     run_report *r, string_pool *pool, conform_error *err)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, name);
    if (o == NULL)
        return conform_error_set(err, "%s: required member is missing", name);
    return read_members(o, name, table, n, r, pool, err);
}

static int read_verdict_counts(const cJSON *summary, run_report *r, conform_error *err)
{
    for (int v = 0; v < VERDICT_COUNT; v++) {
        long n;
        if (ju_int(summary, "summary", verdict_name((verdict)v), false, 0, LONG_MAX, &n, NULL,
                   err) != 0)
            return -1;
        r->counts[v] = (size_t)n;
    }
    return 0;
}

#define READ_PART(name, table) read_part(root, name, table, N_MEMBERS(table), r, &pool, err)

static int read_report(const cJSON *root, const cJSON *tests, run_report *r, conform_error *err)
{
    size_t n_tests = (size_t)cJSON_GetArraySize(tests), room = list_room(root);
    /* test_result holds pointers, so its size keeps the pool aligned. */
    r->results = calloc(1, n_tests * sizeof(test_result) + room * sizeof(char *));
    if (r->results == NULL)
        return conform_error_set(err, "out of memory");
    string_pool pool = {(char **)(void *)(r->results + n_tests), room};
    if (ju_string(root, "", "command", true, false, &r->command, err) != 0
        || READ_PART("port", port_members) != 0 || READ_PART("runner", runner_members) != 0
        || READ_PART("options", options_members) != 0
        || READ_PART("vectorSet", vector_set_members) != 0
        || READ_PART("summary", summary_members) != 0
        || read_verdict_counts(cJSON_GetObjectItemCaseSensitive(root, "summary"), r, err) != 0)
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
