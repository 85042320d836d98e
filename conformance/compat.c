/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compat.c - the compatibility line protocol engine (spec/harness.md
 * section 2; the step numbers below are those of section 2.2).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "hex.h"

#define SUITE PSSST_SUITE_X25519_AESGCM128
/* The largest packet a well-behaved peer sends: a client-auth request. */
#define COMPAT_MAX_PACKET (PSSST_OVERHEAD + PSSST_PROOF_SIZE + COMPAT_PLAINTEXT_SIZE)
#define COMPAT_MAX_LINE (32 + 2 * 4096)
/* Longest piece of a peer's line quoted in a message, plus "..." and NUL. */
#define COMPAT_SHOWN_SIZE 64

static const char *const step_names[COMPAT_STEP_COUNT] = {
    "peer announced SERVER_KEY",
    "peer announced CLIENT_KEY",
    "peer announced PLAINTEXT",
    "peer's anonymous REQUEST unpacked, matched and answered",
    "peer's REQUEST_AUTH unpacked, client key matched, answered",
    "peer's REPLY to our anonymous request verified",
    "peer's REPLY_AUTH to our client-auth request verified",
};

/* Breaches that belong to no step (bad lines, unknown tags) are "protocol". */
const char *compat_step_name(compat_step step)
{
    return (unsigned)step < COMPAT_STEP_COUNT ? step_names[step] : "protocol";
}

/* Records the outcome of a step; returns ok so callers can return it. */
__attribute__((format(printf, 4, 5))) static bool record(compat_session *s, compat_step step,
                                                         bool ok, const char *fmt, ...)
{
    va_list ap;

    if (!ok)
        s->failed = true;
    if (ok && step < COMPAT_STEP_COUNT)
        s->seen[step] = true;
    if (s->check_count == COMPAT_MAX_CHECKS)
        return ok;
    compat_check *c = &s->checks[s->check_count++];
    c->step = step;
    c->ok = ok;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
    return ok;
}

static bool send_hex(compat_session *s, const char *tag, const uint8_t *bytes, size_t len)
{
    char line[COMPAT_MAX_LINE];
    size_t tag_len = strlen(tag);

    if (tag_len + 1 + 2 * len + 1 > sizeof line)
        return false;
    memcpy(line, tag, tag_len);
    line[tag_len] = ':';
    hex_encode(bytes, len, line + tag_len + 1);
    return s->send(s->send_arg, line);
}

bool compat_init(compat_session *s, compat_send_fn send, void *send_arg)
{
    memset(s, 0, sizeof *s);
    s->send = send;
    s->send_arg = send_arg;
    if (pssst_keypair_generate(SUITE, s->server_private, s->server_public) != PSSST_OK ||
        pssst_keypair_generate(SUITE, s->client_private, s->client_public) != PSSST_OK ||
        pssst_keypair_generate(SUITE, s->plaintext, s->plaintext + PSSST_KEY_SIZE) != PSSST_OK)
        return false;
    return pssst_server_init(&s->server, SUITE, s->server_private) == PSSST_OK;
}

bool compat_start(compat_session *s)
{
    return send_hex(s, "SERVER_KEY", s->server_public, PSSST_KEY_SIZE) &&
           send_hex(s, "CLIENT_KEY", s->client_public, PSSST_KEY_SIZE) &&
           send_hex(s, "PLAINTEXT", s->plaintext, COMPAT_PLAINTEXT_SIZE);
}

/* Packs our plaintext for the peer's server, anonymously (auth 0) or not. */
static bool send_request(compat_session *s, const uint8_t server_key[PSSST_KEY_SIZE], int auth)
{
    const char *tag = auth ? "REQUEST_AUTH" : "REQUEST";
    pssst_client client;
    uint8_t packet[COMPAT_MAX_PACKET];
    size_t packet_len = 0;
    pssst_status st;

    st = pssst_client_init(&client, SUITE, server_key, auth ? s->client_private : NULL);
    if (st == PSSST_OK)
        st = pssst_pack_request(&client, s->plaintext, COMPAT_PLAINTEXT_SIZE, packet,
                                sizeof packet, &packet_len, &s->pending[auth]);
    pssst_client_free(&client);
    if (st != PSSST_OK)
        return record(s, COMPAT_STEP_SERVER_KEY, false, "cannot pack a request for this key: %s",
                      pssst_status_name(st));
    if (!send_hex(s, tag, packet, packet_len))
        return record(s, COMPAT_STEP_SERVER_KEY, false, "cannot send %s: the peer stopped reading",
                      tag);
    return true;
}

/* Step 1 of the peer: each announcement once, with its size. */
static bool announced(compat_session *s, compat_step step, const char *tag, size_t len,
                      size_t want)
{
    if (s->seen[step])
        return record(s, step, false, "%s sent twice", tag);
    if (len != want)
        return record(s, step, false, "%s has %zu bytes, not %zu", tag, len, want);
    return true;
}

/* Step 2: the peer's server key is what our requests are packed for. */
static bool on_server_key(compat_session *s, const uint8_t *v, size_t len)
{
    if (!announced(s, COMPAT_STEP_SERVER_KEY, "SERVER_KEY", len, PSSST_KEY_SIZE))
        return false;
    if (!send_request(s, v, 0) || !send_request(s, v, 1))
        return false;
    return record(s, COMPAT_STEP_SERVER_KEY, true, "requests sent");
}

/* CLIENT_KEY and PLAINTEXT are kept to check the peer's requests against. */
static bool on_value(compat_session *s, compat_step step, const char *tag, const uint8_t *v,
                     size_t len, uint8_t *keep, size_t want)
{
    if (!announced(s, step, tag, len, want))
        return false;
    memcpy(keep, v, want);
    return record(s, step, true, "%zu bytes", want);
}

static void reverse(uint8_t *out, const uint8_t *in, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = in[len - 1 - i];
}

/* Steps 4 and 5: serve the peer's request and answer with the message reversed. */
static bool on_request(compat_session *s, const uint8_t *v, size_t len, int auth)
{
    compat_step step = auth ? COMPAT_STEP_REQUEST_AUTH : COMPAT_STEP_REQUEST;
    const char *reply_tag = auth ? "REPLY_AUTH" : "REPLY";
    uint8_t message[COMPAT_MAX_PACKET], reversed[COMPAT_MAX_PACKET];
    uint8_t client_key[PSSST_KEY_SIZE], packet[COMPAT_MAX_PACKET];
    size_t message_len = 0, packet_len = 0;
    bool authenticated = false;
    pssst_reply_ctx reply;
    pssst_status st;

    if (s->seen[step])
        return record(s, step, false, "request sent twice");
    if (!s->seen[COMPAT_STEP_PLAINTEXT] || (auth && !s->seen[COMPAT_STEP_CLIENT_KEY]))
        return record(s, step, false, "request arrived before the peer announced %s",
                      auth ? "CLIENT_KEY and PLAINTEXT" : "PLAINTEXT");
    st = pssst_unpack_request(&s->server, v, len, message, sizeof message, &message_len,
                              client_key, &authenticated, &reply);
    if (st != PSSST_OK)
        return record(s, step, false, "unpack_request failed: %s", pssst_status_name(st));
    if (message_len != COMPAT_PLAINTEXT_SIZE ||
        memcmp(message, s->peer_plaintext, COMPAT_PLAINTEXT_SIZE) != 0)
        return record(s, step, false, "message is not the peer's PLAINTEXT");
    if (authenticated != (auth != 0))
        return record(s, step, false, auth ? "request is not client-authenticated"
                                           : "anonymous request carries a client key");
    if (auth && memcmp(client_key, s->peer_client_key, PSSST_KEY_SIZE) != 0)
        return record(s, step, false, "authenticated key is not the peer's CLIENT_KEY");
    reverse(reversed, message, message_len);
    st = pssst_pack_reply(&reply, reversed, message_len, packet, sizeof packet, &packet_len);
    if (st != PSSST_OK)
        return record(s, step, false, "pack_reply failed: %s", pssst_status_name(st));
    if (!send_hex(s, reply_tag, packet, packet_len))
        return record(s, step, false, "cannot send %s: the peer stopped reading", reply_tag);
    return record(s, step, true, "answered");
}

/* Step 6: the peer's reply must be our plaintext reversed. */
static bool on_reply(compat_session *s, const uint8_t *v, size_t len, int auth)
{
    compat_step step = auth ? COMPAT_STEP_REPLY_AUTH : COMPAT_STEP_REPLY;
    uint8_t message[COMPAT_MAX_PACKET], expected[COMPAT_PLAINTEXT_SIZE];
    size_t message_len = 0;
    pssst_status st;

    if (s->seen[step])
        return record(s, step, false, "reply sent twice");
    if (!s->seen[COMPAT_STEP_SERVER_KEY])
        return record(s, step, false, "reply arrived before any request was sent");
    st = pssst_unpack_reply(&s->pending[auth], v, len, message, sizeof message, &message_len);
    if (st != PSSST_OK)
        return record(s, step, false, "unpack_reply failed: %s", pssst_status_name(st));
    reverse(expected, s->plaintext, COMPAT_PLAINTEXT_SIZE);
    if (message_len != COMPAT_PLAINTEXT_SIZE || memcmp(message, expected, sizeof expected) != 0)
        return record(s, step, false, "reply is not our PLAINTEXT reversed");
    return record(s, step, true, "verified");
}

/* The tags of the protocol, each with the step its line belongs to. */
static const struct {
    const char *tag;
    compat_step step; /* COMPAT_STEP_COUNT: DONE */
} tags[] = {
    {"SERVER_KEY", COMPAT_STEP_SERVER_KEY},     {"CLIENT_KEY", COMPAT_STEP_CLIENT_KEY},
    {"PLAINTEXT", COMPAT_STEP_PLAINTEXT},       {"REQUEST", COMPAT_STEP_REQUEST},
    {"REQUEST_AUTH", COMPAT_STEP_REQUEST_AUTH}, {"REPLY", COMPAT_STEP_REPLY},
    {"REPLY_AUTH", COMPAT_STEP_REPLY_AUTH},     {"DONE", COMPAT_STEP_COUNT},
};

/* Hands the decoded value of a line to the handler of its step. */
static bool dispatch(compat_session *s, compat_step step, const uint8_t *v, size_t len)
{
    switch (step) {
    case COMPAT_STEP_SERVER_KEY:
        return on_server_key(s, v, len);
    case COMPAT_STEP_CLIENT_KEY:
        return on_value(s, step, "CLIENT_KEY", v, len, s->peer_client_key, PSSST_KEY_SIZE);
    case COMPAT_STEP_PLAINTEXT:
        return on_value(s, step, "PLAINTEXT", v, len, s->peer_plaintext, COMPAT_PLAINTEXT_SIZE);
    case COMPAT_STEP_REQUEST:
    case COMPAT_STEP_REQUEST_AUTH:
        return on_request(s, v, len, step == COMPAT_STEP_REQUEST_AUTH);
    case COMPAT_STEP_REPLY:
    case COMPAT_STEP_REPLY_AUTH:
        return on_reply(s, v, len, step == COMPAT_STEP_REPLY_AUTH);
    case COMPAT_STEP_COUNT:
        break;
    }
    return true; /* step 7: a DONE from the peer is ignored */
}

/*
 * The first bytes of untrusted text for a message: at most 60 characters,
 * anything outside printable ASCII shown as '?'. The input need not be
 * NUL-terminated.
 */
static const char *printable(const char *text, size_t len, char out[COMPAT_SHOWN_SIZE])
{
    size_t n = len < COMPAT_SHOWN_SIZE - 4 ? len : COMPAT_SHOWN_SIZE - 4;
    for (size_t i = 0; i < n; i++)
        out[i] = text[i] >= 0x20 && text[i] < 0x7f && text[i] != '"' ? text[i] : '?';
    strcpy(out + n, n < len ? "..." : "");
    return out;
}

bool compat_handle_line(compat_session *s, const char *line, size_t len)
{
    uint8_t value[COMPAT_MAX_LINE / 2];
    char shown[COMPAT_SHOWN_SIZE];
    size_t value_len = 0, bad = 0;

    if (len > 0 && line[len - 1] == '\r')
        len--; /* tolerate CRLF line ends */
    const char *colon = memchr(line, ':', len);
    if (colon == NULL)
        return record(s, COMPAT_STEP_COUNT, false, "malformed line (no TAG:): \"%s\"",
                      printable(line, len, shown));
    size_t tag_len = (size_t)(colon - line);
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        if (strlen(tags[i].tag) != tag_len || memcmp(tags[i].tag, line, tag_len) != 0)
            continue;
        hex_status hs =
            hex_decode(colon + 1, len - tag_len - 1, value, sizeof value, &value_len, &bad);
        if (hs != HEX_OK)
            return record(s, COMPAT_STEP_COUNT, false, "%s line: %s at character %zu",
                          tags[i].tag, hex_strerror(hs), bad);
        return dispatch(s, tags[i].step, value, value_len);
    }
    return record(s, COMPAT_STEP_COUNT, false, "unknown tag \"%s\"",
                  printable(line, tag_len, shown));
}

bool compat_done(const compat_session *s)
{
    return s->seen[COMPAT_STEP_REQUEST] && s->seen[COMPAT_STEP_REQUEST_AUTH] &&
           s->seen[COMPAT_STEP_REPLY] && s->seen[COMPAT_STEP_REPLY_AUTH];
}

void compat_free(compat_session *s)
{
    pssst_server_free(&s->server);
    pssst_reply_ctx_free(&s->pending[0]);
    pssst_reply_ctx_free(&s->pending[1]);
    explicit_bzero(s->server_private, sizeof s->server_private);
    explicit_bzero(s->client_private, sizeof s->client_private);
}
