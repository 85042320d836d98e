/* SPDX-License-Identifier: Apache-2.0 */
#include "report_model.h"

#include <stdlib.h>
#include <string.h>

static const char no_section[] = RM_NO_SECTION;

static const char *str_member(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool rm_verdict_fails(const char *v)
{
    return strcmp(v, "fail") == 0 || strcmp(v, "crash") == 0 || strcmp(v, "timeout") == 0 ||
           strcmp(v, "error") == 0;
}

int rm_section_cmp(const char *a, const char *b)
{
    bool na = strcmp(a, no_section) == 0, nb = strcmp(b, no_section) == 0;
    if (na || nb)
        return na == nb ? 0 : (na ? 1 : -1);
    for (;;) {
        char *ea, *eb;
        unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
        if (x != y)
            return x < y ? -1 : 1;
        bool more_a = *ea == '.', more_b = *eb == '.';
        if (!more_a || !more_b)
            return more_a == more_b ? strcmp(ea, eb) : (more_a ? 1 : -1);
        a = ea + 1;
        b = eb + 1;
    }
}

int rm_section_cmp_ptr(const void *x, const void *y)
{
    return rm_section_cmp(*(const char *const *)x, *(const char *const *)y);
}

bool rm_cites(const rm_test *t, const char *section)
{
    for (size_t i = 0; i < t->n_sections; i++)
        if (strcmp(t->sections[i], section) == 0)
            return true;
    return false;
}

void rm_xml_text(FILE *fp, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            fputs("&amp;", fp);
        else if (c == '<')
            fputs("&lt;", fp);
        else if (c == '>')
            fputs("&gt;", fp);
        else if (c == '"')
            fputs("&quot;", fp);
        else if (c == '\'')
            fputs("&#39;", fp);
        else
            fputc(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : c, fp);
    }
}

void rm_xml_expected_actual(FILE *fp, const char *expected, const char *actual)
{
    if (expected != NULL) {
        fputs("\nexpected: ", fp);
        rm_xml_text(fp, expected);
    }
    if (actual != NULL) {
        fputs("\nactual:   ", fp);
        rm_xml_text(fp, actual);
    }
}

void rm_port_free(rm_port *p)
{
    for (size_t i = 0; i < p->n_tests; i++)
        free(p->tests[i].sections);
    free(p->tests);
    free(p->sections);
    memset(p, 0, sizeof *p);
}

/* Reads one entry of "tests"; false when it is a canary (skipped). */
static int load_test(const cJSON *item, size_t index, rm_test *t, bool *keep, conform_error *err)
{
    const cJSON *canary = cJSON_GetObjectItemCaseSensitive(item, "canary");
    t->tc_id = str_member(item, "tcId");
    t->file = str_member(item, "file");
    t->verdict = str_member(item, "verdict");
    if (!cJSON_IsObject(item) || t->tc_id == NULL || t->verdict == NULL)
        return conform_error_set(err, "tests[%zu]: needs tcId and verdict strings", index);
    *keep = !cJSON_IsTrue(canary) && (t->file == NULL || strcmp(t->file, "canary.json") != 0);
    t->operation = str_member(item, "operation");
    t->reason = str_member(item, "reason");
    t->expected = str_member(item, "expected");
    t->actual = str_member(item, "actual");
    t->pass = strcmp(t->verdict, "pass") == 0;
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(item, "expectation");
    const char *outcome = cJSON_IsObject(x) ? str_member(x, "outcome") : NULL;
    t->known = outcome != NULL && strcmp(outcome, "known") == 0;
    const cJSON *secs = cJSON_GetObjectItemCaseSensitive(item, "sections");
    size_t n = cJSON_IsArray(secs) ? (size_t)cJSON_GetArraySize(secs) : 0;
    t->sections = calloc(n + 1, sizeof *t->sections);
    if (t->sections == NULL)
        return conform_error_set(err, "out of memory");
    const cJSON *s;
    cJSON_ArrayForEach(s, secs)
    {
        if (cJSON_IsString(s))
            t->sections[t->n_sections++] = s->valuestring;
    }
    if (t->n_sections == 0)
        t->sections[t->n_sections++] = no_section;
    return 0;
}

static int collect_sections(rm_port *p, conform_error *err)
{
    size_t cap = 1;
    for (size_t i = 0; i < p->n_tests; i++)
        cap += p->tests[i].n_sections;
    p->sections = calloc(cap, sizeof *p->sections);
    if (p->sections == NULL)
        return conform_error_set(err, "out of memory");
    for (size_t i = 0; i < p->n_tests; i++) {
        for (size_t s = 0; s < p->tests[i].n_sections; s++) {
            const char *name = p->tests[i].sections[s];
            bool seen = false;
            for (size_t k = 0; k < p->n_sections && !seen; k++)
                seen = strcmp(p->sections[k], name) == 0;
            if (!seen)
                p->sections[p->n_sections++] = name;
        }
    }
    qsort(p->sections, p->n_sections, sizeof *p->sections, rm_section_cmp_ptr);
    return 0;
}

int rm_port_load(const cJSON *report, const char *source, rm_port *p, conform_error *err)
{
    memset(p, 0, sizeof *p);
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(report, "tests");
    if (!cJSON_IsObject(report) || !cJSON_IsArray(tests))
        return conform_error_set(err, "%s: not a pssst-conform report (no tests array)", source);
    const cJSON *port = cJSON_GetObjectItemCaseSensitive(report, "port");
    const cJSON *lib = cJSON_GetObjectItemCaseSensitive(report, "library");
    p->name = str_member(port, "name");
    if (p->name == NULL)
        p->name = str_member(lib, "implementation");
    if (p->name == NULL)
        p->name = source;
    size_t n = (size_t)cJSON_GetArraySize(tests);
    p->tests = calloc(n + 1, sizeof *p->tests);
    if (p->tests == NULL)
        return conform_error_set(err, "out of memory");
    size_t index = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, tests)
    {
        bool keep = false;
        rm_test *t = &p->tests[p->n_tests];
        if (load_test(item, index++, t, &keep, err) != 0) {
            free(t->sections);
            memset(t, 0, sizeof *t);
            rm_port_free(p);
            return conform_error_prefix(err, source);
        }
        if (keep) {
            p->n_tests++;
        } else {
            free(t->sections);
            memset(t, 0, sizeof *t);
        }
    }
    if (collect_sections(p, err) != 0) {
        rm_port_free(p);
        return -1;
    }
    return 0;
}
