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
/* Longest reason and explain command shown; longer ones are cut. */
#define REASON_SHOWN 400
#define EXPLAIN_SHOWN 1200
/* Groups whose example shows its bytes and explain command (the groups
 * come most serious first). Past these, when a port fails in a hundred
 * different ways, the ids and the reason keep the page small. */
#define GROUPS_WITH_BYTES 30

static const char style[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin-bottom:1.5em}"
    "th,td{border:1px solid #bbb;padding:3px 8px}"
    "table.matrix td{text-align:center}th.section,table.runs th{text-align:left}"
    "td.ok{background:#d8f0d8}td.warn{background:#f7ecc8}td.bad{background:#f6d0d0}"
    "td.bad.v-crash,td.bad.v-error,td.bad.v-timeout{background:#eaa8a8}"
    "td.none{background:#eee;color:#888}tr.all td,tr.all th{font-weight:bold}"
    ".sub{font-size:75%;color:#444}"
    "details{border:1px solid #ccc;margin:.3em 0;padding:.2em .5em}"
    "summary{cursor:pointer}code{word-break:break-all;font-size:85%}"
    "ul.index{font-size:85%}";

/*
 * Adds each run's pass rate under its name, from the cells of the "all"
 * row. The page reads fine without it; a browser test uses it to see that
 * the page was rendered and its script ran.
 */
static const char pass_rate_script[] =
    "document.querySelectorAll('tr.all td.cell').forEach(function(c){"
    "var t=+c.dataset.total,p=+c.dataset.pass;"
    "var h=document.querySelector('th.port[data-port=\"'+c.dataset.port+'\"]');"
    "var d=document.createElement('div');d.className='rate sub';"
    "d.textContent=t?(100*p/t).toFixed(1)+'% passed':'no tests';h.appendChild(d);});";

/* ---- what is shown --------------------------------------------------- */

/* Why a test is in the failure list besides its verdict. */
typedef enum {
    NOTE_NONE,
    NOTE_KNOWN,           /* listed in the expectations with this verdict */
    NOTE_UNEXPECTED_PASS, /* passed, but listed as failing */
    NOTE_CANARY_PASSED    /* a canary passed: the runner is wrong */
} failure_note;

/* Tests that did not pass alike: one verdict, note, first flag and first
 * requirement. */
typedef struct {
    verdict verdict;
    failure_note note;
    const char *flag, *requirement; /* NULL when the test has none */
    size_t example;                 /* index of the first member */
    size_t count;
    bool fails;                     /* its members fail the run */
} failure_group;

typedef struct {
    const run_report *run;
    failure_group *groups;
    size_t n_groups;
    size_t *group_of; /* per result: its group, or SIZE_MAX when it passed */
} run_failures;

typedef struct {
    const char **sections; /* every section cited by any run, sorted, then the pseudo rows */
    size_t n_sections;     /* spec sections, then unsectioned (when used), then all */
    run_failures *runs;
    size_t n_runs;
} page;

static bool listed_as_failure(const test_result *t)
{
    if (t->canary)
        return t->verdict == VERDICT_PASS;
    return t->verdict != VERDICT_PASS || t->outcome == EXPECT_UNEXPECTED_PASS;
}

static failure_note note_of(const test_result *t)
{
    if (t->canary)
        return NOTE_CANARY_PASSED;
    if (t->outcome == EXPECT_UNEXPECTED_PASS)
        return NOTE_UNEXPECTED_PASS;
    return t->outcome == EXPECT_KNOWN ? NOTE_KNOWN : NOTE_NONE;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static size_t find_group(const run_failures *f, const test_result *t)
{
    const char *flag = t->n_flags > 0 ? t->flags[0] : NULL;
    const char *req = t->n_requirements > 0 ? t->requirements[0] : NULL;
    for (size_t g = 0; g < f->n_groups; g++) {
        const failure_group *x = &f->groups[g];
        if (x->verdict == t->verdict && x->note == note_of(t) && same_text(x->flag, flag)
            && same_text(x->requirement, req))
            return g;
    }
    return SIZE_MAX;
}

/* Severity for ordering and cell colours: the worst verdict shows. */
static int severity(verdict v)
{
    static const int rank[VERDICT_COUNT] = {0, 3, 2, 1, 5, 4, 6};
    return (unsigned)v < VERDICT_COUNT ? rank[v] : 0;
}

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

static int group_results(run_failures *f)
{
    const run_report *r = f->run;
    f->groups = calloc(r->n_results + 1, sizeof *f->groups);
    f->group_of = calloc(r->n_results + 1, sizeof *f->group_of);
    if (f->groups == NULL || f->group_of == NULL)
        return -1;
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (!listed_as_failure(t))
            continue;
        if (find_group(f, t) == SIZE_MAX) {
            failure_group *g = &f->groups[f->n_groups++];
            g->verdict = t->verdict;
            g->note = note_of(t);
            g->flag = t->n_flags > 0 ? t->flags[0] : NULL;
            g->requirement = t->n_requirements > 0 ? t->requirements[0] : NULL;
            g->example = i;
            g->fails = result_fails(r, t) || g->note == NOTE_UNEXPECTED_PASS
                       || g->note == NOTE_CANARY_PASSED;
        }
        f->groups[find_group(f, t)].count++;
    }
    qsort(f->groups, f->n_groups, sizeof *f->groups, group_order);
    for (size_t i = 0; i < r->n_results; i++)
        f->group_of[i] = listed_as_failure(&r->results[i]) ? find_group(f, &r->results[i])
                                                           : SIZE_MAX;
    return 0;
}

static bool cites_exactly(const test_result *t, const char *section)
{
    if (section == all_row)
        return true;
    if (section == unsectioned_row)
        return t->n_sections == 0;
    for (size_t i = 0; i < t->n_sections; i++)
        if (strcmp(t->sections[i], section) == 0)
            return true;
    return false;
}

static int section_order(const void *a, const void *b)
{
    return section_compare(*(const char *const *)a, *(const char *const *)b);
}

static bool known_section(const page *p, const char *s)
{
    for (size_t k = 0; k < p->n_sections; k++)
        if (strcmp(p->sections[k], s) == 0)
            return true;
    return false;
}

static int collect_sections(page *p)
{
    size_t cap = 2;
    bool unsectioned = false;
    for (size_t i = 0; i < p->n_runs; i++)
        for (size_t k = 0; k < p->runs[i].run->n_results; k++)
            cap += p->runs[i].run->results[k].n_sections;
    p->sections = calloc(cap, sizeof *p->sections);
    if (p->sections == NULL)
        return -1;
    for (size_t i = 0; i < p->n_runs; i++) {
        const run_report *r = p->runs[i].run;
        for (size_t k = 0; k < r->n_results; k++) {
            const test_result *t = &r->results[k];
            unsectioned |= !t->canary && t->n_sections == 0;
            for (size_t s = 0; !t->canary && s < t->n_sections; s++)
                if (!known_section(p, t->sections[s]))
                    p->sections[p->n_sections++] = t->sections[s];
        }
    }
    qsort(p->sections, p->n_sections, sizeof *p->sections, section_order);
    if (unsectioned)
        p->sections[p->n_sections++] = unsectioned_row;
    p->sections[p->n_sections++] = all_row;
    return 0;
}

static void page_free(page *p)
{
    for (size_t i = 0; p->runs != NULL && i < p->n_runs; i++) {
        free(p->runs[i].groups);
        free(p->runs[i].group_of);
    }
    free(p->runs);
    free(p->sections);
}

static int page_build(page *p, const run_report *runs, size_t n_runs)
{
    memset(p, 0, sizeof *p);
    p->runs = calloc(n_runs + 1, sizeof *p->runs);
    if (p->runs == NULL)
        return -1;
    p->n_runs = n_runs;
    for (size_t i = 0; i < n_runs; i++) {
        p->runs[i].run = &runs[i];
        if (group_results(&p->runs[i]) != 0)
            return -1;
    }
    return collect_sections(p);
}

/* ---- writing ---------------------------------------------------------- */

static void write_section_name(FILE *fp, const char *section)
{
    if (section == all_row) {
        fputs("all tests", fp);
        return;
    }
    if (section == unsectioned_row) {
        fputs("citing no section", fp);
        return;
    }
    const char *title = spec_section_title(section);
    xml_write_text(fp, section);
    if (title != NULL) {
        fputc(' ', fp);
        xml_write_text(fp, title);
    }
}

static void write_cut(FILE *fp, const char *s, size_t limit, const char *what)
{
    size_t len = strlen(s);
    xml_write_text_n(fp, s, len < limit ? len : limit);
    if (len > limit)
        fprintf(fp, "&hellip; <span class=\"sub\">(%zu characters; the whole %s is in the JSON "
                    "report)</span>", len, what);
}

/* ---- run summaries ---------------------------------------------------- */

static void write_harness(FILE *fp, const run_report *r)
{
    if (r->harness_argv == NULL) {
        fputs("the library, in-process", fp);
        return;
    }
    fputs("<code>", fp);
    for (size_t i = 0; r->harness_argv[i] != NULL; i++) {
        if (i > 0)
            fputc(' ', fp);
        xml_write_text(fp, r->harness_argv[i]);
    }
    fputs("</code>", fp);
}

static void write_runner(FILE *fp, const run_report *r)
{
    fputs("pssst-c ", fp);
    xml_write_text(fp, r->runner_version != NULL ? r->runner_version : "?");
    fputs(" (", fp);
    xml_write_text(fp, r->runner_backend != NULL ? r->runner_backend : "?");
    fputc(')', fp);
}

static void write_digest(FILE *fp, const run_report *r)
{
    if (r->vector_digest == NULL) {
        fputs("&ndash;", fp);
        return;
    }
    fputs("<code title=\"", fp);
    xml_write_text(fp, r->vector_digest);
    fputs("\">", fp);
    xml_write_text_n(fp, r->vector_digest, strnlen(r->vector_digest, 16));
    fputs("</code>", fp);
}

typedef enum {
    FIELD_IMPLEMENTATION, FIELD_COMMAND, FIELD_HARNESS, FIELD_RUNNER, FIELD_VECTORS,
    FIELD_VERDICTS, /* then one row per verdict */
    FIELD_KNOWN = FIELD_VERDICTS + VERDICT_COUNT, FIELD_UNEXPECTED, FIELD_CHANGED,
    FIELD_CANARIES, FIELD_RESTARTS, FIELD_TIMEOUTS, FIELD_NOT_RUN, FIELD_SECONDS, FIELD_EXIT,
    FIELD_COUNT
} summary_field;

static const char *field_label(summary_field f)
{
    static const char *const labels[FIELD_COUNT] = {
        [FIELD_IMPLEMENTATION] = "implementation", [FIELD_COMMAND] = "command",
        [FIELD_HARNESS] = "harness", [FIELD_RUNNER] = "runner (judge)",
        [FIELD_VECTORS] = "vector set SHA-256", [FIELD_KNOWN] = "known failures",
        [FIELD_UNEXPECTED] = "unexpected passes", [FIELD_CHANGED] = "changed failures",
        [FIELD_CANARIES] = "canaries failed / passed / not run",
        [FIELD_RESTARTS] = "harness restarts", [FIELD_TIMEOUTS] = "timeouts",
        [FIELD_NOT_RUN] = "not run", [FIELD_SECONDS] = "seconds", [FIELD_EXIT] = "exit code",
    };
    if (f >= FIELD_VERDICTS && f < FIELD_KNOWN)
        return verdict_name((verdict)(f - FIELD_VERDICTS));
    return labels[f];
}

static void write_field(FILE *fp, const run_report *r, summary_field f)
{
    if (f >= FIELD_VERDICTS && f < FIELD_KNOWN) {
        fprintf(fp, "%zu", r->counts[f - FIELD_VERDICTS]);
        return;
    }
    size_t failed_canaries = r->canaries - r->canaries_passed - r->canaries_not_run;
    switch (f) {
    case FIELD_IMPLEMENTATION: xml_write_text(fp, r->implementation); break;
    case FIELD_COMMAND: xml_write_text(fp, r->command); break;
    case FIELD_HARNESS: write_harness(fp, r); break;
    case FIELD_RUNNER: write_runner(fp, r); break;
    case FIELD_VECTORS: write_digest(fp, r); break;
    case FIELD_KNOWN: fprintf(fp, "%zu", r->known); break;
    case FIELD_UNEXPECTED: fprintf(fp, "%zu", r->unexpected_pass); break;
    case FIELD_CHANGED: fprintf(fp, "%zu", r->changed); break;
    case FIELD_CANARIES:
        fprintf(fp, "%zu / %zu / %zu", failed_canaries, r->canaries_passed, r->canaries_not_run);
        break;
    case FIELD_RESTARTS: fprintf(fp, "%zu", r->restarts); break;
    case FIELD_TIMEOUTS: fprintf(fp, "%zu", r->timeouts); break;
    case FIELD_NOT_RUN: fprintf(fp, "%zu", r->not_run); break;
    case FIELD_SECONDS: fprintf(fp, "%.2f", r->seconds); break;
    case FIELD_EXIT: fprintf(fp, "%d", r->exit_code); break;
    default: break;
    }
}

static void write_summaries(FILE *fp, const page *p)
{
    fputs("<h2>Runs</h2>\n<table class=\"runs\"><tr><th>run</th>", fp);
    for (size_t i = 0; i < p->n_runs; i++) {
        fputs("<th>", fp);
        xml_write_text(fp, p->runs[i].run->name);
        fputs("</th>", fp);
    }
    fputs("</tr>\n", fp);
    for (int f = 0; f < FIELD_COUNT; f++) {
        fprintf(fp, "<tr><th>%s</th>", field_label((summary_field)f));
        for (size_t i = 0; i < p->n_runs; i++) {
            fputs("<td>", fp);
            write_field(fp, p->runs[i].run, (summary_field)f);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

/* ---- the matrix ------------------------------------------------------- */

typedef struct {
    size_t total, pass;
    size_t per_verdict[VERDICT_COUNT];
    bool failing;   /* a test in it fails the run */
    verdict worst;
} cell_counts;

static cell_counts count_cell(const run_report *r, const char *section)
{
    cell_counts c;
    memset(&c, 0, sizeof c);
    c.worst = VERDICT_PASS;
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (t->canary || !cites_exactly(t, section))
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

static void write_cell(FILE *fp, const run_report *r, size_t run, size_t row, const char *section)
{
    cell_counts c = count_cell(r, section);
    const char *cls = c.total == 0 ? "none" : c.failing ? "bad" : c.pass < c.total ? "warn" : "ok";
    fprintf(fp, "<td class=\"cell %s v-%s\" data-port=\"%zu\" data-section=\"", cls,
            verdict_name(c.worst), run);
    xml_write_text(fp, section);
    fprintf(fp, "\" data-pass=\"%zu\" data-total=\"%zu\" data-worst=\"%s\">", c.pass, c.total,
            verdict_name(c.worst));
    if (c.total == 0) {
        fputs("&ndash;</td>", fp);
        return;
    }
    if (c.pass == c.total) {
        fprintf(fp, "%zu/%zu</td>", c.pass, c.total);
        return;
    }
    if (section == all_row)
        fprintf(fp, "<a href=\"#f-%zu\">", run);
    else
        fprintf(fp, "<a href=\"#d-%zu-%zu\">", run, row);
    fprintf(fp, "%zu/%zu</a><div class=\"sub\">", c.pass, c.total);
    const char *sep = "";
    for (int v = VERDICT_COUNT - 1; v > VERDICT_PASS; v--) {
        if (c.per_verdict[v] == 0)
            continue;
        fprintf(fp, "%s%zu %s", sep, c.per_verdict[v], verdict_name((verdict)v));
        sep = ", ";
    }
    fputs("</div></td>", fp);
}

static void write_matrix(FILE *fp, const page *p)
{
    fputs("<h2>By spec section</h2>\n<p>Passed tests over tests run, per section of "
          "spec/pssst.md (a test counts in every section it cites; canaries are left out). "
          "Green: all passed; yellow: the rest are unsupported, known or not failures by the "
          "run's options; red: a test failed. A cell links to its failure groups.</p>\n"
          "<table class=\"matrix\" id=\"matrix\"><thead><tr><th class=\"section\">spec "
          "section</th>", fp);
    for (size_t i = 0; i < p->n_runs; i++) {
        fprintf(fp, "<th class=\"port\" data-port=\"%zu\">", i);
        xml_write_text(fp, p->runs[i].run->name);
        fputs("</th>", fp);
    }
    fputs("</tr></thead>\n<tbody>\n", fp);
    for (size_t s = 0; s < p->n_sections; s++) {
        const char *section = p->sections[s];
        fprintf(fp, "<tr class=\"%s\"><th class=\"section\">", section == all_row ? "all" : "row");
        write_section_name(fp, section);
        fputs("</th>", fp);
        for (size_t i = 0; i < p->n_runs; i++)
            write_cell(fp, p->runs[i].run, i, s, section);
        fputs("</tr>\n", fp);
    }
    fprintf(fp, "</tbody></table>\n<script>%s</script>\n", pass_rate_script);
}

/* ---- failures ---------------------------------------------------------- */

static size_t first_difference(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] != '\0' && a[i] == b[i])
        i++;
    return i;
}

/* value, or a window of it around the first difference from other. */
static void write_value(FILE *fp, const char *label, const char *value, const char *other)
{
    if (value == NULL)
        return;
    size_t len = strlen(value);
    size_t diff = other != NULL ? first_difference(value, other) : 0;
    size_t start = 0, end = len;
    if (len > HEX_WINDOW) {
        /* Start on a byte boundary a little before the difference. */
        start = diff > HEX_LEAD ? (diff - HEX_LEAD) & ~(size_t)1 : 0;
        if (start > len - HEX_WINDOW)
            start = (len - HEX_WINDOW) & ~(size_t)1;
        end = start + HEX_WINDOW < len ? start + HEX_WINDOW : len;
    }
    fputs("<div>", fp);
    fputs(label, fp);
    if (len > HEX_WINDOW)
        fprintf(fp, " (%zu digits, from %zu)", len, start + 1);
    fprintf(fp, ": <code>%s", start > 0 ? "&hellip;" : "");
    xml_write_text_n(fp, value + start, end - start);
    fprintf(fp, "%s</code></div>\n", end < len ? "&hellip;" : "");
}

static const char *note_text(failure_note n)
{
    switch (n) {
    case NOTE_KNOWN: return " (known)";
    case NOTE_UNEXPECTED_PASS: return " (unexpected pass: listed as failing)";
    case NOTE_CANARY_PASSED: return " (a canary passed: the runner is wrong)";
    default: return "";
    }
}

static void write_group_summary(FILE *fp, const failure_group *g)
{
    fprintf(fp, "<summary><b>%s</b>%s", verdict_name(g->verdict), note_text(g->note));
    if (g->flag != NULL) {
        fputs(" &middot; <code>", fp);
        xml_write_text(fp, g->flag);
        fputs("</code>", fp);
    }
    fprintf(fp, " &middot; %zu test%s", g->count, g->count == 1 ? "" : "s");
    if (g->requirement != NULL) {
        fputs(" &middot; <i>", fp);
        write_cut(fp, g->requirement, REASON_SHOWN, "requirement");
        fputs("</i>", fp);
    }
    fputs("</summary>\n", fp);
}

static void write_example(FILE *fp, const test_result *t, bool with_bytes)
{
    fputs("<div>example <b>", fp);
    xml_write_text(fp, t->tc_id);
    fputs("</b> <span class=\"sub\">", fp);
    xml_write_text(fp, t->file);
    if (t->operation != NULL) {
        fputs(", ", fp);
        xml_write_text(fp, t->operation);
    }
    fputs("</span>: ", fp);
    write_cut(fp, t->reason != NULL ? t->reason : verdict_name(t->verdict), REASON_SHOWN,
              "reason");
    fputs("</div>\n", fp);
    if (!with_bytes)
        return;
    write_value(fp, "expected", t->expected, t->actual);
    write_value(fp, "actual", t->actual, t->expected);
    if (t->explain != NULL) {
        fputs("<div>explain: <code>", fp);
        write_cut(fp, t->explain, EXPLAIN_SHOWN, "command");
        fputs("</code></div>\n", fp);
    }
}

static void write_group(FILE *fp, const run_failures *f, size_t run, size_t g)
{
    const run_report *r = f->run;
    const failure_group *grp = &f->groups[g];
    fprintf(fp, "<details id=\"g-%zu-%zu\"%s>", run, g, grp->fails ? " class=\"fails\"" : "");
    write_group_summary(fp, grp);
    fputs("<div>tests: ", fp);
    const char *sep = "";
    for (size_t i = 0; i < r->n_results; i++) {
        if (f->group_of[i] != g)
            continue;
        fputs(sep, fp);
        xml_write_text(fp, r->results[i].tc_id);
        sep = ", ";
    }
    fputs("</div>\n", fp);
    write_example(fp, &r->results[grp->example], g < GROUPS_WITH_BYTES);
    fputs("</details>\n", fp);
}

/* Per section: links to the groups holding its tests that did not pass. */
static void write_section_index(FILE *fp, const page *p, size_t run)
{
    const run_failures *f = &p->runs[run];
    fputs("<ul class=\"index\">\n", fp);
    for (size_t s = 0; s + 1 < p->n_sections; s++) {
        cell_counts c = count_cell(f->run, p->sections[s]);
        if (c.pass == c.total)
            continue;
        fprintf(fp, "<li id=\"d-%zu-%zu\">", run, s);
        write_section_name(fp, p->sections[s]);
        fprintf(fp, ": %zu of %zu not passed, in", c.total - c.pass, c.total);
        for (size_t g = 0; g < f->n_groups; g++) {
            bool in = false;
            for (size_t i = 0; i < f->run->n_results && !in; i++)
                in = f->group_of[i] == g && cites_exactly(&f->run->results[i], p->sections[s]);
            if (in)
                fprintf(fp, " <a href=\"#g-%zu-%zu\">#%zu</a>", run, g, g + 1);
        }
        fputs("</li>\n", fp);
    }
    fputs("</ul>\n", fp);
}

static void write_failures(FILE *fp, const page *p)
{
    fprintf(fp, "<h2>Tests that did not pass</h2>\n<p>Grouped by verdict, bug type (the vector's "
          "first flag) and the first requirement it checks, the most serious first; each "
          "group shows one example, with its bytes in the first %d groups. The JSON report "
          "has every test in full.</p>\n", GROUPS_WITH_BYTES);
    for (size_t i = 0; i < p->n_runs; i++) {
        const run_failures *f = &p->runs[i];
        size_t listed = 0;
        for (size_t g = 0; g < f->n_groups; g++)
            listed += f->groups[g].count;
        fprintf(fp, "<section id=\"f-%zu\"><h3>", i);
        xml_write_text(fp, f->run->name);
        fprintf(fp, ": %zu test%s in %zu group%s</h3>\n", listed, listed == 1 ? "" : "s",
                f->n_groups, f->n_groups == 1 ? "" : "s");
        write_section_index(fp, p, i);
        for (size_t g = 0; g < f->n_groups; g++)
            write_group(fp, f, i, g);
        fputs("</section>\n", fp);
    }
}

static void write_page(FILE *fp, const page *p)
{
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>PSSST conformance</title><style>%s</style></head><body>\n"
                "<h1>PSSST conformance</h1>\n", style);
    write_summaries(fp, p);
    write_matrix(fp, p);
    write_failures(fp, p);
    fputs("<p class=\"sub\">Written by pssst-conform (conformance/README.md, \"Reports\").</p>\n"
          "</body></html>\n", fp);
}

int report_write_html(const char *path, const run_report *runs, size_t n_runs,
                      conform_error *err)
{
    page p;
    if (page_build(&p, runs, n_runs) != 0) {
        page_free(&p);
        return conform_error_set(err, "%s: out of memory", path);
    }
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        int e = errno;
        page_free(&p);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(e));
    }
    write_page(fp, &p);
    page_free(&p);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
