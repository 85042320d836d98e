/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_html_failures.c - the tests that did not pass, on the HTML page:
 * per run, grouped by what went wrong so that a run where everything
 * fails stays a page a browser opens: each group lists its test ids once
 * and shows one example.
 */
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "report_html.h"

/* Hex digits of expected/actual shown in an example, around the first
 * difference: enough to see it, the JSON report has the whole value. */
#define HEX_WINDOW 64
#define HEX_LEAD 16
/* Longest reason, requirement and explain command shown. */
#define TEXT_SHOWN 400
#define EXPLAIN_SHOWN 1200
/* Groups whose example shows its bytes and explain command (the groups
 * come most serious first). Past these, when a port fails in a hundred
 * different ways, the ids and the reason keep the page small. */
#define GROUPS_WITH_BYTES 30

/* Tests that did not pass alike: one verdict, note, first flag and first
 * requirement. */
typedef struct {
    verdict verdict;
    const char *note;               /* what else is to know, e.g. " (known)" */
    const char *flag, *requirement; /* NULL when the test has none */
    size_t example;                 /* index of the first member */
    size_t count;
    bool fails;                     /* its members fail the run */
} failure_group;

/* The failure groups of one run, most serious first. */
typedef struct {
    const run_report *run;
    failure_group *groups;
    size_t n_groups;
} run_groups;

static bool listed_as_failure(const test_result *t)
{
    if (t->canary)
        return t->verdict == VERDICT_PASS;
    return t->verdict != VERDICT_PASS || t->outcome == EXPECT_UNEXPECTED_PASS;
}

static const char *note_of(const test_result *t)
{
    if (t->canary)
        return " (a canary passed: the runner is wrong)";
    if (t->outcome == EXPECT_UNEXPECTED_PASS)
        return " (unexpected pass: listed as failing)";
    return t->outcome == EXPECT_KNOWN ? " (known)" : "";
}

static const char *first(char *const *items, size_t n)
{
    return n > 0 ? items[0] : NULL;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool belongs(const failure_group *g, const test_result *t)
{
    return g->verdict == t->verdict && strcmp(g->note, note_of(t)) == 0
           && same_text(g->flag, first(t->flags, t->n_flags))
           && same_text(g->requirement, first(t->requirements, t->n_requirements));
}

/* Failing groups first, then the most serious, then the biggest. */
static int group_order(const void *pa, const void *pb)
{
    const failure_group *a = pa, *b = pb;
    if (a->fails != b->fails)
        return a->fails ? -1 : 1;
    if (severity(a->verdict) != severity(b->verdict))
        return severity(a->verdict) > severity(b->verdict) ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a->example < b->example ? -1 : a->example > b->example;
}

static int group_results(run_groups *f, const run_report *r)
{
    f->run = r;
    f->n_groups = 0;
    f->groups = calloc(r->n_results + 1, sizeof *f->groups);
    if (f->groups == NULL)
        return -1;
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (!listed_as_failure(t))
            continue;
        size_t g = 0;
        while (g < f->n_groups && !belongs(&f->groups[g], t))
            g++;
        if (g == f->n_groups)
            f->groups[f->n_groups++] = (failure_group){
                t->verdict, note_of(t), first(t->flags, t->n_flags),
                first(t->requirements, t->n_requirements), i, 0,
                t->canary || result_fails(r, t) || t->outcome == EXPECT_UNEXPECTED_PASS};
        f->groups[g].count++;
    }
    qsort(f->groups, f->n_groups, sizeof *f->groups, group_order);
    return 0;
}

/* Whether result i of the run is in group g. */
static bool in_group(const run_groups *f, size_t g, size_t i)
{
    return listed_as_failure(&f->run->results[i]) && belongs(&f->groups[g], &f->run->results[i]);
}

/* value, or a window of it around its first difference from other. */
static void write_value(FILE *fp, const char *label, const char *value, const char *other)
{
    if (value == NULL)
        return;
    size_t len = strlen(value), diff = 0, start = 0;
    while (other != NULL && value[diff] != '\0' && value[diff] == other[diff])
        diff++;
    if (len > HEX_WINDOW) {
        /* Start on a byte boundary a little before the difference. */
        start = diff > HEX_LEAD ? (diff - HEX_LEAD) & ~(size_t)1 : 0;
        if (start > len - HEX_WINDOW)
            start = (len - HEX_WINDOW) & ~(size_t)1;
        xml_printf(fp, "<div>%s (%zu digits, from %zu): <code>%s", label, len, start + 1,
                   start > 0 ? "&hellip;" : "");
    } else {
        xml_printf(fp, "<div>%s: <code>", label);
    }
    xml_printf(fp, "%.*s%s</code></div>\n", HEX_WINDOW, value + start,
               ellipsis_past(value + start, HEX_WINDOW));
}

static void write_group(FILE *fp, const run_groups *f, size_t run, size_t g)
{
    const failure_group *grp = &f->groups[g];
    const test_result *ex = &f->run->results[grp->example];
    xml_printf(fp, "<details id=\"g-%zu-%zu\"><summary><b>%s</b>%s &middot; <code>%s</code> "
                   "&middot; %zu test(s) &middot; <i>%.*s%s</i></summary>\n<div>tests:",
               run, g, verdict_name(grp->verdict), grp->note, grp->flag, grp->count, TEXT_SHOWN,
               grp->requirement, ellipsis_past(grp->requirement, TEXT_SHOWN));
    for (size_t i = 0; i < f->run->n_results; i++)
        if (in_group(f, g, i))
            xml_printf(fp, " %s", f->run->results[i].tc_id);
    const char *reason = ex->reason != NULL ? ex->reason : verdict_name(ex->verdict);
    xml_printf(fp, "</div>\n<div>example <b>%s</b> <span class=\"sub\">%s %s</span>: "
                   "%.*s%s</div>\n",
               ex->tc_id, ex->file, ex->operation, TEXT_SHOWN, reason,
               ellipsis_past(reason, TEXT_SHOWN));
    if (g < GROUPS_WITH_BYTES) {
        write_value(fp, "expected", ex->expected, ex->actual);
        write_value(fp, "actual", ex->actual, ex->expected);
        if (ex->explain != NULL)
            xml_printf(fp, "<div>explain: <code>%.*s%s</code></div>\n", EXPLAIN_SHOWN,
                       ex->explain, ellipsis_past(ex->explain, EXPLAIN_SHOWN));
    }
    fputs("</details>\n", fp);
}

static bool group_in_row(const run_groups *f, size_t g, const char *row)
{
    for (size_t i = 0; i < f->run->n_results; i++)
        if (in_group(f, g, i) && in_row(&f->run->results[i], row))
            return true;
    return false;
}

/* Per section that did not all pass: links to the groups of its tests. */
static void write_section_index(FILE *fp, const page *p, const run_groups *f, size_t run)
{
    fputs("<ul>\n", fp);
    for (size_t s = 0; s + 1 < p->n_rows; s++) { /* all but the "all" row */
        cell_counts c = count_cell(f->run, p->rows[s]);
        if (c.pass == c.total)
            continue;
        xml_printf(fp, "<li id=\"d-%zu-%zu\">", run, s);
        write_row_name(fp, p->rows[s]);
        xml_printf(fp, ": %zu of %zu not passed, in", c.total - c.pass, c.total);
        for (size_t g = 0; g < f->n_groups; g++)
            if (group_in_row(f, g, p->rows[s]))
                xml_printf(fp, " <a href=\"#g-%zu-%zu\">#%zu</a>", run, g, g + 1);
        fputs("</li>\n", fp);
    }
    fputs("</ul>\n", fp);
}

static int write_run_failures(FILE *fp, const page *p, size_t run)
{
    run_groups f;
    if (group_results(&f, &p->runs[run]) != 0)
        return -1;
    size_t listed = 0;
    for (size_t g = 0; g < f.n_groups; g++)
        listed += f.groups[g].count;
    xml_printf(fp, "<section id=\"f-%zu\"><h3>%s: %zu test(s) in %zu group(s)</h3>\n", run,
               f.run->name, listed, f.n_groups);
    write_section_index(fp, p, &f, run);
    for (size_t g = 0; g < f.n_groups; g++)
        write_group(fp, &f, run, g);
    fputs("</section>\n", fp);
    free(f.groups);
    return 0;
}

int write_failures(FILE *fp, const page *p)
{
    xml_printf(fp, "<h2>Tests that did not pass</h2>\n<p>Grouped by verdict, bug type (the "
                   "vector's first flag) and the first requirement it checks, the most serious "
                   "first; each group shows one example, with its bytes in the first %d groups. "
                   "The JSON report has every test in full.</p>\n", GROUPS_WITH_BYTES);
    for (size_t i = 0; i < p->n_runs; i++)
        if (write_run_failures(fp, p, i) != 0)
            return -1;
    return 0;
}
