/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_keys.h - the fixed keys the harnesses use, so that the seed corpus
 * generator (gen_corpus.py, which reads this file) can build inputs that
 * decrypt under them. The values are arbitrary byte strings chosen for the
 * fuzzers; they are deliberately unclamped (spec 2.1: clamped at use).
 */
#ifndef PSSST_FUZZ_KEYS_H
#define PSSST_FUZZ_KEYS_H

/* Server static private key. */
#define FUZZ_SERVER_PRIVATE "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff7"
/* Client static private key (client-auth requests). */
#define FUZZ_CLIENT_PRIVATE "c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0"
/* Ephemeral scalar of the fixed pending request and of the fixed dh_param. */
#define FUZZ_EPHEMERAL_PRIVATE "e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8"
/* Message of the fixed pending request, and of its genuine reply. */
#define FUZZ_PENDING_REQUEST "pending request"
#define FUZZ_PENDING_REPLY "genuine reply"

#endif
