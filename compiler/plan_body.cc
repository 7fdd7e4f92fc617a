// Statements: the orchestration body becomes a tree of plan nodes; each
// `call` becomes a task with its payload laid out in parameter order.
#include <algorithm>
#include <set>

#include "formatter.h"
#include "plan_builder.h"
#include "value_ranges.h"

namespace taskc {

namespace {

constexpr size_t kMaxCreateInfosPerAlloc = 16;  // alloc_tensors' limit

PlanNode scalar_decl(std::string name, DType dtype, PlanExpr value, bool is_mutable,
                     int32_t symbol) {
  PlanScalarDecl d;
  d.name = std::move(name);
  d.dtype = dtype;
  d.value = std::move(value);
  d.is_mutable = is_mutable;
  d.generated = symbol < 0;
  d.symbol = symbol;
  return PlanNode{std::move(d)};
}

// Creations that stay in place but follow each other share one
// alloc_tensors call. In place: most lists have nothing to merge.
void merge_adjacent_allocs(std::vector<PlanNode>& nodes, const Plan& plan) {
  size_t kept = 0;  // nodes[0, kept) are the merged list
  for (size_t i = 0; i < nodes.size(); ++i) {
    PlanAlloc* next = nodes[i].get<PlanAlloc>();
    PlanAlloc* last = kept == 0 ? nullptr : nodes[kept - 1].get<PlanAlloc>();
    bool joins = next && last &&
                 last->tensors.size() + next->tensors.size() <= kMaxCreateInfosPerAlloc;
    if (joins) {
      // Not when a shape refers to a tensor of the batch (tensor.dim).
      std::set<TensorId> batch(last->tensors.begin(), last->tensors.end());
      for (TensorId t : next->tensors) {
        for (const PlanExpr& x : plan.tensor(t).shape) joins = joins && fixed_in_block(x, {}, batch);
      }
    }
    if (!joins) {
      if (kept != i) nodes[kept] = std::move(nodes[i]);
      ++kept;
      continue;
    }
    last->tensors.insert(last->tensors.end(), next->tensors.begin(), next->tensors.end());
  }
  nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(kept), nodes.end());
}

}  // namespace

PlanBlock PlanBuilder::plan_block(const Block& b, bool runtime_scope) {
  bool outermost = blocks_.empty();
  blocks_.emplace_back();
  PlanBlock out;
  out.runtime_scope = runtime_scope;
  out.nodes.reserve(b.stmts.size());
  for (const StmtPtr& s : b.stmts) plan_stmt(*s, out.nodes);
  merge_adjacent_allocs(out.nodes, plan_);
  // Creations whose shapes are fixed for the block are batched at its start.
  const std::vector<TensorId>& hoisted = blocks_.back().hoisted;
  std::vector<PlanNode> allocs;
  for (size_t i = 0; i < hoisted.size(); i += kMaxCreateInfosPerAlloc) {
    PlanAlloc batch;
    size_t end = std::min(hoisted.size(), i + kMaxCreateInfosPerAlloc);
    batch.tensors.assign(hoisted.begin() + static_cast<std::ptrdiff_t>(i),
                         hoisted.begin() + static_cast<std::ptrdiff_t>(end));
    allocs.push_back(PlanNode{std::move(batch)});
  }
  out.nodes.insert(out.nodes.begin(), std::make_move_iterator(allocs.begin()),
                   std::make_move_iterator(allocs.end()));
  blocks_.pop_back();
  prelude_ = nullptr;
  if (outermost) {
    // Allocations are numbered in the order the emitted code shows them.
    for_each_node(out.nodes, [&](PlanNode& n) {
      if (PlanAlloc* a = n.get<PlanAlloc>()) {
        a->index = next_alloc_++;
        for (TensorId t : a->tensors) plan_.tensors[static_cast<size_t>(t)].alloc = a->index;
      }
    });
    for_each_node(out.nodes, [&](PlanNode& n) {
      if (PlanTask* t = n.get<PlanTask>(); t && t->in_manual_scope) add_lifetime_deps(*t);
    });
  }
  return out;
}

void PlanBuilder::plan_stmt(const Stmt& s, std::vector<PlanNode>& out) {
  prelude_ = &out;
  checked_indexes_.clear();
  switch (s.kind) {
    case StmtKind::kLet:
      plan_let(s, out);
      return;
    case StmtKind::kVar:
    case StmtKind::kAssign: {
      SymbolId id = prog_.stmt_symbol.at(s.id);
      const Symbol& sym = prog_.symbol(id);
      if (sym.type.kind == ValueKind::kTaskId) {
        plan_task_id_store(s, id, out);
        return;
      }
      PlanExpr value = convert(*s.value, sym.type.dtype);
      if (s.kind == StmtKind::kAssign) {
        out.push_back(PlanNode{PlanAssign{sym.name, std::nullopt, std::move(value)}});
        return;
      }
      blocks_.back().names.insert(sym.name);
      out.push_back(scalar_decl(sym.name, sym.type.dtype, std::move(value), true, id));
      return;
    }
    case StmtKind::kCall:
      out.push_back(PlanNode{plan_task(*s.call)});
      return;
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
      PlanScope scope;
      scope.manual = s.manual;
      bool was_manual = in_manual_scope_;
      in_manual_scope_ = in_manual_scope_ || s.manual;
      scope.body = plan_block(s.body, false);  // the scope node is the PTO2_SCOPE
      in_manual_scope_ = was_manual;
      out.push_back(PlanNode{std::move(scope)});
      return;
    }
  }
}

void PlanBuilder::plan_let(const Stmt& s, std::vector<PlanNode>& out) {
  SymbolId id = prog_.stmt_symbol.at(s.id);
  const Symbol& sym = prog_.symbol(id);
  if (s.call || sym.type.kind == ValueKind::kTaskId) {
    plan_task_id_store(s, id, out);
    return;
  }
  switch (sym.type.kind) {
    case ValueKind::kScalar:
      if (sym.constant) return;  // folded into every use
      blocks_.back().names.insert(sym.name);
      out.push_back(scalar_decl(sym.name, sym.type.dtype, convert(*s.value, sym.type.dtype),
                                false, id));
      return;
    case ValueKind::kTensor:
      break;
    default:
      throw InternalError("let '" + std::string(sym.name) + "' binds neither a scalar nor a tensor");
  }
  const Expr& value = *s.value;
  TensorId tensor;
  if (value.kind == ExprKind::kTensorOp) {
    tensor = declare_tensor_op(value, sym.name, sym.name);
  } else {
    PlanTensor alias;
    alias.kind = PlanTensorKind::kAlias;
    alias.cxx_name = sym.name;
    alias.kir_name = sym.name;
    alias.base = tensor_operand(value);
    alias.dtype = plan_.tensor(alias.base).dtype;
    tensor = add_tensor(std::move(alias));
    blocks_.back().tensors.insert(tensor);
    out.push_back(PlanNode{PlanTensorDecl{tensor}});
  }
  symbol_tensor_.at(static_cast<size_t>(id)) = tensor;
}

// A let, var or assignment of a task id: from a call (the task's result),
// from another id, or a new array.
void PlanBuilder::plan_task_id_store(const Stmt& s, SymbolId id, std::vector<PlanNode>& out) {
  const Symbol& sym = prog_.symbol(id);
  bool declares = s.kind != StmtKind::kAssign;
  if (declares) blocks_.back().names.insert(sym.name);
  std::optional<PlanExpr> index;
  if (s.index) index = id_array_index(sym, *s.index);
  if (s.call) {
    PlanTask task = plan_task(*s.call);
    task.result.kind = declares ? PlanTaskResult::Kind::kDeclare : PlanTaskResult::Kind::kAssign;
    task.result.name = sym.name;
    task.result.index = std::move(index);
    task.result.is_var = s.kind == StmtKind::kVar;
    task.result.symbol = declares ? id : kNoSymbol;
    out.push_back(PlanNode{std::move(task)});
    return;
  }
  if (!declares) {
    out.push_back(PlanNode{PlanAssign{sym.name, std::move(index), lower_task_id(*s.value)}});
    return;
  }
  PlanIdDecl decl;
  decl.name = sym.name;
  decl.array_size = sym.type.id_array;
  if (decl.array_size == 0) decl.init = lower_task_id(*s.value);
  decl.symbol = id;
  out.push_back(PlanNode{std::move(decl)});
}

void PlanBuilder::add_lifetime_deps(PlanTask& t) const {
  std::set<int> allocs;
  for (const PlanTensorArg& a : t.tensors) {
    TensorId root = plan_.root(a.tensor);
    const PlanTensor& created = plan_.tensor(root);
    if (created.kind != PlanTensorKind::kCreated || a.allocates) continue;
    // Allocations and allocating tasks are told apart by sign.
    int key = created.creator_task >= 0 ? -1 - created.creator_task : created.alloc;
    if (created.creator_task < 0 && created.alloc < 0) {
      throw InternalError("tensor '" + created.cxx_name + "' has no allocation");
    }
    if (!allocs.insert(key).second) continue;
    PlanExpr creator = PlanExpr::of_kind(PlanExprKind::kCreatorId);
    creator.tensor = root;
    t.deps.push_back(std::move(creator));
  }
}

void PlanBuilder::plan_write(const Expr& e, std::vector<PlanNode>& out) {
  PlanWrite w;
  w.tensor = tensor_operand(*e.args[0].value);
  w.index = index_list(*e.args[1].value);
  for (PlanExpr& i : w.index) i = read_once(std::move(i), [&] { return fresh("task_index"); }, out);
  add_index_checks(w.index, *e.args[1].value, *e.args[0].value, w.tensor, "tensor.write");
  w.dtype = prog_.info(*e.args[0].value).type.dtype;
  w.value = settle(convert(*e.args[2].value, w.dtype));
  out.push_back(PlanNode{std::move(w)});
}

PlanExpr PlanBuilder::read_once(PlanExpr value, const std::function<std::string()>& name_of,
                                std::vector<PlanNode>& out) {
  if (fixed_in_block(value, {}, {}) && !has_check(value)) return value;
  DType dtype = value.dtype;
  std::string name = name_of();
  out.push_back(scalar_decl(name, dtype, std::move(value), false, kNoSymbol));
  blocks_.back().names.insert(name);
  return PlanExpr::variable(name, dtype);
}

void PlanBuilder::plan_for(const Stmt& s, std::vector<PlanNode>& out) {
  PlanFor loop;
  loop.var = prog_.symbol(prog_.stmt_symbol.at(s.id)).name;
  const auto& args = s.range_args;
  loop.start = PlanExpr::integer(0);
  loop.step = PlanExpr::integer(1);
  if (args.size() == 1) {
    loop.stop = convert(*args[0], DType::kIndex);
  } else {
    loop.start = convert(*args[0], DType::kIndex);
    loop.stop = convert(*args[1], DType::kIndex);
    if (args.size() == 3) loop.step = convert(*args[2], DType::kIndex);
  }
  // C++ re-evaluates the condition and increment every iteration; range()
  // evaluates its arguments once.
  loop.start = settle(std::move(loop.start));
  loop.stop = read_once(std::move(loop.stop), [&] { return fresh("task_stop"); }, out);
  loop.step = read_once(std::move(loop.step), [&] { return fresh("task_step"); }, out);
  IntRange stop = range_of(*args[args.size() == 1 ? 0 : 1], DType::kIndex);
  IntRange step = args.size() == 3 ? range_of(*args[2], DType::kIndex) : IntRange::exactly(1);
  loop.safe_step = !loop_step_cannot_overflow(stop, step);
  loop.body = plan_block(s.body, !in_manual_scope_);
  out.push_back(PlanNode{std::move(loop)});
}

void PlanBuilder::plan_if(const Stmt& s, std::vector<PlanNode>& out) {
  PlanIf branches;
  for (size_t i = 0; i < s.conds.size(); ++i) {
    PlanBranch branch;
    // The first condition's declarations go before the `if`; an elif's
    // are evaluated only when the earlier conditions were false.
    prelude_ = i == 0 ? &out : &branch.prelude;
    branch.cond = settle(condition(*s.conds[i]));
    branch.body = plan_block(s.blocks[i], !in_manual_scope_);
    branches.branches.push_back(std::move(branch));
  }
  if (s.else_block) {
    branches.has_else = true;
    branches.else_body = plan_block(*s.else_block, !in_manual_scope_);
  }
  out.push_back(PlanNode{std::move(branches)});
}

PlanTask PlanBuilder::plan_task(const TaskCall& call) {
  const CallInfo& info = prog_.calls.at(call.id);
  PlanTask t;
  t.index = plan_.task_count++;
  t.line = call.span.begin.line;
  t.is_group = info.is_group;
  t.in_manual_scope = in_manual_scope_;
  prelude_ = &t.prelude;
  std::string prefix = "task_" + std::to_string(t.index) + "_arg";
  if (info.is_barrier) {
    t.callee = "barrier";
    t.submit = SubmitKind::kDummy;
    for (size_t i = 0; i < info.args.size(); ++i) {
      const Arg& arg = *info.args[i];
      PlanTensorArg a;
      a.tensor = tensor_operand(*arg.value, prefix + std::to_string(i));
      a.text = format_expr(*arg.value);
      a.direction = arg.direction;
      a.method = payload_method(arg.direction);
      t.tensors.push_back(std::move(a));
    }
  } else {
    if (info.callee < 0) throw InternalError("call of '" + std::string(call.kernel) + "' is unresolved");
    const std::vector<ParamInfo>& params =
        info.is_group ? prog_.groups.at(info.callee).params
                      : prog_.kernels.at(info.callee).params;
    t.callee = info.is_group ? prog_.groups.at(info.callee).name
                             : prog_.kernels.at(info.callee).name;
    if (info.args.size() != params.size()) {
      throw InternalError("call of '" + t.callee + "' at line " + std::to_string(t.line) +
                          " has " + std::to_string(info.args.size()) +
                          " arguments for " + std::to_string(params.size()) + " parameters");
    }
    int outputs = 0;
    auto tensor_params = static_cast<size_t>(
        std::count_if(params.begin(), params.end(), [](const ParamInfo& p) { return p.is_tensor; }));
    t.tensors.reserve(tensor_params);
    t.scalars.reserve(params.size() - tensor_params);
    for (size_t i = 0; i < params.size(); ++i) {
      const ParamInfo& p = params[i];
      const Arg& arg = *info.args[i];
      if (!p.is_tensor) {
        t.scalars.push_back(
            PlanScalarArg{p.name, p.dtype, settle(convert(*arg.value, p.dtype)), arg.dump});
        continue;
      }
      PlanTensorArg a;
      a.tensor = tensor_operand(*arg.value, prefix + std::to_string(i));
      a.text = format_expr(*arg.value);
      a.param = p.name;
      a.direction = p.direction;
      a.method = arg.nodep ? PayloadMethod::kNoDep : payload_method(p.direction);
      a.dump = arg.dump;
      a.allocates = std::count(info.allocated_args.begin(), info.allocated_args.end(), i) > 0;
      if (a.allocates) {
        PlanTensor& created = plan_.tensors.at(static_cast<size_t>(a.tensor));
        created.creator_task = t.index;
        created.output = outputs++;
        t.allocates = true;
        // The allocating task passes the create-info, not the tensor: only
        // later uses read the tensor's C++ name.
        --tensor_reads_[static_cast<size_t>(a.tensor)];
      }
      t.tensors.push_back(std::move(a));
    }
    plan_lanes(info, t);
  }
  merge_adjacent_allocs(t.prelude, plan_);
  for (CallKeyword k : call_keywords()) {
    if (const Arg* arg = info.keyword(k)) plan_option(*arg, k, t);
  }
  for (const RuntimeShapeCheck& c : info.shape_checks) {
    t.shape_checks.push_back(PlanShapeCheck{static_cast<uint32_t>(c.arg),
                                            static_cast<uint32_t>(c.axis),
                                            symbolic(c.extent), c.extent.to_string()});
  }
  PlanSite& site = plan_.sites.emplace_back();
  site.line = t.line;
  site.callee = t.callee;
  site.tensors.reserve(t.tensors.size());
  for (const PlanTensorArg& a : t.tensors) site.tensors.push_back(a.text);
  return t;
}

void PlanBuilder::plan_option(const Arg& arg, CallKeyword keyword, PlanTask& t) {
  const CallKeywordInfo& k = call_keyword_info(keyword);
  switch (k.value) {
    case KeywordValue::kIndex: {
      // Read once: a value outside the keyword's range is checked, then passed.
      auto name = [&] { return "task_" + std::to_string(t.index) + "_" + k.name; };
      PlanExpr value = read_once(convert(*arg.value, DType::kIndex), name, t.prelude);
      bool in_range = range_of(*arg.value, DType::kIndex).within(IntRange::between(k.min, k.max));
      t.options.push_back(PlanOption{keyword, std::move(value), in_range});
      return;
    }
    case KeywordValue::kBool:
      t.options.push_back(PlanOption{keyword, settle(convert(*arg.value, DType::kBool)), false});
      return;
    case KeywordValue::kTaskIds:
      for (const ExprPtr& item : arg.value->items) t.deps.push_back(lower_task_id(*item));
      return;
    case KeywordValue::kPredicate:
      t.predicate = plan_predicate(*arg.value, t);
      return;
  }
}

// tensor.element(t, [i, ...]) OP value: each index read once and checked
// against t's extent unless the checker proved it in range.
PlanPredicate PlanBuilder::plan_predicate(const Expr& e, const PlanTask& t) {
  const Expr& element = *e.lhs;
  const Expr& list = *element.args[1].value;
  PlanPredicate p;
  p.tensor = tensor_operand(*element.args[0].value);
  for (size_t axis = 0; axis < list.items.size(); ++axis) {
    std::string name = "task_" + std::to_string(t.index) + "_pred" + std::to_string(axis);
    p.indices.push_back(read_once(convert(*list.items[axis], DType::kIndex),
                                  [&] { return name; }, *prelude_));
  }
  add_index_checks(p.indices, list, *element.args[0].value, p.tensor, "dispatch_if");
  p.op = e.op == BinaryOp::kEq   ? PlanOp::kEq
         : e.op == BinaryOp::kNe ? PlanOp::kNe
         : e.op == BinaryOp::kLt ? PlanOp::kLt
         : e.op == BinaryOp::kLe ? PlanOp::kLe
         : e.op == BinaryOp::kGt ? PlanOp::kGt
                                 : PlanOp::kGe;
  p.target = settle(convert(*e.rhs, DType::kInt64));
  return p;
}

void PlanBuilder::plan_lanes(const CallInfo& info, PlanTask& t) const {
  auto func_id = [&](int kernel) {
    int id = kernel >= 0 ? func_id_of_kernel_.at(kernel) : -1;
    if (id < 0) throw InternalError("task " + std::to_string(t.index) +
                                    " dispatches a kernel that has no func_id");
    return id;
  };
  if (info.is_group) {
    // {aic, aiv, aiv1}, {aic, dual aiv on both}, {aic, aiv, -}, {-, aiv, aiv1}.
    const GroupInfo& g = prog_.groups.at(info.callee);
    t.aic = g.aic_kernel >= 0 ? func_id(g.aic_kernel) : -1;
    t.aiv0 = func_id(g.aiv_kernel);
    t.aiv1 = g.aiv1_kernel >= 0                         ? func_id(g.aiv1_kernel)
             : prog_.kernels.at(g.aiv_kernel).dual_aiv ? t.aiv0
                                                        : -1;
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
