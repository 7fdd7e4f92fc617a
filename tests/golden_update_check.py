#!/usr/bin/env python3
"""Checks golden.py's UPDATE_GOLDENS on a scratch copy of two cases: a
filter rewrites the matching case only, and a case that no longer reports
the code on its `# expect:` line fails the update and keeps its golden."""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

GOOD = b"# expect: E0201\nmodule m;\norchestration o() { let x = y; }\n"
# Says it expects E0201 but is a valid program: nothing is reported.
STALE = b"# expect: E0201\nmodule m;\norchestration o() { }\n"


def run(golden, taskc, directory, update):
    env = dict(os.environ, UPDATE_GOLDENS=update)
    env.pop("CI", None)
    return subprocess.run([sys.executable, golden, "--taskc", taskc, "--mode", "check",
                           "--dir", str(directory)], capture_output=True, env=env, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--golden", required=True)
    args = ap.parse_args()
    taskc = os.path.abspath(args.taskc)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        (d / "README.md").write_text("`good.kir`, `other.kir`, `stale.kir`: test cases\n")
        (d / "good.kir").write_bytes(GOOD)
        (d / "other.kir").write_bytes(GOOD)
        (d / "other.out").write_bytes(b"old\n")
        proc = run(args.golden, taskc, d, "goo*")
        # `other` is compared, not rewritten: its stale golden fails the run.
        if proc.returncode != 1 or (d / "other.out").read_bytes() != b"old\n":
            failures.append("a filter touched a case it does not match:\n" + proc.stdout)
        if not (d / "good.out").exists() or b"[E0201]" not in (d / "good.out").read_bytes():
            failures.append("the filtered case was not written:\n" + proc.stdout)
        run(args.golden, taskc, d, "other.kir")
        proc = run(args.golden, taskc, d, "")
        if proc.returncode != 0:
            failures.append("the updated goldens do not compare equal:\n" + proc.stdout)
        (d / "stale.kir").write_bytes(STALE)
        (d / "stale.out").write_bytes(b"kept\n")
        proc = run(args.golden, taskc, d, "1")
        if proc.returncode != 1 or "stale.kir: expected a [E0201] diagnostic" not in proc.stdout:
            failures.append("an update of a case missing its expected code passed:\n" +
                            proc.stdout)
        if (d / "stale.out").read_bytes() != b"kept\n":
            failures.append("the golden of a case missing its expected code was rewritten")
        (d / "stale.kir").unlink()
        (d / "README.md").write_text("`good.kir`: the only case described\n")
        proc = run(args.golden, taskc, d, "")
        if proc.returncode != 1 or "other.kir: not described in" not in proc.stdout:
            failures.append("a case missing from README.md passed:\n" + proc.stdout)
    for f in failures:
        print("FAIL", f)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
