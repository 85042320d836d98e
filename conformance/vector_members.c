/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_members.c - a test's hex members (spec/vectors.md 2.3, 9) and
 * stages (3.3): reading them, and which members each role's procedure
 * needs by the stage it reaches (3.1, 3.2); freeing a test.
 */
#include "vector_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

#define ROLE_ANY 2

/*
 * spec/vectors.md 3.3: the stages of each role. step is how far the role
 * procedure (3.1, 3.2) gets: 1 init, 2 pack_request or unpack_request,
 * 3 unpack_reply; a valid test runs everything (4), reuse once more (5).
 */
static const struct {
    const char *name;
    int role, step;
} stages[] = {
    [VEC_STAGE_NONE] = {"none", ROLE_ANY, 4},
    [VEC_STAGE_CLIENT_INIT] = {"client_init", VEC_ROLE_CLIENT, 1},
    [VEC_STAGE_PACK_REQUEST] = {"pack_request", VEC_ROLE_CLIENT, 2},
    [VEC_STAGE_UNPACK_REPLY] = {"unpack_reply", VEC_ROLE_CLIENT, 3},
    [VEC_STAGE_SERVER_INIT] = {"server_init", VEC_ROLE_SERVER, 1},
    [VEC_STAGE_UNPACK_REQUEST] = {"unpack_request", VEC_ROLE_SERVER, 2},
    [VEC_STAGE_REUSE] = {"reuse", ROLE_ANY, 5},
};

const char *vec_stage_name(vec_stage s)
{
    return (unsigned)s < COUNT(stages) ? stages[s].name : "none";
}

/*
 * Who needs a member: the role procedure from step `from` on (0: never),
 * only in client_auth mode when auth; anon_null: it must be null in
 * anonymous mode. An acceptable test may fail at its stage, so outputs of
 * the operation at the stage are needed only from the step after it.
 */
typedef struct {
    int from;
    bool auth, anon_null;
    const char *why;
} need;

/* A hex member of a test (spec/vectors.md 2.3) or transcript (9). */
typedef struct {
    const char *name, *transcript_name;
    size_t data, present; /* offsets in vec_test */
    size_t size;          /* bytes; 0: any length, data is a vec_bytes */
    bool client_key;      /* transcripts: given exactly when client_auth */
    need client, server;
} hex_member;

#define KEY(f) offsetof(vec_test, f.b), offsetof(vec_test, f.present), 32
#define BYTES(f) offsetof(vec_test, f), offsetof(vec_test, f.present), 0
#define FIXED(f, has) offsetof(vec_test, f), offsetof(vec_test, has), sizeof(((vec_test *)0)->f)

static const hex_member test_members[] = {
    {"serverPrivate", "server_private", KEY(server_private), false, {0}, {1, 0, 0, "server_init"}},
    {"serverPublic", "server_public", KEY(server_public), false, {1, 0, 0, "client_init"}, {0}},
    {"clientPrivate", "client_private", KEY(client_private), true,
     {1, true, true, "client_init in client_auth mode"}, {0}},
    {"clientPublic", "client_public", KEY(client_public), true, {0},
     {3, true, false, "authenticated key from unpack_request"}},
    {"ephemeralPrivate", "ephemeral_private", KEY(ephemeral_private), false,
     {2, 0, 0, "pack_request"}, {0}},
    {"request", "request", BYTES(request), false, {2, 0, 0, "pack_request"},
     {3, 0, 0, "output of unpack_request"}},
    {"requestPacket", "request_packet", BYTES(request_packet), false,
     {3, 0, 0, "output of pack_request"}, {2, 0, 0, "unpack_request"}},
    {"reply", "reply", BYTES(reply), false, {4, 0, 0, "output of unpack_reply"},
     {3, 0, 0, "pack_reply"}},
    {"replyPacket", "reply_packet", BYTES(reply_packet), false, {3, 0, 0, "unpack_reply"},
     {3, 0, 0, "output of pack_reply"}},
};

/* "intermediate" (spec/vectors.md 2.3): the key schedule of spec 5.1. */
static const hex_member intermediate_members[] = {
    {"dhParam", NULL, KEY(intermediate.dh_param), false, {0}, {0}},
    {"shared", NULL, KEY(intermediate.shared), false, {0}, {0}},
    {"key", NULL, FIXED(intermediate.key, intermediate.has_key), false, {0}, {0}},
    {"clientNonce", NULL, FIXED(intermediate.client_nonce, intermediate.has_client_nonce), false,
     {0}, {0}},
    {"serverNonce", NULL, FIXED(intermediate.server_nonce, intermediate.has_server_nonce), false,
     {0}, {0}},
};

static bool member_present(const vec_test *t, const hex_member *m)
{
    return *(const bool *)((const char *)t + m->present);
}

/* Reads members m[0..n): optional and nullable in vector files, required
 * in transcripts where only the client keys may be null. */
static int read_members(const cJSON *obj, const char *path, const hex_member *m, size_t n,
                        bool transcript, vec_test *t, conform_error *err)
{
    for (; n > 0; n--, m++) {
        char *at = (char *)t + m->data;
        const char *name = transcript ? m->transcript_name : m->name;
        bool nullable = !transcript || m->client_key;
        bool *present = (bool *)((char *)t + m->present);
        int rc = m->size == 0
                     ? json_hex(obj, path, name, transcript, nullable, (vec_bytes *)at, err)
                     : json_hex_fixed(obj, path, name, transcript, nullable, m->size,
                                      (uint8_t *)at, present, err);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int vec_read_test_members(const cJSON *obj, const char *path, vec_test *t, conform_error *err)
{
    const cJSON *im;
    char p[JSON_PATH_SIZE];
    if (read_members(obj, path, test_members, COUNT(test_members), false, t, err) != 0 ||
        json_find_member(obj, path, "intermediate", &im, err) != 0)
        return -1;
    if (im == NULL || cJSON_IsNull(im))
        return 0;
    json_path_member(p, path, "intermediate");
    if (json_require_object(im, p, err) != 0)
        return -1;
    return read_members(im, p, intermediate_members, COUNT(intermediate_members), false, t, err);
}

int vec_read_transcript_members(const cJSON *obj, const char *path, bool auth, vec_test *t,
                                conform_error *err)
{
    if (read_members(obj, path, test_members, COUNT(test_members), true, t, err) != 0)
        return -1;
    for (size_t i = 0; i < COUNT(test_members); i++) {
        const hex_member *m = &test_members[i];
        if (m->client_key && member_present(t, m) != auth)
            return json_member_error(err, path, m->transcript_name,
                                     auth ? "must be given when client_auth is true"
                                        : "must be null when client_auth is false");
    }
    return 0;
}

/*
 * spec/vectors.md 3.1, 3.2: every member the procedure reaches is there.
 * Of several problems the one of the earliest step is reported.
 */
int vec_check_needs(const vec_group *g, const vec_test *t, const char *path, conform_error *err)
{
    bool auth = g->mode == VEC_MODE_CLIENT_AUTH;
    const hex_member *bad = NULL;
    const need *bad_need = NULL;
    for (size_t i = 0; i < COUNT(test_members); i++) {
        const hex_member *m = &test_members[i];
        const need *n = g->role == VEC_ROLE_CLIENT ? &m->client : &m->server;
        bool wrong = member_present(t, m) ? n->anon_null && !auth
                                          : n->from != 0 && stages[t->stage].step >= n->from &&
                                                (auth || !n->auth);
        if (wrong && (bad == NULL || n->from < bad_need->from)) {
            bad = m;
            bad_need = n;
        }
    }
    if (bad == NULL)
        return 0;
    if (member_present(t, bad))
        return json_member_error(err, path, bad->name, "must be null in anonymous mode");
    char what[200];
    snprintf(what, sizeof what, "required member is missing or null (%s)", bad_need->why);
    return json_member_error(err, path, bad->name, what);
}

/* spec/vectors.md 3.3: invalid and acceptable tests name a stage of their role. */
int vec_parse_stage(const cJSON *obj, const char *path, const vec_group *g, vec_test *t,
                    conform_error *err)
{
    const char *s;
    bool needed = t->result != VEC_RESULT_VALID;
    if (json_string(obj, path, "stage", needed, !needed, &s, err) != 0)
        return -1;
    if (s == NULL)
        return 0;
    if (!needed)
        return json_member_error(err, path, "stage", "a valid test has no failing stage");
    for (size_t i = 1; i < COUNT(stages); i++)
        if (strcmp(s, stages[i].name) == 0 && (stages[i].role == ROLE_ANY ||
                                               stages[i].role == (int)g->role))
            t->stage = (vec_stage)i;
    if (t->stage != VEC_STAGE_NONE)
        return 0;
    char what[200];
    snprintf(what, sizeof what, "\"%.40s\" is not a stage of the %s role", s,
             vec_role_name(g->role));
    return json_member_error(err, path, "stage", what);
}

void vec_test_free(vec_test *t)
{
    free(t->tc_id);
    free(t->comment);
    string_list_free(t->sections, t->n_sections);
    string_list_free(t->requirements, t->n_requirements);
    string_list_free(t->flags, t->n_flags);
    string_list_free(t->errors, t->n_errors);
    for (size_t i = 0; i < COUNT(test_members); i++)
        if (test_members[i].size == 0)
            vec_bytes_free((vec_bytes *)((char *)t + test_members[i].data));
    for (size_t i = 0; i < t->n_replies_before; i++) {
        vec_bytes_free(&t->replies_before[i].packet);
        string_list_free(t->replies_before[i].errors, t->replies_before[i].n_errors);
    }
    free(t->replies_before);
    pssst_wipe(t, sizeof *t);
}
