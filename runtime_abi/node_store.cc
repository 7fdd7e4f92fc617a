#include "node_store.h"

#include <algorithm>
#include <new>

namespace taskc::host {

namespace {

template <typename T>
ArenaArray<T> make_array(TaskArena& arena, uint32_t capacity, uint32_t size) {
  if (capacity == 0) return {};
  T* data = static_cast<T*>(arena.take(sizeof(T) * capacity));
  for (uint32_t i = 0; i < capacity; ++i) new (data + i) T();
  return ArenaArray<T>(data, size, capacity);
}

}  // namespace

NodeStore::~NodeStore() {
  if (!keep_records_) return;  // given back as each task ended
  for (size_t node = 0; node < records_.size(); ++node) {
    records_[node]->~TaskRecord();
  }
}

TaskRecord& NodeStore::add(NodeKind kind, const RecordShape& shape) {
  const uint32_t dtypes = shape.scalar_dtypes ? shape.scalars : 0;
  const size_t bytes =
      TaskArena::piece_size(sizeof(TaskRecord)) +
      TaskArena::piece_size(sizeof(PayloadTensor) * shape.tensors) +
      TaskArena::piece_size(sizeof(uint64_t) * shape.scalars) +
      TaskArena::piece_size(dtypes) +
      (shape.predicate ? TaskArena::piece_size(sizeof(PredicateState)) : 0) +
      TaskArena::piece_size(sizeof(Allocation*) * shape.held);
  TaskArena::Block* block = arena_.begin(bytes);
  auto* record = new (arena_.take(sizeof(TaskRecord))) TaskRecord;
  record->node = static_cast<uint32_t>(infos_.size());
  record->kind = kind;
  record->block = block;
  record->tensors = make_array<PayloadTensor>(arena_, shape.tensors, shape.tensors);
  record->scalars = make_array<uint64_t>(arena_, shape.scalars, shape.scalars);
  record->scalar_dtypes = make_array<uint8_t>(arena_, dtypes, dtypes);
  if (shape.predicate) {
    record->predicate = new (arena_.take(sizeof(PredicateState))) PredicateState;
  }
  record->held = make_array<Allocation*>(arena_, shape.held, 0);
  NodeInfo info;
  info.kind = kind;
  record->info = &infos_.push_back(info);
  if (index_records_) records_.push_back(record);
  return *record;
}

bool NodeStore::set_predecessors(uint32_t node,
                                 std::vector<uint32_t>& predecessors) {
  if (!std::is_sorted(predecessors.begin(), predecessors.end())) {
    std::sort(predecessors.begin(), predecessors.end());
  }
  predecessors.erase(std::unique(predecessors.begin(), predecessors.end()),
                     predecessors.end());
  NodeInfo& info = infos_[node];
  const size_t count = predecessors.size();
  if (count <= 1) {
    info.predecessor = count == 1 ? predecessors[0] : 0;
    info.predecessor_count = static_cast<uint16_t>(count);
    return true;
  }
  const uint32_t handle = predecessors_.add(predecessors.data(), count);
  if (handle == ListPool::kNoHandle) return false;
  info.predecessor = handle;
  info.predecessor_count = count < NodeInfo::kManyPredecessors
                               ? static_cast<uint16_t>(count)
                               : NodeInfo::kManyPredecessors;
  return true;
}

Predecessors NodeStore::predecessors(uint32_t node) const {
  const NodeInfo& info = infos_[node];
  Predecessors span;
  if (info.predecessor_count <= 1) {
    span.first = &info.predecessor;
    span.last = span.first + info.predecessor_count;
    return span;
  }
  const size_t count = info.predecessor_count == NodeInfo::kManyPredecessors
                           ? predecessors_.long_size(info.predecessor)
                           : info.predecessor_count;
  span.first = predecessors_.get(info.predecessor);
  span.last = span.first + count;
  return span;
}

void NodeStore::release(TaskRecord& record) {
  if (keep_records_) return;
  TaskArena::Block* block = record.block;
  record.~TaskRecord();
  arena_.end(block);
}

}  // namespace taskc::host
