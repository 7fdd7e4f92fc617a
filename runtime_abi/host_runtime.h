// The host reference runtime: runs an orchestration (generated against
// pto_orchestration_api.h) on the CPU with host implementations of its
// kernels, with the device runtime's dependency and lifetime rules,
// checking every task against the kernels' signatures and every tensor
// against its buffer, and optionally dumping tensors, checking for races and
// for kernels that write their inputs (docs/host-runtime.md).
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
#include "call_site.h"
#include "pto_orchestration_api.h"

namespace taskc::host {

// Two kernel tasks that touch overlapping memory, at least one writing, with
// no ordering path between them (see race_check.h).
struct RaceReport {
  // Task indices ("task N") and kernel names; `first` was submitted earlier.
  // When the later access is the orchestration's (get/set_tensor_data),
  // second_task is kOrchestration and second_kernel names the call; a
  // dispatch predicate's read has slot kPredicateSlot.
  static constexpr uint32_t kOrchestration = UINT32_MAX;
  static constexpr uint32_t kPredicateSlot = UINT32_MAX;
  uint32_t first_task = 0;
  uint32_t second_task = 0;
  std::string first_kernel;
  std::string second_kernel;
  uint32_t first_slot = 0;
  uint32_t second_slot = 0;
  bool first_writes = false;
  bool second_writes = false;
  // The call site the race is listed under (the later access's, else the
  // earlier's): only the first race per call site is an error message.
  uint32_t site = kNoSite;
  std::string message;
};

// What the tensor dump holds: nothing, the tasks and arguments marked with
// CoreTaskArgs::dump(...), or every task.
enum class DumpLevel : uint8_t { OFF, PARTIAL, FULL };

// The tasks tagged with one set_task_timing_slot slot and how long they
// took (kernels of every block and lane, wall clock).
struct TimingSlotStats {
  int32_t slot = 0;
  uint32_t tasks = 0;
  uint64_t total_ns = 0;
  uint64_t max_ns = 0;
};

// How far a run has got: tasks the orchestration submitted so far, and how
// many of them have finished.
struct RunProgress {
  uint32_t tasks_submitted = 0;
  uint32_t tasks_finished = 0;
};

// The files of a tensor dump in its directory (format: tensor_dump.h).
constexpr const char* kDumpIndexName = "tensor_dump.json";
constexpr const char* kDumpBlobName = "tensor_dump.bin";

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
  // With a dump_dir: FULL dumps every task, PARTIAL only the tasks and
  // arguments marked with CoreTaskArgs::dump(...).
  DumpLevel dump_level = DumpLevel::FULL;
  // Report a kernel that changes a tensor it receives as IN (a checksum of
  // every IN region before and after each kernel call). Also on with
  // check_races.
  bool check_directions = false;
  // Time the tasks that have a set_task_timing_slot slot (RunResult::timing).
  bool record_timing = false;
  // What rt_available_cluster_count() / rt_available_aiv_count() return
  // (a2a3: 24 clusters of one AIC and two AIV). require_sync_start tasks
  // wider than these are a fatal error, as on the device.
  int32_t available_clusters = 24;
  int32_t available_aiv = 48;
  // Optional, by func_id: the names of each kernel's tensor parameters in
  // signature order (the manifest's), used in messages.
  std::vector<std::vector<std::string>> tensor_param_names = {};
  // Optional: the manifest's call sites, by site number. With them, a
  // library that exports `taskc_site` has its tasks named by call site
  // ("task 2 (bias_gelu, model.kir:51, submission 37)").
  std::vector<CallSite> sites = {};
  // Optional: the manifest's fingerprint. run_library refuses a library
  // whose `taskc_manifest_fingerprint` differs (see stale_library_error).
  std::string fingerprint = {};
  std::string manifest_path = {};  // names the manifest in that message
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
  uint32_t kernel_tasks = 0;       // kernel tasks submitted
  uint32_t dummy_tasks = 0;        // rt_submit_dummy_task tasks submitted
  uint32_t tasks_run = 0;          // tasks whose kernels ran
  uint32_t tasks_skipped = 0;      // tasks whose predicate was false
  uint64_t kernel_invocations = 0;  // kernel calls: active lanes x blocks
  uint32_t kernels_used = 0;       // distinct kernels called
  // record_timing: the slots that tagged at least one task, in slot order.
  std::vector<TimingSlotStats> timing;
  // When dumping: the files written and the number of index entries.
  std::string dump_index_path;
  std::string dump_blob_path;
  size_t dump_entries = 0;
  // Why the dump could not be written (an I/O problem; not in `errors`,
  // so that a run whose only problem is its dump still has its results).
  std::string dump_error;
  // Problems that did not stop the run, e.g. a library that cannot be
  // checked against the manifest (no taskc_manifest_fingerprint).
  std::vector<std::string> warnings;
  // run_library refused the library before running it (missing entry
  // points, a fingerprint that differs from the manifest's): `errors` holds
  // the one line that says why.
  bool refused = false;

  bool ok() const { return errors.empty(); }
  // The errors, one per line.
  std::string error_text() const;
};

class HostSession;

class HostRuntime {
 public:
  explicit HostRuntime(abi::ChipCallable callable,
                       HostRuntimeOptions options = {});

  // Binds the next entry tensor: a dense row-major host buffer that the
  // caller owns and keeps alive through run(). Kernels write results into it.
  // `name` (optional) names it in messages.
  void bind_tensor(void* data, size_t bytes, DataType dtype,
                   const std::vector<uint32_t>& shape,
                   const std::string& name = "");
  template <typename T>
  void bind_tensor(std::vector<T>& data, DataType dtype,
                   const std::vector<uint32_t>& shape,
                   const std::string& name = "") {
    bind_tensor(data.data(), data.size() * sizeof(T), dtype, shape, name);
  }
  // Binds the next entry scalar as its raw payload word (see to_u64).
  void bind_scalar(uint64_t raw);
  void clear_bindings();

  // Runs the orchestration given as function pointers: checks the config's
  // expected_arg_count against the bindings, runs the entry, waits for every
  // task, then writes the dump and runs the race check if asked to.
  RunResult run(OrchestrationConfigFn config, OrchestrationEntryFn entry);
  // Same, with aicpu_orchestration_config and aicpu_orchestration_entry
  // looked up in the shared library at `library_path`, which must be a
  // regular file and define both itself (not through a dependency).
  RunResult run_library(const std::string& library_path);

  const abi::ChipCallable& callable() const { return callable_; }
  const HostRuntimeOptions& options() const { return options_; }

 private:
  // Runs config and entry on the calling thread; returns the scopes the
  // entry left open.
  size_t run_entry(HostSession& session, OrchestrationConfigFn config,
                   OrchestrationEntryFn entry, uint32_t bound,
                   const std::string& bound_text);
  void collect_results(HostSession& session, RunResult& result);

  abi::ChipCallable callable_;
  HostRuntimeOptions options_;
  // While run_library runs a library that exports taskc_site: its address.
  uint32_t* site_variable_ = nullptr;
  ChipTaskArgs entry_args_;
  std::vector<std::string> entry_names_;
  std::vector<std::string> binding_errors_;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_HOST_RUNTIME_H
