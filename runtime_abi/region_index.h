// Entries keyed by the memory region they concern, within one buffer, so
// that finding the entries that overlap a region costs a walk over nearby
// entries only (ordered by first byte, bounded by the widest entry) rather
// than over every entry of the buffer.
#ifndef TASKC_RUNTIME_ABI_REGION_INDEX_H
#define TASKC_RUNTIME_ABI_REGION_INDEX_H

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "tensor_layout.h"

namespace taskc::host {

// Entry: any type with a `TensorRegion region` member.
template <typename Entry>
class RegionIndex {
 public:
  void insert(Entry entry) {
    widest_ = std::max(widest_, entry.region.end_byte() - entry.region.begin_byte());
    entries_.emplace(entry.region.begin_byte(), std::move(entry));
  }

  // Calls visit(const Entry&) for each entry whose region overlaps `region`,
  // in order of first byte. Entries stay in place until the next insert or
  // erase.
  template <typename Visit>
  void for_each_overlapping(const TensorRegion& region, Visit visit) const {
    if (region.empty()) return;
    const uint64_t first = region.begin_byte() > widest_
                               ? region.begin_byte() - widest_
                               : 0;
    for (auto it = entries_.lower_bound(first);
         it != entries_.end() && it->first < region.end_byte(); ++it) {
      if (it->second.region.overlaps(region)) visit(it->second);
    }
  }

  // The entry whose region is exactly `region` (each covers the other), or
  // nullptr.
  Entry* find_same(const TensorRegion& region) {
    auto [it, end] = entries_.equal_range(region.begin_byte());
    for (; it != end; ++it) {
      if (it->second.region.same_as(region)) return &it->second;
    }
    return nullptr;
  }

  // Removes the entries that `entry`'s region covers, then adds `entry`,
  // reusing the node of an entry with exactly its region if there is one
  // (rewriting one tile over and over allocates nothing).
  void replace_covered(Entry entry) {
    const TensorRegion& region = entry.region;
    Entry* same = nullptr;
    auto it = entries_.lower_bound(region.begin_byte());
    while (it != entries_.end() && it->first < region.end_byte()) {
      if (same == nullptr && it->second.region.same_as(region)) {
        same = &it->second;
        ++it;
      } else if (!region.covers(it->second.region)) {
        ++it;
      } else {
        it = entries_.erase(it);
      }
    }
    if (same != nullptr) {
      *same = std::move(entry);
    } else {
      insert(std::move(entry));
    }
  }

  // Removes the entries whose region `region` covers.
  void erase_covered_by(const TensorRegion& region) {
    erase_covered_if(region, [](const Entry&) { return true; });
  }

  // Removes the entries whose region `region` covers and for which
  // erase(entry) is true.
  template <typename Pred>
  void erase_covered_if(const TensorRegion& region, Pred erase) {
    auto it = entries_.lower_bound(region.begin_byte());
    while (it != entries_.end() && it->first < region.end_byte()) {
      if (region.covers(it->second.region) && erase(it->second)) {
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }

  size_t size() const { return entries_.size(); }

 private:
  std::multimap<uint64_t, Entry> entries_;
  uint64_t widest_ = 0;  // widest byte extent ever inserted
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_REGION_INDEX_H
