# SPDX-License-Identifier: Apache-2.0
"""BENCHMARKS.md shows the summary that the checked-in benchmark data gives.

Computes the summary tables from bench/plots/data/ with bench/plots.py (no
benchmark runs, no plotting), and checks that bench/plots/summary.md is
that text and that every line of its tables appears in BENCHMARKS.md: the
figures at the top of BENCHMARKS.md are the ones the data holds, not typed
by hand, and do not go stale when the data is renewed.

Usage: test_benchmarks_summary.py SOURCE_DIR
"""
import importlib.util
import os
import sys


def load_plots(src):
    spec = importlib.util.spec_from_file_location("plots", os.path.join(src, "bench", "plots.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    src = sys.argv[1]
    plots = load_plots(src)
    data = os.path.join(src, "bench", "plots", "data")
    bench, echo = plots.load(data, "pssst-bench"), plots.load(data, "echo")
    if not bench:
        print("FAIL: no pssst-bench-*.json in " + data)
        return 1
    want = plots.summary_text(bench, echo)
    with open(os.path.join(src, "bench", "plots", "summary.md")) as f:
        if f.read() != want:
            print("FAIL: bench/plots/summary.md is not what the data gives; "
                  "run bench/plots.sh --render-only")
            return 1
    with open(os.path.join(src, "BENCHMARKS.md")) as f:
        shown = set(f.read().splitlines())
    missing = [l for l in want.splitlines() if l.startswith("|") and l not in shown]
    if missing:
        print("FAIL: BENCHMARKS.md lacks these lines of bench/plots/summary.md:")
        print("\n".join(missing))
        return 1
    print("ok: BENCHMARKS.md shows the summary of %d builds" % len(bench))
    return 0


if __name__ == "__main__":
    sys.exit(main())
