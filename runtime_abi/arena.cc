#include "arena.h"

#include <new>

#include "atomic_count.h"

namespace taskc::host {

// A block's header; its pieces follow.
struct TaskArena::Block {
  // Tasks placed in it that are not over, plus one while it is the block
  // being filled.
  std::atomic<uint32_t> live{1};
  size_t size = 0;  // bytes after the header
  Block* next_free = nullptr;

  uint8_t* pieces() { return reinterpret_cast<uint8_t*>(this) + header_size(); }
  static constexpr size_t header_size() { return piece_size(sizeof(Block)); }
};

TaskArena::~TaskArena() {
  for (Block* block : blocks_) {
    block->~Block();
    ::operator delete(block);
  }
}

TaskArena::Block* TaskArena::begin(size_t bytes) {
  if (current_ == nullptr || static_cast<size_t>(limit_ - next_) < bytes) {
    seal_current();
    Block* block = nullptr;
    {
      std::lock_guard<std::mutex> lock(free_mutex_);
      if (free_ != nullptr && free_->size >= bytes) {
        block = free_;
        free_ = block->next_free;
      }
    }
    if (block == nullptr) {
      const size_t size = bytes > block_bytes_ ? bytes : block_bytes_;
      void* memory = ::operator new(Block::header_size() + size);
      block = new (memory) Block;
      block->size = size;
      blocks_.push_back(block);
    }
    block->live.store(1, std::memory_order_relaxed);
    block->next_free = nullptr;
    current_ = block;
    next_ = block->pieces();
    limit_ = next_ + block->size;
  }
  if (recycle_) add_count(current_->live, 1u, one_thread_);
  return current_;
}

void TaskArena::end(Block* block) {
  if (recycle_) give_back(block);
}

void TaskArena::seal_current() {
  if (current_ == nullptr) return;
  Block* sealed = current_;
  current_ = nullptr;
  if (recycle_) give_back(sealed);
}

void TaskArena::give_back(Block* block) {
  if (add_count(block->live, ~0u, one_thread_) != 0) return;
  std::lock_guard<std::mutex> lock(free_mutex_);
  block->next_free = free_;
  free_ = block;
}

}  // namespace taskc::host
