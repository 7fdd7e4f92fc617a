// The task graph as plain data, between the walk of the plan (emit_dot.cc)
// and the DOT text: nodes in nested clusters, and edges by kind. The passes
// of dot_passes.h (overlap edges, --focus, --collapse) rewrite it in place;
// print_dot writes it.
#ifndef TASKC_COMPILER_DOT_GRAPH_H
#define TASKC_COMPILER_DOT_GRAPH_H

#include <string>
#include <utility>
#include <vector>

#include "emit_dot.h"
#include "plan.h"

namespace taskc::dot {

enum class NodeKind { kTask, kEntryTensor, kTensor, kWrite, kCollapsed };

enum class EdgeKind {
  kData,     // a task's tensor argument (IN, OUT, INOUT)
  kView,     // from a tensor to a slice or reshape of it
  kWrite,    // from a tensor.write to its tensor
  kTaskId,   // a dependency through a task id
  kOverlap,  // between two views of one buffer that may share elements
};

enum class ClusterKind { kGraph, kScope, kManualScope, kLoop, kBranch };

struct GraphNode {
  NodeKind kind = NodeKind::kTensor;
  std::string id;
  std::string attrs;    // label and style, already quoted
  std::string display;  // tensors: how expressions name them
  int base = -1;        // views: the node viewed
  bool used = false;    // tensors: something draws an edge to it
  int cluster = 0;      // the innermost cluster that holds it
  TensorId tensor = kNoTensor;     // tensor nodes: the (non-alias) tensor
  std::vector<std::string> names;  // the .kir names --focus finds it by
  bool hidden = false;  // left out by --focus, or folded by --collapse
};

struct GraphEdge {
  int from = 0;
  int to = 0;
  std::string attrs;
  EdgeKind kind = EdgeKind::kData;
};

struct Cluster {
  ClusterKind kind = ClusterKind::kGraph;
  std::vector<std::string> label;
  std::string style;  // DOT statements after the label ("style=...; color=...")
  int parent = -1;
  std::vector<std::pair<bool, int>> items;  // (is a cluster, index), file order
  bool drawn = false;
};

struct Graph {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  std::vector<Cluster> clusters;  // [0] is the graph itself; parents first

  // Whether the node is drawn: not hidden, and a tensor only when used.
  bool shown(int node) const;
  // Sets Cluster::drawn: a cluster is drawn when it holds something drawn.
  void update_drawn();
  // Whether `ancestor` is `node` or a tensor it views (through base links).
  bool views(int node, int ancestor) const;
};

// The graph of the whole plan, nothing hidden (emit_dot.cc).
Graph build_graph(const Plan& plan);

// A quoted DOT string of `lines` joined by centred line breaks, each line
// escaped with dot_escape for where it goes (a label or a tooltip).
std::string quoted(const std::vector<std::string>& lines, DotString where = DotString::kLabel);

struct PrintOptions {
  std::string comment;             // the first line, without "// "
  std::vector<std::string> title;  // the graph's label
  bool left_to_right = false;      // rankdir=LR
};

// The graph in DOT: clusters and nodes in file order, then every edge whose
// ends are both drawn, at the top level (so that naming a node in an edge
// never moves it into another cluster).
std::string print_dot(const Graph& graph, const PrintOptions& options);

}  // namespace taskc::dot

#endif  // TASKC_COMPILER_DOT_GRAPH_H
