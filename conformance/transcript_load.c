/* SPDX-License-Identifier: Apache-2.0 */
/*
 * transcript_load.c - transcript files (spec/vectors.md 9) into the model
 * of vector files: each transcript one valid test in each role.
 */
#include "vector_load_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "pssst.h"

/* spec/vectors.md 9: one transcript, replayed in both roles. */
static int parse_transcript(const cJSON *obj, const char *path, long *id, bool *auth,
                            vec_test *t, conform_error *err)
{
    char name[48];
    if (json_require_object(obj, path, err) != 0 ||
        json_integer(obj, path, "id", true, 0, 100000000L, id, NULL, err) != 0 ||
        json_boolean(obj, path, "client_auth", true, auth, err) != 0 ||
        vec_read_transcript_members(obj, path, *auth, t, err) != 0)
        return -1;
    snprintf(name, sizeof name, "transcript-%ld", *id);
    t->tc_id = string_copy(name);
    return t->tc_id != NULL ? 0 : conform_error_set(err, "%s: out of memory", path);
}

/* Groups client anonymous, client client_auth, server anonymous, server client_auth. */
static int parse_transcripts(const cJSON *list, vec_file *f, long *ids, conform_error *err)
{
    size_t i = 0;
    for (const cJSON *c = list->child; c != NULL; c = c->next, i++) {
        char p[JSON_PATH_SIZE];
        json_path_index(p, "transcripts", i);
        for (int role = 0; role < 2; role++) {
            vec_test t = {0};
            bool auth;
            if (parse_transcript(c, p, &ids[i], &auth, &t, err) != 0) {
                vec_test_free(&t);
                return -1;
            }
            vec_group *g = &f->groups[2 * role + auth];
            g->tests[g->n_tests++] = t;
        }
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                return json_member_error(err, p, "id", "same id as an earlier transcript");
    }
    return 0;
}

int vec_parse_transcript_file(const cJSON *root, vec_file *f, conform_error *err)
{
    long seed;
    const cJSON *list;
    if (json_string_copy(root, "", "generator", true, false, &f->generator, err) != 0 ||
        json_integer(root, "", "seed", false, 0, 0x7fffffffL, &seed, NULL, err) != 0 ||
        json_required_array(root, "", "transcripts", "an array of transcripts", &list, err) != 0)
        return -1;
    size_t n = (size_t)cJSON_GetArraySize(list);
    long *ids = calloc(n + 1, sizeof *ids);
    f->groups = calloc(4, sizeof *f->groups);
    f->algorithm = string_copy("PSSST");
    bool ok = ids != NULL && f->groups != NULL && f->algorithm != NULL;
    for (size_t i = 0; ok && i < 4; i++) {
        vec_group *g = &f->groups[f->n_groups++];
        g->role = i < 2 ? VEC_ROLE_CLIENT : VEC_ROLE_SERVER;
        g->mode = i % 2 ? VEC_MODE_CLIENT_AUTH : VEC_MODE_ANONYMOUS;
        g->suite = PSSST_SUITE_X25519_AESGCM128;
        g->type = string_copy("transcript");
        g->tests = calloc(n + 1, sizeof *g->tests);
        ok = g->type != NULL && g->tests != NULL;
    }
    f->number_of_tests = n;
    int rc = ok ? parse_transcripts(list, f, ids, err)
                : conform_error_set(err, "transcripts: out of memory");
    free(ids);
    return rc;
}
