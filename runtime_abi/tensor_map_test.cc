// The tensor map: dependency discovery by region, checked by hand on small
// cases and against a brute-force model on random task streams (including
// the reuse of a task's lookups and the search hint of tile sweeps).
#include "tensor_map.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "region_test_support.h"

using namespace taskc::host;
using taskc::host::test::tile;

namespace {

float g_storage[256];
float g_other[256];

ChipTensor matrix(uint32_t rows, uint32_t cols) {
  return test::matrix_in(g_storage, rows, cols);
}

// The tensor map's rules, spelled out over plain lists.
struct ModelMap {
  struct Access {
    uint32_t buffer;
    uint32_t node;
    TensorRegion region;
  };
  std::vector<Access> writers, readers;

  static std::vector<uint32_t> nodes_overlapping(const std::vector<Access>& list,
                                                 uint32_t buffer,
                                                 const TensorRegion& region) {
    std::vector<uint32_t> nodes;
    for (const Access& access : list) {
      if (access.buffer == buffer && access.region.overlaps(region)) {
        nodes.push_back(access.node);
      }
    }
    return nodes;
  }
  template <typename Pred>
  static void drop_covered(std::vector<Access>& list, uint32_t buffer,
                           const TensorRegion& region, Pred also) {
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Access& access) {
                                return access.buffer == buffer &&
                                       region.covers(access.region) &&
                                       also(access);
                              }),
               list.end());
  }
  void read(uint32_t buffer, uint32_t node, const TensorRegion& region) {
    if (!region.empty()) readers.push_back(Access{buffer, node, region});
  }
  void write(uint32_t buffer, uint32_t node, const TensorRegion& region,
             const std::vector<uint32_t>* ordered_after) {
    if (region.empty()) return;
    drop_covered(readers, buffer, region, [](const Access&) { return true; });
    drop_covered(writers, buffer, region, [&](const Access& old) {
      return ordered_after == nullptr ||
             std::binary_search(ordered_after->begin(), ordered_after->end(),
                                old.node);
    });
    writers.push_back(Access{buffer, node, region});
  }
};

std::vector<uint32_t> sorted_unique(std::vector<uint32_t> nodes) {
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

// Regions of two 16 x 16 matrices: the whole, bands, tiles (a sweep order
// first), single elements, and flat pieces that do not compare as boxes.
std::vector<TensorRegion> region_pool(const ChipTensor& m) {
  std::vector<TensorRegion> regions;
  for (uint32_t t = 0; t < 16; ++t) {
    regions.push_back(TensorRegion::of(tile(m, 4, 4, (t / 4) * 4, (t % 4) * 4)));
  }
  regions.push_back(TensorRegion::of(m));
  for (uint32_t band = 0; band < 4; ++band) {
    regions.push_back(TensorRegion::of(tile(m, 4, 16, band * 4, 0)));
    regions.push_back(TensorRegion::of(tile(m, 16, 4, 0, band * 4)));
  }
  regions.push_back(TensorRegion::of(tile(m, 6, 6, 3, 5)));
  regions.push_back(TensorRegion::of(tile(m, 1, 1, 0, 0)));
  regions.push_back(TensorRegion::of(tile(m, 1, 1, 7, 9)));
  std::string error;
  const uint32_t flat_shape[1] = {256};
  const ChipTensor flat = checked_reshape(m, flat_shape, 1, error);
  REQUIRE(error.empty());
  for (uint32_t start : {0u, 20u, 64u}) {
    const uint32_t shape[1] = {24};
    const uint32_t offset[1] = {start};
    regions.push_back(TensorRegion::of(checked_view(flat, shape, offset, error)));
    REQUIRE(error.empty());
  }
  return regions;
}

}  // namespace

TEST_CASE("the tensor map orders reads after writes but not writes after reads") {
  const ChipTensor m = matrix(4, 8);
  const TensorRegion left = TensorRegion::of(tile(m, 4, 4, 0, 0));
  const TensorRegion right = TensorRegion::of(tile(m, 4, 4, 0, 4));
  const TensorRegion whole = TensorRegion::of(m);
  TensorMap map;
  map.record_inout(0, 1, left);
  map.record_inout(0, 2, right);
  map.record_read(0, 3, whole);
  std::vector<uint32_t> nodes;
  map.collect_writers(0, TensorRegion::of(tile(m, 1, 2, 0, 2)), nodes);
  CHECK(nodes == std::vector<uint32_t>{1});
  nodes.clear();
  map.collect_writers(0, whole, nodes);
  CHECK(nodes == std::vector<uint32_t>{1, 2});
  nodes.clear();
  map.collect_readers(0, left, nodes);
  CHECK(nodes == std::vector<uint32_t>{3});
  // A covering write replaces everything it covers.
  map.record_inout(0, 4, whole);
  CHECK(map.entry_count(0) == 1);
  nodes.clear();
  map.collect_writers(0, left, nodes);
  CHECK(nodes == std::vector<uint32_t>{4});
  // Rewriting one tile over and over keeps one entry per tile.
  for (uint32_t node = 5; node < 100; ++node) map.record_inout(0, node, left);
  CHECK(map.entry_count(0) == 2);
}

TEST_CASE("plain outputs keep the writers they are not ordered after") {
  const ChipTensor m = matrix(4, 8);
  const TensorRegion whole = TensorRegion::of(m);
  TensorMap map;
  map.record_output(0, 1, whole, {});
  // Not ordered after writer 1 (the device looks nothing up for an output):
  // both stay writers, and a reader depends on both.
  map.record_output(0, 2, whole, {});
  std::vector<uint32_t> nodes;
  map.collect_writers(0, whole, nodes);
  CHECK(nodes == std::vector<uint32_t>{1, 2});
  // Ordered after both (explicit dependencies): it replaces them.
  map.record_output(0, 3, whole, {1, 2});
  nodes.clear();
  map.collect_writers(0, whole, nodes);
  CHECK(nodes == std::vector<uint32_t>{3});
  CHECK(map.entry_count(0) == 1);
}

TEST_CASE("the tensor map follows its rules on random task streams") {
  const std::vector<TensorRegion> pools[2] = {
      region_pool(test::matrix_in(g_storage, 16, 16)),
      region_pool(test::matrix_in(g_other, 16, 16))};
  const uint32_t pool_size = static_cast<uint32_t>(pools[0].size());
  std::mt19937 random(15);  // fixed: the same stream every run
  const auto pick = [&random](uint32_t n) {
    return std::uniform_int_distribution<uint32_t>(0, n - 1)(random);
  };
  TensorMap map;
  ModelMap model;
  uint32_t checked_writers = 0;
  for (uint32_t node = 1; node <= 3000; ++node) {
    // A task of 1-3 slots; in sweeps (a third of the time) its first slot
    // walks the tiles in order, as loops do.
    struct Slot {
      uint32_t buffer;
      TensorRegion region;
      TensorArgType tag;
      TensorMap::Probe probe;
    };
    std::vector<Slot> slots;
    const uint32_t count = 1 + pick(3);
    for (uint32_t s = 0; s < count; ++s) {
      const uint32_t buffer = pick(4) == 0 ? 1 : 0;
      const bool sweep = s == 0 && (node / 200) % 3 == 1;
      const uint32_t index = sweep ? node % 16 : pick(pool_size);
      const uint32_t kind = pick(8);
      const TensorArgType tag = kind < 4   ? TensorArgType::INPUT
                                : kind < 7 ? TensorArgType::INOUT
                                           : TensorArgType::OUTPUT_EXISTING;
      slots.push_back(Slot{buffer, pools[buffer][index], tag, {}});
    }
    // Look every slot up, then record: as the runtime does.
    std::vector<uint32_t> found, expected;
    for (Slot& slot : slots) {
      if (slot.tag == TensorArgType::OUTPUT_EXISTING) continue;
      slot.probe = map.look_up(slot.buffer, slot.region,
                               slot.tag == TensorArgType::INOUT, found);
      const std::vector<uint32_t> writers =
          ModelMap::nodes_overlapping(model.writers, slot.buffer, slot.region);
      expected.insert(expected.end(), writers.begin(), writers.end());
    }
    found = sorted_unique(found);
    REQUIRE(found == sorted_unique(expected));
    checked_writers += static_cast<uint32_t>(found.size());
    // Explicit dependencies of an output: some of the writers found.
    std::vector<uint32_t> after;
    for (uint32_t writer : found) {
      if (pick(2) == 0) after.push_back(writer);
    }
    for (Slot& slot : slots) {
      switch (slot.tag) {
        case TensorArgType::INPUT:
          map.record_read(slot.buffer, node, slot.region, &slot.probe);
          model.read(slot.buffer, node, slot.region);
          break;
        case TensorArgType::INOUT:
          map.record_inout(slot.buffer, node, slot.region, &slot.probe);
          model.write(slot.buffer, node, slot.region, nullptr);
          break;
        default:
          map.record_output(slot.buffer, node, slot.region, after);
          model.write(slot.buffer, node, slot.region, &after);
          break;
      }
    }
    // Every region's writers and readers, as the sync points ask.
    if (node % 50 != 0) continue;
    for (uint32_t buffer = 0; buffer < 2; ++buffer) {
      for (const TensorRegion& region : pools[buffer]) {
        std::vector<uint32_t> writers, readers;
        map.collect_writers(buffer, region, writers);
        map.collect_readers(buffer, region, readers);
        CHECK(sorted_unique(writers) ==
              sorted_unique(ModelMap::nodes_overlapping(model.writers, buffer, region)));
        CHECK(sorted_unique(readers) ==
              sorted_unique(ModelMap::nodes_overlapping(model.readers, buffer, region)));
      }
    }
  }
  CHECK(checked_writers > 1000);  // the stream had dependencies to find
  CHECK(map.entry_count(0) > 0);
  CHECK(map.entry_count(0) <= model.writers.size() + model.readers.size());
}

TEST_CASE("a lookup is not reused once the buffer's entries changed") {
  const ChipTensor m = matrix(16, 16);
  const TensorRegion left = TensorRegion::of(tile(m, 16, 8, 0, 0));
  const TensorRegion corner = TensorRegion::of(tile(m, 4, 4, 0, 0));
  const TensorRegion whole = TensorRegion::of(m);
  TensorMap map;
  map.record_read(0, 1, left);
  // A task reading `corner` and writing `left`: both looked up first. The
  // write's lookup sees nothing else inside `left`...
  std::vector<uint32_t> found;
  const TensorMap::Probe read = map.look_up(0, corner, false, found);
  const TensorMap::Probe write = map.look_up(0, left, true, found);
  CHECK(found.empty());
  CHECK_FALSE(write.covers_other);
  // ...but the read adds an entry inside it, so the write looks again and
  // drops it (with reader 1 of `left`).
  map.record_read(0, 2, corner, &read);
  map.record_inout(0, 2, left, &write);
  std::vector<uint32_t> readers;
  map.collect_readers(0, whole, readers);
  CHECK(readers.empty());
  std::vector<uint32_t> writers;
  map.collect_writers(0, whole, writers);
  CHECK(writers == std::vector<uint32_t>{2});
  CHECK(map.entry_count(0) == 1);
}
