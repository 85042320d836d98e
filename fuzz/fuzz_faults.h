/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_faults.h - the injection point shared by the fault wrappers. */
#ifndef PSSST_FUZZ_FAULTS_H
#define PSSST_FUZZ_FAULTS_H

#include <stdbool.h>

/* Counts one wrapped call; true when it is the one the input makes fail. */
bool fuzz_fault_inject(void);

#endif
