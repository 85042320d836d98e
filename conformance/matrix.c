/* SPDX-License-Identifier: Apache-2.0 */
/*
 * matrix.c - `pssst-conform matrix A.json B.json ... --html OUT`: several
 * ports' JSON reports (of `port --json` or `vectors --json`) combined into
 * one port x spec-section matrix (spec/harness.md section 6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "json_util.h"
#include "port.h"
#include "vector_load.h"

#define EXIT_PASS 0
#define EXIT_USAGE 2

static const char matrix_usage[] = "usage: pssst-conform matrix REPORT.json ... --html OUT\n";

typedef struct {
    cJSON **trees;
    rm_port *ports;
    size_t n;
} matrix_input;

static void free_input(matrix_input *m)
{
    for (size_t i = 0; i < m->n; i++) {
        rm_port_free(&m->ports[i]);
        cJSON_Delete(m->trees[i]);
    }
    free(m->trees);
    free(m->ports);
}

static int load_report(const char *path, cJSON **tree, rm_port *port, conform_error *err)
{
    char *data;
    size_t len;
    if (vec_read_file(path, &data, &len, err) != 0)
        return -1;
    *tree = ju_parse(data, len, err);
    free(data);
    if (*tree == NULL)
        return conform_error_prefix(err, path);
    return rm_port_load(*tree, path, port, err);
}

int conform_matrix_main(int argc, char **argv)
{
    const char *out = NULL;
    matrix_input m = {calloc((size_t)argc, sizeof(cJSON *)), calloc((size_t)argc, sizeof(rm_port)),
                      0};
    conform_error err;
    int rc = EXIT_PASS;
    if (m.trees == NULL || m.ports == NULL) {
        free_input(&m);
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc && rc == EXIT_PASS; i++) {
        if (strcmp(argv[i], "--html") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strncmp(argv[i], "--html=", 7) == 0 && argv[i][7] != '\0') {
            out = argv[i] + 7;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(matrix_usage, stdout);
            free_input(&m);
            return EXIT_PASS;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "pssst-conform matrix: unknown option %s\n%s", argv[i], matrix_usage);
            rc = EXIT_USAGE;
        } else if (load_report(argv[i], &m.trees[m.n], &m.ports[m.n], &err) != 0) {
            cJSON_Delete(m.trees[m.n]);
            fprintf(stderr, "pssst-conform matrix: %s\n", err.text);
            rc = EXIT_USAGE;
        } else {
            m.n++;
        }
    }
    if (rc == EXIT_PASS && (out == NULL || m.n == 0)) {
        fputs(matrix_usage, stderr);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_PASS && html_write_matrix(out, m.ports, m.n, &err) != 0) {
        fprintf(stderr, "pssst-conform matrix: %s\n", err.text);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_PASS)
        printf("matrix of %zu port%s written to %s\n", m.n, m.n == 1 ? "" : "s", out);
    free_input(&m);
    return rc;
}
