// The state of one host run: it records what the orchestration submits,
// checks every task against the registered kernels and every tensor against
// its allocation, derives dependencies as the device runtime does, keeps
// allocations alive as long as the device would (and reports a task that
// uses one it does not keep alive), hands tasks to the scheduler and runs
// their kernels. The functions of pto_orchestration_api.h reach it through
// the calling thread's current session (see CurrentSessionScope).
//
// Errors: any error stops the run from starting further tasks (tasks
// already running finish); the orchestration's later calls are still
// checked and reported. A fatal error (rt_report_fatal, an invalid
// CoreTaskArgs, an invalid dependency id, a scope misuse) also turns every
// later API call into a no-op, as on the device.
#ifndef TASKC_RUNTIME_ABI_HOST_SESSION_H
#define TASKC_RUNTIME_ABI_HOST_SESSION_H

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "abi.h"
#include "allocation.h"
#include "atomic_count.h"
#include "host_runtime.h"
#include "node_store.h"
#include "pto_orchestration_api.h"
#include "task_record.h"
#include "task_graph.h"
#include "task_scheduler.h"
#include "tensor_map.h"

namespace taskc::host {

struct SessionOptions {
  uint32_t threads = 1;
  DumpLevel dump_level = DumpLevel::OFF;
  bool check_directions = false;  // IN tensors must not change
  bool record_timing = false;     // time tasks with a timing slot
  // Keep every task record after its task is over (the race check and the
  // dump read them after the run); else only each node's NodeInfo stays.
  bool keep_records = false;
  int32_t cluster_count = 24;
  int32_t aiv_count = 48;
  size_t max_errors = 10000;
  // By func_id: the kernels' tensor parameter names (optional).
  std::vector<std::vector<std::string>> tensor_param_names;
  // Both or neither: the manifest's call sites, and the library's
  // taskc_site (call_site.h). Tasks and orchestration errors then name the
  // call site.
  const std::vector<CallSite>* sites = nullptr;
  uint32_t* site_variable = nullptr;
};

// Run-time errors of which only the first per call site is listed: a loop
// repeats a call's mistake on every iteration, so the repeats are counted
// instead.
enum class ErrorKind : uint8_t { kViewBounds, kSignature, kRace, kCount };

// What the run did, counted as it happens.
struct SessionCounters {
  std::atomic<uint32_t> tasks_submitted{0};  // kernel + dummy tasks
  std::atomic<uint32_t> kernel_tasks{0};
  std::atomic<uint32_t> dummy_tasks{0};
  std::atomic<uint32_t> tasks_finished{0};
  std::atomic<uint32_t> tasks_run{0};
  std::atomic<uint32_t> tasks_skipped{0};
  std::atomic<uint64_t> kernel_invocations{0};
};

class HostSession {
 public:
  HostSession(const abi::ChipCallable& callable, SessionOptions options);
  ~HostSession();
  HostSession(const HostSession&) = delete;
  HostSession& operator=(const HostSession&) = delete;

  // Before the entry runs: entry tensor `index` (as bound).
  void add_entry_tensor(const ChipTensor& tensor, uint32_t index,
                        const std::string& name);

  // Orchestration side (the thread that runs the entry).
  TaskOutputTensors submit(const MixedKernels& kernels, const CoreTaskArgs& args);
  TaskOutputTensors submit_dummy(const CoreTaskArgs& args);
  TaskOutputTensors alloc_tensors(const CoreTaskArgs& args);
  uint64_t read_element(const ChipTensor& tensor, uint32_t ndims,
                        const uint32_t indices[], size_t value_size);
  void write_element(const ChipTensor& tensor, uint32_t ndims,
                     const uint32_t indices[], uint64_t raw, size_t value_size);
  void scope_begin(PTO2ScopeMode mode, const char* file, int line);
  void scope_end();
  int32_t cluster_count() const { return options_.cluster_count; }
  int32_t aiv_count() const { return options_.aiv_count; }

  // Any thread.
  void report_error(std::string message);
  void report_fatal(std::string message);
  // The first error of `kind` at call site `site` (kNoSite: anywhere) is
  // reported, later ones are counted and summed up in one line by
  // take_errors.
  void report_first(ErrorKind kind, uint32_t site, std::string message);
  // Orchestration thread: the call site whose code runs, or kNoSite.
  uint32_t current_site() const;
  // Orchestration thread: where the orchestration is, for a message about
  // its own calls: "in the arguments of task 2 (bias_gelu, model.kir:51)",
  // "after task 2 (...)", or "" without call sites.
  std::string orchestration_place() const;
  void log(std::string line);
  bool fatal() const { return fatal_.load(); }
  bool failed() const { return failed_.load(); }

  // Waits for every submitted task and closes the executor's scope; call
  // once the entry returned.
  void finish();

  // After finish(); records only with keep_records.
  const NodeStore& nodes() const { return nodes_; }
  std::vector<std::string> take_errors();
  std::vector<std::string> take_log();
  std::vector<TimingSlotStats> timing() const;
  uint32_t kernels_used() const;
  // Scopes the orchestration left open (the executor's own not counted).
  size_t open_scopes() const { return frames_.empty() ? 0 : frames_.size() - 1; }
  const AllocationTable& allocations() const { return allocations_; }
  // "slot 2 'acc'" when the manifest named the parameter, else "slot 2".
  std::string slot_name(const abi::CoreCallable& callable, uint32_t slot) const;

  // Any thread, while the run goes on.
  const SessionCounters& counters() const { return counters_; }

 private:
  struct ScopeFrame {
    PTO2ScopeMode mode = PTO2ScopeMode::AUTO;
    uint32_t serial = 0;
    // Where the PTO2_SCOPE is (file nullptr or "" when unknown, and for the
    // executor's scope); kept raw, formatted only for a message.
    const char* file = nullptr;
    int line = 0;
    std::vector<Allocation*> allocations;  // created while it was innermost
  };

  // --- submit paths (host_session.cc) ---
  TaskRecord* new_task(NodeKind kind, const CoreTaskArgs& args);
  void attach_site(TaskRecord& task);
  static std::string arguments_text(const TaskRecord& task);
  // A node whose predecessors collect in pending_predecessors_ until
  // commit_predecessors.
  TaskRecord& new_node(NodeKind kind, const RecordShape& shape);
  void commit_predecessors(TaskRecord& node);
  bool check_args_error(const CoreTaskArgs& args, const char* what);
  void copy_payload(TaskRecord& task, const CoreTaskArgs& args,
                    TaskOutputTensors& outputs);
  bool materialize_output(TaskRecord& task, uint32_t slot,
                          const TensorCreateInfo& info, ChipTensor& tensor);
  void finish_submit(TaskRecord& task, const CoreTaskArgs& args,
                     TaskOutputTensors& outputs);
  Allocation* create_allocation(const TensorCreateInfo& info,
                                AllocationOrigin origin, ChipTensor& tensor);

  // --- dependencies and retention (session_dependencies.cc) ---
  bool add_explicit_dependencies(TaskRecord& task, const CoreTaskArgs& args);
  void add_creator_dependencies(TaskRecord& task);
  void add_tensor_map_dependencies(TaskRecord& task);
  void record_uses(TaskRecord& task);
  void schedule(TaskRecord& task);

  // --- checks (session_checks.cc) ---
  void validate(TaskRecord& task, const CoreTaskArgs& args);
  void resolve_tensor(TaskRecord& task, PayloadTensor& payload, uint32_t slot);
  void resolve_predicate(TaskRecord& task, const CoreTaskPredicate& predicate);
  // Whether the lane's kernel fits the task; with `problems`, every
  // mismatch is spelled out there.
  bool check_lane(const TaskRecord& task, Lane lane,
                  std::vector<std::string>* problems) const;

  // --- scopes and lifetimes (session_scopes.cc) ---
  void close_frame(ScopeFrame& frame);
  void check_lifetime(const Allocation& allocation, const ScopeFrame& frame);
  static std::string frame_name(const ScopeFrame& frame);
  bool in_manual_scope() const { return manual_depth_ > 0; }
  Allocation* resolve_for_access(const ChipTensor& tensor, const char* what);
  // The sync point waits for the nodes in pending_predecessors_.
  void synchronize(TaskRecord& sync);
  // Checks an element access and waits as the device does; the element's
  // address, or nullptr after reporting why not.
  uint8_t* access_element(const ChipTensor& tensor, uint32_t ndims,
                          const uint32_t indices[], size_t value_size,
                          bool writes);

  // --- execution (task_execution.cc), on the thread that runs the task ---
  void run_task(TaskRecord& task);
  void run_kernels(TaskRecord& task);
  bool predicate_passes(const TaskRecord& task);
  void record_timing(int32_t slot, uint64_t nanoseconds);

  const abi::ChipCallable& callable_;
  const SessionOptions options_;
  // One thread runs everything: counters need no atomic read-modify-write
  // (atomic_count.h).
  const bool one_thread_ = options_.threads <= 1;

  NodeStore nodes_{options_.keep_records, options_.threads > 1};
  AncestorWalk lifetime_walk_{nodes_};  // reused by every lifetime check
  AllocationTable allocations_;
  // Descriptors that TaskOutputTensors point to; they live as long as the
  // session.
  std::deque<ChipTensor> output_tensors_;
  // Last sync point, the predecessor of every later node; -1 for none.
  int64_t last_sync_node_ = -1;
  TensorMap tensor_map_;
  std::vector<ScopeFrame> frames_;
  uint32_t next_scope_serial_ = 0;
  uint32_t manual_depth_ = 0;
  // Per-submit scratch, kept to reuse its memory.
  std::vector<uint32_t> pending_predecessors_;  // of the node being made
  std::vector<TensorRegion> scratch_regions_;  // by slot
  std::vector<TensorMap::Probe> scratch_probes_;
  std::vector<uint32_t> scratch_retained_;  // creators the task retains

  std::mutex messages_mutex_;
  std::vector<std::string> errors_;
  size_t suppressed_errors_ = 0;
  // report_first: the (kind, site) pairs reported, and how many more came.
  std::set<std::pair<ErrorKind, uint32_t>> first_errors_;
  size_t repeated_errors_[static_cast<size_t>(ErrorKind::kCount)] = {};
  // The call site of the last task submitted (orchestration thread).
  uint32_t last_site_ = kNoSite;
  std::vector<std::string> log_;
  std::atomic<bool> fatal_{false};
  std::atomic<bool> failed_{false};
  SessionCounters counters_;
  std::unique_ptr<std::atomic<bool>[]> kernel_called_;  // by func_id

  mutable std::mutex timing_mutex_;
  std::vector<TimingSlotStats> timing_;

  // Last member: destroyed first, so its workers stop before the state they
  // use goes away.
  std::unique_ptr<TaskScheduler> scheduler_;
};

// Makes `session` the current session of the calling thread for its
// lifetime (nesting restores the previous one).
class CurrentSessionScope {
 public:
  explicit CurrentSessionScope(HostSession* session);
  ~CurrentSessionScope();
  CurrentSessionScope(const CurrentSessionScope&) = delete;
  CurrentSessionScope& operator=(const CurrentSessionScope&) = delete;

 private:
  HostSession* previous_;
};

// The calling thread's session, or nullptr.
HostSession* current_session();

// Marks the calling worker thread as running one kernel invocation (what
// taskc_host_block_idx and friends report) for its lifetime.
class KernelInvocationScope {
 public:
  KernelInvocationScope(uint32_t block_idx, uint32_t block_num, Lane lane);
  ~KernelInvocationScope();
  KernelInvocationScope(const KernelInvocationScope&) = delete;
  KernelInvocationScope& operator=(const KernelInvocationScope&) = delete;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_HOST_SESSION_H
