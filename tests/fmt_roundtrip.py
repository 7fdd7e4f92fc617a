#!/usr/bin/env python3
"""For every valid program: `taskc fmt` is idempotent, and the formatted
program compiles to the same manifest (same kernels, signatures, func_ids)
as the original."""
import argparse
import pathlib
import subprocess
import sys


def taskc(binary, args, stdin):
    proc = subprocess.run([binary] + args, input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError("taskc %s failed (%d): %s" % (
            " ".join(args), proc.returncode, proc.stderr.decode(errors="replace")))
    return proc.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    passed = failed = 0
    for kir in sorted(pathlib.Path(args.dir).glob("*.kir")):
        source = kir.read_bytes()
        try:
            once = taskc(args.taskc, ["fmt", "-"], source)
            twice = taskc(args.taskc, ["fmt", "-"], once)
            manifest = ["compile", "-", "--manifest", "-", "-q"]
            same = taskc(args.taskc, manifest, source) == taskc(args.taskc, manifest, once)
            problems = [p for p, bad in (("fmt is not idempotent", once != twice),
                                         ("formatting changed the manifest", not same))
                        if bad]
        except RuntimeError as error:
            problems = [str(error)]
        if problems:
            failed += 1
            print("FAIL", kir.name + ":", "; ".join(problems))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
