#!/usr/bin/env python3
"""Runs one libFuzzer target for a bounded time and fails on any finding.

The seed corpus is copied out of testdata (only files with the given
suffixes, only up to --max-len bytes) into a scratch directory, so the
source tree is never written. The regression inputs are replayed first.
A crash, a hang (-timeout), a leak, an out-of-memory or a violated property
(the targets abort) makes libFuzzer exit non-zero; the finding is printed
so it can be copied into testdata/fuzz-regressions/.

--seconds defaults to $TASKC_FUZZ_SECONDS or 30. With --corpus DIR the
corpus is kept in DIR (tools/fuzz_campaign.sh uses this).
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def collect_seeds(sources, suffixes, max_len, into):
    count = 0
    for source in sources:
        path = pathlib.Path(source)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if not f.is_file() or not f.name.endswith(tuple(suffixes)):
                continue
            if f.stat().st_size > max_len:
                continue
            count += 1
            shutil.copyfile(f, into / ("%04d-%s" % (count, f.name)))
    return count


def show_findings(workdir):
    for artifact in sorted(workdir.glob("finding-*")):
        data = artifact.read_bytes()
        print("FINDING", artifact.name, "(%d bytes):" % len(data))
        print(repr(data[:2000]))
    return any(workdir.glob("finding-*"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fuzzer", required=True)
    ap.add_argument("--dict")
    ap.add_argument("--seeds", nargs="+", default=[], help="files or directories")
    ap.add_argument("--suffix", nargs="+", required=True, help="seed file suffixes")
    ap.add_argument("--regressions", help="directory of inputs replayed first")
    ap.add_argument("--seconds", type=int,
                    default=int(os.environ.get("TASKC_FUZZ_SECONDS", "30")))
    ap.add_argument("--max-len", type=int, default=8192)
    ap.add_argument("--corpus", help="keep the corpus here (default: scratch)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="taskc-fuzz-") as tmp:
        workdir = pathlib.Path(tmp)
        seeds = workdir / "seeds"
        seeds.mkdir()
        n = collect_seeds(args.seeds, args.suffix, args.max_len, seeds)
        corpus = pathlib.Path(args.corpus) if args.corpus else workdir / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        common = ["-rss_limit_mb=2048", "-timeout=10", "-max_len=%d" % args.max_len,
                  "-artifact_prefix=%s/finding-" % workdir]

        if args.regressions and pathlib.Path(args.regressions).is_dir():
            inputs = sorted(str(p) for p in pathlib.Path(args.regressions).iterdir()
                            if p.is_file() and p.name != "README.md")
            if inputs:
                proc = subprocess.run([args.fuzzer] + common + inputs,
                                      capture_output=True, text=True, errors="replace")
                if proc.returncode != 0:
                    print(proc.stderr[-6000:])
                    show_findings(workdir)
                    print("FAIL: a regression input fails again")
                    return 1
                print("replayed %d regression input(s)" % len(inputs))

        cmd = [args.fuzzer] + common + [
            "-max_total_time=%d" % args.seconds, "-print_final_stats=1"]
        if args.dict:
            cmd.append("-dict=%s" % args.dict)
        cmd += [str(corpus), str(seeds)]
        print("seeds: %d files; running for %d s" % (n, args.seconds))
        print(" ".join(cmd))
        sys.stdout.flush()
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
        stats = dict(re.findall(r"^stat::(\w+):\s*(\d+)", proc.stderr, re.M))
        found = show_findings(workdir)
        corpus_files = sum(1 for p in corpus.iterdir() if p.is_file())
        print("executions: %s, corpus: %d files, exit status %d" % (
            stats.get("number_of_executed_units", "?"), corpus_files, proc.returncode))
        if proc.returncode != 0 or found:
            print(proc.stderr[-8000:])
            print("FAIL: the fuzzer found a problem")
            return 1
        print("PASS: no findings")
        return 0


if __name__ == "__main__":
    sys.exit(main())
