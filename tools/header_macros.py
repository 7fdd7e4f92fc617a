#!/usr/bin/env python3
"""Lists the macro names that generated orchestration C++ can see and that a
.kir name could spell: what `CXX -std=STD -dM -E` defines after the
generated file's includes (<stddef.h>, <stdint.h>, pto_orchestration_api.h),
less the names taskc already refuses by rule (a leading `_` and a capital
letter, or `__` anywhere). A .kir name among them would be macro-expanded.

  header_macros.py --runtime-abi runtime_abi             # runtime_abi's header
  header_macros.py --simpler /path/to/simpler/src        # the real runtime's
  header_macros.py --runtime-abi runtime_abi --cxx clang++ --std c++20

Each compiler (--cxx, repeatable; default c++) is run in each dialect
(--std, repeatable; default c++17 and gnu++17, whose GNU extensions predefine
`linux` and `unix`). The names are printed sorted, one per line, for the
table in compiler/cxx_macro_names.cc; compiler/cxx_names_test.cc runs this
script and fails when a name it prints is not refused.
"""
import argparse
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

GENERATED_INCLUDES = '#include <stddef.h>\n#include <stdint.h>\n#include "pto_orchestration_api.h"\n'

# The include directories the PTO runtime's own build gives an orchestration
# (src/<arch>/runtime/tensormap_and_ringbuffer/build_config.py), and those of
# the headers they include from src/common and the platform.
def simpler_include_sets(src):
    for arch in ("a2a3", "a5"):
        runtime = src / arch / "runtime" / "tensormap_and_ringbuffer"
        yield arch, [runtime / "runtime", runtime / "orchestration", runtime / "common",
                     runtime.parent, src / "common" / "task_interface",
                     src / arch / "platform" / "include", src / "common" / "platform" / "include",
                     src / "common"]


def refused_by_rule(name):
    return re.match(r"_[A-Z_]", name) is not None or "__" in name


def macro_names(cxx, std, include_dirs):
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.cc"
        probe.write_text(GENERATED_INCLUDES)
        command = shlex.split(cxx) + [f"-std={std}", "-dM", "-E"]
        command += [f"-I{d}" for d in include_dirs] + [str(probe)]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"header_macros.py: {' '.join(command)} failed:\n{result.stderr}")
    names = set()
    for line in result.stdout.splitlines():
        m = re.match(r"#define ([A-Za-z_][A-Za-z0-9_]*)", line)
        if m and not refused_by_rule(m.group(1)):
            names.add(m.group(1))
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cxx", action="append", help="compiler command (repeatable)")
    parser.add_argument("--std", action="append", help="dialect (repeatable)")
    parser.add_argument("--runtime-abi", type=Path, help="directory of runtime_abi's header")
    parser.add_argument("--simpler", type=Path, help="the PTO runtime's src directory")
    args = parser.parse_args()
    include_sets = []
    if args.runtime_abi:
        include_sets.append(("runtime_abi", [args.runtime_abi]))
    if args.simpler:
        include_sets.extend(simpler_include_sets(args.simpler))
    if not include_sets:
        parser.error("give --runtime-abi, --simpler or both")
    names = set()
    for cxx in args.cxx or ["c++"]:
        for std in args.std or ["c++17", "gnu++17"]:
            for _, dirs in include_sets:
                names |= macro_names(cxx, std, dirs)
    sys.stdout.write("".join(name + "\n" for name in sorted(names)))


if __name__ == "__main__":
    main()
