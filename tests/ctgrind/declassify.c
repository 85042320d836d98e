/* SPDX-License-Identifier: Apache-2.0 */
/*
 * declassify.c - the library's declassification points for the ctgrind
 * checks (tests/ctgrind/ctgrind.c, tools/tests/ctgrind_keyfile.c), linked
 * in with -Wl,--wrap so that no frame of the library is exempted: the
 * comparison functions run on undefined data and are checked like the
 * rest; only their one-bit results are public and made defined here.
 */
#include <valgrind/memcheck.h>

#include "crypto.h"

__typeof__(pssst_ct_compare) __real_pssst_ct_compare, __wrap_pssst_ct_compare;
__typeof__(pssst_is_all_zero) __real_pssst_is_all_zero, __wrap_pssst_is_all_zero;

/* "Equal or not" is public: a tag or proof check (spec 7.3), or whether a
 * key text opens with a key file's first line. */
int __wrap_pssst_ct_compare(const uint8_t *a, const uint8_t *b, size_t len)
{
    int result = __real_pssst_ct_compare(a, b, len);
    VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
    return result;
}

/* "All zero or not" is public: an X25519 result (spec 5.3), or whether all
 * digits of a key text are hex digits. */
int __wrap_pssst_is_all_zero(const uint8_t *b, size_t len)
{
    int result = __real_pssst_is_all_zero(b, len);
    VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
    return result;
}
