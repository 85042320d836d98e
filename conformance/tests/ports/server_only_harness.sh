#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A harness that offers only the anonymous server role: it answers the
# hello itself with those capabilities, then hands everything else to the
# real harness given as "$@". Used to check that the runner gives the
# groups it did not offer the verdict "unsupported" without sending them.
read -r hello || exit 1
printf '%s\n' '{"id":1,"status":"OK","protocol":1,"implementation":"server-only","suites":[1],"roles":["server"],"modes":["anonymous"],"ephemeral":false}'
exec "$@"
