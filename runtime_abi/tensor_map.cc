#include "tensor_map.h"

#include <algorithm>
#include <utility>

namespace taskc::host {

TensorMap::Entries& TensorMap::entries(uint32_t buffer) {
  if (buffer >= buffers_.size()) buffers_.resize(size_t{buffer} + 1);
  std::unique_ptr<Entries>& slot = buffers_[buffer];
  if (!slot) slot = std::make_unique<Entries>();
  return *slot;
}

void TensorMap::collect_writers(uint32_t buffer, const TensorRegion& region,
                                std::vector<uint32_t>& nodes) {
  Entries* found = find(buffer);
  if (found == nullptr) return;
  found->for_each_overlapping(region, [&nodes](const Entry& entry) {
    if (entry.has_writer) nodes.push_back(entry.writer);
  });
}

TensorMap::Probe TensorMap::look_up(uint32_t buffer, const TensorRegion& region,
                                    bool for_write,
                                    std::vector<uint32_t>& nodes) {
  Entries& index = entries(buffer);
  const Entries::Match match =
      index.match(region, for_write, [&nodes](const Entry& entry) {
        if (entry.has_writer) nodes.push_back(entry.writer);
      });
  Probe probe;
  probe.same = match.same;
  probe.covers_other = match.covers_other;
  probe.version = index.version();
  probe.valid = true;
  return probe;
}

void TensorMap::collect_readers(uint32_t buffer, const TensorRegion& region,
                                std::vector<uint32_t>& nodes) {
  Entries* found = find(buffer);
  if (found == nullptr) return;
  found->for_each_overlapping(region, [&nodes](const Entry& entry) {
    entry.readers.for_each([&nodes](uint32_t node) { nodes.push_back(node); });
  });
}

void TensorMap::record_read(uint32_t buffer, uint32_t node,
                            const TensorRegion& region, const Probe* probe) {
  if (region.empty()) return;
  Entries& index = entries(buffer);
  Entry* same = usable(probe, index) ? probe->same : index.find_same(region);
  if (same == nullptr) {
    Entry added = make_entry(region);
    added.readers.push_back(node);
    index.insert(std::move(added));
  } else if (same->readers.empty() || same->readers.back() != node) {
    same->readers.push_back(node);
  }
}

void TensorMap::record_inout(uint32_t buffer, uint32_t node,
                             const TensorRegion& region, const Probe* probe) {
  if (region.empty()) return;
  Entries& index = entries(buffer);
  // Readers of the old contents no longer matter to set_tensor_data: it
  // waits for this writer, and a reader racing with this writer is the race
  // check's business. The first entry of exactly this region is reused
  // (rewriting one tile over and over allocates nothing).
  Entry* same = nullptr;
  if (usable(probe, index) && !probe->covers_other) {
    same = probe->same;  // nothing else to drop
  } else {
    index.erase_covered_if(region, [&same, &region](Entry& entry) {
      if (same == nullptr && entry.region.same_as(region)) {
        same = &entry;
        return false;
      }
      return true;
    });
  }
  if (same == nullptr) {
    Entry added = make_entry(region);
    added.writer = node;
    added.has_writer = true;
    index.insert(std::move(added));
    return;
  }
  same->readers.clear();
  same->writer = node;
  same->has_writer = true;
}

void TensorMap::record_output(uint32_t buffer, uint32_t node,
                              const TensorRegion& region,
                              const std::vector<uint32_t>& ordered_after) {
  if (region.empty()) return;
  Entries& index = entries(buffer);
  index.erase_covered_if(region, [&ordered_after](Entry& entry) {
    entry.readers.clear();
    if (entry.has_writer && std::binary_search(ordered_after.begin(),
                                               ordered_after.end(), entry.writer)) {
      entry.has_writer = false;
    }
    return !entry.has_writer;
  });
  Entry added = make_entry(region);
  added.writer = node;
  added.has_writer = true;
  index.insert(std::move(added));
}

size_t TensorMap::entry_count(uint32_t buffer) const {
  const Entries* found = find(buffer);
  return found == nullptr ? 0 : found->size();
}

}  // namespace taskc::host
