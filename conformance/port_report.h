/* SPDX-License-Identifier: Apache-2.0 */
/*
 * port_report.h - reports of a port run (spec/harness.md section 6): a JSON
 * document in the same shape as the `vectors --json` report (report.h),
 * with the port's name, harness command and capabilities added and the
 * verdicts of port_verdict.h, and a JUnit XML file with one suite per spec
 * section. The JSON tree is also what the HTML matrix (html.h) reads.
 */
#ifndef PSSST_CONFORM_PORT_REPORT_H
#define PSSST_CONFORM_PORT_REPORT_H

#include <cjson/cJSON.h>

#include "port_run.h"

typedef struct {
    const char *name;           /* port name shown in reports */
    char *const *command;       /* harness argv, NULL-terminated */
    const harness_caps *caps;
    long timeout_ms;
    const port_options *options;
    int exit_code;
} port_report_info;

/* The report as a cJSON tree (NULL when out of memory). */
cJSON *port_report_build(const port_report_info *info, const vec_set *set,
                         const port_summary *sum);

/* Writes a cJSON tree as a formatted JSON file. */
int port_report_write_json(const char *path, const cJSON *report, conform_error *err);

/* JUnit XML: one <testsuite> per spec section cited; a test appears in each. */
int port_report_write_junit(const char *path, const cJSON *report, conform_error *err);

#endif
