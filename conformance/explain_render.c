/* SPDX-License-Identifier: Apache-2.0 */
/*
 * explain_render.c - one walk rendered as text or as one JSON document:
 * sections, values, checks, the verdict, and the packet's header.
 */
#include "explain_internal.h"

#include <stdlib.h>
#include <string.h>

#include "hex.h"

/* Starts a group of values: "title:" in text, member name in JSON. */
void explain_section(explainer *x, const char *name, const char *title)
{
    if (x->json)
        x->cur = cJSON_AddObjectToObject(x->json, name);
    else
        fprintf(x->out, "%s:\n", title);
}

/* A byte string, the text label defaulting to the JSON name: on the label's
 * line if short, else wrapped with offsets. */
void explain_value(explainer *x, const char *name, const char *label, const uint8_t *b, size_t n)
{
    const char *shown = label != NULL ? label : name;
    char *hex = malloc(2 * n + 1);
    if (hex == NULL)
        return;
    hex_encode(b, n, hex);
    if (x->json) {
        cJSON_AddStringToObject(x->cur, name, hex);
    } else if (n <= HEX_LINE_BYTES) {
        fprintf(x->out, "  %-14s %s\n", shown, n == 0 ? "(empty)" : hex);
    } else {
        fprintf(x->out, "  %-14s %zu bytes\n", shown, n);
        for (size_t off = 0; off < n; off += HEX_LINE_BYTES)
            fprintf(x->out, "    %6zu  %.*s\n", off, 2 * HEX_LINE_BYTES, hex + 2 * off);
    }
    free(hex);
}

/* A remark, e.g. whether a given key matches; the label defaults to name. */
void explain_note(explainer *x, const char *name, const char *label, const char *text)
{
    if (x->json)
        cJSON_AddStringToObject(x->cur, name, text);
    else
        fprintf(x->out, "  %-14s %s\n", label != NULL ? label : name, text);
}

/* One check of the walk; status names the result of a failing one, else NULL. */
static void check(explainer *x, int number, const char *name, const char *result,
                  const char *status)
{
    if (!x->json) {
        if (number > 0)
            fprintf(x->out, "  %2d. %-44s %s\n", number, name, result);
        else
            fprintf(x->out, "      %-44s %s\n", name, result);
        return;
    }
    cJSON *c = cJSON_CreateObject();
    if (!cJSON_AddItemToArray(x->checks, c)) {
        cJSON_Delete(c);
        return;
    }
    /* Every passing result starts with "ok"; the others skip the check. */
    const char *outcome = status != NULL                 ? "fails"
                          : strncmp(result, "ok", 2) == 0 ? "ok"
                                                          : "skipped";
    cJSON_AddStringToObject(c, "section", x->spec);
    cJSON_AddNumberToObject(c, "step", number);
    cJSON_AddStringToObject(c, "check", name);
    cJSON_AddStringToObject(c, "outcome", outcome);
    cJSON_AddStringToObject(c, "result", result);
    if (status != NULL)
        cJSON_AddStringToObject(c, "status", status);
}

void explain_step(explainer *x, int number, const char *name, const char *result)
{
    check(x, number, name, result, NULL);
}

void explain_decide(explainer *x, pssst_status st, const char *rule)
{
    x->v.decided = true;
    x->v.status = st;
    x->v.rule = rule;
}

/* A failing check: show it and record the verdict. */
void explain_reject(explainer *x, int number, const char *name, pssst_status st,
                   const char *rule)
{
    char result[96];
    snprintf(result, sizeof result, "FAILS -> %s", pssst_status_name(st));
    check(x, number, name, result, pssst_status_name(st));
    explain_decide(x, st, rule);
}

static cJSON *string_or_null(const char *s)
{
    return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

void explain_print_verdict(explainer *x)
{
    const explain_verdict *v = &x->v;
    const char *status = v->decided ? pssst_status_name(v->status) : NULL;
    if (x->json) {
        cJSON *o = cJSON_AddObjectToObject(x->json, "verdict");
        cJSON_AddBoolToObject(o, "decided", v->decided);
        cJSON_AddItemToObject(o, "status", string_or_null(status));
        cJSON_AddItemToObject(o, "rule", string_or_null(v->rule));
    } else if (v->rule != NULL) {
        fprintf(x->out, "verdict: %s (%s)\n", v->decided ? status : "undecided", v->rule);
    }
}

/* The library's answer: status st (its note may be ""), or st < 0: not consulted, and why. */
void explain_print_library(explainer *x, int st, const char *why)
{
    bool consulted = st >= 0;
    bool agrees = consulted && x->v.decided && (pssst_status)st == x->v.status;
    const char *name = consulted ? pssst_status_name((pssst_status)st) : NULL;
    x->v.library_disagrees = consulted && !agrees;
    if (x->json) {
        x->cur = cJSON_AddObjectToObject(x->json, "library");
        cJSON_AddBoolToObject(x->cur, "consulted", consulted);
        cJSON_AddItemToObject(x->cur, "status", string_or_null(name));
        cJSON_AddBoolToObject(x->cur, "agrees", agrees);
        cJSON_AddStringToObject(x->cur, "note", why);
    } else if (!consulted) {
        fprintf(x->out, "library: not consulted (%s)\n", why);
    } else {
        fprintf(x->out, "library: pssst_unpack_request -> %s (%s%s%s)\n", name,
                agrees ? "agrees" : "DISAGREES with the checks above", *why ? "; " : "", why);
    }
}

uint16_t explain_be16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

/* Shows key clamped (spec 2.1) when clamping changes it. */
void explain_show_clamped(explainer *x, const char *name, const char *label,
                         const uint8_t key[PSSST_KEY_SIZE])
{
    uint8_t clamped[PSSST_KEY_SIZE];
    memcpy(clamped, key, PSSST_KEY_SIZE);
    pssst_clamp(clamped);
    if (memcmp(clamped, key, PSSST_KEY_SIZE) != 0)
        explain_value(x, name, label, clamped, PSSST_KEY_SIZE);
    pssst_wipe(clamped, sizeof clamped);
}

static const char *suite_description(uint16_t suite)
{
    if (suite == SUITE_IMPLEMENTED)
        return "X25519_AESGCM128 (spec 3.2)";
    if (suite == SUITE_NONE)
        return "NONE, reserved (spec 3.1): not implemented";
    return "unknown suite (spec 3.1): not implemented";
}

/* What the flags say the packet is (spec 4.2), indexed by REPLY, CLIENT_AUTH. */
static const char *const packet_kinds[2][2] = {
    {"anonymous request (spec 6.1)", "client-auth request (spec 6.2)"},
    {"reply to an anonymous request", "reply to a client-auth request"},
};

/* Where a short packet ends: "(text)" in text, member "note" in JSON. */
static void header_note(explainer *x, const char *text)
{
    if (x->json)
        cJSON_AddStringToObject(x->cur, "note", text);
    else
        fprintf(x->out, "  (%s)\n", text);
}

/* Numbers and flags in JSON; one line each in text, naming set reserved bits. */
static void print_flags_and_suite(explainer *x, size_t ciphertext_len)
{
    unsigned reserved = x->flags & RESERVED_MASK, reply = (x->flags & PSSST_FLAG_REPLY) != 0,
             auth = (x->flags & PSSST_FLAG_CLIENT_AUTH) != 0;
    if (x->json) {
        cJSON_AddNumberToObject(x->cur, "flags", x->flags);
        cJSON_AddBoolToObject(x->cur, "reply", reply);
        cJSON_AddBoolToObject(x->cur, "clientAuth", auth);
        cJSON_AddNumberToObject(x->cur, "reserved", reserved);
        cJSON_AddNumberToObject(x->cur, "suite", x->suite);
        cJSON_AddStringToObject(x->cur, "suiteDescription", suite_description(x->suite));
        cJSON_AddNumberToObject(x->cur, "ciphertextLength", (double)ciphertext_len);
        return;
    }
    fprintf(x->out, "  %-14s 0x%04x  REPLY=%u CLIENT_AUTH=%u reserved=0x%04x", "flags", x->flags,
            reply, auth, reserved);
    if (reserved != 0) {
        fprintf(x->out, " (bits");
        for (int bit = 13; bit >= 0; bit--)
            if (reserved & (1u << bit))
                fprintf(x->out, " %d", bit);
        fprintf(x->out, " set; spec 4.3)");
    }
    fprintf(x->out, "\n  %-14s 0x%04x  %s\n", "suite", x->suite, suite_description(x->suite));
}

void explain_print_header(explainer *x)
{
    const uint8_t *p = x->in->packet;
    size_t n = x->in->packet_len, body = n > BODY_OFFSET ? n - BODY_OFFSET : 0;
    char buf[64];
    if (x->json) {
        x->cur = cJSON_AddObjectToObject(x->json, "header");
        cJSON_AddNumberToObject(x->cur, "length", (double)n);
    } else {
        fprintf(x->out, "packet: %zu bytes (spec 4.1 layout)\n", n);
    }
    if (n < PSSST_HEADER_SIZE) {
        explain_value(x, "truncated", NULL, p, n);
        header_note(x, "shorter than the 4-byte header");
        return;
    }
    x->flags = explain_be16(p);
    x->suite = explain_be16(p + 2);
    print_flags_and_suite(x, body < PSSST_TAG_SIZE ? 0 : body - PSSST_TAG_SIZE);
    if (n < BODY_OFFSET) {
        explain_value(x, "dhParamPart", "dh_param(part)", p + DH_OFFSET, n - DH_OFFSET);
        snprintf(buf, sizeof buf, "dh_param needs 32 bytes; the packet ends after %zu",
                 n - DH_OFFSET);
        header_note(x, buf);
        return;
    }
    explain_value(x, "dhParam", "dh_param", p + DH_OFFSET, PSSST_KEY_SIZE);
    if (body < PSSST_TAG_SIZE) {
        explain_value(x, "body", NULL, p + BODY_OFFSET, body);
        header_note(x, "shorter than the 16-byte tag");
        return;
    }
    if (!x->json)
        fprintf(x->out, "  %-14s %zu bytes at offset %d\n", "ciphertext", body - PSSST_TAG_SIZE,
                BODY_OFFSET);
    explain_value(x, "tag", NULL, p + n - PSSST_TAG_SIZE, PSSST_TAG_SIZE);
    bool reply = (x->flags & PSSST_FLAG_REPLY) != 0;
    bool client_auth = (x->flags & PSSST_FLAG_CLIENT_AUTH) != 0;
    explain_note(x, "kind", NULL, packet_kinds[reply][client_auth]);
}

