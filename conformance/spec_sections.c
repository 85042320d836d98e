/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spec_sections.c - GENERATED from the headings of spec/pssst.md by
 * conformance/spec_sections.py; do not edit. After changing a heading run
 *     python3 conformance/spec_sections.py
 * (the CTest conform.spec-sections.up-to-date fails until then).
 */
#include "spec_sections.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *number, *title;
} spec_sections[] = {
    {"1", "Introduction"},
    {"1.1", "Goals"},
    {"1.2", "Non-goals"},
    {"1.3", "Requirements language"},
    {"1.4", "Terminology"},
    {"2", "Primitives"},
    {"2.1", "X25519 and clamping"},
    {"2.2", "SHA-256"},
    {"2.3", "AES-128-GCM"},
    {"3", "Cipher suites"},
    {"3.1", "Registry"},
    {"3.2", "Suite 1 X25519_AESGCM128"},
    {"4", "Packet format"},
    {"4.1", "Layout"},
    {"4.2", "Flags"},
    {"4.3", "Reserved bits"},
    {"4.4", "Lengths"},
    {"5", "Key schedule"},
    {"5.1", "Derivation"},
    {"5.2", "Nonces"},
    {"5.3", "All-zero shared secrets"},
    {"6", "Requests"},
    {"6.1", "Anonymous request"},
    {"6.2", "Client-authenticated request"},
    {"6.3", "Ephemeral scalars"},
    {"7", "Server processing"},
    {"7.1", "Validation order"},
    {"7.2", "Decryption"},
    {"7.3", "Client-auth proof verification"},
    {"8", "Replies"},
    {"8.1", "Reply construction"},
    {"8.2", "Reply context single use"},
    {"9", "Client processing of a reply"},
    {"9.1", "Validation order"},
    {"9.2", "Reply authentication"},
    {"10", "Errors"},
    {"10.1", "Status codes"},
    {"10.2", "Precedence"},
    {"10.3", "Outputs of a call"},
    {"11", "Security considerations"},
    {"11.1", "Replay"},
    {"11.2", "Single-use reply keys"},
    {"11.3", "Unlinkability"},
    {"11.4", "What client authentication proves and reveals"},
    {"11.5", "Side channels"},
    {"11.6", "Denial of service"},
    {"11.7", "What the reference implementation proves about itself"},
    {"12", "Divergences from the reference implementation"},
    {"12.1", "Deviations measured in the ports"},
    {"13", "References"},
    {"A", "Worked examples"},
    {"A.1", "Anonymous request and reply (transcript 0)"},
    {"A.2", "Client-authenticated request and reply (transcript 3)"},
};

const char *spec_section_title(const char *number)
{
    for (size_t i = 0; i < sizeof spec_sections / sizeof spec_sections[0]; i++)
        if (strcmp(spec_sections[i].number, number) == 0)
            return spec_sections[i].title;
    return NULL;
}
