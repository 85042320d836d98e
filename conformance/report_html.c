/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_html.c - one static page for one or more runs (`port --html`,
 * `matrix`): a summary of each run, a matrix of spec sections (with their
 * titles) by runs, then the tests that did not pass
 * (report_html_failures.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "report_html.h"
#include "spec_sections.h"

/* Row names that are no spec section: tests citing none, and every test. */
static const char unsectioned_row[] = "unsectioned";
static const char all_row[] = "all";

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

/* ---- rows --------------------------------------------------------------- */

bool in_row(const test_result *t, const char *row)
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

void write_row_name(FILE *fp, const char *row)
{
    if (row == all_row)
        fputs("all tests", fp);
    else if (row == unsectioned_row)
        fputs("citing no section", fp);
    else
        xml_printf(fp, "%s %s", row, spec_section_title(row));
}

cell_counts count_cell(const run_report *r, const char *row)
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

static int write_page(FILE *fp, const page *p)
{
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>PSSST conformance</title><style>%s</style></head><body>\n"
                "<h1>PSSST conformance</h1>\n<h2>Runs</h2>\n", style);
    for (size_t i = 0; i < p->n_runs; i++)
        write_run(fp, &p->runs[i]);
    write_matrix(fp, p);
    if (write_failures(fp, p) != 0)
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
