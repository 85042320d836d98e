#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the malformed inputs of conformance/tests/bad/.

Each file differs from a well-formed control file in exactly one defect, so
that the runner's message for it can be checked (cases.txt lists the file,
the subcommand and the expected message). The vector control is a single
server_init test with the unimplemented suite 2; the transcript control is
transcript 0 of vectors/reference/pssst-0.2.1.json (recorded from the Python
reference pssst 0.2.1). The server key below is an arbitrary 32-byte value.

Usage: /usr/bin/python3 make_bad_inputs.py [OUT_DIR]   (default: this folder)
"""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "..", "vectors", "reference", "pssst-0.2.1.json")
SERVER_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"


def control():
    return {
        "algorithm": "PSSST",
        "generatorVersion": "hand-written",
        "source": "conformance/tests/bad: hand-written input",
        "numberOfTests": 1,
        "notes": {"UnknownSuite": {"bugType": "MISSING_CHECK",
                                   "description": "A suite the implementation lacks is refused."}},
        "testGroups": [{
            "type": "PssstTest", "role": "server", "mode": "anonymous", "suite": 2,
            "tests": [{
                "tcId": "server-unknown-suite", "comment": "suite 2 is not implemented",
                "sections": ["3.1"], "flags": ["UnknownSuite"], "result": "invalid",
                "errors": ["UNSUPPORTED_SUITE"], "stage": "server_init",
                "serverPrivate": SERVER_PRIVATE,
            }],
        }],
    }


def test_of(doc):
    return doc["testGroups"][0]["tests"][0]


def vector_cases():
    """name -> function that breaks a copy of the control."""
    def hex_digit(d):
        test_of(d)["serverPrivate"] = SERVER_PRIVATE[:4] + "zz" + SERVER_PRIVATE[6:]

    def odd_hex(d):
        test_of(d)["serverPrivate"] = SERVER_PRIVATE[:63]

    def short_key(d):
        test_of(d)["serverPrivate"] = SERVER_PRIVATE[:62]

    def duplicate_tcid(d):
        d["testGroups"][0]["tests"].append(dict(test_of(d)))
        d["numberOfTests"] = 2

    def valid_without_packets(d):
        t = test_of(d)
        t["result"] = "valid"
        del t["errors"]
        del t["stage"]

    def replies_before_plain_group(d):
        g = d["testGroups"][0]
        g["role"] = "client"
        t = test_of(d)
        t["stage"] = "client_init"
        t["serverPublic"] = t.pop("serverPrivate")
        t["repliesBefore"] = [{"packet": "00", "errors": ["MALFORMED"]}]

    def no_groups(d):
        d["testGroups"] = []
        d["numberOfTests"] = 0

    return {
        "control": lambda d: None,
        "bad-hex-digit": hex_digit,
        "odd-hex": odd_hex,
        "short-key": short_key,
        "suite-string": lambda d: d["testGroups"][0].update(suite="2"),
        "suite-fraction": lambda d: d["testGroups"][0].update(suite=1.5),
        "missing-tcid": lambda d: test_of(d).pop("tcId"),
        "unknown-status": lambda d: test_of(d).update(errors=["NOPE"]),
        "stage-of-other-role": lambda d: test_of(d).update(stage="pack_request"),
        "number-of-tests": lambda d: d.update(numberOfTests=2),
        "wrong-algorithm": lambda d: d.update(algorithm="PSST"),
        "duplicate-tcid": duplicate_tcid,
        "undescribed-flag": lambda d: test_of(d).update(flags=["Undescribed"]),
        "section-not-number": lambda d: test_of(d).update(sections=["seven"]),
        "valid-without-packets": valid_without_packets,
        "unknown-group-type": lambda d: d["testGroups"][0].update(type="OtherTest"),
        "replies-before-server": lambda d: test_of(d).update(
            repliesBefore=[{"packet": "00", "errors": ["MALFORMED"]}]),
        "replies-before-plain-group": replies_before_plain_group,
        "tests-not-array": lambda d: d["testGroups"][0].update(tests={"tcId": "x"}),
        "no-groups": no_groups,
        "unknown-role": lambda d: d["testGroups"][0].update(role="proxy"),
        "no-errors": lambda d: test_of(d).update(errors=[]),
        "no-flags": lambda d: test_of(d).update(flags=[]),
        "control-in-id": lambda d: test_of(d).update(tcId="server-\x1b[2Junknown-suite"),
        "control-in-section": lambda d: test_of(d).update(sections=["3.1", "7\n"]),
    }


def transcript_cases(reference):
    first = reference["transcripts"][0]

    def bad_hex(d):
        p = d["transcripts"][0]["request_packet"]
        d["transcripts"][0]["request_packet"] = p[:10] + "g" + p[11:]

    return {
        "transcript-control": lambda d: None,
        "transcript-bad-hex": bad_hex,
        "transcript-missing-reply": lambda d: d["transcripts"][0].pop("reply"),
        "transcript-auth-without-key": lambda d: d["transcripts"][0].update(client_auth=True),
        "transcript-duplicate-id": lambda d: d["transcripts"].append(dict(first)),
        "transcript-bool-type": lambda d: d["transcripts"][0].update(client_auth="no"),
    }, {"generator": "hand-written", "seed": 1, "transcripts": [dict(first)]}


# Inputs that are broken below the JSON level, as raw bytes.
RAW_CASES = {
    "truncated": b'{"algorithm": "PSSST", "generatorVersion": "x",\n "testGroups": [\n',
    "empty": b"",
    "top-array": b"[]\n",
    "trailing-garbage": b'{"algorithm": "PSSST"} trailing\n',
    "duplicate-member": b'{"algorithm": "PSSST", "algorithm": "PSSST", "generatorVersion": "x", '
                        b'"source": "x", "numberOfTests": 0, "testGroups": []}\n',
}


def write_json(out_dir, name, doc):
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        f.write(json.dumps(doc, indent=1) + "\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    for name, breaker in vector_cases().items():
        doc = control()
        breaker(doc)
        write_json(out_dir, name, doc)
    with open(REFERENCE) as f:
        reference = json.load(f)
    cases, tcontrol = transcript_cases(reference)
    for name, breaker in cases.items():
        doc = copy.deepcopy(tcontrol)
        breaker(doc)
        write_json(out_dir, name, doc)
    for name, data in RAW_CASES.items():
        with open(os.path.join(out_dir, name + ".json"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
