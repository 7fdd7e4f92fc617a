// The compact node lists of the tensor map's readers.
#include "node_list.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

using namespace taskc::host;

namespace {

std::vector<uint32_t> contents(const NodeList& list) {
  std::vector<uint32_t> out;
  list.for_each([&out](uint32_t node) { out.push_back(node); });
  return out;
}

}  // namespace

TEST_CASE("a node list gives back every number, whatever the gaps") {
  NodeListPool pool;
  NodeList list(pool);
  CHECK(list.empty());
  // Gaps at the varint boundaries (1, 2 and 5 bytes), from 0 and from a
  // large first number, across many chunks.
  std::vector<uint32_t> expected = {0, 1, 2, 129, 130, 16514, 16515};
  uint32_t value = expected.back();
  for (uint32_t i = 0; i < 500; ++i) {
    value += 1 + (i % 7 == 0 ? 1000 : i % 3);
    expected.push_back(value);
  }
  expected.push_back(0xFFFFFFF0u);
  expected.push_back(0xFFFFFFFFu);
  for (uint32_t node : expected) list.push_back(node);
  CHECK(list.size() == expected.size());
  CHECK(list.back() == 0xFFFFFFFFu);
  CHECK(contents(list) == expected);
  CHECK(pool.chunks_in_use() > 1);

  NodeList other(pool);
  other.push_back(4000000000u);
  CHECK(contents(other) == std::vector<uint32_t>{4000000000u});
}

TEST_CASE("a run of consecutive tasks costs one byte each") {
  NodeListPool pool;
  NodeList list(pool);
  for (uint32_t node = 1000; node < 1000 + 56 * 10; ++node) list.push_back(node);
  // The first number takes two bytes: 560 numbers fill 11 chunks of 56.
  CHECK(pool.chunks_in_use() == 11);
}

TEST_CASE("lists share a pool; cleared and destroyed lists give chunks back") {
  NodeListPool pool;
  {
    NodeList a(pool);
    NodeList b(pool);
    for (uint32_t node = 0; node < 300; ++node) {
      (node % 2 == 0 ? a : b).push_back(node * 300);
    }
    std::vector<uint32_t> evens, odds;
    for (uint32_t node = 0; node < 300; ++node) {
      (node % 2 == 0 ? evens : odds).push_back(node * 300);
    }
    CHECK(contents(a) == evens);
    CHECK(contents(b) == odds);
    const size_t used = pool.chunks_in_use();
    a.clear();
    CHECK(a.empty());
    CHECK(contents(a).empty());
    CHECK(pool.chunks_in_use() < used);
    // A cleared list starts over; the chunks it gets are reused ones.
    a.push_back(7);
    a.push_back(8);
    CHECK(contents(a) == std::vector<uint32_t>{7, 8});
    CHECK(contents(b) == odds);
  }
  CHECK(pool.chunks_in_use() == 0);
}

TEST_CASE("a moved node list carries its numbers and leaves an empty one") {
  NodeListPool pool;
  NodeList a(pool);
  for (uint32_t node = 10; node < 200; node += 3) a.push_back(node);
  const std::vector<uint32_t> expected = contents(a);
  NodeList b(std::move(a));
  CHECK(contents(b) == expected);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): documented state
  a.push_back(1);
  CHECK(contents(a) == std::vector<uint32_t>{1});
  NodeList c(pool);
  c.push_back(5);
  c = std::move(b);
  CHECK(contents(c) == expected);
  a.clear();
  c.clear();
  CHECK(pool.chunks_in_use() == 0);
}
