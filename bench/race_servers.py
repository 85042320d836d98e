# SPDX-License-Identifier: Apache-2.0
"""The servers bench/race compares, each started as its own project ships it.

A server is a dict: name, label, argv (with {port}/{key} filled in at
start), the line it prints when ready, whether it takes client-authenticated
requests, and `skipped` (why it is not in the race) when it cannot run here.
Nothing of another project is copied or changed: the Python reference's own
examples/echo_server.py is run from its published source, and the Go port's
own _examples/echo_server is fetched through the Go module proxy.
"""
import os
import subprocess
import tempfile

import udp_load

GO_MODULE = "github.com/nickovs/gopssst"
GO_EXAMPLE = GO_MODULE + "/_examples/echo_server"
GO_TIMEOUT_S = 30
PYTHON = "/usr/bin/python3"


def pssst_server(name, bindir):
    pssst = os.path.join(bindir, "pssst")
    backend = udp_load.pssst_backend(pssst)
    return {"name": name, "label": "pssst echo-server (%s)" % backend, "bindir": bindir,
            "argv": [pssst, "echo-server", "--key", "{key}", "--listen", "127.0.0.1:0",
                     "--workers", "1", "--duration", "3600"],
            "ready": r"^listening (\S+)", "client_auth": True}


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


def go_server(work_dir, go_command):
    """The Go port's own echo server, fetched and built with the Go toolchain.
    Its command line is not documented where this script can read it, so it
    is raced only with --go-command (a template with {port}, {key_hex},
    {key_hex_file}); without it the race says what it built and where."""
    entry = {"name": "go", "label": "gopssst _examples/echo_server", "ready": None,
             "client_auth": False}
    env = dict(os.environ, GOFLAGS="-mod=mod", GOBIN=os.path.join(work_dir, "go-bin"))
    mod = tempfile.mkdtemp(prefix="go-", dir=work_dir)
    ok, answer = _go(["go", "list", "-m", "-versions", GO_MODULE], env, mod)
    if not ok:
        entry["skipped"] = "not available from the Go module proxy: " + answer
        return entry
    ok, answer = _go(["go", "install", GO_EXAMPLE + "@latest"], env, mod)
    if not ok:
        entry["skipped"] = "fetched but not built: " + answer
        return entry
    binary = os.path.join(env["GOBIN"], "echo_server")
    if not go_command:
        entry["skipped"] = ("built as %s, but its command line is not known here: rerun with "
                            "--go-command '%s ARGS' ({port}, {key_hex}, {key_hex_file})"
                            % (binary, binary))
        return entry
    entry["argv"] = go_command.replace("{binary}", binary).split()
    return entry


def start(procs, server, key_file, key_hex_file, key_hex, tmp):
    """Starts a server pinned to the server's core; returns (process, address)."""
    port = udp_load.free_udp_port()
    argv = [a.format(key=key_file, key_hex_file=key_hex_file, key_hex=key_hex, port=port)
            for a in server["argv"]]
    p = procs.start(argv, os.path.join(tmp, "server-%s.out" % server["name"]),
                    cpu=udp_load.SERVER_CPU, env=server.get("env"))
    if server["ready"] is None:
        return p, "127.0.0.1:%d" % port
    m = p.wait_for_line(server["ready"])
    address = m.group(1) if m.groups() else "127.0.0.1:%d" % port
    return p, address


def private_key_hex(key_file):
    """The private key of a `pssst keygen` file (a header line, then hex)."""
    with open(key_file) as f:
        lines = [line.strip() for line in f if line.strip()]
    return next(line for line in lines if len(line) == 64 and
                all(c in "0123456789abcdef" for c in line))
