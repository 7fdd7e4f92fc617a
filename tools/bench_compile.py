#!/usr/bin/env python3
"""Benchmarks `taskc compile` on generated programs (docs/PERFORMANCE.md).

    tools/bench_compile.py --taskc BUILD/cli/taskc                  # 1k..100k
    tools/bench_compile.py --taskc BUILD/cli/taskc --sizes 1000000 --repeat 1
    tools/bench_compile.py --taskc BUILD/cli/taskc --gxx g++ --gxx-sizes decode,10000

For each size, tools/gen_kir.py writes a program (seed 1, cached in
--workdir), then `taskc compile` writes all three outputs (C++, manifest,
kernel_config.py) --repeat times. Printed per size: input MB, call sites,
median wall and CPU (user + system) time, throughput in MB/s of .kir input
(wall and CPU), time per call site, peak RSS and its ratio to the input
size, `wc -l` on the same file (the floor) and the ratio to it, lines of C++
per call site. Then the linearity ratio (time per call site of the largest
size over 10k) and, with --gxx, the `g++ -O2 -c` time of generated files.

Every figure with a target is printed as a ratio to it, which holds better
than absolute times on a loaded machine; CPU time is less disturbed by
other load than wall time. Peak RSS comes from os.wait4 for that one child.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_MB_PER_S = 50.0
TARGET_LINEARITY = 1.5
TARGET_RSS_RATIO = 20.0


def run_measured(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall s, cpu s, peak RSS bytes) of that child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("bench_compile: %s failed (%d):\n%s"
                 % (" ".join(cmd), proc.returncode, err[-4000:]))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def generate(workdir, size):
    name = "decode" if size == "decode" else "g%s" % size
    path = os.path.join(workdir, name + ".kir")
    if not os.path.exists(path):
        shape = ["--shape", "decode"] if size == "decode" else ["--sites", str(size)]
        subprocess.run([sys.executable, os.path.join(HERE, "gen_kir.py")] + shape
                       + ["--seed", "1", "-o", path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path


def count_sites(path):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            s = line.lstrip()
            if s.startswith(b"call ") or (s.startswith(b"let ") and b"= call " in s):
                n += 1
    return n


def count_lines(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def bench_size(args, size):
    kir = generate(args.workdir, size)
    outdir = os.path.join(args.workdir, "out-%s" % size)
    os.makedirs(outdir, exist_ok=True)
    nbytes = os.path.getsize(kir)
    sites = count_sites(kir)
    cmd = [args.taskc, "compile", "-q", kir, "--out-dir", outdir,
           "--emit", "cpp,manifest,kernel-config", "--always-write",
           "--max-input-size", str(1 << 40)]
    walls, cpus, rss = [], [], 0
    wc_walls = []
    for _ in range(args.repeat):
        w, c, r = run_measured(cmd)
        walls.append(w)
        cpus.append(c)
        rss = max(rss, r)
        wc_walls.append(run_measured(["wc", "-l", kir])[0])
    cpp = [os.path.join(outdir, f) for f in os.listdir(outdir) if f.endswith(".orch.cpp")][0]
    wall, cpu, wc = statistics.median(walls), statistics.median(cpus), statistics.median(wc_walls)
    mb = nbytes / 1e6
    row = dict(size=size, mb=mb, sites=sites, wall=wall, cpu=cpu,
               mbs=mb / wall, mbs_cpu=mb / cpu if cpu > 0 else float("inf"),
               us_site=wall / sites * 1e6, us_site_cpu=cpu / sites * 1e6,
               rss_mb=rss / 1e6, rss_ratio=rss / nbytes, wc=wc, wc_ratio=wall / wc,
               cpp=cpp, cpp_lines_site=count_lines(cpp) / sites)
    print("compile %-8s %7.2f MB %8d sites | wall %7.3f s cpu %7.3f s | "
          "%6.1f MB/s (cpu %6.1f; target %g: ratio %.2f) | %6.2f us/site "
          "(cpu %.2f) | RSS %7.1f MB = %5.1fx input (target <= %g: ratio %.2f) | "
          "wc -l %.3f s, taskc/wc %.0fx | C++ %.1f lines/site"
          % (size, mb, sites, wall, cpu, row["mbs"], row["mbs_cpu"], TARGET_MB_PER_S,
             row["mbs_cpu"] / TARGET_MB_PER_S, row["us_site"], row["us_site_cpu"],
             row["rss_mb"], row["rss_ratio"], TARGET_RSS_RATIO,
             row["rss_ratio"] / TARGET_RSS_RATIO, wc, row["wc_ratio"],
             row["cpp_lines_site"]), flush=True)
    return row


def bench_gxx(args, rows):
    include = os.path.join(HERE, "..", "runtime_abi")
    for row in rows:
        if str(row["size"]) not in args.gxx_sizes.split(","):
            continue
        obj = os.path.join(args.workdir, "gxx-%s.o" % row["size"])
        wall, cpu, rss = run_measured([args.gxx, "-std=c++17", "-O2", "-c", "-I", include,
                                       row["cpp"], "-o", obj])
        print("g++ -O2 %-8s %9.1f MB C++ | wall %8.2f s cpu %8.2f s | %.2f ms/site | "
              "RSS %.0f MB" % (row["size"], os.path.getsize(row["cpp"]) / 1e6, wall, cpu,
                               cpu / row["sites"] * 1e3, rss / 1e6), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--taskc", required=True, help="the taskc binary (a release build)")
    p.add_argument("--sizes", default="decode,1000,10000,100000",
                   help="comma-separated call-site counts, or 'decode'")
    p.add_argument("--repeat", type=int, default=3, help="runs per size (median)")
    p.add_argument("--workdir", default="/tmp/taskc-bench")
    p.add_argument("--gxx", help="also time `GXX -O2 -c` on generated C++")
    p.add_argument("--gxx-sizes", default="decode,1000,10000",
                   help="which sizes' C++ to compile with --gxx")
    args = p.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    sizes = [s if s == "decode" else int(s) for s in args.sizes.split(",")]
    print("bench_compile: taskc %s, %d run(s) per size, load average %.2f"
          % (args.taskc, args.repeat, os.getloadavg()[0]), flush=True)
    rows = [bench_size(args, s) for s in sizes]
    by_size = {r["size"]: r for r in rows}
    numeric = [r for r in rows if r["size"] != "decode"]
    if 10000 in by_size and numeric and numeric[-1]["size"] > 10000:
        big, base = numeric[-1], by_size[10000]
        for key, label in (("us_site", "wall"), ("us_site_cpu", "cpu")):
            ratio = big[key] / base[key]
            print("linearity (%s): time per call site at %d / at 10000 = %.2f "
                  "(target <= %g: %s)" % (label, big["size"], ratio, TARGET_LINEARITY,
                                          "met" if ratio <= TARGET_LINEARITY else "NOT met"))
    if args.gxx:
        bench_gxx(args, rows)
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
