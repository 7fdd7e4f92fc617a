// Passes over the task graph of dot_graph.h, applied in this order by
// emit_task_graph_dot: the "may overlap" edges, --focus, --collapse. Each
// reads only the graph (and the plan it was drawn from) and rewrites it in
// place; what they decide is documented in docs/graph.md.
#ifndef TASKC_COMPILER_DOT_PASSES_H
#define TASKC_COMPILER_DOT_PASSES_H

#include <string>

#include "dot_graph.h"
#include "emit_dot.h"
#include "plan.h"

namespace taskc::dot {

// Views of one buffer that tasks touch directly and that cannot be proven
// disjoint (view_regions.h), when at least one of them is written: one
// dotted, undirected edge per pair. Two views one of which views the other
// are already linked and get none. A buffer with more than
// kMaxOverlapViews such views gets no edges, and a note on its node; so does
// a buffer whose edges would take the graph past kMaxOverlapEdges (the
// output stays proportional to the input, whatever the input).
constexpr size_t kMaxOverlapViews = 64;
constexpr size_t kMaxOverlapEdges = 4096;
void add_overlap_edges(const Plan& plan, Graph& graph);

// Hides everything but the neighbourhood of `name`: the tensors of that
// name with their views and the tasks that touch them, or the tasks that
// call the kernel or group of that name; then the tensors those tasks touch
// and the tensors those view.
void focus(Graph& graph, const std::string& name);

// Folds every outermost loop (kLoops) or every outermost cluster (kScopes)
// into one node with its label and its task count; edges to and from what
// it holds end at that node, and equal edges are drawn once.
void collapse(Graph& graph, DotCollapse what);

}  // namespace taskc::dot

#endif  // TASKC_COMPILER_DOT_PASSES_H
