# SPDX-License-Identifier: Apache-2.0
"""Extracts the special X25519 public values used by the PSSST vectors from
Wycheproof's x25519_test.json into wycheproof_points.json (committed beside
this script, so that generate.py does not need the Wycheproof file).

Usage: /usr/bin/python3 extract_points.py WYCHEPROOF/x25519_test.json OUT.json

Selected: every distinct public value flagged LowOrderPublic,
ZeroSharedSecret, NonCanonicalPublic, SmallPublicKey or SpecialPublicKey,
and the first TWIST_ONLY_COUNT distinct values flagged only Twist.
"""

import json
import sys

SPECIAL_FLAGS = (
    "LowOrderPublic",
    "ZeroSharedSecret",
    "NonCanonicalPublic",
    "SmallPublicKey",
    "SpecialPublicKey",
)
TWIST_ONLY_COUNT = 8


def main(argv):
    if len(argv) != 3:
        print("usage: extract_points.py x25519_test.json OUT.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        data = json.load(f)
    points = {}
    order = []
    for group in data["testGroups"]:
        for test in group["tests"]:
            pub = test["public"]
            if pub not in points:
                points[pub] = {"public": pub, "flags": set(), "tcIds": []}
                order.append(pub)
            points[pub]["flags"].update(test["flags"])
            points[pub]["tcIds"].append(test["tcId"])
    chosen = []
    twist_only = 0
    for pub in order:
        flags = points[pub]["flags"]
        if flags & set(SPECIAL_FLAGS):
            chosen.append(points[pub])
        elif "Twist" in flags and twist_only < TWIST_ONLY_COUNT:
            twist_only += 1
            chosen.append(points[pub])
    out = {
        "source": "Wycheproof x25519_test.json (algorithm XDH, 518 tests; Apache-2.0), "
        "public values of the tests listed in tcIds; selected by "
        "vectors/generator/extract_points.py",
        "points": [
            {"public": p["public"], "flags": sorted(p["flags"]), "tcIds": p["tcIds"][:8]}
            for p in chosen
        ],
    }
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("%d points" % len(chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
