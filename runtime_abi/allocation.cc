#include "allocation.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "atomic_count.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();

uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a > kSaturated - b ? kSaturated : a + b;
}

uint64_t saturating_multiply(uint64_t a, uint64_t b) {
  if (a != 0 && b > kSaturated / a) return kSaturated;
  return a * b;
}

enum class Geometry { OK, RANK, DTYPE, BUFFER_SIZE, ALIGNMENT, EXTENT };

// Whether every element of the descriptor lies inside an allocation of
// `bytes`, and if not, what is wrong first.
Geometry check_geometry(const ChipTensor& tensor, uint64_t bytes) {
  if (tensor.ndims == 0 || tensor.ndims > detail::kMaxTensorRank) {
    return Geometry::RANK;
  }
  const uint32_t element_size = detail::dtype_size(tensor.dtype);
  if (element_size == 0) return Geometry::DTYPE;
  if (tensor.buffer_bytes != bytes) return Geometry::BUFFER_SIZE;
  if (tensor.start_offset % element_size != 0) return Geometry::ALIGNMENT;
  bool empty = false;
  uint64_t last_element = 0;
  for (uint32_t k = 0; k < tensor.ndims; ++k) {
    if (tensor.shapes[k] == 0) empty = true;
    last_element = saturating_add(
        last_element,
        saturating_multiply(tensor.shapes[k] == 0 ? 0 : tensor.shapes[k] - 1,
                            tensor.strides[k]));
  }
  const uint64_t end =
      empty ? tensor.start_offset
            : saturating_add(tensor.start_offset,
                             saturating_multiply(saturating_add(last_element, 1),
                                                 element_size));
  return end > bytes ? Geometry::EXTENT : Geometry::OK;
}

// The message for a failed check_geometry.
std::string geometry_problem(Geometry problem, const ChipTensor& tensor,
                             uint64_t bytes) {
  switch (problem) {
    case Geometry::OK:
      break;
    case Geometry::RANK:
      return "rank " + std::to_string(tensor.ndims) + " (the rank must be 1.." +
             std::to_string(detail::kMaxTensorRank) + ")";
    case Geometry::DTYPE:
      return "an unknown dtype (" +
             std::to_string(static_cast<uint32_t>(tensor.dtype)) + ")";
    case Geometry::BUFFER_SIZE:
      return "a buffer size of " + std::to_string(tensor.buffer_bytes) +
             " bytes, but its buffer has " + std::to_string(bytes);
    case Geometry::ALIGNMENT:
      return "a start offset of " + std::to_string(tensor.start_offset) +
             " bytes, not a multiple of its element size " +
             std::to_string(detail::dtype_size(tensor.dtype));
    case Geometry::EXTENT:
      return "shape " + shape_string(tensor.shapes, tensor.ndims) +
             " with strides " + shape_string(tensor.strides, tensor.ndims) +
             " from byte " + std::to_string(tensor.start_offset) +
             " reaching past the end of its " + std::to_string(bytes) +
             "-byte buffer";
  }
  return "";
}

}  // namespace

AllocationTable::~AllocationTable() {
  for (Allocation& allocation : allocations_) {
    if (!allocation.external && !allocation.freed) std::free(allocation.memory);
  }
}

Allocation& AllocationTable::add_external(void* buffer, uint64_t bytes,
                                          std::string label) {
  Allocation& allocation = allocations_.emplace_back();
  allocation.id = static_cast<uint32_t>(allocations_.size() - 1);
  allocation.external = true;
  allocation.memory = static_cast<uint8_t*>(buffer);
  allocation.bytes = bytes;
  allocation.entry_label = std::move(label);
  external_by_buffer_.emplace(buffer, &allocation);
  return allocation;
}

Allocation* AllocationTable::allocate(uint64_t bytes, uint32_t creator_node) {
  // calloc: zero-filled so that runs are reproducible (the device's memory
  // is not), and large buffers get lazily zeroed pages. No allocation can
  // exceed PTRDIFF_MAX bytes; such a size is refused without asking the
  // allocator, which under AddressSanitizer aborts instead of returning null.
  if (bytes > static_cast<uint64_t>(PTRDIFF_MAX)) return nullptr;
  void* memory =
      std::calloc(static_cast<size_t>(bytes == 0 ? 1 : bytes), 1);
  if (memory == nullptr) return nullptr;
  Allocation& allocation = allocations_.emplace_back();
  allocation.id = static_cast<uint32_t>(allocations_.size() - 1);
  allocation.creator_node = creator_node;
  allocation.memory = static_cast<uint8_t*>(memory);
  allocation.bytes = bytes;
  auto [range, added] = by_creator_.try_emplace(creator_node, allocation.id, 0);
  (void)added;  // a node's allocations are consecutive (see allocate)
  ++range->second.second;
  return &allocation;
}

Allocation* AllocationTable::find(const ChipTensor& tensor) {
  const uint64_t owner = tensor.owner_task_id.raw;
  // Fibonacci hashing: buffers are often page-aligned, so low bits alone
  // would put them all in one slot.
  const uint64_t key = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(tensor.buffer)) ^
                       (owner * 0xC2B2AE3D27D4EB4Full);
  Recent& recent = recent_[(key * 0x9E3779B97F4A7C15ull) >> (64 - kRecentBits)];
  if (recent.allocation != nullptr && recent.buffer == tensor.buffer &&
      recent.owner == owner) {
    return recent.allocation;
  }
  Allocation* found = nullptr;
  if (!tensor.owner_task_id.is_valid()) {
    const auto external = external_by_buffer_.find(tensor.buffer);
    if (external != external_by_buffer_.end()) found = external->second;
  } else {
    const auto range = by_creator_.find(tensor.owner_task_id.raw);
    if (range != by_creator_.end()) {
      const auto [first, count] = range->second;
      for (uint32_t id = first; id < first + count; ++id) {
        Allocation& candidate = allocations_[id];
        if (candidate.memory == tensor.buffer) found = &candidate;
      }
    }
  }
  if (found != nullptr) recent = Recent{tensor.buffer, owner, found};
  return found;
}

Allocation* AllocationTable::resolve(const ChipTensor& tensor,
                                     std::string& error) {
  Allocation* found = find(tensor);
  if (found == nullptr) {
    error = tensor.buffer == nullptr
                ? std::string("it has no buffer (an empty tensor left by an "
                              "earlier error?)")
                : std::string("its buffer is neither an entry tensor nor "
                              "memory the runtime allocated") +
                      (tensor.owner_task_id.is_valid()
                           ? " for task id " +
                                 std::to_string(tensor.owner_task_id.raw)
                           : std::string());
    return nullptr;
  }
  const Geometry problem = check_geometry(tensor, found->bytes);
  if (problem != Geometry::OK) {
    error = "its descriptor has " + geometry_problem(problem, tensor, found->bytes) +
            " (" + found->label() + ")";
    return nullptr;
  }
  return found;
}

std::string origin_text(const AllocationOrigin& origin) {
  if (origin.by_alloc_tensors) {
    return "alloc_tensors (task id " + std::to_string(origin.node) +
           "): create-info " + std::to_string(origin.index);
  }
  return "output slot " + std::to_string(origin.index) + " of task " +
         std::to_string(origin.task_index) + " (task id " +
         std::to_string(origin.node) + ")";
}

std::string Allocation::label() const {
  if (external) return entry_label;
  return origin_text(origin) + " (" + detail::dtype_name(origin.dtype) + " " +
         shape_string(origin.shapes, origin.ndims) + ")";
}

void AllocationTable::release_hold(Allocation& allocation, bool one_writer) {
  if (add_count(allocation.holds, ~0u, one_writer) != 0) return;
  if (allocation.external) return;
  std::free(allocation.memory);
  allocation.freed = true;
  // The address stays as the allocation's identity; nothing reads through
  // it any more (every later use is refused as a use after release).
}

void fill_initial_value(uint8_t* memory, uint64_t bytes, uint32_t element_size,
                        uint64_t value) {
  if (element_size == 0 || element_size > sizeof value) return;
  uint8_t pattern[sizeof value];
  std::memcpy(pattern, &value, sizeof value);
  for (uint64_t offset = 0; offset + element_size <= bytes;
       offset += element_size) {
    std::memcpy(memory + offset, pattern, element_size);
  }
}

}  // namespace taskc::host
