#!/usr/bin/env python3
"""Every .kir program of the repository is formatted: `taskc fmt --diff`
finds nothing to change in the .kir files under testdata/, examples/ and
tests/, nor in the ```kir blocks of the Markdown pages (docs/*.md and the
README files). A ```kir block is a whole module; fragments of a program use
plain ``` blocks.

Skipped: the fuzz corpora and regressions (whatever a fuzzer produced), and
the files of testdata/invalid/ that do not parse (their mistake is the
syntax). A file anywhere else that does not parse is a failure.
"""
import argparse
import pathlib
import re
import subprocess
import sys

KIR_ROOTS = ["testdata", "examples", "tests"]
FUZZ_DIRS = [("testdata", "fuzz-regressions"), ("tests", "fuzz")]
INVALID_DIR = ("testdata", "invalid")
MARKDOWN_GLOBS = ["*.md", "docs/*.md", "examples/*.md"]
KIR_BLOCK = re.compile(r"^```kir\n(.*?)^```\s*$", re.M | re.S)


def kir_files(root):
    for top in KIR_ROOTS:
        for path in sorted((root / top).rglob("*.kir")):
            parts = path.relative_to(root).parts
            if any(parts[:len(d)] == d for d in FUZZ_DIRS):
                continue
            yield path


def kir_blocks(root):
    """(label, text) of every ```kir block of the Markdown pages."""
    for pattern in MARKDOWN_GLOBS:
        for page in sorted(root.glob(pattern)):
            text = page.read_text(encoding="utf-8")
            for match in KIR_BLOCK.finditer(text):
                line = text.count("\n", 0, match.start()) + 2
                label = "%s:%d" % (page.relative_to(root), line)
                yield label, match.group(1).encode("utf-8")


def fmt_diff(taskc, args, stdin=None):
    proc = subprocess.run([taskc, "fmt", "--diff"] + args, input=stdin,
                          capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    root = pathlib.Path(args.root).resolve()

    failures = []
    checked = skipped = 0
    for path in kir_files(root):
        rel = path.relative_to(root)
        code, diff, err = fmt_diff(args.taskc, [str(path)])
        if code == 0:
            checked += 1
        elif code == 1 and diff:
            failures.append("%s is not formatted:\n%s" % (rel, diff))
        elif code == 1 and rel.parts[:2] == INVALID_DIR:
            skipped += 1  # a syntax error is what this case tests
        else:
            failures.append("%s: taskc fmt exit %d\n%s" % (rel, code, err))
    blocks = 0
    for label, text in kir_blocks(root):
        blocks += 1
        code, diff, err = fmt_diff(args.taskc, ["-"], text)
        if code != 0:
            failures.append("the ```kir block at %s is not formatted "
                            "(exit %d):\n%s%s" % (label, code, diff, err))
    for failure in failures:
        print("FAIL", failure)
    print("%d files formatted, %d ```kir blocks, %d invalid files skipped "
          "(syntax errors), %d failures" % (checked, blocks, skipped, len(failures)))
    if not checked or not blocks:
        print("FAIL: found nothing to check under", root)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
