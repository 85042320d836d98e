/* SPDX-License-Identifier: Apache-2.0 */
#include "run.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_util.h"
#include "replay.h"
#include "report_escape.h"

#define EXIT_PASS 0
#define EXIT_FAIL 1
#define EXIT_BROKEN 2

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool run_selected(const vec_test *t, const run_options *opt)
{
    bool any = opt->n_sections == 0;
    for (size_t j = 0; j < opt->n_sections && !any; j++)
        any = sections_cite(t->sections, t->n_sections, opt->sections[j]);
    if (!any)
        return false;
    if (opt->n_ids == 0)
        return true;
    for (size_t j = 0; j < opt->n_ids; j++)
        if (strcmp(t->tc_id, opt->ids[j]) == 0 || fnmatch(opt->ids[j], t->tc_id, 0) == 0)
            return true;
    return false;
}

/* spec 3.1: a test that an unknown suite be refused runs on every implementation. */
static bool expects_suite_refusal(const vec_test *t)
{
    for (size_t i = 0; t->result == VEC_RESULT_INVALID && i < t->n_errors; i++)
        if (strcmp(t->errors[i], "UNSUPPORTED_SUITE") == 0)
            return true;
    return false;
}

/* Why the backend cannot run a test of group g (its hello said so), or NULL. */
static const char *unsupported_test(const backend *be, const vec_group *g, const vec_test *t)
{
    const harness_caps *c = backend_caps(be);
    if (!c->roles[g->role])
        return g->role == VEC_ROLE_CLIENT ? "the harness does not offer the client role"
                                          : "the harness does not offer the server role";
    if (!c->modes[g->mode])
        return g->mode == VEC_MODE_CLIENT_AUTH ? "the harness does not offer client_auth mode"
                                               : "the harness does not offer anonymous mode";
    if (!harness_caps_has_suite(c, g->suite) && !expects_suite_refusal(t))
        return "the harness does not offer this suite";
    if (g->role == VEC_ROLE_CLIENT && !c->ephemeral)
        return "the harness cannot take a given ephemeral scalar (client tests need one)";
    return NULL;
}

/* A port may answer with megabytes; reports keep RESULT_MAX_HEX digits of it. */
static void cap_value(char **value)
{
    size_t n = *value != NULL ? strlen(*value) : 0;
    if (n <= RESULT_MAX_HEX)
        return;
    snprintf(*value + RESULT_MAX_HEX - 40, 41, "...(%zu digits in all)", n);
    char *shorter = realloc(*value, RESULT_MAX_HEX + 1);
    if (shorter != NULL)
        *value = shorter;
}

/* The descriptive members of a result, from its vector. */
static void describe(test_result *r, const vec_file *f, size_t gi, size_t ti)
{
    const vec_group *g = &f->groups[gi];
    const vec_test *t = &g->tests[ti];
    *r = (test_result){
        .tc_id = t->tc_id, .file = f->name, .comment = t->comment,
        .role = vec_role_name(g->role), .mode = vec_mode_name(g->mode),
        .result = vec_result_name(t->result),
        .stage = t->stage != VEC_STAGE_NONE ? vec_stage_name(t->stage) : NULL,
        .suite = g->suite, .group = gi, .index = ti,
        .sections = t->sections, .n_sections = t->n_sections,
        .requirements = t->requirements, .n_requirements = t->n_requirements,
        .flags = t->flags, .n_flags = t->n_flags, .errors = t->errors, .n_errors = t->n_errors,
        .canary = strcmp(f->name, VEC_CANARY_NAME) == 0,
        .test = t, .vector_file = f,
    };
}

/* Compares a result with the expectations file (canaries are never listed). */
static void apply_expectation(test_result *r, expectations *expect)
{
    const expect_entry *x = r->canary ? NULL : expect_find(expect, r->tc_id);
    if (x == NULL)
        return;
    r->listed = x->verdict;
    if (r->verdict == VERDICT_PASS)
        r->outcome = EXPECT_UNEXPECTED_PASS;
    else
        r->outcome = r->verdict == x->verdict ? EXPECT_KNOWN : EXPECT_CHANGED;
}

/* Runs one test into r, or records why it cannot run. */
static int run_one(backend *be, const vec_group *g, const char *why_not, test_result *r,
                   conform_error *err)
{
    replay_verdict v;
    double start = now_seconds();
    if (why_not != NULL) {
        v = (replay_verdict){.kind = VERDICT_UNSUPPORTED, .operation = "begin",
                             .reason = string_copy(why_not)};
    } else {
        replay_test(be, g, r->test, backend_caps(be)->public_key, &v);
        cap_value(&v.expected);
        cap_value(&v.actual);
        text_without_controls(v.reason);
        if (v.kind != VERDICT_PASS)
            r->explain = result_explain_command(g, r->test);
    }
    r->seconds = now_seconds() - start;
    r->verdict = v.kind;
    r->operation = v.operation;
    r->reason = v.reason;
    r->expected = v.expected;
    r->actual = v.actual;
    if (r->reason == NULL && r->verdict != VERDICT_PASS)
        return conform_error_set(err, "out of memory");
    return 0;
}

static void count(run_report *rep, const test_result *r)
{
    rep->timeouts += r->verdict == VERDICT_TIMEOUT;
    if (r->canary) {
        rep->canaries++;
        rep->canaries_passed += r->verdict == VERDICT_PASS;
        rep->canaries_not_run += r->verdict != VERDICT_PASS && r->verdict != VERDICT_FAIL &&
                                 r->verdict != VERDICT_WRONG_ERROR;
        return;
    }
    rep->counts[r->verdict]++;
    rep->known += r->outcome == EXPECT_KNOWN;
    rep->unexpected_pass += r->outcome == EXPECT_UNEXPECTED_PASS;
    rep->changed += r->outcome == EXPECT_CHANGED;
}

/* "file: group N (role, mode, suite S): 16 passed, 0 failed, 2 wrong-error". */
static void print_group(const vec_file *f, size_t gi, const run_report *rep, size_t first,
                        const char *why_not, FILE *out)
{
    const vec_group *g = &f->groups[gi];
    size_t counts[VERDICT_COUNT] = {0};
    for (size_t k = first; k < rep->n_results; k++)
        counts[rep->results[k].verdict]++;
    fprintf(out, "%s: group %zu (%s, %s, suite %u): ", f->path, gi, vec_role_name(g->role),
            vec_mode_name(g->mode), (unsigned)g->suite);
    /* A canary must fail (a wrong error is a failure too): say so in its own words. */
    bool canaries = rep->results[first].canary;
    if (canaries)
        fprintf(out, "canaries: %zu failed as they must, %zu passed",
                counts[VERDICT_FAIL] + counts[VERDICT_WRONG_ERROR], counts[VERDICT_PASS]);
    else
        fprintf(out, "%zu passed, %zu failed", counts[VERDICT_PASS], counts[VERDICT_FAIL]);
    for (int v = canaries ? VERDICT_UNSUPPORTED : VERDICT_WRONG_ERROR; v < VERDICT_COUNT; v++)
        if (counts[v] > 0)
            fprintf(out, ", %zu %s", counts[v], verdict_name((verdict)v));
    fputc('\n', out);
    if (why_not != NULL && counts[VERDICT_UNSUPPORTED] == rep->n_results - first)
        fprintf(out, "  every test of this group: unsupported (%s)\n", why_not);
    fflush(out);
}

static int run_group(const vec_set *set, size_t fi, size_t gi, backend *be,
                     const run_options *opt, FILE *out, run_report *rep, conform_error *err)
{
    const vec_file *f = &set->files[fi];
    const vec_group *g = &f->groups[gi];
    const char *why_not = NULL;
    size_t first = rep->n_results;
    for (size_t i = 0; i < g->n_tests; i++) {
        if (!run_selected(&g->tests[i], opt))
            continue;
        /* A harness that hangs on everything would take timeout x tests. */
        if (opt->max_timeouts > 0 && rep->timeouts >= opt->max_timeouts) {
            rep->not_run++;
            continue;
        }
        test_result *r = &rep->results[rep->n_results++];
        describe(r, f, gi, i);
        why_not = unsupported_test(be, g, r->test);
        if (run_one(be, g, why_not, r, err) != 0)
            return -1;
        apply_expectation(r, opt->expect);
        count(rep, r);
        if (!r->canary && why_not == NULL) {
            rep->offered++;
            rep->dodged += r->verdict == VERDICT_UNSUPPORTED;
        }
    }
    if (rep->n_results > first)
        print_group(f, gi, rep, first, why_not, out);
    return 0;
}

/* One rule for every command: 0 pass, 1 a failure, 2 a run that shows nothing. */
static int exit_code(const run_report *rep)
{
    bool failed = rep->unexpected_pass > 0 || rep->changed > 0;
    bool protocol = false;
    for (size_t i = 0; i < rep->n_results; i++) {
        const test_result *t = &rep->results[i];
        failed |= result_fails(rep, t);
        protocol |= !t->canary && t->verdict == VERDICT_ERROR && t->outcome != EXPECT_KNOWN;
    }
    /* Tests that showed something: a port that dodges every test checked nothing. */
    size_t checked = rep->n_results - rep->counts[VERDICT_UNSUPPORTED] - rep->canaries_not_run;
    /* A passing canary with no failure beside it: the run accepts anything. */
    bool broken = rep->canaries_passed > 0 && !failed;
    if (broken || protocol || rep->not_run > 0 || checked == 0 || run_dodged(rep) ||
        run_without_canary(rep))
        return EXIT_BROKEN;
    return failed ? EXIT_FAIL : EXIT_PASS;
}

int run_tests(const vec_set *set, backend *be, const run_options *opt, FILE *out,
              run_report *rep, conform_error *err)
{
    size_t total = 0;
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; g < set->files[f].n_groups; g++)
            total += set->files[f].groups[g].n_tests;
    rep->set = set;
    rep->lenient = opt->lenient;
    rep->owns_details = true;
    rep->sections = opt->sections;
    rep->n_sections = opt->n_sections;
    rep->ids = opt->ids;
    rep->n_ids = opt->n_ids;
    if (total == 0)
        return conform_error_set(err, "%s: holds no tests",
                                 set->n_files == 1 ? set->files[0].path : "the files given");
    rep->results = calloc(total + 1, sizeof *rep->results);
    if (rep->results == NULL)
        return conform_error_set(err, "out of memory");
    for (size_t i = 0; i < set->n_left_out; i++)
        fprintf(out, "left out: %s\n", set->left_out[i]);
    double start = now_seconds();
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; g < set->files[f].n_groups; g++)
            if (run_group(set, f, g, be, opt, out, rep, err) != 0)
                return -1;
    rep->seconds = now_seconds() - start;
    rep->restarts = backend_restarts(be);
    if (opt->expect != NULL)
        rep->stale = expect_print_stale(opt->expect, out);
    if (rep->n_results == 0)
        return conform_error_set(err, "no test matches the selection (--section/--id)");
    rep->exit_code = exit_code(rep);
    return 0;
}
