/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_json.c - the JSON report of every command (conformance/README.md
 * "Reports"): what ran against what, the options, the vector set, the
 * summary and one entry per test. report_read.c reads it back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "report_escape.h"
#include "result.h"

/* The builders below remember an allocation failure in *ok, so that the
 * document is put together in one pass and checked once. */

/* A JSON string of s, null when s is NULL. Strings quote what harnesses
 * sent, so bytes that are no UTF-8 become U+FFFD: cJSON would copy them. */
static cJSON *json_text(const char *s)
{
    if (s == NULL)
        return cJSON_CreateNull();
    if (utf8_is_clean(s))
        return cJSON_CreateString(s);
    char *fixed = utf8_repaired(s);
    cJSON *v = fixed != NULL ? cJSON_CreateString(fixed) : NULL;
    free(fixed);
    return v;
}

static cJSON *json_add(cJSON *obj, const char *key, cJSON *value, bool *ok)
{
    if (value == NULL || !cJSON_AddItemToObject(obj, key, value)) {
        cJSON_Delete(value);
        *ok = false;
        return NULL;
    }
    return value;
}

static void json_append(cJSON *array, cJSON *item, bool *ok)
{
    if (item == NULL || !cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        *ok = false;
    }
}

static void json_add_text(cJSON *obj, const char *key, const char *s, bool *ok)
{
    json_add(obj, key, json_text(s), ok);
}

static void json_add_count(cJSON *obj, const char *key, double n, bool *ok)
{
    json_add(obj, key, cJSON_CreateNumber(n), ok);
}

static void json_add_flag(cJSON *obj, const char *key, bool b, bool *ok)
{
    json_add(obj, key, cJSON_CreateBool(b), ok);
}

static void json_add_texts(cJSON *obj, const char *key, const char *const *items, size_t n,
                           bool *ok)
{
    cJSON *a = json_add(obj, key, cJSON_CreateArray(), ok);
    for (size_t i = 0; a != NULL && i < n; i++)
        json_append(a, json_text(items[i]), ok);
}

static cJSON *json_capabilities(const harness_caps *caps, bool *ok)
{
    static const char *const roles[2] = {"client", "server"};
    static const char *const modes[2] = {"anonymous", "client_auth"};
    const char *have_roles[2], *have_modes[2];
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
    json_add_texts(o, "roles", have_roles, n_roles, ok);
    json_add_texts(o, "modes", have_modes, n_modes, ok);
    cJSON *suites = json_add(o, "suites", cJSON_CreateArray(), ok);
    for (size_t i = 0; suites != NULL && i < caps->n_suites && i < PORT_MAX_SUITES; i++)
        json_append(suites, cJSON_CreateNumber(caps->suites[i]), ok);
    json_add_flag(o, "ephemeral", caps->ephemeral, ok);
    json_add_flag(o, "publicKey", caps->public_key, ok);
    return o;
}

static cJSON *json_port(const run_report *r, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    json_add_text(o, "name", r->name, ok);
    json_add_text(o, "implementation", r->implementation, ok);
    if (r->harness_argv == NULL) {
        json_add(o, "command", cJSON_CreateNull(), ok); /* the library, in-process */
    } else {
        size_t argc = 0;
        while (r->harness_argv[argc] != NULL)
            argc++;
        json_add_texts(o, "command", (const char *const *)r->harness_argv, argc, ok);
    }
    json_add(o, "capabilities", json_capabilities(&r->caps, ok), ok);
    return o;
}

static cJSON *json_runner(const run_report *r, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    json_add_text(o, "version", r->runner_version, ok);
    json_add_text(o, "x25519Backend", r->runner_backend, ok);
    return o;
}

static cJSON *json_options(const run_report *r, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    json_add_flag(o, "lenient", r->lenient, ok);
    json_add_count(o, "timeoutMs", (double)r->timeout_ms, ok);
    json_add_text(o, "expectations", r->expect_path, ok);
    json_add_texts(o, "sections", r->sections, r->n_sections, ok);
    json_add_texts(o, "ids", r->ids, r->n_ids, ok);
    return o;
}

static cJSON *json_vector_file(const vec_file *f, bool *ok)
{
    char hex[2 * VEC_SHA256_SIZE + 1];
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    vec_sha256_hex(f->sha256, hex);
    json_add_text(o, "name", f->name, ok);
    json_add_text(o, "path", f->path, ok);
    json_add_text(o, "sha256", hex, ok);
    json_add_count(o, "numberOfTests", (double)f->number_of_tests, ok);
    return o;
}

static cJSON *json_vector_set(const run_report *r, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    json_add_text(o, "combinedSha256", r->vector_digest, ok);
    cJSON *files = json_add(o, "files", cJSON_CreateArray(), ok);
    for (size_t i = 0; files != NULL && r->set != NULL && i < r->set->n_files; i++)
        json_append(files, json_vector_file(&r->set->files[i], ok), ok);
    return o;
}

static cJSON *json_summary(const run_report *r, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    size_t total = 0;
    for (int v = 0; v < VERDICT_COUNT; v++)
        total += r->counts[v];
    json_add_count(o, "total", (double)total, ok);
    for (int v = 0; v < VERDICT_COUNT; v++)
        json_add_count(o, verdict_name((verdict)v), (double)r->counts[v], ok);
    json_add_count(o, "known", (double)r->known, ok);
    json_add_count(o, "unexpectedPass", (double)r->unexpected_pass, ok);
    json_add_count(o, "changed", (double)r->changed, ok);
    json_add_count(o, "staleExpectations", (double)r->stale, ok);
    json_add_count(o, "canaries", (double)r->canaries, ok);
    json_add_count(o, "canariesPassed", (double)r->canaries_passed, ok);
    json_add_count(o, "canariesNotRun", (double)r->canaries_not_run, ok);
    json_add_count(o, "timeouts", (double)r->timeouts, ok);
    json_add_count(o, "harnessRestarts", (double)r->restarts, ok);
    json_add_count(o, "notRun", (double)r->not_run, ok);
    json_add_count(o, "seconds", r->seconds, ok);
    json_add_count(o, "exitCode", r->exit_code, ok);
    return o;
}

static cJSON *json_expectation(const test_result *t, bool *ok)
{
    if (t->outcome == EXPECT_NOT_LISTED)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    json_add_text(o, "verdict", verdict_name(t->listed), ok);
    json_add_text(o, "outcome", expect_outcome_name(t->outcome), ok);
    return o;
}

static cJSON *json_test(const test_result *t, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    json_add_text(o, "tcId", t->tc_id, ok);
    json_add_text(o, "file", t->file, ok);
    json_add_count(o, "group", (double)t->group, ok);
    json_add_count(o, "index", (double)t->index, ok);
    json_add_text(o, "comment", t->comment, ok);
    json_add_text(o, "role", t->role, ok);
    json_add_text(o, "mode", t->mode, ok);
    json_add_count(o, "suite", t->suite, ok);
    json_add_text(o, "result", t->result, ok);
    json_add_text(o, "stage", t->stage, ok);
    json_add_texts(o, "sections", (const char *const *)t->sections, t->n_sections, ok);
    json_add_texts(o, "requirements", (const char *const *)t->requirements, t->n_requirements,
                   ok);
    json_add_texts(o, "flags", (const char *const *)t->flags, t->n_flags, ok);
    json_add_texts(o, "errors", (const char *const *)t->errors, t->n_errors, ok);
    json_add_flag(o, "canary", t->canary, ok);
    json_add_text(o, "verdict", verdict_name(t->verdict), ok);
    json_add_text(o, "operation", t->operation, ok);
    json_add_text(o, "reason", t->reason, ok);
    json_add_text(o, "expected", t->expected, ok);
    json_add_text(o, "actual", t->actual, ok);
    json_add_text(o, "explain", t->explain, ok);
    json_add(o, "expectation", json_expectation(t, ok), ok);
    json_add_count(o, "seconds", t->seconds, ok);
    return o;
}

static cJSON *json_report(const run_report *r)
{
    bool ok = true;
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        return NULL;
    json_add_text(root, "tool", "pssst-conform", &ok);
    json_add_text(root, "command", r->command, &ok);
    json_add(root, "port", json_port(r, &ok), &ok);
    json_add(root, "runner", json_runner(r, &ok), &ok);
    json_add(root, "options", json_options(r, &ok), &ok);
    json_add(root, "vectorSet", json_vector_set(r, &ok), &ok);
    json_add(root, "summary", json_summary(r, &ok), &ok);
    cJSON *tests = json_add(root, "tests", cJSON_CreateArray(), &ok);
    for (size_t i = 0; tests != NULL && i < r->n_results; i++)
        json_append(tests, json_test(&r->results[i], &ok), &ok);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int report_write_json(const char *path, const run_report *r, conform_error *err)
{
    cJSON *root = json_report(r);
    char *text = root != NULL ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (text == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        int e = errno;
        cJSON_free(text);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(e));
    }
    bool bad = fputs(text, fp) < 0 || fputc('\n', fp) == EOF;
    bad |= fclose(fp) != 0;
    cJSON_free(text);
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
