/* SPDX-License-Identifier: Apache-2.0 */
#include "runner.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool run_section_matches(const char *section, const char *prefix)
{
    size_t n = strlen(prefix);
    /* "7.1" selects "7.1" and "7.1.2" but not "7.10". */
    return strncmp(section, prefix, n) == 0 && (section[n] == '\0' || section[n] == '.');
}

bool run_selected(const vec_test *t, const run_options *opt)
{
    if (opt->n_sections > 0) {
        bool any = false;
        for (size_t i = 0; i < t->n_sections && !any; i++)
            for (size_t j = 0; j < opt->n_sections && !any; j++)
                any = run_section_matches(t->sections[i], opt->sections[j]);
        if (!any)
            return false;
    }
    if (opt->n_ids > 0) {
        for (size_t j = 0; j < opt->n_ids; j++)
            if (strcmp(t->tc_id, opt->ids[j]) == 0 || fnmatch(opt->ids[j], t->tc_id, 0) == 0)
                return true;
        return false;
    }
    return true;
}

double run_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    size_t passed, failed, wrong_error, skipped, errors;
} counts;

static void count(counts *c, verdict_kind k)
{
    switch (k) {
    case VERDICT_PASS:
        c->passed++;
        break;
    case VERDICT_FAIL:
        c->failed++;
        break;
    case VERDICT_WRONG_ERROR:
        c->wrong_error++;
        break;
    case VERDICT_SKIP:
        c->skipped++;
        break;
    case VERDICT_ERROR:
        c->errors++;
        break;
    }
}

static void print_counts(const counts *c, FILE *out)
{
    fprintf(out, "%zu passed, %zu failed", c->passed, c->failed);
    if (c->wrong_error)
        fprintf(out, ", %zu wrong-error", c->wrong_error);
    if (c->skipped)
        fprintf(out, ", %zu skipped", c->skipped);
    if (c->errors)
        fprintf(out, ", %zu harness errors", c->errors);
}

static void print_hex_arg(const uint8_t *b, size_t n, FILE *out)
{
    fputc(' ', out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", b[i]);
}

/* A command line that dissects the packet the test fails on (explain.c). */
static void print_explain_hint(const vec_group *g, const vec_test *t, FILE *out)
{
    if (!t->server_private.present)
        return;
    if (g->role == VEC_ROLE_SERVER && t->request_packet.present) {
        fprintf(out, "    explain:  pssst-conform explain --server-private");
        print_hex_arg(t->server_private.b, sizeof t->server_private.b, out);
        print_hex_arg(t->request_packet.data, t->request_packet.len, out);
        fputc('\n', out);
    } else if (g->role == VEC_ROLE_CLIENT && t->request_packet.present &&
               t->reply_packet.present) {
        fprintf(out, "    explain:  pssst-conform explain --server-private");
        print_hex_arg(t->server_private.b, sizeof t->server_private.b, out);
        fprintf(out, " --request");
        print_hex_arg(t->request_packet.data, t->request_packet.len, out);
        print_hex_arg(t->reply_packet.data, t->reply_packet.len, out);
        fputc('\n', out);
    }
}

static void print_test(const vec_file *f, const vec_group *grp, size_t g, size_t i,
                       const vec_test *t, const replay_verdict *v, bool verbose, FILE *out)
{
    const char *label = v->kind == VERDICT_WRONG_ERROR ? "WRONG-ERROR"
                        : v->kind == VERDICT_ERROR     ? "ERROR"
                        : v->kind == VERDICT_SKIP      ? "SKIP"
                                                       : "FAIL";
    fprintf(out, "  %s %s", label, t->tc_id);
    if (!f->is_transcript)
        fprintf(out, " (%s testGroups[%zu].tests[%zu])", f->name, g, i);
    fprintf(out, " [%s%s%s]", vec_result_name(t->result), t->stage != VEC_STAGE_NONE ? ", stage " : "",
            t->stage != VEC_STAGE_NONE ? vec_stage_name(t->stage) : "");
    if (!verbose) {
        fputc('\n', out);
        return;
    }
    fprintf(out, ": %s\n", v->reason != NULL ? v->reason : "");
    if (t->comment != NULL && t->comment[0] != '\0')
        fprintf(out, "    comment:  %s\n", t->comment);
    if (v->expected != NULL)
        fprintf(out, "    expected: %s\n", v->expected);
    if (v->actual != NULL)
        fprintf(out, "    actual:   %s\n", v->actual);
    print_explain_hint(grp, t, out);
}

static int run_group(const vec_set *set, size_t fi, size_t gi, const replay_backend *be,
                     const run_options *opt, FILE *out, run_summary *sum, conform_error *err)
{
    const vec_file *f = &set->files[fi];
    const vec_group *g = &f->groups[gi];
    counts c = {0};
    size_t first = sum->n_results;
    for (size_t i = 0; i < g->n_tests; i++) {
        const vec_test *t = &g->tests[i];
        if (!run_selected(t, opt))
            continue;
        run_result *r = &sum->results[sum->n_results++];
        r->file = fi;
        r->group = gi;
        r->test = i;
        double start = run_now_seconds();
        count(&c, replay_test(be, g, t, opt->strict_errors, &r->verdict));
        r->seconds = run_now_seconds() - start;
        if (r->verdict.reason == NULL && r->verdict.kind != VERDICT_PASS)
            return conform_error_set(err, "out of memory");
    }
    if (sum->n_results == first)
        return 0;
    fprintf(out, "%s: group %zu (%s, %s, suite %u): ", f->path, gi, vec_role_name(g->role),
            vec_mode_name(g->mode), (unsigned)g->suite);
    print_counts(&c, out);
    fputc('\n', out);
    for (size_t k = first; k < sum->n_results; k++) {
        const run_result *r = &sum->results[k];
        if (r->verdict.kind != VERDICT_PASS)
            print_test(f, g, gi, r->test, &g->tests[r->test], &r->verdict, opt->verbose, out);
    }
    sum->passed += c.passed;
    sum->failed += c.failed;
    sum->wrong_error += c.wrong_error;
    sum->skipped += c.skipped;
    sum->errors += c.errors;
    return 0;
}

int run_set(const vec_set *set, const replay_backend *be, const run_options *opt, FILE *out,
            run_summary *sum, conform_error *err)
{
    memset(sum, 0, sizeof *sum);
    size_t total = 0;
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; g < set->files[f].n_groups; g++)
            total += set->files[f].groups[g].n_tests;
    if (total == 0)
        return conform_error_set(err, "%s: holds no tests", set->n_files == 1 ? set->files[0].path
                                                                            : "the files given");
    sum->results = calloc(total + 1, sizeof *sum->results);
    if (sum->results == NULL)
        return conform_error_set(err, "out of memory");
    for (size_t i = 0; i < set->n_left_out; i++)
        fprintf(out, "left out: %s\n", set->left_out[i]);
    double start = run_now_seconds();
    for (size_t f = 0; f < set->n_files; f++)
        for (size_t g = 0; g < set->files[f].n_groups; g++)
            if (run_group(set, f, g, be, opt, out, sum, err) != 0)
                return -1;
    sum->seconds = run_now_seconds() - start;
    if (sum->n_results == 0)
        return conform_error_set(err, "no test matches the selection (--section/--id)");
    return 0;
}

void run_print_summary(const run_summary *sum, FILE *out)
{
    if (sum->wrong_error > 0)
        fprintf(out,
                "%zu wrong-error (rejected at the right stage with an error the test does not "
                "allow; not counted as failures without --strict-errors)\n",
                sum->wrong_error);
    if (sum->errors > 0)
        fprintf(out, "%zu harness errors (the implementation could not be driven)\n",
                sum->errors);
    fprintf(out, "%zu passed, %zu failed", sum->passed, sum->failed);
    if (sum->skipped > 0)
        fprintf(out, ", %zu skipped", sum->skipped);
    fputc('\n', out);
}

int run_exit_code(const run_summary *sum)
{
    if (sum->errors > 0)
        return 2;
    return sum->failed > 0 ? 1 : 0;
}

void run_summary_free(run_summary *sum)
{
    for (size_t i = 0; i < sum->n_results; i++)
        replay_verdict_free(&sum->results[i].verdict);
    free(sum->results);
    memset(sum, 0, sizeof *sum);
}
