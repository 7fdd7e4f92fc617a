#!/usr/bin/env python3
"""`meson install` into a temporary DESTDIR, then use the installed tree as a
user outside this repository would:

* the expected files are there: bin/taskc, include/taskc/*.h, libtaskc_abi
  shared and static, taskc-abi.pc, share/taskc/manifest.schema.json and the
  man page;
* the installed taskc runs without LD_LIBRARY_PATH (its rpath is relative),
  compiles the vector example and runs it with `taskc run`;
* with only `pkg-config --cflags --libs taskc-abi` (the .pc relocated with
  --define-variable=prefix=...), a host-kernel library, the generated
  orchestration and a loader program build; the loader (load_manifest_file +
  build_callables + HostRuntime) runs linked to the shared library and, with
  -rdynamic, to the static one.

Runs after meson test's build: it installs with --no-rebuild.
"""
import argparse
import os
import pathlib
import shlex
import struct
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent


def run(command, **kwargs):
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    if proc.returncode != 0:
        raise AssertionError("%s\nexit %d\n%s%s" % (
            " ".join(shlex.quote(str(c)) for c in command), proc.returncode,
            proc.stdout, proc.stderr))
    return proc


def install(meson, build_dir, destdir):
    """`meson install` of the build into DESTDIR `destdir`, without a rebuild
    (meson test has built everything before it runs)."""
    run(shlex.split(meson) + ["install", "-C", build_dir, "--no-rebuild", "--quiet",
                              "--destdir", str(destdir)])


def exit_with(main):
    """Exits with main()'s return value; a failed check prints FAIL and exits 1."""
    try:
        sys.exit(main())
    except AssertionError as error:
        print("FAIL: %s" % error)
        sys.exit(1)


def under(root, prefix, directory):
    """Where an install directory ends up inside DESTDIR `root`."""
    path = pathlib.PurePosixPath(prefix) / directory  # absolute stays absolute
    return pathlib.Path(str(root) + str(path))


def npy(path, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % len(values)
    length = len(header) + 1
    length += (64 - (10 + length) % 64) % 64
    header += " " * (length - len(header) - 1) + "\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + struct.pack("<H", length) + header.encode()
                     + struct.pack("<%df" % len(values), *values))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meson", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--cxx", required=True)
    parser.add_argument("--kir", required=True)
    parser.add_argument("--sanitize", default="none",
                        help="the build's b_sanitize: a sanitized static library "
                             "needs the same -fsanitize when a consumer links it")
    for name in ("prefix", "bindir", "libdir", "includedir", "datadir", "mandir"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        root = tmp / "destdir"
        install(args.meson, args.build_dir, root)
        prefix_root = under(root, "/", args.prefix)
        bindir = under(root, args.prefix, args.bindir)
        libdir = under(root, args.prefix, args.libdir)
        includedir = under(root, args.prefix, args.includedir)
        expected = [
            bindir / "taskc",
            libdir / "libtaskc_abi.so",
            libdir / "libtaskc_abi.a",
            libdir / "pkgconfig" / "taskc-abi.pc",
            under(root, args.prefix, args.datadir) / "taskc" / "manifest.schema.json",
            under(root, args.prefix, args.mandir) / "man1" / "taskc.1",
        ] + [includedir / "taskc" / h for h in (
            "abi.h", "manifest_loader.h", "manifest_schema.h", "pto_orchestration_api.h",
            "host_runtime.h", "call_site.h", "host_kernels.h")]
        missing = [str(p.relative_to(root)) for p in expected if not p.exists()]
        assert not missing, "not installed: %s" % ", ".join(missing)

        # The installed binary: no LD_LIBRARY_PATH, so its rpath must work.
        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        taskc = str(bindir / "taskc")
        assert run([taskc, "--version"], env=env).stdout.startswith("taskc ")
        work = tmp / "work"
        work.mkdir()
        run([taskc, "compile", args.kir, "--out-dir", str(work)], env=env)

        pc_env = dict(env, PKG_CONFIG_PATH=str(libdir / "pkgconfig"))
        pkg = ["pkg-config", "--define-variable=prefix=" + str(prefix_root)]
        cflags = shlex.split(run(pkg + ["--cflags", "taskc-abi"], env=pc_env).stdout)
        libs = shlex.split(run(pkg + ["--libs", "taskc-abi"], env=pc_env).stdout)
        assert "-I" + str(includedir / "taskc") in cflags, cflags
        cxx = shlex.split(args.cxx) + ["-std=c++17", "-Wall", "-Wextra", "-Werror"]
        if args.sanitize != "none":
            cxx.append("-fsanitize=" + args.sanitize)
        module = cxx + ["-shared", "-fPIC"] + cflags
        # The examples' host kernels, as a user outside this repository writes them.
        kernels = HERE.parent.parent / "examples" / "make" / "kernels.cc"
        run(module + [str(kernels), "-o", str(work / "libkernels.so")])
        run(module + [str(work / "vector_example.orch.cpp"), "-o", str(work / "liborch.so")])
        loader = [str(HERE / "consumer_loader.cc")]
        run(cxx + cflags + loader + libs + ["-Wl,-rpath," + str(libdir),
                                            "-o", str(work / "loader")])
        # The static library: the executable itself must export the API to
        # the orchestration it dlopens.
        run(cxx + cflags + loader + [str(libdir / "libtaskc_abi.a"), "-pthread", "-ldl",
                                     "-rdynamic", "-o", str(work / "loader_static")])
        for program in ("loader", "loader_static"):
            out = run([str(work / program), str(work / "vector_example.manifest.json"),
                       str(work / "libkernels.so"), str(work / "liborch.so")], env=env)
            assert "loaded 3 kernels: kernel_add kernel_add_scalar kernel_mul" in out.stdout \
                and "f is right" in out.stdout, program + ": " + out.stdout

        # The installed taskc runs what the consumer built.
        npy(work / "a.npy", [1.0, 2.0, 3.0])
        npy(work / "b.npy", [0.5, 0.25, -1.0])
        # Bare file names: taskc must not let dlopen search the library path.
        run([taskc, "run", "vector_example.manifest.json", "--orchestration", "liborch.so",
             "--kernels", "libkernels.so", "--input", "a=a.npy", "--input", "b=b.npy",
             "--output", "f=f.npy", "-q"], env=env, cwd=work)
        data = (work / "f.npy").read_bytes()[-12:]
        got = struct.unpack("<3f", data)
        want = tuple((c + 1) * (c + 2) + c for c in (1.5, 2.25, 2.0))
        assert got == want, "installed taskc run: f = %s, expected %s" % (got, want)
    print("ok: install tree, installed taskc, pkg-config consumer (shared and static)")
    return 0


if __name__ == "__main__":
    exit_with(main)
