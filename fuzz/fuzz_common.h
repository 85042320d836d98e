/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_common.h - what every harness in fuzz/ shares: the libFuzzer entry
 * point's prototype, a property check that stops the process, a bounded
 * reader over the fuzz input, and the fixed keys of fuzz_keys.h.
 *
 * The harnesses are engine-neutral: the same file links with libFuzzer,
 * with AFL++'s driver, or with replay_main.c (plain gcc, CTest).
 */
#ifndef PSSST_FUZZ_COMMON_H
#define PSSST_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The entry point every engine calls once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A property the library must hold. When cond is false the harness prints
 * what was expected and aborts, so that every engine records a crash.
 */
void fuzz_require(bool cond, const char *what);

/* Like fuzz_require, for a status: prints the name of the got status. */
void fuzz_require_status(int got, int expected, const char *what);

/* A bounded read cursor over the fuzz input; reads past the end give zeros. */
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t pos;
} fuzz_reader;

void fuzz_reader_init(fuzz_reader *r, const uint8_t *data, size_t size);
uint8_t fuzz_take_u8(fuzz_reader *r);
uint16_t fuzz_take_u16(fuzz_reader *r);
/* Copies n bytes (zero-filled beyond the end of the input) into out. */
void fuzz_take_bytes(fuzz_reader *r, uint8_t *out, size_t n);
size_t fuzz_remaining(const fuzz_reader *r);
/* The unread rest of the input. */
const uint8_t *fuzz_rest(const fuzz_reader *r);

/*
 * A heap copy of len bytes with nothing after them, so that AddressSanitizer
 * reports a read even one byte past the end. Never NULL (aborts on failure);
 * free with free().
 */
uint8_t *fuzz_dup(const uint8_t *data, size_t len);

/* A heap buffer of exactly len bytes (at least one byte is allocated so the
 * pointer is never NULL), filled with fill. */
uint8_t *fuzz_alloc(size_t len, uint8_t fill);

/* Reads a fixed 32-byte key of fuzz_keys.h, given as 64 hex digits. */
void fuzz_key_from_hex(uint8_t out[32], const char *hex64);

#endif
