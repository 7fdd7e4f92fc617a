#!/usr/bin/env python3
"""A long block cut into parts runs as written (docs/generated-code.md,
Statements): tests/run/long_block.kir's 120 sites each allocate a tensor
that only the end of the block reads, so its C++ has parts that end after
such a task, its TaskOutputTensors declared before the part and its
results declared again after it. `taskc run --check-races` on the host
runtime: a[i] = a0[i] + 1 + i for every i, and no race.
Python standard library only; the helpers are run_vector_example.py's.
"""
import argparse
import pathlib
import re
import struct
import subprocess
import sys
import tempfile

from run_vector_example import case, expect, f32, floats, read_npy, report, write_npy

N = 120


class Env:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.a = [f32(0.25 * i - 7.0) for i in range(N)]
        write_npy(tmp / "a.npy", "<f4", [N], floats(self.a))


@case
def the_cpp_has_split_parts(env):
    cpp = pathlib.Path(env.args.cpp).read_text()
    declared = re.findall(r"^ *TaskOutputTensors (task_\d+_outs);$", cpp, re.M)
    assert len(declared) >= 20, "%d tasks split" % len(declared)
    for outs in declared:
        assert cpp.count(outs + " = taskc_submit_") == 1, outs


@case
def runs_as_written(env):
    proc = subprocess.run(
        [env.args.taskc, "run", env.args.manifest, "--orchestration", env.args.orchestration,
         "--kernels", env.args.kernels, "--input", "a=a.npy", "--output", "a=out.npy",
         "--check-races"],
        cwd=env.tmp, capture_output=True, text=True, timeout=120)
    expect(proc, 0, "taskc: ran long_block: %d tasks" % (3 * N), "; no races")
    _, data = read_npy(env.tmp / "out.npy")
    got = list(struct.unpack("<%df" % N, data))
    want = [f32(f32(a + 1.0) + i) for i, a in enumerate(env.a)]
    assert got == want, "a differs:\n%s\n%s" % (got, want)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--taskc", "--manifest", "--cpp", "--orchestration", "--kernels"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    for name in ("taskc", "manifest", "cpp", "orchestration", "kernels"):
        setattr(args, name, str(pathlib.Path(getattr(args, name)).resolve()))
    with tempfile.TemporaryDirectory(prefix="taskc-run-long-") as tmp:
        env = Env(args, pathlib.Path(tmp))
        the_cpp_has_split_parts(env)
        runs_as_written(env)
    return report()


if __name__ == "__main__":
    sys.exit(main())
