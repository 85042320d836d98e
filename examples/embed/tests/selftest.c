/* SPDX-License-Identifier: Apache-2.0 */
/* selftest.c - the embedding application's own test: pssst.h is reachable. */
#include <pssst.h>
#include <stdio.h>

int main(void)
{
    printf("pssst %s, backend %s\n", pssst_version(), pssst_x25519_backend());
    return 0;
}
