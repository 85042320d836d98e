/* SPDX-License-Identifier: Apache-2.0 */
#include "html.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Pseudo-section of the last row: every test of the port once. */
static const char all_row[] = "all";

static const char style[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "table.matrix{border-collapse:collapse;margin-bottom:2em}"
    "table.matrix th,table.matrix td{border:1px solid #bbb;padding:4px 10px;text-align:center}"
    "table.matrix th.section{text-align:left}"
    "td.ok{background:#d8f0d8}td.bad{background:#f6d0d0}td.warn{background:#f7ecc8}"
    "td.none{background:#eee;color:#888}tr.all td,tr.all th{font-weight:bold}"
    ".sub{font-size:75%;color:#444}"
    "table.fails{border-collapse:collapse;margin:0 0 1.5em 0;width:100%}"
    "table.fails td,table.fails th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;"
    "text-align:left;font-size:85%}"
    "code{word-break:break-all;font-size:90%}";

/*
 * Adds each port's pass rate under its name, from the cells of the "all"
 * row. The page reads fine without it; a browser test uses it to see that
 * the page was rendered and its script ran.
 */
static const char pass_rate_script[] =
    "document.querySelectorAll('tr.all td.cell').forEach(function(c){"
    "var t=+c.dataset.total,p=+c.dataset.pass;"
    "var h=document.querySelector('th.port[data-port=\"'+c.dataset.port+'\"]');"
    "var d=document.createElement('div');d.className='rate sub';"
    "d.textContent=t?(100*p/t).toFixed(1)+'% passed':'no tests';h.appendChild(d);});";

static bool in_row(const rm_test *t, const char *section)
{
    return section == all_row || rm_cites(t, section);
}

typedef struct {
    size_t total, pass, failing, other;
} cell_counts;

static cell_counts count_cell(const rm_port *p, const char *section)
{
    cell_counts c = {0, 0, 0, 0};
    for (size_t i = 0; i < p->n_tests; i++) {
        const rm_test *t = &p->tests[i];
        if (!in_row(t, section))
            continue;
        c.total++;
        if (t->pass)
            c.pass++;
        else if (rm_verdict_fails(t->verdict) && !t->known)
            c.failing++;
        else
            c.other++;
    }
    return c;
}

/* "2 crash, 1 fail": the verdicts other than pass in a cell, in first-seen order. */
static void verdict_breakdown(FILE *fp, const rm_port *p, const char *section)
{
    const char *seen[16];
    size_t counts[16], n = 0;
    for (size_t i = 0; i < p->n_tests; i++) {
        const rm_test *t = &p->tests[i];
        if (t->pass || !in_row(t, section))
            continue;
        size_t k = 0;
        while (k < n && strcmp(seen[k], t->verdict) != 0)
            k++;
        if (k == n && n == 16)
            continue;
        if (k == n) {
            seen[n] = t->verdict;
            counts[n++] = 0;
        }
        counts[k]++;
    }
    for (size_t k = 0; k < n; k++) {
        fprintf(fp, "%s%zu ", k > 0 ? ", " : "", counts[k]);
        rm_xml_text(fp, seen[k]);
    }
}

static void anchor(FILE *fp, size_t port, const char *section)
{
    fprintf(fp, "d-%zu-", port);
    rm_xml_text(fp, section);
}

static void write_cell(FILE *fp, const rm_port *p, size_t pi, const char *section)
{
    cell_counts c = count_cell(p, section);
    const char *cls = c.total == 0 ? "none" : c.failing > 0 ? "bad" : c.other > 0 ? "warn" : "ok";
    fprintf(fp, "<td class=\"cell %s\" data-port=\"%zu\" data-section=\"", cls, pi);
    rm_xml_text(fp, section);
    fprintf(fp, "\" data-pass=\"%zu\" data-total=\"%zu\">", c.pass, c.total);
    if (c.total == 0) {
        fprintf(fp, "&ndash;</td>");
        return;
    }
    if (c.pass == c.total) {
        fprintf(fp, "%zu/%zu</td>", c.pass, c.total);
        return;
    }
    fprintf(fp, "<a href=\"#");
    anchor(fp, pi, section);
    fprintf(fp, "\">%zu/%zu</a><div class=\"sub\">", c.pass, c.total);
    verdict_breakdown(fp, p, section);
    fprintf(fp, "</div></td>");
}

/* Every section cited by any port, sorted. */
static const char **all_sections(const rm_port *ports, size_t n_ports, size_t *n)
{
    size_t cap = 1;
    for (size_t i = 0; i < n_ports; i++)
        cap += ports[i].n_sections;
    const char **list = calloc(cap, sizeof *list);
    *n = 0;
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < n_ports; i++) {
        for (size_t s = 0; s < ports[i].n_sections; s++) {
            bool seen = false;
            for (size_t k = 0; k < *n && !seen; k++)
                seen = strcmp(list[k], ports[i].sections[s]) == 0;
            if (!seen)
                list[(*n)++] = ports[i].sections[s];
        }
    }
    for (size_t i = 1; i < *n; i++) /* insertion sort: a few dozen sections */
        for (size_t k = i; k > 0 && rm_section_cmp(list[k - 1], list[k]) > 0; k--) {
            const char *tmp = list[k];
            list[k] = list[k - 1];
            list[k - 1] = tmp;
        }
    return list;
}

static void write_failure_row(FILE *fp, const rm_test *t)
{
    fprintf(fp, "<tr class=\"failure\"><td>");
    rm_xml_text(fp, t->tc_id);
    fprintf(fp, "<div class=\"sub\">");
    rm_xml_text(fp, t->file);
    fprintf(fp, "</div></td><td>");
    rm_xml_text(fp, t->verdict);
    if (t->known)
        fprintf(fp, " (known)");
    fprintf(fp, "</td><td>");
    rm_xml_text(fp, t->operation);
    fprintf(fp, "</td><td>");
    rm_xml_text(fp, t->reason);
    if (t->expected != NULL) {
        fprintf(fp, "<div>expected: <code>");
        rm_xml_text(fp, t->expected);
        fprintf(fp, "</code></div>");
    }
    if (t->actual != NULL) {
        fprintf(fp, "<div>actual: <code>");
        rm_xml_text(fp, t->actual);
        fprintf(fp, "</code></div>");
    }
    fprintf(fp, "</td></tr>\n");
}

static void write_details(FILE *fp, const rm_port *p, size_t pi, const char *const *sections,
                          size_t n_sections)
{
    for (size_t s = 0; s <= n_sections; s++) {
        const char *section = s < n_sections ? sections[s] : all_row;
        cell_counts c = count_cell(p, section);
        if (c.pass == c.total)
            continue;
        fprintf(fp, "<section id=\"");
        anchor(fp, pi, section);
        fprintf(fp, "\"><h3>");
        rm_xml_text(fp, p->name);
        fprintf(fp, section == all_row ? " &mdash; all tests" : " &mdash; spec ");
        if (section != all_row)
            rm_xml_text(fp, section);
        fprintf(fp, ": %zu not passed</h3>\n<table class=\"fails\"><tr><th>test</th>"
                    "<th>verdict</th><th>operation</th><th>why</th></tr>\n",
                c.total - c.pass);
        for (size_t i = 0; i < p->n_tests; i++)
            if (!p->tests[i].pass && in_row(&p->tests[i], section))
                write_failure_row(fp, &p->tests[i]);
        fprintf(fp, "</table></section>\n");
    }
}

static void write_page(FILE *fp, const rm_port *ports, size_t n_ports, const char *const *sections,
                       size_t n_sections)
{
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>PSSST conformance matrix</title><style>%s</style></head><body>\n"
                "<h1>PSSST conformance matrix</h1>\n<p>Passed tests over tests run, per "
                "section of spec/pssst.md (a test counts in every section it cites; canary "
                "vectors are left out). A cell links to its tests that did not pass.</p>\n"
                "<table class=\"matrix\" id=\"matrix\"><thead><tr><th class=\"section\">"
                "spec section</th>",
            style);
    for (size_t i = 0; i < n_ports; i++) {
        fprintf(fp, "<th class=\"port\" data-port=\"%zu\">", i);
        rm_xml_text(fp, ports[i].name);
        fprintf(fp, "</th>");
    }
    fprintf(fp, "</tr></thead>\n<tbody>\n");
    for (size_t s = 0; s <= n_sections; s++) {
        const char *section = s < n_sections ? sections[s] : all_row;
        fprintf(fp, "<tr class=\"%s\"><th class=\"section\">", section == all_row ? "all" : "row");
        rm_xml_text(fp, section == all_row ? "all tests" : section);
        fprintf(fp, "</th>");
        for (size_t i = 0; i < n_ports; i++)
            write_cell(fp, &ports[i], i, section);
        fprintf(fp, "</tr>\n");
    }
    fprintf(fp, "</tbody></table>\n<script>%s</script>\n", pass_rate_script);
    for (size_t i = 0; i < n_ports; i++)
        write_details(fp, &ports[i], i, sections, n_sections);
    fprintf(fp, "</body></html>\n");
}

int html_write_matrix(const char *path, const rm_port *ports, size_t n_ports, conform_error *err)
{
    size_t n_sections;
    const char **sections = all_sections(ports, n_ports, &n_sections);
    if (sections == NULL)
        return conform_error_set(err, "out of memory");
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        free(sections);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    }
    write_page(fp, ports, n_ports, sections, n_sections);
    free(sections);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
