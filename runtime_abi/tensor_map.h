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
// ordered programs. A region's writer and its readers since share one entry;
// the readers are a compact list (node_list.h), so a buffer that is only
// read (weights, inputs) costs a byte or two per read, not a tree node.
//
// Buffers are numbered densely by the caller (the runtime uses allocation
// ids), so finding a buffer's accesses is an index, not a hash lookup. A
// task looks all its slots up before recording any; a recording reuses its
// slot's lookup (a Probe) unless the buffer's entries changed in between,
// so the usual task walks each buffer's entries once.
#ifndef TASKC_RUNTIME_ABI_TENSOR_MAP_H
#define TASKC_RUNTIME_ABI_TENSOR_MAP_H

#include <cstdint>
#include <memory>
#include <vector>

#include "node_list.h"
#include "region_index.h"
#include "tensor_layout.h"

namespace taskc::host {

class TensorMap {
  struct Entry;

 public:
  // What look_up found for one region, for the update of that region that
  // follows.
  struct Probe {
    Entry* same = nullptr;  // the entry with exactly the region
    bool covers_other = false;
    uint64_t version = 0;  // of the buffer's entries when looked up
    bool valid = false;
  };

  // Appends the nodes that last wrote a region of `buffer` overlapping
  // `region`.
  void collect_writers(uint32_t buffer, const TensorRegion& region,
                       std::vector<uint32_t>& nodes);
  // collect_writers, and what the record_read (or, with `for_write`,
  // record_inout) of the same region needs.
  Probe look_up(uint32_t buffer, const TensorRegion& region, bool for_write,
                std::vector<uint32_t>& nodes);
  // Appends the nodes that read an overlapping region since its last write.
  void collect_readers(uint32_t buffer, const TensorRegion& region,
                       std::vector<uint32_t>& nodes);

  // `probe`: from look_up of the same buffer and region, or nullptr.
  void record_read(uint32_t buffer, uint32_t node, const TensorRegion& region,
                   const Probe* probe = nullptr);
  // An add_inout write: replaces the writers (and readers) it covers.
  void record_inout(uint32_t buffer, uint32_t node, const TensorRegion& region,
                    const Probe* probe = nullptr);
  // An add_output write into an existing tensor: keeps the writers it
  // covers unless they are among `ordered_after` (sorted).
  void record_output(uint32_t buffer, uint32_t node, const TensorRegion& region,
                     const std::vector<uint32_t>& ordered_after);

  // Entries (regions with a writer or readers) held for `buffer` (for
  // tests).
  size_t entry_count(uint32_t buffer) const;

 private:
  struct Entry {
    TensorRegion region;
    NodeList readers;  // since the region was last written
    uint32_t writer = 0;
    bool has_writer = false;
  };
  using Entries = RegionIndex<Entry>;

  Entries* find(uint32_t buffer) const {
    return buffer < buffers_.size() ? buffers_[buffer].get() : nullptr;
  }
  Entries& entries(uint32_t buffer);
  static bool usable(const Probe* probe, const Entries& entries) {
    return probe != nullptr && probe->valid && probe->version == entries.version();
  }
  Entry make_entry(const TensorRegion& region) {
    return Entry{region, NodeList(reader_chunks_), 0, false};
  }

  // Declared first: the lists in buffers_ give their chunks back to it.
  NodeListPool reader_chunks_;
  std::vector<std::unique_ptr<Entries>> buffers_;  // by buffer number
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TENSOR_MAP_H
