/* SPDX-License-Identifier: Apache-2.0 */
#include "vector_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "pssst.h"

const char *vec_role_name(vec_role r)
{
    return r == VEC_ROLE_CLIENT ? "client" : "server";
}

const char *vec_mode_name(vec_mode m)
{
    return m == VEC_MODE_ANONYMOUS ? "anonymous" : "client_auth";
}

const char *vec_result_name(vec_result r)
{
    switch (r) {
    case VEC_RESULT_VALID:
        return "valid";
    case VEC_RESULT_INVALID:
        return "invalid";
    case VEC_RESULT_ACCEPTABLE:
        return "acceptable";
    }
    return "?";
}

static const struct {
    vec_stage stage;
    const char *name;
} stage_names[] = {
    {VEC_STAGE_CLIENT_INIT, "client_init"},       {VEC_STAGE_PACK_REQUEST, "pack_request"},
    {VEC_STAGE_UNPACK_REPLY, "unpack_reply"},     {VEC_STAGE_SERVER_INIT, "server_init"},
    {VEC_STAGE_UNPACK_REQUEST, "unpack_request"}, {VEC_STAGE_REUSE, "reuse"},
};

const char *vec_stage_name(vec_stage s)
{
    for (size_t i = 0; i < sizeof stage_names / sizeof stage_names[0]; i++)
        if (stage_names[i].stage == s)
            return stage_names[i].name;
    return "none";
}

/* The stages that exist in a role's procedure (brief: vector runner rules). */
static bool stage_fits_role(vec_stage s, vec_role r)
{
    if (s == VEC_STAGE_REUSE)
        return true;
    if (r == VEC_ROLE_CLIENT)
        return s == VEC_STAGE_CLIENT_INIT || s == VEC_STAGE_PACK_REQUEST ||
               s == VEC_STAGE_UNPACK_REPLY;
    return s == VEC_STAGE_SERVER_INIT || s == VEC_STAGE_UNPACK_REQUEST;
}

/* Order of a stage inside its role's procedure, for "runs before" tests. */
static int stage_step(vec_stage s)
{
    switch (s) {
    case VEC_STAGE_CLIENT_INIT:
    case VEC_STAGE_SERVER_INIT:
        return 1;
    case VEC_STAGE_PACK_REQUEST:
    case VEC_STAGE_UNPACK_REQUEST:
        return 2;
    case VEC_STAGE_UNPACK_REPLY:
        return 3;
    case VEC_STAGE_REUSE:
        return 5;
    case VEC_STAGE_NONE:
        return 4; /* valid: everything up to the last operation */
    }
    return 0;
}

void vec_test_free(vec_test *t)
{
    free(t->tc_id);
    free(t->comment);
    ju_string_array_free(t->sections, t->n_sections);
    ju_string_array_free(t->requirements, t->n_requirements);
    ju_string_array_free(t->flags, t->n_flags);
    ju_string_array_free(t->errors, t->n_errors);
    ju_bytes_free(&t->request);
    ju_bytes_free(&t->request_packet);
    ju_bytes_free(&t->reply);
    ju_bytes_free(&t->reply_packet);
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
        vec_group *grp = &f->groups[g];
        for (size_t i = 0; i < grp->n_tests; i++)
            vec_test_free(&grp->tests[i]);
        free(grp->tests);
        free(grp->type);
    }
    free(f->groups);
    free(f->path);
    free(f->name);
    free(f->algorithm);
    free(f->generator);
    free(f->source);
    memset(f, 0, sizeof *f);
}

/* Error about a member of a test: "path.name: what". */
static int field_error(conform_error *err, const char *path, const char *name, const char *what)
{
    char p[JU_PATH_SIZE];
    ju_path_member(p, path, name);
    return conform_error_set(err, "%s: %s", p, what);
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

/* A section number: digits separated by single dots ("7", "7.1"). */
static bool is_section_number(const char *s)
{
    bool digit = false;
    for (; *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9') {
            digit = true;
        } else if (*s == '.' && digit) {
            digit = false;
        } else {
            return false;
        }
    }
    return digit;
}

static int parse_sections(const cJSON *obj, const char *path, vec_test *t, conform_error *err)
{
    if (ju_string_array(obj, path, "sections", true, &t->sections, &t->n_sections, err) != 0)
        return -1;
    if (t->n_sections == 0)
        return field_error(err, path, "sections", "must cite at least one spec section");
    for (size_t i = 0; i < t->n_sections; i++) {
        if (!is_section_number(t->sections[i])) {
            char p[JU_PATH_SIZE], what[160];
            ju_path_member(p, path, "sections");
            snprintf(what, sizeof what, "\"%.40s\" is not a section number like \"7.1\"",
                     t->sections[i]);
            char ip[JU_PATH_SIZE];
            ju_path_index(ip, p, i);
            return conform_error_set(err, "%s: %s", ip, what);
        }
    }
    return 0;
}

/* Every flag a test carries must be explained in the file's "notes". */
static int check_flags(const cJSON *notes, const char *path, const vec_test *t,
                       conform_error *err)
{
    for (size_t i = 0; i < t->n_flags; i++) {
        const cJSON *note = notes != NULL ? cJSON_GetObjectItemCaseSensitive(notes, t->flags[i])
                                          : NULL;
        if (note == NULL) {
            char p[JU_PATH_SIZE], ip[JU_PATH_SIZE];
            ju_path_member(p, path, "flags");
            ju_path_index(ip, p, i);
            return conform_error_set(err, "%s: flag \"%.60s\" is not described in \"notes\"",
                                     ip, t->flags[i]);
        }
    }
    return 0;
}

/* Every name must be an error status of spec 10.1 (not OK). */
static int check_status_names(char *const *names, size_t n, const char *path,
                              conform_error *err)
{
    for (size_t i = 0; i < n; i++) {
        pssst_status st;
        if (!pssst_status_from_name(names[i], &st) || st == PSSST_OK) {
            char p[JU_PATH_SIZE], ip[JU_PATH_SIZE];
            ju_path_member(p, path, "errors");
            ju_path_index(ip, p, i);
            return conform_error_set(err, "%s: \"%.60s\" is not an error status name (spec 10.1)",
                                     ip, names[i]);
        }
    }
    return 0;
}

static int parse_errors(const cJSON *obj, const char *path, vec_test *t, conform_error *err)
{
    bool needed = t->result != VEC_RESULT_VALID;
    if (ju_string_array(obj, path, "errors", needed, &t->errors, &t->n_errors, err) != 0)
        return -1;
    if (needed && t->n_errors == 0)
        return field_error(err, path, "errors",
                           "an invalid or acceptable test must allow at least one error");
    if (!needed && t->n_errors != 0)
        return field_error(err, path, "errors", "a valid test allows no error");
    return check_status_names(t->errors, t->n_errors, path, err);
}

/* "repliesBefore": [{"packet": hex, "errors": [names]}] (client role). */
static int parse_replies_before(const cJSON *obj, const char *path, const vec_group *g,
                                vec_test *t, conform_error *err)
{
    const cJSON *list;
    if (ju_member(obj, path, "repliesBefore", &list, err) != 0)
        return -1;
    if (list == NULL || cJSON_IsNull(list))
        return 0;
    if (!cJSON_IsArray(list))
        return field_error(err, path, "repliesBefore", "expected an array");
    if (g->role != VEC_ROLE_CLIENT)
        return field_error(err, path, "repliesBefore", "only client-role tests deliver replies");
    /* spec/vectors.md 6: an extension that a runner may skip, so it must
     * not appear where runners without it would ignore it. */
    if (strcmp(g->type, "PssstReplySequenceTest") != 0)
        return field_error(err, path, "repliesBefore",
                           "only allowed in PssstReplySequenceTest groups");
    size_t n = (size_t)cJSON_GetArraySize(list);
    t->replies_before = calloc(n + 1, sizeof *t->replies_before);
    if (t->replies_before == NULL)
        return field_error(err, path, "repliesBefore", "out of memory");
    char lp[JU_PATH_SIZE];
    ju_path_member(lp, path, "repliesBefore");
    for (const cJSON *c = list->child; c != NULL; c = c->next) {
        char p[JU_PATH_SIZE];
        ju_path_index(p, lp, t->n_replies_before);
        vec_reply_before *b = &t->replies_before[t->n_replies_before++];
        if (ju_require_object(c, p, err) != 0 ||
            ju_hex(c, p, "packet", true, false, &b->packet, err) != 0 ||
            ju_string_array(c, p, "errors", true, &b->errors, &b->n_errors, err) != 0)
            return -1;
        if (b->n_errors == 0)
            return field_error(err, p, "errors", "must allow at least one error");
        if (check_status_names(b->errors, b->n_errors, p, err) != 0)
            return -1;
    }
    return 0;
}

static int parse_stage(const cJSON *obj, const char *path, const vec_group *g, vec_test *t,
                       conform_error *err)
{
    const char *s;
    bool needed = t->result != VEC_RESULT_VALID;
    if (ju_string(obj, path, "stage", needed, !needed, &s, err) != 0)
        return -1;
    t->stage = VEC_STAGE_NONE;
    if (s == NULL)
        return 0;
    if (!needed)
        return field_error(err, path, "stage", "a valid test has no failing stage");
    for (size_t i = 0; i < sizeof stage_names / sizeof stage_names[0]; i++)
        if (strcmp(s, stage_names[i].name) == 0)
            t->stage = stage_names[i].stage;
    if (t->stage == VEC_STAGE_NONE || !stage_fits_role(t->stage, g->role)) {
        char what[200];
        snprintf(what, sizeof what, "\"%.40s\" is not a stage of the %s role", s,
                 vec_role_name(g->role));
        return field_error(err, path, "stage", what);
    }
    return 0;
}

static int parse_intermediate(const cJSON *obj, const char *path, vec_test *t,
                              conform_error *err)
{
    const cJSON *im;
    if (ju_member(obj, path, "intermediate", &im, err) != 0)
        return -1;
    if (im == NULL || cJSON_IsNull(im))
        return 0;
    char p[JU_PATH_SIZE];
    ju_path_member(p, path, "intermediate");
    vec_intermediate *m = &t->intermediate;
    if (ju_require_object(im, p, err) != 0 ||
        ju_hex32(im, p, "dhParam", false, true, &m->dh_param, err) != 0 ||
        ju_hex32(im, p, "shared", false, true, &m->shared, err) != 0 ||
        ju_hex_fixed(im, p, "key", false, sizeof m->key, m->key, &m->has_key, err) != 0 ||
        ju_hex_fixed(im, p, "clientNonce", false, sizeof m->client_nonce, m->client_nonce,
                     &m->has_client_nonce, err) != 0 ||
        ju_hex_fixed(im, p, "serverNonce", false, sizeof m->server_nonce, m->server_nonce,
                     &m->has_server_nonce, err) != 0)
        return -1;
    return 0;
}

static int parse_data(const cJSON *obj, const char *path, vec_test *t, conform_error *err)
{
    if (ju_hex32(obj, path, "serverPrivate", false, true, &t->server_private, err) != 0 ||
        ju_hex32(obj, path, "serverPublic", false, true, &t->server_public, err) != 0 ||
        ju_hex32(obj, path, "clientPrivate", false, true, &t->client_private, err) != 0 ||
        ju_hex32(obj, path, "clientPublic", false, true, &t->client_public, err) != 0 ||
        ju_hex32(obj, path, "ephemeralPrivate", false, true, &t->ephemeral_private, err) != 0 ||
        ju_hex(obj, path, "request", false, true, &t->request, err) != 0 ||
        ju_hex(obj, path, "requestPacket", false, true, &t->request_packet, err) != 0 ||
        ju_hex(obj, path, "reply", false, true, &t->reply, err) != 0 ||
        ju_hex(obj, path, "replyPacket", false, true, &t->reply_packet, err) != 0)
        return -1;
    return parse_intermediate(obj, path, t, err);
}

/* Error for a member the role procedure needs but the test lacks. */
static int need(bool present, conform_error *err, const char *path, const char *name,
                const char *why)
{
    if (present)
        return 0;
    char what[200];
    snprintf(what, sizeof what, "required member is missing or null (%s)", why);
    return field_error(err, path, name, what);
}

/*
 * The client-role procedure: client_init, pack_request, unpack_reply, and
 * for stage "reuse" a second unpack_reply. Operations that must succeed
 * need their inputs and expected outputs; the failing one needs inputs.
 */
static int check_client_needs(const vec_group *g, const vec_test *t, const char *path,
                              conform_error *err)
{
    int until = stage_step(t->stage);
    bool auth = g->mode == VEC_MODE_CLIENT_AUTH;
    if (need(t->server_public.present, err, path, "serverPublic", "client_init") != 0)
        return -1;
    if (auth && need(t->client_private.present, err, path, "clientPrivate",
                     "client_init in client_auth mode") != 0)
        return -1;
    if (!auth && t->client_private.present)
        return field_error(err, path, "clientPrivate", "must be null in anonymous mode");
    if (until >= 2 && (need(t->ephemeral_private.present, err, path, "ephemeralPrivate",
                            "pack_request") != 0 ||
                       need(t->request.present, err, path, "request", "pack_request") != 0))
        return -1;
    /* An acceptable test may fail at its stage, so outputs are needed only
     * from operations before it. */
    bool pack_must_succeed = until > 2;
    if (pack_must_succeed &&
        need(t->request_packet.present, err, path, "requestPacket", "output of pack_request") != 0)
        return -1;
    if (until >= 3 &&
        need(t->reply_packet.present, err, path, "replyPacket", "unpack_reply") != 0)
        return -1;
    bool unpack_must_succeed = until > 3;
    if (unpack_must_succeed && need(t->reply.present, err, path, "reply", "output of unpack_reply") != 0)
        return -1;
    return 0;
}

/*
 * The server-role procedure: server_init, unpack_request, pack_reply, and
 * for stage "reuse" a second pack_reply.
 */
static int check_server_needs(const vec_group *g, const vec_test *t, const char *path,
                              conform_error *err)
{
    int until = stage_step(t->stage);
    bool auth = g->mode == VEC_MODE_CLIENT_AUTH;
    if (need(t->server_private.present, err, path, "serverPrivate", "server_init") != 0)
        return -1;
    if (until >= 2 &&
        need(t->request_packet.present, err, path, "requestPacket", "unpack_request") != 0)
        return -1;
    bool unpack_must_succeed = until > 2;
    if (unpack_must_succeed) {
        if (need(t->request.present, err, path, "request", "output of unpack_request") != 0)
            return -1;
        if (auth && need(t->client_public.present, err, path, "clientPublic",
                         "authenticated key from unpack_request") != 0)
            return -1;
        if (need(t->reply.present, err, path, "reply", "pack_reply") != 0 ||
            need(t->reply_packet.present, err, path, "replyPacket", "output of pack_reply") != 0)
            return -1;
    }
    return 0;
}

static int parse_test(const cJSON *obj, const char *path, const cJSON *notes,
                      const vec_group *g, vec_test *t, conform_error *err)
{
    static const char *const results[] = {"valid", "invalid", "acceptable"};
    int result = 0;
    if (ju_require_object(obj, path, err) != 0)
        return -1;
    if (ju_string_dup(obj, path, "tcId", true, false, &t->tc_id, err) != 0)
        return -1;
    if (t->tc_id[0] == '\0')
        return field_error(err, path, "tcId", "must not be empty");
    if (ju_string_dup(obj, path, "comment", false, true, &t->comment, err) != 0 ||
        parse_sections(obj, path, t, err) != 0 ||
        ju_string_array(obj, path, "requirements", false, &t->requirements, &t->n_requirements,
                        err) != 0 ||
        ju_string_array(obj, path, "flags", false, &t->flags, &t->n_flags, err) != 0 ||
        check_flags(notes, path, t, err) != 0 ||
        parse_enum(obj, path, "result", results, 3, &result, err) != 0)
        return -1;
    t->result = (vec_result)result;
    if (parse_errors(obj, path, t, err) != 0 || parse_stage(obj, path, g, t, err) != 0 ||
        parse_data(obj, path, t, err) != 0 || parse_replies_before(obj, path, g, t, err) != 0)
        return -1;
    if (g->role == VEC_ROLE_CLIENT)
        return check_client_needs(g, t, path, err);
    return check_server_needs(g, t, path, err);
}

static int cmp_id_ref(const void *x, const void *y)
{
    const vec_id_ref *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    if (c != 0)
        return c;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return a->test < b->test ? -1 : (a->test > b->test);
}

bool vec_find_duplicate_id(vec_id_ref *refs, size_t n, const vec_id_ref **first,
                           const vec_id_ref **second)
{
    if (n < 2)
        return false;
    qsort(refs, n, sizeof *refs, cmp_id_ref);
    for (size_t k = 1; k < n; k++) {
        if (strcmp(refs[k - 1].id, refs[k].id) == 0) {
            *first = &refs[k - 1];
            *second = &refs[k];
            return true;
        }
    }
    return false;
}

/* tcIds identify tests for --id and in reports, so they must be unique. */
static int check_unique_ids(const vec_file *f, conform_error *err)
{
    size_t n = 0;
    for (size_t g = 0; g < f->n_groups; g++)
        n += f->groups[g].n_tests;
    vec_id_ref *refs = calloc(n + 1, sizeof *refs);
    if (refs == NULL)
        return conform_error_set(err, "out of memory");
    size_t k = 0;
    for (size_t g = 0; g < f->n_groups; g++)
        for (size_t i = 0; i < f->groups[g].n_tests; i++)
            refs[k++] = (vec_id_ref){f->groups[g].tests[i].tc_id, 0, g, i};
    const vec_id_ref *a, *b;
    int rc = 0;
    if (vec_find_duplicate_id(refs, n, &a, &b))
        rc = conform_error_set(err, "testGroups[%zu].tests[%zu].tcId: \"%.80s\" already used by "
                                    "testGroups[%zu].tests[%zu]",
                               b->group, b->test, b->id, a->group, a->test);
    free(refs);
    return rc;
}

static int parse_group(const cJSON *obj, const char *path, const cJSON *notes, vec_group *g,
                       conform_error *err)
{
    static const char *const roles[] = {"client", "server"};
    static const char *const modes[] = {"anonymous", "client_auth"};
    int role = 0, mode = 0;
    long suite = 0;
    if (ju_require_object(obj, path, err) != 0 ||
        ju_string_dup(obj, path, "type", true, false, &g->type, err) != 0)
        return -1;
    /* spec/vectors.md: plain tests, and client tests that first deliver
     * other packets to the reply context (repliesBefore). */
    bool sequence = strcmp(g->type, "PssstReplySequenceTest") == 0;
    if (strcmp(g->type, "PssstTest") != 0 && !sequence)
        return field_error(err, path, "type",
                           "expected \"PssstTest\" or \"PssstReplySequenceTest\"");
    if (parse_enum(obj, path, "role", roles, 2, &role, err) != 0 ||
        parse_enum(obj, path, "mode", modes, 2, &mode, err) != 0 ||
        ju_int(obj, path, "suite", true, 0, 0xffff, &suite, NULL, err) != 0)
        return -1;
    g->role = (vec_role)role;
    g->mode = (vec_mode)mode;
    g->suite = (uint16_t)suite;
    if (sequence && g->role != VEC_ROLE_CLIENT)
        return field_error(err, path, "role", "a PssstReplySequenceTest group is client role");

    const cJSON *tests;
    if (ju_required_array(obj, path, "tests", "an array of tests", &tests, err) != 0)
        return -1;
    size_t n = (size_t)cJSON_GetArraySize(tests);
    g->tests = calloc(n + 1, sizeof *g->tests);
    if (g->tests == NULL)
        return field_error(err, path, "tests", "out of memory");
    char tp[JU_PATH_SIZE];
    ju_path_member(tp, path, "tests");
    for (const cJSON *c = tests->child; c != NULL; c = c->next) {
        char p[JU_PATH_SIZE];
        ju_path_index(p, tp, g->n_tests);
        /* Counted before parsing so that a half-filled test is freed too. */
        vec_test *t = &g->tests[g->n_tests++];
        if (parse_test(c, p, notes, g, t, err) != 0)
            return -1;
    }
    return 0;
}

static int parse_notes(const cJSON *root, const cJSON **notes, conform_error *err)
{
    if (ju_member(root, "", "notes", notes, err) != 0)
        return -1;
    if (*notes == NULL)
        return 0;
    if (ju_require_object(*notes, "notes", err) != 0)
        return -1;
    for (const cJSON *n = (*notes)->child; n != NULL; n = n->next) {
        char p[JU_PATH_SIZE];
        const char *s;
        ju_path_member(p, "notes", n->string != NULL ? n->string : "?");
        if (ju_require_object(n, p, err) != 0 ||
            ju_string(n, p, "bugType", false, false, &s, err) != 0 ||
            ju_string(n, p, "description", false, false, &s, err) != 0)
            return -1;
    }
    return 0;
}

static int parse_header(const cJSON *root, conform_error *err)
{
    char **lines = NULL;
    size_t n = 0;
    const char *s;
    int rc = ju_string_array(root, "", "header", false, &lines, &n, err);
    if (rc == 0)
        rc = ju_string(root, "", "schema", false, false, &s, err);
    ju_string_array_free(lines, n);
    return rc != 0 ? -1 : 0;
}

static int parse_root(const cJSON *root, vec_file *f, conform_error *err)
{
    long declared = 0;
    const cJSON *notes = NULL;
    if (ju_require_object(root, "", err) != 0)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(root, "testGroups") == NULL &&
        cJSON_GetObjectItemCaseSensitive(root, "transcripts") != NULL)
        return conform_error_set(err, "testGroups: required member is missing (this is a "
                                      "transcript file: use pssst-conform transcripts)");
    if (ju_string_dup(root, "", "algorithm", true, false, &f->algorithm, err) != 0)
        return -1;
    if (strcmp(f->algorithm, "PSSST") != 0)
        return conform_error_set(err, "algorithm: expected \"PSSST\", got \"%.40s\"",
                                 f->algorithm);
    if (ju_string_dup(root, "", "generatorVersion", true, false, &f->generator, err) != 0 ||
        ju_string_dup(root, "", "source", true, false, &f->source, err) != 0 ||
        ju_int(root, "", "numberOfTests", true, 0, 100000000L, &declared, NULL, err) != 0 ||
        parse_header(root, err) != 0 || parse_notes(root, &notes, err) != 0)
        return -1;

    const cJSON *groups;
    if (ju_required_array(root, "", "testGroups", "an array of test groups", &groups, err) != 0)
        return -1;
    size_t n = (size_t)cJSON_GetArraySize(groups);
    f->groups = calloc(n + 1, sizeof *f->groups);
    if (f->groups == NULL)
        return conform_error_set(err, "testGroups: out of memory");
    size_t total = 0;
    for (const cJSON *c = groups->child; c != NULL; c = c->next) {
        char p[JU_PATH_SIZE];
        ju_path_index(p, "testGroups", f->n_groups);
        vec_group *g = &f->groups[f->n_groups++];
        if (parse_group(c, p, notes, g, err) != 0)
            return -1;
        total += g->n_tests;
    }
    if ((size_t)declared != total)
        return conform_error_set(err, "numberOfTests: says %ld but the file holds %zu tests",
                                 declared, total);
    f->number_of_tests = total;
    return check_unique_ids(f, err);
}

int vec_file_identify(vec_file *f, const char *path, const char *data, size_t len,
                      conform_error *err)
{
    const char *slash = strrchr(path, '/');
    f->path = ju_strdup(path);
    f->name = ju_strdup(slash != NULL ? slash + 1 : path);
    if (f->path == NULL || f->name == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    if (pssst_sha256_2(f->sha256, (const uint8_t *)data, len, NULL, 0) != 0)
        return conform_error_set(err, "%s: SHA-256 failed", path);
    return 0;
}

int vec_load_buffer(const char *name, const char *data, size_t len, vec_file *out,
                    conform_error *err)
{
    memset(out, 0, sizeof *out);
    if (vec_file_identify(out, name, data, len, err) != 0) {
        vec_file_free(out);
        return -1;
    }
    cJSON *root = ju_parse(data, len, err);
    int rc = root != NULL ? parse_root(root, out, err) : -1;
    cJSON_Delete(root);
    if (rc != 0) {
        conform_error_prefix(err, name);
        vec_file_free(out);
    }
    return rc;
}

int vec_read_file(const char *path, char **data, size_t *len, conform_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return conform_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap || ferror(fp))
            break;
        if (cap >= VEC_MAX_FILE_SIZE) {
            free(buf);
            fclose(fp);
            return conform_error_set(err, "%s: larger than %u bytes", path, VEC_MAX_FILE_SIZE);
        }
        cap *= 2;
        char *bigger = realloc(buf, cap + 1);
        if (bigger == NULL)
            free(buf);
        buf = bigger;
    }
    if (buf == NULL) {
        fclose(fp);
        return conform_error_set(err, "%s: out of memory", path);
    }
    if (ferror(fp)) {
        free(buf);
        fclose(fp);
        return conform_error_set(err, "%s: read error", path);
    }
    fclose(fp);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int vec_load_file_with(const char *path, vec_buffer_loader load, vec_file *out,
                       conform_error *err)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (vec_read_file(path, &data, &len, err) != 0)
        return -1;
    int rc = load(path, data, len, out, err);
    free(data);
    return rc;
}

int vec_load_file(const char *path, vec_file *out, conform_error *err)
{
    return vec_load_file_with(path, vec_load_buffer, out, err);
}
