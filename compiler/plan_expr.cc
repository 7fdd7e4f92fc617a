// Expressions: checked AST expressions become PlanExprs with explicit
// conversions to the dtypes the checker recorded, and tensor operands
// become entries of the tensor table (inline tensor ops are declared in the
// current statement's prelude).
#include "builtins.h"
#include "plan_builder.h"
#include "value_ranges.h"

namespace taskc {

namespace {

PlanOp plan_op(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return PlanOp::kOr;
    case BinaryOp::kAnd: return PlanOp::kAnd;
    case BinaryOp::kEq: return PlanOp::kEq;
    case BinaryOp::kNe: return PlanOp::kNe;
    case BinaryOp::kLt: return PlanOp::kLt;
    case BinaryOp::kLe: return PlanOp::kLe;
    case BinaryOp::kGt: return PlanOp::kGt;
    case BinaryOp::kGe: return PlanOp::kGe;
    case BinaryOp::kAdd: return PlanOp::kAdd;
    case BinaryOp::kSub: return PlanOp::kSub;
    case BinaryOp::kMul: return PlanOp::kMul;
    case BinaryOp::kFloorDiv: return PlanOp::kFloorDiv;
    case BinaryOp::kMod: return PlanOp::kMod;
    case BinaryOp::kDiv: return PlanOp::kDiv;
  }
  return PlanOp::kAdd;
}

}  // namespace

std::string PlanBuilder::cxx_name(SymbolId id) const {
  const Symbol& s = prog_.symbol(id);
  switch (s.kind) {
    case SymbolKind::kEntryTensor: return "ext_" + std::string(s.name);
    case SymbolKind::kDim:
    case SymbolKind::kEntryScalar:
    case SymbolKind::kLocal:
    case SymbolKind::kVar:
    case SymbolKind::kLoopVar: return s.name;
    default: break;
  }
  throw InternalError("'" + std::string(s.name) + "' is not a runtime value");
}

PlanExpr PlanBuilder::literal(const ConstValue& c, DType to) const {
  const DTypeInfo& info = dtype_info(to);
  PlanExpr e;
  e.dtype = to;
  if (to == DType::kBool) {
    e.kind = PlanExprKind::kBool;
    e.bool_value = c.kind == ConstValue::Kind::kBool ? c.b : c.i != 0;
  } else if (info.is_float) {
    e.kind = PlanExprKind::kFloat;
    e.float_value = c.kind == ConstValue::Kind::kFloat ? c.f : static_cast<double>(c.i);
  } else if (info.is_integer && c.kind == ConstValue::Kind::kInt) {
    e.kind = PlanExprKind::kInt;
    e.int_value = c.i;
  } else {
    throw InternalError(std::string("a constant cannot become ") + info.name);
  }
  return e;
}

PlanExpr PlanBuilder::convert(const Expr& e, DType to) {
  const ExprInfo& info = prog_.info(e);
  if (info.type.kind == ValueKind::kScalar && info.constant) {
    return literal(*info.constant, to);
  }
  return converted(lower(e), to, e, e);
}

PlanExpr PlanBuilder::lower(const Expr& e) {
  const ExprInfo& info = prog_.info(e);
  if (info.type.kind != ValueKind::kScalar) {
    throw InternalError("a scalar expression at line " +
                        std::to_string(e.span.begin.line) + " has no scalar type");
  }
  DType dtype = info.type.dtype;
  if (info.constant) return literal(*info.constant, dtype);
  switch (e.kind) {
    case ExprKind::kName: {
      if (info.symbol == kNoSymbol) break;
      note_read(info.symbol);
      return PlanExpr::variable(cxx_name(info.symbol), dtype,
                                prog_.symbol(info.symbol).kind == SymbolKind::kVar);
    }
    case ExprKind::kNeg:
    case ExprKind::kNot: {
      PlanExpr u;
      u.kind = PlanExprKind::kUnary;
      u.op = e.kind == ExprKind::kNeg ? PlanOp::kNeg : PlanOp::kNot;
      u.dtype = dtype;
      u.operands.push_back(convert(*e.lhs, dtype));
      if (u.op == PlanOp::kNeg) check_overflow(u, e, range_neg(range_of(*e.lhs, dtype)));
      return u;
    }
    case ExprKind::kBinary: return lower_binary(e, info);
    case ExprKind::kCall: return lower_function(e, info);
    case ExprKind::kTensorOp: return lower_tensor_op(e, info);
    default: break;
  }
  throw InternalError("unexpected scalar expression at line " +
                      std::to_string(e.span.begin.line));
}

PlanExpr PlanBuilder::lower_binary(const Expr& e, const ExprInfo& info) {
  PlanOp op = plan_op(e.op);
  if (prog_.info(*e.lhs).type.kind == ValueKind::kTaskId) {
    // `t == none` / `t != none` (the checker allows nothing else).
    const Expr& id = e.lhs->kind == ExprKind::kNone ? *e.rhs : *e.lhs;
    PlanExpr valid = PlanExpr::of_kind(PlanExprKind::kIsValid);
    valid.dtype = DType::kBool;
    valid.operands.push_back(lower_task_id(id));
    if (e.op == BinaryOp::kNe) return valid;
    PlanExpr negated = PlanExpr::of_kind(PlanExprKind::kUnary);
    negated.op = PlanOp::kNot;
    negated.dtype = DType::kBool;
    negated.operands.push_back(std::move(valid));
    return negated;
  }
  DType operands = info.operand_dtype;
  PlanExpr l = convert(*e.lhs, operands);
  PlanExpr r = convert(*e.rhs, operands);
  if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr) {
    // `x and true`, `false or x`: a constant side that leaves the value to
    // the other side is dropped (the checker folds only when both sides
    // are constant).
    bool identity = e.op == BinaryOp::kAnd;
    if (l.kind == PlanExprKind::kBool && l.bool_value == identity) return r;
    if (r.kind == PlanExprKind::kBool && r.bool_value == identity) return l;
  }
  PlanExpr out = PlanExpr::binary(op, std::move(l), std::move(r), operands, info.type.dtype);
  if (op == PlanOp::kAdd || op == PlanOp::kSub || op == PlanOp::kMul ||
      op == PlanOp::kFloorDiv) {
    check_overflow(out, e, raw_binary_range(e.op, range_of(*e.lhs, operands),
                                            range_of(*e.rhs, operands)));
  }
  return out;
}

PlanExpr PlanBuilder::lower_function(const Expr& e, const ExprInfo& info) {
  DType d = info.type.dtype;
  PlanExpr f;
  f.dtype = d;
  switch (e.builtin) {
    case Builtin::kCast:
      return converted(lower(*e.args[0].value), d, *e.args[0].value, e);
    case Builtin::kMin:
    case Builtin::kMax:
      f.kind = e.builtin == Builtin::kMin ? PlanExprKind::kMin : PlanExprKind::kMax;
      f.operands.push_back(convert(*e.args[0].value, info.operand_dtype));
      f.operands.push_back(convert(*e.args[1].value, info.operand_dtype));
      return f;
    case Builtin::kSelect:
      f.kind = PlanExprKind::kSelect;
      f.operands.push_back(convert(*e.args[0].value, DType::kBool));
      f.operands.push_back(convert(*e.args[1].value, info.operand_dtype));
      f.operands.push_back(convert(*e.args[2].value, info.operand_dtype));
      return f;
    case Builtin::kAvailableClusters:
    case Builtin::kAvailableAiv:
      f.kind = PlanExprKind::kRuntimeCount;
      f.name = builtin_info(e.builtin).name;
      return f;
    case Builtin::kUnknown:
      break;
  }
  throw InternalError("unknown function '" + std::string(e.text) + "'");
}

PlanExpr PlanBuilder::lower_tensor_op(const Expr& e, const ExprInfo& info) {
  PlanExpr t;
  t.dtype = info.type.dtype;
  if (e.tensor_op == TensorOp::kRead) {
    t.kind = PlanExprKind::kRead;
    t.tensor = tensor_operand(*e.args[0].value);
    t.operands = index_list(*e.args[1].value);
    const Expr& list = *e.args[1].value;
    const ValueType type = prog_.info(*e.args[0].value).type;
    for (size_t axis = 0; axis < list.items.size(); ++axis) {
      if (index_proven(*list.items[axis], type.shape().at(axis))) continue;
      t.check = "line " + std::to_string(e.span.begin.line) + ": tensor.read of '" +
                kir_text(*e.args[0].value) + "'";
      break;
    }
    return t;
  }
  if (e.tensor_op == TensorOp::kDim) {
    const ExprInfo& axis = prog_.info(*e.args[1].value);
    if (!axis.constant || axis.constant->kind != ConstValue::Kind::kInt) {
      throw InternalError("tensor.dim without a constant axis");
    }
    t.kind = PlanExprKind::kDim;
    t.tensor = tensor_operand(*e.args[0].value);
    t.axis = static_cast<uint32_t>(axis.constant->i);
    return t;
  }
  throw InternalError("tensor." + std::string(e.text) + " is not a scalar");
}

PlanExpr PlanBuilder::condition(const Expr& e) {
  const ExprInfo& info = prog_.info(e);
  DType d = info.type.dtype;
  if (d == DType::kBool) return convert(e, DType::kBool);
  if (info.constant) return literal(*info.constant, DType::kBool);
  return PlanExpr::binary(PlanOp::kNe, lower(e), PlanExpr::integer(0, d), d, DType::kBool);
}

PlanExpr PlanBuilder::lower_task_id(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNone:
      return PlanExpr::of_kind(PlanExprKind::kNoTask);
    case ExprKind::kName: {
      SymbolId id = prog_.info(e).symbol;
      if (id == kNoSymbol) break;
      note_read(id);
      return PlanExpr::task_id(cxx_name(id));
    }
    case ExprKind::kIndex: {
      SymbolId id = prog_.info(*e.lhs).symbol;
      if (id == kNoSymbol) break;
      note_read(id);
      return PlanExpr::task_id(cxx_name(id), id_array_index(prog_.symbol(id), *e.rhs));
    }
    default:
      break;
  }
  throw InternalError("the task id at line " + std::to_string(e.span.begin.line) +
                      " is neither a name, an array element nor none");
}

PlanExpr PlanBuilder::id_array_index(const Symbol& array, const Expr& index) {
  PlanExpr i = convert(index, DType::kIndex);
  // A constant: the checker proved it in range.
  if (i.kind == PlanExprKind::kInt) return i;
  if (range_of(index, DType::kIndex).within(IntRange::between(0, array.type.id_array - 1))) {
    return settle(std::move(i));
  }
  if (!prelude_) throw InternalError("a task id index outside a statement");
  for (const CheckedIndex& c : checked_indexes_) {
    if (c.array == array.name && c.index == i) return c.value;
  }
  PlanExpr value = read_once(i, [&] { return fresh("task_index"); }, *prelude_);
  checked_indexes_.push_back(CheckedIndex{array.name, std::move(i), value});
  PlanExpr below = PlanExpr::binary(PlanOp::kLt, value, PlanExpr::integer(0), DType::kIndex,
                                    DType::kBool);
  PlanExpr above = PlanExpr::binary(PlanOp::kGe, value, PlanExpr::integer(array.type.id_array),
                                    DType::kIndex, DType::kBool);
  PlanCheck check;
  check.fails = PlanExpr::binary(PlanOp::kOr, std::move(below), std::move(above), DType::kBool,
                                 DType::kBool);
  check.format = "line " + std::to_string(index.span.begin.line) + ": index %lld of task id array '" +
                 array.name + "' is outside 0.." + std::to_string(array.type.id_array - 1);
  check.args.push_back(value);
  prelude_->push_back(PlanNode{std::move(check)});
  return value;
}

std::vector<PlanExpr> PlanBuilder::index_list(const Expr& list) {
  if (list.kind != ExprKind::kList) {
    throw InternalError("expected a list at line " + std::to_string(list.span.begin.line));
  }
  std::vector<PlanExpr> out;
  out.reserve(list.items.size());
  for (const ExprPtr& item : list.items) out.push_back(convert(*item, DType::kIndex));
  return out;
}

// ---- tensors ----

TensorId PlanBuilder::tensor_operand(const Expr& e, const std::string& name_hint) {
  const ExprInfo& info = prog_.info(e);
  if (info.type.kind != ValueKind::kTensor) {
    throw InternalError("a tensor operand at line " +
                        std::to_string(e.span.begin.line) + " is not a tensor");
  }
  if (e.kind == ExprKind::kName && info.symbol != kNoSymbol) {
    TensorId id = symbol_tensor_.at(static_cast<size_t>(info.symbol));
    if (id == kNoTensor) {
      throw InternalError("tensor '" + std::string(e.text) + "' at line " +
                          std::to_string(e.span.begin.line) + " was not declared");
    }
    ++tensor_reads_[static_cast<size_t>(id)];
    return id;
  }
  if (e.kind != ExprKind::kTensorOp) {
    throw InternalError("unexpected tensor expression at line " +
                        std::to_string(e.span.begin.line));
  }
  std::string name = name_hint;
  if (name.empty()) name = fresh(e.tensor_op == TensorOp::kCreate ? "task_tensor" : "task_view");
  TensorId id = declare_tensor_op(e, name, "");
  ++tensor_reads_[static_cast<size_t>(id)];
  return id;
}

TensorId PlanBuilder::declare_tensor_op(const Expr& e, const std::string& cxx_name,
                                        const std::string& kir_name) {
  if (!prelude_ || blocks_.empty()) throw InternalError("tensor op outside a block");
  PlanTensor t;
  t.cxx_name = cxx_name;
  t.kir_name = kir_name;
  const ExprInfo& info = prog_.info(e);
  t.dtype = info.type.dtype;
  switch (e.tensor_op) {
    case TensorOp::kCreate: {
      t.kind = PlanTensorKind::kCreated;
      t.shape = index_list(*e.args[0].value);
      for (PlanExpr& x : t.shape) x = settle(std::move(x));
      add_create_checks(t, *e.args[0].value);
      if (e.args.size() == 3) {  // init = v; FP16 and BF16 take an FP32 value
        bool half = t.dtype == DType::kFp16 || t.dtype == DType::kBf16;
        t.init = convert(*e.args[2].value, half ? DType::kFp32 : t.dtype);
      }
      OpenBlock& block = blocks_.back();
      bool fixed = true;
      for (const PlanExpr& x : t.shape) {
        fixed = fixed && fixed_in_block(x, block.names, block.tensors);
      }
      if (t.init) fixed = fixed && fixed_in_block(*t.init, block.names, block.tensors);
      bool task_allocated =
          prog_.created_allocator.at(static_cast<size_t>(info.type.root_created)) >= 0;
      if (task_allocated) {
        t.create_info = (kir_name.empty() ? cxx_name : "taskc_" + cxx_name) + "_ci";
      }
      TensorId id = add_tensor(std::move(t));
      block.tensors.insert(id);
      if (task_allocated) {
        // Its create-info is made here; the task that allocates it comes later.
        prelude_->push_back(PlanNode{PlanCreateInfo{id}});
      } else if (fixed) {
        block.hoisted.push_back(id);
      } else {
        prelude_->push_back(PlanNode{PlanAlloc{0, {id}}});
      }
      return id;
    }
    case TensorOp::kSlice: {
      t.kind = PlanTensorKind::kView;
      t.base = tensor_operand(*e.args[0].value);
      t.shape = index_list(*e.args[1].value);
      t.offsets = index_list(*e.args[2].value);
      for (PlanExpr& x : t.shape) x = settle(std::move(x));
      for (PlanExpr& x : t.offsets) x = settle(std::move(x));
      const ValueType base = prog_.info(*e.args[0].value).type;
      for (size_t axis = 0; axis < info.type.shape().size(); ++axis) {
        const ExtentValue& whole = base.shape().at(axis);
        t.spans.push_back(!whole.any && info.type.shape()[axis].value.compare(whole.value) ==
                                            SymInt::Compare::kEqual);
      }
      add_slice_checks(t, e);
      break;
    }
    case TensorOp::kReshape:
      t.kind = PlanTensorKind::kReshape;
      t.base = tensor_operand(*e.args[0].value);
      t.shape = index_list(*e.args[1].value);
      for (PlanExpr& x : t.shape) x = settle(std::move(x));
      add_reshape_checks(t, e);
      break;
    default:
      throw InternalError("tensor." + std::string(e.text) + " does not make a tensor");
  }
  TensorId id = add_tensor(std::move(t));
  blocks_.back().tensors.insert(id);
  prelude_->push_back(PlanNode{PlanTensorDecl{id}});
  return id;
}

bool fixed_in_block(const PlanExpr& e, const std::set<std::string>& names,
                    const std::set<TensorId>& tensors) {
  switch (e.kind) {
    case PlanExprKind::kRead:
    case PlanExprKind::kRuntimeCount: return false;
    case PlanExprKind::kVar:
      if (e.mutable_var || names.count(e.name)) return false;
      break;
    case PlanExprKind::kDim:
      if (tensors.count(e.tensor)) return false;
      break;
    default: break;
  }
  for (const PlanExpr& o : e.operands) {
    if (!fixed_in_block(o, names, tensors)) return false;
  }
  return true;
}

// ---- symbolic extents ----

// The normal form as the canonical text reads: terms left to right, each a
// product of its coefficient (unless 1) and its atoms.
PlanExpr PlanBuilder::symbolic(const SymInt& value) {
  if (value.is_unknown()) throw InternalError("a runtime check of an unknown extent");
  // Every partial sum and product stays within INT64 when the sum of the
  // terms' largest magnitudes does; otherwise each step is checked.
  std::string overflow;
  if (!extent_magnitude_fits(prog_, value)) {
    overflow = "extent " + value.to_string() + " overflows INDEX";
  }
  auto index_binary = [&](PlanOp op, PlanExpr a, PlanExpr b) {
    PlanExpr e = PlanExpr::binary(op, std::move(a), std::move(b), DType::kIndex, DType::kIndex);
    if (op == PlanOp::kAdd || op == PlanOp::kSub || op == PlanOp::kMul) e.check = overflow;
    return e;
  };
  auto atom = [&](const SymInt::Atom& a) -> PlanExpr {
    using Kind = SymInt::Atom::Kind;
    switch (a.kind) {
      case Kind::kNamed:
        if (a.symbol < 0) throw InternalError("the extent atom '" + a.name + "' has no symbol");
        note_read(a.symbol);
        return PlanExpr::variable(cxx_name(a.symbol), DType::kIndex);
      case Kind::kFloorDiv:
        return index_binary(PlanOp::kFloorDiv, symbolic(a.lhs), symbolic(a.rhs));
      case Kind::kMod:
        return index_binary(PlanOp::kMod, symbolic(a.lhs), symbolic(a.rhs));
      case Kind::kMin:
      case Kind::kMax: {
        PlanExpr f;
        f.kind = a.kind == Kind::kMin ? PlanExprKind::kMin : PlanExprKind::kMax;
        f.operands.push_back(symbolic(a.lhs));
        f.operands.push_back(symbolic(a.rhs));
        return f;
      }
    }
    throw InternalError("unknown extent atom");
  };
  std::optional<PlanExpr> sum;
  auto add_term = [&](const std::vector<SymInt::AtomRef>* atoms, int64_t coeff) {
    bool negative = coeff < 0;
    // The magnitude of INT64_MIN wraps to itself, which negates to itself.
    auto magnitude = static_cast<int64_t>(negative ? 0 - static_cast<uint64_t>(coeff)
                                                   : static_cast<uint64_t>(coeff));
    std::optional<PlanExpr> product;
    if (!atoms || magnitude != 1) product = PlanExpr::integer(magnitude);
    for (size_t i = 0; atoms && i < atoms->size(); ++i) {
      PlanExpr x = atom(*(*atoms)[i]);
      product = product ? index_binary(PlanOp::kMul, std::move(*product), std::move(x))
                        : std::move(x);
    }
    if (sum) {
      sum = index_binary(negative ? PlanOp::kSub : PlanOp::kAdd, std::move(*sum),
                         std::move(*product));
    } else if (!negative) {
      sum = std::move(*product);
    } else if (product->kind == PlanExprKind::kInt) {
      product->int_value = static_cast<int64_t>(0 - static_cast<uint64_t>(product->int_value));
      sum = std::move(*product);
    } else {
      PlanExpr u;
      u.kind = PlanExprKind::kUnary;
      u.op = PlanOp::kNeg;
      u.operands.push_back(std::move(*product));
      sum = std::move(u);
    }
  };
  for (const SymInt::Term& t : value.terms()) add_term(t.atoms.get(), t.coeff);
  if (value.constant_term() != 0 || !sum) add_term(nullptr, value.constant_term());
  return std::move(*sum);
}

}  // namespace taskc
