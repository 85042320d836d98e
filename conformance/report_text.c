/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_text.c - what a person reads at the end of a run: the tests that
 * did not pass grouped by what they have in common (verdict, bug type,
 * requirement), each group with its MUST sentence, one example with its
 * comment, expected and actual values and a ready `explain` command; then
 * the canaries, diagnosed by what a passing one means; then the counts.
 */
#include <stdlib.h>
#include <string.h>

#include "result.h"

/* Ids listed per group without --verbose. */
#define IDS_SHOWN 6
/* Characters of a symptom printed; a harness's reason may be long. */
#define SYMPTOM_SHOWN 160

/* The word a result is listed under; NULL for a plain pass. */
static const char *label_of(const test_result *t)
{
    static const char *const upper[VERDICT_COUNT] = {
        "PASS", "FAIL", "WRONG-ERROR", "UNSUPPORTED", "CRASH", "TIMEOUT", "ERROR",
    };
    if (t->outcome == EXPECT_UNEXPECTED_PASS)
        return "UNEXPECTED-PASS";
    if (t->outcome == EXPECT_KNOWN)
        return "KNOWN";
    return t->verdict == VERDICT_PASS ? NULL : upper[t->verdict];
}

static const char *first_or_empty(char *const *list, size_t n)
{
    return n > 0 ? list[0] : "";
}

/* What a group of failures has in common: label, bug type, requirement. */
static int group_compare(const test_result *a, const test_result *b)
{
    int c = strcmp(label_of(a), label_of(b));
    if (c == 0)
        c = strcmp(first_or_empty(a->flags, a->n_flags), first_or_empty(b->flags, b->n_flags));
    if (c == 0)
        c = strcmp(first_or_empty(a->requirements, a->n_requirements),
                   first_or_empty(b->requirements, b->n_requirements));
    /* Harness trouble with the same flags still differs by where it happened. */
    if (c == 0 && a->verdict == VERDICT_UNSUPPORTED)
        c = strcmp(a->reason != NULL ? a->reason : "", b->reason != NULL ? b->reason : "");
    return c;
}

static int compare_ptr(const void *x, const void *y)
{
    const test_result *a = *(const test_result *const *)x, *b = *(const test_result *const *)y;
    int c = group_compare(a, b);
    return c != 0 ? c : (a < b ? -1 : a > b);
}

static void print_where(const test_result *t, FILE *out)
{
    fprintf(out, "%s (%s testGroups[%zu].tests[%zu]; %s, %s%s%s)", t->tc_id, t->file, t->group,
            t->index, t->role, t->result, t->stage != NULL ? ", stage " : "",
            t->stage != NULL ? t->stage : "");
}

/* One test in full: where, reason, comment, values, explain. */
static void print_example(const test_result *t, const char *indent, FILE *out)
{
    fprintf(out, "%s", indent);
    print_where(t, out);
    fprintf(out, "\n%s  %s\n", indent, t->reason != NULL ? t->reason : "passed");
    if (t->outcome == EXPECT_KNOWN || t->outcome == EXPECT_CHANGED)
        fprintf(out, "%s  listed in the expectations as %s\n", indent, verdict_name(t->listed));
    if (t->comment != NULL && t->comment[0] != '\0')
        fprintf(out, "%s  comment:  %s\n", indent, t->comment);
    if (t->expected != NULL)
        fprintf(out, "%s  expected: %s\n", indent, t->expected);
    if (t->actual != NULL)
        fprintf(out, "%s  actual:   %s\n", indent, t->actual);
    if (t->explain != NULL)
        fprintf(out, "%s  explain:  %s\n", indent, t->explain);
}

static void print_group(const test_result *const *g, size_t n, bool verbose, FILE *out)
{
    const test_result *t = g[0];
    fprintf(out, "\n%s: %zu test%s", label_of(t), n, n == 1 ? "" : "s");
    if (t->n_flags > 0)
        fprintf(out, ", bug type %s", t->flags[0]);
    fprintf(out, ", spec");
    for (size_t i = 0; i < t->n_sections; i++)
        fprintf(out, " %s", t->sections[i]);
    fputc('\n', out);
    if (t->n_requirements == 1)
        fprintf(out, "  MUST: %s\n", t->requirements[0]);
    else if (t->n_requirements > 1)
        fprintf(out, "  MUST (first of the %zu the test checks): %s\n", t->n_requirements,
                t->requirements[0]);
    if (verbose) {
        for (size_t i = 0; i < n; i++)
            print_example(g[i], "  ", out);
        return;
    }
    fprintf(out, "  for example ");
    print_example(t, "", out);
    if (n == 1)
        return;
    fprintf(out, "  tests:");
    for (size_t i = 0; i < n && i < IDS_SHOWN; i++)
        fprintf(out, " %s", g[i]->tc_id);
    if (n > IDS_SHOWN)
        fprintf(out, " and %zu more (--verbose lists every test)", n - IDS_SHOWN);
    fputc('\n', out);
}

/* A run of equal entries in a sorted list; listed largest first. */
typedef struct {
    size_t start, n;
} group_span;

static int span_compare(const void *x, const void *y)
{
    const group_span *a = x, *b = y;
    return a->n != b->n ? (a->n < b->n ? 1 : -1) : (a->start > b->start) - (a->start < b->start);
}

/* Length of a reason without its particulars: "pack_reply output differs from replyPacket". */
static size_t symptom_length(const char *reason)
{
    const char *cut = strstr(reason, " (");
    return cut != NULL ? (size_t)(cut - reason) : strlen(reason);
}

static int symptom_compare(const test_result *a, const test_result *b)
{
    const char *x = a->reason != NULL ? a->reason : "", *y = b->reason != NULL ? b->reason : "";
    size_t n = symptom_length(x), m = symptom_length(y);
    int c = strncmp(x, y, n < m ? n : m);
    return c != 0 ? c : (n > m) - (n < m);
}

static int symptom_compare_ptr(const void *x, const void *y)
{
    return symptom_compare(*(const test_result *const *)x, *(const test_result *const *)y);
}

/*
 * Sorts list with order and cuts it into runs that same() holds equal,
 * largest first; the caller frees the result. NULL when out of memory.
 */
static group_span *runs_of(const test_result **list, size_t n,
                           int (*order)(const void *, const void *),
                           int (*same)(const test_result *, const test_result *),
                           size_t *n_spans)
{
    group_span *spans = malloc((n + 1) * sizeof *spans);
    *n_spans = 0;
    if (spans == NULL)
        return NULL;
    qsort(list, n, sizeof *list, order);
    for (size_t start = 0, end; start < n; start = end) {
        for (end = start + 1; end < n && same(list[start], list[end]) == 0; end++)
            ;
        spans[(*n_spans)++] = (group_span){start, end - start};
    }
    qsort(spans, *n_spans, sizeof *spans, span_compare);
    return spans;
}

/* One line per symptom with its count: a systematic bug shows as one big line. */
static void print_symptoms(const test_result **list, size_t n, FILE *out)
{
    size_t n_spans;
    group_span *spans = runs_of(list, n, symptom_compare_ptr, symptom_compare, &n_spans);
    fprintf(out, "\nwhat went wrong, by symptom:\n");
    for (size_t i = 0; spans != NULL && i < n_spans; i++) {
        const test_result *t = list[spans[i].start];
        const char *reason = t->reason != NULL ? t->reason : "";
        size_t len = symptom_length(reason);
        fprintf(out, "  %5zu  %s: %.*s%s\n", spans[i].n, label_of(t),
                (int)(len < SYMPTOM_SHOWN ? len : SYMPTOM_SHOWN), reason,
                len > SYMPTOM_SHOWN ? "..." : "");
    }
    free(spans);
}

static void print_groups(const test_result **list, size_t n, bool verbose, FILE *out)
{
    size_t n_spans;
    group_span *spans = runs_of(list, n, compare_ptr, group_compare, &n_spans);
    for (size_t i = 0; spans != NULL && i < n_spans; i++)
        print_group(list + spans[i].start, spans[i].n, verbose, out);
    free(spans);
}

/* The tests that did not pass, canaries left out: by symptom, then grouped. */
static void print_failures(const run_report *r, bool verbose, FILE *out)
{
    const test_result **list = malloc((r->n_results + 1) * sizeof *list);
    size_t n = 0;
    if (list == NULL)
        return;
    for (size_t i = 0; i < r->n_results; i++)
        if (!r->results[i].canary && label_of(&r->results[i]) != NULL)
            list[n++] = &r->results[i];
    if (n > 0)
        print_symptoms(list, n, out);
    /* What a harness does not offer is a symptom, not a bug to look at. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (verbose || list[i]->verdict != VERDICT_UNSUPPORTED)
            list[kept++] = list[i];
    print_groups(list, kept, verbose, out);
    if (n > 0)
        fputc('\n', out);
    free(list);
}

void report_text_summary(const run_report *r, bool verbose, FILE *out)
{
    print_failures(r, verbose, out);
    fprintf(out, "%zu test runs in %.2f s\n", r->n_results, r->seconds);
    if (r->not_run > 0)
        fprintf(out, "STOPPED after %zu timeouts: %zu tests not run (--max-timeouts)\n",
                r->timeouts, r->not_run);
    if (r->known + r->unexpected_pass + r->changed > 0)
        fprintf(out, "expectations: %zu known, %zu unexpected pass, %zu changed\n", r->known,
                r->unexpected_pass, r->changed);
    if (r->restarts > 0)
        fprintf(out, "harness restarted %zu time%s\n", r->restarts, r->restarts == 1 ? "" : "s");
    if (r->lenient && r->counts[VERDICT_WRONG_ERROR] > 0)
        fprintf(out, "%zu wrong-error: refused at the right stage with an error the test does "
                     "not allow; not failures with --lenient\n",
                r->counts[VERDICT_WRONG_ERROR]);
    report_text_canaries(r, out);
    size_t failed = 0;
    for (size_t i = 0; i < r->n_results; i++)
        failed += result_fails(r, &r->results[i]);
    fprintf(out, "%zu passed, %zu failed", r->counts[VERDICT_PASS], failed);
    if (r->known > 0)
        fprintf(out, ", %zu known", r->known);
    if (r->counts[VERDICT_UNSUPPORTED] > 0)
        fprintf(out, ", %zu skipped", r->counts[VERDICT_UNSUPPORTED]);
    fputc('\n', out);
}
