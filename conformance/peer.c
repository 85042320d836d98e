/* SPDX-License-Identifier: Apache-2.0 */
/*
 * peer.c - `pssst-conform peer`: this library as one side of the
 * compatibility line protocol (spec/harness.md section 2) against another
 * port's compatibility program, started as a child process, with every
 * step checked and reported.
 */
#include "commands.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child_proc.h"
#include "compat.h"

#define DEFAULT_TIMEOUT_MS 10000
#define MAX_TIMEOUT_MS 3600000
/* A peer that failed a check or stalled gets this long to exit by itself. */
#define STOP_GRACE_MS 200
/* The whole exchange may take this many line timeouts: it is about ten lines. */
#define RUN_TIMEOUTS 3
#define EXIT_PASS 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

static const char peer_usage[] = "usage: pssst-conform peer [--timeout MS] -- CMD [ARGS...]\n";

static bool send_child(void *arg, const char *line)
{
    return child_send_line(arg, line);
}

typedef struct {
    int passed;
    int failed;
} tally;

static void report(tally *t, bool ok, const char *what, const char *detail)
{
    printf("  %s  %s%s%s\n", ok ? "PASS" : "FAIL", what, detail[0] ? ": " : "", detail);
    if (ok)
        t->passed++;
    else
        t->failed++;
}

typedef enum {
    END_RUNNING, /* the exchange goes on */
    END_COMPLETE,
    END_CHECK_FAILED,
    END_TIMEOUT,
    END_RUN_TIMEOUT, /* the whole exchange took too long (a dribbling peer) */
    END_PEER_ENDED,
    END_BAD_OUTPUT,
    END_READ_ERROR
} exchange_end;

typedef struct {
    compat_session *s;
    child_proc *c;
    bool sent_done, peer_done; /* step 7, by each side */
} exchange;

/* One line from the peer: a DONE, or a protocol line for the session. */
static exchange_end on_line(exchange *x, const char *line, size_t len)
{
    if (len >= 5 && memcmp(line, "DONE:", 5) == 0) {
        x->peer_done = true;
        return x->sent_done ? END_COMPLETE : END_RUNNING;
    }
    if (!compat_handle_line(x->s, line, len))
        return x->c->write_failed ? END_PEER_ENDED : END_CHECK_FAILED;
    if (!compat_done(x->s) || x->sent_done)
        return END_RUNNING;
    x->sent_done = true;
    child_send_line(x->c, "DONE:");
    return x->peer_done ? END_COMPLETE : END_RUNNING;
}

/* How a read that brought no line ends the exchange. */
static exchange_end on_no_line(const exchange *x, child_read r)
{
    switch (r) {
    case CHILD_TIMEOUT:
        return END_TIMEOUT;
    case CHILD_TOO_LONG:
        return END_BAD_OUTPUT;
    case CHILD_ERROR:
        return END_READ_ERROR;
    default: /* the peer closed its output */
        return x->sent_done && x->peer_done ? END_COMPLETE : END_PEER_ENDED;
    }
}

/*
 * Runs the exchange until it completes, a check fails, or the peer stalls or
 * ends. Each line has timeout_ms, and the whole exchange RUN_TIMEOUTS times
 * that: a peer that dribbles lines (or repeats DONE) cannot keep it going.
 */
static exchange_end run_exchange(exchange *x, long timeout_ms)
{
    char *line = malloc(COMPAT_MAX_INPUT_LINE + 1);
    size_t len;
    exchange_end end = END_RUNNING;
    long run_deadline = child_now_ms() + RUN_TIMEOUTS * timeout_ms;

    if (line == NULL)
        return END_READ_ERROR;
    while (end == END_RUNNING) {
        long now = child_now_ms();
        if (now >= run_deadline) {
            end = END_RUN_TIMEOUT;
            break;
        }
        long deadline = now + timeout_ms < run_deadline ? now + timeout_ms : run_deadline;
        child_read r = child_read_line(x->c, deadline, line, &len);
        end = r == CHILD_LINE ? on_line(x, line, len) : on_no_line(x, r);
        if (r == CHILD_TIMEOUT && deadline == run_deadline)
            end = END_RUN_TIMEOUT;
    }
    free(line);
    return end;
}

/* The outcome of one step, from the last check recorded for it. */
static const compat_check *find_check(const compat_session *s, int step)
{
    const compat_check *found = NULL;
    for (size_t k = 0; k < s->check_count; k++)
        if ((int)s->checks[k].step == step)
            found = &s->checks[k];
    return found;
}

/* How the exchange ended: the peer's DONE and exit, or what stopped it. */
static void report_end(tally *t, const exchange *x, exchange_end end, long timeout_ms)
{
    char exit_text[128], detail[COMPAT_DETAIL_SIZE + 160];
    const char *what = "runner";

    child_describe_exit(x->c, exit_text, sizeof exit_text);
    switch (end) {
    case END_COMPLETE:
        report(t, x->peer_done, "peer said DONE", "");
        report(t, child_exited_cleanly(x->c), "peer exited cleanly", exit_text);
        return;
    case END_CHECK_FAILED: /* the failed check is listed above */
    case END_RUNNING:      /* not returned by run_exchange */
        printf("  INFO  after the failed check the peer %s\n", exit_text);
        return;
    case END_TIMEOUT:
        what = "timeout";
        snprintf(detail, sizeof detail, "no line from the peer for %ld ms; it %s", timeout_ms,
                 exit_text);
        break;
    case END_RUN_TIMEOUT:
        what = "timeout";
        snprintf(detail, sizeof detail, "the exchange took longer than %ld ms; the peer %s",
                 RUN_TIMEOUTS * timeout_ms, exit_text);
        break;
    case END_PEER_ENDED:
        what = "peer ended early";
        snprintf(detail, sizeof detail, "the peer %s before the exchange was complete",
                 exit_text);
        break;
    case END_BAD_OUTPUT:
        what = "malformed output";
        snprintf(detail, sizeof detail, "a line longer than %d bytes; the peer %s", COMPAT_MAX_INPUT_LINE,
                 exit_text);
        break;
    case END_READ_ERROR:
        snprintf(detail, sizeof detail, "reading the peer's output failed: %s", strerror(errno));
        break;
    }
    report(t, false, what, detail);
}

/* Lists each protocol step with its outcome, then how the exchange ended. */
static int print_report(const exchange *x, exchange_end end, long timeout_ms)
{
    const compat_session *s = x->s;
    tally t = {0, 0};

    for (int step = 0; step < COMPAT_STEP_COUNT; step++) {
        const compat_check *found = find_check(s, step);
        report(&t, found != NULL && found->ok, compat_step_name((compat_step)step),
               found != NULL ? found->detail : "not reached");
    }
    for (size_t k = 0; k < s->check_count; k++)
        if (s->checks[k].step == COMPAT_STEP_COUNT)
            report(&t, false, compat_step_name(COMPAT_STEP_COUNT), s->checks[k].detail);
    report_end(&t, x, end, timeout_ms);
    printf("%d passed, %d failed\n", t.passed, t.failed);
    return t.failed == 0 ? EXIT_PASS : EXIT_FAIL;
}

/* Parses "[--timeout MS] --"; returns the index of CMD or -1 after a message. */
static int parse_peer_args(int argc, char **argv, long *timeout_ms)
{
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--timeout") != 0 || i + 1 >= argc) {
            fputs(peer_usage, stderr);
            return -1;
        }
        char *endp;
        errno = 0;
        *timeout_ms = strtol(argv[++i], &endp, 10);
        if (errno != 0 || endp == argv[i] || *endp != '\0' || *timeout_ms <= 0 ||
            *timeout_ms > MAX_TIMEOUT_MS) {
            fprintf(stderr, "pssst-conform peer: --timeout takes milliseconds (1..%d)\n",
                    MAX_TIMEOUT_MS);
            return -1;
        }
    }
    if (i + 1 >= argc) {
        fputs(peer_usage, stderr);
        return -1;
    }
    return i + 1;
}

/* Whether the peer's program could not be started at all (execvp failed). */
static bool could_not_run(const child_proc *c)
{
    return c->status != CHILD_KILLED && WIFEXITED(c->status) &&
           WEXITSTATUS(c->status) == CHILD_EXEC_FAILED;
}

int conform_peer_main(int argc, char **argv)
{
    long timeout_ms = DEFAULT_TIMEOUT_MS;
    compat_session s;
    child_proc c;
    exchange x = {&s, &c, false, false};
    exchange_end end = END_PEER_ENDED;
    int rc = EXIT_USAGE;

    /* --help is answered by main.c. */
    int cmd = parse_peer_args(argc, argv, &timeout_ms);
    if (cmd < 0)
        return EXIT_USAGE;
    signal(SIGPIPE, SIG_IGN);
    if (!child_spawn(&c, argv + cmd, COMPAT_MAX_INPUT_LINE)) {
        fprintf(stderr, "pssst-conform peer: cannot start %s: %s\n", argv[cmd], strerror(errno));
        return EXIT_USAGE;
    }
    c.write_timeout_ms = timeout_ms; /* a peer that stops reading cannot stall us */
    printf("peer: %s\n", argv[cmd]);
    fflush(stdout);
    if (compat_init(&s, send_child, &c) && compat_start(&s))
        end = run_exchange(&x, timeout_ms);
    /* A peer that finished gets time to exit; one that failed or stalled is stopped. */
    child_finish(&c, end == END_COMPLETE || end == END_PEER_ENDED ? timeout_ms : STOP_GRACE_MS);
    if (end == END_PEER_ENDED && s.check_count == 0 && could_not_run(&c))
        fprintf(stderr, "pssst-conform peer: %s could not be run\n", argv[cmd]);
    else
        rc = print_report(&x, end, timeout_ms);
    compat_free(&s);
    return rc;
}
