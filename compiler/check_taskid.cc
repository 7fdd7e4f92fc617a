// Task ids as values (language-v2.md §1): `var t: TaskId = none;`,
// `var ids: TaskId[E] = none;`, `t = call k(...);`, `ids[i] = u;`, the
// element `ids[i]`, `t == none`, and how many dependencies one task has.
#include <algorithm>

#include "check_expr_util.h"
#include "checker_impl.h"
#include "formatter.h"

namespace taskc {

namespace {

constexpr int64_t kMaxTaskIdArray = 4096;

bool is_one_id(const ValueType& t) { return t.kind == ValueKind::kTaskId && t.id_array == 0; }

}  // namespace

bool Checker::value_is_task_id(const Expr& e) {
  return check_expr(e).type.kind == ValueKind::kTaskId;
}

ExprInfo Checker::check_index(const Expr& e) {
  const ExprInfo& base = check_expr(*e.lhs);
  bool index_ok = expect_index(*e.rhs, "a task id array index");
  if (base.type.kind == ValueKind::kError) return error_info();
  if (base.type.kind != ValueKind::kTaskId || base.type.id_array == 0) {
    sink_.error(ErrorCode::E0307, e.lhs->span,
                "only task id arrays are indexed; '" + std::string(e.lhs->text) + "' is " +
                    type_to_string(base.type));
    return error_info();
  }
  if (index_ok) check_id_index(*e.rhs, base.type.id_array, e.lhs->text);
  ExprInfo info;
  info.type.kind = ValueKind::kTaskId;
  return info;
}

void Checker::check_id_index(const Expr& index, int64_t size, std::string_view array) {
  auto i = constant_int(index);
  if (i && (*i < 0 || *i >= size)) {
    sink_.error(ErrorCode::E0412, index.span,
                "index " + std::to_string(*i) + " is outside task id array '" + std::string(array) +
                    "' of " + std::to_string(size) + " (valid: 0.." +
                    std::to_string(size - 1) + ")");
  }
}

std::optional<ExprInfo> Checker::check_task_id_comparison(const Expr& e, const ExprInfo& l,
                                                          const ExprInfo& r) {
  bool l_id = l.type.kind == ValueKind::kTaskId, r_id = r.type.kind == ValueKind::kTaskId;
  if (!l_id && !r_id) return std::nullopt;
  bool with_none = (e.lhs->kind == ExprKind::kNone) != (e.rhs->kind == ExprKind::kNone);
  bool ok = (e.op == BinaryOp::kEq || e.op == BinaryOp::kNe) && l_id && r_id && with_none &&
            is_one_id(l.type) && is_one_id(r.type);
  if (!ok) {
    sink_.error(ErrorCode::E0307, e.span,
                "a task id is only compared with none: 't == none' (not submitted yet) or "
                "'t != none'");
    return error_info();
  }
  return scalar_info(DType::kBool);
}

SymbolId Checker::assignment_target(const Stmt& s) {
  SymbolId target = lookup(s.name);
  if (target == kNoSymbol) {
    report_undefined(s.name, s.name_span, "variable");
    return kNoSymbol;
  }
  if (sym(target).kind != SymbolKind::kVar) {
    sink_.error(ErrorCode::E0206, s.name_span,
                "cannot assign to '" + std::string(s.name) + "': only names declared with "
                "'var' can be assigned",
                {DiagnosticNote{sym(target).span, "'" + std::string(s.name) + "' declared here"}});
    return kNoSymbol;
  }
  prog_.stmt_symbol[s.id] = target;
  return target;
}

// A var declaration or assignment whose value is a task id: `var t = call
// k();`, `var t: TaskId = none;`, `var ids: TaskId[8] = none;`, `t = u;`,
// `ids[i] = call k();`.
void Checker::check_task_id_store(const Stmt& s, const TypeExpr* declared) {
  ValueType value;
  if (s.call) {
    check_call(*s.call);
    value.kind = ValueKind::kTaskId;
  } else {
    value = check_expr(*s.value).type;
  }
  const Span& value_span = s.call ? s.call->span : s.value->span;
  if (s.kind == StmtKind::kVar) {
    ValueType type;
    type.kind = ValueKind::kTaskId;
    if (declared && declared->kind != TypeKind::kTaskId) {
      sink_.error(ErrorCode::E0307, s.type->span,
                  "var '" + std::string(s.name) + "' is declared " + format_type(*declared) +
                      " but its value is a task id");
      type.kind = ValueKind::kError;
    } else if (declared && declared->array_size) {
      type.id_array = 1;  // keeps uses checkable after an error
      auto size = constant_int(*declared->array_size);
      if (!size || *size < 1 || *size > kMaxTaskIdArray) {
        sink_.error(ErrorCode::E0415, declared->array_size->span,
                    "a task id array has a constant size from 1 to " +
                        std::to_string(kMaxTaskIdArray));
      } else {
        type.id_array = *size;
      }
      if (s.call || s.value->kind != ExprKind::kNone) {
        sink_.error(ErrorCode::E0307, value_span,
                    "a task id array starts empty: var " + std::string(s.name) + ": TaskId[" +
                        std::to_string(type.id_array) + "] = none;");
      }
    } else if (value.kind != ValueKind::kError && !is_one_id(value)) {
      sink_.error(ErrorCode::E0307, value_span,
                  "var '" + std::string(s.name) + "' is a task id but its value is " + type_to_string(value));
    }
    SymbolId id = declare(SymbolKind::kVar, s.name, s.name_span, true);
    sym(id).type = type;
    prog_.stmt_symbol[s.id] = id;
    if (s.call && last_task_ >= 0) hazards_.tasks[static_cast<size_t>(last_task_)].result = id;
    return;
  }
  SymbolId target = assignment_target(s);
  if (target == kNoSymbol) return;
  if (s.call && last_task_ >= 0) hazards_.tasks[static_cast<size_t>(last_task_)].result = target;
  const ValueType& slot = sym(target).type;
  if (slot.kind == ValueKind::kError) return;
  if (slot.kind != ValueKind::kTaskId) {
    sink_.error(ErrorCode::E0307, value_span,
                "'" + std::string(s.name) + "' is " + type_to_string(slot) + "; a task id cannot be stored in it");
    return;
  }
  if (slot.id_array > 0 && !s.index) {
    sink_.error(ErrorCode::E0307, s.name_span,
                "'" + std::string(s.name) + "' is an array of task ids; assign one element: " + std::string(s.name) +
                    "[i] = ...");
    return;
  }
  if (slot.id_array == 0 && s.index) {
    sink_.error(ErrorCode::E0307, s.index->span,
                "'" + std::string(s.name) + "' is one task id, not an array");
    return;
  }
  if (s.index && expect_index(*s.index, "a task id array index")) {
    check_id_index(*s.index, slot.id_array, s.name);
  }
  if (value.kind != ValueKind::kError && !is_one_id(value)) {
    sink_.error(ErrorCode::E0307, value_span,
                "'" + std::string(s.name) + "' holds task ids, not " + type_to_string(value));
  }
}

// At most max_task_deps dependencies per task, counting those the compiler
// adds inside a manual scope: one per allocation whose tensor the task uses
// (at most one per created tensor, fewer when allocations are batched).
void Checker::check_dependency_count(const TaskCall& c, const CallInfo& info) {
  const Arg* deps = info.keyword(CallKeyword::kDeps);
  size_t explicit_count = deps ? deps->value->items.size() : 0;
  // The distinct created tensors (a few per call: a sorted vector, not a set).
  std::vector<int> created;
  if (manual_scope_depth_ > 0) {
    for (const Arg* a : info.args) {
      std::optional<ExprInfo> v = prog_.find_info(*a->value);
      if (v && v->type.kind == ValueKind::kTensor && v->type.root_created >= 0) {
        created.push_back(v->type.root_created);
      }
    }
    std::sort(created.begin(), created.end());
    created.erase(std::unique(created.begin(), created.end()), created.end());
  }
  size_t total = explicit_count + created.size();
  uint32_t limit = prog_.profile->max_task_deps;
  if (total <= limit) return;
  std::string message = "this task has " + std::to_string(total) + " dependencies";
  if (!created.empty()) {
    message += " (" + std::to_string(explicit_count) + " in deps and " +
               std::to_string(created.size()) +
               " on the allocations of the created tensors it uses in a manual scope)";
  }
  sink_.error(ErrorCode::E0414, deps ? deps->span : c.span,
              message + "; the runtime takes at most " + std::to_string(limit));
}

void Checker::record_task_facts(const TaskCall& c, const CallInfo& info,
                                const std::vector<ParamInfo>& params) {
  if (info.args.size() != params.size()) return;
  TaskFacts t;
  t.span = c.span;
  t.callee = c.kernel;
  t.region = region_;
  t.loops = loops_;
  t.branches = branches_;
  for (size_t i = 0; i < params.size(); ++i) {
    const ParamInfo& p = params[i];
    std::optional<ExprInfo> v = prog_.find_info(*info.args[i]->value);
    if (!p.is_tensor || info.args[i]->nodep || !v || v->type.kind != ValueKind::kTensor) continue;
    BufferAccess a;
    a.buffer = v->type.root_created >= 0 ? v->type.root_created : -(v->type.root_entry + 1);
    if (v->type.root_created < 0 && v->type.root_entry < 0) continue;
    a.name = kir_spelling(*info.args[i]->value);
    a.offsets = v->type.view_offsets();
    a.extents = v->type.view_extents();
    if (a.extents.size() != a.offsets.size()) a.offsets.clear();
    a.reads = p.direction != Direction::kOut;
    a.writes = p.direction != Direction::kIn;
    a.allocates = std::count(info.allocated_args.begin(), info.allocated_args.end(), i) > 0;
    t.accesses.push_back(std::move(a));
  }
  if (const Arg* deps = info.keyword(CallKeyword::kDeps)) {
    for (const ExprPtr& item : deps->value->items) {
      const Expr& named = item->kind == ExprKind::kIndex ? *item->lhs : *item;
      std::optional<ExprInfo> d = prog_.find_info(named);
      if (d && d->symbol != kNoSymbol) t.dep_ids.push_back(d->symbol);
    }
  }
  last_task_ = static_cast<int>(hazards_.tasks.size());
  hazards_.tasks.push_back(std::move(t));
}

}  // namespace taskc
