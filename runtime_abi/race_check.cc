#include "race_check.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "region_index.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

struct Access {
  uint32_t node;
  uint32_t slot;
  bool writes;
  TensorRegion region;
};

struct Conflict {
  const Access* earlier;
  const Access* later;
};

// Answers "does node A happen before node T?" for one T at a time by
// walking T's predecessors, never below the lowest node asked about (every
// path runs from lower to higher nodes).
class AncestorWalk {
 public:
  explicit AncestorWalk(const std::vector<std::unique_ptr<TaskRecord>>& nodes)
      : nodes_(nodes), stamp_(nodes.size(), 0) {}

  void walk_from(uint32_t target, uint32_t lowest) {
    ++generation_;
    highest_barrier_ = 0;
    std::vector<uint32_t> stack(nodes_[target]->predecessors);
    while (!stack.empty()) {
      const uint32_t node = stack.back();
      stack.pop_back();
      if (node < lowest || stamp_[node] == generation_) continue;
      stamp_[node] = generation_;
      const TaskRecord& record = *nodes_[node];
      if (record.full_barrier) highest_barrier_ = std::max(highest_barrier_, node);
      stack.insert(stack.end(), record.predecessors.begin(),
                   record.predecessors.end());
    }
  }

  // After walk_from: whether `node` is an ancestor of the target.
  bool reaches_target(uint32_t node) const {
    return stamp_[node] == generation_ || node < highest_barrier_;
  }

 private:
  const std::vector<std::unique_ptr<TaskRecord>>& nodes_;
  std::vector<uint32_t> stamp_;
  uint32_t generation_ = 0;
  uint32_t highest_barrier_ = 0;
};

std::vector<Access> accesses_of(const TaskRecord& task) {
  std::vector<Access> accesses;
  const abi::CoreCallable* callable = task.primary_callable();
  for (uint32_t slot = 0; slot < task.tensors.size(); ++slot) {
    const abi::ArgDirection direction = callable->signature(slot);
    const bool writes = direction == abi::ArgDirection::OUT ||
                        direction == abi::ArgDirection::INOUT;
    TensorRegion region = TensorRegion::of(task.tensors[slot].tensor);
    if (!region.empty()) accesses.push_back(Access{task.node, slot, writes, region});
  }
  return accesses;
}

RaceReport describe(const TaskRecord& earlier_task, const Access& earlier,
                    const TaskRecord& later_task, const Access& later) {
  RaceReport report;
  report.first_task = earlier_task.task_index;
  report.second_task = later_task.task_index;
  report.first_kernel = earlier_task.primary_callable()->name();
  report.second_kernel = later_task.primary_callable()->name();
  report.first_slot = earlier.slot;
  report.second_slot = later.slot;
  report.first_writes = earlier.writes;
  report.second_writes = later.writes;
  const auto verb = [](bool writes) { return writes ? " writes" : " reads"; };
  report.message =
      "race: " + earlier_task.label() + verb(earlier.writes) + " slot " +
      std::to_string(earlier.slot) + " and " + later_task.label() +
      verb(later.writes) + " slot " + std::to_string(later.slot) +
      ", overlapping in " + later.region.describe() +
      ", with no dependency path between them (add one with set_dependencies)";
  return report;
}

}  // namespace

std::vector<RaceReport> find_races(
    const std::vector<std::unique_ptr<TaskRecord>>& nodes, size_t max_reports) {
  std::vector<RaceReport> reports;
  std::unordered_map<const void*, RegionIndex<Access>> accesses_by_buffer;
  std::set<std::pair<uint32_t, uint32_t>> reported_pairs;
  AncestorWalk ancestors(nodes);

  for (const auto& node : nodes) {
    const TaskRecord& task = *node;
    if (task.kind != NodeKind::KERNEL_TASK || !task.runnable) continue;
    const std::vector<Access> accesses = accesses_of(task);

    std::vector<Conflict> conflicts;
    uint32_t lowest = task.node;
    for (const Access& access : accesses) {
      const auto found = accesses_by_buffer.find(access.region.buffer());
      if (found == accesses_by_buffer.end()) continue;
      found->second.for_each_overlapping(
          access.region, [&](const Access& earlier) {
            if (earlier.node == task.node || !(earlier.writes || access.writes)) {
              return;
            }
            conflicts.push_back(Conflict{&earlier, &access});
            lowest = std::min(lowest, earlier.node);
          });
    }
    if (!conflicts.empty()) {
      ancestors.walk_from(task.node, lowest);
      for (const Conflict& conflict : conflicts) {
        const uint32_t earlier_node = conflict.earlier->node;
        if (ancestors.reaches_target(earlier_node) ||
            !reported_pairs.emplace(earlier_node, task.node).second) {
          continue;
        }
        if (reports.size() < max_reports) {
          reports.push_back(describe(*nodes[earlier_node], *conflict.earlier,
                                     task, *conflict.later));
        }
      }
    }

    // A write supersedes the accesses it covers: a later task that touches
    // them also touches this write, so it is checked against this task.
    for (const Access& access : accesses) {
      RegionIndex<Access>& known = accesses_by_buffer[access.region.buffer()];
      if (access.writes) known.erase_covered_by(access.region);
      known.insert(access);
    }
  }
  return reports;
}

}  // namespace taskc::host
