/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the `pssst` tool: one line per command. */
#include "commands.h"

#include <string.h>

const tool_command tool_commands[] = {
    {"help", cmd_help, "show this list, or the usage of one command"},
    {"version", cmd_version, "print the library version and its X25519 backend"},
    {"keygen", cmd_keygen, "generate an X25519 key pair (private key file, public key hex)"},
    {"pubkey", cmd_pubkey, "print the public key of a private key file"},
    {"demo", cmd_demo, "run one anonymous and one client-authenticated transaction"},
    {"echo-server", cmd_echo_server, "UDP echo server: answer PSSST requests, count invalid ones"},
    {"echo-client", cmd_echo_client, "UDP load client: send, verify, retry; report rate and latency"},
};

const size_t tool_command_count = sizeof tool_commands / sizeof tool_commands[0];

const tool_command *tool_find_command(const char *name)
{
    for (size_t i = 0; i < tool_command_count; i++) {
        if (strcmp(tool_commands[i].name, name) == 0)
            return &tool_commands[i];
    }
    return NULL;
}
