#!/usr/bin/env python3
"""Hostile input for the taskc binary (docs/RELIABILITY.md): each case runs
taskc on input meant to break it and checks the exit code, the diagnostic,
and that nothing was written or changed when it must not be.

Groups: resource limits, hostile text, injection through names and paths
(every output is compiled or parsed: g++ -fsyntax-only against runtime_abi,
json.loads, a python3 import with a stub simpler.task_interface, the depfile
read as Make and ninja read it), and file-system failures. Tests run as
root in CI, where chmod does not stop reads or writes; those cases use
mechanisms that stop root too (a path under a regular file, /proc,
RLIMIT_FSIZE for a full disk) and add the chmod variant only when not root.

  hostile_input.py --taskc T --cxx c++ --include runtime_abi [-k NAME]
                   [--time-scale X]
"""
import argparse
import os
import pathlib
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback

from hostile_support import (VALID, Failure, Runner, check, check_outputs,
                             expect, import_kernel_config, kir_string, program)

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def write(path, data):
    path = pathlib.Path(path)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def timed(runner, args, limit, **kw):
    """Runs taskc and checks it took less than `limit` seconds (times
    --time-scale, for sanitizer builds)."""
    limit *= runner.time_scale
    start = time.monotonic()
    proc = runner.run(args, **kw)
    took = time.monotonic() - start
    check(took < limit, "took %.1f s; the limit is %.0f s" % (took, limit))
    return proc


# ---- resource limits ----

@case
def huge_sparse_file_is_refused_without_reading(r):
    path = r.dir("sparse") / "huge.kir"
    with open(path, "wb") as f:
        f.truncate(1 << 30)  # 1 GiB, no blocks on disk
    proc = timed(r, ["check", path], 5)
    expect(proc, 1, "1073741824 bytes", "input limit", "--max-input-size")


@case
def file_just_over_the_cap_is_refused(r):
    path = write(r.dir("cap") / "over.kir", b"(" * 1001)
    expect(r.run(["check", path, "--max-input-size", "1000"]), 1, "input limit")
    path = write(r.dir("cap") / "at.kir", VALID.encode())
    expect(r.run(["check", path, "--max-input-size", str(len(VALID))]), 0)


@case
def default_cap_refuses_64_mib_of_parens(r):
    path = r.dir("cap64") / "parens.kir"
    with open(path, "wb") as f:
        f.write(b"(" * ((64 << 20) + 1))
    expect(timed(r, ["check", path], 10), 1, "input limit")


@case
def stdin_over_the_cap_is_refused(r):
    proc = timed(r, ["check", "-", "--max-input-size", "100000"], 10,
                 stdin=b"(" * 5_000_000)
    expect(proc, 1, "<stdin>", "input limit")


@case
def a_megabyte_of_parens_stops_at_the_nesting_limit(r):
    path = write(r.dir("nest") / "parens.kir", b"module m; const X = " + b"(" * (1 << 20))
    expect(timed(r, ["check", path], 10), 1, "[E0109]")


@case
def deep_blocks_stop_at_the_nesting_limit(r):
    body = "scope { " * 300 + "}" * 300
    src = VALID.replace("call k(x, y, 1.0);", "call k(x, y, 1.0); " + body)
    expect(r.run(["check", "-"], stdin=src.encode()), 1, "[E0109]")


@case
def long_operator_chain_stops_at_the_nesting_limit(r):
    src = VALID.replace("call k(x, y, 1.0);",
                        "let v = " + " + ".join(["1"] * 100000) + ";\n  call k(x, y, 1.0);")
    expect(timed(r, ["check", "-"], 10, stdin=src.encode()), 1, "[E0109]")


@case
def long_names_are_refused(r):
    src = VALID.replace("kernel aiv k(", "kernel aiv " + "k" * 257 + "(")
    expect(r.run(["check", "-"], stdin=src.encode()), 1, "[E0110]", "limit is 256")
    src = VALID.replace("call k(x, y, 1.0);", "let " + "v" * 1_000_000 + " = 1;")
    proc = timed(r, ["check", "-"], 10, stdin=src.encode())
    expect(proc, 1, "[E0110]")
    check(len(proc.stderr) < 20000, "a 1 MB name is echoed: %d bytes" % len(proc.stderr))


@case
def too_many_declarations_are_refused(r):
    kernels = "".join("kernel aiv k%d(in a: Tensor[[N], FP32]);\n" % i for i in range(100001))
    src = VALID.replace("orchestration", kernels + "orchestration")
    proc = timed(r, ["check", "-"], 20, stdin=src.encode())
    expect(proc, 1, "[E0110]", "declarations")


def many_lets(count):
    lets = "".join("  let v%d = %d;\n" % (i, i) for i in range(count))
    return VALID.replace("  call k(x, y, 1.0);", lets + "  call k(x, y, 1.0);")


@case
def many_statements_are_not_refused(r):
    # No statement limit (issue 15): memory grows linearly with the program.
    proc = timed(r, ["check", "-"], 30, stdin=many_lets(150000).encode())
    expect(proc, 0)


def limit_address_space(size):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return apply


@case
def a_program_too_large_for_memory_is_one_error(r):
    if r.time_scale != 1:
        return  # sanitizers reserve terabytes of address space up front
    out = r.dir("out_of_memory")
    proc = r.run(["compile", "-", "--out-dir", out, "-q"], stdin=many_lets(400000).encode(),
                 preexec_fn=limit_address_space(96 << 20))
    expect(proc, 1, "taskc: error: out of memory")
    check(proc.stderr_text.count("\n") == 1, "more than one line:\n" + proc.stderr_text)
    check(not any(out.iterdir()), "an output was written: %s" % list(out.iterdir()))


@case
def many_undefined_names_are_checked_in_bounded_time(r):
    kernels = "".join("kernel aiv kern%d(in a: Tensor[[N], FP32]);\n" % i for i in range(2000))
    calls = "".join("  call kern%dx(x);\n" % i for i in range(20000))
    src = VALID.replace("orchestration", kernels + "orchestration").replace(
        "  call k(x, y, 1.0);", calls + "  call k(x, y, 1.0);")
    expect(timed(r, ["check", "-"], 20, stdin=src.encode()), 1, "[E0201]",
           "errors not shown")


@case
def many_tasks_compile_in_bounded_time(r):
    calls = "".join("  call k(x, y, %d.0);\n" % i for i in range(20000))
    src = VALID.replace("  call k(x, y, 1.0);", calls)
    out = r.dir("many_tasks")
    proc = timed(r, ["compile", "-", "--out-dir", out, "-q"], 30, stdin=src.encode())
    expect(proc, 0)


def peak_rss_mib(r, args):
    """Runs taskc under a fresh python whose children's peak resident set is
    then only taskc's; returns (exit code, MiB)."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
            " stderr=subprocess.DEVNULL)\n"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    proc = subprocess.run([sys.executable, "-c", code, r.taskc] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=600)
    returncode, kib = proc.stdout.split()
    return int(returncode), int(kib) / 1024


@case
def a_flood_of_tokens_is_parsed_in_bounded_memory(r):
    # 32 MB of ';' in a body: empty statements, none of which is kept, and
    # no token is held (64 bytes a token: 2 GB).
    src = VALID.replace("call k(x, y, 1.0);", ";" * (32 << 20))
    path = write(r.dir("flood") / "body.kir", src)
    code, mib = peak_rss_mib(r, ["check", path])
    check(code == 1, "exit %d" % code)
    limit = 200 if r.time_scale == 1 else 800  # sanitizers keep freed memory
    check(mib < limit, "32 MB of ';' in a body took %.0f MiB; the limit is %d" % (mib, limit))
    # At the top level each ';' is an error: no exception, no token kept.
    path = write(r.dir("flood") / "top.kir", "module m; " + ";" * (4 << 20))
    start = time.monotonic()
    code, mib = peak_rss_mib(r, ["check", path])
    check(code == 1 and mib < limit, "4 MB of ';': exit %d, %.0f MiB" % (code, mib))
    check(time.monotonic() - start < 60 * r.time_scale, "4 MB of ';' took %.0f s" %
          (time.monotonic() - start))


# ---- hostile text ----

@case
def nul_bytes(r):
    expect(r.run(["check", "-"], stdin=VALID.replace("dim N;", "dim\0N;").encode()),
           1, "NUL byte", "[E0101]")


@case
def invalid_utf8(r):
    for bad in (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"):
        src = VALID.encode().replace(b"dim N;", b"dim N; " + bad)
        expect(r.run(["check", "-"], stdin=src), 1, "invalid UTF-8", "[E0102]")


@case
def byte_order_mark(r):
    expect(r.run(["check", "-"], stdin=b"\xef\xbb\xbf" + VALID.encode()), 0)
    src = VALID.encode().replace(b"dim N;", b"dim N; \xef\xbb\xbf")
    expect(r.run(["check", "-"], stdin=src), 1, "[E0111]")


@case
def crlf_line_ends_compile_like_lf(r):
    plain = r.run(["compile", "-", "--manifest", "-", "-q"], stdin=VALID.encode())
    crlf = r.run(["compile", "-", "--manifest", "-", "-q"],
                 stdin=VALID.replace("\n", "\r\n").encode())
    expect(plain, 0)
    expect(crlf, 0)
    check(plain.stdout == crlf.stdout, "CRLF input gives a different manifest")
    bare = VALID.replace("\n", "\r", 3)
    expect(r.run(["check", "-"], stdin=bare.encode()), 1, "[E0103]")


@case
def very_long_line(r):
    src = VALID.replace("dim N;", "dim N;" + " " * 2_000_000 + "$")
    proc = timed(r, ["check", "-"], 10, stdin=src.encode())
    expect(proc, 1, "[E0101]")
    check(len(proc.stderr) < 20000, "the whole 2 MB line is echoed: %d bytes" % len(proc.stderr))


@case
def non_ascii_identifiers(r):
    for name in ("caf\u00e9", "\u5185\u6838", "k\u200b"):
        src = VALID.replace("kernel aiv k(", "kernel aiv %s(" % name)
        expect(r.run(["check", "-"], stdin=src.encode()), 1, "[E0111]",
               "identifiers are ASCII")


@case
def numbers_at_and_past_int64_limits(r):
    def with_consts(consts):
        return VALID.replace("dim N;", "dim N;\n" + consts)
    ok = ("const A = 9223372036854775807;\nconst B = -9223372036854775808;\n"
          "const C = 0x7fff_ffff_ffff_ffff;\nconst D = -0x8000000000000000;\n")
    expect(r.run(["check", "-"], stdin=with_consts(ok).encode()), 0)
    bad = {
        "const A = 9223372036854775808;": "[E0106]",
        "const A = 0x1_0000_0000_0000_0000;": "[E0106]",
        "const A = 99999999999999999999999;": "[E0106]",
        "const A = 9223372036854775807 + 1;": "[E0309]",
        "const A = -9223372036854775807 - 2;": "[E0309]",
        "const A = 3037000500 * 3037000500;": "[E0309]",
        "const A = -9223372036854775808 // -1;": "[E0309]",
        "const A = -9223372036854775808 % -1;": None,
        "const A = -(-9223372036854775808);": "[E0309]",
        "const A = 1e400;": "[E0106]",
        "const A = 0x;": "[E0106]",
    }
    for text, code in bad.items():
        proc = r.run(["check", "-"], stdin=with_consts(text + "\n").encode())
        if code is None:
            check(proc.returncode in (0, 1), "%s: exit %d" % (text, proc.returncode))
        else:
            expect(proc, 1, code)


# ---- injection ----

SOURCE_PATHS = [
    b"a*/b.cpp", b"x*/ int evil; /*.cpp", b"new\nline.cpp", b'q"uo"te.cpp',
    b"back\\slash.cpp", b"dollar$x $(y) ${z}.cpp", b"hash#h.cpp",
    b"with space.cpp", b"tri??/graph.cpp", b"'''single.cpp",
    b"percent%s%n.cpp", "caf\u00e9/\U0001f600.cpp".encode(),
    b"trailing\\", b"\\",
]


@case
def source_paths_cannot_change_any_output(r):
    for i, raw in enumerate(SOURCE_PATHS):
        out = r.dir("source%d" % i)
        kir = write(out / "in.kir", program(source=kir_string(raw)))
        proc = r.run(["compile", kir, "--out-dir", out, "--emit",
                      "cpp,manifest,kernel-config", "--depfile", out / "deps.d"])
        if proc.returncode == 1 and "[E0208]" in proc.stderr_text:
            check(b"\n" in raw, "@source %r refused: %s" % (raw, proc.stderr_text))
            continue
        try:
            expect(proc, 0)
            check_outputs(r, out, "m", expect_source=raw.decode(), input_path=kir,
                          depfile=out / "deps.d")
        except Failure as f:
            raise Failure("@source %r: %s" % (raw, f))


CXX_AND_LIBC_NAMES = [
    "int", "class", "new", "delete", "template", "namespace", "main", "this",
    "malloc", "free", "printf", "memcpy", "exit", "abort", "errno", "assert",
    "stdout", "NULL", "EOF", "INT32_MAX", "size_t", "std", "signal", "write",
    "PTO2TaskId", "ChipTensor", "aicpu_orchestration_entry", "orch_args",
    "ext_x", "task_0", "params_t0", "alloc_0", "__x", "_Reserved", "and_eq",
    "co_await", "requires", "final", "override", "unix", "linux",
]


@case
def names_like_cpp_keywords_or_libc_symbols(r):
    for i, name in enumerate(CXX_AND_LIBC_NAMES):
        for role in ("module", "kernel", "param", "orch"):
            out = r.dir("name%d_%s" % (i, role))
            kir = write(out / "in.kir", program(**{role: name}))
            proc = r.run(["compile", kir, "--out-dir", out, "--emit",
                          "cpp,manifest,kernel-config", "-q"])
            if proc.returncode == 1:
                try:
                    expect(proc, 1, "[E0205]")
                except Failure as f:
                    raise Failure("%s %r: %s" % (role, name, f))
                continue
            try:
                expect(proc, 0)
                check_outputs(r, out, name if role == "module" else "m")
            except Failure as f:
                raise Failure("%s %r accepted but: %s" % (role, name, f))


NINJA_ENDS_PATH = "\"'&*;<>?^`|"


@case
def input_and_output_paths_with_hostile_bytes(r):
    # Paths a depfile can express are compiled with one; the others must be
    # refused with one (exit 2) and compile without. Either way the input
    # name, which the C++ and Python headers quote, changes nothing.
    names = ["in put.kir", "x*/ int y; #.kir", "d$o#l.kir", "q\"u'o.kir",
             "b\\s.kir", "caf\u00e9.kir", "co:lon.kir", "ends\\/x.kir",
             "nl\n#include <x>.kir", "p%s?.kir"]
    for i, name in enumerate(names):
        base = r.dir("paths%d/out dir with $ and # and spaces" % i)
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        kir = write(base / name, VALID)
        depfile = base / "dep file.d"
        args = ["compile", kir, "--out-dir", base, "--emit", "cpp,manifest,kernel-config"]
        expressible = not any(c in NINJA_ENDS_PATH or ord(c) < 0x20 for c in str(kir))
        try:
            if expressible:
                expect(r.run(args + ["--depfile", depfile]), 0)
                check_outputs(r, base, "m", expect_source="k.cpp", input_path=kir,
                              depfile=depfile)
            else:
                expect(r.run(args + ["--depfile", depfile]), 2, "cannot write a depfile")
                check(not depfile.exists(), "a depfile was written")
                check(not (base / "m.orch.cpp").exists(), "an output was written")
                expect(r.run(args), 0)
                check_outputs(r, base, "m", expect_source="k.cpp")
        except Failure as f:
            raise Failure("input %r: %s" % (name, f))


@case
def paths_make_cannot_express_are_refused(r):
    out = r.dir("depfile_newline")
    kir = write(out / "in.kir", VALID)
    bad_names = ["new\nline.d", "back\\ space.d", "ends\\", "tab\t.d", "x\\#y.d",
                 "x\\:y.d"] + ["a%sb.d" % c for c in NINJA_ENDS_PATH]
    for bad in bad_names:
        proc = r.run(["compile", kir, "-o", out / bad, "--depfile", out / "d.d"])
        try:
            expect(proc, 2, "cannot write a depfile", "would misread")
        except Failure as f:
            raise Failure("%r: %s" % (bad, f))
        check(not (out / "d.d").exists(), "a depfile was written for %r" % bad)
        check(not (out / bad).exists(), "an output was written for %r" % bad)


@case
def output_names_that_are_not_utf8(r):
    # kernel_config.py can name any bytes (surrogate escapes); JSON cannot,
    # so a manifest naming such a C++ file is refused rather than mangled.
    out = r.dir("not_utf8")
    kir = write(out / "in.kir", VALID)
    cpp = os.fsdecode(bytes(out) + b"/bad\xff.orch.cpp")
    proc = r.run(["compile", kir, "-o", cpp, "--manifest", out / "m.json"])
    expect(proc, 2, "not valid UTF-8")
    check(not (out / "m.json").exists(), "a manifest was written")
    proc = r.run(["compile", kir, "-o", cpp, "--kernel-config", out / "kernel_config.py"])
    expect(proc, 0)
    config = import_kernel_config(out / "kernel_config.py")
    check(os.fsencode(str(config.ORCHESTRATION["source"])) == os.fsencode(cpp),
          "kernel_config.py names %r" % config.ORCHESTRATION["source"])


# ---- files ----

@case
def input_is_a_directory(r):
    expect(r.run(["check", r.dir("a_dir")]), 3, "is a directory")


@case
def input_is_missing(r):
    expect(r.run(["check", r.scratch / "missing.kir"]), 3, "No such file")


@case
def input_is_unreadable(r):
    # Open succeeds but read fails (EIO), for root too.
    expect(r.run(["check", "/proc/self/mem"]), 3, "cannot read")
    path = write(r.dir("unreadable") / "in.kir", VALID)
    expect(r.run(["check", str(path) + "/x.kir"]), 3, "Not a directory")
    if os.geteuid() != 0:
        os.chmod(path, 0)
        try:
            expect(r.run(["check", path]), 3, "Permission denied")
        finally:
            os.chmod(path, 0o644)


@case
def input_is_not_a_regular_file(r):
    expect(r.run(["check", "/dev/null"]), 3, "not a regular file")


@case
def output_directory_missing(r):
    kir = write(r.dir("outmissing") / "in.kir", VALID)
    proc = r.run(["compile", kir, "--out-dir", r.scratch / "no" / "such" / "dir"])
    expect(proc, 3, "does not exist")


def existing_outputs(out):
    files = {}
    for name in ("m.orch.cpp", "m.manifest.json", "kernel_config.py", "deps.d"):
        files[name] = write(out / name, "old %s\n" % name).read_bytes()
    return files


def check_unchanged(out, files):
    for name, data in files.items():
        check((out / name).read_bytes() == data, "%s changed" % name)
    leftovers = [p.name for p in out.iterdir() if "taskc-tmp" in p.name]
    check(not leftovers, "temporary files left: %r" % leftovers)


@case
def output_directory_read_only(r):
    # A path under a regular file cannot be created, by root either.
    kir = write(r.dir("ro") / "in.kir", VALID)
    blocker = write(r.dir("ro") / "file", "")
    expect(r.run(["compile", kir, "--out-dir", blocker]), 3, "is not a directory")
    expect(r.run(["compile", kir, "--out-dir", "/proc/self"]), 3, "cannot")
    if os.geteuid() != 0:
        out = r.dir("ro/dir")
        files = existing_outputs(out)
        os.chmod(out, 0o555)
        try:
            expect(r.run(["compile", kir, "--out-dir", out, "--emit",
                          "cpp,manifest,kernel-config", "--depfile", out / "deps.d"]),
                   3, "Permission denied")
        finally:
            os.chmod(out, 0o755)
        check_unchanged(out, files)


@case
def outputs_that_are_not_regular_files_are_never_replaced(r):
    # Renaming over them would replace a directory's entry or a device (as
    # root, `-o /dev/null` once turned /dev/null into a regular file). A
    # symlink to /dev/null and a FIFO stand in for devices safely.
    out = r.dir("nonregular")
    kir = write(out / "in.kir", VALID)
    files = existing_outputs(out)
    (out / "a_dir").mkdir()
    os.mkfifo(out / "fifo")
    null_link = out / "null"
    null_link.symlink_to("/dev/null")
    for target, needle in (("a_dir", "is a directory"), ("fifo", "not a regular file"),
                           ("null", "not a regular file")):
        proc = r.run(["compile", kir, "-o", out / "m.orch.cpp", "--manifest", out / target,
                      "--kernel-config", out / "kernel_config.py"])
        expect(proc, 3, needle)
        check_unchanged(out, files)
    check(null_link.is_symlink() and os.path.realpath(null_link) == "/dev/null",
          "the symlink to /dev/null was replaced")
    check(pathlib.Path("/dev/null").is_char_device(), "/dev/null is no longer a device")
    check((out / "fifo").is_fifo(), "the FIFO was replaced")


@case
def standard_input_from_an_output_file_is_refused(r):
    # `taskc compile - -o in.kir < in.kir`: the file on standard input is
    # the input, whatever it is called on the command line.
    out = r.dir("stdin_file")
    kir = write(out / "in.kir", VALID)
    for args in (["compile", "-", "-o", "in.kir"], ["compile", "-", "--manifest", "./in.kir"],
                 ["graph", "-", "-o", out / "in.kir"]):
        with open(kir, "rb") as stdin:
            proc = subprocess.run([r.taskc] + [str(a) for a in args], stdin=stdin, cwd=out,
                                  capture_output=True)
        check(proc.returncode == 2 and b"is the input file '/dev/stdin'" in proc.stderr,
              "%s: exit %d: %s" % (args, proc.returncode, proc.stderr[-300:]))
        check(kir.read_text() == VALID, "%s replaced the input" % args)
    with open(kir, "rb") as stdin:
        proc = subprocess.run([r.taskc, "compile", "-", "-o", "other.cpp"], stdin=stdin,
                              cwd=out, capture_output=True)
    check(proc.returncode == 0, "another output: exit %d" % proc.returncode)


def limit_file_size(size):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return apply


@case
def disk_full_leaves_existing_outputs_byte_identical(r):
    # RLIMIT_FSIZE makes writes past 100 bytes fail, like a full disk, for
    # root too. The outputs are longer, so the first staged file fails.
    out = r.dir("full")
    kir = write(out / "in.kir", VALID)
    files = existing_outputs(out)
    proc = r.run(["compile", kir, "--out-dir", out, "--emit", "cpp,manifest,kernel-config",
                  "--depfile", out / "deps.d"], preexec_fn=limit_file_size(100))
    expect(proc, 3, "cannot write")
    check_unchanged(out, files)
    # Big enough for the C++ (the largest) but not... every file fits: ok.
    expect(r.run(["compile", kir, "--out-dir", out, "--emit", "cpp,manifest,kernel-config",
                  "--depfile", out / "deps.d"], preexec_fn=limit_file_size(1 << 20)), 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--include", required=True)
    ap.add_argument("-k", help="run only cases whose name contains this")
    ap.add_argument("--time-scale", type=float, default=1.0,
                    help="multiply time limits (sanitizer builds are slower)")
    args = ap.parse_args()
    failed = passed = 0
    with tempfile.TemporaryDirectory(prefix="taskc-hostile-") as tmp:
        runner = Runner(os.path.abspath(args.taskc), args.cxx, args.include, tmp)
        runner.time_scale = args.time_scale
        for fn in CASES:
            if args.k and args.k not in fn.__name__:
                continue
            start = time.monotonic()
            try:
                fn(runner)
                passed += 1
                print("PASS %s (%.1f s)" % (fn.__name__, time.monotonic() - start))
            except Failure as f:
                failed += 1
                print("FAIL %s: %s" % (fn.__name__, f))
            except Exception:
                failed += 1
                print("FAIL %s: %s" % (fn.__name__, traceback.format_exc()))
            sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
