// Task calls: every call site checked against its kernel's or group's
// declaration (arity, kinds, dtypes, shapes, directions), barrier tasks,
// keyword arguments from the table of call_keywords.h, dispatch predicates,
// and which created tensors a task allocates itself.
#include <algorithm>

#include "check_expr_util.h"
#include "checker_impl.h"
#include "edit_distance.h"

namespace taskc {

namespace {

// "blocks, sync_start and deps".
std::string keyword_list() {
  std::vector<std::string_view> names = call_keyword_names();
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

void Checker::check_call(const TaskCall& c) {
  last_task_ = -1;
  CallInfo& info = prog_.calls[c.id];
  SymbolId callee = lookup(c.kernel);
  const std::vector<ParamInfo>* params = nullptr;
  const char* callee_kind = "";
  const std::string* callee_name = nullptr;
  const LazyText callee_desc = [&] {
    return std::string(callee_kind) + " '" + *callee_name + "'";
  };
  if (c.barrier) {
    info.is_barrier = true;
  } else if (callee == kNoSymbol) {
    report_undefined(c.kernel, c.kernel_span, "kernel");
  } else if (sym(callee).kind == SymbolKind::kKernel) {
    info.callee = sym(callee).index;
    KernelInfo& k = prog_.kernels[info.callee];
    params = &k.params;
    callee_kind = "kernel";
    callee_name = &k.name;
    ++k.call_sites;
  } else if (sym(callee).kind == SymbolKind::kGroup) {
    info.is_group = true;
    info.callee = sym(callee).index;
    GroupInfo& g = prog_.groups[info.callee];
    params = &g.params;
    callee_kind = "group";
    callee_name = &g.name;
    ++g.call_sites;  // counted for its members once they are resolved
  } else {
    sink_.error(ErrorCode::E0204, c.kernel_span,
                "'" + std::string(c.kernel) + "' is not a kernel or group and cannot be called",
                {DiagnosticNote{sym(callee).span, "'" + std::string(c.kernel) + "' declared here"}});
  }
  // Positional arguments first, then keywords, each keyword once.
  std::vector<const Arg*> positional;
  bool keywords_seen = false;
  for (const Arg& a : c.args) {
    if (a.keyword.empty()) {
      if (keywords_seen) {
        // Still bound in order, so the mistake causes no follow-on errors.
        sink_.error(ErrorCode::E0411, a.span, "positional argument after a keyword argument");
      }
      positional.push_back(&a);
      continue;
    }
    keywords_seen = true;
    std::optional<CallKeyword> keyword = find_call_keyword(a.keyword);
    if (!keyword) {
      std::string message = "unknown keyword argument '" + std::string(a.keyword) + "'";
      std::string suggestion = closest_name(a.keyword, call_keyword_names());
      message += suggestion.empty() ? "; task calls take " + keyword_list()
                                    : "; did you mean '" + suggestion + "'?";
      sink_.error(ErrorCode::E0404, a.span, message);
      continue;
    }
    const Arg*& slot = info.keywords[static_cast<size_t>(*keyword)];
    if (slot) {
      sink_.error(ErrorCode::E0411, a.span, "keyword argument '" + std::string(a.keyword) + "' is given twice");
      continue;
    }
    if (c.barrier && !call_keyword_info(*keyword).on_barrier) {
      sink_.error(ErrorCode::E0416, a.span,
                  "'" + std::string(a.keyword) + "' is not allowed on a barrier, which runs no kernel; "
                  "barriers take deps, early_resolve and timing_slot");
      check_expr(*a.value);
      continue;
    }
    if (check_call_keyword(a, *keyword)) slot = &a;
  }
  if (c.barrier) {
    std::vector<ParamInfo> lanes = check_barrier_args(positional);
    info.args = std::move(positional);
    check_dependency_count(c, info);
    record_task_facts(c, info, lanes);
    return;
  }
  if (!params) {
    // Which kernel was meant is unknown: it may be any unused one, and it
    // may write any tensor argument.
    unresolved_call_ = true;
    for (const Arg* a : positional) {
      const ExprInfo& value = check_expr(*a->value);
      if (value.type.kind != ValueKind::kScalar) assume_written(value);
    }
    return;
  }
  if (positional.size() != params->size()) {
    std::string names;
    for (const ParamInfo& p : *params) names += (names.empty() ? "" : ", ") + p.name;
    sink_.error(ErrorCode::E0401, c.span,
                callee_desc() + " takes " + std::to_string(params->size()) +
                    " argument" + (params->size() == 1 ? "" : "s") + " (" + names + ") but " +
                    std::to_string(positional.size()) + (positional.size() == 1 ? " was" : " were") +
                    " given",
                {DiagnosticNote{sym(callee).span, "'" + std::string(c.kernel) + "' declared here"}});
    // Which argument was meant for which parameter is unknown: matched in
    // order, a shifted argument would only add errors about the wrong
    // parameter. Each is checked on its own, and any tensor may be written.
    for (const Arg* a : positional) {
      const ExprInfo& value = check_expr(*a->value);
      if (value.type.kind != ValueKind::kScalar) assume_written(value);
    }
    for (const ParamInfo& p : *params) {
      bool written = !p.type_ok || (p.is_tensor && p.direction != Direction::kIn);
      if (written && positional.size() < params->size()) unknown_writes_ = true;
    }
    return;
  }
  // Reads are checked before writes: `call k(t, t)` with t in then out reads
  // t before this task writes it.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < params->size(); ++i) {
      const ParamInfo& p = (*params)[i];
      bool writes = p.is_tensor && p.direction != Direction::kIn;
      if ((pass == 0) == writes) continue;
      if (!p.type_ok) {  // already reported: only the argument is checked
        const ExprInfo& value = check_expr(*positional[i]->value);
        if (value.type.kind != ValueKind::kScalar) assume_written(value);
      } else if (p.is_tensor) {
        check_tensor_arg(*positional[i], p, i, callee_desc, info);
      } else {
        check_scalar_arg(*positional[i], p, callee_desc);
      }
    }
  }
  for (const Arg* a : positional) {
    if (a->direction != Direction::kNone) {
      sink_.error(ErrorCode::E0417, a->span,
                  std::string("'") + direction_keyword(a->direction) +
                      "' before an argument is for barriers; " + callee_desc() +
                      " declares its parameters' directions");
    }
  }
  info.args = std::move(positional);
  keep_single_use_allocations(info);
  for (size_t i : info.allocated_args) {
    int created = prog_.find_info(*info.args[i]->value)->type.root_created;
    prog_.created_allocator[static_cast<size_t>(created)] = static_cast<int32_t>(c.id);
  }
  check_dependency_count(c, info);
  if (const Arg* predicate = info.keyword(CallKeyword::kDispatchIf)) {
    check_predicate_order(*predicate, info);
  }
  record_task_facts(c, info, *params);
  check_aliased_arguments(c, info, *params);
}

// A barrier's arguments: tensors, each with its direction, nothing else.
// Returns them as the parameters a kernel would have, for the facts.
std::vector<ParamInfo> Checker::check_barrier_args(const std::vector<const Arg*>& args) {
  std::vector<ParamInfo> params;
  if (args.size() > prog_.profile->core_max_tensor_args) {
    sink_.error(ErrorCode::E0401, args[prog_.profile->core_max_tensor_args]->span,
                "a barrier takes at most " + std::to_string(prog_.profile->core_max_tensor_args) +
                    " tensors, like any task");
  }
  for (int pass = 0; pass < 2; ++pass) {  // reads before writes, as for kernels
    for (const Arg* a : args) {
      bool writes = a->direction == Direction::kOut || a->direction == Direction::kInOut;
      if ((pass == 0) == writes) continue;
      const ExprInfo& value = check_expr(*a->value);
      if (a->dump || a->nodep) {
        sink_.error(a->dump ? ErrorCode::E0416 : ErrorCode::E0501, a->span,
                    std::string(a->dump ? "'dump'" : "'nodep'") +
                        " does not apply to the arguments of a barrier, which runs no kernel");
      }
      if (a->direction == Direction::kNone) {
        sink_.error(ErrorCode::E0417, a->span,
                    "a barrier argument needs its direction: in, out or inout (there is no "
                    "kernel to declare it)");
        continue;
      }
      if (value.type.kind == ValueKind::kError) continue;
      if (value.type.kind != ValueKind::kTensor) {
        sink_.error(ErrorCode::E0403, a->value->span,
                    "a barrier's arguments are tensors, not " + type_to_string(value.type));
        continue;
      }
      note_tensor_use(*a->value, value.type, a->direction != Direction::kOut, writes, [&] {
        return std::string("a barrier's ") + direction_keyword(a->direction) + " argument";
      });
    }
  }
  for (const Arg* a : args) {
    ParamInfo p;
    p.is_tensor = true;
    p.direction = a->direction == Direction::kNone ? Direction::kIn : a->direction;
    params.push_back(std::move(p));
  }
  return params;
}

// A created tensor is allocated by the task it is first passed to, whole,
// as an `out` argument (add_output(TensorCreateInfo)), when that task is in
// the block that creates it and does not pass the tensor twice.
void Checker::keep_single_use_allocations(CallInfo& info) {
  auto root = [&](const Arg* a) {
    std::optional<ExprInfo> v = prog_.find_info(*a->value);
    return v && v->type.kind == ValueKind::kTensor ? v->type.root_created : -1;
  };
  if (info.args.empty()) {  // the arguments did not check
    info.allocated_args.clear();
    return;
  }
  std::vector<size_t> kept;
  for (size_t i : info.allocated_args) {
    int created = root(info.args[i]);
    auto uses = std::count_if(info.args.begin(), info.args.end(),
                              [&](const Arg* a) { return root(a) == created; });
    if (uses == 1) kept.push_back(i);
  }
  info.allocated_args = std::move(kept);
}

void Checker::check_tensor_arg(const Arg& arg, const ParamInfo& p, size_t index,
                               const LazyText& callee, CallInfo& info) {
  bool first_use = is_unused_creation(*arg.value);
  const ExprInfo& value = check_expr(*arg.value);
  bool writes = p.direction != Direction::kIn;
  bool reads = p.direction != Direction::kOut;
  // After a mistake, the argument still counts as what the task writes.
  auto give_up = [&] {
    if (writes) assume_written(value);
  };
  if (value.type.kind == ValueKind::kError) return give_up();
  const auto where = [&] { return callee() + " parameter '" + p.name + "'"; };
  if (value.type.kind != ValueKind::kTensor) {
    sink_.error(ErrorCode::E0403, arg.value->span,
                where() + " is a tensor but the argument is " + type_to_string(value.type));
    return give_up();
  }
  if (value.type.dtype != p.dtype) {
    sink_.error(ErrorCode::E0301, arg.value->span,
                where() + " has dtype " + dtype_info(p.dtype).name +
                    " but the argument has dtype " + dtype_info(value.type.dtype).name);
    return give_up();
  }
  if (value.type.shape().size() != p.shape.size()) {
    sink_.error(ErrorCode::E0302, arg.value->span,
                where() + " has rank " + std::to_string(p.shape.size()) +
                    " but the argument has rank " +
                    std::to_string(value.type.shape().size()));
    return give_up();
  }
  for (size_t axis = 0; axis < p.shape.size(); ++axis) {
    if (p.shape[axis].any) continue;
    const ExtentValue& actual = value.type.shape()[axis];
    SymInt::Compare cmp = actual.any ? SymInt::Compare::kUnknown
                                     : actual.value.compare(p.shape[axis].value);
    if (cmp == SymInt::Compare::kDifferent) {
      sink_.error(ErrorCode::E0303, arg.value->span,
                  where() + " axis " + std::to_string(axis) + " has extent " +
                      p.shape[axis].value.to_string() +
                      " but the argument's extent is " + actual.value.to_string());
      return give_up();
    }
    if (cmp == SymInt::Compare::kUnknown && !p.shape[axis].value.is_unknown()) {
      info.shape_checks.push_back(RuntimeShapeCheck{index, axis, p.shape[axis].value});
    }
  }
  note_tensor_use(*arg.value, value.type, reads, writes,
                  [&] { return where() + " is " + direction_keyword(p.direction); });
  if (first_use && p.direction == Direction::kOut && !arg.nodep) {
    info.allocated_args.push_back(index);
  }
}

void Checker::check_scalar_arg(const Arg& arg, const ParamInfo& p,
                               const LazyText& callee) {
  const ExprInfo& value = check_expr(*arg.value);
  if (arg.nodep) {
    sink_.error(ErrorCode::E0501, arg.span,
                "'nodep' applies to tensor arguments; " + callee() + " parameter '" +
                    p.name + "' is a scalar");
    return;
  }
  if (value.type.kind == ValueKind::kTensor) {
    sink_.error(ErrorCode::E0402, arg.value->span,
                callee() + " parameter '" + p.name + "' is a scalar but the argument is " +
                    type_to_string(value.type));
    return;
  }
  check_scalar_conversion(*arg.value, value, p.dtype, LazyText([&] {
                            return callee() + " parameter '" + p.name + "'";
                          }));
}

bool Checker::check_call_keyword(const Arg& a, CallKeyword keyword) {
  const CallKeywordInfo& k = call_keyword_info(keyword);
  if (a.nodep) {
    sink_.error(ErrorCode::E0501, a.span, "'nodep' applies to tensor arguments only");
    return false;
  }
  if (k.value == KeywordValue::kPredicate) return check_predicate(*a.value);
  const ExprInfo& value = check_expr(*a.value);
  switch (k.value) {
    case KeywordValue::kPredicate:
      break;
    case KeywordValue::kIndex: {
      if (!expect_index(*a.value, k.name)) return false;
      auto n = constant_int(*a.value);
      if (n && *n < k.min) {
        sink_.error(ErrorCode::E0406, a.value->span,
                    std::string(k.name) + " must be at least " + std::to_string(k.min) +
                        ", not " + std::to_string(*n));
        return false;
      }
      if (n && *n > k.max) {
        sink_.error(ErrorCode::E0406, a.value->span,
                    std::string(k.name) + " must be at most " + std::to_string(k.max) +
                        ", not " + std::to_string(*n));
        return false;
      }
      return true;
    }
    case KeywordValue::kBool:
      if (value.type.kind == ValueKind::kError) return false;
      if (!(value.type.kind == ValueKind::kScalar && value.type.dtype == DType::kBool)) {
        sink_.error(ErrorCode::E0307, a.value->span,
                    std::string(k.name) + " must be BOOL, not " + type_to_string(value.type));
        return false;
      }
      return true;
    case KeywordValue::kTaskIds: {
      if (a.value->kind != ExprKind::kList) {
        sink_.error(ErrorCode::E0307, a.value->span,
                    std::string(k.name) + " must be a list of task ids: [t1, t2]");
        return false;
      }
      bool ok = true;
      for (const ExprPtr& item : a.value->items) {
        const ExprInfo& dep = check_expr(*item);
        bool one_id = dep.type.kind == ValueKind::kTaskId && dep.type.id_array == 0;
        if (dep.type.kind != ValueKind::kError && !one_id) {
          sink_.error(ErrorCode::E0307, item->span,
                      std::string(k.name) +
                          " entries are task ids (a name, an array element or none), not " +
                          type_to_string(dep.type));
        }
        ok = ok && one_id;
      }
      return ok;
    }
  }
  return false;
}

// Whether `e` is a tensor.create, or the name of one that nothing has used
// yet, made in the block being checked.
bool Checker::is_unused_creation(const Expr& e) {
  if (e.kind == ExprKind::kTensorOp && e.tensor_op == TensorOp::kCreate) return true;
  if (e.kind != ExprKind::kName) return false;
  SymbolId id = lookup(e.text);
  if (id == kNoSymbol || sym(id).type.kind != ValueKind::kTensor) return false;
  int root = sym(id).type.root_created;
  if (root < 0) return false;
  const Creation& c = creations_[static_cast<size_t>(root)];
  return c.let == id && !c.used && c.block == blocks_.back();
}

// dispatch_if = tensor.element(t, [i, ...]) OP value: t a named tensor of a
// signed integer dtype (the runtime sign-extends the element), one index
// per axis within its extent, value an integer (compared as int64).
bool Checker::check_predicate(const Expr& e) {
  bool shape_ok = e.kind == ExprKind::kBinary &&
                  (e.op == BinaryOp::kEq || e.op == BinaryOp::kNe || e.op == BinaryOp::kLt ||
                   e.op == BinaryOp::kLe || e.op == BinaryOp::kGt || e.op == BinaryOp::kGe) &&
                  e.lhs->kind == ExprKind::kTensorOp && e.lhs->tensor_op == TensorOp::kElement;
  if (!shape_ok) {
    sink_.error(ErrorCode::E0418, e.span,
                "dispatch_if takes 'tensor.element(t, [i, ...]) OP value' with OP one of "
                "== != < <= > >=");
    return false;
  }
  const Expr& element = *e.lhs;
  bool ok = expect_positional(element, 2);
  const ExprInfo& target = check_expr(*e.rhs);
  if (target.type.kind != ValueKind::kError && !is_integer(target)) {
    sink_.error(ErrorCode::E0418, e.rhs->span,
                "the value a predicate compares with is an integer, not " +
                    type_to_string(target.type));
    ok = false;
  }
  if (!ok) return false;
  const Expr& tensor = *element.args[0].value;
  const ExprInfo& t = check_expr(tensor);
  if (t.type.kind == ValueKind::kError) return false;
  static const DType kSigned[] = {DType::kInt8, DType::kInt16, DType::kInt32, DType::kInt64};
  bool is_signed = t.type.kind == ValueKind::kTensor &&
                   std::find(std::begin(kSigned), std::end(kSigned), t.type.dtype) != std::end(kSigned);
  if (tensor.kind != ExprKind::kName || !is_signed) {
    sink_.error(ErrorCode::E0418, tensor.span,
                "a predicate reads a named tensor of INT8, INT16, INT32 or INT64 (the runtime "
                "sign-extends the element), not " +
                    (tensor.kind == ExprKind::kName ? type_to_string(t.type)
                                                    : std::string("an expression")));
    return false;
  }
  const Expr& list = *element.args[1].value;
  std::vector<SymInt> index = check_index_list(list, "a predicate index");
  if (!is_list(list)) return false;
  if (index.size() != t.type.shape().size()) {
    sink_.error(ErrorCode::E0302, list.span,
                "the predicate's index has " + std::to_string(index.size()) +
                    " entries but '" + std::string(tensor.text) + "' has rank " +
                    std::to_string(t.type.shape().size()));
    return false;
  }
  if (!check_constant_index(list, index, t.type, tensor.text)) return false;
  note_tensor_use(tensor, t.type, true, false, {});
  return true;
}

// The runtime reads the predicate's element when the task is ready, so its
// producer must be ordered before the task: through the task's own tensor
// arguments, or through deps (accepted without further analysis).
void Checker::check_predicate_order(const Arg& predicate, const CallInfo& info) {
  if (info.keyword(CallKeyword::kDeps)) return;
  const Expr& tensor = *predicate.value->lhs->args[0].value;
  std::optional<ExprInfo> t = prog_.find_info(tensor);
  if (!t) return;
  for (const Arg* a : info.args) {
    std::optional<ExprInfo> v = prog_.find_info(*a->value);
    if (v && v->type.kind == ValueKind::kTensor && v->type.root_entry == t->type.root_entry &&
        v->type.root_created == t->type.root_created) {
      return;
    }
  }
  sink_.warning(Warning::kPredicateOrder, tensor.span,
                "the predicate reads '" + std::string(tensor.text) + "', which is not an argument of this "
                "task, and the task has no deps: the task that writes it may not have run "
                "when the predicate is read",
                {DiagnosticNote{std::nullopt, "pass '" + std::string(tensor.text) +
                                                  "' (or a view of it) to the task, or add the "
                                                  "writer's id to deps"}});
}

}  // namespace taskc
