/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_load.c - vector files (spec/vectors.md 2): the top level, notes,
 * groups and tests, and the names of roles, modes and results.
 */
#include "vector_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = {"client", "server"};
static const char *const mode_names[] = {"anonymous", "client_auth"};
static const char *const result_names[] = {"valid", "invalid", "acceptable"};

const char *vec_role_name(vec_role r)
{
    return (unsigned)r < COUNT(role_names) ? role_names[r] : "?";
}

const char *vec_mode_name(vec_mode m)
{
    return (unsigned)m < COUNT(mode_names) ? mode_names[m] : "?";
}

const char *vec_result_name(vec_result r)
{
    return (unsigned)r < COUNT(result_names) ? result_names[r] : "?";
}

/* An enum given as a string member, from a table of names. */
static int parse_enum(const cJSON *obj, const char *path, const char *name,
                      const char *const *names, size_t n, int *out, conform_error *err)
{
    const char *s;
    if (json_string(obj, path, name, true, false, &s, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    char what[300];
    int len = snprintf(what, sizeof what, "unknown value \"%.60s\" (expected", s);
    for (size_t i = 0; i < n && len > 0 && (size_t)len < sizeof what; i++)
        len += snprintf(what + len, sizeof what - (size_t)len, "%s \"%s\"", i ? "," : "", names[i]);
    if (len > 0 && (size_t)len < sizeof what)
        snprintf(what + len, sizeof what - (size_t)len, ")");
    return json_member_error(err, path, name, what);
}

static int parse_test(const cJSON *obj, const char *path, const cJSON *notes,
                      const vec_group *g, vec_test *t, conform_error *err)
{
    int result = 0;
    if (json_require_object(obj, path, err) != 0 ||
        json_string_copy(obj, path, "tcId", true, false, &t->tc_id, err) != 0)
        return -1;
    if (t->tc_id[0] == '\0')
        return json_member_error(err, path, "tcId", "must not be empty");
    if (json_string_copy(obj, path, "comment", false, true, &t->comment, err) != 0 ||
        parse_enum(obj, path, "result", result_names, COUNT(result_names), &result, err) != 0)
        return -1;
    t->result = (vec_result)result;
    if (vec_read_lists(obj, path, notes, t, err) != 0 ||
        vec_parse_stage(obj, path, g, t, err) != 0 ||
        vec_read_test_members(obj, path, t, err) != 0 ||
        vec_parse_replies_before(obj, path, g, t, err) != 0)
        return -1;
    return vec_check_needs(g, t, path, err);
}

/* spec/vectors.md 2.2. */
static int parse_group(const cJSON *obj, const char *path, const cJSON *notes, vec_group *g,
                       conform_error *err)
{
    int role = 0, mode = 0;
    long suite = 0;
    const cJSON *tests;
    char tp[JSON_PATH_SIZE], p[JSON_PATH_SIZE];
    if (json_require_object(obj, path, err) != 0 ||
        json_string_copy(obj, path, "type", true, false, &g->type, err) != 0)
        return -1;
    bool sequence = strcmp(g->type, "PssstReplySequenceTest") == 0;
    if (strcmp(g->type, "PssstTest") != 0 && !sequence)
        return json_member_error(err, path, "type",
                                 "expected \"PssstTest\" or \"PssstReplySequenceTest\"");
    if (parse_enum(obj, path, "role", role_names, COUNT(role_names), &role, err) != 0 ||
        parse_enum(obj, path, "mode", mode_names, COUNT(mode_names), &mode, err) != 0 ||
        json_integer(obj, path, "suite", true, 0, 0xffff, &suite, NULL, err) != 0)
        return -1;
    g->role = (vec_role)role;
    g->mode = (vec_mode)mode;
    g->suite = (uint16_t)suite;
    if (sequence && g->role != VEC_ROLE_CLIENT) /* spec/vectors.md 6 */
        return json_member_error(err, path, "role",
                                 "a PssstReplySequenceTest group is client role");
    if (json_required_array(obj, path, "tests", "an array of tests", &tests, err) != 0)
        return -1;
    g->tests = calloc((size_t)cJSON_GetArraySize(tests) + 1, sizeof *g->tests);
    if (g->tests == NULL)
        return json_member_error(err, path, "tests", "out of memory");
    json_path_member(tp, path, "tests");
    for (const cJSON *c = tests->child; c != NULL; c = c->next) {
        json_path_index(p, tp, g->n_tests);
        /* Counted before parsing so that a half-filled test is freed too. */
        if (parse_test(c, p, notes, g, &g->tests[g->n_tests++], err) != 0)
            return -1;
    }
    return 0;
}

/* spec/vectors.md 2.1 and 7: header, schema and notes are checked for type only. */
static int parse_notes(const cJSON *root, const cJSON **notes, conform_error *err)
{
    char **lines = NULL;
    size_t n = 0;
    const char *s;
    int rc = json_string_list(root, "", "header", false, &lines, &n, err);
    string_list_free(lines, n);
    if (rc != 0 || json_string(root, "", "schema", false, false, &s, err) != 0 ||
        json_find_member(root, "", "notes", notes, err) != 0)
        return -1;
    if (*notes == NULL)
        return 0;
    if (json_require_object(*notes, "notes", err) != 0)
        return -1;
    for (const cJSON *c = (*notes)->child; c != NULL; c = c->next) {
        char p[JSON_PATH_SIZE];
        json_path_member(p, "notes", c->string != NULL ? c->string : "?");
        if (json_require_object(c, p, err) != 0 ||
            json_string(c, p, "bugType", false, false, &s, err) != 0 ||
            json_string(c, p, "description", false, false, &s, err) != 0)
            return -1;
    }
    return 0;
}

int vec_parse_vector_file(const cJSON *root, vec_file *f, conform_error *err)
{
    long declared = 0;
    const cJSON *notes = NULL, *groups;
    if (json_string_copy(root, "", "algorithm", true, false, &f->algorithm, err) != 0)
        return -1;
    if (strcmp(f->algorithm, "PSSST") != 0)
        return conform_error_set(err, "algorithm: expected \"PSSST\", got \"%.40s\"",
                                 f->algorithm);
    if (json_string_copy(root, "", "generatorVersion", true, false, &f->generator, err) != 0 ||
        json_string_copy(root, "", "source", true, false, &f->source, err) != 0 ||
        json_integer(root, "", "numberOfTests", true, 0, 100000000L, &declared, NULL, err) != 0 ||
        parse_notes(root, &notes, err) != 0 ||
        json_required_array(root, "", "testGroups", "an array of test groups", &groups, err) != 0)
        return -1;
    f->groups = calloc((size_t)cJSON_GetArraySize(groups) + 1, sizeof *f->groups);
    if (f->groups == NULL)
        return conform_error_set(err, "testGroups: out of memory");
    for (const cJSON *c = groups->child; c != NULL; c = c->next) {
        char p[JSON_PATH_SIZE];
        json_path_index(p, "testGroups", f->n_groups);
        vec_group *g = &f->groups[f->n_groups++];
        if (parse_group(c, p, notes, g, err) != 0)
            return -1;
        f->number_of_tests += g->n_tests;
    }
    if ((size_t)declared != f->number_of_tests)
        return conform_error_set(err, "numberOfTests: says %ld but the file holds %zu tests",
                                 declared, f->number_of_tests);
    return vec_check_unique_ids(f, 1, err);
}
