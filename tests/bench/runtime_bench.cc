// Benchmarks of runtime_abi: the manifest loader and the host runtime.
// Registered with Meson's benchmark() (tests/bench/meson.build); run with
// `meson test -C BUILD --benchmark` or directly:
//
//   runtime_bench loader MANIFEST [--iterations N]
//   runtime_bench host [--tasks N] [--threads T] [--repeat R] [--kernel-us U]
//                      [--no-scaling]
//
// `loader`: load_manifest_text (parse and validate) plus build_callables on
// a manifest (tests/bench/meson.build makes one with 1024 kernels), N times;
// prints the median against the 5 ms target (and CPU time and the fastest
// run, which a shared machine disturbs less).
// `host`: one orchestration that submits N tasks (a loop, one PTO2_SCOPE per
// iteration, three tensor arguments and a scalar, no-op kernels or with
// --kernel-us kernels that busy-wait U microseconds) with dependency
// tracking on; runs it with T threads and with 2, R times each, and prints
// the median rate against the 1,000,000 tasks/s target and the 2-thread
// scaling (--no-scaling: T threads only, e.g. under callgrind).
//
// Every figure is also printed as a ratio (to its target, or to the
// 1-thread run), which holds on a loaded machine better than the absolute
// numbers. CPU time (user + system, whole process) is printed next to wall
// time: on a shared machine wall time includes waiting for a core.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host_runtime.h"
#include "manifest_loader.h"
#include "pto_orchestration_api.h"

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Timing {
  double wall = 0;  // seconds
  double cpu = 0;
};

template <typename F>
Timing timed(F&& body) {
  const double cpu0 = cpu_seconds();
  const auto wall0 = Clock::now();
  body();
  Timing t;
  t.wall = std::chrono::duration<double>(Clock::now() - wall0).count();
  t.cpu = cpu_seconds() - cpu0;
  return t;
}

long option(int argc, char** argv, const char* name, long fallback) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::strtol(argv[i + 1], nullptr, 10);
  }
  return fallback;
}

bool flag(int argc, char** argv, const char* name) {
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return true;
  }
  return false;
}

void no_op_kernel(int64_t*) {}

// host --kernel-us N: each kernel call busy-waits N microseconds, so that
// the 2-thread figure shows how the runtime scales when kernels do work.
Clock::duration g_kernel_work{0};

void working_kernel(int64_t*) {
  const auto end = Clock::now() + g_kernel_work;
  while (Clock::now() < end) {
  }
}

// ---- loader ----------------------------------------------------------

int run_loader(const std::string& path, long iterations) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "runtime_bench: cannot read %s\n", path.c_str());
    return 1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  std::vector<double> load_ms, build_ms, total_ms, file_ms, cpu_ms;
  size_t kernels = 0;
  for (long i = 0; i < iterations; ++i) {
    taskc::abi::LoadResult result;
    taskc::abi::ChipCallable chip;
    const Timing load = timed([&] {
      result = taskc::abi::load_manifest_text(text, path);
    });
    if (!result.ok()) {
      std::fprintf(stderr, "%s", result.error_report().c_str());
      return 1;
    }
    const Timing build = timed([&] {
      chip = taskc::abi::build_callables(
          *result.manifest,
          [](const taskc::abi::ManifestKernel&) { return &no_op_kernel; });
    });
    kernels = chip.children.size();
    const Timing file = timed([&] {
      taskc::abi::LoadResult r = taskc::abi::load_manifest_file(path);
      taskc::abi::ChipCallable c = taskc::abi::build_callables(*r.manifest, {});
      (void)c;
    });
    load_ms.push_back(load.wall * 1e3);
    build_ms.push_back(build.wall * 1e3);
    total_ms.push_back((load.wall + build.wall) * 1e3);
    cpu_ms.push_back((load.cpu + build.cpu) * 1e3);
    file_ms.push_back(file.wall * 1e3);
  }
  const double total = median(total_ms);
  std::printf("loader: %zu kernels, %zu bytes, %ld iterations (medians)\n",
              kernels, text.size(), iterations);
  std::printf("loader.load_text_ms %.3f\n", median(load_ms));
  std::printf("loader.build_callables_ms %.3f\n", median(build_ms));
  std::printf("loader.file_load_and_build_ms %.3f\n", median(file_ms));
  std::printf("loader.load_and_build_ms %.3f (target <= 5 ms: ratio %.3f, %s)\n",
              total, total / 5.0, total <= 5.0 ? "met" : "NOT met");
  std::printf("loader.load_and_build_cpu_ms %.3f (CPU time; ratio to 5 ms %.3f)\n",
              median(cpu_ms), median(cpu_ms) / 5.0);
  // The fastest run is the one least disturbed by other work on the machine.
  std::printf("loader.load_and_build_min_ms %.3f\n",
              *std::min_element(total_ms.begin(), total_ms.end()));
  std::printf("loader.MB_per_s %.1f\n",
              static_cast<double>(text.size()) / 1e6 / (median(load_ms) / 1e3));
  return 0;
}

// ---- host runtime ------------------------------------------------------

constexpr uint32_t kRows = 16;
constexpr uint32_t kCols = 16;
constexpr uint32_t kTiles = 1024;
int32_t g_aiv_kernel = 0;
int32_t g_aic_kernel = 1;

PTO2OrchestrationConfig bench_config(const ChipTaskArgs&) {
  PTO2OrchestrationConfig config{};
  config.expected_arg_count = 4;
  return config;
}

// What taskc emits for
//   for i in range(n) { call k(tensor.slice(a, ...), w, tensor.slice(c, ...), i); }
// with k alternating between an aiv and an aic kernel.
void bench_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_w = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  const uint64_t n = orch_args.scalar(0);
  for (uint64_t i = 0; i < n; ++i) {
    PTO2_SCOPE() {
      const uint32_t tile = static_cast<uint32_t>(i % kTiles);
      const uint32_t shapes[] = {kRows, kCols};
      const uint32_t offsets[] = {tile * kRows, 0};
      const ChipTensor a_view = ext_a.view(shapes, offsets);
      const ChipTensor c_view = ext_c.view(shapes, offsets);
      CoreTaskArgs params;
      params.add_input(a_view);
      params.add_input(ext_w);
      params.add_inout(c_view);
      params.add_scalar(to_u64(i));
      if (i % 2 == 0) {
        rt_submit_aiv_task(g_aiv_kernel, params);
      } else {
        rt_submit_aic_task(g_aic_kernel, params);
      }
    }
  }
}

struct HostRun {
  Timing timing;
  uint32_t tasks = 0;
};

HostRun run_host_once(uint64_t tasks, uint32_t threads) {
  using taskc::abi::ArgDirection;
  const std::vector<ArgDirection> signature = {
      ArgDirection::IN, ArgDirection::IN, ArgDirection::INOUT};
  taskc::abi::ChipCallable chip;
  chip.children.push_back(taskc::abi::make_callable<32>(
      signature, 0, "bench_aiv", taskc::abi::CoreType::AIV, 1, false,
      g_kernel_work.count() > 0 ? &working_kernel : &no_op_kernel));
  chip.children.push_back(taskc::abi::make_callable<32>(
      signature, 1, "bench_aic", taskc::abi::CoreType::AIC, 1, false,
      g_kernel_work.count() > 0 ? &working_kernel : &no_op_kernel));
  std::vector<float> a(size_t{kTiles} * kRows * kCols);
  std::vector<float> w(size_t{kCols} * kCols);
  std::vector<float> c(a.size());
  taskc::host::HostRuntimeOptions options;
  options.threads = threads;
  taskc::host::HostRuntime runtime(chip, options);
  runtime.bind_tensor(a, DataType::FLOAT32, {kTiles * kRows, kCols});
  runtime.bind_tensor(w, DataType::FLOAT32, {kCols, kCols});
  runtime.bind_tensor(c, DataType::FLOAT32, {kTiles * kRows, kCols});
  runtime.bind_scalar(tasks);
  HostRun run;
  taskc::host::RunResult result;
  run.timing = timed([&] { result = runtime.run(&bench_config, &bench_entry); });
  if (!result.ok()) {
    std::fprintf(stderr, "runtime_bench: the run failed:\n%s",
                 result.error_text().c_str());
    std::exit(1);
  }
  run.tasks = result.kernel_tasks;
  return run;
}

int run_host(uint64_t tasks, uint32_t threads, long repeat, bool scaling) {
  const long kernel_us = static_cast<long>(
      std::chrono::duration_cast<std::chrono::microseconds>(g_kernel_work).count());
  std::printf("host: %llu tasks per run (3 tensors + 1 scalar, %s, "
              "dependency tracking on), %ld runs per thread count (medians)\n",
              static_cast<unsigned long long>(tasks),
              kernel_us == 0 ? "no-op kernels"
                             : ("kernels of " + std::to_string(kernel_us) + " us").c_str(),
              repeat);
  double rate_one = 0;
  for (uint32_t t : {threads, 2u}) {
    if (rate_one > 0 && (t == threads || !scaling)) break;
    std::vector<double> wall, cpu;
    for (long r = 0; r < repeat; ++r) {
      const HostRun run = run_host_once(tasks, t);
      wall.push_back(run.timing.wall);
      cpu.push_back(run.timing.cpu);
    }
    const double rate = static_cast<double>(tasks) / median(wall);
    const double cpu_rate = static_cast<double>(tasks) / median(cpu);
    if (kernel_us == 0) {  // the target is for no-op kernels
      std::printf("host.threads_%u.tasks_per_s %.0f (target >= 1000000: ratio "
                  "%.3f, %s)\n",
                  t, rate, rate / 1e6, rate >= 1e6 ? "met" : "NOT met");
    } else {
      std::printf("host.threads_%u.tasks_per_s %.0f\n", t, rate);
    }
    std::printf("host.threads_%u.wall_s %.3f cpu_s %.3f "
                "(tasks per CPU-second %.0f)\n",
                t, median(wall), median(cpu), cpu_rate);
    if (t == threads) {
      rate_one = rate;
    } else {
      std::printf("host.scaling_%u_to_2_threads %.3f\n", threads, rate / rate_one);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "loader" && argc > 2) {
    return run_loader(argv[2], option(argc, argv, "--iterations", 30));
  }
  if (mode == "host") {
    g_kernel_work = std::chrono::microseconds(option(argc, argv, "--kernel-us", 0));
    return run_host(static_cast<uint64_t>(option(argc, argv, "--tasks", 1000000)),
                    static_cast<uint32_t>(option(argc, argv, "--threads", 1)),
                    option(argc, argv, "--repeat", 3),
                    !flag(argc, argv, "--no-scaling"));
  }
  std::fprintf(stderr,
               "usage: runtime_bench loader MANIFEST [--iterations N]\n"
               "       runtime_bench host [--tasks N] [--threads T] "
               "[--repeat R] [--kernel-us U] [--no-scaling]\n");
  return 2;
}
