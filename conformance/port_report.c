/* SPDX-License-Identifier: Apache-2.0 */
#include "port_report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pssst.h"
#include "report_model.h"

static void add_str(cJSON *o, const char *k, const char *v, bool *ok)
{
    if ((v != NULL ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)) == NULL)
        *ok = false;
}

static void add_num(cJSON *o, const char *k, double v, bool *ok)
{
    if (cJSON_AddNumberToObject(o, k, v) == NULL)
        *ok = false;
}

static void add_bool(cJSON *o, const char *k, bool v, bool *ok)
{
    if (cJSON_AddBoolToObject(o, k, v) == NULL)
        *ok = false;
}

static cJSON *add_obj(cJSON *o, const char *k, cJSON *child, bool *ok)
{
    if (child == NULL || !cJSON_AddItemToObject(o, k, child)) {
        cJSON_Delete(child);
        *ok = false;
        return NULL;
    }
    return child;
}

static cJSON *strings(char *const *items, size_t n, bool *ok)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < n; i++) {
        cJSON *s = cJSON_CreateString(items[i]);
        if (s == NULL || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            *ok = false;
        }
    }
    if (a == NULL)
        *ok = false;
    return a;
}

static cJSON *json_port(const port_report_info *info, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    size_t argc = 0;
    while (info->command[argc] != NULL)
        argc++;
    add_str(o, "name", info->name, ok);
    add_str(o, "implementation", info->caps->implementation, ok);
    add_obj(o, "command", strings(info->command, argc, ok), ok);
    cJSON *caps = add_obj(o, "capabilities", cJSON_CreateObject(), ok);
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
        add_obj(caps, "roles", strings(r, nr, ok), ok);
        add_obj(caps, "modes", strings(m, nm, ok), ok);
        add_bool(caps, "ephemeral", info->caps->ephemeral, ok);
        cJSON *suites = add_obj(caps, "suites", cJSON_CreateArray(), ok);
        for (size_t i = 0; suites != NULL && i < info->caps->n_suites; i++)
            cJSON_AddItemToArray(suites, cJSON_CreateNumber(info->caps->suites[i]));
    }
    return o;
}

static cJSON *json_set(const vec_set *set, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    char hex[2 * VEC_SHA256_SIZE + 1];
    vec_sha256_hex(set->combined_sha256, hex);
    add_str(o, "combinedSha256", hex, ok);
    cJSON *files = add_obj(o, "files", cJSON_CreateArray(), ok);
    for (size_t i = 0; files != NULL && i < set->n_files; i++) {
        cJSON *e = cJSON_CreateObject();
        if (e == NULL || !cJSON_AddItemToArray(files, e)) {
            cJSON_Delete(e);
            *ok = false;
            break;
        }
        vec_sha256_hex(set->files[i].sha256, hex);
        add_str(e, "name", set->files[i].name, ok);
        add_str(e, "sha256", hex, ok);
        add_num(e, "numberOfTests", (double)set->files[i].number_of_tests, ok);
    }
    return o;
}

static cJSON *json_summary(const port_summary *sum, int exit_code, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    add_num(o, "total", (double)(sum->n_results - sum->canaries), ok);
    for (int v = 0; v < PV_COUNT; v++)
        add_num(o, port_verdict_name((port_verdict)v), (double)sum->counts[v], ok);
    add_num(o, "known", (double)sum->known, ok);
    add_num(o, "unexpectedPass", (double)sum->unexpected_pass, ok);
    add_num(o, "changed", (double)sum->changed, ok);
    add_num(o, "staleExpectations", (double)sum->stale, ok);
    add_num(o, "canaries", (double)sum->canaries, ok);
    add_num(o, "canariesPassed", (double)sum->canaries_passed, ok);
    add_num(o, "canariesNotRun", (double)sum->canaries_not_run, ok);
    add_num(o, "harnessRestarts", (double)sum->restarts, ok);
    add_num(o, "notRun", (double)sum->not_run, ok);
    add_num(o, "seconds", sum->seconds, ok);
    add_num(o, "exitCode", exit_code, ok);
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
    const vec_file *f = &set->files[r->file];
    const vec_group *g = &f->groups[r->group];
    const vec_test *t = &g->tests[r->test];
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    add_str(o, "tcId", t->tc_id, ok);
    add_str(o, "file", f->name, ok);
    add_num(o, "group", (double)r->group, ok);
    add_num(o, "index", (double)r->test, ok);
    add_str(o, "role", vec_role_name(g->role), ok);
    add_str(o, "mode", vec_mode_name(g->mode), ok);
    add_str(o, "result", vec_result_name(t->result), ok);
    add_str(o, "stage", t->stage != VEC_STAGE_NONE ? vec_stage_name(t->stage) : NULL, ok);
    add_obj(o, "sections", strings(t->sections, t->n_sections, ok), ok);
    add_obj(o, "errors", strings(t->errors, t->n_errors, ok), ok);
    add_bool(o, "canary", r->canary, ok);
    add_str(o, "verdict", port_verdict_name(r->verdict), ok);
    add_str(o, "operation", r->detail.operation, ok);
    add_str(o, "reason", r->detail.reason, ok);
    add_str(o, "expected", r->detail.expected, ok);
    add_str(o, "actual", r->detail.actual, ok);
    if (r->outcome == EXPECT_NOT_LISTED) {
        add_str(o, "expectation", NULL, ok);
    } else {
        cJSON *x = add_obj(o, "expectation", cJSON_CreateObject(), ok);
        if (x != NULL) {
            add_str(x, "verdict", port_verdict_name(r->listed), ok);
            add_str(x, "outcome", outcome_name(r->outcome), ok);
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
    add_str(root, "tool", "pssst-conform", &ok);
    add_str(root, "command", "port", &ok);
    add_obj(root, "port", json_port(info, &ok), &ok);
    /* Which runner judged the port: its own library version and backend. */
    cJSON *runner = add_obj(root, "runner", cJSON_CreateObject(), &ok);
    if (runner != NULL) {
        add_str(runner, "version", pssst_version(), &ok);
        add_str(runner, "x25519Backend", pssst_x25519_backend(), &ok);
    }
    cJSON *opt = add_obj(root, "options", cJSON_CreateObject(), &ok);
    if (opt != NULL) {
        add_bool(opt, "strictErrors", info->options->select.strict_errors, &ok);
        add_num(opt, "timeoutMs", (double)info->timeout_ms, &ok);
        add_str(opt, "expectations",
                info->options->expect != NULL ? info->options->expect->path : NULL, &ok);
    }
    add_obj(root, "vectorSet", json_set(set, &ok), &ok);
    add_obj(root, "summary", json_summary(sum, info->exit_code, &ok), &ok);
    cJSON *tests = add_obj(root, "tests", cJSON_CreateArray(), &ok);
    for (size_t i = 0; tests != NULL && i < sum->n_results; i++) {
        cJSON *t = json_result(set, &sum->results[i], &ok);
        if (t == NULL || !cJSON_AddItemToArray(tests, t)) {
            cJSON_Delete(t);
            ok = false;
        }
    }
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int port_report_write_json(const char *path, const cJSON *report, conform_error *err)
{
    char *text = cJSON_Print(report);
    if (text == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        cJSON_free(text);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    }
    bool bad = fputs(text, fp) < 0 || fputc('\n', fp) == EOF;
    bad |= fclose(fp) != 0;
    cJSON_free(text);
    return bad ? conform_error_set(err, "%s: write failed", path) : 0;
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
    if (t->expected != NULL) {
        fprintf(fp, "\nexpected: ");
        rm_xml_text(fp, t->expected);
    }
    if (t->actual != NULL) {
        fprintf(fp, "\nactual:   ");
        rm_xml_text(fp, t->actual);
    }
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
