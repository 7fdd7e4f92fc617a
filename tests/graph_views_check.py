#!/usr/bin/env python3
"""Checks the views of `taskc graph` on a decoder layer of 100+ task sites.

--collapse loops must fold every outermost loop into one node that counts
its tasks, keep every dependence between the stages (each folded loop lies
on a path from the input `x` to the output `y`) and shrink the graph by at
least COLLAPSE_FACTOR (and, with Graphviz, its rendered width by
WIDTH_FACTOR). --focus NAME must keep exactly the tasks that touch the
tensor NAME or a view of it, or that call the kernel NAME. The "may
overlap" edges must link a key-cache slot the layer writes with the
chunk's blocks attention reads, and never link views the checker can prove
apart (the slots and the cached rows before the chunk), views of two
buffers, or two views only read. Also: --rankdir, the usage errors, the
overlap edges of a program in testdata, and byte-identical reruns.

Every graph goes through graph_check.py's structural check and, when
Graphviz's `dot` is on PATH, is rendered by it.
"""
import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from graph_check import DotError, check_graph, report, run, unescape  # noqa: E402

# Measured on tests/graph/decoder_layer.kir: 108 task sites, 280 nodes
# drawn, 43 with --collapse loops (a factor of 6.5); rendered 11,842 pt
# wide, 2,952 pt folded (Graphviz 2.43). The checks leave room for changes
# in what the neighbourhood of a loop draws.
COLLAPSE_FACTOR = 5
WIDTH_FACTOR = 3
DATA_LABELS = ("IN", "OUT", "INOUT")


def graph_of(taskc, kir, *options, dot_exe=None):
    """taskc graph with options: (DOT text, parsed graph); the same bytes twice."""
    label = " ".join([kir.name, *options])
    r = run(taskc, "graph", str(kir), *options)
    if r.returncode != 0:
        raise DotError(f"{label}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
    if run(taskc, "graph", str(kir), *options).stdout != r.stdout:
        raise DotError(f"{label}: two runs differ")
    text = r.stdout.decode("ascii")
    return text, check_graph(text, dot_exe, label)


def labels(graph):
    return {name: unescape(attrs.get("label", "")) for name, attrs in graph.nodes.items()}


def tasks(graph):
    return {n for n in graph.nodes if n.startswith("task")}


def overlaps(graph):
    return [(a, b) for a, b, attrs in graph.edges if attrs.get("label") == "may overlap"]


def data_edges(graph):
    return [(a, b, attrs["label"]) for a, b, attrs in graph.edges
            if attrs.get("label") in DATA_LABELS]


def view_base(graph):
    """{view: the tensor it slices or reshapes}."""
    return {b: a for a, b, attrs in graph.edges if attrs.get("label") in ("slice", "reshape")}


def root_of(node, base):
    while node in base:
        node = base[node]
    return node


def within(node, ancestor, base):
    """Whether `node` is `ancestor` or a view of it, through any depth."""
    while node != ancestor and node in base:
        node = base[node]
    return node == ancestor


def node_named(graph, name):
    """The node whose label's first line is `name`."""
    found = [n for n, lab in labels(graph).items() if lab.split("\n")[0] == name]
    if len(found) != 1:
        raise DotError(f"{len(found)} nodes named {name!r}")
    return found[0]


def reachable(edges, start):
    seen, todo = {start}, [start]
    while todo:
        n = todo.pop()
        for a, b, _ in edges:
            if a == n and b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def check_collapse(taskc, kir, full, dot_exe, failures):
    source = kir.read_text(encoding="utf-8")
    outermost_loops = len(re.findall(r"^  for ", source, re.M))
    text, folded = graph_of(taskc, kir, "--collapse", "loops", dot_exe=dot_exe)
    names = labels(folded)
    collapsed = [n for n in folded.nodes if n.startswith("collapsed")]
    counted = sum(int(re.search(r"^(\d+) tasks?$", names[n], re.M).group(1)) for n in collapsed)
    factor = len(full.nodes) / max(1, len(folded.nodes))
    print(f"decoder: {len(tasks(full))} tasks, {len(full.nodes)} nodes; --collapse loops: "
          f"{len(folded.nodes)} nodes (factor {factor:.1f})")
    if len(collapsed) != outermost_loops:
        failures.append(f"--collapse loops: {len(collapsed)} folded nodes for "
                        f"{outermost_loops} outermost loops")
    if counted + len(tasks(folded)) != len(tasks(full)):
        failures.append(f"--collapse loops: folded nodes count {counted} tasks, "
                        f"{len(tasks(folded))} stay, the full graph has {len(tasks(full))}")
    if factor < COLLAPSE_FACTOR:
        failures.append(f"--collapse loops: {len(full.nodes)} nodes to {len(folded.nodes)}, "
                        f"a factor {factor:.1f} < {COLLAPSE_FACTOR}")
    if folded.clusters != 0 or "\\nloops collapsed\"" not in text:
        failures.append("--collapse loops: a cluster is left, or the title does not say so")
    # Every stage still depends on the input and feeds the output.
    edges = data_edges(folded)
    x, y = node_named(folded, "x"), node_named(folded, "y")
    for n in collapsed:
        if n not in reachable(edges, x) or y not in reachable(edges, n):
            failures.append(f"--collapse loops: {names[n]!r} is not between x and y")
    _, scopes = graph_of(taskc, kir, "--collapse", "scopes", dot_exe=dot_exe)
    if scopes.clusters != 0 or len(scopes.nodes) > len(folded.nodes):
        failures.append("--collapse scopes: a cluster is left, or more than loops draws")
    if dot_exe:
        check_widths(dot_exe, taskc, kir, failures)


def check_widths(dot_exe, taskc, kir, failures):
    widths = []
    for options in ((), ("--collapse", "loops")):
        text = run(taskc, "graph", str(kir), *options).stdout
        svg = subprocess.run([dot_exe, "-Tsvg"], input=text, capture_output=True).stdout
        m = re.search(rb'<svg width="(\d+)pt"', svg)
        widths.append(int(m.group(1)) if m else 0)
    print(f"decoder: rendered {widths[0]} pt wide; --collapse loops: {widths[1]} pt")
    if not 0 < widths[1] * WIDTH_FACTOR <= widths[0]:
        failures.append(f"--collapse loops: rendered widths {widths}, expected a factor "
                        f"{WIDTH_FACTOR}")


def check_focus(taskc, kir, full, dot_exe, failures):
    base = view_base(full)
    names = labels(full)
    key_cache = node_named(full, "key_cache")
    touching = {t for a, b, _ in data_edges(full) for t, other in ((a, b), (b, a))
                if t.startswith("task") and within(other, key_cache, base)}
    kernels = {re.match(r"task \d+: (\w+)", names[t]).group(1) for t in touching}
    if not {"cache_write", "attn_qk"} <= kernels or "attn_pv" in kernels:
        failures.append(f"--focus key_cache: the tasks touching it call {sorted(kernels)}")
    _, focus = graph_of(taskc, kir, "--focus", "key_cache", dot_exe=dot_exe)
    if tasks(focus) != touching:
        failures.append(f"--focus key_cache: keeps {sorted(tasks(focus) ^ touching)} "
                        f"otherwise than the tasks touching it")
    if any(full.nodes.get(n) != attrs for n, attrs in focus.nodes.items()):
        failures.append("--focus key_cache: a node the full graph draws otherwise")
    # What the kept tasks touch is kept, with what it views.
    touched = {other for a, b, _ in data_edges(full) for t, other in ((a, b), (b, a))
               if t in touching}
    missing = {n for n in touched if n not in focus.nodes or base.get(n, n) not in focus.nodes}
    if missing:
        failures.append(f"--focus key_cache: drops {sorted(missing)}")
    writers = {t for t in tasks(full) if ": cache_write\n" in names[t]}
    _, by_kernel = graph_of(taskc, kir, "--focus", "cache_write", dot_exe=dot_exe)
    if tasks(by_kernel) != writers or len(writers) != 4:
        failures.append(f"--focus cache_write: keeps {sorted(tasks(by_kernel))}, "
                        f"the kernel's tasks are {sorted(writers)}")


def check_overlaps(full, failures):
    base = view_base(full)
    names = labels(full)
    written = {b for a, b, label in data_edges(full) if label == "OUT"}
    written |= {a for a, b, label in data_edges(full) if label == "INOUT"}
    pairs = overlaps(full)
    new_keys, past_keys = node_named(full, "new_keys"), node_named(full, "past_keys")
    slots = {b for a, b, label in data_edges(full)
             if label == "OUT" and ": cache_write\n" in names[a] and within(b, new_keys, base)}
    blocks = {a for a, b, label in data_edges(full)
              if label == "IN" and ": attn_qk\n" in names[b]}
    linked = [(a, b) for a, b in pairs
              if (a in slots and b in blocks) or (b in slots and a in blocks)]
    if len(slots) != 2 or not linked:
        failures.append("no 'may overlap' edge between a key-cache slot written and a block "
                        "attention reads")
    print(f"decoder: {len(pairs)} 'may overlap' edges")
    seen = set()
    for a, b in pairs:
        what = f"'may overlap' {names[a].splitlines()[-1]} -- {names[b].splitlines()[-1]}"
        if a == b or frozenset((a, b)) in seen:
            failures.append(f"{what}: on itself or twice")
        seen.add(frozenset((a, b)))
        if root_of(a, base) != root_of(b, base):
            failures.append(f"{what}: views of two buffers")
        if a not in written and b not in written:
            failures.append(f"{what}: both only read")
        if ({a, b} & slots) and any(within(n, past_keys, base) for n in (a, b)):
            failures.append(f"{what}: the slots and the rows before the chunk are apart")
    past_blocks = {n for n in blocks if within(n, past_keys, base)}
    if not past_blocks:
        failures.append("the decoder reads no block of past_keys")


def check_rankdir(taskc, kir, dot_exe, failures):
    text, _ = graph_of(taskc, kir, "--rankdir", "LR", dot_exe=dot_exe)
    default = run(taskc, "graph", str(kir)).stdout.decode("ascii")
    top_down = run(taskc, "graph", str(kir), "--rankdir", "TB").stdout.decode("ascii")
    if ", rankdir=LR];" not in text or "rankdir" in default or top_down != default:
        failures.append("--rankdir: LR not in the graph, or TB is not the default")


def check_option_errors(taskc, kir, failures):
    """Usage errors: exit 2, one clear line, nothing written."""
    cases = [
        (["--focus", "key_cach"], "did you mean 'key_cache'?"),
        (["--focus", "attn_q"], "did you mean 'attn_qk'?"),
        (["--focus", "nothing_like_this"], "has no tensor, kernel or group named"),
        (["--focus", ""], "--focus"),
        (["--collapse", "branches"], "--collapse"),
        (["--rankdir", "BT"], "--rankdir"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "g.dot"
        for options, expected in cases:
            r = run(taskc, "graph", str(kir), "-o", str(out), *options)
            err = r.stderr.decode(errors="replace")
            if r.returncode != 2 or expected not in err or not err.startswith("taskc: error:") \
                    or err.count("\n") != 1 or out.exists():
                failures.append(f"{options}: exit {r.returncode}, {err!r}")


def check_testdata_overlaps(taskc, kir, failures):
    """nested_scopes_pipeline: y_first and the loop's slices of y may meet."""
    _, graph = graph_of(taskc, kir)
    names = labels(graph)
    pairs = {tuple(sorted((names[a].split("\n")[0], names[b].split("\n")[0])))
             for a, b in overlaps(graph)}
    if pairs != {("tensor.slice(y, [n2, D], [r1, 0])", "y_first")}:
        failures.append(f"{kir.name}: 'may overlap' edges {sorted(pairs)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--decoder", required=True, type=Path)
    ap.add_argument("--testdata", required=True, type=Path,
                    help="testdata/valid/nested_scopes_pipeline.kir")
    ap.add_argument("--dot", default=shutil.which("dot"),
                    help="Graphviz dot (default: found on PATH; none: structural check only)")
    args = ap.parse_args()
    dot_exe = args.dot or None
    failures = []
    try:
        _, full = graph_of(args.taskc, args.decoder, dot_exe=dot_exe)
        sites = len(re.findall(r"\bcall\s+\w+\(", args.decoder.read_text(encoding="utf-8")))
        if len(tasks(full)) != sites or sites < 100:
            failures.append(f"decoder: {len(tasks(full))} task nodes for {sites} call sites")
        check_collapse(args.taskc, args.decoder, full, dot_exe, failures)
        check_focus(args.taskc, args.decoder, full, dot_exe, failures)
        check_overlaps(full, failures)
        check_rankdir(args.taskc, args.decoder, dot_exe, failures)
        check_testdata_overlaps(args.taskc, args.testdata, failures)
    except (DotError, UnicodeDecodeError, AttributeError) as e:
        failures.append(str(e))
    check_option_errors(args.taskc, args.decoder, failures)
    return report(failures, "graph views checked", dot_exe)


if __name__ == "__main__":
    sys.exit(main())
