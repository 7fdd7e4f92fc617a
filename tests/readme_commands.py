#!/usr/bin/env python3
"""The README opens with exactly two shell commands (install + build + run an
example; the whole test suite), and .ci/run runs both of them verbatim."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
readme = (root / "README.md").read_text()
blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
ci = (root / ".ci" / "run").read_text()
problems = []
if len(blocks) < 2 or readme.find("```sh") > readme.find("\n\n", readme.find("# taskc")) + 2:
    problems.append("README.md must open with two ```sh command blocks")
for block in blocks[:2]:
    if "\n" in block.strip():
        problems.append("a README command spans several lines: %r" % block)
    if block.strip() not in ci:
        problems.append(".ci/run does not run the README command: %r" % block.strip())
for p in problems:
    print("FAIL", p)
print("%d passed, %d failed" % (0 if problems else 1, 1 if problems else 0))
sys.exit(1 if problems else 0)
