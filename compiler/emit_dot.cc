// The task graph as Graphviz DOT. The plan is walked once, in file order,
// into an in-memory graph (dot_graph.h: nodes, clusters, edges); the passes
// of dot_passes.h add the "may overlap" edges and apply --focus and
// --collapse; tensors nothing draws an edge to and clusters left empty are
// dropped; then dot_graph.cc prints it.
#include "emit_dot.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "dot_graph.h"
#include "emit_text.h"
#include "task_id_flow.h"

namespace taskc {

namespace {

using dot::Cluster;
using dot::ClusterKind;
using dot::EdgeKind;
using dot::GraphEdge;
using dot::GraphNode;
using dot::NodeKind;
using dot::quoted;

const char* op_text(PlanOp op) {
  switch (op) {
    case PlanOp::kNeg: return "-";
    case PlanOp::kNot: return "not ";
    case PlanOp::kOr: return " or ";
    case PlanOp::kAnd: return " and ";
    case PlanOp::kEq: return " == ";
    case PlanOp::kNe: return " != ";
    case PlanOp::kLt: return " < ";
    case PlanOp::kLe: return " <= ";
    case PlanOp::kGt: return " > ";
    case PlanOp::kGe: return " >= ";
    case PlanOp::kAdd: return " + ";
    case PlanOp::kSub: return " - ";
    case PlanOp::kMul: return " * ";
    case PlanOp::kFloorDiv: return " // ";
    case PlanOp::kMod: return " % ";
    case PlanOp::kDiv: return " / ";
  }
  return " ? ";
}

// .kir precedence, higher binds tighter.
int precedence(const PlanExpr& e) {
  if (e.kind == PlanExprKind::kUnary) return e.op == PlanOp::kNot ? 3 : 7;
  if (e.kind == PlanExprKind::kInt && e.int_value < 0) return 7;
  if (e.kind == PlanExprKind::kFloat && std::signbit(e.float_value)) return 7;
  if (e.kind != PlanExprKind::kBinary) return 8;
  switch (e.op) {
    case PlanOp::kOr: return 1;
    case PlanOp::kAnd: return 2;
    case PlanOp::kAdd:
    case PlanOp::kSub: return 5;
    case PlanOp::kMul:
    case PlanOp::kFloorDiv:
    case PlanOp::kMod:
    case PlanOp::kDiv: return 6;
    default: return 4;  // comparisons
  }
}

PlanExpr binary(PlanOp op, PlanExpr a, PlanExpr b) {
  bool ints = a.kind == PlanExprKind::kInt && b.kind == PlanExprKind::kInt;
  if (ints && op == PlanOp::kAdd) return PlanExpr::integer(a.int_value + b.int_value);
  if (ints && op == PlanOp::kSub) return PlanExpr::integer(a.int_value - b.int_value);
  if (ints && op == PlanOp::kFloorDiv && b.int_value > 0) {
    int64_t q = a.int_value / b.int_value;
    if (a.int_value % b.int_value != 0 && a.int_value < 0) --q;
    return PlanExpr::integer(q);
  }
  if (b.kind == PlanExprKind::kInt && b.int_value == 0 &&
      (op == PlanOp::kAdd || op == PlanOp::kSub)) {
    return a;
  }
  PlanExpr e;
  e.kind = PlanExprKind::kBinary;
  e.op = op;
  e.operands = {std::move(a), std::move(b)};
  return e;
}

class DotBuilder {
 public:
  explicit DotBuilder(const Plan& plan)
      : plan_(plan), tensor_nodes_(plan.tensors.size(), -1) {
    for (const PlanDim& d : plan.dims) dims_.insert(d.name);
  }

  // The graph of the whole plan.
  dot::Graph build();

 private:
  // ---- tensors and task ids ----
  int tensor_node(TensorId t) const {
    int node = tensor_nodes_.at(static_cast<size_t>(t));
    if (node < 0) throw InternalError("graph: tensor '" + plan_.tensor(t).cxx_name +
                                      "' is used before it is declared");
    return node;
  }
  std::string tensor_text(TensorId t) const { return nodes_[tensor_node(t)].display; }
  // The tasks a task id expression may name (a variable's, an element's).
  std::vector<int> tasks_of(const PlanExpr& id) const {
    return id.kind == PlanExprKind::kTaskId ? ids_.holds(id.name) : std::vector<int>{};
  }
  void add_id_edges(const std::vector<TaskIdFlow::Edge>& edges);

  // ---- expressions in .kir spelling ----
  std::string expr(const PlanExpr& e) const;
  std::string operand(const PlanExpr& e, int outer, bool tighter) const {
    int p = precedence(e);
    bool wrap = p < outer || (tighter && p == outer);
    return wrap ? "(" + expr(e) + ")" : expr(e);
  }
  std::string list(const std::vector<PlanExpr>& items) const {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + expr(items[i]);
    return out + "]";
  }
  std::string trip_count(const PlanFor& loop) const;

  // ---- graph building ----
  int add_node(NodeKind kind, std::string id, std::string attrs, std::string display = "");
  void add_edge(int from, int to, std::string attrs, EdgeKind kind = EdgeKind::kData) {
    edges_.push_back(GraphEdge{from, to, std::move(attrs), kind});
  }
  void mark_used(int node) {
    for (; node >= 0 && !nodes_[node].used; node = nodes_[node].base) {
      nodes_[node].used = true;
    }
  }
  void open_cluster(ClusterKind kind, const std::vector<std::string>& label,
                    const std::string& style);
  void close_cluster() { current_.pop_back(); }
  void visit_nodes(const std::vector<PlanNode>& nodes);
  void visit(const PlanNode& n);
  void visit_tensor_decl(TensorId id);
  void visit_create(TensorId id);
  void visit_for(const PlanFor& loop);
  void visit_if(const PlanIf& branches);
  void visit_task(const PlanTask& t);
  std::vector<std::string> lane_lines(const PlanTask& t) const;
  void name_nodes();

  const Plan& plan_;
  std::set<std::string> dims_;  // a dim is never negative
  std::vector<int> tensor_nodes_;  // by TensorId: its graph node, once declared
  // Task ids by variable: .kir names of one scope are unique and a name's
  // latest declaration in file order is the one in scope.
  TaskIdFlow ids_;
  std::set<std::string> id_vars_;  // declared with `var` (edges show the name)
  std::set<std::tuple<int, int, bool>> id_edges_;  // drawn: (from, to, carried)
  // Scalars the planner introduced (loop bounds read once, computed
  // `blocks`): shown as the expression they stand for.
  std::map<std::string, PlanExpr> hidden_;
  dot::Graph graph_;
  std::vector<GraphNode>& nodes_ = graph_.nodes;
  std::vector<GraphEdge>& edges_ = graph_.edges;
  std::vector<Cluster>& clusters_ = graph_.clusters;
  std::map<int, const PlanTask*> tasks_;  // by graph node
  std::vector<int> current_;  // open clusters; clusters_[0] is the graph
  int next_tensor_ = 0;
  int next_write_ = 0;
};

std::string DotBuilder::expr(const PlanExpr& e) const {
  switch (e.kind) {
    case PlanExprKind::kInt:
      return std::to_string(e.int_value);
    case PlanExprKind::kFloat:
      return fp32_text(e.float_value);
    case PlanExprKind::kBool:
      return e.bool_value ? "true" : "false";
    case PlanExprKind::kVar: {
      auto it = hidden_.find(e.name);
      return it == hidden_.end() ? e.name : expr(it->second);
    }
    case PlanExprKind::kUnary:
      if (e.op == PlanOp::kNot && e.operands.at(0).kind == PlanExprKind::kIsValid) {
        return expr(e.operands[0].operands.at(0)) + " == none";
      }
      return op_text(e.op) + operand(e.operands.at(0), precedence(e), true);
    case PlanExprKind::kBinary: {
      int p = precedence(e);
      bool comparison = p == 4;
      return operand(e.operands.at(0), p, comparison) + op_text(e.op) +
             operand(e.operands.at(1), p, true);
    }
    case PlanExprKind::kMin:
    case PlanExprKind::kMax:
      return std::string(e.kind == PlanExprKind::kMin ? "min(" : "max(") +
             expr(e.operands.at(0)) + ", " + expr(e.operands.at(1)) + ")";
    case PlanExprKind::kSelect:
      return "select(" + expr(e.operands.at(0)) + ", " + expr(e.operands.at(1)) +
             ", " + expr(e.operands.at(2)) + ")";
    case PlanExprKind::kCast:
      return "cast(" + expr(e.operands.at(0)) + ", " + dtype_info(e.dtype).name + ")";
    case PlanExprKind::kRead:
      return "tensor.read(" + tensor_text(e.tensor) + ", " + list(e.operands) + ")";
    case PlanExprKind::kDim:
      return "tensor.dim(" + tensor_text(e.tensor) + ", " + std::to_string(e.axis) + ")";
    case PlanExprKind::kTaskId:
      return e.operands.empty() ? e.name : e.name + "[" + expr(e.operands[0]) + "]";
    case PlanExprKind::kNoTask:
      return "none";
    case PlanExprKind::kCreatorId:
      return "creator of " + tensor_text(e.tensor);
    case PlanExprKind::kIsValid:
      return expr(e.operands.at(0)) + " != none";
    case PlanExprKind::kRuntimeCount:
      return e.name + "()";
    case PlanExprKind::kElementCount:
      return "elements(" + list(e.operands) + ")";
  }
  return "?";
}

// range(start, stop, step) runs max(0, ceil((stop - start) / step)) times.
std::string DotBuilder::trip_count(const PlanFor& loop) const {
  if (loop.step.kind != PlanExprKind::kInt || loop.step.int_value == 0) {
    return "ceil((" + expr(loop.stop) + " - " + expr(loop.start) + ") / " +
           expr(loop.step) + "), 0 when the step is 0";
  }
  int64_t step = loop.step.int_value;
  PlanExpr span = step > 0 ? binary(PlanOp::kSub, loop.stop, loop.start)
                           : binary(PlanOp::kSub, loop.start, loop.stop);
  uint64_t magnitude = step > 0 ? static_cast<uint64_t>(step)
                                : 0 - static_cast<uint64_t>(step);
  PlanExpr count = span;
  if (magnitude != 1) {
    auto m = static_cast<int64_t>(magnitude);
    count = binary(PlanOp::kFloorDiv, binary(PlanOp::kAdd, span, PlanExpr::integer(m - 1)),
                   PlanExpr::integer(m));
  }
  if (count.kind == PlanExprKind::kInt) {
    return std::to_string(count.int_value < 0 ? 0 : count.int_value);
  }
  if (count.kind == PlanExprKind::kVar && dims_.count(count.name)) return expr(count);
  return "max(0, " + expr(count) + ")";
}

int DotBuilder::add_node(NodeKind kind, std::string id, std::string attrs,
                         std::string display) {
  GraphNode n;
  n.kind = kind;
  n.id = std::move(id);
  n.attrs = std::move(attrs);
  n.display = std::move(display);
  n.cluster = current_.back();
  nodes_.push_back(std::move(n));
  int index = static_cast<int>(nodes_.size()) - 1;
  clusters_[current_.back()].items.emplace_back(false, index);
  return index;
}

void DotBuilder::open_cluster(ClusterKind kind, const std::vector<std::string>& label,
                              const std::string& style) {
  Cluster c;
  c.kind = kind;
  c.label = label;
  c.style = style;
  c.parent = current_.back();
  clusters_.push_back(std::move(c));
  int index = static_cast<int>(clusters_.size()) - 1;
  clusters_[current_.back()].items.emplace_back(true, index);
  current_.push_back(index);
}

void DotBuilder::visit_nodes(const std::vector<PlanNode>& nodes) {
  for (const PlanNode& n : nodes) visit(n);
}

void DotBuilder::visit_create(TensorId id) {
  const PlanTensor& t = plan_.tensor(id);
  std::string text = "tensor.create(" + list(t.shape) + ", " + dtype_info(t.dtype).name + ")";
  std::vector<std::string> label{text};
  if (!t.kir_name.empty()) label.insert(label.begin(), t.kir_name);
  tensor_nodes_[static_cast<size_t>(id)] =
      add_node(NodeKind::kTensor, "tensor" + std::to_string(next_tensor_++),
               "label=" + quoted(label) + ", shape=ellipse",
               t.kir_name.empty() ? text : t.kir_name);
}

void DotBuilder::visit_tensor_decl(TensorId id) {
  const PlanTensor& t = plan_.tensor(id);
  int base = tensor_node(t.base);
  if (t.kind == PlanTensorKind::kAlias) {
    tensor_nodes_[static_cast<size_t>(id)] = base;
    return;
  }
  bool view = t.kind == PlanTensorKind::kView;
  std::string text = view ? "tensor.slice(" + nodes_[base].display + ", " + list(t.shape) +
                                ", " + list(t.offsets) + ")"
                          : "tensor.reshape(" + nodes_[base].display + ", " +
                                list(t.shape) + ")";
  std::vector<std::string> label{text};
  if (!t.kir_name.empty()) label.insert(label.begin(), t.kir_name);
  int node = add_node(NodeKind::kTensor, "tensor" + std::to_string(next_tensor_++),
                      "label=" + quoted(label) + ", shape=ellipse, style=dashed",
                      t.kir_name.empty() ? text : t.kir_name);
  nodes_[node].base = base;
  add_edge(base, node, std::string("label=\"") + (view ? "slice" : "reshape") +
                           "\", style=dotted, arrowhead=empty, color=gray40, "
                           "fontcolor=gray40",
           EdgeKind::kView);
  tensor_nodes_[static_cast<size_t>(id)] = node;
}

void DotBuilder::visit(const PlanNode& n) {
  std::visit(
      Overloaded{
          [&](const PlanScalarDecl& d) {
            if (d.generated) hidden_[d.name] = d.value;
          },
          [&](const PlanAssign& a) {
            bool id = a.value.kind == PlanExprKind::kTaskId ||
                      a.value.kind == PlanExprKind::kNoTask;
            if (id) ids_.assign(a.name, tasks_of(a.value), a.index.has_value());
          },
          [&](const PlanIdDecl& d) {
            if (d.array_size > 0 || d.init.kind == PlanExprKind::kNoTask) id_vars_.insert(d.name);
            ids_.declare(d.name, d.array_size > 0 ? std::vector<int>{} : tasks_of(d.init));
          },
          [&](const PlanCheck&) {},
          [&](const PlanTensorDecl& d) { visit_tensor_decl(d.tensor); },
          [&](const PlanCreateInfo& c) { visit_create(c.tensor); },
          [&](const PlanAlloc& a) {
            for (TensorId t : a.tensors) visit_create(t);
          },
          [&](const PlanWrite& w) {
            int tensor = tensor_node(w.tensor);
            std::string text = "tensor.write(" + nodes_[tensor].display + ", " +
                               list(w.index) + ", " + expr(w.value) + ")";
            int node = add_node(NodeKind::kWrite, "write" + std::to_string(next_write_++),
                                "label=" + quoted({text}) + ", shape=note");
            add_edge(node, tensor, "label=\"write\"", EdgeKind::kWrite);
            mark_used(tensor);
          },
          [&](const PlanFor& loop) { visit_for(loop); },
          [&](const PlanIf& branches) { visit_if(branches); },
          [&](const PlanScope& scope) {
            open_cluster(scope.manual ? ClusterKind::kManualScope : ClusterKind::kScope,
                         {scope.manual ? "scope manual" : "scope"},
                         scope.manual ? "style=\"rounded,bold\"; color=firebrick"
                                      : "style=rounded; color=steelblue");
            visit_nodes(scope.body.nodes);
            close_cluster();
          },
          [&](const PlanTask& task) {
            visit_nodes(task.prelude);
            visit_task(task);
          },
      },
      n.payload);
}

void DotBuilder::visit_for(const PlanFor& loop) {
  bool simple = loop.start.kind == PlanExprKind::kInt && loop.start.int_value == 0 &&
                loop.step.kind == PlanExprKind::kInt && loop.step.int_value == 1;
  std::string range = simple ? expr(loop.stop)
                             : expr(loop.start) + ", " + expr(loop.stop) + ", " +
                                   expr(loop.step);
  open_cluster(ClusterKind::kLoop, {"for " + loop.var + " in range(" + range + ")",
                "trip count: " + trip_count(loop)},
               "style=\"rounded,dashed\"; color=gray30");
  ids_.enter_loop();
  visit_nodes(loop.body.nodes);
  add_id_edges(ids_.leave_loop());
  close_cluster();
}

void DotBuilder::visit_if(const PlanIf& branches) {
  for (size_t i = 0; i < branches.branches.size(); ++i) {
    const PlanBranch& b = branches.branches[i];
    visit_nodes(b.prelude);
    open_cluster(ClusterKind::kBranch, {(i == 0 ? "if " : "elif ") + expr(b.cond)},
                 "style=rounded; color=darkgoldenrod");
    ids_.enter_branch();
    visit_nodes(b.body.nodes);
    ids_.leave_branch();
    close_cluster();
  }
  if (branches.has_else) {
    open_cluster(ClusterKind::kBranch, {"else"}, "style=rounded; color=darkgoldenrod");
    ids_.enter_branch();
    visit_nodes(branches.else_body.nodes);
    ids_.leave_branch();
    close_cluster();
  }
}

std::vector<std::string> DotBuilder::lane_lines(const PlanTask& t) const {
  auto name = [&](int func_id) -> std::string {
    if (func_id < 0 || static_cast<size_t>(func_id) >= plan_.kernels.size()) {
      throw InternalError("graph: task " + std::to_string(t.index) +
                          " names an unknown func_id");
    }
    return plan_.kernels[static_cast<size_t>(func_id)].name;
  };
  if (t.is_group) {
    std::string lanes = t.aic >= 0 ? "aic " + name(t.aic) + " | " : "";
    lanes += "aiv0 " + name(t.aiv0);
    if (t.aiv1 >= 0) lanes += " | aiv1 " + name(t.aiv1);
    return {lanes};
  }
  if (t.submit == SubmitKind::kDummy) return {"no kernel: orders its dependencies"};
  if (t.aic >= 0) return {"aic"};
  if (t.aiv1 >= 0) return {"aiv0 + aiv1 (dual_aiv)"};
  return {"aiv"};
}

void DotBuilder::visit_task(const PlanTask& t) {
  std::vector<std::string> label{"task " + std::to_string(t.index) + ": " + t.callee +
                                 (t.is_group ? " (group)" : "")};
  for (std::string& line : lane_lines(t)) label.push_back(std::move(line));
  for (const PlanOption& o : t.options) {
    label.push_back(std::string(call_keyword_info(o.keyword).name) + " = " + expr(o.value));
  }
  if (t.predicate) {
    const PlanPredicate& p = *t.predicate;
    label.push_back("dispatch_if tensor.element(" + tensor_text(p.tensor) + ", " +
                    list(p.indices) + ")" + op_text(p.op) + expr(p.target));
  }
  const PlanTaskResult& r = t.result;
  if (r.kind == PlanTaskResult::Kind::kDeclare) {
    label.push_back((r.is_var ? "var " : "let ") + r.name);
  } else if (r.kind == PlanTaskResult::Kind::kAssign) {
    label.push_back("assigns " + (r.index ? r.name + "[" + expr(*r.index) + "]" : r.name));
  }
  label.push_back("line " + std::to_string(t.line));
  std::vector<std::string> sources;
  for (int id : {t.aic, t.aiv0}) {
    if (id >= 0 && static_cast<size_t>(id) < plan_.kernels.size()) {
      const PlanKernel& k = plan_.kernels[static_cast<size_t>(id)];
      sources.push_back(k.name + ": " + k.source);
    }
  }
  const char* fill = t.is_group || (t.aic >= 0 && t.aiv0 >= 0) ? "thistle"
                     : t.aic >= 0                             ? "lightblue"
                                                              : "lightyellow";
  int node = add_node(NodeKind::kTask, "task" + std::to_string(t.index),
                      "label=" + quoted(label) +
                          ", tooltip=" + quoted(sources, DotString::kTooltip) +
                          ", shape=box, style=\"rounded,filled\", fillcolor=" + fill);
  tasks_[node] = &t;
  for (const PlanTensorArg& a : t.tensors) {
    int tensor = tensor_node(a.tensor);
    mark_used(tensor);
    std::string dir = direction_name(a.direction);
    bool nodep = a.method == PayloadMethod::kNoDep;
    std::string attrs = "label=\"" + dir + (nodep ? " nodep" : "") + "\"";
    if (nodep) attrs += ", style=dotted";
    if (a.direction == Direction::kOut) {
      add_edge(node, tensor, attrs);
    } else {
      if (a.direction == Direction::kInOut) attrs += ", dir=both";
      add_edge(tensor, node, attrs);
    }
  }
  for (const PlanExpr& dep : t.deps) {
    if (dep.kind == PlanExprKind::kTaskId) add_id_edges(ids_.use(dep.name, node));
  }
  if (r.kind == PlanTaskResult::Kind::kDeclare) {
    if (r.is_var) id_vars_.insert(r.name);
    ids_.declare(r.name, {node});
  } else if (r.kind == PlanTaskResult::Kind::kAssign) {
    ids_.assign(r.name, {node}, r.index.has_value());
  }
}

// Dependencies through task ids: dashed; a variable's name on its edges;
// an edge from an earlier iteration only where no edge of this one exists.
void DotBuilder::add_id_edges(const std::vector<TaskIdFlow::Edge>& edges) {
  for (const TaskIdFlow::Edge& e : edges) {
    if (e.loop_carried && id_edges_.count({e.from, e.to, false})) continue;
    if (!id_edges_.insert({e.from, e.to, e.loop_carried}).second) continue;
    std::string attrs = "style=dashed, color=firebrick";
    if (e.loop_carried) {
      attrs = "label=" + quoted({e.variable + " (previous iteration)"}) + ", " + attrs +
              ", constraint=false";
    } else if (id_vars_.count(e.variable)) {
      attrs = "label=" + quoted({e.variable}) + ", " + attrs;
    }
    add_edge(e.from, e.to, attrs, EdgeKind::kTaskId);
  }
}

// What --focus finds each node by (the .kir names of the tensors it draws,
// the callee and kernels of a task), and the tensor a node draws.
void DotBuilder::name_nodes() {
  for (size_t t = 0; t < tensor_nodes_.size(); ++t) {
    if (tensor_nodes_[t] < 0) continue;
    GraphNode& n = nodes_[static_cast<size_t>(tensor_nodes_[t])];
    const PlanTensor& tensor = plan_.tensors[t];
    if (tensor.kind != PlanTensorKind::kAlias) n.tensor = static_cast<TensorId>(t);
    if (!tensor.kir_name.empty()) n.names.push_back(tensor.kir_name);
  }
  for (const auto& [node, task] : tasks_) {
    std::vector<std::string>& names = nodes_[static_cast<size_t>(node)].names;
    names.push_back(task->callee);
    for (int id : {task->aic, task->aiv0, task->aiv1}) {
      if (id < 0 || static_cast<size_t>(id) >= plan_.kernels.size()) continue;
      const std::string& kernel = plan_.kernels[static_cast<size_t>(id)].name;
      if (std::find(names.begin(), names.end(), kernel) == names.end()) {
        names.push_back(kernel);
      }
    }
  }
}

dot::Graph DotBuilder::build() {
  clusters_.emplace_back();
  current_.push_back(0);
  for (const PlanEntryParam& p : plan_.entry_params) {
    if (!p.param.is_tensor) continue;
    std::string shape;
    for (const PlanExtent& x : p.param.shape) {
      shape += (shape.empty() ? "" : ", ") +
               (x.any ? "?" : x.constant ? std::to_string(*x.constant) : x.text);
    }
    std::string type = std::string(direction_keyword(p.param.direction)) + " Tensor[[" +
                       shape + "], " + dtype_info(p.param.dtype).name + "]";
    tensor_nodes_[static_cast<size_t>(p.tensor)] =
        add_node(NodeKind::kEntryTensor, "entry" + std::to_string(p.tensor_index),
                 "label=" + quoted({p.param.name, type}) +
                     ", shape=cylinder, style=filled, fillcolor=honeydew",
                 p.param.name);
  }
  visit_nodes(plan_.body.nodes);
  name_nodes();
  return std::move(graph_);
}

}  // namespace

std::string dot_escape(std::string_view text, DotString where) {
  static const char kHex[] = "0123456789abcdef";
  // What displays one backslash: `\\` in a label; in a tooltip each of the
  // two unescapings halves the backslashes.
  const std::string_view backslash = where == DotString::kLabel ? "\\\\" : "\\\\\\\\";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += backslash;
    } else if (c == '&') {
      out += "&amp;";  // not the start of an entity
    } else if (c < 0x20 || c >= 0x7f) {
      out += backslash;  // the text "\xHH"
      out += 'x';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  return out;
}

dot::Graph dot::build_graph(const Plan& plan) { return DotBuilder(plan).build(); }

}  // namespace taskc
