#include "tensor_map.h"

#include <algorithm>

namespace taskc::host {

void TensorMap::collect_writers(const TensorRegion& region,
                                std::vector<uint32_t>& nodes) const {
  const auto found = buffers_.find(region.buffer());
  if (found == buffers_.end()) return;
  found->second.writers.for_each_overlapping(
      region, [&nodes](const Access& access) { nodes.push_back(access.node); });
}

void TensorMap::collect_readers(const TensorRegion& region,
                                std::vector<uint32_t>& nodes) const {
  const auto found = buffers_.find(region.buffer());
  if (found == buffers_.end()) return;
  found->second.readers.for_each_overlapping(
      region, [&nodes](const Readers& readers) {
        nodes.insert(nodes.end(), readers.nodes.begin(), readers.nodes.end());
      });
}

void TensorMap::record_read(uint32_t node, const TensorRegion& region) {
  if (region.empty()) return;
  RegionIndex<Readers>& readers = buffers_[region.buffer()].readers;
  if (Readers* same = readers.find_same(region)) {
    if (same->nodes.back() != node) same->nodes.push_back(node);
    return;
  }
  readers.insert(Readers{region, {node}});
}

void TensorMap::record_inout(uint32_t node, const TensorRegion& region) {
  if (region.empty()) return;
  BufferAccesses& accesses = buffers_[region.buffer()];
  // Readers of the old contents no longer matter to set_tensor_data: it
  // waits for this writer, and a reader racing with this writer is the race
  // check's business.
  accesses.readers.erase_covered_by(region);
  accesses.writers.replace_covered(Access{node, region});
}

void TensorMap::record_output(uint32_t node, const TensorRegion& region,
                              const std::vector<uint32_t>& ordered_after) {
  if (region.empty()) return;
  BufferAccesses& accesses = buffers_[region.buffer()];
  accesses.readers.erase_covered_by(region);
  accesses.writers.erase_covered_if(region, [&ordered_after](const Access& old) {
    return std::binary_search(ordered_after.begin(), ordered_after.end(),
                              old.node);
  });
  accesses.writers.insert(Access{node, region});
}

size_t TensorMap::entry_count(const void* buffer) const {
  const auto found = buffers_.find(buffer);
  if (found == buffers_.end()) return 0;
  return found->second.writers.size() + found->second.readers.size();
}

}  // namespace taskc::host
