// A growing list of increasing node numbers (the tasks that read a region
// since it was last written), stored compactly: each number is the LEB128
// varint of its distance from the previous one, so a list of the tasks of a
// loop costs one or two bytes per task instead of four, in 64-byte chunks
// that never move (appending copies nothing). A buffer that every task
// reads (weights) grows its list by one task per submit for the whole run,
// and fresh pages cost this runtime more than the tasks do
// (docs/PERFORMANCE.md).
#ifndef TASKC_RUNTIME_ABI_NODE_LIST_H
#define TASKC_RUNTIME_ABI_NODE_LIST_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace taskc::host {

// The chunks of every NodeList of one owner (one thread): taken from slabs,
// given back to a free list when a list is cleared or destroyed.
class NodeListPool {
 public:
  static constexpr size_t kChunkBytes = 56;
  struct Chunk {
    Chunk* next;
    uint8_t bytes[kChunkBytes];
  };

  NodeListPool() = default;
  NodeListPool(const NodeListPool&) = delete;
  NodeListPool& operator=(const NodeListPool&) = delete;

  Chunk* take();
  // Gives back the chain [first .. last] (linked by next).
  void give_back(Chunk* first, Chunk* last);
  // Chunks handed out and not given back (for tests).
  size_t chunks_in_use() const { return in_use_; }

 private:
  static constexpr size_t kSlabChunks = 1024;  // 64 KiB
  std::vector<std::unique_ptr<Chunk[]>> slabs_;
  size_t slab_used_ = kSlabChunks;
  Chunk* free_ = nullptr;
  size_t in_use_ = 0;
};

class NodeList {
 public:
  explicit NodeList(NodeListPool& pool) : pool_(&pool) {}
  ~NodeList() { clear(); }
  NodeList(NodeList&& other) noexcept { steal(other); }
  NodeList& operator=(NodeList&& other) noexcept {
    if (this != &other) {
      clear();
      steal(other);
    }
    return *this;
  }
  NodeList(const NodeList&) = delete;
  NodeList& operator=(const NodeList&) = delete;

  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  // The last number appended; the list must not be empty.
  uint32_t back() const { return last_; }
  // Appends `node`, which must be greater than back() unless the list is
  // empty.
  void push_back(uint32_t node);
  // Calls visit(uint32_t) for each number, in order.
  template <typename Visit>
  void for_each(Visit visit) const;
  // Empties the list and gives its chunks back.
  void clear();

 private:
  void put_byte(uint8_t byte);
  void steal(NodeList& other);

  NodeListPool* pool_ = nullptr;
  NodeListPool::Chunk* head_ = nullptr;
  NodeListPool::Chunk* tail_ = nullptr;
  uint32_t tail_used_ = NodeListPool::kChunkBytes;  // bytes used in tail_
  uint32_t last_ = 0;
  uint32_t count_ = 0;
};

template <typename Visit>
void NodeList::for_each(Visit visit) const {
  const NodeListPool::Chunk* chunk = head_;
  size_t at = 0;
  uint32_t value = 0;
  for (uint32_t i = 0; i < count_; ++i) {
    // One varint; the first is the number itself, each later one the
    // distance from the previous number minus one.
    uint32_t delta = 0;
    for (uint32_t shift = 0;; shift += 7) {
      if (at == NodeListPool::kChunkBytes) {
        chunk = chunk->next;
        at = 0;
      }
      const uint8_t byte = chunk->bytes[at++];
      delta |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
    }
    value = i == 0 ? delta : value + delta + 1;
    visit(value);
  }
}

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_NODE_LIST_H
