#!/usr/bin/env python3
"""Compiles every valid program with taskc, then for each one:

1. builds the generated orchestration C++ with
   `c++ -Wall -Wextra -Werror`, both `-std=c++17` and g++'s default dialect
   `-std=gnu++17` (which predefines `linux` and `unix`), against the
   pto_orchestration_api.h of the program's target
   (runtime_abi/include/a2a3 or runtime_abi/include/a5: the a5 launch spec
   has set_core_num and no set_block_num);
2. reads every submit helper in the C++ (`taskc_submit_<n>`: the call
   sites call them) and asserts that its number of tensor payload calls
   (taskc_add_input/add_output/add_inout/add_no_dep, each checked to call
   that method of CoreTaskArgs) equals the signature length
   of every active lane's kernel in the manifest, with matching directions. This is the bug taskc exists to prevent: a kernel
   registered with a signature that does not match its tasks' payloads.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

METHOD_DIRECTION = {"add_input": "IN", "add_output": "OUT", "add_inout": "INOUT",
                    "add_no_dep": None}
HELPER = re.compile(r"TaskOutputTensors (taskc_submit_\d+)\(.*?\) \{\n(.*?)\n\}\n", re.S)
# A helper adds each tensor through a shared `taskc_<method>(args, t<i>)`,
# which must call that method.
PAYLOAD = re.compile(r"taskc_(add_input|add_output|add_inout|add_no_dep)\(args, ")
ADD_WRAPPER = re.compile(r"void taskc_(add_\w+)\(CoreTaskArgs& args, [^)]*\) \{\n"
                         r"    args\.(\w+)\(value\);\n\}\n")
SUBMIT = re.compile(
    r"rt_submit_(aic|aiv)_task\((\d+), args\)|"
    r"rt_submit_task\(MixedKernels\{(\w+), (\w+), (\w+)\}, args\)")


def check_payloads(cpp, manifest):
    """Returns (number of submits, list of problems)."""
    kernels = {k["func_id"]: k for k in manifest["kernels"]}
    problems, submits = [], 0
    for wrapper, method in ADD_WRAPPER.findall(cpp):
        if wrapper != method:
            problems.append("taskc_%s calls %s" % (wrapper, method))
    for task, body in HELPER.findall(cpp):
        m = SUBMIT.search(body)
        if m is None:
            continue  # a dummy task
        submits += 1
        if m.group(1):
            lanes = [m.group(2)]
        else:
            lanes = [x for x in m.group(3, 4, 5) if x != "INVALID_KERNEL_ID"]
        methods = PAYLOAD.findall(body)
        for lane in lanes:
            kernel = kernels.get(int(lane))
            if kernel is None:
                problems.append("task %s: func_id %s is not in the manifest" % (task, lane))
                continue
            signature = kernel["signature"]
            if len(signature) != len(methods):
                problems.append("task %s: kernel %s has sig_count %d but the payload has %d tensors"
                                % (task, kernel["name"], len(signature), len(methods)))
                continue
            for i, (direction, method) in enumerate(zip(signature, methods)):
                expected = METHOD_DIRECTION[method]
                if expected is not None and expected != direction:
                    problems.append("task %s slot %d: %s for a %s parameter of %s"
                                    % (task, i, method, direction, kernel["name"]))
    if submits == 0:
        problems.append("no submits found")
    return submits, problems


def self_test():
    """The checker must catch the original bug: an empty signature against a
    three-tensor payload, and a direction that does not match its method."""
    cpp = ("static __attribute__((noinline)) TaskOutputTensors taskc_submit_0("
           "const ChipTensor& t0, const ChipTensor& t1, const ChipTensor& t2) {\n"
           "    CoreTaskArgs args;\n    taskc_add_input(args, t0);\n"
           "    taskc_add_input(args, t1);\n    taskc_add_output(args, t2);\n"
           "    return rt_submit_aic_task(0, args);\n}\n")
    good = {"kernels": [{"func_id": 0, "name": "matmul", "signature": ["IN", "IN", "OUT"]}]}
    empty = {"kernels": [{"func_id": 0, "name": "matmul", "signature": []}]}
    swapped = {"kernels": [{"func_id": 0, "name": "matmul", "signature": ["IN", "OUT", "OUT"]}]}
    assert check_payloads(cpp, good) == (1, []), "a correct payload was rejected"
    assert check_payloads(cpp, empty)[1], "an empty signature went unnoticed"
    assert check_payloads(cpp, swapped)[1], "a direction mismatch went unnoticed"
    wrong = ("static __attribute__((noinline)) void taskc_add_input(CoreTaskArgs& args, "
             "const ChipTensor& value) {\n    args.add_output(value);\n}\n")
    assert check_payloads(wrong + cpp, good)[1], "a wrapper calling another method went unnoticed"


def main():
    self_test()
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--include", required=True, help="runtime_abi directory")
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for kir in sorted(pathlib.Path(args.dir).glob("*.kir")):
            cpp_path = pathlib.Path(tmp) / (kir.stem + ".orch.cpp")
            manifest_path = pathlib.Path(tmp) / (kir.stem + ".manifest.json")
            subprocess.run([args.taskc, "compile", str(kir), "-q", "-o", str(cpp_path),
                            "--manifest", str(manifest_path)], check=True)
            manifest = json.loads(manifest_path.read_text())
            include = pathlib.Path(args.include) / "include" / manifest["target"]
            problems = []
            for dialect in ("-std=c++17", "-std=gnu++17"):
                compiled = subprocess.run(
                    [args.cxx, dialect, "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                     "-I", str(include), str(cpp_path)], capture_output=True, text=True)
                if compiled.returncode != 0:
                    problems.append("does not compile with %s:\n%s"
                                    % (dialect, compiled.stderr[:3000]))
            _, payload_problems = check_payloads(cpp_path.read_text(), manifest)
            problems += payload_problems
            if problems:
                failed += 1
                print("FAIL", kir.name + ":\n  " + "\n  ".join(problems))
            else:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
