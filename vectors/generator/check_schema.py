#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Validates every vector file against vectors/pssst_vectors.schema.json.

Usage: /usr/bin/python3 check_schema.py VECTORS_DIR
Exits 77 (CTest skip) when python3-jsonschema is not installed.
"""

import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("SKIPPED: python3-jsonschema is not installed")
    sys.exit(77)

NOT_VECTOR_FILES = {"pssst_vectors.schema.json", "coverage.json"}


def vector_files(folder):
    return sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                  if os.path.basename(p) not in NOT_VECTOR_FILES)


def main(argv):
    if len(argv) != 1:
        print("usage: check_schema.py VECTORS_DIR", file=sys.stderr)
        return 2
    folder = argv[0]
    with open(os.path.join(folder, "pssst_vectors.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    files = vector_files(folder)
    if not files:
        print("check_schema: no vector files in " + folder, file=sys.stderr)
        return 1
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for err in errors[:10]:
            where = "/".join(str(p) for p in err.absolute_path)
            print("%s: %s: %s" % (os.path.basename(path), where, err.message[:300]))
        bad += len(errors) > 0
        print("%s: %s" % (os.path.basename(path), "FAILED" if errors else "ok"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
