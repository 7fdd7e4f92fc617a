// Expressions: checked AST expressions become PlanExprs with explicit
// conversions, and tensor operands become C++ names (inline tensor ops are
// declared in the current statement's prelude).
#include <cctype>
#include <functional>

#include "plan_builder.h"

namespace taskc {

namespace {

bool same_ctype(DType a, DType b) {
  if (a == b) return true;
  const char* x = dtype_info(a).c_type;
  const char* y = dtype_info(b).c_type;
  return x && y && std::string(x) == y;
}

PlanExpr cast_to(PlanExpr x, DType to) {
  if (same_ctype(x.dtype, to)) return x;
  PlanExpr c;
  c.kind = PlanExprKind::kCast;
  c.dtype = to;
  c.operands.push_back(std::move(x));
  return c;
}

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

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::kEq || op == BinaryOp::kNe || op == BinaryOp::kLt ||
         op == BinaryOp::kLe || op == BinaryOp::kGt || op == BinaryOp::kGe;
}

bool is_index_like(DType d) { return d == DType::kIndex || d == DType::kInt64; }

// The dtype both operands of a comparison meet at; mirrors the checker's
// rule (literals adapt to the other side, INDEX absorbs other integers).
DType comparison_dtype(const ExprInfo& l, const ExprInfo& r) {
  DType x = l.type.dtype, y = r.type.dtype;
  bool x_float = dtype_info(x).is_float, y_float = dtype_info(y).is_float;
  if (l.type.adaptable && r.type.adaptable) {
    return x_float || y_float ? DType::kFp32 : DType::kIndex;
  }
  if (l.type.adaptable) return y;
  if (r.type.adaptable) return x;
  if (x == y) return x;
  if (dtype_info(x).is_integer && dtype_info(y).is_integer &&
      (is_index_like(x) || is_index_like(y))) {
    return DType::kIndex;
  }
  throw InternalError(std::string("comparison of ") + dtype_info(x).name +
                      " and " + dtype_info(y).name + " has no common dtype");
}

PlanExpr binary(PlanOp op, PlanExpr a, PlanExpr b, DType operand_dtype,
                DType result) {
  PlanExpr e;
  e.kind = PlanExprKind::kBinary;
  e.op = op;
  e.dtype = result;
  e.operand_dtype = operand_dtype;
  e.operands.push_back(std::move(a));
  e.operands.push_back(std::move(b));
  return e;
}

}  // namespace

std::string PlanBuilder::cxx_name(const Symbol& s) const {
  switch (s.kind) {
    case SymbolKind::kEntryTensor: return "ext_" + s.name;
    case SymbolKind::kDim:
    case SymbolKind::kEntryScalar:
    case SymbolKind::kLocal:
    case SymbolKind::kVar:
    case SymbolKind::kLoopVar: return s.name;
    default: break;
  }
  throw InternalError("'" + s.name + "' is not a runtime value");
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
  const ExprInfo& info = prog_.info(&e);
  if (info.type.kind == ValueKind::kScalar && info.constant) {
    return literal(*info.constant, to);
  }
  return cast_to(lower(e), to);
}

PlanExpr PlanBuilder::lower(const Expr& e) {
  const ExprInfo& info = prog_.info(&e);
  if (info.type.kind != ValueKind::kScalar) {
    throw InternalError("a scalar expression at line " +
                        std::to_string(e.span.begin.line) + " has no scalar type");
  }
  DType dtype = info.type.dtype;
  if (info.constant) return literal(*info.constant, dtype);
  switch (e.kind) {
    case ExprKind::kName: {
      if (!info.symbol) break;
      note_read(info.symbol);
      return PlanExpr::variable(cxx_name(*info.symbol), dtype,
                                info.symbol->kind == SymbolKind::kVar);
    }
    case ExprKind::kNeg:
    case ExprKind::kNot: {
      PlanExpr u;
      u.kind = PlanExprKind::kUnary;
      u.op = e.kind == ExprKind::kNeg ? PlanOp::kNeg : PlanOp::kNot;
      u.dtype = dtype;
      u.operands.push_back(convert(*e.lhs, dtype));
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
  if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr) {
    PlanExpr l = convert(*e.lhs, DType::kBool);
    PlanExpr r = convert(*e.rhs, DType::kBool);
    // `x and true`, `false or x`: a constant side that leaves the value to
    // the other side is dropped (the checker folds only when both sides
    // are constant).
    bool identity = e.op == BinaryOp::kAnd;
    if (l.kind == PlanExprKind::kBool && l.bool_value == identity) return r;
    if (r.kind == PlanExprKind::kBool && r.bool_value == identity) return l;
    return binary(op, std::move(l), std::move(r), DType::kBool, DType::kBool);
  }
  if (is_comparison(e.op)) {
    DType common = comparison_dtype(prog_.info(e.lhs.get()), prog_.info(e.rhs.get()));
    return binary(op, convert(*e.lhs, common), convert(*e.rhs, common), common,
                  DType::kBool);
  }
  DType d = info.type.dtype;
  return binary(op, convert(*e.lhs, d), convert(*e.rhs, d), d, d);
}

PlanExpr PlanBuilder::lower_function(const Expr& e, const ExprInfo& info) {
  DType d = info.type.dtype;
  PlanExpr f;
  f.dtype = d;
  if (e.text == "cast") return cast_to(lower(*e.args[0].value), d);
  if (e.text == "min" || e.text == "max") {
    f.kind = e.text == "min" ? PlanExprKind::kMin : PlanExprKind::kMax;
    f.operands.push_back(convert(*e.args[0].value, d));
    f.operands.push_back(convert(*e.args[1].value, d));
    return f;
  }
  if (e.text == "select") {
    f.kind = PlanExprKind::kSelect;
    f.operands.push_back(convert(*e.args[0].value, DType::kBool));
    f.operands.push_back(convert(*e.args[1].value, d));
    f.operands.push_back(convert(*e.args[2].value, d));
    return f;
  }
  throw InternalError("unknown function '" + e.text + "'");
}

PlanExpr PlanBuilder::lower_tensor_op(const Expr& e, const ExprInfo& info) {
  PlanExpr t;
  t.dtype = info.type.dtype;
  if (e.text == "read") {
    t.kind = PlanExprKind::kRead;
    t.name = tensor_operand(*e.args[0].value);
    t.operands = index_list(*e.args[1].value);
    return t;
  }
  if (e.text == "dim") {
    const ExprInfo& axis = prog_.info(e.args[1].value.get());
    if (!axis.constant || axis.constant->kind != ConstValue::Kind::kInt) {
      throw InternalError("tensor.dim without a constant axis");
    }
    t.kind = PlanExprKind::kDim;
    t.name = tensor_operand(*e.args[0].value);
    t.axis = static_cast<uint32_t>(axis.constant->i);
    return t;
  }
  throw InternalError("tensor." + e.text + " is not a scalar");
}

PlanExpr PlanBuilder::condition(const Expr& e) {
  const ExprInfo& info = prog_.info(&e);
  DType d = info.type.dtype;
  if (d == DType::kBool) return convert(e, DType::kBool);
  if (info.constant) return literal(*info.constant, DType::kBool);
  return binary(PlanOp::kNe, lower(e), PlanExpr::integer(0, d), d, DType::kBool);
}

std::vector<PlanExpr> PlanBuilder::index_list(const Expr& list) {
  if (list.kind != ExprKind::kList) {
    throw InternalError("expected a list at line " + std::to_string(list.span.begin.line));
  }
  std::vector<PlanExpr> out;
  for (const ExprPtr& item : list.items) out.push_back(convert(*item, DType::kIndex));
  return out;
}

// ---- tensors ----

std::string PlanBuilder::tensor_operand(const Expr& e, const std::string& name_hint) {
  const ExprInfo& info = prog_.info(&e);
  if (info.type.kind != ValueKind::kTensor) {
    throw InternalError("a tensor operand at line " +
                        std::to_string(e.span.begin.line) + " is not a tensor");
  }
  if (e.kind == ExprKind::kName && info.symbol) {
    note_read(info.symbol);
    return cxx_name(*info.symbol);
  }
  if (e.kind != ExprKind::kTensorOp) {
    throw InternalError("unexpected tensor expression at line " +
                        std::to_string(e.span.begin.line));
  }
  std::string name = name_hint;
  if (name.empty()) name = fresh(e.text == "create" ? "task_tensor" : "task_view");
  declare_tensor_op(e, name, -1);
  return name;
}

void PlanBuilder::declare_tensor_op(const Expr& e, const std::string& name,
                                    int decl_id) {
  if (!prelude_ || blocks_.empty()) throw InternalError("tensor op outside a block");
  OpenBlock& block = blocks_.back();
  if (e.text == "create") {
    PlanTensorCreate t;
    t.name = name;
    t.shape = index_list(*e.args[0].value);
    t.dtype = prog_.info(&e).type.dtype;
    t.decl_id = decl_id;
    bool fixed = true;
    for (const PlanExpr& x : t.shape) fixed = fixed && fixed_in_block(x, block.declared);
    block.declared.insert(name);
    if (fixed) {
      block.hoisted.push_back(std::move(t));
      return;
    }
    PlanNode n;
    n.kind = PlanNodeKind::kAlloc;
    n.alloc.tensors.push_back(std::move(t));
    prelude_->push_back(std::move(n));
    return;
  }
  PlanNode n;
  n.name = name;
  n.decl_id = decl_id;
  if (e.text == "slice") {
    n.kind = PlanNodeKind::kView;
    n.base = tensor_operand(*e.args[0].value);
    n.shape = index_list(*e.args[1].value);
    n.offsets = index_list(*e.args[2].value);
  } else if (e.text == "reshape") {
    n.kind = PlanNodeKind::kReshape;
    n.base = tensor_operand(*e.args[0].value);
    n.shape = index_list(*e.args[1].value);
  } else {
    throw InternalError("tensor." + e.text + " does not make a tensor");
  }
  block.declared.insert(name);
  prelude_->push_back(std::move(n));
}

bool fixed_in_block(const PlanExpr& e, const std::set<std::string>& declared) {
  switch (e.kind) {
    case PlanExprKind::kRead: return false;
    case PlanExprKind::kVar:
      if (e.mutable_var || declared.count(e.name)) return false;
      break;
    case PlanExprKind::kDim:
      if (declared.count(e.name)) return false;
      break;
    default: break;
  }
  for (const PlanExpr& o : e.operands) {
    if (!fixed_in_block(o, declared)) return false;
  }
  return true;
}

// ---- symbolic extents ----

namespace {

// Parses SymInt::to_string() text: sums of products of integers, dim names
// and floordiv/mod/min/max(a, b) applications.
class SymbolicText {
 public:
  SymbolicText(const std::string& text,
               const std::function<PlanExpr(const std::string&)>& atom)
      : text_(text), atom_(atom) {}

  PlanExpr parse() {
    PlanExpr e = sum();
    if (pos_ != text_.size()) fail();
    return e;
  }

 private:
  PlanExpr sum() {
    bool negative = accept("-");
    PlanExpr acc = product();
    if (negative) acc = negate(std::move(acc));
    for (;;) {
      if (accept(" + ")) {
        acc = binary(PlanOp::kAdd, std::move(acc), product(), DType::kIndex, DType::kIndex);
      } else if (accept(" - ")) {
        acc = binary(PlanOp::kSub, std::move(acc), product(), DType::kIndex, DType::kIndex);
      } else {
        return acc;
      }
    }
  }

  PlanExpr product() {
    PlanExpr acc = factor();
    while (accept("*")) {
      acc = binary(PlanOp::kMul, std::move(acc), factor(), DType::kIndex, DType::kIndex);
    }
    return acc;
  }

  PlanExpr factor() {
    if (pos_ < text_.size() && isdigit(static_cast<unsigned char>(text_[pos_]))) {
      uint64_t v = 0;
      while (pos_ < text_.size() && isdigit(static_cast<unsigned char>(text_[pos_]))) {
        v = v * 10 + static_cast<uint64_t>(text_[pos_++] - '0');
      }
      // 2^63 only occurs negated; the wrap gives INT64_MIN, its negation.
      return PlanExpr::integer(static_cast<int64_t>(v));
    }
    size_t begin = pos_;
    while (pos_ < text_.size() &&
           (isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    if (begin == pos_) fail();
    std::string name = text_.substr(begin, pos_ - begin);
    if (!accept("(")) return atom_(name);
    PlanExpr a = sum();
    if (!accept(", ")) fail();
    PlanExpr b = sum();
    if (!accept(")")) fail();
    if (name == "floordiv" || name == "mod") {
      return binary(name == "mod" ? PlanOp::kMod : PlanOp::kFloorDiv, std::move(a),
                    std::move(b), DType::kIndex, DType::kIndex);
    }
    if (name != "min" && name != "max") fail();
    PlanExpr f;
    f.kind = name == "min" ? PlanExprKind::kMin : PlanExprKind::kMax;
    f.dtype = DType::kIndex;
    f.operands.push_back(std::move(a));
    f.operands.push_back(std::move(b));
    return f;
  }

  static PlanExpr negate(PlanExpr e) {
    if (e.kind == PlanExprKind::kInt) {
      e.int_value = static_cast<int64_t>(0 - static_cast<uint64_t>(e.int_value));
      return e;
    }
    PlanExpr u;
    u.kind = PlanExprKind::kUnary;
    u.op = PlanOp::kNeg;
    u.dtype = DType::kIndex;
    u.operands.push_back(std::move(e));
    return u;
  }

  bool accept(const char* s) {
    std::string token(s);
    if (text_.compare(pos_, token.size(), token) != 0) return false;
    pos_ += token.size();
    return true;
  }

  [[noreturn]] void fail() const {
    throw InternalError("cannot express the extent '" + text_ + "' in C++");
  }

  const std::string& text_;
  const std::function<PlanExpr(const std::string&)>& atom_;
  size_t pos_ = 0;
};

}  // namespace

PlanExpr PlanBuilder::symbolic(const SymInt& value) {
  if (value.is_unknown()) throw InternalError("a runtime check of an unknown extent");
  std::function<PlanExpr(const std::string&)> atom = [this](const std::string& name) {
    for (const Symbol& s : prog_.symbols) {
      if (s.kind == SymbolKind::kDim && s.name == name) {
        note_read(&s);
        return PlanExpr::variable(name, DType::kIndex);
      }
    }
    throw InternalError("the extent atom '" + name + "' is not a dim");
  };
  std::string text = value.to_string();
  return SymbolicText(text, atom).parse();
}

}  // namespace taskc
