/* SPDX-License-Identifier: Apache-2.0 */
#include "verdict.h"

#include <string.h>

static const char *const verdict_names[VERDICT_COUNT] = {
    "pass", "fail", "wrong-error", "unsupported", "crash", "timeout", "error",
};

const char *verdict_name(verdict v)
{
    return (unsigned)v < VERDICT_COUNT ? verdict_names[v] : "?";
}

bool verdict_from_name(const char *name, verdict *v)
{
    for (int i = 0; i < VERDICT_COUNT; i++) {
        if (strcmp(name, verdict_names[i]) == 0) {
            *v = (verdict)i;
            return true;
        }
    }
    return false;
}

bool verdict_fails(verdict v, bool lenient)
{
    switch (v) {
    case VERDICT_FAIL:
    case VERDICT_CRASH:
    case VERDICT_TIMEOUT:
    case VERDICT_ERROR:
        return true;
    case VERDICT_WRONG_ERROR:
        return !lenient;
    default:
        return false;
    }
}

const char *expect_outcome_name(expect_outcome o)
{
    static const char *const names[] = {NULL, "known", "unexpected-pass", "changed"};
    return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : NULL;
}
