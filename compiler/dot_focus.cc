// --focus NAME: the neighbourhood of a tensor or a kernel, one step out.
#include <algorithm>
#include <set>

#include "dot_passes.h"

namespace taskc {

std::vector<std::string> dot_focus_names(const Plan& plan) {
  std::set<std::string> names;
  for (const PlanTensor& t : plan.tensors) {
    if (!t.kir_name.empty()) names.insert(t.kir_name);
  }
  for (const PlanKernel& k : plan.kernels) names.insert(k.name);
  for (const PlanGroup& g : plan.groups) names.insert(g.name);
  return {names.begin(), names.end()};
}

namespace dot {

namespace {

bool named(const GraphNode& n, const std::string& name) {
  return std::find(n.names.begin(), n.names.end(), name) != n.names.end();
}

bool is_tensor(const GraphNode& n) {
  return n.kind == NodeKind::kTensor || n.kind == NodeKind::kEntryTensor;
}

}  // namespace

void focus(Graph& graph, const std::string& name) {
  const size_t count = graph.nodes.size();
  std::vector<bool> keep(count, false);
  // The tensors of that name and their views; the tasks of that name.
  std::vector<bool> seed(count, false);
  for (size_t i = 0; i < count; ++i) {
    const GraphNode& n = graph.nodes[i];
    if (!named(n, name)) continue;
    seed[i] = is_tensor(n);
    keep[i] = n.kind == NodeKind::kTask;
  }
  // Views come after what they view.
  for (size_t i = 0; i < count; ++i) {
    int base = graph.nodes[i].base;
    if (base >= 0 && seed[static_cast<size_t>(base)]) seed[i] = true;
  }
  // The tasks (and tensor.writes) that touch a seed tensor.
  for (const GraphEdge& e : graph.edges) {
    if (e.kind != EdgeKind::kData && e.kind != EdgeKind::kWrite) continue;
    auto from = static_cast<size_t>(e.from);
    auto to = static_cast<size_t>(e.to);
    if (seed[from]) keep[to] = true;
    if (seed[to]) keep[from] = true;
  }
  for (size_t i = 0; i < count; ++i) keep[i] = keep[i] || seed[i];
  // The tensors those tasks touch.
  std::vector<bool> step = keep;
  for (const GraphEdge& e : graph.edges) {
    if (e.kind != EdgeKind::kData) continue;
    auto from = static_cast<size_t>(e.from);
    auto to = static_cast<size_t>(e.to);
    if (keep[from] && !is_tensor(graph.nodes[from])) step[to] = true;
    if (keep[to] && !is_tensor(graph.nodes[to])) step[from] = true;
  }
  // And what those view, so that a view still shows whose memory it is.
  for (size_t i = count; i-- > 0;) {
    int base = graph.nodes[i].base;
    if (step[i] && base >= 0) step[static_cast<size_t>(base)] = true;
  }
  for (size_t i = 0; i < count; ++i) {
    if (!step[i]) graph.nodes[i].hidden = true;
  }
}

}  // namespace dot

}  // namespace taskc
