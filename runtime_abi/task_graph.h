// Happens-before questions over the recorded nodes of a run: every path
// runs from lower to higher node numbers (a node's predecessors are
// earlier), so a walk back from some nodes never goes below the lowest node
// asked about.
#ifndef TASKC_RUNTIME_ABI_TASK_GRAPH_H
#define TASKC_RUNTIME_ABI_TASK_GRAPH_H

#include <cstdint>
#include <vector>

#include "node_store.h"

namespace taskc::host {

class AncestorWalk {
 public:
  explicit AncestorWalk(const NodeStore& nodes) : nodes_(nodes) {}

  // Marks every strict ancestor of the `roots` (their predecessors, and
  // theirs, ...) down to node `lowest`.
  void walk_from(const std::vector<uint32_t>& roots, uint32_t lowest) {
    ++generation_;
    if (stamp_.size() < nodes_.size()) stamp_.resize(nodes_.size(), 0);
    std::vector<uint32_t>& stack = stack_;
    stack.clear();
    for (uint32_t root : roots) {
      const Predecessors first = nodes_.predecessors(root);
      stack.insert(stack.end(), first.begin(), first.end());
    }
    while (!stack.empty()) {
      const uint32_t node = stack.back();
      stack.pop_back();
      if (node < lowest || stamp_[node] == generation_) continue;
      stamp_[node] = generation_;
      const Predecessors before = nodes_.predecessors(node);
      stack.insert(stack.end(), before.begin(), before.end());
    }
  }

  // After walk_from: whether `node` happens before one of the roots.
  bool reaches_roots(uint32_t node) const {
    return node < stamp_.size() && stamp_[node] == generation_;
  }

 private:
  const NodeStore& nodes_;
  std::vector<uint32_t> stamp_;
  std::vector<uint32_t> stack_;
  uint32_t generation_ = 0;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TASK_GRAPH_H
