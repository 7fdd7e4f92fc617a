#include "arena.h"

#include <algorithm>
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

uint32_t ListPool::add(const uint32_t* first, size_t count) {
  const uint32_t block_size = uint32_t{1} << block_shift_;
  if (count > block_size) {
    if (long_.size() >= kLong) return kNoHandle;
    long_.emplace_back(first, first + count);
    return kLong | static_cast<uint32_t>(long_.size() - 1);
  }
  if (blocks_.empty() || used_ + count > block_size) {
    if (blocks_.size() >= (kLong >> block_shift_)) return kNoHandle;
    blocks_.emplace_back(new uint32_t[block_size]);
    used_ = 0;
  }
  const uint32_t handle =
      static_cast<uint32_t>((blocks_.size() - 1) << block_shift_) | used_;
  std::copy(first, first + count, blocks_.back().get() + used_);
  used_ += static_cast<uint32_t>(count);
  return handle;
}

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
