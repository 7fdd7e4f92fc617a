#!/usr/bin/env python3
"""Depfiles read back by a real GNU make and ninja.

For file names with each character that Make syntax treats specially,
`taskc compile IN -o OUT --manifest JSON --depfile deps.d` either

* writes a depfile that GNU make reads back as exactly these files (a newer
  input rebuilds both outputs and nothing else; newer outputs are up to
  date) and from which ninja (deps = gcc, as Meson and CMake use it) records
  exactly the input; or
* refuses the name with exit 2 and writes nothing.

Python standard library only; make and ninja must be installed.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

# Fragments that go into the input's and the outputs' names and must work.
ACCEPTED = ["sp ace", "hash#1", "dollar$x", "pct%50", "co:lon", "tilde~mid",
            "copy (1)", "brack[et", "ket]", "misc!@,+{}", "back\\slash", "\u00fctf8"]

# (input name, output name): one of them is refused.
REFUSED = [
    ("eq=1.kir", "out.cpp"), ("in.kir", "eq=1.cpp"),
    ("~home.kir", "out.cpp"), ("in.kir", "./~home.cpp"),
    ("lib(member)", "out.cpp"), ("in.kir", "lib(member)"),
    ("open(paren.kir", "out.cpp"),
    ("glob[12].kir", "out.cpp"), ("in.kir", "glob[12].cpp"),
    ("star*.kir", "out.cpp"), ("in.kir", "what?.cpp"),
    ("./-lm", "out.cpp"), ("in.kir", ".PHONY"),
    ("in.kir", "trail\\"), ("in.kir", "drive:"),
]

RESULTS = []


def check(name, condition, detail=""):
    RESULTS.append((name, None if condition else detail or "failed"))


def ninja_escape(path):
    return path.replace("$", "$$").replace(" ", "$ ").replace(":", "$:")


def set_mtime(path, seconds):
    os.utime(path, (seconds, seconds))


def make_reads(directory, kir, outputs):
    """Whether make, given deps.d, rebuilds exactly `outputs` from `kir`."""
    (directory / "Makefile").write_text(
        "-include deps.d\n%::\n\t@printf '%s\\n' 'rebuilt $@ from $^'\n")
    problems = []
    for output in outputs:
        set_mtime(directory / output, 1_000_000_000)
        set_mtime(directory / kir, 1_000_000_100)
        proc = subprocess.run(["make", "-s", "-f", "Makefile", output], cwd=directory,
                              capture_output=True, text=True)
        expected = "rebuilt %s from %s\n" % (output, kir)
        if proc.returncode != 0 or proc.stdout != expected:
            problems.append("newer input: %r, expected %r (%s)" % (
                proc.stdout, expected, proc.stderr.strip()))
        set_mtime(directory / output, 1_000_000_200)
        proc = subprocess.run(["make", "-q", "-f", "Makefile", output], cwd=directory,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            problems.append("older input: make -q says %r is out of date" % output)
    return problems


def ninja_reads(directory, kir, output):
    """The dependencies ninja records from deps.d for `output`."""
    (directory / "deps.src").write_bytes((directory / "deps.d").read_bytes())
    (directory / "build.ninja").write_text(
        "rule gen\n  command = cp deps.src deps.d && touch %s\n"
        "  deps = gcc\n  depfile = deps.d\nbuild %s: gen\n" % (
            "'" + output.replace("'", "'\\''") + "'", ninja_escape(output)))
    proc = subprocess.run(["ninja"], cwd=directory, capture_output=True, text=True)
    if proc.returncode != 0:
        return ["ninja failed: " + proc.stdout + proc.stderr]
    listing = subprocess.run(["ninja", "-t", "deps"], cwd=directory, capture_output=True,
                             text=True).stdout.splitlines()
    recorded = [line.strip() for line in listing[1:] if line.strip()]
    return [] if recorded == [kir] else ["ninja recorded %r, expected %r" % (recorded, [kir])]


def accepted(taskc, example, tmp):
    for fragment in ACCEPTED:
        directory = tmp / ("case%d" % ACCEPTED.index(fragment))
        directory.mkdir()
        kir, cpp, manifest = "in %s.kir" % fragment, "out %s.cpp" % fragment, \
            "m %s.json" % fragment
        shutil.copy(example, directory / kir)
        proc = subprocess.run([taskc, "compile", kir, "-o", cpp, "--manifest", manifest,
                               "--depfile", "deps.d"], cwd=directory, capture_output=True,
                              text=True)
        if proc.returncode != 0:
            check("accepted %r" % fragment, False, proc.stderr)
            continue
        depfile = (directory / "deps.d").read_text()
        problems = make_reads(directory, kir, [cpp, manifest])
        problems += ninja_reads(directory, kir, cpp)  # removes deps.d, as deps = gcc does
        check("accepted %r" % fragment, not problems,
              "\n".join(problems) + "\ndepfile: " + depfile)


def refused(taskc, example, tmp):
    for number, (kir, output) in enumerate(REFUSED):
        directory = tmp / ("refused%d" % number)
        directory.mkdir()
        shutil.copy(example, directory / kir)
        proc = subprocess.run([taskc, "compile", kir, "-o", output, "--depfile", "deps.d"],
                              cwd=directory, capture_output=True, text=True)
        written = sorted(p.name for p in directory.iterdir() if p.name != kir.lstrip("./"))
        check("refused %r -> %r" % (kir, output),
              proc.returncode == 2 and "make or ninja would misread" in proc.stderr
              and not written,
              "exit %d, wrote %s: %s" % (proc.returncode, written, proc.stderr))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--taskc", required=True)
    parser.add_argument("--example", required=True, help="a valid .kir program")
    args = parser.parse_args()
    missing = [tool for tool in ("make", "ninja") if shutil.which(tool) is None]
    if missing:
        print("SKIP: not installed: " + ", ".join(missing))
        return 77
    taskc = os.path.abspath(args.taskc)
    with tempfile.TemporaryDirectory() as tmp:
        accepted(taskc, args.example, pathlib.Path(tmp))
        refused(taskc, args.example, pathlib.Path(tmp))
    failed = [(name, why) for name, why in RESULTS if why]
    for name, why in failed:
        print("FAIL", name + ":", why)
    print("%d passed, %d failed" % (len(RESULTS) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
