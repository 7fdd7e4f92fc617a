#include "ast_arena.h"

namespace taskc {

namespace {
// Large enough that the block count stays small, small enough that a tiny
// module does not reserve much.
constexpr size_t kBlockSize = 64 * 1024;
// Requests above this get a block of their own (the statement list of a long
// block), so that the rest of the current block is not wasted.
constexpr size_t kLargeRequest = kBlockSize / 4;

uintptr_t aligned(const char* p, size_t align) {
  return (reinterpret_cast<uintptr_t>(p) + align - 1) & ~(uintptr_t{align} - 1);
}
}  // namespace

void* Arena::allocate_slow(size_t size, size_t align) {
  if (size > kLargeRequest) {
    large_.emplace_back(new char[size + align]);
    return reinterpret_cast<void*>(aligned(large_.back().get(), align));
  }
  blocks_.emplace_back(new char[kBlockSize]);
  char* start = blocks_.back().get();
  end_ = start + kBlockSize;
  uintptr_t at = aligned(start, align);
  next_ = reinterpret_cast<char*>(at + size);
  return reinterpret_cast<void*>(at);
}

}  // namespace taskc
