/* SPDX-License-Identifier: Apache-2.0 */
#include "vector_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "pssst.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define ROLE_ANY 2

static const char *const role_names[] = {"client", "server"};
static const char *const mode_names[] = {"anonymous", "client_auth"};
static const char *const result_names[] = {"valid", "invalid", "acceptable"};

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
    size_t size;          /* bytes; 0: any length, data is a ju_bytes */
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
        int rc = m->size == 0 ? ju_hex(obj, path, name, transcript, nullable, (ju_bytes *)at, err)
                              : ju_hex_fixed(obj, path, name, transcript, nullable, m->size,
                                             (uint8_t *)at, (bool *)((char *)t + m->present),
                                             err);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static void test_free(vec_test *t)
{
    free(t->tc_id);
    free(t->comment);
    ju_string_array_free(t->sections, t->n_sections);
    ju_string_array_free(t->requirements, t->n_requirements);
    ju_string_array_free(t->flags, t->n_flags);
    ju_string_array_free(t->errors, t->n_errors);
    for (size_t i = 0; i < COUNT(test_members); i++)
        if (test_members[i].size == 0)
            ju_bytes_free((ju_bytes *)((char *)t + test_members[i].data));
    for (size_t i = 0; i < t->n_replies_before; i++) {
        ju_bytes_free(&t->replies_before[i].packet);
        ju_string_array_free(t->replies_before[i].errors, t->replies_before[i].n_errors);
    }
    free(t->replies_before);
    pssst_wipe(t, sizeof *t);
}

void vec_file_free(vec_file *f)
{
    if (f == NULL)
        return;
    for (size_t g = 0; g < f->n_groups; g++) {
        for (size_t i = 0; i < f->groups[g].n_tests; i++)
            test_free(&f->groups[g].tests[i]);
        free(f->groups[g].tests);
        free(f->groups[g].type);
    }
    free(f->groups);
    free(f->path);
    free(f->name);
    free(f->algorithm);
    free(f->generator);
    free(f->source);
    memset(f, 0, sizeof *f);
}

/* "path.name: what". */
static int field_error(conform_error *err, const char *path, const char *name, const char *what)
{
    char p[JU_PATH_SIZE];
    ju_path_member(p, path, name);
    return conform_error_set(err, "%s: %s", p, what);
}

/*
 * spec/vectors.md 3.1, 3.2: every member the procedure reaches is there.
 * Of several problems the one of the earliest step is reported.
 */
static int check_needs(const vec_group *g, const vec_test *t, const char *path,
                       conform_error *err)
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
        return field_error(err, path, bad->name, "must be null in anonymous mode");
    char what[200];
    snprintf(what, sizeof what, "required member is missing or null (%s)", bad_need->why);
    return field_error(err, path, bad->name, what);
}

/* An enum given as a string member, from a table of names. */
static int parse_enum(const cJSON *obj, const char *path, const char *name,
                      const char *const *names, size_t n, int *out, conform_error *err)
{
    const char *s;
    if (ju_string(obj, path, name, true, false, &s, err) != 0)
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
    return field_error(err, path, name, what);
}

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
    {"flags", LIST(flags), OPTIONAL, is_described, "flag ", "is not described in \"notes\""},
    {"errors", LIST(errors), UNLESS_VALID, is_error_status, "",
     "is not an error status name (spec 10.1)"},
};

static int check_each(char *const *items, size_t n, const char *path, const list_member *l,
                      const cJSON *notes, conform_error *err)
{
    for (size_t i = 0; l->ok != NULL && i < n; i++) {
        if (l->ok(items[i], notes))
            continue;
        char p[JU_PATH_SIZE], ip[JU_PATH_SIZE];
        ju_path_member(p, path, l->name);
        ju_path_index(ip, p, i);
        return conform_error_set(err, "%s: %s\"%.60s\" %s", ip, l->before, items[i], l->after);
    }
    return 0;
}

static int read_lists(const cJSON *obj, const char *path, const cJSON *notes, vec_test *t,
                      conform_error *err)
{
    bool valid = t->result == VEC_RESULT_VALID;
    for (size_t i = 0; i < COUNT(test_lists); i++) {
        const list_member *l = &test_lists[i];
        char ***items = (char ***)((char *)t + l->items);
        size_t *n = (size_t *)((char *)t + l->count);
        bool required = l->required == ALWAYS || (l->required == UNLESS_VALID && !valid);
        if (ju_string_array(obj, path, l->name, required, items, n, err) != 0 ||
            check_each(*items, *n, path, l, notes, err) != 0)
            return -1;
    }
    if (t->n_sections == 0)
        return field_error(err, path, "sections", "must cite at least one spec section");
    if (!valid && t->n_errors == 0)
        return field_error(err, path, "errors",
                           "an invalid or acceptable test must allow at least one error");
    if (valid && t->n_errors != 0)
        return field_error(err, path, "errors", "a valid test allows no error");
    return 0;
}

/* spec/vectors.md 3.3: invalid and acceptable tests name a stage of their role. */
static int parse_stage(const cJSON *obj, const char *path, const vec_group *g, vec_test *t,
                       conform_error *err)
{
    const char *s;
    bool needed = t->result != VEC_RESULT_VALID;
    if (ju_string(obj, path, "stage", needed, !needed, &s, err) != 0)
        return -1;
    if (s == NULL)
        return 0;
    if (!needed)
        return field_error(err, path, "stage", "a valid test has no failing stage");
    for (size_t i = 1; i < COUNT(stages); i++)
        if (strcmp(s, stages[i].name) == 0 && (stages[i].role == ROLE_ANY ||
                                               stages[i].role == (int)g->role))
            t->stage = (vec_stage)i;
    if (t->stage != VEC_STAGE_NONE)
        return 0;
    char what[200];
    snprintf(what, sizeof what, "\"%.40s\" is not a stage of the %s role", s,
             vec_role_name(g->role));
    return field_error(err, path, "stage", what);
}

/* spec/vectors.md 6: "repliesBefore": [{"packet": hex, "errors": [names]}]. */
static int parse_replies_before(const cJSON *obj, const char *path, const vec_group *g,
                                vec_test *t, conform_error *err)
{
    static const list_member status_list = {"errors", 0, 0, ALWAYS, is_error_status, "",
                                            "is not an error status name (spec 10.1)"};
    const cJSON *list;
    char lp[JU_PATH_SIZE], p[JU_PATH_SIZE];
    if (ju_member(obj, path, "repliesBefore", &list, err) != 0)
        return -1;
    if (list == NULL || cJSON_IsNull(list))
        return 0;
    if (!cJSON_IsArray(list))
        return field_error(err, path, "repliesBefore", "expected an array");
    if (g->role != VEC_ROLE_CLIENT)
        return field_error(err, path, "repliesBefore", "only client-role tests deliver replies");
    /* An extension a runner may skip, so not where such runners would
     * silently ignore it. */
    if (strcmp(g->type, "PssstReplySequenceTest") != 0)
        return field_error(err, path, "repliesBefore",
                           "only allowed in PssstReplySequenceTest groups");
    t->replies_before = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *t->replies_before);
    if (t->replies_before == NULL)
        return field_error(err, path, "repliesBefore", "out of memory");
    ju_path_member(lp, path, "repliesBefore");
    for (const cJSON *c = list->child; c != NULL; c = c->next) {
        ju_path_index(p, lp, t->n_replies_before);
        vec_reply_before *b = &t->replies_before[t->n_replies_before++];
        if (ju_require_object(c, p, err) != 0 ||
            ju_hex(c, p, "packet", true, false, &b->packet, err) != 0 ||
            ju_string_array(c, p, "errors", true, &b->errors, &b->n_errors, err) != 0)
            return -1;
        if (b->n_errors == 0)
            return field_error(err, p, "errors", "must allow at least one error");
        if (check_each(b->errors, b->n_errors, p, &status_list, NULL, err) != 0)
            return -1;
    }
    return 0;
}

static int parse_intermediate(const cJSON *obj, const char *path, vec_test *t,
                              conform_error *err)
{
    const cJSON *im;
    char p[JU_PATH_SIZE];
    if (ju_member(obj, path, "intermediate", &im, err) != 0)
        return -1;
    if (im == NULL || cJSON_IsNull(im))
        return 0;
    ju_path_member(p, path, "intermediate");
    if (ju_require_object(im, p, err) != 0)
        return -1;
    return read_members(im, p, intermediate_members, COUNT(intermediate_members), false, t, err);
}

static int parse_test(const cJSON *obj, const char *path, const cJSON *notes,
                      const vec_group *g, vec_test *t, conform_error *err)
{
    int result = 0;
    if (ju_require_object(obj, path, err) != 0 ||
        ju_string_dup(obj, path, "tcId", true, false, &t->tc_id, err) != 0)
        return -1;
    if (t->tc_id[0] == '\0')
        return field_error(err, path, "tcId", "must not be empty");
    if (ju_string_dup(obj, path, "comment", false, true, &t->comment, err) != 0 ||
        parse_enum(obj, path, "result", result_names, COUNT(result_names), &result, err) != 0)
        return -1;
    t->result = (vec_result)result;
    if (read_lists(obj, path, notes, t, err) != 0 || parse_stage(obj, path, g, t, err) != 0 ||
        read_members(obj, path, test_members, COUNT(test_members), false, t, err) != 0 ||
        parse_intermediate(obj, path, t, err) != 0 ||
        parse_replies_before(obj, path, g, t, err) != 0)
        return -1;
    return check_needs(g, t, path, err);
}

/* spec/vectors.md 2.2. */
static int parse_group(const cJSON *obj, const char *path, const cJSON *notes, vec_group *g,
                       conform_error *err)
{
    int role = 0, mode = 0;
    long suite = 0;
    const cJSON *tests;
    char tp[JU_PATH_SIZE], p[JU_PATH_SIZE];
    if (ju_require_object(obj, path, err) != 0 ||
        ju_string_dup(obj, path, "type", true, false, &g->type, err) != 0)
        return -1;
    bool sequence = strcmp(g->type, "PssstReplySequenceTest") == 0;
    if (strcmp(g->type, "PssstTest") != 0 && !sequence)
        return field_error(err, path, "type",
                           "expected \"PssstTest\" or \"PssstReplySequenceTest\"");
    if (parse_enum(obj, path, "role", role_names, COUNT(role_names), &role, err) != 0 ||
        parse_enum(obj, path, "mode", mode_names, COUNT(mode_names), &mode, err) != 0 ||
        ju_int(obj, path, "suite", true, 0, 0xffff, &suite, NULL, err) != 0)
        return -1;
    g->role = (vec_role)role;
    g->mode = (vec_mode)mode;
    g->suite = (uint16_t)suite;
    if (sequence && g->role != VEC_ROLE_CLIENT) /* spec/vectors.md 6 */
        return field_error(err, path, "role", "a PssstReplySequenceTest group is client role");
    if (ju_required_array(obj, path, "tests", "an array of tests", &tests, err) != 0)
        return -1;
    g->tests = calloc((size_t)cJSON_GetArraySize(tests) + 1, sizeof *g->tests);
    if (g->tests == NULL)
        return field_error(err, path, "tests", "out of memory");
    ju_path_member(tp, path, "tests");
    for (const cJSON *c = tests->child; c != NULL; c = c->next) {
        ju_path_index(p, tp, g->n_tests);
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
    int rc = ju_string_array(root, "", "header", false, &lines, &n, err);
    ju_string_array_free(lines, n);
    if (rc != 0 || ju_string(root, "", "schema", false, false, &s, err) != 0 ||
        ju_member(root, "", "notes", notes, err) != 0)
        return -1;
    if (*notes == NULL)
        return 0;
    if (ju_require_object(*notes, "notes", err) != 0)
        return -1;
    for (const cJSON *c = (*notes)->child; c != NULL; c = c->next) {
        char p[JU_PATH_SIZE];
        ju_path_member(p, "notes", c->string != NULL ? c->string : "?");
        if (ju_require_object(c, p, err) != 0 ||
            ju_string(c, p, "bugType", false, false, &s, err) != 0 ||
            ju_string(c, p, "description", false, false, &s, err) != 0)
            return -1;
    }
    return 0;
}

static int parse_vector_file(const cJSON *root, vec_file *f, conform_error *err)
{
    long declared = 0;
    const cJSON *notes = NULL, *groups;
    if (ju_string_dup(root, "", "algorithm", true, false, &f->algorithm, err) != 0)
        return -1;
    if (strcmp(f->algorithm, "PSSST") != 0)
        return conform_error_set(err, "algorithm: expected \"PSSST\", got \"%.40s\"",
                                 f->algorithm);
    if (ju_string_dup(root, "", "generatorVersion", true, false, &f->generator, err) != 0 ||
        ju_string_dup(root, "", "source", true, false, &f->source, err) != 0 ||
        ju_int(root, "", "numberOfTests", true, 0, 100000000L, &declared, NULL, err) != 0 ||
        parse_notes(root, &notes, err) != 0 ||
        ju_required_array(root, "", "testGroups", "an array of test groups", &groups, err) != 0)
        return -1;
    f->groups = calloc((size_t)cJSON_GetArraySize(groups) + 1, sizeof *f->groups);
    if (f->groups == NULL)
        return conform_error_set(err, "testGroups: out of memory");
    for (const cJSON *c = groups->child; c != NULL; c = c->next) {
        char p[JU_PATH_SIZE];
        ju_path_index(p, "testGroups", f->n_groups);
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

/* spec/vectors.md 9: one transcript, replayed in both roles. */
static int parse_transcript(const cJSON *obj, const char *path, long *id, bool *auth,
                            vec_test *t, conform_error *err)
{
    char name[48];
    if (ju_require_object(obj, path, err) != 0 ||
        ju_int(obj, path, "id", true, 0, 100000000L, id, NULL, err) != 0 ||
        ju_bool(obj, path, "client_auth", true, auth, err) != 0 ||
        read_members(obj, path, test_members, COUNT(test_members), true, t, err) != 0)
        return -1;
    for (size_t i = 0; i < COUNT(test_members); i++) {
        const hex_member *m = &test_members[i];
        if (m->client_key && member_present(t, m) != *auth)
            return field_error(err, path, m->transcript_name,
                               *auth ? "must be given when client_auth is true"
                                     : "must be null when client_auth is false");
    }
    snprintf(name, sizeof name, "transcript-%ld", *id);
    t->tc_id = ju_strdup(name);
    return t->tc_id != NULL ? 0 : conform_error_set(err, "%s: out of memory", path);
}

/* Groups client anonymous, client client_auth, server anonymous, server client_auth. */
static int parse_transcripts(const cJSON *list, vec_file *f, long *ids, conform_error *err)
{
    size_t i = 0;
    for (const cJSON *c = list->child; c != NULL; c = c->next, i++) {
        char p[JU_PATH_SIZE];
        ju_path_index(p, "transcripts", i);
        for (int role = 0; role < 2; role++) {
            vec_test t = {0};
            bool auth;
            if (parse_transcript(c, p, &ids[i], &auth, &t, err) != 0) {
                test_free(&t);
                return -1;
            }
            vec_group *g = &f->groups[2 * role + auth];
            g->tests[g->n_tests++] = t;
        }
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                return field_error(err, p, "id", "same id as an earlier transcript");
    }
    return 0;
}

static int parse_transcript_file(const cJSON *root, vec_file *f, conform_error *err)
{
    long seed;
    const cJSON *list;
    if (ju_string_dup(root, "", "generator", true, false, &f->generator, err) != 0 ||
        ju_int(root, "", "seed", false, 0, 0x7fffffffL, &seed, NULL, err) != 0 ||
        ju_required_array(root, "", "transcripts", "an array of transcripts", &list, err) != 0)
        return -1;
    size_t n = (size_t)cJSON_GetArraySize(list);
    long *ids = calloc(n + 1, sizeof *ids);
    f->groups = calloc(4, sizeof *f->groups);
    f->algorithm = ju_strdup("PSSST");
    bool ok = ids != NULL && f->groups != NULL && f->algorithm != NULL;
    for (size_t i = 0; ok && i < 4; i++) {
        vec_group *g = &f->groups[f->n_groups++];
        g->role = i < 2 ? VEC_ROLE_CLIENT : VEC_ROLE_SERVER;
        g->mode = i % 2 ? VEC_MODE_CLIENT_AUTH : VEC_MODE_ANONYMOUS;
        g->suite = PSSST_SUITE_X25519_AESGCM128;
        g->type = ju_strdup("transcript");
        g->tests = calloc(n + 1, sizeof *g->tests);
        ok = g->type != NULL && g->tests != NULL;
    }
    f->number_of_tests = n;
    int rc = ok ? parse_transcripts(list, f, ids, err)
                : conform_error_set(err, "transcripts: out of memory");
    free(ids);
    return rc;
}

/* The kind of file is told by its top-level member (spec/vectors.md 2.1, 9). */
static int parse_root(const cJSON *root, vec_file *f, conform_error *err)
{
    if (ju_require_object(root, "", err) != 0)
        return -1;
    bool vectors = cJSON_GetObjectItemCaseSensitive(root, "testGroups") != NULL;
    f->is_transcript = cJSON_GetObjectItemCaseSensitive(root, "transcripts") != NULL;
    if (vectors && f->is_transcript)
        return conform_error_set(err, "(top level): has both \"testGroups\" and \"transcripts\" "
                                      "(a vector file or a transcript file?)");
    if (vectors)
        return parse_vector_file(root, f, err);
    if (f->is_transcript)
        return parse_transcript_file(root, f, err);
    return conform_error_set(err, "(top level): neither \"testGroups\" (a vector file) nor "
                                  "\"transcripts\" (a transcript file)");
}

int vec_load_buffer(const char *name, const char *data, size_t len, vec_file *out,
                    conform_error *err)
{
    const char *slash = strrchr(name, '/');
    int rc = -1;
    memset(out, 0, sizeof *out);
    out->path = ju_strdup(name);
    out->name = ju_strdup(slash != NULL ? slash + 1 : name);
    if (out->path == NULL || out->name == NULL)
        conform_error_set(err, "out of memory");
    else if (pssst_sha256_2(out->sha256, (const uint8_t *)data, len, NULL, 0) != 0)
        conform_error_set(err, "SHA-256 failed");
    else {
        cJSON *root = ju_parse(data, len, err);
        rc = root != NULL ? parse_root(root, out, err) : -1;
        cJSON_Delete(root);
    }
    if (rc != 0) {
        conform_error_prefix(err, name);
        vec_file_free(out);
    }
    return rc;
}

typedef struct {
    const char *id;
    size_t file, group, test, order;
} id_ref;

/* By id, then in file order, so that a duplicate names the earlier use. */
static int cmp_id_ref(const void *x, const void *y)
{
    const id_ref *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    return c != 0 ? c : (a->order > b->order) - (a->order < b->order);
}

int vec_check_unique_ids(const vec_file *files, size_t n_files, conform_error *err)
{
    size_t n = 0;
    int rc = 0;
    for (size_t f = 0; f < n_files; f++)
        for (size_t g = 0; !files[f].is_transcript && g < files[f].n_groups; g++)
            n += files[f].groups[g].n_tests;
    id_ref *refs = calloc(n + 1, sizeof *refs);
    if (refs == NULL)
        return conform_error_set(err, "out of memory");
    n = 0;
    for (size_t f = 0; f < n_files; f++)
        for (size_t g = 0; !files[f].is_transcript && g < files[f].n_groups; g++)
            for (size_t i = 0; i < files[f].groups[g].n_tests; i++, n++)
                refs[n] = (id_ref){files[f].groups[g].tests[i].tc_id, f, g, i, n};
    qsort(refs, n, sizeof *refs, cmp_id_ref);
    for (size_t k = 1; k < n && rc == 0; k++) {
        const id_ref *a = &refs[k - 1], *b = &refs[k];
        const char *pa = files[a->file].path, *pb = files[b->file].path;
        if (strcmp(a->id, b->id) != 0)
            continue;
        if (a->file == b->file)
            rc = conform_error_set(err, "testGroups[%zu].tests[%zu].tcId: \"%.80s\" already used "
                                        "by testGroups[%zu].tests[%zu]",
                                   b->group, b->test, b->id, a->group, a->test);
        else if (strcmp(pa, pb) == 0)
            rc = conform_error_set(err, "%s: file given twice", pb);
        else
            rc = conform_error_set(err, "%s: testGroups[%zu].tests[%zu].tcId: \"%.80s\" is also "
                                        "used in %s",
                                   pb, b->group, b->test, b->id, pa);
    }
    free(refs);
    return rc;
}

/* Doubles the buffer of vec_read_file, up to VEC_MAX_FILE_SIZE. */
static int grow(char **data, size_t *cap, const char *path, conform_error *err)
{
    if (*cap >= VEC_MAX_FILE_SIZE)
        return conform_error_set(err, "%s: larger than %u bytes", path, VEC_MAX_FILE_SIZE);
    size_t bigger_cap = *cap != 0 ? 2 * *cap : 65536;
    char *bigger = realloc(*data, bigger_cap + 1);
    if (bigger == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    *data = bigger;
    *cap = bigger_cap;
    return 0;
}

int vec_read_file(const char *path, char **data, size_t *len, conform_error *err)
{
    FILE *fp = fopen(path, "rb");
    size_t cap = 0, got = 1;
    int rc = 0;
    *data = NULL;
    *len = 0;
    if (fp == NULL)
        return conform_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    while (rc == 0 && got > 0) {
        if (*len == cap)
            rc = grow(data, &cap, path, err);
        got = rc == 0 ? fread(*data + *len, 1, cap - *len, fp) : 0;
        *len += got;
    }
    if (rc == 0 && ferror(fp))
        rc = conform_error_set(err, "%s: read error", path);
    fclose(fp);
    if (rc == 0) {
        (*data)[*len] = '\0';
        return 0;
    }
    free(*data);
    *data = NULL;
    *len = 0;
    return -1;
}

int vec_load_file(const char *path, vec_file *out, conform_error *err)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (vec_read_file(path, &data, &len, err) != 0)
        return -1;
    int rc = vec_load_buffer(path, data, len, out, err);
    free(data);
    return rc;
}
