#!/usr/bin/env python3
"""Writes a generated orchestration without some of its dependencies, as an
older lowering would have produced it: every entry of a `task_N_deps` array
that matches --drop (a regular expression) is removed.

    strip_deps.py IN.cpp OUT.cpp --drop 'alloc_\\d+\\.task_id\\(\\)'
"""
import argparse
import re
import sys

DEPS = re.compile(r"^(\s*PTO2TaskId task_\d+_deps\[\] = \{)(.*)(\};)$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--drop", action="append", required=True)
    args = ap.parse_args()
    drops = [re.compile(d) for d in args.drop]
    out, removed = [], 0
    for line in open(args.input, encoding="utf-8").read().splitlines(True):
        m = DEPS.match(line.rstrip("\n"))
        if m:
            entries = [e.strip() for e in m.group(2).split(",")]
            kept = [e for e in entries if not any(d.fullmatch(e) for d in drops)]
            removed += len(entries) - len(kept)
            # An empty array is not C++; an invalid id is left out at run time.
            line = m.group(1) + (", ".join(kept) or "PTO2TaskId::invalid()") + m.group(3) + "\n"
        out.append(line)
    if removed == 0:
        print("strip_deps.py: nothing matched", args.drop, file=sys.stderr)
        return 1
    open(args.output, "w", encoding="utf-8").write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
