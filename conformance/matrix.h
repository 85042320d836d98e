/* SPDX-License-Identifier: Apache-2.0 */
/*
 * matrix.h - `pssst-conform matrix A.json B.json ... --html OUT`: JSON
 * reports of several runs (report_read_json) on one HTML page
 * (report_write_html), spec/harness.md section 6.1.
 */
#ifndef PSSST_CONFORM_MATRIX_H
#define PSSST_CONFORM_MATRIX_H

/* Exit status 0 when the page was written, 2 on a usage or input error. */
int conform_matrix_main(int argc, char **argv);

#endif
