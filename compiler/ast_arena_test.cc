// The syntax tree's arena: lists and strings copied in, large lists on their
// own, and what a failed statement allocated given back.
#include "ast_arena.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace taskc {
namespace {

struct Node {
  uint64_t value = 0;
  Node* next = nullptr;
};

TEST_CASE("arena copies lists and strings and keeps them apart", "[arena]") {
  Arena arena;
  std::vector<uint32_t> numbers(100);
  std::iota(numbers.begin(), numbers.end(), 7);
  ArenaSpan<uint32_t> list = arena.copy(numbers.data(), numbers.size());
  std::string text = "tensor";
  std::string_view copy = arena.copy(std::string_view(text));
  text[0] = 'X';  // the copy does not view the original
  Node* node = arena.make<Node>(Node{42, nullptr});
  REQUIRE(list.size() == 100);
  CHECK(list.front() == 7);
  CHECK(list.back() == 106);
  CHECK(copy == "tensor");
  CHECK(node->value == 42);
  CHECK(reinterpret_cast<uintptr_t>(node) % alignof(Node) == 0);
  CHECK_THROWS_AS(list.at(100), std::out_of_range);
  CHECK(arena.copy(numbers.data(), 0).empty());
}

TEST_CASE("arena holds many blocks and lists larger than a block", "[arena]") {
  Arena arena;
  std::vector<Node*> nodes;
  for (uint64_t i = 0; i < 20000; ++i) nodes.push_back(arena.make<Node>(Node{i, nullptr}));
  std::vector<uint64_t> big(100000, 5);  // 800 kB: a block of its own
  ArenaSpan<uint64_t> list = arena.copy(big.data(), big.size());
  Node* after = arena.make<Node>(Node{7, nullptr});
  for (uint64_t i = 0; i < nodes.size(); ++i) REQUIRE(nodes[i]->value == i);
  CHECK(list.size() == 100000);
  CHECK(list[99999] == 5);
  CHECK(after->value == 7);
}

TEST_CASE("arena gives back what was allocated after a mark", "[arena]") {
  Arena arena;
  Node* kept = arena.make<Node>(Node{1, nullptr});
  Arena::Mark mark = arena.mark();
  Node* first = arena.make<Node>(Node{2, kept});
  for (int i = 0; i < 10000; ++i) arena.make<Node>();  // into later blocks
  std::vector<uint64_t> big(100000, 3);
  arena.copy(big.data(), big.size());
  arena.release_to(mark);
  Node* again = arena.make<Node>(Node{4, nullptr});
  CHECK(again == first);  // the same place, reused
  CHECK(kept->value == 1);
}

}  // namespace
}  // namespace taskc
