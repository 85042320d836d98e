/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - the entry point of the Eva analysis (proofs/run.sh): every
 * driver in turn. Each driver starts from nothing known about its inputs;
 * their states meet only in the library's read-only tables.
 */
#include "driver.h"

int main(void)
{
    drive_packet();
    drive_keys_and_status();
    drive_server();
    drive_client();
    drive_overlap();
    drive_exact();
    return 0;
}
