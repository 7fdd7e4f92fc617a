// Expressions: types, constant folding and symbolic integer values.
#include <cmath>
#include <limits>

#include "checker_impl.h"
#include "edit_distance.h"

namespace taskc {

namespace {

ExprInfo error_info() { return ExprInfo{}; }

ExprInfo scalar_info(DType dtype, bool adaptable = false) {
  ExprInfo info;
  info.type.kind = ValueKind::kScalar;
  info.type.dtype = dtype;
  info.type.adaptable = adaptable;
  return info;
}

ExprInfo int_constant(int64_t v, bool adaptable = true) {
  ExprInfo info = scalar_info(DType::kIndex, adaptable);
  info.constant = ConstValue{ConstValue::Kind::kInt, v, 0, false};
  info.symbolic = SymInt::constant(v);
  return info;
}

ExprInfo float_constant(double v) {
  ExprInfo info = scalar_info(DType::kFp32, true);
  info.constant = ConstValue{ConstValue::Kind::kFloat, 0, v, false};
  return info;
}

ExprInfo bool_constant(bool v) {
  ExprInfo info = scalar_info(DType::kBool);
  info.constant = ConstValue{ConstValue::Kind::kBool, 0, 0, v};
  return info;
}

bool is_scalar(const ExprInfo& i) { return i.type.kind == ValueKind::kScalar; }
bool is_integer(const ExprInfo& i) {
  return is_scalar(i) && dtype_info(i.type.dtype).is_integer;
}
bool is_float(const ExprInfo& i) {
  return is_scalar(i) && dtype_info(i.type.dtype).is_float;
}
bool is_numeric(const ExprInfo& i) { return is_integer(i) || is_float(i); }
bool is_bool(const ExprInfo& i) {
  return is_scalar(i) && i.type.dtype == DType::kBool;
}
bool is_index_like(DType d) { return d == DType::kIndex || d == DType::kInt64; }
// check_index_list reports an argument that is not a list; nothing more is
// said about its length.
bool is_list(const Expr& e) { return e.kind == ExprKind::kList; }

double as_double(const ConstValue& c) {
  return c.kind == ConstValue::Kind::kFloat ? c.f : static_cast<double>(c.i);
}

}  // namespace

std::string type_to_string(const ValueType& t) {
  switch (t.kind) {
    case ValueKind::kScalar:
      return std::string("Scalar[") + dtype_info(t.dtype).name + "]";
    case ValueKind::kTensor: {
      std::string s = "Tensor[[";
      for (size_t i = 0; i < t.shape.size(); ++i) {
        if (i) s += ", ";
        s += t.shape[i].any ? "?" : t.shape[i].value.to_string();
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

const ExprInfo& Checker::check_expr(const Expr& e) {
  auto found = prog_.expr_info.find(&e);
  if (found != prog_.expr_info.end()) return found->second;
  ExprInfo info = check_expr_uncached(e);
  return prog_.expr_info[&e] = std::move(info);
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
  }
  return error_info();
}

ExprInfo Checker::check_name(const Expr& e) {
  Symbol* s = lookup(e.text);
  if (!s) {
    report_undefined(e.text, e.span);
    return error_info();
  }
  ExprInfo info;
  info.symbol = s;
  switch (s->kind) {
    case SymbolKind::kKernel:
    case SymbolKind::kGroup:
      sink_.error("E0204", e.span,
                  "'" + e.text + "' is a " +
                      (s->kind == SymbolKind::kKernel ? "kernel" : "group") +
                      ", not a value; submit it with 'call " + e.text + "(...)'");
      return error_info();
    case SymbolKind::kType:
    case SymbolKind::kOrchestration:
      sink_.error("E0204", e.span,
                  "'" + e.text + "' is a " +
                      (s->kind == SymbolKind::kType ? "type" : "orchestration") +
                      ", not a value");
      return error_info();
    default:
      break;
  }
  info.type = s->type;
  info.constant = s->constant;
  info.symbolic = s->symbolic;
  return info;
}

ExprInfo Checker::check_unary(const Expr& e) {
  const ExprInfo& operand = check_expr(*e.lhs);
  if (operand.type.kind == ValueKind::kError) return error_info();
  if (e.kind == ExprKind::kNot) {
    if (!is_bool(operand)) {
      sink_.error("E0307", e.lhs->span,
                  "'not' needs a BOOL operand, not " + type_to_string(operand.type));
      return error_info();
    }
    ExprInfo info = operand;
    if (info.constant) info.constant->b = !info.constant->b;
    info.symbolic = SymInt::unknown();
    return info;
  }
  if (!is_numeric(operand)) {
    sink_.error("E0307", e.lhs->span,
                "unary '-' needs a number, not " + type_to_string(operand.type));
    return error_info();
  }
  ExprInfo info = operand;
  info.symbol = nullptr;
  if (info.constant && info.constant->kind == ConstValue::Kind::kInt) {
    // The literal 2^63 arrives here as INT64_MIN after the cast; negating
    // it gives itself, which is exactly -(2^63).
    if (e.lhs->kind == ExprKind::kInt && e.lhs->int_value == (uint64_t{1} << 63)) {
      info.constant->i = std::numeric_limits<int64_t>::min();
    } else if (info.constant->i == std::numeric_limits<int64_t>::min()) {
      sink_.error("E0309", e.span, "constant expression overflows INT64");
      return error_info();
    } else {
      info.constant->i = -info.constant->i;
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

// The dtype two numeric operands meet at, or nullopt when they need a cast.
// Literals adapt to the other side; INDEX absorbs the other integer dtypes.
std::optional<DType> common_dtype(const ExprInfo& a, const ExprInfo& b,
                                  bool& adaptable) {
  DType x = a.type.dtype, y = b.type.dtype;
  adaptable = a.type.adaptable && b.type.adaptable;
  if (adaptable) return is_float(a) || is_float(b) ? DType::kFp32 : DType::kIndex;
  if (a.type.adaptable) {
    return is_float(a) && !dtype_info(y).is_float ? std::nullopt
                                                  : std::optional<DType>(y);
  }
  if (b.type.adaptable) {
    return is_float(b) && !dtype_info(x).is_float ? std::nullopt
                                                  : std::optional<DType>(x);
  }
  if (x == y) return x;
  bool both_integer = dtype_info(x).is_integer && dtype_info(y).is_integer;
  if (both_integer && (is_index_like(x) || is_index_like(y))) return DType::kIndex;
  return std::nullopt;
}

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
  std::string op = binary_op_spelling(e.op);
  if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr) {
    for (const auto* side : {&l, &r}) {
      if (!is_bool(*side)) {
        const Expr& where = side == &l ? *e.lhs : *e.rhs;
        sink_.error("E0307", where.span,
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
    return info;
  }
  bool bool_equality = is_bool(l) && is_bool(r) &&
                       (e.op == BinaryOp::kEq || e.op == BinaryOp::kNe);
  if (!bool_equality && (!is_numeric(l) || !is_numeric(r))) {
    const auto& bad = is_numeric(l) ? r : l;
    const Expr& where = is_numeric(l) ? *e.rhs : *e.lhs;
    sink_.error("E0307", where.span,
                "'" + op + "' needs numbers, not " + type_to_string(bad.type));
    return error_info();
  }
  bool adaptable = false;
  std::optional<DType> common =
      bool_equality ? std::optional<DType>(DType::kBool)
                    : common_dtype(l, r, adaptable);
  if (!common) {
    sink_.error("E0307", e.span,
                "operands of '" + op + "' have different dtypes " +
                    dtype_info(l.type.dtype).name + " and " +
                    dtype_info(r.type.dtype).name + "; use cast(x, DTYPE)");
    return error_info();
  }
  bool integer = dtype_info(*common).is_integer;
  if ((e.op == BinaryOp::kFloorDiv || e.op == BinaryOp::kMod) && !integer) {
    sink_.error("E0307", e.span,
                "'" + op + "' is integer division; use '/' for floats");
    return error_info();
  }
  if (e.op == BinaryOp::kDiv && integer) {
    sink_.error("E0307", e.span,
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
    return info;
  }
  ExprInfo info = scalar_info(*common, adaptable);
  if (l.constant && r.constant) {
    if (integer) {
      auto v = fold_int(e.op, l.constant->i, r.constant->i);
      if (!v) {
        sink_.error("E0309", e.span,
                    r.constant->i == 0 && (e.op == BinaryOp::kFloorDiv ||
                                           e.op == BinaryOp::kMod)
                        ? "division by zero in a constant expression"
                        : "constant expression overflows INT64");
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

bool Checker::expect_positional(const Expr& e, size_t count) {
  bool ok = e.args.size() == count;
  for (const Arg& a : e.args) {
    if (!a.keyword.empty()) {
      sink_.error("E0404", a.span,
                  "'" + e.text + "' takes no keyword argument '" + a.keyword + "'");
      return false;
    }
    if (a.nodep) {
      sink_.error("E0501", a.span, "'nodep' is only allowed on task arguments");
      return false;
    }
  }
  if (!ok) {
    sink_.error("E0410", e.span,
                std::string(e.kind == ExprKind::kTensorOp ? "tensor." : "") +
                    e.text + " takes " + std::to_string(count) + " argument" +
                    (count == 1 ? "" : "s") + ", not " +
                    std::to_string(e.args.size()));
  }
  return ok;
}

bool Checker::expect_index(const Expr& e, const char* what) {
  const ExprInfo& info = check_expr(e);
  if (info.type.kind == ValueKind::kError) return false;
  if (!is_integer(info)) {
    sink_.error("E0307", e.span,
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
      sink_.error("E0307", e.span, std::string(what) + " must be a list such as [M, N]");
    }
    return out;
  }
  for (const ExprPtr& item : e.items) {
    out.push_back(expect_index(*item, what) ? check_expr(*item).symbolic
                                            : SymInt::unknown());
  }
  prog_.expr_info[&e].type.kind = ValueKind::kList;
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
                                      DType to, const std::string& context) {
  if (from.type.kind == ValueKind::kError) return false;
  const DTypeInfo& target = dtype_info(to);
  if (!is_scalar(from)) {
    sink_.error("E0402", e.span,
                context + " expects Scalar[" + target.name + "], not " +
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
        sink_.error("E0407", e.span,
                    "integer " + std::to_string(c.i) + " does not fit " +
                        context + " of dtype " + target.name);
        return false;
      }
      return true;
    }
    if (c.kind == ConstValue::Kind::kFloat && target.is_float) return true;
  }
  DType d = from.type.dtype;
  bool same = d == to || (is_index_like(d) && is_index_like(to));
  if (!same) {
    sink_.error("E0301", e.span,
                context + " expects dtype " + target.name + ", not " +
                    dtype_info(d).name + "; use cast(x, " + target.name + ")");
    return false;
  }
  return true;
}

ExprInfo Checker::check_function(const Expr& e) {
  static const std::vector<std::string> kFunctions = {"min", "max", "select", "cast"};
  if (Symbol* s = lookup(e.text);
      s && (s->kind == SymbolKind::kKernel || s->kind == SymbolKind::kGroup)) {
    sink_.error("E0204", e.span,
                "'" + e.text + "' is a " +
                    (s->kind == SymbolKind::kKernel ? "kernel" : "group") +
                    "; submit it as a task with 'call " + e.text + "(...)'");
    return error_info();
  }
  if (e.text == "cast") {
    if (!expect_positional(e, 2)) return error_info();
    const ExprInfo& value = check_expr(*e.args[0].value);
    const ExprInfo& target = check_expr(*e.args[1].value);
    if (value.type.kind == ValueKind::kError) return error_info();
    if (target.type.kind != ValueKind::kDType) {
      sink_.error("E0307", e.args[1].value->span,
                  "the second argument of cast is a dtype such as FP32");
      return error_info();
    }
    if (!is_scalar(value)) {
      sink_.error("E0307", e.args[0].value->span,
                  "cast converts scalars, not " + type_to_string(value.type));
      return error_info();
    }
    DType to = target.type.dtype;
    if (!dtype_info(to).c_type) {
      sink_.error("E0307", e.args[1].value->span,
                  std::string("cannot cast to ") + dtype_info(to).name +
                      ": it has no host scalar type");
      return error_info();
    }
    ExprInfo info = scalar_info(to);
    if (dtype_info(to).is_integer && is_integer(value)) info.symbolic = value.symbolic;
    if (value.constant && value.constant->kind == ConstValue::Kind::kInt &&
        dtype_info(to).is_integer) {
      int64_t v = value.constant->i;
      bool negative = v < 0;
      uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
      if (integer_fits(to, negative, magnitude)) {
        info.constant = value.constant;
        info.symbolic = SymInt::constant(v);
      }
    }
    return info;
  }
  bool known = e.text == "min" || e.text == "max" || e.text == "select";
  if (!known) {
    std::string message = "unknown function '" + e.text + "'";
    std::string suggestion = closest_name(e.text, kFunctions);
    message += suggestion.empty()
                   ? "; scalar functions are min, max, select and cast"
                   : "; did you mean '" + suggestion + "'?";
    sink_.error("E0410", e.span, message);
    for (const Arg& a : e.args) check_expr(*a.value);
    return error_info();
  }
  bool is_select = e.text == "select";
  if (!expect_positional(e, is_select ? 3 : 2)) return error_info();
  size_t first = is_select ? 1 : 0;
  if (is_select) {
    const ExprInfo& cond = check_expr(*e.args[0].value);
    if (cond.type.kind != ValueKind::kError && !is_bool(cond)) {
      sink_.error("E0307", e.args[0].value->span,
                  "the condition of select must be BOOL, not " +
                      type_to_string(cond.type));
      return error_info();
    }
  }
  const ExprInfo& a = check_expr(*e.args[first].value);
  const ExprInfo& b = check_expr(*e.args[first + 1].value);
  if (a.type.kind == ValueKind::kError || b.type.kind == ValueKind::kError) {
    return error_info();
  }
  bool adaptable = false;
  std::optional<DType> common;
  if (is_numeric(a) && is_numeric(b)) {
    common = common_dtype(a, b, adaptable);
  } else if (is_select && is_bool(a) && is_bool(b)) {
    common = DType::kBool;
  }
  if (!common) {
    sink_.error("E0307", e.span,
                e.text + " needs two scalars of one dtype, not " +
                    type_to_string(a.type) + " and " + type_to_string(b.type));
    return error_info();
  }
  ExprInfo info = scalar_info(*common, adaptable);
  if (!is_select && dtype_info(*common).is_integer) {
    info.symbolic = e.text == "min" ? a.symbolic.min(b.symbolic)
                                    : a.symbolic.max(b.symbolic);
    if (a.constant && b.constant) {
      int64_t v = e.text == "min" ? std::min(a.constant->i, b.constant->i)
                                  : std::max(a.constant->i, b.constant->i);
      info.constant = ConstValue{ConstValue::Kind::kInt, v, 0, false};
    }
  }
  return info;
}

ExprInfo Checker::check_tensor_op(const Expr& e) {
  static const std::vector<std::string> kOps = {"create", "slice", "reshape",
                                                "read", "write", "dim"};
  if (e.text == "create") {
    if (!expect_positional(e, 2)) return error_info();
    std::vector<SymInt> shape = check_index_list(*e.args[0].value, "a tensor shape");
    const ExprInfo& dtype = check_expr(*e.args[1].value);
    if (dtype.type.kind != ValueKind::kDType) {
      sink_.error("E0307", e.args[1].value->span,
                  "the second argument of tensor.create is a dtype such as FP32");
      return error_info();
    }
    if (!is_list(*e.args[0].value)) return error_info();
    if (shape.size() > prog_.profile->max_tensor_rank || shape.empty()) {
      sink_.error(shape.empty() ? "E0302" : "E0306", e.args[0].value->span,
                  "tensor rank " + std::to_string(shape.size()) +
                      " is outside 1.." +
                      std::to_string(prog_.profile->max_tensor_rank));
      return error_info();
    }
    ExprInfo info;
    info.type.kind = ValueKind::kTensor;
    info.type.dtype = dtype.type.dtype;
    for (const SymInt& s : shape) {
      if (auto c = s.as_constant(); c && *c <= 0) {
        sink_.error("E0303", e.args[0].value->span,
                    "tensor.create extents must be positive");
        return error_info();
      }
      info.type.shape.push_back(ExtentValue{false, s});
    }
    info.type.root_created = static_cast<int>(prog_.created_tensor_count++);
    created_written_.push_back(false);
    return info;
  }
  if (e.text == "write") {
    sink_.error("E0410", e.span, "tensor.write is a statement, not a value");
    return error_info();
  }
  bool known = e.text == "slice" || e.text == "reshape" || e.text == "read" ||
               e.text == "dim";
  if (!known) {
    std::string suggestion = closest_name(e.text, kOps);
    sink_.error("E0410", e.span,
                "unknown tensor operation 'tensor." + e.text + "'" +
                    (suggestion.empty() ? "" : "; did you mean 'tensor." + suggestion + "'?"));
    return error_info();
  }
  size_t arity = e.text == "slice" ? 3 : 2;
  if (!expect_positional(e, arity)) return error_info();
  const ExprInfo& base = check_expr(*e.args[0].value);
  if (base.type.kind == ValueKind::kError) return error_info();
  if (base.type.kind != ValueKind::kTensor) {
    sink_.error("E0204", e.args[0].value->span,
                "tensor." + e.text + " needs a tensor, not " + type_to_string(base.type));
    return error_info();
  }
  if (e.text == "slice") return check_slice(e, base);
  if (e.text == "reshape") return check_reshape(e, base);
  if (e.text == "read") return check_element_access(e, base, false);
  // tensor.dim(t, axis)
  auto axis = constant_int(*e.args[1].value);
  if (!axis || *axis < 0 || static_cast<size_t>(*axis) >= base.type.shape.size()) {
    sink_.error("E0307", e.args[1].value->span,
                "tensor.dim needs a constant axis in 0.." +
                    std::to_string(base.type.shape.size() - 1));
    return error_info();
  }
  ExprInfo info = scalar_info(DType::kIndex);
  const ExtentValue& extent = base.type.shape[static_cast<size_t>(*axis)];
  info.symbolic = extent.any ? SymInt::unknown() : extent.value;
  return info;
}

ExprInfo Checker::check_slice(const Expr& e, const ExprInfo& base) {
  std::vector<SymInt> shape = check_index_list(*e.args[1].value, "a slice shape");
  std::vector<SymInt> offsets = check_index_list(*e.args[2].value, "slice offsets");
  if (!is_list(*e.args[1].value) || !is_list(*e.args[2].value)) return error_info();
  size_t rank = base.type.shape.size();
  if (shape.size() != rank || offsets.size() != rank) {
    sink_.error("E0302", e.span,
                "tensor.slice of a rank-" + std::to_string(rank) +
                    " tensor needs " + std::to_string(rank) +
                    " extents and offsets, got " + std::to_string(shape.size()) +
                    " and " + std::to_string(offsets.size()));
    return error_info();
  }
  ExprInfo info;
  info.type = base.type;
  info.type.shape.clear();
  for (size_t i = 0; i < rank; ++i) {
    auto extent = shape[i].as_constant();
    auto offset = offsets[i].as_constant();
    if ((extent && *extent <= 0) || (offset && *offset < 0)) {
      sink_.error("E0305", e.span,
                  "slice axis " + std::to_string(i) +
                      " has a non-positive extent or a negative offset");
      return error_info();
    }
    const ExtentValue& whole = base.type.shape[i];
    auto limit = whole.any ? std::nullopt : whole.value.as_constant();
    int64_t end = 0;
    if (extent && offset && limit &&
        (__builtin_add_overflow(*extent, *offset, &end) || end > *limit)) {
      sink_.error("E0305", e.span,
                  "slice axis " + std::to_string(i) + " covers [" +
                      std::to_string(*offset) + ", " + std::to_string(*offset) +
                      " + " + std::to_string(*extent) +
                      ") but the tensor's extent is " + std::to_string(*limit));
      return error_info();
    }
    info.type.shape.push_back(ExtentValue{false, shape[i]});
  }
  return info;
}

ExprInfo Checker::check_reshape(const Expr& e, const ExprInfo& base) {
  std::vector<SymInt> shape = check_index_list(*e.args[1].value, "a reshape shape");
  if (!is_list(*e.args[1].value)) return error_info();
  if (shape.empty() || shape.size() > prog_.profile->max_tensor_rank) {
    sink_.error(shape.empty() ? "E0302" : "E0306", e.args[1].value->span,
                "reshape rank " + std::to_string(shape.size()) + " is outside 1.." +
                    std::to_string(prog_.profile->max_tensor_rank));
    return error_info();
  }
  SymInt before = SymInt::constant(1), after = SymInt::constant(1);
  for (const ExtentValue& x : base.type.shape) {
    before = before * (x.any ? SymInt::unknown() : x.value);
  }
  for (const SymInt& x : shape) after = after * x;
  if (before.compare(after) == SymInt::Compare::kDifferent) {
    sink_.error("E0304", e.span,
                "tensor.reshape changes the element count from " +
                    before.to_string() + " to " + after.to_string());
    return error_info();
  }
  ExprInfo info;
  info.type = base.type;
  info.type.shape.clear();
  for (const SymInt& x : shape) info.type.shape.push_back(ExtentValue{false, x});
  return info;
}

ExprInfo Checker::check_element_access(const Expr& e, const ExprInfo& base,
                                       bool is_write) {
  std::vector<SymInt> index = check_index_list(*e.args[1].value, "an element index");
  // After a mistake, a write still counts as writing the tensor.
  auto give_up = [&] {
    if (is_write) assume_written(base);
    return error_info();
  };
  if (!is_list(*e.args[1].value)) return give_up();
  if (index.size() != base.type.shape.size()) {
    sink_.error("E0302", e.args[1].value->span,
                "the index has " + std::to_string(index.size()) +
                    " entries but the tensor has rank " +
                    std::to_string(base.type.shape.size()));
    return give_up();
  }
  if (!dtype_info(base.type.dtype).c_type) {
    sink_.error("E0307", e.span,
                std::string("elements of ") + dtype_info(base.type.dtype).name +
                    " tensors cannot be read or written by the orchestration");
    return give_up();
  }
  if (is_write) {
    const ExprInfo& value = check_expr(*e.args[2].value);
    check_scalar_conversion(*e.args[2].value, value, base.type.dtype,
                            "tensor.write");
    note_tensor_use(*e.args[0].value, base.type, false, true,
                    "tensor.write writes an element");
    return scalar_info(base.type.dtype);
  }
  note_tensor_use(*e.args[0].value, base.type, true, false, "");
  return scalar_info(base.type.dtype);
}

}  // namespace taskc
