/* SPDX-License-Identifier: Apache-2.0 */
/* `pssst version`: the library's version and X25519 backend. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_version(int argc, char **argv)
{
    if (argc == 2 && cli_is_help(argv[1])) {
        printf("Usage: %s version\n\nPrints the version of the tool and of the linked "
               "library, the crypto backend the library uses, and the crypto library and\n"
               "version that backend was built with.\n",
               TOOL_NAME);
        return TOOL_EXIT_OK;
    }
    if (argc > 1 && argv[1][0] == '-')
        return cli_usage_error(argv[0], "unknown option '%s'", argv[1]);
    if (argc > 1)
        return cli_usage_error(argv[0], "takes no arguments, got '%s'", argv[1]);
    printf("%s %s\n", TOOL_NAME, PSSST_VERSION_STRING);
    printf("library: %s\n", pssst_version());
    printf("backend: %s\n", pssst_x25519_backend());
    printf("crypto: %s\n", pssst_crypto_library());
    return TOOL_EXIT_OK;
}
