/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_vector_load.c - the loader of pssst-conform (vec_load_buffer,
 * conformance/vector_load.h) on raw file contents. It reads vector and
 * transcript files alike; the two fuzz targets built from this file
 * (vector_load, transcript_load) differ only in their corpora.
 *
 * The text is passed without a terminating NUL, in a buffer of exactly its
 * size. Properties: no crash, no leak (a refused file leaves nothing to
 * free), a refusal always carries a message naming the input, and a loaded
 * file has a name, its tests have ids, and freeing it releases everything.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "vector_load.h"

#define INPUT_NAME "fuzz-input"

static void check_loaded(const vec_file *f)
{
    fuzz_require(f->name != NULL && f->path != NULL, "a loaded file is named");
    fuzz_require(f->n_groups == 0 || f->groups != NULL, "groups present");
    for (size_t g = 0; g < f->n_groups; g++) {
        const vec_group *grp = &f->groups[g];
        fuzz_require(grp->n_tests == 0 || grp->tests != NULL, "tests present");
        for (size_t t = 0; t < grp->n_tests; t++) {
            const vec_test *test = &grp->tests[t];
            fuzz_require(test->tc_id != NULL, "every test has a tcId");
            fuzz_require(test->n_errors == 0 || test->errors != NULL, "errors present");
            for (size_t e = 0; e < test->n_errors; e++)
                fuzz_require(test->errors[e] != NULL, "error names present");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = (char *)fuzz_dup(data, size);
    vec_file f;
    conform_error err;

    memset(&err, 0, sizeof err);
    int rc = vec_load_buffer(INPUT_NAME, text, size, &f, &err);
    if (rc == 0) {
        check_loaded(&f);
        vec_file_free(&f);
    } else {
        fuzz_require(rc == -1, "loaders return 0 or -1");
        fuzz_require(memchr(err.text, '\0', sizeof err.text) != NULL, "message terminated");
        fuzz_require(strncmp(err.text, INPUT_NAME, strlen(INPUT_NAME)) == 0,
                     "a refusal names the input");
    }
    free(text);
    return 0;
}
