#!/usr/bin/env python3
"""Golden tests: run taskc on every .kir in a testdata directory and compare
what it prints and writes, byte for byte, with the files stored beside it.

For NAME.kir the expectations are:
  NAME.out                 "exit: N" then taskc's stderr
  NAME.orch.cpp, NAME.manifest.json, NAME.kernel_config.py
                           (mode 'compile' only: the generated outputs)

UPDATE_GOLDENS rewrites expectations instead of comparing: `1` (or `all`)
every case, anything else a case name or glob (`manual_scope_deps`,
`'manual_*'`, `dtype_mismatch.kir`); the other cases are compared as usual.
A case whose first line names the diagnostic it must report
(`# expect: E0502`) is not rewritten when taskc no longer reports it: the
update fails instead. Updating is refused when CI is set, so CI can never
bless its own output.
"""
import argparse
import difflib
import fnmatch
import os
import pathlib
import subprocess
import sys
import tempfile

OUTPUTS = [  # (flag, suffix)
    ("-o", ".orch.cpp"),
    ("--manifest", ".manifest.json"),
    ("--kernel-config", ".kernel_config.py"),
]


def run_case(taskc, kir, mode, scratch):
    """Returns {suffix: bytes} of everything the case produced."""
    if mode == "check":
        cmd = [taskc, "check", kir.name]
    else:
        cmd = [taskc, "compile", kir.name, "--emit", "cpp,manifest,kernel-config"]
        for flag, suffix in OUTPUTS:
            cmd += [flag, str(scratch / (kir.stem + suffix))]
    proc = subprocess.run(cmd, cwd=kir.parent, capture_output=True,
                          env=dict(os.environ, NO_COLOR="1"))
    produced = {".out": b"exit: %d\n" % proc.returncode + proc.stderr}
    if mode == "compile":
        for _, suffix in OUTPUTS:
            path = scratch / (kir.stem + suffix)
            if path.exists():
                produced[suffix] = path.read_bytes()
    return produced


def missing_expected_code(kir, out):
    """A case may name its diagnostic on line 1 ('# expect: E0502' or
    '# expect: warning unused-kernel'); that code must be reported."""
    first = kir.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    if not first.startswith("# expect: "):
        return None
    code = first[len("# expect: "):].strip()
    label = "[-W%s]" % code.split()[1] if code.startswith("warning ") else "[%s]" % code
    if label.encode() not in out:
        return "expected a %s diagnostic" % label
    return None


def show_diff(name, expected, actual):
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(True),
        actual.decode("utf-8", "replace").splitlines(True),
        fromfile=name + " (expected)", tofile=name + " (actual)")
    sys.stdout.writelines(list(lines)[:80])


def unlisted_cases(directory, cases):
    """Names of the cases that the directory's README.md does not list (each
    case is described there, in a table row or a paragraph naming the file)."""
    readme = directory / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    unlisted = [kir.name for kir in cases if "`%s`" % kir.name not in text]
    for name in unlisted:
        print("FAIL %s: not described in %s" % (name, readme))
    return unlisted


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--dir", required=True, help="testdata directory")
    ap.add_argument("--mode", choices=["check", "compile"], required=True)
    args = ap.parse_args()
    update_filter = os.environ.get("UPDATE_GOLDENS", "")
    if update_filter and os.environ.get("CI"):
        print("refusing UPDATE_GOLDENS when CI is set")
        return 1

    def updating(kir):
        if update_filter in ("1", "all"):
            return True
        return bool(update_filter) and (fnmatch.fnmatch(kir.stem, update_filter) or
                                        fnmatch.fnmatch(kir.name, update_filter))
    taskc = os.path.abspath(args.taskc)
    cases = sorted(pathlib.Path(args.dir).glob("*.kir"))
    if not cases:
        print("no .kir files in", args.dir)
        return 1
    failed_cases = set(unlisted_cases(pathlib.Path(args.dir), cases))
    updated = 0
    for kir in cases:
        update = updating(kir)
        with tempfile.TemporaryDirectory() as tmp:
            produced = run_case(taskc, kir, args.mode, pathlib.Path(tmp))
        expected_suffixes = {".out"} | (
            {s for _, s in OUTPUTS} if args.mode == "compile" else set())
        problem = missing_expected_code(kir, produced[".out"])
        if problem:
            failed_cases.add(kir.name)
            print("FAIL", kir.name + ":", problem + (" (not updated)" if update else ""))
            continue
        updated += update
        for suffix in sorted(expected_suffixes | set(produced)):
            golden = kir.with_name(kir.stem + suffix)
            actual = produced.get(suffix)
            if update:
                if actual is None:
                    golden.unlink(missing_ok=True)
                else:
                    golden.write_bytes(actual)
                continue
            expected = golden.read_bytes() if golden.exists() else None
            if expected != actual:
                failed_cases.add(kir.name)
                print("FAIL", golden.name)
                show_diff(golden.name, expected or b"", actual or b"")
    total = len(cases)
    if update_filter:
        if updated == 0 and not failed_cases:
            print("UPDATE_GOLDENS=%s matches no case in %s" % (update_filter, args.dir))
            return 1
        print("updated goldens for", updated, "cases")
    failed = len(failed_cases)
    print("%d passed, %d failed" % (total - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
