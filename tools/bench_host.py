#!/usr/bin/env python3
"""Compares host runtime builds side by side (docs/PERFORMANCE.md).

    tools/bench_host.py --bench NEW/tests/bench/runtime_bench \\
        [--baseline OLD/tests/bench/runtime_bench] [--rounds 5] [--tasks 1000000]

Each round runs `runtime_bench host --threads 1 --repeat 1` of every given
binary, one after the other (so that both see the same load on a shared
machine), for no-op kernels and then for 20 us kernels with 1 and 2
threads. Printed per binary: the median over the rounds of tasks/s (wall),
tasks per CPU-second, the fastest round, page faults (minor, whole
process) and peak RSS; then the ratio of each binary to the baseline and
the 2-thread scaling for 20 us kernels. A round's figures come from one
process; the medians across rounds hold better than any one run on a
loaded machine.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

TARGET_TASKS_PER_S = 1_000_000.0
LINE = re.compile(r"host\.threads_(\d+)\.wall_s ([0-9.]+) cpu_s ([0-9.]+)")


def run_once(binary, tasks, threads, kernel_us):
    """One process, one run: (wall s, cpu s, minor page faults, peak RSS KiB)."""
    cmd = [binary, "host", "--tasks", str(tasks), "--threads", str(threads),
           "--repeat", "1", "--no-scaling"]
    if kernel_us:
        cmd += ["--kernel-us", str(kernel_us)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.stdout.close()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench_host: %s failed:\n%s"
                 % (" ".join(cmd), err.decode(errors="replace")))
    match = LINE.search(out.decode())
    if match is None:
        sys.exit("bench_host: no timing line from %s:\n%s" % (binary, out.decode()))
    return (float(match.group(2)), float(match.group(3)), usage.ru_minflt,
            usage.ru_maxrss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", required=True, help="runtime_bench to measure")
    parser.add_argument("--baseline", help="a runtime_bench to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=1_000_000,
                        help="tasks per no-op run (default 1000000)")
    parser.add_argument("--kernel-tasks", type=int, default=20_000,
                        help="tasks per 20 us run (default 20000)")
    args = parser.parse_args()

    binaries = [("baseline", args.baseline)] if args.baseline else []
    binaries.append(("bench", args.bench))
    cases = [("no-op, 1 thread", args.tasks, 1, 0),
             ("20 us, 1 thread", args.kernel_tasks, 1, 20),
             ("20 us, 2 threads", args.kernel_tasks, 2, 20)]
    results = {}  # (binary name, case name) -> list of (wall, cpu, faults, rss)
    for _ in range(args.rounds):
        for case, tasks, threads, kernel_us in cases:
            for name, binary in binaries:
                results.setdefault((name, case), []).append(
                    run_once(binary, tasks, threads, kernel_us))

    medians = {}
    print("%-9s %-17s %12s %12s %12s %9s %9s" % (
        "binary", "case", "tasks/s", "tasks/CPU-s", "fastest/s", "faults", "RSS MiB"))
    for case, tasks, _, _ in cases:
        for name, _ in binaries:
            runs = results[(name, case)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            fastest = min(r[0] for r in runs)
            faults = statistics.median(r[2] for r in runs)
            rss = statistics.median(r[3] for r in runs) / 1024
            medians[(name, case)] = tasks / wall
            print("%-9s %-17s %12.0f %12.0f %12.0f %9.0f %9.1f" % (
                name, case, tasks / wall, tasks / cpu, tasks / fastest, faults, rss))
    print()
    for name, _ in binaries:
        rate = medians[(name, "no-op, 1 thread")]
        print("%s: no-op 1 thread %.0f tasks/s (target >= %.0f: ratio %.3f, %s); "
              "20 us scaling 1 -> 2 threads %.3f" % (
                  name, rate, TARGET_TASKS_PER_S, rate / TARGET_TASKS_PER_S,
                  "met" if rate >= TARGET_TASKS_PER_S else "NOT met",
                  medians[(name, "20 us, 2 threads")] / medians[(name, "20 us, 1 thread")]))
    if args.baseline:
        for case, _, _, _ in cases:
            print("bench / baseline, %s: %.3f" % (
                case, medians[("bench", case)] / medians[("baseline", case)]))


if __name__ == "__main__":
    main()
