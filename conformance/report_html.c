/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_html.c - one static page for one or more runs (`port --html`,
 * `matrix`): a summary of each run, a matrix of spec sections (with their
 * titles) by runs, and the tests that did not pass, grouped by what went
 * wrong so that a run where everything fails stays a page a browser
 * opens: each group lists its test ids once and shows one example.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "result.h"
#include "spec_sections.h"

/* Row names that are no spec section: tests citing none, and every test. */
static const char unsectioned_row[] = "unsectioned";
static const char all_row[] = "all";

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

static const char style[] =
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:0 1em 1em 0}"
    "th,td{border:1px solid #bbb;padding:2px 6px;text-align:left}"
    "table.run{display:inline-table;vertical-align:top;max-width:30em}td.cell{text-align:center}"
    ".ok{background:#d8f0d8}.warn{background:#f7ecc8}.bad{background:#f6d0d0}.none{color:#888}"
    ".bad.v-crash,.bad.v-timeout,.bad.v-error{background:#eaa8a8}"
    ".sub{font-size:75%}code{word-break:break-all}details{margin:.3em 0}";

/* Adds each run's pass rate under its name, from the cells of the "all"
 * row: spec/harness.md 6.1 asks for it, and a browser test sees by it
 * that the page was rendered and its script ran. */
static const char pass_rate_script[] =
    "document.querySelectorAll('tr.all td.cell').forEach(function(c){"
    "var t=+c.dataset.total,p=+c.dataset.pass,d=document.createElement('div');"
    "d.className='sub';d.textContent=t?(100*p/t).toFixed(1)+'% passed':'no tests';"
    "document.querySelector('th.port[data-port=\"'+c.dataset.port+'\"]').appendChild(d);});";

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

typedef struct {
    const run_report *runs;
    size_t n_runs;
    const char **rows; /* sections cited by any run in spec order, then unsectioned, all */
    size_t n_rows;
} page;

/* ---- grouping ----------------------------------------------------------- */

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

/* Severity for ordering and cell colours: the worst verdict shows. */
static int severity(verdict v)
{
    static const int rank[VERDICT_COUNT] = {0, 3, 2, 1, 5, 4, 6};
    return rank[v];
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

/* ---- rows --------------------------------------------------------------- */

static bool in_row(const test_result *t, const char *row)
{
    if (row == all_row)
        return true;
    if (row == unsectioned_row)
        return t->n_sections == 0;
    for (size_t i = 0; i < t->n_sections; i++)
        if (strcmp(t->sections[i], row) == 0)
            return true;
    return false;
}

static int section_order(const void *a, const void *b)
{
    return section_compare(*(const char *const *)a, *(const char *const *)b);
}

static bool has_row(const char **rows, size_t n, const char *section)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(rows[k], section) == 0)
            return true;
    return false;
}

/* The rows of the matrix; NULL when out of memory. */
static const char **collect_rows(const run_report *runs, size_t n_runs, size_t *n_rows)
{
    size_t room = 2, n = 0;
    bool unsectioned = false;
    for (size_t i = 0; i < n_runs; i++)
        for (size_t k = 0; k < runs[i].n_results; k++)
            room += runs[i].results[k].n_sections;
    const char **rows = calloc(room, sizeof *rows);
    if (rows == NULL)
        return NULL;
    for (size_t i = 0; i < n_runs; i++) {
        for (size_t k = 0; k < runs[i].n_results; k++) {
            const test_result *t = &runs[i].results[k];
            unsectioned |= !t->canary && t->n_sections == 0;
            for (size_t s = 0; !t->canary && s < t->n_sections; s++)
                if (!has_row(rows, n, t->sections[s]))
                    rows[n++] = t->sections[s];
        }
    }
    qsort(rows, n, sizeof *rows, section_order);
    if (unsectioned)
        rows[n++] = unsectioned_row;
    rows[n++] = all_row;
    *n_rows = n;
    return rows;
}

/* ---- run summaries ------------------------------------------------------ */

static const char *ellipsis_past(const char *s, size_t shown)
{
    return s != NULL && strlen(s) > shown ? "\xE2\x80\xA6" : ""; /* U+2026 */
}

static void write_run(FILE *fp, const run_report *r)
{
    xml_printf(fp, "<table class=\"run\"><tr><th colspan=\"2\">%s</th></tr>\n"
                   "<tr><th>implementation</th><td>%s</td></tr>\n"
                   "<tr><th>command</th><td>%s</td></tr>\n<tr><th>harness</th><td><code>",
               r->name, r->implementation, r->command);
    for (size_t i = 0; r->harness_argv != NULL && r->harness_argv[i] != NULL; i++)
        xml_printf(fp, "%s%s", i > 0 ? " " : "", r->harness_argv[i]);
    xml_printf(fp, "%s</code></td></tr>\n"
                   "<tr><th>runner (judge)</th><td>pssst-c %s (%s)</td></tr>\n"
                   "<tr><th>vector set</th><td><code title=\"%s\">%.*s%s</code></td></tr>\n"
                   "<tr><th>verdicts</th><td>",
               r->harness_argv == NULL ? "the library, in-process" : "", r->runner_version,
               r->runner_backend, r->vector_digest, 16, r->vector_digest,
               ellipsis_past(r->vector_digest, 16));
    for (int v = 0; v < VERDICT_COUNT; v++)
        xml_printf(fp, "%s%zu %s", v > 0 ? ", " : "", r->counts[v], verdict_name((verdict)v));
    xml_printf(fp, "</td></tr>\n<tr><th>expectations</th><td>%zu known failures, %zu "
                   "unexpected passes, %zu changed</td></tr>\n"
                   "<tr><th>canaries</th><td>%zu failed, %zu passed, %zu not run</td></tr>\n"
                   "<tr><th>interruptions</th><td>%zu harness restarts, %zu timeouts, "
                   "%zu tests not run</td></tr>\n"
                   "<tr><th>run</th><td>%.2f seconds, exit code %d</td></tr></table>\n",
               r->known, r->unexpected_pass, r->changed,
               r->canaries - r->canaries_passed - r->canaries_not_run, r->canaries_passed,
               r->canaries_not_run, r->restarts, r->timeouts, r->not_run, r->seconds,
               r->exit_code);
}

/* ---- the matrix --------------------------------------------------------- */

static void write_row_name(FILE *fp, const char *row)
{
    if (row == all_row)
        fputs("all tests", fp);
    else if (row == unsectioned_row)
        fputs("citing no section", fp);
    else
        xml_printf(fp, "%s %s", row, spec_section_title(row));
}

typedef struct {
    size_t total, pass;
    size_t per_verdict[VERDICT_COUNT];
    bool failing; /* a test in it fails the run */
    verdict worst;
} cell_counts;

static cell_counts count_cell(const run_report *r, const char *row)
{
    cell_counts c;
    memset(&c, 0, sizeof c);
    c.worst = VERDICT_PASS;
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (t->canary || !in_row(t, row))
            continue;
        c.total++;
        c.pass += t->verdict == VERDICT_PASS;
        c.per_verdict[t->verdict]++;
        c.failing |= result_fails(r, t);
        if (severity(t->verdict) > severity(c.worst))
            c.worst = t->verdict;
    }
    return c;
}

/* passed/total; when not all passed, a link to the failure groups and the
 * other verdicts counted. */
static void write_cell(FILE *fp, const run_report *r, size_t run, size_t row_index, const char *row)
{
    cell_counts c = count_cell(r, row);
    const char *cls = c.total == 0 ? "none" : c.failing ? "bad" : c.pass < c.total ? "warn" : "ok";
    xml_printf(fp, "<td class=\"cell %s v-%s\" data-port=\"%zu\" data-section=\"%s\" "
                   "data-pass=\"%zu\" data-total=\"%zu\" data-worst=\"%s\">",
               cls, verdict_name(c.worst), run, row, c.pass, c.total, verdict_name(c.worst));
    if (c.total == 0) {
        fputs("&ndash;</td>", fp);
        return;
    }
    if (c.pass == c.total) {
        xml_printf(fp, "%zu/%zu</td>", c.pass, c.total);
        return;
    }
    if (row == all_row)
        xml_printf(fp, "<a href=\"#f-%zu\">", run);
    else
        xml_printf(fp, "<a href=\"#d-%zu-%zu\">", run, row_index);
    xml_printf(fp, "%zu/%zu</a><div class=\"sub\">", c.pass, c.total);
    const char *separator = "";
    for (int v = VERDICT_COUNT - 1; v > VERDICT_PASS; v--) {
        if (c.per_verdict[v] == 0)
            continue;
        xml_printf(fp, "%s%zu %s", separator, c.per_verdict[v], verdict_name((verdict)v));
        separator = ", ";
    }
    fputs("</div></td>", fp);
}

static void write_matrix(FILE *fp, const page *p)
{
    fputs("<h2>By spec section</h2>\n<p>Passed tests over tests run, per section of "
          "spec/pssst.md (a test counts in every section it cites; canaries are left out). "
          "Green: all passed; yellow: the rest are unsupported, known or not failures by the "
          "run's options; red: a test failed. A cell links to its failure groups.</p>\n"
          "<table id=\"matrix\"><tr><th class=\"section\">spec section</th>", fp);
    for (size_t i = 0; i < p->n_runs; i++)
        xml_printf(fp, "<th class=\"port\" data-port=\"%zu\">%s</th>", i, p->runs[i].name);
    fputs("</tr>\n", fp);
    for (size_t s = 0; s < p->n_rows; s++) {
        xml_printf(fp, "<tr class=\"%s\"><th class=\"section\">",
                   p->rows[s] == all_row ? "all" : "row");
        write_row_name(fp, p->rows[s]);
        fputs("</th>", fp);
        for (size_t i = 0; i < p->n_runs; i++)
            write_cell(fp, &p->runs[i], i, s, p->rows[s]);
        fputs("</tr>\n", fp);
    }
    /* Markup of our own, not text: written as it is. */
    fprintf(fp, "</table>\n<script>%s</script>\n", pass_rate_script);
}

/* ---- failures ----------------------------------------------------------- */

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
    for (size_t s = 0; p->rows[s] != all_row; s++) {
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

static int write_failures(FILE *fp, const page *p, size_t run)
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

static int write_page(FILE *fp, const page *p)
{
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>PSSST conformance</title><style>%s</style></head><body>\n"
                "<h1>PSSST conformance</h1>\n<h2>Runs</h2>\n", style);
    for (size_t i = 0; i < p->n_runs; i++)
        write_run(fp, &p->runs[i]);
    write_matrix(fp, p);
    xml_printf(fp, "<h2>Tests that did not pass</h2>\n<p>Grouped by verdict, bug type (the "
                   "vector's first flag) and the first requirement it checks, the most serious "
                   "first; each group shows one example, with its bytes in the first %d groups. "
                   "The JSON report has every test in full.</p>\n", GROUPS_WITH_BYTES);
    for (size_t i = 0; i < p->n_runs; i++)
        if (write_failures(fp, p, i) != 0)
            return -1;
    fputs("<p class=\"sub\">Written by pssst-conform (conformance/README.md, \"Reports\").</p>\n"
          "</body></html>\n", fp);
    return 0;
}

int report_write_html(const char *path, const run_report *runs, size_t n_runs,
                      conform_error *err)
{
    page p = {runs, n_runs, NULL, 0};
    p.rows = collect_rows(runs, n_runs, &p.n_rows);
    if (p.rows == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        int e = errno;
        free(p.rows);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(e));
    }
    bool out_of_memory = write_page(fp, &p) != 0;
    free(p.rows);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    if (out_of_memory)
        return conform_error_set(err, "%s: out of memory", path);
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
