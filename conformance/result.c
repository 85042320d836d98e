/* SPDX-License-Identifier: Apache-2.0 */
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

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

/* Appends " -option HEX" to s (of capacity cap); false when it does not fit. */
static bool add_hex_arg(char *s, size_t cap, const char *option, const uint8_t *b, size_t n)
{
    size_t used = strlen(s), need = strlen(option) + 2 + 2 * n + 1;
    if (used + need > cap)
        return false;
    if (option[0] != '\0')
        used += (size_t)sprintf(s + used, " %s", option);
    s[used++] = ' ';
    hex_encode(b, n, s + used);
    return true;
}

char *result_explain_command(const vec_group *g, const vec_test *t)
{
    const vec_bytes *packet = g->role == VEC_ROLE_SERVER ? &t->request_packet : &t->reply_packet;
    if (!t->server_private.present || !packet->present ||
        (g->role == VEC_ROLE_CLIENT && !t->request_packet.present))
        return NULL;
    size_t cap = 256 + 2 * (t->request_packet.len + packet->len);
    char *s = malloc(cap);
    if (s == NULL)
        return NULL;
    strcpy(s, "pssst-conform explain");
    bool ok = add_hex_arg(s, cap, "--server-private", t->server_private.b, 32);
    if (ok && t->client_private.present)
        ok = add_hex_arg(s, cap, "--client-private", t->client_private.b, 32);
    if (ok && g->role == VEC_ROLE_CLIENT)
        ok = add_hex_arg(s, cap, "--request", t->request_packet.data, t->request_packet.len);
    if (ok)
        ok = add_hex_arg(s, cap, "", packet->data, packet->len);
    if (!ok) {
        free(s);
        return NULL;
    }
    return s;
}

bool run_dodged(const run_report *r)
{
    return r->dodged * 100 > r->offered * (100 - RUN_MIN_CHECKED_PERCENT);
}

bool run_without_canary(const run_report *r)
{
    return r->canaries > 0 && r->canaries_not_run == r->canaries;
}
