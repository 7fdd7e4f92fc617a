// Statements: blocks and scopes, lets and vars, loops, ifs, tensor.write,
// and what each tensor use means for the warnings of language.md §6.
#include "check_expr_util.h"
#include "checker_impl.h"
#include "value_ranges.h"

namespace taskc {

void Checker::check_block(const Block& b) {
  push_scope();
  blocks_.push_back(next_block_++);
  for (const StmtPtr& s : b.stmts) check_stmt(*s);
  blocks_.pop_back();
  end_scope(b.span.end, false);
}

void Checker::check_stmt(const Stmt& s) {
  for (const Annotation& a : s.annotations) {
    sink_.error(ErrorCode::E0208, a.span,
                "unknown statement annotation '@" + std::string(a.name) +
                    "'; statements take no annotations in this version");
  }
  switch (s.kind) {
    case StmtKind::kLet:
      check_let(s);
      break;
    case StmtKind::kVar:
    case StmtKind::kAssign:
      check_var_or_assign(s);
      break;
    case StmtKind::kCall:
      check_call(*s.call);
      break;
    case StmtKind::kOp: {
      const Expr& e = *s.value;
      if (e.kind != ExprKind::kTensorOp || e.tensor_op != TensorOp::kWrite) {
        check_expr(e);
        sink_.error(ErrorCode::E0307, e.span,
                    "only tensor.write can stand as a statement; bind other "
                    "values with 'let'");
        break;
      }
      // After a mistake, some unknown tensor counts as written.
      if (!expect_positional(e, 3)) {
        unknown_writes_ = true;
        break;
      }
      const ExprInfo& base = check_expr(*e.args[0].value);
      if (base.type.kind != ValueKind::kTensor) {
        if (base.type.kind != ValueKind::kError) {
          sink_.error(ErrorCode::E0204, e.args[0].value->span,
                      "tensor.write needs a tensor, not " + type_to_string(base.type));
        }
        unknown_writes_ = true;
        break;
      }
      prog_.set_info(e, check_element_access(e, base, true));
      break;
    }
    case StmtKind::kFor:
      check_for(s);
      break;
    case StmtKind::kIf: {
      int statement = if_statements_++;
      for (size_t i = 0; i < s.conds.size(); ++i) {
        const ExprInfo& c = check_expr(*s.conds[i]);
        bool ok = c.type.kind == ValueKind::kError ||
                  (c.type.kind == ValueKind::kScalar &&
                   (c.type.dtype == DType::kBool || dtype_info(c.type.dtype).is_integer));
        if (!ok) {
          sink_.error(ErrorCode::E0307, s.conds[i]->span,
                      "a condition must be BOOL or an integer, not " +
                          type_to_string(c.type));
        }
        branches_.emplace_back(statement, static_cast<int>(i));
        check_scoped_block(s.blocks[i], s, manual_scope_depth_ == 0);
        branches_.pop_back();
      }
      if (s.else_block) {
        branches_.emplace_back(statement, static_cast<int>(s.conds.size()));
        check_scoped_block(*s.else_block, s, manual_scope_depth_ == 0);
        branches_.pop_back();
      }
      break;
    }
    case StmtKind::kScope:
      if (manual_scope_depth_ > 0 && !s.manual) {
        sink_.error(ErrorCode::E0409, s.span,
                    "an automatic scope cannot be nested inside a manual scope (the "
                    "runtime rejects it); use 'scope manual'");
      }
      if (s.manual && manual_scope_depth_++ == 0) {
        region_ = static_cast<int>(hazards_.regions.size());
        hazards_.regions.push_back(RegionFacts{s.span, loops_});
      }
      check_scoped_block(s.body, s, true);
      if (s.manual && --manual_scope_depth_ == 0) region_ = -1;
      break;
  }
}

void Checker::check_scoped_block(const Block& b, const Stmt& opener, bool runtime_scope) {
  if (runtime_scope && ++runtime_scope_depth_ == prog_.profile->max_scope_depth + 1) {
    sink_.error(ErrorCode::E0413, opener.span,
                "this statement opens runtime scope " + std::to_string(runtime_scope_depth_) +
                    "; the runtime nests at most " +
                    std::to_string(prog_.profile->max_scope_depth) +
                    " (its own and the orchestration's scopes count; each scope, and "
                    "each loop body and branch outside a manual scope, adds one)");
  }
  check_block(b);
  if (runtime_scope) --runtime_scope_depth_;
}

void Checker::check_let(const Stmt& s) {
  ValueType type;
  SymInt symbolic = SymInt::unknown();
  std::optional<ConstValue> constant;
  if (s.call) {
    check_call(*s.call);
    type.kind = ValueKind::kTaskId;
  } else {
    const ExprInfo& value = check_expr(*s.value);
    type = value.type;
    constant = value.constant;
    symbolic = value.symbolic;
    if (type.kind == ValueKind::kDType || type.kind == ValueKind::kString ||
        type.kind == ValueKind::kList) {
      sink_.error(ErrorCode::E0307, s.value->span,
                  "'let' binds a tensor or a scalar, not " + type_to_string(type));
      type.kind = ValueKind::kError;
    } else if (type.kind == ValueKind::kTaskId && type.id_array > 0) {
      sink_.error(ErrorCode::E0307, s.value->span,
                  "'let' binds one task id, not an array; index it: " + std::string(s.value->text) + "[i]");
      type.kind = ValueKind::kError;
    }
  }
  if (s.type && type.kind == ValueKind::kTaskId) {
    sink_.error(ErrorCode::E0307, s.type->span,
                "let '" + std::string(s.name) + "' binds a task id, which takes no declared type");
  } else if (s.type && type.kind != ValueKind::kError) {
    const TypeExpr* declared = resolve_type(*s.type);
    if (declared && declared->kind == TypeKind::kScalar) {
      if (check_scalar_conversion(*s.value, check_expr(*s.value), declared->dtype,
                                  "let '" + std::string(s.name) + "'")) {
        type.dtype = declared->dtype;
        type.adaptable = false;
      }
    } else if (declared) {
      std::vector<ExtentValue> shape = check_extents(*declared, false, nullptr);
      if (type.kind != ValueKind::kTensor) {
        sink_.error(ErrorCode::E0403, s.value->span,
                    "let '" + std::string(s.name) + "' is declared a tensor but its value is " +
                        type_to_string(type));
      } else if (type.dtype != declared->dtype) {
        sink_.error(ErrorCode::E0301, s.value->span,
                    "let '" + std::string(s.name) + "' is declared " +
                        dtype_info(declared->dtype).name + " but its value is " +
                        dtype_info(type.dtype).name);
      } else if (type.shape().size() != shape.size()) {
        sink_.error(ErrorCode::E0302, s.value->span,
                    "let '" + std::string(s.name) + "' is declared rank " +
                        std::to_string(shape.size()) + " but its value has rank " +
                        std::to_string(type.shape().size()));
      } else {
        for (size_t i = 0; i < shape.size(); ++i) {
          if (shape[i].any || type.shape()[i].any) continue;  // '?': E0308
          if (type.shape()[i].value.compare(shape[i].value) ==
              SymInt::Compare::kDifferent) {
            sink_.error(ErrorCode::E0303, s.value->span,
                        "let '" + std::string(s.name) + "' axis " + std::to_string(i) +
                            " is declared " + shape[i].value.to_string() +
                            " but the value's extent is " +
                            type.shape()[i].value.to_string());
            break;
          }
        }
      }
    }
  }
  SymbolId id = declare(SymbolKind::kLocal, s.name, s.name_span, true);
  if (s.call && last_task_ >= 0) hazards_.tasks[static_cast<size_t>(last_task_)].result = id;
  bool creates = s.value && s.value->kind == ExprKind::kTensorOp &&
                 s.value->tensor_op == TensorOp::kCreate && type.kind == ValueKind::kTensor;
  if (creates) creations_[static_cast<size_t>(type.root_created)].let = id;
  if (type.kind == ValueKind::kScalar) {
    type.adaptable = type.adaptable && constant.has_value();
    if (!constant && symbolic.is_unknown()) symbolic = SymInt::atom(std::string(s.name), id);
  }
  sym(id).type = type;
  sym(id).constant = constant;
  sym(id).symbolic = symbolic;
  if (s.value && type.kind == ValueKind::kScalar) sym(id).range = check_expr(*s.value).range;
  prog_.stmt_symbol[s.id] = id;
}

void Checker::check_var_or_assign(const Stmt& s) {
  const TypeExpr* declared = s.type ? resolve_type(*s.type) : nullptr;
  bool declared_id = declared && declared->kind == TypeKind::kTaskId;
  if (s.call || declared_id || (s.value && value_is_task_id(*s.value))) {
    check_task_id_store(s, declared);
    return;
  }
  const ExprInfo& value = check_expr(*s.value);
  if (s.kind == StmtKind::kVar) {
    ValueType type = value.type;
    if (type.kind != ValueKind::kError && type.kind != ValueKind::kScalar) {
      sink_.error(ErrorCode::E0307, s.value->span,
                  "'var' declares a mutable scalar or task id, not " + type_to_string(type));
      type.kind = ValueKind::kError;
    }
    if (declared && type.kind == ValueKind::kScalar) {
      if (declared->kind != TypeKind::kScalar) {
        sink_.error(ErrorCode::E0307, s.type->span, "a var must have a Scalar or TaskId type");
      } else if (check_scalar_conversion(*s.value, value, declared->dtype,
                                         "var '" + std::string(s.name) + "'")) {
        type.dtype = declared->dtype;
      }
    }
    type.adaptable = false;  // a var's dtype is fixed at its declaration
    SymbolId id = declare(SymbolKind::kVar, s.name, s.name_span, true);
    sym(id).type = type;
    prog_.stmt_symbol[s.id] = id;
    return;
  }
  SymbolId target = assignment_target(s);
  if (target == kNoSymbol) return;
  if (sym(target).type.kind == ValueKind::kTaskId) {
    sink_.error(ErrorCode::E0307, s.value->span,
                "'" + std::string(s.name) + "' holds task ids, not " + type_to_string(value.type));
    return;
  }
  if (s.index) {
    sink_.error(ErrorCode::E0307, s.index->span,
                "only task id arrays are indexed; '" + std::string(s.name) + "' is " +
                    type_to_string(sym(target).type));
    return;
  }
  if (sym(target).type.kind == ValueKind::kScalar) {
    check_scalar_conversion(*s.value, value, sym(target).type.dtype,
                            "assignment to '" + std::string(s.name) + "'");
  }
}

void Checker::check_for(const Stmt& s) {
  for (const ExprPtr& bound : s.range_args) expect_index(*bound, "a range bound");
  if (s.range_args.size() == 3) {
    if (auto step = constant_int(*s.range_args[2]); step && *step == 0) {
      sink_.error(ErrorCode::E0408, s.range_args[2]->span, "range step cannot be 0");
    }
  }
  push_scope();
  SymbolId var = declare(SymbolKind::kLoopVar, s.name, s.name_span, true);
  sym(var).type.kind = ValueKind::kScalar;
  sym(var).type.dtype = DType::kIndex;
  sym(var).symbolic = SymInt::atom(std::string(s.name), var);
  const auto& args = s.range_args;
  if (args.size() >= 1 && args.size() <= 3) {
    std::optional<ExprInfo> start, step;
    if (args.size() > 1) start = check_expr(*args[0]);
    ExprInfo stop = check_expr(*args[args.size() > 1 ? 1 : 0]);
    if (args.size() == 3) step = check_expr(*args[2]);
    LoopBounds bounds = loop_bounds(start ? &*start : nullptr, stop, step ? &*step : nullptr);
    sym(var).range = bounds.range;
    prog_.symbol_bounds.push_back(SymbolBounds{bounds.lower, bounds.upper});
    sym(var).bounds = static_cast<uint32_t>(prog_.symbol_bounds.size());
  }
  prog_.stmt_symbol[s.id] = var;
  loops_.push_back(static_cast<int>(hazards_.loop_vars.size()));
  hazards_.loop_vars.push_back(var);
  check_block(s.body);
  loops_.pop_back();
  end_scope(s.body.span.end, true);
}

void Checker::note_tensor_use(const Expr& e, const ValueType& t, bool reads,
                              bool writes, const LazyText& writer) {
  if (reads && t.root_created >= 0 && !created_written_[t.root_created] &&
      !unknown_writes_) {
    // Named as the program names it: the name passed, else the let that
    // made the tensor, else the expression (an inline tensor.create).
    SymbolId let = creations_[static_cast<size_t>(t.root_created)].let;
    std::string name = e.kind == ExprKind::kName ? "tensor '" + std::string(e.text) + "'"
                       : let != kNoSymbol        ? "tensor '" + sym(let).name + "'"
                                                 : "'" + kir_spelling(e) + "'";
    sink_.warning(Warning::kUninitializedRead, e.span,
                  name + " is read before any task writes it");
    created_written_[t.root_created] = true;  // warn once per tensor
  }
  if (!writes) return;
  if (t.root_created >= 0) created_written_[t.root_created] = true;
  if (t.root_entry >= 0) {
    const ParamInfo& entry = prog_.entry_params[t.root_entry];
    if (entry.direction == Direction::kIn) {
      sink_.error(ErrorCode::E0502, e.span,
                  writer() + " but entry tensor '" + entry.name +
                      "' is declared in; declare it inout",
                  {DiagnosticNote{entry.span, "'" + entry.name + "' declared here"}});
    }
    entry_written_[t.root_entry] = true;
  }
}

void Checker::assume_written(const ExprInfo& v) {
  if (v.type.kind != ValueKind::kTensor) {
    unknown_writes_ = true;
    return;
  }
  if (v.type.root_created >= 0) created_written_[v.type.root_created] = true;
  if (v.type.root_entry >= 0) entry_written_[v.type.root_entry] = true;
}

}  // namespace taskc
