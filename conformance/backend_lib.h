/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend_lib.h - the replay backend that runs tests against this library
 * through its public API (include/pssst.h).
 */
#ifndef PSSST_CONFORM_BACKEND_LIB_H
#define PSSST_CONFORM_BACKEND_LIB_H

#include "replay.h"

/* Opaque state of the library backend; one per runner. */
typedef struct backend_lib backend_lib;

/* Creates the state and fills *be; NULL state on allocation failure. */
backend_lib *backend_lib_new(replay_backend *be);
void backend_lib_delete(backend_lib *lib);

#endif
