/* SPDX-License-Identifier: Apache-2.0 */
#include "result.h"

#include <stdlib.h>
#include <string.h>

void run_report_free(run_report *r)
{
    for (size_t i = 0; r->owns_details && i < r->n_results; i++) {
        test_result *t = &r->results[i];
        free(t->reason);
        free(t->expected);
        free(t->actual);
        free(t->explain);
    }
    free(r->results);
    r->results = NULL;
    r->n_results = 0;
}

bool result_fails(const run_report *r, const test_result *t)
{
    /* A canary must fail; whether one passed is judged apart (run.c). */
    return !t->canary && t->outcome != EXPECT_KNOWN && verdict_fails(t->verdict, r->lenient);
}

bool sections_cite(char *const *sections, size_t n_sections, const char *section)
{
    size_t n = strlen(section);
    for (size_t i = 0; i < n_sections; i++) {
        const char *s = sections[i];
        /* "7.1" selects "7.1" and "7.1.2" but not "7.10". */
        if (strncmp(s, section, n) == 0 && (s[n] == '\0' || s[n] == '.'))
            return true;
    }
    return false;
}

bool result_cites(const test_result *t, const char *section)
{
    return sections_cite(t->sections, t->n_sections, section);
}

int section_compare(const char *a, const char *b)
{
    while (*a != '\0' && *b != '\0') {
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (ea == a || eb == b)
            return strcmp(a, b);
        if (x != y)
            return x < y ? -1 : 1;
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
    }
    return (*a != '\0') - (*b != '\0');
}
