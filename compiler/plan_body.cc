// Statements: the orchestration body becomes a tree of plan nodes; each
// `call` becomes a task with its payload laid out in parameter order.
#include <algorithm>

#include "plan_builder.h"

namespace taskc {

namespace {

constexpr size_t kMaxCreateInfosPerAlloc = 16;  // alloc_tensors' limit

PlanNode scalar_node(PlanNodeKind kind, const std::string& name, DType dtype,
                     PlanExpr value) {
  PlanNode n;
  n.kind = kind;
  n.name = name;
  n.dtype = dtype;
  n.value = std::move(value);
  return n;
}

// Numbers allocs in the order the emitted code shows them.
void number_allocs(PlanBlock& block, int& next);

void number_allocs(std::vector<PlanNode>& nodes, int& next) {
  for (PlanNode& n : nodes) {
    if (n.kind == PlanNodeKind::kAlloc) n.alloc.index = next++;
    number_allocs(n.task.prelude, next);
    for (PlanBranch& b : n.branches) {
      number_allocs(b.prelude, next);
      number_allocs(b.body, next);
    }
    number_allocs(n.body, next);
    number_allocs(n.else_body, next);
  }
}

void number_allocs(PlanBlock& block, int& next) {
  for (PlanAlloc& a : block.allocs) a.index = next++;
  number_allocs(block.nodes, next);
}

// Creations that stay in place but follow each other share one
// alloc_tensors call.
void merge_adjacent_allocs(std::vector<PlanNode>& nodes) {
  std::vector<PlanNode> merged;
  merged.reserve(nodes.size());  // nodes are large: no regrowth
  for (PlanNode& n : nodes) {
    bool joins = n.kind == PlanNodeKind::kAlloc && !merged.empty() &&
                 merged.back().kind == PlanNodeKind::kAlloc &&
                 merged.back().alloc.tensors.size() + n.alloc.tensors.size() <=
                     kMaxCreateInfosPerAlloc;
    if (joins) {
      // Not when a shape refers to a tensor of the batch (tensor.dim).
      std::set<std::string> batch;
      for (const PlanTensorCreate& t : merged.back().alloc.tensors) batch.insert(t.name);
      for (const PlanTensorCreate& t : n.alloc.tensors) {
        for (const PlanExpr& x : t.shape) joins = joins && fixed_in_block(x, batch);
      }
    }
    if (!joins) {
      merged.push_back(std::move(n));
      continue;
    }
    for (PlanTensorCreate& t : n.alloc.tensors) {
      merged.back().alloc.tensors.push_back(std::move(t));
    }
  }
  nodes = std::move(merged);
}

}  // namespace

PlanBlock PlanBuilder::plan_block(const Block& b, bool runtime_scope) {
  bool outermost = blocks_.empty();
  blocks_.emplace_back();
  PlanBlock out;
  out.runtime_scope = runtime_scope;
  for (const StmtPtr& s : b.stmts) plan_stmt(*s, out.nodes);
  merge_adjacent_allocs(out.nodes);
  std::vector<PlanTensorCreate>& hoisted = blocks_.back().hoisted;
  for (size_t i = 0; i < hoisted.size(); i += kMaxCreateInfosPerAlloc) {
    PlanAlloc batch;
    size_t end = std::min(hoisted.size(), i + kMaxCreateInfosPerAlloc);
    batch.tensors.assign(hoisted.begin() + static_cast<std::ptrdiff_t>(i),
                         hoisted.begin() + static_cast<std::ptrdiff_t>(end));
    out.allocs.push_back(std::move(batch));
  }
  blocks_.pop_back();
  prelude_ = nullptr;
  if (outermost) number_allocs(out, next_alloc_);
  return out;
}

void PlanBuilder::plan_stmt(const Stmt& s, std::vector<PlanNode>& out) {
  prelude_ = &out;
  switch (s.kind) {
    case StmtKind::kLet:
      plan_let(s, out);
      return;
    case StmtKind::kVar:
    case StmtKind::kAssign: {
      const Symbol* sym = prog_.stmt_symbol.at(&s);
      DType dtype = sym->type.dtype;
      PlanExpr value = convert(*s.value, dtype);
      bool is_var = s.kind == StmtKind::kVar;
      PlanNode n = scalar_node(is_var ? PlanNodeKind::kVar : PlanNodeKind::kAssign,
                               sym->name, dtype, std::move(value));
      if (is_var) {
        n.decl_id = decl_id_for(sym);
        blocks_.back().declared.insert(sym->name);
      }
      out.push_back(std::move(n));
      return;
    }
    case StmtKind::kCall: {
      PlanNode n;
      n.kind = PlanNodeKind::kTask;
      n.task = plan_task(*s.call);
      out.push_back(std::move(n));
      return;
    }
    case StmtKind::kOp:
      plan_write(*s.value, out);
      return;
    case StmtKind::kFor:
      plan_for(s, out);
      return;
    case StmtKind::kIf:
      plan_if(s, out);
      return;
    case StmtKind::kScope: {
      PlanNode n;
      n.kind = PlanNodeKind::kScope;
      n.manual = s.manual;
      bool was_manual = in_manual_scope_;
      in_manual_scope_ = in_manual_scope_ || s.manual;
      n.body = plan_block(s.body, false);  // the scope node is the PTO2_SCOPE
      in_manual_scope_ = was_manual;
      out.push_back(std::move(n));
      return;
    }
  }
}

void PlanBuilder::plan_let(const Stmt& s, std::vector<PlanNode>& out) {
  const Symbol* sym = prog_.stmt_symbol.at(&s);
  if (s.call) {
    PlanNode n;
    n.kind = PlanNodeKind::kTask;
    n.task = plan_task(*s.call);
    n.task.bound_name = sym->name;
    n.task.bound_decl_id = decl_id_for(sym);
    blocks_.back().declared.insert(sym->name);
    out.push_back(std::move(n));
    return;
  }
  if (sym->type.kind == ValueKind::kScalar) {
    if (sym->constant) return;  // folded into every use
    DType dtype = sym->type.dtype;
    PlanNode n = scalar_node(PlanNodeKind::kLetScalar, sym->name, dtype,
                             convert(*s.value, dtype));
    n.decl_id = decl_id_for(sym);
    blocks_.back().declared.insert(sym->name);
    out.push_back(std::move(n));
    return;
  }
  if (sym->type.kind == ValueKind::kTaskId) {
    const ExprInfo& value = prog_.info(s.value.get());
    if (s.value->kind != ExprKind::kName || !value.symbol) {
      throw InternalError("let '" + sym->name + "' binds a task id that is not a name");
    }
    note_read(value.symbol);
    PlanNode n;
    n.kind = PlanNodeKind::kLetTaskId;
    n.name = sym->name;
    n.base = cxx_name(*value.symbol);
    n.decl_id = decl_id_for(sym);
    blocks_.back().declared.insert(sym->name);
    out.push_back(std::move(n));
    return;
  }
  if (sym->type.kind != ValueKind::kTensor) {
    throw InternalError("let '" + sym->name + "' binds neither a scalar nor a tensor");
  }
  const Expr& value = *s.value;
  int id = decl_id_for(sym);
  if (value.kind == ExprKind::kTensorOp) {
    declare_tensor_op(value, sym->name, id);
    return;
  }
  PlanNode n;
  n.kind = PlanNodeKind::kLetTensor;
  n.name = sym->name;
  n.base = tensor_operand(value);
  n.decl_id = id;
  blocks_.back().declared.insert(sym->name);
  out.push_back(std::move(n));
}

void PlanBuilder::plan_write(const Expr& e, std::vector<PlanNode>& out) {
  PlanNode n;
  n.kind = PlanNodeKind::kWrite;
  n.name = tensor_operand(*e.args[0].value);
  n.index = index_list(*e.args[1].value);
  n.dtype = prog_.info(e.args[0].value.get()).type.dtype;
  n.value = convert(*e.args[2].value, n.dtype);
  out.push_back(std::move(n));
}

PlanExpr PlanBuilder::stable_bound(PlanExpr bound, const char* what,
                                   std::vector<PlanNode>& out) {
  if (fixed_in_block(bound, {})) return bound;
  std::string name = fresh((std::string("task_") + what).c_str());
  out.push_back(scalar_node(PlanNodeKind::kLetScalar, name, DType::kIndex,
                            std::move(bound)));
  blocks_.back().declared.insert(name);
  return PlanExpr::variable(name, DType::kIndex);
}

void PlanBuilder::plan_for(const Stmt& s, std::vector<PlanNode>& out) {
  const Symbol* var = prog_.stmt_symbol.at(&s);
  PlanNode n;
  n.kind = PlanNodeKind::kFor;
  n.name = var->name;
  const auto& args = s.range_args;
  n.start = PlanExpr::integer(0);
  n.step = PlanExpr::integer(1);
  if (args.size() == 1) {
    n.stop = convert(*args[0], DType::kIndex);
  } else {
    n.start = convert(*args[0], DType::kIndex);
    n.stop = convert(*args[1], DType::kIndex);
    if (args.size() == 3) n.step = convert(*args[2], DType::kIndex);
  }
  // C++ re-evaluates the condition and increment every iteration; range()
  // evaluates its arguments once.
  n.stop = stable_bound(std::move(n.stop), "stop", out);
  n.step = stable_bound(std::move(n.step), "step", out);
  n.body = plan_block(s.body, !in_manual_scope_);
  out.push_back(std::move(n));
}

void PlanBuilder::plan_if(const Stmt& s, std::vector<PlanNode>& out) {
  PlanNode n;
  n.kind = PlanNodeKind::kIf;
  for (size_t i = 0; i < s.conds.size(); ++i) {
    PlanBranch branch;
    // The first condition's declarations go before the `if`; an elif's
    // are evaluated only when the earlier conditions were false.
    prelude_ = i == 0 ? &out : &branch.prelude;
    branch.cond = condition(*s.conds[i]);
    branch.body = plan_block(s.blocks[i], !in_manual_scope_);
    n.branches.push_back(std::move(branch));
  }
  if (s.else_block) {
    n.has_else = true;
    n.else_body = plan_block(*s.else_block, !in_manual_scope_);
  }
  out.push_back(std::move(n));
}

PlanTask PlanBuilder::plan_task(const TaskCall& call) {
  const CallInfo& info = prog_.call_info.at(&call);
  PlanTask t;
  t.index = plan_.task_count++;
  t.line = call.span.begin.line;
  t.is_group = info.is_group;
  if (info.callee < 0) throw InternalError("call of '" + call.kernel + "' is unresolved");
  const std::vector<ParamInfo>& params =
      info.is_group ? prog_.groups.at(info.callee).params
                    : prog_.kernels.at(info.callee).params;
  t.callee = info.is_group ? prog_.groups.at(info.callee).name
                           : prog_.kernels.at(info.callee).name;
  std::vector<const Arg*> positional;
  for (const Arg& a : call.args) {
    if (a.keyword.empty()) positional.push_back(&a);
  }
  if (positional.size() != params.size()) {
    throw InternalError("call of '" + t.callee + "' at line " + std::to_string(t.line) +
                        " has " + std::to_string(positional.size()) +
                        " arguments for " + std::to_string(params.size()) + " parameters");
  }
  prelude_ = &t.prelude;
  std::string prefix = "task_" + std::to_string(t.index) + "_arg";
  for (size_t i = 0; i < params.size(); ++i) {
    const ParamInfo& p = params[i];
    const Arg& arg = *positional[i];
    if (!p.is_tensor) {
      t.scalars.push_back(PlanScalarArg{p.name, p.dtype, convert(*arg.value, p.dtype)});
      continue;
    }
    PlanTensorArg a;
    a.tensor = tensor_operand(*arg.value, prefix + std::to_string(i));
    a.param = p.name;
    a.direction = p.direction;
    a.method = arg.nodep ? PayloadMethod::kNoDep
               : p.direction == Direction::kOut   ? PayloadMethod::kOutput
               : p.direction == Direction::kInOut ? PayloadMethod::kInOut
                                                  : PayloadMethod::kInput;
    t.tensors.push_back(std::move(a));
  }
  merge_adjacent_allocs(t.prelude);
  plan_lanes(info, t);
  if (info.blocks) {
    // Read once: it is both checked and passed.
    PlanExpr blocks = convert(*info.blocks, DType::kIndex);
    if (!fixed_in_block(blocks, {})) {
      std::string name = "task_" + std::to_string(t.index) + "_blocks";
      t.prelude.push_back(scalar_node(PlanNodeKind::kLetScalar, name, DType::kIndex,
                                      std::move(blocks)));
      blocks_.back().declared.insert(name);
      blocks = PlanExpr::variable(name, DType::kIndex);
    }
    t.blocks = std::move(blocks);
  }
  if (info.sync_start) t.sync_start = convert(*info.sync_start, DType::kBool);
  for (const Expr* dep : info.deps) {
    const ExprInfo& d = prog_.info(dep);
    if (!d.symbol) throw InternalError("a dependency is not a task id name");
    note_read(d.symbol);
    t.deps.push_back(cxx_name(*d.symbol));
  }
  t.has_deps = !t.deps.empty();
  for (const RuntimeShapeCheck& c : info.shape_checks) {
    t.shape_checks.push_back(PlanShapeCheck{static_cast<uint32_t>(c.arg),
                                            static_cast<uint32_t>(c.axis),
                                            symbolic(c.extent), c.extent.to_string()});
  }
  return t;
}

void PlanBuilder::plan_lanes(const CallInfo& info, PlanTask& t) const {
  auto func_id = [&](int kernel) {
    int id = kernel >= 0 ? func_id_of_kernel_.at(kernel) : -1;
    if (id < 0) throw InternalError("task " + std::to_string(t.index) +
                                    " dispatches a kernel that has no func_id");
    return id;
  };
  if (info.is_group) {
    const GroupInfo& g = prog_.groups.at(info.callee);
    t.aic = func_id(g.aic_kernel);
    t.aiv0 = func_id(g.aiv_kernel);
    t.aiv1 = prog_.kernels.at(g.aiv_kernel).dual_aiv ? t.aiv0 : -1;
    t.submit = SubmitKind::kMixed;
    return;
  }
  const KernelInfo& k = prog_.kernels.at(info.callee);
  int id = func_id(info.callee);
  if (k.is_aic) {
    t.aic = id;
    t.submit = SubmitKind::kAic;
  } else if (k.dual_aiv) {
    t.aiv0 = t.aiv1 = id;
    t.submit = SubmitKind::kMixed;
  } else {
    t.aiv0 = id;
    t.submit = SubmitKind::kAiv;
  }
}

}  // namespace taskc
