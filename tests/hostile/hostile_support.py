"""Helpers for hostile_input.py: running taskc, checking each output by
parsing or compiling it, and reading a Make depfile."""
import importlib.util
import json
import os
import pathlib
import shlex
import subprocess
import sys
import types

# A valid program with holes for the names and the @source path that the
# injection cases fill in. {source} is the .kir string literal, quotes
# included.
TEMPLATE = """module {module};

dim N;

@source({source})
kernel aiv {kernel}(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32], {param}: Scalar[FP32]);

orchestration {orch}(in x: Tensor[[N], FP32], out y: Tensor[[N], FP32]) {{
  call {kernel}(x, y, 1.0);
}}
"""

# A minimal valid program.
VALID = TEMPLATE.format(module="m", source='"k.cpp"', kernel="k", param="s",
                        orch="o")


def program(module="m", source='"k.cpp"', kernel="k", param="s", orch="o"):
    return TEMPLATE.format(module=module, source=source, kernel=kernel,
                           param=param, orch=orch)


def kir_string(raw):
    """The .kir string literal (quotes included) that decodes to bytes `raw`."""
    out = '"'
    for b in raw:
        c = chr(b)
        if c in '"\\':
            out += "\\" + c
        elif c == "\n":
            out += "\\n"
        elif c == "\t":
            out += "\\t"
        elif 0x20 <= b < 0x7F:
            out += c
        else:
            out += "\\x%02x" % b
    return out + '"'


class Failure(Exception):
    pass


class Runner:
    def __init__(self, taskc, cxx, include, scratch):
        self.taskc = taskc
        self.cxx = cxx
        self.include = include
        self.scratch = pathlib.Path(scratch)

    def run(self, args, cwd=None, stdin=b"", preexec_fn=None, timeout=120):
        proc = subprocess.run([self.taskc] + [str(a) for a in args], cwd=cwd,
                              input=stdin, capture_output=True, timeout=timeout,
                              preexec_fn=preexec_fn,
                              env=dict(os.environ, NO_COLOR="1"))
        proc.stderr_text = proc.stderr.decode("utf-8", "replace")
        return proc

    def dir(self, name):
        path = self.scratch / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def expect(proc, code, *needles):
    """The exit code is `code` and stderr holds every needle."""
    problems = []
    if proc.returncode != code:
        problems.append("exit %d, expected %d" % (proc.returncode, code))
    for needle in needles:
        if needle not in proc.stderr_text:
            problems.append("stderr lacks %r" % needle)
    if problems:
        raise Failure("; ".join(problems) + "\nstderr:\n" + proc.stderr_text[-3000:])


def check(condition, message):
    if not condition:
        raise Failure(message)


def check_cpp(runner, path):
    """The generated C++ compiles (syntax and types) against runtime_abi."""
    proc = subprocess.run([runner.cxx, "-std=c++17", "-fsyntax-only", "-Wall",
                           "-Wextra", "-Werror", "-I", runner.include, str(path)],
                          capture_output=True, text=True, errors="replace")
    check(proc.returncode == 0, "generated C++ does not compile:\n" + proc.stderr[-3000:])


def install_stub_simpler():
    if "simpler.task_interface" in sys.modules:
        return
    import enum

    class ArgDirection(enum.IntEnum):
        SCALAR = 0
        IN = 1
        OUT = 2
        INOUT = 3

    package = types.ModuleType("simpler")
    interface = types.ModuleType("simpler.task_interface")
    interface.ArgDirection = ArgDirection
    package.task_interface = interface
    sys.modules["simpler"] = package
    sys.modules["simpler.task_interface"] = interface


def import_kernel_config(path):
    """Imports kernel_config.py in this process (with a stub
    simpler.task_interface) and returns the module."""
    install_stub_simpler()
    spec = importlib.util.spec_from_file_location("kernel_config_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_depfile(text):
    """A one-line Make rule as GNU make and ninja both read it:
    {"targets": [...], "prerequisites": [...]}. `\\ `, `\\#` and `\\:` stand
    for the character, `$$` for `$`, other backslashes are literal; an
    unescaped `#` or `$`, or a second unescaped `:`, is an error."""
    check(text.endswith("\n") and text.count("\n") == 1,
          "depfile is not one line: %r" % text)
    words, current, i, seen_colon, targets = [], "", 0, False, None
    line = text[:-1]
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line) and line[i + 1] in " #:":
            current += line[i + 1]
            i += 2
            continue
        if c == "$":
            check(line[i + 1:i + 2] == "$", "unescaped '$' in depfile: %r" % text)
            current += "$"
            i += 2
            continue
        check(c != "#", "unescaped '#' in depfile: %r" % text)
        if c == ":":
            check(not seen_colon, "unescaped ':' in depfile: %r" % text)
            if current:
                words.append(current)
            targets, words, current, seen_colon = words, [], "", True
            i += 1
            continue
        if c == " ":
            if current:
                words.append(current)
            current = ""
            i += 1
            continue
        current += c
        i += 1
    if current:
        words.append(current)
    check(seen_colon, "depfile has no ':': %r" % text)
    return {"targets": targets, "prerequisites": words}


def ninja_deps(depfile, target, workdir):
    """The prerequisites ninja records for `target` from `depfile` (ninja is
    what Meson builds with): a build.ninja whose one edge makes `target`
    and reads a copy of the depfile with `deps = gcc`."""
    def ninja_path(path):
        return str(path).replace("$", "$$").replace(" ", "$ ").replace(":", "$:")
    workdir = pathlib.Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    copy = shlex.quote(str(depfile)).replace("$", "$$")
    (workdir / "build.ninja").write_text(
        "rule gen\n  command = cp %s $out.d && touch $out\n  depfile = $out.d\n"
        "  deps = gcc\nbuild %s: gen\n" % (copy, ninja_path(target)))
    proc = subprocess.run(["ninja", "-C", str(workdir)], capture_output=True, text=True)
    check(proc.returncode == 0, "ninja cannot use the depfile:\n" + proc.stdout + proc.stderr)
    proc = subprocess.run(["ninja", "-C", str(workdir), "-t", "deps"],
                          capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    return [line.strip() for line in lines[1:] if line.startswith("    ")]


def check_outputs(runner, out_dir, module, expect_source=None, input_path=None,
                  depfile=None):
    """Every output in `out_dir` parses or compiles, and says what it should:
    the manifest and kernel_config.py name `expect_source` (a str) as the
    kernel source; the depfile lists the outputs and `input_path`."""
    out_dir = pathlib.Path(out_dir)
    cpp = out_dir / (module + ".orch.cpp")
    manifest_path = out_dir / (module + ".manifest.json")
    config_path = out_dir / "kernel_config.py"
    check_cpp(runner, cpp)
    manifest = json.loads(manifest_path.read_bytes())
    config = import_kernel_config(config_path)
    if expect_source is not None:
        got = manifest["kernels"][0]["source"]
        check(got == expect_source, "manifest source %r, expected %r" % (got, expect_source))
        py_source = config.KERNELS[0]["source"]
        check(str(py_source).endswith("/" + expect_source) or
              str(py_source) == str(config_path.parent / expect_source),
              "kernel_config.py source %r does not end in %r" % (py_source, expect_source))
    check(manifest["kernels"][0]["signature"] == ["IN", "OUT"],
          "manifest signature changed: %r" % manifest["kernels"][0]["signature"])
    check(len(config.KERNELS) == 1, "kernel_config.py has %d kernels" % len(config.KERNELS))
    if depfile is not None:
        rule = parse_depfile(pathlib.Path(depfile).read_text())
        expected_targets = sorted(str(p) for p in (cpp, manifest_path, config_path))
        check(sorted(rule["targets"]) == expected_targets,
              "depfile targets %r, expected %r" % (rule["targets"], expected_targets))
        check(rule["prerequisites"] == [str(input_path)],
              "depfile prerequisites %r, expected %r" % (rule["prerequisites"], [str(input_path)]))
        deps = ninja_deps(depfile, rule["targets"][0], out_dir / "ninja")
        check(deps == [str(input_path)], "ninja reads prerequisites %r, expected %r"
              % (deps, [str(input_path)]))
