// What the host runtime records about each node of a run: kernel tasks,
// dummy (dependency-only) tasks, allocations and the orchestration's element
// accesses (sync points). Nodes are numbered in submit order, which is also
// their PTO2TaskId; every predecessor of a node has a smaller number
// (node_store.h keeps them).
#ifndef TASKC_RUNTIME_ABI_TASK_RECORD_H
#define TASKC_RUNTIME_ABI_TASK_RECORD_H

#include <cstdint>
#include <string>
#include <vector>

#include "abi.h"
#include "arena.h"
#include "call_site.h"
#include "pto_orchestration_api.h"
#include "tensor_layout.h"

namespace taskc::host {

struct Allocation;

enum class NodeKind : uint8_t {
  KERNEL_TASK,
  DUMMY_TASK,  // rt_submit_dummy_task: in the graph, no kernel
  ALLOCATION,  // alloc_tensors: complete when submitted
  // A get/set_tensor_data: the tasks it waited for happen before every node
  // submitted after it; it reads or writes one element.
  SYNC_POINT,
};

enum class Lane : uint8_t { AIC = 0, AIV0 = 1, AIV1 = 2 };
constexpr uint32_t kLaneCount = 3;
const char* lane_name(Lane lane);  // "aic", "aiv0", "aiv1"
// "lane aiv0 kernel 'kernel_add' (func_id 0)".
std::string lane_kernel_text(Lane lane, const abi::CoreCallable& callable);

struct PayloadTensor {
  ChipTensor tensor;
  TensorArgType tag = TensorArgType::INPUT;
  Allocation* allocation = nullptr;  // nullptr when the descriptor is invalid

  // The memory it covers, keyed by its allocation (empty when invalid).
  // Computed on demand: a task record stays small.
  TensorRegion region() const {
    return allocation != nullptr ? TensorRegion::of(tensor, allocation)
                                 : TensorRegion{};
  }
};

// A dispatch predicate (CoreTaskArgs::set_predicate), resolved at submit.
struct PredicateState {
  PredicateOp op = PredicateOp::NONE;
  int64_t target = 0;
  PayloadTensor element;  // a one-element view of the operand
};

// One captured tensor (or scalar) of the dump.
struct DumpCapture {
  uint32_t slot = 0;      // tensor slot, or scalar index when `scalar`
  bool scalar = false;
  bool after = false;     // captured after the task ran (else before)
  std::vector<uint8_t> bytes;
};

struct TaskRecord;

// Scheduler bookkeeping of a task, guarded by the scheduler's mutex.
struct ScheduleState {
  uint32_t pending_predecessors = 0;
  std::vector<TaskRecord*> successors;
};

// What happened when the task's turn came.
enum class TaskOutcome : uint8_t {
  PENDING,
  RAN,                   // its kernels ran
  SKIPPED_BY_PREDICATE,  // the predicate was false: no kernel ran
  DUMMY,                 // a dependency-only task: nothing to run
  NOT_RUN,               // failed its checks, or the run had failed before
};

struct NodeInfo;

// Everything about one node that its execution, the checks and the dump
// need. It lives in the run's TaskArena: unless the run keeps records (race
// check, dump), it is given back once the task is over, and only the node's
// NodeInfo stays.
struct TaskRecord {
  uint32_t node = 0;
  NodeKind kind = NodeKind::KERNEL_TASK;
  // Kernel and dummy tasks: their ordinal among submitted tasks, the number
  // every message and the dump call "task N".
  uint32_t task_index = 0;
  // The generated code's call site of the task (HostRuntimeOptions::sites),
  // or nullptr: then messages name the task by task_index alone.
  const CallSite* site = nullptr;
  uint32_t site_number = kNoSite;

  int32_t lane_kernel_ids[kLaneCount] = {INVALID_KERNEL_ID, INVALID_KERNEL_ID,
                                         INVALID_KERNEL_ID};
  // Registered callable per active lane; nullptr for an idle lane.
  const abi::CoreCallable* lane_callables[kLaneCount] = {};
  ArenaArray<PayloadTensor> tensors;
  ArenaArray<uint64_t> scalars;
  // DataType codes (0xFF unknown), kept only when dumping.
  ArenaArray<uint8_t> scalar_dtypes;
  uint32_t block_num = 1;
  bool require_sync_start = false;
  bool in_manual_scope = false;
  bool allow_early_resolve = false;
  int32_t timing_slot = TASK_TIMING_SLOT_NONE;
  uint64_t dump_mask = 0;            // CoreTaskArgs::dump marks
  uint64_t dump_ambiguous_mask = 0;

  // Dispatch predicate; nullptr: always dispatch.
  PredicateState* predicate = nullptr;

  // False when a check failed: the task is scheduled (so that the graph
  // stays whole) but its kernels are not called.
  bool runnable = true;
  TaskOutcome outcome = TaskOutcome::PENDING;
  // Allocations the task holds until it finished (see Allocation::holds).
  ArenaArray<Allocation*> held;

  // Sync points: the element accessed is tensors[0]; whether it was
  // written.
  bool writes = false;

  ScheduleState schedule;
  std::vector<DumpCapture> captures;

  // Where the record lives (NodeStore).
  NodeInfo* info = nullptr;
  TaskArena::Block* block = nullptr;

  bool is_task() const {
    return kind == NodeKind::KERNEL_TASK || kind == NodeKind::DUMMY_TASK;
  }
  // The callable of the first active lane (lanes share one payload, so it
  // speaks for the task in the dump and the race check); nullptr if none.
  const abi::CoreCallable* primary_callable() const {
    for (const abi::CoreCallable* callable : lane_callables) {
      if (callable != nullptr) return callable;
    }
    return nullptr;
  }
  // "task 3 (kernel_add)", "task 4 (dummy task)"; with a call site the
  // site's number and place, and the submission as secondary information:
  // "task 2 (bias_gelu, model.kir:51, submission 37)".
  std::string label() const;
  // What a message about the task starts with: "task 3" by submission, or
  // with a call site its label (the kernel is named by the message).
  std::string name() const;
};

// The label of a task from what a label needs (see TaskRecord::label).
std::string task_label(uint32_t task_index, NodeKind kind,
                       const abi::CoreCallable* primary_callable,
                       const CallSite* site = nullptr,
                       uint32_t site_number = kNoSite);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TASK_RECORD_H
