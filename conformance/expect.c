/* SPDX-License-Identifier: Apache-2.0 */
#include "expect.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "json_util.h"
#include "result.h"
#include "vector_load.h"

void expect_free(expectations *e)
{
    for (size_t i = 0; i < e->n_entries; i++) {
        free(e->entries[i].tc_id);
        free(e->entries[i].note);
    }
    free(e->entries);
    free(e->path);
    free(e->port);
    memset(e, 0, sizeof *e);
}

static int load_entry(const cJSON *item, const char *path, expect_entry *x, conform_error *err)
{
    const char *name;
    if (json_require_object(item, path, err) != 0 ||
        json_string_copy(item, path, "tcId", true, false, &x->tc_id, err) != 0 ||
        json_string(item, path, "verdict", true, false, &name, err) != 0 ||
        json_string_copy(item, path, "note", false, true, &x->note, err) != 0)
        return -1;
    if (!verdict_from_name(name, &x->verdict) || x->verdict == VERDICT_PASS)
        return conform_error_set(err, "%s.verdict: \"%.40s\" is not a failing verdict (fail, "
                                      "wrong-error, unsupported, crash, timeout, error)",
                                 path, name);
    return 0;
}

static int load_tree(const cJSON *root, expectations *e, conform_error *err)
{
    const cJSON *list;
    if (json_require_object(root, "", err) != 0 ||
        json_string_copy(root, "", "port", false, true, &e->port, err) != 0 ||
        json_find_member(root, "", "expectations", &list, err) != 0)
        return -1;
    if (!cJSON_IsArray(list))
        return conform_error_set(err, "expectations: expected an array");
    size_t n = (size_t)cJSON_GetArraySize(list);
    e->entries = calloc(n + 1, sizeof *e->entries);
    if (e->entries == NULL)
        return conform_error_set(err, "out of memory");
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        char path[JSON_PATH_SIZE];
        json_path_index(path, "expectations", e->n_entries);
        if (load_entry(item, path, &e->entries[e->n_entries++], err) != 0)
            return -1;
    }
    return 0;
}

int expect_load(const char *path, expectations *e, conform_error *err)
{
    memset(e, 0, sizeof *e);
    cJSON *root = json_read_file(path, err);
    if (root == NULL)
        return -1;
    int rc = load_tree(root, e, err);
    cJSON_Delete(root);
    e->path = string_copy(path);
    if (rc == 0 && e->path == NULL)
        rc = conform_error_set(err, "out of memory");
    if (rc != 0) {
        conform_error_prefix(err, path);
        expect_free(e);
    }
    return rc;
}

const expect_entry *expect_find(expectations *e, const char *tc_id)
{
    for (size_t i = 0; e != NULL && i < e->n_entries; i++) {
        expect_entry *x = &e->entries[i];
        if (strcmp(x->tc_id, tc_id) == 0 || fnmatch(x->tc_id, tc_id, 0) == 0) {
            x->matched++;
            return x;
        }
    }
    return NULL;
}

size_t expect_print_stale(const expectations *e, FILE *out)
{
    size_t n = 0;
    for (size_t i = 0; e != NULL && i < e->n_entries; i++) {
        if (e->entries[i].matched > 0)
            continue;
        fprintf(out, "%s: expectation for %s matches no test that ran (stale entry?)\n", e->path,
                e->entries[i].tc_id);
        n++;
    }
    return n;
}

/* One expectation entry for a test that did not pass. */
static cJSON *entry_for(const test_result *t)
{
    cJSON *e = cJSON_CreateObject();
    if (e != NULL && (cJSON_AddStringToObject(e, "tcId", t->tc_id) == NULL ||
                      cJSON_AddStringToObject(e, "verdict", verdict_name(t->verdict)) == NULL ||
                      cJSON_AddStringToObject(e, "note", t->reason != NULL ? t->reason : "") ==
                          NULL)) {
        cJSON_Delete(e);
        e = NULL;
    }
    return e;
}

int expect_write(const char *path, const struct run_report *run, conform_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *list = cJSON_CreateArray();
    bool ok = root != NULL && list != NULL &&
              cJSON_AddStringToObject(root, "port", run->name != NULL ? run->name : "") != NULL &&
              cJSON_AddItemToObject(root, "expectations", list);
    if (!ok)
        cJSON_Delete(list);
    for (size_t i = 0; ok && i < run->n_results; i++) {
        const test_result *t = &run->results[i];
        if (t->canary || t->verdict == VERDICT_PASS)
            continue;
        cJSON *e = entry_for(t);
        ok = e != NULL && cJSON_AddItemToArray(list, e);
        if (!ok)
            cJSON_Delete(e);
    }
    int rc = ok ? json_write_file(path, root, err)
                : conform_error_set(err, "%s: out of memory", path);
    cJSON_Delete(root);
    return rc;
}
