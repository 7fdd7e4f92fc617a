// Dependency discovery as on the device: per buffer, the tasks that wrote
// each region (the device's tensor-map entries) and the tasks that read it
// since. add_input and add_inout look up the overlapping writers
// (read-after-write; an inout also orders after them, write-after-write);
// add_output of an existing tensor looks nothing up, so two plain outputs to
// one region are not ordered (as on the device); readers never order a
// later write (write-after-read is left to explicit dependencies), they only
// matter to set_tensor_data.
//
// An inout drops the writer entries its region covers (the device's
// COVERED removal: it depended on them). A plain output keeps them, except
// those it is ordered after directly, which a reader reaches through it;
// so the lists stay as short as the number of live regions per buffer for
// ordered programs. Reads of one region share one entry (a list of nodes),
// so a buffer that is only read (weights, inputs) costs a few bytes per
// read, not a tree node.
//
// Buffers are numbered densely by the caller (the runtime uses allocation
// ids), so finding a buffer's accesses is an index, not a hash lookup.
#ifndef TASKC_RUNTIME_ABI_TENSOR_MAP_H
#define TASKC_RUNTIME_ABI_TENSOR_MAP_H

#include <cstdint>
#include <memory>
#include <vector>

#include "region_index.h"
#include "tensor_layout.h"

namespace taskc::host {

class TensorMap {
 public:
  // Appends the nodes that last wrote a region of `buffer` overlapping
  // `region`.
  void collect_writers(uint32_t buffer, const TensorRegion& region,
                       std::vector<uint32_t>& nodes) const;
  // Appends the nodes that read an overlapping region since its last write.
  void collect_readers(uint32_t buffer, const TensorRegion& region,
                       std::vector<uint32_t>& nodes) const;

  void record_read(uint32_t buffer, uint32_t node, const TensorRegion& region);
  // An add_inout write: replaces the writers it covers.
  void record_inout(uint32_t buffer, uint32_t node, const TensorRegion& region);
  // An add_output write into an existing tensor: keeps the writers it
  // covers unless they are among `ordered_after` (sorted).
  void record_output(uint32_t buffer, uint32_t node, const TensorRegion& region,
                     const std::vector<uint32_t>& ordered_after);

  // Entries currently held for `buffer` (for tests).
  size_t entry_count(uint32_t buffer) const;

 private:
  struct Access {
    uint32_t node;
    TensorRegion region;
  };
  // The reads of one region since its last covering write, in node order.
  struct Readers {
    TensorRegion region;
    std::vector<uint32_t> nodes;
  };
  struct BufferAccesses {
    RegionIndex<Access> writers;
    RegionIndex<Readers> readers;
  };

  const BufferAccesses* find(uint32_t buffer) const {
    return buffer < buffers_.size() ? buffers_[buffer].get() : nullptr;
  }
  BufferAccesses& accesses(uint32_t buffer);

  std::vector<std::unique_ptr<BufferAccesses>> buffers_;  // by buffer number
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TENSOR_MAP_H
