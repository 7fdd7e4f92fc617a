#!/usr/bin/env python3
"""Writes a realistic, valid .kir program of a given size (for benchmarks).

    tools/gen_kir.py --sites 10000 -o /tmp/g10k.kir            # 10k call sites
    tools/gen_kir.py --shape decode -o /tmp/decode.kir         # decode-like
    tools/gen_kir.py --kernels 64 --sites 1000 --seed 7 -o -   # to stdout

The program declares K kernels (2-9 tensor parameters with mixed directions,
0-3 scalars, aic and aiv, some `@dual_aiv`, some paired into groups) and one
orchestration whose body holds S `call` statements in nested `for` loops,
`scope`s, `if`/`else` branches and a few `scope manual` blocks with `deps`.
Tensors are created, written by a task, then read by later tasks; entry
tensors are used through slices. The output is a function of the arguments
only (same seed, same bytes) and passes `taskc check` without errors:
every kernel and entry `out` tensor is used, no created tensor is read
before a task wrote it, no two outputs of a task view one entry tensor.
(A task may still read and write the same entry view through two
arguments: the aliased-arguments warning, a few per 10,000 call sites.)

`--shape decode` is the shape of the largest real decode orchestration:
370 kernels, 370 call sites, 90 entry tensors, 13 entry scalars.
"""

import argparse
import random
import sys

# Names of this form that C++ compilers predefine as macros (taskc refuses
# them, E0205).
PREDEFINED_MACROS = {"i386", "i486", "i586", "i686", "t386"}

# Tensor classes: (alias, local shape, dtype, entry shape, slice shape or None
# when the entry tensor is used whole, offsets template). `{r}` is a row
# offset (a multiple of TILE).
CLASSES = [
    ("ActTile", "[TILE, H]", "BF16", "[ROWS, H]", "[TILE, H]", "[{r}, 0]"),
    ("AccTile", "[TILE, H]", "FP32", "[ROWS, H]", "[TILE, H]", "[{r}, 0]"),
    ("Weight", "[H, H]", "BF16", "[H, H]", None, None),
    ("RowVec", "[TILE]", "FP32", "[ROWS]", "[TILE]", "[{r}]"),
    ("Scores", "[TILE, KV]", "FP32", "[ROWS, KV]", "[TILE, KV]", "[{r}, 0]"),
]
SCALAR_DTYPES = ["FP32", "INT32", "INDEX", "UINT32"]
DECODE = dict(kernels=370, sites=370, entry_tensors=90, entry_scalars=13)


class Block:
    """Names visible in one block: tensors by class, split by state."""

    def __init__(self, parent, loop_var=None, manual=False):
        self.parent = parent
        self.loop_var = loop_var or (parent.loop_var if parent else None)
        self.manual = manual or (parent.manual if parent else False)
        self.fresh = [[] for _ in CLASSES]    # created, not yet written
        self.written = [[] for _ in CLASSES]  # created and written
        self.task_ids = []                    # manual scope: bound task ids
        # Manual scope: the task that last wrote each tensor and the tasks
        # that read it since, which a later task touching it must wait for.
        self.writer = {}
        self.readers = {}

    def visible_written(self, c):
        b, out = self, []
        while b is not None:
            out.extend(b.written[c])
            b = b.parent
        return out


class Generator:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.args = args
        self.out = []
        self.counter = 0
        self.sites = 0

    def name(self, prefix):
        self.counter += 1
        if "%s%d" % (prefix, self.counter) in PREDEFINED_MACROS:
            self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def emit(self, depth, text):
        self.out.append("  " * depth + text + "\n")

    # ---- declarations -------------------------------------------------
    def tensor_type(self, c):
        # Half the parameters spell the alias, half the type itself.
        alias, shape, dtype = CLASSES[c][:3]
        if self.rng.random() < 0.5:
            return alias
        return "Tensor[%s, %s]" % (shape, dtype)

    def make_params(self, core, force_out=None):
        """force_out: a class this kernel must write (no inout then)."""
        rng = self.rng
        n_tensors = rng.randint(2, 9)
        params = []
        classes = [rng.randrange(len(CLASSES)) for _ in range(n_tensors)]
        if core == "aic":  # matmul-like: a weight operand
            classes[0] = 2
        n_out = rng.randint(1, max(1, n_tensors // 3))
        dirs = ["in"] * (n_tensors - n_out) + ["out"] * n_out
        rng.shuffle(dirs)
        if force_out is not None:
            classes[-1], dirs[-1] = force_out, "out"
        elif n_tensors > 3 and rng.random() < 0.3:
            dirs[dirs.index("in")] = "inout"
        for i in range(n_tensors):
            params.append(("t", "a%d" % i, dirs[i], classes[i],
                           self.tensor_type(classes[i])))
        for j in range(rng.randint(0, 3)):
            params.append(("s", "s%d" % j, None, rng.choice(SCALAR_DTYPES), None))
        return params

    @staticmethod
    def param_text(p):
        kind, pname, direction, cls, ttext = p
        if kind == "s":
            return "%s: Scalar[%s]" % (pname, cls)
        return "%s %s: %s" % (direction, pname, ttext)

    def declare(self):
        a, rng = self.args, self.rng
        self.emit(0, "# Generated by tools/gen_kir.py --kernels %d --sites %d "
                  "--entry-tensors %d --entry-scalars %d --seed %d"
                  % (a.kernels, a.sites, a.entry_tensors, a.entry_scalars, a.seed))
        self.emit(0, "module %s(target = \"a2a3\");" % a.module)
        self.emit(0, "")
        self.emit(0, "dim ROWS;  # bound from the first row-major entry tensor")
        self.emit(0, "const TILE = 64;")
        self.emit(0, "const H = 128;")
        self.emit(0, "const KV = 256;")
        for c in CLASSES:
            self.emit(0, "type %s = Tensor[%s, %s];" % (c[0], c[1], c[2]))
        self.emit(0, "")
        # Kernels; about one in eight pairs of (aic, aiv) becomes a group.
        self.callables = []  # (name, params, is_group)
        k = 0
        while k < a.kernels:
            if k >= len(CLASSES) and k + 1 < a.kernels and rng.random() < 0.12:
                params = self.make_params("aic")
                ka, kv, g = "k%d_aic" % k, "k%d_aiv" % (k + 1), "g%d" % k
                text = ", ".join(self.param_text(p) for p in params)
                self.emit(0, "kernel aic %s(%s);" % (ka, text))
                dual = rng.random() < 0.5
                if dual:
                    self.emit(0, "@dual_aiv")
                self.emit(0, "kernel aiv %s(%s);" % (kv, text))
                self.emit(0, "group %s(%s) {" % (g, text))
                self.emit(1, "aic %s;" % ka)
                self.emit(1, "aiv %s;" % kv)
                self.emit(0, "}")
                self.callables.append((g, params))
                k += 2
                continue
            core = "aic" if rng.random() < 0.35 else "aiv"
            # The first kernels write one class each (see produce()).
            params = self.make_params(core, k if k < len(CLASSES) else None)
            name = "k%d_%s" % (k, core)
            if rng.random() < 0.3:
                self.emit(0, "@source(\"kernels/%s/%s.cpp\")" % (core, name))
            if core == "aiv" and rng.random() < 0.1:
                self.emit(0, "@dual_aiv")
            text = ", ".join(self.param_text(p) for p in params)
            self.emit(0, "kernel %s %s(%s);" % (core, name, text))
            self.callables.append((name, params))
            k += 1
        self.emit(0, "")

    def declare_entry(self):
        a, rng = self.args, self.rng
        # Entry tensors: class round robin (so every class has an `in` one),
        # mostly `in`, some `inout`, a few `out`.
        self.entry_in = [[] for _ in CLASSES]     # readable (in, inout)
        self.entry_pure_in = [[] for _ in CLASSES]  # never written (in)
        self.entry_write = [[] for _ in CLASSES]  # writable (out, inout)
        self.unwritten_out = [[] for _ in CLASSES]
        params = []
        for i in range(a.entry_tensors):
            c = i % len(CLASSES)
            if i < len(CLASSES) or c == 2:
                d = "in"
            else:
                d = rng.choice(["in"] * 6 + ["inout"] * 2 + ["out"] * 2)
            name = "x%d" % i
            params.append("%s %s: Tensor[%s, %s]" % (d, name, CLASSES[c][3],
                                                     CLASSES[c][2]))
            if d in ("in", "inout"):
                self.entry_in[c].append(name)
            if d == "in":
                self.entry_pure_in[c].append(name)
            if d in ("out", "inout"):
                self.entry_write[c].append(name)
            if d == "out":
                self.unwritten_out[c].append(name)
        self.entry_scalars = {t: [] for t in SCALAR_DTYPES}
        for j in range(a.entry_scalars):
            t = SCALAR_DTYPES[j % len(SCALAR_DTYPES)]
            self.entry_scalars[t].append("p%d" % j)
            params.append("p%d: Scalar[%s]" % (j, t))
        self.emit(0, "orchestration %s(" % a.module)
        for p in params:
            self.emit(2, p + ",")
        self.emit(0, ") {")

    # ---- statements ---------------------------------------------------
    def row_offset(self, block):
        if block.loop_var and self.rng.random() < 0.8:
            return "%s * TILE" % block.loop_var
        return str(self.rng.randrange(4) * 64)

    def entry_view(self, block, name, c):
        alias, _, _, _, sshape, offs = CLASSES[c]
        if sshape is None:
            return name
        return "tensor.slice(%s, %s, %s)" % (
            name, sshape, offs.format(r=self.row_offset(block)))

    def create(self, block, depth, c):
        t = self.name("t")
        self.emit(depth, "let %s = tensor.create(%s, %s);"
                  % (t, CLASSES[c][1], CLASSES[c][2]))
        return t

    def scalar_arg(self, block, dtype):
        rng = self.rng
        if rng.random() < 0.4 and self.entry_scalars[dtype]:
            return rng.choice(self.entry_scalars[dtype])
        if dtype == "FP32":
            return rng.choice(["0.125", "1.0", "0.5", "1e-06"])
        if dtype == "INDEX" and block.loop_var and rng.random() < 0.6:
            return rng.choice([block.loop_var, "%s * TILE" % block.loop_var])
        return str(rng.randrange(64))

    def writable_entries(self, c, taken):
        return [e for e in self.entry_write[c] if e not in taken]

    def call(self, block, depth, callee=None):
        """A call. In a manual scope (where the runtime orders nothing by
        tensors) a task only touches tensors created in the scope and entry
        tensors nothing writes, and waits for the tasks it must follow."""
        rng = self.rng
        manual = block.manual
        if callee is None:  # every kernel and group is called at least once
            callee = self.pending.pop() if self.pending else rng.choice(self.callables)
        name, params = callee
        used = set()
        out_entries = set()  # entry tensors this task writes: one view each,
        args, written, read = [], [], []  # as two outputs must not overlap
        for kind, _, direction, cls, _ in params:
            if kind == "s":
                args.append(self.scalar_arg(block, cls))
                continue
            c = cls
            if direction == "in":
                pool = block.written[c] if manual else block.visible_written(c)
                pool = [t for t in pool if t not in used]
                if pool and rng.random() < 0.7:
                    t = rng.choice(pool)
                    used.add(t)
                    read.append(t)
                    args.append(t)
                else:
                    entries = self.entry_pure_in[c] if manual else self.entry_in[c]
                    args.append(self.entry_view(block, rng.choice(entries), c))
            elif direction == "out":
                fresh = [t for t in block.fresh[c] if t not in used]
                if fresh:  # a tensor produce() wants written
                    block.fresh[c].remove(fresh[0])
                    used.add(fresh[0])
                    written.append((c, fresh[0]))
                    args.append(fresh[0])
                elif (self.unwritten_out[c] and not manual
                      and self.unwritten_out[c][-1] not in out_entries):
                    entry = self.unwritten_out[c].pop()
                    out_entries.add(entry)
                    args.append(self.entry_view(block, entry, c))
                elif (self.writable_entries(c, out_entries) and not manual
                      and rng.random() < 0.15):
                    entry = rng.choice(self.writable_entries(c, out_entries))
                    out_entries.add(entry)
                    args.append(self.entry_view(block, entry, c))
                else:
                    t = self.create(block, depth, c)
                    used.add(t)
                    written.append((c, t))
                    args.append(t)
            else:  # inout: a written local, else an inout entry or a new one
                pool = [t for t in block.written[c] if t not in used]
                if pool:
                    t = rng.choice(pool)
                    used.add(t)
                    read.append(t)
                    written.append((c, t))
                    args.append(t)
                elif (self.writable_entries(c, out_entries) and not manual
                      and rng.random() < 0.5):
                    entry = rng.choice(self.writable_entries(c, out_entries))
                    out_entries.add(entry)
                    args.append(self.entry_view(block, entry, c))
                else:
                    # written by an earlier task of this block first
                    t = self.create(block, depth, c)
                    self.produce(block, depth, c, t)
                    used.add(t)
                    read.append(t)
                    written.append((c, t))
                    args.append(t)
        extra = ""
        if manual:
            waits = {block.writer[t] for t in read if t in block.writer}
            for _, t in written:
                waits.update(block.readers.get(t, []))
                if t in block.writer:
                    waits.add(block.writer[t])
            if block.task_ids and rng.random() < 0.3:
                waits.add(rng.choice(block.task_ids))
            if waits:
                extra = ", deps = [%s]" % ", ".join(sorted(waits))
        elif rng.random() < 0.05:
            extra = ", blocks = %d" % rng.choice([2, 4, 8])
        text = "call %s(%s%s);" % (name, ", ".join(args), extra)
        if manual:
            tid = self.name("task")
            block.task_ids.append(tid)
            text = "let %s = %s" % (tid, text)
            for t in read:
                block.readers.setdefault(t, []).append(tid)
            for _, t in written:
                block.writer[t] = tid
                block.readers[t] = []
        self.emit(depth, text)
        self.sites += 1
        for c, t in written:
            if t not in block.written[c]:
                block.written[c].append(t)
            if len(block.written[c]) > 24:  # recent values only: bounded
                del block.written[c][0]     # work per call at any size

    def produce(self, block, depth, c, t):
        """Calls some kernel with an `out` parameter of class c on t."""
        # t goes to the first `out` slot of class c (see call()).
        block.fresh[c].insert(0, t)
        saved = self.unwritten_out[c]
        self.unwritten_out[c] = []
        self.call(block, depth, self.producers[c][0])
        self.unwritten_out[c] = saved

    def body(self, block, depth, budget, level):
        """Emits statements holding about `budget` call sites."""
        rng = self.rng
        end = min(self.sites + budget, self.limit)
        while self.sites < end:
            remaining = end - self.sites
            # Near the end only flat calls, so that the kernels not yet
            # called still fit in the sites left.
            closing = self.args.sites - self.sites <= len(self.pending) + 8
            if (level >= 3 or remaining < 4 or block.manual or closing
                  or rng.random() < 0.45):
                self.call(block, depth)
            else:
                n = rng.randint(2, max(2, min(remaining, 40)))
                self.nested(block, depth, n, level)

    def nested(self, block, depth, n, level):
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            var = self.name("i")
            stop = rng.choice(["ROWS // TILE", "4", "ROWS // TILE - 1"])
            if rng.random() < 0.2:
                self.emit(depth, "for %s in range(0, %s, 2) {" % (var, stop))
            else:
                self.emit(depth, "for %s in range(%s) {" % (var, stop))
            self.body(Block(block, loop_var=var), depth + 1, n, level + 1)
            self.emit(depth, "}")
        elif r < 0.7:
            self.emit(depth, "scope {")
            self.body(Block(block), depth + 1, n, level + 1)
            self.emit(depth, "}")
        elif r < 0.9:
            cond = (self.entry_scalars["INT32"] and
                    "%s > 0" % rng.choice(self.entry_scalars["INT32"])) or "ROWS > 64"
            if block.loop_var and rng.random() < 0.5:
                cond = "%s %% 2 == 0" % block.loop_var
            half = max(1, n // 2)
            self.emit(depth, "if %s {" % cond)
            self.body(Block(block), depth + 1, half, level + 1)
            if n - half > 0:
                self.emit(depth, "} else {")
                self.body(Block(block), depth + 1, n - half, level + 1)
            self.emit(depth, "}")
        else:
            self.emit(depth, "scope manual {")
            self.body(Block(block, manual=True), depth + 1, min(n, 6), 3)
            self.emit(depth, "}")

    def generate(self):
        self.declare()
        self.declare_entry()
        self.producers = [[] for _ in CLASSES]
        for cal in self.callables:
            seen = set()
            if any(d == "inout" for _, _, d, _, _ in cal[1]):
                continue  # produce() must not need a written tensor itself
            for kind, _, d, c, _ in cal[1]:
                if kind == "t" and d == "out" and c not in seen:
                    seen.add(c)
                    self.producers[c].append(cal)
        if any(not p for p in self.producers):
            raise SystemExit("gen_kir: some tensor class has no producing "
                             "kernel; try another --seed")
        self.pending = list(self.callables)
        self.rng.shuffle(self.pending)
        if len(self.pending) + sum(map(len, self.unwritten_out)) > self.args.sites:
            raise SystemExit("gen_kir: --sites must be at least the number of "
                             "kernels and groups (%d) plus the entry out "
                             "tensors" % len(self.pending))
        # Entry `out` tensors that no call happened to write get the last
        # sites (top level), so the total stays S.
        reserve = sum(len(u) for u in self.unwritten_out)
        self.limit = self.args.sites - reserve
        top = Block(None)
        self.body(top, 1, self.limit, 0)
        self.limit = self.args.sites
        for c in range(len(CLASSES)):
            while self.unwritten_out[c]:
                self.call(top, 1, self.producers[c][0])
        self.body(top, 1, self.args.sites - self.sites, 2)
        while self.pending:  # only when produce() calls took the last sites
            self.call(top, 1)
        self.emit(0, "}")
        return "".join(self.out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shape", choices=["decode"], help="a preset shape")
    p.add_argument("--kernels", type=int, help="kernels (default min(S, 400))")
    p.add_argument("--sites", type=int, default=1000, help="call sites")
    p.add_argument("--entry-tensors", type=int, default=24)
    p.add_argument("--entry-scalars", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--module", default="generated")
    p.add_argument("-o", "--output", default="-", help="file, or - for stdout")
    a = p.parse_args()
    if a.shape == "decode":
        a.kernels, a.sites = DECODE["kernels"], DECODE["sites"]
        a.entry_tensors = DECODE["entry_tensors"]
        a.entry_scalars = DECODE["entry_scalars"]
    if a.kernels is None:
        a.kernels = min(a.sites, 400)
    if not (len(CLASSES) <= a.kernels <= 1024 and len(CLASSES) <= a.entry_tensors <= 256
            and 0 <= a.entry_scalars <= 128):
        p.error("need %d..1024 kernels, %d..256 entry tensors, 0..128 scalars"
                % (len(CLASSES), len(CLASSES)))
    text = Generator(a).generate()
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="ascii") as f:
            f.write(text)


if __name__ == "__main__":
    main()
