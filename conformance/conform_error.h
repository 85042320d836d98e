/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conform_error.h - the error message buffer used across the conformance
 * runner. Loaders and replay functions never exit the process: they fill a
 * conform_error and return -1, and the caller decides what to do (main.c
 * prints it and exits 2; fuzz harnesses just discard it).
 */
#ifndef PSSST_CONFORM_ERROR_H
#define PSSST_CONFORM_ERROR_H

#include <stdarg.h>

#define CONFORM_ERROR_SIZE 1024

typedef struct {
    char text[CONFORM_ERROR_SIZE];
} conform_error;

/* Sets the message (printf format); a NULL err is ignored. Returns -1. */
int conform_error_set(conform_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Puts "prefix: " in front of the current message. Returns -1. */
int conform_error_prefix(conform_error *err, const char *prefix);

#endif
