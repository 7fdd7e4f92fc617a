// Entries keyed by the memory region they concern, within one buffer, so
// that finding the entries that overlap a region costs a walk over nearby
// entries only (ordered by first byte, bounded by the widest entry) rather
// than over every entry of the buffer. Loops tend to walk a buffer's tiles
// in order, so each search first tries where the previous one ended.
#ifndef TASKC_RUNTIME_ABI_REGION_INDEX_H
#define TASKC_RUNTIME_ABI_REGION_INDEX_H

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <utility>

#include "tensor_layout.h"

namespace taskc::host {

// Entry: any type with a `TensorRegion region` member.
template <typename Entry>
class RegionIndex {
 public:
  RegionIndex() = default;
  // The search hint points into entries_: a moved index starts without one.
  RegionIndex(RegionIndex&& other) noexcept
      : entries_(std::move(other.entries_)),
        widest_(other.widest_),
        version_(other.version_ + 1) {
    other.hint_ = other.entries_.end();
  }
  RegionIndex(const RegionIndex&) = delete;
  RegionIndex& operator=(const RegionIndex&) = delete;
  RegionIndex& operator=(RegionIndex&&) = delete;

  void insert(Entry entry) {
    widest_ = std::max(widest_, entry.region.end_byte() - entry.region.begin_byte());
    entries_.emplace(entry.region.begin_byte(), std::move(entry));
    ++version_;  // iterators stay valid: the search hint too
  }

  // What match() found besides the overlapping entries.
  struct Match {
    // The first entry, in order, whose region is exactly `region`.
    Entry* same = nullptr;
    // With find_covered: whether `region` covers another entry (what
    // erase_covered_if would visit, `same` aside).
    bool covers_other = false;
  };

  // for_each_overlapping (visit(Entry&)), and in the same walk the entry
  // with exactly `region` and whether the region covers others: a lookup
  // that a later update of the same region can reuse while version() is
  // unchanged.
  template <typename Visit>
  Match match(const TensorRegion& region, bool find_covered, Visit visit) {
    Match found;
    if (region.empty()) return found;
    for (auto it = first_candidate(region);
         it != entries_.end() && it->first < region.end_byte(); ++it) {
      Entry& entry = it->second;
      if (entry.region.end_byte() <= region.begin_byte()) continue;
      const TensorRegion::Relation relation = region.relation(entry.region);
      if (!relation.overlaps) continue;
      visit(entry);
      if (found.same == nullptr && relation.same) {
        found.same = &entry;
      } else if (find_covered && relation.covers) {
        found.covers_other = true;
      }
    }
    return found;
  }

  // Changes whenever an entry is added or removed.
  uint64_t version() const { return version_; }

  // Calls visit(const Entry&) for each entry whose region overlaps `region`,
  // in order of first byte. Entries stay in place until the next insert or
  // erase.
  template <typename Visit>
  void for_each_overlapping(const TensorRegion& region, Visit visit) {
    if (region.empty()) return;
    for (auto it = first_candidate(region);
         it != entries_.end() && it->first < region.end_byte(); ++it) {
      const Entry& entry = it->second;
      if (entry.region.end_byte() > region.begin_byte() &&
          entry.region.overlaps(region)) {
        visit(entry);
      }
    }
  }

  // The entry whose region is exactly `region` (each covers the other), or
  // nullptr.
  Entry* find_same(const TensorRegion& region) {
    for (auto it = lower_bound(region.begin_byte());
         it != entries_.end() && it->first == region.begin_byte(); ++it) {
      if (it->second.region.same_as(region)) return &it->second;
    }
    return nullptr;
  }

  // Removes the entries whose region `region` covers.
  void erase_covered_by(const TensorRegion& region) {
    erase_covered_if(region, [](const Entry&) { return true; });
  }

  // Removes the entries whose region `region` covers and for which
  // erase(Entry&) is true, calling it on each covered entry in order.
  template <typename Pred>
  void erase_covered_if(const TensorRegion& region, Pred erase) {
    auto it = lower_bound(region.begin_byte());
    while (it != entries_.end() && it->first < region.end_byte()) {
      if (region.covers(it->second.region) && erase(it->second)) {
        it = entries_.erase(it);
        hint_ = entries_.end();  // it may have been the hint
        ++version_;
      } else {
        ++it;
      }
    }
  }

  size_t size() const { return entries_.size(); }

 private:
  using Entries = std::multimap<uint64_t, Entry>;
  using Iterator = typename Entries::iterator;

  // entries_.lower_bound(key), trying the previous result and the entry
  // after it before searching.
  Iterator lower_bound(uint64_t key) {
    if (hint_ != entries_.end()) {
      if (hint_->first >= key) {
        // The hint, if the entry before it is below the key.
        if (hint_ == entries_.begin() || std::prev(hint_)->first < key) return hint_;
      } else {
        // The entry after the hint, if it is not below the key.
        const Iterator next = std::next(hint_);
        if (next == entries_.end() || next->first >= key) return hint_ = next;
      }
    }
    return hint_ = entries_.lower_bound(key);
  }
  // The first entry that may overlap `region`: one that starts `widest_`
  // bytes or more before it ends before it (so the tile before a tile is
  // not visited).
  Iterator first_candidate(const TensorRegion& region) {
    return lower_bound(region.begin_byte() > widest_
                           ? region.begin_byte() - widest_ + 1
                           : 0);
  }

  Entries entries_;
  Iterator hint_ = entries_.end();  // the last lower_bound's result
  uint64_t widest_ = 0;  // widest byte extent ever inserted
  uint64_t version_ = 0;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_REGION_INDEX_H
