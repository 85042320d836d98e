# SPDX-License-Identifier: Apache-2.0
# Helpers of the report writers (report_json.c, report_junit.c,
# report_html.c, report_read.c in pssst_conform_core): text cleaned for
# JSON and XML, and the section titles generated from spec/pssst.md by
# spec_sections.py (CTest conform.spec-sections.up-to-date).
target_sources(pssst_conform_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/report_escape.c
  ${CMAKE_CURRENT_LIST_DIR}/spec_sections.c
)
