/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html.h - the port x spec-section matrix as one self-contained HTML page
 * (spec/harness.md section 6): a row per spec section, a column per port,
 * each cell "passed/total" with the other verdicts counted and a link to
 * the list of its tests that did not pass, with expected and actual bytes.
 * Cells carry data-pass and data-total attributes so that tests can read
 * the rendered counts back.
 */
#ifndef PSSST_CONFORM_HTML_H
#define PSSST_CONFORM_HTML_H

#include "report_model.h"

int html_write_matrix(const char *path, const rm_port *ports, size_t n_ports,
                      conform_error *err);

#endif
