// The host reference runtime: runs an orchestration (generated against
// pto_orchestration_api.h) on the CPU with host implementations of its
// kernels, checking every task against the kernels' signatures, and
// optionally dumping tensors and checking for races.
//
//   abi::ChipCallable chip = ...;   // kernels by func_id, each with a host
//                                   // entry (see host_kernels.h)
//   HostRuntime runtime(chip, {/*threads*/ 1, /*dump_dir*/ "", /*races*/ true});
//   runtime.bind_tensor(a.data(), a.size() * 4, DataType::FLOAT32, {16});
//   runtime.bind_scalar(to_u64(2.0f));
//   RunResult result = runtime.run_library("build/vector_example.so");
//   if (!result.ok()) for (auto& e : result.errors) std::cerr << e << "\n";
//
// Entry tensors and scalars are bound in declaration order (tensors and
// scalars are numbered separately, as in ChipTaskArgs). The runtime never
// exits or throws for problems of the run: they are returned in RunResult.
#ifndef TASKC_RUNTIME_ABI_HOST_RUNTIME_H
#define TASKC_RUNTIME_ABI_HOST_RUNTIME_H

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "abi.h"
#include "pto_orchestration_api.h"

namespace taskc::host {

// Two kernel tasks that touch overlapping memory, at least one writing, with
// no ordering path between them (see race_check.h).
struct RaceReport {
  // Task indices ("task N") and kernel names; `first` was submitted earlier.
  uint32_t first_task = 0;
  uint32_t second_task = 0;
  std::string first_kernel;
  std::string second_kernel;
  uint32_t first_slot = 0;
  uint32_t second_slot = 0;
  bool first_writes = false;
  bool second_writes = false;
  std::string message;
};

// How far a run has got: kernel tasks the orchestration submitted so far,
// and how many of them have run.
struct RunProgress {
  uint32_t tasks_submitted = 0;
  uint32_t tasks_finished = 0;
};

using OrchestrationConfigFn = PTO2OrchestrationConfig (*)(const ChipTaskArgs&);
using OrchestrationEntryFn = void (*)(const ChipTaskArgs&);

struct HostRuntimeOptions {
  // Threads that run kernels. 1 (deterministic): each task runs on the
  // orchestration's thread as it is submitted, in submit order; more: worker
  // threads run ready tasks while the orchestration goes on submitting.
  uint32_t threads = 1;
  // When not empty: write tensor_dump.json and tensor_dump.bin here (see
  // tensor_dump.h), creating the directory if needed.
  std::string dump_dir;
  // Report tasks that touch overlapping memory, one writing, unordered.
  bool check_races = false;
  // Errors beyond this many are counted, not kept.
  size_t max_errors = 10000;
  size_t max_race_reports = 100;
  // When set: called every progress_interval while the orchestration runs
  // and its tasks finish, on a thread of its own (never concurrently with
  // itself), not after the run ended.
  std::function<void(const RunProgress&)> progress = nullptr;
  std::chrono::milliseconds progress_interval{200};
};

struct RunResult {
  // Every problem of the run (bad bindings, argument-count mismatch, task
  // checks, bounds errors, fatal errors from the orchestration, dump
  // problems, races). The run succeeded exactly when this is empty.
  std::vector<std::string> errors;
  // LOG_ERROR lines of the orchestration ("file:line: message"); they do not
  // fail the run.
  std::vector<std::string> log;
  std::vector<RaceReport> races;  // also listed in errors
  uint32_t kernel_tasks = 0;       // tasks submitted
  uint64_t kernel_invocations = 0;  // kernel calls: active lanes x blocks
  // When dumping: the files written and the number of index entries.
  std::string dump_index_path;
  std::string dump_blob_path;
  size_t dump_entries = 0;

  bool ok() const { return errors.empty(); }
  // The errors, one per line.
  std::string error_text() const;
};

class HostRuntime {
 public:
  explicit HostRuntime(abi::ChipCallable callable,
                       HostRuntimeOptions options = {});

  // Binds the next entry tensor: a dense row-major host buffer that the
  // caller owns and keeps alive through run(). Kernels write results into it.
  void bind_tensor(void* data, size_t bytes, DataType dtype,
                   const std::vector<uint32_t>& shape);
  template <typename T>
  void bind_tensor(std::vector<T>& data, DataType dtype,
                   const std::vector<uint32_t>& shape) {
    bind_tensor(data.data(), data.size() * sizeof(T), dtype, shape);
  }
  // Binds the next entry scalar as its raw payload word (see to_u64).
  void bind_scalar(uint64_t raw);
  void clear_bindings();

  // Runs the orchestration given as function pointers: checks the config's
  // expected_arg_count against the bindings, runs the entry, waits for every
  // task, then writes the dump and runs the race check if asked to.
  RunResult run(OrchestrationConfigFn config, OrchestrationEntryFn entry);
  // Same, with aicpu_orchestration_config and aicpu_orchestration_entry
  // looked up in the shared library at `library_path`.
  RunResult run_library(const std::string& library_path);

  const abi::ChipCallable& callable() const { return callable_; }
  const HostRuntimeOptions& options() const { return options_; }

 private:
  abi::ChipCallable callable_;
  HostRuntimeOptions options_;
  ChipTaskArgs entry_args_;
  std::vector<std::string> binding_errors_;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_HOST_RUNTIME_H
