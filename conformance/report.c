/* SPDX-License-Identifier: Apache-2.0 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_out.h"
#include "report_model.h"

/* ---- JSON ---------------------------------------------------------------- */

static cJSON *json_library(const report_info *info, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    jo_add_str(o, "implementation", info->implementation, ok);
    jo_add_str(o, "version", info->version, ok);
    jo_add_str(o, "x25519Backend", info->backend, ok);
    return o;
}

cJSON *report_vector_set_object(const vec_set *set, bool detailed, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    char hex[2 * VEC_SHA256_SIZE + 1];
    vec_sha256_hex(set->combined_sha256, hex);
    jo_add_str(o, "combinedSha256", hex, ok);
    cJSON *files = jo_add_child(o, "files", cJSON_CreateArray(), ok);
    for (size_t i = 0; files != NULL && i < set->n_files; i++) {
        const vec_file *f = &set->files[i];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            *ok = false;
            break;
        }
        vec_sha256_hex(f->sha256, hex);
        if (detailed)
            jo_add_str(e, "path", f->path, ok);
        jo_add_str(e, "name", f->name, ok);
        jo_add_str(e, "sha256", hex, ok);
        if (detailed) {
            jo_add_str(e, "kind", f->is_transcript ? "transcripts" : "vectors", ok);
            jo_add_str(e, "generator", f->generator, ok);
        }
        jo_add_num(e, "numberOfTests", (double)f->number_of_tests, ok);
        jo_append(files, e, ok);
    }
    if (detailed)
        jo_add_child(o, "leftOut", jo_string_array(set->left_out, set->n_left_out, ok), ok);
    return o;
}

static cJSON *json_options(const run_options *opt, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    jo_add_bool(o, "strictErrors", opt->strict_errors, ok);
    jo_add_child(o, "sections",
                 jo_string_array((char *const *)opt->sections, opt->n_sections, ok), ok);
    jo_add_child(o, "ids", jo_string_array((char *const *)opt->ids, opt->n_ids, ok), ok);
    return o;
}

static cJSON *json_summary(const run_summary *sum, int exit_code, bool *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    jo_add_num(o, "total", (double)sum->n_results, ok);
    jo_add_num(o, "passed", (double)sum->passed, ok);
    jo_add_num(o, "failed", (double)sum->failed, ok);
    jo_add_num(o, "wrongError", (double)sum->wrong_error, ok);
    jo_add_num(o, "skipped", (double)sum->skipped, ok);
    jo_add_num(o, "harnessErrors", (double)sum->errors, ok);
    jo_add_num(o, "seconds", sum->seconds, ok);
    jo_add_num(o, "exitCode", exit_code, ok);
    return o;
}

cJSON *report_test_object(const vec_set *set, size_t file, size_t group, size_t test, bool *ok)
{
    const vec_file *f = &set->files[file];
    const vec_group *g = &f->groups[group];
    const vec_test *t = &g->tests[test];
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    jo_add_str(o, "tcId", t->tc_id, ok);
    jo_add_str(o, "file", f->name, ok);
    jo_add_num(o, "group", (double)group, ok);
    jo_add_num(o, "index", (double)test, ok);
    jo_add_str(o, "role", vec_role_name(g->role), ok);
    jo_add_str(o, "mode", vec_mode_name(g->mode), ok);
    jo_add_str(o, "result", vec_result_name(t->result), ok);
    jo_add_str(o, "stage", t->stage != VEC_STAGE_NONE ? vec_stage_name(t->stage) : NULL, ok);
    jo_add_child(o, "sections", jo_string_array(t->sections, t->n_sections, ok), ok);
    return o;
}

void report_add_outcome(cJSON *o, const char *verdict, const char *operation, const char *reason,
                        const char *expected, const char *actual, bool *ok)
{
    jo_add_str(o, "verdict", verdict, ok);
    jo_add_str(o, "operation", operation, ok);
    jo_add_str(o, "reason", reason, ok);
    jo_add_str(o, "expected", expected, ok);
    jo_add_str(o, "actual", actual, ok);
}

static cJSON *json_result(const vec_set *set, const run_result *r, bool *ok)
{
    const vec_test *t = &set->files[r->file].groups[r->group].tests[r->test];
    cJSON *o = report_test_object(set, r->file, r->group, r->test, ok);
    if (o == NULL)
        return NULL;
    jo_add_child(o, "flags", jo_string_array(t->flags, t->n_flags, ok), ok);
    jo_add_child(o, "errors", jo_string_array(t->errors, t->n_errors, ok), ok);
    report_add_outcome(o, verdict_name(r->verdict.kind), r->verdict.operation, r->verdict.reason,
                       r->verdict.expected, r->verdict.actual, ok);
    jo_add_num(o, "seconds", r->seconds, ok);
    return o;
}

int report_write_json(const char *path, const report_info *info, const vec_set *set,
                      const run_summary *sum, conform_error *err)
{
    bool ok = true;
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    jo_add_str(root, "tool", "pssst-conform", &ok);
    jo_add_str(root, "command", info->command, &ok);
    jo_add_child(root, "library", json_library(info, &ok), &ok);
    jo_add_child(root, "options", json_options(info->options, &ok), &ok);
    jo_add_child(root, "vectorSet", report_vector_set_object(set, true, &ok), &ok);
    jo_add_child(root, "summary", json_summary(sum, info->exit_code, &ok), &ok);
    cJSON *tests = jo_add_child(root, "tests", cJSON_CreateArray(), &ok);
    for (size_t i = 0; tests != NULL && i < sum->n_results; i++)
        jo_append(tests, json_result(set, &sum->results[i], &ok), &ok);
    int rc = ok ? jo_write_file(path, root, err)
                : conform_error_set(err, "%s: out of memory", path);
    cJSON_Delete(root);
    return rc;
}

/* ---- JUnit --------------------------------------------------------------- */

static const vec_test *result_test(const vec_set *set, const run_result *r)
{
    return &set->files[r->file].groups[r->group].tests[r->test];
}

static bool cites(const vec_test *t, const char *section)
{
    if (t->n_sections == 0)
        return strcmp(section, RM_NO_SECTION) == 0;
    for (size_t i = 0; i < t->n_sections; i++)
        if (strcmp(t->sections[i], section) == 0)
            return true;
    return false;
}

/* The distinct sections cited by the results, sorted (pointers into the set). */
static const char **collect_sections(const vec_set *set, const run_summary *sum, size_t *n)
{
    size_t cap = 1;
    for (size_t i = 0; i < sum->n_results; i++)
        cap += result_test(set, &sum->results[i])->n_sections + 1;
    const char **list = calloc(cap, sizeof *list);
    *n = 0;
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < sum->n_results; i++) {
        const vec_test *t = result_test(set, &sum->results[i]);
        const char *none = RM_NO_SECTION;
        size_t count = t->n_sections > 0 ? t->n_sections : 1;
        for (size_t s = 0; s < count; s++) {
            const char *name = t->n_sections > 0 ? t->sections[s] : none;
            bool seen = false;
            for (size_t k = 0; k < *n && !seen; k++)
                seen = strcmp(list[k], name) == 0;
            if (!seen)
                list[(*n)++] = name;
        }
    }
    qsort(list, *n, sizeof *list, rm_section_cmp_ptr);
    return list;
}

static void junit_properties(FILE *fp, const report_info *info, const vec_set *set)
{
    char hex[2 * VEC_SHA256_SIZE + 1];
    fprintf(fp, "    <properties>\n");
    fprintf(fp, "      <property name=\"implementation\" value=\"");
    rm_xml_text(fp, info->implementation);
    fprintf(fp, "\"/>\n      <property name=\"x25519Backend\" value=\"");
    rm_xml_text(fp, info->backend);
    vec_sha256_hex(set->combined_sha256, hex);
    fprintf(fp, "\"/>\n      <property name=\"vectorSetSha256\" value=\"%s\"/>\n", hex);
    for (size_t i = 0; i < set->n_files; i++) {
        vec_sha256_hex(set->files[i].sha256, hex);
        fprintf(fp, "      <property name=\"sha256:");
        rm_xml_text(fp, set->files[i].name);
        fprintf(fp, "\" value=\"%s\"/>\n", hex);
    }
    fprintf(fp, "      <property name=\"strictErrors\" value=\"%s\"/>\n",
            info->options->strict_errors ? "true" : "false");
    fprintf(fp, "    </properties>\n");
}

static void junit_testcase(FILE *fp, const vec_set *set, const run_result *r)
{
    const vec_file *f = &set->files[r->file];
    const vec_group *g = &f->groups[r->group];
    const vec_test *t = &g->tests[r->test];
    const replay_verdict *v = &r->verdict;
    fprintf(fp, "    <testcase name=\"");
    rm_xml_text(fp, t->tc_id);
    fprintf(fp, " [%s]\" classname=\"", vec_role_name(g->role));
    rm_xml_text(fp, f->name);
    fprintf(fp, ".%s.%s\" time=\"%.6f\"", vec_role_name(g->role), vec_mode_name(g->mode),
            r->seconds);
    if (v->kind == VERDICT_PASS) {
        fprintf(fp, "/>\n");
        return;
    }
    fprintf(fp, ">\n");
    const char *element = v->kind == VERDICT_FAIL    ? "failure"
                          : v->kind == VERDICT_ERROR ? "error"
                          : v->kind == VERDICT_SKIP  ? "skipped"
                                                     : "system-out";
    if (v->kind == VERDICT_WRONG_ERROR) {
        fprintf(fp, "      <system-out>wrong-error: ");
        rm_xml_text(fp, v->reason);
    } else {
        fprintf(fp, "      <%s message=\"", element);
        rm_xml_text(fp, v->reason);
        fprintf(fp, "\" type=\"%s\">", verdict_name(v->kind));
    }
    rm_xml_expected_actual(fp, v->expected, v->actual);
    fprintf(fp, "</%s>\n    </testcase>\n", element);
}

static void junit_suite(FILE *fp, const char *section, const report_info *info,
                        const vec_set *set, const run_summary *sum)
{
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
    for (size_t i = 0; i < sum->n_results; i++) {
        const run_result *r = &sum->results[i];
        if (!cites(result_test(set, r), section))
            continue;
        tests++;
        seconds += r->seconds;
        failures += r->verdict.kind == VERDICT_FAIL;
        errors += r->verdict.kind == VERDICT_ERROR;
        skipped += r->verdict.kind == VERDICT_SKIP;
    }
    fprintf(fp, "  <testsuite name=\"");
    if (strcmp(section, RM_NO_SECTION) != 0)
        fprintf(fp, "spec ");
    rm_xml_text(fp, section);
    fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\">\n",
            tests, failures, errors, skipped, seconds);
    junit_properties(fp, info, set);
    for (size_t i = 0; i < sum->n_results; i++)
        if (cites(result_test(set, &sum->results[i]), section))
            junit_testcase(fp, set, &sum->results[i]);
    fprintf(fp, "  </testsuite>\n");
}

int report_write_junit(const char *path, const report_info *info, const vec_set *set,
                       const run_summary *sum, conform_error *err)
{
    size_t n_sections;
    const char **sections = collect_sections(set, sum, &n_sections);
    if (sections == NULL)
        return conform_error_set(err, "%s: out of memory", path);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        free(sections);
        return conform_error_set(err, "%s: cannot create: %s", path, strerror(errno));
    }
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(fp, "<testsuites name=\"pssst-conform %s\" tests=\"%zu\" failures=\"%zu\" "
                "errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
            info->command, sum->n_results, sum->failed, sum->errors, sum->skipped, sum->seconds);
    for (size_t i = 0; i < n_sections; i++)
        junit_suite(fp, sections[i], info, set, sum);
    fprintf(fp, "</testsuites>\n");
    free(sections);
    bool bad = ferror(fp) != 0;
    bad |= fclose(fp) != 0;
    if (bad)
        return conform_error_set(err, "%s: write failed", path);
    return 0;
}
