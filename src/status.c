/* SPDX-License-Identifier: Apache-2.0 */
/* status.c - names and descriptions of pssst_status values (spec 10.1). */
#include <string.h>

#include "pssst.h"

struct status_text {
    const char *name;
    const char *sentence;
};

/* Indexed by pssst_status; the order follows the enum in pssst.h. */
static const struct status_text status_texts[] = {
    {"OK", "The operation succeeded."},
    {"MALFORMED", "The packet is too short or sets reserved flag bits."},
    {"UNSUPPORTED_SUITE", "The packet's cipher suite is unknown or not the one expected."},
    {"NOT_REQUEST", "The packet is a reply, but a request was expected."},
    {"NOT_REPLY", "The packet is a request, but a reply was expected."},
    {"DECRYPT_FAILED", "The packet did not authenticate: it was altered or sealed under another key."},
    {"CLIENT_AUTH_FAILED", "The client authentication proof is missing, too short or forged."},
    {"REPLY_MISMATCH", "The reply does not belong to the pending request."},
    {"CONTEXT_USED", "The reply context has already been used or was never filled."},
    {"BAD_KEY", "A key or dh_param is of low order and gives an all-zero shared secret."},
    {"BUFFER_TOO_SMALL", "The output buffer is too small; the needed size was returned."},
    {"RANDOM_FAILED", "The operating system's random number source failed."},
    {"INVALID_ARGUMENT", "An argument is invalid: a NULL pointer, overlapping buffers or an uninitialised context."},
    {"INTERNAL", "The crypto library failed through no fault of the input, e.g. out of memory."},
};

/* One name and sentence per status value: adding a status means adding its text. */
_Static_assert(sizeof status_texts / sizeof status_texts[0] == PSSST_STATUS_COUNT,
               "status_texts must have one entry per pssst_status");
_Static_assert(PSSST_ERR_INTERNAL + 1 == PSSST_STATUS_COUNT,
               "PSSST_STATUS_COUNT must follow the last pssst_status");

static bool status_in_range(pssst_status s)
{
    /* One unsigned comparison: also false for a negative value, and a
     * bound a static analyser can carry to the table index. */
    return (unsigned)s < PSSST_STATUS_COUNT;
}

const char *pssst_status_name(pssst_status s)
{
    return status_in_range(s) ? status_texts[s].name : "UNKNOWN";
}

const char *pssst_strerror(pssst_status s)
{
    return status_in_range(s) ? status_texts[s].sentence : "Unknown status value.";
}

bool pssst_status_from_name(const char *name, pssst_status *s)
{
    if (name == NULL || s == NULL)
        return false;
    for (int i = 0; i < PSSST_STATUS_COUNT; i++) {
        if (strcmp(name, status_texts[i].name) == 0) {
            *s = (pssst_status)i;
            return true;
        }
    }
    return false;
}

const char *pssst_version(void)
{
    return PSSST_VERSION_STRING;
}
