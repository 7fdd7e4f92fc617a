// Where a run keeps its nodes: the task arena (records reused once their
// tasks are over), the arrays that never move, and the NodeStore on top.
#include "node_store.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "arena.h"

using namespace taskc::host;

TEST_CASE("a recycling arena reuses a block once all its tasks are over") {
  const bool one_thread = GENERATE(false, true);
  TaskArena arena(true, one_thread, 1024);
  // 20-byte tasks take 24 bytes (8-byte pieces): 42 to a block.
  constexpr int kPerBlock = 1024 / 24;
  const auto task = [&arena](void** piece = nullptr) {
    TaskArena::Block* block = arena.begin(TaskArena::piece_size(20));
    void* taken = arena.take(20);
    CHECK(reinterpret_cast<uintptr_t>(taken) % 8 == 0);
    if (piece != nullptr) *piece = taken;
    return block;
  };
  void* first_piece = nullptr;
  TaskArena::Block* first = task(&first_piece);
  for (int i = 1; i < kPerBlock; ++i) CHECK(task() == first);
  TaskArena::Block* second = task();
  CHECK(second != first);
  // Every task of the first block but one ends: it is not reused yet.
  for (int i = 0; i < kPerBlock - 1; ++i) arena.end(first);
  for (int i = 1; i < kPerBlock; ++i) CHECK(task() == second);
  TaskArena::Block* third = task();
  CHECK(third != first);
  CHECK(third != second);
  // Its last task ends: the block after the third is the first again, and
  // it hands out the same memory.
  arena.end(first);
  for (int i = 1; i < kPerBlock; ++i) CHECK(task() == third);
  void* piece = nullptr;
  CHECK(task(&piece) == first);
  CHECK(piece == first_piece);
}

TEST_CASE("an arena that keeps everything never reuses memory") {
  TaskArena arena(false, false, 256);
  std::set<void*> pieces;
  for (int i = 0; i < 100; ++i) {
    TaskArena::Block* block = arena.begin(TaskArena::piece_size(64));
    pieces.insert(arena.take(64));
    arena.end(block);
  }
  CHECK(pieces.size() == 100);
  // A request larger than a block gets a block of its own.
  arena.begin(TaskArena::piece_size(1000));
  void* big = arena.take(1000);
  CHECK(pieces.count(big) == 0);
}

TEST_CASE("block arrays and list pools never move what they hold") {
  BlockArray<uint64_t, 3> array;  // blocks of 8
  std::vector<const uint64_t*> addresses;
  for (uint64_t i = 0; i < 100; ++i) addresses.push_back(&array.push_back(i * i));
  CHECK(array.size() == 100);
  for (uint64_t i = 0; i < 100; ++i) {
    CHECK(array[i] == i * i);
    CHECK(&array[i] == addresses[i]);
  }
  ListPool pool(4);  // blocks of 16
  const uint32_t small[3] = {1, 2, 3};
  std::vector<uint32_t> large(40, 9);
  const uint32_t a = pool.add(small, 3);
  const uint32_t b = pool.add(large.data(), large.size());
  const uint32_t c = pool.add(small, 3);
  const uint32_t* a_list = pool.get(a);
  CHECK(std::vector<uint32_t>(a_list, a_list + 3) == std::vector<uint32_t>{1, 2, 3});
  CHECK(std::vector<uint32_t>(pool.get(b), pool.get(b) + 40) == large);
  CHECK(pool.long_size(b) == 40);
  CHECK(pool.get(c) == a_list + 3);  // the long one is kept on its own
  // Lists that do not fit what is left of a block start the next one.
  std::vector<const uint32_t*> lists;
  for (uint32_t i = 0; i < 20; ++i) {
    const uint32_t item[5] = {i, i + 1, i + 2, i + 3, i + 4};
    lists.push_back(pool.get(pool.add(item, 5)));
  }
  for (uint32_t i = 0; i < 20; ++i) {
    CHECK(std::vector<uint32_t>(lists[i], lists[i] + 5) ==
          std::vector<uint32_t>{i, i + 1, i + 2, i + 3, i + 4});
  }
  CHECK(pool.get(c) == a_list + 3);
}

TEST_CASE("a node store sizes records by their shape and keeps predecessors") {
  NodeStore store(false, true);
  RecordShape shape;
  shape.tensors = 3;
  shape.scalars = 2;
  shape.predicate = true;
  shape.held = 4;
  TaskRecord& first = store.add(NodeKind::KERNEL_TASK, shape);
  CHECK(first.node == 0);
  CHECK(first.tensors.size() == 3);
  CHECK(first.scalars.size() == 2);
  CHECK(first.scalar_dtypes.empty());
  CHECK(first.predicate != nullptr);
  CHECK(first.held.empty());
  CHECK(first.held.push_back(nullptr));
  CHECK(&store.record(0) == &first);

  TaskRecord& second = store.add(NodeKind::SYNC_POINT, RecordShape{});
  CHECK(second.node == 1);
  CHECK(second.tensors.empty());
  CHECK(second.predicate == nullptr);
  CHECK(store.info(1).kind == NodeKind::SYNC_POINT);
  CHECK_FALSE(store.info(1).is_task());
  CHECK(store.info(0).is_task());

  // One predecessor fits in the node; more go to the pool. Either way they
  // come back sorted and without duplicates.
  const auto predecessors = [&store](uint32_t node) {
    const Predecessors span = store.predecessors(node);
    return std::vector<uint32_t>(span.begin(), span.end());
  };
  CHECK(predecessors(0).empty());
  std::vector<uint32_t> few = {0, 0};
  CHECK(store.set_predecessors(1, few));
  CHECK(predecessors(1) == std::vector<uint32_t>{0});
  for (uint32_t node = 2; node < 12; ++node) store.add(NodeKind::DUMMY_TASK, {});
  std::vector<uint32_t> many = {8, 3, 1, 8, 5, 0};
  CHECK(store.set_predecessors(9, many));
  CHECK(predecessors(9) == std::vector<uint32_t>{0, 1, 3, 5, 8});
  CHECK(store.info(9).predecessor_count == 5);
  // A node that waits for more tasks than a count in the node holds.
  std::vector<uint32_t> all(70000);
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  CHECK(store.set_predecessors(10, all));
  CHECK(predecessors(10) == all);
  CHECK(store.info(10).predecessor_count == NodeInfo::kManyPredecessors);
  std::vector<uint32_t> none;
  CHECK(store.set_predecessors(11, none));
  CHECK(predecessors(11).empty());
  CHECK(predecessors(9) == std::vector<uint32_t>{0, 1, 3, 5, 8});
  CHECK(store.size() == 12);
  CHECK(sizeof(NodeInfo) == 8);
}

TEST_CASE("released records are reused unless the store keeps them") {
  NodeStore recycling(false, false);
  std::set<const TaskRecord*> seen;
  RecordShape shape;
  shape.tensors = 2;
  for (int i = 0; i < 2000; ++i) {
    TaskRecord& record = recycling.add(NodeKind::KERNEL_TASK, shape);
    seen.insert(&record);
    recycling.release(record);
  }
  // 2000 records of a few hundred bytes in a handful of 64 KiB blocks.
  CHECK(seen.size() < 2000);
  CHECK(recycling.size() == 2000);

  NodeStore keeping(true, false);
  CHECK(keeping.keeps_records());
  for (int i = 0; i < 300; ++i) {
    TaskRecord& record = keeping.add(NodeKind::KERNEL_TASK, shape);
    record.task_index = static_cast<uint32_t>(i);
    keeping.release(record);  // kept: the race check reads it after the run
  }
  for (uint32_t node = 0; node < 300; ++node) {
    CHECK(keeping.record(node).task_index == node);
    CHECK(keeping.record(node).node == node);
  }
}
