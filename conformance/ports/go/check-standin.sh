#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Checks the Go adapter and the Go replay program against standin/, a
# stand-in with the port's exported API written from spec/pssst.md, while
# the port itself cannot be fetched:
#
#   conformance/ports/go/check-standin.sh BUILD_DIR
#
# Builds both under BUILD_DIR/ports/go-standin with a replace directive
# (the port's module path -> standin/), runs every vector through the
# adapter, and requires: no crash, timeout or harness error (the stand-in
# never panics, so any would be the adapter's); every known-answer vector
# passing but those unsupported by design, the client role included (so the
# ephemeral injection through crypto/rand.Reader and the public-key
# derivation work); and the replay program agreeing with the runner on
# every vector. It says nothing about the port.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$(cd "$1" && pwd)
out="$build/ports/go-standin"
rm -rf "$out" && mkdir -p "$out/src"
cp -r "$here/go.mod" "$here/main.go" "$here/replay" "$out/src/"
cd "$out/src"
go mod edit -require=github.com/nickovs/gopssst@v0.0.0 -replace=github.com/nickovs/gopssst="$here/standin"
go mod tidy
go build -o "$out/harness" .
go build -o "$out/replay" ./replay
set +e
"$build/bin/pssst-conform" port --name "gopssst stand-in (not the port)" \
    --vectors "$root/vectors" --json "$out/report.json" -- "$out/harness" >"$out/port.log" 2>&1
rc=$?
set -e
tail -4 "$out/port.log"
if [ $rc -gt 1 ]; then
    echo "check-standin: the runner stopped with status $rc (see $out/port.log)" >&2
    exit 1
fi
/usr/bin/python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = [t["tcId"] for t in r["tests"] if t["verdict"] in ("crash", "timeout", "error")]
kat = [t for t in r["tests"] if not t.get("canary") and "-kat-" in t["tcId"]]
# Client-auth vectors with an unclamped ephemeral are unsupported by design
# (spec/harness.md 9.4); every other known answer must pass, client role
# included, which needs the injected ephemeral.
kat_failed = [t["tcId"] for t in kat if t["verdict"] not in ("pass", "unsupported")]
client_kat = [t for t in kat if t["role"] == "client" and t["verdict"] == "pass"]
print("stand-in: %d known-answer vectors, %d failed, %d passed in the client role; "
      "%d crash/timeout/error" % (len(kat), len(kat_failed), len(client_kat), len(bad)))
sys.exit(1 if bad or not client_kat or kat_failed else 0)
PY
"$out/replay" "$root/vectors" --compare "$out/report.json" | tail -3
