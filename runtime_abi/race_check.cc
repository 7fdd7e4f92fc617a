#include "race_check.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "allocation.h"
#include "region_index.h"
#include "task_graph.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

struct Access {
  uint32_t node;
  uint32_t slot;  // RaceReport::kPredicateSlot for a predicate's read
  bool writes;
  TensorRegion region;
  const Allocation* allocation;
};

struct Conflict {
  const Access* earlier;
  const Access* later;
};

// The memory a node touches: a kernel task's payload (by its signature) and
// predicate element, an orchestration access's element. Dummy tasks and
// allocations touch nothing; a task that failed its checks never ran.
std::vector<Access> accesses_of(const TaskRecord& node) {
  std::vector<Access> accesses;
  const auto add = [&](uint32_t slot, bool writes, const PayloadTensor& payload) {
    TensorRegion region = payload.region();
    if (!region.empty()) {
      accesses.push_back(Access{node.node, slot, writes, region, payload.allocation});
    }
  };
  if (node.kind == NodeKind::SYNC_POINT) {
    if (!node.tensors.empty()) add(0, node.writes, node.tensors[0]);
    return accesses;
  }
  if (node.kind != NodeKind::KERNEL_TASK || !node.runnable) return accesses;
  const abi::CoreCallable* callable = node.primary_callable();
  for (uint32_t slot = 0; slot < node.tensors.size(); ++slot) {
    const abi::ArgDirection direction = callable->signature(slot);
    add(slot,
        direction == abi::ArgDirection::OUT ||
            direction == abi::ArgDirection::INOUT,
        node.tensors[slot]);
  }
  if (node.predicate) {
    add(RaceReport::kPredicateSlot, false, node.predicate->element);
  }
  return accesses;
}

// "task 3 (kernel_add) writes slot 2", "the orchestration's get_tensor_data
// reads", "task 4 (expert)'s dispatch predicate reads".
std::string access_text(const TaskRecord& node, const Access& access) {
  const char* verb = access.writes ? " writes" : " reads";
  if (node.kind == NodeKind::SYNC_POINT) {
    return std::string("the orchestration's ") +
           (node.writes ? "set_tensor_data" : "get_tensor_data") + verb;
  }
  if (access.slot == RaceReport::kPredicateSlot) {
    return node.label() + "'s dispatch predicate" + verb;
  }
  return node.label() + verb + " slot " + std::to_string(access.slot) +
         argument_spelling(node.site, access.slot);
}

RaceReport describe(const TaskRecord& earlier_node, const Access& earlier,
                    const TaskRecord& later_node, const Access& later) {
  RaceReport report;
  report.first_task = earlier_node.task_index;
  report.first_kernel = earlier_node.primary_callable()->name();
  report.first_slot = earlier.slot;
  report.first_writes = earlier.writes;
  if (later_node.kind == NodeKind::SYNC_POINT) {
    report.second_task = RaceReport::kOrchestration;
    report.second_kernel = later_node.writes ? "set_tensor_data" : "get_tensor_data";
  } else {
    report.second_task = later_node.task_index;
    report.second_kernel = later_node.primary_callable()->name();
  }
  report.second_slot = later.slot;
  report.site = later_node.site != nullptr    ? later_node.site_number
                : earlier_node.site != nullptr ? earlier_node.site_number
                                               : kNoSite;
  report.second_writes = later.writes;
  const bool orchestration = later_node.kind == NodeKind::SYNC_POINT;
  report.message =
      "race: " + access_text(earlier_node, earlier) + " and " +
      access_text(later_node, later) + ", overlapping in " +
      later.region.describe(later.allocation->label()) +
      (orchestration
           ? ", and the orchestration does not wait for the task (its "
             "writes are not in the tensor map: a manual scope? add a "
             "dependency path to a task the access waits for)"
           : ", with no dependency path between them (add one with "
             "set_dependencies)");
  return report;
}

}  // namespace

std::vector<RaceReport> find_races(
    const NodeStore& nodes, size_t max_reports) {
  std::vector<RaceReport> reports;
  std::unordered_map<const void*, RegionIndex<Access>> accesses_by_buffer;
  std::set<std::pair<uint32_t, uint32_t>> reported_pairs;
  AncestorWalk ancestors(nodes);

  for (uint32_t node = 0; node < nodes.size(); ++node) {
    const TaskRecord& task = nodes.record(node);
    const std::vector<Access> accesses = accesses_of(task);
    if (accesses.empty()) continue;

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
      ancestors.walk_from({task.node}, lowest);
      for (const Conflict& conflict : conflicts) {
        const uint32_t earlier_node = conflict.earlier->node;
        if (ancestors.reaches_roots(earlier_node) ||
            nodes.info(earlier_node).kind == NodeKind::SYNC_POINT ||
            !reported_pairs.emplace(earlier_node, task.node).second) {
          continue;
        }
        if (reports.size() < max_reports) {
          reports.push_back(describe(nodes.record(earlier_node), *conflict.earlier,
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
