// Storage for the syntax tree: nodes and their lists are carved from large
// blocks, one bump of a pointer each, and freed all at once with the module.
// A heap object per node cost more time and memory than the node itself
// (docs/PERFORMANCE.md). Only trivially destructible types live here: the
// arena never runs a destructor.
#ifndef TASKC_COMPILER_AST_ARENA_H
#define TASKC_COMPILER_AST_ARENA_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace taskc {

// A fixed list in an arena: what a vector would be, without its capacity
// and its own heap block.
template <typename T>
class ArenaSpan {
 public:
  ArenaSpan() = default;
  ArenaSpan(T* data, uint32_t size) : data_(data), size_(size) {}

  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) const { return data_[i]; }
  T& at(size_t i) const {
    if (i >= size_) throw std::out_of_range("ArenaSpan::at");
    return data_[i];
  }
  T& front() const { return data_[0]; }
  T& back() const { return data_[size_ - 1]; }

 private:
  T* data_ = nullptr;
  uint32_t size_ = 0;
};

class Arena {
 public:
  Arena() = default;
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  template <typename T, typename... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible<T>::value, "the arena runs no destructor");
    return new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }

  // A copy of [data, data + size).
  template <typename T>
  ArenaSpan<T> copy(const T* data, size_t size) {
    static_assert(std::is_trivially_copyable<T>::value, "copied bytewise");
    if (size == 0) return {};
    // 2^32 items of one list would need far more memory than a process gets.
    void* to = allocate(sizeof(T) * size, alignof(T));
    std::memcpy(to, data, sizeof(T) * size);
    return {static_cast<T*>(to), static_cast<uint32_t>(size)};
  }
  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    char* to = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(to, text.data(), text.size());
    return {to, text.size()};
  }

  // Everything allocated after mark() can be given back by release_to():
  // the parser does so for a statement it could not parse.
  struct Mark {
    size_t blocks = 0;
    size_t large = 0;
    char* next = nullptr;
    char* end = nullptr;
  };
  Mark mark() const { return {blocks_.size(), large_.size(), next_, end_}; }
  void release_to(const Mark& m) {
    blocks_.resize(m.blocks);
    large_.resize(m.large);
    next_ = m.next;
    end_ = m.end;
  }

 private:
  void* allocate(size_t size, size_t align) {
    uintptr_t at = (reinterpret_cast<uintptr_t>(next_) + align - 1) & ~(uintptr_t{align} - 1);
    if (next_ == nullptr || at + size > reinterpret_cast<uintptr_t>(end_)) {
      return allocate_slow(size, align);
    }
    next_ = reinterpret_cast<char*>(at + size);
    return reinterpret_cast<void*>(at);
  }
  void* allocate_slow(size_t size, size_t align);

  std::vector<std::unique_ptr<char[]>> blocks_;  // the last one is bumped from
  std::vector<std::unique_ptr<char[]>> large_;   // one allocation each
  char* next_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace taskc

#endif  // TASKC_COMPILER_AST_ARENA_H
