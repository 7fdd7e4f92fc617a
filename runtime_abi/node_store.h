// The nodes of a run, numbered in submit order: for each, a NodeInfo kept
// for the whole run (kind, predecessors, whether it finished: what the
// graph questions and later submits need) and a TaskRecord (everything
// else) that is given back to the arena once the task is over, unless the
// run keeps records for the race check or the dump. So a run's memory
// grows by a few words per task, not by its payload.
#ifndef TASKC_RUNTIME_ABI_NODE_STORE_H
#define TASKC_RUNTIME_ABI_NODE_STORE_H

#include <cstdint>
#include <vector>

#include "arena.h"
#include "task_record.h"

namespace taskc::host {

struct NodeInfo {
  // Valid while the node's task is not finished, and always when records
  // are kept; nullptr once given back.
  TaskRecord* record = nullptr;
  // Every ordering edge into this node: explicit deps, creator and
  // tensor-map deps, and the last sync point; for sync points, the tasks
  // waited for and the previous sync point. Sorted, no duplicates.
  const uint32_t* predecessors = nullptr;
  uint32_t predecessor_count = 0;
  NodeKind kind = NodeKind::KERNEL_TASK;
  // Tasks: set (under the scheduler's mutex) when the task is over.
  bool finished = false;

  bool is_task() const {
    return kind == NodeKind::KERNEL_TASK || kind == NodeKind::DUMMY_TASK;
  }
  const uint32_t* predecessors_begin() const { return predecessors; }
  const uint32_t* predecessors_end() const {
    return predecessors + predecessor_count;
  }
};

// How much payload a record needs room for.
struct RecordShape {
  uint32_t tensors = 0;
  uint32_t scalars = 0;
  bool scalar_dtypes = false;  // a DataType code per scalar (the dump)
  bool predicate = false;
  uint32_t held = 0;  // allocations the task may hold
};

class NodeStore {
 public:
  explicit NodeStore(bool keep_records)
      : keep_records_(keep_records), arena_(!keep_records) {}
  ~NodeStore();
  NodeStore(const NodeStore&) = delete;
  NodeStore& operator=(const NodeStore&) = delete;

  // Node size() with a fresh record of that shape (orchestration thread).
  TaskRecord& add(NodeKind kind, const RecordShape& shape);
  // Sets the node's predecessors once its record is complete; sorts and
  // deduplicates `predecessors` in place.
  void set_predecessors(uint32_t node, std::vector<uint32_t>& predecessors);
  // The record is no longer needed (any thread; nothing when records are
  // kept).
  void release(TaskRecord& record);

  size_t size() const { return infos_.size(); }
  const NodeInfo& info(uint32_t node) const { return infos_[node]; }
  NodeInfo& info(uint32_t node) { return infos_[node]; }
  bool keeps_records() const { return keep_records_; }
  // With keeps_records(): every node's record.
  const TaskRecord& record(uint32_t node) const { return *infos_[node].record; }

 private:
  const bool keep_records_;
  BlockArray<NodeInfo> infos_;
  ArrayPool<uint32_t> predecessors_{size_t{1} << 14};
  TaskArena arena_;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_NODE_STORE_H
