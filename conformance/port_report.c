/* SPDX-License-Identifier: Apache-2.0 */
#include "port_report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "report.h"
#include "pssst.h"
#include "report_model.h"

static cJSON *json_port(const port_report_info *info, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    size_t argc = 0;
    while (info->command[argc] != NULL)
        argc++;
    jo_add_str(o, "name", info->name, ok);
    jo_add_str(o, "implementation", info->caps->implementation, ok);
    jo_add_child(o, "command", jo_string_array(info->command, argc, ok), ok);
    cJSON *caps = jo_add_child(o, "capabilities", cJSON_CreateObject(), ok);
    if (caps != NULL) {
        const char *roles[2] = {"client", "server"}, *modes[2] = {"anonymous", "client_auth"};
        char *r[2], *m[2];
        size_t nr = 0, nm = 0;
        for (int i = 0; i < 2; i++) {
            if (info->caps->roles[i])
                r[nr++] = (char *)roles[i];
            if (info->caps->modes[i])
                m[nm++] = (char *)modes[i];
        }
        jo_add_child(caps, "roles", jo_string_array(r, nr, ok), ok);
        jo_add_child(caps, "modes", jo_string_array(m, nm, ok), ok);
        jo_add_bool(caps, "ephemeral", info->caps->ephemeral, ok);
        cJSON *suites = jo_add_child(caps, "suites", cJSON_CreateArray(), ok);
        for (size_t i = 0; suites != NULL && i < info->caps->n_suites; i++)
            jo_append(suites, cJSON_CreateNumber(info->caps->suites[i]), ok);
    }
    return o;
}

static cJSON *json_summary(const port_summary *sum, int exit_code, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    jo_add_num(o, "total", (double)(sum->n_results - sum->canaries), ok);
    for (int v = 0; v < PV_COUNT; v++)
        jo_add_num(o, port_verdict_name((port_verdict)v), (double)sum->counts[v], ok);
    jo_add_num(o, "known", (double)sum->known, ok);
    jo_add_num(o, "unexpectedPass", (double)sum->unexpected_pass, ok);
    jo_add_num(o, "changed", (double)sum->changed, ok);
    jo_add_num(o, "staleExpectations", (double)sum->stale, ok);
    jo_add_num(o, "canaries", (double)sum->canaries, ok);
    jo_add_num(o, "canariesPassed", (double)sum->canaries_passed, ok);
    jo_add_num(o, "canariesNotRun", (double)sum->canaries_not_run, ok);
    jo_add_num(o, "harnessRestarts", (double)sum->restarts, ok);
    jo_add_num(o, "notRun", (double)sum->not_run, ok);
    jo_add_num(o, "seconds", sum->seconds, ok);
    jo_add_num(o, "exitCode", exit_code, ok);
    return o;
}

static const char *outcome_name(expect_outcome o)
{
    switch (o) {
    case EXPECT_KNOWN:
        return "known";
    case EXPECT_UNEXPECTED_PASS:
        return "unexpected-pass";
    case EXPECT_CHANGED:
        return "changed";
    case EXPECT_NOT_LISTED:
        break;
    }
    return NULL;
}

static cJSON *json_result(const vec_set *set, const port_result *r, bool *ok)
{
    const vec_test *t = &set->files[r->file].groups[r->group].tests[r->test];
    cJSON *o = report_test_object(set, r->file, r->group, r->test, ok);
    if (o == NULL)
        return NULL;
    jo_add_child(o, "errors", jo_string_array(t->errors, t->n_errors, ok), ok);
    jo_add_bool(o, "canary", r->canary, ok);
    report_add_outcome(o, port_verdict_name(r->verdict), r->detail.operation, r->detail.reason,
                       r->detail.expected, r->detail.actual, ok);
    if (r->outcome == EXPECT_NOT_LISTED) {
        jo_add_str(o, "expectation", NULL, ok);
    } else {
        cJSON *x = jo_add_child(o, "expectation", cJSON_CreateObject(), ok);
        if (x != NULL) {
            jo_add_str(x, "verdict", port_verdict_name(r->listed), ok);
            jo_add_str(x, "outcome", outcome_name(r->outcome), ok);
        }
    }
    return o;
}

cJSON *port_report_build(const port_report_info *info, const vec_set *set,
                         const port_summary *sum)
{
    bool ok = true;
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        return NULL;
    jo_add_str(root, "tool", "pssst-conform", &ok);
    jo_add_str(root, "command", "port", &ok);
    jo_add_child(root, "port", json_port(info, &ok), &ok);
    /* Which runner judged the port: its own library version and backend. */
    cJSON *runner = jo_add_child(root, "runner", cJSON_CreateObject(), &ok);
    if (runner != NULL) {
        jo_add_str(runner, "version", pssst_version(), &ok);
        jo_add_str(runner, "x25519Backend", pssst_x25519_backend(), &ok);
    }
    cJSON *opt = jo_add_child(root, "options", cJSON_CreateObject(), &ok);
    if (opt != NULL) {
        jo_add_bool(opt, "strictErrors", info->options->select.strict_errors, &ok);
        jo_add_num(opt, "timeoutMs", (double)info->timeout_ms, &ok);
        jo_add_str(opt, "expectations",
                info->options->expect != NULL ? info->options->expect->path : NULL, &ok);
    }
    jo_add_child(root, "vectorSet", report_vector_set_object(set, false, &ok), &ok);
    jo_add_child(root, "summary", json_summary(sum, info->exit_code, &ok), &ok);
    cJSON *tests = jo_add_child(root, "tests", cJSON_CreateArray(), &ok);
    for (size_t i = 0; tests != NULL && i < sum->n_results; i++) {
        jo_append(tests, json_result(set, &sum->results[i], &ok), &ok);
    }
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int port_report_write_json(const char *path, const cJSON *report, conform_error *err)
{
    return jo_write_file(path, report, err);
}

/* ---- JUnit ---------------------------------------------------------------- */

static void junit_case(FILE *fp, const rm_test *t)
{
    fprintf(fp, "    <testcase name=\"");
    rm_xml_text(fp, t->tc_id);
    fprintf(fp, "\" classname=\"");
    rm_xml_text(fp, t->file);
    fprintf(fp, "\" time=\"0\"");
    if (t->pass) {
        fprintf(fp, "/>\n");
        return;
    }
    const char *element = rm_verdict_fails(t->verdict) && !t->known ? "failure"
                          : strcmp(t->verdict, "unsupported") == 0 ? "skipped"
                                                                   : "system-out";
    fprintf(fp, ">\n      <%s", element);
    if (strcmp(element, "system-out") != 0) {
        fprintf(fp, " type=\"");
        rm_xml_text(fp, t->verdict);
        fprintf(fp, "\" message=\"");
        rm_xml_text(fp, t->reason);
        fprintf(fp, "\">");
    } else {
        fprintf(fp, ">");
        rm_xml_text(fp, t->verdict);
        fprintf(fp, t->known ? " (known): " : ": ");
        rm_xml_text(fp, t->reason);
    }
    rm_xml_expected_actual(fp, t->expected, t->actual);
    fprintf(fp, "</%s>\n    </testcase>\n", element);
}

static void junit_suite(FILE *fp, const rm_port *p, const char *section)
{
    size_t tests = 0, failures = 0, skipped = 0;
    for (size_t i = 0; i < p->n_tests; i++) {
        const rm_test *t = &p->tests[i];
        if (!rm_cites(t, section))
            continue;
        tests++;
        failures += !t->pass && rm_verdict_fails(t->verdict) && !t->known;
        skipped += strcmp(t->verdict, "unsupported") == 0;
    }
    fprintf(fp, "  <testsuite name=\"");
    rm_xml_text(fp, p->name);
    fprintf(fp, ": spec ");
    rm_xml_text(fp, section);
    fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n", tests,
            failures, skipped);
    for (size_t i = 0; i < p->n_tests; i++)
        if (rm_cites(&p->tests[i], section))
            junit_case(fp, &p->tests[i]);
    fprintf(fp, "  </testsuite>\n");
}

int port_report_write_junit(const char *path, const cJSON *report, conform_error *err)
{
    rm_port p;
    if (rm_port_load(report, "port report", &p, err) != 0)
        return -1;
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        rm_port_free(&p);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    }
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pssst-conform port ");
    rm_xml_text(fp, p.name);
    fprintf(fp, "\">\n");
    for (size_t s = 0; s < p.n_sections; s++)
        junit_suite(fp, &p, p.sections[s]);
    fprintf(fp, "</testsuites>\n");
    rm_port_free(&p);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
}
