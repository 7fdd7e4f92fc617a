// The state of one host run: it records what the orchestration submits,
// checks every task against the registered kernels, derives dependencies,
// hands tasks to the scheduler and runs their kernels. The functions of
// pto_orchestration_api.h reach it through the calling thread's current
// session (see CurrentSessionScope).
#ifndef TASKC_RUNTIME_ABI_HOST_SESSION_H
#define TASKC_RUNTIME_ABI_HOST_SESSION_H

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "abi.h"
#include "pto_orchestration_api.h"
#include "task_record.h"
#include "task_scheduler.h"
#include "tensor_map.h"

namespace taskc::host {

struct SessionOptions {
  uint32_t threads = 1;
  bool dump = false;  // capture tensors around every task
  size_t max_errors = 10000;
};

class HostSession {
 public:
  HostSession(const abi::ChipCallable& callable, SessionOptions options);
  ~HostSession();
  HostSession(const HostSession&) = delete;
  HostSession& operator=(const HostSession&) = delete;

  // Orchestration side (the thread that runs the entry).
  TaskOutputTensors submit(const MixedKernels& kernels,
                           const CoreTaskArgs& args);
  TaskOutputTensors alloc_tensors(const TensorCreateInfo* const infos[],
                                  uint32_t count);
  void read_element(const ChipTensor& tensor, uint32_t ndims,
                    const uint32_t indices[], void* value, size_t value_size);
  void write_element(const ChipTensor& tensor, uint32_t ndims,
                     const uint32_t indices[], const void* value,
                     size_t value_size);
  void scope_begin(PTO2ScopeMode mode);
  void scope_end();

  // Any thread.
  void report_error(std::string message);
  void report_fatal(std::string message);
  void log(std::string line);
  bool fatal() const { return fatal_.load(); }

  // Waits for every submitted task; call once the entry returned.
  void finish();

  // After finish().
  const std::vector<std::unique_ptr<TaskRecord>>& nodes() const {
    return nodes_;
  }
  std::vector<std::string> take_errors();
  std::vector<std::string> take_log();
  // Any thread, while the run goes on.
  uint32_t kernel_task_count() const {
    return kernel_task_count_.load(std::memory_order_relaxed);
  }
  uint32_t kernel_tasks_finished() const {
    return kernel_tasks_finished_.load(std::memory_order_relaxed);
  }
  uint64_t kernel_invocations() const { return kernel_invocations_.load(); }
  size_t open_scopes() const { return scopes_.size(); }

 private:
  TaskRecord& new_node(NodeKind kind);
  void resolve_lanes(TaskRecord& task, const MixedKernels& kernels);
  void validate(TaskRecord& task, const CoreTaskArgs& args);
  // What is wrong with one active lane of `task`, one message per problem.
  std::vector<std::string> lane_problems(const TaskRecord& task,
                                         Lane lane) const;
  void add_explicit_dependencies(TaskRecord& task, const CoreTaskArgs& args);
  void add_tensor_map_dependencies(TaskRecord& task);
  // Waits for `waited` (nodes) and records the sync point that models it.
  void synchronize(std::vector<uint32_t> waited, bool full_barrier);
  void run_kernels(TaskRecord& task);
  bool in_manual_scope() const { return manual_depth_ > 0; }

  const abi::ChipCallable& callable_;
  const SessionOptions options_;

  std::vector<std::unique_ptr<TaskRecord>> nodes_;
  // Per-submit scratch, kept to reuse its memory.
  std::vector<TensorRegion> scratch_regions_;
  std::vector<TaskRecord*> scratch_predecessors_;
  // Written by the orchestration thread only; atomic for progress readers.
  std::atomic<uint32_t> kernel_task_count_{0};
  // Last sync point, the predecessor of every later node; -1 for none.
  int64_t last_sync_node_ = -1;
  TensorMap tensor_map_;
  std::vector<PTO2ScopeMode> scopes_;
  uint32_t manual_depth_ = 0;

  // Memory of alloc_tensors and the descriptors TaskOutputTensors point to;
  // both live as long as the session.
  struct FreeMemory {
    void operator()(uint8_t* memory) const { std::free(memory); }
  };
  std::vector<std::unique_ptr<uint8_t, FreeMemory>> allocations_;
  std::deque<ChipTensor> allocated_tensors_;

  std::mutex messages_mutex_;
  std::vector<std::string> errors_;
  size_t suppressed_errors_ = 0;
  std::vector<std::string> log_;
  std::atomic<bool> fatal_{false};
  std::atomic<uint64_t> kernel_invocations_{0};
  std::atomic<uint32_t> kernel_tasks_finished_{0};

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
