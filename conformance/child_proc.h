/* SPDX-License-Identifier: Apache-2.0 */
/*
 * child_proc.h - another program run as a child process and spoken to in
 * lines over its stdin and stdout, with deadlines. Used to drive another
 * port's compatibility program (peer.c) and a port's harness program
 * (backend.c). The child's stderr is left connected to ours so that
 * its diagnostics reach the person running the check.
 */
#ifndef PSSST_CONFORM_CHILD_PROC_H
#define PSSST_CONFORM_CHILD_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Default of write_timeout_ms: a child that stops reading its input cannot
 * block the runner for longer than this. */
#define CHILD_WRITE_TIMEOUT_MS 10000

/* Exit status recorded when the child had to be killed after a grace period. */
#define CHILD_KILLED (-1)

/* Exit status of a child whose program could not be started (execvp failed). */
#define CHILD_EXEC_FAILED 127

typedef struct {
    pid_t pid;
    int to_child;   /* the child's stdin, -1 once closed */
    int from_child; /* the child's stdout, -1 once closed */
    char *buf;      /* bytes read but not yet returned as lines */
    size_t used;
    size_t max_line;
    bool eof;
    bool write_failed; /* the child closed its input (or died), or stopped reading it */
    bool write_timed_out; /* ... stopped reading it: a line could not be written in time */
    long write_timeout_ms; /* how long a line may take to be written (CHILD_WRITE_TIMEOUT_MS) */
    bool exited;
    int status;        /* waitpid status, or CHILD_KILLED */
} child_proc;

typedef enum {
    CHILD_LINE,     /* a complete line was returned */
    CHILD_EOF,      /* the child closed its output */
    CHILD_TIMEOUT,  /* nothing complete before the deadline */
    CHILD_TOO_LONG, /* a line longer than max_line */
    CHILD_ERROR     /* poll or read failed */
} child_read;

/* Monotonic clock in milliseconds, for deadlines. */
long child_now_ms(void);

/*
 * Starts argv[0] (searched in PATH) with pipes on stdin and stdout, in a
 * process group of its own, so that what it starts is stopped with it.
 * Lines up to max_line bytes are accepted from it. SIGPIPE must be ignored
 * by the caller, so that writing to a dead child is an error, not a signal.
 */
bool child_spawn(child_proc *c, char *const *argv, size_t max_line);

/*
 * Writes line and a newline within write_timeout_ms; false (and
 * write_failed) when the child is gone, or has not read its input in that
 * time (then write_timed_out too).
 */
bool child_send_line(child_proc *c, const char *line);

/*
 * Waits until deadline_ms (child_now_ms() clock) for the next complete
 * line; on CHILD_LINE, line (max_line + 1 bytes) holds it without its
 * newline, NUL-terminated, and *len is its length.
 */
child_read child_read_line(child_proc *c, long deadline_ms, char *line, size_t *len);

/*
 * Closes both pipes and reaps the child, killing it with SIGKILL if it
 * has not exited within grace_ms; whatever else is left in its process
 * group (what a wrapper script started) is killed too. Frees the buffer.
 * Safe to call twice.
 */
void child_finish(child_proc *c, long grace_ms);

/* "exited with status 3", "crashed: killed by signal 11 (...)", ... */
void child_describe_exit(const child_proc *c, char *out, size_t size);

/* Whether the child ended by itself with status 0. */
bool child_exited_cleanly(const child_proc *c);

#endif
