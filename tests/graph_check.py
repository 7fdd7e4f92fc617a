#!/usr/bin/env python3
"""Checks `taskc graph`: the DOT it writes for every valid program parses.

Every graph gets a structural check written here (a small DOT parser:
balanced braces, well-formed quoted strings in plain ASCII, unique node ids,
every edge endpoint declared). When Graphviz's `dot` is on PATH, each graph
is also rendered with `dot -Tsvg`, which must succeed without a message and
draw exactly the nodes the structural check found.

A hostile program (an @source path and an input file name full of DOT
syntax, names that are DOT keywords) must give a graph with the same
structure as a plain twin, with the path shown verbatim in its tooltip.
Also checks the command's behaviour: -o, unchanged outputs, stdin, errors.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PUNCT = ("->", "--", "{", "}", "[", "]", ";", ",", "=")


class DotError(Exception):
    pass


def tokenize(text):
    """[(kind, value)] with kind in 'id', 'str', 'punct'."""
    tokens = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            at_line_start = True
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#" and at_line_start:
            while i < n and text[i] != "\n":
                i += 1
            continue
        at_line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise DotError("unterminated comment")
            i = end + 2
            continue
        if c == '"':
            j = i + 1
            value = []
            while True:
                if j >= n:
                    raise DotError("unterminated string")
                ch = text[j]
                if ch == "\n" or not (0x20 <= ord(ch) < 0x7F):
                    raise DotError(f"string holds byte {ord(ch):#x} at offset {j}")
                if ch == '"':
                    break
                if ch == "\\":
                    if j + 1 >= n or text[j + 1] == "\n":
                        raise DotError("backslash at the end of a string line")
                    value.append(text[j:j + 2])
                    j += 2
                    continue
                value.append(ch)
                j += 1
            tokens.append(("str", "".join(value)))
            i = j + 1
            continue
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)").match(text, i)
        if m:
            tokens.append(("id", m.group(0)))
            i = m.end()
            continue
        for p in PUNCT:
            if text.startswith(p, i):
                tokens.append(("punct", p))
                i += len(p)
                break
        else:
            raise DotError(f"unexpected character {c!r} at offset {i}")
    return tokens


class Graph:
    def __init__(self):
        self.nodes = {}  # id -> {attr: raw string value}
        self.edges = []  # (from, to, attrs)
        self.clusters = 0


def parse(text):
    """Parses the subset of DOT that taskc writes; raises DotError."""
    toks = tokenize(text)
    pos = 0
    graph = Graph()

    def peek(k=0):
        return toks[pos + k] if pos + k < len(toks) else ("eof", "")

    def take(kind=None, value=None):
        nonlocal pos
        tok = peek()
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise DotError(f"expected {value or kind}, found {tok}")
        pos += 1
        return tok

    def attr_list():
        attrs = {}
        take("punct", "[")
        while peek() != ("punct", "]"):
            key = take("id")[1]
            take("punct", "=")
            tok = peek()
            if tok[0] not in ("id", "str"):
                raise DotError(f"attribute {key} has no value")
            take()
            attrs[key] = tok[1]
            if peek()[0] == "punct" and peek()[1] in (",", ";"):
                take()
        take("punct", "]")
        return attrs

    def stmt_list(depth):
        while peek() != ("punct", "}"):
            tok = peek()
            if tok == ("eof", ""):
                raise DotError("unbalanced braces: missing '}'")
            if tok == ("id", "subgraph"):
                take()
                if not peek()[1].startswith("cluster_"):
                    raise DotError("subgraph without a cluster id")
                take("id")
                take("punct", "{")
                graph.clusters += 1
                stmt_list(depth + 1)
                take("punct", "}")
            elif tok[0] == "id" and tok[1] in ("graph", "node", "edge"):
                take()
                attr_list()
            elif tok[0] == "id" and peek(1) == ("punct", "="):
                take()
                take()
                take()
            elif tok[0] == "id" and peek(1) == ("punct", "->"):
                a = take("id")[1]
                take("punct", "->")
                b = take("id")[1]
                attrs = attr_list() if peek() == ("punct", "[") else {}
                graph.edges.append((a, b, attrs))
            elif tok[0] == "id":
                name = take("id")[1]
                if name in graph.nodes:
                    raise DotError(f"node {name} declared twice")
                graph.nodes[name] = attr_list() if peek() == ("punct", "[") else {}
            else:
                raise DotError(f"unexpected {tok}")
            if peek() == ("punct", ";"):
                take()

    take("id", "digraph")
    if peek()[0] == "id":
        take()
    take("punct", "{")
    stmt_list(0)
    take("punct", "}")
    if pos != len(toks):
        raise DotError("text after the graph's closing brace")
    for a, b, _ in graph.edges:
        for end in (a, b):
            if end not in graph.nodes:
                raise DotError(f"edge {a} -> {b}: {end} is not declared")
    return graph


def unescape(value, times=1):
    """A DOT string's text as displayed: \\" and \\\\ undone, \\n a newline
    (twice for a tooltip, which Graphviz unescapes twice), &amp; an ampersand."""
    for _ in range(times):
        value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value)
    return value.replace("&amp;", "&")


def masked(text):
    """The token stream with string contents hidden (structure only)."""
    return [(k, "<str>" if k == "str" else v) for k, v in tokenize(text)]


def render(dot_exe, text):
    """Renders with dot; returns the node ids drawn. Raises on any message."""
    r = subprocess.run([dot_exe, "-Tsvg"], input=text.encode(), capture_output=True)
    if r.returncode != 0 or r.stderr:
        raise DotError(f"dot -Tsvg failed ({r.returncode}): {r.stderr.decode(errors='replace')}")
    svg = r.stdout.decode()
    return set(re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', svg))


def check_graph(text, dot_exe, label):
    graph = parse(text)
    if dot_exe:
        drawn = render(dot_exe, text)
        if drawn != set(graph.nodes):
            raise DotError(f"{label}: dot drew {sorted(drawn ^ set(graph.nodes))} differently")
    return graph


def report(failures, what, dot_exe):
    """Prints each failure and a summary line; the exit status."""
    for f in failures:
        print("FAIL:", f)
    print(f"{what} ({'dot -Tsvg and ' if dot_exe else ''}structure); {len(failures)} failure(s)")
    return 1 if failures else 0


def run(taskc, *args, stdin=None, cwd=None):
    return subprocess.run([taskc, *args], input=stdin, capture_output=True, cwd=cwd)


HOSTILE_PATH = r'k"}; evil -> x [label="\N\G \" /* // # <b>|{' + "\u00e9\U0001f642}"
PROGRAM = """module hostile;
dim N;
@source("{path}")
kernel aiv node(in graph: Tensor[[N], FP32], out edge: Tensor[[N], FP32]);
kernel aic subgraph(inout digraph: Tensor[[N], FP32]);
orchestration strict(in node_in: Tensor[[N], FP32], out edge_out: Tensor[[N], FP32]) {{
  let edge = tensor.create([N], FP32);
  call node(node_in, edge);
  for cluster_0 in range(2) {{
    call subgraph(edge);
  }}
  call node(edge, edge_out);
}}
"""


def check_hostile(taskc, dot_exe, failures):
    with tempfile.TemporaryDirectory() as tmp:
        # The .kir string escapes: \" and \\ stay as they are in the path.
        kir_path = HOSTILE_PATH.replace("\\", "\\\\").replace('"', '\\"')
        # A file name with a newline, quotes and DOT syntax in it.
        evil = Path(tmp) / 'in"}\n digraph { x -> y ;\\.kir'
        plain = Path(tmp) / "plain.kir"
        evil.write_text(PROGRAM.format(path=kir_path), encoding="utf-8")
        plain.write_text(PROGRAM.format(path="kernels/aiv/node.cpp"), encoding="utf-8")
        outs = {}
        for name, path in (("hostile", evil), ("plain", plain)):
            r = run(taskc, "graph", str(path))
            if r.returncode != 0:
                failures.append(f"{name}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
                return
            outs[name] = r.stdout.decode("ascii")
        try:
            graph = check_graph(outs["hostile"], dot_exe, "hostile")
            check_graph(outs["plain"], dot_exe, "plain")
        except (DotError, UnicodeDecodeError) as e:
            failures.append(f"hostile: {e}")
            return
        if masked(outs["hostile"]) != masked(outs["plain"]):
            failures.append("hostile: the graph's structure differs from its plain twin")
        # The path is shown as written; non-ASCII bytes as \xHH text.
        shown = "".join(c if ord(c) < 0x80 else "".join(f"\\x{b:02x}" for b in c.encode())
                        for c in HOSTILE_PATH)
        tooltips = [unescape(a.get("tooltip", ""), times=2) for a in graph.nodes.values()]
        if not any(shown in t for t in tooltips):
            failures.append(f"hostile: no tooltip shows the @source path {shown!r}: {tooltips}")
        if "\n" in outs["hostile"].splitlines()[0]:
            failures.append("hostile: the header comment spans lines")


def check_command(taskc, kir, failures):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "g.dot"
        r = run(taskc, "graph", str(kir), "-o", str(out))
        if r.returncode != 0 or not out.is_file() or r.stdout:
            failures.append(f"-o: exit {r.returncode}, stdout {r.stdout[:80]!r}")
            return
        expected = run(taskc, "graph", str(kir)).stdout
        if out.read_bytes() != expected:
            failures.append("-o writes other bytes than standard output")
        os.utime(out, (1_000_000, 1_000_000))
        run(taskc, "graph", str(kir), "-o", str(out))
        if out.stat().st_mtime != 1_000_000:
            failures.append("-o rewrote an output whose bytes did not change")
        r = run(taskc, "graph", "-", stdin=kir.read_bytes())
        if r.returncode != 0 or b"<stdin>" not in r.stdout:
            failures.append(f"stdin: exit {r.returncode}")
        bad = Path(tmp) / "bad.kir"
        bad.write_text("module bad;\norchestration o() { call nothing(); }\n")
        r = run(taskc, "graph", str(bad), "-o", str(Path(tmp) / "bad.dot"))
        if r.returncode != 1 or b"E0201" not in r.stderr or (Path(tmp) / "bad.dot").exists():
            failures.append(f"an invalid input: exit {r.returncode}, {r.stderr[:200]!r}")
        r = run(taskc, "graph", str(Path(tmp) / "missing.kir"))
        if r.returncode != 3:
            failures.append(f"a missing input: exit {r.returncode}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--dir", required=True, type=Path)
    ap.add_argument("--dot", default=shutil.which("dot"),
                    help="Graphviz dot (default: found on PATH; none: structural check only)")
    args = ap.parse_args()
    dot_exe = args.dot or None
    failures = []
    programs = sorted(args.dir.glob("*.kir"))
    if not programs:
        failures.append(f"no .kir files in {args.dir}")
    for kir in programs:
        r = run(args.taskc, "graph", str(kir))
        if r.returncode != 0:
            failures.append(f"{kir.name}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
            continue
        try:
            text = r.stdout.decode("ascii")
            graph = check_graph(text, dot_exe, kir.name)
            if not any(n.startswith("task") for n in graph.nodes) and "scalar_only" not in kir.name:
                failures.append(f"{kir.name}: no task node")
            again = run(args.taskc, "graph", str(kir)).stdout.decode("ascii")
            if again != text:
                failures.append(f"{kir.name}: two runs differ")
        except (DotError, UnicodeDecodeError) as e:
            failures.append(f"{kir.name}: {e}")
    check_hostile(args.taskc, dot_exe, failures)
    if programs:
        check_command(args.taskc, programs[0], failures)
    return report(failures, f"{len(programs)} graphs checked", dot_exe)


if __name__ == "__main__":
    sys.exit(main())
