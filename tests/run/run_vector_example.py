#!/usr/bin/env python3
"""`taskc run` end to end on testdata/valid/vector_example.kir (compiled and
built by meson): .npy inputs written by hand, the output compared with
f = (a + b + 1) * (a + b + 2) + (a + b) in float32, the tensor dump read back
with `taskc dump` (also in a pipe that closes early), and the binding errors
with their exit codes. Python standard library only.
"""
import argparse
import ast
import json
import os
import pathlib
import signal
import struct
import subprocess
import sys
import tempfile
import zipfile

RESULTS = []
N = 37


def case(fn):
    def run(*args):
        try:
            fn(*args)
            RESULTS.append((fn.__name__, None))
        except AssertionError as error:
            RESULTS.append((fn.__name__, str(error) or "assertion failed"))
    return run


def report():
    """Prints each case's result; the exit code: 1 when any failed."""
    for name, why in RESULTS:
        print("%s: %s" % ("FAIL" if why else "ok", name))
        if why:
            print("  " + why.replace("\n", "\n  "))
    return 1 if any(why for _, why in RESULTS) else 0


def write_npy(path, descr, shape, data):
    """Format 1.0, written by hand as NumPy does (header padded to 64)."""
    shape_text = "(" + ", ".join(str(e) for e in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    length = len(header) + 1
    length += (64 - (10 + length) % 64) % 64
    header += " " * (length - len(header) - 1) + "\n"
    pathlib.Path(path).write_bytes(
        b"\x93NUMPY\x01\x00" + struct.pack("<H", length) + header.encode("latin1") + data)


def read_npy(path):
    raw = pathlib.Path(path).read_bytes()
    assert raw[:6] == b"\x93NUMPY", "%s: no .npy magic" % path
    assert raw[6:8] == b"\x01\x00", "%s: taskc writes format 1.0" % path
    (length,) = struct.unpack("<H", raw[8:10])
    assert (10 + length) % 64 == 0, "%s: data not 64-byte aligned" % path
    header = ast.literal_eval(raw[10:10 + length].decode("latin1"))
    return header, raw[10 + length:]


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def floats(values):
    return struct.pack("<%df" % len(values), *values)


class Env:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.a = [f32(0.5 * i - 3.0) for i in range(N)]
        self.b = [f32(1.25 - 0.75 * i) for i in range(N)]
        write_npy(tmp / "a.npy", "<f4", [N], floats(self.a))
        write_npy(tmp / "b.npy", "<f4", [N], floats(self.b))

    def expected(self):
        out = []
        for a, b in zip(self.a, self.b):
            c = f32(a + b)
            d, e = f32(c + 1.0), f32(c + 2.0)
            out.append(f32(f32(d * e) + c))
        return out

    def run(self, *extra, bindings=None, kernels=None):
        if bindings is None:
            bindings = ["--input", "a=a.npy", "--input", "b=b.npy", "--output", "f=f.npy"]
        command = [self.args.taskc, "run", self.args.manifest,
                   "--orchestration", self.args.orchestration,
                   "--kernels", kernels or self.args.kernels] + bindings + list(extra)
        return subprocess.run(command, cwd=self.tmp, capture_output=True, text=True,
                              timeout=120)


def expect(proc, code, *texts):
    assert proc.returncode == code, "exit %d, expected %d; stderr:\n%s" % (
        proc.returncode, code, proc.stderr)
    for text in texts:
        assert text in proc.stderr, "stderr lacks %r:\n%s" % (text, proc.stderr)


@case
def computes_the_reference(env):
    proc = env.run()
    expect(proc, 0, "taskc: ran vector_example: 5 tasks, 5 kernel calls (3 kernels)")
    header, data = read_npy(env.tmp / "f.npy")
    assert header == {"descr": "<f4", "fortran_order": False, "shape": (N,)}, header
    got = list(struct.unpack("<%df" % N, data))
    assert got == env.expected(), "f differs from the reference:\n%s\n%s" % (
        got, env.expected())


@case
def quiet_prints_nothing(env):
    proc = env.run("-q")
    expect(proc, 0)
    assert proc.stderr == "", proc.stderr


@case
def dump_with_threads_and_race_check(env):
    proc = env.run("--dump", "dump", "--threads", "2", "--check-races")
    expect(proc, 0, "; no races", "taskc: tensor dump: dump/tensor_dump.json (13 entries, ")
    reader = [env.args.taskc, "dump"]
    listing = subprocess.run(reader + ["list", "dump"], cwd=env.tmp, capture_output=True,
                             text=True)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert len(lines) == 14, listing.stdout  # header + 13 entries
    assert "kernel_add_scalar" in listing.stdout, listing.stdout
    (env.tmp / "out").mkdir(exist_ok=True)
    extracted = subprocess.run(reader + ["extract", "dump", "out", "--task", "4",
                                         "--slot", "2"], cwd=env.tmp, capture_output=True,
                               text=True)
    assert extracted.returncode == 0, extracted.stderr
    assert extracted.stderr == "taskc: wrote 1 file to out\n", extracted.stderr
    _, dumped = read_npy(env.tmp / "out" / "task4_kernel_add_slot2_after.npy")
    _, result = read_npy(env.tmp / "f.npy")
    assert dumped == result, "the dump's last output differs from f.npy"
    shown = subprocess.run(reader + ["show", "dump", "0", "--count", "2"], cwd=env.tmp,
                           capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "  kernel: kernel_add\n" in shown.stdout and "  stage: before\n" in shown.stdout, \
        shown.stdout
    head, values = shown.stdout.split("values (first 2 of %d):\n" % N)
    assert [float(v) for v in values.split()[:2]] == env.a[:2], shown.stdout


@case
def dump_in_a_pipe(env):
    """`taskc dump list DIR | head -1` ends quietly, also when the parent
    ignores SIGPIPE (then taskc restores the default)."""
    directory = env.tmp / "bigdump"
    directory.mkdir()
    (directory / "tensor_dump.bin").write_bytes(floats([1.0]))
    entry = {"task": 0, "kernel": "k", "func_id": 0, "slot": 0, "direction": "IN",
             "stage": "before", "dtype": "FLOAT32", "shape": [1], "offset": 0, "size": 4}
    (directory / "tensor_dump.json").write_text(json.dumps(
        {"format": "taskc-host-tensor-dump", "version": 1, "blob": "tensor_dump.bin",
         "entries": [entry] * 50000, "errors": []}))
    for ignore in (False, True):
        proc = subprocess.Popen(
            [env.args.taskc, "dump", "list", str(directory)], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=(lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore
            else None)
        first = proc.stdout.readline()
        proc.stdout.close()
        stderr = proc.stderr.read()
        code = proc.wait(timeout=60)
        assert first.startswith(b"entry  task kernel"), first
        assert stderr == b"", "stderr in a closed pipe: %r" % stderr
        assert code in (0, -signal.SIGPIPE), "exit %d" % code


def npy_bytes(path):
    return pathlib.Path(path).read_bytes()


@case
def npz_archives_and_directories(env):
    """--inputs/--outputs with .npz archives as np.savez (stored) and
    np.savez_compressed (deflate) write them, and with directories."""
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        with zipfile.ZipFile(env.tmp / "in.npz", "w", compression=compression) as archive:
            archive.writestr("a.npy", npy_bytes(env.tmp / "a.npy"))
            archive.writestr("b.npy", npy_bytes(env.tmp / "b.npy"))
        (env.tmp / "out.npz").unlink(missing_ok=True)
        expect(env.run("--inputs", "in.npz", "--outputs", "out.npz", bindings=[]), 0)
        with zipfile.ZipFile(env.tmp / "out.npz") as archive:
            assert archive.testzip() is None
            assert archive.namelist() == ["f.npy"], archive.namelist()
            (env.tmp / "f_from_npz.npy").write_bytes(archive.read("f.npy"))
        _, data = read_npy(env.tmp / "f_from_npz.npy")
        assert list(struct.unpack("<%df" % N, data)) == env.expected()
    (env.tmp / "ins").mkdir(exist_ok=True)
    (env.tmp / "outs").mkdir(exist_ok=True)
    for name in ("a", "b"):
        (env.tmp / "ins" / (name + ".npy")).write_bytes(npy_bytes(env.tmp / (name + ".npy")))
    expect(env.run("--inputs", "ins", "--outputs", "outs", bindings=[]), 0)
    _, data = read_npy(env.tmp / "outs" / "f.npy")
    assert list(struct.unpack("<%df" % N, data)) == env.expected()
    with zipfile.ZipFile(env.tmp / "in.npz", "w") as archive:
        archive.writestr("a.npy", npy_bytes(env.tmp / "a.npy"))
    expect(env.run("--inputs", "in.npz", "--outputs", "out.npz", bindings=[]), 1,
           "--inputs in.npz has no member 'b.npy' for 'b'")


@case
def wrong_dtype(env):
    write_npy(env.tmp / "b64.npy", "<f8", [N], struct.pack("<%dd" % N, *env.b))
    (env.tmp / "f.npy").unlink(missing_ok=True)
    proc = env.run(bindings=["--input", "a=a.npy", "--input", "b=b64.npy",
                             "--output", "f=f.npy"])
    expect(proc, 1, "--input b=b64.npy: the array has dtype '<f8' but 'b' is FLOAT32")
    assert not (env.tmp / "f.npy").exists(), "a failed run wrote an output"


@case
def shape_disagrees(env):
    write_npy(env.tmp / "short.npy", "<f4", [N - 1], floats(env.b[1:]))
    proc = env.run(bindings=["--input", "a=a.npy", "--input", "b=short.npy",
                             "--output", "f=f.npy"])
    expect(proc, 1, "axis 0 of 'b' has extent %d, but N is %d (from 'a' axis 0)" % (N - 1, N))


@case
def missing_binding(env):
    proc = env.run(bindings=["--input", "a=a.npy", "--output", "f=f.npy"])
    expect(proc, 1, "missing --input b=FILE.npy for 'b'")
    proc = env.run(bindings=["--input", "a=a.npy", "--input", "b=b.npy"])
    expect(proc, 1, "missing --output f=FILE.npy for 'f'")


@case
def extra_binding(env):
    proc = env.run("--input", "z=a.npy")
    expect(proc, 1, "has no parameter 'z' (parameters: a, b, f)")
    proc = env.run("--output", "a=a_out.npy")
    expect(proc, 1, "--output: 'a' (IN tensor FLOAT32 [N]) is an input")
    proc = env.run("--scalar", "s=1")
    expect(proc, 1, "has no parameter 's'")


@case
def usage_and_io_errors(env):
    expect(env.run("--input", "a.npy"), 2, "--input expects NAME=FILE.npy")
    expect(env.run("--threads", "0"), 2)
    expect(env.run(bindings=["--input", "a=nope.npy", "--input", "b=b.npy",
                             "--output", "f=f.npy"]), 3, "nope.npy")
    expect(env.run(kernels="no_such_kernels.so"), 3,
           "cannot open kernel library 'no_such_kernels.so'")


@case
def kernel_library_without_the_kernels(env):
    # The orchestration library exports no kernel symbols.
    proc = env.run(kernels=env.args.orchestration)
    expect(proc, 1, "has no kernel 'kernel_add' (func_id 0)")


def main():
    parser = argparse.ArgumentParser()
    for option in ("taskc", "manifest", "orchestration", "kernels"):
        parser.add_argument("--" + option.replace("_", "-"), required=True)
    args = parser.parse_args()
    for option in ("taskc", "manifest", "orchestration", "kernels"):
        setattr(args, option, os.path.abspath(getattr(args, option)))
    with tempfile.TemporaryDirectory() as tmp:
        env = Env(args, pathlib.Path(tmp))
        for test in (computes_the_reference, quiet_prints_nothing,
                     dump_with_threads_and_race_check, dump_in_a_pipe,
                     npz_archives_and_directories, wrong_dtype, shape_disagrees,
                     missing_binding, extra_binding, usage_and_io_errors,
                     kernel_library_without_the_kernels):
            test(env)
    return report()


if __name__ == "__main__":
    sys.exit(main())
