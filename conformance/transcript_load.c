/* SPDX-License-Identifier: Apache-2.0 */
#include "transcript_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pssst.h"

/* Largest transcript id accepted (ids only need to be unique). */
#define TRANSCRIPT_MAX_ID 100000000L

/* The four groups, in output order. */
static const struct {
    vec_role role;
    vec_mode mode;
} transcript_groups[] = {
    {VEC_ROLE_CLIENT, VEC_MODE_ANONYMOUS},
    {VEC_ROLE_CLIENT, VEC_MODE_CLIENT_AUTH},
    {VEC_ROLE_SERVER, VEC_MODE_ANONYMOUS},
    {VEC_ROLE_SERVER, VEC_MODE_CLIENT_AUTH},
};
#define TRANSCRIPT_GROUP_COUNT (sizeof transcript_groups / sizeof transcript_groups[0])

static int field_error(conform_error *err, const char *path, const char *name, const char *what)
{
    char p[JU_PATH_SIZE];
    ju_path_member(p, path, name);
    return conform_error_set(err, "%s: %s", p, what);
}

/*
 * Fills t from one transcript object. The keys a mode needs must be there:
 * client keys exactly in client_auth transcripts.
 */
static int parse_transcript(const cJSON *obj, const char *path, long *id, bool *auth,
                            vec_test *t, conform_error *err)
{
    if (ju_require_object(obj, path, err) != 0 ||
        ju_int(obj, path, "id", true, 0, TRANSCRIPT_MAX_ID, id, NULL, err) != 0 ||
        ju_bool(obj, path, "client_auth", true, auth, err) != 0 ||
        ju_hex32(obj, path, "server_private", true, false, &t->server_private, err) != 0 ||
        ju_hex32(obj, path, "server_public", true, false, &t->server_public, err) != 0 ||
        ju_hex32(obj, path, "client_private", true, true, &t->client_private, err) != 0 ||
        ju_hex32(obj, path, "client_public", true, true, &t->client_public, err) != 0 ||
        ju_hex32(obj, path, "ephemeral_private", true, false, &t->ephemeral_private, err) != 0 ||
        ju_hex(obj, path, "request", true, false, &t->request, err) != 0 ||
        ju_hex(obj, path, "request_packet", true, false, &t->request_packet, err) != 0 ||
        ju_hex(obj, path, "reply", true, false, &t->reply, err) != 0 ||
        ju_hex(obj, path, "reply_packet", true, false, &t->reply_packet, err) != 0)
        return -1;
    if (*auth && !t->client_private.present)
        return field_error(err, path, "client_private", "must be given when client_auth is true");
    if (*auth && !t->client_public.present)
        return field_error(err, path, "client_public", "must be given when client_auth is true");
    if (!*auth && t->client_private.present)
        return field_error(err, path, "client_private", "must be null when client_auth is false");
    if (!*auth && t->client_public.present)
        return field_error(err, path, "client_public", "must be null when client_auth is false");
    char name[48];
    snprintf(name, sizeof name, "transcript-%ld", *id);
    t->tc_id = ju_strdup(name);
    if (t->tc_id == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    t->result = VEC_RESULT_VALID;
    t->stage = VEC_STAGE_NONE;
    return 0;
}

static int check_unique(long id, const long *ids, size_t n_seen, const char *path,
                        conform_error *err)
{
    for (size_t i = 0; i < n_seen; i++)
        if (ids[i] == id)
            return field_error(err, path, "id", "same id as an earlier transcript");
    return 0;
}

static size_t group_index(vec_role role, bool auth)
{
    vec_mode mode = auth ? VEC_MODE_CLIENT_AUTH : VEC_MODE_ANONYMOUS;
    for (size_t i = 0; i < TRANSCRIPT_GROUP_COUNT; i++)
        if (transcript_groups[i].role == role && transcript_groups[i].mode == mode)
            return i;
    return 0;
}

static int parse_transcripts(const cJSON *list, vec_group *groups, long *ids, size_t n,
                             conform_error *err)
{
    size_t i = 0;
    for (const cJSON *c = list->child; c != NULL && i < n; c = c->next, i++) {
        char p[JU_PATH_SIZE];
        ju_path_index(p, "transcripts", i);
        for (size_t r = 0; r < 2; r++) {
            vec_role role = r == 0 ? VEC_ROLE_CLIENT : VEC_ROLE_SERVER;
            vec_test t;
            long id;
            bool auth;
            memset(&t, 0, sizeof t);
            if (parse_transcript(c, p, &id, &auth, &t, err) != 0) {
                vec_test_free(&t);
                return -1;
            }
            if (r == 0 && check_unique(id, ids, i, p, err) != 0) {
                vec_test_free(&t);
                return -1;
            }
            ids[i] = id;
            vec_group *g = &groups[group_index(role, auth)];
            g->tests[g->n_tests++] = t;
        }
    }
    return 0;
}

static int parse_root(const cJSON *root, vec_file *f, conform_error *err)
{
    long seed;
    bool has_seed;
    if (ju_require_object(root, "", err) != 0)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(root, "transcripts") == NULL &&
        cJSON_GetObjectItemCaseSensitive(root, "testGroups") != NULL)
        return conform_error_set(err, "transcripts: required member is missing (this is a "
                                      "vector file: use pssst-conform vectors)");
    if (ju_string_dup(root, "", "generator", true, false, &f->generator, err) != 0 ||
        ju_int(root, "", "seed", false, 0, 0x7fffffffL, &seed, &has_seed, err) != 0)
        return -1;
    const cJSON *list;
    if (ju_required_array(root, "", "transcripts", "an array of transcripts", &list, err) != 0)
        return -1;
    size_t n = (size_t)cJSON_GetArraySize(list);
    f->groups = calloc(TRANSCRIPT_GROUP_COUNT, sizeof *f->groups);
    long *ids = calloc(n + 1, sizeof *ids);
    if (f->groups == NULL || ids == NULL) {
        free(ids);
        return conform_error_set(err, "transcripts: out of memory");
    }
    f->n_groups = TRANSCRIPT_GROUP_COUNT;
    for (size_t g = 0; g < TRANSCRIPT_GROUP_COUNT; g++) {
        f->groups[g].role = transcript_groups[g].role;
        f->groups[g].mode = transcript_groups[g].mode;
        f->groups[g].suite = PSSST_SUITE_X25519_AESGCM128;
        f->groups[g].type = ju_strdup("transcript");
        f->groups[g].tests = calloc(n + 1, sizeof *f->groups[g].tests);
        if (f->groups[g].type == NULL || f->groups[g].tests == NULL) {
            free(ids);
            return conform_error_set(err, "transcripts: out of memory");
        }
    }
    int rc = parse_transcripts(list, f->groups, ids, n, err);
    free(ids);
    f->number_of_tests = n;
    return rc;
}

int transcript_load_buffer(const char *name, const char *data, size_t len, vec_file *out,
                           conform_error *err)
{
    memset(out, 0, sizeof *out);
    if (vec_file_identify(out, name, data, len, err) != 0) {
        vec_file_free(out);
        return -1;
    }
    out->is_transcript = true;
    out->algorithm = ju_strdup("PSSST");
    cJSON *root = ju_parse(data, len, err);
    int rc = root != NULL ? parse_root(root, out, err) : -1;
    if (rc == 0 && out->algorithm == NULL)
        rc = conform_error_set(err, "out of memory");
    cJSON_Delete(root);
    if (rc != 0) {
        conform_error_prefix(err, name);
        vec_file_free(out);
    }
    return rc;
}

int transcript_load_file(const char *path, vec_file *out, conform_error *err)
{
    return vec_load_file_with(path, transcript_load_buffer, out, err);
}
