/* SPDX-License-Identifier: Apache-2.0 */
#include "port_run.h"

#include <stdlib.h>
#include <string.h>

bool port_verdict_fails(port_verdict v)
{
    return v == PV_FAIL || v == PV_CRASH || v == PV_TIMEOUT || v == PV_ERROR;
}

/* Why the harness cannot run a group at all (its hello said so), or NULL. */
static const char *unsupported_group(const backend_port *port, const vec_group *g)
{
    const harness_caps *c = backend_port_caps(port);
    if (!c->roles[g->role])
        return g->role == VEC_ROLE_CLIENT ? "the harness does not offer the client role"
                                          : "the harness does not offer the server role";
    if (!c->modes[g->mode])
        return g->mode == VEC_MODE_CLIENT_AUTH ? "the harness does not offer client_auth mode"
                                               : "the harness does not offer anonymous mode";
    if (!backend_port_supports_suite(port, g->suite))
        return "the harness does not offer this suite";
    if (g->role == VEC_ROLE_CLIENT && !c->ephemeral)
        return "the harness cannot take a given ephemeral scalar (client tests need one)";
    return NULL;
}

/* Runs one test, or records why it cannot run. */
static void run_one(backend_port *port, const replay_backend *be, const vec_group *g,
                    const vec_test *t, const char *why_not, bool strict, port_result *r)
{
    if (why_not != NULL) {
        r->verdict = PV_UNSUPPORTED;
        r->detail.kind = VERDICT_SKIP;
        r->detail.operation = "begin";
        r->detail.reason = ju_strdup(why_not);
        return;
    }
    backend_port_set_test(port, t->tc_id, g->mode);
    verdict_kind k = replay_test(be, g, t, strict, &r->detail);
    r->verdict = port_verdict_classify(k, backend_port_last_fault(port));
    /* The operation is recorded apart; the harness's own words suffice. */
    static const char prefix[] = "backend error in ";
    char *reason = r->detail.reason;
    if (k == VERDICT_ERROR && reason != NULL && strncmp(reason, prefix, sizeof prefix - 1) == 0) {
        const char *rest = strstr(reason, ": ");
        if (rest != NULL)
            memmove(reason, rest + 2, strlen(rest + 2) + 1);
    }
}

/* Compares a result with the expectations file (canaries are never listed). */
static void apply_expectation(port_result *r, const vec_test *t, expectations *expect)
{
    r->outcome = EXPECT_NOT_LISTED;
    if (expect == NULL || r->canary)
        return;
    const expect_entry *x = expect_find(expect, t->tc_id);
    if (x == NULL)
        return;
    r->listed = x->verdict;
    if (r->verdict == PV_PASS)
        r->outcome = EXPECT_UNEXPECTED_PASS;
    else
        r->outcome = r->verdict == x->verdict ? EXPECT_KNOWN : EXPECT_CHANGED;
}

/* The label printed for a result that is not a plain pass. */
static const char *label(const port_result *r)
{
    static const char *const upper[PV_COUNT] = {
        "PASS", "FAIL", "WRONG-ERROR", "UNSUPPORTED", "CRASH", "TIMEOUT", "ERROR",
    };
    if (r->canary)
        return r->verdict == PV_PASS ? "CANARY-PASSED" : NULL;
    if (r->outcome == EXPECT_UNEXPECTED_PASS)
        return "UNEXPECTED-PASS";
    if (r->outcome == EXPECT_KNOWN)
        return "KNOWN";
    return r->verdict == PV_PASS ? NULL : upper[r->verdict];
}

static void print_result(const vec_file *f, const port_result *r, const vec_test *t, bool verbose,
                         FILE *out)
{
    const char *l = label(r);
    if (l == NULL)
        return;
    fprintf(out, "  %s %s (%s testGroups[%zu].tests[%zu]) [%s%s%s]", l, t->tc_id, f->name,
            r->group, r->test, vec_result_name(t->result), t->stage != VEC_STAGE_NONE ? ", stage " : "",
            t->stage != VEC_STAGE_NONE ? vec_stage_name(t->stage) : "");
    if (r->outcome == EXPECT_KNOWN || r->outcome == EXPECT_CHANGED)
        fprintf(out, " (listed as %s)", port_verdict_name(r->listed));
    /* Harness trouble is always explained: it names what went wrong where. */
    bool trouble = r->verdict == PV_CRASH || r->verdict == PV_TIMEOUT ||
                   r->verdict == PV_ERROR || r->verdict == PV_UNSUPPORTED;
    if (!verbose && !trouble) {
        fputc('\n', out);
        return;
    }
    fprintf(out, ": %s\n", r->detail.reason != NULL ? r->detail.reason : "");
    if (!verbose)
        return;
    if (r->detail.expected != NULL)
        fprintf(out, "    expected: %s\n", r->detail.expected);
    if (r->detail.actual != NULL)
        fprintf(out, "    actual:   %s\n", r->detail.actual);
}

static void count_result(port_summary *sum, const port_result *r)
{
    sum->timeouts += r->verdict == PV_TIMEOUT;
    if (r->canary) {
        sum->canaries++;
        sum->canaries_passed += r->verdict == PV_PASS;
        sum->canaries_not_run += r->verdict != PV_PASS && r->verdict != PV_FAIL &&
                                 r->verdict != PV_WRONG_ERROR;
        return;
    }
    sum->counts[r->verdict]++;
    sum->known += r->outcome == EXPECT_KNOWN;
    sum->unexpected_pass += r->outcome == EXPECT_UNEXPECTED_PASS;
    sum->changed += r->outcome == EXPECT_CHANGED;
}

static int run_group(const vec_set *set, size_t fi, size_t gi, backend_port *port,
                     const replay_backend *be, const port_options *opt, FILE *out,
                     port_summary *sum, conform_error *err)
{
    const vec_file *f = &set->files[fi];
    const vec_group *g = &f->groups[gi];
    const char *why_not = unsupported_group(port, g);
    size_t first = sum->n_results, counts[PV_COUNT] = {0};
    for (size_t i = 0; i < g->n_tests; i++) {
        const vec_test *t = &g->tests[i];
        if (!run_selected(t, &opt->select))
            continue;
        /* A harness that hangs on everything would take timeout x tests. */
        if (opt->max_timeouts > 0 && sum->timeouts >= opt->max_timeouts) {
            sum->not_run++;
            continue;
        }
        port_result *r = &sum->results[sum->n_results++];
        r->file = fi;
        r->group = gi;
        r->test = i;
        r->canary = strcmp(f->name, VEC_CANARY_NAME) == 0;
        run_one(port, be, g, t, why_not, opt->select.strict_errors, r);
        if (r->detail.reason == NULL && r->verdict != PV_PASS)
            return conform_error_set(err, "out of memory");
        apply_expectation(r, t, opt->expect);
        counts[r->verdict]++;
        count_result(sum, r);
    }
    if (sum->n_results == first)
        return 0;
    fprintf(out, "%s: group %zu (%s, %s, suite %u):", f->path, gi, vec_role_name(g->role),
            vec_mode_name(g->mode), (unsigned)g->suite);
    for (int v = 0; v < PV_COUNT; v++)
        if (counts[v] > 0 || v == PV_PASS)
            fprintf(out, " %zu %s", counts[v], port_verdict_name((port_verdict)v));
    fputc('\n', out);
    if (why_not != NULL) {
        fprintf(out, "  every test of this group: unsupported (%s)\n", why_not);
        return 0;
    }
    for (size_t k = first; k < sum->n_results; k++) {
        const port_result *r = &sum->results[k];
        print_result(f, r, &g->tests[r->test], opt->select.verbose, out);
    }
    fflush(out);
    return 0;
}

int port_run(const vec_set *set, backend_port *port, const replay_backend *be,
             const port_options *opt, FILE *out, port_summary *sum, conform_error *err)
{
    memset(sum, 0, sizeof *sum);
    size_t total = 0;
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; g < set->files[f].n_groups; g++)
            total += set->files[f].groups[g].n_tests;
    sum->results = calloc(total + 1, sizeof *sum->results);
    if (sum->results == NULL)
        return conform_error_set(err, "out of memory");
    double start = run_now_seconds();
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; g < set->files[f].n_groups; g++)
            if (run_group(set, f, g, port, be, opt, out, sum, err) != 0)
                return -1;
    sum->seconds = run_now_seconds() - start;
    sum->restarts = backend_port_restarts(port);
    if (opt->expect != NULL)
        sum->stale = expect_print_stale(opt->expect, out);
    if (sum->n_results == 0)
        return conform_error_set(err, "no test matches the selection (--section/--id)");
    return 0;
}

void port_print_summary(const port_summary *sum, FILE *out)
{
    if (sum->not_run > 0)
        fprintf(out, "STOPPED after %zu timeouts: %zu tests not run (--max-timeouts)\n",
                sum->timeouts, sum->not_run);
    size_t tests = sum->n_results - sum->canaries;
    fprintf(out, "%zu tests:", tests);
    for (int v = 0; v < PV_COUNT; v++)
        if (sum->counts[v] > 0 || v == PV_PASS || v == PV_FAIL)
            fprintf(out, " %zu %s", sum->counts[v], port_verdict_name((port_verdict)v));
    fputc('\n', out);
    if (sum->counts[PV_WRONG_ERROR] > 0)
        fprintf(out, "wrong-error is not a failure without --strict-errors\n");
    if (sum->known + sum->unexpected_pass + sum->changed > 0)
        fprintf(out, "expectations: %zu known, %zu unexpected pass, %zu changed\n", sum->known,
                sum->unexpected_pass, sum->changed);
    if (sum->restarts > 0)
        fprintf(out, "harness restarted %zu time%s\n", sum->restarts,
                sum->restarts == 1 ? "" : "s");
    size_t ran = sum->canaries - sum->canaries_not_run;
    if (sum->canaries_passed > 0)
        fprintf(out, "BROKEN RUN: %zu of %zu canary vectors passed; they must fail\n",
                sum->canaries_passed, ran);
    else if (ran == 0)
        fprintf(out, "no canary vector ran: this run cannot show that it detects failures\n");
    else if (sum->canaries_not_run > 0)
        fprintf(out,
                "canaries: %zu of %zu ran and failed, as they must (%zu could not run: "
                "unsupported, crash, timeout or error)\n",
                ran, sum->canaries, sum->canaries_not_run);
    else
        fprintf(out, "canaries: all %zu failed, as they must\n", sum->canaries);
}

int port_exit_code(const port_summary *sum)
{
    if (sum->canaries_passed > 0 || sum->not_run > 0)
        return 2;
    bool failed = sum->unexpected_pass > 0 || sum->changed > 0;
    bool protocol = false;
    for (size_t i = 0; i < sum->n_results; i++) {
        const port_result *r = &sum->results[i];
        if (r->canary || r->outcome == EXPECT_KNOWN)
            continue;
        protocol |= r->verdict == PV_ERROR;
        failed |= port_verdict_fails(r->verdict);
    }
    if (protocol)
        return 2;
    return failed ? 1 : 0;
}

void port_summary_free(port_summary *sum)
{
    for (size_t i = 0; i < sum->n_results; i++)
        replay_verdict_free(&sum->results[i].detail);
    free(sum->results);
    memset(sum, 0, sizeof *sum);
}
