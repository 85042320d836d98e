/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_json.c - the JSON report of every command (conformance/README.md
 * "Reports"), written from a run_report by the tables of
 * report_json_members.h.
 */
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "report_escape.h"
#include "report_json_members.h"

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
 * sent, so bytes that are no UTF-8 become U+FFFD (cJSON would copy them),
 * and control characters '?': every string of a report is one line. */
static cJSON *json_text(const char *s)
{
    char *clean = s != NULL ? utf8_repaired(s) : NULL;
    text_without_controls(clean);
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
    add(o, "outputSize", cJSON_CreateBool(caps->output_size), ok);
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
