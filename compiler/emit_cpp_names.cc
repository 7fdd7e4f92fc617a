// Which C++ names the statements of one block declare and which later
// statements name them: what lets emit_cpp_parts.cc cut a long block into
// sibling parts instead of a chain of nested ones.
#include "emit_cpp_names.h"

#include <algorithm>
#include <unordered_map>

namespace taskc {

namespace {

constexpr size_t kTaskBytes = 1200;  // rough C++ bytes of one call site
constexpr size_t kNodeBytes = 150;   // of any other statement

std::string outs_name(int task) { return "task_" + std::to_string(task) + "_outs"; }

// Calls `name` for every C++ name a node's code reads or writes (an
// over-approximation is harmless: it only keeps a declaration in view
// longer), and counts its statements for the size estimate.
class NameWalk {
 public:
  NameWalk(const Plan& plan, const std::function<void(const std::string&)>& name)
      : plan_(plan), name_(name) {}

  size_t bytes = 0;

  void node(const PlanNode& n) {
    bytes += kNodeBytes;
    if (const auto* d = n.get<PlanScalarDecl>()) {
      expr(d->value);
    } else if (const auto* a = n.get<PlanAssign>()) {
      name_(a->name);
      if (a->index) expr(*a->index);
      expr(a->value);
    } else if (const auto* id = n.get<PlanIdDecl>()) {
      expr(id->init);
    } else if (const auto* c = n.get<PlanCheck>()) {
      check(*c);
    } else if (const auto* t = n.get<PlanTensorDecl>()) {
      tensor_decl(plan_.tensor(t->tensor));
    } else if (const auto* ci = n.get<PlanCreateInfo>()) {
      tensor_decl(plan_.tensor(ci->tensor));
    } else if (const auto* al = n.get<PlanAlloc>()) {
      for (TensorId id : al->tensors) tensor_decl(plan_.tensor(id));
    } else if (const auto* w = n.get<PlanWrite>()) {
      tensor(w->tensor);
      for (const PlanExpr& i : w->index) expr(i);
      expr(w->value);
    } else if (const auto* f = n.get<PlanFor>()) {
      expr(f->start);
      expr(f->stop);
      expr(f->step);
      nodes(f->body.nodes);
    } else if (const auto* chain = n.get<PlanIf>()) {
      for (const PlanBranch& b : chain->branches) {
        nodes(b.prelude);
        expr(b.cond);
        nodes(b.body.nodes);
      }
      nodes(chain->else_body.nodes);
    } else if (const auto* s = n.get<PlanScope>()) {
      nodes(s->body.nodes);
    } else if (const auto* task = n.get<PlanTask>()) {
      this->task(*task);
    }
  }

 private:
  void nodes(const std::vector<PlanNode>& ns) {
    for (const PlanNode& n : ns) node(n);
  }
  void task(const PlanTask& t) {
    bytes += kTaskBytes;
    nodes(t.prelude);
    for (const PlanTensorArg& a : t.tensors) {
      const PlanTensor& tensor = plan_.tensor(a.tensor);
      name_(a.allocates ? tensor.create_info : tensor.cxx_name);
    }
    for (const PlanScalarArg& s : t.scalars) expr(s.value);
    for (const PlanOption& o : t.options) expr(o.value);
    for (const PlanExpr& d : t.deps) expr(d);
    for (const PlanShapeCheck& c : t.shape_checks) expr(c.extent);
    if (t.predicate) {
      tensor(t.predicate->tensor);
      for (const PlanExpr& i : t.predicate->indices) expr(i);
      expr(t.predicate->target);
    }
    if (t.result.kind == PlanTaskResult::Kind::kAssign) {
      name_(t.result.name);
      if (t.result.index) expr(*t.result.index);
    }
  }
  void tensor(TensorId id) { name_(plan_.tensor(id).cxx_name); }
  void tensor_decl(const PlanTensor& t) {
    for (const PlanCheck& c : t.checks) check(c);
    for (const PlanExpr& e : t.shape) expr(e);
    for (const PlanExpr& e : t.offsets) expr(e);
    if (t.base != kNoTensor) tensor(t.base);
    if (t.init) expr(*t.init);
  }
  void check(const PlanCheck& c) {
    expr(c.fails);
    for (const PlanExpr& a : c.args) expr(a);
  }
  void expr(const PlanExpr& e) {
    switch (e.kind) {
      case PlanExprKind::kVar:
      case PlanExprKind::kTaskId:
        name_(e.name);
        break;
      case PlanExprKind::kRead:
      case PlanExprKind::kDim:
        tensor(e.tensor);
        break;
      case PlanExprKind::kCreatorId: {
        const PlanTensor& created = plan_.tensor(e.tensor);
        name_(created.creator_task >= 0 ? outs_name(created.creator_task)
                                        : "alloc_" + std::to_string(created.alloc));
        break;
      }
      default:
        break;
    }
    for (const PlanExpr& o : e.operands) expr(o);
  }

  const Plan& plan_;
  const std::function<void(const std::string&)>& name_;
};

// Calls `declare(name, deferrable)` for each name the node declares in its
// block (names inside its own braces are not seen after it).
void declared_names(const Plan& plan, const PlanNode& n,
                    const std::function<void(const std::string&, bool)>& declare) {
  if (const auto* d = n.get<PlanScalarDecl>()) {
    declare(d->name, false);
  } else if (const auto* id = n.get<PlanIdDecl>()) {
    declare(id->name, false);
  } else if (const auto* t = n.get<PlanTensorDecl>()) {
    declare(plan.tensor(t->tensor).cxx_name, false);
  } else if (const auto* ci = n.get<PlanCreateInfo>()) {
    declare(plan.tensor(ci->tensor).create_info, false);
  } else if (const auto* al = n.get<PlanAlloc>()) {
    declare("alloc_" + std::to_string(al->index), false);
    for (TensorId t : al->tensors) declare(plan.tensor(t).cxx_name, false);
  } else if (const auto* task = n.get<PlanTask>()) {
    for (const PlanNode& p : task->prelude) declared_names(plan, p, declare);
    declare(outs_name(task->index), true);
    for (const PlanTensorArg& a : task->tensors) {
      if (a.allocates) declare(plan.tensor(a.tensor).cxx_name, true);
    }
    // A `var` id may change later: one variable, never declared twice.
    if (task->result.kind == PlanTaskResult::Kind::kDeclare) {
      declare(task->result.name, !task->result.is_var);
    }
  }
}

}  // namespace

BlockNames block_names(const Plan& plan, const std::vector<PlanNode>& nodes) {
  BlockNames out;
  out.fixed_last.resize(nodes.size());
  out.bytes.resize(nodes.size());
  struct Decl {
    size_t node;
    bool deferrable;
  };
  std::unordered_map<std::string, Decl> decls;
  for (size_t i = 0; i < nodes.size(); ++i) {
    out.fixed_last[i] = i;
    declared_names(plan, nodes[i], [&](const std::string& name, bool deferrable) {
      decls[name] = Decl{i, deferrable};
      if (deferrable) out.result_uses.emplace(name, NameUses{});
    });
  }
  size_t j = 0;
  std::function<void(const std::string&)> named = [&](const std::string& name) {
    auto found = decls.find(name);
    if (found == decls.end() || found->second.node >= j) return;
    if (found->second.deferrable) {
      NameUses& u = out.result_uses[name];
      if (u.first == 0) u.first = j;
      u.last = j;
    } else {
      size_t& last = out.fixed_last[found->second.node];
      last = std::max(last, j);
    }
  };
  for (j = 0; j < nodes.size(); ++j) {
    NameWalk walk(plan, named);
    walk.node(nodes[j]);
    out.bytes[j] = walk.bytes;
  }
  return out;
}

}  // namespace taskc
