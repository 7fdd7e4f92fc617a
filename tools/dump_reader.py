#!/usr/bin/env python3
"""Lists and extracts the tensors of a taskc host-runtime tensor dump.

A dump (`taskc run --dump DIR [--dump-level partial|full]`, or
HostRuntimeOptions::dump_dir) is DIR/tensor_dump.json, an index of tensor
entries (task, kernel, func_id, slot, direction, stage, dtype, shape,
marked, offset, size) and scalar entries (task, kernel, index, dtype, raw,
marked), plus DIR/tensor_dump.bin, the tensor entries' bytes back to back
(format in runtime_abi/tensor_dump.h). "marked" says whether the
orchestration marked the argument with CoreTaskArgs::dump(...); a partial
dump holds only marked ones. `list` shows a marked entry with a `*`.

  dump_reader.py DIR list [--task N] [--kernel NAME] [--slot S] [--stage STAGE]
                          [--marked]
  dump_reader.py DIR scalars [--task N] [--kernel NAME] [--marked]
  dump_reader.py DIR show INDEX [--count K]
  dump_reader.py DIR extract OUTDIR [filters as for list]

`extract` writes one .npy file per entry, named
task<T>_<kernel>_slot<S>_<stage>.npy, with the dtypes `taskc run` uses
(BFLOAT16 as raw '<u2', the FP8/FP4 formats as raw '|u1'). Only the Python
standard library is needed; with NumPy installed, `load_array` returns arrays.

As a module:
  dump = load_dump("DIR")
  for entry in dump.entries: data = dump.entry_bytes(entry)
"""
import argparse
import json
import os
import struct
import sys

# Runtime dtype -> (.npy descr, struct format or None for raw bits, bytes).
DTYPES = {
    "FLOAT32": ("<f4", "f", 4),
    "FLOAT16": ("<f2", "e", 2),
    "BFLOAT16": ("<u2", None, 2),
    "INT8": ("|i1", "b", 1),
    "INT16": ("<i2", "h", 2),
    "INT32": ("<i4", "i", 4),
    "INT64": ("<i8", "q", 8),
    "UINT8": ("|u1", "B", 1),
    "UINT16": ("<u2", "H", 2),
    "UINT32": ("<u4", "I", 4),
    "UINT64": ("<u8", "Q", 8),
    "BOOL": ("|b1", "?", 1),
    "FP8E4M3FN": ("|u1", None, 1),
    "FP8E8M0": ("|u1", None, 1),
    "FP4E2M1": ("|u1", None, 1),
}

INDEX_NAME = "tensor_dump.json"
FORMAT_NAME = "taskc-host-tensor-dump"


class DumpError(Exception):
    pass


class Dump:
    def __init__(self, index_path):
        self.index_path = index_path
        try:
            with open(index_path, encoding="utf-8") as f:
                index = json.load(f)
        except (OSError, ValueError) as error:
            raise DumpError("cannot read %s: %s" % (index_path, error))
        if index.get("format") != FORMAT_NAME or index.get("version") not in (1, 2):
            raise DumpError("%s is not a version 1 or 2 %s index" % (index_path, FORMAT_NAME))
        self.level = index.get("level", "full")
        self.entries = index.get("entries", [])
        self.scalars = index.get("scalars", [])
        self.errors = index.get("errors", [])
        self.blob_path = os.path.join(os.path.dirname(index_path), index.get("blob", ""))
        try:
            self.blob_size = os.path.getsize(self.blob_path)
        except OSError as error:
            raise DumpError("cannot read %s: %s" % (self.blob_path, error))
        for number, entry in enumerate(self.entries):
            if entry["offset"] + entry["size"] > self.blob_size:
                raise DumpError("entry %d lies past the end of %s" % (number, self.blob_path))

    def entry_bytes(self, entry):
        with open(self.blob_path, "rb") as blob:
            blob.seek(entry["offset"])
            return blob.read(entry["size"])


def load_dump(path):
    """A Dump from a dump directory or the path of its index."""
    if os.path.isdir(path):
        path = os.path.join(path, INDEX_NAME)
    return Dump(path)


def element_count(shape):
    count = 1
    for extent in shape:
        count *= extent
    return count


def dtype_info(entry):
    try:
        return DTYPES[entry["dtype"]]
    except KeyError:
        raise DumpError("unknown dtype %r in entry of task %d" % (entry["dtype"], entry["task"]))


def values(entry, data):
    """The elements as Python numbers (raw integers for dtypes without a
    Python type)."""
    descr, fmt, size = dtype_info(entry)
    if fmt is None:
        fmt = {1: "B", 2: "H"}[size]
    return list(struct.unpack("<%d%s" % (len(data) // size, fmt), data))


def load_array(dump, entry):
    """A NumPy array of the entry (raw bits for BFLOAT16 and FP8/FP4)."""
    import numpy  # optional dependency: only this function needs it
    descr = dtype_info(entry)[0]
    array = numpy.frombuffer(dump.entry_bytes(entry), dtype=numpy.dtype(descr))
    return array.reshape(entry["shape"])


def npy_bytes(descr, shape, data):
    """An .npy file (format 1.0) holding `data`."""
    shape_text = "(" + ", ".join(str(e) for e in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    length = len(header) + 1
    length += (64 - (10 + length) % 64) % 64
    header = header + " " * (length - len(header) - 1) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", length) + header.encode("latin1") + data


def selected(entries, args):
    for number, entry in enumerate(entries):
        if args.task is not None and entry["task"] != args.task:
            continue
        if args.kernel is not None and entry["kernel"] != args.kernel:
            continue
        if getattr(args, "slot", None) is not None and entry["slot"] != args.slot:
            continue
        if getattr(args, "stage", None) is not None and entry["stage"] != args.stage:
            continue
        if getattr(args, "marked", False) and not entry.get("marked", False):
            continue
        yield number, entry


def mark(entry):
    return "*" if entry.get("marked", False) else " "


def command_list(dump, args):
    print("%5s %1s %5s %-24s %4s %-5s %-6s %-9s %-18s %10s" % (
        "entry", "", "task", "kernel", "slot", "dir", "stage", "dtype", "shape", "bytes"))
    for number, e in selected(dump.entries, args):
        print("%5d %1s %5d %-24s %4d %-5s %-6s %-9s %-18s %10d" % (
            number, mark(e), e["task"], e["kernel"], e["slot"], e["direction"], e["stage"],
            e["dtype"], "x".join(str(x) for x in e["shape"]) or "scalar", e["size"]))
    for error in dump.errors:
        print("error: %s" % error)
    return 0


def scalar_value(entry):
    """The scalar's value decoded by its dtype (the raw word when unknown)."""
    raw = int(entry["raw"], 16)
    dtype = entry["dtype"]
    if dtype not in DTYPES or DTYPES[dtype][1] is None:
        return entry["raw"]
    _, fmt, size = DTYPES[dtype]
    return struct.unpack("<" + fmt, raw.to_bytes(8, "little")[:size])[0]


def command_scalars(dump, args):
    print("%5s %1s %5s %-24s %5s %-9s %-20s %s" % (
        "entry", "", "task", "kernel", "index", "dtype", "value", "raw"))
    for number, e in selected(dump.scalars, args):
        note = " (ambiguous)" if e.get("ambiguous", False) else ""
        print("%5d %1s %5d %-24s %5d %-9s %-20s %s%s" % (
            number, mark(e), e["task"], e["kernel"], e["index"], e["dtype"],
            repr(scalar_value(e)), e["raw"], note))
    return 0


def command_show(dump, args):
    if not 0 <= args.index < len(dump.entries):
        raise DumpError("no entry %d; the dump has %d" % (args.index, len(dump.entries)))
    entry = dump.entries[args.index]
    items = values(entry, dump.entry_bytes(entry))
    print("task %d %s slot %d %s %s: %s %s%s" % (
        entry["task"], entry["kernel"], entry["slot"], entry["direction"], entry["stage"],
        entry["dtype"], entry["shape"], " (marked)" if entry.get("marked", False) else ""))
    shown = items if args.count == 0 else items[:args.count]
    print(" ".join(repr(v) for v in shown) + (" ..." if len(shown) < len(items) else ""))
    return 0


def command_extract(dump, args):
    os.makedirs(args.outdir, exist_ok=True)
    written = 0
    for _, entry in selected(dump.entries, args):
        descr = dtype_info(entry)[0]
        name = "task%d_%s_slot%d_%s.npy" % (entry["task"], entry["kernel"], entry["slot"],
                                            entry["stage"])
        with open(os.path.join(args.outdir, name), "wb") as f:
            f.write(npy_bytes(descr, entry["shape"], dump.entry_bytes(entry)))
        written += 1
    print("wrote %d files to %s" % (written, args.outdir))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", help="dump directory or its tensor_dump.json")
    sub = parser.add_subparsers(dest="command", required=True)

    def filters(p, tensor=True):
        p.add_argument("--task", type=int)
        p.add_argument("--kernel")
        if tensor:
            p.add_argument("--slot", type=int)
            p.add_argument("--stage", choices=["before", "after"])
        p.add_argument("--marked", action="store_true",
                       help="only arguments marked with CoreTaskArgs::dump(...)")

    filters(sub.add_parser("list", help="one line per tensor entry"))
    filters(sub.add_parser("scalars", help="one line per scalar entry"), tensor=False)
    show = sub.add_parser("show", help="print one entry's values")
    show.add_argument("index", type=int, help="entry number from `list`")
    show.add_argument("--count", type=int, default=16, help="values to print (0: all)")
    extract = sub.add_parser("extract", help="write entries as .npy files")
    extract.add_argument("outdir")
    filters(extract)
    args = parser.parse_args(argv)
    try:
        dump = load_dump(args.dump)
        return {"list": command_list, "scalars": command_scalars, "show": command_show,
                "extract": command_extract}[args.command](dump, args)
    except DumpError as error:
        print("dump_reader: error: %s" % error, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, and
        # keep Python from complaining while it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
