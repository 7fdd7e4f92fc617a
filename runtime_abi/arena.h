// Storage for what a host run records per node, carved from large blocks so
// that recording a task allocates nothing of its own: a fresh page costs
// this runtime more than a task does (docs/PERFORMANCE.md), so per-task
// memory is either a few words kept for the whole run or reused once the
// task is over. Every address handed out stays valid until it is given
// back (kernels receive pointers into task records).
#ifndef TASKC_RUNTIME_ABI_ARENA_H
#define TASKC_RUNTIME_ABI_ARENA_H

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

namespace taskc::host {

// At most `capacity` elements in storage owned elsewhere (an arena).
template <typename T>
class ArenaArray {
 public:
  ArenaArray() = default;
  ArenaArray(T* data, uint32_t size, uint32_t capacity)
      : data_(data), size_(size), capacity_(capacity) {}

  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }
  T* data() const { return data_; }
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) const { return data_[i]; }
  T& back() const { return data_[size_ - 1]; }
  // The room was reserved when the array was made; false when it is full.
  bool push_back(const T& value) {
    if (size_ == capacity_) return false;
    data_[size_++] = value;
    return true;
  }

 private:
  T* data_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

// Lists of node numbers kept for the whole run, each contiguous and named
// by a 32-bit handle, so that what refers to one stays small. Lists up to a
// block share blocks; a longer one is kept on its own.
class ListPool {
 public:
  static constexpr uint32_t kNoHandle = 0xFFFFFFFFu;

  explicit ListPool(uint32_t block_shift = 12) : block_shift_(block_shift) {}

  // The handle of a copy of [first, first + count) (count >= 1), or
  // kNoHandle once 2^31 block slots or 2^31 long lists are used (a run far
  // beyond what memory holds).
  uint32_t add(const uint32_t* first, size_t count);
  const uint32_t* get(uint32_t handle) const {
    if ((handle & kLong) != 0) return long_[handle & ~kLong].data();
    return blocks_[handle >> block_shift_].get() +
           (handle & ((uint32_t{1} << block_shift_) - 1));
  }
  // The length of a list kept on its own (longer than a block).
  size_t long_size(uint32_t handle) const { return long_[handle & ~kLong].size(); }

 private:
  static constexpr uint32_t kLong = 0x80000000u;
  const uint32_t block_shift_;
  std::vector<std::unique_ptr<uint32_t[]>> blocks_;
  uint32_t used_ = 0;  // in the last block
  std::vector<std::vector<uint32_t>> long_;
};

// A growing array whose elements never move: blocks of 2^kShift.
template <typename T, uint32_t kShift = 12>
class BlockArray {
 public:
  T& push_back(const T& value) {
    if ((size_ & kMask) == 0) blocks_.emplace_back(new T[size_t{1} << kShift]);
    T& slot = blocks_.back()[size_ & kMask];
    slot = value;
    ++size_;
    return slot;
  }
  T& operator[](size_t i) { return blocks_[i >> kShift][i & kMask]; }
  const T& operator[](size_t i) const { return blocks_[i >> kShift][i & kMask]; }
  size_t size() const { return size_; }

 private:
  static constexpr size_t kMask = (size_t{1} << kShift) - 1;
  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t size_ = 0;
};

// The records and payload arrays of tasks. Each task's pieces come from one
// block; with `recycle`, a block is reused once every task placed in it is
// over (end() may be called from any thread), so that a run's memory
// follows the tasks in flight, not the tasks submitted. Pieces are 8-byte
// aligned.
class TaskArena {
 public:
  struct Block;

  // `one_thread`: end() is only called from the thread that calls begin().
  explicit TaskArena(bool recycle, bool one_thread = false,
                     size_t block_bytes = size_t{64} << 10)
      : recycle_(recycle), one_thread_(one_thread), block_bytes_(block_bytes) {}
  ~TaskArena();
  TaskArena(const TaskArena&) = delete;
  TaskArena& operator=(const TaskArena&) = delete;

  // Room for one task: `bytes` (the sum of its take() sizes, each rounded
  // up with piece_size) in one block, which is returned.
  Block* begin(size_t bytes);
  // The next piece of the room begin() made.
  void* take(size_t bytes) {
    void* piece = next_;
    next_ += piece_size(bytes);
    return piece;
  }
  // The task placed in `block` is over (any thread).
  void end(Block* block);

  static constexpr size_t piece_size(size_t bytes) { return (bytes + 7) & ~size_t{7}; }

 private:
  void seal_current();
  void give_back(Block* block);

  const bool recycle_;
  const bool one_thread_;
  const size_t block_bytes_;
  Block* current_ = nullptr;
  uint8_t* next_ = nullptr;
  uint8_t* limit_ = nullptr;
  std::mutex free_mutex_;
  Block* free_ = nullptr;             // blocks whose tasks are all over
  std::vector<Block*> blocks_;        // every block, freed at the end
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_ARENA_H
