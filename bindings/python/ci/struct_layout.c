/* SPDX-License-Identifier: Apache-2.0 */
/*
 * struct_layout: prints the size and field offsets of the context types of
 * include/pssst.h, one "TYPE.FIELD OFFSET" line per field and "TYPE SIZE"
 * per type, so that tests/test_layout.py can check the ctypes mirrors of
 * pssst_c/_native.py against what the compiler lays out.
 */
#include <stddef.h>
#include <stdio.h>

#include "pssst.h"

#define FIELD(type, field) printf(#type "." #field " %zu\n", offsetof(type, field))
#define SIZE(type) printf(#type " %zu\n", sizeof(type))

int main(void)
{
    SIZE(pssst_client);
    FIELD(pssst_client, magic_);
    FIELD(pssst_client, suite_);
    FIELD(pssst_client, client_auth_);
    FIELD(pssst_client, server_public_);
    FIELD(pssst_client, client_private_);
    FIELD(pssst_client, client_public_);
    FIELD(pssst_client, client_server_shared_);
    SIZE(pssst_server);
    FIELD(pssst_server, magic_);
    FIELD(pssst_server, suite_);
    FIELD(pssst_server, server_private_);
    FIELD(pssst_server, server_public_);
    SIZE(pssst_reply_ctx);
    FIELD(pssst_reply_ctx, state_);
    FIELD(pssst_reply_ctx, flags_);
    FIELD(pssst_reply_ctx, suite_);
    FIELD(pssst_reply_ctx, dh_param_);
    FIELD(pssst_reply_ctx, key_);
    FIELD(pssst_reply_ctx, nonce_);
    return 0;
}
