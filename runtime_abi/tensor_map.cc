#include "tensor_map.h"

namespace taskc::host {

void TensorMap::collect(const RegionIndex<Access>& accesses,
                        const TensorRegion& region,
                        std::vector<uint32_t>& nodes) {
  accesses.for_each_overlapping(
      region, [&nodes](const Access& access) { nodes.push_back(access.node); });
}

void TensorMap::collect_writers(const TensorRegion& region,
                                std::vector<uint32_t>& nodes) const {
  const auto found = buffers_.find(region.buffer());
  if (found != buffers_.end()) collect(found->second.writers, region, nodes);
}

void TensorMap::collect_readers(const TensorRegion& region,
                                std::vector<uint32_t>& nodes) const {
  const auto found = buffers_.find(region.buffer());
  if (found != buffers_.end()) collect(found->second.readers, region, nodes);
}

void TensorMap::record_read(uint32_t node, const TensorRegion& region) {
  if (region.empty()) return;
  buffers_[region.buffer()].readers.insert(Access{node, region});
}

void TensorMap::record_write(uint32_t node, const TensorRegion& region) {
  if (region.empty()) return;
  BufferAccesses& accesses = buffers_[region.buffer()];
  accesses.writers.erase_covered_by(region);
  // Readers of the old contents no longer matter to set_tensor_data: it
  // waits for this writer, and a reader racing with this writer is the race
  // check's business.
  accesses.readers.erase_covered_by(region);
  accesses.writers.insert(Access{node, region});
}

size_t TensorMap::entry_count(const void* buffer) const {
  const auto found = buffers_.find(buffer);
  if (found == buffers_.end()) return 0;
  return found->second.writers.size() + found->second.readers.size();
}

}  // namespace taskc::host
