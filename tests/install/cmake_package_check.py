#!/usr/bin/env python3
"""taskc's CMake package, from a real `meson install` into a temporary
DESTDIR, used as a CMake project outside this repository would:

* the package files are installed in <libdir>/cmake/taskc;
* cmake_consumer/ (with CMAKE_PREFIX_PATH at the staged prefix) configures:
  find_package(taskc 0.1 REQUIRED), the version rules, the imported targets
  and taskc_add_orchestration()'s properties and variables (checked by the
  project itself); it builds the orchestration (taskc runs at build time),
  host kernels and loaders linked to taskc::abi and to the static library,
  and the loaders run them with f right, without LD_LIBRARY_PATH;
* the generated files hold no absolute path of the build;
* find_package(taskc 1.0 REQUIRED) fails and says which version it found;
  mistakes in a taskc_add_orchestration() call, an older CMake and a
  generator without depfile support each fail with their message;
* OPTIONS reach taskc (a too small --max-input-size fails the build).

Skipped (exit 77) when cmake is not installed. Runs after meson test's
build: it installs with --no-rebuild.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import tempfile

from install_check import exit_with, install, run, under

HERE = pathlib.Path(__file__).resolve().parent
SKIP = 77


def configure(source, build, prefix, defines, ok=True):
    command = ["cmake", "-S", str(source), "-B", str(build),
               "-G", "Ninja" if shutil.which("ninja") else "Unix Makefiles",
               "-DCMAKE_PREFIX_PATH=" + str(prefix)]
    command += ["-D%s=%s" % item for item in defines.items()]
    if ok:
        return run(command)
    try:
        proc = run(command)
    except AssertionError as failed:
        return str(failed)
    raise AssertionError("configure succeeded, expected a failure:\n" + proc.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meson", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--kir", required=True)
    parser.add_argument("--version", required=True, help="taskc's version")
    parser.add_argument("--sanitize", default="none",
                        help="the build's b_sanitize, which its consumers need too")
    for name in ("prefix", "libdir"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    if shutil.which("cmake") is None:
        print("SKIP: cmake is not installed")
        return SKIP

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        root = tmp / "destdir"
        install(args.meson, args.build_dir, root)
        prefix = under(root, "/", args.prefix)
        package = under(root, args.prefix, args.libdir) / "cmake" / "taskc"
        names = ("taskcConfig.cmake", "taskcConfigVersion.cmake",
                 "taskcAddOrchestration.cmake")
        missing = [name for name in names if not (package / name).exists()]
        assert not missing, "not installed in %s: %s" % (package, ", ".join(missing))

        build = tmp / "consumer"
        defines = {
            "TASKC_VERSION_EXPECTED": args.version,
            "KIR": os.path.abspath(args.kir),
            "KERNELS": str(HERE.parent.parent / "examples" / "make" / "kernels.cc"),
            "LOADER": str(HERE / "consumer_loader.cc"),
        }
        if args.sanitize != "none":
            defines["CMAKE_CXX_FLAGS"] = "-fsanitize=" + args.sanitize
        source = HERE / "cmake_consumer"
        configure(source, build, prefix, defines)
        run(["cmake", "--build", str(build)])
        generated = build / "generated"
        for name in ("vector_example.orch.cpp", "vector_example.manifest.json",
                     "kernel_config.py"):
            text = (generated / name).read_text()
            assert str(tmp) not in text, "%s holds a path of the build" % name
        assert 'str(_ROOT_DIR / "vector_example.orch.cpp")' in \
            (generated / "kernel_config.py").read_text()
        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        for loader in ("loader", "loader_static"):
            out = run([str(build / loader), str(generated / "vector_example.manifest.json"),
                       str(build / "libkernels.so"), str(build / "liborch.so")],
                      env=env).stdout
            assert "f is right" in out, loader + ": " + out

        failures = [
            ({"TASKC_REQUEST": "1.0"},
             ['compatible with requested version "1.0"', "version: " + args.version]),
            ({"TASKC_REQUEST": "0.1", "TASKC_CASE": "bad-emit"},
             ['EMIT "manifests" is not one of cpp, manifest, kernel-config']),
            ({"TASKC_CASE": "unknown-argument"}, ['unknown arguments "OUTPUT;gen"']),
            ({"TASKC_CASE": "missing-value"}, ["taskc_add_orchestration(bad): OUTPUT_DIR "
                                               "needs a value"]),
            ({"TASKC_CASE": "old-cmake"}, ["needs CMake 3.20 or newer",
                                           "this is CMake 3.19.8"]),
            ({"TASKC_CASE": "other-generator"}, ['"Green Hills MULTI" generator',
                                                 '-G "Unix Makefiles"']),
        ]
        for extra, expected in failures:
            message = " ".join(configure(source, build, prefix, dict(defines, **extra),
                                         ok=False).split())
            for text in expected:
                assert text in message, "%s: no %r in:\n%s" % (extra, text, message)
        # OPTIONS reach taskc: a too small input limit fails the build.
        configure(source, build, prefix, dict(defines, TASKC_CASE="options"))
        proc = subprocess.run(["cmake", "--build", str(build), "--target", "limited"],
                              capture_output=True, text=True)
        assert proc.returncode != 0 and "the input limit is 10" in proc.stdout + proc.stderr, \
            "OPTIONS --max-input-size 10:\n" + proc.stdout + proc.stderr
    print("ok: CMake package: find_package, version rules, targets, "
          "taskc_add_orchestration, loader; %d failing calls" % len(failures))
    return 0


if __name__ == "__main__":
    exit_with(main)
