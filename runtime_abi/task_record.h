// What the host runtime remembers about each node of a run: kernel tasks,
// allocations and the orchestration's waits (sync points). Nodes are numbered
// in submit order; every predecessor of a node has a smaller number.
#ifndef TASKC_RUNTIME_ABI_TASK_RECORD_H
#define TASKC_RUNTIME_ABI_TASK_RECORD_H

#include <cstdint>
#include <string>
#include <vector>

#include "abi.h"
#include "pto_orchestration_api.h"

namespace taskc::host {

enum class NodeKind : uint8_t {
  KERNEL_TASK,
  ALLOCATION,
  // A point where the orchestration waited for tasks (get/set_tensor_data):
  // those tasks happen before every node submitted after it.
  SYNC_POINT,
};

enum class Lane : uint8_t { AIC = 0, AIV0 = 1, AIV1 = 2 };
constexpr uint32_t kLaneCount = 3;
const char* lane_name(Lane lane);  // "aic", "aiv0", "aiv1"

struct PayloadTensor {
  ChipTensor tensor;
  detail::PayloadMethod method = detail::PayloadMethod::INPUT;
};

// One captured tensor of the dump.
struct DumpCapture {
  uint32_t slot = 0;
  bool after = false;  // captured after the task ran (else before)
  std::vector<uint8_t> bytes;
};

struct TaskRecord;

// Scheduler bookkeeping, guarded by the scheduler's mutex.
struct ScheduleState {
  uint32_t pending_predecessors = 0;
  std::vector<TaskRecord*> successors;
  bool finished = false;
};

struct TaskRecord {
  uint32_t node = 0;
  NodeKind kind = NodeKind::KERNEL_TASK;
  // Kernel tasks only: their ordinal among kernel tasks, the number every
  // message and the dump call "task N".
  uint32_t task_index = 0;

  int32_t lane_kernel_ids[kLaneCount] = {INVALID_KERNEL_ID, INVALID_KERNEL_ID,
                                         INVALID_KERNEL_ID};
  // Registered callable per active lane; nullptr for an idle lane.
  const abi::CoreCallable* lane_callables[kLaneCount] = {};
  std::vector<PayloadTensor> tensors;
  std::vector<uint64_t> scalars;
  uint32_t block_num = 1;
  bool require_sync_start = false;
  bool in_manual_scope = false;
  // False when validation failed: the task is scheduled (so that its
  // successors still run) but its kernels are not called.
  bool runnable = true;

  // Every ordering edge into this node: explicit deps, tensor-map deps and
  // the last sync point. Sync points: the tasks waited for.
  std::vector<uint32_t> predecessors;
  // Sync points taken in a manual scope wait for every earlier node.
  bool full_barrier = false;

  ScheduleState schedule;
  std::vector<DumpCapture> captures;

  // The callable of the first active lane (lanes share one payload, so it
  // speaks for the task in the dump and the race check); nullptr if none.
  const abi::CoreCallable* primary_callable() const {
    for (const abi::CoreCallable* callable : lane_callables) {
      if (callable != nullptr) return callable;
    }
    return nullptr;
  }
  // "task 3 (kernel_add)".
  std::string label() const;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TASK_RECORD_H
