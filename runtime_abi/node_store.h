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

// 8 bytes per node, kept for the whole run: at a million tasks a second,
// every byte kept per node is a megabyte a second of fresh pages, and a page
// fault costs this runtime more than a task does (docs/PERFORMANCE.md).
// Its predecessors: NodeStore::predecessors.
struct NodeInfo {
  NodeKind kind = NodeKind::KERNEL_TASK;
  // Tasks: set (under the scheduler's mutex) when the task is over.
  bool finished = false;
  // How many predecessors, or kManyPredecessors (the pool knows).
  uint16_t predecessor_count = 0;
  // The one predecessor, or the handle of the list in the store's pool.
  uint32_t predecessor = 0;
  static constexpr uint16_t kManyPredecessors = 0xFFFF;

  bool is_task() const {
    return kind == NodeKind::KERNEL_TASK || kind == NodeKind::DUMMY_TASK;
  }
};

// A node's predecessors.
struct Predecessors {
  const uint32_t* first = nullptr;
  const uint32_t* last = nullptr;
  const uint32_t* begin() const { return first; }
  const uint32_t* end() const { return last; }
  size_t size() const { return static_cast<size_t>(last - first); }
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
  // keep_records: every record stays until the store goes (the race check
  // and the dump read them after the run); else each is given back when its
  // task is over. threaded: tasks end on worker threads, and record(node)
  // finds the record of a node whose task is not over (the scheduler needs
  // it); implied by keep_records.
  NodeStore(bool keep_records, bool threaded)
      : keep_records_(keep_records),
        index_records_(keep_records || threaded),
        arena_(!keep_records, !threaded) {}
  ~NodeStore();
  NodeStore(const NodeStore&) = delete;
  NodeStore& operator=(const NodeStore&) = delete;

  // Node size() with a fresh record of that shape (orchestration thread).
  TaskRecord& add(NodeKind kind, const RecordShape& shape);
  // Sets the node's predecessors once its record is complete; sorts and
  // deduplicates `predecessors` in place. False (and none set) when the
  // run has more edges than the store can name (ListPool::add).
  bool set_predecessors(uint32_t node, std::vector<uint32_t>& predecessors);
  // Every ordering edge into the node: explicit deps, creator and
  // tensor-map deps, and the last sync point; for sync points, the tasks
  // waited for and the previous sync point. Sorted, no duplicates.
  Predecessors predecessors(uint32_t node) const;
  // The record is no longer needed (any thread; nothing when records are
  // kept).
  void release(TaskRecord& record);

  size_t size() const { return infos_.size(); }
  const NodeInfo& info(uint32_t node) const { return infos_[node]; }
  NodeInfo& info(uint32_t node) { return infos_[node]; }
  bool keeps_records() const { return keep_records_; }
  // When threaded: the record of a node whose task is not over; with
  // keep_records: every node's record (orchestration thread, or after the
  // run).
  TaskRecord& record(uint32_t node) const { return *records_[node]; }

 private:
  const bool keep_records_;
  const bool index_records_;
  BlockArray<NodeInfo> infos_;
  BlockArray<TaskRecord*> records_;  // with index_records_ only
  ListPool predecessors_;  // lists of two and more
  TaskArena arena_;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_NODE_STORE_H
