// The task graph in Graphviz DOT (`taskc graph`), drawn from the task plan
// alone: tasks, the tensors they touch, the IN/OUT/INOUT edges between them,
// scopes, loops and if-branches as clusters, manual dependencies, and
// "may overlap" links between views of one buffer; optionally narrowed to
// the neighbourhood of one name, with loops or scopes folded into one node.
#ifndef TASKC_COMPILER_EMIT_DOT_H
#define TASKC_COMPILER_EMIT_DOT_H

#include <string>
#include <string_view>
#include <vector>

#include "plan.h"

namespace taskc {

// What `taskc graph --collapse` folds into one node each.
enum class DotCollapse {
  kNone,
  kLoops,   // every outermost `for`
  kScopes,  // every outermost cluster: scope, loop or if branch (each is a
            // runtime scope, PTO2_SCOPE)
};

struct DotOptions {
  DotCollapse collapse = DotCollapse::kNone;
  // Only the neighbourhood of the tensors or kernels with this .kir name
  // (docs/graph.md); empty: the whole graph. Must be one of
  // dot_focus_names(plan).
  std::string focus;
  bool left_to_right = false;  // rankdir=LR (top to bottom otherwise)
};

// `input_name` (the input as given on the command line) appears in the
// header comment and the graph's title, escaped. Node and cluster ids are
// generated (`task<N>`, `tensor<N>`, `cluster_<N>`), never taken from the
// input; every label is a quoted DOT string in plain ASCII. Deterministic.
std::string emit_task_graph_dot(const Plan& plan, const std::string& input_name,
                                const std::string& version,
                                const DotOptions& options = DotOptions{});

// The names --focus accepts, sorted, each once: the .kir names of the
// plan's tensors, and its kernels and groups.
std::vector<std::string> dot_focus_names(const Plan& plan);

// Where a DOT string goes: Graphviz reads the two differently. A label is
// unescaped once (`\\` is a backslash; `\N`, `\G`, `\E`, `\T`, `\H`, `\L`
// name graph objects; `\n`, `\l`, `\r` break lines). A tooltip is unescaped
// twice: once for line breaks (where any other `\X` loses its backslash),
// then for the object names. Both decode HTML entities such as `&amp;`.
enum class DotString { kLabel, kTooltip };

// The body of a DOT double-quoted string that Graphviz displays as `text`,
// byte for byte: `"`, `\` and `&` are escaped for `where`, and control
// bytes, DEL and non-ASCII bytes are shown as the four characters `\xHH`
// (so the result is ASCII and has no line break).
std::string dot_escape(std::string_view text, DotString where);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_DOT_H
