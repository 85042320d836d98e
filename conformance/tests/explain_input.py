#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""How pssst-conform explain takes its input, and its --json output.

Checks:
- --help and -h print the usage on stdout and exit 0;
- one packet given as argument, as "-" on stdin, with no argument on stdin,
  spaced in byte pairs with a 0x prefix, and broken over lines with tabs,
  gives the same output and exit status each time;
- a bad hex character is refused with exit 2 and its position, in an
  argument, on stdin and in a key; an odd digit count and more than 1 MiB
  of stdin are refused with exit 2;
- --json parses as one JSON object; for server-role vectors (one valid test
  and one invalid test per expected error of vectors/server_*.json, but
  NOT_REQUEST, whose packets explain walks as replies) the
  verdict is the vector's (OK, or one of its errors) and the library
  agrees; for valid tests the key schedule equals the vector's
  "intermediate" values and the reply, explained with --request, is OK.

Usage: explain_input.py PSSST_CONFORM VECTORS_DIR
"""
import json
import os
import subprocess
import sys

MAX_STDIN = 1 << 20
checks = 0


def fail(msg, out=""):
    sys.stdout.write(out)
    print("\nCHECK FAILED: " + msg)
    sys.exit(1)


def run(cmd, stdin=b""):
    proc = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode(
        "utf-8", "replace")


def expect(cond, msg, out=""):
    global checks
    checks += 1
    if not cond:
        fail(msg, out)


def check_help(conform):
    for flag in ("--help", "-h"):
        rc, out, err = run([conform, "explain", flag])
        expect(rc == 0 and out.startswith("usage: pssst-conform explain") and err == "",
               "explain %s: exit %d, usage on stdout expected" % (flag, rc), out + err)


def spaced(hex_text):
    return "0x" + " ".join(hex_text[i:i + 2] for i in range(0, len(hex_text), 2))


def line_broken(hex_text):
    return "\n".join("\t" + hex_text[i:i + 16] for i in range(0, len(hex_text), 16)) + "\n"


def check_input_forms(conform, key, packet):
    base = [conform, "explain", "--server-private", key]
    want = run(base + [packet])
    expect("verdict: OK" in want[1], "the reference packet must be accepted", want[1] + want[2])
    forms = {
        "stdin '-'": (base + ["-"], packet.encode()),
        "stdin, no argument": (base, packet.encode()),
        "spaced argument": (base + [spaced(packet)], b""),
        "line-broken argument": (base + [line_broken(packet)], b""),
        "spaced, line-broken stdin": (base, line_broken(spaced(packet)[2:]).encode()),
    }
    for name, (cmd, stdin) in forms.items():
        got = run(cmd, stdin)
        expect(got == want, "%s: output or exit status differs from the argument's" % name,
               got[1] + got[2])
    spaced_key = [conform, "explain", "--server-private", spaced(key), packet]
    got = run(spaced_key)
    expect(got == want, "a spaced --server-private must give the same output", got[1] + got[2])


def check_refused(conform):
    cases = [
        ([conform, "explain", "00 0g"], b"", "PACKET_HEX: not valid hex (character 5, 'g'"),
        ([conform, "explain"], b"0001\n00z0", "stdin: not valid hex (character 8, 'z'"),
        ([conform, "explain", "-"], b"0x00\n0", "stdin: not valid hex (odd number of digits: 3)"),
        ([conform, "explain", "--request", "00 11 x"], b"", "--request: not valid hex (character 7"),
        ([conform, "explain", "--server-public", "ab" * 31 + "a?", "00"], b"",
         "--server-public: not valid hex (character 64, '?'"),
        ([conform, "explain"], b"0" * (MAX_STDIN + 1), "stdin: longer than 1048576 characters"),
    ]
    for cmd, stdin, message in cases:
        rc, out, err = run(cmd, stdin)
        expect(rc == 2 and message in err and out == "",
               "%s: exit 2 and \"%s\" expected, got exit %d" % (" ".join(cmd)[-40:], message, rc),
               out + err)


def server_tests(vectors_dir):
    """One valid test and one unpack_request failure per error, of each server vector file."""
    picked = []
    for name in ("server_anonymous.json", "server_client_auth.json"):
        seen = set()
        with open(os.path.join(vectors_dir, name)) as f:
            groups = json.load(f)["testGroups"]
        for test in (t for g in groups for t in g["tests"]):
            if test["result"] == "valid":
                kind = "OK"
            elif test.get("stage") == "unpack_request" and test["errors"] != ["NOT_REQUEST"]:
                # NOT_REQUEST tests have the REPLY bit set: explain walks them as replies.
                kind = test["errors"][0]
            else:
                continue
            if kind not in seen:
                seen.add(kind)
                picked.append(test)
    return picked


def explain_json(conform, args):
    rc, out, err = run([conform, "explain", "--json"] + args)
    try:
        doc = json.loads(out)
    except ValueError as e:
        fail("--json output is no JSON (%s)" % e, out + err)
    expect(isinstance(doc, dict) and rc in (0, 1), "--json: one object and exit 0 or 1", out + err)
    for member in ("header", "walk", "verdict", "library"):
        expect(member in doc, "--json: member %s missing" % member, out)
    return rc, doc, out


def check_json_vector(conform, test):
    rc, doc, out = explain_json(conform, ["--server-private", test["serverPrivate"],
                                          test["requestPacket"]])
    verdict, tc = doc["verdict"], test["tcId"]
    allowed = ["OK"] if test["result"] == "valid" else test["errors"]
    expect(verdict["decided"] and verdict["status"] in allowed,
           "%s: verdict %s, vector expects %s" % (tc, verdict["status"], allowed), out)
    expect(rc == (0 if allowed == ["OK"] else 1), "%s: exit %d" % (tc, rc), out)
    expect(doc["library"]["consulted"] and doc["library"]["agrees"],
           "%s: the library must agree" % tc, out)
    steps = [c["step"] for c in doc["walk"]["checks"]]
    expect(steps == sorted(steps) and doc["walk"]["checks"][-1].get("status", "OK") ==
           verdict["status"], "%s: checks out of order or the last one is not the verdict" % tc,
           out)
    if test["result"] != "valid":
        return
    sched = doc["keySchedule"]
    for name in ("shared", "key", "clientNonce", "serverNonce"):
        expect(sched[name] == test["intermediate"][name],
               "%s: keySchedule.%s differs from the vector's intermediate value" % (tc, name), out)
    expect(doc["message"]["bytes"] == test["request"], "%s: message differs" % tc, out)
    rc, doc, out = explain_json(conform, ["--server-private", test["serverPrivate"], "--request",
                                          test["requestPacket"], test["replyPacket"]])
    expect(rc == 0 and doc["verdict"]["status"] == "OK" and doc["walk"]["section"] == "9.1" and
           doc["message"]["bytes"] == test["reply"], "%s: reply must explain as OK" % tc, out)


def main():
    conform, vectors_dir = sys.argv[1], sys.argv[2]
    tests = server_tests(vectors_dir)
    if not tests:
        fail("no server-role tests in %s" % vectors_dir)
    check_help(conform)
    valid = next(t for t in tests if t["result"] == "valid")
    check_input_forms(conform, valid["serverPrivate"], valid["requestPacket"])
    check_refused(conform)
    for test in tests:
        check_json_vector(conform, test)
    print("OK: %d checks, %d vectors explained with --json" % (checks, len(tests)))


if __name__ == "__main__":
    main()
