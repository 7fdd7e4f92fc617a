#!/usr/bin/env python3
"""The host runtime's checks through `taskc run`: a kernel that writes a
tensor it receives as `in` (--check-directions, and under --check-races),
dump levels, a dump that cannot be written (exit 3, outputs kept, nothing
broken left) or whose names are pre-placed links, the temporary files of a
killed dump, libraries that are not
regular files, and the run summary's counts of a one-task program.
Python standard library only; the helpers are run_vector_example.py's.
"""
import argparse
import json
import os
import pathlib
import struct
import subprocess
import sys
import tempfile

from run_vector_example import N, Env, case, expect, read_npy, report, write_npy


@case
def wrong_direction_is_reported(env):
    for flag in ("--check-directions", "--check-races"):
        (env.tmp / "f.npy").unlink(missing_ok=True)
        proc = env.run(flag, kernels=env.args.checks_kernels)
        expect(proc, 1, "kernel 'kernel_add_scalar' (func_id 1) changed payload tensor "
                        "slot 0 'a'", "which it receives as IN", "no output was written")
        assert not (env.tmp / "f.npy").exists(), "a failed run wrote an output"
    # Not asked for: the run "succeeds" with a wrong result.
    expect(env.run(kernels=env.args.checks_kernels), 0)


@case
def partial_dump_of_an_unmarked_program_is_empty(env):
    proc = env.run("--dump", "partial", "--dump-level", "partial")
    expect(proc, 0, "taskc: tensor dump: partial/tensor_dump.json (0 entries, ")
    index = json.loads((env.tmp / "partial" / "tensor_dump.json").read_text())
    assert index["level"] == "partial" and index["entries"] == [], index
    proc = env.run("--dump", "full", "--dump-level", "full")
    expect(proc, 0, "(13 entries, ")
    index = json.loads((env.tmp / "full" / "tensor_dump.json").read_text())
    assert all(not entry["marked"] for entry in index["entries"]), index
    assert len(index["scalars"]) == 5, index["scalars"]
    expect(env.run("--dump-level", "partial"), 2, "--dump-level requires --dump")
    reader = [env.args.taskc, "dump"]
    full = str(env.tmp / "full")
    scalars = subprocess.run(reader + ["scalars", full], capture_output=True, text=True)
    assert scalars.returncode == 0, scalars.stderr
    lines = scalars.stdout.splitlines()
    assert len(lines) == 6 and "kernel_add_scalar" in lines[1], scalars.stdout
    # v1 code adds to_u64(1.0f), a uint64_t: the dump shows the word.
    assert "UINT64" in lines[1] and "0x000000003f800000" in lines[1], lines[1]
    marked = subprocess.run(reader + ["list", full, "--marked"], capture_output=True, text=True)
    assert marked.returncode == 0 and len(marked.stdout.splitlines()) == 1, marked.stdout
    # A reader that stops early (`| head -1`) is no error.
    piped = subprocess.Popen(reader + ["list", full], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    piped.stdout.readline()
    piped.stdout.close()
    _, errors = piped.communicate(timeout=60)
    assert piped.returncode == 0 and b"Traceback" not in errors, errors


@case
def failed_dump_keeps_the_outputs(env):
    (env.tmp / "not_a_dir").write_text("x")
    (env.tmp / "f.npy").unlink(missing_ok=True)
    proc = env.run("--dump", "not_a_dir")
    expect(proc, 3, "taskc: error: tensor dump: cannot create directory 'not_a_dir'")
    _, data = read_npy(env.tmp / "f.npy")
    got = list(struct.unpack("<%df" % N, data))
    assert got == env.expected(), "the outputs of the run were not kept"
    # A directory where the index goes: no temporary or empty file is left.
    (env.tmp / "blocked" / "tensor_dump.json").mkdir(parents=True)
    proc = env.run("--dump", "blocked")
    expect(proc, 3, "cannot replace")
    for path in (env.tmp / "blocked").iterdir():
        assert "tmp-" not in path.name, "left %s behind" % path.name
        assert path.is_dir() or path.stat().st_size > 0, "left an empty %s" % path.name


@case
def dump_does_not_follow_links(env):
    victim = env.tmp / "victim.txt"
    victim.write_text("keep me")
    (env.tmp / "linked").mkdir()
    for name in ("tensor_dump.json", "tensor_dump.bin"):
        os.symlink(victim, env.tmp / "linked" / name)
    expect(env.run("--dump", "linked"), 0)
    assert victim.read_text() == "keep me", "the dump wrote through a link"
    assert not (env.tmp / "linked" / "tensor_dump.json").is_symlink()


@case
def killed_dump_temporaries_are_cleaned(env):
    # What a run killed while writing its dump leaves: removed when stale
    # (a dead PID and older than 10 minutes), kept otherwise.
    directory = env.tmp / "stale"
    directory.mkdir()
    stale = directory / ".tensor_dump.bin.taskc-tmp-999999999-aB3dE6"
    recent = directory / ".tensor_dump.json.taskc-tmp-999999999-Xy12Zw"
    other = directory / ".notes.txt.taskc-tmp-999999999-aB3dE6"
    for path in (stale, recent, other):
        path.write_bytes(b"x" * 1000)
    hour_ago = os.path.getmtime(stale) - 3600
    for path in (stale, other):
        os.utime(path, (hour_ago, hour_ago))
    expect(env.run("--dump", "stale"), 0)
    assert not stale.exists(), "a stale temporary file of the dump was left"
    assert recent.exists() and other.exists(), "a file that is not stale was removed"


@case
def libraries_must_be_regular_files(env):
    fifo = env.tmp / "kernels.fifo"
    os.mkfifo(fifo)
    expect(env.run(kernels=str(fifo)), 3, "kernels.fifo': not a regular file")
    expect(env.run(kernels=str(env.tmp)), 3, "not a regular file")


@case
def one_task_summary_is_singular(env):
    m, k, n = 2, 3, 2
    write_npy(env.tmp / "ma.npy", "<u2", [m, k], struct.pack("<%dH" % (m * k), *[0x3f80] * (m * k)))
    write_npy(env.tmp / "mb.npy", "<u2", [k, n], struct.pack("<%dH" % (k * n), *[0x3f80] * (k * n)))
    proc = subprocess.run(
        [env.args.taskc, "run", env.args.matmul_manifest,
         "--orchestration", env.args.matmul_orchestration,
         "--kernels", env.args.matmul_kernels,
         "--input", "a=ma.npy", "--input", "b=mb.npy", "--output", "c=mc.npy"],
        cwd=env.tmp, capture_output=True, text=True, timeout=120)
    expect(proc, 0, "taskc: ran matmul_single: 1 task, 1 kernel call (1 kernel), 1 thread, ",
           "; wrote 1 output\n")
    _, data = read_npy(env.tmp / "mc.npy")
    assert list(struct.unpack("<%df" % (m * n), data)) == [3.0] * (m * n)


def main():
    parser = argparse.ArgumentParser()
    options = ("taskc", "manifest", "orchestration", "kernels", "checks_kernels",
               "matmul_manifest", "matmul_orchestration", "matmul_kernels")
    for option in options:
        parser.add_argument("--" + option.replace("_", "-"), required=True)
    args = parser.parse_args()
    for option in options:
        setattr(args, option, os.path.abspath(getattr(args, option)))
    with tempfile.TemporaryDirectory() as tmp:
        env = Env(args, pathlib.Path(tmp))
        for test in (wrong_direction_is_reported,
                     partial_dump_of_an_unmarked_program_is_empty,
                     failed_dump_keeps_the_outputs, dump_does_not_follow_links,
                     killed_dump_temporaries_are_cleaned,
                     libraries_must_be_regular_files, one_task_summary_is_singular):
            test(env)
    return report()


if __name__ == "__main__":
    sys.exit(main())
