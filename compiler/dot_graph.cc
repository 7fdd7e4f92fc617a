#include "dot_graph.h"

#include "emit_dot.h"

namespace taskc::dot {

namespace {

void print_cluster(const Graph& g, int index, int depth, std::string& out) {
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  for (const auto& [is_cluster, i] : g.clusters[static_cast<size_t>(index)].items) {
    if (is_cluster) {
      const Cluster& c = g.clusters[static_cast<size_t>(i)];
      if (!c.drawn) continue;
      out += pad + "subgraph cluster_" + std::to_string(i) + " {\n";
      out += pad + "  label=" + quoted(c.label) + "; " + c.style + ";\n";
      print_cluster(g, i, depth + 1, out);
      out += pad + "}\n";
      continue;
    }
    if (!g.shown(i)) continue;
    const GraphNode& n = g.nodes[static_cast<size_t>(i)];
    out += pad + n.id + " [" + n.attrs + "];\n";
  }
}

}  // namespace

bool Graph::shown(int node) const {
  const GraphNode& n = nodes[static_cast<size_t>(node)];
  return !n.hidden && (n.kind != NodeKind::kTensor || n.used);
}

void Graph::update_drawn() {
  // Children come after their parents: decide from the innermost out.
  for (size_t c = clusters.size(); c-- > 1;) {
    Cluster& cluster = clusters[c];
    cluster.drawn = false;
    for (const auto& [is_cluster, i] : cluster.items) {
      bool drawn = is_cluster ? clusters[static_cast<size_t>(i)].drawn : shown(i);
      cluster.drawn = cluster.drawn || drawn;
    }
  }
}

bool Graph::views(int node, int ancestor) const {
  for (; node >= 0; node = nodes[static_cast<size_t>(node)].base) {
    if (node == ancestor) return true;
  }
  return false;
}

std::string quoted(const std::vector<std::string>& lines, DotString where) {
  std::string out = "\"";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    out += dot_escape(lines[i], where);
  }
  return out + "\"";
}

std::string print_dot(const Graph& graph, const PrintOptions& options) {
  std::string out = "// " + options.comment + "\n";
  out += "digraph taskc {\n";
  out += "  graph [label=" + quoted(options.title) +
         ", labelloc=t, fontname=\"Helvetica\", fontsize=12, newrank=true" +
         (options.left_to_right ? ", rankdir=LR" : "") + "];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  print_cluster(graph, 0, 1, out);
  for (const GraphEdge& e : graph.edges) {
    if (!graph.shown(e.from) || !graph.shown(e.to)) continue;
    out += "  " + graph.nodes[static_cast<size_t>(e.from)].id + " -> " +
           graph.nodes[static_cast<size_t>(e.to)].id + " [" + e.attrs + "];\n";
  }
  return out + "}\n";
}

}  // namespace taskc::dot
