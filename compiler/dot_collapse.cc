// --collapse loops|scopes: a cluster drawn as one node with its task count.
#include <set>
#include <tuple>

#include "dot_passes.h"

namespace taskc::dot {

namespace {

const char* folded_style(ClusterKind kind) {
  switch (kind) {
    case ClusterKind::kLoop: return "shape=box3d, style=dashed, color=gray30";
    case ClusterKind::kScope: return "shape=box3d, color=steelblue";
    case ClusterKind::kManualScope: return "shape=box3d, style=bold, color=firebrick";
    case ClusterKind::kBranch: return "shape=box3d, color=darkgoldenrod";
    case ClusterKind::kGraph: break;
  }
  return "shape=box3d";
}

std::string counted(size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

class Collapser {
 public:
  Collapser(Graph& graph, DotCollapse what) : g_(graph), folded_into_(graph.clusters.size(), -1) {
    // Parents come before their children.
    for (size_t c = 1; c < g_.clusters.size(); ++c) {
      const Cluster& cluster = g_.clusters[c];
      int outer = folded_into_[static_cast<size_t>(cluster.parent)];
      bool fold = cluster.drawn &&
                  (what == DotCollapse::kScopes || cluster.kind == ClusterKind::kLoop);
      folded_into_[c] = outer >= 0 ? outer : fold ? static_cast<int>(c) : -1;
    }
  }

  void run();

 private:
  int folded(int node) const {
    return folded_into_[static_cast<size_t>(g_.nodes[static_cast<size_t>(node)].cluster)];
  }
  int add_folded_node(int cluster, size_t tasks, size_t writes);
  // Where an edge end inside a folded cluster goes: a view to the nearest
  // tensor it views outside (whose memory the cluster's tasks touch),
  // anything else to the folded node.
  int representative(int node) const {
    int x = node;
    while (folded(x) >= 0 && g_.nodes[static_cast<size_t>(x)].base >= 0) {
      x = g_.nodes[static_cast<size_t>(x)].base;
    }
    int cluster = folded(x);
    return cluster < 0 ? x : node_of_.at(static_cast<size_t>(cluster));
  }

  Graph& g_;
  std::vector<int> folded_into_;  // by cluster: the folded cluster holding it, or -1
  std::vector<int> node_of_;      // by cluster: its folded node, or -1
};

int Collapser::add_folded_node(int cluster, size_t tasks, size_t writes) {
  Cluster& c = g_.clusters[static_cast<size_t>(cluster)];
  std::vector<std::string> label = c.label;
  std::string count = counted(tasks, "task");
  if (writes > 0) count += ", " + counted(writes, "tensor.write");
  label.push_back(count);
  GraphNode n;
  n.kind = NodeKind::kCollapsed;
  n.id = "collapsed" + std::to_string(cluster);
  n.attrs = "label=" + quoted(label) + ", " + folded_style(c.kind);
  n.cluster = c.parent;
  g_.nodes.push_back(std::move(n));
  int index = static_cast<int>(g_.nodes.size()) - 1;
  for (auto& item : g_.clusters[static_cast<size_t>(c.parent)].items) {
    if (item == std::make_pair(true, cluster)) item = {false, index};
  }
  return index;
}

void Collapser::run() {
  const size_t original = g_.nodes.size();
  std::vector<bool> was_shown(original);
  std::vector<size_t> tasks(g_.clusters.size()), writes(g_.clusters.size());
  for (size_t i = 0; i < original; ++i) {
    auto index = static_cast<int>(i);
    was_shown[i] = g_.shown(index);
    int cluster = folded(index);
    if (cluster < 0 || !was_shown[i]) continue;
    NodeKind kind = g_.nodes[i].kind;
    if (kind == NodeKind::kTask) ++tasks[static_cast<size_t>(cluster)];
    if (kind == NodeKind::kWrite) ++writes[static_cast<size_t>(cluster)];
  }
  node_of_.assign(g_.clusters.size(), -1);
  for (size_t c = 1; c < g_.clusters.size(); ++c) {
    if (folded_into_[c] != static_cast<int>(c)) continue;
    node_of_[c] = add_folded_node(static_cast<int>(c), tasks[c], writes[c]);
  }
  // Redirect the edges of what was drawn; draw each edge once.
  std::vector<GraphEdge> edges;
  std::set<std::tuple<int, int, EdgeKind, std::string>> seen;
  for (GraphEdge& e : g_.edges) {
    if (!was_shown[static_cast<size_t>(e.from)] || !was_shown[static_cast<size_t>(e.to)]) {
      continue;
    }
    e.from = representative(e.from);
    e.to = representative(e.to);
    if (e.from == e.to) continue;
    // A view and what it views are linked by the view edges already.
    if (e.kind == EdgeKind::kOverlap && (g_.views(e.from, e.to) || g_.views(e.to, e.from))) {
      continue;
    }
    if (!seen.insert({e.from, e.to, e.kind, e.attrs}).second) continue;
    edges.push_back(std::move(e));
  }
  g_.edges = std::move(edges);
  for (size_t i = 0; i < original; ++i) {
    if (folded(static_cast<int>(i)) >= 0) g_.nodes[i].hidden = true;
  }
}

}  // namespace

void collapse(Graph& graph, DotCollapse what) {
  if (what == DotCollapse::kNone) return;
  Collapser(graph, what).run();
}

}  // namespace taskc::dot
