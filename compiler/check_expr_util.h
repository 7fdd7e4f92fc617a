// Small helpers shared by the expression checks (check_expr.cc,
// check_builtin.cc and others). Internal to the checker.
#ifndef TASKC_COMPILER_CHECK_EXPR_UTIL_H
#define TASKC_COMPILER_CHECK_EXPR_UTIL_H

#include <optional>
#include <string>

#include "formatter.h"
#include "program.h"

namespace taskc {

inline ExprInfo error_info() { return ExprInfo{}; }

inline ExprInfo scalar_info(DType dtype, bool adaptable = false) {
  ExprInfo info;
  info.type.kind = ValueKind::kScalar;
  info.type.dtype = dtype;
  info.type.adaptable = adaptable;
  return info;
}

inline ExprInfo int_constant(int64_t v, bool adaptable = true) {
  ExprInfo info = scalar_info(DType::kIndex, adaptable);
  info.constant = ConstValue{ConstValue::Kind::kInt, v, 0, false};
  info.symbolic = SymInt::constant(v);
  return info;
}

inline ExprInfo float_constant(double v) {
  ExprInfo info = scalar_info(DType::kFp32, true);
  info.constant = ConstValue{ConstValue::Kind::kFloat, 0, v, false};
  return info;
}

inline ExprInfo bool_constant(bool v) {
  ExprInfo info = scalar_info(DType::kBool);
  info.constant = ConstValue{ConstValue::Kind::kBool, 0, 0, v};
  return info;
}

inline bool is_scalar(const ExprInfo& i) { return i.type.kind == ValueKind::kScalar; }
inline bool is_integer(const ExprInfo& i) {
  return is_scalar(i) && dtype_info(i.type.dtype).is_integer;
}
inline bool is_float(const ExprInfo& i) {
  return is_scalar(i) && dtype_info(i.type.dtype).is_float;
}
inline bool is_numeric(const ExprInfo& i) { return is_integer(i) || is_float(i); }
inline bool is_bool(const ExprInfo& i) {
  return is_scalar(i) && i.type.dtype == DType::kBool;
}
inline bool is_index_like(DType d) { return d == DType::kIndex || d == DType::kInt64; }
// check_index_list reports an argument that is not a list; nothing more is
// said about its length.
inline bool is_list(const Expr& e) { return e.kind == ExprKind::kList; }

// Whether integer `v` is a value of dtype `d`.
inline bool int_fits(DType d, int64_t v) {
  return integer_fits(d, v < 0, v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v));
}

// How the .kir spells `e`, cut to 80 bytes, for a message that must name
// something the program does not name.
inline std::string kir_spelling(const Expr& e) {
  std::string text = format_expr(e);
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

inline double as_double(const ConstValue& c) {
  return c.kind == ConstValue::Kind::kFloat ? c.f : static_cast<double>(c.i);
}


// The dtype two numeric operands meet at, or nullopt when they need a cast.
// Literals adapt to the other side; INDEX absorbs the other integer dtypes.
inline std::optional<DType> common_dtype(const ExprInfo& a, const ExprInfo& b,
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

}  // namespace taskc

#endif  // TASKC_COMPILER_CHECK_EXPR_UTIL_H
