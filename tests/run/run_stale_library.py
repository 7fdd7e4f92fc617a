#!/usr/bin/env python3
"""Stale or mismatched orchestration libraries through `taskc run` (issue
16): one program's library with another's manifest, and a library built
before the kernels were reordered, are refused with one line that names
the stale file, exit 1, before anything runs. A manifest without a
fingerprint (hand-written) still runs. Standard library only.
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from run_vector_example import Env, case, expect, report


def one_line(proc):
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, "expected one line, got:\n" + proc.stderr
    return lines[0]


def run_with(env, manifest, orchestration):
    command = [env.args.taskc, "run", str(manifest), "--orchestration", orchestration,
               "--kernels", env.args.kernels, "--input", "a=a.npy", "--input", "b=b.npy",
               "--output", "f=f.npy"]
    return subprocess.run(command, cwd=env.tmp, capture_output=True, text=True, timeout=120)


@case
def another_programs_library_is_refused(env):
    proc = run_with(env, env.args.manifest, env.args.matmul_orchestration)
    expect(proc, 1, "was generated from module 'matmul_single' but manifest",
           "describes module 'vector_example': they belong to different programs")
    one_line(proc)
    assert not (env.tmp / "f.npy").exists()


@case
def library_older_than_reordered_kernels_is_refused(env):
    # kernel_mul moved before kernel_add: every func_id changes.
    source = pathlib.Path(env.args.kir).read_text()
    mul = re.search(r'@source\("kernels/aiv/kernel_mul.cpp"\)\n[^;]*;\n', source).group(0)
    reordered = source.replace(mul, "")
    reordered = reordered.replace('@source("kernels/aiv/kernel_add.cpp")', mul +
                                  '@source("kernels/aiv/kernel_add.cpp")')
    (env.tmp / "vector_example.kir").write_text(reordered)
    manifest = env.tmp / "re.manifest.json"
    compiled = subprocess.run([env.args.taskc, "compile", "vector_example.kir", "-o",
                               "re.orch.cpp", "--manifest", manifest.name], cwd=env.tmp,
                              capture_output=True, text=True, timeout=120)
    expect(compiled, 0)
    assert json.loads(manifest.read_text())["kernels"][0]["name"] == "kernel_mul"
    library_time = os.stat(env.args.orchestration).st_mtime
    os.utime(manifest, (library_time + 60, library_time + 60))
    proc = run_with(env, manifest, env.args.orchestration)
    expect(proc, 1, "taskc: error: orchestration library '%s' is stale" %
           env.args.orchestration, "rebuild it from the generated C++")
    one_line(proc)
    os.utime(manifest, (library_time - 60, library_time - 60))
    proc = run_with(env, manifest, env.args.orchestration)
    expect(proc, 1, "taskc: error: manifest '%s' is stale" % manifest)
    one_line(proc)


@case
def manifest_without_fingerprint_runs(env):
    manifest = json.loads(pathlib.Path(env.args.manifest).read_text())
    del manifest["fingerprint"]
    path = env.tmp / "hand.manifest.json"
    path.write_text(json.dumps(manifest))
    expect(run_with(env, path, env.args.orchestration), 0, "taskc: ran vector_example")


def main():
    parser = argparse.ArgumentParser()
    options = ("taskc", "kir", "manifest", "orchestration", "kernels", "matmul_orchestration")
    for option in options:
        parser.add_argument("--" + option.replace("_", "-"), required=True)
    args = parser.parse_args()
    for option in options:
        setattr(args, option, os.path.abspath(getattr(args, option)))
    with tempfile.TemporaryDirectory() as tmp:
        env = Env(args, pathlib.Path(tmp))
        for test in (another_programs_library_is_refused,
                     library_older_than_reordered_kernels_is_refused,
                     manifest_without_fingerprint_runs):
            test(env)
    return report()


if __name__ == "__main__":
    sys.exit(main())
