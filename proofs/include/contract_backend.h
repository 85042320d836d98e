/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The analysed build's default backend, declared for src/crypto.c (which
 * names the default through PSSST_DEFAULT_BACKEND); proofs/run.sh includes
 * this header before every file. Defined in proofs/stubs/crypto_contracts.c.
 */
#ifndef PSSST_PROOFS_CONTRACT_BACKEND_H
#define PSSST_PROOFS_CONTRACT_BACKEND_H

#include "crypto.h"

extern const pssst_crypto_backend pssst_crypto_contract;

#endif
