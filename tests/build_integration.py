#!/usr/bin/env python3
"""taskc compile as a build step, on the real file system:

* determinism: the same input compiled in two working directories (and under
  two relative paths) gives the same bytes;
* an output whose bytes would not change keeps its mtime; a changed input
  rewrites it;
* a failing write leaves every existing output byte-identical and no
  temporary file behind; a failing compile touches nothing;
* outputs follow the umask;
* the GNU Make, Meson and CMake examples in examples/ compile the .kir,
  build the orchestration and the host kernels, run them with `taskc run`
  and get the right f.npy; a touched .kir, or a comment edited on its
  line, reruns taskc and nothing downstream; a line added above the calls
  changes only the .kir line numbers in the C++, which rebuilds the
  orchestration and the result, not the kernels (examples/README.md); an
  edit that changes the generated code does the same; then the build is
  up to date. A .kir with an error fails the build with taskc's diagnostic and
  leaves every output as it was. The Make and Meson examples find the
  runtime headers through pkg-config (the build tree's uninstalled
  taskc-abi.pc); the CMake example, with both the Ninja and the Unix
  Makefiles generators, finds taskc's CMake package in a `meson install`
  of the build into a temporary DESTDIR. Without cmake (or make) installed
  those cases are skipped, and said so.
"""
import argparse
import ast
import os
import pathlib
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

RESULTS = []
SKIPPED = []


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


def read_f32_npy(path):
    raw = pathlib.Path(path).read_bytes()
    assert raw[:6] == b"\x93NUMPY", "%s is not a .npy file" % path
    (length,) = struct.unpack("<H", raw[8:10])
    header = ast.literal_eval(raw[10:10 + length].decode("latin1"))
    assert header["descr"] == "<f4", header
    data = raw[10 + length:]
    return list(struct.unpack("<%df" % (len(data) // 4), data))


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def expected_f(example, first_constant):
    """f = (a + b + first_constant) * (a + b + 2) + (a + b), rounded to
    float32 after every operation as the host kernels do."""
    out = []
    for a, b in zip(read_f32_npy(example / "a.npy"), read_f32_npy(example / "b.npy")):
        c = f32(a + b)
        out.append(f32(f32(f32(c + first_constant) * f32(c + 2.0)) + c))
    return out


def replace_in(kir, old, new):
    """Replaces `old`, which must be in the file, with `new`."""
    text = kir.read_text()
    assert old in text, "%r not in %s" % (old, kir)
    kir.write_text(text.replace(old, new))


# Turns `(c, d, 1.0, 3)` into `(c, d, 4.0, 3)`: the generated code changes.
def change_constant(kir):
    replace_in(kir, "kernel_add_scalar(c, d, 1.0, 3)", "kernel_add_scalar(c, d, 4.0, 3)")


# A mistake taskc reports as error E0201; returns its "line:column".
def misspell_kernel(kir):
    replace_in(kir, "call kernel_mul(d, e, g, 3);", "call kernel_mull(d, e, g, 3);")
    for number, line in enumerate(kir.read_text().splitlines(), 1):
        if "kernel_mull" in line:
            return "%d:%d" % (number, line.index("kernel_mull") + 1)
    raise AssertionError("kernel_mull not written")


# A comment changed on its own line: no line of the program moves.
def edit_comment_in_place(kir):
    replace_in(kir, "# f = (a + b + 1) * (a + b + 2) + (a + b)\n",
               "# f = (a+b+1)(a+b+2) + (a+b), in float32\n")


# A comment line added above the calls: every task moves down one line.
def add_comment_line(kir):
    replace_in(kir, "  call kernel_add(a, b, c);\n", "  # c = a + b\n  call kernel_add(a, b, c);\n")


# The generated C++ with the .kir line numbers it quotes taken out.
def without_line_numbers(cpp):
    return re.sub(rb"\.kir:\d+|line \d+", b"LINE", cpp)


def mtimes(paths):
    return {p.name: p.stat().st_mtime_ns for p in paths}


def check_example(build, up_to_date, src, gen, orch_lib, kernel_lib, result):
    """The steps an example's build must take. `build()` runs the build tool;
    `up_to_date()` is True when the tool has nothing to do; `gen` is the
    generated C++, `orch_lib` and `kernel_lib` the two shared libraries,
    `result` f.npy. A first build computes f and is then up to date;
    touching the .kir, or editing a comment on its line, reruns taskc and
    nothing downstream; a line added above the calls, like an edit that
    changes the generated code, rebuilds the orchestration and the result,
    not the kernels; a further build changes nothing."""
    build()
    assert read_f32_npy(result) == expected_f(src, 1.0), "wrong f after the first build"
    assert up_to_date(), "not up to date after a build"

    downstream = [orch_lib, kernel_lib, result]
    before = mtimes(downstream)
    generated_before = gen.read_bytes()
    os.utime(src / "vector_example.kir")  # newer, same bytes
    build()
    assert gen.read_bytes() == generated_before
    assert mtimes(downstream) == before, \
        "a touched .kir with unchanged output rebuilt: %s" % mtimes(downstream)

    # examples/README.md: the generated C++ names the .kir line of each
    # task, so a comment edited on its line rebuilds nothing, and a line
    # added above the calls changes those numbers (only those) and rebuilds
    # the orchestration and the result, not the kernels.
    edit_comment_in_place(src / "vector_example.kir")
    build()
    assert gen.read_bytes() == generated_before, "a comment edit changed the C++"
    assert mtimes(downstream) == before, \
        "a comment edit rebuilt: %s" % mtimes(downstream)
    add_comment_line(src / "vector_example.kir")
    build()
    moved = mtimes(downstream)
    assert gen.read_bytes() != generated_before, "the C++ does not name the moved lines"
    assert without_line_numbers(gen.read_bytes()) == without_line_numbers(generated_before), \
        "a moved line changed more than line numbers in the C++"
    assert moved[orch_lib.name] != before[orch_lib.name], "the orchestration was not rebuilt"
    assert moved[kernel_lib.name] == before[kernel_lib.name], "the kernels were rebuilt"
    assert read_f32_npy(result) == expected_f(src, 1.0), "wrong f after a moved line"
    before = moved

    change_constant(src / "vector_example.kir")
    build()
    after = mtimes(downstream)
    assert after[kernel_lib.name] == before[kernel_lib.name], \
        "the kernels were rebuilt for a .kir edit"
    assert after[orch_lib.name] != before[orch_lib.name], "the orchestration was not rebuilt"
    assert read_f32_npy(result) == expected_f(src, 4.0), "f does not reflect the edit"
    build()
    assert mtimes(downstream) == after, "a build after the rebuild changed something"


def tool_env(pkg_config_path):
    return dict(os.environ, PKG_CONFIG_PATH=pkg_config_path)


def run_tool(command, env):
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, "%s failed:\n%s%s" % (" ".join(command), proc.stdout,
                                                        proc.stderr)
    return proc.stdout


@case
def make_example(binary, tmp, examples, pkg_config_path):
    src = tmp / "make"
    shutil.copytree(examples / "make", src)
    env = tool_env(pkg_config_path)
    make = ["make", "-C", str(src), "TASKC=" + binary]
    gen = src / "gen"
    # After an edit that changes one output of taskc but not another (here
    # the C++, not the manifest), Make reruns taskc on later calls: it has
    # no restat (examples/README.md). The first build is up to date.
    check_example(lambda: run_tool(make, env),
                  lambda: subprocess.run(make + ["-q"], env=env).returncode == 0,
                  src, gen / "vector_example.orch.cpp", gen / "libvector_example.orch.so",
                  gen / "libkernels.so", gen / "f.npy")
    # A .kir with a mistake fails the build with taskc's diagnostic and
    # leaves every earlier output as it was.
    outputs = sorted(gen.iterdir())
    saved = {p.name: p.read_bytes() for p in outputs}
    misspell_kernel(src / "vector_example.kir")
    proc = subprocess.run(make, env=env, capture_output=True, text=True)
    assert proc.returncode != 0 and "kernel_mull" in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in sorted(gen.iterdir())} == saved
    # Without taskc-abi known to pkg-config, the Makefile says what to do.
    proc = subprocess.run(make, env=dict(env, PKG_CONFIG_PATH=str(tmp / "nowhere")),
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "PKG_CONFIG_PATH" in proc.stderr, proc.stderr


@case
def meson_example(binary, tmp, examples, pkg_config_path):
    src = tmp / "src"
    shutil.copytree(examples / "meson", src)
    env = tool_env(pkg_config_path)
    build = tmp / "build"
    run_tool(["meson", "setup", str(build), str(src), "-Dtaskc=" + binary], env)
    ninja = ["ninja", "-C", str(build)]
    check_example(lambda: run_tool(ninja, env),
                  lambda: "no work to do" in run_tool(ninja + ["-n"], env),
                  src, build / "vector_example.orch.cpp",
                  build / "libvector_example_orch.so", build / "libvector_example_kernels.so",
                  build / "f.npy")


def staged_install(meson, build_dir, prefix, stage):
    """`meson install` of the taskc build into the DESTDIR `stage`; returns
    where the prefix is inside it."""
    run_tool(shlex.split(meson) + ["install", "-C", build_dir, "--no-rebuild", "--quiet",
                                   "--destdir", str(stage)], os.environ)
    return stage / pathlib.PurePosixPath(prefix).relative_to("/")


# What CMake's generators print for each step that runs: taskc (the COMMENTs
# of taskc_add_orchestration and of the example's run step), the compiler,
# the linker. A build that prints none of them did nothing.
CMAKE_STEPS = ("taskc: compiling", "taskc run:", "Building CXX", "Linking CXX")


def cmake_example(tmp, examples, prefix, generator):
    src = tmp / "src"
    shutil.copytree(examples / "cmake", src)
    build = tmp / "build"
    env = dict(os.environ)
    run_tool(["cmake", "-S", str(src), "-B", str(build), "-G", generator,
              "-DCMAKE_PREFIX_PATH=" + str(prefix)], env)
    cmake_build = ["cmake", "--build", str(build)]
    if generator == "Ninja":
        def up_to_date():
            return "no work to do" in run_tool(["ninja", "-C", str(build), "-n"], env)
    else:  # CMake's Makefiles cannot answer `make -q`: build, and look.
        def up_to_date():
            out = run_tool(cmake_build, env)
            return not any(step in out for step in CMAKE_STEPS)
    gen = build / "taskc" / "vector_example_orch"
    orch_lib, kernel_lib = build / "libvector_example_orch.so", \
        build / "libvector_example_kernels.so"
    logs = []  # what each build of check_example printed
    check_example(lambda: logs.append(run_tool(cmake_build, env)), up_to_date, src,
                  gen / "vector_example.orch.cpp", orch_lib, kernel_lib, build / "f.npy")
    touched = logs[1]
    assert "taskc: compiling" in touched, "a touched .kir did not rerun taskc:\n" + touched
    assert not any(step in touched for step in CMAKE_STEPS[1:]), \
        "a touched .kir with unchanged output ran more than taskc:\n" + touched
    # Unlike plain Make, CMake's Makefiles are then up to date too: the
    # manifest, unchanged, is touched once its C++ is newer.
    assert up_to_date(), "not up to date after the rebuild"

    # A .kir with a mistake fails the build with taskc's diagnostic and
    # leaves every output (bytes and times) as it was.
    outputs = sorted(gen.iterdir()) + [orch_lib, kernel_lib, build / "f.npy"]
    saved = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in outputs}
    where = misspell_kernel(src / "vector_example.kir")
    proc = subprocess.run(cmake_build, env=env, capture_output=True, text=True)
    shown = proc.stdout + proc.stderr
    assert proc.returncode != 0, "a .kir with an error built:\n" + shown
    assert "vector_example.kir:%s: error: undefined kernel 'kernel_mull'" % where in shown, \
        shown
    after = sorted(gen.iterdir()) + [orch_lib, kernel_lib, build / "f.npy"]
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in after} == saved, \
        "a failed taskc changed the outputs"


@case
def cmake_ninja_example(tmp, examples, prefix):
    cmake_example(tmp, examples, prefix, "Ninja")


@case
def cmake_makefiles_example(tmp, examples, prefix):
    cmake_example(tmp, examples, prefix, "Unix Makefiles")


def run_cmake_examples(args, examples):
    """Both generators on one staged install of this build."""
    cases = [("cmake_ninja_example", cmake_ninja_example, ["cmake", "ninja"]),
             ("cmake_makefiles_example", cmake_makefiles_example, ["cmake", "make"])]
    with tempfile.TemporaryDirectory() as stage:
        prefix = None
        for name, test, needs in cases:
            missing = [tool for tool in needs if shutil.which(tool) is None]
            if missing:
                SKIPPED.append((name, " and ".join(missing) + " not installed"))
                continue
            if prefix is None:
                try:
                    prefix = staged_install(args.meson, args.build_dir, args.prefix,
                                            pathlib.Path(stage))
                except AssertionError as error:
                    RESULTS.append(("meson_install_for_cmake", str(error)))
                    return
            with tempfile.TemporaryDirectory() as tmp:
                test(pathlib.Path(tmp), examples, prefix)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--pkg-config-path", required=True,
                    help="where taskc-abi.pc (or -uninstalled.pc) is")
    ap.add_argument("--meson", required=True, help="for `meson install` (CMake example)")
    ap.add_argument("--build-dir", required=True, help="the taskc build to install")
    ap.add_argument("--prefix", required=True, help="its configured prefix")
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
            test(binary, pathlib.Path(tmp), root / "examples", args.pkg_config_path)
    run_cmake_examples(args, root / "examples")
    failed = [(name, why) for name, why in RESULTS if why]
    for name, why in failed:
        print("FAIL", name + ":", why)
    for name, why in SKIPPED:
        print("SKIP", name + ":", why)
    print("%d passed, %d failed, %d skipped" % (len(RESULTS) - len(failed), len(failed),
                                               len(SKIPPED)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
