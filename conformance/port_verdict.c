/* SPDX-License-Identifier: Apache-2.0 */
#include "port_verdict.h"

#include <string.h>

static const char *const names[PV_COUNT] = {
    "pass", "fail", "wrong-error", "unsupported", "crash", "timeout", "error",
};

const char *port_verdict_name(port_verdict v)
{
    return (unsigned)v < PV_COUNT ? names[v] : "?";
}

bool port_verdict_from_name(const char *name, port_verdict *v)
{
    for (int i = 0; i < PV_COUNT; i++) {
        if (strcmp(names[i], name) == 0) {
            *v = (port_verdict)i;
            return true;
        }
    }
    return false;
}

port_verdict port_verdict_classify(verdict_kind k, port_fault f)
{
    switch (k) {
    case VERDICT_PASS:
        return PV_PASS;
    case VERDICT_FAIL:
        return PV_FAIL;
    case VERDICT_WRONG_ERROR:
        return PV_WRONG_ERROR;
    case VERDICT_SKIP:
        return PV_UNSUPPORTED;
    case VERDICT_ERROR:
        break;
    }
    switch (f) {
    case PORT_FAULT_UNSUPPORTED:
        return PV_UNSUPPORTED;
    case PORT_FAULT_CRASH:
        return PV_CRASH;
    case PORT_FAULT_TIMEOUT:
        return PV_TIMEOUT;
    case PORT_FAULT_NONE:
    case PORT_FAULT_PROTOCOL:
        break;
    }
    return PV_ERROR;
}
