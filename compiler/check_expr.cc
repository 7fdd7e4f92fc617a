// Expressions: types, constant folding and symbolic integer values.
#include <cmath>
#include <limits>

#include "check_expr_util.h"
#include "checker_impl.h"
#include "edit_distance.h"
#include "value_ranges.h"

namespace taskc {


std::string type_to_string(const ValueType& t) {
  switch (t.kind) {
    case ValueKind::kScalar:
      return std::string("Scalar[") + dtype_info(t.dtype).name + "]";
    case ValueKind::kTensor: {
      std::string s = "Tensor[[";
      for (size_t i = 0; i < t.shape().size(); ++i) {
        if (i) s += ", ";
        s += t.shape()[i].any ? "?" : t.shape()[i].value.to_string();
      }
      return s + "], " + dtype_info(t.dtype).name + "]";
    }
    case ValueKind::kTaskId: return "a task id";
    case ValueKind::kDType: return "a dtype";
    case ValueKind::kString: return "a string";
    case ValueKind::kList: return "a list";
    case ValueKind::kError: break;
  }
  return "an invalid value";
}

ExprInfo Checker::check_expr(const Expr& e) {
  if (std::optional<ExprInfo> found = prog_.find_info(e)) return std::move(*found);
  ExprInfo info = check_expr_uncached(e);
  info.range = expr_range(prog_, e, info);
  prog_.set_info(e, info);
  return info;
}

ExprInfo Checker::check_expr_uncached(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt:
      return int_constant(static_cast<int64_t>(e.int_value));
    case ExprKind::kFloat:
      return float_constant(e.float_value);
    case ExprKind::kBool:
      return bool_constant(e.bool_value);
    case ExprKind::kString: {
      ExprInfo info;
      info.type.kind = ValueKind::kString;
      return info;
    }
    case ExprKind::kDType: {
      ExprInfo info;
      info.type.kind = ValueKind::kDType;
      info.type.dtype = e.dtype;
      return info;
    }
    case ExprKind::kList: {
      ExprInfo info;
      info.type.kind = ValueKind::kList;
      for (const ExprPtr& item : e.items) check_expr(*item);
      return info;
    }
    case ExprKind::kName: return check_name(e);
    case ExprKind::kNeg:
    case ExprKind::kNot: return check_unary(e);
    case ExprKind::kBinary: return check_binary(e);
    case ExprKind::kCall: return check_function(e);
    case ExprKind::kTensorOp: return check_tensor_op(e);
    case ExprKind::kNone: {
      ExprInfo info;
      info.type.kind = ValueKind::kTaskId;
      return info;
    }
    case ExprKind::kIndex: return check_index(e);
  }
  return error_info();
}

ExprInfo Checker::check_name(const Expr& e) {
  SymbolId id = lookup(e.text);
  if (id == kNoSymbol) {
    report_undefined(e.text, e.span);
    return error_info();
  }
  const Symbol* s = &sym(id);
  ExprInfo info;
  info.symbol = id;
  switch (s->kind) {
    case SymbolKind::kKernel:
    case SymbolKind::kGroup:
      sink_.error(ErrorCode::E0204, e.span,
                  "'" + std::string(e.text) + "' is a " +
                      (s->kind == SymbolKind::kKernel ? "kernel" : "group") +
                      ", not a value; submit it with 'call " + std::string(e.text) + "(...)'");
      return error_info();
    case SymbolKind::kType:
    case SymbolKind::kOrchestration:
      sink_.error(ErrorCode::E0204, e.span,
                  "'" + std::string(e.text) + "' is a " +
                      (s->kind == SymbolKind::kType ? "type" : "orchestration") +
                      ", not a value");
      return error_info();
    default:
      break;
  }
  info.type = s->type;
  info.constant = s->constant;
  info.symbolic = s->symbolic;
  if (s->type.kind == ValueKind::kTensor && s->type.root_created >= 0) {
    creations_[static_cast<size_t>(s->type.root_created)].used = true;
  }
  return info;
}

ExprInfo Checker::check_unary(const Expr& e) {
  const ExprInfo& operand = check_expr(*e.lhs);
  if (operand.type.kind == ValueKind::kError) return error_info();
  if (e.kind == ExprKind::kNot) {
    if (!is_bool(operand)) {
      sink_.error(ErrorCode::E0307, e.lhs->span,
                  "'not' needs a BOOL operand, not " + type_to_string(operand.type));
      return error_info();
    }
    ExprInfo info = operand;
    info.symbol = kNoSymbol;
    if (info.constant) info.constant->b = !info.constant->b;
    info.symbolic = SymInt::unknown();
    return info;
  }
  if (!is_numeric(operand)) {
    sink_.error(ErrorCode::E0307, e.lhs->span,
                "unary '-' needs a number, not " + type_to_string(operand.type));
    return error_info();
  }
  ExprInfo info = operand;
  info.symbol = kNoSymbol;
  if (info.constant && info.constant->kind == ConstValue::Kind::kInt) {
    // The literal 2^63 arrives here as INT64_MIN after the cast; negating
    // it gives itself, which is exactly -(2^63).
    if (e.lhs->kind == ExprKind::kInt && e.lhs->int_value == (uint64_t{1} << 63)) {
      info.constant->i = std::numeric_limits<int64_t>::min();
    } else if (info.constant->i == std::numeric_limits<int64_t>::min()) {
      sink_.error(ErrorCode::E0309, e.span, "constant expression overflows INT64");
      return error_info();
    } else {
      info.constant->i = -info.constant->i;
    }
    if (!info.type.adaptable && !int_fits(info.type.dtype, info.constant->i)) {
      sink_.error(ErrorCode::E0309, e.span,
                  "constant expression -(" + std::to_string(operand.constant->i) + ") overflows " +
                      dtype_info(info.type.dtype).name);
      return error_info();
    }
    info.symbolic = SymInt::constant(info.constant->i);
  } else if (info.constant) {
    info.constant->f = -info.constant->f;
  } else {
    info.symbolic = SymInt::constant(0) - operand.symbolic;
  }
  return info;
}

namespace {

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::kEq || op == BinaryOp::kNe || op == BinaryOp::kLt ||
         op == BinaryOp::kLe || op == BinaryOp::kGt || op == BinaryOp::kGe;
}

// Folds an integer operation; nullopt on overflow or division by zero.
std::optional<int64_t> fold_int(BinaryOp op, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (op) {
    case BinaryOp::kAdd:
      if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
      return r;
    case BinaryOp::kSub:
      if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
      return r;
    case BinaryOp::kMul:
      if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
      return r;
    case BinaryOp::kFloorDiv:
    case BinaryOp::kMod: {
      if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) {
        return std::nullopt;
      }
      int64_t q = a / b, m = a % b;
      if (m != 0 && ((m < 0) != (b < 0))) {
        --q;
        m += b;
      }
      return op == BinaryOp::kFloorDiv ? q : m;
    }
    default:
      return std::nullopt;
  }
}

bool compare_values(BinaryOp op, double a, double b) {
  switch (op) {
    case BinaryOp::kEq: return a == b;
    case BinaryOp::kNe: return a != b;
    case BinaryOp::kLt: return a < b;
    case BinaryOp::kLe: return a <= b;
    case BinaryOp::kGt: return a > b;
    default: return a >= b;
  }
}

}  // namespace

ExprInfo Checker::check_binary(const Expr& e) {
  const ExprInfo& l = check_expr(*e.lhs);
  const ExprInfo& r = check_expr(*e.rhs);
  if (l.type.kind == ValueKind::kError || r.type.kind == ValueKind::kError) {
    return error_info();
  }
  if (auto ids = check_task_id_comparison(e, l, r)) return *ids;
  std::string op = binary_op_spelling(e.op);
  if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr) {
    for (const auto* side : {&l, &r}) {
      if (!is_bool(*side)) {
        const Expr& where = side == &l ? *e.lhs : *e.rhs;
        sink_.error(ErrorCode::E0307, where.span,
                    "'" + op + "' needs BOOL operands, not " +
                        type_to_string(side->type));
        return error_info();
      }
    }
    ExprInfo info = scalar_info(DType::kBool);
    if (l.constant && r.constant) {
      bool v = e.op == BinaryOp::kAnd ? l.constant->b && r.constant->b
                                      : l.constant->b || r.constant->b;
      info = bool_constant(v);
    }
    info.operand_dtype = DType::kBool;
    return info;
  }
  bool bool_equality = is_bool(l) && is_bool(r) &&
                       (e.op == BinaryOp::kEq || e.op == BinaryOp::kNe);
  if (!bool_equality && (!is_numeric(l) || !is_numeric(r))) {
    const auto& bad = is_numeric(l) ? r : l;
    const Expr& where = is_numeric(l) ? *e.rhs : *e.lhs;
    sink_.error(ErrorCode::E0307, where.span,
                "'" + op + "' needs numbers, not " + type_to_string(bad.type));
    return error_info();
  }
  bool adaptable = false;
  std::optional<DType> common =
      bool_equality ? std::optional<DType>(DType::kBool)
                    : common_dtype(l, r, adaptable);
  if (!common) {
    sink_.error(ErrorCode::E0307, e.span,
                "operands of '" + op + "' have different dtypes " +
                    dtype_info(l.type.dtype).name + " and " +
                    dtype_info(r.type.dtype).name + "; use cast(x, DTYPE)");
    return error_info();
  }
  bool integer = dtype_info(*common).is_integer;
  if ((e.op == BinaryOp::kFloorDiv || e.op == BinaryOp::kMod) && !integer) {
    sink_.error(ErrorCode::E0307, e.span,
                "'" + op + "' is integer division; use '/' for floats");
    return error_info();
  }
  if (e.op == BinaryOp::kDiv && integer) {
    sink_.error(ErrorCode::E0307, e.span,
                "'/' is float division; use '//' for integers, or cast to FP32");
    return error_info();
  }
  if (is_comparison(e.op)) {
    ExprInfo info = scalar_info(DType::kBool);
    if (l.constant && r.constant) {
      double a = bool_equality ? l.constant->b : as_double(*l.constant);
      double b = bool_equality ? r.constant->b : as_double(*r.constant);
      info = bool_constant(compare_values(e.op, a, b));
    }
    info.operand_dtype = *common;
    return info;
  }
  ExprInfo info = scalar_info(*common, adaptable);
  info.operand_dtype = *common;
  if (l.constant && r.constant) {
    if (integer) {
      auto v = fold_int(e.op, l.constant->i, r.constant->i);
      if (!v) {
        sink_.error(ErrorCode::E0309, e.span,
                    r.constant->i == 0 && (e.op == BinaryOp::kFloorDiv ||
                                           e.op == BinaryOp::kMod)
                        ? "division by zero in a constant expression"
                        : "constant expression overflows INT64");
        return error_info();
      }
      // A declared dtype is the width the value is stored in: folding in
      // INT64 must not hide a result the C++ would wrap.
      if (!adaptable && !int_fits(*common, *v)) {
        sink_.error(ErrorCode::E0309, e.span,
                    "constant expression " + std::to_string(l.constant->i) + " " + op + " " +
                        std::to_string(r.constant->i) + " = " + std::to_string(*v) +
                        " overflows " + dtype_info(*common).name);
        return error_info();
      }
      info.constant = ConstValue{ConstValue::Kind::kInt, *v, 0, false};
      info.symbolic = SymInt::constant(*v);
    } else {
      double a = as_double(*l.constant), b = as_double(*r.constant);
      double v = e.op == BinaryOp::kAdd   ? a + b
                 : e.op == BinaryOp::kSub ? a - b
                 : e.op == BinaryOp::kMul ? a * b
                                          : a / b;
      info.constant = ConstValue{ConstValue::Kind::kFloat, 0, v, false};
    }
    return info;
  }
  if (integer) {
    switch (e.op) {
      case BinaryOp::kAdd: info.symbolic = l.symbolic + r.symbolic; break;
      case BinaryOp::kSub: info.symbolic = l.symbolic - r.symbolic; break;
      case BinaryOp::kMul: info.symbolic = l.symbolic * r.symbolic; break;
      case BinaryOp::kFloorDiv: info.symbolic = l.symbolic.floor_div(r.symbolic); break;
      case BinaryOp::kMod: info.symbolic = l.symbolic.mod(r.symbolic); break;
      default: break;
    }
  }
  return info;
}

bool Checker::expect_positional(const Expr& e, size_t count, const char* keyword) {
  size_t positional = 0;
  bool keyword_seen = false;
  for (const Arg& a : e.args) {
    bool allowed = keyword && a.keyword == keyword && !keyword_seen;
    if (!a.keyword.empty() && !allowed) {
      sink_.error(ErrorCode::E0404, a.span,
                  "'" + std::string(e.text) + "' takes no keyword argument '" + std::string(a.keyword) + "'" +
                      (keyword ? std::string(" (only ") + keyword + " = ...)" : std::string()));
      return false;
    }
    if (a.nodep || a.dump || a.direction != Direction::kNone) {
      sink_.error(ErrorCode::E0501, a.span,
                  a.nodep ? "'nodep' is only allowed on task arguments"
                          : "'dump' and the directions in, out and inout are only allowed on "
                            "task arguments");
      return false;
    }
    keyword_seen = keyword_seen || allowed;
    positional += a.keyword.empty() ? 1 : 0;
  }
  if (positional != count) {
    sink_.error(ErrorCode::E0410, e.span,
                std::string(e.kind == ExprKind::kTensorOp ? "tensor." : "") +
                    std::string(e.text) + " takes " + std::to_string(count) + " argument" +
                    (count == 1 ? "" : "s") + ", not " +
                    std::to_string(positional));
    return false;
  }
  return true;
}

bool Checker::expect_index(const Expr& e, const char* what) {
  const ExprInfo& info = check_expr(e);
  if (info.type.kind == ValueKind::kError) return false;
  if (!is_integer(info)) {
    sink_.error(ErrorCode::E0307, e.span,
                std::string(what) + " must be an integer, not " +
                    type_to_string(info.type));
    return false;
  }
  return true;
}

std::vector<SymInt> Checker::check_index_list(const Expr& e, const char* what) {
  std::vector<SymInt> out;
  if (e.kind != ExprKind::kList) {
    if (check_expr(e).type.kind != ValueKind::kError) {
      sink_.error(ErrorCode::E0307, e.span, std::string(what) + " must be a list such as [M, N]");
    }
    return out;
  }
  for (const ExprPtr& item : e.items) {
    out.push_back(expect_index(*item, what) ? check_expr(*item).symbolic
                                            : SymInt::unknown());
  }
  ExprInfo list = prog_.find_info(e).value_or(ExprInfo{});
  list.type.kind = ValueKind::kList;
  prog_.set_info(e, list);
  return out;
}

std::optional<int64_t> Checker::constant_int(const Expr& e) {
  const ExprInfo& info = check_expr(e);
  if (info.constant && info.constant->kind == ConstValue::Kind::kInt) {
    return info.constant->i;
  }
  return std::nullopt;
}

bool Checker::check_scalar_conversion(const Expr& e, const ExprInfo& from,
                                      DType to, const LazyText& context) {
  if (from.type.kind == ValueKind::kError) return false;
  const DTypeInfo& target = dtype_info(to);
  if (!target.c_type) {
    sink_.error(ErrorCode::E0301, e.span,
                context() + ": Scalar[" + target.name +
                    "] is not supported: scalars need a host type; use FP32");
    return false;
  }
  if (!is_scalar(from)) {
    sink_.error(ErrorCode::E0402, e.span,
                context() + " expects Scalar[" + target.name + "], not " +
                    type_to_string(from.type));
    return false;
  }
  if (from.type.adaptable && from.constant) {
    const ConstValue& c = *from.constant;
    if (c.kind == ConstValue::Kind::kInt && (target.is_integer || target.is_float)) {
      bool negative = c.i < 0;
      uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(c.i)
                                    : static_cast<uint64_t>(c.i);
      if (target.is_integer && !integer_fits(to, negative, magnitude)) {
        sink_.error(ErrorCode::E0407, e.span,
                    "integer " + std::to_string(c.i) + " does not fit " +
                        context() + " of dtype " + target.name);
        return false;
      }
      return true;
    }
    if (c.kind == ConstValue::Kind::kFloat && target.is_float) {
      if (std::isfinite(c.f) && std::fabs(c.f) > std::numeric_limits<float>::max()) {
        sink_.error(ErrorCode::E0407, e.span,
                    "float " + std::to_string(c.f) + " does not fit " + context() +
                        " of dtype " + target.name);
        return false;
      }
      return true;
    }
  }
  DType d = from.type.dtype;
  bool same = d == to || (is_index_like(d) && is_index_like(to));
  if (!same) {
    sink_.error(ErrorCode::E0301, e.span,
                context() + " expects dtype " + target.name + ", not " +
                    dtype_info(d).name + "; use cast(x, " + target.name + ")");
    return false;
  }
  return true;
}

}  // namespace taskc
