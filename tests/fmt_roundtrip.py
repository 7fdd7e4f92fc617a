#!/usr/bin/env python3
"""For every program of a directory: `taskc fmt` is idempotent and keeps the
meaning. --mode compile (valid programs): the formatted program compiles to
the same manifest (same kernels, signatures, func_ids). --mode check
(invalid programs): `taskc check` reports the same diagnostics (severity,
code, message; only their line and column may move). Programs that do not
parse are skipped in check mode: fmt leaves them alone."""
import argparse
import json
import pathlib
import re
import subprocess
import sys


class TaskcFailed(RuntimeError):
    pass


def taskc(binary, args, stdin, ok=(0,)):
    proc = subprocess.run([binary] + args, input=stdin, capture_output=True)
    if proc.returncode not in ok:
        raise TaskcFailed("taskc %s failed (%d): %s" % (
            " ".join(args), proc.returncode, proc.stderr.decode(errors="replace")))
    return proc.stdout, proc.stderr


def diagnostics(binary, source):
    """What `taskc check` says about `source`, without positions."""
    _, err = taskc(binary, ["check", "-", "--diagnostics-format", "json"],
                   source, ok=(0, 1))
    found = []
    for line in err.decode("utf-8", "replace").splitlines():
        d = json.loads(line)
        notes = [re.sub(r"line \d+", "line N", n["message"]) for n in d["notes"]]
        found.append((d["severity"], d["code"],
                      re.sub(r"line \d+", "line N", d["message"]), notes))
    return found


def same_meaning(binary, mode, source, formatted):
    if mode == "check":
        return diagnostics(binary, source) == diagnostics(binary, formatted)
    manifest = ["compile", "-", "--manifest", "-", "-q"]
    return taskc(binary, manifest, source)[0] == taskc(binary, manifest, formatted)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--mode", choices=["compile", "check"], default="compile")
    args = ap.parse_args()
    passed = failed = skipped = 0
    for kir in sorted(pathlib.Path(args.dir).glob("*.kir")):
        source = kir.read_bytes()
        try:
            once = taskc(args.taskc, ["fmt", "-"], source)[0]
        except TaskcFailed as error:
            if args.mode == "check":
                skipped += 1  # a syntax error: nothing to format
                continue
            once, problems = None, [str(error)]
        if once is not None:
            try:
                twice = taskc(args.taskc, ["fmt", "-"], once)[0]
                problems = [p for p, bad in (
                    ("fmt is not idempotent", once != twice),
                    ("formatting changed the meaning",
                     not same_meaning(args.taskc, args.mode, source, once)))
                    if bad]
            except TaskcFailed as error:
                problems = [str(error)]
        if problems:
            failed += 1
            print("FAIL", kir.name + ":", "; ".join(problems))
        else:
            passed += 1
    print("%d passed, %d failed, %d skipped (syntax errors)" % (passed, failed, skipped))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
