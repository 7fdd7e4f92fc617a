#!/usr/bin/env python3
"""taskc compile as a build step, on the real file system:

* determinism: the same input compiled in two working directories (and under
  two relative paths) gives the same bytes;
* an output whose bytes would not change keeps its mtime; a changed input
  rewrites it;
* a failing write leaves every existing output byte-identical and no
  temporary file behind; a failing compile touches nothing;
* outputs follow the umask;
* the GNU Make and Meson examples in examples/ build, rebuild after an edit,
  and are then up to date.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

RESULTS = []


def case(fn):
    def run(*args):
        try:
            fn(*args)
            RESULTS.append((fn.__name__, None))
        except AssertionError as error:
            RESULTS.append((fn.__name__, str(error) or "assertion failed"))
    return run


def taskc(binary, args, cwd, ok=True):
    proc = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True)
    if ok:
        assert proc.returncode == 0, "taskc %s: %s" % (args, proc.stderr)
    return proc


def read_all(directory):
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(directory).iterdir())
            if p.is_file()}


@case
def determinism(binary, kir, tmp):
    for name in ("one", "two"):
        (tmp / name).mkdir()
        shutil.copy(kir, tmp / name / "prog.kir")
        taskc(binary, ["compile", "prog.kir", "--emit", "cpp,manifest,kernel-config"],
              tmp / name)
    assert read_all(tmp / "one") == read_all(tmp / "two"), "outputs differ between directories"
    # A different relative path changes only the input name in comments.
    (tmp / "three").mkdir()
    taskc(binary, ["compile", "one/prog.kir", "--out-dir", "three"], tmp)
    a = (tmp / "one" / "vector_example.orch.cpp").read_text()
    b = (tmp / "three" / "vector_example.orch.cpp").read_text()
    assert "from one/prog.kir." in b and "from prog.kir." in a
    assert a == b.replace("one/prog.kir", "prog.kir"), "outputs differ beyond the input name"
    assert (tmp / "one" / "vector_example.manifest.json").read_bytes() == \
        (tmp / "three" / "vector_example.manifest.json").read_bytes()
    assert str(tmp) not in (tmp / "three" / "vector_example.orch.cpp").read_text()


@case
def unchanged_output_keeps_mtime(binary, kir, tmp):
    shutil.copy(kir, tmp / "p.kir")
    args = ["compile", "p.kir", "--depfile", "p.d"]
    taskc(binary, args, tmp)
    outputs = ["vector_example.orch.cpp", "vector_example.manifest.json", "p.d"]
    old = 1_000_000_000
    for name in outputs:
        os.utime(tmp / name, ns=(old, old))
    taskc(binary, args, tmp)
    for name in outputs:
        assert (tmp / name).stat().st_mtime_ns == old, name + " was rewritten"
    taskc(binary, args + ["--always-write"], tmp)
    assert (tmp / outputs[0]).stat().st_mtime_ns != old, "--always-write did not write"
    # An edit that changes the program rewrites the outputs.
    os.utime(tmp / outputs[0], ns=(old, old))
    text = (tmp / "p.kir").read_text().replace("call kernel_add(g, c, f);",
                                                "call kernel_add(c, g, f);")
    (tmp / "p.kir").write_text(text)
    taskc(binary, args, tmp)
    assert (tmp / outputs[0]).stat().st_mtime_ns != old, "a changed output was not written"


@case
def failed_write_changes_nothing(binary, kir, tmp):
    shutil.copy(kir, tmp / "p.kir")
    (tmp / "vector_example.orch.cpp").write_text("old cpp")
    (tmp / "vector_example.manifest.json").mkdir()  # cannot be replaced
    proc = taskc(binary, ["compile", "p.kir"], tmp, ok=False)
    assert proc.returncode == 3, "exit %d: %s" % (proc.returncode, proc.stderr)
    assert (tmp / "vector_example.orch.cpp").read_text() == "old cpp"
    leftovers = [p.name for p in tmp.iterdir() if "taskc-tmp" in p.name]
    assert not leftovers, "temporary files left: %s" % leftovers
    # A compile with errors touches nothing either.
    (tmp / "bad.kir").write_text((tmp / "p.kir").read_text() + "kernel")
    (tmp / "vector_example.manifest.json").rmdir()
    proc = taskc(binary, ["compile", "bad.kir", "--depfile", "bad.d"], tmp, ok=False)
    assert proc.returncode == 1
    assert not (tmp / "bad.d").exists() and not (tmp / "vector_example.manifest.json").exists()


@case
def outputs_follow_umask(binary, kir, tmp):
    shutil.copy(kir, tmp / "p.kir")
    old = os.umask(0o027)
    try:
        taskc(binary, ["compile", "p.kir"], tmp)
    finally:
        os.umask(old)
    mode = (tmp / "vector_example.orch.cpp").stat().st_mode & 0o777
    assert mode == 0o640, "mode %o" % mode


@case
def make_example(binary, kir, tmp, examples):
    shutil.copytree(examples / "make", tmp / "make")
    make = ["make", "-C", str(tmp / "make"), "TASKC=" + binary]
    subprocess.run(make, check=True, capture_output=True)
    cpp = tmp / "make" / "gen" / "vector_example.orch.cpp"
    assert cpp.exists()
    again = subprocess.run(make + ["-q"])
    assert again.returncode == 0, "make thinks the outputs are stale after a build"
    before = cpp.read_bytes()
    source = tmp / "make" / "vector_example.kir"
    source.write_text(source.read_text().replace("call kernel_add(g, c, f);",
                                                 "call kernel_add(c, g, f);"))
    assert subprocess.run(make + ["-q"]).returncode == 1, "make missed the edit"
    subprocess.run(make, check=True, capture_output=True)
    assert cpp.read_bytes() != before, "the edit did not reach the output"
    assert subprocess.run(make + ["-q"]).returncode == 0, "stale after rebuilding"


@case
def meson_example(binary, kir, tmp, examples):
    shutil.copytree(examples / "meson", tmp / "src")
    subprocess.run(["meson", "setup", str(tmp / "build"), str(tmp / "src"),
                    "-Dtaskc=" + binary], check=True, capture_output=True)
    ninja = ["ninja", "-C", str(tmp / "build")]
    subprocess.run(ninja, check=True, capture_output=True)
    assert (tmp / "build" / "vector_example.orch.cpp").exists()
    dry = subprocess.run(ninja + ["-n"], capture_output=True, text=True).stdout
    assert "no work to do" in dry, "ninja is not up to date after a build:\n" + dry
    os.utime(tmp / "src" / "vector_example.kir")
    dry = subprocess.run(ninja + ["-n"], capture_output=True, text=True).stdout
    assert "taskc" in dry or "vector_example" in dry, "ninja missed the edit:\n" + dry


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    binary = os.path.abspath(args.taskc)
    root = pathlib.Path(args.root)
    kir = root / "testdata" / "valid" / "vector_example.kir"
    for test in (determinism, unchanged_output_keeps_mtime, failed_write_changes_nothing,
                 outputs_follow_umask):
        with tempfile.TemporaryDirectory() as tmp:
            test(binary, kir, pathlib.Path(tmp))
    for test in (make_example, meson_example):
        with tempfile.TemporaryDirectory() as tmp:
            test(binary, kir, pathlib.Path(tmp), root / "examples")
    failed = [(name, why) for name, why in RESULTS if why]
    for name, why in failed:
        print("FAIL", name + ":", why)
    print("%d passed, %d failed" % (len(RESULTS) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
