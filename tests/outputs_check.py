#!/usr/bin/env python3
"""For every valid program, checks the generated manifest and
kernel_config.py against each other and against their contracts:

* the manifest validates against the JSON Schema (when python3-jsonschema is
  installed) and passes `taskc manifest validate` (the runtime loader);
* kernel_config.py imports under python3 with a stub
  `simpler.task_interface` module, and its KERNELS and ORCHESTRATION say the
  same as the manifest (func_ids, names, core types, sources, signatures).
"""
import argparse
import enum
import importlib.util
import json
import pathlib
import subprocess
import sys
import tempfile
import types

try:
    import jsonschema
except ImportError:
    jsonschema = None


class ArgDirection(enum.IntEnum):
    SCALAR = 0
    IN = 1
    OUT = 2
    INOUT = 3


def install_stub_simpler():
    package = types.ModuleType("simpler")
    interface = types.ModuleType("simpler.task_interface")
    interface.ArgDirection = ArgDirection
    package.task_interface = interface
    sys.modules["simpler"] = package
    sys.modules["simpler.task_interface"] = interface


def import_file(path):
    spec = importlib.util.spec_from_file_location("kernel_config_" + path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compare(config, manifest, base):
    problems = []
    names = lambda sig: [d.name for d in sig]
    expected = [{"func_id": k["func_id"], "name": k["name"], "core_type": k["core_type"],
                 "source": str(base / k["source"]), "signature": k["signature"]}
                for k in manifest["kernels"]]
    actual = [dict(k, signature=names(k.get("signature", []))) for k in config.KERNELS]
    if actual != expected:
        problems.append("KERNELS differ from the manifest:\n  %s\n  %s" % (actual, expected))
    orch = manifest["orchestration"]
    if names(config.ORCHESTRATION.get("signature", [])) != orch["signature"]:
        problems.append("ORCHESTRATION signature differs from the manifest")
    if config.ORCHESTRATION["source"] != str(base / orch["source"]):
        problems.append("ORCHESTRATION source differs from the manifest")
    if config.RUNTIME_CONFIG.get("runtime") != manifest["runtime"]:
        problems.append("RUNTIME_CONFIG runtime differs from the manifest")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--taskc", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    install_stub_simpler()
    schema = json.loads(pathlib.Path(args.schema).read_text())
    passed = failed = 0
    for kir in sorted(pathlib.Path(args.dir).glob("*.kir")):
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / kir.stem
            out.mkdir()
            subprocess.run([args.taskc, "compile", str(kir), "-q", "--out-dir", str(out),
                            "--emit", "cpp,manifest,kernel-config"], check=True)
            manifest_path = next(out.glob("*.manifest.json"))
            manifest = json.loads(manifest_path.read_text())
            problems = []
            if jsonschema is not None:
                try:
                    jsonschema.validate(manifest, schema)
                except jsonschema.ValidationError as error:
                    problems.append("schema: %s" % error.message)
            loader = subprocess.run([args.taskc, "manifest", "validate", str(manifest_path)],
                                    capture_output=True, text=True)
            if loader.returncode != 0:
                problems.append("loader: " + loader.stderr.strip())
            problems += compare(import_file(out / "kernel_config.py"), manifest, out)
        if problems:
            failed += 1
            print("FAIL", kir.name + ":\n  " + "\n  ".join(problems))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
