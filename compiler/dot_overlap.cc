// The "may overlap" edges: tasks that touch different views of one buffer
// are ordered by the runtime when the views share elements, but nothing in
// the graph linked them.
#include <map>

#include "dot_passes.h"
#include "view_regions.h"

namespace taskc::dot {

namespace {

struct Access {
  bool touched = false;  // by a task argument or a tensor.write
  bool written = false;
};

TensorId unaliased(const Plan& plan, TensorId t) {
  while (plan.tensor(t).kind == PlanTensorKind::kAlias) t = plan.tensor(t).base;
  return t;
}

// What tasks and tensor.write do to each tensor, by TensorId (aliases
// counted on what they name).
std::vector<Access> accesses(const Plan& plan) {
  std::vector<Access> out(plan.tensors.size());
  auto note = [&](TensorId t, bool writes) {
    Access& a = out[static_cast<size_t>(unaliased(plan, t))];
    a.touched = true;
    a.written = a.written || writes;
  };
  for_each_node(plan.body.nodes, [&](const PlanNode& n) {
    if (const auto* task = n.get<PlanTask>()) {
      for (const PlanTensorArg& a : task->tensors) {
        note(a.tensor, a.direction == Direction::kOut || a.direction == Direction::kInOut);
      }
    } else if (const auto* write = n.get<PlanWrite>()) {
      note(write->tensor, true);
    }
  });
  return out;
}

// weight=0 rather than constraint=false: Graphviz 2.43 (Debian 12) fails
// with "trouble in init_rank" on constraint=false edges between clusters of
// a graph this size. The edge goes from the view declared first to the
// later one, so it ranks them in program order and pulls nothing together.
const char* const kOverlapStyle =
    "label=\"may overlap\", style=dotted, dir=none, color=darkorange, "
    "fontcolor=darkorange, weight=0";

}  // namespace

void add_overlap_edges(const Plan& plan, Graph& graph) {
  std::vector<ViewRegion> regions = view_regions(plan);
  std::vector<Access> access = accesses(plan);
  // The views tasks touch, by buffer (root tensor), in node order.
  std::map<TensorId, std::vector<int>> by_buffer;
  std::map<TensorId, int> buffer_node;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode& n = graph.nodes[i];
    if (n.tensor == kNoTensor) continue;
    auto index = static_cast<int>(i);
    TensorId root = plan.root(n.tensor);
    if (n.tensor == root) buffer_node[root] = index;
    if (n.base >= 0 && graph.shown(index) && access[static_cast<size_t>(n.tensor)].touched) {
      by_buffer[root].push_back(index);
    }
  }
  size_t drawn = 0;
  for (const auto& [root, views] : by_buffer) {
    std::vector<GraphEdge> edges;
    for (size_t i = 0; i < views.size() && views.size() <= kMaxOverlapViews; ++i) {
      for (size_t j = i + 1; j < views.size(); ++j) {
        int a = views[i];
        int b = views[j];
        if (graph.views(a, b) || graph.views(b, a)) continue;  // linked already
        TensorId ta = graph.nodes[static_cast<size_t>(a)].tensor;
        TensorId tb = graph.nodes[static_cast<size_t>(b)].tensor;
        if (!access[static_cast<size_t>(ta)].written && !access[static_cast<size_t>(tb)].written) {
          continue;  // two reads order nothing
        }
        if (provably_disjoint_views(regions, ta, tb)) continue;
        edges.push_back(GraphEdge{a, b, kOverlapStyle, EdgeKind::kOverlap});
      }
    }
    if (views.size() <= kMaxOverlapViews && drawn + edges.size() <= kMaxOverlapEdges) {
      drawn += edges.size();
      for (GraphEdge& e : edges) graph.edges.push_back(std::move(e));
      continue;
    }
    auto it = buffer_node.find(root);
    if (it != buffer_node.end()) {
      graph.nodes[static_cast<size_t>(it->second)].attrs +=
          ", xlabel=" + quoted({std::to_string(views.size()) + " views: overlaps not drawn"});
    }
  }
}

}  // namespace taskc::dot
