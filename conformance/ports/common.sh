# SPDX-License-Identifier: Apache-2.0
# Sourced by run.sh, ci.sh and report.sh (bash): where each port under test
# comes from, how its adapter is built, and the commands of its harness and
# of its own compatibility program.
#
# Every port is had at a pinned version from its registry (or from the
# unmodified copy in ../shared/peers where the registry does not serve it)
# and built under BUILD_DIR/ports/PORT; a stamp made from the inputs of the
# build lets a second run reuse it. Nothing of a port is copied into this
# repository.

PORTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORTS_ROOT=$(cd "$PORTS_DIR/../.." && pwd)
# The unmodified copies of ports kept beside the repository (shared/peers).
PORTS_SHARED=${PSSST_SHARED_DIR:-$PORTS_ROOT/../shared}
ALL_PORTS="python go rust"

# The name of the port in reports and expectations files.
port_label() {
    case $1 in
        python) echo "pssst 0.2.1 (Python)" ;;
        go) echo "gopssst (Go)" ;;
        rust) echo "pssst.rs 0.0.1 (Rust)" ;;
        *) return 1 ;;
    esac
}

ports_say() { echo "ports: $*" >&2; }

# A stamp naming the inputs of a build, so that a change of any of them
# (a pin, the adapter, the toolchain) rebuilds and nothing else does.
ports_stamp() {
    local port=$1
    shift
    {
        echo "$port"
        "$@" 2>&1
        find "$PORTS_DIR/$port" -type f \( -name '*.py' -o -name '*.go' -o -name '*.rs' \
            -o -name 'go.mod' -o -name 'go.sum' -o -name 'Cargo.toml' -o -name 'Cargo.lock' \
            -o -name 'requirements.txt' \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-16
}

# port_build PORT BUILD_DIR: fetch and build; on failure say why and return 1.
port_build() {
    local port=$1 out="$2/ports/$1"
    mkdir -p "$out"
    case $port in
        python) port_build_python "$out" ;;
        go) port_build_go "$out" ;;
        rust) port_build_rust "$out" ;;
        *) ports_say "unknown port '$port' (one of: $ALL_PORTS)"; return 1 ;;
    esac
}

# HARNESS=(...), COMPAT=(...) and REPLAY=(...): the commands, after
# port_build. REPLAY replays the vector files into the port without the
# runner (REPLAY VECTORS_DIR --compare REPORT.json); empty where there is none.
port_commands() {
    local port=$1 out="$2/ports/$1"
    case $port in
        python)
            HARNESS=("$out/venv/bin/python" "$PORTS_DIR/python/harness.py" --impl reference)
            # The wheel on the registry leaves out the examples folder, so the
            # compatibility program is the one of the unmodified source copy,
            # run on the package installed from the registry.
            COMPAT=("$out/venv/bin/python" "$PORTS_SHARED/peers/pypssst-0.2.1/examples/compatibility.py")
            REPLAY=("$out/venv/bin/python" "$PORTS_DIR/python/replay_vectors.py")
            ;;
        go)
            HARNESS=("$out/bin/pssst-port-harness")
            COMPAT=("$out/bin/compatibility")
            REPLAY=("$out/bin/replay")
            ;;
        rust)
            HARNESS=("$out/target/release/pssst-port-harness")
            COMPAT=("$out/target/release/examples/compatibility")
            REPLAY=("$out/target/release/replay")
            ;;
    esac
}

port_build_python() {
    local out=$1 req="$PORTS_DIR/python/requirements.txt"
    # Debian's python3, whose python3-cryptography the venv sees.
    local py=/usr/bin/python3
    local stamp
    stamp="$out/.built-$(ports_stamp python "$py" --version)"
    [ -f "$stamp" ] && return 0
    rm -rf "$out/venv" "$out"/.built-*
    if ! "$py" -m venv --system-site-packages "$out/venv" >"$out/build.log" 2>&1; then
        ports_say "python: cannot make a venv with $py (Debian package python3-venv); see $out/build.log"
        return 1
    fi
    if ! "$out/venv/bin/pip" install --disable-pip-version-check --no-input --no-deps \
        --require-hashes -r "$req" >>"$out/build.log" 2>&1; then
        ports_say "python: cannot install pssst==0.2.1 from the Python package registry (unreachable, or the pinned file changed); see $out/build.log"
        tail -5 "$out/build.log" >&2
        return 1
    fi
    if [ ! -f "$PORTS_SHARED/peers/pypssst-0.2.1/examples/compatibility.py" ]; then
        ports_say "python: $PORTS_SHARED/peers/pypssst-0.2.1 is missing (its compatibility program is needed)"
        return 1
    fi
    touch "$stamp"
}

port_build_rust() {
    local out=$1 crate="$PORTS_DIR/rust"
    local stamp
    stamp="$out/.built-$(ports_stamp rust cargo --version)"
    [ -f "$stamp" ] && return 0
    rm -f "$out"/.built-*
    if [ ! -f "$PORTS_SHARED/peers/pssst-rs-0.0.1/Cargo.toml" ]; then
        ports_say "rust: $PORTS_SHARED/peers/pssst-rs-0.0.1 is missing (the crate registry does not serve pssst 0.0.1; the adapter builds on that copy)"
        return 1
    fi
    # --locked: exactly the dependency versions of Cargo.lock (rust/README.md
    # says why two of them are yanked versions); the registry is asked only
    # for crates not yet in the local cache.
    if ! CARGO_TARGET_DIR="$out/target" cargo build --manifest-path "$crate/Cargo.toml" \
        --release --locked -j2 --bins --examples >"$out/build.log" 2>&1; then
        ports_say "rust: cannot build the adapter and pssst 0.0.1 (crate registry unreachable, or a dependency no longer builds); see $out/build.log"
        tail -5 "$out/build.log" >&2
        return 1
    fi
    touch "$stamp"
}

# The Go port at the commit its module was read at. The module proxy maps a
# commit to its pseudo-version; go.mod and go.sum of the build copy then
# hold both (README.md of go/ says why they are not committed yet).
GOPSSST_COMMIT=55662349e651d37bdc36a178bd9f4640f5d2869e

port_build_go() {
    local out=$1
    local stamp
    stamp="$out/.built-$(ports_stamp go go version)-$GOPSSST_COMMIT"
    [ -f "$stamp" ] && return 0
    rm -rf "$out/src" "$out/bin" "$out"/.built-*
    mkdir -p "$out/src" "$out/bin"
    cp -r "$PORTS_DIR/go/go.mod" "$PORTS_DIR/go/main.go" "$PORTS_DIR/go/replay" "$out/src/"
    [ -f "$PORTS_DIR/go/go.sum" ] && cp "$PORTS_DIR/go/go.sum" "$out/src/"
    # An ordinary module dependency from the module proxy (GOPROXY as
    # configured), checked against the checksum database; the module cache
    # (GOMODCACHE) keeps it for the next build.
    if ! (cd "$out/src" && go get "github.com/nickovs/gopssst@$GOPSSST_COMMIT") >"$out/build.log" 2>&1; then
        ports_say "go: cannot fetch github.com/nickovs/gopssst@$GOPSSST_COMMIT from the Go module proxy: $(grep -m1 -E 'Forbidden|not available|error|no such|dial' "$out/build.log" || tail -1 "$out/build.log")"
        ports_say "go: see $out/build.log"
        return 1
    fi
    if ! (cd "$out/src" && go build -o "$out/bin/pssst-port-harness" . &&
        go build -o "$out/bin/replay" ./replay &&
        go build -o "$out/bin/compatibility" github.com/nickovs/gopssst/_examples/compatibility) >>"$out/build.log" 2>&1; then
        ports_say "go: cannot build the adapter or the port's compatibility program; see $out/build.log"
        tail -5 "$out/build.log" >&2
        return 1
    fi
    touch "$stamp"
}
