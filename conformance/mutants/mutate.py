#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Mutation run of pssst-c: do the test vectors catch real port bugs?

Each NN-name.patch in this folder is a small change to src/ that models a
mistake a port makes or could make (its header says which, and which rule of
spec/pssst.md it breaks). For every mutant this script

  1. applies the patch to a copy of the source tree (never to the tree itself),
  2. builds pssst-conform with clang, ASan and UBSan,
  3. replays every vector file (vectors/*.json, canaries left out) with
     its default strict errors, and, when the vectors miss the mutant, the transcripts,
  4. records the verdict: killed (with the vector ids that failed, or the
     vector that made a sanitizer report) or survived.

Cost: the source tree is copied once per worker (--jobs, default 2) and built
once there; each mutant then rebuilds only what its patch touches, and the
patched files are restored from the pristine copy afterwards. Before any
mutant runs, the unmutated tree must pass every vector and transcript, and
every patch must apply without fuzz: a stale patch is an error.

Exit status: 0 when every mutant is killed or survives as a bug class that
spec/untestable-by-vectors.md names (by the mutant's name); 1 when a mutant
survives undocumented; 2 for errors (patch does not apply, a build fails,
the unmutated tree does not pass); 77 when clang or cJSON is missing.

Usage: run.sh [--source DIR] [--work DIR] [--jobs N] [--patches DIR [--set NAME]] [--only NAME ...]
              [--results FILE] [--catches FILE] [--check] [--keep]
"""
import argparse
import concurrent.futures
import json
import os
import queue
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
SANITIZER_EXIT = 86
SANITIZER_RE = re.compile(r"ERROR: (Address|Leak)Sanitizer|runtime error:|UndefinedBehaviorSanitizer")
# Verdicts of the JSON report that mean the vectors caught the mutant.
CAUGHT = ("fail", "wrong-error", "error", "crash", "timeout")
HEADER_FIELDS = ("Mutant", "Class", "Spec", "Bug", "Models", "Note", "Covered-by")
RUN_TIMEOUT = 600
BUILD_TIMEOUT = 900
UNTESTABLE_DOC = os.path.join("spec", "untestable-by-vectors.md")


class MutationError(Exception):
    """A problem with the run itself, not a verdict on a mutant."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- patches

def read_patch(path):
    """Header fields (text before the first 'diff --git') and touched files."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, sep, body = text.partition("diff --git ")
    if not sep:
        raise MutationError(f"{path}: no 'diff --git' section")
    fields, key = {}, None
    for line in head.splitlines():
        m = re.match(r"^([A-Za-z-]+): ?(.*)$", line)
        if m and m.group(1) in HEADER_FIELDS:
            key = m.group(1)
            fields[key] = m.group(2).strip()
        elif line.startswith("  ") and key:
            fields[key] += " " + line.strip()
        elif line.strip():
            raise MutationError(f"{path}: header line not understood: {line!r}")
    for need in ("Mutant", "Class", "Spec", "Bug"):
        if need not in fields:
            raise MutationError(f"{path}: header lacks '{need}:'")
    files = re.findall(r"^\+\+\+ b/(\S+)", body, re.M)
    if not files:
        raise MutationError(f"{path}: the diff changes no file")
    stem = os.path.basename(path)[:-len(".patch")]
    if not stem.endswith(fields["Mutant"]):
        raise MutationError(f"{path}: file name does not end with the Mutant: name")
    return {"id": stem, "name": fields["Mutant"], "path": path, "files": files,
            "class": fields["Class"], "spec": fields["Spec"], "bug": fields["Bug"],
            "models": fields.get("Models", ""), "covered_by": fields.get("Covered-by", "").split()}


def list_patches(folder, only):
    paths = sorted(os.path.join(folder, p) for p in os.listdir(folder) if p.endswith(".patch"))
    muts = [read_patch(p) for p in paths]
    names = [m["name"] for m in muts]
    if len(set(names)) != len(names):
        raise MutationError("two patches share a Mutant: name")
    if only:
        unknown = set(only) - set(names) - {m["id"] for m in muts}
        if unknown:
            raise MutationError("no such mutant: " + ", ".join(sorted(unknown)))
        muts = [m for m in muts if m["name"] in only or m["id"] in only]
    return muts


def patch_cmd(patch, tree, dry_run=False, reverse=False):
    # --fuzz=0: the context must match exactly, so a drifted src/ is noticed.
    cmd = ["patch", "-p1", "--fuzz=0", "--batch", "--forward", "--silent",
           "--no-backup-if-mismatch", "-r", "-", "-d", tree, "-i", patch]
    if dry_run:
        cmd.append("--dry-run")
    if reverse:
        cmd.append("--reverse")
    return subprocess.run(cmd, capture_output=True, text=True)


def check_patches(muts, tree):
    bad = []
    for m in muts:
        r = patch_cmd(m["path"], tree, dry_run=True)
        if r.returncode != 0:
            bad.append(f"{m['id']}: {(r.stdout + r.stderr).strip()}")
    if bad:
        raise MutationError("patches that no longer apply to src/ (update them):\n  "
                            + "\n  ".join(bad))


# ---------------------------------------------------------------- source copies and builds

def is_build_dir(path):
    return os.path.exists(os.path.join(path, "CMakeCache.txt"))


# What pssst-conform needs; the top-level CMakeLists.txt skips the optional
# folders (tests, fuzz, bench, examples) when they are absent.
COPIED = ("CMakeLists.txt", "cmake", "include", "src", "tools", "conformance", "vectors")
# tests/: the unit tests named by Covered-by: headers (run for survivors).
COPIED_IF_PRESENT = ("LICENSE", "README.md", "CHANGELOG.md", "tests")


def copy_tree(src, dst, work):
    """Copies the parts of src needed to build and run pssst-conform."""
    work = os.path.realpath(work)

    def ignore(dirpath, names):
        out = set()
        for n in names:
            full = os.path.join(dirpath, n)
            if n in (".git", "__pycache__") or os.path.realpath(full) == work:
                out.add(n)
            elif os.path.isdir(full) and is_build_dir(full):
                out.add(n)
        return out

    os.makedirs(dst)
    for name in COPIED + COPIED_IF_PRESENT:
        path = os.path.join(src, name)
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(dst, name), ignore=ignore, symlinks=True)
        elif os.path.exists(path):
            shutil.copyfile(path, os.path.join(dst, name))
        elif name in COPIED:
            raise MutationError(f"{path} is missing")


def run_logged(cmd, logf, timeout, cwd=None, env=None):
    with open(logf, "a", encoding="utf-8") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        r = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env,
                           timeout=timeout)
    return r.returncode


class Worker:
    """One source copy and one build folder, reused mutant after mutant."""

    def __init__(self, index, args, pristine):
        self.index = index
        self.args = args
        self.pristine = pristine
        self.root = os.path.join(args.work, f"worker{index}")
        self.src = os.path.join(self.root, "src")
        self.build = os.path.join(self.root, "build")
        self.log = os.path.join(self.root, "build.log")
        self.conform = os.path.join(self.build, "bin", "pssst-conform")

    def setup(self):
        if os.path.exists(self.root):
            shutil.rmtree(self.root)
        os.makedirs(self.root)
        copy_tree(self.pristine, self.src, self.args.work)
        cfg = ["cmake", "-S", self.src, "-B", self.build, "-DCMAKE_C_COMPILER=" + self.args.cc,
               "-DCMAKE_BUILD_TYPE=Debug", "-DPSSST_SANITIZE=ON", "-DBUILD_TESTING=OFF",
               "-DPSSST_WERROR=OFF", "-DPSSST_FUZZ_ENGINE=none"]
        if run_logged(cfg, self.log, BUILD_TIMEOUT) != 0:
            raise MutationError(f"configure failed, see {self.log}")
        self.compile("unmutated tree")

    def compile(self, what):
        cmd = ["cmake", "--build", self.build, "--target", "pssst-conform", "-j1"]
        if run_logged(cmd, self.log, BUILD_TIMEOUT) != 0:
            raise MutationError(f"build of {what} failed, see {self.log}")

    def covering_test(self, m):
        """Builds and runs the unit test of the Covered-by: header; True when it fails."""
        target, names = m["covered_by"][0], m["covered_by"][1:]
        cmd = ["cmake", "--build", self.build, "--target", target, "-j1"]
        if run_logged(cmd, self.log, BUILD_TIMEOUT) != 0:
            raise MutationError(f"{m['id']}: Covered-by target {target} does not build, see {self.log}")
        exe = os.path.join(self.build, "bin", target)
        if not os.path.exists(exe):
            exe = os.path.join(self.build, "tests", target)
        r = subprocess.run([exe] + names, capture_output=True, text=True, env=sanitizer_env(),
                           timeout=RUN_TIMEOUT)
        if r.returncode == SKIP:
            raise MutationError(f"{m['id']}: Covered-by test {target} skipped itself")
        return r.returncode != 0

    def apply(self, m):
        r = patch_cmd(m["path"], self.src)
        if r.returncode != 0:
            raise MutationError(f"{m['id']} does not apply: {(r.stdout + r.stderr).strip()}")

    def restore(self, m):
        # A fresh copy gets a new mtime, so the next build recompiles it.
        for rel in m["files"]:
            shutil.copyfile(os.path.join(self.pristine, rel), os.path.join(self.src, rel))


# ---------------------------------------------------------------- replays

def sanitizer_env():
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = f"detect_leaks=1:exitcode={SANITIZER_EXIT}"
    env["UBSAN_OPTIONS"] = f"print_stacktrace=1:halt_on_error=1:exitcode={SANITIZER_EXIT}"
    return env


# --lenient: a refusal with a status the vector does not allow is reported
# but passes (to see which mutants only the exact status catches).
LENIENT = []


def caught(report_path):
    """(VERDICT, tcId) of every test of a JSON report that did not pass, canaries
    left out, and whether a canary passed."""
    try:
        with open(report_path) as fp:
            tests = json.load(fp)["tests"]
    except (OSError, ValueError, KeyError):
        return [], False
    found = [(t["verdict"].upper(), t["tcId"]) for t in tests
             if not t["canary"] and t["verdict"] in CAUGHT
             and not (LENIENT and t["verdict"] == "wrong-error")]
    return found, any(t["canary"] and t["verdict"] == "pass" for t in tests)


def conform(exe, command, paths, ids=()):
    """Runs pssst-conform; returns (exit code, stdout, sanitizer report or None,
    the tests that did not pass, whether a canary passed)."""
    with tempfile.TemporaryDirectory(prefix="pssst-conform-") as tmp:
        report_path = os.path.join(tmp, "report.json")
        cmd = [exe, command, "--json", report_path] + LENIENT
        for i in ids:
            cmd += ["--id", i]
        cmd += ["--"] + list(paths)
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, env=sanitizer_env(),
                               timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return -1, "", "timeout after %d s" % RUN_TIMEOUT, [], False
        found, canary_passed = caught(report_path)
    report = None
    if r.returncode == SANITIZER_EXIT or SANITIZER_RE.search(r.stderr):
        lines = [ln for ln in r.stderr.splitlines() if SANITIZER_RE.search(ln) or "SUMMARY" in ln]
        report = lines[0].strip() if lines else "sanitizer exit status %d" % r.returncode
    elif r.returncode < 0:
        report = "killed by signal %d" % -r.returncode
    return r.returncode, r.stdout, report, found, canary_passed


def vector_files(source):
    d = os.path.join(source, "vectors")
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.endswith(".json") and f != "canary.json" and is_vector_file(os.path.join(d, f)))


def is_vector_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            return "testGroups" in json.load(f)
    except (OSError, ValueError):
        return False


def transcript_files(source):
    files = [os.path.join(source, "vectors", "reference", "pssst-0.2.1.json")]
    tdir = os.path.join(source, "vectors", "transcripts")
    if os.path.isdir(tdir):
        files += sorted(os.path.join(tdir, f) for f in os.listdir(tdir) if f.endswith(".json"))
    return [f for f in files if os.path.exists(f)]


def test_ids(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return [t["tcId"] for g in data["testGroups"] for t in g["tests"]]


def find_sanitizer_trigger(exe, files):
    """The first vector whose replay makes a sanitizer report (bisection by --id)."""
    for path in files:
        if conform(exe, "vectors", [path])[2] is None:
            continue
        ids = test_ids(path)
        while len(ids) > 1:
            half = ids[:len(ids) // 2]
            ids = half if conform(exe, "vectors", [path], half)[2] is not None else ids[len(half):]
        return ids[0] if ids else os.path.basename(path)
    return None


def judge(exe, vfiles, tfiles, fast=False):
    """Verdict on the binary at exe: what the vectors (then transcripts) say.

    fast: replay the vector files one at a time and stop at the first that
    fails (the verdict is the same; fewer killing vectors are listed)."""
    for paths in ([f] for f in vfiles) if fast else [vfiles]:
        rc, out, report, found, canary_passed = conform(exe, "vectors", paths)
        if report is not None:
            trigger = find_sanitizer_trigger(exe, paths)
            return {"result": "killed", "by": "sanitizer", "first": trigger,
                    "killers": [trigger] if trigger else [], "kinds": {}, "report": report}
        if canary_passed and not found:
            # Only a canary noticed: the mutated library accepts what it must refuse.
            found = [("CANARY-PASSED", "canary.json")]
        if rc == 2 and not found:
            raise MutationError("pssst-conform could not run the vectors:\n" + out[-2000:])
        if found:
            kinds = {}
            for kind, tc in found:
                kinds[kind] = kinds.get(kind, 0) + 1
            return {"result": "killed", "by": "vectors", "first": found[0][1],
                    "killers": [tc for _, tc in found], "kinds": kinds}
        if rc != 0:
            raise MutationError(f"pssst-conform exit status {rc} without a failed test")
    trc, tout, treport, tfound, _ = conform(exe, "transcripts", tfiles)
    del tout
    if treport is not None or tfound or trc != 0:
        first = tfound[0][1] if tfound else (treport or f"exit status {trc}")
        return {"result": "survived", "by": "transcripts", "first": first,
                "killers": [], "kinds": {}, "transcripts_killed": True}
    return {"result": "survived", "by": None, "first": None, "killers": [], "kinds": {},
            "transcripts_killed": False}


# ---------------------------------------------------------------- the run

def run(args):
    source = os.path.abspath(args.source)
    muts = list_patches(args.patches, args.only)
    if not muts:
        raise MutationError("no mutants in " + args.patches)
    check_patches(muts, source)
    log(f"{len(muts)} patches apply to {source}")
    if args.check:
        return 0, []
    for tool in (args.cc, "cmake", "patch"):
        if shutil.which(tool) is None:
            print(f"SKIPPED: {tool} not found (the mutation run builds with clang, ASan and UBSan)")
            return SKIP, []

    os.makedirs(args.work, exist_ok=True)
    pristine = os.path.join(args.work, "pristine")
    if os.path.exists(pristine):
        shutil.rmtree(pristine)
    copy_tree(source, pristine, args.work)
    vfiles, tfiles = vector_files(pristine), transcript_files(pristine)
    if not vfiles:
        raise MutationError("no vector files in " + os.path.join(source, "vectors"))
    nvec = sum(len(test_ids(f)) for f in vfiles)
    log(f"{nvec} vectors in {len(vfiles)} files, {len(tfiles)} transcript files")

    jobs = max(1, min(args.jobs, len(muts)))
    workers = [Worker(i, args, pristine) for i in range(jobs)]
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(lambda w: w.setup(), workers))
    if not os.path.exists(os.path.join(workers[0].build, "bin", "pssst-conform")):
        print("SKIPPED: pssst-conform was not configured (cJSON missing?)")
        return SKIP, []
    base = judge(workers[0].conform, vfiles, tfiles)
    if base["result"] != "survived" or base["by"] is not None:
        raise MutationError(f"the unmutated tree does not pass: {base['by']} {base['first']}")
    # A covering test means something only if it passes on the unmutated tree.
    for cov in sorted({tuple(m["covered_by"]) for m in muts if m["covered_by"]}):
        if workers[0].covering_test({"id": "unmutated tree", "covered_by": list(cov)}):
            raise MutationError("Covered-by test fails on the unmutated tree: " + " ".join(cov))
    log(f"baseline builds and passes in {time.monotonic() - t0:.0f} s")

    todo = queue.Queue()
    for m in muts:
        todo.put(m)
    results, lock, failures = [], threading.Lock(), []

    def work(w):
        while not failures:
            try:
                m = todo.get_nowait()
            except queue.Empty:
                return
            start = time.monotonic()
            try:
                w.apply(m)
                try:
                    w.compile(m["id"])
                    verdict = judge(w.conform, vfiles, tfiles, args.fast)
                    if verdict["result"] == "survived" and m["covered_by"]:
                        verdict["covered_by"] = " ".join(m["covered_by"])
                        verdict["covering_test_fails"] = w.covering_test(m)
                finally:
                    w.restore(m)
            except (MutationError, subprocess.TimeoutExpired) as e:
                with lock:
                    failures.append(str(e))
                return
            verdict.update({k: m[k] for k in ("id", "name", "class", "spec", "bug")})
            verdict["seconds"] = round(time.monotonic() - start, 1)
            with lock:
                results.append(verdict)
                log(f"[{len(results)}/{len(muts)}] {m['id']}: {verdict['result']}"
                    f" ({verdict['by']}: {verdict['first']}) {verdict['seconds']} s")

    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(work, workers))
    if failures:
        raise MutationError("\n".join(failures))
    results.sort(key=lambda r: r["id"])
    elapsed = time.monotonic() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    documented = untestable_names(source)
    for r in results:
        # A survivor is documented when the file names it and, if the patch
        # names a covering unit test, that test does fail on the mutant.
        r["documented"] = (r["result"] == "survived" and r["name"] in documented and
                           r.get("covering_test_fails", True))
    print_table(results, elapsed, jobs, args.set)
    print(f"CPU time of builds and replays: {cpu:.0f} s")
    meta = {"vectorFiles": [os.path.relpath(f, pristine) for f in vfiles],
            "transcriptFiles": [os.path.relpath(f, pristine) for f in tfiles],
            "vectors": nvec, "seconds": round(elapsed), "cpuSeconds": round(cpu),
            "jobs": jobs}
    if args.set:
        meta["set"] = args.set
    if args.results:
        with open(args.results, "w", encoding="utf-8") as f:
            json.dump({"run": meta, "mutants": results}, f, indent=1)
            f.write("\n")
    meta["fast"] = args.fast
    if args.catches:
        write_catches(args.catches, results, meta)
        committed = os.path.join(HERE, "CATCHES.md")
        if not args.only and args.patches == HERE and not same_file(args.catches, committed):
            log(f"note: {committed} differs from this run's {args.catches}; "
                "copy it over when the change is intended")
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    bad = [r for r in results if r["result"] == "survived" and not r["documented"]]
    return (1 if bad else 0), results


def same_file(a, b):
    try:
        with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def untestable_names(source):
    path = os.path.join(source, UNTESTABLE_DOC)
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"`([a-z0-9-]+)`", f.read()))


def outcome(r):
    if r["result"] == "killed":
        return "killed" + (" (sanitizer)" if r["by"] == "sanitizer" else "")
    if r["documented"]:
        return "survived (documented)"
    return "SURVIVED"


def killer_text(r):
    if r["result"] == "killed":
        extra = len(r["killers"]) - 1
        return r["first"] + (f" (+{extra} more)" if extra > 0 else "")
    parts = []
    if r["by"] == "transcripts":
        parts.append(f"transcripts catch it ({r['first']})")
    if "covered_by" in r:
        verb = "fails" if r["covering_test_fails"] else "PASSES (does not cover it)"
        parts.append(f"{r['covered_by']} {verb}")
    return "; ".join(parts) if parts else "-"


def print_table(results, elapsed, jobs, set_name=None):
    w1 = max(len(r["id"]) for r in results)
    w2 = max(len(r["class"]) for r in results)
    w3 = max(len(outcome(r)) for r in results)
    print(f"{'mutant':<{w1}}  {'class':<{w2}}  {'result':<{w3}}  first vector that killed it")
    for r in results:
        print(f"{r['id']:<{w1}}  {r['class']:<{w2}}  {outcome(r):<{w3}}  {killer_text(r)}")
    killed = sum(r["result"] == "killed" for r in results)
    doc = sum(r["documented"] for r in results)
    label = f"set {set_name}: " if set_name else ""
    print(f"\n{label}{killed} of {len(results)} mutants killed by the vectors, "
          f"{doc} survivors documented in {UNTESTABLE_DOC}, "
          f"{len(results) - killed - doc} undocumented survivors; "
          f"{elapsed:.0f} s with {jobs} workers")


# ---------------------------------------------------------------- CATCHES.md

def families(ids):
    """Test ids with their numbers folded to N, in order of first appearance."""
    out = []
    for i in ids:
        fam = re.sub(r"-[0-9a-f]{8,}$", "", i)
        fam = re.sub(r"-\d+(?=-|$)", "-N", fam)
        if fam not in out:
            out.append(fam)
    return out


def write_catches(path, results, meta):
    classes = []
    for r in results:
        if r["class"] not in classes:
            classes.append(r["class"])
    killed = sum(r["result"] == "killed" for r in results)
    documented = sum(r["documented"] for r in results)
    intro = (
        "Each row below is a mutant: a deliberate bug of the kind ports make, patched into "
        "this library (`conformance/mutants/NN-name.patch`; its header says which bug it "
        "models and which rule of spec/pssst.md it breaks), built with ASan and UBSan and "
        "replayed against the test vectors with `pssst-conform vectors`. "
        f"Data: the mutation run `conformance/mutants/run.sh` over {meta['vectors']} vectors in "
        + ", ".join(f"`{f}`" for f in meta["vectorFiles"]) + " (canaries left out); "
        "the verdicts of the run this file was made from are kept in "
        "`conformance/mutants/last-run.json` (`run.sh --catches-from last-run.json "
        "--catches CATCHES.md` remakes this file from them). "
        f"{killed} of {len(results)} mutants are killed by the vectors alone. "
        f"{documented} survivors are bug classes no vector can show; spec/untestable-by-vectors.md "
        "lists them with the test that catches each instead."
        + (f" {len(results) - killed - documented} survivors are not caught: gaps."
           if len(results) - killed - documented else ""))
    legend = (
        "\"Caught by\" lists the failing test families (numbers folded to `N`, in the order "
        "the runner met them) and how many vectors failed in all; for a sanitizer kill, the "
        "vector whose replay made ASan or UBSan report.")
    lines = ["<!-- Generated by conformance/mutants/mutate.py (run.sh --catches); do not edit. -->",
             "## What the suite catches", ""]
    if meta.get("fast"):
        legend += (" This run used --fast: only the first vector file that failed was "
                   "replayed in full, so the counts are lower bounds.")
    lines += textwrap.wrap(intro, 78) + [""] + textwrap.wrap(legend, 78) + [""]
    lines += ["| bug class | mutants | killed by vectors | survivors |", "|---|---:|---:|---|"]
    for cls in classes:
        rs = [r for r in results if r["class"] == cls]
        k = sum(r["result"] == "killed" for r in rs)
        other = [r["name"] for r in rs if r["result"] != "killed"]
        lines.append(f"| {cls} | {len(rs)} | {k} | " + ", ".join(f"`{n}`" for n in other) + " |")
    lines.append("")
    summary = lines[1:]
    for cls in classes:
        lines += [f"### {cls}", "", "| mutant | bug | spec | caught by |", "|---|---|---|---|"]
        for r in (r for r in results if r["class"] == cls):
            if r["result"] == "killed":
                fams = families(r["killers"])
                shown = ", ".join(f"`{f}`" for f in fams[:5])
                if len(fams) > 5:
                    shown += f" and {len(fams) - 5} more families"
                how = "sanitizer report on " if r["by"] == "sanitizer" else ""
                caught = f"{how}{shown} ({len(r['killers'])} vectors)"
            elif r["documented"]:
                caught = "no vector can; spec/untestable-by-vectors.md"
                if "covered_by" in r:
                    caught += f"; caught by `{r['covered_by']}`"
            else:
                caught = "**not caught**"
            lines.append(f"| `{r['name']}` | {r['bug']} | {r['spec']} | {caught} |")
        lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return summary


README_BEGIN = "<!-- catches:begin (generated by conformance/mutants/mutate.py --readme) -->"
README_END = "<!-- catches:end -->"


def write_readme_section(readme, summary):
    """Replaces the marked section of README.md with the summary table."""
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if README_BEGIN not in text or README_END not in text:
        raise SystemExit(f"mutation run error: {readme} has no {README_BEGIN} ... {README_END} section")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    body = summary + ["Each mutant, its bug and the vectors that catch it: "
                      "[conformance/mutants/CATCHES.md](conformance/mutants/CATCHES.md).", ""]
    with open(readme, "w", encoding="utf-8") as f:
        f.write(head + README_BEGIN + "\n" + "\n".join(body) + README_END + tail)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", default=os.path.dirname(os.path.dirname(HERE)),
                   help="source tree to mutate (default: this checkout)")
    p.add_argument("--work", help="scratch folder (default: a new temporary folder)")
    p.add_argument("--jobs", type=int, default=2, help="mutants built and run at once")
    p.add_argument("--patches", default=HERE, help="folder of the NN-name.patch files")
    p.add_argument("--set", help="name of the mutant set (e.g. blind): labels the score line "
                   "and the results JSON, so that two sets are reported apart")
    p.add_argument("--only", nargs="+", help="run only these mutants (names or NN-names)")
    p.add_argument("--results", help="write the verdicts as JSON")
    p.add_argument("--catches", help="write the 'What the suite catches' section (Markdown)")
    p.add_argument("--readme", help="with --catches-from: also rewrite the marked summary "
                   "section of this README.md")
    p.add_argument("--fast", action="store_true",
                   help="stop each mutant's replay at the first failing vector file")
    p.add_argument("--lenient", action="store_true",
                   help="replay with --lenient (a wrong refusal status passes)")
    p.add_argument("--check", action="store_true", help="only check that every patch applies")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder")
    p.add_argument("--cc", default="clang", help="C compiler with ASan and UBSan")
    p.add_argument("--catches-from", metavar="RESULTS",
                   help="only rewrite --catches from a --results file of an earlier run")
    args = p.parse_args()
    if args.catches_from:
        if not args.catches:
            p.error("--catches-from needs --catches")
        with open(args.catches_from, encoding="utf-8") as f:
            data = json.load(f)
        summary = write_catches(args.catches, data["mutants"], data["run"])
        if args.readme:
            write_readme_section(args.readme, summary)
        return 0
    if args.work is None:
        args.work = tempfile.mkdtemp(prefix="pssst-mutants-")
    args.work = os.path.abspath(args.work)
    # patch runs with -d in a copy of the tree: a relative folder would not be found.
    args.patches = os.path.abspath(args.patches)
    if args.lenient:
        LENIENT.append("--lenient")
    try:
        code, _ = run(args)
    except MutationError as e:
        log("mutation run error: " + str(e))
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
