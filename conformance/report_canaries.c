/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_canaries.c - what the canaries of a run show (spec/vectors.md
 * section 8, spec/harness.md 4.3). Each canary encodes one wrong
 * computation, so one that passes is named with the bug it reveals; only a
 * passing canary with no failing test beside it makes a broken run.
 */
#include <string.h>

#include "result.h"

/* spec/vectors.md: what a port gets wrong when a canary passes. */
static const struct {
    const char *tc_id;
    const char *meaning;
} CANARY_MEANINGS[] = {
    {"canary-client-correct-reply-marked-invalid",
     "the client refuses a correct reply: its reply key, server nonce (spec 5.2) or reply AAD "
     "(spec 9.2) differs from the spec's"},
    {"canary-client-sequence-genuine-reply-before",
     "the client refuses a genuine reply: its reply key, server nonce (spec 5.2) or reply AAD "
     "(spec 9.2) differs from the spec's"},
    {"canary-client-wrong-reply", "the client returns a reply that the packet does not hold"},
    {"canary-client-wrong-request-packet",
     "the client's request packet differs from the spec's in its tag: key, client nonce or "
     "AAD (spec 5, 6.1)"},
    {"canary-client-wrong-error",
     "the client reports DECRYPT_FAILED for a reply too short to hold a tag, which spec 9.1 "
     "step 1 refuses as MALFORMED before decryption"},
    {"canary-client-sequence-wrong-error-before",
     "the client reports DECRYPT_FAILED for a truncated packet, which spec 9.1 step 1 refuses "
     "as MALFORMED before decryption"},
    {"canary-client-reuse-wrong-error",
     "a second unpack of the same reply gives DECRYPT_FAILED: the client does not consume its "
     "reply context (spec 8.2 requires CONTEXT_USED)"},
    {"canary-server-correct-request-marked-invalid",
     "the server refuses a correct request: its key, client nonce (spec 5.2) or request AAD "
     "(spec 7.2) differs from the spec's"},
    {"canary-server-wrong-client-key",
     "the server reports a client key other than the one the proof authenticates (spec 7.3)"},
    {"canary-server-wrong-request", "the server returns a request that the packet does not hold"},
    {"canary-server-wrong-reply-packet",
     "the server's reply packet differs from the spec's in its ciphertext: reply key or server "
     "nonce (spec 5, 8.1)"},
    {"canary-server-wrong-stage",
     "the server accepts a truncated request, which spec 7.1 step 1 refuses"},
};

static const char *canary_meaning(const char *tc_id)
{
    for (size_t i = 0; i < sizeof CANARY_MEANINGS / sizeof CANARY_MEANINGS[0]; i++)
        if (strcmp(tc_id, CANARY_MEANINGS[i].tc_id) == 0)
            return CANARY_MEANINGS[i].meaning;
    return "its expected result contradicts its data, so the runner or the harness accepts "
           "what it should refuse";
}

void report_text_canaries(const run_report *r, FILE *out)
{
    size_t ran = r->canaries - r->canaries_not_run;
    if (run_dodged(r))
        fprintf(out, "NOT A PASS: the harness answered \"unsupported\" to %zu of the %zu tests "
                     "its capabilities cover; at least %d%% must be answered\n",
                r->dodged, r->offered, RUN_MIN_CHECKED_PERCENT);
    if (r->canaries == 0) {
        fprintf(out, "no canary vector was selected: this run cannot show that it detects "
                     "failures\n");
        return;
    }
    if (ran == 0) {
        fprintf(out, "NOT A PASS: no canary vector ran: this run cannot show that it detects "
                     "failures\n");
        return;
    }
    if (r->canaries_passed == 0) {
        fprintf(out, "canaries: %zu of %zu ran and all failed, as they must\n", ran, r->canaries);
        return;
    }
    for (size_t i = 0; i < r->n_results; i++) {
        const test_result *t = &r->results[i];
        if (t->canary && t->verdict == VERDICT_PASS)
            fprintf(out, "CANARY PASSED %s: %s\n", t->tc_id, canary_meaning(t->tc_id));
    }
    if (r->exit_code == 2)
        fprintf(out, "BROKEN RUN: %zu canar%s passed while no test failed: the runner or the "
                     "harness accepts what it should refuse\n",
                r->canaries_passed, r->canaries_passed == 1 ? "y" : "ies");
    else
        fprintf(out, "%zu canar%s passed: a working port fails every canary; the failures "
                     "above show the same bug\n",
                r->canaries_passed, r->canaries_passed == 1 ? "y" : "ies");
}

