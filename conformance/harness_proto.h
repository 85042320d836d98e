/* SPDX-License-Identifier: Apache-2.0 */
/*
 * harness_proto.h - names and limits of the port harness protocol
 * (spec/harness.md section 3), shared by the runner side (backend.c)
 * and this library's harness program (harness/pssst_harness.c).
 *
 * One JSON object per line in each direction. The runner sends
 * {"op": "hello", "protocol": 1} and the harness answers with its
 * capabilities; then every request carries an "id" that the response
 * repeats, an "op" and hex fields, and every response has a "status":
 * "OK", a status name of spec 10.1, or one of the lower-case words below.
 */
#ifndef PSSST_CONFORM_HARNESS_PROTO_H
#define PSSST_CONFORM_HARNESS_PROTO_H

#define HARNESS_PROTOCOL_VERSION 1

/* Longest line either side sends: a packet of 1 MiB in hex, with room. */
#define HARNESS_MAX_LINE (4u * 1024u * 1024u)

/* Status words outside spec 10.1; lower case so they never collide with it. */
#define HARNESS_STATUS_UNSUPPORTED "unsupported" /* the port cannot do this */
#define HARNESS_STATUS_CRASH "crash" /* the port failed in a way that is no PSSST error */
#define HARNESS_STATUS_ERROR "error" /* the harness could not understand the request */

/* Operations. */
#define HARNESS_OP_HELLO "hello"
#define HARNESS_OP_BEGIN "begin"
#define HARNESS_OP_CLIENT_INIT "client_init"
#define HARNESS_OP_PACK_REQUEST "pack_request"
#define HARNESS_OP_UNPACK_REPLY "unpack_reply"
#define HARNESS_OP_SERVER_INIT "server_init"
#define HARNESS_OP_UNPACK_REQUEST "unpack_request"
#define HARNESS_OP_PACK_REPLY "pack_reply"
/* Optional, offered with "publicKey": true in the hello response. */
#define HARNESS_OP_PUBLIC_KEY "public_key"

#endif
