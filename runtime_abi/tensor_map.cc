#include "tensor_map.h"

#include <algorithm>

namespace taskc::host {

TensorMap::BufferAccesses& TensorMap::accesses(uint32_t buffer) {
  if (buffer >= buffers_.size()) buffers_.resize(size_t{buffer} + 1);
  std::unique_ptr<BufferAccesses>& slot = buffers_[buffer];
  if (!slot) slot = std::make_unique<BufferAccesses>();
  return *slot;
}

void TensorMap::collect_writers(uint32_t buffer, const TensorRegion& region,
                                std::vector<uint32_t>& nodes) const {
  const BufferAccesses* found = find(buffer);
  if (found == nullptr) return;
  found->writers.for_each_overlapping(
      region, [&nodes](const Access& access) { nodes.push_back(access.node); });
}

void TensorMap::collect_readers(uint32_t buffer, const TensorRegion& region,
                                std::vector<uint32_t>& nodes) const {
  const BufferAccesses* found = find(buffer);
  if (found == nullptr) return;
  found->readers.for_each_overlapping(
      region, [&nodes](const Readers& readers) {
        nodes.insert(nodes.end(), readers.nodes.begin(), readers.nodes.end());
      });
}

void TensorMap::record_read(uint32_t buffer, uint32_t node,
                            const TensorRegion& region) {
  if (region.empty()) return;
  RegionIndex<Readers>& readers = accesses(buffer).readers;
  if (Readers* same = readers.find_same(region)) {
    if (same->nodes.back() != node) same->nodes.push_back(node);
    return;
  }
  readers.insert(Readers{region, {node}});
}

void TensorMap::record_inout(uint32_t buffer, uint32_t node,
                             const TensorRegion& region) {
  if (region.empty()) return;
  BufferAccesses& buffer_accesses = accesses(buffer);
  // Readers of the old contents no longer matter to set_tensor_data: it
  // waits for this writer, and a reader racing with this writer is the race
  // check's business.
  buffer_accesses.readers.erase_covered_by(region);
  buffer_accesses.writers.replace_covered(Access{node, region});
}

void TensorMap::record_output(uint32_t buffer, uint32_t node,
                              const TensorRegion& region,
                              const std::vector<uint32_t>& ordered_after) {
  if (region.empty()) return;
  BufferAccesses& buffer_accesses = accesses(buffer);
  buffer_accesses.readers.erase_covered_by(region);
  buffer_accesses.writers.erase_covered_if(
      region, [&ordered_after](const Access& old) {
        return std::binary_search(ordered_after.begin(), ordered_after.end(),
                                  old.node);
      });
  buffer_accesses.writers.insert(Access{node, region});
}

size_t TensorMap::entry_count(uint32_t buffer) const {
  const BufferAccesses* found = find(buffer);
  if (found == nullptr) return 0;
  return found->writers.size() + found->readers.size();
}

}  // namespace taskc::host
