// The buffers of a host run: entry tensors (the caller's) and the runtime's
// allocations (alloc_tensors, task-allocated outputs), with what the device
// runtime's lifetime rules need: the scope whose end drops its reference,
// the tasks that retain the allocation (creator edges in automatic scopes,
// explicit dependencies with DEP_RETAIN) and the tasks that use it without
// retaining it. Every tensor a task or the orchestration hands to the
// runtime is checked against the allocation it claims before any byte of it
// is touched.
#ifndef TASKC_RUNTIME_ABI_ALLOCATION_H
#define TASKC_RUNTIME_ABI_ALLOCATION_H

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "abi.h"
#include "call_site.h"
#include "pto_orchestration_api.h"

namespace taskc::host {

// Where a runtime allocation comes from, kept as plain values: its label is
// only spelled out for a message.
struct AllocationOrigin {
  bool by_alloc_tensors = false;  // else a task's add_output(TensorCreateInfo)
  uint32_t index = 0;             // create-info number or payload slot
  uint32_t task_index = 0;        // the task's ordinal (task outputs)
  uint32_t node = 0;              // the allocating node (its task id)
  DataType dtype = DataType::FLOAT32;
  uint32_t ndims = 0;
  uint32_t shapes[detail::kMaxTensorRank] = {};
};

// "output slot 2 of task 5 (task id 7)", "alloc_tensors (task id 3):
// create-info 0": what the create-info made, before its shape is checked.
std::string origin_text(const AllocationOrigin& origin);

// A task that uses an allocation without retaining it, with what its label
// needs (its record may be gone when the scope ends).
struct UnretainedUse {
  uint32_t node = 0;
  uint32_t task_index = 0;
  bool dummy = false;
  const abi::CoreCallable* callable = nullptr;  // the task's primary one
  const CallSite* site = nullptr;               // TaskRecord::site
  uint32_t site_number = kNoSite;
};

struct Allocation {
  uint32_t id = 0;        // creation order, entry tensors first
  bool external = false;  // an entry tensor: the caller's buffer
  // The node that allocated it (an alloc_tensors node or a task with
  // add_output(TensorCreateInfo)); -1 for entry tensors.
  int64_t creator_node = -1;
  uint8_t* memory = nullptr;
  uint64_t bytes = 0;
  std::string entry_label;  // entry tensors: "entry tensor 0 'x'"
  AllocationOrigin origin;  // runtime allocations

  // Orchestration thread only.
  uint32_t scope_serial = 0;  // the scope whose end drops its reference
  bool scope_ended = false;
  std::vector<uint32_t> retaining_users;  // nodes
  std::vector<UnretainedUse> other_users;

  // The scope's reference plus one per task that uses it and has not
  // finished; the memory is freed when it reaches 0.
  std::atomic<uint32_t> holds{1};
  bool freed = false;  // set by the release that dropped the last hold

  // "entry tensor 0 'x'", "output slot 1 of task 4 (task id 6) (FLOAT32
  // [16, 16])".
  std::string label() const;
};

class AllocationTable {
 public:
  AllocationTable() = default;
  ~AllocationTable();
  AllocationTable(const AllocationTable&) = delete;
  AllocationTable& operator=(const AllocationTable&) = delete;

  // An entry tensor's buffer (never released).
  Allocation& add_external(void* buffer, uint64_t bytes, std::string label);
  // A zero-filled buffer of `bytes` made by node `creator_node`, or nullptr
  // when the host cannot allocate it. The caller fills in scope and origin.
  // A node's allocations are made one after the other.
  Allocation* allocate(uint64_t bytes, uint32_t creator_node);

  // The allocation `tensor` belongs to, after checking that its descriptor
  // lies inside it (rank 1..5, a known dtype, an aligned start, every
  // element inside the buffer). On failure: nullptr and `error` says why.
  Allocation* resolve(const ChipTensor& tensor, std::string& error);

  // Drops one hold; frees the memory when it was the last. `one_writer`:
  // the run has one thread (see atomic_count.h).
  static void release_hold(Allocation& allocation, bool one_writer);

  size_t size() const { return allocations_.size(); }

 private:
  std::deque<Allocation> allocations_;
  Allocation* find(const ChipTensor& tensor);

  // Creator node -> its allocations (ids first .. first + count - 1), and
  // entry buffers by address.
  std::unordered_map<uint64_t, std::pair<uint32_t, uint32_t>> by_creator_;
  std::unordered_map<const void*, Allocation*> external_by_buffer_;
  // The allocations found last, by buffer address and owner (what find()
  // looks up; the answer for a pair never changes once found). Tasks name
  // the same few buffers over and over.
  struct Recent {
    const void* buffer = nullptr;
    uint64_t owner = 0;
    Allocation* allocation = nullptr;
  };
  static constexpr uint32_t kRecentBits = 4;
  Recent recent_[size_t{1} << kRecentBits];
};

// Fills `bytes` at `memory` with the first `element_size` bytes of
// `value` (little-endian), element after element, as the device runtime
// fills a tensor with its create-info's initial value.
void fill_initial_value(uint8_t* memory, uint64_t bytes, uint32_t element_size,
                        uint64_t value);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_ALLOCATION_H
