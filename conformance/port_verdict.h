/* SPDX-License-Identifier: Apache-2.0 */
/*
 * port_verdict.h - the verdicts of a port run (spec/harness.md section 4)
 * and how the replay verdict and the harness fault map onto them.
 */
#ifndef PSSST_CONFORM_PORT_VERDICT_H
#define PSSST_CONFORM_PORT_VERDICT_H

#include <stdbool.h>

#include "backend_port.h"
#include "replay.h"

typedef enum {
    PV_PASS,
    PV_FAIL,        /* wrong bytes, or an invalid input accepted */
    PV_WRONG_ERROR, /* refused at the right stage with an error the test does not allow */
    PV_UNSUPPORTED, /* the port said it cannot do this */
    PV_CRASH,       /* the harness died, or reported an error that is no PSSST error */
    PV_TIMEOUT,     /* no answer in time */
    PV_ERROR,       /* the harness broke the harness protocol */
    PV_COUNT
} port_verdict;

/* "pass", "fail", "wrong-error", "unsupported", "crash", "timeout", "error". */
const char *port_verdict_name(port_verdict v);
bool port_verdict_from_name(const char *name, port_verdict *v);

/* A replay verdict (and, for backend errors, the harness fault) as a port verdict. */
port_verdict port_verdict_classify(verdict_kind k, port_fault f);

#endif
