#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of the `pssst` command-line tool, one rule per case.

Usage: pssst_tool_test.py --pssst BIN --header include/pssst.h --backend NAME CASE

Public keys printed by the tool are checked against python3-cryptography's
X25519, an implementation independent of the library. Exit status: 0 pass,
1 fail, 77 skipped (with a line "SKIPPED: reason").
"""
import argparse
import os
import re
import resource
import stat
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SKIP = 77
HEX64 = re.compile(r"^[0-9a-f]{64}$")
COMMANDS = ["help", "version", "keygen", "pubkey", "demo"]
# RFC 7748 section 6.1: Alice's private and public key.
RFC7748_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
RFC7748_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


class Tool:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir

    def run(self, *args, umask=None, stdout=None, preexec=None, stdin_data=None):
        def setup():
            if umask is not None:
                os.umask(umask)
            if preexec is not None:
                preexec()
        proc = subprocess.run([self.binary, *args], cwd=self.workdir,
                              stdout=stdout if stdout is not None else subprocess.PIPE,
                              stderr=subprocess.PIPE, preexec_fn=setup, timeout=60,
                              input=stdin_data,
                              stdin=subprocess.DEVNULL if stdin_data is None else None)
        out = proc.stdout.decode("utf-8", "replace") if proc.stdout is not None else ""
        err = proc.stderr.decode("utf-8", "replace")
        return proc.returncode, out, err

    def path(self, name):
        return os.path.join(self.workdir, name)


def public_of(private_hex):
    """Public key computed by python3-cryptography (clamps like RFC 7748)."""
    key = X25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def write_file(path, data, mode=0o600):
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


PRIVATE_FIRST_LINE = b"pssst private key v1\n"
PUBLIC_FIRST_LINE = b"pssst public key v1\n"


def key_of_text(data, first_line=PRIVATE_FIRST_LINE):
    """The hex key of a key file's text, which keygen writes with its first line."""
    expect(data.startswith(first_line), f"key file starts with {first_line!r}: {data!r}")
    rest = data[len(first_line):]
    expect(len(rest) == 65 and rest.endswith(b"\n"), f"then 64 digits and a newline: {data!r}")
    text = rest[:64].decode("ascii")
    expect(HEX64.match(text), f"key file holds lower-case hex: {text!r}")
    return text


def read_key_file(path, first_line=PRIVATE_FIRST_LINE):
    with open(path, "rb") as f:
        return key_of_text(f.read(), first_line)


# --- help and version -------------------------------------------------------

def case_help_lists_every_command(t, cfg):
    rc, out, _ = t.run("help")
    expect(rc == 0, f"help exits 0, got {rc}")
    for name in COMMANDS:
        expect(re.search(rf"^\s+{name}\s+\S", out, re.M), f"help lists {name}:\n{out}")


def case_dash_dash_help_is_help(t, cfg):
    rc1, out1, _ = t.run("help")
    rc2, out2, _ = t.run("--help")
    rc3, out3, _ = t.run("-h")
    expect(rc1 == rc2 == rc3 == 0, "help, --help and -h exit 0")
    expect(out1 == out2 == out3, "help, --help and -h print the same")


def listed_commands(t):
    """The command names `pssst help` lists (so that added commands are checked too)."""
    _, out, _ = t.run("help")
    block = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.strip()]


def case_every_command_has_usage(t, cfg):
    names = listed_commands(t)
    expect(set(COMMANDS) <= set(names), f"help lists at least {COMMANDS}: {names}")
    for name in names:
        rc, out, _ = t.run("help", name)
        expect(rc == 0, f"help {name} exits 0, got {rc}")
        expect(f"Usage: pssst {name}" in out, f"help {name} shows a usage line:\n{out}")
        rc2, out2, _ = t.run(name, "--help")
        expect(rc2 == 0 and out2 == out, f"'{name} --help' equals 'help {name}'")


def case_every_command_refuses_unknown_options(t, cfg):
    for name in listed_commands(t):
        rc, out, err = t.run(name, "--no-such-option")
        expect(rc == 2, f"'{name} --no-such-option' exits 2, got {rc}")
        expect(f"pssst {name}:" in err and "no-such-option" in err,
               f"'{name} --no-such-option' names the command and the option: {err!r}")
        expect(out == "", f"'{name} --no-such-option' prints nothing on stdout")


def case_keygen_help_documents_output_choice(t, cfg):
    _, out, _ = t.run("help", "keygen")
    expect("0600" in out, "keygen help names mode 0600")
    expect("stdout" in out and "stderr" in out, "keygen help says where keys go without -o")


def case_version_names_library_and_backend(t, cfg):
    rc, out, _ = t.run("version")
    expect(rc == 0, f"version exits 0, got {rc}")
    expect(f"library: {cfg.version}\n" in out, f"version prints library {cfg.version}:\n{out}")
    expect(f"backend: {cfg.backend}\n" in out, f"version prints backend {cfg.backend}:\n{out}")
    crypto = f"crypto: mbedTLS {cfg.mbedtls_version}"
    if cfg.backend == "libsodium":
        crypto = "crypto: libsodium "
    expect(crypto in out, f"version names the crypto library ({crypto}):\n{out}")
    if cfg.backend == "libsodium":
        expect(f"with mbedTLS {cfg.mbedtls_version}\n" in out, f"and mbedTLS:\n{out}")
    rc2, out2, _ = t.run("--version")
    expect(rc2 == 0 and out2 == out, "--version equals version")


# --- command-line errors ----------------------------------------------------

USAGE_ERRORS = [
    [],
    ["no-such-command"],
    ["help", "no-such-command"],
    ["help", "keygen", "demo"],
    ["version", "extra"],
    ["keygen", "--bogus"],
    ["keygen", "-x"],
    ["keygen", "-o"],
    ["keygen", "--output"],
    ["keygen", "-o", ""],
    ["keygen", "--force"],
    ["keygen", "extra"],
    ["pubkey"],
    ["pubkey", "a", "b"],
    ["pubkey", "--bogus", "a"],
    ["demo", "extra"],
    ["demo", "-m"],
    ["demo", "--nope"],
    ["demo", "-m", "x" * 1025],
]


def case_command_line_errors_exit_2(t, cfg):
    for argv in USAGE_ERRORS:
        rc, out, err = t.run(*argv)
        shown = " ".join(a if len(a) < 20 else a[:8] + "..." for a in argv)
        expect(rc == 2, f"'pssst {shown}' exits 2, got {rc}")
        expect("Usage" in err or "Try 'pssst help" in err,
               f"'pssst {shown}' shows usage help on stderr:\n{err}")
        expect(out == "", f"'pssst {shown}' prints nothing on stdout")


# --- keygen and pubkey ------------------------------------------------------

def case_keygen_writes_mode_0600(t, cfg):
    for umask in (0o022, 0o000, 0o077, 0o277):
        path = t.path(f"key-{umask:o}")
        rc, out, err = t.run("keygen", "-o", path, umask=umask)
        expect(rc == 0, f"keygen exits 0 under umask {umask:o}: {err}")
        mode = stat.S_IMODE(os.stat(path).st_mode)
        expect(mode == 0o600, f"key file has mode 0600 under umask {umask:o}, got {mode:o}")
        read_key_file(path)


def case_keygen_prints_public_key_of_file(t, cfg):
    path = t.path("server.key")
    rc, out, err = t.run("keygen", "-o", path)
    expect(rc == 0, f"keygen exits 0: {err}")
    expect(HEX64.match(out.strip()) and out.endswith("\n"), f"keygen prints one hex key: {out!r}")
    expect(out.strip() == public_of(read_key_file(path)),
           "printed public key is X25519(private key, 9)")


def case_pubkey_reproduces_keygen_public_key(t, cfg):
    path = t.path("k")
    _, printed, _ = t.run("keygen", "--output", path)
    rc, out, err = t.run("pubkey", path)
    expect(rc == 0, f"pubkey exits 0: {err}")
    expect(out == printed, f"pubkey prints what keygen printed: {out!r} vs {printed!r}")
    expect(err == "", f"pubkey of a mode-0600 file prints no warning: {err!r}")


def case_pubkey_matches_rfc7748(t, cfg):
    path = t.path("alice")
    write_file(path, (RFC7748_PRIVATE + "\n").encode())
    rc, out, err = t.run("pubkey", path)
    expect(rc == 0 and out == RFC7748_PUBLIC + "\n", f"RFC 7748 6.1 public key: {out!r} {err}")


def case_pubkey_accepts_upper_case_and_crlf(t, cfg):
    path = t.path("upper")
    write_file(path, (RFC7748_PRIVATE.upper() + "\r\n").encode())
    rc, out, err = t.run("pubkey", path)
    expect(rc == 0 and out == RFC7748_PUBLIC + "\n", f"upper case with CRLF is read: {out!r} {err}")


def case_keygen_refuses_to_overwrite(t, cfg):
    path = t.path("existing")
    write_file(path, b"precious\n", 0o644)
    rc, out, err = t.run("keygen", "-o", path)
    expect(rc == 1, f"keygen onto an existing file exits 1, got {rc}")
    expect(path in err and "--force" in err, f"message names the file and --force: {err!r}")
    expect(out == "", "nothing printed on stdout")
    with open(path, "rb") as f:
        expect(f.read() == b"precious\n", "the existing file is unchanged")


def case_keygen_refuses_to_write_through_symlink(t, cfg):
    target = t.path("target")
    write_file(target, b"precious\n", 0o644)
    link = t.path("link")
    os.symlink(target, link)
    rc, _, err = t.run("keygen", "-o", link)
    expect(rc == 1 and link in err, f"keygen onto a symlink exits 1 naming it: {rc} {err!r}")
    with open(target, "rb") as f:
        expect(f.read() == b"precious\n", "the link target is unchanged")


def case_keygen_force_replaces_with_mode_0600(t, cfg):
    path = t.path("existing")
    write_file(path, b"old\n", 0o644)
    rc, out, err = t.run("keygen", "-o", path, "--force")
    expect(rc == 0, f"keygen --force exits 0: {err}")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    expect(mode == 0o600, f"replaced file has mode 0600, got {mode:o}")
    expect(out.strip() == public_of(read_key_file(path)), "printed key matches the new file")


def case_keygen_force_keeps_old_key_when_write_fails(t, cfg):
    path = t.path("existing")
    old = RFC7748_PRIVATE + "\n"
    write_file(path, old.encode(), 0o600)

    def no_file_space():
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    rc, out, err = t.run("keygen", "-o", path, "--force", preexec=no_file_space)
    expect(rc == 1, f"keygen --force that cannot write exits 1, got {rc}: {err!r}")
    expect(path in err, f"the message names the file: {err!r}")
    with open(path, "rb") as f:
        expect(f.read() == old.encode(), "the old key is still there, unchanged")
    left = sorted(n for n in os.listdir(t.workdir) if n.startswith("existing"))
    expect(left == ["existing"], f"no half-written file is left beside it: {left}")


def case_keygen_without_output_prints_private_key(t, cfg):
    rc, out, err = t.run("keygen")
    expect(rc == 0, f"keygen exits 0: {err}")
    private = key_of_text(out.encode())
    m = re.search(r"^public key: ([0-9a-f]{64})$", err, re.M)
    expect(m, f"stderr has the public key: {err!r}")
    expect(m.group(1) == public_of(private), "stderr's public key belongs to stdout's private key")


def case_keygen_draws_fresh_keys(t, cfg):
    _, a, _ = t.run("keygen")
    _, b, _ = t.run("keygen")
    expect(key_of_text(a.encode()) != key_of_text(b.encode()), "two runs give two different keys")


def case_write_error_on_stdout_fails(t, cfg):
    if not os.path.exists("/dev/full"):
        raise Skip("/dev/full is not available")
    with open("/dev/full", "wb") as full:
        rc, _, err = t.run("version", stdout=full)
    expect(rc == 1, f"a failed write to stdout exits 1, got {rc}: {err!r}")


def case_pubkey_reads_stdin(t, cfg):
    rc, out, err = t.run("pubkey", "-", stdin_data=(RFC7748_PRIVATE + "\n").encode())
    expect(rc == 0 and out == RFC7748_PUBLIC + "\n", f"'pubkey -' reads stdin: {out!r} {err}")
    _, printed, _ = t.run("keygen", "-o", t.path("k"))
    with open(t.path("k"), "rb") as f:
        rc, out, err = t.run("pubkey", "-", stdin_data=f.read())
    expect(rc == 0 and out == printed, f"a key file on stdin gives keygen's public key: {out!r}")


def case_pubkey_writes_public_key_file(t, cfg):
    write_file(t.path("alice"), (RFC7748_PRIVATE + "\n").encode())
    rc, out, err = t.run("pubkey", "-o", t.path("alice.pub"), t.path("alice"))
    expect(rc == 0 and out == RFC7748_PUBLIC + "\n", f"pubkey -o still prints the key: {err}")
    expect(read_key_file(t.path("alice.pub"), PUBLIC_FIRST_LINE) == RFC7748_PUBLIC,
           "the public key file holds the public key under its own first line")
    mode = stat.S_IMODE(os.stat(t.path("alice.pub")).st_mode)
    expect(mode == 0o644, f"a public key file has mode 0644, got {mode:o}")
    rc, _, err = t.run("pubkey", "-o", t.path("alice.pub"), t.path("alice"))
    expect(rc == 1 and "--force" in err, f"an existing public key file is kept: {rc} {err!r}")


def case_key_file_public_is_not_private(t, cfg):
    path = t.path("server.pub")
    write_file(path, PUBLIC_FIRST_LINE + (RFC7748_PUBLIC + "\n").encode(), 0o644)
    err = expect_bad_key_file(t, path, "a public key file")
    expect("holds a public key" in err, f"says the file holds a public key: {err!r}")


def case_key_file_unknown_first_line(t, cfg):
    path = t.path("v9.key")
    write_file(path, b"pssst private key v9\n" + (RFC7748_PRIVATE + "\n").encode())
    err = expect_bad_key_file(t, path, "another version")
    expect("first line" in err and "byte 19" in err, f"says the first line differs: {err!r}")


def case_echo_server_refuses_public_key_file(t, cfg):
    path = t.path("server.pub")
    write_file(path, PUBLIC_FIRST_LINE + (RFC7748_PUBLIC + "\n").encode(), 0o644)
    rc, out, err = t.run("echo-server", "--key", path, "--listen", "127.0.0.1:0",
                         "--duration", "1")
    expect(rc == 2, f"echo-server with a public key file exits 2, got {rc}")
    expect("holds a public key" in err and "listening" not in out,
           f"it says why and never listens: {out!r} {err!r}")


def case_echo_server_refuses_malformed_key(t, cfg):
    path = t.path("short.key")
    write_file(path, (RFC7748_PRIVATE[:40] + "\n").encode())
    rc, out, err = t.run("echo-server", "--key", path, "--listen", "127.0.0.1:0",
                         "--duration", "1")
    expect(rc == 2 and "fewer than 64" in err and out == "",
           f"echo-server with a short key exits 2 and says why: {rc} {err!r}")


def case_echo_server_prints_its_public_key(t, cfg):
    path = t.path("server.key")
    _, printed, _ = t.run("keygen", "-o", path)
    rc, out, err = t.run("echo-server", "--key", path, "--listen", "127.0.0.1:0",
                         "--duration", "1")
    expect(rc == 0, f"echo-server exits 0 after --duration: {err}")
    first = out.splitlines()[0] if out else ""
    expect(re.match(r"^listening \S+ workers 1 backend \S+ public [0-9a-f]{64}$", first),
           f"the first line ends with the public key: {first!r}")
    expect(first.split()[-1] == printed.strip(), "it is the key file's public key")


# --- bad key files ----------------------------------------------------------

def expect_bad_key_file(t, path, label):
    rc, out, err = t.run("pubkey", path)
    expect(rc == 1, f"{label}: pubkey exits 1, got {rc}")
    expect(f"'{path}'" in err, f"{label}: message names the file: {err!r}")
    expect(out == "", f"{label}: nothing on stdout")
    return err


def case_key_file_missing(t, cfg):
    err = expect_bad_key_file(t, t.path("missing.key"), "missing file")
    expect("No such file" in err, f"says the file does not exist: {err!r}")


def case_key_file_empty(t, cfg):
    path = t.path("empty.key")
    write_file(path, b"")
    err = expect_bad_key_file(t, path, "empty file")
    expect("empty" in err, f"says the file is empty: {err!r}")


def case_key_file_too_short(t, cfg):
    path = t.path("short.key")
    write_file(path, (RFC7748_PRIVATE[:62] + "\n").encode())
    err = expect_bad_key_file(t, path, "62 digits")
    expect("fewer than 64" in err, f"says too few digits: {err!r}")


def case_key_file_too_long(t, cfg):
    path = t.path("long.key")
    write_file(path, (RFC7748_PRIVATE + "00\n").encode())
    err = expect_bad_key_file(t, path, "66 digits")
    expect("more than 64" in err, f"says too many digits: {err!r}")


def case_key_file_huge(t, cfg):
    path = t.path("huge.key")
    write_file(path, b"0" * (1 << 20))
    expect_bad_key_file(t, path, "1 MiB of digits")


def case_key_file_second_line(t, cfg):
    path = t.path("two-lines.key")
    write_file(path, (RFC7748_PRIVATE + "\n" + RFC7748_PRIVATE + "\n").encode())
    expect_bad_key_file(t, path, "two keys")


def case_key_file_not_hex(t, cfg):
    path = t.path("nothex.key")
    write_file(path, ("z" + RFC7748_PRIVATE[1:] + "\n").encode())
    err = expect_bad_key_file(t, path, "non-hex")
    expect("not a hex digit at byte 0" in err, f"says where the bad byte is: {err!r}")


def case_key_file_binary(t, cfg):
    path = t.path("binary.key")
    write_file(path, bytes.fromhex(RFC7748_PRIVATE))
    expect_bad_key_file(t, path, "32 raw bytes")


def case_key_file_is_directory(t, cfg):
    path = t.path("a-directory")
    os.mkdir(path)
    err = expect_bad_key_file(t, path, "directory")
    expect("not a regular file" in err, f"says it is not a regular file: {err!r}")


def drop_to_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def case_key_file_unreadable(t, cfg):
    path = t.path("unreadable.key")
    write_file(path, (RFC7748_PRIVATE + "\n").encode(), 0o000)
    preexec = None
    if os.geteuid() == 0:
        # root reads any file; run the tool as nobody when nobody can reach it.
        probe = subprocess.run([t.binary, "version"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, preexec_fn=drop_to_nobody)
        if probe.returncode != 0:
            raise Skip("running as root and user nobody cannot run the tool binary")
        os.chmod(t.workdir, 0o755)
        preexec = drop_to_nobody
    rc, out, err = t.run("pubkey", path, preexec=preexec)
    expect(rc == 1, f"unreadable file: pubkey exits 1, got {rc}")
    expect(f"'{path}'" in err and "Permission denied" in err,
           f"message names the file and the reason: {err!r}")


def case_key_file_open_to_others_warns(t, cfg):
    path = t.path("shared.key")
    write_file(path, (RFC7748_PRIVATE + "\n").encode(), 0o644)
    rc, out, err = t.run("pubkey", path)
    expect(rc == 0 and out == RFC7748_PUBLIC + "\n", f"the key is still used: {rc} {out!r}")
    expect("warning" in err and f"'{path}'" in err and "0644" in err,
           f"warns naming the file and its mode: {err!r}")


# --- demo -------------------------------------------------------------------

def case_demo_round_trips_verify(t, cfg):
    rc, out, err = t.run("demo")
    expect(rc == 0, f"demo exits 0: {out}\n{err}")
    expect("anonymous: verified, client-authenticated: verified" in out, f"both verified:\n{out}")
    expect(out.count("round trip verified") == 2, "each transaction reports its round trip")
    expect("FAILED" not in out, "no step failed")


def case_demo_shows_each_step(t, cfg):
    message = "ping \"quoted\" \x01"
    rc, out, err = t.run("demo", "-m", message)
    expect(rc == 0, f"demo -m exits 0: {err}")
    shown = re.findall(r'server got:\s+"ping \\"quoted\\" \\x01" \(15 bytes\)', out)
    expect(len(shown) == 2,
           f"the server's message is shown escaped in both modes:\n{out}")
    packets = re.findall(r"request packet:\s+(\d+) bytes\n\s+([0-9a-f]+)", out)
    sizes = [int(n) for n, _ in packets]
    expect(sizes == [52 + len(message), 116 + len(message)],
           f"request sizes are 52+n and 116+n: {sizes}")
    expect(all(len(h) == 2 * n for n, h in [(int(n), h) for n, h in packets]), "hex matches size")
    flags = [h[:4] for _, h in packets]
    expect(flags == ["0000", "4000"], f"anonymous then CLIENT_AUTH flags: {flags}")
    expect(re.search(r"from client:\s+anonymous", out), "anonymous mode shows no client key")
    client = re.search(r"client public key:\s+([0-9a-f]{64})", out).group(1)
    expect(re.search(rf"from client:\s+{client}", out), "client-auth mode shows the client key")


def case_demo_reply_no_longer_than_request(t, cfg):
    for message in ("hello", "", "x" * 1024):
        rc, out, err = t.run("demo", "-m", message)
        requests = [int(n) for n in re.findall(r"request packet:\s+(\d+) bytes", out)]
        replies = [int(n) for n in re.findall(r"reply packet:\s+(\d+) bytes", out)]
        expect(rc == 0 and len(requests) == len(replies) == 2, f"demo runs: {err}")
        expect(all(r <= q for q, r in zip(requests, replies)),
               f"no reply longer than its request (spec 11.6): {requests} {replies}")


def case_demo_empty_message(t, cfg):
    rc, out, err = t.run("demo", "--message", "")
    expect(rc == 0 and "client-authenticated: verified" in out, f"empty message works: {out}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pssst", required=True)
    parser.add_argument("--header", required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--mbedtls-version", required=True)
    parser.add_argument("case")
    args = parser.parse_args()
    with open(args.header, encoding="utf-8") as f:
        m = re.search(r'#define PSSST_VERSION_STRING "([^"]+)"', f.read())
    args.version = m.group(1)
    case = globals().get("case_" + args.case)
    if case is None:
        print(f"unknown case {args.case}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pssst-tool-") as workdir:
        try:
            case(Tool(os.path.abspath(args.pssst), workdir), args)
        except Skip as e:
            print(f"SKIPPED: {e}")
            return SKIP
        except Failure as e:
            print(f"FAIL {args.case}: {e}")
            return 1
    print(f"ok {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
