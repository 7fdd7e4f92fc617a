// Dependency discovery as on the device: per buffer, the tasks that last
// wrote each region and the tasks that read it since. A read depends on the
// overlapping writers (read-after-write), a write on the overlapping writers
// (write-after-write); readers never order a later write (write-after-read
// is left to explicit dependencies), they only matter to set_tensor_data.
//
// A write drops the entries it covers, so the lists stay as short as the
// number of live regions per buffer, not the number of tasks. Reads of one
// region share one entry (a list of nodes), so a buffer that is only read
// (weights, inputs) costs a few bytes per read, not a tree node.
#ifndef TASKC_RUNTIME_ABI_TENSOR_MAP_H
#define TASKC_RUNTIME_ABI_TENSOR_MAP_H

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "region_index.h"
#include "tensor_layout.h"

namespace taskc::host {

class TensorMap {
 public:
  // Appends the nodes that last wrote a region overlapping `region`.
  void collect_writers(const TensorRegion& region,
                       std::vector<uint32_t>& nodes) const;
  // Appends the nodes that read an overlapping region since its last write.
  void collect_readers(const TensorRegion& region,
                       std::vector<uint32_t>& nodes) const;

  void record_read(uint32_t node, const TensorRegion& region);
  void record_write(uint32_t node, const TensorRegion& region);

  // Entries currently held for `buffer` (for tests).
  size_t entry_count(const void* buffer) const;

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

  std::unordered_map<const void*, BufferAccesses> buffers_;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TENSOR_MAP_H
