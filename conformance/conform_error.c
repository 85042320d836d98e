/* SPDX-License-Identifier: Apache-2.0 */
#include "conform_error.h"

#include <stdio.h>
#include <string.h>

int conform_error_set(conform_error *err, const char *fmt, ...)
{
    if (err == NULL)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return -1;
}

int conform_error_prefix(conform_error *err, const char *prefix)
{
    if (err == NULL)
        return -1;
    /* Shift the message right and put "prefix: " in front, cutting the end
     * if the whole does not fit. */
    size_t cap = sizeof err->text - 1;
    size_t plen = strlen(prefix);
    if (plen > cap - 2)
        plen = cap - 2;
    size_t mlen = strnlen(err->text, cap);
    if (mlen > cap - plen - 2)
        mlen = cap - plen - 2;
    memmove(err->text + plen + 2, err->text, mlen);
    memcpy(err->text, prefix, plen);
    err->text[plen] = ':';
    err->text[plen + 1] = ' ';
    err->text[plen + 2 + mlen] = '\0';
    return -1;
}
