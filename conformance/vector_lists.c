/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_lists.c - the lists of a vector test: sections, requirements,
 * flags and errors (spec/vectors.md 2.3, 4, 7), and repliesBefore (6).
 */
#include "vector_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pssst.h"

/* spec/vectors.md 2.3: a section number is digits separated by single dots. */
static bool is_section(const char *s, const cJSON *notes)
{
    bool digit = false;
    (void)notes;
    for (; *s != '\0'; s++) {
        if (*s == '.' && !digit)
            return false;
        if (*s != '.' && (*s < '0' || *s > '9'))
            return false;
        digit = *s != '.';
    }
    return digit;
}

/* spec/vectors.md 7: every flag is explained in the file's notes. */
static bool is_described(const char *s, const cJSON *notes)
{
    return notes != NULL && cJSON_GetObjectItemCaseSensitive(notes, s) != NULL;
}

/* spec/vectors.md 4: errors are the error statuses of spec 10.1. */
static bool is_error_status(const char *s, const cJSON *notes)
{
    pssst_status st;
    (void)notes;
    return pssst_status_from_name(s, &st) && st != PSSST_OK;
}

/* A string-array member of a test and the rule for each element. */
typedef enum { OPTIONAL, ALWAYS, UNLESS_VALID } list_need;
typedef struct {
    const char *name;
    size_t items, count; /* offsets in vec_test */
    list_need required;
    bool (*ok)(const char *s, const cJSON *notes); /* NULL: any string */
    const char *before, *after;                     /* message around a bad element */
} list_member;

#define LIST(f) offsetof(vec_test, f), offsetof(vec_test, n_##f)

static const list_member test_lists[] = {
    {"sections", LIST(sections), ALWAYS, is_section, "", "is not a section number like \"7.1\""},
    {"requirements", LIST(requirements), OPTIONAL, NULL, "", ""},
    {"flags", LIST(flags), ALWAYS, is_described, "flag ", "is not described in \"notes\""},
    {"errors", LIST(errors), UNLESS_VALID, is_error_status, "",
     "is not an error status name (spec 10.1)"},
};

static int check_each(char *const *items, size_t n, const char *path, const list_member *l,
                      const cJSON *notes, conform_error *err)
{
    for (size_t i = 0; l->ok != NULL && i < n; i++) {
        if (l->ok(items[i], notes))
            continue;
        char p[JSON_PATH_SIZE], ip[JSON_PATH_SIZE];
        json_path_member(p, path, l->name);
        json_path_index(ip, p, i);
        return conform_error_set(err, "%s: %s\"%.60s\" %s", ip, l->before, items[i], l->after);
    }
    return 0;
}

int vec_read_lists(const cJSON *obj, const char *path, const cJSON *notes, vec_test *t,
                   conform_error *err)
{
    bool valid = t->result == VEC_RESULT_VALID;
    for (size_t i = 0; i < COUNT(test_lists); i++) {
        const list_member *l = &test_lists[i];
        char ***items = (char ***)((char *)t + l->items);
        size_t *n = (size_t *)((char *)t + l->count);
        bool required = l->required == ALWAYS || (l->required == UNLESS_VALID && !valid);
        if (json_string_list(obj, path, l->name, required, items, n, err) != 0 ||
            check_each(*items, *n, path, l, notes, err) != 0)
            return -1;
    }
    if (t->n_sections == 0)
        return json_member_error(err, path, "sections", "must cite at least one spec section");
    if (t->n_flags == 0)
        return json_member_error(err, path, "flags", "must name at least one flag");
    if (!valid && t->n_errors == 0)
        return json_member_error(err, path, "errors",
                                 "an invalid or acceptable test must allow at least one error");
    if (valid && t->n_errors != 0)
        return json_member_error(err, path, "errors", "a valid test allows no error");
    return 0;
}

/* spec/vectors.md 6: "repliesBefore": [{"packet": hex, "errors": [names]}]. */
int vec_parse_replies_before(const cJSON *obj, const char *path, const vec_group *g,
                             vec_test *t, conform_error *err)
{
    const list_member *statuses = &test_lists[COUNT(test_lists) - 1]; /* "errors" */
    const cJSON *list;
    char lp[JSON_PATH_SIZE], p[JSON_PATH_SIZE];
    if (json_find_member(obj, path, "repliesBefore", &list, err) != 0)
        return -1;
    if (list == NULL || cJSON_IsNull(list))
        return 0;
    if (!cJSON_IsArray(list))
        return json_member_error(err, path, "repliesBefore", "expected an array");
    if (g->role != VEC_ROLE_CLIENT)
        return json_member_error(err, path, "repliesBefore",
                                 "only client-role tests deliver replies");
    /* An extension a runner may skip, so not where such runners would
     * silently ignore it. */
    if (strcmp(g->type, "PssstReplySequenceTest") != 0)
        return json_member_error(err, path, "repliesBefore",
                                 "only allowed in PssstReplySequenceTest groups");
    t->replies_before = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *t->replies_before);
    if (t->replies_before == NULL)
        return json_member_error(err, path, "repliesBefore", "out of memory");
    json_path_member(lp, path, "repliesBefore");
    for (const cJSON *c = list->child; c != NULL; c = c->next) {
        json_path_index(p, lp, t->n_replies_before);
        vec_reply_before *b = &t->replies_before[t->n_replies_before++];
        if (json_require_object(c, p, err) != 0 ||
            json_hex(c, p, "packet", true, false, &b->packet, err) != 0 ||
            json_string_list(c, p, "errors", true, &b->errors, &b->n_errors, err) != 0)
            return -1;
        if (b->n_errors == 0)
            return json_member_error(err, p, "errors", "must allow at least one error");
        if (check_each(b->errors, b->n_errors, p, statuses, NULL, err) != 0)
            return -1;
    }
    return 0;
}
