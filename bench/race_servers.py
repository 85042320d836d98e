# SPDX-License-Identifier: Apache-2.0
"""The servers bench/race compares, each started as its own project ships it.

A server is a dict: name, label, argv (with {port}/{key} filled in at
start), the line it prints when ready (a regex; a group `address` names
where it listens, a group `pub` the public key it made for itself), a
fixed `port` when it chooses its own, whether it takes client-authenticated
requests, and `skipped` (why it is not in the race) when it cannot run here.
Nothing of another project is copied or changed: the Python reference's own
examples/echo_server.py is run from its published source, and the Go port's
own _examples/echo_server is a binary the user built (--go-binary) or one
fetched and built through the Go module proxy.
"""
import hashlib
import os
import socket
import subprocess
import tempfile

import udp_load

GO_MODULE = "github.com/nickovs/gopssst"
# echo_server.go sits in _examples/ itself: that folder is the package, and
# `go install` names the binary after it.
GO_EXAMPLE = GO_MODULE + "/_examples"
GO_INSTALLED_NAME = "_examples"
GO_LABEL = "gopssst _examples/echo_server"
# It makes a key pair at start and logs the public key (log.Printf, after
# a date and time), then listens on this UDP port of every address.
GO_READY = r"Loaded auth key\. Public key is (?P<pub>[0-9a-f]{64})\b"
GO_PORT = 45678
GO_TIMEOUT_S = 30
PORT_WAIT_S = 10
PYTHON = "/usr/bin/python3"


def pssst_server(name, bindir):
    pssst = os.path.join(bindir, "pssst")
    backend = udp_load.pssst_backend(pssst)
    return {"name": name, "label": "pssst echo-server (%s)" % backend, "bindir": bindir,
            "argv": [pssst, "echo-server", "--key", "{key}", "--listen", "127.0.0.1:0",
                     "--workers", "1", "--duration", "3600"],
            "ready": r"^listening (?P<address>\S+)", "client_auth": True}


def python_server(peers_dir):
    """pypssst 0.2.1's examples/echo_server.py: fixed address 127.0.0.1,
    --port, --key-file holding the private key in hex on its first line."""
    top = os.path.join(peers_dir, "pypssst-0.2.1")
    script = os.path.join(top, "examples", "echo_server.py")
    entry = {"name": "python", "label": "pypssst 0.2.1 examples/echo_server.py",
             "argv": [PYTHON, script, "--key-file", "{key_hex_file}", "--port", "{port}"],
             "ready": r"^Server public key", "client_auth": True,
             "env": dict(os.environ, PYTHONPATH=top, PYTHONUNBUFFERED="1")}
    if not os.path.exists(script):
        entry["skipped"] = "no %s (the peers' folder; pass --peers DIR)" % script
        return entry
    probe = subprocess.run([PYTHON, "-c", "import click, cryptography, pssst"],
                           env=entry["env"], capture_output=True, text=True)
    if probe.returncode != 0:
        entry["skipped"] = "its imports fail: %s" % probe.stderr.strip().splitlines()[-1]
    return entry


def _go(argv, env, cwd):
    try:
        p = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                           timeout=GO_TIMEOUT_S)
    except FileNotFoundError:
        return False, "no `go` command"
    except subprocess.TimeoutExpired:
        return False, "`%s` gave no answer in %d s" % (" ".join(argv), GO_TIMEOUT_S)
    answer = " ".join((p.stdout + p.stderr).split())
    return p.returncode == 0, answer


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def go_binary_server(binary, port=GO_PORT):
    """The Go port's echo server from a binary: it takes no arguments,
    makes its own key (read from its ready line) and listens on `port`,
    fixed in its source. It answers client-authenticated requests too."""
    entry = {"name": "go", "label": GO_LABEL, "argv": [binary], "ready": GO_READY,
             "port": port, "client_auth": True, "binary": binary}
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        entry["skipped"] = "--go-binary %s: no executable file there" % binary
        return entry
    entry["binary_sha256"] = _sha256(binary)
    return entry


def go_proxy_server(work_dir, port=GO_PORT):
    """The Go port's echo server fetched and built through the Go module
    proxy; listed as skipped, with the proxy's or the build's answer, when
    that fails."""
    entry = {"name": "go", "label": GO_LABEL}
    env = dict(os.environ, GOFLAGS="-mod=mod", GOBIN=os.path.join(work_dir, "go-bin"))
    mod = tempfile.mkdtemp(prefix="go-", dir=work_dir)
    ok, answer = _go(["go", "list", "-m", "-versions", GO_MODULE], env, mod)
    if not ok:
        entry["skipped"] = ("not available from the Go module proxy (--go-binary PATH races "
                            "one built elsewhere): " + answer)
        return entry
    ok, answer = _go(["go", "install", GO_EXAMPLE + "@latest"], env, mod)
    if not ok:
        entry["skipped"] = "fetched but not built: " + answer
        return entry
    return go_binary_server(os.path.join(env["GOBIN"], GO_INSTALLED_NAME), port)


def _check_port_free(port):
    """A server on a fixed port: fails clearly if something holds the port,
    since the load would then go to that program instead."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            raise RuntimeError("UDP port %d is in use (%s); the server listens only there"
                               % (port, e.strerror)) from None


def start(procs, server, key_file, key_hex_file, key_hex, tmp):
    """Starts a server pinned to the server's core; returns (process,
    address, its public key or None when it uses the race's key)."""
    port = server.get("port")
    if port:
        _check_port_free(port)
    else:
        port = udp_load.free_udp_port()
    argv = [a.format(key=key_file, key_hex_file=key_hex_file, key_hex=key_hex, port=port)
            for a in server["argv"]]
    p = procs.start(argv, os.path.join(tmp, "server-%s.out" % server["name"]),
                    cpu=udp_load.SERVER_CPU, env=server.get("env"))
    m = p.wait_for_line(server["ready"])
    found = m.groupdict()
    address = found.get("address") or "127.0.0.1:%d" % port
    if server.get("port"):
        # Its ready line comes before it binds: wait until it holds the port.
        p.wait_for_udp_port(port, PORT_WAIT_S)
    return p, address, found.get("pub")


def private_key_hex(key_file):
    """The private key of a `pssst keygen` file (a header line, then hex)."""
    with open(key_file) as f:
        lines = [line.strip() for line in f if line.strip()]
    return next(line for line in lines if len(line) == 64 and
                all(c in "0123456789abcdef" for c in line))
