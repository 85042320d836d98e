/* SPDX-License-Identifier: Apache-2.0 */
#include "child_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How often a finishing child is polled for its exit. */
#define REAP_POLL_NS (5 * 1000 * 1000)

long child_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_pair(int p[2])
{
    close(p[0]);
    close(p[1]);
}

bool child_spawn(child_proc *c, char *const *argv, size_t max_line)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1};

    memset(c, 0, sizeof *c);
    c->to_child = c->from_child = -1;
    c->max_line = max_line;
    c->buf = malloc(max_line + 1);
    fflush(NULL); /* nothing buffered may be written twice by the fork */
    if (c->buf == NULL || pipe(in) != 0 || pipe(out) != 0 || (c->pid = fork()) < 0) {
        close_pair(in); /* closing -1, a pipe not made, does no harm */
        close_pair(out);
        free(c->buf);
        c->buf = NULL;
        return false;
    }
    if (c->pid == 0) {
        setpgid(0, 0); /* a group of its own: child_finish stops all of it */
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close_pair(in);
        close_pair(out);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(CHILD_EXEC_FAILED);
    }
    setpgid(c->pid, c->pid); /* also here: whichever runs first */
    close(in[0]);
    close(out[1]);
    c->to_child = in[1];
    c->from_child = out[0];
    c->write_timeout_ms = CHILD_WRITE_TIMEOUT_MS;
    /* A child that stops reading must not block the runner: writes wait in poll. */
    fcntl(c->to_child, F_SETFL, fcntl(c->to_child, F_GETFL) | O_NONBLOCK);
    return true;
}

/* Writes all len bytes before deadline_ms; false when the child is gone or too slow. */
static bool write_all(child_proc *c, const char *buf, size_t len, long deadline_ms)
{
    while (len > 0) {
        ssize_t w = write(c->to_child, buf, len);
        if (w > 0) {
            buf += w;
            len -= (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            return false;
        long left = deadline_ms - child_now_ms();
        if (left <= 0) {
            c->write_timed_out = true;
            return false;
        }
        struct pollfd p = {.fd = c->to_child, .events = POLLOUT};
        if (poll(&p, 1, left > 1000000 ? 1000000 : (int)left) < 0 && errno != EINTR)
            return false;
    }
    return true;
}

bool child_send_line(child_proc *c, const char *line)
{
    if (c->to_child < 0 || c->write_failed)
        return false;
    long deadline = child_now_ms() + c->write_timeout_ms;
    /* Two writes: the line, then its newline; a pipe keeps them in order. */
    if (write_all(c, line, strlen(line), deadline) && write_all(c, "\n", 1, deadline))
        return true;
    c->write_failed = true;
    return false;
}

child_read child_read_line(child_proc *c, long deadline_ms, char *line, size_t *len)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->used);
        if (nl != NULL) {
            *len = (size_t)(nl - c->buf);
            memcpy(line, c->buf, *len);
            line[*len] = '\0';
            c->used -= *len + 1;
            memmove(c->buf, nl + 1, c->used);
            return CHILD_LINE;
        }
        if (c->used == c->max_line)
            return CHILD_TOO_LONG;
        if (c->eof || c->from_child < 0)
            return CHILD_EOF;
        long left = deadline_ms - child_now_ms();
        if (left <= 0)
            return CHILD_TIMEOUT;
        struct pollfd p = {.fd = c->from_child, .events = POLLIN};
        int r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return CHILD_ERROR;
        if (r == 0)
            continue; /* the loop re-checks the deadline */
        ssize_t got = read(c->from_child, c->buf + c->used, c->max_line - c->used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            c->eof = true;
        else
            c->used += (size_t)got;
    }
}

void child_finish(child_proc *c, long grace_ms)
{
    long deadline = child_now_ms() + grace_ms;

    if (c->to_child >= 0)
        close(c->to_child);
    if (c->from_child >= 0)
        close(c->from_child);
    c->to_child = c->from_child = -1;
    free(c->buf);
    c->buf = NULL;
    c->used = 0;
    while (!c->exited && c->pid > 0) {
        /* WNOWAIT: the child stays a zombie, so its group id cannot be reused
         * before the group is killed below. */
        siginfo_t info = {0};
        int r = waitid(P_PID, (id_t)c->pid, &info, WEXITED | WNOHANG | WNOWAIT);
        bool ended = r == 0 && info.si_pid == c->pid;
        if (!ended && r == 0 && child_now_ms() < deadline) {
            struct timespec pause = {0, REAP_POLL_NS};
            nanosleep(&pause, NULL);
            continue;
        }
        kill(-c->pid, SIGKILL); /* the group: what the child started, and the child */
        waitpid(c->pid, ended ? &c->status : NULL, 0);
        c->exited = true;
        if (!ended)
            c->status = CHILD_KILLED;
    }
}

void child_describe_exit(const child_proc *c, char *out, size_t size)
{
    int status = c->status;
    if (!c->exited)
        snprintf(out, size, "is still running");
    else if (status == CHILD_KILLED)
        snprintf(out, size, "did not exit and was killed");
    else if (WIFSIGNALED(status))
        snprintf(out, size, "crashed: killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status))
        snprintf(out, size, "exited with status %d", WEXITSTATUS(status));
    else
        snprintf(out, size, "ended in an unknown way");
}

bool child_exited_cleanly(const child_proc *c)
{
    return c->exited && c->status != CHILD_KILLED && WIFEXITED(c->status) &&
           WEXITSTATUS(c->status) == 0;
}
